"""Requests received by e-mail or letter: registered by staff, carried out from the admin."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from zgoda.consent.models import phone_hash

from ...models import DataSubjectRequest
from . import download, erasure, requests, subject as subjects, withdrawal


@dataclass
class Outcome:
    ok: bool
    message: str
    body: bytes | None = None


def fill_subject(dsr: DataSubjectRequest) -> None:
    """Link the request to the account its e-mail names, and note the number's keyed hash."""
    if dsr.email and dsr.user_id is None:
        dsr.user = get_user_model().objects.filter(email__iexact=dsr.email, is_active=True).first()
    if dsr.phone:
        dsr.subject_hash = phone_hash(dsr.phone)


def subject_of(dsr: DataSubjectRequest):
    subject = subjects.Subject()
    if dsr.phone:
        subject = subjects.of_phone(dsr.phone)
    if dsr.user_id and dsr.user.is_active and dsr.user.pk not in subject.user_ids:
        by_account = subjects.of_user(dsr.user)
        subject.users += by_account.users
        subject.phones += [p for p in by_account.phones if p not in subject.phones]
    return subject


def carry_out(dsr: DataSubjectRequest, actor: str) -> Outcome:
    if dsr.status != DataSubjectRequest.Status.OPEN:
        return Outcome(False, _("Wniosek #%(id)d nie jest otwarty.") % {"id": dsr.pk})
    subject = subject_of(dsr)
    if subject.empty or (not subject.users and not subjects.is_known(subject.phones[0])):
        return Outcome(False, _("Wniosek #%(id)d: nie znamy tej osoby (ani numeru, ani konta). Nic nie zmieniono; "
                                "odpowiedz, że nie przetwarzamy jej danych, i odrzuć wniosek.") % {"id": dsr.pk})
    kind = dsr.kind
    if kind in (DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Kind.DOWNLOAD):
        body = download.as_json(subject)
        requests.complete(dsr, result={"accounts": len(subject.users)}, handled_by=actor)
        return Outcome(True, "", body=body)
    if kind == DataSubjectRequest.Kind.WITHDRAWAL:
        done = withdrawal.withdraw_subject(subject, "admin", log_request=False)
        requests.complete(dsr, result={"withdrawn": done}, handled_by=actor)
        return Outcome(True, _("Wniosek #%(id)d: zgoda marketingowa wycofana.") % {"id": dsr.pk}
                       if done else _("Wniosek #%(id)d: zgody marketingowej nie było; numer zablokowany.") % {"id": dsr.pk})
    counts = erasure.erase(subject, dsr.channel, dsr=dsr, handled_by=actor)
    return Outcome(True, _("Wniosek #%(id)d: dane usunięte (konta: %(a)d, SMS-y: %(m)d).") % {
        "id": dsr.pk, "a": counts.get("accounts", 0), "m": counts.get("messages", 0)})
