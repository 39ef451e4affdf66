"""The personal-data protocol: each app declares, in its own `personal_data.py`, what
personal data it keeps and how to find, export, erase and expire it for a data subject.
`zgoda.privacy` only orchestrates: it calls every declaration and knows no app's tables.

Two kinds of data subject, never mixed:

- `Account`: proved by logging in (password and second factor) or by a one-time link to
  the account's e-mail. Its rows are found by user; rows kept by number only for
  `numbers`, the numbers the account holds now and no other account holds.
- `Number`: proved by an SMS code to it. Its marketing data only: never an e-mail, an IP,
  a browser, a login code or anything else of an account.

A declaration is found the way Django's admin finds `admin.py`: the module is imported
from every installed app (`autodiscover_modules`), and registers a `PersonalData`
subclass with `@register`.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import autodiscover_modules


# What stands where a personal value was blanked inside a text kept for staff (a log line).
ERASED = "[usunięto]"


def mentions(words, *columns: str) -> models.Q:
    """Rows whose text `columns` contain any of `words` (a number's written forms, an e-mail)."""
    found = models.Q(pk__in=[])
    for word in words:
        for column in columns:
            found |= models.Q(**{f"{column}__contains": word})
    return found


@dataclass(frozen=True)
class Account:
    user_id: int
    numbers: tuple[str, ...] = ()  # E.164: held now by this account alone
    emails: tuple[str, ...] = ()  # every address of the account, lower case


@dataclass(frozen=True)
class Number:
    phone: str  # E.164


class PersonalData:
    """One app's declaration. `columns` names every personal column the app keeps
    ("app_label.model": ("field", ...)), its own and third-party tables it answers for;
    `kept` names columns kept on purpose, with the reason ("app_label.model.field": why)."""

    columns: dict[str, tuple[str, ...]] = {}
    kept: dict[str, str] = {}

    def numbers_of(self, user_id: int) -> set[str]:
        """Numbers the account holds now (its 2FA number, its confirmed contact)."""
        return set()

    def holders_of(self, phone: str) -> set[int]:
        """Accounts that hold `phone` now."""
        return set()

    def find(self, subject) -> dict[str, int]:
        """{what: count} of rows that still hold the subject's personal data."""
        return {}

    def export(self, subject) -> dict:
        """What the subject may download (RODO art. 15 and 20), as JSON-ready values."""
        return {}

    def erase(self, subject) -> dict[str, int]:
        """Delete or blank the subject's rows; {what: count}. Runs inside privacy's transaction."""
        return {}

    def expire(self, now) -> dict[str, int]:
        """Delete what is past its retention period; {what: count}."""
        return {}

    def knows(self, phone: str) -> bool:
        """Whether this app keeps data of the number (the privacy portal sends a code only
        then). Every declaration is asked whatever the others answer."""
        return any(self.find(Number(phone)).values())


_declarations: list[PersonalData] = []
_discovered = False


def register(cls):
    """Class decorator: register one app's declaration."""
    _declarations.append(cls())
    return cls


def declarations() -> list[PersonalData]:
    """Every app's declaration, in the order of INSTALLED_APPS."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    order = [config.name for config in apps.get_app_configs()]

    def position(declaration):
        module = type(declaration).__module__
        return next((i for i, name in enumerate(order) if module.startswith(name + ".")), len(order))

    return sorted(_declarations, key=position)


def each(method: str, *args, top_down: bool = False) -> dict:
    """{"app.what": count} from calling `method` (find, erase, expire) of every declaration;
    `top_down`: from the top of the dependency chain down (campaigns first, the account row
    last), as erasure and retention run."""
    found = {}
    ordered = declarations()
    for declaration in reversed(ordered) if top_down else ordered:
        app = type(declaration).__module__.split(".")[1]
        found |= {f"{app}.{what}": count for what, count in getattr(declaration, method)(*args).items()}
    return found


# --- which columns can hold personal data ---------------------------------------------------

PERSONAL_NAME = re.compile(
    r"(^|_)(phone|number|msisdn|to|sender|recipient|e?mail|ip|user_agent|contact|username|first_name|last_name"
    r"|text|notes|error|object_repr|change_message|session_data|traceback|address)($|_)"
)


def _is_user_reference(field) -> bool:
    target = field.related_model if field.is_relation else None
    label = target if isinstance(target, str) else getattr(getattr(target, "_meta", None), "label", "")
    return bool(label) and label.lower() == settings.AUTH_USER_MODEL.lower()


def may_hold_personal_data(field) -> bool:
    """A column that can hold a phone number, e-mail, IP, user agent or a user reference."""
    if not field.concrete or field.auto_created and not field.is_relation:
        return False
    if _is_user_reference(field):
        return True
    if isinstance(field, models.EmailField | models.GenericIPAddressField | models.JSONField):
        return True
    if isinstance(field, models.CharField | models.TextField) and PERSONAL_NAME.search(field.name):
        return True
    return False


def undeclared_columns(model_list=None) -> list[str]:
    """"app_label.model.field" of every column that may hold personal data and that no
    declaration names (in `columns` or `kept`)."""
    declared: set[str] = set()
    for declaration in declarations():
        for model, fields in declaration.columns.items():
            declared.update(f"{model}.{name}" for name in fields)
        declared.update(declaration.kept)
    missing = []
    for model in model_list if model_list is not None else apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.get_fields():
            if may_hold_personal_data(field):
                label = f"{model._meta.label_lower}.{field.name}"
                if label not in declared:
                    missing.append(label)
    return missing
