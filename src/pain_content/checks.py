"""Translation quality checks: one small function per rule, each with a stable code.

Checks never raise for what a translator must fix: they return :class:`Finding`
objects, as Babel's ``Message.check()`` gathers every ``TranslationError``.
An error holds a translation back (the page shows the source text instead); a
warning is for a reviewer. The codes, by severity:

- errors: ``number-changed`` (numeric values, digits of any script compared by
  value), ``dose-unit-changed`` (the unit attached to a value), ``error-prone-dose``
  (ISMP: ``1.0 mg``, ``.5 mg``), ``markup-changed`` (link targets, image sources,
  code spans, bold and italic), ``markup-raw-html``, ``markup-block-syntax``,
  ``placeholder-mismatch`` (``ui`` catalog only), ``plural-count``,
  ``protected-term``, ``required-statement``;
- warnings: ``false-friend``, ``untranslated-identical``, ``length-ratio``,
  ``whitespace-ends``, ``punctuation-end``.

Message text (msgid and msgstr) is inline Markdown, read with the project's one
parser (:func:`~pain_content.markdown_parser.parse_inline`), so link targets and
code spans are compared as the renderer will see them and numbers are read only
in what a patient reads. Nothing here touches the filesystem:
:func:`load_check_config` takes a config file's text and the path to name in errors.
"""

from __future__ import annotations

import gettext
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, TypeVar

import polib
from babel import Locale
from babel.numbers import (
    UnsupportedNumberingSystemError,
    get_decimal_symbol,
    get_group_symbol,
)
from markdown_it.token import Token

from .catalogs import has_translation, plural_count
from .errors import Location, UsageError
from .locales import SOURCE_LOCALE, is_source_locale
from .markdown_parser import parse_inline

Severity = Literal["error", "warning"]

CODES: Mapping[str, Severity] = MappingProxyType(
    {
        "number-changed": "error",
        "dose-unit-changed": "error",
        "error-prone-dose": "error",
        "markup-changed": "error",
        "markup-raw-html": "error",
        "markup-block-syntax": "error",
        "placeholder-mismatch": "error",
        "plural-count": "error",
        "protected-term": "error",
        "required-statement": "error",
        "false-friend": "warning",
        "untranslated-identical": "warning",
        "length-ratio": "warning",
        "whitespace-ends": "warning",
        "punctuation-end": "warning",
    }
)
"""Every finding code and its severity. Codes are stable; new ones may be added."""

