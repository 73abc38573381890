"""Shared fixtures: golden files and the shipped project."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-goldens",
        action="store_true",
        help="rewrite golden files from the current output (read the diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file, or rewrite it with --regenerate-goldens."""
    regenerate = bool(request.config.getoption("--regenerate-goldens"))

    def compare(path: Path, actual: str) -> None:
        if regenerate:
            path.write_text(actual, encoding="utf-8", newline="")
        assert path.exists(), f"missing golden file {path}; run pytest --regenerate-goldens"
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return compare


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A copy of the repository's source/ and locales/ (tests never write into the repository)."""
    shutil.copytree(REPOSITORY / "source", tmp_path / "source")
    shutil.copytree(
        REPOSITORY / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    return tmp_path
