"""Turning other apps' signals into webhook events.

What each payload carries is the least that lets a shop act on it:

* `consent.granted` / `consent.withdrawn`: the purpose, the source, when, and who as an
  opaque `account` id (the `sub` Zgoda's OpenID Connect provider gives the shop). The number
  (`phone`, E.164) only for a number-only subject (a consent the shop posted through the API
  with no account behind it): there it is the only name the shop knows the person by. No
  IP, browser, label or text.
* `sms.stop_received`: the number that replied STOP (`phone`, E.164; the shop's own SMS
  tools must stop writing to it), its `number_hash` (as in the suppression feed), whether a
  consent ended, when.
* `subject.erased`: the subject's keyed hash, the account id (for an account) and the shop's
  own reference (for a number-only subject, when one was given); never the number.
* `campaign.finished`: the campaign's id, name, end and counts per recipient state.
"""

import functools
import logging

from django.dispatch import receiver

from zgoda.campaigns.signals import campaign_finished
from zgoda.consent import api as consent_api
from zgoda.consent.signals import consent_recorded
from zgoda.privacy.signals import stop_received, subject_erased

from .internal.flows.events import emit

log = logging.getLogger(__name__)


def iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def never_breaks(function):
    """These run after the change committed: a failure to record the event is logged, and
    never turns the person's request into an error page."""

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:  # noqa: BLE001
            log.exception("webhook event not recorded (%s)", function.__name__)

    return guarded


@receiver(consent_recorded, dispatch_uid="webhooks.consent_recorded")
@never_breaks
def consent_event(sender, user_id, phone, purpose, action, source, at, **kwargs):
    event_type = {"granted": "consent.granted", "withdrawn": "consent.withdrawn"}.get(str(action))
    if event_type is None:
        return
    data = {"purpose": str(purpose), "source": str(source), "at": iso(at),
            "account": str(user_id) if user_id is not None else None}
    if user_id is None and phone:
        data["phone"] = phone
    emit(event_type, data)


@receiver(stop_received, dispatch_uid="webhooks.stop_received")
@never_breaks
def stop_event(sender, phone, withdrew, at, **kwargs):
    emit("sms.stop_received", {"phone": phone, "number_hash": consent_api.number_key(phone),
                               "withdrew": bool(withdrew), "at": iso(at)})


@receiver(subject_erased, dispatch_uid="webhooks.subject_erased")
@never_breaks
def erased_event(sender, kind, subject_hash, account, reference, at, **kwargs):
    emit("subject.erased", {"kind": kind, "subject_hash": subject_hash, "account": account,
                            "reference": reference, "at": iso(at)})


@receiver(campaign_finished, dispatch_uid="webhooks.campaign_finished")
@never_breaks
def campaign_event(sender, campaign_id, name, finished_at, counts, **kwargs):
    emit("campaign.finished", {"campaign_id": campaign_id, "name": name, "finished_at": iso(finished_at),
                               "counts": counts})
