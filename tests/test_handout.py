"""Handouts: the shipped article as a tagged PDF in every shipped language, read back.

Text is read back with pypdf. What its extraction gives, precisely:

- Latin, Cyrillic and Vietnamese text comes out as typed, a newline at the
  end of each printed line; whitespace is collapsed before comparing.
- Arabic and Persian letters come out in logical order: pypdf reverses the
  runs of right-to-left letters it finds in the PDF's visually ordered glyphs.
  It does not move what is not a right-to-left letter: a neutral at the
  visual end of a right-to-left line (a sentence's last full stop) lands at
  the other end of that line, and numbers stay where they are drawn, so
  "25 نوفمبر 2026" is extracted as "2026 نوفمبر25". The first sentences
  compared here have no digits and end mid-line; dates and page numbers of
  right-to-left handouts are checked by their position on the page.
- The zero-width non-joiner of Persian (U+200C, as in ``می‌تواند``) has no
  glyph, so it is not in the extracted text: the letters around it are drawn
  unjoined (seen in the rasterised page), but search and copy see them run
  together. The Persian expectation drops it, and the test says so.
- Chinese and Japanese have no spaces and break lines between characters, so
  a printed line end is a newline inside a word; Korean may break between
  syllables too. For these, whitespace is removed on both sides.

Positions on the page (alignment, overflow, number order) come from poppler's
``pdftotext -bbox``, and QR codes are decoded from ``pdftoppm`` rasters with
``zbarimg`` (``scripts/install-system-packages`` installs both).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polib
import pytest
from babel.dates import format_date
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, PdfObject

from conftest import REPOSITORY
from pain_content.build import build_site
from pain_content.cli import main
from pain_content.errors import HandoutError
from pain_content.handout import HandoutSettings, render_handout
from pain_content.locales import parse_locale, text_direction
from pain_content.render import render_article
from pain_content.ui import ui_gettext

ARTICLE = "stem-cell-therapy-for-chronic-pain"
BASE_URL = "https://clinic.example/health/"
CONFIG = f'[site]\nbase_url = "{BASE_URL}"\nclinic_name = "Riverside Pain Clinic"\n'
MARGIN = 16 / 25.4 * 72  # the handout's side margin (handout.css), in points
FIRST_PARAGRAPH = "Chronic pain can significantly"
SHIPPED = sorted(
    ["en", *(p.name for p in (REPOSITORY / "locales").iterdir() if p.is_dir())],
)
# The face each script must be set in (PDF BaseFont names, subset tag removed).
SCRIPT_FACES = {
    "ar": "Noto-Naskh-Arabic",
    "fa": "Noto-Naskh-Arabic",
    "zh_Hans": "Noto-Sans-CJK-SC",
    "zh_Hant": "Noto-Sans-CJK-TC",
    "ja": "Noto-Sans-CJK-JP",
    "ko": "Noto-Sans-CJK-KR",
}
NO_SPACES = {"zh_Hans", "zh_Hant", "ja", "ko"}
ZERO_WIDTH_NON_JOINER = "\u200c"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once with handouts, a base URL and a clinic name."""
    project = tmp_path_factory.mktemp("handouts")
    shutil.copytree(REPOSITORY / "source", project / "source")
    shutil.copytree(REPOSITORY / "locales", project / "locales")
    (project / "pain-content.toml").write_text(CONFIG, "utf-8")
    assert main(["build", "-q", "--pdf", *_folders(project)]) == 0
    return project / "site"


def _folders(project: Path) -> list[str]:
    return [
        "--source",
        str(project / "source"),
        "--locales",
        str(project / "locales"),
        "-o",
        str(project / "site"),
    ]


def _tag(folder: str) -> str:
    return folder.replace("_", "-")


def _expected_title_and_first_sentence(folder: str) -> tuple[str, str]:
    source = (REPOSITORY / "source" / f"{ARTICLE}.md").read_text("utf-8")
    if folder == "en":
        title = "Stem cell therapy for chronic pain"
        paragraph = next(p for p in source.split("\n\n") if p.startswith(FIRST_PARAGRAPH))
    else:
        catalog = polib.pofile(
            str(REPOSITORY / "locales" / folder / "LC_MESSAGES" / f"{ARTICLE}.po")
        )
        title = next(e.msgstr for e in catalog if e.msgid == "Stem cell therapy for chronic pain")
        paragraph = next(e.msgstr for e in catalog if e.msgid.startswith(FIRST_PARAGRAPH))
    first_sentence = re.split(r"(?<=[.!?。．！？])\s*", paragraph, maxsplit=1)[0]
    return title, first_sentence


