"""Local HTTP servers that answer as SMSAPI's and Twilio's documented APIs do, a generic
JSON gateway, and a fault-injecting proxy in front of Kannel. No request leaves the machine.

Each server records what it was sent, can be put into a fault mode ("server_error",
"hang"), answers "invalid number" for numbers in `refused_numbers`, and, like the real
services, calls the message's callback URL with delivery reports (Twilio's signed with
X-Twilio-Signature) from a background thread.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from base64 import b64decode
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"
HANG_SECONDS = 30


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: bytes
    form: dict = field(default_factory=dict)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up on a hung request: expected here


class FakeServer:
    """Base: subclasses implement answer(call) -> (status, headers, body)."""

    def __init__(self):
        self.calls: list[Call] = []
        # "ok", "server_error", "hang", "accept_then_hang"; the proxy also "forward_then_hang"
        self.mode = "ok"
        self.refused_numbers: set[str] = set()
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                self._handle()

            def do_POST(self):
                self._handle()

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parsed = urllib.parse.urlsplit(self.path)
                form = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
                if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                    form.update(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
                call = Call(self.command, self.path, dict(self.headers), body, form)
                status, headers, payload = server.dispatch(call)
                self.send_response(status)
                for key, value in {"Content-Length": str(len(payload)), **headers}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = _QuietServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def dispatch(self, call: Call):
        if self.mode == "accept_then_hang":  # the gateway takes it, the answer never arrives
            self.answer(call)
            self.release.wait(HANG_SECONDS)
            return 504, {}, b"hung"
        if self.mode == "hang":
            self.calls.append(call)
            self.release.wait(HANG_SECONDS)
            return 504, {}, b"hung"
        if self.mode == "server_error":
            self.calls.append(call)
            return 500, {"Content-Type": "text/plain"}, b"Internal Server Error"
        return self.answer(call)

    def answer(self, call: Call):
        raise NotImplementedError

    def reset(self):
        self.release.set()
        self.release = threading.Event()
        self.mode = "ok"
        self.calls.clear()
        self.refused_numbers.clear()
        for remembered in ("sent", "seen_idx"):
            if hasattr(self, remembered):
                getattr(self, remembered).clear()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _json(status: int, data) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _later(fn, *args, delay=0.05):
    threading.Timer(delay, fn, args).start()


def _get(url):
    try:
        urllib.request.urlopen(url, timeout=30).read()
    except OSError:
        pass


def _post(url, data: bytes, headers: dict):
    try:
        urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method="POST"), timeout=30).read()
    except OSError:
        pass


# --- SMSAPI.pl ---------------------------------------------------------------------------
class FakeSmsapi(FakeServer):
    """POST /sms.do as https://www.smsapi.pl/docs describes it (format=json)."""

    token = "smsapi-test-token"

    def __init__(self):
        super().__init__()
        self.sent: list[dict] = []  # messages SMSAPI would have sent (not test ones)
        self.seen_idx: set[str] = set()

    def answer(self, call):
        self.calls.append(call)
        if call.headers.get("Authorization") != f"Bearer {self.token}":
            return _json(401, {"error": 101, "message": "Authorization failed"})
        if not call.path.startswith("/sms.do"):
            return _json(404, {"error": 8, "message": "Error in request"})
        form = call.form
        number = form.get("to", "")
        if number in self.refused_numbers or "+" + number in self.refused_numbers:
            return _json(200, {
                "invalid_numbers": [{"number": number, "submitted_number": number, "message": "Invalid phone number"}],
                "error": 13, "message": "No correct phone numbers",
            })  # fmt: skip
        idx = form.get("idx", "")
        if idx and form.get("check_idx") in ("1", "true", "True") and idx in self.seen_idx:
            return _json(200, {"error": 53, "message": "Not unique idx parameter, message with the same idx was sent"})
        message_id = str(secrets.randbelow(10**19))
        test = form.get("test") in ("1", "true", "True")
        if not test:
            self.seen_idx.add(idx)
            self.sent.append({**form, "id": message_id})
            if form.get("notify_url"):
                _later(self._report, form, message_id)
        return _json(200, {"count": 1, "list": [{
            "id": message_id, "points": 0.16, "number": number, "date_sent": int(time.time()),
            "submitted_number": number, "status": "QUEUE", "error": None, "idx": idx or None, "parts": 1,
        }]})  # fmt: skip

    def _report(self, form, message_id):
        query = urllib.parse.urlencode({
            "MsgId": message_id, "status": "404", "status_name": "DELIVERED", "idx": form.get("idx", ""),
            "donedate": int(time.time()), "username": "sklep@example.pl", "points": "0.16",
            "from": form.get("from", ""), "to": form.get("to", ""), "mcc": "260", "mnc": "2",
        })  # fmt: skip
        url = form["notify_url"]
        _get(url + ("&" if "?" in url else "?") + query)


