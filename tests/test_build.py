"""The site: golden pages, partial translations, reproducible and incremental builds."""

from __future__ import annotations

import gettext
import json
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATA, REPOSITORY
from pain_content.build import BuildReport, build_site
from pain_content.catalog_files import read_catalog
from pain_content.errors import CatalogError
from pain_content.pofile import format_catalog
from pain_content.site_plan import CHECKS_FOLDER, MANIFEST
from pain_content.ui import UI_LOCALE_DIR

ARTICLE = "stem-cell-therapy-for-chronic-pain"


def _build(
    project: Path, *, locales: Sequence[str] = (), fragment: bool = False
) -> tuple[Path, BuildReport]:
    output = project / "site"
    report = build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=output,
        locales=locales,
        fragment=fragment,
    )
    return output, report


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("lang_tag", ["es", "ar", "zh-Hans"])
def test_shipped_pages_golden(
    shipped_project: Path, lang_tag: str, golden: Callable[[Path, str], None]
) -> None:
    """A left-to-right, a right-to-left and a CJK page are exactly their golden files."""
    output, _ = _build(shipped_project)
    page = (output / lang_tag / f"{ARTICLE}.html").read_text("utf-8")
    golden(DATA / "pages" / f"{lang_tag}.html", page)


def test_partly_translated_page_golden(tmp_path: Path, golden: Callable[[Path, str], None]) -> None:
    """Untranslated and outdated blocks show in English with lang="en", and the page says how
    many of each: an outdated one (fuzzy since the English changed) with the template's date."""
    shutil.copytree(DATA / "project", tmp_path, dirs_exist_ok=True)
    output, _ = _build(tmp_path)
    page = (output / "es" / "leaflet.html").read_text("utf-8")
    golden(DATA / "pages" / "partial-es.html", page)
    assert "2 partes de esta página aún no están traducidas" in page
    assert (
        '1 parte de esta página se actualizó en inglés el <time datetime="2026-03-02">'
        "2 de marzo de 2026</time>" in page
    )
    assert '<ul lang="en">\n<li>Do not take two doses at once.</li>' in page
    assert "555-0199" not in page, "a fuzzy translation was published"
    assert "borrador" in page  # the page says the translation is a draft
    markdown = (output / "es" / "leaflet.md").read_text("utf-8")
    assert "Call 555-0100 if you feel unwell." in markdown and "Tome **una tableta**" in markdown


def test_every_shipped_language_is_built_with_direction_and_names(shipped_project: Path) -> None:
    """All sixteen languages get a page with the right lang and dir, and the front page names each in itself."""
    output, _ = _build(shipped_project)
    expected = {
        "en": "English",
        "es": "Español",
        "ar": "العربية",
        "fa": "فارسی",
        "zh-Hans": "中文 (简体)",
        "ja": "日本語",
        "so": "Soomaali",
    }
    front = (output / "index.html").read_text("utf-8")
    tags = sorted(p.name for p in output.iterdir() if p.is_dir() and p.name != CHECKS_FOLDER)
    assert len(tags) == 16
    for tag in tags:
        page = (output / tag / f"{ARTICLE}.html").read_text("utf-8")
        direction = "rtl" if tag in ("ar", "fa") else "ltr"
        assert f'<html lang="{tag}" dir="{direction}">' in page
        assert f'hreflang="{tag}"' in front
    for tag, name in expected.items():
        assert (
            f'lang="{tag}" hreflang="{tag}" dir="{"rtl" if tag in ("ar", "fa") else "ltr"}">{name}</a>'
            in front
        )


def test_building_twice_changes_no_file(shipped_project: Path) -> None:
    """A second build writes nothing and leaves every byte as it was."""
    output, _ = _build(shipped_project)
    first = _snapshot(output)
    _, report = _build(shipped_project)
    assert report.written == []
    assert _snapshot(output) == first


def test_changing_one_catalog_rewrites_only_that_language(shipped_project: Path) -> None:
    """After one catalog changes, only that language's outputs (and its .mo) are rewritten."""
    _build(shipped_project)
    po = shipped_project / "locales" / "fr" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = read_catalog(po)
    catalog[2].msgstr = "Présentation générale"
    po.write_text(format_catalog(catalog), "utf-8")
    _, report = _build(shipped_project)
    written = sorted(str(path.relative_to(shipped_project)) for path in report.written)
    assert written == [
        f"locales/fr/LC_MESSAGES/{ARTICLE}.mo",
        f"site/fr/{ARTICLE}.html",
        f"site/fr/{ARTICLE}.md",
    ]


