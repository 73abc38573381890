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
such a body is not read again. Any other body is first read with a stack of
tag names only (:func:`is_sound_rendering`, where a top-level block of
Markdown alone is looked at for its headings and links only), and in full
only where that finds a fault.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it.common.html_re import attribute

if TYPE_CHECKING:
    from markdown_it.token import Token

# markdown-it's open_tag and close_tag (markdown_it.common.html_re), each with its name captured.
_TAG_NAME = "[A-Za-z][A-Za-z0-9\\-]*"
_TAG = re.compile(f"<({_TAG_NAME}){attribute}*\\s*\\/?>|<\\/({_TAG_NAME})\\s*>")
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


@dataclass(slots=True, eq=False)  # each element is itself: compared by identity
class _Element:
    name: str
    """The name the source gave it."""
    written: str
    """The name the repaired body gives it."""
    start: int
    """Index of its start tag in the pieces; -1 when the tag was dropped."""
    first_child: _Element | None = None
    last_child: _Element | None = None
    captions: list[_Element] | None = None
    """Its ``<figcaption>`` children, if it has any."""
    end: int = -1
    has_name: bool = False
    """For links: text or an image's alt text inside it."""

    def append(self, child: _Element) -> None:
        if self.first_child is None:
            self.first_child = child
        self.last_child = child
        if child.name == "figcaption":
            self.captions = [*(self.captions or ()), child]


@dataclass(slots=True)
class _OpenElements:
    """The elements open at a point of the body, innermost last, with how many of them
    are links and ``<pre>``s (what text and paragraphs inside them depend on)."""

    elements: list[_Element] = field(default_factory=list)
    links: int = 0
    pres: int = 0

    def push(self, element: _Element) -> None:
        self.elements.append(element)
        if element.name == "a":
            self.links += 1
        elif element.name == "pre":
            self.pres += 1

    def pop(self) -> _Element:
        element = self.elements.pop()
        if element.name == "a":
            self.links -= 1
        elif element.name == "pre":
            self.pres -= 1
        return element

    def name_links(self) -> None:
        if self.links:
            for element in self.elements:
                if element.name == "a":
                    element.has_name = True


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
    if _is_sound(body):
        return body
    pieces: list[str] = []
    root = _Element("", "", -1)
    stack = _OpenElements()
    open_elements = stack.elements
    previous_heading: int | None = None
    position = 0
    for match in _TAG.finditer(body):
        if match.start() > position:
            _text(body[position : match.start()], pieces, stack)
        position = match.end()
        tag = match.group()
        start_name, end_name = match.groups()
        if end_name is not None:
            _end(end_name.lower(), pieces, stack)
            continue
        name = start_name.lower()
        implied = _IMPLIED_END.get(name)
        while implied and open_elements and open_elements[-1].name in implied:
            _close(stack.pop(), pieces)
        written = name
        if name in _HEADINGS:
            level = _HEADINGS[name]
            if previous_heading is not None:
                level = min(level, previous_heading + 1)
            previous_heading = level
            written = f"h{level}"
            tag = _renamed(tag, name, written)
        if name == "p" and stack.pres:
            start = -1  # a paragraph inside <pre>: its lines stay, its tags go
        else:
            start = len(pieces)
            pieces.append(tag)
        if name == "img" and stack.links and (_attribute(tag, "alt") or "").strip():
            stack.name_links()
        if name in _VOID or tag.endswith("/>"):
            continue
        element = _Element(name, written, start)
        if start >= 0:
            (open_elements[-1] if open_elements else root).append(element)
        stack.push(element)
    if position < len(body):
        _text(body[position:], pieces, stack)
    while open_elements:
        _close(stack.pop(), pieces)
    _place_captions(root, pieces)
    return "".join(pieces)


def is_sound_rendering(tokens: Sequence[Token], pieces: Sequence[str]) -> bool:
    """True when :func:`repair_structure` gives back the body joined from ``pieces``, the
    HTML of each of ``tokens`` in turn, as it is.

    The body is read as :func:`_is_sound` reads it, one top-level block at a
    time, but a block without raw HTML that starts with no raw element open
    is only looked at for its headings and its links: its tags are
    markdown-it's or a render rule's, balanced, and can hold no other fault
    (see :func:`may_need_repair`). Most of a page is such blocks; the blocks
    around a raw element left open, or holding raw HTML, are read in full.
    """
    reading = _Reading()
    start = 0
    depth = 0
    is_markdown_only = True
    looked_at: list[int] = []
    """The tokens of the block so far that a block of Markdown alone is looked at for."""
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            is_markdown_only = False
        elif token.type in ("heading_open", "footnote_block_open"):
            looked_at.append(index)
        elif token.children:
            has_links = False
            for child in token.children:
                if child.type == "html_inline":
                    is_markdown_only = False
                    break
                has_links = has_links or child.type == "link_open"
            if has_links:
                looked_at.append(index)
        depth += token.nesting
        if depth > 0:
            continue
        if reading.open_names or not is_markdown_only:
            if not all(reading.read(piece) for piece in pieces[start : index + 1]):
                return False
        elif not all(_reads_markdown(reading, tokens[at], pieces[at]) for at in looked_at):
            return False
        start, depth, is_markdown_only = index + 1, 0, True
        looked_at.clear()
    return start == len(tokens) and not reading.open_names


