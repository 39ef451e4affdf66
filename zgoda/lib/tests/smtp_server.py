"""A small SMTP server on 127.0.0.1 for tests: Django's own SMTP backend talks to it over a real
socket. `rcpt_reply` is what it answers to RCPT TO ("250 OK", or a refusal such as "450 ..."
or "550 ..."); what it accepted is in `received` (one raw message per DATA)."""

import socket
import socketserver
import threading


class SmtpServer:
    def __init__(self):
        self.rcpt_reply = "250 OK"
        self.received: list[str] = []
        server = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                self._say("220 test ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self._say("250 test")
                    elif verb == "RCPT":
                        self._say(server.rcpt_reply)
                    elif verb == "DATA":
                        self._say("354 go ahead")
                        server.received.append(self._message())
                        self._say("250 queued")
                    elif verb == "QUIT":
                        self._say("221 bye")
                        return
                    else:  # MAIL, RSET, NOOP
                        self._say("250 OK")

            def _message(self) -> str:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line.decode("utf-8", "replace"))
                return "".join(lines)

            def _say(self, reply: str):
                self.wfile.write(reply.encode("ascii") + b"\r\n")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (a mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
