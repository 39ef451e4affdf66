"""Kannel on loopback for the tests and `make bench-sms`: bearerbox, smsbox and fakesmsc.

Pure Python (no Django), so bench/sms.py can use it too. Every port is a free loopback
port; every process is started and stopped here, by its own pid.

fakesmsc plays the operator: every MT message Kannel hands it is logged as
``Got message N: <from to text ...>`` (``ucs-2`` and URL-encoded UTF-16BE for UCS-2), and
with a dlr-mask Kannel's fake SMSC answers with delivery reports (8: accepted by the SMSC,
1: delivered) that smsbox sends to the message's dlr-url.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
BINARIES = (BEARERBOX, SMSBOX, FAKESMSC)
HOST = "127.0.0.1"
USERNAME, PASSWORD = "zgoda", "kannel-test-secret"
ADMIN_PASSWORD = "kannel-admin-secret"
# 0 (debug) .. 2 (warning): ZGODA_KANNEL_LOG_LEVEL=0 to follow every message and report.
LOG_LEVEL = int(os.environ.get("ZGODA_KANNEL_LOG_LEVEL", "2"))
# fakesmsc's own MO message, never sent (-m 0): it only needs one to start.
_IDLE_MO = "100 200 text idle"

GOT_MESSAGE = re.compile(r"Got message (\d+): <(\S+) (\S+) (\S+) (.*)>$")


def missing_binaries() -> list[str]:
    return [path for path in BINARIES if not os.access(path, os.X_OK)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Received:
    """One MT message as fakesmsc got it."""

    sender: str
    to: str
    coding: str  # "text" (GSM-7) or "ucs-2"
    text: str


def _decode(coding: str, payload: str) -> str:
    if coding == "ucs-2":
        # Kannel URL-encodes the UTF-16BE bytes, a 0x20 byte as "+" (a real "+" is %2B).
        return urllib.parse.unquote_to_bytes(payload.replace("+", " ")).decode("utf-16-be")
    return payload


class Kannel:
    """One Kannel: `start()`, `stop()`, `restart()`, `received()`."""

    def __init__(self, workdir: Path, *, inbound_url: str = "", deny_regex: str = "", sendsms_port: int = 0):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.inbound_url = inbound_url
        self.deny_regex = deny_regex
        self.admin_port, self.box_port, self.smsc_port, self.sendsms_port, self.mo_port = (
            free_port() for _ in range(5)
        )
        self.sendsms_port = sendsms_port or self.sendsms_port
        self.procs: dict[str, subprocess.Popen] = {}
        self.fakesmsc_logs: list[Path] = []
        self.config = self.workdir / "kannel.conf"
        self.write_config()

    # --- configuration ------------------------------------------------------------------
    @property
    def sendsms_url(self) -> str:
        return f"http://{HOST}:{self.sendsms_port}/cgi-bin/sendsms"

    def write_config(self):
        w = self.workdir
        deny = f'black-list-regex = "{self.deny_regex}"\n' if self.deny_regex else ""
        service = (
            "group = sms-service\nkeyword = default\ncatch-all = true\nmax-messages = 0\n"
            f'get-url = "{self.inbound_url}"\n'
            if self.inbound_url
            else "group = sms-service\nkeyword = default\ncatch-all = true\nmax-messages = 0\n"
            'text = "ok"\n'
        )
        self.config.write_text(
            f"""group = core
admin-port = {self.admin_port}
admin-password = {ADMIN_PASSWORD}
admin-interface = {HOST}
smsbox-port = {self.box_port}
smsbox-interface = {HOST}
box-allow-ip = {HOST}
log-file = "{w}/bearerbox.log"
log-level = {LOG_LEVEL}
dlr-storage = internal
store-type = file
store-location = "{w}/store"

group = smsc
smsc = fake
smsc-id = fake
host = {HOST}
port = {self.smsc_port}
connect-allow-ip = {HOST}

# A second fake operator connection, only for injecting inbound (MO) SMS: send_mo().
group = smsc
smsc = fake
smsc-id = mo
host = {HOST}
port = {self.mo_port}
connect-allow-ip = {HOST}
denied-smsc-id = mo