CONFIG_FILE_NAME = "pain-content.toml"
"""The project file whose ``[check]`` table :func:`load_check_config` reads."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a translator or reviewer must look at, in one catalog entry."""

    code: str
    """Stable kebab-case name of the rule, a key of :data:`CODES`."""
    severity: Severity
    """``error`` holds the translation back from publishing; ``warning`` does not."""
    message: str
    """One line saying what differs: ``number 5 in the source is 50 in the translation``."""
    msgid: str
    """The source text of the entry."""
    line: int
    """1-based line of the entry in the ``.po`` file (``POEntry.linenum``), 0 if unknown."""


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Project rules on top of the built-in checks (see :func:`load_check_config`)."""

    protected_terms: tuple[str, ...] = ()
    """Do-not-translate terms (a drug brand, the clinic's name): when one is in a
    msgid, it must appear verbatim in the msgstr."""
    required_statements: Mapping[str, str] = field(default_factory=dict)
    """Statements every catalog must hold, translated and not fuzzy: msgid → why
    it is required (``"safety warning"``), which the finding quotes."""


_DEFAULT_CONFIG = CheckConfig()
_K = TypeVar("_K")


# --- Reading numbers ---------------------------------------------------------

# Characters that may sit between the digit runs of one written number. Which
# of them group and which mark decimals depends on the locale (_NumberFormat).
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?:(?<![^\s(\[])[.,\u066b](?=[0-9]))?"  # a naked decimal ".5" after a space
    rf"[0-9]+(?:[.,\u066b\u066c'\u2019{_SPACES}][0-9]+)*"
)
_SPACE = re.compile(f"[{_SPACES}]")
_DIGIT_RUN = re.compile(r"[0-9]+")
_VULGAR_FRACTION = re.compile("[\u00bc-\u00be\u2150-\u215e]")
_FRACTION_SLASHES = "/\u2044"
# Bidi marks that CLDR puts around percent signs and that editors insert around
# numbers in right-to-left text; they never change a value.
_BIDI = "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"


@dataclass(frozen=True, slots=True)
class _NumberFormat:
    decimals: str
    groups: str


@lru_cache(maxsize=64)
def _format_pattern(number_format: _NumberFormat) -> re.Pattern[str]:
    group, decimal = re.escape(number_format.groups), re.escape(number_format.decimals)
    return re.compile(
        rf"(?P<int>[0-9]{{1,3}}(?P<g>[{group}])[0-9]{{3}}(?:(?P=g)[0-9]{{3}})*|[0-9]+)?"
        rf"(?:[{decimal}](?P<frac>[0-9]+))?"
    )


@lru_cache(maxsize=64)
def _number_formats(locale_name: str) -> tuple[_NumberFormat, ...]:
    """How a locale writes numbers, then how the source does, as a fallback.

    The locale's reading comes first because it is the reader's: Spanish
    ``1.000`` is a thousand and ``1,000`` is one. The source reading only
    catches what the locale cannot read, such as a Spanish ``0.5``.
    """
    own = _locale_format(Locale.parse(locale_name))
    source = _locale_format(Locale.parse(SOURCE_LOCALE))
    return (own,) if own == source else (own, source)


def _locale_format(locale: Locale) -> _NumberFormat:
    # Arabic ٫ and ٬ are unambiguous, so every locale understands them; a
    # locale's native digits (Persian, Arabic) bring their own symbols too.
    decimals, groups = {"\u066b"}, {"\u066c"}
    for system in sorted({"latn", "default", *locale.other_numbering_systems.values()}):
        try:
            decimals.add(get_decimal_symbol(locale, numbering_system=system))
            groups.add(get_group_symbol(locale, numbering_system=system))
        except UnsupportedNumberingSystemError:
            continue
    if groups & set(_SPACES):
        groups |= set(_SPACES)  # typists write a plain space for CLDR's no-break one
    groups -= decimals
    return _NumberFormat("".join(sorted(decimals)), "".join(sorted(groups)))


@dataclass(frozen=True, slots=True)
class _Number:
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
    """The canonical dose unit that follows (a key of ``_UNIT_ALIASES``)."""
    unit_text: str = ""
    """The unit as written."""


def _ascii_digits(text: str) -> str:
    r"""Map every Unicode decimal digit, and full-width ASCII, to ASCII, one for one.

    >>> _ascii_digits("\u0665\u0660 \u06f1\u06f2 \uff10\uff0e\uff15\uff4d\uff47")
    '50 12 0.5mg'
    """
    if text.isascii():
        return text
    return text.translate(_to_ascii_table())


@lru_cache(maxsize=1)
def _to_ascii_table() -> dict[int, str]:
    # One table for str.translate: every non-ASCII decimal digit, and full-width ASCII.
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for code in range(0x80, sys.maxunicode + 1):
        character = chr(code)
        if character.isdecimal():
            table[code] = str(unicodedata.decimal(character))
    return table


def _read_number(
    token: str, formats: Sequence[_NumberFormat]
) -> tuple[Fraction, str | None, bool] | None:
    for number_format in formats:
        match = _format_pattern(number_format).fullmatch(token)
        if match is None or not (match["int"] or match["frac"]):
            continue
        whole = match["int"] or ""
        if match["g"]:
            whole = whole.replace(match["g"], "")
        fraction_digits = match["frac"]
        value = Fraction(int(whole or "0"))
        if fraction_digits:
            value += Fraction(int(fraction_digits), 10 ** len(fraction_digits))
        return value, fraction_digits, not whole
    return None


def _read_token(
    plain: str, visible: str, start: int, end: int, formats: Sequence[_NumberFormat]
) -> list[_Number]:
    """One number if the token reads as one; else its space-separated parts; else its digit runs."""
    reading = _read_number(plain[start:end], formats)
    if reading is not None:
        value, fraction_digits, is_naked = reading
        return [_Number(value, visible[start:end], fraction_digits, is_naked, start, end)]
    if _SPACE.search(plain, start, end):
        numbers: list[_Number] = []
        position = start
        for piece in _SPACE.split(plain[start:end]):
            numbers += _read_token(plain, visible, position, position + len(piece), formats)
            position += len(piece) + 1
        return numbers
    return [
        _Number(Fraction(int(run[0])), visible[run.start() : run.end()], None, False, *run.span())
        for run in _DIGIT_RUN.finditer(plain, start, end)
    ]


def _is_fraction(plain: str, numerator: _Number, denominator: _Number) -> bool:
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


def _join_fractions(numbers: list[_Number], plain: str, visible: str) -> list[_Number]:
    joined: list[_Number] = []
    for number in numbers:
        previous = joined[-1] if joined else None
        if previous is not None and _is_fraction(plain, previous, number):
            joined[-1] = _Number(
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


def _add_vulgar_fractions(numbers: list[_Number], plain: str, visible: str) -> list[_Number]:
    """``½`` is a half and ``1½`` one and a half."""
    result = list(numbers)
    for match in _VULGAR_FRACTION.finditer(plain):
        value = Fraction(unicodedata.numeric(match.group())).limit_denominator(10)
        start = match.start()
        whole = next((n for n in result if n.end == start and n.fraction_digits is None), None)
        if whole is not None:
            result.remove(whole)
            value, start = value + whole.value, whole.start
        result.append(_Number(value, visible[start : match.end()], None, False, start, match.end()))
    return sorted(result, key=lambda number: number.start)


def _extract_numbers(visible: str, formats: Sequence[_NumberFormat]) -> list[_Number]:
    plain = _ascii_digits(visible)
    numbers: list[_Number] = []
    for match in _NUMBER.finditer(plain):
        numbers += _read_token(plain, visible, *match.span(), formats)
    numbers = _add_vulgar_fractions(_join_fractions(numbers, plain, visible), plain, visible)
    return _attach_units(numbers, plain)


def _format_value(value: Fraction) -> str:
    """A value for a message.

    >>> _format_value(Fraction(1, 2)), _format_value(Fraction(1, 3)), _format_value(Fraction(1000))
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


def _describe(number: _Number) -> str:
    """A number as written, and its value when that is not plain: ``٥٠ (= 50)``, ``1,000 (= 1)``."""
    written = number.text.strip()
    value = _format_value(number.value)
    return written if written == value else f"{written} (= {value})"


# --- Dose units --------------------------------------------------------------

# Each dose unit and the ways it may follow a number, one line per script:
# symbols; words in Latin script (en, es, fr, pt, pl, fil, ht, vi); Cyrillic
# (ru); Arabic script (ar, then fa); Han, kana and Hangul (zh, ja, ko).
# Symbols match case-sensitively (Mg is magnesium); words ignore case. An alias
# of one unit where the source has another is an error, so every alias must be
# unambiguous. ISMP's error-prone "U", "cc" and "ug" are left out on purpose:
# they do not count as the unit, so a translation using them is flagged.
_UNIT_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "mg": (
            "mg",
            "\u338e",  # ㎎
            r"(?i:mil+igram(?:mes?|os?|as?|y|ów|s)?)",
            r"(?i:miligam)",
            "мг",
            r"(?i:миллиграмм\w*)",
            "ملغ",
            "مغ",
            "ملجم",
            "مجم",
            "مليغرام",
            "ملليغرام",  # ملجم, مجم: Egypt
            "میلی[\u200c ]?گرم(?:ی)?",  # with or without ZWNJ; -ی makes an adjective
            "毫克",
            "ミリグラム",
            "밀리그램",
        ),
        "mcg": (
            "mcg",
            "\u00b5g",
            "\u03bcg",
            "\u338d",  # MICRO SIGN, GREEK MU, ㎍
            r"(?i:mi[ck]rogram(?:mes?|os?|as?|y|ów|s)?)",
            r"(?i:microgam)",
            "мкг",
            r"(?i:микрограмм\w*)",
            "مكغ",
            "مكجم",
            "ميكروغرام",
            "ميكروجرام",
            "میکرو[\u200c ]?گرم(?:ی)?",
            "微克",
            "マイクログラム",
            "마이크로그램",
        ),
        "g": (
            "g",
            r"(?i:gram(?:mes?|os?|as?|y|ów|s)?)",
            r"(?i:gam)",
            "\u0433",
            r"(?i:грамм\w*)",  # Cyrillic г; "2020 г." is a year, see _unit_at
            "غ",
            "غرام",
            "جم",
            "جرام",
            "گرم(?:ی)?",
            "克",
            "グラム",
            "그램",
        ),
        "kg": (
            "kg",
            "\u338f",  # ㎏
            r"(?i:kilogram(?:mes?|os?|as?|y|ów|s)?)",
            r"(?i:kil[oô]gam)",
            "кг",
            r"(?i:килограмм\w*)",
            "كغ",
            "كجم",
            "كيلوغرام",
            "كيلوجرام",
            "کیلو[\u200c ]?گرم(?:ی)?",
            "千克",
            "公斤",
            "キログラム",
            "킬로그램",
        ),
        "mL": (
            "mL",
            "ml",
            "m\u2113",
            "\u3396",  # mℓ, ㎖
            r"(?i:mil+il[ií]t(?:er|re|ro|ra|r)?(?:s|y|ów)?)",  # also vi "mililít"
            "мл",
            r"(?i:миллилитр\w*)",
            "مل",
            "ملل",
            "مليلتر",
            "ملليلتر",
            "میلی[\u200c ]?لیتر(?:ی)?",
            "毫升",
            "ミリリットル",
            "밀리리터",
        ),
        "L": (
            "L",
            "l(?!['\u2019])",
            "\u2113",  # l but not French "l'"; ℓ
            r"(?i:lit(?:er|re|ro|ra|r)(?:s|y|ów)?)",
            r"(?i:lít)",
            "л",
            r"(?i:литр\w*)",
            "لتر",
            "ليتر",
            "لیتر(?:ی)?",
            "升",
            "リットル",
            "리터",
        ),
        "IU": (
            "IU",
            "UI",
            "IE",  # UI in es, fr, pt; IE in de
            r"j\.\s?m\.",  # pl: jednostek międzynarodowych
            r"(?i:international units?)",
            r"(?i:unidades internacionales)",
            r"(?i:unités internationales)",
            r"(?i:unidades internacionais)",
            r"(?i:đơn vị quốc tế)",
            "\u041c\u0415",  # Cyrillic МЕ
            "وحدة دولية",
            "وحدات دولية",
            "واحد بین[\u200c ]?المللی",
            "国际单位",
            "國際單位",
            "国際単位",
            "국제단위",
        ),
        "units": (
            r"(?i:units?)",
            r"(?i:unidad(?:es)?)",
            r"(?i:unidades?)",
            r"(?i:unités?)",
            r"(?i:jednost(?:ek|ki|ka))",
            r"(?i:yunit)",
            r"(?i:inite)",
            r"(?i:đơn vị)",
            r"(?i:единиц\w*)",
            "ЕД",
            "وحدة",
            "وحدات",
            "واحد",
            "单位",
            "單位",
            "単位",
            "단위",
        ),
        "%": (
            "%",
            "\u066a",  # ٪ ARABIC PERCENT SIGN
            r"(?i:per ?cent)",
            r"(?i:por ?ciento)",
            r"(?i:pour ?cent)",
            r"(?i:por ?cento)",
            r"(?i:procent\w*)",
            r"(?i:porsyento)",
            r"(?i:phần trăm)",
            r"(?i:процент\w*)",
            "بالمئة",
            "بالمائة",
            "في المئة",
            "في المائة",
            "درصد",
            "パーセント",
            "퍼센트",
        ),
        "mmol": (
            "mmol",
            r"(?i:mil+imol\w*)",
            "ммоль",
            "ملمول",
            "ملي ?مول",
            "میلی[\u200c ]?مول",
            "毫摩尔",
            "毫莫耳",
            "ミリモル",
            "밀리몰",
        ),
    }
)