def _comparable(text: str, folder: str) -> str:
    if folder in NO_SPACES:
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("folder", SHIPPED)
def test_handout_text_is_the_translation(site: Path, folder: str) -> None:
    """Each language's handout holds its translated title and first sentence as text, in logical order."""
    reader = PdfReader(site / _tag(folder) / f"{ARTICLE}.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    title, first_sentence = _expected_title_and_first_sentence(folder)
    if folder == "fa":
        # Known limit (see the module docstring): the non-joiner has no glyph.
        assert ZERO_WIDTH_NON_JOINER in first_sentence
        first_sentence = first_sentence.replace(ZERO_WIDTH_NON_JOINER, "")
        title = title.replace(ZERO_WIDTH_NON_JOINER, "")
    assert _comparable(title, folder) in _comparable(text, folder)
    assert _comparable(first_sentence, folder) in _comparable(text, folder)
    assert "Riverside Pain Clinic" in text
    assert reader.metadata is not None
    assert reader.metadata.title == _expected_title_and_first_sentence(folder)[0]


DRAFT_NOTICE = (
    "This translation is a draft and has not yet been reviewed by a qualified medical"
    " translator. If anything is unclear, ask your care team."
)


@pytest.mark.parametrize("folder", SHIPPED)
def test_handout_says_draft_review_date_and_page_numbers(site: Path, folder: str) -> None:
    """The draft notice in the patient's language, the locale's review date, and "n / N" on each page."""
    pdf = site / _tag(folder) / f"{ARTICLE}.pdf"
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    locale = parse_locale(folder)
    if folder != "en":
        # The notice's last full stop ends a line; in right-to-left text pypdf
        # puts it at the other end (see the module docstring), so it is left out.
        notice = ui_gettext(locale, DRAFT_NOTICE).rstrip(".")
        assert notice != DRAFT_NOTICE.rstrip(".")
        notice = notice.replace(ZERO_WIDTH_NON_JOINER, "")
        assert _comparable(notice, folder) in _comparable(text, folder)
    reviewed_on = format_date(date(2026, 11, 25), format="long", locale=locale)
    width, words = _words(pdf)
    if text_direction(locale) == "ltr":
        assert _comparable(reviewed_on, folder) in _comparable(text, folder)
    else:
        # pypdf leaves numbers of a right-to-left line where they are drawn, so
        # the date is checked on the page: its words, read from the right.
        (line,) = {
            w.y_min
            for w in words
            if w.text[::-1] == reviewed_on.split()[1] and w.page == len(reader.pages)
        }
        drawn = sorted(
            (w for w in words if w.y_min == line and w.page == len(reader.pages)),
            key=lambda w: -w.x_max,
        )
        parts = [w.text if w.text.isdigit() else w.text[::-1] for w in drawn]
        assert parts[-3:] == reviewed_on.split(), parts
    total = len(reader.pages)
    for number in range(1, total + 1):
        # The page number, centred in the bottom margin; poppler reads it as
        # drawn, so a right-to-left page shows "N / n" (read from the right).
        numbers = [w for w in words if w.page == number and w.y_min > 780]  # A4's bottom margin
        shown = " ".join(w.text for w in sorted(numbers, key=lambda w: w.x_min))
        expected = (
            f"{number} / {total}" if text_direction(locale) == "ltr" else f"{total} / {number}"
        )
        assert shown == expected
        assert (numbers[0].x_min + numbers[-1].x_max) / 2 == pytest.approx(width / 2, abs=1)


def test_reviewed_handout_says_so() -> None:
    """A reviewed translation's handout carries the reviewed notice, never the draft one."""
    text = (REPOSITORY / "source" / f"{ARTICLE}.md").read_text("utf-8")
    article = render_article(text, {"Introduction": "Introducción"}, locale="es")
    pdf = render_handout(
        article, locale=parse_locale("es"), is_reviewed=True, settings=HandoutSettings()
    )
    extracted = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    )
    assert "Esta traducción ha sido revisada por un traductor médico calificado." in extracted
    assert "borrador" not in extracted


def _fonts(resources: DictionaryObject) -> Iterator[DictionaryObject]:
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"].get_object())


def _structure_elements(node: object) -> Iterator[DictionaryObject]:
    """Every element of a structure tree (marked-content references are ints, skipped)."""
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if not isinstance(node, DictionaryObject):
        return
    if "/S" in node:
        yield node
    kids = node.get("/K")
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    for kid in kids if isinstance(kids, list) else [kids]:
        yield from _structure_elements(kid)


