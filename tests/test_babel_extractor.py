"""The Babel plugin: pybabel extract finds the same units as pain-content extract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import REPOSITORY
from pain_content.cli import main


@pytest.mark.parametrize(
    "method", ["pain_content", "pain_content.babel_extractor.extract_markdown"]
)
def test_pybabel_extract_matches_pain_content_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Real pybabel, with the entry point or the dotted name, gives the same messages and references."""
    shutil.copytree(REPOSITORY / "source", tmp_path / "source")
    (tmp_path / "babel.cfg").write_text(f"[{method}: source/**.md]\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    pybabel = [sys.executable, "-c", "from babel.messages.frontend import main; main()"]
    subprocess.run(
        [*pybabel, "extract", "-F", "babel.cfg", "-o", "babel.pot", "."],
        check=True,
        capture_output=True,
    )
    assert main(["extract"]) == 0
    ours = polib.pofile(str(next((tmp_path / "locales").glob("*.pot"))))
    babels = polib.pofile(str(tmp_path / "babel.pot"))
    assert [(e.msgid, e.occurrences) for e in babels] == [(e.msgid, e.occurrences) for e in ours]
    for babel_entry, our_entry in zip(babels, ours, strict=True):
        assert set(babel_entry.comment.splitlines()) <= set(our_entry.comment.splitlines())
