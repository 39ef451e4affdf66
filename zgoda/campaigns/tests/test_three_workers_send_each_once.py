"""Three `zgoda db_worker` processes on one PostgreSQL queue: a campaign to 300 people and a
burst of 60 login codes queued while it runs. Every recipient and every code SMS reaches
the gateway exactly once (counted by the gateway, which, unlike the dev outbox, would
record a second hand-over), nothing is skipped, and the work really is shared.

PostgreSQL only: task rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED there; one
SQLite file is one writer at a time and is run with one worker per machine.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from zgoda.accounts.internal.flows import challenge
from zgoda.accounts.models import CodeChallenge
from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.consent.models import ContactPoint
from zgoda.sms.models import Message
from zgoda.sms.tests.fake_gateways import FakeJsonGateway
from zgoda.sms.tests.test_provider_contract_http import json_options

from .conftest import make_campaign, people

PROJECT_DIR = Path(__file__).resolve().parents[3]
WORKERS, RECIPIENTS, CODES = 3, 300, 60
DEADLINE_SECONDS = 120
CAMPAIGN_ENV = {
    "ZGODA_SHORT_BASE_URL": "sklep.pl", "ZGODA_CAMPAIGN_RATE": "0", "ZGODA_CAMPAIGN_QUIET_HOURS": "off",
    "ZGODA_CAMPAIGN_QUIET_DAYS": "", "ZGODA_CAMPAIGN_CHUNK": "50", "ZGODA_CAMPAIGN_BATCH": "100",
}  # fmt: skip

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several task workers share one queue on PostgreSQL only (SKIP LOCKED); "
    "`make test` runs this on its throw-away PostgreSQL cluster",
)


@pytest.fixture
def gateway():
    server = FakeJsonGateway()
    yield server
    server.close()


@pytest.fixture
def shared_queue(settings, gateway):
    """This process and the workers: the database task queue and one HTTP gateway."""
    options = json_options(gateway.url, timeout="20")
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    settings.ZGODA_SMS_PROVIDERS = ["jsongw:http"]
    settings.ZGODA_SMS_PROVIDER_OPTIONS = {"jsongw": options}
    for name, value in CAMPAIGN_ENV.items():
        setattr(settings, name, value)
    settings.ZGODA_CAMPAIGN_CHUNK, settings.ZGODA_CAMPAIGN_BATCH = 50, 100
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZGODA_SMS_")}
    env.update(CAMPAIGN_ENV)
    env.update({f"ZGODA_SMS_JSONGW_{key.upper()}": value for key, value in options.items()})
    env.update({
        "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "zgoda.test_settings",
        "ZGODA_TASK_BACKEND": "database", "ZGODA_SMS_PROVIDERS": "jsongw:http", "ZGODA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])),
    })  # fmt: skip
    return env


def _database_url() -> str:
    """The test database pytest-django created (test_<name>, per xdist worker too)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_workers(env, logs: Path) -> list[subprocess.Popen]:
    processes = []
    for n in range(WORKERS):
        with (logs / f"worker-{n}.log").open("wb") as log:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "zgoda.cli", "db_worker", "--interval", "0.05", "--no-startup-delay",
                 "--no-reload", "--worker-id", f"test-worker-{n}"],
                env=env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
            ))  # fmt: skip
    return processes


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def queue_settled(campaign_id) -> bool:
    busy = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
    sending = Campaign.objects.filter(pk=campaign_id).exclude(state=Campaign.State.DONE).exists()
    return not busy and not sending and not Message.objects.filter(status=Message.Status.QUEUED).exists()


def test_three_workers_hand_each_recipient_and_each_code_sms_to_the_gateway_once(
    transactional_db, shared_queue, gateway, tmp_path
):
    people(RECIPIENTS)
    campaign = make_campaign(provider="jsongw")
    workers = start_workers(shared_queue, tmp_path)
    try:
        dispatch.schedule(campaign)  # start_campaign, then the batch chain: task rows the workers take
        for contact in ContactPoint.objects.select_related("user").order_by("id")[:CODES]:
            _, sent = challenge.start(None, contact.user, CodeChallenge.Purpose.LOGIN, contact.phone)
            assert sent.sent, sent.refusal
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not queue_settled(campaign.pk):
            dead = [p.args for p in workers if p.poll() is not None]
            assert not dead, f"a worker exited: {_logs(tmp_path)}"
            assert time.monotonic() < deadline, f"queue not empty after {DEADLINE_SECONDS} s: {_logs(tmp_path)}"
            time.sleep(0.2)
    finally:
        stop(workers)

    messages = Message.objects.all()
    assert Counter(messages.values_list("kind", flat=True)) == {"marketing": RECIPIENTS, "otp": CODES}
    handed = Counter(call["ref"] for call in gateway.sent)
    assert [key for key, times in handed.items() if times > 1] == []  # nobody twice
    assert set(handed) == {str(key) for key in messages.values_list("idempotency_key", flat=True)}  # nobody skipped
    assert len(gateway.sent) == RECIPIENTS + CODES
    assert set(messages.values_list("status", flat=True)) == {Message.Status.SUBMITTED}

    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE and campaign.audience_size == RECIPIENTS
    assert Counter(Recipient.objects.filter(campaign=campaign).values_list("state", flat=True)) == {
        Recipient.State.SENT: RECIPIENTS
    }
    marketing_to = Counter(c["to"] for c in gateway.sent if "reklama" in c["text"])
    assert set(marketing_to) == set(Recipient.objects.values_list("phone", flat=True))
    assert max(marketing_to.values()) == 1

    finished = DBTaskResult.objects.all()
    assert not finished.exclude(status="SUCCESSFUL").exists(), list(finished.exclude(status="SUCCESSFUL").values())
    by_worker = Counter(w for ids in finished.values_list("worker_ids", flat=True) for w in ids)
    assert sum(by_worker.values()) == finished.count()  # each task row run by one worker, once
    # The code SMS are their own tasks (no task rows): each worker's log names what it took.
    took = Counter(re.findall(r"Took sms id=\d+ on worker_id=(\S+)", _logs(tmp_path, tail=None)))
    assert sum(took.values()) == CODES, took
    assert len(by_worker | took) >= 2, (by_worker, took)  # the queue was shared, not drained by one process


def _logs(folder: Path, tail: int | None = 2000) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-tail if tail else 0:]}"
                     for p in sorted(folder.glob("*.log")))
