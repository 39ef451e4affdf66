"""After erasure and VACUUM, the SQLite file itself (and its WAL) holds no byte sequence of
the number in any form, nor the e-mail, IP or browser: freed pages do not keep them.
The erasure turns SQLite's secure_delete on, so this holds before a VACUUM too."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .people import BYSTANDER_PHONE, needles


@pytest.mark.parametrize("vacuum", [True, False], ids=["after-vacuum", "before-vacuum"])
def test_sqlite_file_after_erasure_holds_no_trace(tmp_path, vacuum):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("ZGODA_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "zgoda.test_settings", "ZGODA_DATA_DIR": str(tmp_path),
        "ZGODA_ALLOWED_HOSTS": "testserver", "PYTHONPATH": str(settings.PROJECT_DIR),
    }
    done = subprocess.run([sys.executable, "-m", "zgoda.privacy.tests.erase_on_file", *([] if vacuum else ["--no-vacuum"])], env=env, cwd=settings.PROJECT_DIR,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    database = Path(done.stdout.strip().splitlines()[-1])
    assert database.parent == tmp_path and database.stat().st_size > 100_000
    content = b"".join(p.read_bytes() for p in tmp_path.glob(database.name + "*"))
    # The file is real and readable as text where it matters: Jan's number is in it.
    assert BYSTANDER_PHONE.encode() in content
    assert [w for w in needles() if w.encode() in content] == []
