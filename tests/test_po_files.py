"""PO files as GNU gettext reads, writes and compiles them, and the gate in front of patients."""

from __future__ import annotations

import gettext
import io
import itertools
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uniseg.linebreak import line_break, line_break_breakables

from conftest import DATA
from pain_content import pofile, publish_catalog
from pain_content.atomic_writes import is_stale, write_atomic
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import mo_bytes, mo_messages, update_catalog
from pain_content.cli import main
from pain_content.pofile import format_catalog, parse_catalog
from pain_content.project import catalog_path, compiled_path, find_catalogs, is_article_catalog

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

# Control characters (the seven C escapes and raw ones GNU writes as they
# are), quotes and backslashes, CJK, Thai, Arabic, combining marks.
_ALPHABET = st.one_of(
    st.sampled_from(list('\a\b\f\v\t\r\n"\\ -.,;:!?()[]%')),
    st.sampled_from(["\x01", "\x1b", "\x1c", "\x7f", "\x85", "\u2028", "\u200c", "\u00ad"]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),  # CJK
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E3A),  # Thai
    st.characters(min_codepoint=0x0621, max_codepoint=0x0652),  # Arabic, with harakat
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)
TEXTS = st.text(_ALPHABET, min_size=1, max_size=200)


def _msgcat(text: str, *options: str) -> str:
    return subprocess.run(
        ["msgcat", *options, "-"], input=text.encode(), capture_output=True, check=True
    ).stdout.decode()


def _catalog_of(texts: list[str], translate: Callable[[str], str]) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for index, text in enumerate(texts):
        catalog.append(polib.POEntry(msgctxt=str(index), msgid=text, msgstr=translate(text)))
    return catalog


def _reversed(text: str) -> str:
    return text[::-1]


