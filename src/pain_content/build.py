"""The site: plan the jobs, run them on any executor, write what they make.

``build_site`` makes one job per (article, language) (see
:mod:`pain_content.article_job`), runs the jobs that are not fresh (see
:mod:`pain_content.site_plan`) on the executor it is given, and writes each
job's files as soon as the job returns, so memory does not grow with the size
of the site. Files are staged beside their targets and renamed into place only
when every job has succeeded: a bad catalog or source anywhere writes nothing.
Then come an index page per language, the front page, and the manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from babel import Locale

from .article_job import (
    HOME_SLUG,
    ArticleJob,
    ArticleResult,
    ConfigFiles,
    SiteSettings,
    is_home_page,
    job_name,
    run_article_job,
)
from .atomic_writes import StagedWrites
from .catalog_files import decode_text, read_source, read_units
from .checks import CONFIG_FILE_NAME, CheckConfig, check_statement_sources, load_check_config
from .errors import CatalogError, Location, SourceError, SourceErrors, UsageError
from .glossary import GLOSSARY_FILE_NAME
from .links import ASSETS_FOLDER, LocalLink, asset_name, local_links, page_url
from .locales import SOURCE_LOCALE, folder_name, lang_tag, parent_locales, parse_locale
from .pages import ArticleLink, language_link, render_article_index, render_language_index
from .project import (
    article_slug,
    catalog_path,
    compiled_path,
    find_locale_folders,
    find_sources,
    no_catalogs_error,
    project_dir,
)
from .publishing import HeldBack, meets_threshold
from .site_config import SiteConfig, load_site_config, publishing_gate
from .site_plan import (
    MANIFEST,
    Manifest,
    ManifestEntry,
    check_cache_name,
    content_digest,
    is_fresh,
    job_digest,
    manifest_text,
    parse_manifest,
)
from .sitemap import SITEMAP_FILE, render_sitemap
from .ui import ui_gettext

# Jobs handed to the executor ahead of the results read back: enough to keep a
# cluster's workers busy, few enough that pending inputs and outputs stay small.
_JOBS_IN_FLIGHT = 64

Progress = Callable[[int, int, str], None]
"""Called after each job with (jobs done, jobs to run, ``<lang-tag>/<slug>``)."""


@dataclass(slots=True)
class BuildReport:
    """What a build did."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    removed: list[Path] = field(default_factory=list)
    compiled: list[Path] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    jobs_run: list[str] = field(default_factory=list)
    """The jobs that were run (the others were fresh), ``<lang-tag>/<slug>``."""
    unpublished: list[tuple[str, float]] = field(default_factory=list)
    """Jobs below the completeness threshold, with the percent of words they had."""
    entries_checked: int = 0
    """Catalog entries checked; the others' findings were the last build's, by content."""


def load_check_settings(source_dir: Path) -> CheckConfig:
    """The check settings from the ``pain-content.toml`` beside ``source/``, or the defaults.

    A required statement must be the text of a message of the articles it is
    for (see :func:`pain_content.checks.check_statement_sources`).

    Raises:
        UsageError: the file is not valid, or a required statement is in no
            article's source (with its line).
        SourceError: a source cannot be read or parsed, or there is none.
    """
    project = project_dir(source_dir)
    text, path = _config_file(project)
    config = load_check_config(text, path, tbx=_glossary_file(project))
    if config.required_statements:
        messages = {
            article_slug(source): {unit.msgid for unit in read_units(source)}
            for source in find_sources(source_dir)
        }
        check_statement_sources(config, messages, path)
    return config


def load_site_settings(project_dir: Path) -> SiteConfig:
    """The project's ``[site]`` settings from ``pain-content.toml``, or the defaults.

    Raises:
        UsageError: the file is not valid (with its line).
    """
    text, path = _config_file(project_dir)
    return load_site_config(text, path) if text else SiteConfig()


def _glossary_file(project_dir: Path) -> tuple[str, str]:
    """The text and path of the project's ``glossary.tbx``, or empty ones."""
    tbx_path = project_dir / GLOSSARY_FILE_NAME
    if not tbx_path.is_file():
        return ("", "")
    return (
        decode_text(tbx_path.read_bytes(), "utf-8-sig", str(tbx_path), CatalogError),
        str(tbx_path),
    )


