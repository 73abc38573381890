"""What the read-only verbs find in a project: ``stats`` rows and the ``check`` run.

:func:`read_stats` and :func:`check_project` read the project's catalogs and
return figures and findings; :func:`stats_json` and :func:`check_report` give
them as the ``--json`` documents. Nothing here prints or writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog_files import locale_memory, read_catalog, reference
from .catalogs import CatalogStats, catalog_stats
from .checks import (
    CONFIG_FILE_NAME,
    CheckConfig,
    Finding,
    check_consistency,
    consistency_places,
)
from .checks.consistency import Place
from .locales import SOURCE_LOCALE, folder_name, is_source_locale, parse_locale
from .memory import MemoryStats, memory_stats
from .project import (
    catalog_path,
    find_article_catalogs,
    find_catalogs,
    find_locale_folders,
    find_templates,
    no_catalogs_error,
    template_path,
)
from .readability import (
    DEFAULT_TARGET_GRADE,
    load_readability_config,
    reading_level_summary,
    translated_text,
)
from .review import ReviewCounts, catalog_findings, review_counts
from .ui import UI_DOMAIN, UI_LOCALE_DIR


def load_target_grade(project_dir: Path) -> float:
    """The project's target reading grade from ``pain-content.toml``, or the default.

    Raises:
        UsageError: the ``[readability]`` table is not valid (with its line).
    """
    config_path = project_dir / CONFIG_FILE_NAME
    if not config_path.is_file():
        return DEFAULT_TARGET_GRADE
    return load_readability_config(config_path.read_text("utf-8"), str(config_path))


@dataclass(frozen=True, slots=True)
class StatsRow:
    """Completeness and review of one catalog: an article's, or the page chrome's."""

    domain: str
    """``article``, or :data:`pain_content.ui.UI_DOMAIN` for the page chrome."""
    article: str
    """The article's slug, or ``page chrome``."""
    locale: str
    """The catalog folder (``pt_BR``)."""
    stats: CatalogStats
    review: ReviewCounts


def read_stats(locales_dir: Path) -> list[StatsRow]:
    """A row per article catalog (by slug, then locale), then the page chrome's per locale.

    Raises:
        CatalogError: there are no templates or no catalogs, or a catalog does not parse.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    catalogs = find_article_catalogs(locales_dir)
    if not catalogs:
        raise no_catalogs_error(locales_dir, "counted")
    rows = [
        _stats_row("article", slug, folder, read_catalog(path))
        for (slug, folder), path in catalogs.items()
    ]
    # The page chrome's own catalogs ship inside the package: report them for
    # the project's languages too, since a page needs both.
    for folder in find_locale_folders(locales_dir):
        ui_path = catalog_path(UI_LOCALE_DIR, folder, UI_DOMAIN)
        ui_catalog = read_catalog(
            ui_path if ui_path.is_file() else template_path(UI_LOCALE_DIR, UI_DOMAIN)
        )
        rows.append(_stats_row(UI_DOMAIN, "page chrome", folder, ui_catalog))
    return rows


def _stats_row(domain: str, article: str, folder: str, catalog: polib.POFile) -> StatsRow:
    return StatsRow(domain, article, folder, catalog_stats(catalog), review_counts(catalog))


def stats_json(rows: Iterable[StatsRow]) -> list[dict[str, object]]:
    """The ``stats --json`` document."""
    return [
        {
            "domain": row.domain,
            "article": row.article,
            "locale": row.locale,
            "translated": row.stats.translated,
            "fuzzy": row.stats.fuzzy,
            "untranslated": row.stats.untranslated,
            "obsolete": row.stats.obsolete,
            "words": {
                "translated": row.stats.translated_words,
                "fuzzy": row.stats.fuzzy_words,
                "untranslated": row.stats.untranslated_words,
                "obsolete": row.stats.obsolete_words,
            },
            "percent_translated": round(row.stats.percent_translated, 1),
            "review": {
                "reviewed": row.review.reviewed,
                "unreviewed": row.review.unreviewed,
                "stale": row.review.stale,
            },
        }
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class MemoryRow:
    """How much of one article's catalog the locale's other catalogs translate."""

    locale: str
    """The catalog folder (``pt_BR``)."""
    article: str
    stats: MemoryStats


def _wanted(locales: Sequence[str]) -> set[str]:
    """The catalog folders of the locales asked for (``pt-BR`` is ``pt_BR``)."""
    return {folder_name(parse_locale(name)) for name in locales}


def _locale_folders(locales_dir: Path, wanted: set[str]) -> list[str]:
    """The project's locale folders that are wanted (all, when none is named)."""
    return [folder for folder in find_locale_folders(locales_dir) if not wanted or folder in wanted]


def read_memory_stats(locales_dir: Path, *, locales: Sequence[str] = ()) -> list[MemoryRow]:
    """A row per article catalog of the locales (all when empty), by locale, then slug.

    Raises:
        CatalogError: a catalog does not parse.
        LocaleError: a requested locale or a locale folder is not a CLDR locale.
    """
    rows = []
    for folder in _locale_folders(locales_dir, _wanted(locales)):
        paths = find_catalogs(locales_dir, folder)
        catalogs = {path: read_catalog(path) for path in paths}
        memory = locale_memory(catalogs)
        by_reference = {reference(path): catalog for path, catalog in catalogs.items()}
        for path, stats in zip(paths, memory_stats(by_reference, memory).values(), strict=True):
            rows.append(MemoryRow(folder, path.stem, stats))
    return rows


