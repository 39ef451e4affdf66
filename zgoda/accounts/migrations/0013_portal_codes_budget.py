"""The privacy portal's codes draw on a budget of their own (internal/limits.py): the codes it
already sent are moved to it, so today's limits count them where they now belong."""

from django.db import migrations


def portal_codes_to_their_budget(apps, schema_editor):
    OneTimeCode = apps.get_model("accounts", "OneTimeCode")
    OneTimeCode.objects.filter(challenge__purpose="privacy", budget="other").update(budget="portal")


def portal_codes_back(apps, schema_editor):
    OneTimeCode = apps.get_model("accounts", "OneTimeCode")
    OneTimeCode.objects.filter(budget="portal").update(budget="other")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_indexes_covered_by_others")]
    operations = [migrations.RunPython(portal_codes_to_their_budget, portal_codes_back)]