def _config_file(project_dir: Path) -> tuple[str, str]:
    config_path = project_dir / CONFIG_FILE_NAME
    return (config_path.read_text("utf-8"), str(config_path)) if config_path.is_file() else ("", "")


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
class _PlannedJob:
    """A job to run, before its inputs are read into memory."""

    name: str
    slug: str
    locale: Locale
    source_path: Path
    catalog_path: Path | None
    ancestors: tuple[tuple[str, Path], ...]
    """(locale, catalog) of the locale's CLDR parents that have this article, nearest first."""
    inputs: tuple[str, ...]
    """Digests of what the job's files are made from, besides the two fields below."""
    languages: tuple[str, ...]
    """The languages the article is published in: the page's alternates."""
    articles: tuple[tuple[str, str], ...] = ()
    """For a home page, (title, href) of the language's other articles."""
    links: tuple[tuple[str, str, str], ...] = ()
    """The page's local links (see :attr:`ArticleJob.links`): they follow what is published."""

    @property
    def digest(self) -> str:
        return job_digest(
            *self.inputs,
            *self.languages,
            *(part for article in self.articles for part in article),
            *(part for link in self.links for part in link),
        )


def build_site(
    *,
    source_dir: Path,
    locales_dir: Path,
    output_dir: Path,
    locales: Sequence[str] = (),
    fragment: bool = False,
    pdf: bool = False,
    completeness: float | None = None,
    require_review: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Compile what is stale and render the site into ``output_dir``.

    Fuzzy translations and those failing a critical check (numbers, doses,
    markup; see :mod:`pain_content.checks`) are held back: the page shows the
    source text in their place, and the report lists them.

    Every (article, language) is one job; jobs whose inputs did not change
    since the last build are not run again. ``executor`` runs the jobs (any
    ``concurrent.futures.Executor``: a process pool, a Dask cluster's
    ``Client.get_executor()``); without one they run in this process. Only its
    ``submit`` is used, and the caller shuts it down. The files are the same
    whichever runs them. ``locales`` builds only those languages (and the
    source language), leaving the others' pages as they are. ``pdf`` (or
    ``pdf = true`` in the ``[site]`` table of ``pain-content.toml``) also
    prints each page's handout, ``<lang-tag>/<slug>.pdf``; with a
    ``base_url`` there, the pages get canonical links and the site a
    ``sitemap.xml``.

    An article is published in a language only when at least ``completeness``
    percent of its source words are translated and publishable (default: the
    ``[site]`` table's ``completeness``, 80); below it the page is not
    written, the other pages' switchers and alternates leave it out, and the
    report lists it in ``unpublished``. ``require_review`` (or
    ``require_review = true`` there) publishes only reviewed entries.

    Raises:
        SourceError, CatalogError, LocaleError, UsageError: bad input; nothing
        has been written when they are raised.
    """
    sources = {article_slug(path): path for path in find_sources(source_dir)}
    if not locales_dir.is_dir():
        # A mistyped --locales: fail before anything is written or removed.
        raise CatalogError(
            "no such folder; run 'pain-content extract' to start the catalogs",
            Location(str(locales_dir), 0),
        )
    links = _local_links(sources, source_dir)
    every_locale = site_locales(locales_dir, ())
    building = site_locales(locales_dir, locales)
    project = project_dir(source_dir)
    config = (_config_file(project), _glossary_file(project))
    # A broken config stops the build before any job.
    load_check_settings(source_dir)
    site = load_site_settings(project)
    handout = site.handout if (pdf or site.pdf) and not fragment else None
    previous, previous_files = _read_manifest(output_dir)
    gate = publishing_gate(site, completeness=completeness, require_review=require_review)
    threshold = gate.completeness
    outputs = SiteSettings(
        fragment=fragment,
        base_url=site.base_url,
        handout=handout,
        completeness=gate.completeness,
        require_review=gate.require_review,
    )
    catalogs = _article_languages(sources, every_locale, locales_dir)
    guessed = _published_languages(catalogs, previous, threshold)
    jobs, fresh = _plan(
        sources,
        catalogs,
        guessed,
        links,
        building,
        locales_dir,
        output_dir,
        previous,
        config,
        outputs,
    )
    # A home page lists the other articles, so its job waits for their titles.
    homes = [job for job in jobs if is_home_page(job.slug, fragment=fragment)]
    planned = [job for job in jobs if job.name not in fresh and job not in homes]

    report = BuildReport(languages=[lang_tag(locale) for locale in building])
    # Languages not being built keep what the last build recorded for them.
    manifest: Manifest = {
        name: entry
        for name, entry in previous.items()
        if locales and name.split("/", 1)[0] not in report.languages
    }
    for name, entry in fresh.items():
        manifest[name] = entry
        report.unchanged += len(entry.files)
        report.held_back.extend(entry.held_back)
    staged = StagedWrites()

    def recorded_checks(name: str) -> bytes:
        # A job run again in this build finds what its first run staged.
        return staged.content(output_dir / check_cache_name(name)) or b""

    try:
        for done, (job, result) in enumerate(
            _run(planned, executor, config=config, outputs=outputs, checks=recorded_checks),
            start=1,
        ):
            manifest[job.name] = _stage_result(job, result, output_dir, staged, report)
            report.jobs_run.append(job.name)
            if progress is not None:
                progress(done, len(planned), job.name)
        # Now every job knows whether its page is published: pages whose
        # alternates named a language that is not (or missed one that is) again.
        published = _published_languages(catalogs, manifest, threshold)
        # Links to other articles follow what the language publishes.
        again = []
        for job in jobs:
            page_links = _page_links(links[job.slug], job.locale, published)
            if job not in homes and (
                job.languages != published[job.slug] or job.links != page_links
            ):
                again.append(replace(job, languages=published[job.slug], links=page_links))
        again += _home_jobs(homes, previous, sources, links, manifest, published, output_dir)
        for job, result in _run(
            again, executor, config=config, outputs=outputs, checks=recorded_checks
        ):
            manifest[job.name] = _stage_result(job, result, output_dir, staged, report)
            if job.name not in report.jobs_run:
                report.jobs_run.append(job.name)
        site_files = _stage_index_pages(
            every_locale, building, sources, manifest, output_dir, staged, report, fragment
        )
        site_files |= _stage_assets(links, source_dir, output_dir, staged, report)
        if site.base_url and not fragment:
            sitemap = render_sitemap(
                site.base_url,
                {
                    slug: [lang_tag(parse_locale(name)) for name in names]
                    for slug, names in published.items()
                },
            )
            if staged.add(output_dir / SITEMAP_FILE, sitemap.encode("utf-8")):
                report.written.append(output_dir / SITEMAP_FILE)
            site_files.add(SITEMAP_FILE)
        staged.commit()
    except BaseException:
        staged.abort()
        raise
    current = {name for entry in manifest.values() for name in entry.files} | site_files
    current |= {
        name for job in manifest if (output_dir / (name := check_cache_name(job))).is_file()
    }
    report.removed = _remove_stale_outputs(
        output_dir, previous_files, current, languages=set(report.languages) if locales else None
    )
    _write_manifest(output_dir, manifest, current)
    # A job run again in the second pass reports the same entries again.
    report.held_back = sorted(
        dict.fromkeys(report.held_back), key=lambda item: (str(item.path), item.line)
    )
    report.written = list(dict.fromkeys(report.written))
    report.unpublished = sorted(
        (name, entry.completeness)
        for name, entry in manifest.items()
        if not entry.files and name.split("/", 1)[0] in report.languages
    )
    return report


def _read_manifest(output_dir: Path) -> tuple[Manifest, tuple[str, ...]]:
    try:
        return parse_manifest((output_dir / MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}, ()


def _article_languages(
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


def _plan(
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
) -> tuple[list[_PlannedJob], Manifest]:
    """Every job of the languages being built, and those of them that are fresh."""
    settings = f"{content_digest(config[0][0])}\0{content_digest(config[1][0])}\0{outputs!r}"
    jobs: list[_PlannedJob] = []
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
            job = _PlannedJob(
                name=name,
                slug=slug,
                locale=locale,
                source_path=source_path,
                catalog_path=po_path,
                ancestors=ancestors,
                inputs=(
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
                ),
                languages=published[slug],
                links=_page_links(links[slug], locale, published),
            )
            jobs.append(job)
            earlier = previous.get(name)
            if is_fresh(
                earlier,
                job.digest,
                exists=lambda f: (output_dir / f).is_file(),
                mo_digest=_mo_digest(po_path),
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


def _published_languages(
    catalogs: dict[str, dict[str, Path | None]], manifest: Manifest, threshold: float
) -> dict[str, tuple[str, ...]]:
    """For each article, the languages whose page is published (as far as the manifest
    knows; a language it does not know yet counts as published until its job says)."""
    published = {}
    for slug, languages in catalogs.items():
        published[slug] = tuple(
            name
            for name, po_path in languages.items()
            if po_path is None
            or (entry := manifest.get(job_name(slug, parse_locale(name)))) is None
            or (meets_threshold(entry.completeness, threshold) and bool(entry.files))
        )
    return published


def _local_links(sources: dict[str, Path], source_dir: Path) -> dict[str, list[LocalLink]]:
    """Each article's local links, checked: every one leads to an article or a file in ``source/``.

    Raises:
        SourceErrors: every broken link of every source, with its line.
    """
    root = source_dir.resolve()
    found: dict[str, list[LocalLink]] = {}
    errors: list[SourceError] = []
    for slug, path in sources.items():
        try:
            links, problems = local_links(read_source(path))
        except SourceError as exc:  # the Markdown itself (its front matter) is broken
            raise exc.with_path(str(path)) from exc
        errors += [
            SourceError(problem.message, Location(str(path), problem.line)) for problem in problems
        ]
        for link in links:
            message = _broken_link(link, sources, source_dir, root)
            if message:
                errors.append(SourceError(message, Location(str(path), link.line)))
        found[slug] = links
    if errors:
        raise SourceErrors(errors)
    return found


def _broken_link(
    link: LocalLink, sources: dict[str, Path], source_dir: Path, root: Path
) -> str | None:
    """What is wrong with a local link, or None when its target is there to publish."""
    if link.kind == "article":
        if link.slug in sources:
            return None
        return f"{link.url!r} links to an article that does not exist ({source_dir / link.path})"
    target = source_dir / link.path
    if not target.resolve().is_relative_to(root):
        return (
            f"{link.url!r} leads outside source/ (through a symlink); "
            "only files inside it are published"
        )
    if not target.exists():
        return f"{link.url!r}: file not found: {target}"
    if not target.is_file():
        return f"{link.url!r} is a folder, not a file"
    return None


def _page_links(
    links: Iterable[LocalLink], locale: Locale, published: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, str, str], ...]:
    """(source URL, URL in the page, URL in the Markdown) of each local link of a page."""
    urls = {}
    for link in links:
        is_published = link.kind == "file" or str(locale) in published[link.slug]
        urls[link.url] = tuple(
            page_url(
                link, is_published=is_published, source_lang_tag=SOURCE_LOCALE, extension=extension
            )
            for extension in (".html", ".md")
        )
    return tuple((url, html, markdown) for url, (html, markdown) in urls.items())


def _handout_images(job: _PlannedJob) -> tuple[tuple[str, bytes], ...]:
    """The images a job's handout embeds, by their URL in the page."""
    page_urls = dict((source_url, url) for source_url, url, _ in job.links)
    source_dir = job.source_path.parent
    images = {
        page_urls[link.url]: (source_dir / link.path).read_bytes()
        for link in local_links(read_source(job.source_path))[0]
        if link.is_image
    }
    return tuple(images.items())


def _stage_assets(
    links: dict[str, list[LocalLink]],
    source_dir: Path,
    output_dir: Path,
    staged: StagedWrites,
    report: BuildReport,
) -> set[str]:
    """Copy every file the articles reference into ``assets/``, once; their names."""
    names = {
        asset_name(link.path): link.path
        for found in links.values()
        for link in found
        if link.kind == "file"
    }
    for name, path in sorted(names.items()):
        target = output_dir / name
        _refuse_escaping_paths(output_dir, [target])
        try:
            content = (source_dir / path).read_bytes()
        except OSError as exc:
            raise SourceError(
                f"cannot read: {exc.strerror}", Location(str(source_dir / path), 0)
            ) from exc
        if staged.add(target, content):
            report.written.append(target)
        else:
            report.unchanged += 1
    return set(names)


def _mo_digest(po_path: Path | None) -> str:
    """The digest of the ``.mo`` beside a catalog, empty when there is none."""
    mo_path = compiled_path(po_path) if po_path else None
    return content_digest(mo_path.read_bytes()) if mo_path and mo_path.is_file() else ""


def _home_jobs(
    homes: Iterable[_PlannedJob],
    previous: Manifest,
    sources: dict[str, Path],
    links: dict[str, list[LocalLink]],
    manifest: Manifest,
    published: dict[str, tuple[str, ...]],
    output_dir: Path,
) -> list[_PlannedJob]:
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
            links=_page_links(links[home.slug], home.locale, published),
        )
        earlier = previous.get(home.name)
        if is_fresh(
            earlier,
            job.digest,
            exists=lambda name: (output_dir / name).is_file(),
            mo_digest=_mo_digest(home.catalog_path),
        ):
            assert earlier is not None
            manifest[home.name] = earlier
            continue
        to_run.append(job)
    return to_run


