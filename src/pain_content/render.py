"""HTML body fragments, rendered from the source's own token stream.

Translations replace the inline content of leaf blocks only, so the block
structure is the source's by construction; heading ids are computed from the
source text, so deep links are the same in every language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import Locale
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from .locales import is_source_locale, parse_locale, text_direction
from .markdown_parser import PARSER, ParsedDocument, parse_document, parse_inline
from .translate import Lookup, Translations, make_lookup, splice_translations
from .units import LeafBlock, Unit, walk_leaf_blocks

_NOT_SLUG = re.compile(r"[^\w\- ]")
# Runs that must keep left-to-right order inside right-to-left text: URLs,
# and numbers with their separators (doses, ranges, phone numbers, dates).
_LEFT_TO_RIGHT_RUN = re.compile(r"https?://[^\s<]+|\+?\d(?:[\d.,:/()%-]|\s(?=\d))*")
_ISOLATE = "pain_content_isolate"


def _render_text(
    renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
) -> str:
    text = escapeHtml(tokens[index].content)
    if isinstance(env, Mapping) and env.get(_ISOLATE):
        return _LEFT_TO_RIGHT_RUN.sub(lambda match: f"<bdi>{match.group()}</bdi>", text)
    return text


def _render_code_inline(
    renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
) -> str:
    direction = ' dir="ltr"' if isinstance(env, Mapping) and env.get(_ISOLATE) else ""
    return f"<code{direction}>{escapeHtml(tokens[index].content)}</code>"


PARSER.add_render_rule("text", _render_text)
PARSER.add_render_rule("code_inline", _render_code_inline)


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """An article rendered for one locale, with what its page needs to know."""

    body: str
    """The HTML body fragment."""
    title: str
    """The (translated) title: front matter ``title``, else the first heading."""
    description: str
    """The (translated) front matter ``description``, or empty."""
    last_reviewed: date | None
    """The front matter ``last_reviewed`` date, if it has one."""
    untranslated: int
    """How many blocks are shown in the source language."""


def slugify(text: str) -> str:
    """A GitHub-style anchor: lower case, punctuation dropped, spaces as hyphens.

    >>> slugify("Benefits of Stem Cell Therapy for Chronic Pain:")
    'benefits-of-stem-cell-therapy-for-chronic-pain'
    """
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return _NOT_SLUG.sub("", text).replace(" ", "-")


def _plain_text(inline: Token) -> str:
    return "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )


def _mark_source_language(block_open: Token, inline: Token, is_rtl_page: bool) -> None:
    attributes: dict[str, str | int | float] = {"lang": "en"}
    if is_rtl_page:
        attributes["dir"] = "ltr"
    if not block_open.hidden:
        for name, value in attributes.items():
            block_open.attrSet(name, value)
        return
    # A tight list hides its paragraphs; mark the text itself instead.
    span_open = Token("span_open", "span", 1, attrs=attributes)
    inline.children = [span_open, *(inline.children or ()), Token("span_close", "span", -1)]


def render_html(
    markdown_text: str, translations: Translations | None = None, *, locale: str = "en"
) -> str:
    """Render the article body as an HTML fragment, translated where translations exist.

    Raw HTML shows as text; ``javascript:``, ``vbscript:`` and non-image
    ``data:`` links are never emitted. In a page whose locale is not the
    source language, a block left in the source language carries
    ``lang="en"`` (and ``dir="ltr"`` in a right-to-left page).

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
        LocaleError: ``locale`` is not a locale CLDR knows.
    """
    return render_article(markdown_text, translations, locale=locale).body


def render_article(
    markdown_text: str, translations: Translations | None, *, locale: str
) -> RenderedArticle:
    """Render an article's body and translate its title and description.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
        LocaleError: ``locale`` is not a locale CLDR knows.
    """
    page_locale = parse_locale(locale)
    document = parse_document(markdown_text)
    lookup = make_lookup(translations) if translations is not None else None
    return _render(document, list(walk_leaf_blocks(document)), lookup, page_locale)


def localize_article(
    markdown_text: str, translations: Translations, *, locale: str
) -> tuple[RenderedArticle, str]:
    """The rendered article and its localized Markdown, from a single parse.

    The same as :func:`render_article` and
    :func:`~pain_content.translate.translate_markdown` together, for a build.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
        LocaleError: ``locale`` is not a locale CLDR knows.
    """
    page_locale = parse_locale(locale)
    document = parse_document(markdown_text)
    leaves = list(walk_leaf_blocks(document))
    lookup = make_lookup(translations)
    markdown = splice_translations(document, leaves, lookup)  # before rendering changes tokens
    return _render(document, leaves, lookup, page_locale), markdown


def _render(
    document: ParsedDocument,
    leaves: Sequence[LeafBlock],
    lookup: Lookup | None,
    page_locale: Locale,
) -> RenderedArticle:
    is_rtl_page = text_direction(page_locale) == "rtl"
    marks_untranslated = not is_source_locale(page_locale)
    used_ids: dict[str, int] = {}
    fields: dict[str, str] = {}
    untranslated = 0
    for leaf in leaves:
        msgstr = lookup(leaf.unit) if lookup is not None else None
        if leaf.inline is None or leaf.block_open is None:
            fields[leaf.unit.kind] = msgstr or leaf.unit.msgid
            continue
        if leaf.block_open.type == "heading_open":
            fields.setdefault("heading", _heading_text(leaf.unit, msgstr))
            slug = slugify(_plain_text(leaf.inline)) or "section"
            count = used_ids.get(slug, 0)
            used_ids[slug] = count + 1
            leaf.block_open.attrSet("id", f"{slug}-{count}" if count else slug)
        if msgstr is not None:
            leaf.inline.children = parse_inline(msgstr, document.env)
        elif marks_untranslated:
            untranslated += 1
            _mark_source_language(leaf.block_open, leaf.inline, is_rtl_page)
    env = {**document.env, _ISOLATE: is_rtl_page}
    reviewed = document.front_matter.fields.get("last_reviewed") if document.front_matter else None
    return RenderedArticle(
        body=PARSER.renderer.render(document.tokens, PARSER.options, env),
        title=fields.get("title") or fields.get("heading", ""),
        description=fields.get("description", ""),
        last_reviewed=reviewed if isinstance(reviewed, date) else None,
        untranslated=untranslated,
    )


def _heading_text(unit: Unit, msgstr: str | None) -> str:
    tokens = parse_inline(msgstr or unit.msgid, {})
    return "".join(
        child.content
        for token in tokens
        for child in [token, *(token.children or ())]
        if child.type in ("text", "code_inline")
    )
