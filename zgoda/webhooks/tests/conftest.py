"""Fixtures of the webhooks tests: a receiving server, a subscription to it, and the
after-commit callbacks run as a real commit would."""

import json

import pytest
from standardwebhooks import Webhook

from zgoda.webhooks import api

from .receiver import Receiver


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Use as `with commits(): ...`: what the block queued for after the commit runs at its end
    (the tests run inside a transaction that never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def subscribe(db, receiver):
    def make(events=api.EVENT_TYPES, **extra):
        return api.create_subscription(url=receiver.url, events=list(events), **extra)

    return make


def verified(secret: str, request) -> dict:
    """The payload, after the standardwebhooks library checked the signature."""
    return Webhook(secret).verify(request.body, request.headers)


def body(request) -> dict:
    return json.loads(request.body)
