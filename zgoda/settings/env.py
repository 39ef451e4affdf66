"""Reading settings from the environment: NAME, or the content of the file NAME_FILE (a
path, for secrets). Pure Python: the settings modules use it before Django is set up."""

import os
from pathlib import Path

from zgoda.lib.flags import is_on


def env(name, default=None):
    """A setting from the environment; NAME_FILE (a path) wins over NAME."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    return default if value is None else is_on(value)  # set but empty: off, as before


def env_int(name, default):
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


def pass_through(names, namespace: dict, keep_empty: bool = False) -> None:
    """Set in `namespace` only the settings the environment sets, so each default is stated
    once, in the app's app_settings.py. `keep_empty`: a variable set to "" counts (it
    switches something off)."""
    for name in names:
        value = env(name)
        if value or (keep_empty and value is not None):
            namespace[name] = value
