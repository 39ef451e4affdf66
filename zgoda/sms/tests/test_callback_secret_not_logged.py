"""The gateways' callback secret never reaches the access log: the URL's path holds none, and
the access log format that `make run` (scripts/serve-demo) and docs/operations.md use
(zgoda.gunicorn_conf) leaves the query string out."""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.urls import reverse

from zgoda.sms.callbacks import inbound_url, report_url
from zgoda.sms.models import Message

from .conftest import use_providers
from .kannel import free_port

ROOT = Path(__file__).resolve().parents[3]
SECRET = "rotated-secret-0123456789abcdef"


def test_callback_paths_hold_no_secret(settings, db):
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:9/", "username": "u", "password": "p",
                                               "callback_secret": SECRET}))  # fmt: skip
    settings.ZGODA_SMS_CALLBACK_BASE_URL = "https://zgoda.example.pl"
    message = Message.objects.create(kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1)
    for url in (inbound_url("kannel"), report_url("kannel", message)):
        path, _, query = url.partition("?")
        assert query.startswith("secret=") and len(query) > 20
        assert query[len("secret="):] not in path
    assert inbound_url("kannel").endswith("?secret=" + SECRET)
    assert reverse("sms:inbound", args=["kannel"]) == "/sms/callbacks/kannel/inbound/"


def test_gunicorn_access_log_of_the_demo_shows_the_path_without_the_query_string(tmp_path):
    assert "python:zgoda.gunicorn_conf" in (ROOT / "scripts" / "serve-demo").read_text()
    port = free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "python:zgoda.gunicorn_conf", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket", "--access-logfile", str(log),
         "zgoda.sms.tests.plain_wsgi:app"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/sms/callbacks/kannel/inbound/?secret={SECRET}&from=%2B48500100200&text=STOP"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError as answer:
                assert answer.code == 404
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        deadline = time.monotonic() + 10
        while "/sms/callbacks/kannel/inbound/" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "nothing logged"
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(10)
    text = log.read_text()
    assert '"GET /sms/callbacks/kannel/inbound/ HTTP/1.1" 404' in text
    assert SECRET not in text and "secret=" not in text and "48500100200" not in text
