"""Checking a message and a catalog: every registered rule, in order, as findings."""

from __future__ import annotations

import gettext
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import babel
import polib
from babel import Locale
from babel.messages.plurals import get_plural

from ..catalogs import has_translation, plural_forms
from ..counts import counted
from ..locales import is_source_locale
from ..pofile import entry_line

# The rule families, in the order their rules run: importing a module registers
# its rules. The order is the reader's: values, then markup, then wording.
# isort: off
from . import numbers, doses, counters, markup, wording, glossary, length, punctuation  # noqa: F401

# isort: on
from .cache import CheckCache, EntryKeys
from .config import DEFAULT_CONFIG, CheckConfig
from .pair import Pair, PairReader, read_pair
from .registry import Finding, declare, finding, rules_for
from .wording import check_required_statements

declare("plural-count", "error")
declare("plural-forms-cldr", "warning")


def check_message(
    msgid: str,
    msgstr: str,
    *,
    locale: Locale,
    line: int = 0,
    config: CheckConfig = DEFAULT_CONFIG,
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
    return _findings(read_pair(msgid, msgstr, locale, is_ui), config, msgid, line)


def _findings(
    pair: Pair, config: CheckConfig, msgid: str, line: int, prefix: str = ""
) -> list[Finding]:
    found = []
    for code, rule in rules_for(pair, config):
        messages = rule(pair, config)
        if messages:  # most rules find nothing in most entries
            found += [finding(code, prefix + message, msgid, line) for message in messages]
    return found


def check_catalog(
    catalog: polib.POFile,
    *,
    locale: Locale,
    config: CheckConfig = DEFAULT_CONFIG,
    is_ui: bool = False,
    cache: CheckCache | None = None,
    article: str = "",
) -> list[Finding]:
    """Check every translated entry of a catalog, then the catalog-wide rules.

    Obsolete and fuzzy entries are skipped (they are never published), and so
    are untranslated ones except for their plural form count. Each plural form
    is checked against the msgid (the form for n = 1) or the msgid_plural.
    Catalog-wide: every required statement of ``config`` for ``article`` (the
    catalog's slug; when empty, only statements not scoped to articles) is
    translated. Findings come in catalog order, catalog-wide ones last. With a
    ``cache``, an entry found there is not checked again, and the cache records
    the entries that were.
    """
    header = plural_forms(catalog)
    forms = _PluralForms.of(header.count, header.expression)
    reader = PairReader.of(locale, is_ui)
    cached = None
    if cache is not None:
        rule = (forms.count, forms.form_for_one, tuple(sorted(forms.single_value_forms)))
        keys = EntryKeys(plural_rule=rule, locale=locale, config=config, is_ui=is_ui)
        cached = cache, keys
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            findings += _check_plural_count(entry, forms.count)
        if has_translation(entry):
            if cached is None:
                findings += _check_entry(entry, forms, reader, config)
            else:
                findings += _check_entry_cached(entry, forms, reader, config, *cached)
    findings += check_required_statements(catalog, config, article)
    findings += _check_plural_forms_against_cldr(catalog, forms.count, locale)
    return findings


def _check_plural_forms_against_cldr(
    catalog: polib.POFile, count: int, locale: Locale
) -> list[Finding]:
    """Say when the catalog's own Plural-Forms differ from the installed CLDR rules.

    ``update`` keeps a catalog's header (translators and platforms choose
    it), so this is a warning: both rules compile, but a form may be missing.
    """
    if "Plural-Forms" not in catalog.metadata or is_source_locale(locale):
        return []
    cldr = get_plural(locale).num_plurals
    if cldr == count:
        return []
    message = (
        f"Plural-Forms declares {counted(count, 'form')}; the installed CLDR rules"
        f" (Babel {babel.__version__}) give {locale} {cldr}"
    )
    return [finding("plural-forms-cldr", message, "", 1)]


@dataclass(frozen=True, slots=True)
class _PluralForms:
    count: int
    """nplurals from the ``Plural-Forms`` header."""
    form_for_one: int
    """The msgstr index used for n = 1: it translates the msgid, the others msgid_plural."""
    single_value_forms: frozenset[int]
    """Forms used for exactly one n, which may leave the number out ("one article")."""

    @staticmethod
    @lru_cache(maxsize=64)  # a site has a few plural rules, each read for every catalog
    def of(count: int, expression: str) -> _PluralForms:
        try:
            # The evaluator gettext itself uses to pick a form; it accepts only
            # a C plural expression, never arbitrary code.
            choose = gettext.c2py(expression)
            uses = Counter(choose(n) for n in range(1000))
            form_for_one = choose(1)
        except (ValueError, SyntaxError, ZeroDivisionError):
            return _PluralForms(count, 0, frozenset())
        return _PluralForms(count, form_for_one, frozenset(i for i, n in uses.items() if n == 1))


def _check_plural_count(entry: polib.POEntry, count: int) -> list[Finding]:
    if len(entry.msgstr_plural) == count:
        return []
    forms = counted(len(entry.msgstr_plural), "plural form")
    message = f"{forms}, but the Plural-Forms header says {count}"
    return [finding("plural-count", message, entry.msgid, entry_line(entry))]


def _check_entry(
    entry: polib.POEntry, forms: _PluralForms, reader: PairReader, config: CheckConfig
) -> list[Finding]:
    line = entry_line(entry)
    if not entry.msgid_plural:
        return _findings(reader.read(entry.msgid, entry.msgstr), config, entry.msgid, line)
    findings = []
    for index, msgstr in sorted(entry.msgstr_plural.items()):
        is_singular = index == forms.form_for_one and forms.count > 1
        source = entry.msgid if is_singular else entry.msgid_plural
        may_omit = index in forms.single_value_forms
        pair = reader.read(source, msgstr, may_omit_placeholders=may_omit)
        findings += _findings(pair, config, entry.msgid, line, f"msgstr[{index}]: ")
    return findings


def _check_entry_cached(
    entry: polib.POEntry,
    forms: _PluralForms,
    reader: PairReader,
    config: CheckConfig,
    cache: CheckCache,
    keys: EntryKeys,
) -> list[Finding]:
    key = keys.of(entry)
    recorded = cache.get(key)
    if recorded is None:
        found = _check_entry(entry, forms, reader, config)
        cache.put(key, tuple([(item.code, item.message) for item in found]))
        return found
    # The line is where the entry is now; the text, and so the findings, are the same.
    return [finding(code, message, entry.msgid, entry_line(entry)) for code, message in recorded]


def is_publishable(findings: Iterable[Finding]) -> bool:
    """False when any finding is an error: the source text is published instead.

    >>> is_publishable([]), is_publishable([Finding("length-ratio", "warning", "m", "x", 3)])
    (True, True)
    >>> is_publishable([Finding("number-changed", "error", "m", "x", 3)])
    False
    """
    return not any(finding.is_error for finding in findings)
