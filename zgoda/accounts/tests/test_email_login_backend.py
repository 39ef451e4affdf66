"""The e-mail login backend answers as allauth's does, in one read of the addresses: a verified
holder, else an unverified holder or the account's own e-mail field; a wrong password or an
unknown address gets nobody, and an unknown address costs no more statements than allauth's."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(email, password=PASSWORD):
    with CaptureQueriesContext(connection) as queries:
        user = authenticate(None, email=email, password=password)
    return user, [q["sql"] for q in queries.captured_queries]


def test_a_verified_address_finds_its_account_in_one_read_and_later_reads_none():
    anna = make_user("anna@example.com")
    EmailAddress.objects.create(user=anna, email="anna.work@example.com", verified=False)
    user, sqls = _login("Anna@Example.com")
    assert user == anna and len(sqls) == 1
    with CaptureQueriesContext(connection) as later:
        assert EmailAddress.objects.get_for_user(user, "anna@example.com").verified is True
        assert EmailAddress.objects.get_for_user(user, "anna.work@example.com").verified is False
    assert later.captured_queries == []  # allauth's verification checks read the cache


def test_an_unverified_address_or_the_accounts_own_field_still_logs_in():
    ola = get_user_model().objects.create_user(username="ola", email="ola@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=ola, email="ola@example.com", verified=False)
    assert _login("ola@example.com")[0] == ola
    jan = get_user_model().objects.create_user(username="jan", email="jan@example.com", password=PASSWORD)
    assert _login("JAN@example.com")[0] == jan  # no address row at all: the user table's field


def test_a_wrong_password_or_an_unknown_address_finds_nobody_in_as_many_statements_as_allauth():
    make_user("anna@example.com")
    assert _login("anna@example.com", "zle-haslo")[0] is None
    nobody, sqls = _login("nikt@example.com")
    reads = [sql for sql in sqls if sql.startswith("SELECT")]  # (the failed login's audit event besides)
    assert nobody is None and len(reads) == 2  # as allauth: the addresses, then the user table
