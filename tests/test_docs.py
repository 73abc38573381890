"""The documentation: the CLI reference is generated, and the API examples run."""

from __future__ import annotations

import re

from conftest import REPOSITORY
from pain_content.cli import reference_markdown


def test_cli_reference_is_current() -> None:
    """docs/cli.md is exactly what the argument parser generates."""
    assert (REPOSITORY / "docs" / "cli.md").read_text("utf-8") == reference_markdown()


def test_relative_links_in_the_documentation_lead_to_files() -> None:
    """Every relative Markdown link of README.md and docs/*.md names a file that exists."""
    pages = [REPOSITORY / "README.md", *sorted((REPOSITORY / "docs").glob("*.md"))]
    link = re.compile(r"\]\(([^)\s#:]+)(?:#[^)]*)?\)")  # no scheme: a file of the repository
    code = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)  # examples, not links
    for page in pages:
        for target in link.findall(code.sub("", page.read_text("utf-8"))):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_api_page_names_the_design_it_follows() -> None:
    """docs/api.md's contract is docs/design.md, which says where it was copied from."""
    assert "[the design](design.md)" in (REPOSITORY / "docs" / "api.md").read_text("utf-8")
    design = (REPOSITORY / "docs" / "design.md").read_text("utf-8")
    assert design.startswith("# pain_content: design\n\n*Source: the project's design brief")