def _compile_aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    # Longest pattern first, so 毫克 is tried before 克 and "unidades
    # internacionales" before "unidades".
    pairs = [(alias, unit) for unit, aliases in _UNIT_ALIASES.items() for alias in aliases]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return tuple((re.compile(alias), unit) for alias, unit in pairs)


_ALIASES = _compile_aliases()
_UNIT_GAP = re.compile(rf"[\s{_BIDI}]{{0,3}}-?[\s{_BIDI}]{{0,2}}")  # "5 mg", "5mg", "5-mg"
_PERCENT_BEFORE = re.compile(rf"[%\u066a][{_BIDI}]*$")  # "%50", as Turkish writes it
# Scripts written without spaces: a unit may run into the next word (5毫克的,
# 500mg을), so only a letter of the unit's own spaced script extends it.
_SPACELESS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "SQUARE"})
# A range shares its unit: "5-10 mg", "5 à 10 mg", "5～10mg", "۵ تا ۱۰ میلی‌گرم".
_RANGE_CONNECTOR = re.compile(
    rf"[\s{_BIDI}]*(?:[-\u2010-\u2015~\u301c]|(?i:to|a|à|al|até|do|đến|tới|hanggang(?: sa)?"
    r"|rive|ilaa|до)|إلى|الى|تا|至|到|から|에서)"
    rf"[\s{_BIDI}]*"
)


def _script(character: str) -> str:
    """The first word of a character's Unicode name: ``LATIN``, ``CYRILLIC``, ``CJK``..."""
    return unicodedata.name(character, "").split(" ", 1)[0]


def _continues_word(text: str, position: int, last: str) -> bool:
    """True when ``text[position]`` is a letter of ``last``'s script, written with spaces.

    Then the two are one word: "g" followed by "otas" is not grams.
    """
    if not 0 <= position < len(text) or not text[position].isalpha():
        return False
    script = _script(last)
    return script not in _SPACELESS and _script(text[position]) == script


