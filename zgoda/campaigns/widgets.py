"""The composer's text box with its live counter beside it (the first numbers rendered with the page)."""

import json

from django import forms
from django.urls import reverse

from . import money


class ComposerTextarea(forms.Textarea):
    template_name = "campaigns/widgets/composer.html"
    composer: dict | None = None  # the form's composer_numbers() for the saved text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        numbers = self.composer or {}
        decimal, thousands = money.separators()
        context["composer"] = {
            **numbers, "analyze_url": reverse("admin:campaigns_analyze"), "server_json": json.dumps(numbers),
            "money_pattern": money.pattern(), "money_decimal": decimal, "money_thousands": thousands,
        }  # fmt: skip
        return context
