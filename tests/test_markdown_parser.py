"""The configured parser: front matter, safe links, raw HTML off, and the positions it records."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from pain_content import render_html
from pain_content.errors import SourceError
from pain_content.markdown_parser import (
    BLOCK_START_CHARACTERS,
    BLOCK_STARTS,
    PARSER,
    Break,
    InlineRecord,
    has_definitions,
    parse_document,
    parse_inline,
    parse_message,
    split_front_matter,
    validate_link,
)


def _inline(text: str, index: int = 0) -> tuple[InlineRecord, object, object]:
    """The record, line spans and first line of the ``index``-th inline token of ``text``."""
    inlines = [token for token in parse_document(text).tokens if token.type == "inline"]
    token = inlines[index]
    return token.meta["record"], token.meta["lines"], token.meta["first_line"]


def test_front_matter_is_a_yaml_mapping_between_fences() -> None:
    """A mapping between --- fences is front matter, its fields parsed and its lines kept."""
    front_matter = split_front_matter("---\ntitle: Knee pain\nreviewed: 2026-01-05\n---\n# Hi\n")
    assert front_matter is not None
    assert front_matter.fields["title"] == "Knee pain"
    assert front_matter.lines == ("title: Knee pain", "reviewed: 2026-01-05")
    assert front_matter.line_count == 4


def test_front_matter_accepts_crlf_and_a_dots_fence() -> None:
    """Windows line ends and YAML's '...' end marker are front matter too."""
    front_matter = split_front_matter("---\r\ntitle: X\r\n...\r\nBody\r\n")
    assert front_matter is not None
    assert (dict(front_matter.fields), front_matter.line_count) == ({"title": "X"}, 3)


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nJust text between two rules.\n\n---\n",  # thematic breaks around a paragraph
        "---\n- one\n- two\n---\n",  # a YAML list, not a mapping
        "---\ntitle: never closed\n",
        "Text first\n---\ntitle: X\n---\n",
        "",
    ],
    ids=["thematic-breaks", "yaml-list", "unclosed", "not-at-top", "empty"],
)
def test_what_is_not_front_matter_is_left_to_markdown(text: str) -> None:
    """Only a YAML mapping at the very top counts; anything else stays Markdown."""
    assert split_front_matter(text) is None


def test_broken_front_matter_is_an_error_at_the_line_yaml_stopped() -> None:
    """Front matter that starts like YAML keys but does not parse names the file line."""
    with pytest.raises(SourceError) as caught:
        split_front_matter("---\ntitle: X\nauthor: [unclosed\nreviewed: 2026\n---\n")
    assert str(caught.value) == "<string>:4: front matter: expected ',' or ']', but got ':'"


def test_front_matter_keeps_the_body_on_its_file_lines() -> None:
    """The body is parsed with the front matter blanked, so token lines are the file's."""
    document = parse_document("---\ntitle: X\n---\n\nHello\n")
    assert document.front_matter is not None
    paragraph = document.tokens[0]
    assert (paragraph.type, paragraph.map) == ("paragraph_open", [4, 5])
    assert document.normalized == "\n\n\n\nHello\n"


def test_not_text_is_a_source_error() -> None:
    """parse_document refuses anything but str with the project's error."""
    with pytest.raises(SourceError, match=r"expected Markdown text \(str\), got bytes"):
        parse_document(cast(str, b"# bytes"))  # what an untyped caller may pass


@pytest.mark.parametrize(
    ("url", "is_safe"),
    [
        ("https://example.org/knee", True),
        ("mailto:clinic@example.org", True),
        ("../es/knee.html#dose", True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("javascript:alert(1)", False),
        ("  JavaScript:alert(1)", False),
        ("vbscript:msgbox", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("data:image/svg+xml;base64,PHN2Zz4=", False),  # SVG can carry script
    ],
)
def test_link_validation(url: str, is_safe: bool) -> None:
    """Script, file and non-raster data URLs are refused, whatever their case or spacing."""
    assert validate_link(url) is is_safe


def test_unsafe_links_are_not_links_and_scripts_never_reach_the_page() -> None:
    """The parser links nothing unsafe; the renderer drops a script with its content."""
    html = render_html(
        "[x](javascript:alert(1)) <script>alert(2)</script> ![dot](data:image/png;base64,AA)"
    )
    assert html == (
        '<p>[x](javascript:alert(1))  <img src="data:image/png;base64,AA" alt="dot" /></p>\n'
    )


def test_tables_are_on() -> None:
    """GitHub pipe tables are parsed as tables."""
    assert "<table>" in PARSER.render("| Dose |\n| --- |\n| 5 mg |\n")


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("a\nb", [Break(1, 2, False)]),
        ("a\n   b", [Break(1, 5, False)]),  # the next line's indent belongs to the break
        ("a  \nb", [Break(1, 4, True)]),  # starts at the first trailing space
        ("a\\\nb", [Break(1, 3, True)]),  # starts at the backslash
        ("![a\nb](x.png)", [Break(3, 4, False)]),  # inside alt text, in outer offsets
        ("`a\nb`", []),  # a newline in a code span is no break
        ("> a\n> b", [Break(1, 2, False)]),  # offsets in the inline's own content
    ],
    ids=["soft", "indented", "hard-spaces", "hard-backslash", "image-alt", "code-span", "quote"],
)
def test_break_records(text: str, breaks: list[Break]) -> None:
    """Each line break the inline parser saw is recorded with its span and kind."""
    record, _lines, _first_line = _inline(text)
    assert record.breaks == breaks


