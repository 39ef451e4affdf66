"""Consent settings with their defaults, read from django.conf.settings."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def invitation_interval_days() -> int:
    """A user gets the "turn on 2FA" security message at most once in this many days."""
    return int(_get("ZGODA_2FA_INVITATION_INTERVAL_DAYS", 30))


def invitation_report_days() -> int:
    """The invitation report counts 2FA turned on within this many days of the message."""
    return int(_get("ZGODA_2FA_INVITATION_REPORT_DAYS", 30))


from zgoda.lib.site import public_url as public_url  # noqa: E402  (where people reach Zgoda, for e-mailed links)


def export_chunk_rows() -> int:
    """Rows fetched and written at a time by an export: memory stays flat whatever the size."""
    return int(_get("ZGODA_EXPORT_CHUNK_ROWS", 5000))


def dashboard_weeks() -> int:
    """Weeks shown in the dashboard's chart of new marketing consents."""
    return int(_get("ZGODA_CONSENT_DASHBOARD_WEEKS", 12))


def ledger_details_retention_years() -> int:
    """The IP, browser and number of a purpose's ledger rows are blanked this many years after
    the person withdrew it (what, which version and when stay, as proof)."""
    return int(_get("ZGODA_RETENTION_LEDGER_YEARS", 6))


# --- Who answers for the data (RODO art. 13), shown under every consent form ----------------
# Production refuses to start while any of them is empty (zgoda check --deploy: zgoda.consent.E002).

def controller_name() -> str:
    """The data controller (administrator danych): the shop's legal name, e.g. "Sklep Przykład sp. z o.o."."""
    return str(_get("ZGODA_CONTROLLER_NAME", "") or "").strip()


def controller_address() -> str:
    """The controller's postal address, e.g. "ul. Prosta 1, 00-001 Warszawa"."""
    return str(_get("ZGODA_CONTROLLER_ADDRESS", "") or "").strip()


def controller_email() -> str:
    """Where people write about their data (a data protection officer's address, if there is one)."""
    return str(_get("ZGODA_CONTROLLER_EMAIL", "") or "").strip()


def marketing_reconfirm_months() -> int | None:
    """A marketing consent counts only while its number was confirmed by a code SMS to it
    (enrollment, a change of number, any login with a code) within this many months: numbers
    get recycled, and an old consent must not reach a number's next holder. Empty (or 0): off."""
    value = _get("ZGODA_MARKETING_RECONFIRM_MONTHS", 24)
    if value in (None, "") or str(value).strip() in ("", "0"):
        return None
    return int(value)
