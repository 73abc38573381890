"""Number words: the values a text writes in words, read from ``data/number_words.toml``."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from functools import cache, lru_cache

from .data import load


@cache
def _reader(language: str) -> tuple[re.Pattern[str], dict[str, Fraction]]:
    """One pattern for every form of the language, longest first, and each form's value."""
    values = {
        form.casefold(): Fraction(entry["value"])
        for entry in load("number_words.toml").get(language, {}).get("words", [])
        for form in entry["forms"]
    }
    forms = "|".join(re.escape(form) for form in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])", re.IGNORECASE), values


@lru_cache(maxsize=65536)  # a msgid is read once for all the languages it is checked in
def number_words(text: str, language: str = "en") -> Counter[Fraction]:
    """How many times each value is written in words.

    >>> sorted(number_words("Take one tablet twice a day.").items())
    [(Fraction(1, 1), 2), (Fraction(2, 1), 1)]
    """
    pattern, values = _reader(language)
    return Counter(values[match.casefold()] for match in pattern.findall(text))
