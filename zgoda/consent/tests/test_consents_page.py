"""/accounts/consents/: every purpose with state, version and date; grant or withdraw in one click."""

from conftest import PHONE, make_user
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint, Purpose, Source

from .conftest import CONSENTS, box_value, enroll, events, page, publish

MARKETING = "/accounts/consents/marketing/"


def test_page_needs_login(client, db):
    response = client.get(CONSENTS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_lists_every_purpose_with_state_version_and_date(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    body = page(signed_in.get(CONSENTS))
    for name in ("SMS-y marketingowe", "Regulamin", "Polityka prywatności", "Numer do logowania dwuetapowego"):
        assert name in body
    assert "zgoda udzielona" in body and "Wersja 1.0, udzielona" in body
    assert "+48 *** *** 200" in body
    assert "Logowanie dwuetapowe jest włączone." in body


def test_withdrawal_is_one_post_and_takes_the_number_off_the_export(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    response = signed_in.post(MARKETING, {"action": "withdraw"}, follow=True)
    assert "Zgoda na SMS-y marketingowe została wycofana." in page(response)
    last = events(user, Purpose.SMS_MARKETING)[-1]
    assert last.action == "withdrawn" and last.source == Source.ACCOUNT_SETTINGS and last.label == "Wycofuję zgodę"
    assert not validity.marketing_valid(user)
    assert "zgoda wycofana" in page(response)


def test_grant_is_one_post_for_a_person_with_a_confirmed_2fa_number(signed_in, user):
    enroll(signed_in)
    body = page(signed_in.get(CONSENTS))
    assert "brak zgody" in body and "Wyrażam zgodę" in body
    response = signed_in.post(MARKETING, {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)})
    assert response.status_code == 302
    (grant,) = events(user, Purpose.SMS_MARKETING)
    assert grant.source == Source.ACCOUNT_SETTINGS and grant.phone == PHONE
    assert grant.label.startswith("Chcę otrzymywać od sklepu SMS-y")
    assert validity.marketing_valid(user)


def test_grant_with_a_stale_version_changes_nothing_and_says_why(signed_in, user):
    enroll(signed_in)
    stale = box_value(Purpose.SMS_MARKETING)
    publish(Purpose.SMS_MARKETING, "2.0")
    response = signed_in.post(MARKETING, {"action": "grant", "version": stale}, follow=True)
    assert "Treść zgody zmieniła się w międzyczasie." in page(response)
    assert events(user, Purpose.SMS_MARKETING) == []


def test_grant_without_any_confirmed_number_changes_nothing(signed_in, user):
    body = page(signed_in.get(CONSENTS))
    assert "najpierw potwierdź numer telefonu" in body
    response = signed_in.post(MARKETING, {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)}, follow=True)
    assert "Najpierw potwierdź numer telefonu" in page(response)
    assert events(user) == []


def test_withdrawing_without_a_consent_or_an_unknown_action_changes_nothing(signed_in, user):
    response = signed_in.post(MARKETING, {"action": "withdraw"}, follow=True)
    assert "nie ma czego wycofywać" in page(response)
    response = signed_in.post(MARKETING, {"action": "sell"}, follow=True)
    assert "Nieznana operacja." in page(response)
    assert events(user) == []
    assert signed_in.get(MARKETING).status_code == 405


def test_someone_else_s_consent_is_not_shown(signed_in, user):
    other = make_user("olek@example.com", phone="+48600200300")
    ContactPoint.objects.create(user=other, phone="+48600200300")
    assert "+48 *** *** 300" not in page(signed_in.get(CONSENTS))
    assert SmsTwoFactor.objects.filter(user=user).count() == 0


def test_superseded_consent_is_shown_as_such_with_the_new_text_to_grant(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    new = publish(Purpose.SMS_MARKETING, "2.0", label="Nowa treść zgody na SMS-y.")
    body = page(signed_in.get(CONSENTS))
    assert "treść zgody zmieniła się" in body and "Twoja zgoda dotyczy wersji 1.0" in body
    assert "Nowa treść zgody na SMS-y." in body and f'name="version" value="{new.pk}"' in body
    signed_in.post(MARKETING, {"action": "grant", "version": str(new.pk)})
    assert validity.marketing_valid(user)


def test_a_consent_blocked_by_its_number_offers_no_grant_that_would_be_refused(signed_in, user):
    """The network reported the number inactive: the consent stands, the number is blocked; a
    grant would answer "already given", so the card offers withdrawing and removing the number only."""
    from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    assert validity.blocked_reason(user) == "suppressed"
    body = page(signed_in.get(CONSENTS))
    assert "numer zablokowany" in body and 'Numer: <span class="phone">+48 *** *** 200</span>.' in body, "which number (kept whole)"
    assert 'value="grant"' not in body and "Wyrażam zgodę" not in body
    assert 'value="withdraw"' in body and 'data-testid="remove-number"' in body


def test_granting_a_consent_kept_without_its_number_adds_the_2fa_number_and_says_so(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    signed_in.post("/accounts/consents/number/remove/", {"withdraw": "no"})
    assert validity.blocked_reason(user) == "no_number"
    body = page(signed_in.get(CONSENTS))
    assert "zgoda bez numeru" in body and 'value="grant"' in body and "Dopisz ten numer" in body
    assert ("Możemy dopisać do zgody numer z logowania dwuetapowego: "
            '<span class="phone">+48 *** *** 200</span>.') in body, "which number goes back"
    assert "Wyrażam zgodę" not in body, "the consent stands: it is not asked for again"
    response = signed_in.post(MARKETING, {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)}, follow=True)
    assert "Zgoda była już udzielona. Dopisaliśmy do niej numer z logowania dwuetapowego." in page(response)
    assert ContactPoint.objects.get(user=user).phone == PHONE and validity.marketing_valid(user)
    assert [event.action for event in events(user, Purpose.SMS_MARKETING)] == ["granted"], "no second grant recorded"
    response = signed_in.post(MARKETING, {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)}, follow=True)
    assert "Ta zgoda jest już udzielona." in page(response)


def test_the_2fa_number_added_back_counts_from_its_latest_code_so_a_lifted_block_stays_lifted(client, user):
    """The network reported the number inactive; a later login's code proved it again (the block
    no longer applies); the number removed and added back from 2FA keeps that later proof."""
    from conftest import last_code, login_password
    from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

    client.force_login(user)
    enroll(client, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    assert validity.blocked_reason(user) == "suppressed"
    client.logout()
    login_password(client)
    _, code = last_code(PHONE)
    assert client.post("/accounts/2fa/challenge/", {"code": code}).status_code == 302
    assert validity.marketing_valid(user), "the login's code proved the number after the report"
    client.post("/accounts/consents/number/remove/", {"withdraw": "no"})
    assert validity.blocked_reason(user) == "no_number"
    response = client.post(MARKETING, {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)}, follow=True)
    assert "Dopisaliśmy do niej numer z logowania dwuetapowego." in page(response)
    assert validity.marketing_valid(user) and "numer zablokowany" not in page(client.get(CONSENTS))


def test_a_consent_kept_without_a_number_and_without_2fa_only_says_how_to_get_a_number(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    signed_in.post("/accounts/consents/number/remove/", {"withdraw": "no"})
    SmsTwoFactor.objects.filter(user=user).delete()
    body = page(signed_in.get(CONSENTS))
    assert "zgoda bez numeru" in body and "włącz logowanie dwuetapowe" in body
    assert 'value="grant"' not in body and "Pełna treść" not in body, "nothing to consent to again"
    assert 'value="withdraw"' in body
