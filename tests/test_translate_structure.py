"""The structure check of localized Markdown: the fast verdict is the full re-parse's.

``splice_translations`` skips re-parsing the translated document when every
translation provably keeps the block structure. These tests hold that proof
to the full re-parse on hostile translations built from block syntax, in
every kind of container a unit sits in.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPOSITORY
from pain_content import extract_units, translate_markdown
from pain_content import translate as translate_module
from pain_content.markdown_parser import LINE_END, block_skeleton, block_tokens
from pain_content.translate import make_lookup, splice_translations
from pain_content.units import parse_article

# Each source holds its units' texts as "Alpha", "Beta"... so a drawn msgstr
# per unit replaces them; the lines around each unit are what a translation
# could join with (a delimiter row, an underline, a lazy line, a next item).
CONTAINERS = {
    "paragraph": "Alpha\n\nBeta one\nbeta two\n\nGamma\n",
    "paragraph before a thematic break": "Alpha\n\n---\n\nBeta\n***\n",
    "paragraph before a delimiter-like line": "Alpha\n- |---|\n\nBeta\n> --|--\n",
    "list item": "- Alpha\n- Beta\n  beta two\n\n1. Gamma\n2) Delta\n",
    "loose list item": "- Alpha\n\n- Beta\n\n  Gamma\n",
    "nested list item": "- Alpha\n  - Beta\n    beta two\n- Gamma\n",
    "list item before a delimiter row": "- Alpha\n|---|---|\n",
    "blockquote": "> Alpha\n> alpha two\n\n> Beta\nlazy beta\n\nGamma\n",
    "nested blockquote": "> - Alpha\n>   alpha two\n> > Beta\n",
    "table cell": "| Alpha | Beta |\n| --- | --- |\n| Gamma | Delta |\n|Epsilon|Zeta|\n",
    "table cell without outer pipes": "Alpha | Beta\n--- | ---\nGamma | Delta\n",
    "alert": "> [!NOTE]\n> Alpha\n> alpha two\n\n> [!WARNING]\n> Beta\n",
    "blockquote that could become an alert": "> Alpha\n\n> Beta\n> beta two\n",
    "footnote": "Alpha[^1] and Beta[^x].\n\n[^1]: Gamma\n    gamma two\n[^x]: Delta\n",
    "atx heading": "# Alpha\n\n## Beta ##\n--|--\n### Gamma\n|---|\n",
    "setext heading": "Alpha\n=====\n\nBeta\nbeta two\n---\n",
    "heading after a thematic break": "---\nAlpha\n---\n",
    "front matter title": '---\ntitle: Alpha\ndescription: "Beta"\n---\n\nGamma\n',
    "front matter title on two lines": "---\ntitle: Alpha\n  alpha two\n---\n# Beta\n",
    "html block beside text": "<div>\n\nAlpha\n\n</div>\n\nBeta <b>bold</b>\n",
    "html block": "<div>\nAlpha <b>b</b>\n<p>Beta</p>\n</div>\n- Gamma\n",
    "html block ending at a blank line": '<div title="Alpha">Beta\n<span>Gamma</span>\n\n# Delta\n',
    "html block ending at a closing sequence": (
        "<!-- note -->Alpha <b>b</b>\n\n<textarea>x</textarea> Beta\n<?x Gamma\n?>\n# Delta\n"
    ),
    "html block in a list item": "- <div>\n  Alpha\n  </div>\n- Beta\n",
    "tags a translation may keep": (
        'Alpha <div> <pre> <script> <b>b</b> <a href="x">l</a> <custom-tag> <!-- c -->\n'
        "\n- Beta <div> <b>b</b>\n  beta two\n"
    ),
    "crlf paragraph": "Alpha\r\nalpha two\r\n\r\n- Beta\r\n",
}

# Pieces of block syntax a hostile or careless translation could hold.
PIECES = [
    "# ",
    "## x ##",
    "- ",
    "-",
    "+ ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    ">",
    "|",
    " | ",
    "\\|",
    "```",
    "~~~",
    "``` x",
    "<div>",
    "</div>",
    "<pre>",
    "<script>",
    "<!--",
    "-->",
    "?>",
    ">",
    "]]>",
    "</textarea>",
    "<?x",
    "<!X",
    "<![CDATA[",
    '<a href="x">',
    "<b>",
    "</b>",
    "<abbr title=x>",
    "<custom-tag>",
    "[x]: /url",
    "[x]:",
    "[x\n",
    "]: /url",
    "[^1]: note",
    "[",
    "]",
    "[!NOTE]",
    "[!WARNING]",
    "---",
    "***",
    "___",
    "===",
    "- - -",
    "|---|",
    ":--",
    "--|--",
    "| --- | --- |",
    "    ",
    "\t",
    "\\",
    "\\\\",
    "*",
    "**bold**",
    "`code`",
    "`",
    "title: x",
    "word",
    "Text",
    "Ünïcode",
    "9",
    " ",
]
SEPARATORS = ["", "", " ", "\n", "\n", "\n\n", "\r\n", "  \n"]

msgstrs = st.one_of(
    st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=0, max_size=6
    ).map(lambda parts: "".join(piece + separator for piece, separator in parts)),
    st.sampled_from([" ", "\n", "\t\n ", "\\", "\\\\"]),  # nothing left, or a bare backslash
)


def _full_check(markdown: str, translations: dict[str, str]) -> str:
    """What ``translate_markdown`` returns when every splice is re-parsed whole."""
    with mock.patch.object(translate_module, "_keeps_blocks", return_value=False):
        return translate_markdown(markdown, translations)


@pytest.mark.parametrize("container", CONTAINERS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_structure_check_agrees_with_the_full_reparse(
    container: str, data: st.DataObject
) -> None:
    """Whenever the fast check lets a translation through unparsed, the full
    re-parse finds the source's block structure, and the output is the one the
    full check gives."""
    markdown = CONTAINERS[container]
    document, leaves = parse_article(markdown)
    msgids = dict.fromkeys(leaf.unit.msgid for leaf in leaves)
    translations = {msgid: data.draw(msgstrs, label=msgid) for msgid in msgids}
    for msgid in msgids:
        if data.draw(st.booleans(), label=f"keep {msgid}"):
            translations[msgid] = msgid  # untranslated: no edit there
    edits = []
    keeps_blocks = True
    line_end = match.group() if (match := LINE_END.search(markdown)) else "\n"
    lookup = make_lookup(translations)
    for leaf in leaves:
        msgstr = lookup(leaf.unit)
        if msgstr is None or msgstr == leaf.unit.msgid:
            continue
        replacement, keeps = translate_module._replacement(document, leaf, msgstr, line_end)
        edits.append((leaf.start, leaf.end, replacement))
        keeps_blocks = keeps_blocks and keeps
    translated = translate_module._splice(markdown, edits)
    fields_changed = any(leaf.inline is None and leaf.html_block is None for leaf in leaves)
    if keeps_blocks and translate_module._same_front_matter(
        document, translated, fields_changed=fields_changed
    ):
        assert block_skeleton(block_tokens(translated)) == document.skeleton
    found = [lookup(leaf.unit) for leaf in leaves]
    assert splice_translations(document, leaves, found) == _full_check(markdown, translations)


@pytest.mark.parametrize(
    ("markdown", "msgstr"),
    [
        ("Alpha\n---\n", "x |"),  # a header row over the underline: a table
        ("# Alpha\n--|--\n", "x | y"),
        ("> Alpha\n", "[!NOTE]"),  # a quote's first line: an alert
        ("Alpha\n", "[x\ny]: /url"),  # a reference definition on two lines
        ("Alpha <div>\n", "<div> x"),  # a tag the source has opens an HTML block
        ("- Alpha\n  alpha <pre>\n", "x\n<pre> y"),  # and interrupts the paragraph
        ("Alpha <b>b</b>\n", "<b>\nb</b> x"),  # a tag alone on a first line starts one
        (
            "| Alpha | b |\n| - | - |\n|Alpha|b|\n",
            "x\\\\",
        ),  # one backslash stays, escaping the pipe after it
        ("Alpha\n", "   "),
        ("---\nAlpha\n---\n", "key: value"),  # the fences would hold front matter
    ],
)
def test_translations_that_could_change_blocks_are_parsed_whole(markdown: str, msgstr: str) -> None:
    """A translation the fast check cannot clear sends the whole document through
    the block parser, and the output is the full check's."""
    translations = {extract_units(markdown)[0].msgid: msgstr}
    with mock.patch.object(translate_module, "block_tokens", wraps=block_tokens) as parses:
        localized = translate_markdown(markdown, translations)
    assert parses.call_count >= 1
    assert localized == _full_check(markdown, translations)
    assert block_skeleton(block_tokens(localized)) == parse_article(markdown)[0].skeleton


def test_ordinary_translations_need_no_second_parse() -> None:
    """Translating the shipped article (headings, paragraphs, bold lead-ins in
    lists) parses nothing after the source."""
    article = (REPOSITORY / "source" / "stem-cell-therapy-for-chronic-pain.md").read_text("utf-8")
    translations = {unit.msgid: f"«{unit.msgid}»" for unit in extract_units(article)}
    with mock.patch.object(translate_module, "block_tokens", wraps=block_tokens) as parses:
        localized = translate_markdown(article, translations)
    assert parses.call_count == 0
    assert localized != article
    assert localized == _full_check(article, translations)


def test_a_translation_that_would_break_front_matter_is_left_out() -> None:
    """A heading between fences whose translation would read as broken YAML front
    matter keeps its source text, and the call raises nothing."""
    markdown = "---\nAlpha\n---\n\nBeta\n"
    translations = {"Alpha": "title: xtitle: x", "Beta": "Gamma"}
    assert translate_markdown(markdown, translations) == "---\nAlpha\n---\n\nGamma\n"
