"""The properties every document must have, for the CommonMark examples and the corpus.

- identity: translating every unit to itself gives back the source byte for
  byte, and the same HTML;
- placeholders: with every unit translated to a unique placeholder, no text a
  reader sees is left outside code (HTML blocks included), and the localized
  Markdown holds only placeholders;
- pseudo-translation: changing letters but not syntax keeps the HTML tag tree
  and the block skeleton.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from benchmarks.pseudo import pseudo_translations

from pain_content import extract_units, render_html, translate_markdown
from pain_content.markdown_parser import PARSER, block_skeleton

TAG = re.compile(r"<(/?[a-z0-9]+)")
_PLACEHOLDER = re.compile(r"PLACEHOLDER\d+")
_CODE = frozenset({"pre", "code"})


class _VisibleText(HTMLParser):
    """The text a reader sees, outside code and the page's own labels (alert titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.code = 0
        self.in_label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CODE:
            self.code += 1
        if tag == "p" and ("class", "alert-title") in attrs:
            self.in_label = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE:
            self.code = max(0, self.code - 1)
        if tag == "p":
            self.in_label = False

    def handle_data(self, data: str) -> None:
        if not self.code and not self.in_label:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of ``html`` a reader sees, outside code, as one string."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def skeleton(markdown: str) -> list[tuple[str, str, bool]]:
    return block_skeleton(PARSER.parse(markdown))


def assert_identity_returns_the_source(markdown: str) -> None:
    identity = {unit.msgid: unit.msgid for unit in extract_units(markdown)}
    translated = translate_markdown(markdown, identity)
    assert translated == markdown
    assert render_html(translated) == render_html(markdown)


def assert_placeholders_hide_all_source_text(markdown: str) -> None:
    msgids = dict.fromkeys(unit.msgid for unit in extract_units(markdown))
    placeholders = {msgid: f"PLACEHOLDER{index}" for index, msgid in enumerate(msgids)}
    visible = visible_text(render_html(markdown, placeholders))
    assert _PLACEHOLDER.sub(" ", visible).strip() == ""
    localized = translate_markdown(markdown, placeholders)
    assert {unit.msgid for unit in extract_units(localized)} <= set(placeholders.values())


def assert_pseudo_translation_keeps_the_tag_tree(markdown: str) -> None:
    translations = pseudo_translations(markdown, [unit.msgid for unit in extract_units(markdown)])
    tags = TAG.findall(render_html(markdown))
    assert TAG.findall(render_html(markdown, translations)) == tags
    localized = translate_markdown(markdown, translations)
    assert skeleton(localized) == skeleton(markdown)
    assert TAG.findall(render_html(localized)) == tags
