"""No request makes a 500: every URL pattern of zgoda.urls (the admin's too) and every form
field of every page, fed overlong strings, Unicode, NUL bytes, odd digits, huge ids, several
values for one field and JSON where a form is expected, by GET and POST, as an anonymous
visitor, a logged-in customer and a staff member with 2FA. Deterministic (a fixed seed); each
URL's requests run in a savepoint rolled back afterwards, so a fuzzed "delete" or "log out"
does not change what the next URL sees.

A failure lists each 5xx with the request that made it and the exception's last line.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from conftest import make_user
from zgoda.accounts.models import TrustedDevice
from zgoda.campaigns.models import Campaign
from zgoda.sms.tests.conftest import use_providers

SEED = 11
TIME_BUDGET = 55.0  # CPU seconds of this process (a busy machine slows the wall clock, not this); the walk is cut (and says so) rather than slowing `make test`
HUGE_DIGITS = "9" * 100_000
VALUES = [
    "x" * 100_000,
    "zażółć gęślą jaźń 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e\ufeff\u0301 中文 😀",
    "a\x00b",
    "\x00",
    "²³⁴⁵⁶⁷",
    "٣٤٥",
    "9" * 20,
    HUGE_DIGITS,
    "-1",
    "0",
    "",
    " ",
    "1e309",
    "NaN",
    "[]",
    '{"a": 1}',
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "https://evil.example/",
    "+48500100200",
    "2026-02-30",
    "true",
]
HARD = ["x" * 100_000, "a\x00b", "²³⁴⁵⁶⁷", "9" * 20, HUGE_DIGITS, "-1", "", "zażółć 😀\u202e"]
PATH_VALUES = ["9" * 20, "²³⁴⁵⁶⁷", "0", "x" * 3000, "%00", "%C5%BC%C3%B3%C5%82w", "-1", "1.5"]
EXTRA_QUERY = ["next", "device_id", "id", "pk", "page", "p", "o", "q", "e", "token", "to", "code", "phone",
               "_changelist_filters", "status", "secret", "from", "text", "action", "all", "purpose"]  # fmt: skip
VALID_PARAMS = {"provider_name": "kannel", "slug": "wiosna"}
GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)")


class _Forms(HTMLParser):
    """The forms of a page: (method, action, {field: [values]})."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = ((attrs.get("method") or "get").lower(), attrs.get("action") or "", {})
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and self._current is not None and attrs.get("name"):
            self._current[2].setdefault(attrs["name"], []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(response) -> list[tuple[str, str, dict]]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode(errors="replace"))
    return parser.forms


def _fragments(pattern, rng, valid: bool, fuzzed: int = 3):
    """Concrete text for one level of a URL pattern: a valid-looking one, or fuzzed ones."""
    if hasattr(pattern, "_route"):
        route = pattern._route
        if "<" not in route:
            return [route]
        if valid:
            return [re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: VALID_PARAMS.get(m.group(2), "1"), route)]
        return [re.sub(r"<(?:(\w+):)?(\w+)>", lambda m, v=value: v, route) for value in rng.sample(PATH_VALUES, fuzzed)]
    regex = pattern._regex

    def sample(match, value):
        body = match.group(2)
        words = [w for w in body.split("|") if re.fullmatch(r"[\w-]+", w)]
        if valid and words:
            return words[0]
        if valid and "0-9" in body:
            return "1"
        if valid and "0-9a-f" in body:
            return "0" * 40
        return value if not valid else "x"

    values = ["1"] if valid else rng.sample(PATH_VALUES, min(fuzzed, 2))
    out = []
    for value in values:
        text = GROUP.sub(lambda m, v=value: sample(m, v), regex)
        text = re.sub(r"\\A|\\Z|^\^|\$$", "", text).replace("\\", "")
        out.append(re.sub(r"\(\?:[^)]*\)\??", "", text))
    return out


def all_paths(rng) -> list[tuple[str, bool]]:
    """(path, valid) for every URL pattern of zgoda.urls: one valid-looking path each, and for
    patterns with parameters a few with odd values."""
    found: list[tuple[str, bool]] = []

    def walk(patterns, prefixes):
        for pattern in patterns:
            for valid in (True, False):
                fuzzed = 2 if prefixes[0][0].startswith("/admin/") else 4  # the admin's many models: fewer each
                fragments = _fragments(pattern.pattern, rng, valid, fuzzed)
                if not valid and fragments == _fragments(pattern.pattern, rng, True):
                    continue
                for prefix, prefix_valid in prefixes:
                    for fragment in fragments:
                        combined = (prefix + fragment, prefix_valid and valid)
                        if isinstance(pattern, URLResolver):
                            walk(pattern.url_patterns, [combined])
                        elif isinstance(pattern, URLPattern):
                            found.append(combined)
                if isinstance(pattern, URLResolver):
                    break  # fuzz a resolver's own parameters through its first level only

    walk(get_resolver().url_patterns, [("/", True)])
    found = list(dict.fromkeys(found))
    return sorted(found, key=lambda item: item[0].startswith("/admin/"))  # the admin last


