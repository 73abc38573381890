"""What may reach a patient: the critical checks as a gate on every compiled catalog.

Two paths lead from a catalog to a reader, and both pass the same gate:

- :func:`publish_catalog` gives the publishable translations of a catalog:
  fuzzy entries and entries failing a critical check (numbers, doses, units,
  link targets, markup; :func:`pain_content.checks.check_catalog`, errors
  only) are left out, so a page shows the source text instead. ``build``
  renders from it, and a program can pass its ``translations()`` to
  :func:`pain_content.render_html`, which checks nothing itself. A regional
  catalog (``es_MX``) is published with its CLDR ancestors' catalogs
  (``es_419``, ``es``): what it does not publish itself is taken from the
  nearest ancestor that publishes it, through the same gate.
- :func:`plan_compiled` is ``pain-content compile``: like ``msgfmt --check``,
  it refuses an article catalog with an error finding, unless told not to
  check. A catalog of another domain (no article in ``source/``) is compiled
  exactly as GNU ``msgfmt`` compiles it.

A ``.mo`` is stale when its bytes differ from the bytes compiling its
``.po`` gives now (see :mod:`pain_content.atomic_writes`).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import polib
from babel import Locale

from .atomic_writes import is_stale
from .catalog_files import read_catalog
from .catalogs import EntryKey, entry_key, has_translation, mo_bytes, mo_messages, plural_count
from .checks import CheckCache, CheckConfig, Finding, check_catalog
from .counts import counted
from .errors import Location
from .locales import parse_locale
from .pofile import entry_line
from .project import (
    compiled_path,
    find_catalogs,
    find_locale_folders,
    is_article_catalog,
    no_catalogs_error,
)
from .review import is_fully_reviewed
from .review_records import review_state


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A translation the build did not publish, and why."""

    path: Path
    line: int
    """1-based line of the entry in the ``.po``."""
    reason: str
    """``fuzzy``, ``obsolete``, ``not reviewed (...)``, or the code and message of each
    check that failed, joined by ``; ``."""


@dataclass(frozen=True, slots=True)
class Fallback:
    """An ancestor locale's publishable translations of what a regional catalog does not publish."""

    locale: str
    """The ancestor's locale, as Babel prints it (``es``)."""
    mo: bytes
    """Only the entries no nearer catalog publishes, as a ``.mo``."""

    def translations(self) -> gettext.GNUTranslations:
        """The translations, for rendering the parts shown in this language."""
        return gettext.GNUTranslations(io.BytesIO(self.mo))


@dataclass(frozen=True, slots=True)
class PublishedCatalog:
    """One catalog's publishable translations, and what was held back."""

    po_path: Path
    mo: bytes
    """The publishable translations as a ``.mo``: fuzzy entries and those failing a critical check left out."""
    is_reviewed: bool
    """Every entry published carries a valid review record (see :mod:`pain_content.review`),
    those taken from ancestor locales included."""
    held_back: tuple[HeldBack, ...]
    """Every translation of this catalog left out, in catalog order."""
    completeness: float
    """The share of the article's source words whose translation is published (0 to 1),
    here or by an ancestor locale: each entry's words count once per place the text occurs."""
    fallbacks: tuple[Fallback, ...] = ()
    """For a regional locale, its ancestors' translations of what it does not publish, nearest first."""
    outdated: frozenset[EntryKey] = frozenset()
    """Entries shown in English because their translation was made for an earlier English
    text (fuzzy, with a previous msgid that differs), and no catalog publishes them."""
    source_updated: date | None = None
    """When the English of the ``outdated`` entries last changed, as far as the catalogs know:
    the latest ``POT-Creation-Date`` of the catalogs holding them. A template's date changes
    only when its messages do, so the English shown is the text of that date or later."""

    def translations(self) -> gettext.GNUTranslations:
        """The publishable translations, for :func:`pain_content.render_html` and friends."""
        catalog = gettext.GNUTranslations(io.BytesIO(self.mo))
        # gettext compiles the Plural-Forms header into a function of its own whose
        # globals hold the function itself (gettext.c2py): a reference cycle per
        # catalog read, which waits for a full collection. A build reads thousands,
        # and they pile up. The function needs only its other globals.
        # (typeshed does not declare the attribute ``plural``.)
        plural = getattr(catalog, "plural", len)
        if "plural-forms" in catalog.info() and plural.__globals__ is not vars(gettext):
            plural.__globals__.pop("func", None)
        return catalog


