"""The rendered body's structure, repaired where a source's raw HTML breaks it.

markdown-it renders Markdown into well-formed HTML, but raw HTML in a source
arrives in pieces (see :mod:`pain_content.raw_html`) and documentation gets
it wrong in ways a browser forgives and the W3C checker and screen readers do
not. Real pages do all of these:

- a heading level is skipped (``###`` right after ``#``): each heading is
  rendered at most one level below the one before it, the outline the
  checker and screen-reader users expect;
- a ``<pre>`` opened in an HTML block stays open across blank lines, so the
  Markdown paragraphs after it land inside it: inside a ``<pre>`` the
  paragraphs' ``<p>`` tags are dropped and a paragraph break is a line break,
  which is what the author laid out;
- a ``<figcaption>`` sits in a ``<div>`` rather than a ``<figure>``: the
  ``<div>`` holding an image and its caption becomes the ``<figure>`` its
  author meant, and a caption elsewhere becomes a plain ``<div>``;
- a link holds only an image without alt text (or nothing), so it has no
  name to announce: it is named after its address, which is what a screen
  reader would otherwise spell out;
- an element is left open or closed twice: it is closed where its parent
  closes, and a stray end tag is dropped (as the HTML parser does), with the
  end tags HTML implies (a ``<p>`` ends where a block starts) written out.

Every tag in a rendered body was written by markdown-it or by ``nh3`` and all
text is escaped, so the body is read as a stream of tags and text with
markdown-it's own tag grammar. A body with none of these faults comes back
unchanged; one rendered from Markdown alone can have only the first and an
empty link, and :func:`may_need_repair` reads those two on the tokens, so
such a body is not read again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it.common.html_re import close_tag, open_tag

if TYPE_CHECKING:
    from markdown_it.token import Token

_TAG = re.compile(f"(?:{open_tag}|{close_tag})")
_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTE = r"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_VOID = frozenset({"br", "col", "hr", "img", "wbr", "input", "source"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
"""Start tags that end an open ``<p>`` (HTML's "close a p element" rule)."""
_IMPLIED_END = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    **{name: frozenset({"p"}) for name in _CLOSES_P},
}
"""Start tags that end the element open just before them, as HTML's parser ends it."""


@dataclass(slots=True)
class _Element:
    name: str
    """The name the source gave it."""
    written: str
    """The name the repaired body gives it."""
    start: int
    """Index of its start tag in the pieces; -1 when the tag was dropped."""
    children: list[_Element] = field(default_factory=list)
    end: int = -1
    has_name: bool = False
    """For links: text or an image's alt text inside it."""


def may_need_repair(tokens: Sequence[Token]) -> bool:
    """False when :func:`repair_structure` gives back the body rendered from ``tokens`` as it is.

    Without raw HTML (no ``html_block``, no ``html_inline``) every tag is
    markdown-it's or a render rule's, balanced and escaped, so only the two
    faults Markdown can write are possible: a skipped heading level, read here
    from the headings in page order, and a link with nothing to announce. A
    link counts as named only when it holds text or code that is not blank (as
    rendered, that text is the same characters, escaped); a link with only an
    image, or nothing, says True, and so does any raw HTML.
    """
    previous_heading: int | None = None
    for token in tokens:
        if token.type == "html_block":
            return True
        if token.type in ("heading_open", "footnote_block_open"):
            # The footnotes' heading is the <h2> its render rule writes.
            level = int(token.tag[1]) if token.type == "heading_open" else 2
            if previous_heading is not None and level > previous_heading + 1:
                return True
            previous_heading = level
        if token.children and not _has_plain_links(token.children):
            return True
    return False


def _has_plain_links(children: Sequence[Token]) -> bool:
    """True when the inline has no raw HTML and each of its links holds text or code."""
    is_named: bool | None = None  # None outside a link
    for child in children:
        if child.type == "html_inline":
            return False
        if child.type == "link_open":
            is_named = False
        elif child.type == "link_close":
            if not is_named:
                return False
            is_named = None
        elif is_named is False and child.type in ("text", "code_inline"):
            is_named = bool(child.content.strip())
    return True


