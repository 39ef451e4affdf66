"""Erasing an account reaches exactly that subject: a number-only subject on the same number (a
consent a shop posted through the API, the number proved by a code) keeps its consent, and
the account's erasure suppresses the number only when no such consent holds."""

from django.contrib.auth import get_user_model

from zgoda.consent import api
from zgoda.consent.models import Suppression, phone_hash
from zgoda.consent.tests.number_only import NUMBER, number_only
from zgoda.privacy.internal.flows import erasure, subject

from .conftest import consenting


def test_the_number_only_consent_stays_after_the_accounts_erasure(db):
    person = consenting(phone=NUMBER)
    number_only(NUMBER)
    counts = erasure.erase(subject.account(get_user_model().objects.get(pk=person.pk)))
    assert "left" not in counts
    assert api.still_valid([(None, NUMBER)]) == {(None, NUMBER)}
    assert not Suppression.objects.filter(phone_hash=phone_hash(NUMBER)).exists()


def test_without_one_the_erased_accounts_number_is_suppressed(db):
    person = consenting(phone=NUMBER)
    erasure.erase(subject.account(person))
    assert Suppression.objects.filter(phone_hash=phone_hash(NUMBER), reason="erasure").exists()