def _unit_at(plain: str, number: _Number) -> tuple[str, str] | None:
    """The dose unit written just after a number, or a percent sign just before it."""
    gap = _UNIT_GAP.match(plain, number.end)
    position = gap.end() if gap else number.end
    for pattern, unit in _ALIASES:
        match = pattern.match(plain, position)
        if match is None or not match.group():
            continue
        if _continues_word(plain, match.end(), match.group()[-1]):
            continue  # "5 gotas" is not 5 g, nor "5 лет" 5 L
        if match.group() == "\u0433" and len(number.text) == 4 and plain[match.end() :][:1] == ".":
            return None  # Russian "2020 г." is a year (год), not grams
        return unit, match.group()
    if _PERCENT_BEFORE.search(plain, 0, number.start):
        return "%", plain[number.start - 1]
    return None


def _attach_units(numbers: list[_Number], plain: str) -> list[_Number]:
    attached = []
    for number in numbers:
        found = _unit_at(plain, number)
        attached.append(replace(number, unit=found[0], unit_text=found[1]) if found else number)
    for index in range(len(attached) - 2, -1, -1):
        number, following = attached[index], attached[index + 1]
        between = plain[number.end : following.start]
        if number.unit is None and following.unit and _RANGE_CONNECTOR.fullmatch(between):
            attached[index] = replace(number, unit=following.unit, unit_text=following.unit_text)
    return attached


# --- A message pair, parsed once ---------------------------------------------

_PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0+-]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
_BRACE_PLACEHOLDER = re.compile(
    r"(?<!\{)\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})"
)


@dataclass(frozen=True, slots=True)
class _Side:
    text: str
    tokens: list[Token]
    visible: str
    """What a reader sees; code spans and autolinks blanked (markup compares those)."""
    numbers: list[_Number]


@dataclass(frozen=True, slots=True)
class _Pair:
    source: _Side
    translation: _Side
    locale: Locale
    is_ui: bool
    may_omit_placeholders: bool = False
    """A plural form used for one n only may leave its number out, as GNU msgfmt allows."""


_Rule = Callable[[_Pair, CheckConfig], list[str]]


def _visible_text(tokens: Iterable[Token]) -> str:
    parts: list[str] = []
    in_autolink = False
    for token in tokens:
        if token.type == "link_open":
            in_autolink = token.markup == "autolink"
        elif token.type == "link_close":
            in_autolink = False
        elif token.type in ("text", "text_special"):
            parts.append(" " * len(token.content) if in_autolink else token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "code_inline":
            parts.append(" ")
        elif token.type == "image":
            parts.append(_visible_text(token.children or []))
    return "".join(parts)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda match: " " * len(match.group()), text)


@lru_cache(maxsize=65536)  # a msgid is read once for all the languages it is checked in
def _source_side(text: str, is_ui: bool) -> _Side:
    return _side(text, _number_formats(SOURCE_LOCALE), is_ui)


def _side(text: str, formats: tuple[_NumberFormat, ...], is_ui: bool) -> _Side:
    tokens = parse_inline(text, {})
    visible = _visible_text(tokens)
    if is_ui:  # "{0}" and "%5.1f" hold digits that are not numbers
        visible = _blank(_BRACE_PLACEHOLDER, _blank(_PERCENT_PLACEHOLDER, visible))
    return _Side(text, tokens, visible, _extract_numbers(visible, formats))


def _pair(
    msgid: str, msgstr: str, locale: Locale, is_ui: bool, *, may_omit_placeholders: bool = False
) -> _Pair:
    return _Pair(
        source=_source_side(msgid, is_ui),
        translation=_side(msgstr, _number_formats(str(locale)), is_ui),
        locale=locale,
        is_ui=is_ui,
        may_omit_placeholders=may_omit_placeholders,
    )


# --- Rules: numbers and doses ------------------------------------------------


# English number words a translation may write as digits: Japanese and Chinese
# put "twice a day" as 1日2回 and 每日2次. Only this direction is accepted:
# digits in the source stay digits, as plain-language guidelines ask.
_NUMBER_WORDS: tuple[tuple[re.Pattern[str], Fraction], ...] = tuple(
    (re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE), Fraction(value))
    for words, value in (
        (
            "one|once|first|single|a day|daily|per day|each day|every day|a week|weekly|per week"
            "|each week|every week|an hour|hourly|per hour",
            1,
        ),
        ("two|twice|second|both", 2),
        ("three|thrice|third", 3),
        ("four|fourth", 4),
        ("five|fifth", 5),
        ("six|sixth", 6),
        ("seven|seventh", 7),
        ("eight|eighth", 8),
        ("nine|ninth", 9),
        ("ten|tenth", 10),
        ("eleven", 11),
        ("twelve|a dozen", 12),
        ("half", Fraction(1, 2)),
    )
)


def _number_words(text: str) -> Counter[Fraction]:
    return Counter({value: len(pattern.findall(text)) for pattern, value in _NUMBER_WORDS})


def _check_numbers(pair: _Pair, config: CheckConfig) -> list[str]:
    """The numeric values are the same multiset, whatever digits and separators write them.

    A value the translation adds may stand for a number word of the source.
    """
    source = Counter(number.value for number in pair.source.numbers)
    translation = Counter(number.value for number in pair.translation.numbers)
    lost_values = source - translation
    added_values = translation - source - _number_words(pair.source.visible)
    if not lost_values and not added_values:
        return []
    lost = _pick(pair.source.numbers, lost_values, lambda n: n.value)
    added = _pick(pair.translation.numbers, added_values, lambda n: n.value)
    parts = [
        f"number {_describe(old)} in the source is {_describe(new)} in the translation"
        for old, new in zip(lost, added, strict=False)
    ]
    parts += [
        f"number {_describe(old)} in the source is missing from the translation"
        for old in lost[len(added) :]
    ]
    parts += [
        f"number {_describe(new)} in the translation is not in the source"
        for new in added[len(lost) :]
    ]
    return ["; ".join(parts)]


def _pick(
    numbers: Iterable[_Number], wanted: Counter[_K], key: Callable[[_Number], _K]
) -> list[_Number]:
    """The numbers, in text order, that make up the multiset ``wanted``."""
    remaining = Counter(wanted)
    picked = []
    for number in numbers:
        if remaining[key(number)] > 0:
            remaining[key(number)] -= 1
            picked.append(number)
    return picked


