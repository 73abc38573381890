"""One (article, language) of a site: the unit of work a build hands to an executor.

:func:`run_article_job` reads the catalog, checks it, decides what is
published, compiles the ``.mo``, and renders the page and the localized
Markdown. It takes and returns small, picklable values (text and bytes, no
paths to open), so any ``concurrent.futures.Executor`` can run it, in this
process, in a process pool, or on a Dask cluster's workers.
"""

from __future__ import annotations

import gettext
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale

from .catalog_files import parse_catalog_bytes
from .checks import CheckCache, CheckConfig, load_check_config
from .handout import HandoutSettings, render_handout
from .links import rewrite_markdown_links
from .locales import (
    SOURCE_LOCALE,
    is_source_locale,
    lang_tag,
    parse_locale,
    text_direction,
)
from .pages import ArticleLink, language_link, render_fragment, render_page
from .publishing import GateOptions, HeldBack, meets_threshold, publish
from .render import RenderedArticle, localize_article
from .sitemap import article_url
from .translate import set_front_matter_fields

HOME_SLUG = "index"
"""The article (``source/index.md``) that is each language's home page: its
``index.html`` shows the article, then the list of the other articles."""

ReviewState = Literal["source", "draft", "reviewed"]
"""What a page says about its translation: the source itself, a draft, or reviewed."""


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What every job of a build does alike."""

    fragment: bool = False
    """Write a fragment and its JSON sidecar instead of a full page."""
    base_url: str = ""
    """The site's address, for the canonical link and the handout's QR code; or empty."""
    handout: HandoutSettings | None = None
    """How to print the article's handout, or None for no handout."""
    completeness: float = 0.0
    """Percent of source words that must be published for the page to be written."""
    require_review: bool = False
    """Publish only entries with a valid review record."""


ConfigFiles = tuple[tuple[str, str], tuple[str, str]]
"""The text and path of ``pain-content.toml`` and of ``glossary.tbx`` (empty text: none)."""


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """Everything one article in one language needs, as plain values."""

    slug: str
    locale: str
    """The page's locale, as Babel prints it (``pt_BR``)."""
    source: str
    """The article's Markdown."""
    catalog: bytes | None
    """The raw ``.po`` for this locale; ``None`` for the source language or no catalog."""
    catalog_path: str
    """The catalog's path, to name in findings and errors."""
    languages: tuple[str, ...]
    """Locales this article is published in, source first: the page's alternates."""
    config: ConfigFiles
    """The project's check settings, as text (see :data:`ConfigFiles`)."""
    settings: SiteSettings
    articles: tuple[tuple[str, str], ...] = ()
    """For the home article, (title, href) of the language's other articles."""
    ancestors: tuple[tuple[str, str, bytes], ...] = ()
    """(locale, catalog path, raw ``.po``) of the locale's CLDR parents that have this
    article's catalog, nearest first: a regional page shows their translations of what
    its own catalog does not publish."""
    checks: bytes = b""
    """The check findings the last build kept for the catalog (:class:`CheckCache`), or empty."""
    links: tuple[tuple[str, str, str], ...] = ()
    """(source URL, URL in the page, URL in the localized Markdown) of each local link."""
    images: tuple[tuple[str, bytes], ...] = ()
    """(URL in the page, content) of each image the handout embeds; empty without a handout."""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one job made: files to write, and what the build reports."""

    slug: str
    locale: str
    files: tuple[tuple[str, bytes], ...]
    """(path relative to the output folder, content) of every file of the job."""
    mo: bytes | None
    """The publishable translations compiled, to write beside the ``.po``."""
    title: str
    """The article's title in the page's language, for the language's index page."""
    held_back: tuple[HeldBack, ...]
    completeness: float
    """Percent of the article's source words published in this language (100 for the source)."""
    checks: bytes = b""
    """The catalog's check findings by content, for the next build; empty without a catalog."""
    entries_checked: int = 0
    """How many catalog entries were checked, not found among the last build's findings."""

    @property
    def is_published(self) -> bool:
        """Whether the job wrote the page (it is not, below the completeness threshold)."""
        return bool(self.files)


def is_home_page(slug: str, *, fragment: bool) -> bool:
    """Whether an article's page is its language's home page (fragments have none)."""
    return slug == HOME_SLUG and not fragment


def review_state(locale: Locale, *, is_reviewed: bool) -> ReviewState:
    """The review state a page of ``locale`` declares."""
    if is_source_locale(locale):
        return "source"
    return "reviewed" if is_reviewed else "draft"


@lru_cache(maxsize=8)
def _config(toml: tuple[str, str], tbx: tuple[str, str]) -> CheckConfig:
    return load_check_config(*toml, tbx=tbx)


