"""Where GNU gettext may break a line: UAX #14 as libunistring 1.0 applies it, computed by ICU.

GNU ``msgcat`` breaks lines with libunistring's ``u8_width_linebreaks``, an
implementation of UAX #14 through the rule's pair table (table 7.3 of older
editions). ICU's line ``BreakIterator`` (through ``icu4py``, which bundles its
own ICU, so every system gets the same breaks) implements the current rules,
in C. Where the two differ, :data:`GNU_RULES` holds libunistring's answer;
each difference was found by comparing both on every pair of characters of
the line-break classes (``tests/test_po_files.py`` keeps the comparison,
against libunistring itself and against ``msgcat``).

The classes of characters come from uniseg's Line_Break property table; the
rules read them only around punctuation, symbols and marks, and only where a
line may end (:class:`LineBreaks`).
"""

from __future__ import annotations

import functools
import itertools
import re

from icu4py.breakers import LineBreaker
from uniseg.linebreak import line_break

# Letters for the pair table: libunistring resolves AI, SA, SG and XX to AL.
_LETTERS = frozenset({"AL", "HL", "AI", "SA", "SG", "XX"})
_CLOSING = frozenset({"CL", "CP", "EX", "IS", "SY", "WJ"})
_SIGNS = frozenset({"PR", "PO"})

GNU_RULES: tuple[tuple[frozenset[str] | None, bool | None, frozenset[str] | None, bool], ...] = (
    # (class before the position, skipping combining marks; spaces in between
    # (None: either); class after it (None: any); may GNU break there). The
    # first row that matches decides; where none does, ICU's answer stands.
    #
    # Never before a space or a zero-width space (LB7), in both; after a
    # zero-width space a break is always allowed (LB8), in both.
    (None, None, frozenset({"SP", "ZW"}), False),
    (frozenset({"ZW"}), None, None, True),
    # A combining mark after "( " starts a new piece in libunistring (it
    # turns the space into an ideograph); ICU keeps it after the bracket (LB14).
    (frozenset({"OP"}), True, frozenset({"CM", "ZWJ"}), True),
    # Never before closing punctuation, spaces or not (LB13); ICU 15.1's
    # LB15c breaks before ".5" after a space.
    (None, None, _CLOSING, False),
    (frozenset({"OP"}), True, None, False),  # "( x": LB14, in both
    # The older LB15, "QU SP* × OP": no break in '"q" (a)'.
    (frozenset({"QU"}), True, frozenset({"OP"}), False),
    # Otherwise a space before or after a quotation mark allows a break (the
    # pair table's indirect break); ICU 15.1's LB15a and LB15b keep an
    # opening quotation mark with what follows and a closing one with what
    # precedes.
    (None, True, frozenset({"QU"}), True),
    (frozenset({"QU"}), True, None, True),
    # LB16 ("CL SP* × NS") for closing brackets only: libunistring breaks in
    # ") ぁ", as for a closing parenthesis.
    (frozenset({"CP"}), True, frozenset({"NS", "CJ"}), True),
    # LB19 without ICU's East Asian exceptions: never next to a quotation
    # mark without a space ('字“' stays together).
    (None, False, frozenset({"QU"}), False),
    (frozenset({"QU"}), False, None, False),
    # No LB29 ("IS × AL"): 'example.|com', 'a;|b'.
    (frozenset({"IS"}), False, _LETTERS, True),
    # The pair table breaks between a separator and a sign (',$', '/%'); ICU's
    # LB25 joins "1,$" as one number.
    (frozenset({"IS", "SY"}), False, _SIGNS, True),
    # No LB20a: a break after a word-initial hyphen ('-|v', ' ‐|a').
    (frozenset({"HY", "BA"}), False, _LETTERS, True),
    # LB25 as the pair table approximates it: no break between a sign and an
    # opening bracket ('%(date)s', '$('), a closing bracket and a sign (')%'),
    # a slash and a digit ('/5'), even where no number is near.
    (_SIGNS, False, frozenset({"OP"}), False),
    (frozenset({"CL", "CP"}), False, _SIGNS, False),
    (frozenset({"SY"}), False, frozenset({"NU"}), False),
)
"""Where libunistring 1.0's line breaking differs from ICU's, as rows of classes."""

# Hebrew letter before a hyphen: LB21a ("HL (HY | BA) ×") applies in both,
# before the word-initial hyphen row above could allow the break.
_HEBREW_HYPHEN = frozenset({"HY", "BA"})

