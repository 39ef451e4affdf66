"""The enrollment form class, extensible by apps that add boxes to it (consents)."""

from django.utils.module_loading import import_string

from .forms import EnrollPhoneForm


class BaseEnrollmentForm(EnrollPhoneForm):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """What the confirmed number will unlock; kept on the challenge until then."""
        return {}


def get_enrollment_form_class():
    from django.conf import settings

    path = getattr(settings, "ZGODA_ENROLLMENT_FORM", None)
    return import_string(path) if path else BaseEnrollmentForm
