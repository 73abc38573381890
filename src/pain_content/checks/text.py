"""Facts about characters that several rules share: bidi marks, scripts, word ends."""

from __future__ import annotations

import unicodedata

# Bidi marks that CLDR puts around percent signs and that editors insert around
# numbers in right-to-left text; they never change a value.
BIDI = "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"

# Scripts written without spaces: a unit may run into the next word (5毫克的,
# 500mg을), so only a letter of the unit's own spaced script extends it.
_SPACELESS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "SQUARE"})


def script(character: str) -> str:
    """The first word of a character's Unicode name: ``LATIN``, ``CYRILLIC``, ``CJK``...

    >>> script("g"), script("г"), script("克")
    ('LATIN', 'CYRILLIC', 'CJK')
    """
    return unicodedata.name(character, "").split(" ", 1)[0]


def continues_word(text: str, position: int, last: str) -> bool:
    """True when ``text[position]`` is a letter of ``last``'s script, written with spaces.

    Then the two are one word: "g" followed by "otas" is not grams.
    """
    if not 0 <= position < len(text) or not text[position].isalpha():
        return False
    own = script(last)
    return own not in _SPACELESS and script(text[position]) == own