def test_line_spans_skip_container_markers() -> None:
    """A leaf block records where each of its lines' content starts and ends."""
    _record, lines, first_line = _inline("Intro\n\n> a\n> b\n", index=1)
    assert (lines, first_line) == (((9, 10), (13, 14)), 2)


@pytest.mark.parametrize(
    ("text", "is_shortcut"),
    [
        ("[term]\n\n[term]: /u", True),
        ("[term][]\n\n[term]: /u", True),
        ("[text][term]\n\n[term]: /u", False),
        ("[text](/u)", False),
        ("[not a link]", False),
    ],
)
def test_shortcut_references_are_noticed(text: str, is_shortcut: bool) -> None:
    """Shortcut and collapsed references are recorded, as translators must keep their label."""
    record, _lines, _first_line = _inline(text)
    assert record.has_shortcut_reference is is_shortcut


@given(
    st.characters().filter(lambda character: character not in BLOCK_START_CHARACTERS),
    st.text(alphabet="".join(BLOCK_START_CHARACTERS) + "]). \tx"),
)
def test_block_starts_begin_with_their_characters(first: str, rest: str) -> None:
    """A line whose first character is not one of BLOCK_START_CHARACTERS opens no block."""
    assert not any(pattern.match(first + rest) for pattern in BLOCK_STARTS.values())


@pytest.mark.parametrize("line", ["٣. خذ قرصًا", "３) x", "߁. x"])
def test_digits_of_other_scripts_open_no_list(line: str) -> None:
    """CommonMark's list markers are ASCII digits: a line starting with another
    script's digit is a paragraph, and no block pattern claims it."""
    assert PARSER.parse(line)[0].type == "paragraph_open"
    assert not any(pattern.match(line) for pattern in BLOCK_STARTS.values())


@pytest.mark.parametrize("character", sorted(BLOCK_START_CHARACTERS))
def test_every_block_start_character_starts_some_block(character: str) -> None:
    """Each of BLOCK_START_CHARACTERS begins a line that one of BLOCK_STARTS matches."""
    lines = [character + tail for tail in ("", " x", ". x", character * 2, "x]:")]
    assert any(pattern.match(line) for line in lines for pattern in BLOCK_STARTS.values())


SPEC = json.loads((Path(__file__).parent / "data/commonmark/spec-0.31.2.json").read_text("utf-8"))
# Texts a translation may hold: every CommonMark example, and links, images,
# references and footnote references of every shape.
MESSAGES = [example["markdown"] for example in SPEC] + [
    "[term] and [term][] and [text][term] and ![alt][term]",
    "[^1] and [^note], [a](b.md) ![i](c.png) <https://example.org>",
]


def _as_dicts(tokens: Iterable[Token]) -> list[object]:
    return [token.as_dict() for token in tokens]


@pytest.mark.parametrize(
    "document",
    ["# Title\n\nText [link](a.md).\n", "Text.\n\n[term]: b.md\n", "Text.[^1]\n\n[^1]: Note.\n"],
)
def test_an_env_without_definitions_parses_messages_as_the_cache_does(document: str) -> None:
    """A document without reference or footnote definitions parses a message as
    :func:`parse_message` does, so the renderer may take the cached parse; one
    with definitions is told apart."""
    env = parse_document(document).env
    differs = [
        text
        for text in MESSAGES
        if _as_dicts(
            parse_inline(text, {**env, "footnotes": copy.deepcopy(env.get("footnotes", {}))})
        )
        != _as_dicts(parse_message(text))
    ]
    if has_definitions(env):
        assert differs  # the definition's label is used in MESSAGES
    else:
        assert differs == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()^!:<>`*_ \\\nab1", max_size=40))
def test_without_definitions_any_text_parses_as_the_cache_does(text: str) -> None:
    """Brackets, footnote marks and escapes in any order: with no definitions,
    the document's env makes no difference to a message's tokens."""
    env = parse_document("Text [a](b.md) and <https://example.org>.\n").env
    assert not has_definitions(env)
    assert _as_dicts(parse_inline(text, dict(env))) == _as_dicts(parse_message(text))
