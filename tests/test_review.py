"""Review records: signed, kept by every gettext tool, stale after any edit, never on shipped drafts."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po

from conftest import DATA, REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import REVIEW_NOTE
from pain_content.checks import CheckConfig
from pain_content.cli import main
from pain_content.pofile import format_catalog
from pain_content.review import (
    Answer,
    Ask,
    ReviewPlan,
    entry_at_line,
    plan_review,
    review_counts,
    revoke,
    sign,
    stale_review_findings,
)
from pain_content.review_records import RECORD_PREFIX, fingerprint, read_record, review_state

DAY = date(2026, 12, 1)
PO = Path("locales/es/LC_MESSAGES/leaflet.po")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The leaflet project (one Spanish catalog, partly translated), as the current folder."""
    shutil.copytree(DATA / "project", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01 00:00 UTC
    assert main(["extract", "-q"]) == 0
    return tmp_path


def _states(path: Path) -> dict[str, str]:
    return {entry.msgid: review_state(entry) for entry in read_catalog(path) if not entry.obsolete}


def test_fingerprint_is_the_documented_sha256_prefix() -> None:
    """The hash is SHA-256 of the compact JSON the module docstring specifies (values from sha256sum)."""
    # printf '%s' '[null,"Take 5 mg.",null,["Tome 5 mg."]]' | sha256sum
    assert fingerprint(polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg.")) == "7355ab44aadc"
    # printf '%s' '["dose","Take %d tablet.","Take %d tablets.",["Tome %d tableta.","Tome %d tabletas."]]' | sha256sum
    plural = polib.POEntry(
        msgctxt="dose",
        msgid="Take %d tablet.",
        msgid_plural="Take %d tablets.",
        msgstr_plural={1: "Tome %d tabletas.", 0: "Tome %d tableta."},
    )
    assert fingerprint(plural) == "3998a2914b15"


@pytest.mark.parametrize(
    "change",
    ["msgstr", "msgid", "msgctxt", "msgid_plural", "plural form", "fuzzy"],
)
def test_any_change_to_what_was_reviewed_makes_the_record_stale(change: str) -> None:
    """A record stops being valid when the context, either source or any translation changes."""
    entry = polib.POEntry(
        msgid="one dose",
        msgid_plural="%d doses",
        msgstr_plural={0: "una dosis", 1: "%d dosis"},
    )
    sign(entry, reviewer="Ana Pérez", day=DAY)
    assert review_state(entry) == "reviewed"
    if change == "msgstr" or change == "plural form":
        entry.msgstr_plural[1] = "%d dosis diarias"
    elif change == "msgid":
        entry.msgid = "one tablet"
    elif change == "msgctxt":
        entry.msgctxt = "ui"
    elif change == "msgid_plural":
        entry.msgid_plural = "%d tablets"
    else:
        entry.flags.append("fuzzy")
    assert review_state(entry) == "stale"


def test_references_comments_and_flags_are_not_part_of_the_review() -> None:
    """Moving, re-extracting or re-flagging an entry keeps its record valid."""
    entry = polib.POEntry(msgid="Rest.", msgstr="Descanse.", occurrences=[("a.md", "3")])
    sign(entry, reviewer="Ana Pérez", day=DAY)
    entry.occurrences = [("b.md", "9")]
    entry.comment = "paragraph"
    entry.flags = ["md-text", "priority:150"]
    entry.tcomment = "Checked with the clinic.\n" + entry.tcomment
    assert review_state(entry) == "reviewed"
    assert read_record(entry) is not None and read_record(entry).reviewer == "Ana Pérez"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "damaged",
    [
        "reviewed: 2026-12-01 7355ab44aadc",  # the name was lost
        "reviewed: 2026-13-01 7355ab44aadc Ana",  # no such date
        "reviewed: 2026-12-01 7355ab44 Ana",  # a shortened hash
        "reviewed: 2026-12-01 7355ab44aadc\nAna Pérez",  # rewrapped over two lines
    ],
)
def test_a_damaged_record_is_stale_not_valid(damaged: str) -> None:
    """A record that cannot be read proves nothing: the entry is stale and check says so."""
    entry = polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg.", tcomment=damaged, linenum=9)
    assert read_record(entry) is None
    assert review_state(entry) == "stale"
    catalog = polib.POFile()
    catalog.append(entry)
    [finding] = stale_review_findings(catalog)
    assert (finding.line, finding.severity, finding.code) == (9, "warning", "review-stale")
    assert finding.message == "the review record cannot be read; the entry must be reviewed again"
    assert revoke(entry) and review_state(entry) == "unreviewed"


def test_sign_replaces_an_earlier_record_and_revoke_removes_it() -> None:
    """One record per entry; the translator's own comments are kept."""
    entry = polib.POEntry(msgid="Rest.", msgstr="Descanse.", tcomment="Keep it short.")
    sign(entry, reviewer="A", day=DAY)
    sign(entry, reviewer="B", day=date(2026, 12, 2))
    assert (
        entry.tcomment == "Keep it short.\nreviewed: 2026-12-02 aa4d6e6bfe6a B"
    )  # sha256sum, as above
    assert revoke(entry) and entry.tcomment == "Keep it short."
    assert not revoke(entry)
    assert review_state(entry) == "unreviewed"


@pytest.mark.parametrize("name", ["", "   ", "Ana\nPérez", "x" * 43])
def test_names_that_cannot_be_recorded_are_refused(name: str) -> None:
    """Empty names, line breaks and names too long for one comment line are refused."""
    with pytest.raises(ValueError):
        sign(polib.POEntry(msgid="a", msgstr="b"), reviewer=name, day=DAY)


def test_the_catalog_header_explains_the_record_format(project: Path) -> None:
    """init writes the review note, whose record format is the one the parser reads."""
    assert main(["init", "-q", "-l", "fr"]) == 0
    header = read_catalog(Path("locales/fr/LC_MESSAGES/leaflet.po")).header
    assert REVIEW_NOTE in header
    assert "'reviewed: DATE HASH NAME'" in REVIEW_NOTE
    assert RECORD_PREFIX == "reviewed:"


def test_review_signs_only_what_passes_and_says_what_it_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Signing everything signs translated, non-fuzzy, error-free entries; refuses the fuzzy one."""
    assert main(["review", "-l", "es", "--by", "Ana Pérez"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f'signed {PO}:21: "Taking your medicine"',
        f'signed {PO}:26: "How and when to take your tablets."',
        f'signed {PO}:31: "Take **one tablet** (5 mg) each morning with wate…"',
        f'signed {PO}:48: "When to call us"',
    ]
    assert err.splitlines() == [
        f'{PO}:43: warning: not signed: "Call 555-0100 if you feel unwell.": '
        "fuzzy: the source changed; the translation must be confirmed first",
        "signed: 4, refused: 1",
    ]
    text = PO.read_text("utf-8")
    assert "# reviewed: 2025-12-01 78cff1552975 Ana Pérez\n" in text
    assert _states(PO)["Call 555-0100 if you feel unwell."] == "unreviewed"
    # Signing again changes nothing: valid records keep who signed and when.
    assert main(["review", "-q", "-l", "es", "--by", "Someone Else"]) == 0
    assert PO.read_text("utf-8") == text


def test_review_never_signs_an_entry_with_a_check_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed dose is an error finding: the entry is refused, named with its code."""
    PO.write_text(PO.read_text("utf-8").replace("tableta** (5 mg)", "tableta** (50 mg)"), "utf-8")
    assert main(["review", "-l", "es", "--by", "Ana", "--article", "leaflet", "--lines", "31"]) == 1
    err = capsys.readouterr().err
    assert f"{PO}:31: warning: not signed: " in err
    assert err.splitlines()[0].endswith(": check errors: number-changed")
    assert _states(PO)["Take **one tablet** (5 mg) each morning with water."] == "unreviewed"


def test_review_by_line_numbers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lines signs the entries containing those lines; an untranslated one is refused, exit 1."""
    code = main(["review", "-l", "es", "--by", "Ana", "--article", "leaflet", "--lines", "22,37"])
    assert code == 1
    out, err = capsys.readouterr()
    assert out == f'signed {PO}:21: "Taking your medicine"\n'
    assert f'{PO}:36: warning: not signed: "Do not take two doses at once.": not translated' in err
    states = _states(PO)
    assert [msgid for msgid, state in states.items() if state == "reviewed"] == [
        "Taking your medicine"
    ]


def test_review_lines_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A header line, --lines without --article and a missing name are usage errors; nothing written."""
    before = PO.read_bytes()
    assert main(["review", "-l", "es", "--by", "A", "--article", "leaflet", "--lines", "3"]) == 2
    assert f"{PO}:3: error: no catalog entry at this line" in capsys.readouterr().err
    assert main(["review", "-l", "es", "--by", "A", "--lines", "20"]) == 2
    assert "--lines needs --article" in capsys.readouterr().err
    assert main(["review", "-l", "es"]) == 2
    assert "--by NAME is required" in capsys.readouterr().err
    assert main(["review", "-l", "es", "--by", "A", "--article", "nope"]) == 2
    assert PO.read_bytes() == before


def test_interactive_review_asks_for_each_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk shows source and translation side by side; y signs, n skips, q stops."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\nmaybe\ny\nq\n"))
    assert main(["review", "-l", "es", "--by", "Ana", "--interactive"]) == 0
    out = capsys.readouterr().out
    assert (
        "source: How and when to take your      | translation: Cómo y cuándo tomar sus\n"
        "tablets.                               | tabletas.\n"
    ) in out
    assert out.count("Sign this entry? [y/n/q]") == 4  # "maybe" is asked again
    assert f'signed {PO}:26: "How and when to take your tablets."' in out
    states = _states(PO)
    assert [msgid for msgid, state in states.items() if state == "reviewed"] == [
        "How and when to take your tablets."
    ]


