"""PO text and polib catalogs: a strict reader with lines, and GNU gettext's writer.

Both directions share one escape table, the one GNU gettext writes
(``write-po.c``, ``wrap``): ``\\a \\b \\f \\n \\r \\t \\v``, the backslash and
the double quote. Other control characters are written as they are, as GNU
does. The reader also accepts the octal and hexadecimal escapes GNU reads
(``po-lex.c``), so a hand-edited file means what ``msgfmt`` thinks it means.

Nothing here touches the filesystem (see :mod:`pain_content.catalog_files`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import polib
import wcwidth

from .catalogs import DEFAULT_WIDTH, entry_key, utf8_metadata
from .errors import CatalogError, Location
from .line_breaks import LineBreaks

ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}
"""Character → the letter after the backslash, for every escape GNU gettext writes."""
_UNESCAPES = {letter: character for character, letter in ESCAPES.items()}
_ESCAPED = re.compile("[" + re.escape("".join(ESCAPES)) + "]")
_LETTER_ESCAPE = re.compile(r"\\(.)")  # each escape starts as _STRING_ESCAPE's
_STRING_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_CONTENT = r'(?:[^"\\]|\\.)*'  # what a string holds between its quotes
_STRING = re.compile(rf'^"({_CONTENT})"\s*$')
_STRING_CONTENT = re.compile(_CONTENT)


class LocatedEntry(polib.POEntry):
    """A catalog entry read from a file, which also knows the line of its ``msgid``.

    ``linenum`` (polib's) is the entry's first line, comments included; GNU
    ``msgfmt`` reports problems at the ``msgid`` line.
    """

    msgid_line: int


def entry_line(entry: polib.POEntry) -> int:
    """The line every message about an entry points at: its ``msgid`` line, as ``msgfmt``'s.

    An entry made in memory, not read from a file, has polib's ``linenum``
    (0 when it has none).
    """
    return entry.msgid_line if isinstance(entry, LocatedEntry) else entry.linenum or 0


def escape(text: str) -> str:
    r"""The text as it appears between the quotes of a PO string.

    >>> escape('a\fb\vc\bd\ae "q" \\')
    'a\\fb\\vc\\bd\\ae \\"q\\" \\\\'
    """
    return _ESCAPED.sub(lambda match: "\\" + ESCAPES[match.group()], text)


def unescape(quoted: str, path: str, line: int) -> str:
    r"""The text of a PO string's content (between its quotes).

    Octal and hexadecimal escapes give bytes; a run of them is read as UTF-8.

    >>> unescape(r'a\fb\vc\bd\ae \"\\ \101\x42 \303\251', "x.po", 1)
    'a\x0cb\x0bc\x08d\x07e "\\ AB é'

    Raises:
        CatalogError: an unknown escape, or escaped bytes that are not UTF-8.
    """
    if "\\" not in quoted:
        return quoted  # most strings: no escape to read
    try:
        # Most escapes are letters: replaced in C, as the loop below would replace them.
        return _LETTER_ESCAPE.sub(_unescaped_letter, quoted)
    except KeyError:  # an octal, hexadecimal or unknown escape
        pass
    pieces: list[str] = []
    pending = bytearray()
    position = 0
    for match in _STRING_ESCAPE.finditer(quoted):
        if match.start() > position:
            pieces.append(_decoded(pending, path, line) + quoted[position : match.start()])
        position = match.end()
        octal, hexadecimal, letter = match.groups()
        if octal or hexadecimal:
            pending.append(int(octal, 8) if octal else int(hexadecimal, 16) % 256)
        elif letter in _UNESCAPES:
            pieces.append(_decoded(pending, path, line) + _UNESCAPES[letter])
        else:
            raise CatalogError(f"invalid escape '\\{letter or ''}' in string", Location(path, line))
    pieces.append(_decoded(pending, path, line) + quoted[position:])
    return "".join(pieces)


def _unescaped_letter(match: re.Match[str]) -> str:
    return _UNESCAPES[match[1]]


def _decoded(pending: bytearray, path: str, line: int) -> str:
    if not pending:
        return ""
    try:
        text = pending.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError("escaped bytes are not UTF-8 text", Location(path, line)) from exc
    pending.clear()
    return text


# --- Reading -------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """An entry being read; fields hold unescaped text as it accumulates."""

    first_line: int
    obsolete: bool = False
    tcomment: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    strings: dict[str, str] = field(default_factory=dict)
    plural_forms: dict[int, str] = field(default_factory=dict)
    msgid_line: int = 0

    def has_msgstr(self) -> bool:
        return "msgstr" in self.strings or bool(self.plural_forms)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    # Only a line feed ends a line: str.splitlines would also split at the
    # raw control characters (FS, GS, RS, NEL) GNU writes inside strings.
    for number, raw in enumerate(text.split("\n"), start=1):
        yield number, raw.strip(" \t\r")


def parse_catalog(text: str, path: str) -> polib.POFile:
    """Parse catalog text strictly, as GNU ``msgfmt`` reads it; ``path`` names it in errors.

    Plural entries whose ``msgstr[]`` count differs from the ``Plural-Forms``
    header are read as they are: ``msgfmt`` compiles them, ``check`` reports them.

    Raises:
        CatalogError: a syntax error, an invalid escape or a duplicate entry, with its line.
    """
    common = _common_entries(text)
    # None: a shape the writer does not make, or an error to locate.
    entries = _entries(_drafts(text, path), path) if common is None else common
    return _catalog(entries, path)


# The entries GNU tools and format_catalog write, as one pattern read in C: comments in
# GNU's order, on lines without the surrounding blanks the general reader strips, and
# each keyword with one space before its strings. Any other text, and any error, is left
# to the general reader, so what this reads is exactly what that one would.
_QUOTED = r'"[^\n]*"'  # a line's string, quick to find; _value checks what it holds
_OBSOLETE = r"(?(obsolete)\#~[ ])"  # the prefix of an obsolete entry's lines
_PREVIOUS = r"\#~?\|[ ]"


def _strings(prefix: str) -> str:
    """A keyword's strings, one a line, the lines after the first starting with ``prefix``."""
    return rf"{_QUOTED}(?:\n{prefix}{_QUOTED})*"


_COMMON_ENTRY = re.compile(
    rf"""
    (?P<head>
        (?P<tcomment>(?:\#(?:[^.:,|~\n][^\n]*)?(?<![ \t\r])\n)*)
        (?P<comment>(?:\#\.[^\n]*(?<![ \t\r])\n)*)
        (?P<occurrences>(?:\#:[^\n]*\n)*)
        (?P<flags>(?:\#,[^\n]*\n)*)
        (?:{_PREVIOUS}msgctxt[ ](?P<previous_msgctxt>{_strings(_PREVIOUS)})\n)?
        (?:{_PREVIOUS}msgid[ ](?P<previous_msgid>{_strings(_PREVIOUS)})\n)?
        (?:{_PREVIOUS}msgid_plural[ ](?P<previous_msgid_plural>{_strings(_PREVIOUS)})\n)?
        (?P<obsolete>\#~[ ])?
        (?:msgctxt[ ](?P<msgctxt>{_strings(_OBSOLETE)})\n{_OBSOLETE})?
    )
    (?P<rest>
        msgid[ ](?P<msgid>{_strings(_OBSOLETE)})\n{_OBSOLETE}
        (?:
            msgid_plural[ ](?P<msgid_plural>{_strings(_OBSOLETE)})\n
            (?P<plurals>(?:{_OBSOLETE}msgstr\[[0-9]+\][ ]{_strings(_OBSOLETE)}(?:\n|\Z))+)
          | msgstr[ ](?P<msgstr>{_strings(_OBSOLETE)})(?:\n|\Z)
        )
        \n*
    )
    """,
    re.VERBOSE,
)
_ANY_PREFIX = r"(?:\#~[ ])?"  # within an entry already matched, whichever it has
_PLURAL_FORM = re.compile(rf"{_ANY_PREFIX}msgstr\[([0-9]+)\][ ]({_strings(_ANY_PREFIX)})")


class _Uncommon(Exception):
    """The text is not one the common reader reads the way the general one would."""


def _common_entries(text: str) -> list[LocatedEntry] | None:
    """The entries of a catalog written in the common shapes, or None for the general reader."""
    covered = len(text) - len(text.lstrip("\n")) if text.startswith("\n") else 0
    line = 1 + covered
    entries: list[LocatedEntry] = []
    try:
        # findall matches in C; the matches are the entries read one after another
        # only if they leave no text out between them, checked last.
        for (
            head,
            tcomment,
            comment,
            occurrences,
            flags,
            previous_msgctxt,
            previous_msgid,
            previous_msgid_plural,
            obsolete,
            msgctxt,
            rest,
            msgid,
            msgid_plural,
            plurals,
            msgstr,
        ) in _COMMON_ENTRY.findall(text, covered):
            entry = _new_entry(LocatedEntry)
            # The attributes polib.POEntry.__init__ sets, in its order (a test compares
            # the two); setting them at once takes a fifth of the time.
            entry.__dict__ = {
                "msgid": _value(msgid),
                "msgstr": _value(msgstr),
                "msgid_plural": _value(msgid_plural),
                "msgstr_plural": _plural_forms(plurals),
                "msgctxt": _value(msgctxt) if msgctxt else None,
                "obsolete": bool(obsolete),
                "encoding": polib.default_encoding,
                "comment": _comment_text(comment, 2),
                "tcomment": _comment_text(tcomment, 1),
                "occurrences": _references_read(occurrences.replace("\n#:", " ")[2:]),
                "flags": list(_flags_of_lines(flags)),
                "previous_msgctxt": _value(previous_msgctxt) if previous_msgctxt else None,
                "previous_msgid": _value(previous_msgid) if previous_msgid else None,
                "previous_msgid_plural": (
                    _value(previous_msgid_plural) if previous_msgid_plural else None
                ),
                "linenum": line,
                "msgid_line": line + head.count("\n"),
            }
            entries.append(entry)
            covered += len(head) + len(rest)
            line += head.count("\n") + rest.count("\n")
    except (_Uncommon, CatalogError):
        return None
    return entries if covered == len(text) else None


def _plural_forms(plurals: str) -> dict[int, str]:
    forms: dict[int, str] = {}
    for index, strings in _PLURAL_FORM.findall(plurals):
        if int(index) in forms:
            raise _Uncommon  # a second msgstr[n]: the general reader says where
        forms[int(index)] = _value(strings)
    return forms


_new_entry = polib.POEntry.__new__


def _comment_text(lines: str, marker: int) -> str:
    """The text of comment lines (each ending with a line feed), less their ``marker`` characters."""
    if lines.count("\n") <= 1:  # one line, or none
        return lines[marker:-1].removeprefix(" ")
    return "\n".join(line[marker:].removeprefix(" ") for line in lines[:-1].split("\n"))


@functools.lru_cache(maxsize=256)  # catalogs repeat a few flag lines over and over
def _flags_of_lines(lines: str) -> tuple[str, ...]:
    """The flags of ``#,`` lines (each ending with a line feed)."""
    return tuple(_flags_read(lines.replace("\n#,", ",")[2:]))


def _value(strings: str) -> str:
    """The text of a keyword's strings (as matched: quoted, one a line, with line prefixes).

    Raises:
        _Uncommon: a string holds a quote that is not escaped, or ends in a backslash.
    """
    if "\n" not in strings:  # "" for a keyword that is not there
        content = strings[1:-1]
        if '"' not in content and "\\" not in content:
            return content  # most strings: nothing to check or read
        return _string_text(content)
    pieces = [line[line.index('"') + 1 : -1] for line in strings.split("\n")]
    if "\\" in strings or strings.count('"') != 2 * len(pieces):
        # Each string's escapes are read on their own, as GNU reads them.
        pieces = [_string_text(piece) for piece in pieces]
    return "".join(pieces)


_QUOTE_OR_ESCAPE = re.compile(r'\\(.)|"')


def _string_text(content: str) -> str:
    """What a string holds, read as :func:`unescape` reads it, if it is a string at all.

    Raises:
        _Uncommon: a quote that is not escaped, or a backslash that escapes nothing.
    """
    if not content.endswith("\\"):
        try:
            # Letter escapes replaced in C; a quote found on its own (not escaped) has
            # no letter, and is refused as an octal, hexadecimal or unknown escape is.
            return _QUOTE_OR_ESCAPE.sub(_unescaped_letter, content)
        except KeyError:
            pass
    if not _STRING_CONTENT.fullmatch(content):
        raise _Uncommon
    return unescape(content, "", 0)


def _drafts(text: str, path: str) -> list[_Draft]:
    """The entries of any catalog GNU reads, line by line, as drafts."""
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    target: tuple[str, str] | None = None  # the field a continuation string extends
    for number, line in _lines(text):
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip(" \t")
            if line.startswith("|"):
                line = "#" + line
        if not line:
            target = None
            continue
        is_previous = line.startswith("#|")
        if line.startswith("#") and not is_previous:
            if draft is None or draft.strings:
                draft = _next(drafts, draft, number)
            _comment(draft, line)
            target = None
            continue
        if is_previous:
            line = line[2:].lstrip(" \t")
        keyword = _KEYWORD.match(line)
        if keyword:
            name, index, string = keyword.groups()
            value = _string(string, path, number)
            if is_previous:
                if draft is None or draft.strings:
                    draft = _next(drafts, draft, number)
                if name not in ("msgctxt", "msgid", "msgid_plural") or name in draft.previous:
                    raise CatalogError(
                        f"syntax error: unexpected {line[:30]!r}", Location(path, number)
                    )
                draft.previous[name] = value
                target = ("previous", name)
                continue
            if draft is None or (draft.has_msgstr() and name in ("msgctxt", "msgid")):
                draft = _next(drafts, draft, number)
            draft.obsolete = obsolete
            _keyword(draft, name, index, value, Location(path, number))
            target = ("plural", index) if index is not None else ("strings", name)
        elif line.startswith('"') and target is not None and draft is not None:
            value = _string(line, path, number)
            kind, name = target
            if kind == "previous":
                draft.previous[name] += value
            elif kind == "plural":
                draft.plural_forms[int(name)] += value
            else:
                draft.strings[name] += value
        else:
            raise CatalogError(f"syntax error: unexpected {line[:30]!r}", Location(path, number))
    if draft is not None:
        drafts.append(draft)
    return drafts


def _next(drafts: list[_Draft], draft: _Draft | None, number: int) -> _Draft:
    if draft is not None:
        drafts.append(draft)
    return _Draft(first_line=number)


def _comment(draft: _Draft, line: str) -> None:
    kind, text = line[:2], line[2:]
    if kind == "#.":
        draft.comment.append(text.removeprefix(" "))
    elif kind == "#:":
        draft.occurrences += _references_read(text)
    elif kind == "#,":
        draft.flags += _flags_read(text)
    else:
        draft.tcomment.append(line[1:].removeprefix(" "))


def _references_read(text: str) -> list[tuple[str, str]]:
    """The references of a ``#:`` comment (the text after ``#:``): ``file:line`` or a file."""
    return [
        (file, position) if position.isdigit() else (reference, "")
        for reference in text.split()
        for file, _, position in [reference.rpartition(":")]
    ]


def _flags_read(text: str) -> list[str]:
    """The flags of a ``#,`` comment (the text after ``#,``)."""
    return [flag.strip() for flag in text.split(",") if flag.strip()]


def _string(string: str, path: str, number: int) -> str:
    match = _STRING.match(string)
    if not match:
        raise CatalogError("syntax error: unterminated or malformed string", Location(path, number))
    return unescape(match.group(1), path, number)


# Which keywords may already be present when each one appears (GNU's grammar:
# msgctxt? msgid (msgstr | msgid_plural msgstr[n]+)).
_MAY_FOLLOW = {
    "msgctxt": frozenset(),
    "msgid": frozenset({"msgctxt"}),
    "msgid_plural": frozenset({"msgctxt", "msgid"}),
    "msgstr": frozenset({"msgctxt", "msgid"}),
    "msgstr[]": frozenset({"msgctxt", "msgid", "msgid_plural"}),
}


def _keyword(draft: _Draft, name: str, index: str | None, value: str, where: Location) -> None:
    kind = "msgstr[]" if index is not None else name
    present = set(draft.strings)
    needed = (
        {"msgid", "msgid_plural"} if index is not None else {"msgid"} if name == "msgstr" else set()
    )
    if (
        not present <= _MAY_FOLLOW[kind]
        or not needed <= present
        or (index is None and draft.plural_forms)
    ):
        raise CatalogError(f"syntax error: unexpected {name!r}", where)
    if index is not None:
        if int(index) in draft.plural_forms:
            raise CatalogError(f"syntax error: a second {name!r}", where)
        draft.plural_forms[int(index)] = value
        return
    if name == "msgid":
        draft.msgid_line = where.line
    draft.strings[name] = value


def _entries(drafts: list[_Draft], path: str) -> Iterator[LocatedEntry]:
    """The entries of the drafts, one at a time, so that errors come in the file's order."""
    for draft in drafts:
        if not draft.strings and not draft.previous:
            continue  # comments after the last entry, which GNU ignores too
        if not draft.has_msgstr():
            raise CatalogError(
                "syntax error: missing 'msgstr' section",
                Location(path, draft.msgid_line or draft.first_line),
            )
        entry = LocatedEntry(
            msgid=draft.strings["msgid"],
            msgctxt=draft.strings.get("msgctxt"),
            msgid_plural=draft.strings.get("msgid_plural", ""),
            msgstr=draft.strings.get("msgstr", ""),
            msgstr_plural=dict(draft.plural_forms),
            tcomment="\n".join(draft.tcomment),
            comment="\n".join(draft.comment),
            occurrences=draft.occurrences,
            flags=draft.flags,
            previous_msgctxt=draft.previous.get("msgctxt"),
            previous_msgid=draft.previous.get("msgid"),
            previous_msgid_plural=draft.previous.get("msgid_plural"),
            obsolete=draft.obsolete,
            linenum=draft.first_line,
        )
        entry.msgid_line = draft.msgid_line
        yield entry


def _catalog(entries: Iterable[LocatedEntry], path: str) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    seen: dict[tuple[bool, tuple[str | None, str]], int] = {}
    for entry in entries:
        key = (entry.obsolete, entry_key(entry))
        first_line = entry.linenum or 0  # every entry read has its line
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first at line {seen[key]})",
                Location(path, first_line),
            )
        seen[key] = first_line
        if key == (False, (None, "")):
            catalog.header = entry.tcomment
            catalog.metadata_is_fuzzy = "fuzzy" in entry.flags
            catalog.metadata = _metadata(entry.msgstr)
        else:
            catalog.append(entry)
    return catalog


