"""The export's progress bar is drawn only when stderr is a terminal."""

import os
import pty
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli")
    env = {"ZGODA_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "zgoda.test_settings", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "zgoda.cli", "migrate", "-v0"], env=env, check=True)
    subprocess.run([sys.executable, "-m", "zgoda.cli", "demo-data", "--users", "300", "--twofa", "1",
                    "--marketing", "1", "--withdrawn", "0", "--twofa-off", "0"], env=env, check=True,
                   capture_output=True)
    return env


def test_no_progress_bar_when_stderr_is_a_pipe(cli_env, tmp_path):
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "zgoda.cli", "export-consents", "--output", str(out)],
                          env=cli_env, capture_output=True, text=True, check=True)
    assert "[#" not in done.stderr and "300 wierszy" in done.stderr
    assert len(out.read_text().splitlines()) == 301


def test_progress_bar_on_a_terminal_and_never_in_the_file(cli_env, tmp_path):
    out = tmp_path / "out.csv"
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "zgoda.cli", "export-consents", "--output", str(out)],
                               env=cli_env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
    assert process.wait() == 0
    os.close(leader)
    assert b"[##############################] 100% 300/300" in seen
    assert "#" not in out.read_text()
