"""A real HTTP server on loopback for the gateways' callbacks into Zgoda (delivery reports,
inbound SMS), whose requests the Django app handles in the test's own thread.

Kannel, and the fake SMSAPI and Twilio servers, call `url` over real HTTP. A server thread
reads each request and parks it; the test calls `pump()` (or `pump_until()`), which runs
the parked requests through Django's full handler stack (middleware, URL resolver, view)
in the test thread, and the answer goes back over the socket. So every database access
stays in the test's thread and transaction, whatever the database, and the test decides
when a report is processed (e.g. after the worker has recorded its send).
"""

from __future__ import annotations

import io
import queue
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

HOST = "127.0.0.1"


class _Parked:
    def __init__(self, environ):
        self.environ = environ
        self.done = threading.Event()
        self.status, self.headers, self.body = "503 Service Unavailable", [], b"not pumped in time"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # socketserver's default listen backlog is 5: a gateway that opens a burst of report
    # connections and exits (smsbox stopped) lost the ones not yet accepted.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a gateway that hung up before its answer: nothing to do


class CallbackServer:
    def __init__(self, wait_seconds: float = 60.0):
        self.parked: queue.Queue[_Parked] = queue.Queue()
        self.wait_seconds = wait_seconds
        self.handled: list[tuple[str, str, int]] = []  # (method, path with query, status)
        self.httpd = _Server((HOST, 0), _Quiet)
        self.httpd.set_app(self._park)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="callback-server", daemon=True)
        self.thread.start()

    def _park(self, environ, start_response):
        """Runs in the server thread: hold the request until the test pumps it."""
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ = dict(environ)
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length) if length else b"")
        parked = _Parked(environ)
        self.parked.put(parked)
        parked.done.wait(self.wait_seconds)
        start_response(parked.status, parked.headers)
        return [parked.body]

    def pump(self, timeout: float = 0.0) -> int:
        """Handle the parked requests in this thread; wait up to `timeout` for the first one."""
        from django.test.client import ClientHandler

        handler = ClientHandler(enforce_csrf_checks=True)
        handled = 0
        while True:
            try:
                parked = self.parked.get(timeout=timeout) if timeout and not handled else self.parked.get_nowait()
            except queue.Empty:
                return handled
            try:
                response = handler(parked.environ)
                parked.status = f"{response.status_code} {response.reason_phrase}"
                parked.headers = [(k, v) for k, v in response.items()]
                parked.body = response.content
                path = parked.environ.get("PATH_INFO", "")
                if parked.environ.get("QUERY_STRING"):
                    path += "?" + parked.environ["QUERY_STRING"]
                self.handled.append((parked.environ["REQUEST_METHOD"], path, response.status_code))
            finally:
                parked.done.set()
            handled += 1

    def pump_until(self, predicate, timeout: float = 10.0, interval: float = 0.02) -> bool:
        """Pump until predicate() is true (checked after each round); False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            if predicate():
                return True
            if time.monotonic() > deadline:
                return False
            self.pump(timeout=interval)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        while not self.parked.empty():
            self.parked.get_nowait().done.set()
