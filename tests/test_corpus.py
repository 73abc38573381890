"""The translation properties over real documentation: httpx, MkDocs, MDN, FastAPI (en, de).

See ``translation_properties`` for the properties and ``data/corpus/SOURCE.md``
for where the pages come from. Every page passes all three, no exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA
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
