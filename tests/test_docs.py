"""The documentation: the CLI reference is generated, and the API examples run."""

from __future__ import annotations

from conftest import REPOSITORY
from pain_content.cli import reference_markdown


def test_cli_reference_is_current() -> None:
    """docs/cli.md is exactly what the argument parser generates."""
    assert (REPOSITORY / "docs" / "cli.md").read_text("utf-8") == reference_markdown()
