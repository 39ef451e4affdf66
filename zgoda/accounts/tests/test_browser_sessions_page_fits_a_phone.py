"""The sessions page ("log out everywhere") fits a phone: each session by its device's name,
this one marked, nothing pushing the page sideways (its table of browser strings was 528 px)."""

import pytest
from django.test import Client

from conftest import CHROMIUM_ARGS, PHONE_VIEWPORT, make_user  # noqa: F401  (CHROMIUM_ARGS: same launch)

pytestmark = pytest.mark.browser

LONG_AGENT = ("Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.122 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0]")


@pytest.mark.parametrize("language", ["pl", "en"])
def test_sessions_page_has_no_sideways_scroll_at_390_px(chromium, live_server, transactional_db, language,
                                                        screenshots):
    from allauth.usersessions.models import UserSession

    person = make_user("sesje@example.com")
    context = chromium.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale=f"{language}-PL",
                                   user_agent=LONG_AGENT, extra_http_headers={"Accept-Language": language})
    try:
        session, elsewhere = Client(), Client()
        session.force_login(person)
        elsewhere.force_login(person)
        for key, ip in ((session.session.session_key, "2001:db8:85a3:8d3:1319:8a2e:370:7348"),
                        (elsewhere.session.session_key, "203.0.113.77")):  # this browser's and another phone's
            UserSession.objects.create(user=person, session_key=key, ip=ip, user_agent=LONG_AGENT)
        context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value,
                              "url": live_server.url}])
        page = context.new_page()
        page.goto("/accounts/sessions/")
        assert page.locator("ul.devices li").count() == 2
        assert page.get_by_test_id("this-session").count() == 1
        assert "Mozilla/5.0" not in page.content()
        screenshots(page, f"sessions-{language}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    finally:
        context.close()
