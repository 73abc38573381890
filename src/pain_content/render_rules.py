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
from dataclasses import dataclass
from types import MethodType
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

# A render rule, bound to the renderer as markdown-it's add_render_rule binds it.
_Rule = Callable[[Any, Sequence[Token], int, OptionsDict, Any], str]
_FOOTNOTES_ID = "footnote-label"
# Where the rules find the page, its sanitizer and what it does to numbers in the render env.
_PAGE = "pain_content_page"
_RAW_HTML = "pain_content_raw_html"
_NUMBERS = "pain_content_numbers"


@dataclass(frozen=True, slots=True)
class PageContext:
    """What the render rules need to know about the page."""

    lang_tag: str
    direction: str
    labels: Mapping[str, str]
    """Each of :data:`PAGE_LABELS` in the page's language."""


def render_body(
    tokens: Sequence[Token], env: Mapping[str, Any], *, page: PageContext, urls: Mapping[str, str]
) -> str:
    """The HTML of a page's tokens; ``urls`` maps raw HTML's local URLs to the page's."""
    numbers = _isolated_numbers if page.direction == "rtl" else _unchanged
    return _RENDERER.render(
        tokens,
        PARSER.options,
        {**env, _PAGE: page, _RAW_HTML: Sanitizer(urls=urls), _NUMBERS: numbers},
    )


def _page(env: Any) -> PageContext:
    return env[_PAGE]  # type: ignore[no-any-return]


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


def _isolate_numbers(env: Any) -> Callable[[str], str]:
    return env[_NUMBERS]  # type: ignore[no-any-return]


def _sanitizer(env: Any) -> Sanitizer:
    return env[_RAW_HTML]  # type: ignore[no-any-return]


# Text and code spans are most of a page's tokens: their rules take markdown-it's
# arguments themselves rather than through _token_rule.
def _text_rule(
    renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
) -> str:
    if env[_RAW_HTML].is_dropping():
        return ""  # the text of a <script> or <style> written inline
    return env[_NUMBERS](escapeHtml(tokens[index].content))  # type: ignore[no-any-return]


def _code_inline_rule(
    renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
) -> str:
    direction = ' dir="ltr"' if env[_PAGE].direction == "rtl" else ""
    return f"<code{direction}>{escapeHtml(tokens[index].content)}</code>"


def _render_html(token: Token, env: Any) -> str:
    return _sanitizer(env).clean(token.content, _isolate_numbers(env))


def _scroll_region(env: Any, label: str, *, is_code: bool = False) -> str:
    # A code block or table wider than a phone scrolls sideways inside its own
    # region, which a keyboard can reach (tabindex) and a screen reader names.
    page = _page(env)
    name = escapeHtml(page.labels[label])
    direction = ' dir="ltr"' if is_code and page.direction == "rtl" else ""  # code reads LTR
    return f'<div class="scroll" role="region" tabindex="0" aria-label="{name}"{direction}>\n'


def _code_block_rule(name: str) -> _Rule:
    def render(
        renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
    ) -> str:
        code = getattr(RendererHTML, name)(renderer, tokens, index, options, env)
        return f"{_scroll_region(env, CODE_LABEL, is_code=True)}{code}</div>\n"

    return render


def _render_table_open(token: Token, env: Any) -> str:
    return f"{_scroll_region(env, TABLE_LABEL)}<table{RendererHTML.renderAttrs(token)}>\n"


def _render_alert_open(token: Token, env: Any) -> str:
    kind = str(token.meta.get("kind", "NOTE")).lower()
    title_id = token.meta["title_id"]
    return (
        f'<div class="alert alert-{kind}" role="note" aria-labelledby="{title_id}">\n'
        f'<p class="alert-title" id="{title_id}">'
    )


def _render_footnote_ref(token: Token, env: Any) -> str:
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


def _render_footnote_block_open(token: Token, env: Any) -> str:
    label = escapeHtml(_page(env).labels[FOOTNOTES_LABEL])
    return (
        f'<section class="footnotes" aria-labelledby="{_FOOTNOTES_ID}">\n'
        f'<h2 id="{_FOOTNOTES_ID}">{label}</h2>\n<ol>\n'
    )


def _render_footnote_open(token: Token, env: Any) -> str:
    return f'<li id="fn{token.meta["id"] + 1}"{RendererHTML.renderAttrs(token)}>'


def _render_footnote_anchor(token: Token, env: Any) -> str:
    _number, reference = _footnote_ids(token)
    page = _page(env)
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


def _fixed(text: str) -> Callable[[Token, Any], str]:
    return lambda _token, _env: text


def _token_rule(render: Callable[[Token, Any], str]) -> _Rule:
    """A markdown-it render rule from one that needs only its token and the env."""

    def rule(
        renderer: Any, tokens: Sequence[Token], index: int, options: OptionsDict, env: Any
    ) -> str:
        return render(tokens[index], env)

    return rule


def _build_renderer() -> RendererHTML:
    renderer = RendererHTML(PARSER)
    rules: dict[str, _Rule] = {
        "fence": _code_block_rule("fence"),
        "code_block": _code_block_rule("code_block"),
        "text": _text_rule,
        "code_inline": _code_inline_rule,
        **{name: _token_rule(_fixed(text)) for name, text in _FIXED.items()},
    }
    for name, render in (
        ("html_block", _render_html),
        ("html_inline", _render_html),
        ("table_open", _render_table_open),
        ("alert_open", _render_alert_open),
        ("footnote_ref", _render_footnote_ref),
        ("footnote_block_open", _render_footnote_block_open),
        ("footnote_open", _render_footnote_open),
        ("footnote_anchor", _render_footnote_anchor),
    ):
        rules[name] = _token_rule(render)
    for name, rule in rules.items():
        renderer.rules[name] = MethodType(rule, renderer)
    return renderer


_RENDERER = _build_renderer()
