"""Signals other apps listen to."""

from django.dispatch import Signal

# An SMS a person sent us was stored (once per provider message id).
# kwargs: message (zgoda.sms.models.InboundMessage), provider (its name).
# The privacy app turns a STOP reply into a withdrawal of marketing consent.
inbound_sms_received = Signal()

# Why a number can't be reached, as a `recipient_unreachable` reason.
UNKNOWN_SUBSCRIBER = "unknown_subscriber"  # the network has no subscriber on it (switched off for good, recycled)
ABSENT_SUBSCRIBER = "absent_subscriber"  # the handset stayed unreachable until the message gave up
UNREACHABLE_REASONS = (UNKNOWN_SUBSCRIBER, ABSENT_SUBSCRIBER)

# A gateway or the network said, for good, that a number has no reachable subscriber: a
# send refused with such an error, or a failed delivery report saying so (providers classify
# their codes: ProviderError(unreachable=...), Report.unreachable). Sent once per message.
# kwargs: phone (E.164), provider (its name), reason (one of UNREACHABLE_REASONS).
# The consent app suppresses the number for marketing (a recycled number's new holder never
# gets the old holder's marketing).
recipient_unreachable = Signal()
