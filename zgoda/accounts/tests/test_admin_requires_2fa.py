"""The admin signs in through allauth (so through the SMS step), needs 2FA, and the log is read-only."""

import pytest

from conftest import make_user

from .conftest import log_in_fully

AUDIT = "/admin/accounts/auditevent/"


@pytest.fixture
def staff_2fa(db):
    return make_user("staff@example.com", phone="+48500100200", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_2fa):
    """Staff signed in the real way: password, then the SMS code."""
    log_in_fully(client, email=staff_2fa.email)
    return client


def test_admin_login_page_redirects_to_allauth_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_anonymous_admin_visit_ends_at_allauth_login(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_staff_without_2fa_is_sent_to_enrollment(client, db):
    staff = make_user("staff@example.com", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/sms/"
    assert client.get(AUDIT)["Location"] == "/accounts/2fa/sms/"


def test_staff_with_2fa_reads_the_audit_log(staff_client):
    response = staff_client.get(AUDIT)
    assert response.status_code == 200
    assert "logowanie udane" in response.content.decode()


def test_audit_log_cannot_be_added_to_changed_or_deleted(staff_client):
    from zgoda.accounts.models import AuditEvent

    event = AuditEvent.objects.first()
    assert staff_client.get(AUDIT + "add/").status_code == 403
    assert staff_client.post(f"{AUDIT}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert staff_client.post(f"{AUDIT}{event.pk}/change/", {"event": "login_failed"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, event=event.event).exists()


def test_bulk_delete_is_not_offered(staff_client):
    from zgoda.accounts.models import AuditEvent

    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    staff_client.post(AUDIT, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert AuditEvent.objects.filter(pk__in=ids).count() == len(ids)


def test_logged_in_customer_is_refused_by_the_admin_without_a_redirect_loop(client, user_2fa):
    log_in_fully(client)
    assert client.get("/admin/").status_code == 403
    assert client.get(AUDIT).status_code == 403
    assert client.get("/admin/login/?next=/admin/").status_code == 403
