"""Localized Markdown and HTML from a source and a catalog."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path
from typing import cast

import polib
import pytest

from conftest import DATA, REPOSITORY
from pain_content import extract_units, render_html, translate_markdown
from pain_content.catalogs import mo_bytes, mo_messages
from pain_content.markdown_parser import PARSER, block_skeleton
from pain_content.render import localize_article, render_article
from pain_content.translate import Translations

CASES = sorted(p for p in (DATA / "translate").glob("*.md") if "." not in p.stem)
ARTICLE = REPOSITORY / "source" / "stem-cell-therapy-for-chronic-pain.md"
SMALL_SPANISH = {
    "Stem cell therapy for chronic pain": "Terapia con células madre para el dolor crónico",
    "Introduction": "Introducción",
    "Conclusion": "Conclusión",
    "**Safety:** Stem cell therapy is generally considered safe, as the cells used are often "
    "derived from the patient’s own body (autologous stem cells). However, potential risks and "
    "complications, such as infection or rejection, should be discussed with the healthcare "
    "provider.": "**Seguridad:** La terapia con células madre suele considerarse segura, ya que "
    "las células utilizadas a menudo provienen del propio cuerpo del paciente (células madre "
    "autólogas). Sin embargo, los posibles riesgos y complicaciones, como una infección o un "
    "rechazo, deben comentarse con el profesional de la salud.",
}


def _catalog(po_path: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path)) if entry.msgstr}


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_translate_golden(case: Path, golden: Callable[[Path, str], None]) -> None:
    """Each case's Spanish catalog gives exactly its golden localized Markdown and HTML."""
    source = case.read_text("utf-8")
    translations = _catalog(case.with_suffix(".es.po"))
    golden(case.with_suffix(".es.md"), translate_markdown(source, translations))
    golden(case.with_suffix(".es.html"), render_html(source, translations, locale="es"))


def test_shipped_article_with_a_small_spanish_dictionary(
    golden: Callable[[Path, str], None],
) -> None:
    """The shipped article, partly translated, gives its golden Markdown and HTML."""
    source = ARTICLE.read_text("utf-8")
    golden(
        DATA / "translate" / "shipped-article.es.md.golden",
        translate_markdown(source, SMALL_SPANISH),
    )
    golden(
        DATA / "translate" / "shipped-article.es.html.golden",
        render_html(source, SMALL_SPANISH, locale="es"),
    )


@pytest.mark.parametrize("case", [*CASES, ARTICLE], ids=lambda path: path.stem)
def test_identity_translation_is_the_source(case: Path) -> None:
    """With identity translations the localized Markdown is the source file, byte for byte."""
    source = case.read_text("utf-8")
    identity = {unit.msgid: unit.msgid for unit in extract_units(source)}
    assert translate_markdown(source, identity) == source


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_translation_keeps_the_block_structure(case: Path) -> None:
    """A catalog never changes the block structure of the localized Markdown."""
    source = case.read_text("utf-8")
    localized = translate_markdown(source, _catalog(case.with_suffix(".es.po")))
    assert block_skeleton(PARSER.parse(localized)) == block_skeleton(PARSER.parse(source))


def test_translated_units_are_found_again_in_the_localized_markdown() -> None:
    """Extracting the localized Markdown finds each translation as a unit, in the same places."""
    source = (DATA / "translate" / "constructs.md").read_text("utf-8")
    translations = _catalog(DATA / "translate" / "constructs.es.po")
    localized = extract_units(translate_markdown(source, translations))
    original = extract_units(source)
    assert [u.kind for u in localized] == [u.kind for u in original]
    assert "Guía de dosis" in [u.msgid for u in localized]


def test_gettext_objects_work_like_dicts(tmp_path: Path) -> None:
    """A compiled catalog loaded with the standard library translates like the dict it came from."""
    po = polib.pofile(str(DATA / "translate" / "constructs.es.po"))
    mo_path = tmp_path / "es" / "LC_MESSAGES" / "constructs.mo"
    mo_path.parent.mkdir(parents=True)
    mo_path.write_bytes(mo_bytes(mo_messages(po, use_fuzzy=False)))
    translations = gettext.translation("constructs", localedir=tmp_path, languages=["es"])
    source = (DATA / "translate" / "constructs.md").read_text("utf-8")
    as_dict = _catalog(DATA / "translate" / "constructs.es.po")
    assert translate_markdown(source, translations) == translate_markdown(source, as_dict)
    assert render_html(source, translations, locale="es") == render_html(
        source, as_dict, locale="es"
    )


def test_missing_or_empty_translations_keep_the_source() -> None:
    """An empty msgstr, or a gettext answer equal to the msgid, keeps the source text."""
    source = "# Title\n\nBody.\n"
    assert translate_markdown(source, {"Title": "", "Body.": "Cuerpo."}) == "# Title\n\nCuerpo.\n"
    assert translate_markdown(source, gettext.NullTranslations()) == source


def test_translations_must_be_a_mapping_or_gettext_object() -> None:
    """Anything else is refused with a TypeError that says what is expected."""
    with pytest.raises(TypeError, match="mapping of msgid to msgstr"):
        translate_markdown("Text.\n", cast(Translations, ["Text."]))


def test_crlf_sources_keep_their_line_ends() -> None:
    """A CRLF source stays CRLF around and inside spliced translations."""
    source = "# Title\r\n\r\n- a\r\n  b\r\n"
    localized = translate_markdown(source, {"Title": "Título", "a b": "x\\\ny"})
    assert localized == "# Título\r\n\r\n- x\\\r\n  y\r\n"


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_one_parse_localization_equals_the_two_public_functions(case: Path) -> None:
    """The build's single-parse path gives exactly what render_article and translate_markdown give."""
    source = case.read_text("utf-8")
    translations = _catalog(case.with_suffix(".es.po"))
    rendered, markdown = localize_article(source, translations, locale="ar")
    assert markdown == translate_markdown(source, translations)
    assert rendered == render_article(source, translations, locale="ar")
