"""Which key made the identifier hashes in this database (zgoda.lib.hashkey)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HashKeyFingerprint(models.Model):
    """One row: a fingerprint (not the key) of the hash key that made this database's
    suppressions and contact-number hashes. Zgoda refuses to run with a key that does not
    match it: the suppressions would silently match nothing."""

    fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("odcisk klucza skrótów")
        verbose_name_plural = _("odcisk klucza skrótów")

    def __str__(self):
        return self.fingerprint[:16]