# Thai, Lao, Myanmar, Khmer, Tai Le, New Tai Lue, Tai Tham, Tai Viet, Ahom:
# the blocks of the class SA, which ICU breaks by dictionary and libunistring
# treats as letters.
_COMPLEX_BLOCKS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u19df\u1a20-\u1aaf"
    "\ua9e0-\ua9ff\uaa60-\uaadf\U00011700-\U0001174f]+"
)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def line_break_class(character: str) -> str:
    """The UAX #14 Line_Break class of one character, such as ``"AL"`` or ``"QU"``."""
    return line_break(character).value


def _as_letters(match: re.Match[str]) -> str:
    return "".join("a" if line_break_class(c) == "SA" else c for c in match.group())


def _icu_breaks(text: str) -> set[int]:
    # SA characters become a letter: libunistring breaks Thai text only at
    # spaces, where ICU would find words in its dictionary.
    breaker = LineBreaker(_COMPLEX_BLOCKS.sub(_as_letters, text), "root")
    if not _ASTRAL.search(text):  # ICU's offsets count UTF-16 units: here, characters
        offsets = {end for _, end in breaker.segments()}
    else:
        offsets = set(itertools.accumulate(len(segment) for segment in breaker))
    offsets.discard(len(text))
    return offsets


def _is_special(character: str) -> bool:
    # All but letters, digits and spaces: Python's isalnum covers the letters
    # of every script, ideographs and Thai included, and digits; combining
    # marks are outside it.
    return not (character.isalnum() or character in " _")


def _may_differ(text: str, index: int) -> bool:
    """Whether a rule may apply at ``index``: next to a special character, or
    after the spaces that follow one."""
    if _is_special(text[index]) or _is_special(text[index - 1]):
        return True
    before = index - 1
    while before > 0 and text[before] == " ":
        before -= 1
    return _is_special(text[before])


def _gnu_verdict(text: str, index: int) -> bool | None:
    """Whether libunistring breaks before ``text[index]`` where it differs from ICU, else None."""
    before = index - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0:
        return False  # libunistring never breaks after the spaces that start a portion
    spaces = before < index - 1
    if not spaces and line_break_class(text[before]) == "ZWJ":
        return False  # LB8a: nothing breaks after a zero-width joiner
    marks = before
    while before > 0 and line_break_class(text[before]) in ("CM", "ZWJ"):
        before -= 1
    if before < marks and line_break_class(text[before]) == "ZW":
        return False  # marks after a zero-width space: libunistring breaks before them only
    previous = line_break_class(text[before])
    following = line_break_class(text[index])
    if (
        not spaces
        and previous in _HEBREW_HYPHEN
        and before > 0
        and line_break_class(text[before - 1]) == "HL"
    ):
        return False
    return _table_verdict(previous, spaces, following)


@functools.cache
def _table_verdict(previous: str, spaces: bool, following: str) -> bool | None:
    """The first row of :data:`GNU_RULES` that matches, or None."""
    for classes_before, with_spaces, classes_after, allowed in GNU_RULES:
        if (
            (classes_before is None or previous in classes_before)
            and (with_spaces is None or with_spaces == spaces)
            and (classes_after is None or following in classes_after)
        ):
            return allowed
    return None


class LineBreaks:
    """Where GNU gettext may break one text, decided position by position as a wrapper asks.

    ICU's breaks are computed for the whole text at once (in C); the rules
    that make them libunistring's run only at the positions asked about, so
    a wrapper that looks near each line's end reads a few positions a line.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._icu = _icu_breaks(text)
        self._leading_spaces = len(text) - len(text.lstrip(" "))

    def allows(self, index: int) -> bool:
        """Whether GNU may break before ``text[index]`` (0 < index < len(text))."""
        if index == self._leading_spaces:
            return False  # libunistring never breaks after the spaces that start a portion
        if _may_differ(self._text, index):
            verdict = _gnu_verdict(self._text, index)
            if verdict is not None:
                return verdict
        return index in self._icu


def break_opportunities(text: str) -> list[int]:
    """Offsets ``i`` (0 < i < len(text)) where GNU gettext may break ``text`` before ``text[i]``.

    >>> text = "See example.com (5 mg/kg)"
    >>> [text[i:] for i in break_opportunities(text)]
    ['example.com (5 mg/kg)', 'com (5 mg/kg)', '(5 mg/kg)', 'mg/kg)', 'kg)']
    """
    breaks = LineBreaks(text)
    return [index for index in range(1, len(text)) if breaks.allows(index)]
