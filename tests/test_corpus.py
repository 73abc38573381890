"""The translation properties over real documentation: httpx, MkDocs, MDN, FastAPI (en, de),
and its templates as GNU msgcat writes them.

See ``translation_properties`` for the properties and ``data/corpus/SOURCE.md``
for where the pages come from. Every page passes every test, no exception.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import DATA
from pain_content import extract_units
from pain_content.catalogs import build_template
from pain_content.pofile import format_catalog
from translation_properties import (
    assert_identity_returns_the_source,
    assert_placeholders_hide_all_source_text,
    assert_pseudo_translation_keeps_the_tag_tree,
)

CORPUS = DATA / "corpus"
PAGES = sorted(
    path.relative_to(CORPUS).as_posix()
    for path in CORPUS.rglob("*.md")
    if path.name not in ("SOURCE.md", "SOURCES.md")
)


def _page(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def test_the_corpus_is_there() -> None:
    """Every corpus is represented, so a missing folder cannot pass unnoticed."""
    assert {Path(name).parts[0] for name in PAGES} == {
        "fastapi-de", "fastapi-en", "httpx", "mdn", "mkdocs"
    }  # fmt: skip
    assert len(PAGES) == 90


@pytest.mark.parametrize("name", PAGES)
def test_identity_translation_returns_the_page(name: str) -> None:
    """Translating every unit to itself gives back the page byte for byte, and the same HTML."""
    assert_identity_returns_the_source(_page(name))


@pytest.mark.parametrize("name", PAGES)
def test_placeholder_translation_hides_all_text_of_the_page(name: str) -> None:
    """With every unit a placeholder, no text a reader sees is left, HTML blocks included."""
    assert_placeholders_hide_all_source_text(_page(name))


@pytest.mark.parametrize("name", PAGES)
def test_pseudo_translation_keeps_the_tag_tree_of_the_page(name: str) -> None:
    """Changing letters but not syntax keeps the page's HTML tag tree and block skeleton."""
    assert_pseudo_translation_keeps_the_tag_tree(_page(name))


def _without_flags_msgcat_drops(template: str) -> str:
    """The template less the flags msgcat does not know and drops (Weblate's and
    po4a's Markdown flags, the priority)."""
    lines = []
    for line in template.split("\n"):
        if line.startswith("#, "):
            flags = [f for f in line[3:].split(", ") if f not in ("md-text", "markdown-text")]
            flags = [f for f in flags if not f.startswith("priority:")]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_the_template_of_the_page_is_what_gnu_msgcat_writes(name: str) -> None:
    """The page's template, wrapped at 79 columns, is byte for byte what msgcat --width=79
    makes of it (less the flags it drops): its line breaks are GNU's."""
    catalog = build_template(
        name, extract_units(_page(name)), creation_date=datetime(2026, 1, 1, tzinfo=UTC)
    )
    template = format_catalog(catalog)
    template = _without_flags_msgcat_drops(template)
    gnu = subprocess.run(
        ["msgcat", "--width=79", "-"], input=template, capture_output=True, text=True, check=True
    )
    assert gnu.stdout == template
