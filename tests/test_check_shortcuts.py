"""The checks' shortcuts give the verdicts of the full reading.

Each shortcut skips work a cheap look at the text proves useless: a line that
cannot open a block, a translation without ``<``, a msgid read once for all its
languages. These tests hold each one to the reading it skips.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from pain_content.checks import check_message
from pain_content.checks.catalog import _PluralForms
from pain_content.checks.config import DEFAULT_CONFIG
from pain_content.checks.counters import check_counters
from pain_content.checks.data import load
from pain_content.checks.doses import (
    _ALIASES,
    _DENOMINATORS,
    _PERCENT_BEFORE,
    _PERCENT_MARK,
    check_dose_units,
    check_error_prone_doses,
)
from pain_content.checks.markup import (
    _UNSAFE_LINK,
    _block_syntax,
    _footnote_references,
    _looks_plain,
    _tags_like,
    _unsafe_schemes,
    check_block_syntax,
    check_markup,
)
from pain_content.checks.number_words import _first_characters, _language
from pain_content.checks.numbers import (
    _FRACTION_SLASH,
    _FULL_WIDTH,
    _NON_ASCII_DIGIT,
    _NUMBER,
    _NUMBER_START,
    _VULGAR_FRACTION,
    _add_vulgar_fractions,
    _AsciiDigitTable,
    _join_fractions,
    _read_token,
    _values,
    ascii_digits,
    check_grouping,
    check_numbers,
    number_formats,
    read_numbers,
)
from pain_content.checks.pair import _DIGIT_OR_FULL_WIDTH, Pair, _source_side, read_pair
from pain_content.checks.punctuation import check_whitespace_ends
from pain_content.checks.registry import _MESSAGE_RULES
from pain_content.checks.wording import (
    _any_inviting_wording,
    _false_friends,
    _may_invite_false_friends,
)
from pain_content.markdown_parser import BLOCK_START_CHARACTERS, BLOCK_STARTS
from pain_content.raw_html import foreign_markup, is_source_markup, markup_findings

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


def test_a_text_without_a_listed_digit_or_full_width_character_is_its_own_ascii() -> None:
    """Every character the digit table changes is found by one of the two scans, over all of Unicode."""
    table = _AsciiDigitTable()
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        found = bool(_NON_ASCII_DIGIT.search(character) or _FULL_WIDTH.search(character))
        assert found == (character.translate(table) != character) or character.isascii(), hex(code)


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT)
def test_a_text_without_a_digit_or_vulgar_fraction_has_no_number(text: str) -> None:
    """The numbers' precondition holds wherever a number or a vulgar fraction matches."""
    plain = ascii_digits(text)
    if _NUMBER.search(plain) or _VULGAR_FRACTION.search(plain):
        assert _NUMBER_START.search(plain)
    else:
        assert read_numbers(plain, text, number_formats("fr"), is_translation=True) == []


