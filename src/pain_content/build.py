"""The site: plan the jobs, run them on any executor, write what they make.

``build_site`` makes one job per (article, language) (see
:mod:`pain_content.article_job`), runs the jobs that are not fresh (see
:mod:`pain_content.site_plan`) on the executor it is given, and writes each
job's files as soon as the job returns, so memory does not grow with the size
of the site. Files are staged beside their targets and renamed into place only
when every job has succeeded: a bad catalog or source anywhere writes nothing.
Then come an index page per language, the front page, and the manifest.

The steps, one module each: :mod:`~pain_content.site_links` (every local link
checked first; a source the last build parsed is not parsed again, see
:mod:`~pain_content.link_cache`), :mod:`~pain_content.build_plan` (the jobs, and which are
fresh), :mod:`~pain_content.job_runner` (running them) and
:mod:`~pain_content.site_output` (staging what they make); this module
orders them and reports.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .article_job import ArticleResult, SiteSettings, is_home_page
from .build_plan import (
    PlannedJob,
    article_languages,
    home_jobs,
    plan_jobs,
    published_languages,
    read_manifest,
    site_locales,
)
from .catalog_files import read_source
from .errors import CatalogError, Location
from .gc_settings import fewer_collections
from .job_runner import run_jobs
from .locales import lang_tag
from .project import article_slug, find_sources, project_dir
from .project_settings import config_files, load_check_settings, load_site_settings
from .publishing import HeldBack
from .site_config import publishing_gate
from .site_links import checked_local_links, page_links, read_link_cache
from .site_output import (
    SiteOutput,
    remove_stale_outputs,
    stage_assets,
    stage_index_pages,
    stage_link_cache,
    stage_result,
    stage_sitemap,
    write_manifest,
)
from .site_plan import Manifest, check_cache_name
from .sitemap import SITEMAP_FILE

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


@fewer_collections()
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
    link_cache = read_link_cache(output_dir)
    if executor is not None:  # a first build parses every source: in parallel, too
        link_cache.parse_on(executor, (read_source(path) for path in sources.values()))
    links = checked_local_links(sources, source_dir, cache=link_cache)
    every_locale = site_locales(locales_dir, ())
    building = site_locales(locales_dir, locales)
    project = project_dir(source_dir)
    config = config_files(project)
    # A broken config stops the build before any job.
    load_check_settings(source_dir)
    site = load_site_settings(project)
    handout = site.handout if (pdf or site.pdf) and not fragment else None
    previous, previous_files = read_manifest(output_dir)
    gate = publishing_gate(site, completeness=completeness, require_review=require_review)
    threshold = gate.completeness
    outputs = SiteSettings(
        fragment=fragment,
        base_url=site.base_url,
        handout=handout,
        completeness=gate.completeness,
        require_review=gate.require_review,
    )
    catalogs = article_languages(sources, every_locale, locales_dir)
    guessed = published_languages(catalogs, previous, threshold)
    jobs, fresh = plan_jobs(
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
    output = SiteOutput(output_dir)
    for name, entry in fresh.items():
        manifest[name] = entry
        output.unchanged += len(entry.files)
        report.held_back.extend(entry.held_back)

    def recorded_checks(name: str) -> bytes:
        # A job run again in this build finds what its first run staged.
        return output.staged.content(output.target(check_cache_name(name))) or b""

    def run(batch: Sequence[PlannedJob]) -> Iterator[tuple[PlannedJob, ArticleResult]]:
        # Each result is staged as it comes in, so memory stays flat.
        for job, result in run_jobs(
            batch, executor, config=config, outputs=outputs, checks=recorded_checks, links=links
        ):
            entry = manifest[job.name] = stage_result(job, result, output)
            report.entries_checked += result.entries_checked
            report.held_back.extend(entry.held_back)
            yield job, result

    try:
        for done, (job, _) in enumerate(run(planned), start=1):
            report.jobs_run.append(job.name)
            if progress is not None:
                progress(done, len(planned), job.name)
        # Now every job knows whether its page is published: pages whose
        # alternates named a language that is not (or missed one that is) again.
        published = published_languages(catalogs, manifest, threshold)
        # Links to other articles follow what the language publishes.
        again = []
        for job in jobs:
            links_now = page_links(links[job.slug], job.locale, published)
            if job not in homes and (
                job.languages != published[job.slug] or job.links != links_now
            ):
                again.append(replace(job, languages=published[job.slug], links=links_now))
        again += home_jobs(homes, previous, sources, links, manifest, published, output_dir)
        for job, _ in run(again):
            if job.name not in report.jobs_run:
                report.jobs_run.append(job.name)
        site_files = stage_index_pages(
            every_locale, building, sources, manifest, output, fragment=fragment
        )
        site_files |= stage_assets(links, source_dir, output)
        if site.base_url and not fragment:
            stage_sitemap(site.base_url, published, output)
            site_files.add(SITEMAP_FILE)
        stage_link_cache(link_cache, output)
        # A file staged in the first pass and found unchanged in the second is not written.
        written = [name for name in dict.fromkeys(output.written) if name in output.staged]
        compiled = [name for name in output.compiled if name in output.staged]
        output.staged.commit()
    except BaseException:
        output.staged.abort()
        raise
    current = {name for entry in manifest.values() for name in entry.files} | site_files
    current |= {
        name
        for job in manifest
        if os.path.isfile(os.path.join(output_dir, name := check_cache_name(job)))
    }
    report.removed = remove_stale_outputs(
        output_dir, previous_files, current, languages=set(report.languages) if locales else None
    )
    # The manifest is made only of these two: when both are the last build's, so are
    # its bytes, and a build with nothing to do does not write it again to find so.
    if manifest != previous or current != set(previous_files):
        write_manifest(output_dir, manifest, current)
    # A job run again in the second pass reports the same entries again.
    report.held_back = sorted(
        dict.fromkeys(report.held_back), key=lambda item: (str(item.path), item.line)
    )
    report.written = [Path(name) for name in written]
    report.unchanged = output.unchanged
    report.compiled = [Path(name) for name in dict.fromkeys(compiled)]
    report.unpublished = sorted(
        (name, entry.completeness)
        for name, entry in manifest.items()
        if not entry.files and name.split("/", 1)[0] in report.languages
    )
    return report