def _check_dose_units(pair: _Pair, config: CheckConfig) -> list[str]:
    """A value on both sides carries the same dose units on both sides.

    A value on one side only is :func:`_check_numbers`' finding, not this one's.
    """
    parts = []
    translated_values = {number.value for number in pair.translation.numbers}
    for value in dict.fromkeys(number.value for number in pair.source.numbers):
        if value not in translated_values:
            continue
        old = [n for n in pair.source.numbers if n.value == value and n.unit]
        new = [n for n in pair.translation.numbers if n.value == value and n.unit]
        old_units, new_units = Counter(n.unit for n in old), Counter(n.unit for n in new)
        if old_units != new_units:
            lost = _pick(old, old_units - new_units, lambda n: n.unit)
            added = _pick(new, new_units - old_units, lambda n: n.unit)
            parts += _unit_differences(lost, added)
    return ["; ".join(parts)] if parts else []


def _unit_differences(lost: list[_Number], added: list[_Number]) -> list[str]:
    parts = [
        f"dose {_describe(old)} {old.unit} in the source is "
        f"{_describe(new)} {new.unit_text} ({new.unit}) in the translation"
        for old, new in zip(lost, added, strict=False)
    ]
    parts += [
        f"dose {_describe(old)} {old.unit} in the source has no recognised unit in the "
        f"translation (write {old.unit} or a listed equivalent)"
        for old in lost[len(added) :]
    ]
    parts += [
        f"the translation gives {_describe(new)} the unit {new.unit_text} ({new.unit}), "
        "which the source does not"
        for new in added[len(lost) :]
    ]
    return parts


def _check_error_prone_doses(pair: _Pair, config: CheckConfig) -> list[str]:
    """No ISMP error-prone dose on either side: a trailing zero (``1.0 mg``, misread
    as 10 mg) or a naked decimal (``.5 mg``, misread as 5 mg).

    https://www.ismp.org/recommendations/error-prone-abbreviations-list
    """
    parts = []
    for where, side in (("source", pair.source), ("translation", pair.translation)):
        for number in side.numbers:
            if number.unit is None:
                continue
            dose = f"{number.text} {number.unit_text}"
            if number.fraction_digits and number.fraction_digits.endswith("0"):
                parts.append(f"trailing zero in {dose} in the {where}")
            if number.is_naked:
                parts.append(f"naked decimal in {dose} in the {where} (write a leading zero)")
    return ["; ".join(parts)] if parts else []


# --- Rules: markup -----------------------------------------------------------