def test_removing_a_language_removes_its_outputs(shipped_project: Path) -> None:
    """When a language's catalogs go, so do its pages and its check findings; files the build
    did not write stay."""
    output, _ = _build(shipped_project)
    (output / "notes.txt").write_text("mine", "utf-8")
    shutil.rmtree(shipped_project / "locales" / "so")
    _, report = _build(shipped_project)
    assert not any((output / "so").glob("*"))
    assert not any((output / CHECKS_FOLDER / "so").glob("*"))
    assert len(report.removed) == 4  # page, Markdown, index page, check findings
    assert (output / "notes.txt").read_text("utf-8") == "mine"
    assert "so/index.html" not in (output / MANIFEST).read_text("utf-8")


def test_fragments_carry_language_direction_and_notices(shipped_project: Path) -> None:
    """--fragment writes one <article> with lang and dir, the page's notices and no page chrome."""
    output, _ = _build(shipped_project, fragment=True)
    arabic = (output / "ar" / f"{ARTICLE}.html").read_text("utf-8")
    assert arabic.startswith('<article class="pain-content" lang="ar" dir="rtl">\n')
    assert arabic.endswith("</article>\n")
    assert "<html" not in arabic and "<style" not in arabic and "<nav" not in arabic
    ui = gettext.translation("ui", localedir=UI_LOCALE_DIR, languages=["ar"])
    draft = ui.gettext(
        "This translation is a draft and has not yet been reviewed by a qualified medical"
        " translator. If anything is unclear, ask your care team."
    )
    assert draft != "" and f'<p class="notice" role="note">{draft}</p>' in arabic
    assert '<time datetime="2026-11-25">' in arabic  # the review date, written for the locale
    english = (output / "en" / f"{ARTICLE}.html").read_text("utf-8")
    assert english.startswith('<article class="pain-content" lang="en" dir="ltr">')
    assert 'class="notice"' not in english


def test_fragment_sidecar_follows_its_schema(shipped_project: Path) -> None:
    """Beside each fragment a JSON sidecar says title, language, direction and review state."""
    schema = json.loads((REPOSITORY / "docs" / "fragment-schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    output, _ = _build(shipped_project, fragment=True)
    sidecars = sorted(output.glob(f"*/{ARTICLE}.json"))
    assert len(sidecars) == 16
    for sidecar in sidecars:
        jsonschema.validate(json.loads(sidecar.read_text("utf-8")), schema)
    arabic = json.loads((output / "ar" / f"{ARTICLE}.json").read_text("utf-8"))
    assert arabic["lang"] == "ar" and arabic["dir"] == "rtl"
    assert arabic["review_state"] == "draft" and arabic["last_reviewed"] == "2026-11-25"
    assert arabic["title"] == "العلاج بالخلايا الجذعية للألم المزمن"
    assert arabic["translated"] > 0 and arabic["untranslated"] == 0
    english = json.loads((output / "en" / f"{ARTICLE}.json").read_text("utf-8"))
    assert english["review_state"] == "source" and english["translated"] == 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**arabic, "review_state": "approved"}, schema)


def test_localized_markdown_declares_language_direction_and_review_state(
    shipped_project: Path,
) -> None:
    """The localized .md's front matter gains lang, dir and review_state."""
    output, _ = _build(shipped_project)
    persian = (output / "fa" / f"{ARTICLE}.md").read_text("utf-8")
    front_matter = yaml.safe_load(persian.split("---\n")[1])
    assert front_matter["lang"] == "fa" and front_matter["dir"] == "rtl"
    assert front_matter["review_state"] == "draft"
    assert front_matter["last_reviewed"].isoformat() == "2026-11-25"
    english = (output / "en" / f"{ARTICLE}.md").read_text("utf-8")
    assert yaml.safe_load(english.split("---\n")[1])["review_state"] == "source"


def test_build_selected_locales(shipped_project: Path) -> None:
    """-l limits the build to the source language and the locales asked for, in either spelling."""
    output, _ = _build(shipped_project, locales=["pt-BR", "zh_Hant"])
    folders = sorted(p.name for p in output.iterdir() if p.is_dir() and p.name != CHECKS_FOLDER)
    assert folders == ["en", "pt-BR", "zh-Hant"]


