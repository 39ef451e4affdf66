"""The admin's subscription form: the same checks as the API (flows.subscriptions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .internal.flows.subscriptions import SubscriptionError, clean_events, clean_url
from .models import EVENT_CHOICES, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.CharField(label=_("adres URL"), max_length=2000,
                          help_text=_("https://… adres serwera sklepu, który odbiera zdarzenia."))
    events = forms.MultipleChoiceField(label=_("zdarzenia"), choices=EVENT_CHOICES,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Subscription
        fields = ["url", "events", "description", "active"]

    def clean_url(self):
        try:
            return clean_url(self.cleaned_data["url"])
        except SubscriptionError as error:
            raise forms.ValidationError(error.message) from None

    def clean_events(self):
        try:
            return clean_events(self.cleaned_data["events"])
        except SubscriptionError as error:
            raise forms.ValidationError(error.message) from None
