"""One reading of an on/off setting, whether it came from the environment (a string) or a
settings module (a bool): "1", "true", "yes", "on" in any case are on. Pure Python: the
settings use it."""

ON = {"1", "true", "yes", "on"}


def is_on(value, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ON
