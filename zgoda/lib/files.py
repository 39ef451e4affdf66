"""Files and folders that only Zgoda's own user may read: 0700 folders, 0600 files.

The data folder holds the SQLite database (personal data), the secret and hash keys, the
erasure journal and, without SMTP, the mails sent (login links, codes' notices). Created
with these modes from the start (no window in which they are world-readable, whatever the
umask); a file that exists already keeps its mode. Pure Python: the settings use it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path) -> Path:
    """Create `path` (and missing parents) as 0700; an existing folder is left as it is."""
    path = Path(path)
    if not path.is_dir():
        # makedirs applies the mode to the last folder only, masked by the umask: chmod it after.
        os.makedirs(path, mode=DIR_MODE, exist_ok=True)
        os.chmod(path, DIR_MODE)
    return path


def private_file(path) -> Path:
    """Create an empty `path` as 0600 if it does not exist (e.g. the SQLite database, whose
    -wal and -shm files SQLite then creates with the same mode)."""
    path = Path(path)
    if not path.exists():
        private_dir(path.parent)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            return path
        os.fchmod(descriptor, FILE_MODE)
        os.close(descriptor)
    return path


def write_private(path, text: str) -> None:
    """Write a new file as 0600 from the start (never world-readable, not even for a moment)."""
    path = Path(path)
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        os.write(descriptor, text.encode())
    finally:
        os.close(descriptor)


def create_once(path, text: str) -> bool:
    """Write a key file whole or not at all, 0600, unless it exists: a temporary file, fsync'd,
    linked into place, so of two processes creating it at once the first wins and the other's
    text is dropped (read the file afterwards). True when this call created it."""
    path = Path(path)
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        os.write(descriptor, text.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    folder = os.open(path.parent, os.O_RDONLY)  # the new name itself survives a crash
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return True
