"""Reading PO text: the quick reader of common entries reads exactly what the general one reads.

``parse_catalog`` first tries one pattern for the entries GNU tools and
``format_catalog`` write, and leaves any other text to the line-by-line
reader. These tests hold the two to the same answer, field by field and
error by error, on generated catalogs full of hostile shapes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, REPOSITORY
from pain_content import pofile
from pain_content.catalog_files import parse_catalog_bytes
from pain_content.errors import CatalogError
from pain_content.pofile import format_catalog, parse_catalog

PATH = "generated.po"

# Everything a string, a comment or a reference may hold that a reader could
# trip on: quotes, backslashes and escape letters, octal and hexadecimal
# digits, the raw control characters GNU writes as they are, blanks the
# reader strips, markers of comments and keywords, digits of other scripts.
_TRICKY = st.sampled_from(
    [
        *'"\\\t\r\a\x0b\x0c #:,.|~[]"\\01379xafnrtv;msgidtrplu_ ',
        "\x1c",
        "\x85",
        "\u2028",
        "\ufeff",
        "\u00a0",
        "٣",
        "²",
        "é",
        "ŕ",
        "中",
        "ع",
        "\u0301",
    ]
)
_TEXTS = st.text(_TRICKY, max_size=12)
_LINE_TEXTS = _TEXTS.map(lambda text: text.replace("\n", ""))


# Each choice below is what writers write, or, at the catalog's odds (a percentage),
# what a hand or another tool might: so that many catalogs hold one odd line among
# usual ones, where a quick reader that misreads it would differ.
@st.composite
def _odd(draw: st.DrawFn, odds: int) -> bool:
    return draw(st.integers(0, 99)) < odds


@st.composite
def _choice(draw: st.DrawFn, odds: int, usual: str, *odd: str) -> str:
    return draw(st.sampled_from(odd)) if draw(_odd(odds)) else usual


_ODD_ESCAPES = st.sampled_from(["\\303\\251", "\\x41", "\\101", "\\q", "\\", "\\303", '"'])


@st.composite
def _quoted(draw: st.DrawFn, text: str, odds: int) -> list[str]:
    """A string as the quoted strings of its lines: escaped and cut between characters,
    or oddly: raw, with octal, hexadecimal, unknown or broken escapes, cut in an escape."""
    if not draw(_odd(odds)):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=3)))
        parts = [text[start:end] for start, end in itertools.pairwise([0, *cuts, len(text)])]
        return [f'"{pofile.escape(part)}"' for part in parts]
    escaped = draw(st.one_of(_TEXTS, _ODD_ESCAPES.map(pofile.escape(text).__add__)))
    cuts = sorted(draw(st.lists(st.integers(0, len(escaped)), max_size=3)))
    return [
        f'"{escaped[start:end]}"' for start, end in itertools.pairwise([0, *cuts, len(escaped)])
    ]


@st.composite
def _field(draw: st.DrawFn, keyword: str, prefix: str, odds: int, tag: str = "") -> list[str]:
    pieces = draw(_quoted(draw(_TEXTS) + tag, odds))
    gap = draw(_choice(odds, " ", "", "  ", "\t"))
    return [prefix + keyword + gap + pieces[0], *(prefix + piece for piece in pieces[1:])]


_PREVIOUS_KEYWORDS = ["msgctxt", "msgid", "msgid_plural"]


@st.composite
def _entry(draw: st.DrawFn, odds: int, index: int) -> list[str]:
    """The lines of one entry, each part there or not, in GNU's order or (oddly) not."""
    comments = [
        draw(st.sampled_from(["#", "#.", "#:", "#,", "# "]))
        + draw(_choice(odds, " ", "", "\t"))
        + draw(_LINE_TEXTS).strip(" \t\r")
        + draw(_choice(odds, "", " ", "\t", "\r"))
        for _ in range(draw(st.integers(0, 4)))
    ]
    if not draw(_odd(odds)):
        comments.sort(key=lambda line: {"#.": 1, "#:": 2, "#,": 3}.get(line[:2], 0))
    if draw(_odd(odds)):
        previous_keywords = draw(st.lists(st.sampled_from(_PREVIOUS_KEYWORDS)))
    else:
        chosen = draw(st.sets(st.sampled_from(_PREVIOUS_KEYWORDS)))
        previous_keywords = [keyword for keyword in _PREVIOUS_KEYWORDS if keyword in chosen]
    previous = [
        line
        for keyword in previous_keywords
        for line in draw(
            _field(keyword, draw(_choice(odds, "#| ", "#~| ", "#|", "#~ | ", "#|  ")), odds)
        )
    ]
    obsolete = draw(st.integers(0, 4)) == 0
    prefix = draw(_choice(odds, "#~ ", "#~", "#~  ", "#~\t")) if obsolete else ""
    odd_keywords = draw(_odd(odds))
    if draw(st.integers(0, 3)) == 0:
        forms = draw(st.lists(st.integers(0, 3), unique=not odd_keywords, min_size=1))
        last = ["msgid_plural", *(f"msgstr[{n}]" for n in forms)]
    else:
        last = ["msgstr"] * (draw(st.sampled_from([0, 2])) if odd_keywords else 1)
    keywords = (
        (["msgctxt"] if draw(st.booleans()) else [])
        + (["msgid"] if not odd_keywords or draw(st.booleans()) else [])
        + last
    )
    # A usual entry's msgid is its own; a duplicate is added on purpose (_catalog_texts).
    tags = {"msgid": f"#{index}"}
    strings = [
        line
        for keyword in keywords
        for line in draw(_field(keyword, prefix, odds, tags.get(keyword, "")))
    ]
    return comments + previous + strings


