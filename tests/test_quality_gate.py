"""The clinical gate end to end: check on the command line, and a build that obeys it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import polib
import pytest

from conftest import REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.cli import main
from pain_content.pofile import format_catalog

ARTICLE = "stem-cell-therapy-for-chronic-pain"
SCHEMA = json.loads((REPOSITORY / "docs" / "check-schema.json").read_text("utf-8"))


@pytest.fixture
def poisoned(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped project with four poisoned Spanish entries: a dose, a link, a fuzzy one, an obsolete one."""
    source = shipped_project / "source" / f"{ARTICLE}.md"
    source.write_text(
        source.read_text("utf-8")
        + "\n## Dosing\n\nTake 5 mg once a day.\n\nRead the [leaflet](https://example.org/leaflet).\n\nRest for 2 days.\n",
        "utf-8",
    )
    monkeypatch.chdir(shipped_project)
    assert main(["extract", "-q"]) == 0 and main(["update", "-q"]) == 0
    po_path = shipped_project / "locales" / "es" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = read_catalog(po_path)
    poison = {
        "Dosing": "Dosis",
        "Take 5 mg once a day.": "Tome 50 mg una vez al día.",
        "Read the [leaflet](https://example.org/leaflet).": "Lea el [folleto](https://evil.example/leaflet).",
        "Rest for 2 days.": "Descanse 2 días.",
    }
    for entry in catalog:
        if entry.msgid in poison:
            entry.msgstr = poison[entry.msgid]
        if entry.msgid == "Rest for 2 days.":
            entry.flags.insert(0, "fuzzy")
    catalog.append(_obsolete("Old warning.", "Advertencia antigua que no debe publicarse."))
    po_path.write_text(format_catalog(catalog), "utf-8")
    return shipped_project


def _obsolete(msgid: str, msgstr: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, obsolete=True)


def test_check_reports_errors_with_po_lines_and_exits_1(
    poisoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check prints path:line: severity: code: message for the changed dose and link, and exits 1."""
    capsys.readouterr()
    assert main(["check", "-l", "es"]) == 1
    lines = capsys.readouterr().out.splitlines()
    po = f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    assert any(line.startswith(po) and ": error: number-changed: " in line for line in lines)
    assert any(line.startswith(po) and ": error: markup-changed: " in line for line in lines)
    assert main(["check", "-l", "fr"]) == 0


def test_check_json_follows_the_documented_schema(
    poisoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check --json output validates against docs/check-schema.json and counts what it lists."""
    capsys.readouterr()
    assert main(["check", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert document["summary"]["errors"] == len(errors) >= 2
    assert document["summary"]["catalogs"] == 15


def test_schema_rejects_a_malformed_report() -> None:
    """The schema is strict enough to catch a finding without a line or with an unknown code."""
    bad = {
        "version": 1,
        "summary": {"catalogs": 1, "errors": 1, "warnings": 0},
        "findings": [
            {"path": "a.po", "severity": "error", "code": "nope", "message": "x", "msgid": "y"}
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_build_publishes_none_of_the_poisoned_entries_and_says_so(
    poisoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The dose, the link, the fuzzy and the obsolete translation never reach the page, and the build lists them."""
    capsys.readouterr()
    assert main(["build", "-l", "es"]) == 0
    page = (poisoned / "site" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    markdown = (poisoned / "site" / "es" / f"{ARTICLE}.md").read_text("utf-8")
    for text in (page, markdown):
        assert "50 mg" not in text and "evil.example" not in text
        assert "Descanse 2 días" not in text and "Advertencia antigua" not in text
    assert '<p lang="en">Take 5 mg once a day.</p>' in page
    assert "https://example.org/leaflet" in page and "Dosis" in page
    report = capsys.readouterr()
    held = [line for line in report.err.splitlines() if "held back" in line]
    assert len({line.split(": warning")[0] for line in held}) == 4  # four entries
    assert any("held back: fuzzy" in line for line in held)
    assert any("held back: obsolete" in line for line in held)
    assert any("held back: number-changed" in line for line in held)
    assert any("held back: markup-changed" in line for line in held)
    assert f"{len(held)} translations held back" in report.out
    assert main(["build", "-l", "es"]) == 0  # nothing changed: nothing rendered, the same report
    again = capsys.readouterr()
    assert [line for line in again.err.splitlines() if "held back" in line] == held
    shutil.rmtree(poisoned / "site")
