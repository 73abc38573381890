"""Bad, hostile and concurrent input: clear errors, no lost translations, nothing executable."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPOSITORY
from pain_content import extract_units, render_html, translate_markdown
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import update_catalog
from pain_content.cli import main
from pain_content.markdown_parser import PARSER, block_skeleton
from pain_content.pofile import format_catalog

ARTICLE = "stem-cell-therapy-for-chronic-pain"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        (
            "utf8-bom",
            b"\xef\xbb\xbf" + (HEADER.format(charset="UTF-8") + 'msgid "a"\nmsgstr "á"\n').encode(),
        ),
        (
            "crlf",
            (HEADER.format(charset="UTF-8") + 'msgid "a"\nmsgstr "\xe1"\n')
            .replace("\n", "\r\n")
            .encode(),
        ),
        (
            "latin-1",
            (HEADER.format(charset="ISO-8859-1") + 'msgid "a"\nmsgstr "\xe1"\n').encode("latin-1"),
        ),
        ("no-header", 'msgid "a"\nmsgstr "\xe1"\n'.encode()),
    ],
)
def test_catalogs_of_every_real_kind_read_and_write_back_as_utf8(
    tmp_path: Path, name: str, raw: bytes
) -> None:
    """BOM, CRLF, other declared charsets and a missing header all read, and write back as UTF-8."""
    po_path = tmp_path / f"{name}.po"
    po_path.write_bytes(raw)
    catalog = read_catalog(po_path)
    assert [(e.msgid, e.msgstr) for e in catalog] == [("a", "á")]
    written = format_catalog(catalog).encode("utf-8")
    (tmp_path / "again.po").write_bytes(written)
    assert [(e.msgid, e.msgstr) for e in read_catalog(tmp_path / "again.po")] == [("a", "á")]
    assert b"ISO-8859-1" not in written


def test_empty_catalog_and_very_long_lines(tmp_path: Path) -> None:
    """An empty file is an empty catalog; a 200,000-character line is read whole."""
    (tmp_path / "empty.po").write_bytes(b"")
    assert len(read_catalog(tmp_path / "empty.po")) == 0
    long_text = "word " * 40_000
    (tmp_path / "long.po").write_text(
        HEADER.format(charset="UTF-8") + f'msgid "{long_text}"\nmsgstr "x"\n', "utf-8"
    )
    assert read_catalog(tmp_path / "long.po")[0].msgid == long_text


def _project(tmp_path: Path) -> Path:
    shutil.copytree(REPOSITORY / "source", tmp_path / "source")
    shutil.copytree(
        REPOSITORY / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    return tmp_path


def _run(project: Path, *arguments: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pain_content", *arguments],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
    )


def test_killed_update_leaves_every_catalog_old_or_new(tmp_path: Path) -> None:
    """Killing update at any moment leaves each catalog exactly as it was or as it should be."""
    project = _project(tmp_path)
    source = project / "source" / f"{ARTICLE}.md"
    source.write_text(source.read_text("utf-8").replace("Introduction", "Overview"), "utf-8")
    assert _run(project, "extract").wait() == 0
    catalogs = sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))
    before = {path: path.read_bytes() for path in catalogs}
    template = read_catalog(project / "locales" / f"{ARTICLE}.pot")
    after = {
        path: format_catalog(update_catalog(read_catalog(path), template)).encode()
        for path in catalogs
    }
    randomness = random.Random(7)
    for _ in range(8):
        for path, content in before.items():
            path.write_bytes(content)
        process = _run(project, "update")
        time.sleep(randomness.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in catalogs:
            assert path.read_bytes() in (before[path], after[path]), path


def test_killed_build_leaves_catalogs_intact(tmp_path: Path) -> None:
    """Killing build part way never touches a .po file."""
    project = _project(tmp_path)
    catalogs = {
        path: path.read_bytes() for path in (project / "locales").glob("*/LC_MESSAGES/*.po")
    }
    for delay in (0.1, 0.3, 0.6):
        process = _run(project, "build")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert {path: path.read_bytes() for path in catalogs} == catalogs
    assert _run(project, "build").wait() == 0


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".tmp" not in p.name
    }


def test_two_builds_at_once_equal_one_build(tmp_path: Path) -> None:
    """Two builds run concurrently on one project give the same files as a single build."""
    single = _project(tmp_path / "single")
    assert _run(single, "build").wait() == 0
    shared = _project(tmp_path / "shared")
    first, second = _run(shared, "build"), _run(shared, "build")
    assert first.wait() == 0 and second.wait() == 0
    assert _snapshot(shared / "site") == _snapshot(single / "site")
    assert _snapshot(shared / "locales") == _snapshot(single / "locales")


def test_symlinked_output_is_not_followed_out_of_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A language folder that is a symlink to elsewhere is refused, and nothing is written there."""
    project = _project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "site").mkdir()
    (project / "site" / "es").symlink_to(outside)
    monkeypatch.chdir(project)
    assert main(["build"]) == 2
    assert "leads outside the output folder" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_deeply_nested_lists_and_quotes_do_not_recurse(tmp_path: Path) -> None:
    """Thousands of nested lists and quotes extract, translate and render without a recursion error."""
    nested = "".join("  " * depth + "- item\n" for depth in range(2000)) + "> " * 2000 + "quote\n"
    units = extract_units(nested)
    assert units and all(unit.msgid for unit in units)
    translated = translate_markdown(nested, {"item": "elemento"})
    assert "elemento" in render_html(translated)


