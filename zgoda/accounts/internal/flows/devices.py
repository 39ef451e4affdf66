"""Trusted devices: a random token in an HttpOnly cookie, only its HMAC on the server.
Seen browsers: which accounts a browser has logged in to, so only a new one gets an e-mail."""

from datetime import timedelta

from django.core import signing
from django.db.models import CharField, DateTimeField, IntegerField
from django.utils import timezone

from zgoda.lib import crypto, plainsql
from zgoda.lib.http import client_ip, device_name, user_agent
from zgoda.lib.prepared import Param, Prepared

from ... import app_settings
from ...models import AuditEvent, TrustedDevice
from . import audit

HASH_PURPOSE = "device"


def _trusted_since(now=None):
    """A device seen before this is no longer trusted."""
    return (now or timezone.now()) - timedelta(days=app_settings.trusted_device_days())


def _active():
    """The account's trusted devices (Params: user_id, since: _trusted_since)."""
    return TrustedDevice.objects.filter(
        user_id=Param("user_id", IntegerField()), revoked_at__isnull=True, last_seen_at__gte=Param("since", DateTimeField()))


_ACTIVE = Prepared(_active)
_BY_TOKEN = Prepared(lambda: _active().filter(token_hmac=Param("token_hmac", CharField()))[:1])


def active_devices(user) -> list[TrustedDevice]:
    """The account's devices still trusted, the last seen first; each `label` names it in the
    page's language (its stored `name` is in the language it was trusted in)."""
    devices = _ACTIVE.list(user_id=user.pk, since=_trusted_since())
    for device in devices:
        device.label = device_name(device.user_agent) if device.user_agent else device.name
    return devices


def _by_token(user, token, now=None) -> TrustedDevice | None:
    device = _BY_TOKEN.first(user_id=user.pk, token_hmac=crypto.keyed_hash(HASH_PURPOSE, token), since=_trusted_since(now))
    return device if device is not None and crypto.matches(HASH_PURPOSE, token, device.token_hmac) else None


def this_device_id(request, active: list[TrustedDevice]) -> int | None:
    """The id of the device among the account's `active` ones (active_devices) that this
    request comes from (its cookie), or None."""
    token = request.COOKIES.get(app_settings.DEVICE_COOKIE)
    if not token:
        return None
    return next((d.pk for d in active if crypto.matches(HASH_PURPOSE, token, d.token_hmac)), None)


def trusted_device_for(request, user) -> TrustedDevice | None:
    """The trusted device this request comes from, its validity slid forward; or None."""
    token = request.COOKIES.get(app_settings.DEVICE_COOKIE)
    if not token:
        return None
    now = timezone.now()
    device = _by_token(user, token, now)
    if device is None:
        return None
    device.last_seen_at = now
    device.ip = client_ip(request) or None
    plainsql.update(device, ("last_seen_at", "ip"))
    return device


def trust_this_device(request, response, user) -> TrustedDevice:
    token = crypto.random_token()
    ua = user_agent(request)
    device = TrustedDevice.objects.create(
        user=user,
        token_hmac=crypto.keyed_hash(HASH_PURPOSE, token),
        name=device_name(ua),
        ip=client_ip(request) or None,
        user_agent=ua,
    )
    response.set_cookie(
        app_settings.DEVICE_COOKIE,
        token,
        max_age=app_settings.trusted_device_days() * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    audit.record(AuditEvent.Event.DEVICE_TRUSTED, request, user=user, device=device.name, device_id=device.pk)
    return device


def revoke(user, *, request=None, device_id=None, reason="user") -> int:
    """Revoke one device (device_id) or all of the user's; returns how many."""
    devices = TrustedDevice.objects.filter(user=user, revoked_at__isnull=True)
    if device_id is not None:
        devices = devices.filter(pk=device_id)
    ids = list(devices.values_list("pk", flat=True))
    if ids:
        TrustedDevice.objects.filter(pk__in=ids).update(revoked_at=timezone.now(), revoke_reason=reason)
        audit.record(AuditEvent.Event.DEVICE_REVOKED, request, user=user, device_ids=ids, reason=reason)
    return len(ids)


SEEN_SALT = "zgoda.accounts.seen"


def _seen_tag(user) -> str:
    """The account's mark in a browser's seen list; a password change makes every browser new."""
    return crypto.keyed_hash("seen-browser", f"{user.pk}:{user.password}")[:16]


def _seen_tags(request) -> list[str]:
    try:
        tags = signing.loads(request.COOKIES.get(app_settings.SEEN_COOKIE, ""), salt=SEEN_SALT)
    except signing.BadSignature:
        return []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def seen_before(request, user) -> bool:
    """Whether this browser logged in to the account before (with a second factor, since its
    last password change): then a login from it is not a new device."""
    return _seen_tag(user) in _seen_tags(request)


def remember_seen(request, response, user) -> None:
    """Mark the browser as one the account logged in from: signed, HttpOnly, no personal data
    (a keyed tag per account); the newest SEEN_MAX_ACCOUNTS accounts are kept."""
    tag = _seen_tag(user)
    tags = [tag] + [t for t in _seen_tags(request) if t != tag]
    response.set_cookie(
        app_settings.SEEN_COOKIE,
        signing.dumps(tags[: app_settings.SEEN_MAX_ACCOUNTS], salt=SEEN_SALT, compress=True),
        max_age=app_settings.SEEN_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
