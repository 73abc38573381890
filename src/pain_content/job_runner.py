"""Running a build's jobs on any ``concurrent.futures.Executor``, reading their inputs as they go.

A job's inputs (its source, catalogs, images) are read only when it is
submitted, and a bounded number of jobs is in flight, so memory does not grow
with the size of the site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from functools import partial

from .article_job import ArticleJob, ArticleResult, ConfigFiles, SiteSettings, run_article_job
from .build_plan import PlannedJob
from .catalog_files import read_source
from .errors import SourceError
from .links import LocalLink
from .site_links import handout_images

# Jobs handed to the executor ahead of the results read back: enough to keep a
# cluster's workers busy, few enough that pending inputs and outputs stay small.
_JOBS_IN_FLIGHT = 64


def run_jobs(
    planned: Sequence[PlannedJob],
    executor: Executor | None,
    *,
    config: ConfigFiles,
    outputs: SiteSettings,
    checks: Callable[[str], bytes],
    links: Mapping[str, Sequence[LocalLink]],
) -> Iterator[tuple[PlannedJob, ArticleResult]]:
    """Each job with its result, as results come in; inputs are read only when submitted.

    ``checks`` gives a job's check findings from the last build, by job name;
    ``links`` each article's local links, as the build checked them.
    """

    def inputs(job: PlannedJob) -> ArticleJob:
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
            images=handout_images(job.source_path, links[job.slug], job.links)
            if outputs.handout is not None
            else (),
        )

    if executor is None:
        for job in planned:
            yield job, _located(job, partial(run_article_job, inputs(job)))
        return
    pending: dict[Future[ArticleResult], PlannedJob] = {}
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


def _located(job: PlannedJob, result: Callable[[], ArticleResult]) -> ArticleResult:
    """The job's result; an error in its Markdown (a job gets the text, not the
    file) is located in the source file."""
    try:
        return result()
    except SourceError as exc:
        raise exc.with_path(str(job.source_path)) from exc