def _reversed_words(text: str) -> str:
    return " ".join(reversed(text.split(" ")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_escapes_round_trip_exactly_as_gnu_msgcat_keeps_them(texts: list[str]) -> None:
    """Any text, control characters included, is written as GNU msgcat writes it and reads back unchanged."""
    text = format_catalog(_catalog_of(texts, _reversed), width=0)
    assert _msgcat(text, "--no-wrap") == text
    read = parse_catalog(text, "x.po")
    assert [(entry.msgid, entry.msgstr) for entry in read] == [(t, t[::-1]) for t in texts]


# Prose as articles hold it. GNU gettext 0.21 breaks lines with libunistring
# 1.0, an older UAX #14 than uniseg's: they differ on rare pairs (such as CJK
# next to an ASCII colon, a semicolon before a letter, or a quotation mark
# after a space in Cyrillic text: 'ааа AAAA "q" (a) A' at width 20), which the
# shipped catalogs' goldens cover instead. The examples are derandomized, so
# every run checks the same texts.
_WORDS = st.lists(
    st.one_of(
        st.from_regex(r"[A-Za-z]{1,12}[.,;!?]?", fullmatch=True),
        st.from_regex(r"[0-9]{1,4}(?:[.,][0-9]{1,3})?", fullmatch=True),
        st.from_regex(r"[а-яё]{1,10}", fullmatch=True),
        st.sampled_from(["(a)", "a-b", "«x»", "—", "\\", "%d", "mg/kg", "500 mg"]),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(_WORDS.map(" ".join), min_size=1, max_size=4), st.sampled_from([20, 40, 79]))
def test_wrapping_matches_gnu_msgcat_on_generated_text(texts: list[str], width: int) -> None:
    """Long prose in Latin and Cyrillic script, numbers and punctuation wraps where msgcat --width wraps it."""
    text = format_catalog(_catalog_of(texts, _reversed_words), width=width)
    assert _msgcat(text, f"--width={width}") == text


def _wrap_over_the_whole_text(portion: str, width: int, start_column: int) -> list[str]:
    """The greedy wrapping over uniseg's breaks for the whole escaped text, as
    GNU's wrap and libunistring's u8_width_linebreaks compute them."""
    escaped = pofile.escape(portion)
    allowed = [bool(value) for value in line_break_breakables(escaped)]
    for index in range(1, len(escaped)):  # libunistring's LB25 pairs
        if (line_break(escaped[index - 1]), line_break(escaped[index])) in pofile._NO_BREAK_PAIRS:
            allowed[index] = False
    index = 0
    while index < len(escaped):  # no break inside an escape sequence
        if escaped[index] == "\\":
            allowed[index + 1] = False
            index += 2
        else:
            index += 1
    if portion.endswith("\n"):
        allowed[-2] = False
    breaks: list[int] = []
    last: int | None = None
    column, piece = start_column, 0
    for index, is_allowed in enumerate(allowed):
        if is_allowed:
            if last is not None and column + piece > width:
                breaks.append(last)
                column = 0
            last = index
            column += piece
            piece = 0
        piece += pofile._columns(escaped[index])
    if last is not None and column + piece > width:
        breaks.append(last)
    bounds = [0, *breaks, len(escaped)]
    return [escaped[start:end] for start, end in itertools.pairwise(bounds)]


# A character of most UAX #14 classes: letters and digits (where the writer
# cuts the text into pieces), spaces, the zero-width space, word joiner and
# no-break space, combining marks and ZWJ, quotation marks of both kinds,
# brackets, hyphens and dashes, numeric prefixes, postfixes and separators,
# CJK and its punctuation, Hangul, Thai, Arabic, regional indicators, emoji
# with a modifier, escapes.
_CLASS_CHARACTERS = sorted(
    {
        *"aZm09 x1 .,;:!?/-()[]{}%$#+\"\\\t\n'",
        *("\u200b", "\u2060", "\u00a0", "\u0301", "\u200d", "\u2011", "\u2010", "\u2013"),
        *("\u2014", "\u00ab", "\u00bb", "\u201c", "\u201d", "\u201e", "\u2018", "\u2019"),
        *("\u20ac", "\u00b0", "\u2026", "\u00b7", "\u6f22", "\u5b57", "\u3002", "\u3001"),
        *("\uff08", "\uff09", "\ud55c", "\u0e01", "\u0e34", "\u0639", "\u0640", "\u0663"),
        *("\U0001f1eb", "\U0001f1f7", "\U0001f44d", "\U0001f3fb", "\u00ad", "\u3000"),
    }
)
_BREAK_CLASSES = st.sampled_from(_CLASS_CHARACTERS)


# Short runs of them between spaces: what stands on either side of a space
# decides whether a piece may start there.
_SPACED_RUNS = st.lists(st.text(_BREAK_CLASSES, min_size=1, max_size=3), min_size=1, max_size=40)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.one_of(st.text(_BREAK_CLASSES, min_size=1, max_size=120), _SPACED_RUNS.map(" ".join)),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=12),
)
def test_wrapping_piece_by_piece_breaks_where_the_whole_text_would(
    text: str, width: int, start_column: int
) -> None:
    """The writer runs UAX #14 only on the pieces where lines end; every line
    still ends where breaking the whole text would end it (narrow widths make
    nearly every opportunity a line end)."""
    for portion in pofile._portions(text):
        assert pofile._wrap(portion, width, start_column) == _wrap_over_the_whole_text(
            portion, width, start_column
        )


def test_every_pair_of_classes_around_a_space_breaks_where_the_whole_text_would() -> None:
    """A piece may start after a space depending on its neighbours: for every pair, at
    width 1 (every opportunity ends a line) the lines are those of the whole text."""
    for before in _CLASS_CHARACTERS:
        for after in _CLASS_CHARACTERS:
            for portion in pofile._portions(f"a{before} {after}a"):
                expected = _wrap_over_the_whole_text(portion, 1, 0)
                assert pofile._wrap(portion, 1, 0) == expected, (before, after)


def test_the_four_rarely_used_escapes_survive_a_round_trip() -> None:
    """\\f \\v \\b \\a stay escapes, as GNU msgcat keeps them (issue: they became raw bytes and \\\\a)."""
    text = HEADER + 'msgid "a\\fb\\vc\\bd\\ae"\nmsgstr "x"\n'
    catalog = parse_catalog(text, "x.po")
    assert catalog[0].msgid == "a\fb\vc\bd\ae"
    assert format_catalog(catalog) == text == _msgcat(text)


def test_octal_and_hex_escapes_mean_what_msgfmt_reads() -> None:
    """\\101, \\x42 and escaped UTF-8 bytes read as the characters GNU gettext makes of them."""
    text = HEADER + 'msgid "\\101\\x42 caf\\303\\251"\nmsgstr "ok"\n'
    assert parse_catalog(text, "x.po")[0].msgid == "AB café"


def test_format_catalog_does_not_change_the_catalog() -> None:
    """Writing a catalog read in ISO-8859-1 declares UTF-8 in the output, not in the catalog."""
    catalog = read_catalog(DATA / "po" / "latin1.po")
    before = dict(catalog.metadata)
    assert "charset=UTF-8" in format_catalog(catalog)
    assert catalog.metadata == before and "ISO-8859-1" in before["Content-Type"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("utf8.po", (HEADER + 'msgid "See your doctor"\nmsgstr "Consulte a su médico"\n').encode()),
        ("latin1.po", (DATA / "po" / "latin1.po").read_bytes()),
        (
            "cp1252.po",
            (
                HEADER.replace("UTF-8", "Windows-1252")
                + 'msgid "See your doctor"\nmsgstr "Consulte a su médico – “ya”"\n'
            ).encode("cp1252"),
        ),
        ("no-header.po", 'msgid "See your doctor"\nmsgstr "Consulte a su médico"\n'.encode()),
    ],
)
def test_a_compiled_catalog_is_utf8_whatever_the_po_declared(
    name: str, content: bytes, tmp_path: Path
) -> None:
    """ISO-8859-1, Windows-1252 and header-less catalogs compile to a .mo the standard library reads correctly."""
    po_path = tmp_path / name
    po_path.write_bytes(content)
    translations = gettext.GNUTranslations(
        io.BytesIO(mo_bytes(mo_messages(read_catalog(po_path), use_fuzzy=False)))
    )
    assert translations.gettext("See your doctor").startswith("Consulte a su médico")
    assert translations.info()["content-type"] == "text/plain; charset=UTF-8"


