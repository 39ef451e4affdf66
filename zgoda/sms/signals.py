"""Signals other apps listen to."""

from django.dispatch import Signal

# An SMS a person sent us was stored (once per provider message id).
# kwargs: message (zgoda.sms.models.InboundMessage), provider (its name).
# The privacy app turns a STOP reply into a withdrawal of marketing consent.
inbound_sms_received = Signal()
