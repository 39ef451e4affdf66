"""A webhook receiver for the tests: an http.server on 127.0.0.1 in a thread, answering
with the status codes it is told (then 200), keeping every request it got."""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


SLOW_SECONDS = 1.5


@dataclass
class Received:
    body: bytes
    headers: dict
    answered: int
    verified: bool | None = None  # the signature checked on arrival, when the receiver knows the secret


class Receiver:
    def __init__(self):
        self.answers: list[int] = []  # answered in order (0: too late, past the timeout); then 200
        self.requests: list[Received] = []
        self.secret: str | None = None
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with owner._lock:
                    status = owner.answers.pop(0) if owner.answers else 200
                    owner.requests.append(Received(body, dict(self.headers.items()), status, owner.check(body, self.headers)))
                if status == 0:
                    time.sleep(SLOW_SECONDS)
                    status = 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if status < 300 else f"status {status}".encode())
                except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/zgoda"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def check(self, body, headers) -> bool | None:
        if self.secret is None:
            return None
        try:
            Webhook(self.secret).verify(body, dict(headers.items()))
        except WebhookVerificationError:
            return False
        return True

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def of_type(self, event_type: str) -> list[Received]:
        import json

        return [r for r in self.requests if json.loads(r.body)["type"] == event_type]
