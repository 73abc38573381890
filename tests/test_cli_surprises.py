"""A command line that never surprises (issue 16): gates that check nothing fail,
dates, new articles in an existing language, ``update --check``, and the small
things a user notices."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pain_content.cli import main

ES = Path("locales/es/LC_MESSAGES")
LEAFLET_PO = ES / "leaflet.po"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _article(title: str, body: str, front: str = "") -> str:
    return f"---\ntitle: {title}\n{front}---\n\n# {title}\n\n{body}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One small article, extracted, as the current folder."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg once a day.\n\nDrink water."), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0
    return tmp_path


def _translate(po_path: Path, translations: dict[str, str]) -> None:
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalog.save()


def _msgid_line(po_path: Path, msgid: str) -> int:
    lines = po_path.read_text("utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def _one_line(text: str) -> str:
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text.rstrip("\n")


# --- 4: a quality gate that checks nothing fails.


@pytest.mark.parametrize(
    "verb",
    [
        ["check", "-l", "nosuch"],
        ["check", "-l", "es", "-l", "xx"],
        ["init", "-l", "nosuch"],
        ["review", "-l", "nosuch", "--by", "Ana"],
        ["export", "-l", "nosuch"],
        ["import", "-l", "nosuch", "leaflet.xlf"],
        ["build", "-l", "nosuch"],
        ["serve", "-l", "nosuch"],
    ],
)
def test_a_locale_cldr_does_not_know_is_a_usage_error(
    project: Path, verb: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every verb taking -l: exit 2, one line, nothing written."""
    before = _files(project)
    assert main(verb) == 2
    captured = capsys.readouterr()
    assert re.fullmatch(
        r"error: ('nosuch' is not a locale name \(expected something like es or pt_BR\)"
        r"|unknown locale 'xx': not in CLDR)",
        _one_line(captured.err),
    )
    assert captured.out == ""
    assert _files(project) == before


def test_check_of_a_locale_without_catalogs_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check -l de with no German catalogs, or a project with none at all: exit 1, one line."""
    assert main(["check"]) == 1
    assert _one_line(capsys.readouterr().err) == (
        "locales: error: no catalogs were checked: the project has none;"
        " run 'pain-content init -l LOCALE' first"
    )
    assert main(["init", "-q", "-l", "es"]) == 0
    assert main(["check", "-l", "de"]) == 1
    assert _one_line(capsys.readouterr().err) == (
        "locales: error: no catalogs were checked for de: it has none;"
        " run 'pain-content init -l de' first"
    )
    assert main(["check", "-l", "es", "-l", "de"]) == 1
    assert "no catalogs were checked for de" in capsys.readouterr().err
    assert main(["check", "-q", "-l", "es"]) == 0


def test_check_of_a_missing_locales_folder_fails_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--locales names a folder: one that does not exist holds no templates."""
    assert main(["check", "--locales", "nosuch"]) == 1
    assert _one_line(capsys.readouterr().err) == (
        "nosuch: error: no templates; run 'pain-content extract' first"
    )