def _raw(operand: object) -> bytes:
    original = getattr(operand, "original_bytes", None)
    return original if isinstance(original, bytes) else bytes(operand)  # type: ignore[call-overload]


def _glyph_ids(reader: PdfReader) -> Iterator[int]:
    """Every glyph id the pages show (WeasyPrint's fonts are two-byte Identity-H CIDs)."""
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tj":
                strings = operands[:1]
            elif operator == b"TJ":
                strings = [item for item in operands[0] if not isinstance(item, (int, float))]
            else:
                continue
            for string in strings:
                data = _raw(string)
                yield from (int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))


def _dictionary(value: object) -> DictionaryObject:
    """A PDF dictionary, through its indirect reference if it is one."""
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    assert isinstance(resolved, DictionaryObject), resolved
    return resolved


@pytest.mark.parametrize("folder", SHIPPED)
def test_handout_is_tagged_with_language_and_embedded_fonts(site: Path, folder: str) -> None:
    """Tagged PDF, /Lang set, every font embedded with ToUnicode, each script in its own face, no .notdef."""
    reader = PdfReader(site / _tag(folder) / f"{ARTICLE}.pdf")
    catalog = _dictionary(reader.trailer["/Root"])
    assert str(catalog["/Lang"]) == _tag(folder)
    assert "/StructTreeRoot" in catalog and _dictionary(catalog["/MarkInfo"])["/Marked"]
    elements = list(_structure_elements(catalog["/StructTreeRoot"]))
    roles = {str(element["/S"]) for element in elements}
    assert {"/H1", "/H2", "/P", "/L", "/LI", "/Figure"} <= roles, roles
    (figure,) = [element for element in elements if str(element["/S"]) == "/Figure"]
    assert str(figure["/Alt"]) == f"{BASE_URL}{_tag(folder)}/{ARTICLE}.html"  # the QR code
    faces = set()
    for page in reader.pages:
        for font in _fonts(_dictionary(page["/Resources"])):
            assert str(font["/Subtype"]) == "/Type0"
            # WeasyPrint swaps in a CMap that maps missing glyphs to .notdef;
            # Identity-H means no glyph of this font was missing.
            assert str(font["/Encoding"]) == "/Identity-H", font["/BaseFont"]
            assert "/ToUnicode" in font, "text would not be selectable"
            descendants = font["/DescendantFonts"]
            assert isinstance(descendants, ArrayObject)
            descendant = _dictionary(descendants[0])
            descriptor = _dictionary(descendant["/FontDescriptor"])
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, "font not embedded"
            faces.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert 0 not in set(_glyph_ids(reader)), "a .notdef glyph is drawn"
    script_face = SCRIPT_FACES.get(folder, "Noto-Sans")
    assert any(face.startswith(script_face) for face in faces), faces
    # Only the script's face, plus Noto Sans for the Latin clinic name and URL.
    allowed = re.compile(rf"(?:{script_face}|Noto-Sans)(?:-Bold)?(?:-Italic)?")
    assert all(allowed.fullmatch(face) for face in faces), faces


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    x_max: float
    y_min: float
    text: str


def _words(pdf: Path) -> tuple[float, list[Word]]:
    """The page width and every word poppler finds, with its box in points."""
    output = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    document = etree.fromstring(output, etree.XMLParser(recover=True))
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = document.findall(".//x:page", namespace)
    words = [
        Word(
            number,
            _coordinate(w, "xMin"),
            _coordinate(w, "xMax"),
            _coordinate(w, "yMin"),
            w.text or "",
        )
        for number, page in enumerate(pages, start=1)
        for w in page.findall("x:word", namespace)
    ]
    return _coordinate(pages[0], "width"), words


def _coordinate(element: etree._Element, name: str) -> float:
    value = element.get(name)
    assert value is not None, f"pdftotext gave no {name}"
    return float(value)


def _assert_inside_margins(words: list[Word], width: float) -> None:
    for word in words:
        assert word.x_min >= MARGIN - 0.5, word
        assert word.x_max <= width - MARGIN + 0.5, word


@pytest.mark.parametrize("folder", SHIPPED)
def test_handout_text_stays_inside_the_margins(site: Path, folder: str) -> None:
    """No printed word runs into the side margins: lines wrap (between characters in CJK)."""
    width, words = _words(site / _tag(folder) / f"{ARTICLE}.pdf")
    assert words
    _assert_inside_margins(words, width)


