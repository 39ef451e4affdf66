"""A minimal shop that logs its customers in with Zgoda, the way any OpenID Connect client
does, knowing nothing of Zgoda but its discovery URL, a client id and a secret: authlib for
the authorization code flow with PKCE, state and nonce, joserfc to verify the ID token
against the JWKS. It runs in its own process:

    python -m zgoda.identity.tests.relying_party --issuer URL --client-id ID --client-secret S --port P

GET /login starts a login; /callback shows {"id_token": claims, "userinfo": claims} as JSON
in <pre id="claims">, or the error in <pre id="error">. Standard library and authlib only.
"""

import argparse
import html
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet


class RelyingParty:
    def __init__(self, issuer, client_id, client_secret, redirect_uri):
        self.issuer, self.client_id, self.client_secret = issuer, client_id, client_secret
        self.redirect_uri = redirect_uri
        self.pending: dict[str, dict] = {}  # state -> nonce, code verifier (server side: no cookies)
        self.lock = threading.Lock()

    def discovery(self) -> dict:
        response = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10)
        response.raise_for_status()
        return response.json()

    def session(self) -> OAuth2Session:
        return OAuth2Session(self.client_id, self.client_secret, scope="openid email phone consents",
                             redirect_uri=self.redirect_uri, code_challenge_method="S256",
                             token_endpoint_auth_method="client_secret_basic")

    def start(self) -> str:
        meta = self.discovery()
        state, nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(16), secrets.token_urlsafe(48)
        with self.lock:
            self.pending[state] = {"nonce": nonce, "verifier": verifier}
        url, _ = self.session().create_authorization_url(
            meta["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier)
        return url

    def finish(self, callback_url: str) -> dict:
        query = parse_qs(urlsplit(callback_url).query)
        if "error" in query:
            raise ValueError(f"authorization refused: {query['error'][0]}")
        with self.lock:
            pending = self.pending.pop(query.get("state", [""])[0], None)
        if pending is None:
            raise ValueError("unknown state")
        meta = self.discovery()
        if meta["issuer"] != self.issuer:
            raise ValueError(f"issuer {meta['issuer']!r} is not {self.issuer!r}")
        session = self.session()
        token = session.fetch_token(meta["token_endpoint"], authorization_response=callback_url,
                                    code_verifier=pending["verifier"])
        keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
        decoded = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.issuer}, aud={"essential": True, "value": self.client_id},
            nonce={"essential": True, "value": pending["nonce"]}, exp={"essential": True}, sub={"essential": True},
        ).validate(decoded.claims)
        userinfo = session.get(meta["userinfo_endpoint"], timeout=10)
        userinfo.raise_for_status()
        return {"id_token": decoded.claims, "userinfo": userinfo.json()}


def handler_for(party: RelyingParty):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = urlsplit(self.path).path
            if path == "/login":
                self.send_response(302)
                self.send_header("Location", party.start())
                self.end_headers()
            elif path == "/callback":
                try:
                    claims = party.finish(party.redirect_uri + self.path[len(path):])
                    body = f'<pre id="claims">{html.escape(json.dumps(claims, indent=1))}</pre>'
                except Exception as error:  # noqa: BLE001  (shown to the test, which fails with it)
                    body = f'<pre id="error">{html.escape(type(error).__name__ + ": " + str(error))}</pre>'
                self.page(body)
            else:
                self.page('<a id="login" href="/login">Zaloguj przez Zgodę</a>')

        def page(self, body):
            content = f"<!DOCTYPE html><html><body>{body}</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    return Handler


def main(argv=None):
    parser = argparse.ArgumentParser()
    for name in ("--issuer", "--client-id", "--client-secret"):
        parser.add_argument(name, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    party = RelyingParty(args.issuer.rstrip("/"), args.client_id, args.client_secret,
                         f"http://localhost:{args.port}/callback")
    server = ThreadingHTTPServer(("localhost", args.port), handler_for(party))
    print("ready", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