_NUMBER_TEXT = st.lists(
    st.sampled_from(
        ["1", "2", "0", "1.5", "2,5", "1/2", "3\u20444", "/", "\u2044", "½", "⅓", " ", "a", "٣"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NUMBER_TEXT | _ANY_TEXT, st.sampled_from(["fr", "es", "de", "ar"]))
def test_fractions_are_joined_only_at_a_slash_and_added_only_for_a_vulgar_fraction(
    text: str, name: str
) -> None:
    """Without a fraction slash joining changes no number; without a vulgar fraction
    adding one changes none."""
    plain, formats = ascii_digits(text), number_formats(name)
    numbers = [
        number
        for match in _NUMBER.finditer(plain)
        for number in _read_token(plain, text, *match.span(), formats, False)
    ]
    if not _FRACTION_SLASH.search(plain):
        assert _join_fractions(numbers, plain, text) == numbers
    if not _VULGAR_FRACTION.search(plain):
        assert _add_vulgar_fractions(numbers, plain, text) == numbers


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT.map(lambda text: text.replace("<", "(")) | _ANY_TEXT)
def test_a_text_without_a_link_opening_or_a_less_than_sign_names_no_unsafe_scheme(
    text: str,
) -> None:
    """The unsafe schemes read with the shortcut are those the full pattern finds."""
    text = text.replace("a1", "javascript:")
    assert _unsafe_schemes(text) == {scheme.lower() for scheme in _UNSAFE_LINK.findall(text)}


_UNIT_ALIAS_TEXT = st.lists(
    st.sampled_from(["mg", "ml", "mL", "μg", "kg", "%", "٪", "per cent", "百分之", "Boqolkiiba"])
    | st.sampled_from(
        ["毫克", "ملغ", "gotas", "лет", "g", "г.", "unidades", "/", " ", "5", "\u200f"]
    )
    | _ANY_TEXT,
    max_size=5,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_UNIT_ALIAS_TEXT, st.integers(min_value=0, max_value=30))
def test_the_pattern_without_groups_matches_where_the_named_alternatives_do(
    text: str, position: int
) -> None:
    """Whether any unit alias or denominator matches at a position is the same with
    and without the groups that name them."""
    for aliases in (_ALIASES, _DENOMINATORS):
        with_groups = aliases.anyone.match(text, position)
        without = aliases.any_here.match(text, position)
        assert (with_groups is None) == (without is None)
        if with_groups is not None and without is not None:
            assert with_groups.group() == without.group()


@settings(max_examples=400, deadline=None)
@given(_UNIT_ALIAS_TEXT)
def test_a_text_without_a_percent_mark_has_no_percent_before_a_number(text: str) -> None:
    """Where no percent sign or word is found, no position has one just before it."""
    if _PERCENT_MARK.search(text) is None:
        assert not any(_PERCENT_BEFORE.search(text, 0, end) for end in range(len(text) + 1))


_NUMBER_WORD_LANGUAGES = sorted(load("number_words.toml"))


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from(_NUMBER_WORD_LANGUAGES))
def test_number_words_are_found_where_the_pattern_without_its_lookahead_finds_them(
    data: st.DataObject, language: str
) -> None:
    """The first-character lookahead changes no match of a language's number words,
    whatever the case of their letters."""
    reader = _language(language)
    assert reader.pattern is not None
    forms = sorted(reader.words)
    pieces = st.sampled_from(forms).map(
        lambda form: data.draw(st.sampled_from([form, form.upper(), form.title()]))
    )
    text = data.draw(st.lists(pieces | _ANY_TEXT | st.sampled_from([" ", "-", "x"]), max_size=6))
    plain = "".join(text)
    lookahead = _first_characters(forms)
    without = re.compile(reader.pattern.pattern.replace(lookahead, "", 1), reader.pattern.flags)
    found = [match.span() for match in reader.pattern.finditer(plain)]
    assert found == [match.span() for match in without.finditer(plain)]


_FALSE_FRIEND_WORDS = sorted(
    {
        word
        for entries in load("false_friends.toml").values()
        for entry in entries
        for word in re.findall(
            r"[A-Za-z]+", entry["english"] + " " + entry.get("unless_english", "")
        )
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_FALSE_FRIEND_WORDS), _ANY_TEXT), max_size=6).map(" ".join),
    st.sampled_from(sorted(load("false_friends.toml"))),
)
def test_one_alternation_finds_the_wording_of_some_false_friend_exactly_when_one_does(
    text: str, language: str
) -> None:
    """The joined pattern matches a source exactly when one false friend's own pattern does,
    and the pattern of every language's wording when one language's does."""
    joined = _any_inviting_wording(language)
    assert joined is not None
    assert bool(joined.search(text)) == any(
        f.english.search(text) for f in _false_friends(language)
    )
    every_language = [_any_inviting_wording(name) for name in load("false_friends.toml")]
    assert _may_invite_false_friends(text) == any(
        pattern is not None and pattern.search(text) for pattern in every_language
    )


def test_the_languages_without_false_friends_have_no_pattern() -> None:
    assert _any_inviting_wording("xx") is None


