"""Locales: CLDR validation, folder names and BCP 47 tags, direction, display names.

A locale name from a user is validated here before it touches a path: it must
look like a language tag and be known to Babel's CLDR data.
"""

from __future__ import annotations

import re
from typing import Literal

from babel import Locale, UnknownLocaleError

from .errors import LocaleError

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
    try:
        locale = Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise LocaleError(f"unknown locale {name!r}: not in CLDR") from exc
    # Babel drops parts it does not know (en_US_BOGUS parses as en_US).
    if len(re.split(r"[_-]", name)) != len(str(locale).split("_")):
        raise LocaleError(f"unknown locale {name!r}: not in CLDR")
    return locale


def folder_name(locale: Locale) -> str:
    """The gettext folder name Babel prints for a locale: ``pt_BR``, ``zh_Hans``."""
    return str(locale)


def lang_tag(locale: Locale) -> str:
    """The BCP 47 tag HTML uses: ``pt-BR``, ``zh-Hans``.

    >>> lang_tag(parse_locale("zh_Hans"))
    'zh-Hans'
    """
    return str(locale).replace("_", "-")


def text_direction(locale: Locale) -> Literal["ltr", "rtl"]:
    """``rtl`` for Arabic, Persian, Hebrew, Urdu and other right-to-left scripts.

    >>> text_direction(parse_locale("fa")), text_direction(parse_locale("ko"))
    ('rtl', 'ltr')
    """
    return "rtl" if locale.text_direction == "rtl" else "ltr"


def display_name(locale: Locale) -> str:
    """The language's name in itself, capitalised as it would start a list item.

    >>> display_name(parse_locale("es")), display_name(parse_locale("zh_Hant"))
    ('Español', '中文 (繁體)')
    """
    name = locale.get_display_name(locale) or str(locale)
    return name[:1].upper() + name[1:]


def is_source_locale(locale: Locale) -> bool:
    """True when pages in this locale show the source text itself."""
    return locale.language == SOURCE_LOCALE
