"""The command line: verbs, exit codes, one-line errors, and nothing written on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA
from pain_content.cli import main
from pain_content.xliff import XLIFF_NAMESPACE


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project with one small article, as the current folder."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "leaflet.md").write_text(
        "---\ntitle: Leaflet\n---\n\n# Leaflet\n\nTake 5 mg once a day.\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return tmp_path


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version and --help the verbs, both exit 0."""
    assert main(["--version"]) == 0
    assert "pain-content 0.1.0" in capsys.readouterr().out
    assert main(["--help"]) == 0
    assert "extract" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing verb or an unknown option is a usage error."""
    assert main([]) == 2
    assert main(["build", "--bogus"]) == 2
    assert "error:" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    """python -m pain_content is the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "pain_content", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "pain-content 0.1.0" in result.stdout


def test_the_whole_flow(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """extract, init, update, compile, stats and build work together."""
    assert main(["extract"]) == 0
    assert (project / "locales" / "leaflet.pot").is_file()
    assert main(["init", "-l", "pt-BR"]) == 0
    po = project / "locales" / "pt_BR" / "LC_MESSAGES" / "leaflet.po"
    assert "Language: pt_BR" in po.read_text("utf-8")
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "Leaflet"\nmsgstr ""', 'msgid "Leaflet"\nmsgstr "Folheto"'
        ),
        "utf-8",
    )
    assert main(["update", "--check"]) == 0
    assert main(["compile"]) == 0
    assert po.with_suffix(".mo").is_file()
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    record, ui = json.loads(capsys.readouterr().out)
    assert (record["domain"], record["locale"], record["translated"], record["untranslated"]) == (
        "article",
        "pt_BR",
        1,
        1,
    )
    assert (ui["domain"], ui["percent_translated"], ui["fuzzy"]) == ("ui", 100.0, 0)
    assert main(["build", "--completeness", "20"]) == 0
    page = (project / "site" / "pt-BR" / "leaflet.html").read_text("utf-8")
    assert '<html lang="pt-BR" dir="ltr">' in page and "Folheto" in page


