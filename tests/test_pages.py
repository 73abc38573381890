"""Pages around the articles: title, lang and dir, the language switcher, notices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from jinja2 import Environment
from lxml import html as lxml_html

from pain_content import pages
from pain_content.locales import parse_locale
from pain_content.pages import (
    ArticleLink,
    LanguageLink,
    language_link,
    render_article_index,
    render_language_index,
    render_page,
)
from pain_content.render import RenderedArticle

SITE = ["en", "es", "ar", "zh_Hant"]


def _switcher(current: str) -> list[LanguageLink]:
    return [
        language_link(parse_locale(name), f"../{name}/knee.html", is_current=name == current)
        for name in SITE
    ]


def _page(
    locale: str,
    *,
    title: str = "Knee pain",
    body: str = "<p>Rest.</p>",
    is_reviewed: bool = False,
    untranslated: int = 0,
    last_reviewed: date | None = None,
    alternates: Sequence[LanguageLink] | None = None,
) -> lxml_html.HtmlElement:
    page = render_page(
        locale=parse_locale(locale),
        article=RenderedArticle(
            body=body,
            title=title,
            description="What helps <knee> pain",
            last_reviewed=last_reviewed,
            untranslated=untranslated,
            translated=0,
        ),
        is_reviewed=is_reviewed,
        alternates=_switcher(locale) if alternates is None else alternates,
        default_href="../en/knee.html",
    )
    assert page.startswith("<!DOCTYPE html>\n")
    return lxml_html.document_fromstring(page)


def _all(root: lxml_html.HtmlElement, path: str) -> list[lxml_html.HtmlElement]:
    """The elements an XPath selects (lxml types xpath() as any XPath result)."""
    found = root.xpath(path)
    assert isinstance(found, list)
    return [element for element in found if isinstance(element, lxml_html.HtmlElement)]


def _text(root: lxml_html.HtmlElement, path: str) -> str:
    [element] = _all(root, path)
    return str(element.text_content())


def _notices(page: lxml_html.HtmlElement) -> list[str]:
    return [notice.text_content() for notice in page.find_class("notice")]


@pytest.mark.parametrize(
    ("locale", "lang", "direction"),
    [
        ("ar", "ar", "rtl"),
        ("fa", "fa", "rtl"),
        ("zh_Hant", "zh-Hant", "ltr"),
        ("pt_BR", "pt-BR", "ltr"),
    ],
)
def test_page_declares_its_language_and_direction(locale: str, lang: str, direction: str) -> None:
    """The root element carries the BCP 47 tag and the script's direction."""
    root = _page(locale)
    assert (root.get("lang"), root.get("dir")) == (lang, direction)


def test_title_and_description_are_escaped_and_the_body_is_kept() -> None:
    """Text from catalogs is escaped in the head; the rendered body fragment goes in as HTML."""
    root = _page("es", title="Dolor <script>x</script>", body="<p><strong>Descanse.</strong></p>")
    assert root.findtext("head/title") == "Dolor <script>x</script>"
    assert not _all(root, "//script")
    [description] = _all(root, "//meta[@name='description']")
    assert description.get("content") == "What helps <knee> pain"
    assert _text(root, "//main/article/p/strong") == "Descanse."


def test_switcher_names_each_language_in_itself_and_marks_the_current_one() -> None:
    """Each link is labelled in its own language, with its lang, hreflang and dir."""
    root = _page("ar")
    [nav] = _all(root, "//header/nav")
    assert nav.get("aria-label") == "اللغات"
    links = [
        (a.text_content(), a.get("href"), a.get("lang"), a.get("hreflang"), a.get("dir"))
        for a in nav.iter("a")
    ]
    assert links == [
        ("English", "../en/knee.html", "en", "en", "ltr"),
        ("Español", "../es/knee.html", "es", "es", "ltr"),
        ("العربية", "../ar/knee.html", "ar", "ar", "rtl"),
        ("中文 (繁體)", "../zh_Hant/knee.html", "zh-Hant", "zh-Hant", "ltr"),
    ]
    assert [a.get("aria-current") for a in nav.iter("a")] == [None, None, "page", None]


def test_alternates_include_every_language_and_a_default() -> None:
    """Search engines get one hreflang alternate per language and x-default."""
    root = _page("es")
    alternates = [
        (e.get("hreflang"), e.get("href")) for e in _all(root, "//link[@rel='alternate']")
    ]
    assert alternates == [
        ("en", "../en/knee.html"),
        ("es", "../es/knee.html"),
        ("ar", "../ar/knee.html"),
        ("zh-Hant", "../zh_Hant/knee.html"),
        ("x-default", "../en/knee.html"),
    ]