def _with_real_pk(path: str) -> str:
    """Admin object pages: the first object of the model instead of "1"."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    admin = getattr(match.func, "model_admin", None)
    if admin is None or "object_id" not in match.kwargs:
        return path
    pk = admin.model._default_manager.values_list("pk", flat=True).first()
    return path.replace("/1/", f"/{pk}/", 1) if pk is not None else path


def fuzzed_fields(fields: dict, rng) -> list[dict]:
    """Every field garbage at once; then one field at a time among the form's own values (so a
    check of an earlier field cannot hide what a later one does)."""
    names = list(fields) or ["x"]
    own = {name: values[0] for name, values in fields.items()}
    return [
        {name: rng.choice(VALUES) for name in names},
        {name: rng.choice(VALUES) for name in names},
        {name: [rng.choice(VALUES), rng.choice(VALUES)] for name in names},  # a list where one value is expected
        {name: HUGE_DIGITS if i % 2 else "²³⁴⁵⁶⁷" for i, name in enumerate(names)},
        *({**own, name: value} for name in names if not name.startswith("csrf")
          for value in (rng.choice(HARD),)),
    ]


@pytest.fixture
def people(db, settings):
    customer = make_user("anna@example.com", phone="+48500100200")
    staff = make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True)
    Campaign.objects.create(name="Wiosna", slug="wiosna")
    TrustedDevice.objects.create(user=customer, token_hmac="0" * 64, name="Firefox na Linux")  # a form per device
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:9/", "username": "u", "password": "p"}),
                  twilio=("twilio", {"account_sid": "AC" + "0" * 32, "auth_token": "x"}))  # fmt: skip
    return {"anonymous": None, "customer": customer, "staff": staff}


def test_no_request_makes_a_5xx(people):
    rng = random.Random(SEED)
    errors: list[str] = []

    def record(sender, request=None, **kwargs):
        errors.append(traceback.format_exc().strip().splitlines()[-1][:300])

    got_request_exception.connect(record)
    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.CRITICAL  # thousands of 4xx warnings: slow and noise
    failures: list[str] = []
    started = time.process_time()
    requests = 0
    paths = all_paths(rng)
    assert len(paths) > 100  # the walk still finds the admin's and allauth's patterns
    cut = None
    clients = {who: Client(raise_request_exception=False) for who in people}
    try:
        for path, valid in paths:
            if time.process_time() - started > TIME_BUDGET:
                cut = path
                break
            for who, user in people.items():
                if who != "staff" and path.startswith("/admin/") and not valid:
                    continue  # the admin sends them away before it reads any parameter
                client = clients[who]  # one per person: a new Client loads the middleware (whitenoise's scan)
                client.cookies.clear()
                with transaction.atomic():
                    path = _with_real_pk(path) if valid else path
                    first: list = []  # the answer to the page's own GET, whose forms are fuzzed next
                    thorough = valid and (who == "staff" or not path.startswith("/admin/"))
                    for method, target, data, kwargs in _requests(path, thorough, rng, first):
                        errors.clear()
                        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
                        if user is not None and (cookie is None or not cookie.value):
                            client.force_login(user)  # a fuzzed form logged out (or a session ended): back in
                        response = getattr(client, method)(target, data, **kwargs)
                        first[:] = first or [response]
                        requests += 1
                        if response.status_code >= 500:
                            shown = {k: (v if len(str(v)) < 40 else f"{str(v)[:20]}...({len(str(v))})")
                                     for k, v in (data.items() if isinstance(data, dict) else [("json", data)])}  # fmt: skip
                            failures.append(f"{who} {method.upper()} {target[:120]} -> {response.status_code} "
                                            f"{errors[-1] if errors else ''}\n    {str(shown)[:300]}")  # fmt: skip
                    transaction.set_rollback(True)
    finally:
        got_request_exception.disconnect(record)
        request_log.setLevel(level)
    elapsed = time.process_time() - started
    print(f"fuzz: {requests} requests over {len(paths)} paths in {elapsed:.1f} CPU s" + (f", cut at {cut}" if cut else ""))
    assert not failures, f"{len(failures)} responses 5xx:\n" + "\n".join(dict.fromkeys(failures))
    assert requests > 5000


def _requests(path, valid, rng, first):
    """GET the page; GET it with fuzzed query values; POST each of its forms fuzzed; POST JSON.
    `first` holds the answer to the first GET once it is made."""
    yield "get", path, {}, {}
    if not valid:
        yield "post", path, {"x": rng.choice(VALUES)}, {}
        return
    forms = forms_of(first[0])
    names = {name for _, _, fields in forms for name in fields} | set(EXTRA_QUERY)
    yield "get", path, {name: rng.choice(VALUES) for name in sorted(names)}, {}
    for method, action, fields in forms[:5]:
        target = urlsplit(urljoin("http://testserver" + path, action)).path or path
        for data in fuzzed_fields(fields, rng)[: 40 if method == "post" else 6]:
            yield ("post" if method == "post" else "get"), target, data, {}
    # Parameters the page's forms may not show right now (e.g. device_id with no device listed).
    yield "post", path, {name: rng.choice(HARD) for name in sorted(names)}, {}
    if not path.startswith("/admin/"):
        for name in rng.sample(EXTRA_QUERY, 8):
            yield "post", path, {name: rng.choice(HARD)}, {}
    body = json.dumps({name: rng.choice([None, 1, [1, 2], {"a": "b"}, "x" * 5000]) for name in sorted(names)})
    yield "post", path, body, {"content_type": "application/json"}
    yield "post", path, "\x00{" * 1000, {"content_type": "application/x-www-form-urlencoded"}
