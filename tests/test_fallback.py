"""What a page shows where its own catalog has no publishable translation.

A regional locale (``es_MX``) shows its CLDR parents' publishable translations
(``es``) before English, each block marked with the language it is really
in; a translation made for an earlier English text is never shown: the page
shows the current English, marked ``lang="en"``, and says when the English
changed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import jsonschema
import polib
import pytest
import yaml
from pypdf import PdfReader

from conftest import DATA, REPOSITORY
from pain_content.build import build_site
from pain_content.catalog_files import read_catalog
from pain_content.cli import main
from pain_content.locales import parse_locale
from pain_content.pofile import format_catalog
from pain_content.render import localize_article
from pain_content.review import sign

ARTICLE = "stem-cell-therapy-for-chronic-pain"
SAFETY = (
    "**Safety:** Stem cell therapy is generally considered safe, as the cells used are often"
    " derived from the patient’s own body (autologous stem cells)."
)
# 2026-11-30 00:00 UTC: the day the edited source is extracted.
EDIT_EPOCH = "1795996800"


def _po(project: Path, folder: str, slug: str = "leaflet") -> Path:
    return project / "locales" / folder / "LC_MESSAGES" / f"{slug}.po"


def _edit(po_path: Path, edit: Callable[[polib.POFile], None]) -> None:
    catalog = read_catalog(po_path)
    edit(catalog)
    po_path.write_text(format_catalog(catalog), "utf-8")


def _main(text: str) -> str:
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def regional(tmp_path: Path) -> Path:
    """The leaflet in Spanish (partly, one fuzzy entry) and in Mexican Spanish (one paragraph)."""
    shutil.copytree(DATA / "regional", tmp_path, dirs_exist_ok=True)
    return tmp_path


def _build(
    project: Path,
    *,
    locales: Sequence[str] = (),
    fragment: bool = False,
    pdf: bool = False,
    completeness: float | None = None,
    require_review: bool = False,
) -> Path:
    build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        locales=locales,
        fragment=fragment,
        pdf=pdf,
        completeness=completeness,
        require_review=require_review,
    )
    return project / "site"


def test_regional_page_golden(regional: Path, golden: Callable[[Path, str], None]) -> None:
    """An es-MX page shows its own text, then Spanish marked lang="es", then English, and says which."""
    page = (_build(regional) / "es-MX" / "leaflet.html").read_text("utf-8")
    golden(DATA / "pages" / "fallback-es-MX.html", page)
    main_part = _main(page)
    # Its own translation needs no lang; the Spanish parts and the English ones do.
    assert "<p>Tome <strong>una pastilla</strong> (5 mg)" in main_part
    assert '<h1 id="taking-your-medicine" lang="es">Cómo tomar su medicamento</h1>' in main_part
    assert '<h2 id="when-to-call-us" lang="es">Cuándo llamarnos</h2>' in main_part
    assert '<p lang="en">If you have a rash or trouble breathing, call 911.</p>' in main_part
    assert (
        "2 partes de esta página aún no están traducidas para esta región y se muestran"
        " en el idioma base (español)." in main_part
    )
    assert "2 partes de esta página aún no están traducidas y se muestran en inglés." in main_part
    assert "555-0199" not in page, "the Spanish fuzzy translation was published"
    assert "<title>Cómo tomar su medicamento</title>" in page


def test_init_regional_locale_then_build_shows_the_base_language(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init -l es-MX` then `build`: the es-MX page is the Spanish article, published above the threshold."""
    monkeypatch.chdir(shipped_project)
    assert main(["init", "-l", "es-MX"]) == 0
    assert main(["build", "-q"]) == 0
    site = shipped_project / "site"
    page = (site / "es-MX" / f"{ARTICLE}.html").read_text("utf-8")
    spanish = (site / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert '<html lang="es-MX" dir="ltr">' in page
    assert '<h2 id="introduction" lang="es">Introducción</h2>' in page
    assert 'lang="en"' not in _main(page) and "inglés" not in _main(page)
    assert "19 partes de esta página aún no están traducidas para esta región" in page
    # The same words as the Spanish page, block for block.
    strip = re.compile(r' lang="es"')
    assert strip.sub("", _main(page)).count("<p>") == _main(spanish).count("<p>")
    assert "Terapia con células madre para el dolor crónico" in page
    assert '<a href="../es-MX/index.html" lang="es-MX"' in (site / "es" / "index.html").read_text(
        "utf-8"
    )
    markdown = (site / "es-MX" / f"{ARTICLE}.md").read_text("utf-8")
    front_matter = yaml.safe_load(markdown.split("---\n")[1])
    assert front_matter["lang"] == "es-MX" and front_matter["fallback_lang"] == ["es"]
    assert "## Introducción" in markdown


def test_regional_fragment_sidecar_names_the_base_language(regional: Path) -> None:
    """The es-MX fragment marks the Spanish parts and its sidecar counts them, by the schema."""
    site = _build(regional, fragment=True)
    fragment = (site / "es-MX" / "leaflet.html").read_text("utf-8")
    assert '<h1 id="taking-your-medicine" lang="es">' in fragment
    assert "idioma base (español)" in fragment and "se actualizó en inglés el" in fragment
    sidecar = json.loads((site / "es-MX" / "leaflet.json").read_text("utf-8"))
    schema = json.loads((REPOSITORY / "docs" / "fragment-schema.json").read_text("utf-8"))
    jsonschema.validate(sidecar, schema)
    assert sidecar["fallback"] == {"es": 2}
    assert (sidecar["untranslated"], sidecar["outdated"]) == (2, 1)
    assert sidecar["updated_in_english"] == "2026-03-02"
    spanish = json.loads((site / "es" / "leaflet.json").read_text("utf-8"))
    assert spanish["fallback"] == {} and spanish["outdated"] == 1


def test_the_base_language_passes_the_same_gate(regional: Path) -> None:
    """A Spanish translation that changes a dose is not shown on the es-MX page either."""

    def change_dose(catalog: polib.POFile) -> None:
        for entry in catalog:
            if entry.msgid.startswith("Take **one tablet**"):
                entry.msgstr = "Tome **una tableta** (50 mg) cada mañana con agua."

    def forget(catalog: polib.POFile) -> None:
        for entry in catalog:
            entry.msgstr = ""

    _edit(_po(regional, "es"), change_dose)
    _edit(_po(regional, "es_MX"), forget)
    page = (_build(regional, completeness=0) / "es-MX" / "leaflet.html").read_text("utf-8")
    assert "50 mg" not in page
    assert '<p lang="en">Take <strong>one tablet</strong> (5 mg) each morning' in page
    assert '<h2 id="when-to-call-us" lang="es">Cuándo llamarnos</h2>' in page  # the rest passes


def _sign_all(po_path: Path) -> None:
    def signed(catalog: polib.POFile) -> None:
        for entry in catalog:
            if entry.msgstr and "fuzzy" not in entry.flags:
                sign(entry, reviewer="Dr. Test Reviewer", day=date(2026, 11, 30))

    _edit(po_path, signed)


def test_reviewed_only_when_every_entry_shown_is_reviewed(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The es-MX page says reviewed when the Spanish it shows is signed, and a draft once one
    of its own translations is not; --require-review shows unsigned Spanish as English."""
    monkeypatch.chdir(shipped_project)
    assert main(["init", "-l", "es-MX"]) == 0
    reviewed = "Esta traducción ha sido revisada por un traductor médico calificado."
    page = shipped_project / "site" / "es-MX" / f"{ARTICLE}.html"

    _build(shipped_project, locales=["es-MX"])
    assert reviewed not in page.read_text("utf-8")
    _build(shipped_project, locales=["es-MX"], require_review=True, completeness=0)
    assert '<h2 id="introduction" lang="en">Introduction</h2>' in page.read_text("utf-8")

    _sign_all(_po(shipped_project, "es", ARTICLE))
    _build(shipped_project, locales=["es-MX"])
    assert reviewed in page.read_text("utf-8")
    _build(shipped_project, locales=["es-MX"], require_review=True)
    assert '<h2 id="introduction" lang="es">Introducción</h2>' in page.read_text("utf-8")

    def translate_title(catalog: polib.POFile) -> None:
        catalog[0].msgstr = "Terapia con células madre para el dolor crónico"

    _edit(_po(shipped_project, "es_MX", ARTICLE), translate_title)
    _build(shipped_project, locales=["es-MX"])
    assert reviewed not in page.read_text("utf-8") and "borrador" in page.read_text("utf-8")


def test_a_changed_base_catalog_rebuilds_the_regional_page(regional: Path) -> None:
    """Editing the Spanish catalog runs the es-MX job again and its page shows the new text."""
    _build(regional)

    def retitle(catalog: polib.POFile) -> None:
        for entry in catalog:
            if entry.msgid == "When to call us":
                entry.msgstr = "Cuándo debe llamarnos"

    _edit(_po(regional, "es"), retitle)
    report = build_site(
        source_dir=regional / "source",
        locales_dir=regional / "locales",
        output_dir=regional / "site",
    )
    assert "es-MX/leaflet" in report.jobs_run
    assert "Cuándo debe llamarnos" in (regional / "site" / "es-MX" / "leaflet.html").read_text(
        "utf-8"
    )


def test_regional_handout_says_what_the_page_says(regional: Path) -> None:
    """The es-MX handout prints the Spanish parts and the same notices as the page."""
    site = _build(regional, pdf=True)
    text = " ".join(page.extract_text() for page in PdfReader(site / "es-MX" / "leaflet.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    assert "Cuándo llamarnos" in text and "Tome una pastilla (5 mg)" in text
    assert "en el idioma base (español)." in text
    assert "se actualizó en inglés el 2 de marzo de 2026" in text
    assert "Llame al 555-0199" not in text


def test_rtl_regional_page_marks_languages_and_directions() -> None:
    """On an ar-EG page an Arabic block gets lang="ar" alone, an English one lang and dir="ltr",
    and raw HTML's runs each their own language."""
    source = "# Dose\n\nTake 5 mg.\n\nCall us.\n\n<p>Ask <b>first</b>.</p>\n"
    arabic = {
        "Dose": "الجرعة",
        "Take 5 mg.": "تناول 5 ملغ.",
        "Ask <b>first</b>.": "اسأل <b>أولاً</b>.",
    }
    rendered, markdown = localize_article(
        source, {"Dose": "الجرعة (مصر)"}, locale="ar_EG", fallbacks=[(parse_locale("ar"), arabic)]
    )
    assert '<h1 id="dose">الجرعة (مصر)</h1>' in rendered.body
    assert '<p lang="ar">تناول <bdi>5</bdi> ملغ.</p>' in rendered.body
    assert '<p lang="en" dir="ltr">Call us.</p>' in rendered.body
    assert '<p><span lang="ar">اسأل <b>أولاً</b>.</span></p>' in rendered.body
    assert (rendered.untranslated, rendered.fallback_parts) == (1, (("ar", 2),))
    assert "تناول 5 ملغ." in markdown and "Call us." in markdown


def test_outdated_parts_are_counted_apart_from_untranslated_ones() -> None:
    """A unit whose translation is outdated shows the current English and is not "not yet translated"."""
    rendered, _ = localize_article(
        "One.\n\nTwo.\n\nThree.\n",
        {"One.": "Uno."},
        locale="es",
        outdated={(None, "Two.")},
        source_updated=date(2026, 11, 30),
    )
    assert '<p lang="en">Two.</p>' in rendered.body
    assert (rendered.outdated, rendered.untranslated) == (1, 1)
    assert rendered.source_updated == date(2026, 11, 30)


@pytest.fixture
def edited_source(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped project after its Safety item changed in English, re-extracted and merged."""
    monkeypatch.chdir(shipped_project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EDIT_EPOCH)
    source = shipped_project / "source" / f"{ARTICLE}.md"
    text = source.read_text("utf-8")
    assert SAFETY in text
    source.write_text(text.replace("generally considered safe", "usually considered safe"), "utf-8")
    assert main(["extract"]) == 0 and main(["update"]) == 0
    return shipped_project


def test_outdated_page_golden(edited_source: Path, golden: Callable[[Path, str], None]) -> None:
    """After the English changed, the Arabic page shows the new English (lang="en" dir="ltr"),
    never the old translation, and says in Arabic that it was updated in English, with the date."""
    arabic_po = read_catalog(_po(edited_source, "ar", ARTICLE))
    (entry,) = [e for e in arabic_po if "usually considered safe" in e.msgid]
    assert "fuzzy" in entry.flags and "generally considered safe" in (entry.previous_msgid or "")
    assert main(["build", "-q"]) == 0
    page = (edited_source / "site" / "ar" / f"{ARTICLE}.html").read_text("utf-8")
    golden(DATA / "pages" / "outdated-ar.html", page)
    assert entry.msgstr not in page
    assert '<li lang="en" dir="ltr"><strong>Safety:</strong> Stem cell therapy is usually' in page
    assert '1 جزء من هذه الصفحة حُدّث باللغة الإنجليزية في <time datetime="2026-11-30">' in page, (
        "the notice names the day the English changed, in Arabic"
    )
    assert "لم يُترجم بعد" not in page, "an outdated part is not called untranslated"


def test_outdated_markdown_fragment_and_handout_agree(edited_source: Path) -> None:
    """The French Markdown, fragment sidecar and handout show the new English and the same date."""
    assert main(["build", "-q", "--pdf"]) == 0
    site = edited_source / "site"
    old = next(
        e.msgstr for e in read_catalog(_po(edited_source, "fr", ARTICLE)) if "usually" in e.msgid
    )
    markdown = (site / "fr" / f"{ARTICLE}.md").read_text("utf-8")
    assert old not in markdown and "Stem cell therapy is usually considered safe" in markdown
    assert yaml.safe_load(markdown.split("---\n")[1])["updated_in_english"] == "2026-11-30"
    text = " ".join(p.extract_text() for p in PdfReader(site / "fr" / f"{ARTICLE}.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    assert "1 partie de cette page a été mise à jour en anglais le 30 novembre 2026" in text
    assert old not in text
    assert main(["build", "-q", "--fragment", "-o", "fragments"]) == 0
    sidecar = json.loads((edited_source / "fragments" / "fr" / f"{ARTICLE}.json").read_text())
    assert (sidecar["outdated"], sidecar["untranslated"]) == (1, 0)
    assert sidecar["updated_in_english"] == "2026-11-30"