_HEADER = [
    "# A catalog.",
    "#",
    "#, fuzzy",
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    '"Broken header line\\n"',
]


@st.composite
def _catalog_texts(draw: st.DrawFn, odds: int | None = None) -> str:
    """Catalog text: entries, maybe a header and a duplicate, and odd lines at some odds."""
    if odds is None:
        odds = draw(st.sampled_from([0, 0, 1, 3, 10, 30]))
    entries = [_HEADER] if draw(st.booleans()) else []
    entries += [draw(_entry(odds, index)) for index in range(draw(st.integers(0, 6)))]
    if entries and draw(st.integers(0, 9)) == 0:
        entries.append(draw(st.sampled_from(entries)))  # a duplicate
    lines: list[str] = []
    for entry in entries:
        lines += [
            draw(_choice(odds, "", " ", "\t"))
            + line
            + draw(_choice(odds, "\n", "\r\n", " \n", "\t\n"))
            for line in entry
        ]
        lines.append(draw(_choice(odds, "\n", "", "\n\n", " \n", "\r\n")))  # blank lines
    if draw(_odd(odds)) and lines:  # one line moved somewhere else
        line = lines.pop(draw(st.integers(0, len(lines) - 1)))
        lines.insert(draw(st.integers(0, len(lines))), line)
    text = "".join(lines)
    return draw(st.sampled_from(["", "\n", "\n\n"])) + text.removesuffix(
        draw(st.sampled_from(["", "\n"]))
    )


def _general(text: str, path: str = PATH) -> polib.POFile:
    """The catalog as the line-by-line reader alone reads it."""
    return pofile._catalog(pofile._entries(pofile._drafts(text, path), path), path)


def _read(read: object, *arguments: object) -> tuple[str, object]:
    """What reading gives: the catalog's every field, or the error's one line."""
    try:
        catalog = read(*arguments)  # type: ignore[operator]
    except CatalogError as error:
        return "error", str(error)
    assert isinstance(catalog, polib.POFile)
    return "catalog", (
        catalog.header,
        catalog.metadata,
        catalog.metadata_is_fuzzy,
        catalog.wrapwidth,
        [(type(entry), list(vars(entry).items())) for entry in catalog],
    )


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalog_texts())
def test_any_text_reads_as_the_general_reader_reads_it(text: str) -> None:
    """Every field of every entry, in polib's attribute order, and every error, are the same."""
    assert _read(parse_catalog, text, PATH) == _read(_general, text)


# One change to one line of a usual catalog: where a quick reader would go wrong.
_ODD_LINES = [
    "#. x ",
    '"raw"',
    'msgstr[0] "x"',
    '#~ msgid "x"',
    '#| msgid "y"',
    'msgid "z"',
    '"a\\"',
    '"\\q"',
    '"\\303"',
    '"a"b"',
    "#",
    "#~",
    " ",
    'msgstr "x"',
    "#, fuzzy",
    'msgctxt "c"',
    "",
]
_LINE_CHANGES = [
    lambda line: line + " ",
    lambda line: " " + line,
    lambda line: line + "\r",
    lambda line: line.replace(" ", "", 1),
    lambda line: line.replace(" ", "\t", 1),
    lambda line: line.replace("#~ ", "#~", 1),
    lambda line: line[:-1] + '\\"' if line.endswith('"') else line + "\\",
    lambda line: line.replace('"', '"a"', 1) if line.count('"') == 2 else '"' + line,
    lambda line: line + "\n" + line,
    lambda line: "",
]


