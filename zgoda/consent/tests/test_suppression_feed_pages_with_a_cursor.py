"""The suppression feed: withdrawals, STOPs, erasures and unreachable numbers in the order
they happened, paged by an opaque cursor; the number in clear only for a withdrawal or STOP."""

import pytest

from zgoda.consent import api
from zgoda.consent.internal.flows import contacts
from zgoda.consent.models import phone_hash

from .number_only import NUMBER, number_only

OTHER = "+48510200301"
THIRD = "+48510200302"


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch):
    """Rows are listed once 30 s old (a younger one may sit in an uncommitted transaction
    beside it); these tests read at once, but for the test of that rule."""
    from zgoda.consent.internal.flows import feed

    monkeypatch.setattr(feed, "SETTLE", feed.timedelta(0))
    return feed


def every_item(limit):
    items, cursor, pages = [], None, 0
    while True:
        page = api.suppression_feed(cursor, limit=limit)
        pages += 1
        if not page["items"]:
            return items, page["next_cursor"], pages
        items += page["items"]
        cursor = page["next_cursor"]


def test_the_feed_pages_through_everything_once_in_order(db):
    number_only(NUMBER)
    number_only(OTHER)
    api.withdraw_number(NUMBER, "api")
    api.withdraw_number(OTHER, "sms_reply")
    contacts.suppress(THIRD, reason="erasure")
    contacts.suppress_unreachable("+48510200303", "unknown_subscriber")
    items, last_cursor, pages = every_item(limit=2)
    assert pages == 4 and len(items) == 6 and len({i["id"] for i in items}) == 6
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)
    kinds = [(i["kind"], i["phone"]) for i in items]
    assert kinds == [("withdrawal", NUMBER), ("withdrawal", None), ("stop", OTHER), ("stop", None),
                     ("erasure", None), ("unreachable", None)]
    assert items[0]["phone_hash"] == items[1]["phone_hash"] == phone_hash(NUMBER)
    assert items[4]["phone_hash"] == phone_hash(THIRD)
    assert {i["purpose"] for i in items} == {"sms_marketing"}
    # polling again later: only what is new
    api.withdraw_number("+48510200304", "optout_link")
    new = api.suppression_feed(last_cursor)
    assert [i["kind"] for i in new["items"]] == ["withdrawal"] and new["items"][0]["phone"] is None
    assert api.suppression_feed(new["next_cursor"]) == {"items": [], "next_cursor": new["next_cursor"]}


def test_an_erased_number_never_appears_in_clear(db):
    number_only()
    api.withdraw_number(NUMBER, "sms_reply")
    from zgoda.privacy.internal.flows import erasure, subject

    erasure.erase(subject.number(NUMBER))
    items = api.suppression_feed(None)["items"]
    assert NUMBER not in str(items) and "erasure" in {i["kind"] for i in items}


def test_a_cursor_not_made_here_is_refused(db):
    for cursor in ("abc", "W10:1abc:xyz"):
        with pytest.raises(api.ConsentInputError) as refused:
            api.suppression_feed(cursor)
        assert refused.value.field == "cursor"


def test_a_row_is_listed_only_once_settled(db, settled_at_once, monkeypatch):
    import time_machine
    from django.utils import timezone

    monkeypatch.setattr(settled_at_once, "SETTLE", settled_at_once.timedelta(seconds=30))
    number_only(NUMBER)
    api.withdraw_number(NUMBER, "api")
    assert api.suppression_feed(None)["items"] == []
    with time_machine.travel(timezone.now() + settled_at_once.timedelta(seconds=31)):
        assert [item["kind"] for item in api.suppression_feed(None)["items"]] == ["withdrawal", "withdrawal"]
