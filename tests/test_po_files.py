"""PO files as GNU gettext reads, writes and compiles them, and the gate in front of patients."""

from __future__ import annotations

import gc
import gettext
import io
import itertools
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import DATA
from libunistring import possible_breaks
from pain_content import pofile, publish_catalog
from pain_content.atomic_writes import is_stale, write_atomic
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import mo_bytes, mo_messages, update_catalog
from pain_content.cli import main
from pain_content.line_breaks import break_opportunities, line_break_class
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


# Prose as articles hold it, in the scripts the project ships and the
# punctuation where ICU's rules and libunistring's differ: URLs, numbers with
# units, brackets after signs, dashes, quotation marks, CJK, Arabic and Thai
# (which libunistring breaks only at spaces). The examples are derandomized,
# so every run checks the same texts.
_WORDS = st.lists(
    st.one_of(
        st.from_regex(r"[A-Za-z]{1,12}[.,;:!?]?", fullmatch=True),
        st.from_regex(r"[0-9]{1,4}(?:[.,][0-9]{1,3})?", fullmatch=True),
        st.from_regex(r"[а-яё]{1,10}", fullmatch=True),
        st.from_regex(r"[\u4e00-\u4e40\u3001\u3002\uff08\uff09]{1,12}", fullmatch=True),
        st.from_regex(r"[\u0621-\u064a]{1,8}[\u060c\u061f]?", fullmatch=True),
        st.from_regex(r"[\u0e01-\u0e2e\u0e30-\u0e3a]{1,14}", fullmatch=True),
        st.sampled_from(
            [
                *("(a)", "a-b", "«x»", "—", "a—b", "\\", "%d", "%(name)s", "$(x)", "mg/kg"),
                *("500 mg", "(mg/kg)", "2–3", '"q"', "“q”", "e.g.", "-v", "10%", "€5"),
                *("https://example.org/dose?kg=5&mg=10", "www.example.com", "a;b", "x:y"),
            ]
        ),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(_WORDS.map(" ".join), min_size=1, max_size=4), st.sampled_from([20, 40, 79]))
def test_wrapping_matches_gnu_msgcat_on_generated_text(texts: list[str], width: int) -> None:
    """Long prose in Latin, Cyrillic, CJK, Arabic and Thai script, numbers, units, URLs and
    punctuation wraps where msgcat --width wraps it."""
    text = format_catalog(_catalog_of(texts, _reversed_words), width=width)
    assert _msgcat(text, f"--width={width}") == text


@pytest.mark.parametrize(
    "text",
    [
        "Give 0.5 mg/kg (maximum 20 mg) every 6–8 hours; see https://example.org/dosing-table?age=12&weight=40 for the table.",
        "If the pain lasts more than 3 days—or comes back—call your doctor: do not take more than 4 g a day (4,000 mg).",
        "每天服用两次，每次500毫克（mg），饭后服用。如果疼痛持续超过三天，请联系您的医生或药剂师。",
        "痛みが3日以上続く場合は、医師に相談してください。「1日4回まで」と書かれています。",
        "تناول 500 ملغ مرتين يوميًا بعد الأكل، ولا تتجاوز 4 غرامات في اليوم (4000 ملغ). اتصل بطبيبك.",
        "รับประทานยาครั้งละ 500 มิลลิกรัม วันละสองครั้งหลังอาหาร หากอาการปวดไม่หายภายในสามวันให้ไปพบแพทย์",
        'The label says "take with food" (twice a day) and «not with alcohol»; ask about %(drug)s or $(dose) first.',
        "Use the -v flag, e.g. pain-content build -v, or www.example.com/help;then retry at 10:30.",
    ],
)
@pytest.mark.parametrize("width", [20, 33, 50, 79])
def test_wrapping_matches_gnu_msgcat_on_patient_text(text: str, width: int) -> None:
    """Dose instructions in the shipped scripts, with URLs, units and dashes, wrap as msgcat wraps them."""
    catalog = format_catalog(_catalog_of([text], _reversed_words), width=width)
    assert _msgcat(catalog, f"--width={width}") == catalog


# A character of most UAX #14 classes: letters and digits, spaces, the
# zero-width space, word joiner and no-break space, combining marks and ZWJ,
# quotation marks of both kinds, brackets, hyphens and dashes, numeric
# prefixes, postfixes and separators, CJK and its punctuation, small kana,
# Hangul syllables and jamo, Thai, Arabic, Hebrew, regional indicators, emoji
# with a modifier, escapes, control characters.
_CLASS_CHARACTERS = sorted(
    {
        *"aZm09 x1 .,;:!?/-()[]{}%$#+\"\\\t\n'@&*=<>|~^_`",
        *("\u200b", "\u2060", "\u00a0", "\u0301", "\u200d", "\u2011", "\u2010", "\u2013"),
        *("\u2014", "\u00ab", "\u00bb", "\u201c", "\u201d", "\u201e", "\u2018", "\u2019"),
        *("\u20ac", "\u00b0", "\u2026", "\u00b7", "\u6f22", "\u5b57", "\u3002", "\u3001"),
        *("\uff08", "\uff09", "\ud55c", "\u0e01", "\u0e34", "\u0639", "\u0640", "\u0663"),
        *("\U0001f1eb", "\U0001f1f7", "\U0001f44d", "\U0001f3fb", "\u00ad", "\u3000"),
        *("\u3041", "\u30fc", "\u3005", "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01"),
        *("\u0e40", "\u0e3f", "\u0e51", "\u0e46", "\u00bf", "\u00a1", "\u2022", "\u2212"),
        *("\u00b1", "\u2116", "\u2030", "\u2032", "\u0964", "\u060c", "\u061f", "\u066b"),
        *("\u0660", "\u05d0", "\u05be", "\u0f0b", "\u1680", "\u2024", "\u2044", "\u0001"),
        *("\u007f", "\ufeff", "\u00b2", "\u00bd", "\u2153", "\u00a9", "\u2122"),
    }
)
_BREAK_CLASSES = st.sampled_from(_CLASS_CHARACTERS)


def test_every_pair_of_classes_breaks_where_libunistring_breaks() -> None:
    """Every pair of those characters, side by side or with one or two spaces between,
    and after a space that starts a portion: the writer's break opportunities are
    libunistring's, the ones GNU msgcat wraps at."""
    for before in _CLASS_CHARACTERS:
        for after in _CLASS_CHARACTERS:
            for text in (f"a{before}{after}a", f"a{before} {after}a", f"a{before}  {after}a"):
                for portion in pofile._portions(text):
                    escaped = pofile.escape(portion)
                    expected = possible_breaks(escaped)
                    assert break_opportunities(escaped) == expected, (before, after, escaped)
            escaped = pofile.escape(f" {before}{after}")
            assert break_opportunities(escaped) == possible_breaks(escaped)


# Characters whose column width, not their line breaking, GNU gettext 0.21
# counts differently from wcwidth (regional indicators take one column there,
# the soft hyphen none), and raw control characters, which GNU lays out its
# own way: left out of the byte comparison below, kept in the one above.
_OTHER_WIDTHS = {"\U0001f1eb", "\U0001f1f7", "\u00ad", "\u0001", "\u007f"}


def test_every_pair_of_classes_wraps_as_gnu_msgcat_at_a_narrow_width() -> None:
    """The same pairs, written at width 20 (nearly every opportunity ends a line),
    are the bytes msgcat writes."""
    characters = [c for c in _CLASS_CHARACTERS if c not in _OTHER_WIDTHS]
    texts = [f"ab{x} {y}cd {x}{y} e{x}  {y}" for x in characters for y in characters]
    catalog = format_catalog(_catalog_of(texts, _reversed), width=20)
    assert _msgcat(catalog, "--width=20") == catalog


def _next_to_a_zero_width_mark(text: str) -> bool:
    """A combining mark or ZWJ right after a zero-width space, a regional indicator, a hyphen
    or a ZWJ: the one context where the writer and libunistring 1.0 still differ
    (libunistring resolves the mark against the pair table's ideograph row)."""
    classes = [line_break_class(character) for character in text]
    return any(
        mark in ("CM", "ZWJ") and before in ("ZW", "RI", "BA", "HY", "ZWJ")
        for before, mark in itertools.pairwise(classes)
    )


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.text(_BREAK_CLASSES, min_size=1, max_size=120),
        st.lists(st.text(_BREAK_CLASSES, min_size=1, max_size=3), min_size=1, max_size=40).map(
            " ".join
        ),
    )
)
def test_break_opportunities_are_libunistrings_on_generated_text(text: str) -> None:
    """Runs of those characters, with and without spaces between them, break where libunistring breaks."""
    for portion in pofile._portions(text):
        escaped = pofile.escape(portion)
        assume(not _next_to_a_zero_width_mark(escaped))
        assert break_opportunities(escaped) == possible_breaks(escaped)


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


def test_the_published_translations_leave_no_garbage_cycle_and_keep_their_plural_rule(
    project: Path,
) -> None:
    """A build reads thousands of catalogs' translations: each is freed when dropped, not left
    for a full collection, and its Plural-Forms rule still chooses the form."""
    published = publish_catalog(catalog_path(Path("locales"), "es", "leaflet"))
    gc.collect()
    translations = published.translations()
    assert (translations.ngettext("one", "many", 1), translations.ngettext("one", "many", 3)) == (
        "one",
        "many",
    )
    del translations
    assert gc.collect() == 0


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
