"""Figures for the admin dashboard and the 2FA invitation report."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zgoda.accounts.api import twofa_count

from ... import app_settings
from ...models import Action, ConsentEvent, Purpose, SecurityInvitation, Source
from .validity import count_valid


def rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Week:
    start: object
    count: int
    height: float = 0.0  # share of the tallest week, 0..1


def _enrollment_events(purpose):
    return ConsentEvent.objects.filter(purpose=purpose, action=Action.GRANTED, source=Source.TWOFA_ENROLLMENT)


def dashboard(now=None) -> dict:
    now = now or timezone.now()
    users = get_user_model().objects.count()
    with_2fa = twofa_count()
    valid = count_valid(subjects="accounts")  # a share of the accounts: numbers without one apart
    valid_numbers = count_valid(subjects="numbers")
    enrollments = _enrollment_events(Purpose.TWOFA).count()
    consents_at_enrollment = _enrollment_events(Purpose.SMS_MARKETING).count()
    return {
        "users": users,
        "with_2fa": with_2fa,
        "with_2fa_rate": rate(with_2fa, users),
        "valid_marketing": valid,
        "valid_marketing_rate": rate(valid, users),
        "valid_marketing_numbers": valid_numbers,  # number-only subjects (a shop's API consents)
        "enrollments": enrollments,
        "consents_at_enrollment": consents_at_enrollment,
        "enrollment_consent_rate": rate(consents_at_enrollment, enrollments),
        "weeks": weekly_new_consents(now),
        "invitations": invitation_report(),
    }


def weekly_new_consents(now=None, weeks=None) -> list[Week]:
    """Marketing grants per local week (Monday to Sunday), oldest first, this week last.
    One grouped query over the period, whatever the number of weeks."""
    now = timezone.localtime(now or timezone.now())
    weeks = weeks or app_settings.dashboard_weeks()
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [timezone.localtime(monday - timedelta(weeks=back)) for back in range(weeks - 1, -1, -1)]
    ends = starts[1:] + [monday + timedelta(weeks=1)]
    buckets = {
        f"w{i}": Count("id", filter=Q(created_at__gte=start, created_at__lt=end))
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    }
    counts = ConsentEvent.objects.filter(
        purpose=Purpose.SMS_MARKETING, action=Action.GRANTED, created_at__gte=starts[0], created_at__lt=ends[-1],
    ).aggregate(**buckets)
    result = [Week(start=start, count=counts[f"w{i}"]) for i, start in enumerate(starts)]
    tallest = max((w.count for w in result), default=0)
    for week in result:
        week.height = week.count / tallest if tallest else 0.0
    return result


def invitation_report(days=None) -> dict:
    """Invited people; of them, who turned 2FA on within `days` of a message; of those,
    who ticked the marketing box at that enrollment."""
    days = days or app_settings.invitation_report_days()
    window = timedelta(days=days)

    def after_invitation(purpose):
        return Exists(_enrollment_events(purpose).filter(
            user=OuterRef("user"), created_at__gte=OuterRef("sent_at"), created_at__lt=OuterRef("sent_at") + window,
        ))

    invitations = SecurityInvitation.objects.annotate(
        enabled=after_invitation(Purpose.TWOFA), consented=after_invitation(Purpose.SMS_MARKETING)
    )
    invited = invitations.values("user").distinct().count()
    enabled = invitations.filter(enabled=True).values("user").distinct().count()
    consented = invitations.filter(enabled=True, consented=True).values("user").distinct().count()
    return {
        "days": days,
        "invited": invited,
        "enabled": enabled,
        "enabled_rate": rate(enabled, invited),
        "consented": consented,
        "consented_rate": rate(consented, enabled),
    }
