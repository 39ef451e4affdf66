"""Check a typed one-time SMS code against the newest code of its challenge, and consume it.

The code is checked and consumed inside one transaction with its challenge row locked
(codes._locked), so two concurrent guesses cannot both pass. Every refused try is audited.
Other apps may read what they need with the code's own read (read_with_check).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import IntegerField, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib import crypto, plainsql
from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.transactions import writes_one_at_a_time

from ... import app_settings
from ...codeformat import normalize
from ...models import AuditEvent, CodeChallenge, OneTimeCode
from ...signals import number_proved
from .. import limits, secret_tries
from . import audit
from .codes import HASH_PURPOSE, ChallengeOf, _locked, _newest_first, latest_code


@dataclass
class CheckOutcome:
    ok: bool
    error: str = ""
    code_blocked: bool = False
    challenge_ended: bool = False
    # The challenge and its newest code (see latest_code) as the check left them, so the page
    # can be shown again without reading them a second time. None when the check did not
    # get as far as reading them (a mistyped code) or found no challenge.
    challenge: CodeChallenge | None = None
    code: OneTimeCode | None = None
    found: bool = True  # False: no challenge matched (e.g. it was deleted)
    counted: bool = False  # the typed code was compared and counted as a wrong guess
    # Why it failed, naming no code: "locked", "ended", "none", "blocked", "used", "expired", "wrong".
    reason: str = ""
    open_recovery: bool | None = None  # a login's: the account has an open recovery (None: not read)


# Reads other apps do with a code check's read of the code (its own statement), so what
# number_proved's receivers ask costs no statement of theirs: per app, the annotations over
# the code's row (OuterRef("user_id"), OuterRef("phone")...) and the values of their Params
# at the time of the check. number_proved carries what they read as `read`.
_READS_WITH_CHECK: dict[str, tuple[Callable[[], dict], Callable[[], dict]]] = {}


def read_with_check(app: str, annotations: Callable[[], dict], values: Callable[[], dict]) -> None:
    """Register (AppConfig.ready, before any check) an app's reads for `_READS_WITH_CHECK`."""
    _READS_WITH_CHECK[app] = (annotations, values)


def _read_with_check(code: OneTimeCode) -> dict:
    return {name: value for name, value in vars(code).items() if name.startswith(_OTHER_APPS_READ)}


_OTHER_APPS_READ = "_read_"  # the names of those annotations start so


def _newest_code(of_login: bool, locked: bool) -> Prepared:
    """A challenge's newest code (see latest_code) with the account's failure streak; `locked`:
    with its challenge, locked (see _locked). A login's (a ChallengeOf's) read also says
    whether the account has an open recovery, which the login ends when the code is right
    (recovery.cancel_open)."""
    def build():
        from . import recovery  # it imports this module (through twofa)

        login = {"_open_recovery": recovery.any_open(OuterRef("user_id"))} if of_login else {}
        mine = {"challenge__user_id": Param("user_id", IntegerField())} if of_login and locked else {}
        others = {name: expression for annotations, _values in _READS_WITH_CHECK.values()
                  for name, expression in annotations().items()}
        assert all(name.startswith(_OTHER_APPS_READ) for name in others), others
        query = _newest_first(**mine).annotate(**secret_tries.streak_annotations(OuterRef("user_id")), **login, **others)
        return (query.select_related("challenge").select_for_update(of=("challenge",)) if locked else query)[:1]
    return Prepared(build)


_NEWEST_CODE = {(of_login, locked): _newest_code(of_login, locked) for of_login in (False, True) for locked in (False, True)}


def _locked_with_newest_code(challenge: CodeChallenge | ChallengeOf | QuerySet) -> tuple[CodeChallenge, OneTimeCode | None]:
    """The challenge re-read locked (see _locked) and its newest code with the account's failure
    streak (secret_tries.streak_read): one statement where a write transaction holds the
    whole database (lib.transactions), else the lock first and the code read after it."""
    if isinstance(challenge, QuerySet):
        challenge = _locked(challenge)
        return challenge, latest_code(challenge)
    of_login = isinstance(challenge, ChallengeOf)
    one_statement = writes_one_at_a_time(CodeChallenge)
    values = {"pk": challenge.pk, "user_id": challenge.user_id} if of_login and one_statement else {"pk": challenge.pk}
    for _annotations, other_values in _READS_WITH_CHECK.values():
        values |= other_values()
    if not one_statement:
        challenge = _locked(challenge)
    code = _NEWEST_CODE[of_login, one_statement].first(**values)
    if code is not None:
        if not one_statement:
            code.challenge = challenge
        return code.challenge, code
    return (_locked(challenge) if one_statement else challenge), None


