"""A code check reads the challenge and its newest code once (one statement), and the page
shown after a wrong code is built from what the check read (the code's SMS status included)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PHONE, last_code
from zgoda.sms.models import Message

from .conftest import page, submit_code, wrong_code


def reads_of(ctx, table: str) -> int:
    """SELECTs that read `table` (from it or joined to it)."""
    return sum(q["sql"].lstrip().startswith("SELECT") and (f'FROM "{table}"' in q["sql"] or f'JOIN "{table}"' in q["sql"])
               for q in ctx.captured_queries)


def separate_reads_of(ctx, table: str) -> int:
    return sum(q["sql"].lstrip().startswith("SELECT") and f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries)


def test_wrong_code_reads_challenge_and_code_once_and_shows_the_page_from_them(pending_login):
    with CaptureQueriesContext(connection) as ctx:
        response = submit_code(pending_login, wrong_code())
    assert response.status_code == 400
    assert "Błędny kod. Sprawdź kod nr 1 z SMS-a." in page(response)
    assert "Wpisz kod nr 1" in page(response)
    # The check's one read, and the page's look ahead at the other limits (one statement, as
    # the cooldown runs: its countdown must end in a send that would go, else the page says why).
    look_ahead = [q for q in ctx.captured_queries if '"_codes_today"' in q["sql"]]
    assert len(look_ahead) == 1
    assert reads_of(ctx, "accounts_codechallenge") == 1 + len(look_ahead)
    assert reads_of(ctx, "accounts_onetimecode") == 1 + len(look_ahead)
    # its status came with the code (the look ahead sums the day's code SMS for the spend cap)
    assert separate_reads_of(ctx, "sms_message") == len(look_ahead)


def test_page_after_wrong_code_says_the_sms_failed_as_the_check_saw_it(pending_login):
    Message.objects.filter(to=PHONE, kind=Message.Kind.OTP).update(status=Message.Status.FAILED)
    response = submit_code(pending_login, wrong_code())
    assert response.status_code == 400
    assert "Nie udało się wysłać SMS-a z kodem nr 1. Wyślij kod ponownie." in page(response)


def test_right_code_reads_the_challenge_once(pending_login):
    _, code = last_code(PHONE)
    with CaptureQueriesContext(connection) as ctx:
        response = submit_code(pending_login, code)
    assert response.status_code == 302
    assert reads_of(ctx, "accounts_codechallenge") == 1