def publish_catalog(
    po_path: Path, *, locale: Locale | None = None, config: CheckConfig | None = None
) -> PublishedCatalog:
    """Read a catalog and keep only the translations that may reach a patient.

    Args:
        po_path: the ``.po`` file.
        locale: the catalog's locale; by default the name of its locale folder
            (``locales/<locale>/LC_MESSAGES/<domain>.po``).
        config: the project's check settings (``pain-content.toml``), or the defaults.

    Raises:
        CatalogError: the catalog does not parse.
        LocaleError: ``locale`` is not given and the folder is not named after a locale.
    """
    options = GateOptions(
        locale=locale or parse_locale(po_path.parent.parent.name), config=config or CheckConfig()
    )
    return publish(read_catalog(po_path), po_path=po_path, options=options)


@dataclass(frozen=True, slots=True)
class GateOptions:
    """How one catalog passes the gate: :func:`publish` and :func:`publishable_words` share them."""

    locale: Locale
    """The catalog's locale, for the checks."""
    config: CheckConfig
    """The project's check settings (``pain-content.toml``)."""
    require_review: bool = False
    """Only entries carrying a valid review record are published; the others are held
    back as not reviewed."""
    ancestors: Sequence[tuple[polib.POFile, Locale]] = ()
    """The catalogs of the locale's CLDR parents, nearest first (see
    :func:`pain_content.locales.parent_locales`): each passes the same gate, and gives
    the entries no nearer catalog publishes."""
    cache: CheckCache | None = None
    """The findings of this catalog's entries checked before (see
    :class:`~pain_content.checks.CheckCache`)."""


def publish(catalog: polib.POFile, *, po_path: Path, options: GateOptions) -> PublishedCatalog:
    """The publishable part of a catalog already read: :func:`publish_catalog` without I/O.

    Only this catalog's entries are reported as held back; the ancestors' are
    their own pages'. Each translation held back is one :class:`HeldBack`,
    whatever the number of its findings.
    """
    layers = _layers(catalog, article=po_path.stem, options=options)
    own = layers.own
    dates = [day for day in layers.outdated.values() if day is not None]
    return PublishedCatalog(
        po_path=po_path,
        mo=_mo(catalog, own.shown),
        is_reviewed=is_fully_reviewed([*own.shown, *(e for taken in layers.taken for e in taken)]),
        held_back=tuple(HeldBack(po_path, line, reason) for line, reason in own.held_back),
        completeness=layers.shown_words / (layers.words or 1),
        fallbacks=tuple(
            Fallback(str(ancestor_locale), _mo(ancestor, taken))
            for (ancestor, ancestor_locale), taken in zip(
                options.ancestors, layers.taken, strict=True
            )
        ),
        outdated=frozenset(layers.outdated),
        source_updated=max(dates) if dates else None,
    )


def publishable_words(
    catalog: polib.POFile, *, article: str, options: GateOptions
) -> tuple[int, int]:
    """The source words whose translation :func:`publish` would publish, and all source words.

    Their ratio is :attr:`PublishedCatalog.completeness`. ``article`` is the
    catalog's slug, which decides the required statements that apply.
    """
    layers = _layers(catalog, article=article, options=options)
    return layers.shown_words, layers.words


def meets_threshold(percent: float, threshold: float) -> bool:
    """Whether an article with this percent of its source words publishable is published.

    ``threshold`` is the percent the build was given (``--completeness``,
    ``[site] completeness``); the status report applies the same rule.
    """
    return percent >= threshold


