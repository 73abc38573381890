"""Writing files safely: atomically, only when changed, one command at a time.

Every file the project writes goes through :func:`write_atomic` (a temporary
file in the same folder, then ``os.replace``), so a reader or a killed process
sees either the old file or the new one, never half of one. Comparing the
bytes before writing is also the project's one staleness rule for generated
files such as ``.mo``: a file is stale when its bytes differ from what would
be written now (no modification times, nothing stored beside it).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import CatalogError, Location


def is_stale(path: Path, content: bytes) -> bool:
    """True when ``path`` does not hold exactly ``content`` (missing, or other bytes)."""
    try:
        return path.read_bytes() != content
    except OSError:
        return True


def write_atomic(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` atomically; skip the write when nothing changed.

    Returns True when the file was written.

    Raises:
        CatalogError: the folder cannot be created or written.
    """
    try:
        if not is_stale(path, content):
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror}", Location(str(path), 0)) from exc
    return True


def write_planned(planned: Mapping[Path, bytes]) -> list[Path]:
    """Write every planned file atomically; return those whose content changed."""
    return [path for path, content in planned.items() if write_atomic(path, content)]


@contextmanager
def project_lock(locales_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the project while a command writes.

    Two ``update`` or ``build`` runs at once wait for each other instead of
    interleaving. The lock is taken on the ``locales/`` folder itself, so no
    lock file is left behind; without a ``locales/`` folder there is nothing
    to protect yet.
    """
    if not locales_dir.is_dir():
        yield
        return
    descriptor = os.open(locales_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
