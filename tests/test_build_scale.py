"""Builds that grow in articles keep the memory of one job, not of the site (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel import Locale
from benchmarks.articles import FIXED_DATE, make_articles
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

# The child builds in its own process, so its peak resident set is the build's
# own: the interpreter, the libraries, and whatever the build holds at once.
_BUILD_AND_REPORT_PEAK = """
import json, resource, sys
from pathlib import Path
from pain_content.build import build_site
root = Path(sys.argv[1])
report = build_site(
    source_dir=root / "source", locales_dir=root / "locales", output_dir=root / "site"
)
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_kib": peak_kib, "jobs": len(report.jobs_run)}))
"""


def _write_project(root: Path, copies: int) -> None:
    """20 corpus articles, each ``copies`` times under distinct slugs, with a Spanish catalog.

    Every size repeats the same 20 articles, so the largest single job is the
    same in every project and only the number of jobs differs.
    """
    source = root / "source"
    source.mkdir(parents=True)
    folder = root / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    locale = Locale.parse("es")
    for article in make_articles(20):
        references = reference_labels(article.text)
        for copy in range(copies):
            slug = f"{article.slug}-{copy}"
            (source / f"{slug}.md").write_text(article.text, "utf-8")
            template = build_template(
                f"source/{slug}.md", extract_units(article.text), creation_date=FIXED_DATE
            )
            catalog = new_catalog(template, locale, revision_date=FIXED_DATE)
            for entry in catalog:
                entry.msgstr = pseudo(entry.msgid, references)
            (folder / f"{slug}.po").write_text(format_catalog(catalog, width=0), "utf-8")


def _peak_of_build(root: Path) -> tuple[float, int]:
    completed = subprocess.run(
        [sys.executable, "-c", _BUILD_AND_REPORT_PEAK, str(root)],
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
