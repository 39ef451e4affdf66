"""Retention on a schedule: each app's periods, applied by `zgoda purge` and by the task
the worker keeps queued, with a frozen clock moved past each period (time-machine)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from zgoda.accounts.sessions import SessionStore
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from conftest import PHONE, make_user, run_worker
from zgoda.accounts.models import AuditEvent, CodeChallenge, OneTimeCode, TrustedDevice
from zgoda.campaigns.internal.flows import audience
from zgoda.campaigns.models import Recipient
from zgoda.campaigns.tests.conftest import make_campaign, people
from zgoda.consent.models import ConsentEvent, Purpose, Suppression
from zgoda.privacy import api as optout
from zgoda.privacy.internal.flows import retention
from zgoda.privacy.models import OptOutToken, PurgeRun
from zgoda.privacy.tasks import purge_on_schedule, schedule_purge
from zgoda.sms.models import InboundMessage, Message

from .conftest import consenting
from .people import full_person

# After the consent texts the migrations publish "now": the clock only moves forward from them.
START = (datetime.now(ZoneInfo("Europe/Warsaw")) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


def purge_at(moment) -> dict:
    with time_machine.travel(moment, tick=False):
        return retention.purge("test").counts


@pytest.fixture
def ewa(client, db):
    with time_machine.travel(START, tick=False):
        return full_person(client, marketing=3)


def test_codes_and_their_sms_recipients_go_after_30_days_not_before(ewa):
    code_sms = list(OneTimeCode.objects.values_list("message_id", flat=True))
    assert CodeChallenge.objects.exists() and code_sms
    purge_at(START + timedelta(days=29))
    assert CodeChallenge.objects.exists()
    counts = purge_at(START + timedelta(days=31))
    assert not CodeChallenge.objects.exists() and not OneTimeCode.objects.exists()
    assert counts["accounts.code_challenges"] > 0
    assert not Message.objects.filter(pk__in=code_sms).exclude(to="").exists()


def test_audit_ip_and_browser_are_blanked_after_a_year_and_the_events_stay(ewa):
    events = AuditEvent.objects.count()
    purge_at(START + timedelta(days=364))
    assert AuditEvent.objects.exclude(ip=None).exists()
    counts = purge_at(START + timedelta(days=366))
    assert counts["accounts.audit_ip_and_browser"] > 0
    assert AuditEvent.objects.count() == events
    assert not AuditEvent.objects.exclude(ip=None).exists() and not AuditEvent.objects.exclude(user_agent="").exists()


def test_revoked_devices_go_30_days_after_revocation_and_active_ones_stay(ewa):
    device = TrustedDevice.objects.get()
    with time_machine.travel(START + timedelta(days=10), tick=False):
        TrustedDevice.objects.filter(pk=device.pk).update(revoked_at=START + timedelta(days=10))
    purge_at(START + timedelta(days=39))
    assert TrustedDevice.objects.filter(pk=device.pk).exists()
    purge_at(START + timedelta(days=41))
    assert not TrustedDevice.objects.filter(pk=device.pk).exists()


def test_a_trusted_device_unused_past_its_validity_goes_30_days_later(ewa):
    purge_at(START + timedelta(days=60 + 29))
    assert TrustedDevice.objects.exists()
    purge_at(START + timedelta(days=60 + 31))
    assert not TrustedDevice.objects.exists()


def test_marketing_sms_and_replies_lose_number_and_text_after_a_year(ewa):
    purge_at(START + timedelta(days=364))
    assert Message.objects.filter(kind="marketing").exclude(to="").count() == 3
    counts = purge_at(START + timedelta(days=366))
    assert counts["sms.marketing_and_service_sms"] == 3 and counts["sms.inbound_sms"] == 1
    assert not Message.objects.filter(kind="marketing").exclude(to="").exists()
    assert not Message.objects.filter(kind="marketing").exclude(text="").exists()
    assert InboundMessage.objects.get().sender == ""


def test_expired_sessions_go_and_live_ones_stay(db):
    with time_machine.travel(START, tick=False):
        old, live = SessionStore(), SessionStore()
        old.set_expiry(3600)
        live.set_expiry(86400 * 30)
        old.create(), live.create()
    purge_at(START + timedelta(days=1))
    assert list(SessionStore.get_model_class().objects.values_list("session_key", flat=True)) == [live.session_key]


def test_finished_task_results_go_after_7_days_and_queued_ones_stay(transactional_db, settings):
    # transactional_db: the worker opens and closes its own connection
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    with time_machine.travel(START, tick=False):
        purge_on_schedule.enqueue()
        run_worker(verbosity=0)
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL").get()
    queued = DBTaskResult.objects.filter(status="READY").get()  # the next scheduled purge
    purge_at(START + timedelta(days=6))
    assert DBTaskResult.objects.filter(pk=finished.pk).exists()
    purge_at(START + timedelta(days=8))
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()
    assert DBTaskResult.objects.filter(pk=queued.pk).exists()


def test_campaign_recipient_numbers_are_blanked_a_year_after_the_campaign(db, settings):
    settings.ZGODA_CAMPAIGN_QUIET_DAYS = ""
    settings.ZGODA_CAMPAIGN_QUIET_HOURS = ""
    with time_machine.travel(START, tick=False):
        people(3)
        campaign = make_campaign()
        audience.snapshot(campaign)
        campaign.started_at = START
        campaign.save(update_fields=["started_at"])
    purge_at(START + timedelta(days=364))
    assert Recipient.objects.filter(phone__startswith="+48").count() == 3
    counts = purge_at(START + timedelta(days=366))
    assert counts["campaigns.recipients"] == 3
    assert not Recipient.objects.filter(phone__startswith="+48").exists()
    assert not Recipient.objects.exclude(user=None).exists()


def test_an_old_opt_out_link_keeps_only_the_hash_and_still_withdraws(client, db):
    with time_machine.travel(START, tick=False):
        person = consenting()
        [token] = optout.issue_optout_tokens([(person.pk, PHONE)])
    counts = purge_at(START + timedelta(days=366))
    row = OptOutToken.objects.get(pk=token)
    assert counts["privacy.optout_numbers"] == 1 and row.phone == "" and len(row.phone_hash) == 64
    with time_machine.travel(START + timedelta(days=2 * 365), tick=False):
        suppressions = Suppression.objects.count()
        response = client.post(f"/o/{token}")
    assert response.status_code == 200
    state = ConsentEvent.objects.filter(user=person, purpose=Purpose.SMS_MARKETING).order_by("-id").first()
    assert state.action == "withdrawn"
    assert Suppression.objects.count() == suppressions + 1


def test_ledger_details_stay_six_years_after_a_withdrawal_then_only_the_proof(client, db):
    with time_machine.travel(START, tick=False):
        person = consenting()
    with time_machine.travel(START + timedelta(days=1), tick=False):
        client.force_login(person)
        client.post("/accounts/privacy/withdraw/", REMOTE_ADDR="198.51.100.9")
    marketing = ConsentEvent.objects.filter(user=person, purpose=Purpose.SMS_MARKETING)
    assert marketing.exclude(phone="").exists()
    purge_at(START + timedelta(days=6 * 365 - 2))
    assert marketing.exclude(phone="").exists()
    counts = purge_at(START + timedelta(days=6 * 365 + 3))
    assert counts["consent.ledger_details"] == marketing.count()
    assert not marketing.exclude(phone="").exists() and not marketing.exclude(ip=None).exists()
    terms = ConsentEvent.objects.filter(user=person, purpose=Purpose.TERMS)
    assert terms.exclude(phone="").exists()  # still granted: its proof keeps its details


def test_a_number_only_subjects_details_go_six_years_after_its_withdrawal_the_proof_stays(db):
    from zgoda.consent import api as consent_api
    from zgoda.consent.models import Source
    from zgoda.consent.tests.number_only import NUMBER, number_only

    with time_machine.travel(START, tick=False):
        number_only(reference="klient-77")
    with time_machine.travel(START + timedelta(days=1), tick=False):
        assert consent_api.withdraw_number(NUMBER, Source.SMS_REPLY) == 1
    ledger = ConsentEvent.objects.filter(number_subject__isnull=False)
    assert ledger.count() == 2 and ledger.exclude(phone="").exists() and ledger.filter(details__has_key="reference")
    purge_at(START + timedelta(days=6 * 365 - 2))
    assert ledger.exclude(phone="").exists()
    counts = purge_at(START + timedelta(days=6 * 365 + 3))
    assert counts["consent.ledger_details"] == 2
    assert not ledger.exclude(phone="").exists() and not ledger.exclude(ip=None).exists()
    assert not ledger.exclude(user_agent="").exists() and not ledger.filter(details__has_key="reference").exists()
    assert ledger.count() == 2  # the proof that a consent was given and ended stays


def test_purge_command_records_the_counts_for_the_admin_page(client, ewa):
    with time_machine.travel(START + timedelta(days=400), tick=False):
        call_command("purge", verbosity=0)
    client.force_login(make_user("szef@example.com", phone="+48500999999", is_staff=True, is_superuser=True))
    run = PurgeRun.objects.get()
    assert run.trigger == "command" and run.total > 0 and run.finished_at
    assert run.counts["accounts.code_challenges"] > 0
    page = client.get("/admin/privacy/purgerun/").content.decode()
    assert "logowania kodem SMS" in page  # the category in words (privacy/admin_labels.py)
    assert client.get(f"/admin/privacy/purgerun/{run.pk}/change/").status_code == 200


def test_the_worker_keeps_one_purge_queued_and_runs_it_when_due(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    with time_machine.travel(START, tick=False):
        assert schedule_purge() and not schedule_purge()  # one at a time
        run_worker(verbosity=0)
    assert PurgeRun.objects.get().trigger == "task"
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert queued.run_after == START + timedelta(hours=24)


def test_tasks_run_in_process_keep_no_schedule(db):
    assert not schedule_purge()  # the test settings run tasks in-process: nothing can wait
