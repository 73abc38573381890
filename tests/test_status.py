"""The read-only verbs' figures, read from a project: stats rows and the check run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from pain_content.checks import CheckConfig
from pain_content.cli import main
from pain_content.status import check_project, check_report, load_target_grade, read_stats

PO = Path("locales/es/LC_MESSAGES/leaflet.po")
LOCALES = Path("locales")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The leaflet project (one Spanish catalog, partly translated), as the current folder."""
    shutil.copytree(DATA / "project", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert main(["extract", "-q"]) == 0
    return tmp_path


def test_stats_rows_are_the_articles_then_the_page_chrome(project: Path) -> None:
    """One row per article catalog, then the shipped page chrome's for each project locale."""
    rows = read_stats(LOCALES)
    assert [(row.domain, row.article, row.locale) for row in rows] == [
        ("article", "leaflet", "es"),
        ("ui", "page chrome", "es"),
    ]
    article = rows[0]
    # leaflet.po: four msgstrs filled in, one of them fuzzy, two empty.
    assert (article.stats.translated, article.stats.fuzzy, article.stats.untranslated) == (4, 1, 2)
    assert (article.review.reviewed, article.review.unreviewed, article.review.stale) == (0, 5, 0)


def test_check_finds_a_changed_dose_and_notes_reading_levels(project: Path) -> None:
    """A changed dose is an error of the catalog; each file read gets a reading-level note."""
    PO.write_text(PO.read_text("utf-8").replace("(5 mg) cada", "(50 mg) cada"), "utf-8")
    run = check_project(LOCALES, locales=[], config=CheckConfig(), target_grade=8.0)
    assert [note.split(": reading level: ")[0] for note in run.notes] == [
        "locales/leaflet.pot",
        str(PO),
    ]
    assert (run.errors, run.catalogs) == (1, 1)
    [(path, findings)] = run.results
    assert path == PO and findings[0].is_error and "5" in findings[0].message
    # The one warning: the catalog keeps GNU's two Spanish plural forms, CLDR gives three.
    assert check_report(run)["summary"] == {"catalogs": 1, "errors": 1, "warnings": 1}


def test_check_of_one_locale_leaves_out_the_source(project: Path) -> None:
    """Naming a locale checks only its catalogs, not the English source's reading level."""
    run = check_project(LOCALES, locales=["es"], config=CheckConfig(), target_grade=8.0)
    assert [note.split(":")[0] for note in run.notes] == [str(PO)]


def test_target_grade_comes_from_the_project_file(project: Path) -> None:
    """The [readability] target of pain-content.toml, or grade 8 without the file."""
    assert load_target_grade(project) == 8.0
    (project / "pain-content.toml").write_text("[readability]\ntarget_grade = 6\n", "utf-8")
    assert load_target_grade(project) == 6.0
