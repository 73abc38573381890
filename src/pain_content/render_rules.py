"""How each token becomes HTML in a page: the markdown-it render rules.

Right-to-left pages need care with numbers. A number written with European or
Persian digits (bidi class EN) is wrapped whole, with its group and decimal
separators, sign and percent sign, in one ``<bdi>``, so that neither its
neighbours nor its own separators can reorder its digits. A number written
only with Arabic-Indic digits and Arabic separators (class AN) already keeps
its order, and is left alone. Two numbers joined by a range dash are two
isolates: the range then reads in the paragraph's direction, as the
translator wrote it.

Code blocks and tables scroll in a named region, alerts are notes named by
their title, footnotes link both ways with labels in the page's language, and
raw HTML goes through the page's :class:`~pain_content.raw_html.Sanitizer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from .markdown_parser import PARSER
from .raw_html import Sanitizer
from .ui import N_

ALERT_LABELS: Mapping[str, str] = {
    "NOTE": N_("Note"),
    "TIP": N_("Tip"),
    "IMPORTANT": N_("Important"),
    "WARNING": N_("Warning"),
    "CAUTION": N_("Caution"),
}
"""The title of each GitHub-style alert (``> [!WARNING]``), a ``ui`` message."""
FOOTNOTES_LABEL = N_("Notes")
BACK_TO_TEXT_LABEL = N_("Back to the text")
CODE_LABEL = N_("Code")
TABLE_LABEL = N_("Table")
"""The names of the scrolling regions that hold a code block or a table."""
PAGE_LABELS = (FOOTNOTES_LABEL, BACK_TO_TEXT_LABEL, CODE_LABEL, TABLE_LABEL)
"""The labels the render rules write, each in the page's language (see :class:`PageContext`)."""
# Runs that must keep left-to-right order inside right-to-left text: URLs, and
# numbers in any script's digits with the separators locales write between
# them (CLDR's group and decimal symbols: , . ٬ ٫ ، ' ’ and the spaces), a
# sign and a percent or per-mille sign. Separators count only between digits,
# so a sentence's full stop stays outside.
_LEFT_TO_RIGHT_RUN = re.compile(
    r"https?://[^\s<]+"
    r"|(?:(?<![\w.,])[+\-\u2212])?\d+"
    r"(?:[.,:/\-\u066b\u066c\u060c'\u2019\u00a0\u202f\u2009 ]\d+)*"
    r"[%\u066a\u2030\u0609]?"
)

_FOOTNOTES_ID = "footnote-label"


@dataclass(frozen=True, slots=True)
class PageContext:
    """What the render rules need to know about the page."""

    lang_tag: str
    direction: str
    labels: Mapping[str, str]
    """Each of :data:`PAGE_LABELS` in the page's language."""


@dataclass(frozen=True, slots=True)
class _Rendering:
    """One body being rendered: its page, the sanitizer that reads its raw HTML in
    order, what it does to numbers, and markdown-it's env for markdown-it's own rules."""

    page: PageContext
    sanitizer: Sanitizer
    numbers: Callable[[str], str]
    env: Mapping[str, Any]


_Rule = Callable[[Sequence[Token], int, _Rendering], str]


@dataclass(frozen=True, slots=True)
class SharedHtml:
    """The HTML an article's pages have in common, kept by the first page that renders it.

    A page starts from the article's tokens and replaces some (a translated
    inline, a block marked with its language); a token it keeps renders the
    same in every page of the same text direction, unless its HTML depends on
    the page itself (see :data:`_PAGE_DEPENDENT`) or is inline text the
    sanitizer drops. A code block's code is the same in every page; the region
    around it is named in the page's language. A page replaces a token's
    attributes, children, content or meta, never its type, tag, nesting or
    hidden flag, which are what the line feeds around a tag depend on.
    """

    tokens: Sequence[Token]
    """The article's tokens, as every page starts from them."""
    by_direction: dict[str, dict[int, str]] = field(default_factory=dict)
    """For each text direction, the HTML of each token (a code block's code) by index."""


def render_tokens(
    tokens: Sequence[Token],
    env: Mapping[str, Any],
    *,
    page: PageContext,
    urls: Mapping[str, str],
    shared: SharedHtml | None = None,
) -> list[str]:
    """The HTML of each of a page's tokens, in turn; joined, the page's body. ``urls`` maps
    raw HTML's local URLs to the page's.

    The same HTML as markdown-it's ``RendererHTML`` with this module's rules:
    a page is a few hundred tokens, most of them text and tags, and the loop
    here renders those without markdown-it's call per token through its
    generic rule (see :func:`_tag`). Given ``shared``, the tokens of the
    article that the page kept are rendered once for all its pages.
    """
    numbers = _isolated_numbers if page.direction == "rtl" else _unchanged
    rendering = _Rendering(page, Sanitizer(urls=urls), numbers, env)
    if shared is None:
        shared = SharedHtml(tokens)
    article_tokens = shared.tokens
    known = shared.by_direction.setdefault(page.direction, {})
    dropping = rendering.sanitizer.dropping  # its live stack: empty unless inside <script>
    code_region = _scroll_region(page, CODE_LABEL, is_code=True)
    out: list[str] = []
    for index, token in enumerate(tokens):
        is_kept = token is article_tokens[index]
        html = known.get(index) if is_kept else None
        if html is None or (dropping and token.type == "inline"):
            html = _token_html(tokens, index, rendering)
            if is_kept and not dropping and _is_page_independent(token):
                known[index] = html
        if token.type in _CODE_BLOCKS:
            html = f"{code_region}{html}</div>\n"
        out.append(html)
    return out


