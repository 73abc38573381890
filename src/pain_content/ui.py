"""The library's own ``ui`` catalog: the words around and inside the article.

Page chrome (skip link, switcher label, notices, disclaimer) lives in the
Jinja2 templates; labels the renderer writes into the article itself (alert
titles, the footnotes heading) are marked in Python with :func:`N_`. Both are
extracted into one ``ui`` template with Babel's own extractors, and the
shipped catalogs sit inside the package, so an installed library has them.
"""

from __future__ import annotations

import gettext
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polib
from babel import Locale
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from .catalogs import template_metadata
from .locales import parent_locales

UI_DOMAIN = "ui"
PACKAGE_DIR = Path(str(resources.files("pain_content")))
UI_LOCALE_DIR = PACKAGE_DIR / "locale"
"""Where the shipped ``ui`` catalogs live (``locale/<ll>/LC_MESSAGES/ui.mo``)."""
_UI_TEMPLATE_DATE = datetime(2026, 11, 25, tzinfo=UTC)
# Python modules whose N_() labels are ui messages.
_LABELLED_MODULES = ("render_rules.py",)


def N_(message: str) -> str:
    """Mark a ``ui`` message for extraction; it is translated where it is shown."""
    return message


# Looked up for every page and its body: each lookup looks for a file per language
# in the chain. gettext itself keeps each catalog file read once per process.
@lru_cache(maxsize=64)
def ui_translations(locale: Locale) -> gettext.NullTranslations:
    """The shipped ``ui`` catalog for a locale, then its CLDR parents' (English chrome when
    there is none): a ``zh_Hant_HK`` page gets the ``zh_Hant`` chrome, where gettext's
    own expansion would look for ``zh``."""
    languages = [str(locale), *map(str, parent_locales(locale))]
    return gettext.translation(
        UI_DOMAIN, localedir=UI_LOCALE_DIR, languages=languages, fallback=True
    )


def ui_gettext(locale: Locale, message: str) -> str:
    """Translate one ``ui`` message (for page titles built outside templates)."""
    return ui_translations(locale).gettext(message)


def ui_template() -> polib.POFile:
    """The ``ui`` template, extracted from the templates and the labelled modules.

    Entries keep Jinja2's ``python-format`` flag: their placeholders are real.
    """
    template = polib.POFile(wrapwidth=79)
    template.header = "Messages of the pages around the articles (the ui domain)."
    # A fixed date and no version: the shipped ui.pot must change only when its
    # messages do, not with every run or release (tests compare it byte for byte).
    template.metadata = {
        **template_metadata("pain_content ui", creation_date=_UI_TEMPLATE_DATE),
        "X-Generator": "pain_content",
    }
    entries: dict[str, polib.POEntry] = {}
    found = extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[
            ("templates/**.html", "jinja2.ext:babel_extract"),
            *((module, "python") for module in _LABELLED_MODULES),
        ],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        keywords={**DEFAULT_KEYWORDS, "N_": None},
    )
    for filename, lineno, message, _comments, _context in found:
        singular, plural = (message, None) if isinstance(message, str) else message[:2]
        entry = entries.get(singular)
        if entry is None:
            entry = polib.POEntry(msgid=singular, msgid_plural=plural or "", msgstr="")
            if plural:
                entry.msgstr_plural = {0: "", 1: ""}
            if "%(" in singular:
                entry.flags.append("python-format")
            entries[singular] = entry
            template.append(entry)
        entry.occurrences.append((filename, str(lineno)))
    return template
