"""What a shop's login (Zgoda as an OpenID Connect provider) may tell about a person's marketing
consent and number: the same audience the export and campaigns use (validity.marketing_sql),
never a second definition."""

from django.db import connection
from django.utils import timezone

from zgoda.accounts.api import twofa_number

from ...models import ConsentState, Purpose
from . import contacts, validity


def marketing_claim(user) -> dict:
    """{"granted", "since", "version"}: granted exactly when the person is in the marketing
    audience now; since (the local date of the grant) and version only then, else None."""
    sql, params = validity.marketing_sql("st.id, tx.version", user_id=user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return {"granted": False, "since": None, "version": None}
    state_id, version = row
    at = ConsentState.objects.filter(pk=state_id, purpose=Purpose.SMS_MARKETING).values_list("at", flat=True).first()
    return {"granted": True, "since": timezone.localdate(at).isoformat() if at else None, "version": version}


def marketing_contact(user) -> tuple[str, bool] | None:
    """(E.164 number, confirmed by a code) a shop may know the person by: the 2FA number, else
    the marketing number (both are set only when a code typed back confirmed them); None without."""
    twofa = twofa_number(user)
    if twofa is not None:
        return twofa.phone, twofa.confirmed_at is not None
    contact = contacts.contact_of(user)
    if contact is None:
        return None
    return contact.phone, contact.confirmed_at is not None
