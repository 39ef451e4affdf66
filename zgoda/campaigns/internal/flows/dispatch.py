"""Sending a campaign: states, the batch task body, crash recovery.

draft -> scheduled -> sending -> done, with paused and cancelled on the side; a scheduled
campaign goes back to draft to be changed (only a draft can be).

At start the audience is snapshotted into recipient rows (one INSERT ... SELECT). Then one
batch task at a time per campaign (a lease on the campaign row: `next_run_at`) works
through the pending recipients in chunks:

1. claim (one short transaction): the next pending recipients, their consent checked
   again right now; those still valid get their opt-out and link tokens and a Message row
   each (zgoda.sms.api's bulk sending, claimed, idempotency key derived from campaign and recipient), and
   move to `sending` with a lease;
2. send, outside any transaction, paced to the provider's rate;
3. record (one short transaction): messages and recipients move on together.

A worker killed between 1 and 3 leaves `sending` recipients whose lease runs out. The
next batch settles them first: a message a delivery report already moved went out; the
rest are sent again only when the provider takes an idempotency key (it drops a repeat);
otherwise they are marked `uncertain` and never resent (at most once), and a late
delivery report still counts them delivered.
"""

import logging
import uuid
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.phone import country_of
from zgoda.privacy.api import issue_optout_tokens, optout_url
from zgoda.sms import api as sms

from ... import app_settings
from ...models import Campaign, Recipient
from ...signals import announce_finished
from . import audience, clock, compose, quiet, tokens

log = logging.getLogger(__name__)
C = Campaign.State
R = Recipient.State
EARLY = timedelta(seconds=1)
KEY_SPACE = uuid.UUID("6d1c3f0e-7a4b-4d55-9f3e-2a8c1b7e5d90")
_paces: dict[str, sms.Pace] = {}


class StateError(ValueError):
    """The campaign is not in a state that allows this; the message says why, in Polish."""


def idempotency_key(campaign_id: int, recipient_id: int) -> uuid.UUID:
    return uuid.uuid5(KEY_SPACE, f"campaign:{campaign_id}:recipient:{recipient_id}")


