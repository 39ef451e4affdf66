"""`zgoda demo-data --users N`: N demo people with a realistic mix of 2FA and consents."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zgoda.consent.internal.flows import demo


def share(value):
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = _("Tworzy N kont demo (numery komórkowe z Polski, 2FA, zgody, wycofania) hurtowo.")

    def add_arguments(self, parser):
        defaults = demo.Mix()
        parser.add_argument("--users", type=int, required=True, help=_("ile kont utworzyć"))
        parser.add_argument("--twofa", type=share, default=defaults.twofa, help=_("udział osób z 2FA (0–1)"))
        parser.add_argument("--marketing", type=share, default=defaults.marketing,
                            help=_("udział zgód marketingowych wśród osób z 2FA (0–1)"))
        parser.add_argument("--withdrawn", type=share, default=defaults.withdrawn,
                            help=_("udział wycofanych zgód (0–1)"))
        parser.add_argument("--twofa-off", type=share, default=defaults.twofa_off,
                            help=_("udział osób, które potem wyłączyły 2FA (0–1)"))
        parser.add_argument("--weeks", type=int, default=defaults.weeks, help=_("konta z ilu ostatnich tygodni"))
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=20000)

    def handle(self, *args, **options):
        if options["users"] < 1 or options["batch"] < 1 or options["weeks"] < 1:
            raise CommandError(_("--users, --batch i --weeks muszą być liczbami dodatnimi."))
        mix = demo.Mix(twofa=options["twofa"], marketing=options["marketing"], withdrawn=options["withdrawn"],
                       twofa_off=options["twofa_off"], weeks=options["weeks"])
        verbose = options["verbosity"] > 1

        def log(done, seconds):
            if verbose:
                self.stderr.write(f"{done} / {options['users']} ({seconds:.1f} s)")

        try:
            totals = demo.create(options["users"], mix, seed=options["seed"], batch=options["batch"], log=log)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_(
            "Utworzono %(users)d kont w %(seconds)s s: z 2FA %(twofa)d, z ważną zgodą marketingową "
            "%(marketing_valid)d, wycofanych zgód %(withdrawn)d, wyłączonych 2FA %(twofa_off)d. "
            "Hasło każdego konta: %(password)s"
        ) % {**totals, "password": demo.PASSWORD})