@pytest.mark.parametrize(
    ("verb", "message"),
    [
        (["stats"], "no catalogs were counted: the project has none"),
        (["compile"], "no catalogs were compiled: the project has none"),
        (["review", "-l", "de", "--by", "Ana"], "no catalogs were reviewed for de: it has none"),
        (["review", "-l", "de", "--revoke"], "no catalogs were revoked for de: it has none"),
        (["export", "-l", "de"], "no catalogs were exported for de: it has none"),
        (["build", "-l", "de"], "no catalogs were built for de: it has none"),
    ],
)
def test_other_verbs_that_would_do_nothing_fail(
    project: Path, verb: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same rule as check: no catalogs to work on is exit 1, one line, nothing written."""
    before = _files(project)
    assert main(verb) == 1
    assert _one_line(capsys.readouterr().err).startswith(f"locales: error: {message};")
    assert _files(project) == before


# --- 5: dates.


@pytest.mark.parametrize("verb", [["extract"], ["build", "-j", "1"], ["build", "-j", "2"]])
def test_an_impossible_review_date_is_an_error_at_its_line(
    project: Path, verb: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """2026-02-30: one line with the file and line, exit 1, no traceback, nothing written."""
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg.", "last_reviewed: 2026-02-30\n"), "utf-8"
    )
    before = _files(project)
    assert main(verb) == 1
    assert _one_line(capsys.readouterr().err) == (
        "source/leaflet.md:3: error: last_reviewed: 2026-02-30 is not a date:"
        " day is out of range for month"
    )
    assert _files(project) == before


@pytest.mark.parametrize(
    "written",
    ["December 1, 2026", "01/12/2026", "2026-12-1", "2026-12-01T09:30", "'1 Dec 2026'"],
)
@pytest.mark.parametrize("verb", [["extract"], ["build", "-j", "1"]])
def test_a_review_date_in_another_form_is_an_error_saying_the_form(
    project: Path, written: str, verb: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Never a silently dropped "last reviewed" line: the error says YYYY-MM-DD."""
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg.", f"description: A leaflet.\nlast_reviewed: {written}\n"),
        "utf-8",
    )
    before = _files(project)
    assert main(verb) == 1
    error = _one_line(capsys.readouterr().err)
    assert error.startswith("source/leaflet.md:4: error: last_reviewed: ")
    assert error.endswith("is not a date in the form YYYY-MM-DD (such as 2026-12-01)")
    assert _files(project) == before


def test_an_empty_review_date_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``last_reviewed:`` with nothing after it."""
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg.", "last_reviewed:\n"), "utf-8"
    )
    assert main(["extract"]) == 1
    assert _one_line(capsys.readouterr().err) == (
        "source/leaflet.md:3: error: last_reviewed is empty: write the date as YYYY-MM-DD"
    )


@pytest.mark.parametrize("written", ["2026-12-01", "'2026-12-01'", '"2026-12-01"'])
def test_a_quoted_iso_review_date_is_the_date(project: Path, written: str) -> None:
    """Quoted or not, an ISO date is shown on the page as the page's language writes it."""
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg.", f"last_reviewed: {written}\n"), "utf-8"
    )
    assert main(["build", "-q", "-j", "1"]) == 0
    page = (project / "site" / "en" / "leaflet.html").read_text("utf-8")
    assert '<time datetime="2026-12-01">December 1, 2026</time>' in page


# --- 7: a new article in an existing language.


def test_init_creates_the_catalogs_a_language_lacks_and_leaves_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """init -l es after a new article: the new catalog is created, the old one untouched."""
    assert main(["init", "-l", "es"]) == 0
    assert capsys.readouterr().out == f"created {LEAFLET_PO}\n"
    _translate(project / LEAFLET_PO, {"Leaflet": "Folleto"})
    translated = (project / LEAFLET_PO).read_bytes()
    (project / "source" / "dosing.md").write_text(_article("Dosing", "Take 2 tablets."), "utf-8")
    assert main(["extract", "-q"]) == 0
    assert main(["init", "-l", "es"]) == 0
    assert capsys.readouterr().out == (
        f"created {ES / 'dosing.po'}\nexists already, left as it is: {LEAFLET_PO}\n"
    )
    assert (project / LEAFLET_PO).read_bytes() == translated
    new = polib.pofile(str(project / ES / "dosing.po"))
    assert new.metadata["Language"] == "es"
    assert [entry.msgid for entry in new] == ["Dosing", "Take 2 tablets."]