# --- Twilio ----------------------------------------------------------------------------------
class FakeTwilio(FakeServer):
    """POST /2010-04-01/Accounts/{AccountSid}/Messages.json as Twilio's REST API answers it."""

    account_sid = "AC" + "0" * 32
    auth_token = "twilio-test-auth-token"

    def __init__(self):
        super().__init__()
        self.sent: list[dict] = []
        self.reports = True  # call each message's StatusCallback, as Twilio does

    def answer(self, call):
        self.calls.append(call)
        auth = call.headers.get("Authorization", "")
        expected = f"{self.account_sid}:{self.auth_token}"
        if not auth.startswith("Basic ") or b64decode(auth[6:]).decode() != expected:
            return _json(401, {"code": 20003, "message": "Authenticate",
                               "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401})  # fmt: skip
        if call.path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return _json(404, {"code": 20404, "message": "The requested resource was not found",
                               "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404})  # fmt: skip
        form = call.form
        if form.get("To") in self.refused_numbers:
            return _json(400, {"code": 21211, "message": f"The 'To' number {form['To']} is not a valid phone number.",
                               "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})  # fmt: skip
        sid = "SM" + secrets.token_hex(16)
        self.sent.append({**form, "sid": sid})
        if form.get("StatusCallback") and self.reports:
            _later(self._report, form, sid)
        now = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
        return _json(201, {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": form.get("Body", ""),
            "date_created": now, "date_sent": None, "date_updated": now, "direction": "outbound-api",
            "error_code": None, "error_message": None, "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"), "num_media": "0", "num_segments": "1",
            "price": None, "price_unit": "USD", "sid": sid, "status": "queued", "to": form.get("To"),
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
        })  # fmt: skip

    def signed_post(self, url: str, params: dict, token: str | None = None):
        from twilio.request_validator import RequestValidator

        signature = RequestValidator(token or self.auth_token).compute_signature(url, params)
        _post(url, urllib.parse.urlencode(params).encode(), {
            "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded",
        })  # fmt: skip

    def _report(self, form, sid):
        for status in ("sent", "delivered"):
            self.signed_post(form["StatusCallback"], {
                "MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
                "AccountSid": self.account_sid, "From": form.get("From", ""), "To": form.get("To", ""),
                "ApiVersion": "2010-04-01",
            })  # fmt: skip


# --- a generic JSON gateway ----------------------------------------------------------------
class FakeJsonGateway(FakeServer):
    """POST /api/messages {"to", "text", "ref", "callback"} with a bearer key; answers
    {"messages": [{"id": ..., "status": "accepted"}]} and later POSTs {"id", "status"} to callback."""

    key = "json-gateway-key"

    def __init__(self):
        super().__init__()
        self.sent: list[dict] = []

    def answer(self, call):
        self.calls.append(call)
        if call.headers.get("Authorization") != f"Bearer {self.key}":
            return _json(401, {"error": "unauthorized"})
        try:
            data = json.loads(call.body or b"{}")
        except ValueError:
            return _json(400, {"error": "bad_json"})
        if data.get("to") in self.refused_numbers:
            return _json(422, {"error": "invalid_number", "detail": f"{data.get('to')} is not a mobile number"})
        message_id = "g-" + secrets.token_hex(6)
        self.sent.append({**data, "id": message_id})
        if data.get("callback"):
            body = json.dumps({"id": message_id, "status": "delivered"}).encode()
            _later(_post, data["callback"], body, {"Content-Type": "application/json"})
        return _json(200, {"messages": [{"id": message_id, "status": "accepted"}]})


# --- faults in front of Kannel -----------------------------------------------------------------
class FaultProxy(FakeServer):
    """Forwards to Kannel's sendsms unless told to fail: "server_error" (500, nothing sent),
    "hang" (no answer, nothing sent), "forward_then_hang" (Kannel sends it, the answer is lost)."""

    def __init__(self, target_base: str):
        super().__init__()
        self.target_base = target_base

    def dispatch(self, call):
        if self.mode == "forward_then_hang":
            self.calls.append(call)
            self._forward(call)
            self.release.wait(HANG_SECONDS)
            return 504, {}, b"hung"
        return super().dispatch(call)

    def answer(self, call):
        self.calls.append(call)
        return self._forward(call)

    def _forward(self, call):
        request = urllib.request.Request(self.target_base + call.path, data=call.body or None, method=call.method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, {"Content-Type": "text/plain"}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {"Content-Type": "text/plain"}, error.read()
        except OSError as error:
            return 502, {"Content-Type": "text/plain"}, str(error).encode()
