"""Properties of extraction, translation and rendering over every CommonMark example."""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest

from pain_content import extract_units, render_html, translate_markdown
from pain_content.markdown_parser import PARSER, block_skeleton

SPEC = json.loads((Path(__file__).parent / "data/commonmark/spec-0.31.2.json").read_text("utf-8"))
EXAMPLES = {example["example"]: example["markdown"] for example in SPEC}
_LETTER = re.compile(r"[A-Za-z]")
_TAG = re.compile(r"<(/?[a-z0-9]+)")
_TAG_OR_CODE = re.compile(r"<pre>.*?</pre>|<[^>]*>", re.DOTALL)
_PLACEHOLDER = re.compile(r"PLACEHOLDER\d+")


_PROTECTED_OR_LETTER = re.compile(
    r"(?P<keep>\\.|&[A-Za-z0-9#]+;|<[^>]*>|\]\[[^\]]+\])"
    r"|(?P<shortcut>\[[^\]\[]*\])(?:\[\]|(?![\[(:]))"
    r"|(?P<letter>[A-Za-z])"
)


def _pseudo(msgid: str) -> str:
    """Change letters to other letters, as a translator following the unit comments would.

    Entities, autolinks and reference labels stay; a shortcut reference
    ``[term]`` becomes ``[translated term][term]``.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group("keep"):
            return match.group()
        if match.group("shortcut"):
            label = match.group("shortcut")
            return f"[{_pseudo(label[1:-1])}]{label}"  # [term] and [term][] alike
        return "x" if match.group() != "x" else "y"

    return _PROTECTED_OR_LETTER.sub(replace, msgid)


def _skeleton(markdown: str) -> list[tuple[str, str, bool]]:
    return block_skeleton(PARSER.parse(markdown))


@pytest.mark.parametrize("number", sorted(EXAMPLES))
def test_identity_translation_returns_the_source(number: int) -> None:
    """Translating every unit to itself gives back the source byte for byte, and the same HTML."""
    markdown = EXAMPLES[number]
    identity = {unit.msgid: unit.msgid for unit in extract_units(markdown)}
    translated = translate_markdown(markdown, identity)
    assert translated == markdown
    assert render_html(translated) == render_html(markdown)


# 148: "**Hello**," sits in a <pre> opened in an HTML block and closed in a later
#     paragraph: text in <pre> is code, never a unit, but the </pre> this test
#     looks for to recognise code is in the next block.
PLACEHOLDER_EXCEPTIONS = {148}


@pytest.mark.parametrize("number", sorted(set(EXAMPLES) - PLACEHOLDER_EXCEPTIONS))
def test_placeholder_translation_hides_all_source_text(number: int) -> None:
    """With every unit translated to a unique placeholder, no source text is left outside code."""
    markdown = EXAMPLES[number]
    msgids = dict.fromkeys(unit.msgid for unit in extract_units(markdown))
    placeholders = {msgid: f"PLACEHOLDER{index}" for index, msgid in enumerate(msgids)}
    html = render_html(markdown, placeholders)
    visible = html_module.unescape(_TAG_OR_CODE.sub(" ", html))
    assert _PLACEHOLDER.sub(" ", visible).strip() == ""
    localized = translate_markdown(markdown, placeholders)
    assert {unit.msgid for unit in extract_units(localized)} <= set(placeholders.values())


# Examples whose nature defeats this property, not the library:
# 568 "[foo](not a link)": a shortcut reference followed by text in parentheses;
#     this test's pseudo-translator cannot tell it from an inline link without
#     parsing, and translates the label (a translator reads the unit's comment).
# 616 a tag whose attribute value holds "<em>": this test's pseudo-translator
#     takes "<a ... <em>" for the tag and changes the attribute names after it,
#     which makes the tag foreign markup, rightly shown as text.
PSEUDO_EXCEPTIONS = {568, 616}


@pytest.mark.parametrize("number", sorted(set(EXAMPLES) - PSEUDO_EXCEPTIONS))
def test_pseudo_translation_keeps_the_html_tag_tree(number: int) -> None:
    """A translation that changes letters but not syntax renders to the same tag tree."""
    markdown = EXAMPLES[number]
    pseudo = {unit.msgid: _pseudo(unit.msgid) for unit in extract_units(markdown)}
    assert _TAG.findall(render_html(markdown, pseudo)) == _TAG.findall(render_html(markdown))
    localized = translate_markdown(markdown, pseudo)
    assert _skeleton(localized) == _skeleton(markdown)
    assert _TAG.findall(render_html(localized)) == _TAG.findall(render_html(markdown))


HOSTILE = [
    "# heading",
    "- item\n- item",
    "1. one",
    "> quote",
    "```\ncode\n```",
    "a\n\nb",
    "| a | b |\n|---|---|",
    "text\n===",
    "text\n---",
    "[x]: /evil",
    "    indented",
    "***",
    "<div>raw</div>",
    "a \\\nb",
]


@pytest.mark.parametrize("number", sorted(EXAMPLES))
def test_hostile_translations_never_change_the_block_skeleton(number: int) -> None:
    """Block syntax, blank lines, pipes and fences in a translation stay text in their block."""
    markdown = EXAMPLES[number]
    expected = _skeleton(markdown)
    units = extract_units(markdown)
    for hostile in HOSTILE:
        translations = {unit.msgid: hostile for unit in units}
        assert _skeleton(translate_markdown(markdown, translations)) == expected, hostile
        tags = _TAG.findall(render_html(markdown, translations))
        assert tags.count("div") == _TAG.findall(render_html(markdown)).count("div")