def _run(
    planned: Sequence[_PlannedJob],
    executor: Executor | None,
    *,
    config: ConfigFiles,
    outputs: SiteSettings,
    checks: Callable[[str], bytes],
) -> Iterator[tuple[_PlannedJob, ArticleResult]]:
    """Each job with its result, as results come in; inputs are read only when submitted.

    ``checks`` gives a job's check findings from the last build, by job name.
    """

    def inputs(job: _PlannedJob) -> ArticleJob:
        return ArticleJob(
            slug=job.slug,
            locale=str(job.locale),
            source=read_source(job.source_path),
            catalog=job.catalog_path.read_bytes() if job.catalog_path else None,
            catalog_path=str(job.catalog_path or ""),
            languages=job.languages,
            config=config,
            settings=outputs,
            articles=job.articles,
            ancestors=tuple(
                (parent, str(path), path.read_bytes()) for parent, path in job.ancestors
            ),
            checks=checks(job.name) if job.catalog_path else b"",
            links=job.links,
            images=_handout_images(job) if outputs.handout is not None else (),
        )

    if executor is None:
        for job in planned:
            yield job, _located(job, partial(run_article_job, inputs(job)))
        return
    pending: dict[Future[ArticleResult], _PlannedJob] = {}
    try:
        for job in planned:
            pending[executor.submit(run_article_job, inputs(job))] = job
            if len(pending) >= _JOBS_IN_FLIGHT:
                finished = next(as_completed(pending))
                job = pending.pop(finished)
                yield job, _located(job, finished.result)
        for finished in as_completed(list(pending)):
            job = pending.pop(finished)
            yield job, _located(job, finished.result)
    finally:
        for future in pending:
            future.cancel()