@st.composite
def _one_odd_line(draw: st.DrawFn) -> str:
    lines = draw(_catalog_texts(odds=0)).split("\n")
    at = draw(st.integers(0, len(lines) - 1))
    if draw(st.booleans()):
        lines.insert(at, draw(st.sampled_from(_ODD_LINES)))
    else:
        lines[at] = draw(st.sampled_from(_LINE_CHANGES))(lines[at])
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_one_odd_line())
def test_one_odd_line_reads_as_the_general_reader_reads_it(text: str) -> None:
    """A blank, a CR, a missing space, a stray quote or backslash, a line too many or too few."""
    assert _read(parse_catalog, text, PATH) == _read(_general, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalog_texts(), st.sampled_from([b"", b"\xef\xbb\xbf"]))
def test_file_bytes_read_as_the_general_reader_reads_them(text: str, bom: bytes) -> None:
    """Bytes with or without a byte order mark, in the charset the header names."""
    raw = bom + text.encode("utf-8")
    decoded = text.removeprefix("\ufeff") if bom else text
    assert _read(parse_catalog_bytes, raw, PATH) == _read(_general, decoded)


_WRITTEN_TEXTS = st.text(
    st.one_of(_TRICKY, st.characters(codec="utf-8", exclude_categories=["Cs"])), max_size=90
)


@st.composite
def _written_catalogs(draw: st.DrawFn) -> polib.POFile:
    catalog = polib.POFile()
    catalog.header = draw(_TEXTS)
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    catalog.metadata_is_fuzzy = draw(st.booleans())
    for index in range(draw(st.integers(0, 5))):
        plural = draw(st.booleans())
        obsolete = draw(st.integers(0, 4)) == 0
        entry = polib.POEntry(
            msgctxt=draw(st.none() | _WRITTEN_TEXTS),
            msgid=f"{index}{draw(_WRITTEN_TEXTS)}",
            msgid_plural=draw(_WRITTEN_TEXTS) + "s" if plural else "",
            msgstr="" if plural else draw(_WRITTEN_TEXTS),
            msgstr_plural={0: draw(_WRITTEN_TEXTS), 1: draw(_WRITTEN_TEXTS)} if plural else {},
            tcomment=draw(_WRITTEN_TEXTS),
            comment=draw(_WRITTEN_TEXTS),
            occurrences=[] if obsolete else [("source/a.md", "3"), ("b c.md", "")][: index % 3],
            flags=draw(st.lists(st.sampled_from(["fuzzy", "md-text", "python-format"]))),
            previous_msgid=draw(st.none() | _WRITTEN_TEXTS),
            previous_msgctxt=draw(st.none() | _WRITTEN_TEXTS),
            obsolete=obsolete,
        )
        catalog.append(entry)
    return catalog


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_written_catalogs(), st.sampled_from([0, 79, 24]))
def test_what_format_catalog_writes_is_read_by_the_quick_reader(
    catalog: polib.POFile, width: int
) -> None:
    """Our own catalogs, wrapped or not, never need the general reader, and read the same."""
    text = format_catalog(catalog, width=width)
    if any(line != line.strip(" \t\r") for line in text.split("\n")):
        return  # a comment's own edge blanks, which the general reader strips
    assert pofile._common_entries(text) is not None
    assert _read(parse_catalog, text, PATH) == _read(_general, text)


CATALOG_FILES = sorted(
    [*(DATA.rglob("*.po")), *(DATA.rglob("*.pot")), *(REPOSITORY / "locales").rglob("*.po*")]
)


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_every_catalog_of_the_repository_reads_as_the_general_reader_reads_it(path: Path) -> None:
    """The shipped catalogs, the test catalogs and the broken ones: same entries, same errors."""
    raw = path.read_bytes()
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return  # a charset or decoding case, read before either reader (catalog_files)
    assert _read(parse_catalog, text, str(path)) == _read(_general, text, str(path))


def test_the_shipped_catalogs_are_read_by_the_quick_reader() -> None:
    """The catalogs pain-content writes take the quick path (or this file tests nothing)."""
    shipped = sorted((REPOSITORY / "locales").rglob("*.po*"))
    assert shipped
    for path in shipped:
        assert pofile._common_entries(path.read_text("utf-8")) is not None, path


def test_a_quick_entry_has_the_attributes_polib_gives_an_entry() -> None:
    """The quick reader sets an entry's attributes itself: exactly polib's, in polib's order."""
    (entry,) = parse_catalog('#. note\n#: a.md:1\nmsgid "a"\nmsgstr "b"\n', PATH)
    made = polib.POEntry(msgid="a", msgstr="b", comment="note", occurrences=[("a.md", "1")])
    made.linenum = 1
    assert list(vars(entry)) == [*vars(made), "msgid_line"]
    assert {name: value for name, value in vars(entry).items() if name != "msgid_line"} == vars(
        made
    )
