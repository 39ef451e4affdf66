"""After the code, the number's page: on the list or not, each marketing consent tied to the
number with its legal basis, version (full text viewable) and dates; marketing SMS of the
last 12 months; withdraw in one click; one JSON file with the number's data. Nothing of
any account: no e-mail (not even masked), IP, browser, audit event or login code.
/accounts/privacy/ shows a logged-in person everything of the account."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import PHONE, last_code, make_user
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ConsentText, ContactPoint, Purpose
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms.models import Message

from .conftest import CODE, ME, PORTAL, consenting, marketing_sms, page
from .people import EMAIL, IP, UA, full_person

OTHER = "+48600200300"
VISITOR = {"REMOTE_ADDR": "198.51.100.9", "HTTP_USER_AGENT": "PortalVisitor/3.0"}
ACCOUNT_KEYS = {"email", "ip", "user_agent", "account", "accounts", "email_addresses", "sms_two_factor",
                "trusted_devices", "audit_events", "consent_history", "consent_states", "marketing_number",
                "security_invitations", "code", "codes", "code_challenges", "account_links", "last_login"}
LINK_ANSWER = "Jeśli z tego numeru korzysta konto, wysłaliśmy link na jego adres e-mail."


def verified(client, phone="500 100 200", e164=PHONE, **extra):
    client.post(PORTAL, {"phone": phone}, **extra)
    _, code = last_code(e164)
    assert client.post(CODE, {"code": code}, **extra)["Location"] == ME
    return client


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_in(v) for v in value))
    return set()


@pytest.fixture
def person(db):
    someone = consenting()
    marketing_sms(PHONE, 2, tag="Wiosenna promocja")
    old = marketing_sms(PHONE, 1, tag="Stara kampania 2024")[0]
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    return someone


def test_number_page_shows_list_status_basis_version_dates_and_recent_marketing_and_no_email(client, person):
    body = page(verified(client).get(ME))
    assert "ten numer jest na liście" in body
    assert "zgoda: RODO art. 6 ust. 1 lit. a" in body
    text = ConsentText.objects.filter(purpose=Purpose.SMS_MARKETING, language="pl").latest("published_at")
    assert f'href="/accounts/consents/texts/{text.pk}/"' in body and f"wersja {text.version} (pełna treść)" in body
    assert client.get(f"/accounts/consents/texts/{text.pk}/").status_code == 200  # readable without an account
    given = ConsentEvent.objects.filter(user=person, purpose=Purpose.SMS_MARKETING).latest("id").created_at
    assert timezone.localtime(given).strftime("%H:%M") in body
    assert "<dt>Gdzie</dt><dd>w sklepie</dd>" in body and "2FA" not in body  # given in the shop, no account named
    assert body.count("Wiosenna promocja") == 2 and "Stara kampania 2024" not in body
    assert "Kod" not in body.split('data-testid="marketing-messages"')[1].split("</section>")[0]
    # Nothing of the account: no e-mail (not even masked), no terms consent, no account facts.
    assert "@" not in body and "anna" not in body
    assert "regulamin" not in body and "umowa: RODO" not in body


def test_withdraw_is_one_click_keeps_the_account_number_and_records_no_ip_or_browser(client, person):
    verified(client, **VISITOR)
    body = page(client.post("/privacy/me/withdraw/", follow=True, **VISITOR))
    assert "Zgoda na SMS-y marketingowe została wycofana" in body and "tego numeru nie ma na liście" in body
    assert not validity.marketing_valid(person)
    event = ConsentEvent.objects.filter(user=person).latest("id")
    assert (event.action, event.source, event.label) == ("withdrawn", "privacy_portal", "Wycofuję zgodę")
    assert (event.ip, event.user_agent) == (None, "")  # the number's holder is not the account
    assert ContactPoint.objects.get(user=person).phone == PHONE
    assert SmsTwoFactor.objects.get(user=person).phone == PHONE
    assert DataSubjectRequest.objects.filter(kind="withdrawal", channel="portal").count() == 1
    again = page(client.post("/privacy/me/withdraw/", follow=True))
    assert "Ten numer nie ma zgody na SMS-y marketingowe" in again


def test_number_download_holds_only_the_numbers_data_and_nothing_of_the_account(client, db):
    full_person(client, marketing=3)
    visitor = verified(type(client)(), **VISITOR)
    response = visitor.post("/privacy/me/download/", **VISITOR)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="moje-dane-')
    raw = response.content.decode()
    data = json.loads(raw)
    assert set(data) == {"format", "generated_at", "controller", "subject", "sms_marketing", "sms_sent_to_you",
                         "sms_from_you", "campaigns_received", "optout_links", "privacy_requests",
                         "number_consent_history", "pending_consents"}  # a number-only subject's (none here)
    assert data["subject"] == {"phone": PHONE}
    marketing = data["sms_marketing"]
    text = ConsentText.objects.filter(purpose=Purpose.SMS_MARKETING, language="pl").latest("published_at")
    assert marketing["on_list"] and [c["version"] for c in marketing["consents"]] == [text.version]
    assert "RODO art. 6 ust. 1 lit. a" in marketing["consents"][0]["legal_basis"]
    assert [m["kind"] for m in data["sms_sent_to_you"]] == ["marketing"] * 3  # no login codes
    assert [m["text"] for m in data["sms_from_you"]] == ["Pytanie z nr 500 100 200"]
    assert len(data["optout_links"]) == 1
    # Nothing of the account: no such keys anywhere, no e-mail, IP or browser in any value.
    assert not keys_in(data) & ACCOUNT_KEYS, keys_in(data) & ACCOUNT_KEYS
    for word in ("@", EMAIL, IP, UA, VISITOR["REMOTE_ADDR"], VISITOR["HTTP_USER_AGENT"]):
        assert word not in raw, word
    assert DataSubjectRequest.objects.filter(kind="download", channel="portal").count() == 1


def test_number_known_only_from_the_sms_log_sees_its_messages(client, db):
    marketing_sms(PHONE, 1, tag="Kampania bez konta")
    body = page(verified(client).get(ME))
    assert "tego numeru nie ma na liście" in body and "Kampania bez konta" in body
    assert "Chcę też usunąć konto w sklepie" in body  # offered for any number: it tells nothing


def test_account_link_goes_to_the_account_email_and_answers_alike_for_any_number(client, person):
    verified(client)
    mail.outbox.clear()
    held = page(client.post("/privacy/me/account-link/", follow=True))
    assert LINK_ANSWER in held and "@" not in held
    [message] = mail.outbox
    assert message.to == ["anna@example.com"] and "/privacy/link/" in message.body
    person.refresh_from_db()
    assert person.is_active and validity.marketing_valid(person)  # nothing changes until the link is used

    marketing_sms(OTHER, 1)
    mail.outbox.clear()
    other = verified(type(client)(), "600 200 300", OTHER)
    assert LINK_ANSWER in page(other.post("/privacy/me/account-link/", follow=True))
    assert mail.outbox == []


def test_logged_in_person_sees_the_account_at_accounts_privacy(client, person):
    client.force_login(person)
    body = page(client.get("/accounts/privacy/"))
    assert "jesteś na liście" in body and "RODO art. 6 ust. 1 lit. a" in body and "Wiosenna promocja" in body
    assert "anna@example.com" in body
    data = json.loads(client.post("/accounts/privacy/download/").content)
    assert data["account"]["email"] == "anna@example.com"
    assert data["sms_two_factor"]["phone"] == PHONE
    assert {e["purpose"] for e in data["consent_history"]} >= {"terms", "sms_marketing"}
    client.post("/accounts/privacy/withdraw/")
    assert not validity.marketing_valid(person)
    channels = set(DataSubjectRequest.objects.values_list("channel", flat=True))
    assert channels == {"account"}


def test_accounts_privacy_needs_a_login(client, db):
    response = client.get("/accounts/privacy/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_account_without_number_has_nothing_on_the_list(client, db):
    client.force_login(make_user("bez@example.com"))
    body = page(client.get("/accounts/privacy/"))
    assert "nie jesteś na liście" in body


def test_a_consent_to_a_text_changed_since_says_why_it_keeps_the_number_off_the_list(client, person):
    """Off the list with a consent still granted (its text changed materially since): the page
    says why, so offering to withdraw that consent does not contradict "not on the list"."""
    from zgoda.consent.tests.conftest import publish

    publish(Purpose.SMS_MARKETING, "9.0", material=True)
    body = page(verified(client).get(ME, **VISITOR))
    assert "tego numeru nie ma na liście" in body and 'data-testid="withdraw"' in body
    assert "jej treść istotnie się zmieniła" in body
    client.force_login(person)
    own = page(client.get("/accounts/privacy/"))
    assert "nie jesteś na liście" in own and 'data-testid="withdraw"' in own
    assert "treść zgody zmieniła się" in own and "a treść zmieniła się istotnie" in own, "the reason, as /consents/ says it"


def test_a_granted_consent_whose_number_is_blocked_is_not_shown_green_beside_off_the_list(client, person):
    from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    client.force_login(person)
    own = page(client.get("/accounts/privacy/"))
    assert "nie jesteś na liście" in own and "numer zablokowany" in own
    marketing_row = own.split('data-testid="purpose-sms_marketing"')[1].split("</h3>")[0]
    assert "udzielona, SMS-y wstrzymane" in marketing_row and "badge on" not in marketing_row
    terms_row = own.split('data-testid="purpose-terms"')[1].split("</h3>")[0]
    assert "badge on" in terms_row, "other consents keep their own badge"


def test_a_number_off_the_list_without_a_consent_gives_no_reason(client, db):
    marketing_sms(PHONE, 1, tag="Kampania bez konta")  # known from the SMS log only
    body = page(verified(client).get(ME))
    assert "tego numeru nie ma na liście" in body and 'data-testid="why-not-on-list"' not in body