def _located(job: _PlannedJob, result: Callable[[], ArticleResult]) -> ArticleResult:
    """The job's result; an error in its Markdown (a job gets the text, not the
    file) is located in the source file."""
    try:
        return result()
    except SourceError as exc:
        raise exc.with_path(str(job.source_path)) from exc


def _stage_result(
    job: _PlannedJob,
    result: ArticleResult,
    output_dir: Path,
    staged: StagedWrites,
    report: BuildReport,
) -> ManifestEntry:
    paths = [output_dir / name for name, _ in result.files]
    _refuse_escaping_paths(output_dir, paths)
    for path, (_, content) in zip(paths, result.files, strict=True):
        if staged.add(path, content):
            report.written.append(path)
        else:
            report.unchanged += 1
    mo_digest = ""
    if job.catalog_path is not None and result.mo is not None:
        mo_path = compiled_path(job.catalog_path)
        if staged.add(mo_path, result.mo):
            report.compiled.append(mo_path)
            report.written.append(mo_path)
        mo_digest = content_digest(result.mo)
    if result.checks:
        checks_path = output_dir / check_cache_name(job.name)
        _refuse_escaping_paths(output_dir, [checks_path])
        staged.add(checks_path, result.checks)
    report.entries_checked += result.entries_checked
    report.held_back.extend(result.held_back)
    return ManifestEntry(
        digest=job.digest,
        files=tuple(sorted(name for name, _ in result.files)),
        title=result.title,
        held_back=result.held_back,
        mo_digest=mo_digest,
        completeness=result.completeness,
    )


