"""Reading numbers as a reader of the locale would, and the ``number-changed`` rule.

Digits of any script are read by value (Arabic-Indic, Persian, full-width),
with the locale's decimal and group marks from CLDR (through Babel), vulgar
fractions and ``1/2``; :mod:`.number_words` adds the numbers written in words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from babel import Locale
from babel.numbers import format_decimal, get_group_symbol

from ..locales import SOURCE_LOCALE, locale_facts
from .registry import rule

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair

_K = TypeVar("_K")

# Characters that may sit between the digit runs of one written number. Which
# of them group and which mark decimals depends on the locale (NumberFormat).
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?:(?<![^\s(\[])[.,\u066b](?=[0-9]))?"  # a naked decimal ".5" after a space
    rf"[0-9]+(?:[.,\u066b\u066c'\u2019{_SPACES}][0-9]+)*"
)
_SPACE = re.compile(f"[{_SPACES}]")
_SPACE_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_VULGAR_FRACTION = re.compile("[\u00bc-\u00be\u2150-\u215e]")
_FRACTION_SLASHES = "/\u2044"
_FRACTION_SLASH = re.compile(f"[{_FRACTION_SLASHES}]")
# Every match of _NUMBER holds an ASCII digit, and of _VULGAR_FRACTION is one.
_NUMBER_START = re.compile("[0-9\u00bc-\u00be\u2150-\u215e]")


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """The marks a locale writes numbers with."""

    decimals: str
    groups: str


@lru_cache(maxsize=64)
def _format_pattern(groups: str, decimals: str) -> re.Pattern[str]:
    # Keyed on the marks, not the NumberFormat: two strings hash faster than a dataclass.
    group, decimal = re.escape(groups), re.escape(decimals)
    return re.compile(
        rf"(?P<int>[0-9]{{1,3}}(?P<g>[{group}])[0-9]{{3}}(?:(?P=g)[0-9]{{3}})*|[0-9]+)?"
        rf"(?:[{decimal}](?P<frac>[0-9]+))?"
    )


@lru_cache(maxsize=64)
def number_formats(locale_name: str) -> tuple[NumberFormat, ...]:
    """How a locale writes numbers, then how the source does, as a fallback.

    The locale's reading comes first because it is the reader's: Spanish
    ``1.000`` is a thousand and ``1,000`` is one. The source reading only
    catches what the locale cannot read, such as a Spanish ``0.5``.
    """
    own = _locale_format(Locale.parse(locale_name))
    source = _locale_format(Locale.parse(SOURCE_LOCALE))
    return (own,) if own == source else (own, source)


def _locale_format(locale: Locale) -> NumberFormat:
    # Arabic ٫ and ٬ are unambiguous, so every locale understands them; a
    # locale's native digits (Persian, Arabic) bring their own symbols too.
    facts = locale_facts(locale)
    decimals, groups = {"\u066b", *facts.decimal_marks}, {"\u066c", *facts.group_marks}
    if groups & set(_SPACES):
        groups |= set(_SPACES)  # typists write a plain space for CLDR's no-break one
    groups -= decimals
    return NumberFormat("".join(sorted(decimals)), "".join(sorted(groups)))


class Number(NamedTuple):
    """One number of a text, where it is and how it is written.

    A named tuple, as :class:`~.pair.Side`: a text's numbers are read for every
    translation, and a frozen dataclass costs four times as much to make.
    """

    value: Fraction
    text: str
    """As written, in the text's own digits."""
    fraction_digits: str | None
    """The digits after the decimal mark, ``None`` for a whole number."""
    is_naked: bool
    """Written without a digit before the decimal mark: ``.5``."""
    start: int
    end: int
    unit: str | None = None
    """The canonical dose unit that follows (a table of ``data/units.toml``), set by :mod:`.doses`."""
    unit_text: str = ""
    """The unit as written."""
    is_optional: bool = False
    """A value a reader infers but need not see on the other side: "a day" is
    once a day, and Japanese 1日2回 says "per day" with a 1 (see :mod:`.number_words`)."""
    counts: str | None = None
    """What the number counts when a word says so: ``times``, ``pieces``, ``drops``
    (a counter such as 回 or 錠, or "twice", "tablets"); see :mod:`.counters`."""
    is_space_grouped: bool = False
    """Its thousands are grouped with spaces (``3 000``), which the locale does not
    do: read as one number, and reported by ``number-grouping``."""


def ascii_digits(text: str) -> str:
    r"""Map every Unicode decimal digit, and full-width ASCII, to ASCII, one for one.

    >>> ascii_digits("\u0665\u0660 \u06f1\u06f2 \uff10\uff0e\uff15\uff4d\uff47")
    '50 12 0.5mg'
    """
    if text.isascii() or not (_NON_ASCII_DIGIT.search(text) or _FULL_WIDTH.search(text)):
        return text
    return text.translate(_ASCII_DIGITS)


