"""Every shipped catalog: complete, honest about review, and faithful to its source's markup."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it.token import Token

from conftest import REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import catalog_stats
from pain_content.markdown_parser import parse_inline
from pain_content.review import review_counts

CATALOGS = sorted(REPOSITORY.glob("locales/*/LC_MESSAGES/*.po")) + sorted(
    REPOSITORY.glob("src/pain_content/locale/*/LC_MESSAGES/ui.po")
)
SHIPPED_LOCALES = {
    "es",
    "zh_Hans",
    "zh_Hant",
    "vi",
    "ko",
    "fil",
    "ru",
    "ar",
    "ht",
    "pt_BR",
    "fr",
    "pl",
    "ja",
    "fa",
    "so",
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _flatten(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.children or []))
    return flat


def _markup(text: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    tokens = _flatten(parse_inline(text, {}))
    links = Counter(
        str(t.attrGet("href") or t.attrGet("src"))
        for t in tokens
        if t.type in ("link_open", "image")
    )
    code = Counter(t.content for t in tokens if t.type == "code_inline")
    emphasis = Counter(t.type for t in tokens if t.type in ("strong_open", "em_open", "image"))
    return links, code, emphasis


def test_every_shipped_language_has_both_domains() -> None:
    """The fifteen shipped languages each have the article catalog and the ui catalog."""
    article = {p.parent.parent.name for p in CATALOGS if p.name != "ui.po"}
    ui = {p.parent.parent.name for p in CATALOGS if p.name == "ui.po"}
    assert article == ui == SHIPPED_LOCALES


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_shipped_catalog_is_complete_draft_and_faithful(po_path: Path) -> None:
    """100% translated, no fuzzy, marked as an unreviewed draft; numbers, links, code and emphasis kept."""
    catalog = read_catalog(po_path)
    stats = catalog_stats(catalog)
    assert (stats.fuzzy, stats.untranslated, stats.percent_translated) == (0, 0, 100.0)
    assert review_counts(catalog).reviewed == 0
    assert "DRAFT" in catalog.header
    for entry in catalog:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert translation not in sources, f"{po_path}:{entry.linenum}: identical to the source"
            source = sources[0]
            assert Counter(_PLACEHOLDER.findall(translation)) == Counter(
                _PLACEHOLDER.findall(source)
            )
            numbers = Counter(_NUMBER.findall(_PLACEHOLDER.sub("", source)))
            assert Counter(_NUMBER.findall(_PLACEHOLDER.sub("", translation))) == numbers
            assert _markup(translation) == _markup(source), (
                f"{po_path}:{entry.linenum}: markup differs"
            )
