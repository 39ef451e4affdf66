"""A login with the keyboard alone, as a person who cannot use a mouse or touch would do it:
Tab to the e-mail box, type, Tab to the password, Enter; on the code page the code box has
the focus, type the code from the SMS, Enter: logged in. Then Tab reaches "Wyloguj"."""

import pytest

from conftest import PASSWORD, PHONE, last_code, make_user

pytestmark = pytest.mark.browser


def _tab_to(page, selector, most=40):
    for _ in range(most):
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_customer_logs_in_and_out_with_the_keyboard_alone(phone_browser, live_server, screenshots):
    make_user("jan@example.com", phone=PHONE)
    page = phone_browser.new_page()
    page.goto("/accounts/login/")
    _tab_to(page, "input[name=login]")
    page.keyboard.type("jan@example.com")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/challenge/")
    assert page.evaluate("document.activeElement.name") == "code"  # the box waits for the code
    _, code = last_code(PHONE)
    page.keyboard.type(code)
    screenshots(page, "code-typed")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    _tab_to(page, "header form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("navigation").get_by_role("link", name="Zaloguj się").wait_for()