def _metadata(header: str) -> dict[str, str]:
    # As polib reads it: "Name: value" per line; a line without a colon
    # continues the field before it.
    metadata: dict[str, str] = {}
    name = None
    for line in header.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            name = key
            metadata[name] = value.strip()
        elif name is not None:
            metadata[name] += "\n" + line.strip()
    return metadata


# --- Writing -------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # measured once per character, not once per occurrence
def _char_columns(character: str) -> int:
    # As libunistring's uc_width, which GNU gettext measures with: combining
    # marks and format characters (Arabic harakat, the Persian zero-width
    # non-joiner) take no column, East Asian wide characters two, and control
    # characters (width -1) are not counted.
    return max(wcwidth.wcwidth(character), 0)


def _columns(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_columns, text))


_PORTION_END = re.compile(r"(?<=\n)(?=.)", re.DOTALL)


def _portions(text: str) -> list[str]:
    """The text cut after each line feed: GNU writes one quoted line (at least) per portion."""
    return _PORTION_END.split(text)


# GNU forbids a break inside an escape sequence (before the letter after the backslash).
_ESCAPE_SEQUENCE = re.compile(r"\\.", re.DOTALL)


class _Opportunities:
    """Where GNU may break an escaped portion, found near each line's end as the wrapping asks.

    GNU computes Unicode line breaks (UAX #14, as libunistring applies it) on
    the escaped text, then forbids them inside an escape sequence and right
    before the ``\\n`` that ends a portion.
    """

    def __init__(self, portion: str, escaped: str) -> None:
        self._breaks = LineBreaks(escaped)
        self._end = len(escaped)
        self._forbidden = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(escaped)}
        if portion.endswith("\n"):
            self._forbidden.add(len(escaped) - 2)

    def _allows(self, index: int) -> bool:
        return index not in self._forbidden and self._breaks.allows(index)

    def last_before(self, index: int, start: int) -> int | None:
        """The last opportunity after ``start`` and before ``index``, or None."""
        return next((i for i in range(index - 1, start, -1) if self._allows(i)), None)

    def first_after(self, start: int) -> int | None:
        """The first opportunity after ``start``, or None."""
        return next((i for i in range(start + 1, self._end) if self._allows(i)), None)


