"""Locales: CLDR validation, gettext folders and BCP 47 tags, direction and display names."""

from __future__ import annotations

import json
from typing import cast

import babel
import pytest
from babel import localedata
from babel.core import get_cldr_version
from benchmarks.articles import LOCALES

from conftest import REPOSITORY
from pain_content import locales
from pain_content.errors import LocaleError
from pain_content.locales import (
    CLDR_TABLE,
    cldr_facts,
    display_name,
    folder_name,
    is_source_locale,
    lang_tag,
    locale_facts,
    parent_locales,
    parse_locale,
    text_direction,
)
from pain_content.ui import UI_LOCALE_DIR

SHIPPED_FOLDERS = sorted(path.name for path in (REPOSITORY / "locales").iterdir() if path.is_dir())


@pytest.mark.parametrize(
    ("name", "folder", "tag"),
    [
        ("zh_Hans", "zh_Hans", "zh-Hans"),
        ("zh-Hans", "zh_Hans", "zh-Hans"),
        ("zh_Hant", "zh_Hant", "zh-Hant"),
        ("pt-BR", "pt_BR", "pt-BR"),
        ("pt_BR", "pt_BR", "pt-BR"),
        ("es-419", "es_419", "es-419"),
        ("fil", "fil", "fil"),
    ],
)
def test_gettext_and_bcp47_spellings_name_one_locale(name: str, folder: str, tag: str) -> None:
    """Either spelling parses to the same locale: gettext's folder uses _, HTML's lang uses -."""
    locale = parse_locale(name)
    assert (folder_name(locale), lang_tag(locale)) == (folder, tag)
    assert parse_locale(folder) == parse_locale(tag) == locale


@pytest.mark.parametrize("folder", SHIPPED_FOLDERS)
def test_every_shipped_folder_is_a_cldr_locale_named_as_gettext_names_it(folder: str) -> None:
    """The project's locales/ folders round-trip through parse_locale unchanged."""
    assert folder_name(parse_locale(folder)) == folder


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../etc", "'../etc' is not a locale name (expected something like es or pt_BR)"),
        ("es/../../x", "'es/../../x' is not a locale name (expected something like es or pt_BR)"),
        ("", "'' is not a locale name (expected something like es or pt_BR)"),
        ("e", "'e' is not a locale name (expected something like es or pt_BR)"),
        ("es_", "'es_' is not a locale name (expected something like es or pt_BR)"),
        ("xx", "unknown locale 'xx': not in CLDR"),
        ("zz_ZZ", "unknown locale 'zz_ZZ': not in CLDR"),
        # Babel alone would parse this as en_US, silently dropping a part.
        ("en_US_BOGUS", "unknown locale 'en_US_BOGUS': not in CLDR"),
    ],
)
def test_unknown_or_unsafe_names_are_refused(name: str, message: str) -> None:
    """A name that could escape its folder, or that CLDR does not know, is a LocaleError."""
    with pytest.raises(LocaleError) as caught:
        parse_locale(name)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_a_name_that_is_not_text_is_refused() -> None:
    """parse_locale refuses a non-string with the same error, not a TypeError."""
    with pytest.raises(LocaleError, match="is not a locale name"):
        parse_locale(cast(str, ["es"]))  # what an untyped caller may pass


# CLDR's character order ("right-to-left" in the locale's layout data) for
# languages clinics serve; Urdu, Pashto and Sorani use Arabic script, Yiddish
# Hebrew script, Dhivehi Thaana.
RTL = ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"]
LTR = ["en", "es", "ru", "zh_Hans", "zh_Hant", "ja", "ko", "vi", "so", "ht", "fil", "pl", "fr"]


