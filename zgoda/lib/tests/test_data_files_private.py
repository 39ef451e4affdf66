"""Data files and folders are Zgoda's user's alone, whatever the umask: the data folder and the
mail folder 0700; the SQLite database with its -wal and -shm, the secret and hash key files
and the erasure journal 0600 (a world-readable database or mail folder gave anyone on the
machine the personal data and login links)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import os
os.umask(0o022)
import django
django.setup()
from django.core.mail import send_mail
from django.db import connection
from zgoda.lib import hashkey, journal
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
send_mail("Kod", "Twoj link", "zgoda@example.pl", ["anna@example.pl"])
hashkey.create()
journal.append({"kind": "test"})
# The -wal and -shm files live while a connection is open: their modes, before it closes.
print({name: oct(os.stat(connection.settings_dict["NAME"] + name).st_mode & 0o777) for name in ("-wal", "-shm")})
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_data_folder_is_created_private(tmp_path):
    data = tmp_path / "nested" / "data"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ZGODA_", "DATABASE_URL", "DJANGO_"))}  # fmt: skip
    env.update(ZGODA_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="zgoda.settings", ZGODA_DEBUG="1")
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, check=True, timeout=60,
                          capture_output=True, text=True)  # fmt: skip
    assert done.stdout.strip() == "{'-wal': '0o600', '-shm': '0o600'}"
    assert mode(data) == 0o700
    assert mode(data / "mail") == 0o700
    assert len(list((data / "mail").iterdir())) == 1  # reachable by Zgoda's user only
    for name in ("zgoda.sqlite3", "secret_key", "hash_key", "erasure-journal.jsonl"):
        assert mode(data / name) == 0o600, name