def _token_html(tokens: Sequence[Token], index: int, rendering: _Rendering) -> str:
    """A token's HTML; a code block's code only, without its scrolling region."""
    token = tokens[index]
    if token.type == "inline":
        if not token.children:
            return ""
        out: list[str] = []
        _render_inline(token.children, rendering, out)
        return "".join(out)
    if token.type in _CODE_BLOCKS:
        return _MARKDOWN_IT_RULES[token.type](tokens, index, PARSER.options, rendering.env)
    rule = _RULES.get(token.type)
    return _tag(tokens, index) if rule is None else rule(tokens, index, rendering)


def _is_page_independent(token: Token) -> bool:
    if token.type == "inline":
        return not any(child.type in _PAGE_DEPENDENT for child in token.children or ())
    return token.type not in _PAGE_DEPENDENT


def _render_inline(children: Sequence[Token], rendering: _Rendering, out: list[str]) -> None:
    dropping = rendering.sanitizer.dropping
    numbers = rendering.numbers
    rules = _RULES
    for index, child in enumerate(children):
        if child.type == "text":  # most of a page's tokens: no rule looked up
            if dropping:
                continue  # the text of a <script> or <style> written inline
            # markdown-it's escapeHtml, without a call for each text
            text = (
                child.content.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace('"', "&quot;")
            )
            out.append(numbers(text))
            continue
        rule = rules.get(child.type)
        out.append(_tag(children, index) if rule is None else rule(children, index, rendering))


def _tag(tokens: Sequence[Token], index: int) -> str:
    """markdown-it's ``RendererHTML.renderToken``: a token's tag with its attributes,
    and the line feeds markdown-it writes around block tags."""
    token = tokens[index]
    if token.hidden:
        return ""  # a tight list's paragraph
    attributes = _attributes(token) if token.attrs else ""
    opening = "</" if token.nesting == -1 else "<"
    slash = " /" if token.nesting == 0 and _XHTML else ""
    if not token.block:
        return f"{opening}{token.tag}{attributes}{slash}>"
    # A new line between a hidden paragraph and the block tag after it, and after a
    # block tag unless an inline or a hidden paragraph follows, or its own end tag.
    before = "\n" if token.nesting != -1 and index and tokens[index - 1].hidden else ""
    after = "\n"
    if token.nesting == 1 and index + 1 < len(tokens):
        following = tokens[index + 1]
        if (
            following.type == "inline"
            or following.hidden
            or (following.nesting == -1 and following.tag == token.tag)
        ):
            after = ""
    return f"{before}{opening}{token.tag}{attributes}{slash}>{after}"


def _attributes(token: Token) -> str:
    return "".join(
        f' {escapeHtml(name)}="{escapeHtml(str(value))}"' for name, value in token.attrs.items()
    )


def _isolate(match: re.Match[str]) -> str:
    run = match.group()
    is_number = run[0].isdigit() or run[0] in "+-\u2212"
    if is_number and not any(unicodedata.bidirectional(c) == "EN" for c in run):
        return run  # Arabic-Indic digits: already an Arabic number to the bidi algorithm
    return f"<bdi>{run}</bdi>"


def _isolated_numbers(text: str) -> str:
    return _LEFT_TO_RIGHT_RUN.sub(_isolate, text)


def _unchanged(text: str) -> str:
    return text


def _code_inline(token: Token, rendering: _Rendering) -> str:
    direction = ' dir="ltr"' if rendering.page.direction == "rtl" else ""
    return f"<code{direction}>{escapeHtml(token.content)}</code>"


def _render_html(token: Token, rendering: _Rendering) -> str:
    return rendering.sanitizer.clean(token.content, rendering.numbers)


def _scroll_region(page: PageContext, label: str, *, is_code: bool = False) -> str:
    # A code block or table wider than a phone scrolls sideways inside its own
    # region, which a keyboard can reach (tabindex) and a screen reader names.
    name = escapeHtml(page.labels[label])
    direction = ' dir="ltr"' if is_code and page.direction == "rtl" else ""  # code reads LTR
    return f'<div class="scroll" role="region" tabindex="0" aria-label="{name}"{direction}>\n'


