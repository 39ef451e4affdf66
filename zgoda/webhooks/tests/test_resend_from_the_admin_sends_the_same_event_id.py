"""Staff resend an event from the admin: a new delivery of the same event, with the same
`webhook-id`; the events, deliveries and attempts are visible and read-only."""

from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission

from conftest import make_user
from zgoda.webhooks import api
from zgoda.webhooks.models import Delivery, Event


def staff(client, *codenames):
    person = make_user("szef@example.com", phone="+48500900900", is_staff=True)
    person.user_permissions.add(*Permission.objects.filter(content_type__app_label="webhooks", codename__in=codenames))
    client.force_login(person)
    return client


def test_resend_action_delivers_the_same_id_again(subscribe, receiver, commits, client):
    subscribe(events=["campaign.finished"])
    with commits():
        event_id = api.emit("campaign.finished", {"campaign_id": 3})
    staff(client, "view_event", "view_delivery", "view_attempt", "change_subscription")
    assert client.get("/admin/webhooks/event/").status_code == 200
    # quoted as the admin links it: unquoted, "msg_22ab..." would be read as 'msg"ab...' (a 2% flake)
    page = client.get(f"/admin/webhooks/event/{quote(event_id)}/change/")
    assert page.status_code == 200 and "campaign.finished" in page.content.decode()
    delivery = Delivery.objects.get()
    assert client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").status_code == 200
    with commits():
        response = client.post("/admin/webhooks/event/", {"action": "resend_events", "_selected_action": [event_id]})
    assert response.status_code == 302
    assert [r.headers["webhook-id"] for r in receiver.requests] == [event_id, event_id]
    assert list(Delivery.objects.order_by("id").values_list("resend", "status")) == [
        (False, "delivered"), (True, "delivered")]
    assert Event.objects.count() == 1


def test_staff_without_the_right_cannot_resend(subscribe, receiver, commits, client):
    subscribe(events=["campaign.finished"])
    with commits():
        event_id = api.emit("campaign.finished", {"campaign_id": 3})
    staff(client, "view_event")
    with commits():
        client.post("/admin/webhooks/event/", {"action": "resend_events", "_selected_action": [event_id]})
    assert len(receiver.requests) == 1 and Delivery.objects.count() == 1


def test_creating_a_subscription_in_the_admin_shows_its_secret_once(db, client, receiver):
    staff(client, "add_subscription", "view_subscription", "change_subscription")
    response = client.post("/admin/webhooks/subscription/add/", {
        "url": receiver.url, "events": ["consent.withdrawn", "subject.erased"], "description": "Sklep", "active": "on",
    }, follow=True)
    body = response.content.decode()
    assert "whsec_" in body
    [subscription] = api.list_subscriptions()
    assert subscription["events"] == ["consent.withdrawn", "subject.erased"]
    assert "whsec_" not in client.get(f"/admin/webhooks/subscription/{subscription['id']}/change/").content.decode()
    bad = client.post("/admin/webhooks/subscription/add/", {"url": "ftp://x.example/", "events": ["subject.erased"]})
    assert bad.status_code == 200 and "http://" in bad.content.decode()