_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|<!--")
_UNSAFE_LINK = re.compile(r"(?:\]\(\s*<?\s*|<)(javascript|vbscript|file|data):", re.IGNORECASE)
_BLOCK_STARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("heading", re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")),
    ("bullet list item", re.compile(r" {0,3}[-*+](?:[ \t]|$)")),
    ("ordered list item", re.compile(r" {0,3}[0-9]{1,9}[.)](?:[ \t]|$)")),
    ("block quote", re.compile(r" {0,3}>")),
    ("code fence", re.compile(r" {0,3}(?:```|~~~)")),
    ("table row", re.compile(r" {0,3}\|")),
    ("table delimiter row", re.compile(r" {0,3}:?-+:?[ \t]*\|")),
    ("thematic break or heading underline", re.compile(r" {0,3}(?:[-*_=][ \t]*){3,}$")),
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class _Markup:
    links: Counter[str]
    images: Counter[str]
    code: Counter[str]
    strong: int
    emphasis: int


def _markup(tokens: Iterable[Token]) -> _Markup:
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    code: Counter[str] = Counter()
    strong = emphasis = 0
    for token in tokens:
        if token.type == "link_open":
            links[str(token.attrs.get("href", ""))] += 1
        elif token.type == "image":
            images[str(token.attrs.get("src", ""))] += 1
        elif token.type == "code_inline":
            code[token.content] += 1
        strong += token.type == "strong_open"
        emphasis += token.type == "em_open"
    return _Markup(links, images, code, strong, emphasis)


def _check_markup(pair: _Pair, config: CheckConfig) -> list[str]:
    """Link targets, image sources and code spans are kept verbatim, bold and italic
    spans in number; a link the parser refuses (``javascript:``) is named."""
    old, new = _markup(pair.source.tokens), _markup(pair.translation.tokens)
    messages = []
    for kind, before, after in (
        ("link target", old.links, new.links),
        ("image source", old.images, new.images),
        ("code span", old.code, new.code),
    ):
        messages += [
            f"{kind} {item!r} in the source is missing from the translation"
            for item in before - after
        ]
        messages += [
            f"{kind} {item!r} in the translation is not in the source" for item in after - before
        ]
    for kind, count_before, count_after in (
        ("bold", old.strong, new.strong),
        ("italic", old.emphasis, new.emphasis),
    ):
        if count_before != count_after:
            messages.append(
                f"{kind} spans: {count_before} in the source, {count_after} in the translation"
            )
    unsafe = {scheme.lower() for scheme in _UNSAFE_LINK.findall(pair.translation.text)}
    unsafe -= {scheme.lower() for scheme in _UNSAFE_LINK.findall(pair.source.text)}
    messages += [
        f"the translation links to a {scheme}: URL, which is never allowed"
        for scheme in sorted(unsafe)
    ]
    return messages


def _html_tags(text: str) -> Counter[str]:
    return Counter(
        "<!--" if match.group() == "<!--" else f"<{match[1]}{match[2].lower()}>"
        for match in _HTML_TAG.finditer(text)
    )


def _check_raw_html(pair: _Pair, config: CheckConfig) -> list[str]:
    """No raw HTML tag the source lacks: it would show as text, or be an injection attempt."""
    added = _html_tags(pair.translation.text) - _html_tags(pair.source.text)
    if not added:
        return []
    return [f"the translation contains raw HTML not in the source: {', '.join(sorted(added))}"]


def _block_syntax(text: str) -> set[str]:
    lines = text.split("\n")
    found = {kind for kind, pattern in _BLOCK_STARTS if any(pattern.match(line) for line in lines)}
    if _BLANK_LINE.search(text):
        found.add("blank line")
    return found


def _check_block_syntax(pair: _Pair, config: CheckConfig) -> list[str]:
    """A msgstr stays one leaf block: no line opens another block unless the source's does."""
    added = _block_syntax(pair.translation.text) - _block_syntax(pair.source.text)
    return [f"the translation has block syntax the source lacks: {kind}" for kind in sorted(added)]


def _placeholders(text: str) -> Counter[str]:
    found = Counter(m.group() for m in _PERCENT_PLACEHOLDER.finditer(text) if m.group() != "%%")
    found.update(match.group() for match in _BRACE_PLACEHOLDER.finditer(text))
    return found


def _is_named(placeholder: str) -> bool:
    if placeholder.startswith("%("):
        return True
    return placeholder.startswith("{") and placeholder[1:2] not in ("}", ":", "!")


def _check_placeholders(pair: _Pair, config: CheckConfig) -> list[str]:
    """In the ``ui`` catalog: named placeholders the same set, positional ones the same count."""
    if not pair.is_ui:
        return []
    old, new = _placeholders(pair.source.text), _placeholders(pair.translation.text)
    if all(_is_named(placeholder) for placeholder in old | new):
        old, new = Counter(set(old)), Counter(set(new))
    missing = [] if pair.may_omit_placeholders else sorted((old - new).elements())
    messages = [f"placeholder {p} in the source is missing from the translation" for p in missing]
    added = sorted((new - old).elements())
    messages += [f"placeholder {p} in the translation is not in the source" for p in added]
    return messages


# --- Rules: words ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FalseFriend:
    source: re.Pattern[str]
    """English wording that invites the false friend."""
    translation: re.Pattern[str]
    """The false friend in the target language."""
    meaning: str
    advice: str
    unless_source: re.Pattern[str] | None = None
    """Source wording with which the word is right after all."""


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


# By language. Warnings, not errors: in context the word may be right.
_FALSE_FRIENDS: Mapping[str, tuple[_FalseFriend, ...]] = MappingProxyType(
    {
        "es": (
            # "once" is eleven: "tómelo once al día" reads as "eleven a day".
            _FalseFriend(
                _words("once|one time"), _words("once"), "eleven", "una vez", _words("eleven|11")
            ),
            # "embarazada" is pregnant, not embarrassed.
            _FalseFriend(
                _words(r"embarrass\w*"), _words("embarazad[ao]s?"), "pregnant", "avergonzado/a"
            ),
            # "constipado" is having a cold; constipated is "estreñido".
            _FalseFriend(
                _words(r"constipat\w*"),
                _words("constipad[ao]s?|constipación"),
                "having a cold",
                "estreñido/a, estreñimiento",
            ),
            # "preservativo" is a condom; a preservative is a "conservante".
            _FalseFriend(
                _words("preservatives?"), _words("preservativos?"), "condom", "conservante"
            ),
        ),
        "pt": (
            # "pretender" is to intend; to pretend is "fingir".
            _FalseFriend(_words(r"pretend\w*"), _words(r"pretend\w*"), "to intend", "fingir"),
            # "puxar" is to pull; to push (a syringe plunger, a button) is "empurrar".
            _FalseFriend(_words(r"push\w*"), _words(r"pux\w*"), "to pull", "empurrar"),
            # "preservativo" is a condom; a preservative is a "conservante".
            _FalseFriend(
                _words("preservatives?"), _words("preservativos?"), "condom", "conservante"
            ),
        ),
        "fr": (
            # "préservatif" is a condom; a preservative is a "conservateur".
            _FalseFriend(
                _words("preservatives?"), _words("préservatifs?"), "condom", "conservateur"
            ),
            # "médecine" is the profession; a medicine you take is a "médicament".
            _FalseFriend(
                _words("medicines?"), _words("médecines?"), "the medical profession", "médicament"
            ),
        ),
    }
)


def _check_false_friends(pair: _Pair, config: CheckConfig) -> list[str]:
    """No known false friend of the English wording in the target language."""
    messages = []
    for friend in _FALSE_FRIENDS.get(pair.locale.language, ()):
        if not friend.source.search(pair.source.text):
            continue
        if friend.unless_source is not None and friend.unless_source.search(pair.source.text):
            continue
        match = friend.translation.search(pair.translation.text)
        if match is not None:
            messages.append(
                f"{match.group()!r} means {friend.meaning}; did you mean {friend.advice!r}?"
            )
    return messages


def _contains_verbatim(text: str, term: str) -> bool:
    """True when ``term`` is in ``text`` and not glued to more letters of its own script.

    >>> _contains_verbatim("ibuprofeno 200 mg", "ibuprofen")
    False
    >>> _contains_verbatim("MRI検査", "MRI")
    True
    """
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        is_glued = _continues_word(text, start - 1, term[0]) or _continues_word(text, end, term[-1])
        if not is_glued:
            return True
        start = text.find(term, start + 1)
    return False


def _check_protected_terms(pair: _Pair, config: CheckConfig) -> list[str]:
    """A do-not-translate term of the msgid is in the msgstr verbatim."""
    return [
        f"protected term {term!r} is not kept verbatim in the translation"
        for term in config.protected_terms
        if _contains_verbatim(pair.source.text, term)
        and not _contains_verbatim(pair.translation.text, term)
    ]


_URL = re.compile(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def _check_identical(pair: _Pair, config: CheckConfig) -> list[str]:
    """A msgstr equal to its msgid is a copy left untranslated, unless there is
    nothing to translate once protected terms, URLs and numbers are taken away."""
    if pair.source.text != pair.translation.text or is_source_locale(pair.locale):
        return []
    residue = _URL.sub(" ", pair.source.visible)
    for term in config.protected_terms:
        residue = residue.replace(term, " ")
    if not any(character.isalpha() for character in residue):
        return []
    return ["the translation is identical to the source"]


# How much shorter or longer than the source a translation may be. Han, kana
# and Hangul pack a syllable or a word into a character; abjads (Arabic,
# Persian, Urdu, Hebrew) leave most vowels unwritten and join articles and
# pronouns to words: "Choose your language" is "اختر لغتك", 0.45 as long.
_RATIO_BOUNDS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        **dict.fromkeys(("zh", "ja", "ko", "yue"), (0.15, 3.5)),
        **dict.fromkeys(("ar", "fa", "ur", "ps", "he", "yi"), (0.35, 3.0)),
    }
)
_DEFAULT_RATIO_BOUNDS = (0.5, 3.0)
_MIN_RATIO_LENGTH = 20


