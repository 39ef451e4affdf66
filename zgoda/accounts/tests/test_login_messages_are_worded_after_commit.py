"""allauth's "logged in" message is worded when the response is sent, not inside the code step's
write transaction (views/login.py), which every other login's write waits for."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection

from conftest import last_code, login_password
from zgoda.accounts import adapter


@pytest.mark.django_db(transaction=True)  # real transactions: in_atomic_block is the login's own
@pytest.mark.parametrize(("language", "text"), [("pl", "Zalogowano jako anna@example.com."),
                                                ("en", "Logged in as anna@example.com.")])
def test_the_logged_in_message_is_worded_after_the_code_step_commits(client, user_2fa, monkeypatch, language, text):
    worded_inside_a_transaction = []
    render = adapter.render_to_string

    def watched(*args, **kwargs):
        worded_inside_a_transaction.append(connection.in_atomic_block)
        return render(*args, **kwargs)

    monkeypatch.setattr(adapter, "render_to_string", watched)
    client.cookies["django_language"] = language
    login_password(client)
    _ordinal, code = last_code()
    assert client.post("/accounts/2fa/challenge/", {"code": code}).status_code == 302
    assert worded_inside_a_transaction == [False]
    assert [str(m) for m in get_messages(client.get("/").wsgi_request)] == [text]
