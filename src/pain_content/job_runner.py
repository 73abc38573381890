"""Running a build's jobs on any ``concurrent.futures.Executor``, reading their inputs as they go.

A job's inputs (its source, catalogs, images) are read only when it is
submitted, and a bounded number of tasks is in flight, so memory does not grow
with the size of the site. On an executor, one task runs a few jobs of the
same article in turn: the worker then parses the article, its msgids and its
links once for those languages, as a build in one process does for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from functools import partial
from typing import TypeVar

from .article_job import ArticleJob, ArticleResult, ConfigFiles, SiteSettings, run_article_job
from .build_plan import PlannedJob
from .catalog_files import read_source
from .errors import SourceError
from .links import LocalLink
from .site_links import handout_images

# Tasks handed to the executor ahead of the results read back: enough to keep a
# cluster's workers busy, few enough that pending inputs and outputs stay small.
_TASKS_IN_FLIGHT = 64
# Jobs of one article in a task: its languages share the worker's parse of the
# article; a few at a time, so a task's files (a page, its Markdown, its .mo
# each) stay small however many languages the site has.
_JOBS_PER_TASK = 8

_Result = TypeVar("_Result")


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

    def inputs(job: PlannedJob, source: str) -> ArticleJob:
        return ArticleJob(
            slug=job.slug,
            locale=str(job.locale),
            source=source,
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
            job_inputs = inputs(job, read_source(job.source_path))
            yield job, _located(job, partial(run_article_job, job_inputs))
        return
    pending: dict[Future[tuple[ArticleResult, ...]], Sequence[PlannedJob]] = {}
    try:
        for task in _article_tasks(planned):
            source = read_source(task[0].source_path)  # one text, pickled once for the task
            jobs = tuple(inputs(job, source) for job in task)
            pending[executor.submit(run_article_jobs, jobs)] = task
            if len(pending) >= _TASKS_IN_FLIGHT:
                finished = next(as_completed(pending))
                yield from _task_results(pending.pop(finished), finished)
        for finished in as_completed(list(pending)):
            yield from _task_results(pending.pop(finished), finished)
    finally:
        for future in pending:
            future.cancel()


def run_article_jobs(jobs: Sequence[ArticleJob]) -> tuple[ArticleResult, ...]:
    """One task on an executor: jobs of one article, run in turn."""
    return tuple(map(run_article_job, jobs))


def _article_tasks(planned: Sequence[PlannedJob]) -> Iterator[list[PlannedJob]]:
    """The jobs in order, cut into tasks of at most :data:`_JOBS_PER_TASK` jobs of one article."""
    task: list[PlannedJob] = []
    for job in planned:
        if task and (job.slug != task[0].slug or len(task) == _JOBS_PER_TASK):
            yield task
            task = []
        task.append(job)
    if task:
        yield task


def _task_results(
    task: Sequence[PlannedJob], finished: Future[tuple[ArticleResult, ...]]
) -> Iterator[tuple[PlannedJob, ArticleResult]]:
    results = _located(task[0], finished.result)  # a task's jobs share their source
    yield from zip(task, results, strict=True)


def _located(job: PlannedJob, result: Callable[[], _Result]) -> _Result:
    """The job's result; an error in its Markdown (a job gets the text, not the
    file) is located in the source file."""
    try:
        return result()
    except SourceError as exc:
        raise exc.with_path(str(job.source_path)) from exc