def _gnu_messages(po_path: Path, tmp_path: Path) -> dict[object, str]:
    mo_path = tmp_path / f"{po_path.stem}.mo"
    subprocess.run(["msgfmt", "-o", str(mo_path), str(po_path)], check=True)
    return gettext.GNUTranslations(io.BytesIO(mo_path.read_bytes()))._catalog  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("locale", ["fr", "he", "ar", "ja"])
def test_django_catalogs_compile_to_the_messages_msgfmt_makes(locale: str, tmp_path: Path) -> None:
    """Django's real catalogs (Transifex plural forms included) give the same .mo entries as GNU msgfmt."""
    po_path = DATA / "django" / f"{locale}.po"
    ours = gettext.GNUTranslations(
        io.BytesIO(mo_bytes(mo_messages(read_catalog(po_path), use_fuzzy=False)))
    )._catalog  # type: ignore[attr-defined]
    gnu = _gnu_messages(po_path, tmp_path)
    assert len(ours) == len(gnu) > 100
    for key, value in gnu.items():
        assert ours[key] == value, key


def test_update_keeps_the_catalogs_own_plural_forms() -> None:
    """update merges text but keeps the Plural-Forms a translator's platform wrote, and every form."""
    catalog = read_catalog(DATA / "django" / "fr.po")
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    template.extend(
        polib.POEntry(msgid=e.msgid, msgid_plural=e.msgid_plural, msgctxt=e.msgctxt)
        for e in catalog
        if not e.obsolete
    )
    updated = update_catalog(catalog, template)
    assert updated.metadata["Plural-Forms"] == catalog.metadata["Plural-Forms"]
    assert [e.msgstr_plural for e in updated] == [
        e.msgstr_plural for e in catalog if not e.obsolete
    ]


# --- The project: layout, compile, and the gate ----------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose Spanish catalog of one article is fully translated and correct."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "leaflet.md").write_text(
        "# Leaflet\n\nTake 500 mg twice a day.\n\nDrink water.\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0 and main(["init", "-q", "-l", "es"]) == 0
    po_path = catalog_path(Path("locales"), "es", "leaflet")
    catalog = read_catalog(po_path)
    spanish = {
        "Leaflet": "Folleto",
        "Take 500 mg twice a day.": "Tome 500 mg dos veces al día.",
        "Drink water.": "Beba agua.",
    }
    for entry in catalog:
        entry.msgstr = spanish[entry.msgid]
    po_path.write_text(format_catalog(catalog), "utf-8")
    return tmp_path


def _set_msgstr(po_path: Path, msgid: str, msgstr: str, *, fuzzy: bool = False) -> int:
    """Change one translation; return the line of its msgid."""
    catalog = read_catalog(po_path)
    for entry in catalog:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
            if fuzzy:
                entry.flags.insert(0, "fuzzy")
    text = format_catalog(catalog)
    po_path.write_text(text, "utf-8")
    return text.splitlines().index(f'msgid "{msgid}"') + 1


def test_the_project_layout() -> None:
    """Catalogs live in locales/<folder>/LC_MESSAGES/<domain>.po, compiled beside them."""
    po_path = catalog_path(Path("locales"), "pt_BR", "leaflet")
    assert po_path == Path("locales/pt_BR/LC_MESSAGES/leaflet.po")
    assert compiled_path(po_path) == Path("locales/pt_BR/LC_MESSAGES/leaflet.mo")


