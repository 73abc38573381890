"""Localized Markdown: translations spliced into the source, in place.

Everything that is not a translated unit (front matter, code, list markers,
table shape, wrapping) stays byte for byte. A translation can never change the
document's block structure: block syntax at the start of a line is escaped,
and the result is parsed again to make sure, unless every translation is of
a shape that provably cannot change it (``_keeps_blocks``).
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol, TypeAlias, runtime_checkable

from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from .errors import SourceError
from .markdown_parser import (
    BLOCK_START_CHARACTERS,
    BLOCK_STARTS,
    LINE_END,
    MESSAGES_CACHED,
    SAFE_DATA_IMAGES,
    UNSAFE_SCHEMES,
    ParsedDocument,
    block_skeleton,
    block_tokens,
    split_front_matter,
)
from .raw_html import split_markup, translated_attribute, translated_run
from .units import LeafBlock, Unit, parse_article


@runtime_checkable
class SupportsGettext(Protocol):
    """Anything with the standard library's gettext protocol."""

    def gettext(self, message: str, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


Translations: TypeAlias = Mapping[str, str] | SupportsGettext
"""A ``dict`` of msgid to msgstr, or a gettext translations object."""

Lookup: TypeAlias = Callable[[Unit], str | None]
"""Returns a unit's translation, or ``None`` when it has none."""

_CLOSING_HASHES = re.compile(r"([ \t])(#+)[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?:(?!\1).)+?\1(?!`)", re.DOTALL)
# "<" opening a tag, comment or declaration; not an autolink with a safe
# scheme or an e-mail autolink, not a destination in pointy brackets.
_RAW_HTML_START = re.compile(
    r"(?<!\]\()(?<!\]: )<"
    rf"(?!(?!(?:{'|'.join(UNSAFE_SCHEMES)}):)[A-Za-z][A-Za-z0-9+.\-]{{1,31}}:[^\s<>]*>"
    r"|[^\s<>@]+@[^\s<>@]+>)(?=[A-Za-z/!?])",
    re.IGNORECASE,
)
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")
# An unsafe scheme where a link destination starts: after "(", "<" or "]:".
# (data: is unsafe unless it holds a raster image.)
_UNSAFE_DESTINATION = re.compile(
    r"(?:[(<]|\]:)(?:"
    + "|".join(scheme for scheme in UNSAFE_SCHEMES if scheme != "data")
    + rf"|data(?!:image/(?:{'|'.join(SAFE_DATA_IMAGES)});)):",
    re.IGNORECASE,
)
_INVISIBLE = re.compile(r"[\s\x00-\x1f]+")
_DESTINATION_START = re.compile(r"[(<\]]")
# A line that could be a table's delimiter row once its container markers are cut.
_DELIMITER_LIKE = re.compile(r"[> \t]*[|:-][-:| \t]*$")


def make_lookup(translations: Translations) -> Lookup:
    """Turn a dict or a gettext object into one lookup function.

    A missing or empty translation, or a gettext object answering with the
    msgid itself, is ``None``: the caller keeps the source text.
    """
    if isinstance(translations, Mapping):
        mapping = translations

        def from_mapping(unit: Unit) -> str | None:
            msgstr = mapping.get(unit.msgid)
            return msgstr if isinstance(msgstr, str) and msgstr else None

        return from_mapping
    if isinstance(translations, SupportsGettext):
        catalog = translations

        def from_gettext(unit: Unit) -> str | None:
            if unit.msgctxt is None:
                msgstr = catalog.gettext(unit.msgid)
            else:
                msgstr = catalog.pgettext(unit.msgctxt, unit.msgid)
            return msgstr if msgstr and msgstr != unit.msgid else None

        return from_gettext
    raise TypeError(
        "translations must be a mapping of msgid to msgstr or a gettext translations object, "
        f"not {type(translations).__name__}"
    )


def escape_block_syntax(msgstr: str, *, single_line: bool, in_table: bool) -> str:
    """Make a translation stay text inside the block it replaces.

    Blank lines are dropped, indentation removed, and any line that would open
    a block (heading, list, quote, fence, thematic break, setext underline,
    table delimiter row, link reference definition) gets a backslash that
    renders as nothing.

    >>> escape_block_syntax("# Title\\n\\n- item", single_line=False, in_table=False)
    '\\\\# Title\\n\\\\- item'
    """
    # Most translations are one line: split only those that are not.
    lines = LINE_END.split(msgstr) if "\n" in msgstr or "\r" in msgstr else [msgstr]
    lines = [stripped for line in lines if (stripped := line.strip())]
    if single_line:
        lines = [" ".join(line.removesuffix("\\").rstrip() for line in lines)] if lines else []
    escaped = [_escape_line_start(line) for line in lines]
    text = "\n".join(escaped)
    if in_table:
        text = _UNESCAPED_PIPE.sub(r"\1\\|", text)
    if single_line and not in_table:
        text = _CLOSING_HASHES.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    return text


# A page's Markdown and its HTML neutralize the same translation (the Markdown's
# escaped first, which most often leaves it as it was).
@lru_cache(maxsize=MESSAGES_CACHED)
def neutralize_markup(msgstr: str, msgid: str = "") -> str:
    """Make raw HTML the source lacks and unsafe links in a translation inert for
    any Markdown renderer.

    Our renderer sanitizes raw HTML and refuses unsafe URLs; the localized
    Markdown must be as safe in a renderer that would not. Outside code spans,
    ``<`` opening markup that ``msgid`` does not have becomes ``&lt;``, and
    when the text names a link destination with a ``javascript:``-like scheme
    (in any spelling), every ``[`` is escaped, so no link can form. Both
    render as the same characters.

    >>> neutralize_markup("<b>x</b> `<i>` <https://example.org>")
    '&lt;b>x&lt;/b> `<i>` <https://example.org>'
    >>> neutralize_markup("<b>x</b> <i>y</i>", "<b>a</b> b")
    '<b>x</b> &lt;i>y&lt;/i>'
    >>> neutralize_markup("[go](java&#115;cript:alert(1))")
    '\\\\[go](java&#115;cript:alert(1))'
    """
    # A scheme needs a colon, written or as an entity, and a destination needs "(",
    # "<" or "]" before it: only "&" can make any of them, unescaped.
    has_unsafe_scheme = (
        "&" in msgstr or (":" in msgstr and _DESTINATION_START.search(msgstr) is not None)
    ) and _UNSAFE_DESTINATION.search(_INVISIBLE.sub("", html.unescape(msgstr))) is not None
    if "<" not in msgstr and not has_unsafe_scheme:
        return msgstr  # nothing the patterns below could match
    kept = {atom.start for atom in split_markup(msgstr, msgid)[0]}
    code_spans = [span.span() for span in _CODE_SPAN.finditer(msgstr)]

    def neutralize(match: re.Match[str]) -> str:
        at = match.start()
        if at in kept or any(start <= at < end for start, end in code_spans):
            return match.group()
        return "&lt;" if match.group() == "<" else "\\["

    pattern = _RAW_HTML_START
    if has_unsafe_scheme:
        pattern = re.compile(f"{_RAW_HTML_START.pattern}|{_UNESCAPED_BRACKET.pattern}", re.I)
    return pattern.sub(neutralize, msgstr)


def _escape_line_start(line: str) -> str:
    if line[:1] not in BLOCK_START_CHARACTERS:
        return line
    ordered = BLOCK_STARTS["ordered list item"].match(line)
    if ordered:
        return f"{ordered.group(1)}\\{line[ordered.end(1) :]}"
    if any(pattern.match(line) for pattern in BLOCK_STARTS.values()):
        return "\\" + line
    return line


def _replacement(
    document: ParsedDocument, leaf: LeafBlock, msgstr: str, line_end: str
) -> tuple[str, bool]:
    """The text spliced in ``leaf``'s place, and whether it provably keeps the
    block structure (see :func:`_keeps_blocks`)."""
    if leaf.is_attribute:
        return translated_attribute(msgstr), False
    if leaf.html_block is not None:
        text = translated_run(msgstr, leaf.unit.msgid)
        return text, _keeps_html_block(leaf.html_block, text)
    if leaf.inline is None:
        # Front-matter field: a JSON string is a valid YAML double-quoted scalar.
        # Whether the front matter stays front matter is checked on the whole.
        return json.dumps(" ".join(msgstr.split()), ensure_ascii=False), True
    source = document.source
    spans_lines = LINE_END.search(source, leaf.start, leaf.end) is not None
    # Block syntax first: an escaped fence can no longer pass for a code span
    # that would hide raw HTML from neutralize_markup.
    text = neutralize_markup(
        escape_block_syntax(
            msgstr,
            single_line=leaf.unit.kind in ("heading", "table_cell") and not spans_lines,
            in_table=leaf.unit.kind == "table_cell",
        ),
        leaf.unit.msgid,
    )
    keeps_blocks = _keeps_blocks(document, leaf, text)
    return text.replace("\n", line_end + leaf.continuation), keeps_blocks


def _keeps_blocks(document: ParsedDocument, leaf: LeafBlock, text: str) -> bool:
    """True when ``text`` (escaped, lines joined by ``\\n``) in ``leaf``'s place
    cannot change the block structure, so no parse needs to confirm it.

    The block parser reads a line's start and, for a few rules, the whole
    line. Escaping leaves no line of ``text`` opening a block that
    :data:`BLOCK_STARTS` names, so each line goes on with the leaf's block as
    a source line of it did, unless it is one of what escaping does not rule
    out; then the answer is ``False`` and the whole document is parsed again:

    - an empty line (the block would end, or vanish), or one starting with a
      space or tab (left where joined lines ended in a bare backslash);
    - a line opening an HTML block by markdown-it's own start conditions: on
      the first line any of them, on later lines those that interrupt a
      paragraph;
    - a line starting with ``[!`` (an alert's marker, on a quote's first line);
    - ``[`` first and ``]:`` anywhere (a reference definition whose label
      spans lines);
    - a pipe in the last line when the next source line could be a table's
      delimiter row (the last line would become its header);
    - in a table cell, a trailing backslash (it would escape the next pipe).

    ``tests/test_translate_structure.py`` holds this answer to the full
    re-parse's, on hostile translations in every kind of container.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line or line[0] in " \t":
            return False
        if line[0] == "<" and _opens_html_block(line, at_start=index == 0):
            return False
        if line.startswith("[!"):
            return False
    if text[0] == "[" and "]:" in text:
        return False
    if leaf.unit.kind == "table_cell":
        return not text.endswith("\\")
    return "|" not in lines[-1] or not _DELIMITER_LIKE.match(_next_line(document, leaf.end))


def _keeps_html_block(html_block: Token, text: str) -> bool:
    """True when a run's ``text`` (one line, foreign markup made text) cannot end
    its HTML block early: it is not empty (its line could turn blank), and in a
    block that ends at a closing sequence rather than a blank line (a comment,
    ``<pre>``...) it holds no ``>``, which every closing sequence ends with."""
    if not text or LINE_END.search(text):
        return False
    first_line = html_block.content.split("\n", 1)[0].lstrip(" \t")
    for opening, closing, _can_interrupt in HTML_SEQUENCES:
        if opening.search(first_line):
            return closing.search("") is not None or ">" not in text
    return False


def _opens_html_block(line: str, *, at_start: bool) -> bool:
    # markdown-it's own start conditions; a line after the first one of a
    # block can only interrupt it, which an open or closing tag alone cannot.
    return any(
        opening.search(line) and (at_start or can_interrupt)
        for opening, _closing, can_interrupt in HTML_SEQUENCES
    )


def _next_line(document: ParsedDocument, offset: int) -> str:
    """The source line after the one holding ``offset`` ("" after the last)."""
    starts = document.line_offsets
    line = bisect.bisect_right(starts, offset)
    if line >= len(starts):
        return ""
    end = starts[line + 1] if line + 1 < len(starts) else len(document.source)
    return document.source[starts[line] : end].rstrip("\r\n")


def _splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        parts.append(source[position:start])
        parts.append(replacement)
        position = end
    parts.append(source[position:])
    return "".join(parts)


def translate_markdown(markdown_text: str, translations: Translations) -> str:
    """Return the source with each translated unit spliced in place.

    With identity translations (or none) the result is the source itself.
    A translation that would still change the block structure after escaping
    is left out, and the source text stays in its place.

    Raises:
        SourceError: the text is not a ``str`` or its front matter is broken.
        TypeError: ``translations`` is neither a mapping nor a gettext object.
    """
    document, leaves = parse_article(markdown_text)
    lookup = make_lookup(translations)
    return splice_translations(document, leaves, [lookup(leaf.unit) for leaf in leaves])


def splice_translations(
    document: ParsedDocument, leaves: Sequence[LeafBlock], msgstrs: Sequence[str | None]
) -> str:
    """The localized Markdown of a parsed source: what :func:`translate_markdown` returns.

    Takes the document and its leaf blocks already walked, and each leaf's
    translation (or None) already looked up, so one parse and one lookup can
    serve both the Markdown and the HTML of a page.
    """
    source = document.source
    edits: list[tuple[int, int, str]] = []
    line_end = match.group() if (match := LINE_END.search(source)) else "\n"
    keeps_blocks = True
    fields_changed = False
    for leaf, msgstr in zip(leaves, msgstrs, strict=True):
        if msgstr is None or msgstr == leaf.unit.msgid:
            continue
        replacement, keeps = _replacement(document, leaf, msgstr, line_end)
        edits.append((leaf.start, leaf.end, replacement))
        keeps_blocks = keeps_blocks and keeps
        fields_changed = fields_changed or (leaf.inline is None and leaf.html_block is None)
    if not edits:
        return source
    expected = document.skeleton
    translated = _splice(source, edits)
    # Most translations provably keep the blocks (see _keeps_blocks): no parse.
    if keeps_blocks and _same_front_matter(document, translated, fields_changed=fields_changed):
        return translated
    if _has_skeleton(translated, expected):
        return translated
    # Rare: find the edits that change the structure on their own and drop them.
    kept = [edit for edit in edits if _has_skeleton(_splice(source, [edit]), expected)]
    translated = _splice(source, kept)
    if _has_skeleton(translated, expected):
        return translated
    return source


def _has_skeleton(text: str, expected: list[tuple[str, str, bool]]) -> bool:
    try:
        return block_skeleton(block_tokens(text)) == expected
    except SourceError:  # a translation made YAML of the opening lines, and broke it
        return False


def _same_front_matter(document: ParsedDocument, translated: str, *, fields_changed: bool) -> bool:
    """True when the translated text has the source's front matter lines: then
    markdown-it reads the same lines as blank.

    Edits after a source's front matter leave it as it is; a text without any
    can gain some only if it opens with a fence.
    """
    if document.front_matter is not None and not fields_changed:
        return True
    if document.front_matter is None and not translated.startswith("---"):
        return True
    try:
        after = split_front_matter(translated)
    except SourceError:
        return False
    if document.front_matter is None or after is None:
        return document.front_matter is after
    return document.front_matter.line_count == after.line_count


def set_front_matter_fields(markdown_text: str, fields: Mapping[str, str | list[str]]) -> str:
    r"""The Markdown with ``fields`` set in its YAML front matter, added if it has none.

    A field the front matter already has gets the new value in its place;
    other fields are added before the closing fence. Values are written as
    JSON strings and lists, which YAML reads as double-quoted scalars and flow
    sequences.

    >>> print(set_front_matter_fields("---\ntitle: Hi\nlang: en\n---\nText\n", {"lang": "ar"}))
    ---
    title: Hi
    lang: "ar"
    ---
    Text
    <BLANKLINE>
    >>> print(set_front_matter_fields("Text\n", {"dir": "rtl"}), end="")
    ---
    dir: "rtl"
    ---
    <BLANKLINE>
    Text

    Raises:
        SourceError: the existing front matter is broken.
    """
    line_end = match.group() if (match := LINE_END.search(markdown_text)) else "\n"
    front_matter = split_front_matter(markdown_text)
    assignments = {
        key: f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
    }
    if front_matter is None:
        block = ["---", *assignments.values(), "---", ""]
        return line_end.join(block) + line_end + markdown_text
    lines = LINE_END.split(markdown_text)
    body = lines[1 : front_matter.line_count - 1]
    for index, line in enumerate(body):
        key = line.split(":", 1)[0]
        if key in assignments and not line[:1].isspace():
            body[index] = assignments.pop(key)
    lines[1 : front_matter.line_count - 1] = [*body, *assignments.values()]
    return line_end.join(lines)
