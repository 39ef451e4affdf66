"""A deactivated account (is_active=False) is in no audience: not in the export, not in a
campaign's count or snapshot, not on the dashboard, not in the per-person check; turned
back on, it is in them again."""

from django.core.management import call_command

from conftest import make_user
from zgoda.campaigns.internal.flows import audience as campaign_audience
from zgoda.campaigns.models import Campaign
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import contacts, ledger, validity
from zgoda.consent.models import Action, Purpose, Source

from .conftest import current

ANNA, OLA = "+48500100200", "+48600200300"


def consenting(email, phone):
    person = make_user(email, phone=phone)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN)
    contacts.set_contact(person, phone, via="twofa_enrollment")
    return person


def exported(tmp_path) -> str:
    target = tmp_path / "numbers.txt"
    call_command("export_consents", "--format", "numbers", "--output", str(target))
    return target.read_text()


def set_active(person, active: bool):
    person.is_active = active
    person.save(update_fields=["is_active"])


def test_a_deactivated_account_is_in_no_audience(db, tmp_path):
    anna, ola = consenting("anna@example.com", ANNA), consenting("ola@example.com", OLA)
    assert exported(tmp_path) == f"{ANNA}\n{OLA}\n"
    set_active(anna, False)

    assert exported(tmp_path) == f"{OLA}\n"
    assert consent_api.audience_count() == 1 and consent_api.audience_count(twofa=True) == 1
    assert campaign_audience.count() == 1
    campaign = Campaign.objects.create(name="Wiosna", slug="wiosna", provider="outbox", sender="Sklep", text="Wiosna -20%")
    assert campaign_audience.snapshot(campaign) == 1
    assert list(campaign.recipients.values_list("phone", flat=True)) == [OLA]
    assert consent_api.still_valid([(anna.pk, ANNA), (ola.pk, OLA)]) == {(ola.pk, OLA)}
    assert validity.count_valid() == 1 and not validity.marketing_valid(anna)

    set_active(anna, True)
    assert consent_api.audience_count() == 2 and validity.marketing_valid(anna)
