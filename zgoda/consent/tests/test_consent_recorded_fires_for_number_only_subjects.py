"""consent_recorded fires once per appended ledger event, after the commit; for a number-only
subject with user_id None and the number."""

from zgoda.consent import api
from zgoda.consent.signals import consent_recorded

from .number_only import NUMBER, post_consent, prove


def test_one_signal_per_event_with_no_user_and_the_number(db, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    consent_recorded.connect(listener, dispatch_uid="test-listener")
    try:
        post_consent()
        post_consent(purpose="terms")
        with django_capture_on_commit_callbacks(execute=True):
            prove()
        assert [(h["user_id"], h["phone"], h["purpose"], h["action"], h["source"]) for h in heard] == [
            (None, NUMBER, "sms_marketing", "granted", "api"), (None, NUMBER, "terms", "granted", "api")]
        assert len({h["event_id"] for h in heard}) == 2
        with django_capture_on_commit_callbacks(execute=True):
            api.withdraw_number(NUMBER, "api")
        assert [(h["user_id"], h["phone"], h["action"], h["source"]) for h in heard[2:]] == [
            (None, NUMBER, "withdrawn", "api")]
    finally:
        consent_recorded.disconnect(dispatch_uid="test-listener")
