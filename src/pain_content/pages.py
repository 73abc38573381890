"""Full HTML pages from fragments: Jinja2 templates and the library's ``ui`` catalog.

The page chrome (skip link, language switcher label, notices, disclaimer,
dates) is translated through the ``ui`` gettext domain shipped inside the
package, so an installed library has it. Functions here return strings.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polib
from babel import Locale
from babel.dates import format_date
from babel.messages.extract import extract_from_dir
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from .locales import display_name, is_source_locale, lang_tag, text_direction

UI_DOMAIN = "ui"
UI_LOCALE_DIR = Path(str(resources.files("pain_content") / "locale"))
"""Where the shipped ``ui`` catalogs live (``locale/<ll>/LC_MESSAGES/ui.mo``)."""


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """A link to the same content in one language."""

    lang_tag: str
    name: str
    """The language's name in itself."""
    href: str
    direction: str
    is_current: bool = False


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """A link to one article, titled in the page's language."""

    title: str
    href: str


def language_link(locale: Locale, href: str, *, is_current: bool = False) -> LanguageLink:
    """A link to ``href`` labelled with the language's own name."""
    return LanguageLink(
        lang_tag(locale), display_name(locale), href, text_direction(locale), is_current
    )


def ui_translations(locale: Locale) -> gettext.NullTranslations:
    """The shipped ``ui`` catalog for a locale (English chrome when there is none)."""
    return gettext.translation(
        UI_DOMAIN, localedir=UI_LOCALE_DIR, languages=[str(locale)], fallback=True
    )


@lru_cache(maxsize=64)
def _environment(locale: Locale) -> Environment:
    environment = Environment(
        loader=PackageLoader("pain_content", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.install_gettext_translations(ui_translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return environment


@lru_cache(maxsize=1)
def _stylesheet() -> Markup:
    return Markup((resources.files("pain_content") / "templates" / "page.css").read_text("utf-8"))


def _common(locale: Locale, title: str, switcher: Sequence[LanguageLink]) -> dict[str, object]:
    return {
        "lang_tag": lang_tag(locale),
        "direction": text_direction(locale),
        "title": title,
        "switcher": switcher,
        "stylesheet": _stylesheet(),
    }


def format_review_date(day: date, locale: Locale) -> Markup:
    """A ``<time>`` element with the date written as the locale writes it."""
    return Markup('<time datetime="{}">{}</time>').format(
        day.isoformat(), format_date(day, format="long", locale=locale)
    )


def render_page(
    *,
    locale: Locale,
    title: str,
    description: str,
    body: str,
    last_reviewed: date | None,
    is_reviewed: bool,
    untranslated: int,
    alternates: Sequence[LanguageLink],
    default_href: str,
) -> str:
    """A full HTML5 article page.

    ``body`` is an HTML fragment from :func:`pain_content.render_html`, which
    never passes raw HTML through; everything else is escaped here.
    """
    return (
        _environment(locale)
        .get_template("page.html")
        .render(
            **_common(locale, title, alternates),
            description=description,
            body=Markup(body),
            reviewed_on=format_review_date(last_reviewed, locale) if last_reviewed else None,
            is_source=is_source_locale(locale),
            is_reviewed=is_reviewed,
            untranslated=untranslated,
            alternates=alternates,
            default_href=default_href,
        )
    )


def render_article_index(
    *, locale: Locale, title: str, articles: Sequence[ArticleLink], switcher: Sequence[LanguageLink]
) -> str:
    """The page listing every article in one language."""
    return (
        _environment(locale)
        .get_template("articles.html")
        .render(**_common(locale, title, switcher), articles=articles)
    )


def render_language_index(*, locale: Locale, title: str, languages: Sequence[LanguageLink]) -> str:
    """The site's front page: every language, each named in itself."""
    return (
        _environment(locale)
        .get_template("languages.html")
        .render(**_common(locale, title, ()), languages=languages)
    )


def ui_template() -> polib.POFile:
    """The ``ui`` template, extracted from the page templates with Babel's Jinja2 extractor.

    Entries keep Jinja2's ``python-format`` flag: their placeholders are real.
    """
    template_dir = Path(str(resources.files("pain_content") / "templates"))
    template = polib.POFile(wrapwidth=79)
    template.header = "Messages of the pages around the articles (the ui domain)."
    template.metadata = {
        "Project-Id-Version": "pain_content ui",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-11-25 00:00+0000",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "pain_content",
    }
    entries: dict[str, polib.POEntry] = {}
    found = extract_from_dir(
        str(template_dir),
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
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
        entry.occurrences.append((f"templates/{filename}", str(lineno)))
    return template


def ui_gettext(locale: Locale, message: str) -> str:
    """Translate one ``ui`` message (for page titles built outside templates)."""
    return ui_translations(locale).gettext(message)