@pytest.mark.parametrize(
    ("name", "direction"), [(n, "rtl") for n in RTL] + [(n, "ltr") for n in LTR]
)
def test_text_direction_follows_cldr(name: str, direction: str) -> None:
    """Pages in right-to-left scripts get dir="rtl"; every other language ltr."""
    assert text_direction(parse_locale(name)) == direction


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("es", "Español"),  # CLDR writes "español": a list item starts with a capital
        ("ru", "Русский"),
        ("fr", "Français"),
        ("ar", "العربية"),
        ("fa", "فارسی"),
        ("zh_Hans", "中文 (简体)"),
        ("zh_Hant", "中文 (繁體)"),
        ("pt_BR", "Português (Brasil)"),
        ("ht", "Kreyòl Ayisyen"),
        ("vi", "Tiếng Việt"),
    ],
)
def test_display_name_is_the_language_in_itself(name: str, shown: str) -> None:
    """The switcher names each language as its readers write it (CLDR), capitalised."""
    assert display_name(parse_locale(name)) == shown


def test_only_english_is_the_source_language() -> None:
    """English and its regional variants show the source text; other languages do not."""
    assert is_source_locale(parse_locale("en"))
    assert is_source_locale(parse_locale("en_GB"))
    assert not is_source_locale(parse_locale("es"))


def test_every_ui_catalog_is_named_for_a_cldr_locale() -> None:
    """The shipped ui catalogs' folders are gettext names of CLDR locales."""
    folders = sorted(path.name for path in UI_LOCALE_DIR.iterdir() if path.is_dir())
    assert folders
    assert [folder_name(parse_locale(folder)) for folder in folders] == folders


@pytest.mark.parametrize(
    ("name", "parents"),
    [
        ("es_MX", ["es_419", "es"]),  # CLDR's explicit parent, then truncation
        ("pt_BR", ["pt"]),
        ("zh_Hant_HK", ["zh_Hant"]),
        ("zh_Hant_MO", ["zh_Hant_HK", "zh_Hant"]),
        ("zh_Hant", []),  # never Simplified Chinese (CLDR's nonlikelyScript rule)
        ("sr_Latn", []),
        ("zh_Hans_SG", ["zh_Hans", "zh"]),
        ("en_GB", []),  # the source language is the source text itself
        ("es", []),
    ],
)
def test_parent_locales_follow_cldr(name: str, parents: list[str]) -> None:
    """A regional locale falls back along CLDR's parent chain, nearest first, and stops before root."""
    assert [str(parent) for parent in parent_locales(parse_locale(name))] == parents


def _table() -> dict[str, object]:
    text = (REPOSITORY / "src" / "pain_content" / CLDR_TABLE).read_text("utf-8")
    table: dict[str, object] = json.loads(text)
    return table


def test_the_locale_table_was_made_from_the_installed_babel() -> None:
    """The shipped table names the Babel and CLDR it was made from, which are the ones installed
    (after an upgrade, scripts/write_cldr_locales.py regenerates it), and covers every locale."""
    table = _table()
    assert (table["babel"], table["cldr"]) == (babel.__version__, get_cldr_version())
    assert set(cast(dict[str, object], table["locales"])) == set(
        localedata.locale_identifiers()
    ) - {"root"}


# The locales shipped (ui catalogs, project catalogs), those the benchmark
# builds, and some whose names, digits or direction are unusual.
_SAMPLE = sorted(
    {
        *SHIPPED_FOLDERS,
        *(path.name for path in UI_LOCALE_DIR.iterdir() if path.is_dir()),
        *LOCALES,
        *("zh_Hant_HK", "sr_Latn", "es_MX", "es_419", "ckb", "ps", "dv", "sd", "ks", "mr"),
        *("my", "ne", "dz", "ar_MA", "ar_EG", "de_CH", "fr_CA", "uz_Arab", "pa_Arab", "yi"),
    }
)


@pytest.mark.parametrize("name", _SAMPLE)
def test_the_locale_table_says_what_babel_says(name: str) -> None:
    """A locale's name in itself, direction and number marks in the table are Babel's own."""
    locale = parse_locale(name)
    assert locale_facts(locale) == cldr_facts(locale)


def test_a_locale_missing_from_the_table_is_read_from_babel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A locale a newer Babel knows but the table does not still gets its facts, from Babel."""
    monkeypatch.setattr(locales, "_table", dict)
    facts = locale_facts(parse_locale("fa"))
    assert (facts.name, facts.direction, facts.decimal_marks) == ("فارسی", "rtl", (".", "٫"))
