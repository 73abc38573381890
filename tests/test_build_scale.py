"""Builds that grow in articles or languages keep the memory of one job, not of the site (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel import Locale
from benchmarks.articles import FIXED_DATE, LOCALES, make_articles
from benchmarks.pseudo import pseudo, reference_labels

from pain_content import extract_units
from pain_content.catalogs import build_template, new_catalog
from pain_content.pofile import format_catalog

REPOSITORY = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024

# What may grow with the number of jobs, by design: the plan (one small record
# per job), the manifest and the report's list of written paths. A few hundred
# bytes per job; 8 MiB is room for that and for the allocator's noise, and far
# below what holding 400 jobs' pages would take (about 0.09 MiB per page).
SMALL_CONSTANT_MIB = 8

# The same for 5 articles in 40 languages against 1: 195 more jobs' records, and
# what stays per language by design (its ui catalog, at most one for each of the
# 16 shipped; a few KiB). Holding each language's CLDR data would be 40 MiB.
LANGUAGES_CONSTANT_MIB = 4

# The child builds in its own process, so its peak resident set is the build's
# own: the interpreter, the libraries, and whatever the build holds at once.
# With a process pool (argv[2] "pool") the peak is also the largest worker's:
# the workers are the child's children, reaped when the pool shuts down.
_BUILD_AND_REPORT_PEAK = """
import json, multiprocessing, resource, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from pain_content.build import build_site
root, mode = Path(sys.argv[1]), sys.argv[2]
executor = (
    ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    if mode == "pool" else None
)
report = build_site(
    source_dir=root / "source",
    locales_dir=root / "locales",
    output_dir=root / "site",
    executor=executor,
)
if executor is not None:
    executor.shutdown()
peak_kib = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
)
print(json.dumps({"peak_kib": peak_kib, "jobs": len(report.jobs_run)}))
"""


def _write_project(
    root: Path, *, articles: int = 20, copies: int = 1, locales: Sequence[str] = ("es",)
) -> None:
    """Corpus articles, each ``copies`` times under distinct slugs, with a catalog per locale.

    Every size repeats the same articles, so the largest single job is the
    same in every project and only the number of jobs differs.
    """
    source = root / "source"
    source.mkdir(parents=True)
    for article in make_articles(articles):
        references = reference_labels(article.text)
        for copy in range(copies):
            slug = f"{article.slug}-{copy}"
            (source / f"{slug}.md").write_text(article.text, "utf-8")
            template = build_template(
                f"source/{slug}.md", extract_units(article.text), creation_date=FIXED_DATE
            )
            for name in locales:
                catalog = new_catalog(template, Locale.parse(name), revision_date=FIXED_DATE)
                for entry in catalog:
                    entry.msgstr = pseudo(entry.msgid, references)
                folder = root / "locales" / name / "LC_MESSAGES"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{slug}.po").write_text(format_catalog(catalog, width=0), "utf-8")


def _peak_of_build(root: Path, *, mode: str = "in-process") -> tuple[float, int]:
    completed = subprocess.run(
        [sys.executable, "-c", _BUILD_AND_REPORT_PEAK, str(root), mode],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        check=True,
    )
    measured = json.loads(completed.stdout)
    return measured["peak_kib"] / 1024, measured["jobs"]


def test_peak_memory_does_not_grow_with_the_number_of_articles(tmp_path: Path) -> None:
    """A 200-article build peaks no higher than a 20-article build plus a small constant."""
    _write_project(tmp_path / "small", copies=1)
    _write_project(tmp_path / "large", copies=10)
    small_peak, small_jobs = _peak_of_build(tmp_path / "small")
    large_peak, large_jobs = _peak_of_build(tmp_path / "large")
    assert (small_jobs, large_jobs) == (40, 400)  # every article in en and es
    assert large_peak <= small_peak + SMALL_CONSTANT_MIB, (small_peak, large_peak)


# Every locale the benchmark's language sweep builds: scripts written right to
# left (ar, fa, he, ur), with their own digits (fa, bn...), CJK, Cyrillic.
MANY_LOCALES = tuple(LOCALES[:40])


@pytest.mark.parametrize("mode", ["in-process", "pool"])
def test_peak_memory_does_not_grow_with_the_number_of_languages(tmp_path: Path, mode: str) -> None:
    """5 articles in 40 languages peak no higher than in 1 language plus a small constant,
    built in this process (-j 1) or on a process pool, whose workers build every language.

    Before issue 17's fix each language added about 1 MiB (its CLDR data, loaded
    by every page's language switcher and kept by Babel, and its templates).
    """
    _write_project(tmp_path / "one", articles=5, locales=MANY_LOCALES[:1])
    _write_project(tmp_path / "many", articles=5, locales=MANY_LOCALES)
    one_peak, one_jobs = _peak_of_build(tmp_path / "one", mode=mode)
    many_peak, many_jobs = _peak_of_build(tmp_path / "many", mode=mode)
    assert (one_jobs, many_jobs) == (10, 205)  # every article in en and each locale
    assert many_peak <= one_peak + LANGUAGES_CONSTANT_MIB, (one_peak, many_peak)