class _AsciiDigitTable(dict[int, str]):
    """``str.translate``'s table for :func:`ascii_digits`, filled as characters are met:
    a non-ASCII decimal digit or full-width ASCII maps to ASCII, anything else to itself.
    (Scanning all of Unicode up front cost a third of a second on every run.)"""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        if 0xFF01 <= code < 0xFF5F:
            value = chr(code - 0xFEE0)
        elif character.isdecimal():
            value = str(unicodedata.decimal(character))
        else:
            value = character
        self[code] = value
        return value


_ASCII_DIGITS = _AsciiDigitTable()
# What _AsciiDigitTable changes, one character class each (a fast scan): re's \d
# is str.isdecimal (Unicode's Nd). A text neither finds anything in is its own ASCII.
_NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def _read_number(
    token: str, formats: Sequence[NumberFormat]
) -> tuple[Fraction, str | None, bool] | None:
    for number_format in formats:
        match = _format_pattern(number_format.groups, number_format.decimals).fullmatch(token)
        if match is None or not (match["int"] or match["frac"]):
            continue
        whole = match["int"] or ""
        if match["g"]:
            whole = whole.replace(match["g"], "")
        fraction_digits = match["frac"]
        if fraction_digits:
            value = Fraction(int(whole + fraction_digits), 10 ** len(fraction_digits))
        else:
            value = Fraction(int(whole))
        return value, fraction_digits, not whole
    return None


def _read_token(
    plain: str,
    visible: str,
    start: int,
    end: int,
    formats: Sequence[NumberFormat],
    space_groups: bool,
) -> list[Number]:
    """One number if the token reads as one; else its space-separated parts; else its digit runs.

    With ``space_groups``, digits grouped by threes with spaces (``3 000``) are
    one number even where the locale groups otherwise.
    """
    reading = _read_number(plain[start:end], formats)
    if reading is not None:
        value, fraction_digits, is_naked = reading
        return [Number(value, visible[start:end], fraction_digits, is_naked, start, end)]
    if space_groups and _SPACE_GROUPED.fullmatch(plain, start, end):
        value = Fraction(int(_SPACE.sub("", plain[start:end])))
        return [Number(value, visible[start:end], None, False, start, end, is_space_grouped=True)]
    if _SPACE.search(plain, start, end):
        numbers: list[Number] = []
        position = start
        for piece in _SPACE.split(plain[start:end]):
            end_of_piece = position + len(piece)
            numbers += _read_token(plain, visible, position, end_of_piece, formats, space_groups)
            position += len(piece) + 1
        return numbers
    return [
        Number(Fraction(int(run[0])), visible[run.start() : run.end()], None, False, *run.span())
        for run in _DIGIT_RUN.finditer(plain, start, end)
    ]


def _is_fraction(plain: str, numerator: Number, denominator: Number) -> bool:
    # 1/2 is a half; a chain such as the date 11/25/2026 stays three numbers.
    return (
        denominator.start == numerator.end + 1
        and plain[numerator.end] in _FRACTION_SLASHES
        and numerator.fraction_digits is None
        and denominator.fraction_digits is None
        and denominator.value != 0
        and plain[numerator.start - 1 : numerator.start] not in _FRACTION_SLASHES
        and plain[denominator.end : denominator.end + 1] not in _FRACTION_SLASHES
    )


def _join_fractions(numbers: list[Number], plain: str, visible: str) -> list[Number]:
    joined: list[Number] = []
    for number in numbers:
        previous = joined[-1] if joined else None
        if previous is not None and _is_fraction(plain, previous, number):
            joined[-1] = Number(
                previous.value / number.value,
                visible[previous.start : number.end],
                None,
                False,
                previous.start,
                number.end,
            )
        else:
            joined.append(number)
    return joined


def _add_vulgar_fractions(numbers: list[Number], plain: str, visible: str) -> list[Number]:
    """``½`` is a half and ``1½`` one and a half."""
    result = list(numbers)
    for match in _VULGAR_FRACTION.finditer(plain):
        value = Fraction(unicodedata.numeric(match.group())).limit_denominator(10)
        start = match.start()
        whole = next((n for n in result if n.end == start and n.fraction_digits is None), None)
        if whole is not None:
            result.remove(whole)
            value, start = value + whole.value, whole.start
        result.append(Number(value, visible[start : match.end()], None, False, start, match.end()))
    return sorted(result, key=lambda number: number.start)


