"""The checks' shortcuts give the verdicts of the full reading.

Each shortcut skips work a cheap look at the text proves useless: a line that
cannot open a block, a translation without ``<``, a msgid read once for all its
languages. These tests hold each one to the reading it skips.
"""

from __future__ import annotations

import re

from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from pain_content.checks import check_message
from pain_content.checks.markup import _block_syntax, _tags_like
from pain_content.checks.pair import _source_side
from pain_content.markdown_parser import BLOCK_START_CHARACTERS, BLOCK_STARTS
from pain_content.raw_html import markup_findings

# Text that looks like Markdown and HTML: the characters block starts, tags and
# their attributes are made of, digits of other scripts, and letters.
_MARKDOWN_ISH = st.text(alphabet=" \t\n#-+*>`~|:_=[]()!<>/\"'=a1٣５.\\", max_size=60)
_ANY_TEXT = st.one_of(_MARKDOWN_ISH, st.text(max_size=40))
_SUFFIXES = (
    "",
    " ",
    "\t",
    " x",
    "1. x",
    "-",
    "--",
    "__",
    "~~",
    "=",
    "]:",
    "`",
    "```",
    "|",
    ") x",
    ". x",
)


def _full_block_syntax(text: str) -> frozenset[str]:
    # The reading without the first-character shortcut.
    lines = [line[min(3, len(line) - len(line.lstrip(" "))) :] for line in text.split("\n")]
    found = {
        kind for kind, pattern in BLOCK_STARTS.items() if any(pattern.match(line) for line in lines)
    }
    if re.search(r"\n[ \t]*\n", text):
        found.add("blank line")
    return frozenset(found)


def test_only_the_listed_characters_and_digits_start_a_block() -> None:
    """The characters that start a block-start pattern's match are BLOCK_START_CHARACTERS
    and decimal digits of any script, over the ASCII, Latin, punctuation and
    full-width blocks."""
    characters = [
        chr(code)
        for start, end in ((0, 0x250), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))
        for code in range(start, end)
    ]
    starting = {
        character
        for character in characters
        for suffix in _SUFFIXES
        if any(pattern.match(character + suffix) for pattern in BLOCK_STARTS.values())
    }
    assert {c for c in starting if not c.isdecimal()} == {
        c for c in BLOCK_START_CHARACTERS if not c.isdecimal()
    }


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT)
def test_a_line_that_starts_no_block_matches_no_pattern(line: str) -> None:
    """Whatever follows, a line starting outside the listed characters opens no block."""
    if line[:1] not in BLOCK_START_CHARACTERS and not line[:1].isdecimal():
        assert not any(pattern.match(line) for pattern in BLOCK_STARTS.values())


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT)
def test_block_syntax_shortcut_finds_what_the_full_reading_finds(text: str) -> None:
    """The block syntax read with the shortcut is the block syntax read line by line."""
    assert _block_syntax(text) == _full_block_syntax(text)


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT, _ANY_TEXT.map(lambda text: text.replace("<", "")))
def test_a_translation_without_a_less_than_sign_has_no_foreign_markup(
    source: str, translation: str
) -> None:
    """Without ``<`` a translation has no markup and nothing tag-like, whatever its source has."""
    assert markup_findings(source, translation) == []
    assert _tags_like(translation) == ()


PAIRS = [
    ("Take **5 mg** [twice](a.md) `code`.", "Tome **5 mg** [dos veces](b.md) `código`."),
    ('See <a href="/a">this</a>[^1].', 'Voir <a href="javascript:x">ceci</a>.'),
    ("One line.", "# Eine Zeile\n\n- Liste"),
    ("A <b>bold</b> word.", "Une <i>grasse</i> parole <script>."),
    ("Keep `x` and ![logo](l.png).", "[go](javascript:alert(1)) ![logo](m.png)"),
]
LOCALES = ["es", "fr", "de", "ar", "ja"]


def test_a_msgid_read_once_for_all_languages_gives_each_language_its_own_findings() -> None:
    """Checking a msgid in language after language gives each the findings it gets alone."""
    alone = {}
    for msgid, msgstr in PAIRS:
        for name in LOCALES:
            _source_side.cache_clear()
            alone[msgid, name] = check_message(msgid, msgstr, locale=Locale.parse(name))
    _source_side.cache_clear()
    together = {
        (msgid, name): check_message(msgid, msgstr, locale=Locale.parse(name))
        for name in LOCALES
        for msgid, msgstr in PAIRS
    }
    assert together == alone
    assert all(alone[msgid, "es"] for msgid, _ in PAIRS)  # every pair has findings
