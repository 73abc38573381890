"""*Disk* (reading only): the jobs of a build, and which of them are fresh.

One job per (article, language): its inputs' content hashes (the source, the
catalog and its CLDR ancestors', the settings, the handout's images) make its
digest (see :mod:`pain_content.site_plan`), and a job whose digest, files and
``.mo`` are the ones the last build's manifest recorded is not run again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from babel import Locale

from .article_job import ConfigFiles, SiteSettings, job_name
from .catalog_files import read_source
from .links import LocalLink
from .locales import SOURCE_LOCALE, folder_name, parent_locales, parse_locale
from .project import catalog_path, compiled_path, find_locale_folders, no_catalogs_error
from .publishing import meets_threshold
from .site_links import PageLinks, page_links
from .site_plan import MANIFEST, Manifest, content_digest, is_fresh, job_digest, parse_manifest


def site_locales(locales_dir: Path, requested: Sequence[str]) -> list[Locale]:
    """The source locale plus every locale with catalogs (or those requested).

    Raises:
        LocaleError: a requested locale or a locale folder is not a CLDR locale.
        CatalogError: a requested locale has no catalogs.
    """
    available = [parse_locale(name) for name in find_locale_folders(locales_dir)]
    if requested:
        wanted = [parse_locale(name) for name in requested]
        names = {folder_name(locale) for locale in available}
        for locale in wanted:
            if folder_name(locale) not in names and locale.language != SOURCE_LOCALE:
                raise no_catalogs_error(locales_dir, "built", folder_name(locale))
        available = [locale for locale in wanted if locale.language != SOURCE_LOCALE]
    source = Locale.parse(SOURCE_LOCALE)
    ordered = sorted(
        {
            folder_name(locale): locale for locale in available if locale.language != SOURCE_LOCALE
        }.values(),
        key=folder_name,
    )
    return [source, *ordered]


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """A job to run, before its inputs are read into memory."""

    name: str
    slug: str
    locale: Locale
    source_path: Path
    catalog_path: Path | None
    ancestors: tuple[tuple[str, Path], ...]
    """(locale, catalog) of the locale's CLDR parents that have this article, nearest first."""
    inputs: str
    """What the job's files are made from, besides the fields below, hashed: one
    digest, not its parts, as a site's plan holds one of these per job."""
    languages: tuple[str, ...]
    """The languages the article is published in: the page's alternates."""
    articles: tuple[tuple[str, str], ...] = ()
    """For a home page, (title, href) of the language's other articles."""
    links: PageLinks = ()
    """The page's local links (see :attr:`ArticleJob.links`): they follow what is published."""

    @property
    def digest(self) -> str:
        """Everything the job's files are made from, hashed (see :func:`~pain_content.site_plan.job_digest`)."""
        return job_digest(
            self.inputs,
            *self.languages,
            *(part for article in self.articles for part in article),
            *(part for link in self.links for part in link),
        )