def memory_stats_json(rows: Iterable[MemoryRow]) -> list[dict[str, object]]:
    """The ``memory --stats --json`` document."""
    return [
        {
            "locale": row.locale,
            "article": row.article,
            "entries": row.stats.entries,
            "exact": row.stats.exact,
            "close": row.stats.close,
            "words": {"exact": row.stats.exact_words, "close": row.stats.close_words},
        }
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class CheckRun:
    """What ``check`` found: the findings per file and a reading-level note per file."""

    results: list[tuple[Path, list[Finding]]]
    """Each catalog checked with its findings; a template appears only when the
    reading level of its English source is above the target."""
    notes: list[str]
    """``<path>: reading level: ...``, one per file."""

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(finding.is_error for _, findings in self.results for finding in findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(not finding.is_error for _, findings in self.results for finding in findings)

    @property
    def catalogs(self) -> int:
        """How many catalogs were checked (templates are read only for their reading level)."""
        return sum(path.suffix == ".po" for path, _ in self.results)


def check_project(
    locales_dir: Path, *, locales: Sequence[str], config: CheckConfig, target_grade: float
) -> CheckRun:
    """Check every catalog of the locales (all when ``locales`` is empty), and reading levels.

    Each catalog gets its own findings, then those of the rules across the
    locale's catalogs (:func:`pain_content.checks.check_consistency`).

    The English source is checked for its reading level when ``locales`` is
    empty or names it.

    Raises:
        CatalogError: a template or catalog does not parse, or no catalog of a
            requested locale (of any locale, when none is requested) was checked.
        LocaleError: a requested locale or a locale folder is not a CLDR locale.
    """
    wanted = _wanted(locales)
    templates = (
        {path.stem: path for path in find_templates(locales_dir)}
        if not wanted or SOURCE_LOCALE in wanted
        else {}
    )
    catalogs = {
        folder: find_catalogs(locales_dir, folder)
        for folder in _locale_folders(locales_dir, wanted)
    }
    checked = {folder for folder, paths in catalogs.items() if paths}
    by_article: dict[str, list[tuple[str, Path]]] = {article: [] for article in templates}
    for folder, paths in catalogs.items():
        for path in paths:
            by_article.setdefault(path.stem, []).append((folder, path))

    def level(messages: Sequence[str], language: str) -> tuple[str, Finding | None]:
        return reading_level_summary(messages, language=language, target_grade=target_grade)

    # Article by article, the English first, then each language: an article's
    # msgids are parsed once for its reading level and all its languages'
    # checks, and a translation once for its checks and its reading level
    # (both through bounded caches), as the build does. The consistency rules
    # need a locale's catalogs together: their places are kept.
    levels: dict[Path, tuple[str, Finding | None]] = {}
    own: dict[Path, list[Finding]] = {}
    places: dict[str, list[Place]] = {folder: [] for folder in checked}
    for article, located in sorted(by_article.items()):
        if article in templates:
            messages = [entry.msgid for entry in read_catalog(templates[article])]
            levels[templates[article]] = level(messages, SOURCE_LOCALE)
        for folder, po_path in located:
            locale = parse_locale(folder)
            catalog = read_catalog(po_path)
            own[po_path] = catalog_findings(catalog, locale=locale, config=config, article=article)
            levels[po_path] = level(translated_text(catalog), locale.language)
            places[folder] += consistency_places(str(po_path), catalog)
    results: list[tuple[Path, list[Finding]]] = []
    notes: list[str] = []
    for template in templates.values():
        summary, finding = levels[template]
        notes.append(f"{template}: reading level: {summary}")
        if finding is not None:
            results.append((template, [finding]))
    for folder, paths in catalogs.items():
        across = check_consistency(places.get(folder, []))
        for po_path in paths:
            summary, finding = levels[po_path]
            notes.append(f"{po_path}: reading level: {summary}")
            findings = own[po_path] + across.get(str(po_path), [])
            results.append((po_path, findings + ([finding] if finding is not None else [])))
    for folder in sorted(wanted - checked):
        if not is_source_locale(parse_locale(folder)):
            raise no_catalogs_error(locales_dir, "checked", folder)
    if not wanted and not checked:
        raise no_catalogs_error(locales_dir, "checked")
    return CheckRun(results, notes)


def check_report(run: CheckRun) -> dict[str, object]:
    """The ``check --json`` document; its schema is docs/check-schema.json."""
    return {
        "version": 1,
        "summary": {"catalogs": run.catalogs, "errors": run.errors, "warnings": run.warnings},
        "findings": [
            {
                "path": str(po_path),
                "line": finding.line,
                "severity": finding.severity,
                "code": finding.code,
                "message": finding.message,
                "msgid": finding.msgid,
            }
            for po_path, findings in run.results
            for finding in findings
        ],
    }