def test_update_says_created_for_the_catalogs_it_creates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new article gets a catalog in every language that has catalogs: "created", not "updated"."""
    assert main(["init", "-q", "-l", "es"]) == 0 and main(["init", "-q", "-l", "fr"]) == 0
    (project / "source" / "dosing.md").write_text(_article("Dosing", "Take 2 tablets."), "utf-8")
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Take 5 mg once a day.\n\nDrink a glass of water."), "utf-8"
    )
    assert main(["extract", "-q"]) == 0
    assert main(["update"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "created locales/es/LC_MESSAGES/dosing.po",
        "created locales/fr/LC_MESSAGES/dosing.po",
        "updated locales/es/LC_MESSAGES/leaflet.po",
        "updated locales/fr/LC_MESSAGES/leaflet.po",
    ]


@pytest.mark.parametrize("locale", ["en", "en-GB"])
def test_init_of_the_source_language_is_a_usage_error(
    project: Path, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """English pages show the source itself: there is nothing to translate, so init says so."""
    before = _files(project)
    assert main(["init", "-l", locale]) == 2
    error = _one_line(capsys.readouterr().err)
    assert error.startswith("error: en") and "language the articles are written in" in error
    assert _files(project) == before


def test_the_tutorial_says_update_and_init_create_catalogs_for_new_articles() -> None:
    """The tutorial tells an editor what to run after adding an article."""
    tutorial = (Path(__file__).parents[1] / "docs" / "tutorial.md").read_text("utf-8")
    assert "creates\nthe catalog of a new article" in tutorial
    assert "creates\nonly the catalogs the language still lacks" in tutorial


# --- 8: update --check fails only on a template change that is not merged.


@pytest.fixture
def translated(project: Path) -> Path:
    """The leaflet in Spanish, every entry translated, merged and current."""
    (project / "source" / "leaflet.md").write_text(
        _article(
            "Leaflet",
            "Take 5 mg once a day. Swallow the tablet whole with a full glass of water, and"
            " do not crush or chew it.\n\n> [!WARNING]\n> Call us if you feel unwell.",
        ),
        "utf-8",
    )
    assert main(["extract", "-q"]) == 0 and main(["init", "-q", "-l", "es"]) == 0
    _translate(
        project / LEAFLET_PO,
        {
            "Leaflet": "Folleto",
            "Take 5 mg once a day. Swallow the tablet whole with a full glass of water, and do"
            " not crush or chew it.": "Tome 5 mg una vez al día. Trague la tableta entera con"
            " un vaso lleno de agua, y no la triture ni la mastique.",
            "Call us if you feel unwell.": "Llámenos si se siente mal.",
        },
    )
    assert main(["update", "-q"]) == 0
    return project


def test_a_catalog_resaved_by_msgcat_is_up_to_date(translated: Path) -> None:
    """GNU msgcat re-wraps, splits references and drops md-text and priority flags: not a merge."""
    po = translated / LEAFLET_PO
    before = po.read_text("utf-8")
    subprocess.run(["msgcat", "-w", "40", str(po), "-o", str(po)], check=True)
    after = po.read_text("utf-8")
    assert "md-text" in before and "md-text" not in after and "priority:150" not in after
    assert after != before
    assert main(["update", "--check"]) == 0


def test_a_catalog_resaved_by_polib_is_up_to_date(translated: Path) -> None:
    """polib's own save (another wrapping, Poedit-like) is not a merge either."""
    po = translated / LEAFLET_PO
    before = po.read_bytes()
    catalog = polib.pofile(str(po), wrapwidth=30)
    catalog.save()
    assert po.read_bytes() != before
    assert main(["update", "--check"]) == 0