# Messages whose numbers, units, counters, markup and ends the rules compare.
_PIECES = st.sampled_from(
    [
        "5",
        "5 mg",
        "0.5 mg",
        "1.0 mg",
        ".5 mg",
        "50",
        "1,000",
        "1.000",
        "3 000",
        "½",
        "1/2",
        "٥ ملغ",
        "５ｍｇ",
        "twice",
        "two",
        "one",
        "a day",
        "2 tablets",
        "2回",
        "1日2回",
        "1錠",
        "5-10 mg/kg",
        "`x`",
        "`y`",
        "[a](a.md)",
        "[b](b.md)",
        "![i](i.png)",
        "**b**",
        "*i*",
        "[^1]",
        "<b>",
        "javascript:",
        "[j](javascript:x)",
        " ",
        "\n",
        "\t",
        "word",
        ".",
        "mL/h",
    ]
)
_MESSAGES = st.lists(_PIECES, max_size=7).map(" ".join) | st.lists(_PIECES, max_size=7).map("".join)


def _full_numbers(pair: Pair) -> bool:
    # number-changed without its shortcut: does anything differ?
    source_required, source_optional = _values(pair.source.numbers)
    translation_required, translation_optional = _values(pair.translation.numbers)
    lost = source_required - translation_required - translation_optional
    added = translation_required - source_required - source_optional
    return bool(lost or added)


def _full_markup(pair: Pair) -> bool:
    old, new = pair.source.markup, pair.translation.markup
    return (
        any(
            Counter(before) != Counter(after)
            for before, after in (
                (old.links, new.links),
                (old.images, new.images),
                (old.code, new.code),
                (old.footnotes, new.footnotes),
            )
        )
        or (old.strong, old.emphasis) != (new.strong, new.emphasis)
        or bool(new.unsafe_schemes - old.unsafe_schemes)
    )


def _full_whitespace(pair: Pair) -> bool:
    source, translation = pair.source.text, pair.translation.text
    return (source[: len(source) - len(source.lstrip())], source[len(source.rstrip()) :]) != (
        translation[: len(translation) - len(translation.lstrip())],
        translation[len(translation.rstrip()) :],
    )


@settings(max_examples=500, deadline=None)
@given(_MESSAGES, _MESSAGES, st.sampled_from(["es", "fr", "ja", "ar", "de", "zh_Hans"]))
def test_each_rule_with_a_shortcut_finds_something_exactly_when_its_full_reading_does(
    source: str, translation: str, name: str
) -> None:
    """The shortcuts of number-changed, number-grouping, error-prone-dose, markup-changed,
    markup-block-syntax and whitespace-ends answer as the full comparison; dose units and
    counters find nothing only where no number of one side has a unit, or no number of
    either side counts."""
    pair = read_pair(source, translation, Locale.parse(name), False)
    numbers = [*pair.source.numbers, *pair.translation.numbers]
    assert bool(check_numbers(pair, DEFAULT_CONFIG)) == _full_numbers(pair)
    assert bool(check_grouping(pair, DEFAULT_CONFIG)) == any(
        number.is_space_grouped for number in pair.translation.numbers
    )
    assert bool(check_error_prone_doses(pair, DEFAULT_CONFIG)) == any(
        number.unit and (number.is_naked or (number.fraction_digits or "").endswith("0"))
        for number in numbers
    )
    assert bool(check_markup(pair, DEFAULT_CONFIG)) == _full_markup(pair)
    assert bool(check_block_syntax(pair, DEFAULT_CONFIG)) == bool(
        pair.translation.markup.block_syntax - pair.source.markup.block_syntax
    )
    assert bool(check_whitespace_ends(pair, DEFAULT_CONFIG)) == _full_whitespace(pair)
    if check_dose_units(pair, DEFAULT_CONFIG):
        assert any(n.unit for n in numbers)
    if check_counters(pair, DEFAULT_CONFIG):
        assert any(n.counts for n in pair.source.numbers)
        assert any(n.counts for n in pair.translation.numbers)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"),
    [
        # The same values in another order: the shortcut does not apply, and nothing differs.
        ("Take 5 mg, then 10 mg.", "Tome 10 mg, luego 5 mg.", None),
        # One value changed: the sequences differ and the full reading reports it.
        ("Take 5 mg.", "Tome 50 mg.", "number-changed"),
        # The unit changed, the value kept: only one side has a unit.
        ("Take 5 mg.", "Tome 5 g.", "dose-unit-changed"),
        # A code span reordered is no finding; one changed is.
        ("Run `a` then `b`.", "Ejecute `b` después de `a`.", None),
        ("Run `a`.", "Ejecute `b`.", "markup-changed"),
        # Whitespace at one end only of the translation.
        ("Next", "Siguiente ", "whitespace-ends"),
        # A false friend's wording in the source.
        ("You may feel constipated.", "Puede sentirse constipado.", "false-friend"),
    ],
)
def test_a_shortcut_does_not_hide_a_finding(msgid: str, msgstr: str, code: str | None) -> None:
    """Where the cheap look cannot rule a finding out, the full reading still runs."""
    codes = {finding.code for finding in check_message(msgid, msgstr, locale=Locale.parse("es"))}
    if code is None:
        assert not codes & {"number-changed", "dose-unit-changed", "markup-changed"}
    else:
        assert code in codes