@pytest.mark.parametrize("pool", ["process", "thread", "dask"])
def test_every_executor_builds_the_same_files(
    pool: str, shipped_project: Path, tmp_path: Path
) -> None:
    """Serial, process-pool, thread-pool and Dask-cluster builds write identical bytes."""
    serial, _ = _build(shipped_project)
    twin = tmp_path / "twin"
    shutil.copytree(
        shipped_project / "locales", twin / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    other = twin / "site"

    def build(executor: Executor) -> BuildReport:
        return build_site(
            source_dir=shipped_project / "source",
            locales_dir=twin / "locales",
            output_dir=other,
            executor=executor,
        )

    if pool == "dask":
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # loopback only
                dashboard_address="127.0.0.1:0",  # any free port, never a fixed one
            ) as cluster,
            Client(cluster) as client,
        ):
            report = build(client.get_executor())
    else:
        pool_type = ProcessPoolExecutor if pool == "process" else ThreadPoolExecutor
        with pool_type(max_workers=2) as executor:
            report = build(executor)
    assert len(report.jobs_run) == 16
    assert _snapshot(other) == _snapshot(serial)
    for mo in (shipped_project / "locales").rglob("*.mo"):
        assert (twin / mo.relative_to(shipped_project)).read_bytes() == mo.read_bytes()


def test_a_broken_catalog_on_an_executor_names_its_file_and_writes_nothing(
    shipped_project: Path,
) -> None:
    """A pool runs an article's jobs a few to a task: a broken catalog in the last task
    still fails with its own path and line, and the build leaves no file behind."""
    po = shipped_project / "locales" / "zh_Hant" / "LC_MESSAGES" / f"{ARTICLE}.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "broken\n', "utf-8")
    before = _snapshot(shipped_project)
    with ThreadPoolExecutor(max_workers=2) as executor, pytest.raises(CatalogError) as raised:
        build_site(
            source_dir=shipped_project / "source",
            locales_dir=shipped_project / "locales",
            output_dir=shipped_project / "site",
            executor=executor,
        )
    assert str(raised.value).startswith(f"{po}:{po.read_text('utf-8').count(chr(10))}: ")
    assert _snapshot(shipped_project) == before


def test_a_rebuild_after_editing_one_entry_checks_that_entry_alone(shipped_project: Path) -> None:
    """Findings are kept by content beside the manifest: after one edited msgstr only that
    entry is checked again, only its job's files are rewritten, and a finding read from the
    cache still holds its translation back, at its line."""
    po = shipped_project / "locales" / "ja" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = read_catalog(po)
    catalog[5].msgstr += "5 mg。"  # a number the source does not have
    po.write_text(format_catalog(catalog), "utf-8")
    translated = sum(
        1
        for path in (shipped_project / "locales").glob(f"*/LC_MESSAGES/{ARTICLE}.po")
        for entry in read_catalog(path)
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    )
    output, first = _build(shipped_project)
    assert first.entries_checked == translated
    held = [item for item in first.held_back if item.path == po]
    assert [item.reason.split(":")[0] for item in held] == ["number-changed"]
    catalog = read_catalog(po)
    catalog[2].msgstr = "はじめに（改訂）"
    po.write_text(format_catalog(catalog), "utf-8")
    _, edited = _build(shipped_project)
    assert edited.entries_checked == 1
    assert [item for item in edited.held_back if item.path == po] == held
    assert sorted(path.relative_to(shipped_project).as_posix() for path in edited.written) == [
        f"locales/ja/LC_MESSAGES/{ARTICLE}.mo",
        f"site/ja/{ARTICLE}.html",
        f"site/ja/{ARTICLE}.md",
    ]
    assert (output / CHECKS_FOLDER / "ja" / f"{ARTICLE}.json").is_file()


def test_a_rebuild_runs_only_the_jobs_whose_inputs_changed(shipped_project: Path) -> None:
    """No change runs no job; one edited catalog runs that (article, language) alone."""
    _, first = _build(shipped_project)
    assert len(first.jobs_run) == 16
    _, again = _build(shipped_project)
    assert again.jobs_run == []
    po = shipped_project / "locales" / "ja" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = read_catalog(po)
    catalog[2].msgstr = "はじめに（改訂）"
    po.write_text(format_catalog(catalog), "utf-8")
    output, edited = _build(shipped_project)
    assert edited.jobs_run == [f"ja/{ARTICLE}"]
    assert "はじめに（改訂）" in (output / "ja" / f"{ARTICLE}.html").read_text("utf-8")
    (output / "ja" / f"{ARTICLE}.html").unlink()
    _, restored = _build(shipped_project)
    assert restored.jobs_run == [f"ja/{ARTICLE}"] and (output / "ja" / f"{ARTICLE}.html").is_file()
