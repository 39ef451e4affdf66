"""API verifications run under the one limits policy: a budget per API key, and the number's
"others" budget, which neither touches the owner's own login budget; a login of a number this
key had approved before draws on a budget of that key and number instead."""

from conftest import last_code, login_password, make_user
from zgoda.accounts.models import OneTimeCode

from .conftest import CUSTOMER


def _start(api, phone=CUSTOMER, purpose="confirm_number"):
    return api.post("/verifications", {"phone": phone, "purpose": purpose})


def test_the_key_has_its_own_budget(api, settings):
    settings.ZGODA_API_CODES_PER_KEY_HOUR = 2
    assert _start(api, "+48500300401").status_code == 201
    assert _start(api, "+48500300402").status_code == 201
    refused = _start(api, "+48500300403")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "klucz API" in refused.json()["detail"]


def test_strangers_budget_of_a_number_leaves_the_owners_login_alone(make_api, client, settings):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 1
    make_user("ola@example.com", phone=CUSTOMER)
    first, second = make_api(name="A"), make_api(name="B")
    assert _start(first).status_code == 201
    refused = _start(second)
    assert refused.status_code == 429 and refused.json()["type"] == "urn:zgoda:problem:sms-limit"
    assert OneTimeCode.objects.get().budget == "other"
    # The owner still logs in to Zgoda with a code: the owner's budget is apart.
    assert login_password(client, "ola@example.com")["Location"] == "/accounts/2fa/challenge/"
    assert OneTimeCode.objects.filter(budget="owner").count() == 1


def test_a_login_of_a_number_this_key_approved_has_a_budget_of_its_own(api, make_api, settings):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 1
    started = _start(api).json()
    assert api.post(f"/verifications/{started['id']}/check", {"code": last_code(CUSTOMER)[1]}).json()["status"] == "approved"
    login = _start(api, purpose="login")
    assert login.status_code == 201 and OneTimeCode.objects.order_by("created_at").last().budget == "api"
    # Another key's request for the number is a stranger's: the "others" budget, already spent.
    assert _start(make_api(name="Inny"), purpose="login").status_code == 429


def test_a_sandbox_key_draws_on_nothing_of_the_numbers_limits(make_api, settings):
    from zgoda.restapi.models import ApiKey

    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 1
    settings.ZGODA_SMS_CODES_PER_HOUR = 2
    sandbox = make_api(name="Sklep (testy)", kind=ApiKey.Kind.SANDBOX)
    # Three codes (each a new verification), more than the number's "others" budget and the hourly cap
    for purpose in ("confirm_number", "login", "confirm_number"):
        assert _start(sandbox, purpose=purpose).status_code == 201
    assert set(OneTimeCode.objects.values_list("budget", flat=True)) == {"sandbox"}

    live = make_api(name="Sklep")
    assert _start(live).status_code == 201  # neither budget was touched by the test codes
    ordinal, _code = last_code(CUSTOMER)
    assert ordinal == 1  # the number's day's code numbers too: its first real code is "kod nr 1"
