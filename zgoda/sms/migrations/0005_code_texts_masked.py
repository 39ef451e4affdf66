"""A code SMS keeps its code only until a gateway takes it: `Message.clear_text`, and the
code texts already in the log masked ("Zgoda: kod nr 3 z dzis: *** ***. ...").

A still-queued code message moves its text to `clear_text`, so the worker sends the code
it was queued with. The dev phone's outbox (sms.OutboxEntry) is left as it is: it shows
what the phone received. Send attempts and errors never held the text."""

import re

from django.db import migrations, models

# A code: 4 to 10 digits, grouped by spaces ("482 913", "123 456 78", "4829"). The
# ordinal ("kod nr 3") has at most 3 digits and stays readable.
CODE = re.compile(r"\d(?:[ \u00a0\-]?\d){3,}")
DIGIT = re.compile(r"\d")


def masked(text: str) -> str:
    return CODE.sub(lambda found: DIGIT.sub("*", found.group()), text)


def mask_code_texts(apps, schema_editor):
    Message = apps.get_model("sms", "Message")
    rows = Message.objects.filter(kind="otp").exclude(text="").order_by("pk").values_list("pk", "text", "status")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:2000]):
        last = batch[-1][0]
        for pk, text, status in batch:
            hidden = masked(text)
            if hidden == text:
                continue
            changes = {"text": hidden}
            if status == "queued":  # not sent yet: it goes out with its code, which then leaves the row
                changes["clear_text"] = text
            Message.objects.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("sms", "0004_message_tag"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="clear_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(mask_code_texts, migrations.RunPython.noop, elidable=True),
    ]
