"""`make run`'s named demo accounts (demo_users) hold what signing up and turning 2FA on
record: anna's privacy page does not say "none" beside the 2FA she has on."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from zgoda.consent.models import ConsentEvent, ConsentState, Purpose


def demo_users():
    call_command("demo_users", stdout=io.StringIO())


def test_a_demo_account_with_2fa_has_its_signup_and_2fa_consents_and_its_page_says_so(db, client):
    demo_users()
    anna = get_user_model().objects.get(username="anna@zgoda.test")
    states = {s.purpose: s for s in ConsentState.objects.filter(user=anna)}
    assert set(states) == {Purpose.TERMS, Purpose.PRIVACY, Purpose.TWOFA}
    assert all(s.granted for s in states.values())
    assert ConsentEvent.objects.get(user=anna, purpose=Purpose.TWOFA).phone == "+48500100200"
    client.force_login(anna)
    body = client.get("/accounts/privacy/").content.decode()
    twofa = body.split(f'data-testid="purpose-{Purpose.TWOFA}"')[1].split("</li>")[0]
    assert "udzielona" in twofa and "brak" not in twofa


def test_an_account_without_2fa_has_no_2fa_consent_and_a_second_run_records_nothing(db):
    demo_users()
    jan = get_user_model().objects.get(username="jan@zgoda.test")
    assert set(ConsentState.objects.filter(user=jan).values_list("purpose", flat=True)) == {Purpose.TERMS, Purpose.PRIVACY}
    events = ConsentEvent.objects.count()
    demo_users()
    assert ConsentEvent.objects.count() == events
