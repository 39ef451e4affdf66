"""An erased person's campaign rows keep the counts but lose the number and the account."""

from django.contrib.auth import get_user_model

from zgoda.campaigns.internal.flows import audience
from zgoda.campaigns.models import Recipient
from zgoda.lib.phone import national_forms
from zgoda.privacy.internal.flows import erasure, subject

from .conftest import make_campaign, people


def test_erasure_blanks_the_number_in_campaign_recipients_and_skips_a_pending_send(db, campaign_settings):
    people(3)
    campaign = make_campaign()
    audience.snapshot(campaign)
    erased, kept = Recipient.objects.filter(campaign=campaign).order_by("id")[:2]
    phone = erased.phone

    counts = erasure.erase(subject.of_phone(phone), "portal")

    erased.refresh_from_db()
    assert counts["campaign_recipients"] == 1
    assert erased.phone == f"erased:{erased.pk}" and erased.user_id is None
    assert erased.state == Recipient.State.SKIPPED
    for form in national_forms(phone):
        assert not Recipient.objects.filter(phone=form).exists()
    kept.refresh_from_db()
    assert kept.phone.startswith("+48") and kept.state == Recipient.State.PENDING
    assert get_user_model().objects.filter(pk=kept.user_id).exists()