def _render_table_open(token: Token, rendering: _Rendering) -> str:
    return f"{_scroll_region(rendering.page, TABLE_LABEL)}<table{_attributes(token)}>\n"


def _render_alert_open(token: Token, rendering: _Rendering) -> str:
    kind = str(token.meta.get("kind", "NOTE")).lower()
    title_id = token.meta["title_id"]
    return (
        f'<div class="alert alert-{kind}" role="note" aria-labelledby="{title_id}">\n'
        f'<p class="alert-title" id="{title_id}">'
    )


def _render_footnote_ref(token: Token, rendering: _Rendering) -> str:
    number, reference = _footnote_ids(token)
    return (
        f'<sup class="footnote-ref"><a href="#fn{number}" id="{reference}" '
        f'aria-describedby="{_FOOTNOTES_ID}">{number}</a></sup>'
    )


def _footnote_ids(token: Token) -> tuple[int, str]:
    """A footnote's number, and the id of its n-th reference (its n-th back link's target)."""
    number = int(token.meta["id"]) + 1
    reference = token.meta.get("subId", 0)
    return number, f"fnref{number}-{reference}" if reference > 0 else f"fnref{number}"


def _render_footnote_block_open(token: Token, rendering: _Rendering) -> str:
    label = escapeHtml(rendering.page.labels[FOOTNOTES_LABEL])
    return (
        f'<section class="footnotes" aria-labelledby="{_FOOTNOTES_ID}">\n'
        f'<h2 id="{_FOOTNOTES_ID}">{label}</h2>\n<ol>\n'
    )


def _render_footnote_open(token: Token, rendering: _Rendering) -> str:
    return f'<li id="fn{token.meta["id"] + 1}"{_attributes(token)}>'


def _render_footnote_anchor(token: Token, rendering: _Rendering) -> str:
    _number, reference = _footnote_ids(token)
    page = rendering.page
    label = escapeHtml(page.labels[BACK_TO_TEXT_LABEL])
    # The arrow's label is in the page's language even inside a part left in English.
    return (
        f' <a href="#{reference}" class="footnote-backref" lang="{page.lang_tag}" '
        f'aria-label="{label}">\u21a9\ufe0e</a>'
    )


_FIXED = {
    "table_close": "</table>\n</div>\n",
    "alert_title_open": "",  # written by alert_open, which knows the id
    "footnote_block_close": "</ol>\n</section>\n",
    "footnote_close": "</li>\n",
}
"""Rules whose output is always the same."""


def _fixed(text: str, tokens: Sequence[Token], index: int, rendering: _Rendering) -> str:
    return text


def _token_rule(render: Callable[[Token, _Rendering], str]) -> _Rule:
    """A rule from one that needs only its token and the rendering."""

    def rule(tokens: Sequence[Token], index: int, rendering: _Rendering) -> str:
        return render(tokens[index], rendering)

    return rule


def _markdown_it_rule(
    rule: Callable[[Sequence[Token], int, OptionsDict, Any], str],
) -> _Rule:
    def render(tokens: Sequence[Token], index: int, rendering: _Rendering) -> str:
        return rule(tokens, index, PARSER.options, rendering.env)

    return render


_MARKDOWN_IT_RULES: Mapping[str, Callable[[Sequence[Token], int, OptionsDict, Any], str]] = (
    RendererHTML(PARSER).rules
)
"""markdown-it's own rules (images, breaks, list items, code), used where this module
has none of its own."""
_XHTML = bool(PARSER.options["xhtmlOut"])
_RULES: Mapping[str, _Rule] = {
    **{name: _markdown_it_rule(rule) for name, rule in _MARKDOWN_IT_RULES.items()},
    **{name: partial(_fixed, text) for name, text in _FIXED.items()},
    **{
        name: _token_rule(render)
        for name, render in (
            ("code_inline", _code_inline),
            ("html_block", _render_html),
            ("html_inline", _render_html),
            ("table_open", _render_table_open),
            ("alert_open", _render_alert_open),
            ("footnote_ref", _render_footnote_ref),
            ("footnote_block_open", _render_footnote_block_open),
            ("footnote_open", _render_footnote_open),
            ("footnote_anchor", _render_footnote_anchor),
        )
    },
}
"""How each token type other than text (see :func:`_render_inline`) and code blocks is
rendered; a type without a rule is a tag (:func:`_tag`)."""
_CODE_BLOCKS = frozenset({"fence", "code_block"})
"""Tokens rendered by markdown-it's own rule, in a scrolling region (:func:`_scroll_region`)."""
_PAGE_DEPENDENT = frozenset(
    {
        "html_block",
        "html_inline",
        "table_open",
        "alert_open",
        "footnote_block_open",
        "footnote_anchor",
    }
)
"""Tokens whose HTML depends on more of the page than its text direction: raw HTML on
the sanitizer's state, the others on the page's labels, language or alert ids."""