# Markdown built from pieces that interact: block starters, inline markup, HTML, URLs.
PIECES = [
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "```\n",
    "~~~\n",
    "| a | b |\n|---|---|\n",
    "\n",
    "\n\n",
    "text",
    "*em*",
    "**strong**",
    "`code`",
    "[link](https://example.org)",
    "[ref]",
    "[ref]: /u\n",
    "![img](x.png)",
    "<script>alert(1)</script>",
    "<div>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "&amp;",
    "\\",
    "  \n",
    "---\n",
    "===\n",
    "|",
    "{{ 7*7 }}",
    "{% raw %}",
    "٥ mg",
    "中文",
    "\t",
]
documents = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
HOSTILE_TRANSLATIONS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, HOSTILE_TRANSLATIONS)
def test_random_documents_and_translations_are_safe(document: str, hostile: str) -> None:
    """Extraction never crashes, identity returns the source, and no translation breaks structure or safety."""
    units = extract_units(document)
    assert translate_markdown(document, {u.msgid: u.msgid for u in units}) == document
    translations = {u.msgid: hostile for u in units}
    localized = translate_markdown(document, translations)
    assert block_skeleton(PARSER.parse(localized)) == block_skeleton(PARSER.parse(document))
    divs = render_html(document).count("<div")  # the source's own, and the scroll regions
    for html in (render_html(document, translations, locale="ar"), render_html(localized)):
        assert "<script" not in html and html.count("<div") <= divs  # none added
        assert 'href="javascript' not in html.lower()
        assert re.search(r"<[^>]*\bon[a-z]+=", html) is None


def test_large_catalog_merges_without_loss() -> None:
    """A catalog of 100,000 entries, a tenth of them edited, keeps every translation, each edit matched to its own old text."""
    catalog = polib.POFile()
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    template = polib.POFile()
    for index in range(100_000):
        old = f"Message number {index} about chronic pain."
        catalog.append(polib.POEntry(msgid=old, msgstr=f"Mensaje {index}."))
        new = old if index % 10 else f"Message number {index} about chronic pain and its causes."
        template.append(polib.POEntry(msgid=new, msgstr=""))
    merged = update_catalog(catalog, template)
    assert sum(1 for entry in merged if entry.msgstr) == 100_000
    fuzzy = [entry for entry in merged if "fuzzy" in entry.flags]
    assert len(fuzzy) == 10_000
    assert all(entry.msgstr == f"Mensaje {entry.msgid.split()[2]}." for entry in fuzzy)
    assert not any(entry.obsolete for entry in merged)