def _check_length_ratio(pair: _Pair, config: CheckConfig) -> list[str]:
    """A translation far shorter or longer than its source may be cut short or padded."""
    if len(pair.source.text) < _MIN_RATIO_LENGTH:
        return []
    low, high = _RATIO_BOUNDS.get(pair.locale.language, _DEFAULT_RATIO_BOUNDS)
    ratio = len(pair.translation.text) / len(pair.source.text)
    if low <= ratio <= high:
        return []
    return [
        f"the translation is {ratio:.2f} times as long as the source (expected {low} to {high})"
    ]


def _check_whitespace_ends(pair: _Pair, config: CheckConfig) -> list[str]:
    """Leading and trailing whitespace are kept: in the ``ui`` catalog they join text."""
    messages = []
    for where, old, new in (
        ("leading", _leading(pair.source.text), _leading(pair.translation.text)),
        ("trailing", _trailing(pair.source.text), _trailing(pair.translation.text)),
    ):
        if old != new:
            messages.append(
                f"{where} whitespace differs: {old!r} in the source, {new!r} in the translation"
            )
    return messages


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


_SOURCE_SENTENCE_END = frozenset(".!?:")
# Sentence punctuation of any script: Latin, the ellipsis and double marks, the
# Greek question mark, Armenian, Arabic and Urdu, Devanagari, Myanmar,
# Ethiopic, Khmer, and CJK ideographic and full-width forms.
_SENTENCE_END = frozenset(
    ".!?:;\u2026\u203c\u2047\u2048\u2049\u037e\u0589\u055e\u061f\u061b\u06d4\u0964\u0965"
    "\u104a\u104b\u1362\u1367\u17d4\u17d5\u3002\uff01\uff0e\uff1a\uff1b\uff1f\uff61"
)
# What may follow the punctuation: closing quotes and brackets, emphasis markers.
_CLOSERS = " \t\n\"')]}*_`~\u2019\u201d\u00bb\u203a\u300d\u300f\u3011\uff09" + _BIDI


def _check_end_punctuation(pair: _Pair, config: CheckConfig) -> list[str]:
    """A sentence stays a sentence and a fragment a fragment (headings, list labels)."""
    old = pair.source.text.rstrip(_CLOSERS)[-1:]
    new = pair.translation.text.rstrip(_CLOSERS)[-1:]
    if old in _SOURCE_SENTENCE_END and new not in _SENTENCE_END:
        return [f"the source ends with {old!r}, the translation with no sentence punctuation"]
    if old not in _SENTENCE_END and new in _SENTENCE_END:
        return [f"the translation ends with {new!r}, the source with no sentence punctuation"]
    return []


_RULES: tuple[tuple[str, _Rule], ...] = (
    ("number-changed", _check_numbers),
    ("dose-unit-changed", _check_dose_units),
    ("error-prone-dose", _check_error_prone_doses),
    ("markup-changed", _check_markup),
    ("markup-raw-html", _check_raw_html),
    ("markup-block-syntax", _check_block_syntax),
    ("placeholder-mismatch", _check_placeholders),
    ("protected-term", _check_protected_terms),
    ("false-friend", _check_false_friends),
    ("untranslated-identical", _check_identical),
    ("length-ratio", _check_length_ratio),
    ("whitespace-ends", _check_whitespace_ends),
    ("punctuation-end", _check_end_punctuation),
)


# --- Messages and catalogs ---------------------------------------------------


def check_message(
    msgid: str,
    msgstr: str,
    *,
    locale: Locale,
    line: int = 0,
    config: CheckConfig = _DEFAULT_CONFIG,
    is_ui: bool = False,
) -> list[Finding]:
    """Check one translation against its source, in rule order.

    An empty msgstr is untranslated and has nothing to check. Never raises for
    a bad translation: every problem is a finding.

    >>> es = Locale.parse("es")
    >>> check_message("Take 0.5 mg.", "Tome 0,5 mg.", locale=es)
    []
    >>> [f.message for f in check_message("Take 5 mg.", "Tome 50 mg.", locale=es)]
    ['number 5 in the source is 50 in the translation']

    Args:
        msgid: the source text (inline Markdown).
        msgstr: its translation.
        locale: the translation's locale; it decides how its numbers are read.
        line: the entry's 1-based line in the catalog, copied into each finding.
        config: protected terms (required statements are a catalog-wide rule).
        is_ui: the message is from the ``ui`` catalog, with python-format placeholders.
    """
    if not msgstr:
        return []
    return _findings(_pair(msgid, msgstr, locale, is_ui), config, msgid, line)


def _findings(
    pair: _Pair, config: CheckConfig, msgid: str, line: int, prefix: str = ""
) -> list[Finding]:
    return [
        _finding(code, prefix + message, msgid, line)
        for code, rule in _RULES
        for message in rule(pair, config)
    ]


def check_catalog(
    catalog: polib.POFile,
    *,
    locale: Locale,
    config: CheckConfig = _DEFAULT_CONFIG,
    is_ui: bool = False,
) -> list[Finding]:
    """Check every translated entry of a catalog, then the catalog-wide rules.

    Obsolete and fuzzy entries are skipped (they are never published), and so
    are untranslated ones except for their plural form count. Each plural form
    is checked against the msgid (the form for n = 1) or the msgid_plural.
    Catalog-wide: every required statement of ``config`` is translated.
    Findings come in catalog order, catalog-wide ones last.
    """
    forms = _PluralForms.of(catalog)
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        findings += _check_plural_count(entry, forms.count)
        if has_translation(entry):
            findings += _check_entry(entry, forms, locale, config, is_ui)
    findings += _check_required_statements(catalog, config)
    return findings


