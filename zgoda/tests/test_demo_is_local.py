"""`make run` serves the demo on loopback only and says its accounts and dev phone are for
local use; its files are its user's alone (umask 077, the data folder closed to others)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve-demo"


def test_gunicorn_binds_loopback_only_and_the_banner_says_local_use():
    text = SCRIPT.read_text()
    binds = re.findall(r"--bind\s+(\S+)", text)
    assert binds == ['"127.0.0.1:$PORT"']
    assert "unset GUNICORN_CMD_ARGS" in text and "umask 077" in text and 'chmod -R go-rwx "$DATA_DIR"' in text
    assert "Local use only" in text and "dev phone" in text and "demo accounts" in text
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/serve-demo $(PORT)" in makefile


def test_an_address_instead_of_a_port_is_refused_before_anything_runs(tmp_path):
    for port in ("0.0.0.0:8000", "8000 --bind 0.0.0.0:80", "[::]:8000"):
        done = subprocess.run([str(SCRIPT), port], cwd=ROOT, capture_output=True, text=True, timeout=30,
                              env={"PATH": "/usr/bin:/bin", "ZGODA_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert "127.0.0.1 only" in done.stderr
    assert not (tmp_path / "data").exists()
