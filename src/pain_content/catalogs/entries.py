"""What a catalog's entries and header say: keys, translations, plural forms, charset, counts.

The in-memory catalog is polib's ``POFile``, not Babel's ``Catalog``: Babel
drops header fields it does not know, reorders the header, flags prose holding ``%`` as ``python-format`` on every read, and drops
``#|`` previous msgids when it merges twice. polib keeps a file as translators'
tools wrote it. Babel still supplies what it is best at: CLDR plural rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polib
from babel import Locale
from babel.messages.plurals import get_plural

DATE_FORMAT = "%Y-%m-%d %H:%M%z"
DEFAULT_WIDTH = 79
"""Columns GNU gettext wraps catalog lines at."""
EntryKey = tuple[str | None, str]
CHARSET_PARAMETER = re.compile(r"charset=[\w.:-]+", re.IGNORECASE)
"""The ``charset=`` of a ``Content-Type`` header."""


def entry_key(entry: polib.POEntry) -> EntryKey:
    """A catalog entry is identified by its msgctxt and msgid."""
    return (entry.msgctxt, entry.msgid)


def plural_forms_header(locale: Locale) -> str:
    """The ``Plural-Forms`` header for a locale, from Babel's CLDR-derived table.

    >>> plural_forms_header(Locale.parse("ru")).split(";")[0]
    'nplurals=3'
    """
    return get_plural(locale).plural_forms


def same_message(entry: polib.POEntry, **fields: Any) -> polib.POEntry:
    """A new entry for the same message (``msgctxt``, ``msgid``, ``msgid_plural``), with its flags."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        flags=list(entry.flags),
        **fields,
    )


def untranslated_entry(template_entry: polib.POEntry, plural_count: int) -> polib.POEntry:
    """A template's entry with no translation yet: ``plural_count`` empty forms for a plural."""
    entry = same_message(
        template_entry,
        occurrences=list(template_entry.occurrences),
        comment=template_entry.comment,
    )
    if template_entry.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(plural_count), "")
    else:
        entry.msgstr = ""
    return entry


@dataclass(frozen=True, slots=True)
class PluralForms:
    """What a catalog's ``Plural-Forms`` header says."""

    count: int
    """``nplurals``: how many ``msgstr[]`` forms each plural entry has."""
    expression: str
    """``plural``: the C expression choosing a form for ``n``."""


def plural_forms(catalog: polib.POFile) -> PluralForms:
    """The catalog's ``Plural-Forms`` header; without one, GNU gettext's default (English).

    >>> catalog = polib.POFile()
    >>> catalog.metadata = {"Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);"}
    >>> plural_forms(catalog)
    PluralForms(count=3, expression='(n==1 ? 0 : n<5 ? 1 : 2)')
    """
    count, expression = 2, "n != 1"
    for part in catalog.metadata.get("Plural-Forms", "").split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            count = int(value)
        elif name.strip() == "plural" and value.strip():
            expression = value.strip()
    return PluralForms(count, expression)


def plural_count(catalog: polib.POFile) -> int:
    """How many plural forms the catalog's ``Plural-Forms`` header declares (2 if none)."""
    return plural_forms(catalog).count


def has_translation(entry: polib.POEntry) -> bool:
    """True when the entry holds a translation (every plural form filled)."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """How complete one catalog is, in messages and in source words."""

    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    obsolete_words: int

    @property
    def total(self) -> int:
        """Messages in use (obsolete ones excluded)."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent_translated(self) -> float:
        """Share of messages in use that are translated and not fuzzy, 0 to 100."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_stats(catalog: polib.POFile) -> CatalogStats:
    """Count translated, fuzzy, untranslated and obsolete messages and their words."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0], "obsolete": [0, 0]}
    for entry in catalog:
        if entry.obsolete:
            state = "obsolete"
        elif "fuzzy" in entry.flags:
            state = "fuzzy"
        elif has_translation(entry):
            state = "translated"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += len(entry.msgid.split())
    return CatalogStats(
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        obsolete=counts["obsolete"][0],
        translated_words=counts["translated"][1],
        fuzzy_words=counts["fuzzy"][1],
        untranslated_words=counts["untranslated"][1],
        obsolete_words=counts["obsolete"][1],
    )


def utf8_metadata(catalog: polib.POFile) -> dict[str, str]:
    """The header fields, declaring the charset we always write: UTF-8.

    The text was decoded from whatever charset the file declared; what we
    write (``.po`` and ``.mo``) is UTF-8, so the header must say so.
    """
    metadata = dict(catalog.metadata)
    if "Content-Type" in metadata:
        metadata["Content-Type"] = CHARSET_PARAMETER.sub("charset=UTF-8", metadata["Content-Type"])
    return metadata
