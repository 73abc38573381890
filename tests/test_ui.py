"""The library's own ui catalogs: extracted from templates and labels, shipped complete."""

from __future__ import annotations

from pain_content.catalog_files import read_catalog
from pain_content.catalogs import mo_bytes, mo_messages
from pain_content.locales import parse_locale
from pain_content.pofile import format_catalog
from pain_content.review import review_counts
from pain_content.ui import UI_LOCALE_DIR, ui_gettext, ui_template


def test_shipped_ui_catalogs_are_current_and_complete() -> None:
    """The shipped ui template matches the templates, and each ui.mo is its ui.po compiled and complete."""
    assert format_catalog(ui_template()) == (UI_LOCALE_DIR / "ui.pot").read_text("utf-8")
    po_files = sorted(UI_LOCALE_DIR.glob("*/LC_MESSAGES/ui.po"))
    assert len(po_files) == 15
    template_ids = {entry.msgid for entry in ui_template()}
    for po_path in po_files:
        catalog = read_catalog(po_path)
        assert {e.msgid for e in catalog if not e.obsolete} == template_ids, po_path
        assert all(e.translated() for e in catalog if not e.obsolete), po_path
        assert not review_counts(catalog).reviewed, po_path  # drafts: nobody qualified signed them
        assert po_path.with_suffix(".mo").read_bytes() == mo_bytes(
            mo_messages(catalog, use_fuzzy=False)
        )


def test_regional_pages_get_their_parent_locales_chrome() -> None:
    """A zh-Hant-HK page speaks Traditional Chinese (gettext alone would look for zh), es-MX Spanish."""
    hong_kong = ui_gettext(parse_locale("zh_Hant_HK"), "Languages")
    assert hong_kong == ui_gettext(parse_locale("zh_Hant"), "Languages") == "語言"
    assert ui_gettext(parse_locale("es_MX"), "Languages") == "Idiomas"