def read_numbers(
    plain: str, visible: str, formats: Sequence[NumberFormat], *, is_translation: bool = False
) -> list[Number]:
    """The numbers of a text written in digits, in order; ``plain`` is ``visible`` in ASCII digits.

    In a translation (``is_translation``), ``3 000`` is three thousand even
    where the locale does not group with spaces: a translator's habit from
    another style, which ``number-grouping`` reports. A source is read only
    as its locale writes, so that "Take 2 500 mg tablets" stays 2 and 500.
    """
    if _NUMBER_START.search(plain) is None:
        return []
    space_groups = is_translation and _SPACE.search(formats[0].groups) is None
    numbers: list[Number] = []
    for match in _NUMBER.finditer(plain):
        numbers += _read_token(plain, visible, *match.span(), formats, space_groups)
    # A fraction is joined at a slash; a vulgar fraction is one character.
    if _FRACTION_SLASH.search(plain):
        numbers = _join_fractions(numbers, plain, visible)
    if _VULGAR_FRACTION.search(plain):
        numbers = _add_vulgar_fractions(numbers, plain, visible)
    return numbers


def format_value(value: Fraction) -> str:
    """A value for a message.

    >>> format_value(Fraction(1, 2)), format_value(Fraction(1, 3)), format_value(Fraction(1000))
    ('0.5', '1/3', '1000')
    """
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def describe(number: Number) -> str:
    """A number as written, and its value when that is not plain: ``٥٠ (= 50)``, ``1,000 (= 1)``."""
    written = number.text.strip()
    value = format_value(number.value)
    return written if written == value else f"{written} (= {value})"


def has_numbers(pair: Pair, config: CheckConfig) -> bool:
    """Either side holds a number: the number, dose and counter rules need one."""
    return pair.has_numbers


@rule("number-changed", "error", needs=has_numbers)
def check_numbers(pair: Pair, config: CheckConfig) -> list[str]:
    """The numeric values are the same multiset, whatever digits, separators or words write them.

    A value one side must show (a digit, "two", "twice", "dos veces") may be
    written on the other in digits or in words; an optional value ("a day", the
    1 of 1日2回) explains a value of the other side but is not required there.
    """
    if not pair.has_numbers:
        return []  # most messages have no number on either side
    in_source = [number.value for number in pair.source.numbers if not number.is_optional]
    in_translation = [number.value for number in pair.translation.numbers if not number.is_optional]
    if in_source == in_translation:
        return []  # the same required values: nothing lost, nothing added, whatever is optional
    source_required, source_optional = _values(pair.source.numbers)
    translation_required, translation_optional = _values(pair.translation.numbers)
    lost_values = source_required - translation_required - translation_optional
    added_values = translation_required - source_required - source_optional
    if not lost_values and not added_values:
        return []
    lost = _pick_words_first(pair.source.numbers, lost_values)
    added = _pick_words_first(pair.translation.numbers, added_values)
    parts = [
        f"number {describe(old)} in the source is {describe(new)} in the translation"
        for old, new in zip(lost, added, strict=False)
    ]
    parts += [
        f"number {describe(old)} in the source is missing from the translation"
        for old in lost[len(added) :]
    ]
    parts += [
        f"number {describe(new)} in the translation is not in the source"
        for new in added[len(lost) :]
    ]
    return ["; ".join(parts)]


@rule("number-grouping", "warning", needs=has_numbers)
def check_grouping(pair: Pair, config: CheckConfig) -> list[str]:
    """Thousands are grouped as the locale groups them, not with spaces it does not use."""
    if not pair.translation.numbers:
        return []
    return [
        f"{number.text} uses a space to group thousands; {pair.locale} writes"
        f" {format_decimal(int(number.value), locale=pair.locale)} (its CLDR group mark is"
        f" {get_group_symbol(pair.locale)!r}): a reader may take it for two numbers"
        for number in pair.translation.numbers
        if number.is_space_grouped
    ]


def _pick_words_first(numbers: Iterable[Number], wanted: Counter[Fraction]) -> list[Number]:
    """The required numbers that make up ``wanted``, in text order, words before digits:
    a digit the other side also has is more likely kept than a word."""
    required = [number for number in numbers if not number.is_optional]
    in_words = sorted(required, key=lambda number: number.text[:1].isdigit())
    return sorted(pick(in_words, wanted, lambda n: n.value), key=lambda number: number.start)


def _values(numbers: Iterable[Number]) -> tuple[Counter[Fraction], Counter[Fraction]]:
    required: Counter[Fraction] = Counter()
    optional: Counter[Fraction] = Counter()
    for number in numbers:
        (optional if number.is_optional else required)[number.value] += 1
    return required, optional


def pick(
    numbers: Iterable[Number], wanted: Counter[_K], key: Callable[[Number], _K]
) -> list[Number]:
    """The numbers, in text order, that make up the multiset ``wanted``."""
    remaining = Counter(wanted)
    picked = []
    for number in numbers:
        if remaining[key(number)] > 0:
            remaining[key(number)] -= 1
            picked.append(number)
    return picked
