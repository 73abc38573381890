"""GitHub-style alerts and footnotes: extracted, translated in place, rendered accessibly."""

from __future__ import annotations

from pain_content import extract_units, render_html, translate_markdown
from pain_content.catalogs import template_flags
from pain_content.checks import check_message
from pain_content.locales import parse_locale

SOURCE = """\
> [!WARNING]
> Call 911 if you faint.

Take 5 mL[^dose] at night[^dose].

[^dose]: Use the syringe.
"""
SPANISH = {
    "Call 911 if you faint.": "Llame al 911 si se desmaya.",
    "Take 5 mL[^dose] at night[^dose].": "Tome 5 mL[^dose] por la noche[^dose].",
    "Use the syringe.": "Use la jeringa.",
}


def test_alert_and_footnote_text_are_units_and_the_marker_is_not() -> None:
    """An alert's paragraphs and a footnote's text are units; "[!WARNING]" is the page's label."""
    units = extract_units(SOURCE)
    assert [(unit.msgid, unit.kind, unit.alert, unit.lineno) for unit in units] == [
        ("Call 911 if you faint.", "alert", "warning", 2),
        ("Take 5 mL[^dose] at night[^dose].", "paragraph", None, 4),
        ("Use the syringe.", "footnote", None, 6),
    ]


def test_caution_alerts_get_weblates_priority_flag_whatever_their_words() -> None:
    """Text in a warning, caution or important alert is shown to translators first."""
    unit = extract_units("> [!IMPORTANT]\n> Bring your card.\n")[0]
    assert "priority:150" in template_flags(unit)
    note = extract_units("> [!NOTE]\n> Bring your card.\n")[0]
    assert "priority:150" not in template_flags(note)


def test_translations_are_spliced_in_place_and_identity_is_byte_identical() -> None:
    """Localized Markdown keeps the alert marker and the footnote label where they were."""
    assert translate_markdown(SOURCE, {}) == SOURCE
    assert translate_markdown(SOURCE, SPANISH) == (
        "> [!WARNING]\n> Llame al 911 si se desmaya.\n\n"
        "Tome 5 mL[^dose] por la noche[^dose].\n\n[^dose]: Use la jeringa.\n"
    )


def test_rendered_alert_and_footnotes_are_labelled_in_the_page_language() -> None:
    """The alert is a labelled note; references and back links pair up in the translation."""
    html = render_html(SOURCE, SPANISH, locale="es")
    assert html == (
        '<div class="alert alert-warning" role="note" aria-labelledby="alert-0">\n'
        '<p class="alert-title" id="alert-0">Advertencia</p>\n'
        "<p>Llame al 911 si se desmaya.</p>\n</div>\n"
        '<p>Tome 5 mL<sup class="footnote-ref"><a href="#fn1" id="fnref1" '
        'aria-describedby="footnote-label">1</a></sup> por la noche<sup class="footnote-ref">'
        '<a href="#fn1" id="fnref1-1" aria-describedby="footnote-label">1</a></sup>.</p>\n'
        '<section class="footnotes" aria-labelledby="footnote-label">\n'
        '<h2 id="footnote-label">Notas</h2>\n<ol>\n'
        '<li id="fn1"><p>Use la jeringa. <a href="#fnref1" class="footnote-backref" lang="es" '
        'aria-label="Volver al texto">↩︎</a> <a href="#fnref1-1" class="footnote-backref" '
        'lang="es" aria-label="Volver al texto">↩︎</a></p>\n</li>\n</ol>\n</section>\n'
    )


def test_a_footnote_left_in_english_is_marked_on_its_item() -> None:
    """An untranslated footnote in an Arabic page is an English, left-to-right list item."""
    html = render_html(
        SOURCE, {"Call 911 if you faint.": "اتصل بالرقم 911 إذا أغمي عليك."}, locale="ar"
    )
    assert '<li id="fn1" lang="en" dir="ltr"><p>Use the syringe.' in html
    assert '<p class="alert-title" id="alert-0">تحذير</p>' in html


def test_a_translation_that_drops_a_footnote_reference_is_held_back() -> None:
    """Losing "[^dose]" loses the patient's way to the note: an error, so it is held back."""
    [finding] = check_message("Take 5 mL[^dose].", "Tome 5 mL.", locale=parse_locale("es"))
    assert finding.is_error and finding.code == "markup-changed"
    assert "footnote reference 'dose'" in finding.message
    assert check_message("Take 5 mL[^dose].", "Tome 5 mL[^dose].", locale=parse_locale("es")) == []
