"""The status report: every article in every language, on one page a clinic manager opens.

For each (article, locale) a :class:`CellStatus` says how complete the
catalog is (translated, fuzzy, untranslated; in messages and source words),
how much of it a qualified medical translator has reviewed (valid and stale
review records), what ``check`` finds (errors, warnings), the reading level of
the published translation where a validated formula exists, and whether the
article is published in that language.

An article counts as published in a language by the build's own rule
(:func:`pain_content.publishing.meets_threshold`): at least the
completeness threshold (``--completeness``, ``[site] completeness``, 80%)
of its source words are in entries :func:`pain_content.publishing.publish`
publishes: translated, not fuzzy, without an error finding and, with
``require_review``, signed; for a regional locale (``es_MX``), what its
CLDR parents' catalogs publish counts too, as the build shows it.

:func:`project_report` computes the figures from catalogs, and
:func:`read_project_report` reads them from a project's ``locales/`` for it;
:func:`report_json` gives the figures as the ``--json`` document and
:func:`render_report` as one self-contained HTML page (no script, nothing
loaded from elsewhere). Only :func:`read_project_report` touches the
filesystem, and only to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polib
from babel import Locale
from jinja2 import Environment, PackageLoader

from .catalog_files import read_catalog
from .catalogs import catalog_stats
from .checks import CheckCache, CheckConfig
from .locales import (
    SOURCE_LOCALE,
    display_name,
    folder_name,
    lang_tag,
    parent_locales,
    parse_locale,
    text_direction,
)
from .project import find_article_catalogs, find_templates
from .publishing import GateOptions, article_words, meets_threshold, publishable_words
from .readability import (
    DEFAULT_TARGET_GRADE,
    Formula,
    ReadingLevel,
    has_formula,
    inflesz_band,
    reading_level,
    translated_text,
)
from .review import catalog_findings, review_counts
from .site_config import PublishingGate


@dataclass(frozen=True, slots=True)
class Reading:
    """A reading level as the report shows it."""

    scores: Mapping[Formula, float]
    """Formula name to value; empty when the language has no validated formula."""
    summary: str
    """One line: the scores, or why there are none."""
    is_above_target: bool


@dataclass(frozen=True, slots=True)
class CellStatus:
    """One article in one language."""

    article: str
    locale: str
    """The catalog folder (``pt_BR``)."""
    translated: int
    fuzzy: int
    untranslated: int
    reviewed: int
    """Entries with a valid review record."""
    unreviewed: int
    stale: int
    """Entries whose review record no longer matches them."""
    errors: int
    warnings: int
    source_words: int
    """Counted as the build counts them: an entry's words once per place its text occurs."""
    publishable_words: int
    """Source words of the entries the build publishes."""
    is_published: bool
    """The build writes this article's page in this language."""
    reading: Reading

    @property
    def percent_publishable(self) -> float:
        """Share of the source words that can be published, 0 to 100."""
        return 100.0 * self.publishable_words / self.source_words if self.source_words else 0.0


@dataclass(frozen=True, slots=True)
class ArticleStatus:
    """One article: its title and the reading level of its English source."""

    slug: str
    title: str
    source_words: int
    reading: Reading


@dataclass(frozen=True, slots=True)
class ProjectReport:
    """Every article × every locale, with the settings the figures depend on."""

    articles: tuple[ArticleStatus, ...]
    locales: tuple[str, ...]
    """Catalog folders, sorted."""
    cells: Mapping[tuple[str, str], CellStatus]
    """(slug, locale folder) → status; a missing key means no catalog."""
    target_grade: float
    gate: PublishingGate


def _reading(level: ReadingLevel | None, language: str, *, is_source: bool) -> Reading:
    if not has_formula(language):
        return Reading({}, f"no validated formula for {language}", False)
    if level is None:
        return Reading({}, "no translated text" if not is_source else "no text", False)
    summary = level.summary
    if "szigriszt-pazos" in level.scores:
        summary += f" ({inflesz_band(level.scores['szigriszt-pazos'])})"
    return Reading(dict(level.scores), summary, level.is_above_target)


def cell_status(
    catalog: polib.POFile,
    *,
    article: str,
    locale: Locale,
    config: CheckConfig,
    gate: PublishingGate,
    target_grade: float = DEFAULT_TARGET_GRADE,
    ancestors: Sequence[tuple[polib.POFile, Locale]] = (),
) -> CellStatus:
    """The figures of one article's catalog in one locale.

    ``ancestors`` are the article's catalogs in the locale's CLDR parents,
    nearest first: a regional page shows their translations where its own
    catalog has none, so they count as publishable, as the build counts them.
    """
    stats = catalog_stats(catalog)
    review = review_counts(catalog)
    # The figures and the gate read the same findings: each entry is checked once.
    checked = CheckCache()
    findings = catalog_findings(
        catalog, locale=locale, config=config, article=article, cache=checked
    )
    options = GateOptions(
        locale=locale,
        config=config,
        require_review=gate.require_review,
        ancestors=ancestors,
        cache=checked,
    )
    publishable, words = publishable_words(catalog, article=article, options=options)
    level = reading_level(
        translated_text(catalog), language=locale.language, target_grade=target_grade
    )
    reading = _reading(level, locale.language, is_source=False)
    return CellStatus(
        article=article,
        locale=folder_name(locale),
        translated=stats.translated,
        fuzzy=stats.fuzzy,
        untranslated=stats.untranslated,
        reviewed=review.reviewed,
        unreviewed=review.unreviewed,
        stale=review.stale,
        errors=sum(finding.severity == "error" for finding in findings),
        warnings=sum(finding.severity == "warning" for finding in findings)
        + reading.is_above_target,
        source_words=words,
        publishable_words=publishable,
        is_published=meets_threshold(100 * publishable / (words or 1), gate.completeness),
        reading=reading,
    )


