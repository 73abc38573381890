"""Writing files safely: atomically, only when changed, one command at a time.

Every file the project writes goes through :class:`StagedWrites` (a temporary
file in the same folder, then ``os.replace``; :func:`write_atomic` for one
file), so a reader or a killed process sees either the old file or the new
one, never half of one, and a command that fails writes nothing. Comparing the
bytes before writing is also the project's one staleness rule for generated
files such as ``.mo``: a file is stale when its bytes differ from what would
be written now (no modification times, nothing stored beside it).
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import secrets
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import CatalogError, Location

StrPath = str | os.PathLike[str]
"""A file's name as a string or a ``Path``: a build names thousands of files as strings."""


def is_stale(path: StrPath, content: bytes) -> bool:
    """True when ``path`` does not hold exactly ``content`` (missing, or other bytes)."""
    try:
        with open(path, "rb") as stream:
            return stream.read() != content
    except OSError:
        return True


class StagedWrites:
    """Files written under temporary names beside their targets, renamed into place together.

    Each :meth:`add` writes the new content next to its target; nothing
    replaces a target until :meth:`commit`, so a command that fails half way
    through leaves every file as it was (:meth:`abort` removes the temporary
    files and the folders made for them). A new file gets the mode the umask
    gives new files, a replaced file keeps its mode: a temporary file's
    private 0600 would make a deployed site unreadable to the web server.
    """

    def __init__(self) -> None:
        # A site's build stages thousands of files, so only each target's name
        # is kept, as a string (a Path costs several times its text); its
        # temporary file's name is made from it and a token random per staging
        # (see _temporary). One entry per target, in the order first staged:
        # staging a target again replaces its temporary file.
        self._staged: dict[str, None] = {}
        self._token = secrets.token_hex(4)
        self._made_folders: list[Path] = []
        self._umask = _umask()  # read once: reading it means setting it, a syscall each

    def add(self, path: StrPath, content: bytes) -> str | None:
        """Stage ``content`` for ``path``; the target's name, or None when it is unchanged.

        The name returned is the one the staging keeps (``os.fspath(path)``): a
        caller that records what was written can keep it at no extra cost.

        Raises:
            CatalogError: the folder cannot be created or written.
        """
        target = os.fspath(path)
        try:
            if not is_stale(target, content):
                self._discard(target)
                return None
            self._stage(target, (content,))
        except OSError as exc:
            raise CatalogError(f"cannot write: {exc.strerror}", Location(target, 0)) from exc
        return target

    def add_chunks(self, path: StrPath, chunks: Iterable[bytes]) -> str | None:
        """Stage content made piece by piece, never holding it whole; as :meth:`add`.

        The pieces are written first and then compared with the target, so an
        unchanged target costs a temporary file, not the content in memory.

        Raises:
            CatalogError: the folder cannot be created or written.
        """
        target = os.fspath(path)
        try:
            temporary = self._stage(target, chunks)
            if os.path.isfile(target) and filecmp.cmp(temporary, target, shallow=False):
                self._discard(target)
                return None
        except OSError as exc:
            raise CatalogError(f"cannot write: {exc.strerror}", Location(target, 0)) from exc
        return target

    def _stage(self, target: str, chunks: Iterable[bytes]) -> str:
        """Write ``chunks`` to a new temporary file beside ``target``, staged for it."""
        folder = os.path.dirname(target)
        if not os.path.isdir(folder or os.curdir):
            self._make_folder(Path(folder))
        # A new file gets the mode open() gives (the umask applied); a replaced one keeps its own.
        mode = os.stat(target).st_mode & 0o7777 if os.path.isfile(target) else 0o666 & ~self._umask
        self._discard(target)
        name = self._temporary(target)
        # Exclusive, as mkstemp creates: never through a name someone else made.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        handle = os.open(name, flags, mode)
        self._staged[target] = None
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(chunks)
        if mode & self._umask:  # bits the umask took away at creation
            os.chmod(name, mode)
        return name

    def _temporary(self, target: str) -> str:
        """The temporary file staged for ``target``: hidden, beside it, named for it."""
        folder, name = os.path.split(target)
        return os.path.join(folder, f".{name}.{self._token}.tmp")

    def __contains__(self, target: str) -> bool:
        """Whether new content is staged for ``target`` (a name :meth:`add` returned)."""
        return target in self._staged

    def _discard(self, target: str) -> None:
        """Forget what was staged for ``target`` before, removing its temporary file."""
        if target in self._staged:
            del self._staged[target]
            Path(self._temporary(target)).unlink(missing_ok=True)

    def content(self, path: StrPath) -> bytes | None:
        """What ``path`` holds once committed: the bytes last staged for it, else its own.

        None when it is neither staged nor there (or cannot be read).
        """
        target = os.fspath(path)
        try:
            with open(
                self._temporary(target) if target in self._staged else target, "rb"
            ) as stream:
                return stream.read()
        except OSError:
            return None

    def commit(self) -> None:
        """Put every staged file in place, its bytes on disk before its name.

        Raises:
            CatalogError: a file cannot be flushed or renamed into place.
        """
        moves = [(self._temporary(path), path) for path in self._staged]
        _flush_files(moves)
        for temporary, path in moves:
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise CatalogError(f"cannot write: {exc.strerror}", Location(path, 0)) from exc
        # A rename, like a new folder, is an entry of its parent folder:
        # flushing each such folder once makes every new name survive a crash.
        parents = dict.fromkeys(os.path.dirname(path) or os.curdir for path in self._staged)
        parents.update((str(folder.parent), None) for folder in self._made_folders)
        for folder in parents:
            _flush(folder)
        self._staged.clear()
        self._made_folders.clear()

    def abort(self) -> None:
        """Remove what was staged: the temporary files and the folders made for them."""
        for target in self._staged:
            Path(self._temporary(target)).unlink(missing_ok=True)
        for folder in reversed(self._made_folders):
            with suppress(OSError):
                folder.rmdir()
        self._staged.clear()
        self._made_folders.clear()

    def _make_folder(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for new in reversed(missing):
            new.mkdir()
            self._made_folders.append(new)


def _flush_files(moves: Sequence[tuple[str, str]]) -> None:
    # A file's bytes must be on disk before a rename puts it in place, or a
    # crash could leave the name pointing at an empty file. Linux's sync(2)
    # returns only once every dirty page is written (POSIX lets it merely
    # schedule them; see its man page), so one call does for all the staged
    # files what an fsync each does, with one journal commit instead of one
    # per file. One file, or another system: its own fsync.
    if sys.platform == "linux" and len(moves) > 1:
        os.sync()
        return
    for temporary, path in moves:
        _flush(temporary, named=path)


def _flush(path: Path | str, *, named: str | None = None) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as exc:
        location = Location(named or str(path), 0)
        raise CatalogError(f"cannot write: {exc.strerror}", location) from exc


def _umask() -> int:
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return umask


@contextmanager
def staging() -> Iterator[StagedWrites]:
    """Files staged inside the block, committed when it ends, removed if it raises."""
    staged = StagedWrites()
    try:
        yield staged
        staged.commit()
    except BaseException:
        staged.abort()
        raise


def write_atomic(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` atomically; skip the write when nothing changed.

    Returns True when the file was written.

    Raises:
        CatalogError: the folder cannot be created or written.
    """
    with staging() as staged:
        return staged.add(path, content) is not None


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
