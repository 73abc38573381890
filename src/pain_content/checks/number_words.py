"""Number words: the values a text writes in words, read from ``data/number_words.toml``.

Each language lists its cardinals (at least 1 to 12), multiplicatives
("twice", "дважды"), "half" and "every other day", with four rules that the
data file sets per entry and documents with the grammar it comes from:

- A form that is also an article or a common word (French "une", Vietnamese
  "một", Tagalog "isang", Spanish "un", Chinese 一) has ``needs_context``: it
  counts only when a dose or frequency word follows (``context``, and every
  counter of the language): "une fois", "một viên", 一次.
- An ``optional`` form stands for a value a reader infers ("a day" is once a
  day, "first" is one): it may explain a value on the other side but is not
  required there.
- In Chinese, Japanese and Korean a 1 before a ``distributive`` counter and
  another number ("1日2回", twice a day; "1回2錠", two tablets each time) says
  "per", so it is optional too, whether written in digits or in words.
- A multiplicative such as "twice" ``counts`` times, as the counter 回 does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from .data import load
from .numbers import Number


@dataclass(frozen=True, slots=True)
class _Word:
    value: Fraction
    needs_context: bool
    is_optional: bool
    counts: str | None


@dataclass(frozen=True, slots=True)
class _Language:
    pattern: re.Pattern[str] | None
    """Every form, longest first; None for a language without number words."""
    words: Mapping[str, _Word]
    """By casefolded form."""
    context: re.Pattern[str]
    """What must follow a form that needs context: the start of a dose or frequency word."""
    distributive: re.Pattern[str] | None
    """A counter after a 1, then another number: 1日2回."""
    counters: tuple[tuple[re.Pattern[str], str], ...]
    """Counter words and what they count, longest first."""


def _alternation(forms: Sequence[str]) -> str:
    """Literal forms as one alternation, longest first, so "mười một" wins over "mười"."""
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


def _first_characters(forms: Sequence[str]) -> str:
    """A lookahead for the characters the forms start with: it holds wherever one of
    them matches, and fails at once at a word that starts otherwise, where re would try
    every alternative of a case-insensitive alternation (two to three times as slow)."""
    return f"(?=[{''.join(sorted({re.escape(form[0]) for form in forms}))}])"


@cache
def _language(language: str) -> _Language:
    """The number-word reader of a language (Babel's language code), empty if none is listed."""
    table: dict[str, Any] = load("number_words.toml").get(language, {})
    words = {
        form.casefold(): _Word(
            Fraction(entry["value"]),
            entry.get("needs_context", False),
            entry.get("optional", False),
            entry.get("counts"),
        )
        for entry in table.get("words", [])
        for form in entry["forms"]
    }
    spaceless = table.get("spaceless", False)
    counters = sorted(
        ((form, kind) for kind, forms in table.get("counters", {}).items() for form in forms),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    particles_follow = table.get("particles_follow", False)
    end = "" if spaceless or particles_follow else r"(?![^\W\d_])"
    # Korean writes a numeral word apart from its counter, so one space at least
    # separates them; the numeral's end is not bounded, as a particle may follow a noun.
    context_gap = r"\s+" if particles_follow else r"\s*"
    word_end = "" if particles_follow else r"(?![\w-])"
    forms = _alternation(list(words))
    number_ahead = rf"(?=[0-9]|{forms})" if forms else "(?=[0-9])"
    context = _alternation([*table.get("context", []), *(form for form, _ in counters)])
    distributive = _alternation(table.get("distributive", []))
    return _Language(
        # A spaceless language's forms have no case: re scans for their first characters itself.
        pattern=re.compile(
            f"(?:{forms})"
            if spaceless
            else rf"(?<![\w-]){_first_characters(list(words))}(?:{forms}){word_end}",
            re.IGNORECASE,
        )
        if words
        else None,
        words=words,
        context=re.compile(rf"{context_gap}(?:{context})" if context else "(?!)", re.IGNORECASE),
        distributive=re.compile(rf"\s*(?:{distributive})[\s、,，]*{number_ahead}", re.IGNORECASE)
        if distributive
        else None,
        counters=tuple(
            (re.compile(rf"\s*{re.escape(form)}{end}", re.IGNORECASE), kind)
            for form, kind in counters
        ),
    )


def read_number_words(plain: str, visible: str, language: str) -> list[Number]:
    """The numbers a text writes in words, in order.

    >>> [(n.text, str(n.value)) for n in read_number_words(*["Take one tablet twice."] * 2, "en")]
    [('one', '1'), ('twice', '2')]
    >>> [(n.text, n.is_optional) for n in read_number_words(*["Prenez une fois une crème."] * 2, "fr")]
    [('une', False), ('une', True)]
    """
    reader = _language(language)
    if reader.pattern is None:
        return []
    numbers = []
    for match in reader.pattern.finditer(plain):
        word = reader.words[match.group().casefold()]
        # Out of a dose or frequency context such a word may still be the number
        # ("جدول واحد", one table): it can answer a number on the other side,
        # but nothing requires it there.
        out_of_context = word.needs_context and not reader.context.match(plain, match.end())
        numbers.append(
            Number(
                word.value,
                visible[match.start() : match.end()],
                None,
                False,
                match.start(),
                match.end(),
                is_optional=word.is_optional or out_of_context,
                counts=word.counts,
            )
        )
    return numbers


def mark_counters(numbers: list[Number], plain: str, language: str) -> list[Number]:
    """Each number with what its counter counts, and a distributive 1 made optional."""
    reader = _language(language)
    marked = []
    for number in numbers:
        counts = number.counts
        for pattern, kind in reader.counters:
            if pattern.match(plain, number.end):
                counts = kind
                break
        is_optional = number.is_optional or (
            number.value == 1
            and reader.distributive is not None
            and reader.distributive.match(plain, number.end) is not None
        )
        if counts != number.counts or is_optional != number.is_optional:
            number = number._replace(counts=counts, is_optional=is_optional)
        marked.append(number)
    return marked
