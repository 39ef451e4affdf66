"""An erased number is left out of exports (and of any audience built on the consent
app's validity query, which campaigns use) until the person gives a new consent; a new
consent after erasure counts again."""

from django.core.management import call_command

from conftest import PHONE, last_code, make_user
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import Purpose
from zgoda.consent.tests.conftest import ask_for_code, box_value
from zgoda.privacy import api as optout
from zgoda.privacy.internal.flows import erasure, subject
from zgoda.privacy.models import DataSubjectRequest

from .conftest import consenting

OTHER = "+48600200300"


def exported(tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_consents", "--format", "numbers", "--output", str(target))
    return target.read_text().split()


def test_erased_number_is_not_exported_and_is_suppressed(db, tmp_path):
    consenting()
    consenting("jan@example.com", OTHER)
    assert exported(tmp_path) == [PHONE, OTHER]
    erasure.erase(subject.of_phone(PHONE), DataSubjectRequest.Channel.PORTAL)
    assert exported(tmp_path) == [OTHER]
    assert validity.count_valid() == 1
    assert optout.is_suppressed(PHONE) and not optout.is_suppressed(OTHER)


def test_an_old_consent_imported_again_after_erasure_does_not_count(db, tmp_path):
    """A campaign list or import carrying a consent given before the erasure stays out."""
    from datetime import timedelta

    from django.utils import timezone

    consenting()
    erasure.erase(subject.of_phone(PHONE), DataSubjectRequest.Channel.PORTAL)
    again = consenting("ewa2@example.com", PHONE)
    from zgoda.consent.models import ConsentState

    ConsentState.objects.filter(user=again).update(at=timezone.now() - timedelta(days=400))
    assert exported(tmp_path) == []
    assert optout.is_suppressed(PHONE, consent_given_at=timezone.now() - timedelta(days=400))


def test_new_consent_after_erasure_works_again(client, db, tmp_path):
    person = consenting()
    erasure.erase(subject.of_phone(PHONE), DataSubjectRequest.Channel.PORTAL)
    assert exported(tmp_path) == []

    # The same person opens an account again with the same address and turns 2FA on,
    # ticking the marketing box: the consent is newer than the suppression, so it counts.
    newcomer = make_user("anna@example.com")
    assert newcomer.pk != person.pk
    client.force_login(newcomer)
    assert ask_for_code(client, "500 100 200", consent_sms_marketing=box_value(Purpose.SMS_MARKETING)).status_code == 302
    _, code = last_code(PHONE)
    assert client.post("/accounts/2fa/sms/confirm/", {"code": code}).status_code == 302
    assert validity.marketing_valid(newcomer)
    assert exported(tmp_path) == [PHONE]