group = smsbox
bearerbox-host = {HOST}
bearerbox-port = {self.box_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = {HOST}
log-file = "{w}/smsbox.log"
log-level = {LOG_LEVEL}
global-sender = Zgoda
http-request-retry = 5
http-queue-delay = 1

group = sendsms-user
username = {USERNAME}
password = {PASSWORD}
max-messages = 10
concatenation = true
{deny}
{service}"""
        )

    # --- processes ----------------------------------------------------------------------
    def start(self, timeout: float = 20.0):
        if missing := missing_binaries():
            raise RuntimeError(
                "Kannel is not installed (missing " + ", ".join(missing) + "): `make test` installs the "
                "Debian packages kannel and kannel-extras (scripts/ensure-debian-packages)."
            )
        deadline = time.monotonic() + timeout
        try:
            self._spawn("bearerbox", [BEARERBOX, str(self.config)])
            self._wait_port(self.admin_port, deadline, "bearerbox")
            self._wait_port(self.box_port, deadline, "bearerbox")
            log = self.workdir / f"fakesmsc-{len(self.fakesmsc_logs) + 1}.log"
            self.fakesmsc_logs.append(log)
            self._spawn(
                "fakesmsc", [FAKESMSC, "-H", HOST, "-r", str(self.smsc_port), "-i", "1", "-m", "0", _IDLE_MO], log
            )
            self._spawn("smsbox", [SMSBOX, str(self.config)])
            self._wait_port(self.sendsms_port, deadline, "smsbox")
            self._wait_online(deadline)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 5.0):
        """bearerbox first: it hands what it holds to smsbox and the operator and stores the
        rest, then smsbox (which exits by itself without its bearerbox), then the operator.
        (smsbox first leaves bearerbox waiting for it with delivery reports, ~10 s.)"""
        for name in ("bearerbox", "smsbox", "fakesmsc"):
            proc = self.procs.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def restart(self):
        self.stop()
        return self.start()

    def running(self) -> bool:
        return bool(self.procs) and all(p.poll() is None for p in self.procs.values())

    def _spawn(self, name, argv, log_path: Path | None = None):
        log_path = log_path or self.workdir / f"{name}.out"
        with log_path.open("ab") as log:
            self.procs[name] = subprocess.Popen(
                argv, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )

    def _wait_port(self, port, deadline, name):
        while time.monotonic() < deadline:
            self._check_alive(name)
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name} did not open port {port}:\n{self.log_tail()}")

    def _wait_online(self, deadline):
        """Until bearerbox reports the fake SMSC connection online (fakesmsc connected)."""
        while time.monotonic() < deadline:
            self._check_alive("fakesmsc")
            if "online" in self.status():
                return
            time.sleep(0.05)
        raise RuntimeError(f"fakesmsc did not connect to bearerbox:\n{self.log_tail()}")

    def _check_alive(self, name):
        proc = self.procs.get(name)
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log_tail()}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by bearerbox, smsbox and fakesmsc."""
        total = 0.0
        for proc in self.procs.values():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def status(self) -> str:
        url = f"http://{HOST}:{self.admin_port}/status.txt?password={ADMIN_PASSWORD}"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
        return ""

    def log_tail(self, lines: int = 15) -> str:
        parts = []
        for path in sorted(self.workdir.glob("*.log")) + sorted(self.workdir.glob("*.out")):
            with contextlib.suppress(OSError):
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    # --- what the operator got ----------------------------------------------------------
    def received(self) -> list[Received]:
        found = []
        for log in self.fakesmsc_logs:
            with contextlib.suppress(FileNotFoundError):
                for line in log.read_text(errors="replace").splitlines():
                    match = GOT_MESSAGE.search(line)
                    if match:
                        _, sender, to, coding, payload = match.groups()
                        found.append(Received(sender, to, coding, _decode(coding, payload)))
        return found

    def send_mo(self, *messages: str, timeout: float = 10.0) -> str:
        """Have a person's phone send SMS to us: each message is fakesmsc's
        "sender receiver text|ucs2 payload" (ucs2: URL-encoded UTF-16BE)."""
        log = self.workdir / "fakesmsc-mo.log"
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [FAKESMSC, "-H", HOST, "-r", str(self.mo_port), "-i", "0.05", "-m", str(len(messages)), *messages],
                cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and proc.poll() is None:
                text = log.read_text(errors="replace")
                if f"sent message {len(messages)}" in text:
                    break
                time.sleep(0.05)
        finally:
            time.sleep(0.3)
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=5)
        return log.read_text(errors="replace")

    def wait_received(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            got = self.received()
            if len(got) >= count or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main(argv=None):
    """`python -m zgoda.sms.tests.kannel`: a Kannel with a fake operator for `make run`."""
    import argparse
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sendsms-port", type=int, default=13013)
    parser.add_argument("--zgoda", default="http://127.0.0.1:8000", help="where `make run` serves Zgoda")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop Kannel on kill too
    with tempfile.TemporaryDirectory(prefix="zgoda-kannel-") as workdir:
        kannel = Kannel(Path(workdir), sendsms_port=args.sendsms_port).start()
        print(
            f"Kannel runs; sendsms at {kannel.sendsms_url}. In another terminal:\n\n"
            f"  ZGODA_SMS_PROVIDERS=kannel ZGODA_SMS_KANNEL_URL={kannel.sendsms_url} \\\n"
            f"  ZGODA_SMS_KANNEL_USERNAME={USERNAME} ZGODA_SMS_KANNEL_PASSWORD={PASSWORD} \\\n"
            f"  ZGODA_SMS_KANNEL_PRICE=PL:0.07 ZGODA_SMS_CALLBACK_BASE_URL={args.zgoda} make run\n\n"
            "What the fake operator gets is printed below. Ctrl-C stops Kannel.",
            flush=True,
        )
        shown = 0
        try:
            while kannel.running():
                got = kannel.received()
                for message in got[shown:]:
                    print(f"-> {message.to}: {message.text}", flush=True)
                shown = len(got)
                time.sleep(0.2)
            print(kannel.log_tail(), file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            kannel.stop()


if __name__ == "__main__":
    raise SystemExit(main())