def test_extract_does_not_rewrite_an_unchanged_template(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template whose messages did not change keeps its bytes and date; --check says it is current."""
    assert main(["extract"]) == 0
    template = project / "locales" / "leaflet.pot"
    before = template.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert main(["extract", "--check"]) == 0
    assert main(["extract"]) == 0
    assert template.read_bytes() == before
    (project / "source" / "leaflet.md").write_text("# Leaflet\n\nTake 10 mg.\n", "utf-8")
    assert main(["extract", "--check"]) == 1
    assert template.read_bytes() == before


def test_broken_catalog_fails_with_one_line_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """update and build stop at a broken .po with path:line: error, exit 1, and write nothing."""
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflet.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "broken\n', "utf-8")
    line = po.read_text("utf-8").count("\n")
    before = _files(project)
    capsys.readouterr()
    for verb in (["update"], ["compile"], ["build"], ["stats"]):
        assert main(verb) == 1
        error = capsys.readouterr().err.strip()
        assert (
            error
            == f"locales/es/LC_MESSAGES/leaflet.po:{line}: error: syntax error: unterminated or malformed string"
        )
        assert _files(project) == before


@pytest.mark.parametrize("locale", ["xx", "../x", "/etc", "es/../../x", "e\0s", "EN_us_bogus"])
def test_bad_locales_fail_before_touching_a_path(
    project: Path, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown or path-like locale is a usage error: one line, exit 2, nothing written."""
    assert main(["extract"]) == 0
    before = _files(project)
    capsys.readouterr()
    assert main(["init", "-l", locale]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "\n" not in error
    assert _files(project) == before


def test_init_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """init again leaves an existing catalog as it was and says so."""
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    before = _files(project)
    capsys.readouterr()
    assert main(["init", "-l", "es"]) == 0
    assert capsys.readouterr().out == (
        "exists already, left as it is: locales/es/LC_MESSAGES/leaflet.po\n"
    )
    assert _files(project) == before


def test_missing_source_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Running outside a project says which folder is missing."""
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 1
    assert capsys.readouterr().err.strip() == "source: error: source folder not found"


def test_undecodable_source_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source that is not UTF-8 fails with its file and the line of the bad byte."""
    (project / "source" / "bad.md").write_bytes(b"# Title\n\ncaf\xe9\n")
    assert main(["extract"]) == 1
    assert capsys.readouterr().err.strip() == "source/bad.md:3: error: not UTF-8 text (byte 0xe9)"
    assert not (project / "locales").exists()


def test_update_check_reports_stale_catalogs(project: Path) -> None:
    """update --check exits 1 when a catalog lags its template, and writes nothing."""
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    (project / "source" / "leaflet.md").write_text("# Leaflet\n\nNew text.\n", "utf-8")
    assert main(["extract"]) == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflet.po"
    before = po.read_bytes()
    assert main(["update", "--check"]) == 1
    assert po.read_bytes() == before
    assert main(["update"]) == 0 and main(["update", "--check"]) == 0


def test_build_unknown_requested_locale(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """build -l for a CLDR locale without catalogs fails: it would build nothing of it."""
    assert main(["extract"]) == 0
    assert main(["build", "-l", "de"]) == 1
    assert capsys.readouterr().err == (
        "locales: error: no catalogs were built for de: it has none;"
        " run 'pain-content init -l de' first\n"
    )
    assert not (project / "site").exists()


def test_broken_catalog_golden_is_what_the_cli_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI prints a broken catalog's error exactly as the library reports it."""
    locales = tmp_path / "locales" / "es" / "LC_MESSAGES"
    locales.mkdir(parents=True)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "x.md").write_text("Text.\n", "utf-8")
    (locales / "x.po").write_bytes((DATA / "broken" / "duplicate.po").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["compile"]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "locales/es/LC_MESSAGES/x.po:8: error: duplicate message definition (first at line 5)"
    )
    assert os.listdir(locales) == ["x.po"]


def test_quiet_prints_nothing_on_success(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--quiet silences the report of written files and the build summary."""
    assert main(["extract", "--quiet"]) == 0
    assert main(["build", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def _on_terminal(cwd: Path, *arguments: str, **environment: str) -> bytes:
    """Run the command with a pseudo-terminal as stdout and stderr; return what it wrote."""
    import pty

    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | environment
    process = subprocess.Popen(
        [sys.executable, "-m", "pain_content", *arguments],
        cwd=cwd,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
    )
    process.wait()
    os.close(child_fd)
    output = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(main_fd)
    return output


def test_colour_and_progress_only_on_a_terminal(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal errors are red and build shows progress; NO_COLOR and pipes get plain text."""
    assert b"\x1b[31merror:\x1b[0m" in _on_terminal(project / "source", "extract")
    assert b"\x1b[" not in _on_terminal(project / "source", "extract", NO_COLOR="1")
    assert main(["extract"]) == 0
    bar = _on_terminal(project, "build", "-j", "1")
    assert b"en/leaflet" in bar and b"page" in bar  # tqdm's bar, named after the last job
    capsys.readouterr()
    assert main(["build", "-j", "1"]) == 0
    assert "\r" not in capsys.readouterr().err


def test_xliff_export_and_import_round_trip(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """export then import changes nothing; an edited target lands in the .po; a broken file writes nothing."""
    monkeypatch.chdir(shipped_project)
    po = (
        shipped_project / "locales" / "es" / "LC_MESSAGES" / "stem-cell-therapy-for-chronic-pain.po"
    )
    before = po.read_bytes()
    assert main(["export", "--format", "xliff", "-l", "es"]) == 0
    xliff = shipped_project / "xliff" / "es" / "stem-cell-therapy-for-chronic-pain.xlf"
    assert main(["import", "-l", "es", str(xliff)]) == 0
    assert po.read_bytes() == before
    xliff.write_text(xliff.read_text("utf-8").replace(">Introducción<", ">Presentación<"), "utf-8")
    assert main(["import", "-l", "es", str(xliff)]) == 0
    assert 'msgstr "Presentación"' in po.read_text("utf-8")
    changed = po.read_bytes()
    xliff.write_text(xliff.read_text("utf-8").replace("</xliff>", ""), "utf-8")
    capsys.readouterr()
    assert main(["import", "-l", "es", str(xliff)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"{xliff}:") and "malformed XML" in error
    assert po.read_bytes() == changed


def _fill_targets(xliff: Path, targets: dict[str, tuple[str, str]]) -> None:
    """Set the target and state of the segments whose source is each key, as a CAT tool would."""
    x = f"{{{XLIFF_NAMESPACE}}}"
    document = etree.parse(str(xliff))
    for segment in document.iter(f"{x}segment"):
        source = segment.findtext(f"{x}source")
        if source in targets:
            target = segment.find(f"{x}target")
            if target is None:
                target = etree.SubElement(segment, f"{x}target")
            target.text, state = targets[source]
            segment.set("state", state)
    document.write(str(xliff), xml_declaration=True, encoding="UTF-8")


def test_import_skips_stale_and_poisoned_units_and_keeps_review(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale unit and a changed dose are skipped with one line each, exit 1; the rest lands, unsigned."""
    (project / "source" / "leaflet.md").write_text(
        "# Leaflet\n\nTake 5 mg once a day.\n\nRest when you can.\n\nCall us if it hurts.\n",
        "utf-8",
    )
    assert main(["extract"]) == 0
    assert main(["init", "-l", "es"]) == 0
    assert main(["export", "-l", "es"]) == 0
    xliff = project / "xliff" / "es" / "leaflet.xlf"
    _fill_targets(
        xliff,
        {
            "Leaflet": ("Folleto", "translated"),
            "Take 5 mg once a day.": ("Tome 5 mg una vez al día.", "translated"),
            "Rest when you can.": ("Descanse cuando pueda.", "translated"),
            "Call us if it hurts.": ("Llámenos si le duele.", "translated"),
        },
    )
    assert main(["import", "-l", "es", str(xliff)]) == 0
    assert main(["review", "-l", "es", "--by", "Ana Pérez"]) == 0
    assert main(["export", "-l", "es"]) == 0
    signed = xliff.read_text("utf-8")
    assert signed.count('state="final"') == 4 and signed.count("<mda:metadata>") == 4
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflet.po"
    capsys.readouterr()
    assert main(["import", "-l", "es", str(xliff)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["export", "-l", "es"]) == 0
    assert xliff.read_text("utf-8") == signed

    # The translator changes two targets; meanwhile the English of a third changes.
    _fill_targets(
        xliff,
        {
            "Take 5 mg once a day.": ("Tome 50 mg una vez al día.", "final"),
            "Rest when you can.": ("Descanse siempre que pueda.", "final"),
        },
    )
    (project / "source" / "leaflet.md").write_text(
        "# Leaflet\n\nTake 5 mg once a day.\n\nRest when you can.\n\nCall us if it hurts more.\n",
        "utf-8",
    )
    assert main(["extract"]) == 0
    assert main(["update"]) == 0
    before = po.read_text("utf-8")
    capsys.readouterr()
    assert main(["import", "-l", "es", str(xliff)]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["error", "warning", "warning"]
    assert (
        lines[0].startswith(f"{xliff}:")
        and "number-changed: number 5 in the source is 50" in lines[0]
    )
    assert "skipped: build would hold this translation back" in lines[0]
    assert "the translation differs from the text Ana Pérez" in lines[1]
    assert "source changed since export; skipped" in lines[2]
    assert lines[-1] == "skipped 2 of the units; the others were imported"
    assert out == "updated locales/es/LC_MESSAGES/leaflet.po\n"
    after = po.read_text("utf-8")
    assert 'msgstr "Tome 5 mg una vez al día."' in after and "50 mg" not in after
    assert 'msgstr "Descanse siempre que pueda."' in after
    assert after.count("# reviewed:") == before.count("# reviewed:") - 1
    assert main(["check", "-l", "es"]) == 0


def test_import_help_documents_what_is_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    """import --help says what is skipped, that a poisoned unit is not stored, and the exit status."""
    assert main(["import", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "source changed since the export is skipped" in text
    assert "never stored as a draft" in text
    assert "Exit 1 when a unit was skipped" in text


@pytest.mark.parametrize(
    ("folder", "message"),
    [("xx", "unknown locale 'xx': not in CLDR"), ("pt-BR", "locale folder must be named pt_BR")],
)
def test_badly_named_locale_folder_is_reported_at_the_folder(
    project: Path, folder: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A locale folder CLDR does not know, or spelled the BCP 47 way, is an error naming the folder."""
    assert main(["extract"]) == 0
    (project / "locales" / folder / "LC_MESSAGES").mkdir(parents=True)
    capsys.readouterr()
    assert main(["update"]) == 1
    assert capsys.readouterr().err.strip() == f"locales/{folder}: error: {message}"
    assert not (project / "site").exists() and main(["build"]) == 1


def test_an_article_named_index_is_the_home_page(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """source/index.md is each language's index.html: the article, then the list of the others."""
    (project / "source" / "index.md").write_text("# Riverside Clinic\n\nWelcome.\n", "utf-8")
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    assert main(["build", "--completeness", "0"]) == 0  # publish the untranslated catalogs too
    for tag in ("en", "es"):
        home = (project / "site" / tag / "index.html").read_text("utf-8")
        body = home[home.index('<main id="main">') :]
        assert body.index("<h1") < body.index("Welcome.") < body.index('class="articles"')
        assert '<li><a href="leaflet.html">Leaflet</a></li>' in home
        assert 'href="index.html"' not in body  # the list has the other articles only
        assert '<link rel="alternate" hreflang="es" href="../es/index.html">' in home
        assert (project / "site" / tag / "index.md").is_file()
    assert "1 article in this language." in (project / "site" / "en" / "index.html").read_text(
        "utf-8"
    )


def test_a_closed_pipe_ends_quietly(project: Path) -> None:
    """`pain-content stats | head -1` prints its line and no BrokenPipeError traceback."""
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    result = subprocess.run(
        f"{sys.executable} -m pain_content stats | head -1",
        shell=True, capture_output=True, text=True, cwd=project, check=False,
    )  # fmt: skip
    assert result.stdout.startswith("article") and result.stderr == ""


@pytest.mark.parametrize(
    ("verb", "name"), [(["export", "-l", "es"], "out.xlf"), (["build"], "site.html")]
)
def test_output_naming_a_file_is_a_usage_error(
    project: Path, verb: list[str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o takes a folder: a name with the files' own suffix, or an existing file, is exit 2."""
    assert main(["extract"]) == 0 and main(["init", "-l", "es"]) == 0
    capsys.readouterr()
    assert main([*verb, "-o", name]) == 2
    suffix = name.rsplit(".", 1)[1]
    assert capsys.readouterr().err.strip() == (
        f"{name}: error: names a .{suffix} file; -o takes a folder, the files go inside it"
    )
    assert not (project / name).exists()
    (project / "notes").write_text("mine", "utf-8")
    assert main([*verb, "-o", "notes"]) == 2
    assert capsys.readouterr().err.strip() == "notes: error: is a file; -o takes a folder"
    assert (project / "notes").read_text("utf-8") == "mine"
