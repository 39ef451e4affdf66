"""Requests received by e-mail or letter: registered by staff, carried out from the admin.

A request names an account (by its e-mail), a number, or both; each is its own subject
and gets what that kind of subject gets."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from zgoda.lib.personal_data import Number

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
        dsr.subject_hash = subjects.hash_of(subjects.number(dsr.phone))


def _number_known(dsr: DataSubjectRequest) -> bool:
    """An account holds the request's number, or some app keeps its data, not counting
    this request, which names the number (and would make any number known)."""
    if subjects.holders(dsr.phone):
        return True
    found = subjects.find(subjects.number(dsr.phone))
    found["privacy.requests"] = found.get("privacy.requests", 0) - 1
    return any(count > 0 for count in found.values())


def subjects_of(dsr: DataSubjectRequest) -> list:
    found = []
    if dsr.user_id and dsr.user.is_active:
        found.append(subjects.account(dsr.user))
    if dsr.phone and _number_known(dsr):
        found.append(subjects.number(dsr.phone))
    return found


def carry_out(dsr: DataSubjectRequest, actor: str) -> Outcome:
    if dsr.status != DataSubjectRequest.Status.OPEN:
        return Outcome(False, _("Wniosek #%(id)d nie jest otwarty.") % {"id": dsr.pk})
    found = subjects_of(dsr)
    if not found:
        return Outcome(False, _("Wniosek #%(id)d: nie znamy tej osoby (ani numeru, ani konta). Nic nie zmieniono; "
                                "odpowiedz, że nie przetwarzamy jej danych, i odrzuć wniosek.") % {"id": dsr.pk})
    kind = dsr.kind
    if kind in (DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Kind.DOWNLOAD):
        body = download.as_json(found[0])
        requests.finish(dsr, result={"subjects": len(found)}, handled_by=actor)
        return Outcome(True, "", body=body)
    if kind == DataSubjectRequest.Kind.WITHDRAWAL:
        done = False
        for subject in found:
            if isinstance(subject, Number):
                done |= bool(withdrawal.withdraw_number(subject.phone, "admin", log_request=False))
            else:
                done |= withdrawal.withdraw_account(None, subjects.user_of(subject), dsr.channel, log_request=False)
        requests.finish(dsr, result={"withdrawn": done}, handled_by=actor)
        return Outcome(True, _("Wniosek #%(id)d: zgoda marketingowa wycofana.") % {"id": dsr.pk}
                       if done else _("Wniosek #%(id)d: zgody marketingowej nie było; numer zablokowany.") % {"id": dsr.pk})
    counts = {}
    for subject in found:
        counts |= erasure.erase(subject, log_request=False)
    left = counts.get("left")
    requests.finish(dsr, done=not left, result=counts, handled_by=actor)
    if left:
        return Outcome(False, _("Wniosek #%(id)d: nie wszystko udało się usunąć (%(left)s); wniosek pozostaje "
                                "otwarty.") % {"id": dsr.pk, "left": ", ".join(sorted(left))})
    return Outcome(True, _("Wniosek #%(id)d: dane usunięte.") % {"id": dsr.pk})
