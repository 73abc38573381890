"""Locales: CLDR validation, folder names and BCP 47 tags, direction, display names.

A locale name from a user is validated here before it touches a path: it must
look like a language tag and be known to Babel's CLDR data.

What a build needs to know about a locale besides its name (its name in
itself, its direction, its number marks: :class:`LocaleFacts`) comes from a
table generated from Babel's CLDR data, ``data/cldr_locales.json``
(``scripts/write_cldr_locales.py``), not from Babel's locale data at run
time: Babel keeps every locale it has loaded for the life of the process,
about 1 MiB each, and a page's language switcher names every language in
itself while every job's checks read its own locale's number marks, so a
process building 40 languages (in-process, or a pool worker) would hold 40
locales (issue 17: memory flat in the number of languages). A locale the
table does not know (a newer Babel) is read from Babel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal, cast

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import UnsupportedNumberingSystemError, get_decimal_symbol, get_group_symbol

from .errors import LocaleError

CLDR_TABLE = "data/cldr_locales.json"
"""The package data file of :class:`LocaleFacts`, one entry per locale Babel knows."""

SOURCE_LOCALE = "en"
"""The language articles are written in."""

_LOCALE_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def parse_locale(name: str) -> Locale:
    """Return the CLDR locale for ``pt_BR``, ``pt-BR`` or ``zh_Hans`` alike.

    >>> str(parse_locale("pt-BR")), str(parse_locale("zh_Hans"))
    ('pt_BR', 'zh_Hans')

    Raises:
        LocaleError: the name is not a locale CLDR knows, or could be a path.
    """
    if not isinstance(name, str) or not _LOCALE_SHAPE.match(name):
        raise LocaleError(f"{name!r} is not a locale name (expected something like es or pt_BR)")
    return _cldr_locale(name)


# A build names each job's locale as text, and its jobs parse the names tens of
# thousands of times; Babel's Locale.parse looks the locale's data file up each
# time. A Locale is not changed once made, so one per name is shared.
@lru_cache(maxsize=256)
def _cldr_locale(name: str) -> Locale:
    try:
        locale = Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise LocaleError(f"unknown locale {name!r}: not in CLDR") from exc
    # Babel drops parts it does not know (en_US_BOGUS parses as en_US).
    if len(re.split(r"[_-]", name)) != len(str(locale).split("_")):
        raise LocaleError(f"unknown locale {name!r}: not in CLDR")
    return locale


def parent_locales(locale: Locale) -> list[Locale]:
    """The locales a regional locale falls back to, nearest first: CLDR's parent chain.

    A parent is CLDR's explicit parent where it names one (``es_MX`` →
    ``es_419``), else the locale with its last part dropped, as gettext does
    (``pt_BR`` → ``pt``). A language written in a script that is not its
    usual one has no parent (CLDR's "nonlikelyScript" rule, as Babel applies
    it): ``zh_Hant`` never falls back to Simplified Chinese. The chain stops
    before the root locale and never includes the source language, whose text
    is the source itself.

    >>> [str(parent) for parent in parent_locales(parse_locale("es_MX"))]
    ['es_419', 'es']
    >>> [str(parent) for parent in parent_locales(parse_locale("zh_Hant_HK"))]
    ['zh_Hant']
    >>> parent_locales(parse_locale("es")), parent_locales(parse_locale("zh_Hant"))
    ([], [])
    """
    explicit: Mapping[str, str] = get_global("parent_exceptions")
    chain: list[Locale] = []
    name = str(locale)
    while True:
        parent = explicit.get(name)
        if parent is None and not _has_unlikely_script(name) and "_" in name:
            parent = name.rsplit("_", 1)[0]
        if parent is None or parent == "root":
            break
        ancestor = Locale.parse(parent)
        if is_source_locale(ancestor):
            break
        chain.append(ancestor)
        name = parent
    return chain


def _has_unlikely_script(name: str) -> bool:
    """``language_Script`` where the script is not the one CLDR expects for the language."""
    parts = name.split("_")
    if len(parts) != 2 or len(parts[1]) != 4:
        return False
    likely: Mapping[str, str] = get_global("likely_subtags")
    return Locale.parse(likely.get(parts[0], parts[0])).script != parts[1]


def folder_name(locale: Locale) -> str:
    """The gettext folder name Babel prints for a locale: ``pt_BR``, ``zh_Hans``."""
    return str(locale)


def lang_tag(locale: Locale) -> str:
    """The BCP 47 tag HTML uses: ``pt-BR``, ``zh-Hans``.

    >>> lang_tag(parse_locale("zh_Hans"))
    'zh-Hans'
    """
    return str(locale).replace("_", "-")


@dataclass(frozen=True, slots=True)
class LocaleFacts:
    """What pages and checks need to know about a locale, from CLDR."""

    name: str
    """The language's name in itself, capitalised as it would start a list item."""
    direction: Literal["ltr", "rtl"]
    """The direction of the locale's script."""
    decimal_marks: tuple[str, ...]
    """The decimal symbols of the locale's numbering systems (Latin digits and its own)."""
    group_marks: tuple[str, ...]
    """The grouping symbols of the same numbering systems."""


def locale_facts(locale: Locale) -> LocaleFacts:
    """The locale's :class:`LocaleFacts`, from the generated table; from Babel if it is not there."""
    row = _table().get(str(locale))
    if row is None:
        return cldr_facts(locale)
    name, direction, decimal_marks, group_marks = row
    return LocaleFacts(
        name, cast(Literal["ltr", "rtl"], direction), tuple(decimal_marks), tuple(group_marks)
    )


@cache
def _table() -> dict[str, list[Any]]:
    # A row: name, direction, decimal marks (a list), group marks (a list).
    text = resources.files(__package__).joinpath(CLDR_TABLE).read_text("utf-8")
    locales: dict[str, list[Any]] = json.loads(text)["locales"]
    return locales


def cldr_facts(locale: Locale) -> LocaleFacts:
    """The locale's :class:`LocaleFacts` read from Babel's CLDR data (which Babel then keeps)."""
    name = locale.get_display_name(locale) or str(locale)
    decimal_marks, group_marks = set(), set()
    for system in sorted({"latn", "default", *locale.other_numbering_systems.values()}):
        try:
            decimal_marks.add(get_decimal_symbol(locale, numbering_system=system))
            group_marks.add(get_group_symbol(locale, numbering_system=system))
        except UnsupportedNumberingSystemError:
            continue
    return LocaleFacts(
        name=name[:1].upper() + name[1:],
        direction="rtl" if locale.text_direction == "rtl" else "ltr",
        decimal_marks=tuple(sorted(decimal_marks)),
        group_marks=tuple(sorted(group_marks)),
    )


def text_direction(locale: Locale) -> Literal["ltr", "rtl"]:
    """``rtl`` for Arabic, Persian, Hebrew, Urdu and other right-to-left scripts.

    >>> text_direction(parse_locale("fa")), text_direction(parse_locale("ko"))
    ('rtl', 'ltr')
    """
    return locale_facts(locale).direction


def display_name(locale: Locale) -> str:
    """The language's name in itself, capitalised as it would start a list item.

    >>> display_name(parse_locale("es")), display_name(parse_locale("zh_Hant"))
    ('Español', '中文 (繁體)')
    """
    return locale_facts(locale).name


def is_source_locale(locale: Locale) -> bool:
    """True when pages in this locale show the source text itself."""
    return locale.language == SOURCE_LOCALE