def test_a_page_without_other_languages_has_no_switcher() -> None:
    """No alternates, no empty navigation landmark."""
    assert not _all(_page("es", alternates=[]), "//nav")


def test_source_pages_have_no_translation_notice() -> None:
    """The English source is not a translation: neither draft nor reviewed is claimed."""
    assert _notices(_page("en")) == []


def test_unreviewed_translations_say_they_are_drafts() -> None:
    """A translation not reviewed by a medical translator says so, in the page's language."""
    assert _notices(_page("es")) == [
        "Esta traducción es un borrador y todavía no ha sido revisada por un traductor médico "
        "calificado. Si algo no le queda claro, consulte a su equipo de atención médica."
    ]


def test_reviewed_translations_say_so_with_the_locale_date() -> None:
    """A reviewed catalog's page says it was reviewed, and when, as the locale writes dates."""
    root = _page("es", is_reviewed=True, last_reviewed=date(2026, 3, 4))
    assert _notices(root) == [
        "Esta traducción ha sido revisada por un traductor médico calificado."
    ]
    [time] = _all(root, "//p[@class='meta']/time")
    assert (time.get("datetime"), time.text) == ("2026-03-04", "4 de marzo de 2026")
    assert _text(root, "//p[@class='meta'][time]") == "Última revisión: 4 de marzo de 2026"


@pytest.mark.parametrize(
    ("count", "notice"),
    [
        (1, "1 часть этой страницы ещё не переведена и показана на английском языке."),
        (3, "3 части этой страницы ещё не переведены и показаны на английском языке."),
        (5, "5 частей этой страницы ещё не переведены и показаны на английском языке."),
        (21, "21 часть этой страницы ещё не переведена и показана на английском языке."),
    ],
)
def test_untranslated_parts_are_counted_with_the_languages_plural_forms(
    count: int, notice: str
) -> None:
    """The notice of parts shown in English uses CLDR's plural form for the count (Russian: 3)."""
    assert _notices(_page("ru", untranslated=count))[1:] == [notice]


def test_article_index_lists_titles_with_a_counted_sentence() -> None:
    """The language's article list links every article under its translated title."""
    page = render_article_index(
        locale=parse_locale("es"),
        title="Artículos",
        articles=[
            ArticleLink("Dolor de rodilla", "knee.html"),
            ArticleLink("Espalda", "back.html"),
        ],
        switcher=_switcher("es"),
    )
    root = lxml_html.document_fromstring(page)
    assert root.findtext("head/title") == "Artículos"
    assert [(a.text, a.get("href")) for a in _all(root, "//ul[@class='articles']//a")] == [
        ("Dolor de rodilla", "knee.html"),
        ("Espalda", "back.html"),
    ]
    assert _text(root, "//main/p") == "2 artículos en este idioma."


def test_language_index_names_every_language_in_itself() -> None:
    """The front page offers each language under its own name and direction."""
    languages = [language_link(parse_locale(n), f"{n}/index.html") for n in SITE]
    page = render_language_index(locale=parse_locale("en"), title="Health", languages=languages)
    root = lxml_html.document_fromstring(page)
    assert [(a.text, a.get("dir")) for a in _all(root, "//ul[@class='language-list']//a")] == [
        ("English", "ltr"),
        ("Español", "ltr"),
        ("العربية", "rtl"),
        ("中文 (繁體)", "ltr"),
    ]
    assert not _all(root, "//nav")


def test_every_language_shares_one_compiled_template_and_keeps_its_own_chrome(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A template is compiled once per process, not once per language, and each language's
    page still carries its own translated chrome."""
    pages._environment.cache_clear()
    compiled: list[str | None] = []
    real_compile = Environment.compile

    def counting_compile(
        self: Environment, source: str, name: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        compiled.append(name)
        return real_compile(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting_compile)
    skip_links = {}
    for tag in ("es", "ar", "ja"):
        page = render_article_index(locale=parse_locale(tag), title="t", articles=[], switcher=[])
        skip_links[tag] = lxml_html.fromstring(page).xpath("//a[@class='skip-link']/text()")
    assert skip_links == {
        "es": ["Saltar al contenido principal"],
        "ar": ["الانتقال إلى المحتوى الرئيسي"],
        "ja": ["本文へスキップ"],
    }
    # Earlier tests may have compiled it already: at most once, never once per language.
    assert compiled.count("articles.html") <= 1 and len(compiled) == len(set(compiled))
