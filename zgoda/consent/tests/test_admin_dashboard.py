"""The admin dashboard: users, 2FA, valid marketing consents (of accounts as a share of the
accounts, numbers without an account apart, so no share tops 100%), the enrollment consent
rate, a weekly chart drawn on the server, and the 2FA invitation report."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from zgoda.consent.internal.flows import ledger, stats
from zgoda.consent.models import Action, ContactPoint, Purpose, SecurityInvitation, Source

from .conftest import current, page

DASHBOARD = "/admin/consent/consentdashboard/"


def _enrolled(email, phone, marketing, at=None):
    person = make_user(email, phone=phone)
    ledger.record(person, Purpose.TWOFA, Action.GRANTED, current(Purpose.TWOFA), Source.TWOFA_ENROLLMENT, at=at)
    if marketing:
        ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                      Source.TWOFA_ENROLLMENT, phone=phone, at=at)
        ContactPoint.objects.create(user=person, phone=phone)
    return person


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("boss@example.com", phone="+48500999999", is_staff=True, is_superuser=True))
    return client


def test_figures_count_users_2fa_valid_consents_and_the_enrollment_rate(admin_client):
    _enrolled("a@example.com", "+48500100201", marketing=True)
    _enrolled("b@example.com", "+48500100202", marketing=False)
    _enrolled("c@example.com", "+48500100203", marketing=True)
    make_user("d@example.com")
    figures = stats.dashboard()
    assert figures["users"] == 5 and figures["with_2fa"] == 4
    assert figures["valid_marketing"] == 2
    assert figures["enrollments"] == 3 and figures["consents_at_enrollment"] == 2
    assert figures["enrollment_consent_rate"] == 66.7
    body = page(admin_client.get(DASHBOARD))
    assert "z ważną zgodą na SMS-y marketingowe" in body and "66,7%" in body


def test_numbers_without_an_account_are_counted_apart_and_no_share_tops_100(admin_client):
    from zgoda.consent import api as consent_api

    _enrolled("a@example.com", "+48500100201", marketing=True)
    for n in range(3):  # a shop's API consents, confirmed: number-only subjects
        consent_api.record_pending_consent(phone=f"+4850020030{n}", purpose="sms_marketing", text_version="1.0",
                                           language="pl")
        consent_api.confirm_pending(f"+4850020030{n}")
    figures = stats.dashboard()
    assert figures["users"] == 2 and figures["valid_marketing"] == 1 and figures["valid_marketing_rate"] == 50.0
    assert figures["valid_marketing_numbers"] == 3
    body = page(admin_client.get(DASHBOARD))
    assert "numerów bez konta z ważną zgodą" in body and "(50,0%)" in body


def test_weekly_chart_counts_new_marketing_consents_per_week(admin_client):
    now = timezone.now()
    _enrolled("a@example.com", "+48500100201", True, at=now)
    _enrolled("b@example.com", "+48500100202", True, at=now)
    _enrolled("c@example.com", "+48500100203", True, at=now - timedelta(weeks=3))
    weeks = stats.weekly_new_consents(now, weeks=12)
    assert len(weeks) == 12 and weeks[-1].count == 2 and weeks[-1].height == 1.0
    assert sum(w.count for w in weeks) == 3
    body = page(admin_client.get(DASHBOARD))
    assert body.count('data-count="') == 12 and 'data-count="2"' in body
    chart = body.split('<svg class="zg-chart"')[1].split("</svg>")[0]
    assert "<script" not in chart and "http" not in chart.replace("http://www.w3.org", "")
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"', chart)  # no decimal commas


@pytest.mark.parametrize(("language", "title", "axis"), [("pl", r"\d{2}\.\d{2}\.\d{4}: \d", r"\d{1,2}\.\d{2}<"),
                                                       ("en", r"[A-Z][a-z]+ \d{1,2}, \d{4}: \d", r"[A-Z][a-z]{2} \d{1,2}<")])
def test_the_charts_days_are_written_in_the_pages_language(admin_client, language, title, axis):
    body = page(admin_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE=language))
    chart = body.split('<svg class="zg-chart"')[1].split("</svg>")[0]
    assert len(re.findall(f"<title>{title}", chart)) == 12
    assert len(re.findall(f'y="\\d+">{axis}', chart)) == 12


def test_invitation_report_counts_2fa_within_30_days_and_marketing_at_that_enrollment(admin_client):
    now = timezone.now()
    sent = now - timedelta(days=40)
    quick = _enrolled("quick@example.com", "+48500100201", True, at=sent + timedelta(days=2))
    late = _enrolled("late@example.com", "+48500100202", True, at=sent + timedelta(days=35))
    nomkt = _enrolled("nomkt@example.com", "+48500100203", False, at=sent + timedelta(days=1))
    idle = make_user("idle@example.com")
    for person in (quick, late, nomkt, idle):
        SecurityInvitation.objects.create(user=person, email=person.email, sent_at=sent)
    report = stats.invitation_report()
    assert report == {"days": 30, "invited": 4, "enabled": 2, "enabled_rate": 50.0,
                      "consented": 1, "consented_rate": 50.0}
    assert 'data-report="invitations"' in page(admin_client.get(DASHBOARD))


def test_dashboard_is_for_staff_only(client, db):
    client.force_login(make_user("klient@example.com", phone="+48500100200"))
    assert client.get(DASHBOARD).status_code in (302, 403)
