"""HTML body fragments, rendered from the source's own token stream.

Translations replace the inline content of leaf blocks only, so the block
structure is the source's by construction; heading ids are computed from the
source text, so deep links are the same in every language. Rendering works
on copies of the tokens it changes: the parsed document is never modified.

The render rules, how each token becomes HTML (numbers isolated in
right-to-left pages, alerts, footnotes, scrolling regions), are
:mod:`pain_content.render_rules`; this module decides what the tokens say.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale
from markdown_it.token import Token

from .html_structure import is_sound_rendering, may_need_repair, repair_structure
from .locales import SOURCE_LOCALE, is_source_locale, lang_tag, parse_locale, text_direction
from .markdown_parser import ParsedDocument, has_definitions, parse_inline, parse_message
from .raw_html import is_source_markup, translated_attribute, translated_run
from .render_rules import ALERT_LABELS, PAGE_LABELS, PageContext, SharedHtml, render_tokens
from .translate import Lookup, Translations, make_lookup, neutralize_markup, splice_translations
from .ui import ui_translations
from .units import LeafBlock, Unit, parse_article

_NOT_SLUG = re.compile(r"[^\w\- ]")
# Block elements that may carry lang/dir for a part left in the source
# language. An alert's title and the footnotes' heading are in the page's
# language, so the parts inside them are marked instead.
_NOT_MARKED = frozenset({"alert_open", "alert_title_open", "footnote_block_open"})


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
    """How many blocks are shown in the source language because they are not yet translated
    (missing, or held back)."""
    translated: int
    """How many blocks and fields are shown translated (in an ancestor locale's words too)."""
    outdated: int = 0
    """How many blocks are shown in the source language because the English changed
    after they were translated."""
    source_updated: date | None = None
    """When the English of the outdated blocks last changed, if known."""
    fallback_parts: tuple[tuple[str, int], ...] = ()
    """(locale, blocks) shown in each ancestor locale of a regional page, nearest first."""


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


def render_html(
    markdown_text: str, translations: Translations | None = None, *, locale: str = "en"
) -> str:
    """Render the article body as an HTML fragment, translated where translations exist.

    This function does not check translations: it renders whatever it is
    given, a changed dose included. To publish only what passes the critical
    checks, give it ``pain_content.publish_catalog(po_path).translations()``,
    the publishable translations of a catalog, as ``build`` does.

    Raw HTML is sanitized (see :mod:`pain_content.raw_html`): only harmless
    tags and attributes are kept, and comments are never shown; a
    translation's markup that its source lacks shows as text.
    ``javascript:``, ``vbscript:`` and non-image ``data:`` links are never emitted. In a page whose locale is not the
    source language, a block left in the source language carries
    ``lang="en"`` (and ``dir="ltr"`` in a right-to-left page), on the
    outermost block (list, table, quote) whose text is all in English.

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
    layout = _layout(markdown_text)
    lookups = [(page_locale, make_lookup(translations))] if translations is not None else []
    found = _translations(layout.leaves, lookups, page_locale)
    return _render(layout, found, page_locale, [locale for locale, _lookup in lookups])


def localize_article(
    markdown_text: str,
    translations: Translations,
    *,
    locale: str,
    fallbacks: Sequence[tuple[Locale, Translations]] = (),
    outdated: Collection[tuple[str | None, str]] = frozenset(),
    source_updated: date | None = None,
    links: Mapping[str, str] | None = None,
) -> tuple[RenderedArticle, str]:
    """The rendered article and its localized Markdown, from a single parse.

    The same as :func:`render_article` and
    :func:`~pain_content.translate.translate_markdown` together, for a build.

    Args:
        markdown_text: the source article.
        translations: the page's own translations.
        locale: the page's locale.
        fallbacks: for a regional page, its ancestor locales' translations,
            nearest first; a block the page's own translations lack is shown
            in the first that has it, marked with that language's ``lang``.
        outdated: the (msgctxt, msgid) of entries whose translation was made
            for an earlier English text; shown in English, they are counted
            apart from what is not yet translated.
        source_updated: when the English of the outdated entries last changed.
        links: the source's local URLs (as the parser normalized them) and the
            URLs the page uses for them (see :mod:`pain_content.links`); the
            HTML gets them, the Markdown is returned as spliced.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
        LocaleError: ``locale`` is not a locale CLDR knows.
    """
    page_locale = parse_locale(locale)
    layout = _layout(markdown_text)
    lookups = [(page_locale, make_lookup(translations))]
    lookups += [(ancestor, make_lookup(each)) for ancestor, each in fallbacks]
    found = _translations(layout.leaves, lookups, page_locale)
    markdown = splice_translations(
        layout.document, layout.leaves, [msgstr for msgstr, _language in found]
    )
    rendered = _render(
        layout,
        found,
        page_locale,
        [locale for locale, _lookup in lookups],
        outdated=outdated,
        links=links or {},
    )
    return replace(rendered, source_updated=source_updated if rendered.outdated else None), markdown


@dataclass(frozen=True, slots=True)
class _Layout:
    """What the pages of one article share, whatever their language."""

    document: ParsedDocument
    leaves: tuple[LeafBlock, ...]
    tokens: tuple[Token, ...]
    """The document's tokens, each heading's opening one with its id: from the source's
    text, so deep links are the same in every language."""
    places: tuple[tuple[int, int], ...]
    """For each leaf: the index of its inline or HTML block token and of its block's
    opening token, each -1 where it has none (a front-matter field, a run of HTML)."""
    heading_ids: Mapping[int, str]
    """Each heading's id by its opening token's index."""
    parents: Mapping[int, int | None]
    """The innermost block open around each opening, inline and HTML block token."""
    markable: frozenset[int]
    """The opening tokens that may say which language their text is in."""
    has_alerts: bool
    html: SharedHtml
    """The HTML of the tokens a page keeps, rendered once for the article's pages."""


@lru_cache(maxsize=4)  # as parse_article: the article a build renders in every language
def _layout(markdown_text: str) -> _Layout:
    document, leaves = parse_article(markdown_text)
    position = {id(token): index for index, token in enumerate(document.tokens)}
    places = tuple(
        (
            position[id(leaf.html_block or leaf.inline)] if leaf.html_block or leaf.inline else -1,
            position[id(leaf.block_open)] if leaf.block_open else -1,
        )
        for leaf in leaves
    )
    used_ids: dict[str, int] = {}
    heading_ids: dict[int, str] = {}
    for leaf, (_text_at, open_at) in zip(leaves, places, strict=True):
        if leaf.inline is not None and leaf.block_open and leaf.block_open.type == "heading_open":
            slug = slugify(_plain_text(leaf.inline)) or "section"
            count = used_ids.get(slug, 0)
            used_ids[slug] = count + 1
            heading_ids[open_at] = f"{slug}-{count}" if count else slug
    parents: dict[int, int | None] = {}
    stack: list[int] = []
    for index, token in enumerate(document.tokens):
        if token.nesting == 1 or token.type in ("inline", "html_block"):
            parents[index] = stack[-1] if stack else None
        if token.nesting == 1:
            stack.append(index)
        elif token.nesting == -1 and stack:
            stack.pop()
    markable = frozenset(
        index
        for index, token in enumerate(document.tokens)
        if token.nesting == 1
        and token.type not in _NOT_MARKED
        and not token.hidden  # a tight list's paragraph renders no tag
    )
    has_alerts = any(token.type == "alert_open" for token in document.tokens)
    tokens = list(document.tokens)
    for index, heading_id in heading_ids.items():
        tokens[index] = _copy(tokens[index], attrs={**tokens[index].attrs, "id": heading_id})
    article_tokens = tuple(tokens)
    return _Layout(
        document,
        leaves,
        article_tokens,
        places,
        heading_ids,
        parents,
        markable,
        has_alerts,
        SharedHtml(article_tokens),
    )


def _translations(
    leaves: Sequence[LeafBlock], lookups: Sequence[tuple[Locale, Lookup]], page_locale: Locale
) -> list[tuple[str | None, str]]:
    """Each leaf's translation from the first lookup that has one (or None), and the
    language of the text shown: text left in the source language is only marked on a
    translated page."""
    page_tag = lang_tag(page_locale)
    source_tag = page_tag if is_source_locale(page_locale) else SOURCE_LOCALE
    tagged_lookups = [(lang_tag(locale), lookup) for locale, lookup in lookups]
    return [_translation(leaf.unit, tagged_lookups, source_tag) for leaf in leaves]


def _render(
    layout: _Layout,
    found: Sequence[tuple[str | None, str]],
    page_locale: Locale,
    locales: Sequence[Locale],
    *,
    outdated: Collection[tuple[str | None, str]] = frozenset(),
    links: Mapping[str, str] | None = None,
) -> RenderedArticle:
    """The page of ``found``, each leaf's translation (or None) and the language shown;
    ``locales`` are those of the translations, the page's own first."""
    document = layout.document
    tokens = list(layout.tokens)
    # Footnote references in translations are counted again; the document's own
    # footnote data stays as the parse left it.
    env = {**document.env, "footnotes": copy.deepcopy(document.env.get("footnotes", {}))}
    uses_definitions = has_definitions(document.env)
    page_tag = lang_tag(page_locale)
    directions = {SOURCE_LOCALE: "ltr", page_tag: text_direction(page_locale)}
    directions.update((lang_tag(locale), text_direction(locale)) for locale in locales)
    fields: dict[str, str] = {}
    new_attrs: dict[int, dict[str, str]] = {}
    languages: dict[int, set[str]] = {}
    """The languages of the text of each inline or HTML block, by token index."""
    translated: set[int] = set()
    translated_fields: set[str] = set()
    parts: dict[str, int] = {}
    """How many blocks are shown in each language other than the page's."""
    outdated_parts = 0
    html_runs: dict[int, list[tuple[LeafBlock, str | None, str]]] = {}
    for leaf, (msgstr, language), (text_at, open_at) in zip(
        layout.leaves, found, layout.places, strict=True
    ):
        if leaf.html_block is None and (leaf.inline is None or leaf.block_open is None):
            fields[leaf.unit.kind] = msgstr or leaf.unit.msgid
            if msgstr is not None:
                translated_fields.add(leaf.unit.kind)
            continue
        if language == SOURCE_LOCALE and (leaf.unit.msgctxt, leaf.unit.msgid) in outdated:
            outdated_parts += 1
        elif language != page_tag:
            parts[language] = parts.get(language, 0) + 1
        if leaf.html_block is not None:
            html_runs.setdefault(text_at, []).append((leaf, msgstr, language))
            languages.setdefault(text_at, set()).add(language)
            if msgstr is not None:
                translated.add(text_at)
            continue
        assert leaf.inline is not None
        if open_at in layout.heading_ids and "heading" not in fields:
            fields["heading"] = _heading_text(leaf.unit, msgstr)
        if msgstr is not None:
            text = neutralize_markup(msgstr, leaf.unit.msgid)
            # Only a bracket opens a reference or a footnote, and only when the
            # document defines some does the env change the parse; other text
            # is parsed as the checks parsed it.
            children = (
                parse_inline(text, env)
                if "[" in text and uses_definitions
                else list(parse_message(text))
            )
            if "<" in text:  # no raw HTML without it
                children = _with_source_markup_only(children, leaf.unit.msgid)
            tokens[text_at] = _copy(leaf.inline, children=children)
            translated.add(text_at)
        languages[text_at] = {language}
    labels = ui_translations(page_locale)
    page = PageContext(
        lang_tag=page_tag,
        direction=directions[page_tag],
        labels={label: labels.gettext(label) for label in PAGE_LABELS},
    )

    def marks(language: str) -> dict[str, str]:
        if language == page_tag:
            return {}
        attributes = {"lang": language}
        if directions[language] != page.direction:
            attributes["dir"] = directions[language]
        return attributes

    marked, spans = _other_language_blocks(layout, languages, page_tag)
    for index, language in marked.items():
        new_attrs.setdefault(index, {}).update(marks(language))
    for index in spans:
        if index not in html_runs:
            (language,) = languages[index]
            tokens[index] = _wrapped_in_span(tokens[index], marks(language))
    for index, runs in html_runs.items():
        tokens[index] = _translated_html(tokens[index], runs, marks if index in spans else None)
    for index, attributes in new_attrs.items():
        tokens[index] = _copy(tokens[index], attrs={**tokens[index].attrs, **attributes})
    if layout.has_alerts:
        _label_alerts(tokens, labels.gettext)
    if uses_definitions:  # no footnote reference is parsed without a footnote defined
        _number_footnote_references(tokens)
    if links:
        _rewrite_links(tokens, links)
    reviewed = document.front_matter.fields.get("last_reviewed") if document.front_matter else None
    pieces = render_tokens(tokens, env, page=page, urls=links or {}, shared=layout.html)
    body = "".join(pieces)
    if may_need_repair(tokens) and not is_sound_rendering(tokens, pieces):
        body = repair_structure(body)
    return RenderedArticle(
        body=body,
        title=fields.get("title") or fields.get("heading", ""),
        description=fields.get("description", ""),
        last_reviewed=reviewed if isinstance(reviewed, date) else None,
        untranslated=parts.pop(SOURCE_LOCALE, 0),
        translated=len(translated) + len(translated_fields),
        outdated=outdated_parts,
        fallback_parts=tuple(
            (str(locale), parts[lang_tag(locale)])
            for locale in locales[1:]
            if lang_tag(locale) in parts
        ),
    )


def _translation(
    unit: Unit, lookups: Sequence[tuple[str, Lookup]], source_tag: str
) -> tuple[str | None, str]:
    """A unit's translation from the first lookup that has one, and the language of the text
    shown; ``lookups`` are each language's tag and lookup."""
    for tag, lookup in lookups:
        msgstr = lookup(unit)
        if msgstr is not None:
            return msgstr, tag
    return None, source_tag


def _other_language_blocks(
    layout: _Layout, languages: Mapping[int, set[str]], page_tag: str
) -> tuple[dict[int, str], list[int]]:
    """Where to say "this is English" (or the ancestor language a regional page shows):
    the outermost blocks whose text is all in one language other than the page's, with
    that language, and the inline or HTML blocks with such text that have no such block
    around them (the paragraphs of tight lists render no tag of their own).

    Marking the list, table or quote itself, not only its paragraphs, lays a
    whole English list or table out left to right in a right-to-left page.
    """
    if all(text_languages == {page_tag} for text_languages in languages.values()):
        return {}, []  # a page all in its own language
    parents = layout.parents
    found: dict[int, str] = {}
    """The one language of the text inside each block that has some, or "" for several."""
    for index, text_languages in languages.items():
        language = next(iter(text_languages)) if len(text_languages) == 1 else ""
        ancestor = parents[index]
        while ancestor is not None:
            known = found.get(ancestor)
            if known in (language, ""):
                break  # and so are the blocks around it
            found[ancestor] = language if known is None else ""
            ancestor = parents[ancestor]
    candidates = {
        index: language
        for index, language in found.items()
        if language not in ("", page_tag) and index in layout.markable
    }
    marked = {
        index: language
        for index, language in sorted(candidates.items())
        if parents[index] not in candidates
    }
    spans = [
        index
        for index in sorted(languages)
        if languages[index] != {page_tag} and not _has_ancestor_in(index, parents, candidates)
    ]
    return marked, spans


def _with_source_markup_only(children: list[Token], msgid: str) -> list[Token]:
    """A translation's raw HTML as the parser read it, each piece its source lacks made text.

    :func:`~pain_content.translate.neutralize_markup` already does this on the
    text; this is the same rule on what the parser really took for HTML, so a
    piece that text rules misread (inside what looks like a code span) cannot
    slip through.
    """
    if not any(child.type == "html_inline" for child in children):
        return children
    return [
        Token("text", "", 0, content=child.content)
        if child.type == "html_inline" and not is_source_markup(msgid, child.content)
        else child
        for child in children
    ]


def _copy(token: Token, **changes: Any) -> Token:
    """``token.copy(**changes)`` at a fifth of the cost: a page copies every translated
    inline, and ``dataclasses.replace`` checks each field first. Each of ``Token``'s
    fields is named (``tests/test_render.py`` holds the copy equal to its token)."""
    copied = object.__new__(Token)
    copied.type = token.type
    copied.tag = token.tag
    copied.nesting = token.nesting
    copied.attrs = token.attrs
    copied.map = token.map
    copied.level = token.level
    copied.children = token.children
    copied.content = token.content
    copied.markup = token.markup
    copied.info = token.info
    copied.meta = token.meta
    copied.block = token.block
    copied.hidden = token.hidden
    for name, value in changes.items():
        setattr(copied, name, value)
    return copied


def _has_ancestor_in(
    index: int, parents: Mapping[int, int | None], blocks: Collection[int]
) -> bool:
    ancestor = parents[index]
    while ancestor is not None:
        if ancestor in blocks:
            return True
        ancestor = parents[ancestor]
    return False


def _wrapped_in_span(inline: Token, attributes: Mapping[str, str]) -> Token:
    span_open = Token("span_open", "span", 1, attrs=dict(attributes))
    return _copy(
        inline, children=[span_open, *(inline.children or ()), Token("span_close", "span", -1)]
    )


def _translated_html(
    html_block: Token,
    runs: Sequence[tuple[LeafBlock, str | None, str]],
    marks: Callable[[str], Mapping[str, str]] | None,
) -> Token:
    """The HTML block with its runs translated; given ``marks``, each text run in
    another language than the page's is wrapped in a ``<span>`` saying which."""
    content = html_block.content
    parts: list[str] = []
    position = 0
    for leaf, msgstr, language in sorted(runs, key=lambda run: run[0].html_span):
        start, end = leaf.html_span
        parts.append(content[position:start])
        if msgstr is not None and leaf.is_attribute:
            text = translated_attribute(msgstr)
        elif msgstr is not None:
            text = translated_run(msgstr, leaf.unit.msgid)
        else:
            text = content[start:end]
        attributes = marks(language) if marks is not None and not leaf.is_attribute else {}
        if attributes:
            text = "<span{}>{}</span>".format(
                "".join(f' {name}="{value}"' for name, value in attributes.items()), text
            )
        parts.append(text)
        position = end
    parts.append(content[position:])
    return _copy(html_block, content="".join(parts))


def _label_alerts(tokens: list[Token], translate: Callable[[str], str]) -> None:
    """Give each alert its title in the page's language, and the id that names it."""
    kind = "NOTE"
    for index, token in enumerate(tokens):
        if token.type == "alert_open":
            kind = str(token.meta.get("kind", "NOTE"))
            tokens[index] = _copy(token, meta={**token.meta, "title_id": f"alert-{index}"})
        elif token.type == "inline" and index > 0 and tokens[index - 1].type == "alert_title_open":
            label = translate(ALERT_LABELS.get(kind, ALERT_LABELS["NOTE"]))
            tokens[index] = _copy(token, children=[Token("text", "", 0, content=label)])


def _rewrite_links(tokens: list[Token], links: Mapping[str, str]) -> None:
    """Point each link and image whose URL the source names at its place in the site.

    Translated inlines are rewritten by the same map, so a translation that
    kept its source's link target links where the source does, and one that
    names another target is left as it wrote it (the gate holds it back).
    """
    for index, token in enumerate(tokens):
        if not any(child.type in ("link_open", "image") for child in token.children or ()):
            continue
        children = []
        for child in token.children or ():
            attribute = {"link_open": "href", "image": "src"}.get(child.type)
            url = str(child.attrs.get(attribute, "")) if attribute else ""
            if attribute and url in links:
                child = _copy(child, attrs={**child.attrs, attribute: links[url]})
            children.append(child)
        tokens[index] = _copy(token, children=children)


def _number_footnote_references(tokens: list[Token]) -> None:
    """Number each footnote's references in page order, as its back links are.

    A translation's references are parsed after the source's, so the counts
    markdown-it gave them continue the source's; the n-th reference to a note
    must be ``fnref<id>-<n>`` for the note's n-th back link to find it.
    """
    seen: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "inline" or not any(
            child.type == "footnote_ref" for child in token.children or ()
        ):
            continue
        children = []
        for child in token.children or ():
            if child.type == "footnote_ref":
                note = int(child.meta["id"])
                child = _copy(child, meta={**child.meta, "subId": seen.get(note, 0)})
                seen[note] = seen.get(note, 0) + 1
            children.append(child)
        tokens[index] = _copy(token, children=children)


def _heading_text(unit: Unit, msgstr: str | None) -> str:
    tokens = parse_message(msgstr or unit.msgid)
    return "".join(
        child.content
        for token in tokens
        for child in [token, *(token.children or ())]
        if child.type in ("text", "code_inline")
    )
