"""Message units: the translatable leaf blocks of a source, found by one walker.

:func:`walk_leaf_blocks` is the only place that decides what a unit is and
where its text sits in the source. Extraction (:func:`extract_units`),
translation of Markdown and rendering all use it, so what is extracted is
exactly what is looked up.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from markdown_it.token import Token

from .gc_settings import fewer_collections
from .markdown_parser import (
    Break,
    InlineRecord,
    ParsedDocument,
    parse_document,
    parse_for_extraction,
    parse_inline,
)
from .raw_html import attribute_values, normalize_run, text_runs

UnitKind = Literal[
    "title",
    "description",
    "heading",
    "paragraph",
    "list_item",
    "blockquote",
    "table_cell",
    "alert",
    "footnote",
    "html",
]
AlertKind = Literal["note", "tip", "important", "warning", "caution"]
FRONT_MATTER_FIELDS: tuple[UnitKind, ...] = ("title", "description")
_CONTAINERS: dict[str, UnitKind] = {
    "blockquote_open": "blockquote",
    "list_item_open": "list_item",
    "alert_open": "alert",
    "footnote_open": "footnote",
}
# What of a line's start is not a container's marker (a quote's ">", indentation):
# a continuation line has a space in its place.
_NOT_CONTAINER_MARKER = re.compile(r"[^> \t]")
_CONTAINER_CLOSES = frozenset(
    {"blockquote_close", "list_item_close", "alert_close", "footnote_close"}
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable occurrence in a source: a leaf block or a front-matter field."""

    msgid: str
    """The text to translate: inline Markdown kept, soft breaks as single spaces."""
    msgctxt: str | None
    """Disambiguating context; ``None`` for article text."""
    lineno: int
    """1-based line where the unit starts in the source file."""
    kind: UnitKind
    """What the text is: a markdown-it node name, or the front-matter field."""
    headings: tuple[str, ...] = ()
    """The msgids of the headings this unit sits under, outermost first."""
    has_shortcut_reference: bool = False
    """True when the text holds a shortcut reference link ``[term]``."""
    alert: AlertKind | None = None
    """The kind of GitHub-style alert (``> [!WARNING]``) the text sits in, if any."""


@dataclass(frozen=True, slots=True)
class LeafBlock:
    """A unit together with where it sits in the source and in the token stream."""

    unit: Unit
    start: int
    """Offset in the source where the unit's text starts."""
    end: int
    """Offset in the source just after the unit's text."""
    continuation: str
    """What a continuation line of this block starts with (container markers)."""
    inline: Token | None
    """The inline token holding the text; ``None`` for front-matter fields."""
    block_open: Token | None
    """The token that opens the leaf block (``paragraph_open``, ``th_open``...)."""
    html_block: Token | None = None
    """For a run of text in an HTML block: the ``html_block`` token holding it."""
    html_span: tuple[int, int] = (0, 0)
    """For a run of text in an HTML block: its offsets in the token's content."""
    is_attribute: bool = False
    """True when the run is the value of a block-level tag's ``title``."""


def normalize_msgid(content: str, breaks: Sequence[Break], soft_break: str = " ") -> str:
    r"""Turn soft line breaks into single spaces and hard breaks into ``\`` + newline.

    Only the breaks the inline parser reported are touched, so newlines inside
    code spans and link titles stay as written. ``soft_break`` replaces soft
    breaks instead of a space.

    >>> normalize_msgid("a\n  b  \nc", [Break(1, 4, False), Break(5, 8, True)])
    'a b\\\nc'
    """
    if not breaks:  # most texts are one line
        return content
    parts: list[str] = []
    position = 0
    for line_break in sorted({b.start: b for b in breaks}.values(), key=lambda b: b.start):
        parts.append(content[position : line_break.start])
        parts.append("\\\n" if line_break.is_hard else soft_break)
        position = line_break.end
    parts.append(content[position:])
    return "".join(parts)


@fewer_collections()  # a whole document's tokens and units stay alive while it runs
def extract_units(markdown_text: str) -> list[Unit]:
    """Return every translatable unit of ``markdown_text``, in document order.

    Document order is the order of the rendered page: footnotes come last,
    where the page shows them.

    One unit per occurrence: the same text twice gives two units.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
    """
    return [leaf.unit for leaf in walk_leaf_blocks(parse_for_extraction(markdown_text))]


def parse_article(markdown_text: str) -> tuple[ParsedDocument, tuple[LeafBlock, ...]]:
    """The source parsed and its leaf blocks walked, once for all the languages of an article.

    A build renders one article in every language, one job after another, so
    the last few sources parsed are kept. The tokens are shared: callers work
    on copies (see :mod:`pain_content.render`) and never change them.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
    """
    if not isinstance(markdown_text, str):
        parse_document(markdown_text)  # raises the SourceError naming what it was given
    return _parse_article(markdown_text)