# --- states ---------------------------------------------------------------------------------
def schedule(campaign: Campaign) -> Campaign:
    """draft -> scheduled; the send starts at send_at (now when empty)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != C.DRAFT:
            raise StateError(_("Zaplanować można tylko szkic kampanii."))
        errors = compose.text_errors(campaign.text) + compose.footer_errors(app_settings.footer_template(campaign.language))
        if errors:
            raise StateError(" ".join(errors))
        campaign.send_at = campaign.send_at or clock.now()
        campaign.state = C.SCHEDULED
        campaign.save(update_fields=["send_at", "state"])
    from ...tasks import start_campaign

    if campaign.send_at <= clock.now() + EARLY:
        start_campaign.enqueue(campaign.pk)
    elif start_campaign.get_backend().supports_defer:
        start_campaign.using(run_after=campaign.send_at).enqueue(campaign.pk)
    return campaign


def back_to_draft(campaign: Campaign) -> None:
    """scheduled -> draft, to be changed and confirmed again; a start task already queued
    finds no scheduled campaign and does nothing."""
    if not Campaign.objects.filter(pk=campaign.pk, state=C.SCHEDULED).update(state=C.DRAFT):
        raise StateError(_("Do szkicu wraca tylko kampania zaplanowana, której wysyłka jeszcze się nie zaczęła."))


def start(campaign_id: int) -> str:
    """scheduled -> sending when its time has come: the audience is snapshotted now."""
    now = clock.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.state != C.SCHEDULED or (campaign.send_at and campaign.send_at > now + EARLY):
            return "not due"
        campaign.audience_size = audience.snapshot(campaign)
        campaign.state, campaign.started_at, campaign.next_run_at = C.SENDING, now, now
        campaign.save(update_fields=["audience_size", "state", "started_at", "next_run_at"])
    enqueue(campaign_id, now)
    return "started"


def pause(campaign: Campaign) -> None:
    if not Campaign.objects.filter(pk=campaign.pk, state__in=[C.SENDING, C.SCHEDULED]).update(state=C.PAUSED):
        raise StateError(_("Wstrzymać można tylko kampanię zaplanowaną albo wysyłaną."))


def resume(campaign: Campaign) -> None:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != C.PAUSED:
            raise StateError(_("Wznowić można tylko wstrzymaną kampanię."))
        campaign.state = C.SENDING if campaign.started_at else C.SCHEDULED
        campaign.next_run_at = clock.now() if campaign.started_at else None
        campaign.save(update_fields=["state", "next_run_at"])
    if campaign.state == C.SENDING:
        enqueue(campaign.pk, clock.now())
    else:
        from ...tasks import start_campaign

        start_campaign.enqueue(campaign.pk)


def cancel(campaign: Campaign) -> None:
    stoppable = [C.DRAFT, C.SCHEDULED, C.SENDING, C.PAUSED]
    if not Campaign.objects.filter(pk=campaign.pk, state__in=stoppable).update(
        state=C.CANCELLED, finished_at=clock.now(), next_run_at=None
    ):
        raise StateError(_("Tej kampanii nie można już anulować."))


def enqueue(campaign_id: int, when) -> None:
    """Let the next batch run at `when`: a task (deferred where the queue can wait), and
    next_run_at, from which `zgoda campaigns-tick` restarts a chain whose task was lost."""
    from ...tasks import run_batch

    Campaign.objects.filter(pk=campaign_id, state=C.SENDING).update(next_run_at=when)
    backend = run_batch.get_backend()
    if when <= clock.now() + EARLY:
        run_batch.enqueue(campaign_id)
    elif backend.supports_defer:
        run_batch.using(run_after=when).enqueue(campaign_id)


def tick(now=None) -> int:
    """Start due scheduled campaigns and restart sending ones whose next batch is overdue
    (a lost task, a killed worker). Safe beside running workers. Returns how many it woke."""
    now = now or clock.now()
    woken = 0
    for campaign_id in Campaign.objects.filter(state=C.SCHEDULED, send_at__lte=now).values_list("pk", flat=True):
        woken += start(campaign_id) == "started"
    overdue = Campaign.objects.filter(state=C.SENDING).filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
    for campaign_id in overdue.values_list("pk", flat=True):
        enqueue(campaign_id, now)
        woken += 1
    return woken


# --- the batch task -------------------------------------------------------------------------
def run_batch(campaign_id: int) -> str:
    now = clock.now()
    lease = timedelta(seconds=app_settings.lease_seconds())
    taken = (
        Campaign.objects.filter(pk=campaign_id, state=C.SENDING)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now + EARLY))
        .update(next_run_at=now + lease)
    )
    if not taken:
        return "not mine"  # paused, cancelled, done, or another batch holds the lease
    campaign = Campaign.objects.get(pk=campaign_id)
    provider = sms.get_provider(campaign.provider)
    pace = _paces.setdefault(provider.name, sms.Pace(app_settings.rate_per_second(provider.name)))
    handled = 0
    while handled < app_settings.batch_size():
        now = clock.now()
        if Campaign.objects.filter(pk=campaign_id).values_list("state", flat=True).first() != C.SENDING:
            return "stopped"
        wait = quiet.next_allowed(now)
        if wait is not None:
            enqueue(campaign_id, wait)
            return "quiet hours"
        left = sms.spend_left(sms.MessageKind.MARKETING)
        if left is not None and left <= 0:  # the day's cap on all SMS, less what codes keep
            enqueue(campaign_id, sms.next_spend_day())
            return "daily spend cap"
        Campaign.objects.filter(pk=campaign_id).update(next_run_at=now + lease)  # heartbeat
        recovered = recover(campaign, provider, now)
        done = send_chunk(campaign, provider, pace, now)
        if not done and not recovered:
            return finish(campaign_id)
        handled += done + recovered
    enqueue(campaign_id, clock.now())
    return "next batch"


def finish(campaign_id: int) -> str:
    now = clock.now()
    in_flight = Recipient.objects.filter(campaign_id=campaign_id, state=R.SENDING).exists()
    if in_flight:  # another worker's chunk (or a dead one's): come back when its lease ends
        enqueue(campaign_id, now + timedelta(seconds=app_settings.lease_seconds()))
        return "waiting for a chunk in flight"
    if Campaign.objects.filter(pk=campaign_id, state=C.SENDING).update(state=C.DONE, finished_at=now, next_run_at=None):
        transaction.on_commit(lambda: announce_finished(campaign_id, now))
    return "done"


def send_chunk(campaign: Campaign, provider, pace, now) -> int:
    claimed = None
    for _attempt in range(3):
        try:
            claimed = claim_chunk(campaign, provider, now)
            break
        except IntegrityError:  # a link token met a stored one (about 1 in 10^14): draw again
            log.warning("campaign %s: token clash, claiming again", campaign.pk)
    if claimed is None:
        return 0
    recipients, messages, skipped = claimed
    deliver(recipients, messages, provider, pace)
    return len(recipients) + skipped


def claim_chunk(campaign: Campaign, provider, now):
    """Step 1: (recipients, messages, skipped count) or None when nobody is pending."""
    lease = now + timedelta(seconds=app_settings.lease_seconds())
    allowed = set(sms.allowed_countries())
    with transaction.atomic():
        pending = Recipient.objects.filter(campaign_id=campaign.pk, state=R.PENDING).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        rows = list(pending.only("id", "user_id", "phone", "consent_at")[: app_settings.chunk_size()])
        if not rows:
            return None
        valid = audience.still_valid(rows)
        live, skipped = [], []
        for row in rows:
            (live if row.pk in valid and country_of(row.phone) in allowed else skipped).append(row)
        if skipped:
            Recipient.objects.filter(pk__in=[r.pk for r in skipped]).update(state=R.SKIPPED)
        if not live:
            return [], [], len(skipped)
        optouts = issue_optout_tokens([(r.user_id, r.phone) for r in live], source="campaign")
        has_link = bool(compose.target_of(campaign.text))
        links = tokens.link_tokens(len(live)) if has_link else [None] * len(live)
        messages, infos = [], {}
        stop = compose.offers_stop(campaign.provider, campaign.sender)
        for row, optout, link in zip(live, optouts, links, strict=True):
            text = compose.render(
                campaign.text, link_token=link or "", optout_url=optout_url(optout),
                consent_date=timezone.localtime(row.consent_at).strftime(compose.DATE_FORMAT), stop=stop,
                language=campaign.language,
            )  # fmt: skip
            # Tokens and dates are fixed-width plain GSM letters: same length, same encoding and segments.
            info = infos.get(len(text)) or infos.setdefault(len(text), sms.analyze(text))
            messages.append(sms.bulk_message(
                row.phone, text, sms.MessageKind.MARKETING, idempotency_key=idempotency_key(campaign.pk, row.pk),
                tag=campaign.name[:120], sender=campaign.sender, info=info,
            ))  # fmt: skip
            row.optout_token, row.link_token = optout, link
        messages = sms.bulk_create_claimed(messages, provider)
        _mark_sending(live, messages, lease)
    return live, messages, len(skipped)


def _mark_sending(rows, messages, lease) -> None:
    """Recipients -> sending with their message and tokens: one prepared UPDATE run per row
    (bulk_update's CASE per row costs far more to build than to run)."""
    quote = connection.ops.quote_name
    lease_value = connection.ops.adapt_datetimefield_value(lease)
    values = []
    for row, message in zip(rows, messages, strict=True):
        row.state, row.message_id, row.claimed_until = R.SENDING, message.pk, lease
        values.append((R.SENDING, message.pk, row.optout_token, row.link_token, lease_value, row.pk))
    sql = (f"UPDATE {quote(Recipient._meta.db_table)} SET state = %s, message_id = %s, optout_token = %s, "
           "link_token = %s, claimed_until = %s WHERE id = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def deliver(recipients, messages, provider, pace) -> None:
    """Steps 2 and 3: send, then record messages and recipients in one short transaction."""
    outcomes, unsent = sms.bulk_send(messages, provider, pace)
    by_message = {r.message_id: r for r in recipients}
    now = timezone.now()
    with transaction.atomic():
        sms.bulk_record(outcomes, provider)
        sms.bulk_release(unsent)
        failed = [by_message[o.message.pk].pk for o in outcomes if _recipient_failed(o)]
        handed = [by_message[o.message.pk].pk for o in outcomes if not _recipient_failed(o)]
        if handed:
            Recipient.objects.filter(pk__in=handed, state=R.SENDING).update(
                state=R.SENT, sent_at=now, claimed_until=None
            )
        if failed:
            Recipient.objects.filter(pk__in=failed, state=R.SENDING).update(
                state=R.FAILED, sent_at=now, claimed_until=None
            )
        if unsent:
            Recipient.objects.filter(pk__in=[by_message[m.pk].pk for m in unsent], state=R.SENDING).update(
                state=R.PENDING, message=None, link_token=None, optout_token="", claimed_until=None
            )


def _recipient_failed(outcome) -> bool:
    error = outcome.error
    return error is not None and (error.recipient or error.permanent) and not outcome.message.next_attempt_at


def recover(campaign: Campaign, provider, now) -> int:
    """Settle recipients left `sending` by a worker that died (their lease ran out)."""
    stale = list(
        Recipient.objects.filter(campaign_id=campaign.pk, state=R.SENDING, claimed_until__lte=now)
        .order_by("id")[: app_settings.chunk_size()]
    )
    if not stale:
        return 0
    messages = sms.messages_by_id([r.message_id for r in stale])
    went = [r for r in stale if r.message_id in messages and messages[r.message_id].status != sms.MessageStatus.QUEUED]
    unknown = [r for r in stale if r not in went]
    with transaction.atomic():
        if went:
            Recipient.objects.filter(pk__in=[r.pk for r in went], state=R.SENDING).update(
                state=R.SENT, sent_at=now, claimed_until=None
            )
        if unknown and not provider.supports_idempotency:
            sms.give_up_queued(
                [r.message_id for r in unknown], at=now,
                reason="campaign worker stopped during the send: not resent (the provider has no "
                "idempotency key, a resend could deliver it twice)",
            )  # fmt: skip
            Recipient.objects.filter(pk__in=[r.pk for r in unknown], state=R.SENDING).update(
                state=R.UNCERTAIN, claimed_until=None
            )
    if unknown and provider.supports_idempotency:
        # The provider drops a repeated key: sending again cannot deliver twice.
        lease = now + timedelta(seconds=app_settings.lease_seconds())
        Recipient.objects.filter(pk__in=[r.pk for r in unknown]).update(claimed_until=lease)
        again = [messages[r.message_id] for r in unknown if r.message_id in messages]
        deliver([r for r in unknown if r.message_id in messages], again, provider, None)
    return len(stale)