def check_code(challenge: CodeChallenge | ChallengeOf | QuerySet, typed: str, request=None, user=None) -> CheckOutcome:
    """Check what the person typed against the newest code of the challenge, and consume it.

    `challenge`: the challenge, a ChallengeOf or a query that finds it (see `_locked`). A try refused
    before comparing (challenge ended, no code, code blocked, used or expired, the account's
    code step locked) is audited as `code_try_refused`. `user`: the challenge's user when the
    caller holds it already (saves reading it again for number_proved)."""
    digits = normalize(typed)
    length = app_settings.code_length()
    if not digits.isdigit() or len(digits) != length:
        # A typo in the shape is not a guess: it costs no try.
        return CheckOutcome(False, _("Kod składa się z %(n)d cyfr.") % {"n": length})
    now = timezone.now()
    # No savepoint when the caller's transaction holds this one (the login's, views/login.py):
    # nothing raised here is caught and carried on from.
    with transaction.atomic(savepoint=False):
        try:
            challenge, code = _locked_with_newest_code(challenge)
        except CodeChallenge.DoesNotExist:
            return CheckOutcome(False, found=False)
        if user is not None and user.pk == challenge.user_id:
            challenge.user = user

        def refused(reason, error, **outcome):
            audit.record(
                AuditEvent.Event.CODE_TRY_REFUSED, request, user_id=challenge.user_id, purpose=challenge.purpose,
                challenge=str(challenge.pk), reason=reason,
            )
            return CheckOutcome(False, error, challenge=challenge, reason=reason, **outcome)

        streak, locked = secret_tries.streak_read(code, challenge.user_id)
        if locked:
            return refused("locked", secret_tries.check_secret_try(challenge.user_id), challenge_ended=True)
        if not challenge.is_open:
            return refused("ended", _("To logowanie zostało zakończone. Zaloguj się ponownie."), challenge_ended=True)
        if code is None:
            return refused("none", _("Nie wysłaliśmy jeszcze kodu. Poproś o kod."))
        if code.blocked:
            return refused(
                "blocked", _("Ten kod został zablokowany po błędnych próbach. Wyślij nowy kod."), code_blocked=True,
                code=code,
            )
        if code.used_at:
            return refused("used", _("Ten kod został już użyty."), code=code)
        if code.expires_at <= now:
            return refused("expired", _("Kod nr %(n)d wygasł. Wyślij nowy kod.") % {"n": code.ordinal}, code=code)
        seen = {"challenge": challenge, "code": code}
        if crypto.matches(HASH_PURPOSE, digits, code.code_hmac):
            code.used_at = now
            plainsql.update(code, ("used_at",))
            challenge.ended_at, challenge.end_reason = now, CodeChallenge.End.PASSED
            plainsql.update(challenge, ("ended_at", "end_reason"))
            secret_tries.record_success(challenge.user_id, streak)
            audit.record(AuditEvent.Event.CODE_ACCEPTED, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk), ordinal=code.ordinal)
            if not limits.is_sandbox(challenge):
                number_proved.send(CodeChallenge, user=challenge.user, phone=challenge.phone, purpose=challenge.purpose,
                                   api_key_id=(challenge.payload or {}).get(limits.API_KEY), read=_read_with_check(code))
            return CheckOutcome(True, **seen, open_recovery=getattr(code, "_open_recovery", None))
        outcome = _wrong_guess(challenge, code, digits, now, request)
        if secret_tries.record_failure(challenge.user_id, request, streak):
            outcome.error, outcome.challenge_ended = secret_tries.check_secret_try(challenge.user_id), True
        return outcome


def _wrong_guess(challenge, code, digits, now, request) -> CheckOutcome:
    older = None
    if challenge.codes_sent > 1:  # with one code sent there is no older one to name
        older = next(
            (
                c
                for c in challenge.codes.filter(created_at__lt=code.created_at, expires_at__gt=now).exclude(pk=code.pk)
                if crypto.matches(HASH_PURPOSE, digits, c.code_hmac)
            ),
            None,
        )
    code.wrong_attempts += 1
    code.blocked = code.wrong_attempts >= app_settings.max_wrong_per_code()
    plainsql.update(code, ("wrong_attempts", "blocked"))
    challenge.wrong_attempts += 1
    ended = challenge.wrong_attempts >= app_settings.max_wrong_per_login()
    if ended:
        challenge.ended_at, challenge.end_reason = now, CodeChallenge.End.TOO_MANY_WRONG
    plainsql.update(challenge, ("wrong_attempts", "ended_at", "end_reason"))
    audit.record(
        AuditEvent.Event.CODE_WRONG, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk),
        expected_ordinal=code.ordinal, older_ordinal=older.ordinal if older else None,
        wrong_attempts=challenge.wrong_attempts,
    )
    if ended:
        audit.record(AuditEvent.Event.LOGIN_ENDED, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk))
        return CheckOutcome(
            False, _("Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."), challenge_ended=True,
            challenge=challenge, code=code, counted=True, reason="ended",
        )
    if older:
        error = _("To kod nr %(old)d - wpisz najnowszy kod nr %(new)d.") % {"old": older.ordinal, "new": code.ordinal}
    else:
        error = _("Błędny kod. Sprawdź kod nr %(n)d z SMS-a.") % {"n": code.ordinal}
    if code.blocked:
        error = _("Za dużo błędnych prób dla kodu nr %(n)d. Wyślij nowy kod.") % {"n": code.ordinal}
    return CheckOutcome(False, error, code_blocked=code.blocked, challenge=challenge, code=code, counted=True,
                        reason="blocked" if code.blocked else "wrong")
