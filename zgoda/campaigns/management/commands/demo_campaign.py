"""`zgoda demo-campaign`: the demo shop in use (customers, a landing page, a sent campaign), and
the addresses to open, on the port `make run` was given (ZGODA_PUBLIC_URL)."""

from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from zgoda.lib import site

from ...internal.flows import demo


class Command(BaseCommand):
    help = _("Dane demo: klienci ze zgodami, strona kampanii i wysłana kampania z kliknięciami (raz).")

    def handle(self, *args, **options):
        campaign = demo.load(self.stdout)
        base = site.public_url()
        pages = [
            (_("Sklep"), reverse("shop:home")),
            (_("Panel (admin@zgoda.test)"), reverse("admin:index")),
            (_("Nowa kampania"), reverse("admin:campaigns_campaign_add")),
            (_("Kampanie"), reverse("admin:campaigns_campaign_changelist")),
            (_("Raport kampanii demo"), reverse("admin:campaigns_report", args=[campaign.pk])),
            (_("Strona kampanii"), reverse("campaigns:landing", args=[demo.PAGE["slug"]])),
            (_("Zgody: pulpit"), _url("admin:consent_consentdashboard_changelist")),
            (_("Telefon deweloperski (SMS-y)"), _url("dev_phone")),
        ]  # fmt: skip
        self.stdout.write(_("Do obejrzenia:"))
        for label, path in pages:
            if path:
                    self.stdout.write(f"  {label + ':':32} {base}{path}")


def _url(name: str) -> str:
    """A page another app may leave out (the dev phone only with ZGODA_DEV_OUTBOX)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