def test_update_check_names_each_unmerged_entry_at_its_msgid_line(
    translated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new and a removed text: the catalog and each entry, at its msgid line; nothing written."""
    po = translated / LEAFLET_PO
    subprocess.run(["msgcat", str(po), "-o", str(po)], check=True)  # a translator's save
    (translated / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Rest.\n\n> [!WARNING]\n> Call us if you feel unwell."), "utf-8"
    )
    assert main(["extract", "-q"]) == 0
    before = _files(translated)
    capsys.readouterr()
    assert main(["update", "--check"]) == 1
    captured = capsys.readouterr()
    removed = "Take 5 mg once a day. Swallow the tablet whole with a full glass of water, and do"
    template_line = _msgid_line(translated / "locales" / "leaflet.pot", "Rest.")
    removed_line = po.read_text("utf-8").splitlines().index('msgid ""', 20) + 1
    assert po.read_text("utf-8").splitlines()[removed_line].startswith(f'"{removed[:20]}')
    assert captured.out.splitlines() == [
        f"locales/leaflet.pot:{template_line}: out of date in {LEAFLET_PO}:"
        ' "Rest.": new in the template',
        f"{LEAFLET_PO}:{removed_line}: out of date:"
        ' "Take 5 mg once a day. Swallow the tablet whole wi…": no longer in the template',
    ]
    assert captured.err == "1 catalog out of date; run 'pain-content update'\n"
    assert _files(translated) == before
    assert main(["update", "-q"]) == 0 and main(["update", "--check"]) == 0


def test_update_check_names_a_moved_entry_and_a_missing_catalog(
    translated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text that moved (its reference changed) and a new article's catalog are not merged yet."""
    (translated / "source" / "leaflet.md").write_text(
        "---\ntitle: Leaflet\n---\n\n\n# Leaflet\n\nTake 5 mg once a day. Swallow the tablet"
        " whole with a full glass of water, and do not crush or chew it.\n\n> [!WARNING]\n>"
        " Call us if you feel unwell.\n",
        "utf-8",
    )
    (translated / "source" / "dosing.md").write_text(_article("Dosing", "Take 2."), "utf-8")
    assert main(["extract", "-q"]) == 0
    capsys.readouterr()
    assert main(["update", "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{ES / 'dosing.po'}: out of date: missing; 'update' creates it"
    line = _msgid_line(translated / LEAFLET_PO, "Leaflet")
    assert (
        out[1]
        == f'{LEAFLET_PO}:{line}: out of date: "Leaflet": its references changed in the template'
    )
    assert len(out) == 4  # the heading, the paragraph and the alert moved down one line


# --- 10: small things a user notices.


def test_held_back_counts_translations_not_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One translation failing two checks is one translation held back, with both reasons."""
    assert main(["init", "-q", "-l", "es"]) == 0
    _translate(
        project / LEAFLET_PO,
        {"Leaflet": "Folleto", "Take 5 mg once a day.": "Tome 5 mcg dos veces al día."},
    )
    line = _msgid_line(project / LEAFLET_PO, "Take 5 mg once a day.")
    assert main(["build", "-j", "1", "--completeness", "0"]) == 0
    captured = capsys.readouterr()
    held = [row for row in captured.err.splitlines() if "held back" in row]
    assert len(held) == 1 and held[0].startswith(f"{LEAFLET_PO}:{line}: warning: held back: ")
    assert "number-changed" in held[0] and "dose-unit-changed" in held[0]
    assert captured.out.endswith(", 1 translation held back\n")
    assert captured.out.startswith("built 2 languages into site: ")


def test_counts_are_plural_aware(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ "1 error, 1 warning in 1 catalog", never "1 errors"."""
    assert main(["init", "-q", "-l", "es"]) == 0
    _translate(project / LEAFLET_PO, {"Take 5 mg once a day.": "Tome 50 mg una vez al día."})
    assert main(["check", "-l", "es"]) == 1
    summary = capsys.readouterr().err.splitlines()[-1]
    assert re.fullmatch(r"1 error, \d+ warnings? in 1 catalog", summary), summary


def test_findings_point_at_the_msgid_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check, compile and build name the entry's msgid line, not its first comment line."""
    assert main(["init", "-q", "-l", "es"]) == 0
    _translate(project / LEAFLET_PO, {"Take 5 mg once a day.": "Tome 50 mg una vez al día."})
    line = _msgid_line(project / LEAFLET_PO, "Take 5 mg once a day.")
    text = (project / LEAFLET_PO).read_text("utf-8").splitlines()
    assert text[line - 4].startswith("#.")  # the entry starts with comments above its msgid
    where = f"{LEAFLET_PO}:{line}:"
    assert main(["check", "-l", "es"]) == 1
    assert f"{where} error: number-changed: " in capsys.readouterr().out
    assert main(["compile"]) == 1
    assert f"{where} error: number-changed: " in capsys.readouterr().err
    assert main(["build", "-j", "1", "--completeness", "0"]) == 0
    assert f"{where} warning: held back: number-changed: " in capsys.readouterr().err
    assert main(["check", "-l", "es", "--json"]) == 1
    assert f'"line": {line},' in capsys.readouterr().out


def test_no_verb_prints_the_whole_help(capsys: pytest.CaptureFixture[str]) -> None:
    """pain-content alone: the full help (every verb), with the usage-error exit code 2."""
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    for verb in ("extract", "init", "update", "compile", "check", "build", "serve", "review"):
        assert f"    {verb} " in captured.err
    assert captured.err.startswith("usage: pain-content")
    assert "error:" not in captured.err
    result = subprocess.run(
        [sys.executable, "-m", "pain_content"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "Patient-education articles" in result.stderr


def _config(project: Path, statements: str) -> None:
    (project / "pain-content.toml").write_text(
        f'[project]\nname = "clinic"\n\n[check]\nrequired_statements = [\n{statements}]\n',
        "utf-8",
    )


def test_required_statements_can_be_scoped_to_articles(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scoped statement is required only in its articles; an unscoped one in every article."""
    (project / "source" / "dosing.md").write_text(
        _article("Dosing", "Take 2 tablets.\n\nDrink water."), "utf-8"
    )
    assert main(["extract", "-q"]) == 0 and main(["init", "-q", "-l", "es"]) == 0
    _config(
        project,
        '    { msgid = "Take 2 tablets.", reason = "dose", articles = ["dosing"] },\n'
        '    "Drink water.",\n',
    )
    capsys.readouterr()
    assert main(["check", "-l", "es"]) == 1
    found = [row for row in capsys.readouterr().out.splitlines() if "required-statement" in row]
    assert found == [
        f"{ES / 'dosing.po'}:{_msgid_line(project / ES / 'dosing.po', 'Take 2 tablets.')}:"
        " error: required-statement: required statement (dose) is not translated",
        f"{ES / 'dosing.po'}:{_msgid_line(project / ES / 'dosing.po', 'Drink water.')}:"
        " error: required-statement: required statement (required statement) is not translated",
        f"{LEAFLET_PO}:{_msgid_line(project / LEAFLET_PO, 'Drink water.')}:"
        " error: required-statement: required statement (required statement) is not translated",
    ]


@pytest.mark.parametrize(
    "verb", [["check"], ["compile"], ["build", "-j", "1"], ["review", "-l", "es", "--by", "A"]]
)
def test_a_misspelled_required_statement_is_reported_once_at_its_line(
    project: Path, verb: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A statement in no template: one line at its line in pain-content.toml, not per catalog."""
    assert main(["init", "-q", "-l", "es"]) == 0 and main(["init", "-q", "-l", "fr"]) == 0
    _config(project, '    "Drink water.",\n    "Drink watter.",\n')
    before = _files(project)
    assert main(verb) == 2
    assert _one_line(capsys.readouterr().err) == (
        "pain-content.toml:7: error: required statement 'Drink watter.' is in no article's"
        " source: is it misspelled? (it must be a message's text exactly)"
    )
    assert _files(project) == before


def test_a_statement_scoped_to_an_unknown_article_is_refused_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """articles = ["leaflett"] names no article."""
    assert main(["init", "-q", "-l", "es"]) == 0
    _config(project, '    { msgid = "Drink water.", articles = ["leaflett"] },\n')
    assert main(["check"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "pain-content.toml:6: error: required statement 'Drink water.' names article"
        " 'leaflett', which is not in the source folder"
    )


def test_space_grouped_thousands_get_a_grouping_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spanish 3 000 mg: a message about grouping, not "number 000 (= 0) is not in the source"."""
    (project / "source" / "leaflet.md").write_text(
        _article("Leaflet", "Do not take more than 3,000 mg a day."), "utf-8"
    )
    assert main(["extract", "-q"]) == 0 and main(["init", "-q", "-l", "es"]) == 0
    _translate(
        project / LEAFLET_PO,
        {
            "Leaflet": "Folleto",
            "Do not take more than 3,000 mg a day.": "No tome más de 3 000 mg al día.",
        },
    )
    assert main(["check", "-l", "es"]) == 0
    out = capsys.readouterr().out
    line = _msgid_line(project / LEAFLET_PO, "Do not take more than 3,000 mg a day.")
    assert out == (
        f"{LEAFLET_PO}:{line}: warning: number-grouping: 3 000 uses a space to group thousands;"
        " es writes 3.000 (its CLDR group mark is '.'): a reader may take it for two numbers\n"
    )
    assert "000 (= 0)" not in out
