"""The provider contract: send(message) returns the provider's id or raises ProviderError."""


class ProviderError(Exception):
    """A send that did not go through.

    permanent=True: retrying cannot help (invalid number, rejected sender...).
    permanent=False: a temporary fault (timeout, 5xx, throttling): retry with back-off.
    """

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Provider:
    name = ""
    supports_delivery_reports = False
    supports_inbound = False
    supports_sender_name = True
    supports_idempotency = False

    def __init__(self, options: dict | None = None):
        self.options = options or {}

    def send(self, message) -> str:
        """Hand `message` (a zgoda.sms.models.Message) to the gateway; return its id there."""
        raise NotImplementedError
