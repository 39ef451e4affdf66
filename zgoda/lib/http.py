"""Facts about the request: the client's address and a readable device name."""

from django.conf import settings


def client_ip(request) -> str:
    proxies = getattr(settings, "ZGODA_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:500]


def device_name(ua_string: str) -> str:
    """'Chrome na Android', 'Safari na iOS', 'Firefox na Windows'."""
    from django.utils.translation import gettext as _
    from user_agents import parse as parse_user_agent  # here: importing it compiles ua-parser's regexes (~0.7 s)

    if not ua_string:
        return _("Nieznane urządzenie")
    ua = parse_user_agent(ua_string)
    browser = ua.browser.family if ua.browser.family != "Other" else _("Przeglądarka")
    system = ua.os.family if ua.os.family != "Other" else _("nieznany system")
    browser = browser.replace("Chrome Mobile", "Chrome").replace("Mobile Safari", "Safari")
    return _("%(browser)s na %(system)s") % {"browser": browser, "system": system}


def client_network(request) -> str:
    """What limits count a client by: its address, an IPv6 address by its /64 ("" when unknown)."""
    from .ratelimit import network_key

    return network_key(client_ip(request))
