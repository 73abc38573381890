"""Images, forms and links between articles: copied once, linked right, broken ones reported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from linked_project import CONSENT_PDF, make_linked_project, png, translate_all
from pain_content.build import BuildReport, build_site
from pain_content.catalog_files import read_catalog
from pain_content.cli import main
from pain_content.errors import LocaleError, SourceErrors
from pain_content.links import local_links, rewrite_markdown_links
from pain_content.locales import parse_locale
from pain_content.pofile import entry_line

_URL = re.compile(r'\b(?:href|src)="([^"#]*)[^"]*"')
_MARKDOWN_URL = re.compile(r"\]\((?!#|https?:)([^)#\s]+)|\]: (\S+)|\b(?:href|src)=\"([^\"#]*)")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_linked_project(tmp_path, monkeypatch)


def _build(project: Path, *, locales: Sequence[str] = (), fragment: bool = False) -> BuildReport:
    return build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        locales=locales,
        fragment=fragment,
    )


def _local_urls(page: Path) -> list[str]:
    text = page.read_text("utf-8")
    if page.suffix == ".md":
        found = [
            next(group for group in match.groups() if group)
            for match in _MARKDOWN_URL.finditer(text)
        ]
    else:
        found = _URL.findall(text)
    return [
        url for url in found if url and not url.startswith(("https:", "http:", "mailto:", "data:"))
    ]


def _resolves(page: Path, url: str, root: Path) -> Path:
    from urllib.parse import unquote

    target = (page.parent / unquote(url)).resolve()
    assert target.is_relative_to(root.resolve()), f"{page}: {url} leaves the site"
    return target


def test_files_are_copied_once_and_every_page_links_to_them(project: Path) -> None:
    """Markdown images, raw <img src> and a linked PDF land in site/assets/ once; every
    page and Markdown file of every language points at them with a relative URL that exists."""
    _build(project)
    site = project / "site"
    assets = {
        str(path.relative_to(site)) for path in (site / "assets").rglob("*") if path.is_file()
    }
    assert assets == {"assets/img/ice pack.png", "assets/img/brace.png", "assets/forms/consent.pdf"}
    assert (site / "assets" / "img" / "ice pack.png").read_bytes() == png(4, 3)
    assert (site / "assets" / "forms" / "consent.pdf").read_bytes() == CONSENT_PDF
    copies = [
        path
        for path in site.rglob("*.png")
        if path.parent.name != "img" or "assets" not in path.parts
    ]
    assert copies == [], "an image was copied for a language"
    es_page = (site / "es" / "care.html").read_text("utf-8")
    assert 'src="../assets/img/ice%20pack.png"' in es_page
    assert '<img src="../assets/img/brace.png" alt="A knee brace">' in es_page
    assert es_page.count('href="../assets/forms/consent.pdf"') == 2  # raw <a> and the reference
    checked = 0
    for page in [*site.glob("*/*.html"), *site.glob("*/*.md")]:
        for url in _local_urls(page):
            assert _resolves(page, url, site).is_file(), f"{page}: {url} is broken"
            checked += 1
    assert checked >= 20


def test_article_links_follow_what_each_language_publishes(project: Path) -> None:
    """A link to an article opens it in the page's language, or in English where that
    language does not publish it; the localized Markdown links to Markdown alike."""
    _build(project)
    site = project / "site"
    assert 'href="medicine.html#doses"' in (site / "en" / "care.html").read_text("utf-8")
    assert 'href="care.html"' in (site / "en" / "medicine.html").read_text("utf-8")
    assert "[medicine guide](medicine.md#doses)" in (site / "en" / "care.md").read_text("utf-8")
    # medicine has no Spanish page: the Spanish page sends the reader to the English one.
    assert not (site / "es" / "medicine.html").exists()
    assert 'href="../en/medicine.html#doses"' in (site / "es" / "care.html").read_text("utf-8")
    assert "(../en/medicine.md#doses)" in (site / "es" / "care.md").read_text("utf-8")

    translate_all(project / "locales" / "es" / "LC_MESSAGES" / "medicine.po")
    report = _build(project)
    # care's Spanish page is made again although neither its source nor its catalog changed.
    assert "es/care" in report.jobs_run
    assert 'href="medicine.html#doses"' in (site / "es" / "care.html").read_text("utf-8")
    assert "(medicine.md#doses)" in (site / "es" / "care.md").read_text("utf-8")
    assert 'href="care.html"' in (site / "es" / "medicine.html").read_text("utf-8")


def test_raw_html_in_a_sentence_links_like_markdown(project: Path) -> None:
    """``<img src>`` and ``<a href>`` written inside a paragraph are copied and rewritten too."""
    medicine = project / "source" / "medicine.md"
    medicine.write_text(
        medicine.read_text("utf-8")
        + '\nWear it <img src="img/brace.png" alt="brace"> as <a href="care.md">shown</a>.\n',
        "utf-8",
    )
    _build(project)
    site = project / "site"
    page = (site / "en" / "medicine.html").read_text("utf-8")
    assert (
        '<img src="../assets/img/brace.png" alt="brace"> as <a href="care.html">shown</a>' in page
    )
    markdown = (site / "en" / "medicine.md").read_text("utf-8")
    assert (
        '<img src="../assets/img/brace.png" alt="brace"> as <a href="care.md">shown</a>' in markdown
    )


def test_fragments_link_to_the_shared_files(project: Path) -> None:
    """A CMS fragment in site/<lang>/ uses the same relative URLs as a page."""
    _build(project, fragment=True)
    fragment = (project / "site" / "es" / "care.html").read_text("utf-8")
    assert "<html" not in fragment
    assert 'src="../assets/img/ice%20pack.png"' in fragment
    assert 'href="../en/medicine.html#doses"' in fragment
    assert (project / "site" / "assets" / "img" / "ice pack.png").is_file()


def _broken(project: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (project / "source" / "care.md").write_text(text, "utf-8")
    assert main(["build", "-j", "1"]) == 1
    assert not (project / "site").exists(), "a failing build wrote files"
    return capsys.readouterr().err.splitlines()


def test_missing_file_and_missing_article_are_errors_with_their_lines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each broken local link is an error line with the source file and line; nothing is written."""
    text = (
        "# Care\n\n![Ice](img/nosuch.png)\n\nSee the\n[guide](nosuch.md#doses).\n\n"
        '<img src="img/gone.png" alt="x">\n'
    )
    assert _broken(project, text, capsys) == [
        "source/care.md:3: error: 'img/nosuch.png': file not found: source/img/nosuch.png",
        "source/care.md:6: error: 'nosuch.md#doses' links to an article that does not exist"
        " (source/nosuch.md)",
        "source/care.md:8: error: 'img/gone.png': file not found: source/img/gone.png",
    ]


