"""Flash messages: a warning or an error interrupts a screen reader (role="alert"); a
confirmation waits its turn (role="status")."""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_an_error_message_is_an_alert_and_a_confirmation_a_status(db):
    request = RequestFactory().get("/")
    shown = [Message(messages.ERROR, "Błąd"), Message(messages.WARNING, "Uwaga"), Message(messages.SUCCESS, "Zapisano")]
    html = render_to_string("base.html", {"messages": shown}, request=request)
    assert 'role="alert">Błąd</li>' in html
    assert 'role="alert">Uwaga</li>' in html
    assert 'role="status">Zapisano</li>' in html
