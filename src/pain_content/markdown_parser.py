"""The one configured markdown-it-py parser, and the source positions it records.

Everything that reads Markdown in pain_content goes through :func:`parse_document`,
so extraction, translation and rendering agree on what a block is. Raw HTML is
on (:mod:`pain_content.raw_html` sanitizes it), links are validated, and
GitHub's tables, alerts (``> [!WARNING]``) and footnotes (``[^1]``) are on.

markdown-it's tokens carry block line maps but no inline positions, so
:func:`source_positions_plugin` wraps a few of markdown-it's public rule
functions to record what the message units need: where soft and hard line
breaks are in each inline's content (to normalise msgids), which lines a leaf
block spans (to splice translations in place), and which links are shortcut
references (to tell translators how to keep them).

Front matter is read here rather than with ``mdit_py_plugins.front_matter``:
that plugin takes any ``---`` fenced block at the top as front matter, while a
document that merely starts with a thematic break must stay Markdown, so only
a block that parses as a YAML mapping counts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt, rules_block, rules_inline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Location, SourceError

# markdown-it normalises line ends the same way before parsing.
LINE_END = re.compile(r"\r\n?|\n")
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")
"""URL schemes never emitted, whatever their case; ``data:`` only for raster images."""
SAFE_DATA_IMAGES = ("gif", "png", "jpeg", "webp")
_UNSAFE_URL = re.compile(rf"^({'|'.join(UNSAFE_SCHEMES)}):", re.IGNORECASE)
_SAFE_IMAGE_DATA = re.compile(rf"^data:image/({'|'.join(SAFE_DATA_IMAGES)});", re.IGNORECASE)
BLOCK_STARTS: Mapping[str, re.Pattern[str]] = {
    "heading": re.compile(r"#{1,6}(?:[ \t]|$)"),
    "bullet list item": re.compile(r"[-+*](?:[ \t]|$)"),
    # CommonMark's list markers are ASCII digits only ("٣. x" is text).
    "ordered list item": re.compile(r"([0-9]{1,9})([.)])(?=[ \t]|$)"),
    "block quote": re.compile(r">"),
    # A backtick fence's info string cannot hold a backtick: "``` ``` x" is a code span.
    "code fence": re.compile(r"(?:`{3,}(?!.*`)|~{3,})"),
    "table row": re.compile(r"\|"),
    "table delimiter row": re.compile(r"[|:-][-:| \t]*$"),
    "thematic break": re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$"),
    "heading underline": re.compile(r"(?:=+|-+)[ \t]*$"),
    "link reference definition": re.compile(r"\[(?:[^\]\\]|\\.)*\]:"),
}
"""What makes a line (its indentation of up to three spaces removed) open a new
block in CommonMark or GFM, by name: text that must not start a line of a translation."""
BLOCK_START_CHARACTERS = frozenset("#-+*0123456789>`~|:_=[")
"""The characters a line matching one of :data:`BLOCK_STARTS` can start with."""
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")
REVIEW_DATE_FIELD = "last_reviewed"
"""The front matter field with the date the article was last reviewed, as ``YYYY-MM-DD``."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text: :func:`_review_date` reads the
    one date field itself, so that an impossible date is an error at its line
    rather than a ``ValueError`` from inside the YAML library."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SKELETON = "pain_content_skeleton"
_RECORDS_ONLY = "pain_content_records_only"


@dataclass(frozen=True, slots=True)
class Break:
    """A line break inside one inline's content, as the parser saw it."""

    start: int
    """Offset of the first trailing space (or the backslash) before the newline."""
    end: int
    """Offset just after the next line's leading whitespace."""
    is_hard: bool
    """True for a hard break (two spaces or a backslash before the newline)."""