def test_a_folder_is_not_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _broken(project, "# Care\n\nSee [pictures](img/).\n", capsys) == [
        "source/care.md:3: error: 'img/' is a folder, not a file"
    ]


def test_nothing_outside_source_is_copied(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``../`` escapes, absolute paths and symlinks out of source/ are errors, however the
    file they name exists; URLs with a scheme are left to the browser and never copied."""
    (project / "secret.png").write_bytes(png(1, 1))
    (project / "source" / "img" / "escape.png").symlink_to(project / "secret.png")
    (project / "source" / "out").symlink_to(project, target_is_directory=True)
    text = (
        "# Care\n\n![a](../secret.png)\n\n![b](img/../../secret.png)\n\n"
        f"![c]({project / 'secret.png'})\n\n![d](img/escape.png)\n\n[e](out/secret.png)\n\n"
        "![f](https://example.org/x.png) [g](mailto:desk@example.org)\n"
    )
    errors = _broken(project, text, capsys)
    assert [line.split(": error: ")[0] for line in errors] == [
        f"source/care.md:{line}" for line in (3, 5, 7, 9, 11)
    ]
    assert "leads outside source/" in errors[0] and "leads outside source/" in errors[1]
    assert "is an absolute path" in errors[2]
    assert "(through a symlink)" in errors[3] and "(through a symlink)" in errors[4]


def test_links_with_schemes_are_not_local() -> None:
    links, problems = local_links(
        "[a](https://example.org/a.png) [b](mailto:x@example.org) [c](#top)"
        " [d](//cdn.example/x.png)"
        " [e](?page=2) ![f](data:image/png;base64,iVBORw0KGgo=)\n"
    )
    assert links == [] and problems == []


def test_a_translation_cannot_bring_in_another_file(project: Path) -> None:
    """A translation naming another image, or one outside source/, is held back by the
    markup check; only files the source names are copied."""
    (project / "secret.png").write_bytes(png(1, 1))
    (project / "source" / "img" / "unused.png").write_bytes(png(1, 1))
    po_path = project / "locales" / "es" / "LC_MESSAGES" / "care.po"
    catalog = polib.pofile(str(po_path))
    image = next(entry for entry in catalog if entry.msgid.startswith("![An ice pack"))
    image.msgstr = "![Una bolsa de hielo](img/unused.png)"
    form = next(entry for entry in catalog if entry.msgid.startswith("Sign the"))
    form.msgstr = (
        "Firme el [formulario](../secret.png) y vuelva a [esta página](#caring-for-a-sprain)."
    )
    catalog.save()
    report = build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        completeness=0,
    )
    written = read_catalog(po_path)  # read back: each entry with its msgid line
    lines = {entry_line(e) for e in written if e.msgid in (image.msgid, form.msgid)}
    assert {item.line for item in report.held_back} == lines
    assert all(item.reason.startswith("markup-changed") for item in report.held_back)
    site = project / "site"
    assert not (site / "assets" / "img" / "unused.png").exists()
    assert not any(path.name == "secret.png" for path in site.rglob("*"))
    page = (site / "es" / "care.html").read_text("utf-8")
    assert "unused.png" not in page and "secret.png" not in page
    assert 'src="../assets/img/ice%20pack.png"' in page


def test_changed_and_removed_files_are_copied_again_and_deleted(project: Path) -> None:
    """A changed image is copied again without remaking any page; one no source names any
    more is deleted, and only what the build wrote: a file someone put there stays."""
    _build(project)
    site = project / "site"
    (site / "assets" / "logo.svg").write_text("<svg/>", "utf-8")
    (project / "source" / "img" / "ice pack.png").write_bytes(png(8, 6))
    report = _build(project)
    assert report.jobs_run == []
    assert report.written == [site / "assets" / "img" / "ice pack.png"]
    assert (site / "assets" / "img" / "ice pack.png").read_bytes() == png(8, 6)

    care = project / "source" / "care.md"
    care.write_text(
        care.read_text("utf-8").replace("![An ice pack on a knee](img/ice%20pack.png)\n\n", ""),
        "utf-8",
    )
    report = _build(project)
    assert site / "assets" / "img" / "ice pack.png" in report.removed
    assert not (site / "assets" / "img" / "ice pack.png").exists()
    assert (site / "assets" / "img" / "brace.png").is_file()
    assert (site / "assets" / "logo.svg").read_text("utf-8") == "<svg/>"


def test_building_one_language_keeps_the_shared_files_and_the_other_languages(
    project: Path,
) -> None:
    """``-l es`` copies and cleans the shared files (every article still uses them) and
    leaves the French pages as they are."""
    assert main(["init", "-q", "-l", "fr"]) == 0
    translate_all(project / "locales" / "fr" / "LC_MESSAGES" / "care.po")
    _build(project)
    site = project / "site"
    french = {path: path.read_bytes() for path in (site / "fr").iterdir()}
    assert french and (site / "fr" / "care.html").is_file()
    (project / "source" / "forms" / "consent.pdf").write_bytes(CONSENT_PDF + b"% v2\n")
    report = _build(project, locales=["es"])
    assert site / "assets" / "forms" / "consent.pdf" in report.written
    assert {path: path.read_bytes() for path in (site / "fr").iterdir()} == french
    assert {
        str(path.relative_to(site)) for path in (site / "assets").rglob("*") if path.is_file()
    } == {
        "assets/img/ice pack.png",
        "assets/img/brace.png",
        "assets/forms/consent.pdf",
    }


def _handout(project: Path, config: str) -> tuple[list[tuple[int, int]], set[str]]:
    """The sizes of the images in the Spanish handout of ``care``, and its link targets."""
    (project / "pain-content.toml").write_text(config, "utf-8")
    build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        pdf=True,
    )
    reader = PdfReader(project / "site" / "es" / "care.pdf")
    images = [image.image for page in reader.pages for image in page.images]
    targets = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    }
    return sorted((image.width, image.height) for image in images if image), targets


def test_handout_embeds_the_images_and_links_to_the_site(project: Path) -> None:
    """A printed handout shows the article's images and links the form at the site's address."""
    images, targets = _handout(project, '[site]\nbase_url = "https://clinic.example/health/"\n')
    assert images == [(2, 2), (4, 3)]
    assert "https://clinic.example/health/assets/forms/consent.pdf" in targets
    assert "https://clinic.example/health/en/medicine.html#doses" in targets


def test_handout_without_an_address_links_like_its_page(project: Path) -> None:
    """Without ``base_url`` the handout's links are the page's relative ones: it sits beside it."""
    images, targets = _handout(project, "")
    assert images == [(2, 2), (4, 3)]
    assert {"../assets/forms/consent.pdf", "../en/medicine.html#doses"} <= targets


def test_a_changed_image_makes_the_handouts_showing_it_again(project: Path) -> None:
    """Pages only point at an image, but a handout embeds it: its jobs run again."""
    assert _handout(project, "")[0] == [(2, 2), (4, 3)]
    (project / "source" / "img" / "brace.png").write_bytes(png(5, 5))
    report = build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        pdf=True,
    )
    assert sorted(report.jobs_run) == ["en/care", "es/care"]
    reader = PdfReader(project / "site" / "es" / "care.pdf")
    sizes = sorted(
        (image.image.width, image.image.height)
        for page in reader.pages
        for image in page.images
        if image.image
    )
    assert sizes == [(4, 3), (5, 5)]


def test_code_is_not_rewritten_in_the_localized_markdown() -> None:
    """Only destinations are rewritten, never a code block showing the same text."""
    text = (
        "See ![x](img/a.png) and [y]( <img/a.png> ).\n\n```markdown\n![x](img/a.png)\n```\n\n"
        "    <img src='img/a.png'>\n\n<img src='img/a.png'> [z](img/b.png)\n"
    )
    assert rewrite_markdown_links(text, {"img/a.png": "../assets/img/a.png"}) == (
        "See ![x](../assets/img/a.png) and [y]( <../assets/img/a.png> ).\n\n"
        "```markdown\n![x](img/a.png)\n```\n\n    <img src='img/a.png'>\n\n"
        "<img src='../assets/img/a.png'> [z](img/b.png)\n"
    )


def test_the_assets_folder_cannot_be_a_language() -> None:
    with pytest.raises(LocaleError):
        parse_locale("assets")


def test_broken_links_cross_process_boundaries() -> None:
    """The build's error keeps every broken link when it is pickled (a job's error is)."""
    import pickle

    from pain_content.errors import Location, SourceError

    error = SourceErrors(
        [SourceError("a", Location("s.md", 2)), SourceError("b", Location("s.md", 5))]
    )
    copy = pickle.loads(pickle.dumps(error))
    assert [str(item) for item in copy.errors] == ["s.md:2: a", "s.md:5: b"]
    assert str(copy) == "s.md:2: a\ns.md:5: b"