def repair_structure(body: str) -> str:
    """``body`` with the faults the module's docstring lists repaired."""
    pieces: list[str] = []
    root = _Element("", "", -1)
    stack: list[_Element] = []
    previous_heading: int | None = None
    position = 0
    for match in _TAG.finditer(body):
        if match.start() > position:
            _text(body[position : match.start()], pieces, stack)
        position = match.end()
        tag = match.group()
        name = _tag_name(tag)
        if tag.startswith("</"):
            _end(name, pieces, stack)
            continue
        while stack and stack[-1].name in _IMPLIED_END.get(name, ()):
            _close(stack.pop(), pieces)
        if name in _HEADINGS:
            level = _HEADINGS[name]
            if previous_heading is not None:
                level = min(level, previous_heading + 1)
            previous_heading = level
            tag = _renamed(tag, name, f"h{level}")
        if name == "p" and _in_pre(stack):
            start = -1  # a paragraph inside <pre>: its lines stay, its tags go
        else:
            start = len(pieces)
            pieces.append(tag)
        if name == "img" and (_attribute(tag, "alt") or "").strip():
            _name_links(stack)
        if name in _VOID or tag.endswith("/>"):
            continue
        element = _Element(name, _tag_name(tag), start)
        if start >= 0:
            (stack[-1] if stack else root).children.append(element)
        stack.append(element)
    if position < len(body):
        _text(body[position:], pieces, stack)
    while stack:
        _close(stack.pop(), pieces)
    _place_captions(root, pieces)
    return "".join(pieces)


def _in_pre(stack: list[_Element]) -> bool:
    return any(element.written == "pre" for element in stack)


def _text(text: str, pieces: list[str], stack: list[_Element]) -> None:
    pieces.append(text)
    if text.strip():
        _name_links(stack)


def _name_links(stack: list[_Element]) -> None:
    for element in stack:
        if element.name == "a":
            element.has_name = True


def _end(name: str, pieces: list[str], stack: list[_Element]) -> None:
    """An end tag: close its element and what is still open inside it; drop it if stray."""
    depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].name == name), None)
    if depth is None:
        return
    while len(stack) > depth + 1:
        _close(stack.pop(), pieces)
    element = stack.pop()
    if element.start < 0 and _in_pre(stack):
        pieces.append("\n")  # the blank line between two paragraphs, inside <pre>
    _close(element, pieces)


def _close(element: _Element, pieces: list[str]) -> None:
    if element.start < 0:
        return
    element.end = len(pieces)
    pieces.append(f"</{element.written}>")
    if element.name == "a" and not element.has_name:
        _name_after_address(element, pieces)
    _place_captions(element, pieces)


def _name_after_address(link: _Element, pieces: list[str]) -> None:
    start_tag = pieces[link.start]
    href = _attribute(start_tag, "href")
    if href and not (_attribute(start_tag, "title") or "").strip():
        label = re.sub(r"^[a-z][a-z0-9+.-]*:(//)?", "", href).rstrip("/") or href
        pieces[link.start] = start_tag.replace("<a", f'<a aria-label="{html.escape(label)}"', 1)


def _place_captions(parent: _Element, pieces: list[str]) -> None:
    """A ``<figcaption>`` belongs in a ``<figure>``, first or last."""
    captions = [child for child in parent.children if child.name == "figcaption"]
    if not captions or parent.written == "figure":
        return
    if (
        parent.written == "div"
        and len(captions) == 1
        and captions[0] in (parent.children[0], parent.children[-1])
    ):
        _rename(parent, "figure", pieces)
        return
    for caption in captions:
        _rename(caption, "div", pieces)


def _rename(element: _Element, written: str, pieces: list[str]) -> None:
    pieces[element.start] = _renamed(pieces[element.start], element.written, written)
    if element.end >= 0:
        pieces[element.end] = f"</{written}>"
    element.written = written


def _renamed(tag: str, old: str, new: str) -> str:
    return tag if old == new else re.sub(rf"^<{old}\b", f"<{new}", tag, count=1, flags=re.I)


def _tag_name(tag: str) -> str:
    match = _NAME.match(tag)
    assert match is not None  # _TAG only matches tags with a name
    return match.group(1).lower()


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(_ATTRIBUTE.format(name=name), tag, flags=re.I)
    if match is None:
        return None
    return html.unescape(next(value for value in match.groups() if value is not None))
