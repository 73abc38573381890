"""The translation memory: a new article is offered the other articles' translations, fuzzy."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest

from pain_content.catalog_files import read_catalog
from pain_content.catalogs import TextIndex
from pain_content.cli import main
from pain_content.memory import Remembered, TranslationMemory
from pain_content.pofile import format_catalog
from pain_content.review import sign

KNEE = """# Knee pain

## Benefits

Gentle exercise keeps the joint moving.

## Risks

Talk to your healthcare provider before you start a new exercise.

Stop if the pain gets worse.
"""
HIP = """# Hip pain

## Benefits

Swimming keeps the hip moving without strain.

## Risks

Talk to your healthcare provider before you start a new treatment.

Stop if the pain gets worse.
"""
KNEE_ES = {
    "Knee pain": "Dolor de rodilla",
    "Benefits": "Beneficios",
    "Gentle exercise keeps the joint moving.": "El ejercicio suave mantiene la articulación en movimiento.",
    "Risks": "Riesgos",
    "Talk to your healthcare provider before you start a new exercise.": (
        "Hable con su profesional de la salud antes de empezar un ejercicio nuevo."
    ),
    "Stop if the pain gets worse.": "Deténgase si el dolor empeora.",
}
KNEE_PO = Path("locales/es/LC_MESSAGES/knee.po")
HIP_PO = Path("locales/es/LC_MESSAGES/hip.po")


def _translate(po: Path, translations: dict[str, str]) -> None:
    catalog = read_catalog(po)
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    po.write_text(format_catalog(catalog), "utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two articles sharing headings and sentences; only the knee article is translated so far."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "knee.md").write_text(KNEE, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0
    assert main(["init", "-q", "-l", "es"]) == 0
    _translate(KNEE_PO, KNEE_ES)
    (tmp_path / "source" / "hip.md").write_text(HIP, "utf-8")
    assert main(["extract", "-q"]) == 0
    return tmp_path


def _entries(po: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in read_catalog(po)}


def test_a_new_article_is_prefilled_fuzzy_from_the_first_with_its_source_named(
    project: Path,
) -> None:
    """update makes hip.po with the shared heading and sentence filled from knee.po, fuzzy,
    each naming the catalog and line it came from; the changed sentence is a close match;
    hip's own text is left empty. The knee catalog is not touched."""
    knee_before = KNEE_PO.read_bytes()
    assert main(["update", "-q"]) == 0
    assert KNEE_PO.read_bytes() == knee_before
    hip = _entries(HIP_PO)
    for msgid in ("Benefits", "Risks", "Stop if the pain gets worse."):
        assert hip[msgid].msgstr == KNEE_ES[msgid]
        assert hip[msgid].flags[0] == "fuzzy"
        assert hip[msgid].tcomment == f"memory: exact match from {KNEE_PO.as_posix()}"
    close = hip["Talk to your healthcare provider before you start a new treatment."]
    assert (
        close.msgstr == KNEE_ES["Talk to your healthcare provider before you start a new exercise."]
    )
    assert "fuzzy" in close.flags
    assert close.tcomment == (
        f"memory: close match (90% alike) from {KNEE_PO.as_posix()}\n"
        "memory: translated for: Talk to your healthcare provider before you start a new"
        " exercise."
    )
    assert hip["Swimming keeps the hip moving without strain."].msgstr == ""
    assert hip["Hip pain"].msgstr == ""


def test_update_is_idempotent_and_never_overwrites_a_translation(project: Path) -> None:
    """A second update plans nothing; an entry a translator filled is never refilled."""
    assert main(["update", "-q"]) == 0
    _translate(HIP_PO, {"Benefits": "Ventajas"})
    catalog = read_catalog(HIP_PO)
    for entry in catalog:
        if entry.msgid == "Benefits":
            entry.flags.remove("fuzzy")
    HIP_PO.write_text(format_catalog(catalog), "utf-8")
    before = {path: path.read_bytes() for path in (KNEE_PO, HIP_PO)}
    assert main(["update", "--check", "-q"]) == 0
    assert main(["update", "-q"]) == 0
    assert {path: path.read_bytes() for path in before} == before
    assert _entries(HIP_PO)["Benefits"].msgstr == "Ventajas"


def test_prefilled_entries_are_published_only_once_the_fuzzy_flag_is_cleared(
    project: Path,
) -> None:
    """The hip page shows the memory's translations in English until a person confirms them."""
    assert main(["update", "-q"]) == 0
    assert main(["build", "-q", "-j", "1", "--completeness", "0"]) == 0
    page = (project / "site" / "es" / "hip.html").read_text("utf-8")
    assert "Deténgase si el dolor empeora." not in page
    assert "Stop if the pain gets worse." in page

    catalog = read_catalog(HIP_PO)
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    HIP_PO.write_text(format_catalog(catalog), "utf-8")
    assert main(["build", "-q", "-j", "1", "--completeness", "0"]) == 0
    page = (project / "site" / "es" / "hip.html").read_text("utf-8")
    assert "Deténgase si el dolor empeora." in page
    assert "Beneficios" in page
    assert "Stop if the pain gets worse." not in page