def run_article_job(job: ArticleJob) -> ArticleResult:
    """Check, publish, compile and render one article in one language (and print its handout).

    Raises:
        CatalogError: the catalog does not parse.
        SourceError: the source's front matter is broken.
    """
    locale = parse_locale(job.locale)
    held_back: tuple[HeldBack, ...] = ()
    compiled: bytes | None = None
    translations: gettext.NullTranslations = gettext.NullTranslations()
    publication = None
    is_reviewed = False
    completeness = 100.0
    checks = CheckCache.from_json(job.checks)
    if job.catalog is not None:
        options = GateOptions(
            locale=locale,
            config=_config(*job.config),
            require_review=job.settings.require_review,
            ancestors=[
                (parse_catalog_bytes(raw, path), parse_locale(name))
                for name, path, raw in job.ancestors
            ],
            cache=checks,
        )
        publication = publish(
            parse_catalog_bytes(job.catalog, job.catalog_path),
            po_path=Path(job.catalog_path),
            options=options,
        )
        completeness = 100 * publication.completeness
        # The .mo beside the catalog holds the publishable translations too, so a
        # program that loads it directly gets nothing the gate held back.
        compiled = publication.mo
        held_back, is_reviewed = publication.held_back, publication.is_reviewed
        translations = publication.translations()
    recorded = checks.to_json() if job.catalog is not None else b""
    if not meets_threshold(completeness, job.settings.completeness):
        # Below the threshold the language has no page for this article at all.
        return ArticleResult(
            job.slug,
            job.locale,
            (),
            compiled,
            "",
            held_back,
            completeness,
            recorded,
            checks.computed,
        )
    rendered, markdown = localize_article(
        job.source,
        translations,
        locale=job.locale,
        fallbacks=[
            (parse_locale(fallback.locale), fallback.translations())
            for fallback in (publication.fallbacks if publication else ())
        ],
        outdated=publication.outdated if publication else frozenset(),
        source_updated=publication.source_updated if publication else None,
        links={source_url: url_in_page for source_url, url_in_page, _ in job.links},
    )
    markdown = rewrite_markdown_links(
        markdown, {source_url: markdown_url for source_url, _, markdown_url in job.links}
    )
    state = review_state(locale, is_reviewed=is_reviewed)
    tag = lang_tag(locale)
    page_url = article_url(job.settings.base_url, tag, job.slug) if job.settings.base_url else None
    files: dict[str, str | bytes] = {}
    if job.settings.fragment:
        files[f"{tag}/{job.slug}.html"] = render_fragment(
            locale=locale, article=rendered, is_reviewed=is_reviewed
        )
        files[f"{tag}/{job.slug}.json"] = fragment_sidecar(
            rendered, locale=locale, review_state=state, held_back=len(held_back)
        )
    else:
        alternates = [
            language_link(
                other, f"../{lang_tag(other)}/{job.slug}.html", is_current=other == locale
            )
            for other in map(parse_locale, job.languages)
        ]
        files[f"{tag}/{job.slug}.html"] = render_page(
            locale=locale,
            article=rendered,
            is_reviewed=is_reviewed,
            alternates=alternates,
            default_href=f"../{SOURCE_LOCALE}/{job.slug}.html",
            canonical_url=page_url,
            articles=[ArticleLink(title, href) for title, href in job.articles]
            if is_home_page(job.slug, fragment=job.settings.fragment)
            else None,
        )
    files[f"{tag}/{job.slug}.md"] = set_front_matter_fields(
        markdown, markdown_fields(rendered, locale=locale, review_state=state)
    )
    if job.settings.handout is not None:
        files[f"{tag}/{job.slug}.pdf"] = render_handout(
            rendered,
            locale=locale,
            is_reviewed=is_reviewed,
            settings=job.settings.handout,
            page_url=page_url,
            images=dict(job.images),
        )
    return ArticleResult(
        slug=job.slug,
        locale=job.locale,
        files=tuple(
            (name, content.encode("utf-8") if isinstance(content, str) else content)
            for name, content in files.items()
        ),
        mo=compiled,
        title=rendered.title,
        held_back=held_back,
        completeness=completeness,
        checks=recorded,
        entries_checked=checks.computed,
    )


def markdown_fields(
    rendered: RenderedArticle, *, locale: Locale, review_state: ReviewState
) -> dict[str, str | list[str]]:
    """The front matter the localized Markdown gets: what the page says about its language.

    ``fallback_lang`` lists the base languages a regional page shows parts in,
    ``updated_in_english`` the day the English of its outdated parts changed.
    """
    fields: dict[str, str | list[str]] = {
        "lang": lang_tag(locale),
        "dir": text_direction(locale),
        "review_state": review_state,
    }
    if rendered.fallback_parts:
        fields["fallback_lang"] = [
            lang_tag(parse_locale(name)) for name, _count in rendered.fallback_parts
        ]
    if rendered.source_updated:
        fields["updated_in_english"] = rendered.source_updated.isoformat()
    return fields


def fragment_sidecar(
    rendered: RenderedArticle, *, locale: Locale, review_state: ReviewState, held_back: int
) -> str:
    """The JSON a CMS reads beside a fragment (schema: ``docs/fragment-schema.json``)."""
    document = {
        "title": rendered.title,
        "description": rendered.description,
        "lang": lang_tag(locale),
        "dir": text_direction(locale),
        "review_state": review_state,
        "last_reviewed": rendered.last_reviewed.isoformat() if rendered.last_reviewed else None,
        "translated": rendered.translated,
        "untranslated": rendered.untranslated,
        "outdated": rendered.outdated,
        "updated_in_english": rendered.source_updated.isoformat()
        if rendered.source_updated
        else None,
        "fallback": {
            lang_tag(parse_locale(name)): count for name, count in rendered.fallback_parts
        },
        "held_back": held_back,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def job_name(slug: str, locale: Locale) -> str:
    """How a job is named in progress and in the manifest: ``ar/<slug>``."""
    return f"{lang_tag(locale)}/{slug}"
