"""What build publishes: the completeness threshold and the review requirement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pain_content.catalog_files import read_catalog
from pain_content.cli import main
from pain_content.pofile import format_catalog
from pain_content.review import sign

# Two sentences of five words each: translating one is 50% of the words.
SOURCE = "# Knee\n\nRest your knee every day.\n\nIce it for ten minutes.\n"
TRANSLATIONS = {
    "es": {"Knee": "Rodilla", "Rest your knee every day.": "Descanse la rodilla cada día."},
    "fr": {
        "Knee": "Genou",
        "Rest your knee every day.": "Reposez votre genou chaque jour.",
        "Ice it for ten minutes.": "Mettez de la glace dix minutes.",
    },
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One article: Spanish about half translated (6 of 11 words), French complete."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "knee.md").write_text(SOURCE, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0
    for locale, translations in TRANSLATIONS.items():
        assert main(["init", "-q", "-l", locale]) == 0
        po = tmp_path / "locales" / locale / "LC_MESSAGES" / "knee.po"
        catalog = read_catalog(po)
        for entry in catalog:
            entry.msgstr = translations.get(entry.msgid, "")
        po.write_text(format_catalog(catalog), "utf-8")
    return tmp_path


def _links(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    return {tag for tag in ("en", "es", "fr") if f'hreflang="{tag}"' in text}


def test_a_language_below_the_threshold_is_not_published_anywhere(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """At 80% the half-translated Spanish page is not written, no switcher or alternate names
    it, and build says so; at 40% it is published."""
    assert main(["build", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "site/es/knee.html: warning: not published: 55% of the article's words" in err
    assert not (project / "site" / "es" / "knee.html").exists()
    assert not (project / "site" / "es" / "knee.md").exists()
    for tag in ("en", "fr"):
        assert _links(project / "site" / tag / "knee.html") == {"en", "fr"}
    assert "knee.html" not in (project / "site" / "es" / "index.html").read_text("utf-8")

    assert main(["build", "-j", "1", "--completeness", "40"]) == 0
    assert "not published" not in capsys.readouterr().err
    assert (project / "site" / "es" / "knee.html").is_file()
    for tag in ("en", "es", "fr"):
        assert _links(project / "site" / tag / "knee.html") == {"en", "es", "fr"}


def test_a_page_that_falls_below_the_threshold_is_removed_with_a_line_saying_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Published at 40%, then built at 80%: the Spanish page goes, and the report names it."""
    assert main(["build", "-j", "1", "--completeness", "40"]) == 0
    capsys.readouterr()
    assert main(["build", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert not (project / "site" / "es" / "knee.html").exists()
    assert (
        "site/es/knee.html: removed" in err and "site/es/knee.html: warning: not published" in err
    )
    assert _links(project / "site" / "fr" / "knee.html") == {"en", "fr"}


def test_the_threshold_can_be_set_in_the_project_file(project: Path) -> None:
    """[site] completeness = 40 in pain-content.toml publishes the Spanish page."""
    (project / "pain-content.toml").write_text("[site]\ncompleteness = 40\n", "utf-8")
    assert main(["build", "-j", "1"]) == 0
    assert (project / "site" / "es" / "knee.html").is_file()


def test_require_review_publishes_only_signed_entries(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --require-review an unsigned translation is held back and shown in English."""
    po = project / "locales" / "fr" / "LC_MESSAGES" / "knee.po"
    catalog = read_catalog(po)
    for entry in catalog:
        if entry.msgid != "Ice it for ten minutes.":
            sign(entry, reviewer="Test Reviewer", day=date(2026, 1, 1))
    po.write_text(format_catalog(catalog), "utf-8")
    assert main(["build", "-j", "1", "--require-review", "--completeness", "0"]) == 0
    page = (project / "site" / "fr" / "knee.html").read_text("utf-8")
    assert "Reposez votre genou chaque jour." in page
    assert '<p lang="en">Ice it for ten minutes.</p>' in page
    assert "not reviewed (unreviewed)" in capsys.readouterr().err


def test_each_held_back_entry_is_reported_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A job that runs again (its alternates changed once the others were known) does not
    report its held-back entries a second time."""
    po = project / "locales" / "fr" / "LC_MESSAGES" / "knee.po"
    catalog = read_catalog(po)
    for entry in catalog:
        if entry.msgid == "Ice it for ten minutes.":
            entry.flags.append("fuzzy")
    po.write_text(format_catalog(catalog), "utf-8")
    # French is now below 80% too: every page's first guess at its alternates was wrong.
    assert main(["build", "-j", "1"]) == 0
    err = capsys.readouterr().err.splitlines()
    held = [line for line in err if "held back" in line or "fuzzy" in line]
    assert held and len(held) == len(set(held)), err
