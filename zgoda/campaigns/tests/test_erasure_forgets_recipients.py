"""Erasure reaches campaign rows through campaigns' personal_data.py: the rows keep the
counts but lose the number (and, for an account's erasure, the account)."""

from django.contrib.auth import get_user_model

from zgoda.campaigns.internal.flows import audience
from zgoda.campaigns.models import Recipient
from zgoda.lib.phone import national_forms
from zgoda.privacy.internal.flows import erasure, subject

from .conftest import make_campaign, people


def _snapshot():
    people(3)
    campaign = make_campaign()
    audience.snapshot(campaign)
    return Recipient.objects.filter(campaign=campaign).order_by("id")[:2]


def test_account_erasure_blanks_its_campaign_rows_and_skips_a_pending_send(db, campaign_settings):
    erased, kept = _snapshot()
    phone = erased.phone

    counts = erasure.erase(subject.account(erased.user), "account")

    erased.refresh_from_db()
    assert counts["campaigns.recipients"] == 1
    assert erased.phone == f"erased:{erased.pk}" and erased.user_id is None
    assert erased.state == Recipient.State.SKIPPED
    for form in national_forms(phone):
        assert not Recipient.objects.filter(phone=form).exists()
    kept.refresh_from_db()
    assert kept.phone.startswith("+48") and kept.state == Recipient.State.PENDING
    assert get_user_model().objects.filter(pk=kept.user_id, is_active=True).exists()


def test_forgetting_a_number_blanks_it_in_campaign_rows_and_keeps_the_account(db, campaign_settings):
    forgotten, kept = _snapshot()
    holder = forgotten.user

    counts = erasure.erase(subject.number(forgotten.phone), "portal")

    forgotten.refresh_from_db()
    assert counts["campaigns.recipients"] == 1
    assert forgotten.phone == f"erased:{forgotten.pk}" and forgotten.state == Recipient.State.SKIPPED
    assert get_user_model().objects.get(pk=holder.pk).is_active  # a number never closes an account
    kept.refresh_from_db()
    assert kept.phone.startswith("+48") and kept.state == Recipient.State.PENDING