@dataclass(frozen=True, slots=True)
class _Gate:
    shown: list[polib.POEntry]
    held_back: list[tuple[int, str]]
    """(line, reason) of each translation held back, in catalog order."""
    current: list[polib.POEntry]
    """The entries that are not obsolete."""
    outdated: list[EntryKey]
    source_date: date | None


@dataclass(frozen=True, slots=True)
class _Layers:
    """A catalog's gate and what its ancestors add to it."""

    own: _Gate
    taken: list[list[polib.POEntry]]
    """Per ancestor, nearest first, the publishable entries no nearer catalog publishes."""
    outdated: dict[EntryKey, date | None]
    """Entries with an outdated translation that no catalog publishes, and their catalog's date."""
    shown_words: int
    words: int


def _layers(catalog: polib.POFile, *, article: str, options: GateOptions) -> _Layers:
    own = _gate(catalog, article=article, locale=options.locale, options=options)
    covered = {entry_key(entry) for entry in own.shown}
    outdated: dict[EntryKey, date | None] = dict.fromkeys(own.outdated, own.source_date)
    taken = []
    for ancestor, ancestor_locale in options.ancestors:
        # The cache holds this catalog's findings, not the ancestor's.
        gate = _gate(
            ancestor, article=article, locale=ancestor_locale, options=replace(options, cache=None)
        )
        entries = [entry for entry in gate.shown if entry_key(entry) not in covered]
        covered |= {entry_key(entry) for entry in entries}
        taken.append(entries)
        for key in gate.outdated:
            outdated.setdefault(key, gate.source_date)
    return _Layers(
        own=own,
        taken=taken,
        outdated={key: day for key, day in outdated.items() if key not in covered},
        shown_words=article_words(e for e in own.current if entry_key(e) in covered),
        words=article_words(own.current),
    )


def _gate(catalog: polib.POFile, *, article: str, locale: Locale, options: GateOptions) -> _Gate:
    """The entries of one catalog that may be shown, and those held back."""
    # Why each translation is held back, by the line of its msgid.
    reasons: dict[int, list[str]] = {
        entry_line(entry): ["obsolete" if entry.obsolete else "fuzzy"]
        for entry in catalog
        if (entry.obsolete or "fuzzy" in entry.flags) and has_translation(entry)
    }
    current = [entry for entry in catalog if not entry.obsolete]
    shown = [entry for entry in current if "fuzzy" not in entry.flags and has_translation(entry)]
    candidates = {entry.msgid for entry in shown}
    failing = set()
    for finding in check_catalog(
        catalog, locale=locale, config=options.config, article=article, cache=options.cache
    ):
        # A catalog-wide finding (a required statement missing or untranslated)
        # holds back no translation: there is none to hold back.
        if finding.is_error and finding.msgid in candidates:
            failing.add(finding.msgid)
            reasons.setdefault(finding.line, []).append(f"{finding.code}: {finding.message}")
    shown = [entry for entry in shown if entry.msgid not in failing]
    if options.require_review:
        unreviewed = [entry for entry in shown if review_state(entry) != "reviewed"]
        for entry in unreviewed:
            reasons[entry_line(entry)] = [f"not reviewed ({review_state(entry)})"]
        shown = [entry for entry in shown if entry not in unreviewed]
    return _Gate(
        shown=shown,
        held_back=[(line, "; ".join(why)) for line, why in sorted(reasons.items())],
        current=current,
        outdated=[entry_key(entry) for entry in current if _is_outdated(entry)],
        source_date=_template_date(catalog),
    )


def _is_outdated(entry: polib.POEntry) -> bool:
    """A translation made for an earlier English text: ``update`` marked it fuzzy and kept
    the English it was made for as the previous msgid. A fuzzy flag without one may be a
    translator's own doubt, so it counts as not yet translated, not as outdated."""
    return (
        "fuzzy" in entry.flags
        and has_translation(entry)
        and bool(entry.previous_msgid)
        and entry.previous_msgid != entry.msgid
    )


