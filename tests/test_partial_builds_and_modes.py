"""Issue 16, items 1 and 2: building one locale leaves the others alone, and every file
written gets the mode a new file gets under the user's umask (a rewritten one keeps its own)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pain_content.cli import main

ARTICLE = "stem-cell-therapy-for-chronic-pain"


@pytest.fixture
def project(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(shipped_project)
    return shipped_project


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _pages(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".md")
    }


def test_building_one_locale_leaves_every_other_language_as_it_was(project: Path) -> None:
    """``build -l fr`` after a full build: every other language's pages are still there,
    byte for byte, and the language list at the top still names all sixteen."""
    assert main(["build", "-q", "-j", "1"]) == 0
    before = _pages(project / "site")
    assert main(["build", "-q", "-j", "1", "-l", "fr"]) == 0
    after = _pages(project / "site")
    assert after == before
    home = (project / "site" / "index.html").read_text("utf-8")
    for tag in ("es", "ar", "zh-Hans", "fr", "vi", "so"):
        assert f'href="{tag}/index.html"' in home


def test_a_mistyped_locales_folder_deletes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``build --locales nosuch`` fails with one line and every page stays."""
    assert main(["build", "-q", "-j", "1"]) == 0
    before = _pages(project / "site")
    capsys.readouterr()
    assert main(["build", "-q", "-j", "1", "--locales", "nosuch"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nosuch" in err[0], err
    assert _pages(project / "site") == before


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_files_get_the_umasks_mode_and_a_rewritten_one_keeps_its_own(project: Path) -> None:
    """Under umask 022 every template, catalog, compiled catalog and page is 0644 (a web
    server's user can read it after ``rsync -a``); a catalog made 0640 by its owner stays
    0640 when ``update`` rewrites it."""
    (project / "locales" / f"{ARTICLE}.pot").unlink()
    assert main(["extract", "-q"]) == 0
    assert main(["compile", "-q"]) == 0
    assert main(["build", "-q", "-j", "1"]) == 0
    written = [
        project / "locales" / f"{ARTICLE}.pot",
        project / "locales" / "es" / "LC_MESSAGES" / f"{ARTICLE}.mo",
        project / "site" / "es" / f"{ARTICLE}.html",
        project / "site" / "es" / f"{ARTICLE}.md",
        project / "site" / "index.html",
    ]
    assert {path.name: oct(_mode(path)) for path in written} == {
        path.name: oct(0o644) for path in written
    }
    po = project / "locales" / "fr" / "LC_MESSAGES" / f"{ARTICLE}.po"
    po.chmod(0o640)
    source = project / "source" / f"{ARTICLE}.md"
    source.write_text(source.read_text("utf-8") + "\nA new closing sentence.\n", "utf-8")
    assert main(["extract", "-q"]) == 0
    before = po.read_bytes()
    assert main(["update", "-q"]) == 0
    assert po.read_bytes() != before  # rewritten
    assert oct(_mode(po)) == oct(0o640)
