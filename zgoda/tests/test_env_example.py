""".env.example documents every variable the settings package (zgoda/settings/) reads, each with a comment line."""

import re

from django.conf import settings

READ_IN_SETTINGS = re.compile(r'"((?:ZGODA_[A-Z0-9_]+)|DATABASE_URL)"')
DOCUMENTED = re.compile(r"^# ([A-Z][A-Z0-9_]+)=", re.MULTILINE)


def test_every_variable_read_in_settings_is_documented_in_env_example():
    settings_source = "\n".join(path.read_text() for path in (settings.BASE_DIR / "settings").glob("*.py"))
    example = (settings.PROJECT_DIR / ".env.example").read_text()
    read = set(READ_IN_SETTINGS.findall(settings_source))
    assert len(read) > 30  # the pattern still finds what the settings read
    assert sorted(read - set(DOCUMENTED.findall(example))) == []


def test_every_documented_variable_has_a_comment_line_above_it():
    lines = (settings.PROJECT_DIR / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if DOCUMENTED.match(line):
            above = lines[index - 1]
            assert above.startswith("# ") and not DOCUMENTED.match(above), line