@dataclass(frozen=True, slots=True)
class _PluralForms:
    count: int
    """nplurals from the ``Plural-Forms`` header."""
    form_for_one: int
    """The msgstr index used for n = 1: it translates the msgid, the others msgid_plural."""
    single_value_forms: frozenset[int]
    """Forms used for exactly one n, which may leave the number out ("one article")."""

    @staticmethod
    def of(catalog: polib.POFile) -> _PluralForms:
        count = plural_count(catalog)
        expression = catalog.metadata.get("Plural-Forms", "").partition("plural=")[2]
        try:
            # The evaluator gettext itself uses to pick a form; it accepts only
            # a C plural expression, never arbitrary code.
            choose = gettext.c2py(expression.strip().rstrip(";") or "n != 1")
            uses = Counter(choose(n) for n in range(1000))
            form_for_one = choose(1)
        except (ValueError, SyntaxError, ZeroDivisionError):
            return _PluralForms(count, 0, frozenset())
        return _PluralForms(count, form_for_one, frozenset(i for i, n in uses.items() if n == 1))


def _check_plural_count(entry: polib.POEntry, count: int) -> list[Finding]:
    if not entry.msgid_plural or len(entry.msgstr_plural) == count:
        return []
    message = f"{len(entry.msgstr_plural)} plural forms, but the Plural-Forms header says {count}"
    return [_finding("plural-count", message, entry.msgid, entry.linenum or 0)]


def _finding(code: str, message: str, msgid: str, line: int) -> Finding:
    return Finding(code, CODES[code], message, msgid, line)


def _check_entry(
    entry: polib.POEntry, forms: _PluralForms, locale: Locale, config: CheckConfig, is_ui: bool
) -> list[Finding]:
    line = entry.linenum or 0
    if not entry.msgid_plural:
        return _findings(_pair(entry.msgid, entry.msgstr, locale, is_ui), config, entry.msgid, line)
    findings = []
    for index, msgstr in sorted(entry.msgstr_plural.items()):
        is_singular = index == forms.form_for_one and forms.count > 1
        source = entry.msgid if is_singular else entry.msgid_plural
        may_omit = index in forms.single_value_forms
        pair = _pair(source, msgstr, locale, is_ui, may_omit_placeholders=may_omit)
        findings += _findings(pair, config, entry.msgid, line, f"msgstr[{index}]: ")
    return findings


def _check_required_statements(catalog: polib.POFile, config: CheckConfig) -> list[Finding]:
    findings = []
    entries = [entry for entry in catalog if not entry.obsolete]
    for msgid, reason in config.required_statements.items():
        matching = [entry for entry in entries if entry.msgid == msgid]
        if any("fuzzy" not in entry.flags and has_translation(entry) for entry in matching):
            continue
        if not matching:
            problem, line = "is missing from the catalog", 0
        else:
            problem = "is fuzzy" if "fuzzy" in matching[0].flags else "is not translated"
            line = matching[0].linenum or 0
        message = f"required statement ({reason}) {problem}"
        findings.append(_finding("required-statement", message, msgid, line))
    return findings


def is_publishable(findings: Iterable[Finding]) -> bool:
    """False when any finding is an error: the source text is published instead.

    >>> is_publishable([]), is_publishable([Finding("length-ratio", "warning", "m", "x", 3)])
    (True, True)
    >>> is_publishable([Finding("number-changed", "error", "m", "x", 3)])
    False
    """
    return not any(finding.severity == "error" for finding in findings)


# --- Configuration -----------------------------------------------------------

_CONFIG_KEYS = frozenset({"protected_terms", "required_statements"})
_STATEMENT_KEYS = frozenset({"msgid", "reason"})
_DEFAULT_REASON = "required statement"
_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_POSITION = re.compile(r"\s*\(at line \d+, column \d+\)$")


def load_check_config(text: str, path: str) -> CheckConfig:
    """Read the ``[check]`` table of a ``pain-content.toml``.

    The file looks like this (a statement is its msgid, or a table that also
    says why it is required)::

        [check]
        protected_terms = ["Tylenol", "MRI"]
        required_statements = [
            "Call 911 if you have chest pain.",
            { msgid = "Do not take more than 4 g a day.", reason = "overdose warning" },
        ]

    A file without a ``[check]`` table gives the default configuration; other
    tables are left to other tools.

    >>> load_check_config('[check]\\nprotected_terms = ["MRI"]', "p.toml").protected_terms
    ('MRI',)

    Raises:
        UsageError: the text is not TOML, or ``[check]`` holds an unknown key or
            a value of the wrong type; located at the line in ``path``.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_LINE.search(str(exc))
        line = int(position.group(1)) if position else 0
        message = _TOML_POSITION.sub("", str(exc))
        raise UsageError(f"not valid TOML: {message}", Location(path, line)) from exc
    section = document.get("check", {})
    if not isinstance(section, dict):
        raise UsageError("'check' must be a table", Location(path, _key_line(text, "check")))
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        expected = " or ".join(sorted(_CONFIG_KEYS))
        message = f"unknown key {unknown[0]!r} in [check] (expected {expected})"
        raise UsageError(message, Location(path, _key_line(text, unknown[0])))
    terms = _read_protected_terms(section.get("protected_terms", []), path, text)
    statements = _read_statements(section.get("required_statements", []), path, text)
    return CheckConfig(protected_terms=terms, required_statements=MappingProxyType(statements))


def _read_protected_terms(value: object, path: str, text: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(_is_text(term) for term in value):
        location = Location(path, _key_line(text, "protected_terms"))
        raise UsageError("protected_terms must be a list of non-empty strings", location)
    return tuple(dict.fromkeys(value))


def _read_statements(value: object, path: str, text: str) -> dict[str, str]:
    location = Location(path, _key_line(text, "required_statements"))
    if not isinstance(value, list):
        raise UsageError("required_statements must be a list", location)
    statements: dict[str, str] = {}
    for item in value:
        if isinstance(item, str) and _is_text(item):
            statements[item] = _DEFAULT_REASON
            continue
        if isinstance(item, dict) and set(item) <= _STATEMENT_KEYS:
            msgid, reason = item.get("msgid"), item.get("reason", _DEFAULT_REASON)
            if _is_text(msgid) and _is_text(reason):
                statements[str(msgid)] = str(reason)
                continue
        message = "a required statement is a msgid string or a table {msgid = ..., reason = ...}"
        raise UsageError(message, location)
    return statements


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _key_line(text: str, key: str) -> int:
    """1-based line where ``key =`` or the table ``[key]`` is first written, 0 if nowhere."""
    name = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
