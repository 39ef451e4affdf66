"""Two requests checking the right code at the same moment: exactly one passes.

The code is checked and consumed in one transaction with the challenge row locked
(SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite).
"""

import time

import pytest
from django.db import connection

from conftest import last_code, run_at_once
from zgoda.accounts.internal.flows import code_check, codes
from zgoda.accounts.models import AuditEvent, CodeChallenge, OneTimeCode
from zgoda.lib import crypto

THREADS = 4


@pytest.fixture(autouse=True)
def slow_compare(monkeypatch):
    """Widen the race window: every comparison takes 20 ms, so unlocked checks would overlap."""
    compare = crypto.matches

    def slow(*args):
        time.sleep(0.02)
        return compare(*args)

    monkeypatch.setattr(codes.crypto, "matches", slow)


def _race(challenge, code, tmp_path):
    return run_at_once(lambda: code_check.check_code(challenge, code), THREADS, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_right_code_checked_by_concurrent_requests_passes_only_once(client, user_2fa, tmp_path):
    client.post("/accounts/login/", {"login": user_2fa.email, "password": "Sekretne-haslo-2026"})
    challenge = CodeChallenge.objects.get()
    _, code = last_code()
    results = _race(challenge, code, tmp_path)
    assert len(results) == THREADS
    assert sum(r.ok for r in results) == 1
    assert AuditEvent.objects.filter(event="code_accepted").count() == 1
    assert OneTimeCode.objects.get().used_at is not None


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_guesses_are_all_counted(client, user_2fa, tmp_path):
    client.post("/accounts/login/", {"login": user_2fa.email, "password": "Sekretne-haslo-2026"})
    challenge = CodeChallenge.objects.get()
    _, right = last_code()
    wrong = str((int(right) + 1) % 10**6).zfill(6)
    results = _race(challenge, wrong, tmp_path)
    assert not any(r.ok for r in results)
    challenge.refresh_from_db()
    assert challenge.wrong_attempts == THREADS  # no lost update
    assert OneTimeCode.objects.get().wrong_attempts == THREADS


def test_runs_on_a_database_with_row_locking_or_serialized_writes():
    assert connection.vendor in {"sqlite", "postgresql"}
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"].get("transaction_mode") == "IMMEDIATE"