def _template_date(catalog: polib.POFile) -> date | None:
    """The day of the catalog's ``POT-Creation-Date`` (``2026-03-02 00:00+0000``), as written."""
    try:
        return date.fromisoformat(catalog.metadata.get("POT-Creation-Date", "")[:10])
    except ValueError:
        return None


def _mo(catalog: polib.POFile, entries: list[polib.POEntry]) -> bytes:
    publishable = polib.POFile()
    publishable.metadata = catalog.metadata
    publishable.extend(entries)
    return mo_bytes(mo_messages(publishable, use_fuzzy=False))


def article_words(entries: Iterable[polib.POEntry]) -> int:
    """The source words of these entries as the threshold counts them.

    Each entry's words count once per place its text occurs in the article.
    """
    return sum(len(entry.msgid.split()) * max(1, len(entry.occurrences)) for entry in entries)


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """Something ``compile`` reports about a catalog entry."""

    location: Location
    """The catalog and the line of the entry's ``msgid``, as ``msgfmt`` reports it."""
    message: str


@dataclass(frozen=True, slots=True)
class CompilePlan:
    """What ``compile`` would write, and what it found."""

    files: dict[Path, bytes]
    """The stale ``.mo`` files and their new bytes."""
    errors: tuple[CatalogProblem, ...]
    """Error findings in article catalogs: when there is one, nothing may be written."""
    warnings: tuple[CatalogProblem, ...]
    """What ``msgfmt`` compiles anyway, such as plural entries that disagree with the header."""


def plan_compiled(
    locales_dir: Path,
    *,
    source_dir: Path,
    use_fuzzy: bool,
    check: bool = True,
    config: CheckConfig | None = None,
) -> CompilePlan:
    """The ``.mo`` files ``compile`` would write, and the findings that stop it.

    Every catalog is compiled as GNU ``msgfmt`` compiles it (fuzzy entries
    only with ``use_fuzzy``). An article catalog is first checked (``check``):
    each error finding is returned in ``errors``, and the caller must then
    write nothing. A plural entry with more or fewer ``msgstr[]`` forms than
    the header declares is compiled as it is and reported in ``warnings``
    (an error finding instead, when the catalog is checked).

    Raises:
        CatalogError: a catalog does not parse, or the project has no catalog.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    catalogs = [
        (folder, po_path)
        for folder in find_locale_folders(locales_dir)
        for po_path in find_catalogs(locales_dir, folder)
    ]
    if not catalogs:
        raise no_catalogs_error(locales_dir, "compiled")
    files: dict[Path, bytes] = {}
    errors: list[CatalogProblem] = []
    warnings: list[CatalogProblem] = []
    for folder, po_path in catalogs:
        catalog = read_catalog(po_path)
        if check and is_article_catalog(po_path, source_dir):
            findings = check_catalog(
                catalog,
                locale=parse_locale(folder),
                config=config or CheckConfig(),
                article=po_path.stem,
            )
            errors += [
                CatalogProblem(Location(str(po_path), finding.line), _describe(finding))
                for finding in findings
                if finding.is_error
            ]
        else:
            warnings += _plural_mismatches(po_path, catalog)
        mo = mo_bytes(mo_messages(catalog, use_fuzzy=use_fuzzy))
        if is_stale(compiled_path(po_path), mo):
            files[compiled_path(po_path)] = mo
    return CompilePlan(files, tuple(errors), tuple(warnings))


def _describe(finding: Finding) -> str:
    return f"{finding.code}: {finding.message}"


def _plural_mismatches(po_path: Path, catalog: polib.POFile) -> list[CatalogProblem]:
    count = plural_count(catalog)
    return [
        CatalogProblem(
            Location(str(po_path), entry_line(entry)),
            f"{counted(len(entry.msgstr_plural), 'plural form')}, but the header declares {count}",
        )
        for entry in catalog
        if entry.msgid_plural and not entry.obsolete and len(entry.msgstr_plural) != count
    ]
