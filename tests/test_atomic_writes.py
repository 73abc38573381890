"""Staged writes: all files in place together, each on disk before its name."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pain_content.atomic_writes import StagedWrites, staging
from pain_content.errors import CatalogError, Location


def _record_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []
    real_sync, real_fsync, real_replace = os.sync, os.fsync, os.replace
    real_open = os.open
    opened: dict[int, str] = {}

    def sync() -> None:
        calls.append(("sync", ""))
        real_sync()

    def open_(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        descriptor = real_open(path, flags, *args)
        opened[descriptor] = Path(path).name
        return descriptor

    def fsync(descriptor: int) -> None:
        calls.append(("fsync", opened.get(descriptor, "?")))
        real_fsync(descriptor)

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(("replace", Path(target).name))
        real_replace(source, target)

    monkeypatch.setattr(os, "sync", sync)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.skipif(sys.platform != "linux", reason="sync(2) waits for the disk on Linux only")
def test_many_files_are_flushed_once_then_renamed_then_their_folders_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committing many files flushes the data once before any rename, then each
    folder that got a new name or a new folder once, and leaves no temporary file."""
    staged = StagedWrites()
    targets = [tmp_path / "site" / "es" / "a.html", tmp_path / "site" / "es" / "b.html"]
    targets.append(tmp_path / "site" / "c.html")
    for number, target in enumerate(targets):
        assert staged.add(target, f"page {number}".encode())
    calls = _record_calls(monkeypatch)
    staged.commit()
    assert calls == [
        ("sync", ""),
        ("replace", "a.html"),
        ("replace", "b.html"),
        ("replace", "c.html"),
        ("fsync", "es"),
        ("fsync", "site"),
        ("fsync", tmp_path.name),
    ]
    assert [target.read_text() for target in targets] == ["page 0", "page 1", "page 2"]
    assert sorted(path.name for path in tmp_path.rglob("*")) == sorted(
        ["site", "es", "a.html", "b.html", "c.html"]
    )


def test_one_file_gets_its_own_fsync_before_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A single staged file is flushed with fsync (not the whole system), then renamed."""
    target = tmp_path / "catalog.po"
    target.write_bytes(b"old")
    staged = StagedWrites()
    assert staged.add(target, b"new")
    assert target.read_bytes() == b"old"  # nothing in place before the commit
    calls = _record_calls(monkeypatch)
    staged.commit()
    assert [call[0] for call in calls] == ["fsync", "replace", "fsync"]
    assert calls[0][1].startswith(".catalog.po.") and calls[1:] == [
        ("replace", "catalog.po"),
        ("fsync", tmp_path.name),
    ]
    assert target.read_bytes() == b"new"


def test_a_target_staged_again_with_what_it_holds_keeps_what_it_holds(tmp_path: Path) -> None:
    """A build's second pass can find a page unchanged that its first pass staged new
    content for: the commit must leave the page as it is, not put the first version there."""
    target = tmp_path / "page.html"
    target.write_bytes(b"on disk")
    staged = StagedWrites()
    assert staged.add(target, b"first pass") == str(target)
    assert staged.add(target, b"on disk") is None
    assert str(target) not in staged
    staged.commit()
    assert target.read_bytes() == b"on disk"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["page.html"]


def test_a_target_staged_twice_gets_the_later_content_and_one_temporary_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "page.html"
    staged = StagedWrites()
    staged.add(target, b"first")
    staged.add(target, b"second")
    assert len(list(tmp_path.iterdir())) == 1  # the first temporary file is gone
    staged.commit()
    assert target.read_bytes() == b"second"


def test_content_staged_in_pieces_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """``add_chunks``: new pieces replace the target at the commit; pieces that make what
    the target holds stage nothing and leave no temporary file; a failure while the
    pieces are made leaves the target as it was."""
    target = tmp_path / "manifest.json"
    with staging() as staged:
        assert staged.add_chunks(target, iter([b"{", b'"a":1', b"}"])) == str(target)
    assert target.read_bytes() == b'{"a":1}'
    with staging() as staged:
        assert staged.add_chunks(target, iter([b'{"a"', b":1}"])) is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]

    def broken() -> Iterator[bytes]:
        yield b'{"a":2'
        raise CatalogError("the pieces could not be made", Location(str(target), 0))

    with pytest.raises(CatalogError), staging() as staged:
        staged.add_chunks(target, broken())
    assert target.read_bytes() == b'{"a":1}'
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]


def test_a_file_named_relative_to_the_working_folder_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o terms.tbx``: the target's folder is the working folder, flushed as ``.``."""
    monkeypatch.chdir(tmp_path)
    with staging() as staged:
        staged.add(Path("terms.tbx"), b"<tbx/>")
    assert (tmp_path / "terms.tbx").read_bytes() == b"<tbx/>"