def test_only_catalogs_of_source_articles_are_article_catalogs(project: Path) -> None:
    """A catalog named after source/<slug>.md is an article's; any other domain is not."""
    other = catalog_path(Path("locales"), "es", "django")
    other.write_bytes((DATA / "django" / "fr.po").read_bytes())
    found = find_catalogs(Path("locales"), "es")
    assert [p.name for p in found] == ["django.po", "leaflet.po"]
    assert [is_article_catalog(p, Path("source")) for p in found] == [False, True]


def test_a_mo_is_stale_when_its_bytes_differ(tmp_path: Path) -> None:
    """Staleness compares bytes: same bytes are fresh whatever the times, other bytes are stale."""
    path = tmp_path / "x.mo"
    assert is_stale(path, b"a")
    assert write_atomic(path, b"a") and not is_stale(path, b"a") and is_stale(path, b"b")
    assert not write_atomic(path, b"a")


def test_compile_with_fuzzy_then_without_leaves_no_fuzzy_entry(project: Path) -> None:
    """compile --use-fuzzy then compile: the second .mo holds no fuzzy translation."""
    po_path = catalog_path(Path("locales"), "es", "leaflet")
    _set_msgstr(po_path, "Drink water.", "Beba agua fría.", fuzzy=True)
    assert main(["compile", "-q", "--use-fuzzy"]) == 0
    mo = gettext.GNUTranslations(io.BytesIO(compiled_path(po_path).read_bytes()))
    assert mo.gettext("Drink water.") == "Beba agua fría."
    assert main(["compile", "-q"]) == 0
    mo = gettext.GNUTranslations(io.BytesIO(compiled_path(po_path).read_bytes()))
    assert mo.gettext("Drink water.") == "Drink water."
    assert mo.gettext("Leaflet") == "Folleto"


def test_compile_refuses_a_changed_dose_naming_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A translation that turns 500 mg into 50 mg stops compile at the msgid's line; nothing is written."""
    po_path = catalog_path(Path("locales"), "es", "leaflet")
    line = _set_msgstr(po_path, "Take 500 mg twice a day.", "Tome 50 mg dos veces al día.")
    capsys.readouterr()
    assert main(["compile"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors and all(
        error.startswith(f"locales/es/LC_MESSAGES/leaflet.po:{line}: error: ") for error in errors
    )
    assert any("500" in error for error in errors)
    assert not compiled_path(po_path).exists()


def test_no_check_compiles_as_msgfmt_does(project: Path, tmp_path: Path) -> None:
    """--no-check, the documented unsafe way, writes the .mo GNU msgfmt makes, wrong dose included."""
    po_path = catalog_path(Path("locales"), "es", "leaflet")
    _set_msgstr(po_path, "Take 500 mg twice a day.", "Tome 50 mg dos veces al día.")
    assert main(["compile", "-q", "--no-check"]) == 0
    ours = gettext.GNUTranslations(io.BytesIO(compiled_path(po_path).read_bytes()))._catalog  # type: ignore[attr-defined]
    assert ours == _gnu_messages(po_path, tmp_path)


def test_the_gated_function_leaves_a_changed_dose_out(project: Path) -> None:
    """publish_catalog keeps correct translations and leaves the 500 mg → 50 mg one out."""
    po_path = catalog_path(Path("locales"), "es", "leaflet")
    _set_msgstr(po_path, "Take 500 mg twice a day.", "Tome 50 mg dos veces al día.")
    published = publish_catalog(po_path)
    translations = published.translations()
    assert translations.gettext("Take 500 mg twice a day.") == "Take 500 mg twice a day."
    assert translations.gettext("Drink water.") == "Beba agua."
    assert len(published.held_back) == 1 and "500" in published.held_back[0].reason


def test_a_catalog_of_another_domain_compiles_as_msgfmt_does(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalog with no source article is not checked; plural mismatches compile with a warning."""
    other = catalog_path(Path("locales"), "es", "plural-count")
    other.write_bytes((DATA / "po" / "plural-count.po").read_bytes())
    capsys.readouterr()
    assert main(["compile", "-q"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "locales/es/LC_MESSAGES/plural-count.po:6: warning: 2 plural forms, but the header declares 3"
    ]
    ours = gettext.GNUTranslations(io.BytesIO(compiled_path(other).read_bytes()))._catalog  # type: ignore[attr-defined]
    assert ours == _gnu_messages(other, tmp_path)