@lru_cache(maxsize=4)  # a few articles at a time: a pool's worker interleaves two or three
def _parse_article(markdown_text: str) -> tuple[ParsedDocument, tuple[LeafBlock, ...]]:
    document = parse_document(markdown_text)
    return document, tuple(walk_leaf_blocks(document))


def walk_leaf_blocks(document: ParsedDocument) -> Iterator[LeafBlock]:
    """Yield the front-matter fields, then every leaf block with text, in order."""
    yield from _front_matter_blocks(document)
    containers: list[tuple[UnitKind, AlertKind | None]] = []
    headings: list[tuple[int, str]] = []
    section: tuple[str, ...] = ()  # the headings' msgids, made once per heading
    block_open: Token | None = None
    cell_index = 0
    for token in document.tokens:
        if token.type in _CONTAINERS:
            alert = containers[-1][1] if containers else None
            if token.type == "alert_open":
                alert = _alert_kind(token)
            containers.append((_CONTAINERS[token.type], alert))
        elif token.type in _CONTAINER_CLOSES:
            containers.pop()
        elif token.type == "tr_open":
            cell_index = -1
        elif token.type in ("th_open", "td_open"):
            cell_index += 1
        if token.nesting == 1:
            block_open = token
        if token.type == "html_block":
            yield from _html_runs(document, token, section, containers)
            continue
        if token.type != "inline" or block_open is None or block_open.type == "alert_title_open":
            continue  # an alert's title is the page's own label ("Warning"), not the article's
        kind = _kind_of(block_open, containers)
        is_atx = block_open.type == "heading_open" and block_open.markup.startswith("#")
        span = _span(document, token, kind, cell_index, is_atx)
        if span is None:
            continue
        record: InlineRecord = token.meta["record"]
        msgid = _msgid(document, token.content, record)
        if not msgid.strip():
            continue
        if kind == "heading":
            level = int(block_open.tag[1])
            while headings and headings[-1][0] >= level:
                headings.pop()
            section = tuple(text for _, text in headings)
        lineno = token.map[0] + 1 if token.map else 1
        unit = _unit(msgid, lineno, kind, section, containers, record.has_shortcut_reference)
        if kind == "heading":
            headings.append((level, msgid))
            section = (*section, msgid)
        start, end = span
        yield LeafBlock(unit, start, end, _continuation(document, start), token, block_open)


def _unit(
    msgid: str,
    lineno: int,
    kind: UnitKind,
    headings: tuple[str, ...],
    containers: list[tuple[UnitKind, AlertKind | None]],
    has_shortcut_reference: bool = False,
) -> Unit:
    """A unit in the body: its section's headings and the alert it is in come from the walk."""
    return Unit(
        msgid=msgid,
        msgctxt=None,
        lineno=lineno,
        kind=kind,
        headings=headings,
        has_shortcut_reference=has_shortcut_reference,
        alert=containers[-1][1] if containers else None,
    )


def _msgid(document: ParsedDocument, content: str, record: InlineRecord) -> str:
    """The unit's msgid; its soft breaks stay newlines where a space would make a
    link of text, as in ``[a](<b\nc>)``, where the newline is what makes it text."""
    msgid = normalize_msgid(content, record.breaks)
    if "(<" in content and _links(document, msgid) != _links(document, content):
        return normalize_msgid(content, record.breaks, soft_break="\n")
    return msgid


def _links(document: ParsedDocument, text: str) -> int:
    env = {"references": document.env.get("references", {})}
    return sum(child.type in ("link_open", "image") for child in parse_inline(text, env))


def _html_runs(
    document: ParsedDocument,
    token: Token,
    headings: tuple[str, ...],
    containers: list[tuple[UnitKind, AlertKind | None]],
) -> Iterator[LeafBlock]:
    """The runs of text in an HTML block and the ``title`` values of its block-level
    tags, each a unit (see :func:`raw_html.text_runs`)."""
    if token.map is None:
        return
    starts = _content_line_starts(document, token)
    if starts is None:
        return  # a tab expanded in a container: the content is not the source's text
    content_offsets = [content_offset for content_offset, _ in starts]
    attributes = attribute_values(token.content)
    for start, end in sorted([*text_runs(token.content), *attributes]):
        msgid = normalize_run(token.content[start:end])
        line = bisect.bisect_right(content_offsets, start) - 1
        source_start = document.to_source_offset(starts[line][1] + start - starts[line][0])
        end_line = bisect.bisect_right(content_offsets, end) - 1
        source_end = document.to_source_offset(starts[end_line][1] + end - starts[end_line][0])
        yield LeafBlock(
            _unit(msgid, token.map[0] + line + 1, "html", headings, containers),
            source_start,
            source_end,
            _continuation(document, source_start),
            inline=None,
            block_open=None,
            html_block=token,
            html_span=(start, end),
            is_attribute=(start, end) in attributes,
        )