def _reads_markdown(reading: _Reading, token: Token, html: str) -> bool:
    """Read a token of a block of Markdown alone for what can be wrong with it: a heading's
    level, or a link's name (an inline with links is read in full: its text may be the
    text of a ``<script>`` the sanitizer drops). The links the footnote rules write are
    always named, by a number or an arrow."""
    if token.type == "heading_open":
        return reading.heading(int(token.tag[1]))
    if token.type == "footnote_block_open":  # its render rule writes an <h2>
        return reading.heading(2)
    return reading.read(html) and not reading.open_names


def _is_sound(body: str) -> bool:
    """True when :func:`repair_structure` would give ``body`` back as it is."""
    reading = _Reading()
    return reading.read(body) and not reading.open_names


@dataclass(slots=True)
class _Reading:
    """A body read for soundness, a piece at a time: nearly every body with raw HTML has no
    fault, so it is read with only a stack of names, stopping at the first tag the repair
    would write differently: a start tag that implies an end, a skipped heading level, a
    ``<p>`` in a ``<pre>``, a caption outside a ``<figure>``, an end tag that is not the
    innermost element's own (``</name>`` exactly: the repair writes end tags itself), a
    link that closes with nothing to announce (even one the repair would leave, having
    no ``href``), or an element left open at the end."""

    open_names: list[str] = field(default_factory=list)
    unnamed_links: int = 0
    """How many of the innermost open elements are links with no name yet (a
    name names every open link, so they are always the innermost links)."""
    pres: int = 0
    previous_heading: int | None = None

    def heading(self, level: int) -> bool:
        """Whether a heading of ``level`` comes at most one level below the one before it."""
        if self.previous_heading is not None and level > self.previous_heading + 1:
            return False
        self.previous_heading = level
        return True

    def read(self, html: str) -> bool:
        """Read the next piece of the body; False at the first tag the repair would change."""
        open_names = self.open_names
        unnamed_links = self.unnamed_links
        pres = self.pres
        position = 0
        for match in _TAG.finditer(html):
            if unnamed_links and html[position : match.start()].strip():
                unnamed_links = 0
            position = match.end()
            start_name, end_name = match.groups()
            if end_name is not None:
                name = end_name.lower()
                if not open_names or open_names[-1] != name or match.group() != f"</{name}>":
                    return False
                open_names.pop()
                if name == "a":
                    if unnamed_links:
                        return False
                elif name == "pre":
                    pres -= 1
                continue
            name = start_name.lower()
            implied = _IMPLIED_END.get(name)
            if implied and open_names and open_names[-1] in implied:
                return False
            if name in _HEADINGS:
                if not self.heading(_HEADINGS[name]):
                    return False
            elif (name == "p" and pres) or (name == "figcaption" and open_names[-1:] != ["figure"]):
                return False  # a paragraph's tags dropped in a <pre>, a caption moved
            elif (
                name == "img" and unnamed_links and (_attribute(match.group(), "alt") or "").strip()
            ):
                unnamed_links = 0
            if name in _VOID or match.group().endswith("/>"):
                continue
            open_names.append(name)
            if name == "a":
                unnamed_links += 1
            elif name == "pre":
                pres += 1
        if unnamed_links and html[position:].strip():
            unnamed_links = 0  # text at the end of a piece names the links still open
        self.unnamed_links = unnamed_links
        self.pres = pres
        return True


def _text(text: str, pieces: list[str], stack: _OpenElements) -> None:
    pieces.append(text)
    if stack.links and text.strip():
        stack.name_links()


def _end(name: str, pieces: list[str], stack: _OpenElements) -> None:
    """An end tag: close its element and what is still open inside it; drop it if stray."""
    open_elements = stack.elements
    depth = len(open_elements) - 1
    while depth >= 0 and open_elements[depth].name != name:
        depth -= 1
    if depth < 0:
        return
    while len(open_elements) > depth + 1:
        _close(stack.pop(), pieces)
    element = stack.pop()
    if element.start < 0 and stack.pres:
        pieces.append("\n")  # the blank line between two paragraphs, inside <pre>
    _close(element, pieces)


def _close(element: _Element, pieces: list[str]) -> None:
    if element.start < 0:
        return
    element.end = len(pieces)
    pieces.append(f"</{element.written}>")
    if element.name == "a" and not element.has_name:
        _name_after_address(element, pieces)
    if element.captions:
        _place_captions(element, pieces)


def _name_after_address(link: _Element, pieces: list[str]) -> None:
    start_tag = pieces[link.start]
    href = _attribute(start_tag, "href")
    if href and not (_attribute(start_tag, "title") or "").strip():
        label = re.sub(r"^[a-z][a-z0-9+.-]*:(//)?", "", href).rstrip("/") or href
        pieces[link.start] = start_tag.replace("<a", f'<a aria-label="{html.escape(label)}"', 1)


def _place_captions(parent: _Element, pieces: list[str]) -> None:
    """A ``<figcaption>`` belongs in a ``<figure>``, first or last."""
    captions = parent.captions
    if not captions or parent.written == "figure":
        return
    if (
        parent.written == "div"
        and len(captions) == 1
        and captions[0] in (parent.first_child, parent.last_child)
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


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(_ATTRIBUTE.format(name=name), tag, flags=re.I)
    if match is None:
        return None
    return html.unescape(next(value for value in match.groups() if value is not None))