def _stage_index_pages(
    every_locale: Sequence[Locale],
    building: Sequence[Locale],
    sources: dict[str, Path],
    manifest: Manifest,
    output_dir: Path,
    staged: StagedWrites,
    report: BuildReport,
    fragment: bool,
) -> set[str]:
    """Each built language's list of articles, and the front page; their file names."""
    if fragment:
        return set()
    pages: dict[str, str] = {}
    for locale in building:
        tag = lang_tag(locale)
        home = manifest.get(f"{tag}/{HOME_SLUG}")
        if home is not None and home.files:
            continue  # the home article's job wrote this language's index.html
        articles = [
            ArticleLink(entry.title, f"{slug}.html")
            for slug in sources
            if (entry := manifest.get(f"{tag}/{slug}")) is not None and entry.files
        ]
        switcher = [
            language_link(other, f"../{lang_tag(other)}/index.html", is_current=other == locale)
            for other in every_locale
        ]
        pages[f"{tag}/index.html"] = render_article_index(
            locale=locale,
            title=ui_gettext(locale, "Patient education articles"),
            articles=articles,
            switcher=switcher,
        )
    pages["index.html"] = render_language_index(
        locale=every_locale[0],
        title=ui_gettext(every_locale[0], "Health information in your language"),
        languages=[
            language_link(locale, f"{lang_tag(locale)}/index.html") for locale in every_locale
        ],
    )
    for name, content in pages.items():
        if staged.add(output_dir / name, content.encode("utf-8")):
            report.written.append(output_dir / name)
        else:
            report.unchanged += 1
    kept = {f"{lang_tag(locale)}/index.html" for locale in every_locale if locale not in building}
    return set(pages) | {name for name in kept if (output_dir / name).is_file()}


