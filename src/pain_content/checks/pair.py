"""A message pair, parsed once: what each side shows a reader, and its numbers with units.

Message text (msgid and msgstr) is inline Markdown, read with the project's one
parser (:func:`~pain_content.markdown_parser.parse_message`), so link targets and
code spans are compared as the renderer will see them and numbers are read only
in what a patient reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from markdown_it.token import Token

from ..locales import SOURCE_LOCALE
from ..markdown_parser import MESSAGES_CACHED, parse_message
from .doses import attach_units
from .markup import BRACE_PLACEHOLDER, PERCENT_PLACEHOLDER, Markup, read_markup
from .number_words import mark_counters, read_number_words
from .numbers import Number, NumberFormat, ascii_digits, number_formats, read_numbers


class Side(NamedTuple):
    """One side of a pair: a msgid or a msgstr.

    Named tuples, as :class:`Pair` (a side is made for every translation, and a
    frozen dataclass costs five times as much to make); a msgid's side is
    shared by all its languages, so it must be immutable.
    """

    text: str
    visible: str  # what a reader sees; code spans and autolinks blanked (markup compares those)
    numbers: list[Number]
    markup: Markup  # what the markup rules compare


class Pair(NamedTuple):
    """A translation and its source, what every message rule reads."""

    source: Side
    translation: Side
    locale: Locale
    is_ui: bool
    # A plural form used for one n only may leave its number out, as GNU msgfmt allows.
    may_omit_placeholders: bool = False

    @property
    def has_numbers(self) -> bool:
        """Whether either side holds a number: the number rules compare nothing without one."""
        return bool(self.source.numbers or self.translation.numbers)


def _visible_text(tokens: Iterable[Token]) -> str:
    parts: list[str] = []
    in_autolink = False
    for token in tokens:
        kind = token.type
        if kind == "text" or kind == "text_special":  # by far the commonest tokens
            parts.append(" " * len(token.content) if in_autolink else token.content)
        elif kind == "link_open":
            in_autolink = token.markup == "autolink"
        elif kind == "link_close":
            in_autolink = False
        elif kind == "softbreak" or kind == "hardbreak":
            parts.append("\n")
        elif kind == "code_inline":
            parts.append(" ")
        elif kind == "image":
            parts.append(_visible_text(token.children or []))
    return "".join(parts)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda match: " " * len(match.group()), text)


_SOURCE_LANGUAGE = Locale.parse(SOURCE_LOCALE).language


# An article's msgids, read once for all its languages (a build runs jobs article by article).
@lru_cache(maxsize=MESSAGES_CACHED)
def _source_side(text: str, is_ui: bool) -> Side:
    return _side(text, number_formats(SOURCE_LOCALE), _SOURCE_LANGUAGE, is_ui)


# What every number written in digits holds: a decimal digit of any script or a
# vulgar fraction. A text without one, and without full-width ASCII, is also its
# own ASCII (ascii_digits changes nothing else): one scan instead of three.
_DIGIT_OR_FULL_WIDTH = re.compile("[\\d\u00bc-\u00be\u2150-\u215e\uff01-\uff5e]")


def _side(
    text: str,
    formats: tuple[NumberFormat, ...],
    language: str,
    is_ui: bool,
    *,
    is_translation: bool = False,
) -> Side:
    tokens = parse_message(text)
    if len(tokens) == 1 and tokens[0].type == "text":  # the commonest message
        visible = tokens[0].content
    else:
        visible = _visible_text(tokens)
    if is_ui:  # "{0}" and "%5.1f" hold digits that are not numbers
        visible = _blank(BRACE_PLACEHOLDER, _blank(PERCENT_PLACEHOLDER, visible))
    if _DIGIT_OR_FULL_WIDTH.search(visible) is None:
        plain, numbers = visible, []
    else:
        plain = ascii_digits(visible)
        numbers = read_numbers(plain, visible, formats, is_translation=is_translation)
    in_words = read_number_words(plain, visible, language)
    if in_words:
        numbers += in_words
        numbers.sort(key=lambda number: number.start)
    if numbers:  # most messages have none, and so nothing to count or to measure
        numbers = attach_units(mark_counters(numbers, plain, language), plain)
    return Side(text, visible, numbers, read_markup(text, tokens))


class PairReader(NamedTuple):
    """Reads the pairs of one catalog: what its translations share is looked up once."""

    locale: Locale
    is_ui: bool
    formats: tuple[NumberFormat, ...]  # how the locale writes numbers
    language: str  # the locale's language, which reads number words

    @classmethod
    def of(cls, locale: Locale, is_ui: bool) -> PairReader:
        """The reader of a catalog in ``locale`` (the ``ui`` one, when ``is_ui``)."""
        return cls(locale, is_ui, number_formats(str(locale)), locale.language)

    def read(self, msgid: str, msgstr: str, *, may_omit_placeholders: bool = False) -> Pair:
        """Parse both sides; the source side is cached across languages."""
        source = _source_side(msgid, self.is_ui)
        translation = _side(msgstr, self.formats, self.language, self.is_ui, is_translation=True)
        return Pair(source, translation, self.locale, self.is_ui, may_omit_placeholders)


def read_pair(
    msgid: str, msgstr: str, locale: Locale, is_ui: bool, *, may_omit_placeholders: bool = False
) -> Pair:
    """Parse both sides; the source side is cached across languages."""
    return PairReader.of(locale, is_ui).read(
        msgid, msgstr, may_omit_placeholders=may_omit_placeholders
    )