def read_manifest(output_dir: Path) -> tuple[Manifest, tuple[str, ...]]:
    """The last build's jobs and files; none when the manifest is missing or unreadable."""
    try:
        return parse_manifest((output_dir / MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}, ()


def article_languages(
    sources: dict[str, Path], every_locale: Sequence[Locale], locales_dir: Path
) -> dict[str, dict[str, Path | None]]:
    """For each article, the locales it is published in (source first) and their catalogs."""
    languages: dict[str, dict[str, Path | None]] = {}
    for slug in sources:
        catalogs: dict[str, Path | None] = {str(every_locale[0]): None}
        for locale in every_locale[1:]:
            path = catalog_path(locales_dir, folder_name(locale), slug)
            if path.is_file():
                catalogs[str(locale)] = path
        languages[slug] = catalogs
    return languages


def plan_jobs(
    sources: dict[str, Path],
    catalogs: dict[str, dict[str, Path | None]],
    published: dict[str, tuple[str, ...]],
    links: dict[str, list[LocalLink]],
    building: Sequence[Locale],
    locales_dir: Path,
    output_dir: Path,
    previous: Manifest,
    config: ConfigFiles,
    outputs: SiteSettings,
) -> tuple[list[PlannedJob], Manifest]:
    """Every job of the languages being built, and those of them that are fresh."""
    settings = f"{content_digest(config[0][0])}\0{content_digest(config[1][0])}\0{outputs!r}"
    jobs: list[PlannedJob] = []
    fresh: Manifest = {}
    for slug, source_path in sources.items():
        source_digest = content_digest(read_source(source_path))
        # A handout embeds its images: new pictures, a new handout.
        images = (
            "".join(
                content_digest((source_path.parent / link.path).read_bytes())
                for link in links[slug]
                if link.is_image
            )
            if outputs.handout is not None
            else ""
        )
        for locale in building:
            if str(locale) not in catalogs[slug]:
                continue
            po_path = catalogs[slug][str(locale)]
            catalog_digest = content_digest(po_path.read_bytes()) if po_path else ""
            ancestors = _ancestor_catalogs(locales_dir, locale, slug) if po_path else ()
            name = job_name(slug, locale)
            job = PlannedJob(
                name=name,
                slug=slug,
                locale=locale,
                source_path=source_path,
                catalog_path=po_path,
                ancestors=ancestors,
                inputs=content_digest(
                    "\0".join(
                        (
                            name,
                            str(locale),
                            source_digest,
                            catalog_digest,
                            *(
                                f"{parent}\0{content_digest(path.read_bytes())}"
                                for parent, path in ancestors
                            ),
                            settings,
                            images,
                        )
                    )
                ),
                languages=published[slug],
                links=page_links(links[slug], locale, published),
            )
            jobs.append(job)
            earlier = previous.get(name)
            if is_fresh(
                earlier,
                job.digest,
                exists=lambda f: os.path.isfile(os.path.join(output_dir, f)),
                mo_digest=mo_digest(po_path),
            ):
                assert earlier is not None
                fresh[name] = earlier
    return jobs, fresh


def _ancestor_catalogs(
    locales_dir: Path, locale: Locale, slug: str
) -> tuple[tuple[str, Path], ...]:
    """The article's catalogs in the locale's CLDR parents, nearest first."""
    found = []
    for parent in parent_locales(locale):
        path = catalog_path(locales_dir, folder_name(parent), slug)
        if path.is_file():
            found.append((str(parent), path))
    return tuple(found)


def published_languages(
    catalogs: dict[str, dict[str, Path | None]], manifest: Manifest, threshold: float
) -> dict[str, tuple[str, ...]]:
    """For each article, the languages whose page is published (as far as the manifest
    knows; a language it does not know yet counts as published until its job says)."""
    # Each locale parsed once, not once per article: a build with nothing to do
    # spent a tenth of its time here.
    names = {name for languages in catalogs.values() for name in languages}
    locales = {name: parse_locale(name) for name in names}
    published = {}
    for slug, languages in catalogs.items():
        published[slug] = tuple(
            name
            for name, po_path in languages.items()
            if po_path is None
            or (entry := manifest.get(job_name(slug, locales[name]))) is None
            or (meets_threshold(entry.completeness, threshold) and bool(entry.files))
        )
    return published


def mo_digest(po_path: Path | None) -> str:
    """The digest of the ``.mo`` beside a catalog, empty when there is none."""
    if po_path is None:
        return ""
    try:
        return content_digest(compiled_path(po_path).read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return ""


def home_jobs(
    homes: Iterable[PlannedJob],
    previous: Manifest,
    sources: dict[str, Path],
    links: dict[str, list[LocalLink]],
    manifest: Manifest,
    published: dict[str, tuple[str, ...]],
    output_dir: Path,
) -> list[PlannedJob]:
    """The home pages to make now that every other article's title is known.

    A home page's digest covers the titles it lists, so a home page whose
    article and list did not change is fresh too.
    """
    to_run = []
    for home in homes:
        tag = home.name.split("/", 1)[0]
        articles = tuple(
            (entry.title, f"{slug}.html")
            for slug in sources
            if slug != home.slug
            and (entry := manifest.get(f"{tag}/{slug}")) is not None
            and entry.files
        )
        job = replace(
            home,
            languages=published[home.slug],
            articles=articles,
            links=page_links(links[home.slug], home.locale, published),
        )
        earlier = previous.get(home.name)
        if is_fresh(
            earlier,
            job.digest,
            exists=lambda name: os.path.isfile(os.path.join(output_dir, name)),
            mo_digest=mo_digest(home.catalog_path),
        ):
            assert earlier is not None
            manifest[home.name] = earlier
            continue
        to_run.append(job)
    return to_run