def test_rtl_handout_is_right_aligned_and_ltr_left_aligned(site: Path) -> None:
    """The Arabic and Persian titles end at the right margin; the Spanish one starts at the left."""
    for folder, edge in (("ar", "right"), ("fa", "right"), ("es", "left")):
        width, words = _words(site / folder / f"{ARTICLE}.pdf")
        title = _expected_title_and_first_sentence(folder)[0].replace(ZERO_WIDTH_NON_JOINER, "")
        lines: dict[tuple[int, float], list[Word]] = {}
        for word in words:
            lines.setdefault((word.page, word.y_min), []).append(word)
        # pdftotext -bbox gives each word's characters in visual order, so
        # right-to-left words come reversed.
        (title_line,) = [
            line
            for line in lines.values()
            if {w.text if edge == "left" else w.text[::-1] for w in line} == set(title.split())
        ]
        if edge == "right":
            assert max(w.x_max for w in title_line) == pytest.approx(width - MARGIN, abs=1.5)
        else:
            assert min(w.x_min for w in title_line) == pytest.approx(MARGIN, abs=1.5)


DOSE_SOURCE = """---
title: Dose
---

# Dose

Take 5-10 mg every 4-6 hours. Call +1 555 0100.
"""
DOSE_ARABIC = {
    "Dose": "الجرعة",
    "Take 5-10 mg every 4-6 hours. Call +1 555 0100.": "تناول 5-10 ملغ كل 4-6 ساعات. اتصل على +1 555 0100.",
}


def test_numbers_in_rtl_text_are_isolated(tmp_path: Path) -> None:
    """In an Arabic handout, a phone number and dose ranges read left to right, as on the page."""
    article = render_article(DOSE_SOURCE, DOSE_ARABIC, locale="ar")
    assert "<bdi>+1 555 0100</bdi>." in article.body  # what the page isolates
    pdf = tmp_path / "dose.pdf"
    pdf.write_bytes(
        render_handout(
            article, locale=parse_locale("ar"), is_reviewed=False, settings=HandoutSettings()
        )
    )
    _, words = _words(pdf)
    # The sentence's full stop follows the number, so in right-to-left order
    # it sits at the number's left, where poppler glues it to the first word.
    by_text = {w.text.strip("."): w for w in words}
    # Unisolated, the bidirectional algorithm pulls the "+" to the right of
    # the "1" ("1+"); isolated, the number keeps its order.
    assert "1+" not in by_text
    assert by_text["+1"].x_max < by_text["555"].x_min < by_text["0100"].x_min
    assert {"5-10", "4-6"} <= set(by_text)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "\u2068" not in text and "\u2069" not in text


def test_long_cjk_paragraph_and_unbroken_token_wrap(tmp_path: Path) -> None:
    """A long run of Chinese without punctuation and a 150-letter token both wrap inside the margins."""
    chinese = "慢性疼痛会影响日常生活" * 30
    token = "A" * 150
    source = f"# 标题\n\n{chinese}\n\n{token}\n"
    article = render_article(source, {}, locale="zh_Hans")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(
        render_handout(
            article, locale=parse_locale("zh_Hans"), is_reviewed=False, settings=HandoutSettings()
        )
    )
    width, words = _words(pdf)
    assert len({round(w.y_min) for w in words}) > 6  # it did wrap
    _assert_inside_margins(words, width)
    text = re.sub(r"\s+", "", PdfReader(pdf).pages[0].extract_text())
    assert chinese in text and token in text


def test_a_missing_glyph_is_an_error() -> None:
    """A character no installed font has stops the handout instead of printing a box."""
    article = render_article("# Title\n\nPrivate use: \U0010fffd.\n", {}, locale="en")
    with pytest.raises(HandoutError, match=r"\.notdef glyph rendered .*U\+10FFFD"):
        render_handout(
            article, locale=parse_locale("en"), is_reviewed=False, settings=HandoutSettings()
        )


def test_qr_code_opens_the_same_language_page(site: Path, tmp_path: Path) -> None:
    """The handout's QR code, decoded from a raster of its last page, is the page's address."""
    for tag in ("es", "ar", "zh-Hans"):
        pdf = site / tag / f"{ARTICLE}.pdf"
        pages = len(PdfReader(pdf).pages)
        prefix = tmp_path / tag
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-f",
                str(pages),
                "-l",
                str(pages),
                "-png",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        (image,) = tmp_path.glob(f"{tag}-*.png")
        decoded = subprocess.run(
            ["zbarimg", "--raw", "-q", str(image)], check=True, capture_output=True, text=True
        ).stdout.strip()
        url = f"{BASE_URL}{tag}/{ARTICLE}.html"
        assert decoded == url
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
        assert url in text  # printed too, for who cannot scan