def _content_line_starts(document: ParsedDocument, token: Token) -> list[tuple[int, int]] | None:
    """For each line of an HTML block's content: its offset in the content and in
    the parsed text. markdown-it's content is each line with its container
    markers and indentation cut, so it is the end of the line in the source."""
    assert token.map is not None
    starts: list[tuple[int, int]] = []
    offset = 0
    offsets = document.normalized_line_offsets
    for index, line in enumerate(token.content.split("\n")[: token.map[1] - token.map[0]]):
        number = token.map[0] + index
        line_end = (
            offsets[number + 1] - 1 if number + 1 < len(offsets) else len(document.normalized)
        )
        line_start = line_end - len(line)
        if line_start < offsets[number] or document.normalized[line_start:line_end] != line:
            return None
        starts.append((offset, line_start))
        offset += len(line) + 1
    return starts


def _alert_kind(alert_open: Token) -> AlertKind:
    kind = str(alert_open.meta.get("kind", "")).lower()
    return next((known for known in get_args(AlertKind) if known == kind), "note")


def _kind_of(block_open: Token, containers: list[tuple[UnitKind, AlertKind | None]]) -> UnitKind:
    if block_open.type == "heading_open":
        return "heading"
    if block_open.type in ("th_open", "td_open"):
        return "table_cell"
    if containers:
        return containers[-1][0]
    return "paragraph"


def _span(
    document: ParsedDocument, token: Token, kind: UnitKind, cell_index: int, is_atx: bool
) -> tuple[int, int] | None:
    """Source offsets of the unit's text, or None when it cannot be placed."""
    lines: tuple[tuple[int, int], ...] = token.meta.get("lines", ())
    if not lines or token.map is None:
        return None
    text = document.normalized
    content = token.content
    if kind == "table_cell":
        row_start, row_end = lines[token.map[0] - token.meta["first_line"]]
        cells = _table_cells(text, row_start, row_end)
        if cell_index >= len(cells):
            return None
        start, end = cells[cell_index]
    elif len(lines) == 1 or (kind == "heading" and len(content.split("\n")) == 1):
        line_start, line_end = lines[0]
        if is_atx:
            while line_start < line_end and text[line_start] == "#":
                line_start += 1
        start = text.find(content, line_start, line_end)
        if start < 0:
            return None
        end = start + len(content)
    else:
        # Paragraph or setext heading: from the first content character to the
        # last one; a setext heading's underline is its last line.
        content_lines = lines[:-1] if len(lines) > len(content.split("\n")) else lines
        start = content_lines[0][0]
        end = content_lines[-1][1]
        while end > start and text[end - 1] in " \t":
            end -= 1
    return document.to_source_offset(start), document.to_source_offset(end)


def _table_cells(text: str, row_start: int, row_end: int) -> list[tuple[int, int]]:
    """Offsets of each cell's trimmed content, split on unescaped pipes as markdown-it does."""
    while row_end > row_start and text[row_end - 1] in " \t":
        row_end -= 1
    bounds: list[tuple[int, int]] = []
    cell_start = row_start
    escaped = False
    for position in range(row_start, row_end):
        character = text[position]
        if character == "|" and not escaped:
            bounds.append((cell_start, position))
            cell_start = position + 1
        escaped = character == "\\"
    bounds.append((cell_start, row_end))
    if bounds and bounds[0][0] == bounds[0][1]:
        bounds.pop(0)
    if bounds and bounds[-1][0] == bounds[-1][1]:
        bounds.pop()
    trimmed = []
    for start, end in bounds:
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        trimmed.append((start, end))
    return trimmed


def _continuation(document: ParsedDocument, start: int) -> str:
    line = bisect.bisect_right(document.line_offsets, start) - 1
    prefix = document.source[document.line_offsets[line] : start]
    return _NOT_CONTAINER_MARKER.sub(" ", prefix)


def _front_matter_blocks(document: ParsedDocument) -> Iterator[LeafBlock]:
    front_matter = document.front_matter
    if front_matter is None:
        return
    for kind in FRONT_MATTER_FIELDS:
        value = front_matter.fields.get(kind)
        if not isinstance(value, str) or not value.strip():
            continue
        index = _key_line(front_matter.lines, kind)
        if index is None:
            continue
        line = front_matter.lines[index]
        file_line = index + 1
        last = index
        while last + 1 < len(front_matter.lines) and front_matter.lines[last + 1][:1] in (
            " ",
            "\t",
        ):
            last += 1
        value_column = len(kind) + 1
        value_column += len(line[value_column:]) - len(line[value_column:].lstrip())
        start = document.line_offsets[file_line] + value_column
        end = document.line_offsets[file_line + last - index] + len(
            front_matter.lines[last].rstrip()
        )
        unit = Unit(msgid=" ".join(value.split()), msgctxt=None, lineno=file_line + 1, kind=kind)
        yield LeafBlock(unit, start, end, "", None, None)


def _key_line(lines: tuple[str, ...], key: str) -> int | None:
    return next((index for index, line in enumerate(lines) if line.startswith(f"{key}:")), None)
