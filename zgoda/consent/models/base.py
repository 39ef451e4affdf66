"""Rows that, once written, never change: the ledger, text versions, export audits.

The refusal lives in the model layer so every caller meets it: `save()` of a stored
row, `delete()`, and `QuerySet.update()/delete()/bulk_update()` all raise. Erasure of
personal data (the privacy issue) is the one sanctioned exception and goes through a
single dedicated function that anonymizes the personal columns in place
(`internal/flows/anonymize.py`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an append-only row."""


def _refuse(model, what):
    raise AppendOnlyError(
        _("%(model)s: zapisane wpisy są niezmienne (%(what)s odrzucone).")
        % {"model": model._meta.verbose_name, "what": what}
    )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model, "update")

    def delete(self):
        _refuse(self.model, "delete")

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self.model, "bulk_update")

    def update_or_create(self, *args, **kwargs):
        _refuse(self.model, "update_or_create")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse(type(self), "save")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self), "delete")