def article_status(
    template: polib.POFile, *, slug: str, target_grade: float = DEFAULT_TARGET_GRADE
) -> ArticleStatus:
    """An article's title (its first entry marked ``title``) and its source's reading level."""
    title = next(
        (entry.msgid for entry in template if entry.comment.split("\n")[0] == "title"), slug
    )
    level = reading_level(
        [entry.msgid for entry in template], language=SOURCE_LOCALE, target_grade=target_grade
    )
    return ArticleStatus(
        slug=slug,
        title=title,
        source_words=article_words(template),
        reading=_reading(level, SOURCE_LOCALE, is_source=True),
    )


def project_report(
    templates: Mapping[str, polib.POFile],
    catalogs: Mapping[tuple[str, str], polib.POFile],
    *,
    config: CheckConfig,
    gate: PublishingGate,
    target_grade: float = DEFAULT_TARGET_GRADE,
) -> ProjectReport:
    """The report of a project: ``templates`` by slug, ``catalogs`` by (slug, locale folder)."""
    locales = tuple(sorted({folder for _, folder in catalogs}))
    return ProjectReport(
        articles=tuple(
            article_status(template, slug=slug, target_grade=target_grade)
            for slug, template in sorted(templates.items())
        ),
        locales=locales,
        cells={
            (slug, folder): cell_status(
                catalog,
                article=slug,
                locale=parse_locale(folder),
                config=config,
                gate=gate,
                target_grade=target_grade,
                ancestors=[
                    (catalogs[slug, folder_name(parent)], parent)
                    for parent in parent_locales(parse_locale(folder))
                    if (slug, folder_name(parent)) in catalogs
                ],
            )
            for (slug, folder), catalog in sorted(catalogs.items())
        },
        target_grade=target_grade,
        gate=gate,
    )


def read_project_report(
    locales_dir: Path,
    *,
    config: CheckConfig,
    gate: PublishingGate,
    target_grade: float = DEFAULT_TARGET_GRADE,
) -> ProjectReport:
    """The report of the project whose templates and catalogs are in ``locales_dir``.

    Raises:
        CatalogError: there are no templates, or a template or catalog does not parse.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    templates = {path.stem: read_catalog(path) for path in find_templates(locales_dir)}
    catalogs = {key: read_catalog(path) for key, path in find_article_catalogs(locales_dir).items()}
    return project_report(templates, catalogs, config=config, gate=gate, target_grade=target_grade)


def _reading_json(reading: Reading) -> dict[str, object]:
    return {
        "scores": dict(reading.scores),
        "summary": reading.summary,
        "above_target": reading.is_above_target,
    }


def report_json(report: ProjectReport) -> dict[str, object]:
    """The ``report --json`` document: the same figures as the HTML page."""
    return {
        "version": 1,
        "publish_threshold_percent": report.gate.completeness,
        "require_review": report.gate.require_review,
        "target_grade": report.target_grade,
        "articles": [
            {
                "slug": article.slug,
                "title": article.title,
                "source_words": article.source_words,
                "source_reading": _reading_json(article.reading),
                "languages": {
                    cell.locale: {
                        "translated": cell.translated,
                        "fuzzy": cell.fuzzy,
                        "untranslated": cell.untranslated,
                        "reviewed": cell.reviewed,
                        "unreviewed": cell.unreviewed,
                        "stale_review": cell.stale,
                        "errors": cell.errors,
                        "warnings": cell.warnings,
                        "source_words": cell.source_words,
                        "publishable_words": cell.publishable_words,
                        "percent_publishable": round(cell.percent_publishable, 1),
                        "published": cell.is_published,
                        "reading": _reading_json(cell.reading),
                    }
                    for folder in report.locales
                    if (cell := report.cells.get((article.slug, folder))) is not None
                },
            }
            for article in report.articles
        ],
    }


@dataclass(frozen=True, slots=True)
class _Language:
    folder: str
    lang_tag: str
    english_name: str
    own_name: str
    direction: str


def _language(folder: str) -> _Language:
    locale = parse_locale(folder)
    return _Language(
        folder,
        lang_tag(locale),
        locale.get_display_name("en") or folder,
        display_name(locale),
        text_direction(locale),
    )


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pain_content", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _segments(cell: CellStatus) -> list[tuple[str, str, float]]:
    """The completeness bar: (css class, label, percent of messages) per state."""
    total = cell.translated + cell.fuzzy + cell.untranslated
    if not total:
        return []
    # Stale records on fuzzy entries are shown as fuzzy: that is what needs doing first.
    reviewed = min(cell.reviewed, cell.translated)
    stale = min(cell.stale, cell.translated - reviewed)
    parts = [
        ("reviewed", "reviewed", reviewed),
        ("stale", "stale review", stale),
        ("translated", "translated, not reviewed", cell.translated - reviewed - stale),
        ("fuzzy", "fuzzy", cell.fuzzy),
        ("untranslated", "untranslated", cell.untranslated),
    ]
    return [(css, label, round(100 * count / total, 2)) for css, label, count in parts if count]


def render_report(report: ProjectReport, *, generated: str) -> str:
    """The report as one accessible, self-contained HTML page.

    ``generated`` is the date shown on the page (from ``SOURCE_DATE_EPOCH`` when set).
    """
    return (
        _environment()
        .get_template("report.html")
        .render(
            report=report,
            languages=[_language(folder) for folder in report.locales],
            segments=_segments,
            gate=report.gate,
            generated=generated,
        )
    )
