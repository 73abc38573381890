"""Full HTML pages from fragments: Jinja2 templates and the library's ``ui`` catalog.

The page chrome (skip link, language switcher label, notices, disclaimer,
dates) is translated through the ``ui`` gettext domain shipped inside the
package, so an installed library has it. Functions here return strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .locales import display_name, is_source_locale, lang_tag, parse_locale, text_direction
from .render import RenderedArticle
from .ui import ui_translations


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
    tag, name, direction = _language(locale)
    return LanguageLink(tag, name, href, direction, is_current)


# Every page links to its article in each of the site's languages.
@lru_cache(maxsize=256)
def _language(locale: Locale) -> tuple[str, str, str]:
    """The language's tag, its name in itself and its direction."""
    return lang_tag(locale), display_name(locale), text_direction(locale)


# One environment for every language, its templates compiled once: the page's
# ui catalog travels in the render context (UI_TRANSLATIONS), so a build in 40
# languages holds one set of compiled templates, not 40 (issue 17), and each
# template is compiled once per process (a third of a no-change rebuild when
# each language compiled its own).
UI_TRANSLATIONS = "ui_translations"


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context[UI_TRANSLATIONS].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return str(context[UI_TRANSLATIONS].ngettext(singular, plural, count))


@pass_context
def _pgettext(context: Context, msgctxt: str, message: str) -> str:
    return str(context[UI_TRANSLATIONS].pgettext(msgctxt, message))


@pass_context
def _npgettext(context: Context, msgctxt: str, singular: str, plural: str, count: int) -> str:
    return str(context[UI_TRANSLATIONS].npgettext(msgctxt, singular, plural, count))


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pain_content", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are package data: a page asks for its template without
        # Jinja2 looking at the file's modification time on every request.
        auto_reload=False,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    return environment


def _render(template: str, locale: Locale, context: Mapping[str, object]) -> str:
    return (
        _environment()
        .get_template(template)
        .render({**context, UI_TRANSLATIONS: ui_translations(locale)})
    )


@lru_cache(maxsize=2)
def _stylesheet(name: str = "page.css") -> Markup:
    return Markup((resources.files("pain_content") / "templates" / name).read_text("utf-8"))


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


def _article_context(
    locale: Locale, article: RenderedArticle, *, is_reviewed: bool
) -> dict[str, object]:
    """What the page, the fragment and the handout all say around the article body."""
    return {
        "lang_tag": lang_tag(locale),
        "direction": text_direction(locale),
        "body": Markup(article.body),
        "reviewed_on": format_review_date(article.last_reviewed, locale)
        if article.last_reviewed
        else None,
        "is_source": is_source_locale(locale),
        "is_reviewed": is_reviewed,
        "untranslated": article.untranslated,
        "outdated": article.outdated,
        "updated_on": format_review_date(article.source_updated, locale)
        if article.source_updated
        else None,
        # The base languages a regional page shows parts in, named in the page's language.
        "fallback_parts": [
            (parse_locale(ancestor).get_display_name(locale) or ancestor, count)
            for ancestor, count in article.fallback_parts
        ],
    }


def render_page(
    *,
    locale: Locale,
    article: RenderedArticle,
    is_reviewed: bool,
    alternates: Sequence[LanguageLink],
    default_href: str,
    canonical_url: str | None = None,
    articles: Sequence[ArticleLink] | None = None,
) -> str:
    """A full HTML5 article page; given ``articles``, the language's home page, the
    article followed by the list of articles.

    ``article.body`` is an HTML fragment from :func:`pain_content.render_html`,
    whose raw HTML is sanitized; everything else is escaped here.
    ``canonical_url``, when the site's base URL is known, is the page's own
    absolute address, for ``<link rel="canonical">``.
    """
    return _render(
        "page.html",
        locale,
        {
            **_common(locale, article.title, alternates),
            **_article_context(locale, article, is_reviewed=is_reviewed),
            "description": article.description,
            "alternates": alternates,
            "default_href": default_href,
            "canonical_url": canonical_url,
            "articles": articles,
        },
    )


def render_handout_page(
    *,
    locale: Locale,
    article: RenderedArticle,
    is_reviewed: bool,
    clinic_name: str,
    page_size: str,
    page_url: str | None,
    qr_code: str | None,
) -> str:
    """The HTML a printed handout is made from: the article with the clinic's name and notices.

    No navigation and no language switcher. ``page_size`` is a CSS ``@page``
    size (``A4``, ``letter``); ``qr_code`` is a ``data:`` URI of the code that
    links to ``page_url``, the article's page online.
    """
    return _render(
        "handout.html",
        locale,
        {
            **_article_context(locale, article, is_reviewed=is_reviewed),
            "title": article.title,
            "description": article.description,
            "stylesheet": _stylesheet("handout.css"),
            "page_size": page_size,
            "clinic_name": clinic_name,
            "page_url": page_url,
            "qr_code": qr_code,
        },
    )


def render_fragment(*, locale: Locale, article: RenderedArticle, is_reviewed: bool) -> str:
    """The article for pasting into another site: the body with what must travel with it.

    One ``<article>`` with ``lang`` and ``dir``, holding the same notices as
    the page (draft or reviewed, parts shown in English), the body, the
    review date and the disclaimer, all in the page's language.
    """
    return _render(
        "fragment.html", locale, _article_context(locale, article, is_reviewed=is_reviewed)
    )


def render_article_index(
    *, locale: Locale, title: str, articles: Sequence[ArticleLink], switcher: Sequence[LanguageLink]
) -> str:
    """The page listing every article in one language."""
    return _render(
        "articles.html", locale, {**_common(locale, title, switcher), "articles": articles}
    )


def render_language_index(*, locale: Locale, title: str, languages: Sequence[LanguageLink]) -> str:
    """The site's front page: every language, each named in itself."""
    return _render("languages.html", locale, {**_common(locale, title, ()), "languages": languages})