def _column_offsets(text: str) -> Sequence[int]:
    """The column at which each character of ``text`` starts, and the text's width last."""
    if text.isascii() and text.isprintable():
        return range(len(text) + 1)
    return list(itertools.accumulate(map(_char_columns, text), initial=0))


def _wrap(portion: str, width: int, start_column: int) -> list[str]:
    """Escape a portion and break it greedily, as libunistring's ``u8_width_linebreaks`` does.

    A line ends at the last opportunity before the first character that does
    not fit, or, when a single piece is wider than the line, at the first
    opportunity after its start.
    """
    escaped = escape(portion)
    if start_column + _columns(escaped) <= width:
        return [escaped]  # no line would need a break
    opportunities = _Opportunities(portion, escaped)
    columns = _column_offsets(escaped)
    breaks: list[int] = []
    start, column = 0, start_column
    while columns[-1] > columns[start] - column + width:  # the rest does not fit on the line
        overflow = bisect.bisect_right(columns, columns[start] - column + width)
        before = opportunities.last_before(overflow, start)
        if before is None:  # a piece wider than the line: it overflows
            before = opportunities.first_after(start)
            if before is None:
                break
        breaks.append(before)
        start, column = before, 0
    bounds = [0, *breaks, len(escaped)]
    return [escaped[start:end] for start, end in itertools.pairwise(bounds)]