def _refuse_escaping_paths(output_dir: Path, paths: Iterable[Path]) -> None:
    """Refuse to write through a symlink that leads out of the output folder."""
    root = output_dir.resolve()
    for path in paths:
        if not path.parent.resolve().is_relative_to(root) or (
            path.is_symlink() and not path.resolve().is_relative_to(root)
        ):
            raise UsageError(
                "output path leads outside the output folder (a symlink?)", Location(str(path), 0)
            )


def _remove_stale_outputs(
    output_dir: Path,
    previous_files: Iterable[str],
    current: set[str],
    *,
    languages: set[str] | None,
) -> list[Path]:
    """Delete what the previous build wrote and this one did not (a removed language or article).

    Only files listed in the previous build's manifest are ever deleted, so
    nothing a person put into the output folder is touched. When only some
    ``languages`` were built, the other languages' files are left alone.
    """
    removed = []
    root = output_dir.resolve()
    for name in previous_files:
        # Assets are shared by every language, and every build copies them all.
        is_shared = "/" not in name or name.startswith(f"{ASSETS_FOLDER}/")
        language = None if is_shared else name.split("/", 1)[0]
        if name in current or (languages is not None and language not in (None, *languages)):
            continue
        candidate = (output_dir / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            candidate.unlink()
            removed.append(output_dir / name)
    return removed


def _write_manifest(output_dir: Path, manifest: Manifest, files: set[str]) -> None:
    staged = StagedWrites()
    staged.add(output_dir / MANIFEST, manifest_text(manifest, files).encode("utf-8"))
    staged.commit()