def test_revoke_removes_records(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--revoke takes back the records of the chosen entries."""
    assert main(["review", "-q", "-l", "es", "--by", "Ana"]) == 0
    assert main(["review", "-l", "es", "--revoke", "--article", "leaflet", "--lines", "18"]) == 0
    assert capsys.readouterr().out == f'revoked {PO}:22: "Taking your medicine"\n'
    assert _states(PO)["Taking your medicine"] == "unreviewed"
    assert main(["review", "-q", "-l", "es", "--revoke"]) == 0
    assert RECORD_PREFIX not in PO.read_text("utf-8")


def test_entry_at_line_maps_comment_and_msgstr_lines() -> None:
    """A line in an entry's comments, msgid or msgstr selects it; header lines select nothing."""
    catalog = read_catalog(DATA / "project" / PO)
    assert entry_at_line(catalog, 5) is None
    assert entry_at_line(catalog, 18).msgid == "Taking your medicine"  # type: ignore[union-attr]
    assert entry_at_line(catalog, 25).msgid == "How and when to take your tablets."  # type: ignore[union-attr]


def _run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_records_survive_gnu_gettext_babel_and_polib_and_go_stale_on_edits(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """msgmerge, msgcat, Babel and polib keep every record valid; editing a msgstr or the source makes it stale."""
    assert main(["review", "-q", "-l", "es", "--by", "Dra. María Fernández-Huerta"]) == 0
    signed = {m for m, s in _states(PO).items() if s == "reviewed"}
    assert len(signed) == 4

    merged, concatenated = Path("merged.po"), Path("cat.po")
    _run("msgmerge", "--quiet", "--previous", "-o", str(merged), str(PO), "locales/leaflet.pot")
    _run("msgcat", "--width=40", "-o", str(concatenated), str(merged))
    with concatenated.open("rb") as stream:
        catalog = read_po(stream, abort_invalid=True)
    babel_out = io.BytesIO()
    write_po(babel_out, catalog, width=76)
    polib_file = polib.pofile(babel_out.getvalue().decode("utf-8"))
    polib_file.save(str(PO))
    assert {m for m, s in _states(PO).items() if s == "reviewed"} == signed
    # And back through our own writer.
    PO.write_text(format_catalog(read_catalog(PO)), "utf-8")
    assert {m for m, s in _states(PO).items() if s == "reviewed"} == signed

    # A translator edits a signed msgstr...
    PO.write_text(PO.read_text("utf-8").replace("Cuándo llamarnos", "Cuándo llamar"), "utf-8")
    # ...and the clinic edits the source of another signed entry.
    source = Path("source/leaflet.md")
    source.write_text(source.read_text("utf-8").replace("each morning", "every morning"), "utf-8")
    assert main(["extract", "-q"]) == 0 and main(["update", "-q"]) == 0
    states = _states(PO)
    assert states["When to call us"] == "stale"
    assert states["Take **one tablet** (5 mg) every morning with water."] == "stale"
    assert states["Taking your medicine"] == "reviewed"

    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    article = json.loads(capsys.readouterr().out)[0]
    assert article["review"] == {"reviewed": 2, "unreviewed": 1, "stale": 2}
    assert main(["check", "-l", "es"]) == 0
    stale_lines = [line for line in capsys.readouterr().out.splitlines() if "review-stale" in line]
    assert len(stale_lines) == 2
    assert (
        "warning: review-stale: the review record of Dra. María Fernández-Huerta" in stale_lines[0]
    )


def test_stale_record_is_no_longer_reviewed_on_the_page(project: Path) -> None:
    """The page (and a CMS fragment) says reviewed only when every published entry has a valid record."""
    catalog_file = PO

    def notice() -> str:
        assert main(["build", "-q", "-l", "es"]) == 0
        page = Path("site/es/leaflet.html").read_text("utf-8")
        return "draft" if "es un borrador" in page else "reviewed by a qualified"

    assert notice() == "draft"
    assert main(["review", "-q", "-l", "es", "--by", "Ana"]) == 0
    assert notice() == "reviewed by a qualified"
    assert main(["build", "-q", "-l", "es", "--fragment", "-o", "cms"]) == 0
    assert json.loads(Path("cms/es/leaflet.json").read_text("utf-8"))["review_state"] == "reviewed"
    catalog_file.write_text(
        catalog_file.read_text("utf-8").replace("Cuándo llamarnos", "Cuándo llamar"), "utf-8"
    )
    assert notice() == "draft"


def test_review_counts_ignore_untranslated_entries_without_records() -> None:
    """Counts cover translated or fuzzy entries, plus any entry with a (stale) record."""
    reviewed = polib.POEntry(msgid="a", msgstr="b")
    sign(reviewed, reviewer="A", day=DAY)
    emptied = polib.POEntry(msgid="c", msgstr="d")
    sign(emptied, reviewer="A", day=DAY)
    emptied.msgstr = ""
    entries = [
        reviewed,
        emptied,
        polib.POEntry(msgid="e", msgstr=""),
        polib.POEntry(msgid="f", msgstr="g"),
    ]
    counts = review_counts(entries)
    assert (counts.reviewed, counts.unreviewed, counts.stale) == (1, 1, 1)


def test_no_shipped_catalog_carries_a_review_record() -> None:
    """Nobody qualified has reviewed the shipped drafts: no entry may claim it."""
    catalogs = sorted((REPOSITORY / "locales").glob("*/LC_MESSAGES/*.po")) + sorted(
        (REPOSITORY / "src" / "pain_content" / "locale").glob("*/LC_MESSAGES/*.po")
    )
    assert len(catalogs) >= 30
    for path in catalogs:
        catalog = read_catalog(path)
        signed = [entry.linenum for entry in catalog if read_record(entry) is not None]
        assert not signed, f"{path} carries review records at lines {signed}"
        records = [
            line for line in path.read_text("utf-8").splitlines() if line.startswith("# reviewed:")
        ]
        assert not records, f"{path}: {records}"
        assert "X-Medical-Review" not in catalog.metadata, f"{path}: run 'pain-content update'"


def test_update_retires_the_review_header(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalog with the old X-Medical-Review header loses it on update; the header comment explains records."""
    old = polib.pofile(PO.read_text("utf-8"))
    old.header += (
        "\nWhen a qualified medical translator has reviewed it, set the\n"
        "X-Medical-Review header to 'reviewed'."
    )
    old.metadata["X-Medical-Review"] = "reviewed"  # typed by hand: it never meant anything checked
    PO.write_text(format_catalog(old), "utf-8")
    assert main(["update", "-q"]) == 0
    migrated = read_catalog(PO)
    assert "X-Medical-Review" not in migrated.metadata
    assert "X-Medical-Review" not in migrated.header
    assert migrated.header.endswith(REVIEW_NOTE)
    assert main(["build", "-q", "-l", "es"]) == 0
    assert "es un borrador" in Path("site/es/leaflet.html").read_text("utf-8")


def test_plan_review_plans_the_signed_catalog_and_writes_nothing(project: Path) -> None:
    """The plan holds each outcome and the new catalog text; the catalog on disk is untouched."""
    before = PO.read_bytes()
    plan = _plan_spanish_review(article="leaflet", lines=[18, 39])
    assert [(o.action, o.line, o.reason.split(":")[0]) for o in plan.outcomes] == [
        ("signed", 21, ""),
        ("refused", 43, "fuzzy"),
    ]
    assert PO.read_bytes() == before
    planned = polib.pofile(plan.files[PO].decode("utf-8"))
    assert _review_state_of(planned, "Taking your medicine") == "reviewed"


def test_plan_review_signs_nothing_after_q(project: Path) -> None:
    """Answering q at the first entry signs nothing and plans no file."""
    asked: list[str] = []

    def stop(entry: polib.POEntry, path: Path, findings: object) -> Answer:
        asked.append(entry.msgid)
        return "q"

    plan = _plan_spanish_review(ask=stop)
    assert asked == ["Taking your medicine"]
    assert plan.files == {} and plan.outcomes == []


def _plan_spanish_review(
    *, article: str | None = None, lines: list[int] | None = None, ask: Ask | None = None
) -> ReviewPlan:
    return plan_review(
        Path("locales"),
        locale=Locale("es"),
        reviewer="Ana Pérez",
        day=DAY,
        config=CheckConfig(),
        article=article,
        lines=lines,
        ask=ask,
    )


def _review_state_of(catalog: polib.POFile, msgid: str) -> str:
    return review_state(next(entry for entry in catalog if entry.msgid == msgid))