def test_no_base_url_no_qr_code_and_letter_size(tmp_path: Path) -> None:
    """Without a base URL the handout has no address; page_size = "letter" prints on US Letter."""
    shutil.copytree(REPOSITORY / "source", tmp_path / "source")
    shutil.copytree(REPOSITORY / "locales", tmp_path / "locales")
    (tmp_path / "pain-content.toml").write_text(
        '[site]\npdf = true\npage_size = "letter"\n', "utf-8"
    )
    assert main(["build", "-q", "-l", "es", *_folders(tmp_path)]) == 0
    reader = PdfReader(tmp_path / "site" / "es" / f"{ARTICLE}.pdf")
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    assert "https://" not in "".join(page.extract_text() for page in reader.pages)
    assert not (tmp_path / "site" / "sitemap.xml").exists()


def test_a4_is_the_default(site: Path) -> None:
    """Handouts print on A4 unless told otherwise."""
    box = PdfReader(site / "es" / f"{ARTICLE}.pdf").pages[0].mediabox
    assert [round(float(v)) for v in box] == [0, 0, 595, 842]


def _build(project: Path, *, pdf: bool) -> list[Path]:
    report = build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        locales=["es", "fr"],
        pdf=pdf,
    )
    return sorted(report.written)


def test_incremental_build_knows_about_handouts(shipped_project: Path) -> None:
    """--pdf renders every language again; a changed catalog re-makes only its language's handout."""
    site = shipped_project / "site"
    _build(shipped_project, pdf=False)
    assert not list(site.rglob("*.pdf"))
    written = _build(shipped_project, pdf=True)
    assert {p.relative_to(site).as_posix() for p in written if p.suffix == ".pdf"} == {
        f"{tag}/{ARTICLE}.pdf" for tag in ("en", "es", "fr")
    }
    before = {p: p.read_bytes() for p in site.rglob("*.pdf")}
    assert _build(shipped_project, pdf=True) == []  # reproducible: nothing rewritten

    po_path = shipped_project / "locales" / "es" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = polib.pofile(str(po_path))
    entry = catalog.find("Introduction")
    assert entry is not None
    entry.msgstr = "Presentación"
    catalog.save(str(po_path))
    written = _build(shipped_project, pdf=True)
    assert [p.relative_to(site).as_posix() for p in written if p.suffix == ".pdf"] == [
        f"es/{ARTICLE}.pdf"
    ]
    assert "Presentación" in PdfReader(site / "es" / f"{ARTICLE}.pdf").pages[0].extract_text()
    assert all(before[p] == p.read_bytes() for p in before if p.parent.name != "es")

    _build(shipped_project, pdf=False)
    assert not list(site.rglob("*.pdf")), "handouts of an earlier build are removed"


def test_bad_site_config_is_one_line_and_writes_nothing(
    shipped_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong page size is reported at its line in pain-content.toml, and no file is written."""
    (shipped_project / "pain-content.toml").write_text(
        '[site]\nclinic_name = "X"\npage_size = "A5"\n', "utf-8"
    )
    assert main(["build", "--pdf", *_folders(shipped_project)]) == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        f"{shipped_project / 'pain-content.toml'}:3: error: page_size must be one of 'A4', 'letter'"
    )
    assert not (shipped_project / "site").exists()


def test_handouts_are_reproducible_across_processes(shipped_project: Path, tmp_path: Path) -> None:
    """Handouts made in parallel processes are byte for byte those of a serial build."""
    outputs = []
    for executor, name in ((None, "serial"), (ProcessPoolExecutor(2), "parallel")):
        build_site(
            source_dir=shipped_project / "source",
            locales_dir=shipped_project / "locales",
            output_dir=tmp_path / name,
            locales=["ar", "ja"],
            pdf=True,
            executor=executor,
        )
        if executor is not None:
            executor.shutdown()
        outputs.append(
            {p.name + p.parent.name: p.read_bytes() for p in (tmp_path / name).rglob("*.pdf")}
        )
    assert len(outputs[0]) == 3 and outputs[0] == outputs[1]


def test_an_image_the_handout_cannot_load_is_an_error() -> None:
    """Nothing is fetched from another site for a handout: a remote image stops it, naming the image."""
    article = render_article(
        "# Title\n\n![Dose chart](https://example.org/chart.png)\n", {}, locale="en"
    )
    with pytest.raises(HandoutError, match=r"https://example\.org/chart\.png"):
        render_handout(
            article, locale=parse_locale("en"), is_reviewed=False, settings=HandoutSettings()
        )