def test_an_exact_match_from_a_reviewed_entry_says_so_and_stays_unreviewed(
    project: Path,
) -> None:
    """The note names the reviewer; the record is not copied, so the entry is not reviewed."""
    catalog = read_catalog(KNEE_PO)
    for entry in catalog:
        if entry.msgid == "Risks":
            sign(entry, reviewer="Ana Pérez", day=date(2026, 12, 1))
    KNEE_PO.write_text(format_catalog(catalog), "utf-8")
    assert main(["update", "-q"]) == 0
    risks = _entries(HIP_PO)["Risks"]
    assert risks.tcomment.splitlines()[1] == (
        "memory: reviewed there by Ana Pérez on 2026-12-01; not reviewed here"
    )
    assert "reviewed: 2026" not in risks.tcomment
    assert main(["build", "-q", "-j", "1", "--completeness", "0", "--require-review"]) == 0
    assert "Riesgos" not in (project / "site" / "es" / "hip.html").read_text("utf-8")


def test_a_compendium_fills_init_for_its_own_locale_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """init -l es --compendium uses a Spanish compendium; French init ignores it."""
    compendium = project / "clinic-es.po"
    catalog = polib.POFile()
    catalog.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="Hip pain", msgstr="Dolor de cadera"))
    compendium.write_text(format_catalog(catalog), "utf-8")
    assert main(["init", "-q", "-l", "fr", "--compendium", str(compendium)]) == 0
    assert _entries(Path("locales/fr/LC_MESSAGES/hip.po"))["Hip pain"].msgstr == ""
    assert main(["update", "-q", "--compendium", str(compendium)]) == 0
    hip = _entries(HIP_PO)["Hip pain"]
    assert (hip.msgstr, hip.flags[0]) == ("Dolor de cadera", "fuzzy")
    assert hip.tcomment == "memory: exact match from clinic-es.po"

    compendium.write_text('msgid "a"\nmsgstr "b"\n', "utf-8")
    assert main(["update", "-q", "--compendium", str(compendium)]) == 1
    assert capsys.readouterr().err == (
        f"{compendium}:1: error: a compendium needs a Language header: "
        "it says which locale it translates\n"
    )


def test_gnu_msgmerge_reads_the_prefilled_catalog_as_fuzzy(project: Path) -> None:
    """GNU msgfmt --statistics counts the memory's entries as fuzzy translations."""
    assert main(["update", "-q"]) == 0
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(HIP_PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "4 fuzzy translations" in result.stderr


def test_memory_stats_count_exact_and_close_matches_and_words_saved(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hip has 3 exact matches (1 + 1 + 6 words) and one close one (11 words) in knee."""
    assert main(["update", "-q"]) == 0
    assert main(["memory", "--stats", "--json"]) == 0
    rows = {row["article"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["hip"] == {
        "locale": "es",
        "article": "hip",
        "entries": 6,
        "exact": 3,
        "close": 1,
        "words": {"exact": 8, "close": 11},
    }
    # The knee article is offered only what hip has confirmed: nothing yet.
    assert (rows["knee"]["exact"], rows["knee"]["close"]) == (0, 0)
    assert main(["memory", "--stats"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "es: 3 exact and 1 close matches between articles;"
        " 8 words need no typing, 11 more need editing only"
    )


def test_lookups_use_the_index_not_a_scan_of_every_entry() -> None:
    """10,000 remembered texts, 2,000 lookups: at most 8 comparisons and a bounded number of
    postings read per lookup, and the closest text is still found."""
    remembered = [
        Remembered(
            f"Take tablet {n} with water after breakfast number {n * 7}.",
            f"es {n}",
            f"a{n % 50}.po",
            None,
        )
        for n in range(10_000)
    ]
    memory = TranslationMemory(remembered)
    for n in range(0, 10_000, 5):
        match = memory.lookup(f"Take tablet {n} with water after lunch number {n * 7}.")
        assert match is not None and match.remembered.msgstr == f"es {n}"
    lookups = 2_000
    assert memory.index.comparisons <= TextIndex.CANDIDATES * lookups
    # Only the two rare words of each text are read (its two numbers); the words every
    # text shares, 10,000 postings each, are past the budget. A scan would read them all.
    assert memory.index.postings_read == 2 * lookups


def test_a_catalog_whose_article_was_removed_still_remembers(project: Path) -> None:
    """knee's template is gone (the article was withdrawn); its Spanish catalog still fills hip."""
    (project / "source" / "knee.md").unlink()
    (project / "locales" / "knee.pot").unlink()
    assert main(["update", "-q"]) == 0
    assert _entries(HIP_PO)["Risks"].msgstr == "Riesgos"