def _field(keyword: str, text: str, prefix: str, width: int) -> list[str]:
    """A keyword and its string, laid out as GNU gettext's ``wrap`` does (``width`` 0: no wrap)."""
    page_width = width if width > 0 else 2**31
    # The column arithmetic of write-po.c: room for the closing quote, and
    # columns counted from the opening quote of a continuation line.
    after_break = len(prefix) + 1
    room = page_width - 1 - after_break
    first_column = len(prefix) + len(keyword) + 2 - after_break
    portions = _portions(text)
    first = _wrap(portions[0], room, first_column)
    if not portions[0] or (len(portions) == 1 and first_column <= room and len(first) == 1):
        return [f'{prefix}{keyword} "{first[0]}"']
    lines = [f'{prefix}{keyword} ""']
    for portion in portions:
        lines += [f'{prefix}"{chunk}"' for chunk in _wrap(portion, room, 0)]
    return lines


def _references(entry: polib.POEntry, width: int) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for path, number in entry.occurrences:
        reference = f"{path}:{number}" if number else path
        if line != "#:" and len(line) + 1 + len(reference) > width:
            lines.append(line)
            line = "#:"
        line += " " + reference
    if line != "#:":
        lines.append(line)
    return lines


def _entry_lines(entry: polib.POEntry, width: int) -> list[str]:
    page_width = width or 2**31
    width = 0 if "no-wrap" in entry.flags else width
    lines = [f"# {line}".rstrip() for line in entry.tcomment.split("\n")] if entry.tcomment else []
    lines += [f"#. {line}".rstrip() for line in entry.comment.split("\n")] if entry.comment else []
    if not entry.obsolete:
        lines += _references(entry, page_width)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += _field(keyword, value, previous, width)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += _field("msgctxt", entry.msgctxt, prefix, width)
    lines += _field("msgid", entry.msgid, prefix, width)
    if entry.msgid_plural:
        lines += _field("msgid_plural", entry.msgid_plural, prefix, width)
        for index in sorted(entry.msgstr_plural):
            lines += _field(f"msgstr[{index}]", entry.msgstr_plural[index], prefix, width)
    else:
        lines += _field("msgstr", entry.msgstr, prefix, width)
    return lines


def format_catalog(catalog: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The catalog as UTF-8 PO text, laid out and wrapped as GNU ``msgcat`` writes it.

    Lines break where Unicode line breaking (UAX #14) allows, so that no line
    is wider than ``width`` columns (0: no wrapping), as ``msgcat --width``
    does. The header's charset is written as UTF-8, whatever the file was
    read in; ``catalog`` itself is not changed.
    """
    blocks: list[str] = []
    header = [f"# {line}".rstrip() for line in catalog.header.split("\n")] if catalog.header else []
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
    metadata = "".join(f"{name}: {value}\n" for name, value in utf8_metadata(catalog).items())
    header += _field("msgid", "", "", width)
    header += _field("msgstr", metadata, "", width)
    blocks.append("\n".join(header))
    for entry in catalog:
        if not entry.obsolete:
            blocks.append("\n".join(_entry_lines(entry, width)))
    for entry in catalog:
        if entry.obsolete:
            blocks.append("\n".join(_entry_lines(entry, width)))
    return "\n\n".join(blocks) + "\n"