@dataclass(slots=True)
class InlineRecord:
    """What the wrapped inline rules noticed while parsing one inline token."""

    breaks: list[Break] = field(default_factory=list)
    has_shortcut_reference: bool = False
    image_offsets: list[int] = field(default_factory=list)

    @property
    def offset(self) -> int:
        """Where the text being parsed starts in the inline's content (inside an image's alt text, not 0)."""
        return self.image_offsets[-1] if self.image_offsets else 0


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """YAML front matter at the top of a source file."""

    fields: Mapping[str, Any]
    """The parsed mapping."""
    lines: tuple[str, ...]
    """The raw lines between the fences (without line ends)."""
    line_count: int
    """Number of lines it occupies, fences included."""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A source file parsed once, with what is needed to map tokens back to it."""

    source: str
    """The text exactly as given."""
    front_matter: FrontMatter | None
    tokens: list[Token]
    """Block tokens; inline tokens carry ``meta["record"]``, ``meta["lines"]``
    (content start and end offsets in ``normalized`` of each line of their
    block) and ``meta["first_line"]`` (the block's first line, 0-based)."""
    env: dict[str, Any]
    """The markdown-it environment (reference definitions)."""
    normalized: str
    """The text markdown-it parsed (line ends as ``\\n``, front matter blanked)."""
    line_offsets: tuple[int, ...]
    """Offset in ``source`` where each line starts (plus one past the end)."""
    normalized_line_offsets: tuple[int, ...]
    """Offset in ``normalized`` where each line starts."""
    skeleton: list[tuple[str, str, bool]]
    """The block structure as the block parser left it (see :func:`block_skeleton`)."""

    def to_source_offset(self, normalized_offset: int) -> int:
        """Map an offset in the parsed text to the same character in ``source``."""
        line = _line_of(self.normalized_line_offsets, normalized_offset)
        column = normalized_offset - self.normalized_line_offsets[line]
        return self.line_offsets[line] + column


def _line_of(offsets: tuple[int, ...], offset: int) -> int:
    return bisect.bisect_right(offsets, offset) - 1


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(match.end() for match in LINE_END.finditer(text))
    return tuple(starts)


def validate_link(url: str) -> bool:
    """Refuse ``javascript:``, ``vbscript:``, ``file:`` and non-image ``data:`` URLs.

    >>> validate_link("https://example.org"), validate_link(" JavaScript:alert(1)")
    (True, False)
    """
    candidate = url.strip()
    if _SAFE_IMAGE_DATA.match(candidate):
        return True
    return not _UNSAFE_URL.match(candidate)


def _current(state: StateInline | StateCore) -> InlineRecord:
    record = state.env.get("pain_content_record")
    if not isinstance(record, InlineRecord):  # parse_inline outside a document
        record = InlineRecord()
        state.env["pain_content_record"] = record
    return record


_InlineRule = Callable[[StateInline, bool], bool]


def _noting(note: Callable[[StateInline, int], None]) -> Callable[[_InlineRule], _InlineRule]:
    """Wrap an inline rule so that, each time it matches for real, ``note`` is told
    the state and where the match started."""

    def wrap(rule: _InlineRule) -> _InlineRule:
        def noted(state: StateInline, silent: bool) -> bool:
            start = state.pos
            if not rule(state, silent):
                return False
            if not silent:
                note(state, start)
            return True

        return noted

    return wrap


def _note_newline(state: StateInline, newline_at: int) -> None:
    record = _current(state)
    start = newline_at
    while start > 0 and state.src[start - 1] == " ":
        start -= 1
    is_hard = state.tokens[-1].type == "hardbreak"
    record.breaks.append(Break(record.offset + start, record.offset + state.pos, is_hard))


def _note_escape(state: StateInline, backslash_at: int) -> None:
    if state.src[backslash_at + 1] == "\n":
        record = _current(state)
        record.breaks.append(Break(record.offset + backslash_at, record.offset + state.pos, True))


def _note_link(state: StateInline, start: int) -> None:
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    after = state.src[label_end + 1 : label_end + 3] if label_end >= 0 else ""
    # Shortcut [term] and collapsed [term][] references use the link
    # text as the label, so a translated text needs the label kept.
    if after == "[]" or after[:1] not in ("(", "["):
        _current(state).has_shortcut_reference = True


def _wrap_image(rule: _InlineRule) -> _InlineRule:
    # An image's alt text is parsed in a new inline state whose offsets start
    # at the label, so breaks found there are shifted back into the outer text.
    def image(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        record = _current(state)
        record.image_offsets.append(record.offset + state.pos + 2)
        try:
            return rule(state, silent)
        finally:
            record.image_offsets.pop()

    return image


def _record_lines(
    rule: Callable[[StateBlock, int, int, bool], bool],
) -> Callable[[StateBlock, int, int, bool], bool]:
    # Leaf block rules: remember where each of their lines' content starts and
    # ends (after container markers), so a translation can be spliced there.
    def leaf(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first_token = len(state.tokens)
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:
            lines = tuple(
                (state.bMarks[line] + state.tShift[line], state.eMarks[line])
                for line in range(start_line, state.line)
            )
            for token in state.tokens[first_token:]:
                if token.type == "inline":
                    token.meta["lines"] = lines
                    token.meta["first_line"] = start_line
        return True

    return leaf


def may_hold_record(content: str, *, defines_labels: bool) -> bool:
    """Whether parsing ``content`` can fill an :class:`InlineRecord`.

    A break needs a newline (an escape counts only before one). A shortcut
    reference needs a ``[`` and a document that defines link references or
    footnotes (``defines_labels``): without definitions the only links are
    inline ones, ``[text](url)``, never a shortcut, and no ``[^1]`` is a
    footnote, whose place among the units its first reference decides. In
    any other text the record is empty, and so it is without a parse.

    >>> may_hold_record("See [dose](/dose).", defines_labels=False)
    False
    >>> may_hold_record("See [dose].", defines_labels=True)
    True
    >>> may_hold_record("Take one tablet\\nat night.", defines_labels=False)
    True
    """
    return "\n" in content or (defines_labels and "[" in content)


def _inline_with_records(state: StateCore) -> None:
    records_only = state.env.get(_RECORDS_ONLY, False)
    defines_labels = has_definitions(state.env)
    for token in state.tokens:
        if token.type == "inline":
            record = InlineRecord()
            token.meta["record"] = record
            if records_only and not may_hold_record(token.content, defines_labels=defines_labels):
                continue
            state.env["pain_content_record"] = record
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop("pain_content_record", None)


# The alternatives markdown-it registers for the leaf rules we record (see
# ``_rules`` in markdown_it/parser_block.py): ``Ruler.at`` replaces a rule's
# ``alt`` list too, so the same list is given again.
_LEAF_RULES: tuple[tuple[str, Callable[[StateBlock, int, int, bool], bool], list[str]], ...] = (
    ("table", rules_block.table, ["paragraph", "reference"]),
    ("heading", rules_block.heading, ["paragraph", "reference", "blockquote"]),
    ("lheading", rules_block.lheading, []),
    ("paragraph", rules_block.paragraph, []),
)
_INLINE_RULES: tuple[tuple[str, _InlineRule, Callable[[_InlineRule], _InlineRule]], ...] = (
    ("newline", rules_inline.newline, _noting(_note_newline)),
    ("escape", rules_inline.escape, _noting(_note_escape)),
    ("image", rules_inline.image, _wrap_image),
    ("link", rules_inline.link, _noting(_note_link)),
)


def source_positions_plugin(md: MarkdownIt) -> None:
    """Record what message units need and markdown-it's tokens do not carry.

    Where line breaks fall in each inline, which lines each leaf block spans,
    which links are shortcut references, and the block skeleton before any
    core rule (such as the footnote tail) moves tokens around.
    """
    for name, rule, wrap in _INLINE_RULES:
        md.inline.ruler.at(name, wrap(rule))
    for name, block_rule, alt in _LEAF_RULES:
        md.block.ruler.at(name, _record_lines(block_rule), {"alt": alt})
    md.core.ruler.at("inline", _inline_with_records)
    md.core.ruler.after("block", "pain_content_skeleton", _record_skeleton)


def block_skeleton(tokens: Iterable[Token]) -> list[tuple[str, str, bool]]:
    """The block structure of a token stream: what a translation must not change."""
    return [(token.type, token.tag, token.hidden) for token in tokens if token.type != "inline"]


def _record_skeleton(state: StateCore) -> None:
    state.env[_SKELETON] = block_skeleton(state.tokens)


def build_parser() -> MarkdownIt:
    """The configured parser: CommonMark with raw HTML, GitHub tables, alerts and
    footnotes, safe links."""
    md = MarkdownIt("commonmark", {"html": True, "alerts": True}).enable("table")
    md.validateLink = validate_link  # type: ignore[method-assign]
    md.use(source_positions_plugin)
    # GitHub's footnotes: no inline ``^[...]`` notes, definitions moved to the end.
    md.use(footnote_plugin, inline=False)
    return md


PARSER = build_parser()


def parse_inline(text: str, env: dict[str, Any]) -> list[Token]:
    """Parse ``text`` as the content of one leaf block; return its inline children."""
    tokens = PARSER.parseInline(text, env)
    return tokens[0].children or []


# How many messages the caches of parsed messages hold: more than the largest
# article's entries (2,622 in the benchmark corpus, FastAPI's release notes),
# because an article's messages are read in turn several times (its checks,
# then its page; its msgids for every language) and an LRU cache smaller than
# such a cycle never hits. Bounded, because a build's memory must not grow with
# the site (about 6 KB a message).
MESSAGES_CACHED = 4096


@lru_cache(maxsize=MESSAGES_CACHED)
def parse_message(text: str) -> tuple[Token, ...]:
    """A message's inline Markdown parsed on its own, once for every reader of it.

    The checks and the renderer read the same msgstr; whichever comes first
    parses it. Without reference definitions: a caller whose text may use the
    document's (it holds a ``[``) parses it with :func:`parse_inline` and the
    document's env. The tokens are shared and must not be changed.
    """
    return tuple(parse_inline(text, {}))


def has_definitions(env: Mapping[str, Any]) -> bool:
    """True when a document's env defines link references or footnotes.

    Only those make :func:`parse_inline` with the env differ from
    :func:`parse_message`: markdown-it's link and image rules look a ``[label]``
    up in ``references``, the footnote rule a ``[^label]`` in the footnotes'
    ``refs``, and no other inline rule reads the env.

    >>> has_definitions({}), has_definitions({"references": {}, "footnotes": {}})
    (False, False)
    >>> has_definitions({"references": {"TERM": {"href": "t.md", "title": ""}}})
    True
    >>> has_definitions({"footnotes": {"refs": {":1": -1}}})
    True
    """
    footnotes = env.get("footnotes") or {}
    return bool(env.get("references")) or bool(footnotes.get("refs"))


def split_front_matter(text: str) -> FrontMatter | None:
    """Return the YAML front matter at the top of ``text``, if there is any.

    A block between ``---`` fences counts as front matter only when it is a
    YAML mapping, so a document that merely starts with a thematic break is
    left to Markdown.

    Raises:
        SourceError: the block looks like YAML keys but does not parse.
    """
    lines = LINE_END.split(text, maxsplit=2000)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return None
    body = lines[1:index]
    try:
        fields = yaml.load("\n".join(body), Loader=_FrontMatterLoader)  # a SafeLoader
    except ValueError as exc:  # an explicit !!timestamp that is no date
        raise SourceError(f"front matter: {exc}", Location("<string>", 2)) from exc
    except yaml.YAMLError as exc:
        if body and _YAML_KEY.match(body[0]):
            mark = getattr(exc, "problem_mark", None)
            line = 2 + (mark.line if mark is not None else 0)
            problem = getattr(exc, "problem", None) or "not valid YAML"
            raise SourceError(f"front matter: {problem}", Location("<string>", line)) from exc
        return None
    if not isinstance(fields, dict):
        return None
    if REVIEW_DATE_FIELD in fields:
        fields[REVIEW_DATE_FIELD] = _review_date(fields[REVIEW_DATE_FIELD], body)
    return FrontMatter(fields=fields, lines=tuple(body), line_count=index + 1)


def _review_date(value: object, body: Sequence[str]) -> date:
    """The review date, written ``2026-12-01`` (quoted or not).

    Raises:
        SourceError: any other form, or a day that does not exist, at the field's line.
    """
    key = re.compile(rf"^{REVIEW_DATE_FIELD}\s*:")
    line = 2 + next((number for number, text in enumerate(body) if key.match(text)), 0)
    where = Location("<string>", line)
    if value is None:
        raise SourceError(f"{REVIEW_DATE_FIELD} is empty: write the date as YYYY-MM-DD", where)
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise SourceError(
            f"{REVIEW_DATE_FIELD}: {text!r} is not a date in the form YYYY-MM-DD"
            " (such as 2026-12-01)",
            where,
        )
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SourceError(f"{REVIEW_DATE_FIELD}: {text} is not a date: {exc}", where) from exc


def _prepare(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter, and the text markdown-it parses: line ends as ``\\n``,
    NUL replaced, and the front matter blanked instead of cut, so that line
    numbers and offsets of the body stay those of the file."""
    front_matter = split_front_matter(text)
    normalized = LINE_END.sub("\n", text).replace("\0", "\ufffd")
    if front_matter is not None:
        lines = normalized.split("\n")
        lines[: front_matter.line_count] = [""] * front_matter.line_count
        normalized = "\n".join(lines)
    return front_matter, normalized


def block_tokens(text: str) -> list[Token]:
    """The block tokens of ``text`` without parsing inline content: enough to
    compare block structure, at a fraction of a full parse.
    """
    _front_matter, normalized = _prepare(text)
    tokens: list[Token] = []
    PARSER.block.parse(normalized, PARSER, {}, tokens)
    return tokens


def parse_document(text: str) -> ParsedDocument:
    """Parse a source file once: front matter, block tokens, inline records.

    Raises:
        SourceError: ``text`` is not a ``str`` or its front matter is broken.
    """
    return _parse(text, {})


def parse_for_extraction(text: str) -> ParsedDocument:
    """Parse a source file for its message units only, at a fraction of :func:`parse_document`.

    Every inline token has its record, but only one whose text may hold
    something to record (:func:`may_hold_record`) is parsed into children;
    the others have none. Extraction reads records, never children, so its
    units are those of the full parse; the document must never be rendered
    or translated, which read the children.

    Raises:
        SourceError: ``text`` is not a ``str`` or its front matter is broken.
    """
    document = _parse(text, {_RECORDS_ONLY: True})
    del document.env[_RECORDS_ONLY]
    return document


def _parse(text: str, env: dict[str, Any]) -> ParsedDocument:
    if not isinstance(text, str):
        raise SourceError(f"expected Markdown text (str), got {type(text).__name__}")
    front_matter, normalized = _prepare(text)
    tokens = PARSER.parse(normalized, env)
    skeleton = env.pop(_SKELETON)
    return ParsedDocument(
        source=text,
        front_matter=front_matter,
        tokens=tokens,
        env=env,
        normalized=normalized,
        line_offsets=_line_starts(text),
        normalized_line_offsets=_line_starts(normalized),
        skeleton=skeleton,
    )
