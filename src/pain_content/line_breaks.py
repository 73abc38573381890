"""Where GNU gettext may break a line: UAX #14 as libunistring 1.0 applies it.

GNU ``msgcat`` breaks lines with libunistring's ``u8_possible_linebreaks``: it
reads the text left to right and decides each position from the class of the
last character that was not a space, whether spaces came between, and UAX
#14's pair table (table 7.3 of its older editions), with a few rules of its
own around the table for spaces, combining marks, the zero-width space and
joiner, and a Hebrew letter before a hyphen. The table is data
(``data/line_break_pairs.toml``, derived from libunistring by
``scripts/derive_line_break_pairs.py``); the rules are :func:`_state_before`
and :meth:`LineBreaks.allows`.

A position needs only the few characters before it, so the rules run only at
the positions a wrapper asks about (near each line's end), never over the
whole text. ``tests/test_po_files.py`` compares the result with libunistring
itself, on every pair of characters of the line-break classes and on
generated text, and with ``msgcat``.

The classes of characters come from uniseg's Line_Break property table.
"""

from __future__ import annotations

import functools
import string
import tomllib
import unicodedata
from importlib import resources

from uniseg.linebreak import line_break

# libunistring resolves these classes before reading the table: ambiguous
# characters (AI) as letters, as outside a CJK encoding; complex scripts (SA)
# and unknown characters (XX, SG) as letters; CB as an ideograph. The
# Brahmic classes Unicode 15.1 split off (AK, AP, AS from AL; VF, VI from
# CM) are what they were in libunistring 1.0's Unicode 14.
_RESOLVED = {
    "AI": "AL",
    "SA": "AL",
    "XX": "AL",
    "SG": "AL",
    "CB": "ID",
    "AK": "AL",
    "AP": "AL",
    "AS": "AL",
    "VF": "CM",
    "VI": "CM",
}
_MANDATORY = frozenset({"BK", "CR", "LF", "NL"})
_MARKS = frozenset({"CM", "ZWJ"})
# Characters that do not become the "last character" of the pair table.
_BETWEEN = frozenset({"SP", "ZW", "CM", "ZWJ"})
_HYPHENS = frozenset({"HY", "BA"})
# Most positions a wrapper asks about are inside a word of ASCII letters
# (class AL) and digits (NU): no break between them without a space.
_ASCII_LETTERS_AND_DIGITS = frozenset(string.ascii_letters + string.digits)


@functools.cache
def line_break_class(character: str) -> str:
    """The UAX #14 Line_Break class of one character, such as ``"AL"`` or ``"QU"``."""
    return line_break(character).value


@functools.cache
def pair_class(character: str) -> str:
    """The class libunistring reads ``character`` as: its Line_Break class resolved,
    and ``OPW`` for a wide opening bracket, which, unlike ``(``, may follow a
    letter or digit at a break (UAX #14's LB30 excepts East Asian brackets).

    >>> pair_class("a"), pair_class("\N{SUPERSCRIPT TWO}"), pair_class("("), pair_class("\uff08")
    ('AL', 'AL', 'OP', 'OPW')
    """
    name = line_break_class(character)
    name = _RESOLVED.get(name, name)
    if name == "OP" and unicodedata.east_asian_width(character) in ("F", "W", "H"):
        return "OPW"
    return name


def _read_table() -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    data = tomllib.loads(
        resources.files(__package__).joinpath("data", "line_break_pairs.toml").read_text("utf-8")
    )
    columns = tuple(data["columns"].split())
    return columns, {
        row: dict(zip(columns, cells, strict=True)) for row, cells in data["rows"].items()
    }


PAIR_CLASSES, _TABLE = _read_table()
"""The classes of the pair table, rows and columns alike."""


def _state_before(text: str, index: int) -> tuple[str, bool, bool]:
    """libunistring's state just before ``text[index]``: the class of the last
    character that was not a space (``BK`` at the start of the text), whether
    spaces followed it, and whether no break may follow it at all."""
    start = index - 1
    while start >= 0 and pair_class(text[start]) in _BETWEEN:
        start -= 1
    if start < 0 or pair_class(text[start]) in _MANDATORY:
        last, glued = "BK", False
    else:
        last = pair_class(text[start])
        # UAX #14's LB21a: nothing breaks after a hyphen that follows a Hebrew
        # letter (zero-width spaces between them do not count, spaces do).
        glued = last in _HYPHENS and start > 0 and pair_class(text[start - 1]) != "SP"
        if glued:
            letter = start - 1
            while letter >= 0 and pair_class(text[letter]) in ("SP", "ZW"):
                letter -= 1
            glued = letter >= 0 and pair_class(text[letter]) == "HL"
    spaces = False
    for character in text[start + 1 : index]:
        name = pair_class(character)
        if name == "SP":
            spaces, glued = True, False
        elif name == "ZW":
            last, spaces, glued = "ZW", False, False
        else:
            # A mark at the start, after spaces or after a zero-width space has
            # no base: it is a letter (UAX #14's LB10). After a joiner (LB8a),
            # nothing breaks.
            if last in ("BK", "ZW") or spaces:
                last, spaces = "AL", False
            glued = name == "ZWJ"
    return last, spaces, glued


class LineBreaks:
    """Where GNU gettext may break one text, decided position by position as a wrapper asks."""

    def __init__(self, text: str) -> None:
        self._text = text

    def allows(self, index: int) -> bool:
        """Whether GNU may break before ``text[index]`` (0 < index < len(text))."""
        word = _ASCII_LETTERS_AND_DIGITS
        if self._text[index - 1] in word and self._text[index] in word:
            return False  # inside a word: the table never breaks AL or NU from AL or NU
        following = pair_class(self._text[index])
        if following in ("SP", "ZW") or following in _MANDATORY:
            return False
        last, spaces, glued = _state_before(self._text, index)
        if following in _MARKS:
            # A mark joins what precedes it, unless it starts a piece of its own.
            return last != "BK" and (last == "ZW" or spaces)
        if last == "BK" or glued:
            return False
        if last == "ZW":
            return True
        verdict = _TABLE[last][following]
        return verdict == "D" or (verdict == "I" and spaces)


def break_opportunities(text: str) -> list[int]:
    """Offsets ``i`` (0 < i < len(text)) where GNU gettext may break ``text`` before ``text[i]``.

    >>> text = "See example.com (5 mg/kg)"
    >>> [text[i:] for i in break_opportunities(text)]
    ['example.com (5 mg/kg)', 'com (5 mg/kg)', '(5 mg/kg)', 'mg/kg)', 'kg)']
    """
    breaks = LineBreaks(text)
    return [index for index in range(1, len(text)) if breaks.allows(index)]