def test_plural_rules_are_read_once_per_expression() -> None:
    """Catalogs with the same Plural-Forms share one reading; another expression gets its own."""
    two = _PluralForms.of(2, "n != 1")
    assert _PluralForms.of(2, "n != 1") is two
    assert two.form_for_one == 0 and two.single_value_forms == frozenset({0})
    three = _PluralForms.of(
        3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    )
    assert three.single_value_forms == frozenset()
    assert _PluralForms.of(2, "n +") == _PluralForms(2, 0, frozenset())


_TAG_PIECES = st.sampled_from(
    [
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        '<a href="/a">',
        '<a href="javascript:x">',
        "</a>",
        '<b onclick="x">',
        "<br/>",
        "<br>",
        '<img src="p.png" alt="x">',
        '<img src="p.png" alt="y">',
        "<script>",
        "<!-- c -->",
        "<B>",
        "text ",
    ]
)
_MARKUP = st.lists(_TAG_PIECES, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(_MARKUP, _MARKUP)
def test_a_raw_html_piece_is_the_sources_exactly_when_it_has_no_foreign_markup(
    source: str, piece: str
) -> None:
    """The page's quick test of a translation's raw HTML piece agrees with the full split."""
    assert is_source_markup(source, piece) == (not foreign_markup(source, piece))


@settings(max_examples=400, deadline=None)
@given(_MESSAGES, _MESSAGES, st.sampled_from(["es", "fr", "ja", "ar", "de", "zh_Hans"]))
def test_a_rule_finds_nothing_where_its_precondition_is_false(
    source: str, translation: str, name: str
) -> None:
    """Skipping a rule whose precondition is false changes no finding."""
    pair = read_pair(source, translation, Locale.parse(name), False)
    for code, check, needs in _MESSAGE_RULES:
        if needs is not None and not needs(pair, DEFAULT_CONFIG):
            assert check(pair, DEFAULT_CONFIG) == [], code


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT)
def test_a_text_that_looks_plain_has_no_markup_of_its_own(text: str) -> None:
    """Where the first look finds nothing, no reading of the text itself finds anything."""
    if _looks_plain(text):
        assert _footnote_references(text) == ()
        assert _unsafe_schemes(text) == frozenset()
        assert _tags_like(text) == ()
        assert _block_syntax(text) == frozenset()


def test_the_number_scan_finds_every_character_a_number_or_the_digit_table_needs() -> None:
    """Every digit, vulgar fraction and character the digit table changes is found by
    the one scan before the number readers, over all of Unicode."""
    table = _AsciiDigitTable()
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        needed = character.translate(table) != character or _NUMBER_START.search(character)
        if needed:
            assert _DIGIT_OR_FULL_WIDTH.search(character), hex(code)
