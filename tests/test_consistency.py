"""Consistency across a locale's catalogs: one text, one translation, and the other way round."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from pain_content.catalog_files import read_catalog
from pain_content.checks import CODES, check_consistency, consistency_places
from pain_content.cli import main
from pain_content.pofile import entry_line, format_catalog

KNEE = "# Knee\n\n## Benefits\n\nTalk to your healthcare provider.\n\n**Risks:**\n"
HIP = "# Hip\n\n## Advantages\n\nTalk to your healthcare provider.\n\n## Risks\n\nRest.\n"
KNEE_ES = {
    "Knee": "Rodilla",
    "Benefits": "Ventajas",
    "Talk to your healthcare provider.": "Hable con su profesional de la salud.",
    "**Risks:**": "**Riesgos:**",
}
HIP_ES = {
    "Hip": "Cadera",
    "Advantages": "Ventajas",
    "Talk to your healthcare provider.": "Hable con su proveedor de salud.",
    "Risks": "Riesgos",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two Spanish articles: the provider sentence two ways, "Ventajas" for two headings."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "knee.md").write_text(KNEE, "utf-8")
    (tmp_path / "source" / "hip.md").write_text(HIP, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0
    assert main(["init", "-q", "-l", "es"]) == 0
    for slug, translations in (("knee", KNEE_ES), ("hip", HIP_ES)):
        po = Path(f"locales/es/LC_MESSAGES/{slug}.po")
        catalog = read_catalog(po)
        for entry in catalog:
            entry.msgstr = translations.get(entry.msgid, "")
        po.write_text(format_catalog(catalog), "utf-8")
    return tmp_path


def _line(po: str, msgid: str) -> int:
    """The entry's msgid line, where every finding points."""
    return next(entry_line(e) for e in read_catalog(Path(po)) if e.msgid == msgid)


def test_an_inconsistent_term_and_a_shared_translation_are_warnings_naming_both_places(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check exits 0 (warnings), and each finding points at the other place; "Riesgos" for
    "Risks" and "**Risks:**" is the same text and draws nothing."""
    knee, hip = "locales/es/LC_MESSAGES/knee.po", "locales/es/LC_MESSAGES/hip.po"
    capsys.readouterr()
    assert main(["check", "--json"]) == 0
    found = [
        (f["path"], f["line"], f["code"], f["severity"], f["message"])
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["code"] in ("inconsistent-translation", "shared-translation")
    ]
    talk = "Talk to your healthcare provider."
    # Catalogs come in path order: hip before knee.
    assert sorted(found) == sorted(
        [
            (
                hip,
                _line(hip, talk),
                "inconsistent-translation",
                "warning",
                f"the same text is translated differently at {knee}:{_line(knee, talk)}:"
                " 'Hable con su profesional de la salud.'",
            ),
            (
                knee,
                _line(knee, talk),
                "inconsistent-translation",
                "warning",
                f"the same text is translated differently at {hip}:{_line(hip, talk)}:"
                " 'Hable con su proveedor de salud.'",
            ),
            (
                hip,
                _line(hip, "Advantages"),
                "shared-translation",
                "warning",
                f"the same translation is used at {knee}:{_line(knee, 'Benefits')} for a"
                " different text: 'Benefits'",
            ),
            (
                knee,
                _line(knee, "Benefits"),
                "shared-translation",
                "warning",
                f"the same translation is used at {hip}:{_line(hip, 'Advantages')} for a"
                " different text: 'Advantages'",
            ),
        ]
    )
    assert CODES["inconsistent-translation"] == CODES["shared-translation"] == "warning"


def test_fixing_the_translation_clears_the_finding_and_fuzzy_entries_are_not_compared(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = Path("locales/es/LC_MESSAGES/hip.po")
    catalog = read_catalog(po)
    for entry in catalog:
        if entry.msgid == "Talk to your healthcare provider.":
            entry.msgstr = KNEE_ES[entry.msgid]
        if entry.msgid == "Advantages":
            entry.flags.insert(0, "fuzzy")
    po.write_text(format_catalog(catalog), "utf-8")
    capsys.readouterr()
    assert main(["check", "--json"]) == 0
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert not codes & {"inconsistent-translation", "shared-translation"}


def test_the_shipped_catalogs_draw_no_consistency_or_glossary_finding(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(shipped_project)
    main(["check", "--json"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert not codes & {
        "inconsistent-translation",
        "shared-translation",
        "glossary-forbidden",
        "glossary-term",
    }


def test_the_same_text_under_two_contexts_of_one_catalog_is_compared() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Dose", msgctxt="table", msgstr="Dosis", linenum=3))
    catalog.append(polib.POEntry(msgid="Dose", msgctxt="heading", msgstr="Toma", linenum=7))
    findings = check_consistency(consistency_places("a.po", catalog))["a.po"]
    assert [(f.line, f.message) for f in findings] == [
        (3, "the same text is translated differently at a.po:7: 'Toma'"),
        (7, "the same text is translated differently at a.po:3: 'Dosis'"),
    ]
