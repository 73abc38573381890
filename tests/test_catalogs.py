"""Catalogs: templates, init, update, compile and stats, checked against GNU gettext."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from babel import Locale
from babel.messages.pofile import read_po

from conftest import DATA, REPOSITORY
from pain_content import extract_units
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import (
    REVIEW_NOTE,
    SHORTCUT_NOTE,
    build_template,
    catalog_stats,
    mo_bytes,
    mo_messages,
    new_catalog,
    update_catalog,
)
from pain_content.errors import CatalogError
from pain_content.pofile import format_catalog, parse_catalog

DATE = datetime(2026, 1, 1, tzinfo=UTC)
SHIPPED = sorted(REPOSITORY.glob("locales/*/LC_MESSAGES/*.po")) + sorted(
    REPOSITORY.glob("src/pain_content/locale/*/LC_MESSAGES/ui.po")
)


def _template(markdown: str) -> polib.POFile:
    return build_template("source/a.md", extract_units(markdown), creation_date=DATE)


class _LoadedMo(gettext.GNUTranslations):
    """GNU gettext's own MO reader, with the messages it loaded."""

    # Set by GNUTranslations._parse; keys are msgids or (msgid, plural index).
    _catalog: dict[object, str]


def _msgfmt(po_text: str, tmp_path: Path, *options: str) -> dict[object, str]:
    po_path = tmp_path / "msgfmt.po"
    po_path.write_text(po_text, "utf-8")
    mo_path = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", *options, "-o", str(mo_path), str(po_path)], check=True)
    return _LoadedMo(io.BytesIO(mo_path.read_bytes()))._catalog


def _ours(po_text: str, *, use_fuzzy: bool = False) -> dict[object, str]:
    catalog = parse_catalog(po_text, "ours.po")
    mo = mo_bytes(mo_messages(catalog, use_fuzzy=use_fuzzy))
    return _LoadedMo(io.BytesIO(mo))._catalog


def test_duplicates_merge_and_prose_percent_has_no_format_flag() -> None:
    """The same text twice is one entry with two references; '50%' is not a format string."""
    template = _template("50% of patients.\n\n50% of patients.\n")
    assert len(template) == 1
    assert template[0].occurrences == [("source/a.md", "1"), ("source/a.md", "3")]
    assert "python-format" not in template[0].flags


def test_a_cell_repeated_100_000_times_is_one_entry_with_a_short_comment() -> None:
    """Every occurrence keeps its reference; the comment names five places, counted, and sums up."""
    sections, rows = 1_000, 100
    table = "| Dose |\n| --- |\n" + "| dose |\n" * rows
    markdown = "\n".join(f"## Table {n}\n\n{table}" for n in range(1, sections + 1))
    template = _template(markdown)
    assert len(template) == sections + 2  # the headings, "Dose" and "dose"
    cell = template.find("dose")
    assert cell is not None
    assert cell.comment.splitlines() == [
        *(f"table_cell under “Table {n}” (×100)" for n in range(1, 6)),
        "and 99,500 more as table_cell, in 995 other places",
    ]
    section_lines = 5 + rows  # heading, blank, header row, delimiter row, rows, blank
    assert cell.occurrences == [
        ("source/a.md", str(section * section_lines + 5 + row))
        for section in range(sections)
        for row in range(rows)
    ]
    pot = format_catalog(template)
    references = [line for line in pot.splitlines() if line.startswith("#: ")]
    assert sum(line.count("source/a.md:") for line in references) == sections * (rows + 2)
    assert max(len(line) for line in references) <= 79


def test_text_also_in_a_caution_alert_gets_the_priority_flag() -> None:
    """One entry for a paragraph and a caution alert alike takes the alert's priority."""
    [_heading, entry] = _template("# Care\n\nAsk us first.\n\n> [!CAUTION]\n> Ask us first.\n")
    assert entry.flags == ["md-text", "markdown-text", "priority:150"]
    assert entry.comment == "paragraph under “Care”\ncaution alert under “Care”"


def test_text_under_many_headings_is_summed_up_after_five() -> None:
    """Past five places the comment sums up the rest; the shortcut note still comes last."""
    sections = [f"## Step {n}\n\nCall [the clinic] if it hurts.\n" for n in range(1, 1000)]
    sections.append("## Last\n\n- Call [the clinic] if it hurts.\n")
    markdown = "\n".join([*sections, "[the clinic]: https://example.org\n"])
    entry = next(e for e in _template(markdown) if e.msgid.startswith("Call"))
    assert entry.comment.splitlines() == [
        "paragraph under “Step 1”",
        "paragraph under “Step 2”",
        "paragraph under “Step 3”",
        "paragraph under “Step 4”",
        "paragraph under “Step 5”",
        "and 995 more as paragraph, list_item, in 995 other places",
        SHORTCUT_NOTE,
    ]
    assert len(entry.occurrences) == 1000


# CLDR 46 (Babel 2.19) gives Spanish and French a third form, "many", for
# exact millions ("un millón de", "un million de"); earlier releases gave two.
@pytest.mark.parametrize(
    ("locale", "forms"),
    [("ar", 6), ("ru", 3), ("pl", 3), ("zh_Hans", 1), ("ja", 1), ("es", 3), ("fr", 3)],
)
def test_init_writes_language_and_plural_forms(locale: str, forms: int) -> None:
    """A new catalog has the Language and Plural-Forms headers CLDR gives the locale."""
    catalog = new_catalog(_template("Hello.\n"), Locale.parse(locale), revision_date=DATE)
    assert catalog.metadata["Language"] == locale
    assert catalog.metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    assert "X-Medical-Review" not in catalog.metadata
    assert catalog.header.endswith(REVIEW_NOTE)


def _translated(markdown: str) -> polib.POFile:
    catalog = new_catalog(_template(markdown), Locale.parse("es"), revision_date=DATE)
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}"
    return catalog


ORIGINAL = (
    "# Title\n\nKeep this paragraph exactly as it is.\n\n"
    "Stem cell therapy for chronic pain aims to enhance the body’s natural healing process by "
    "introducing stem cells into the affected area. These cells can potentially reduce "
    "inflammation, promote tissue repair, and modulate the pain response.\n\n"
    "Remove this paragraph.\n"
)
CHANGED = ORIGINAL.replace("modulate the pain response", "change how pain is felt").replace(
    "Remove this paragraph.\n", "A brand new paragraph.\n"
)


def test_update_never_loses_a_translation() -> None:
    """Changed text goes fuzzy with #|, removed text obsolete, and changing back revives both."""
    catalog = _translated(ORIGINAL)
    updated = update_catalog(catalog, _template(CHANGED))
    by_id = {entry.msgid: entry for entry in updated}
    changed = next(e for e in updated if e.msgid.endswith("change how pain is felt."))
    assert (
        "fuzzy" in changed.flags and changed.previous_msgid and "modulate" in changed.previous_msgid
    )
    assert changed.msgstr.startswith("ES Stem cell therapy")
    assert by_id["Remove this paragraph."].obsolete
    assert by_id["A brand new paragraph."].msgstr == ""
    assert (
        by_id["Keep this paragraph exactly as it is."].msgstr
        == "ES Keep this paragraph exactly as it is."
    )

    reverted = update_catalog(updated, _template(ORIGINAL))
    for entry in reverted:
        if not entry.obsolete:
            assert entry.msgstr == f"ES {entry.msgid}", entry.msgid
            assert "fuzzy" not in entry.flags
    assert [e.msgid for e in reverted if e.obsolete] == ["A brand new paragraph."]


def test_update_twice_changes_nothing() -> None:
    """Running update again on its own output gives the same text, #| lines included."""
    once = update_catalog(_translated(ORIGINAL), _template(CHANGED))
    twice = update_catalog(parse_catalog(format_catalog(once), "once.po"), _template(CHANGED))
    assert format_catalog(twice) == format_catalog(once)
    assert "#| msgid" in format_catalog(twice)


def test_update_keeps_translator_comments_and_flags() -> None:
    """Translator comments and flags survive a merge."""
    catalog = _translated(ORIGINAL)
    catalog[0].tcomment = "Checked with the clinic."
    catalog[0].flags.append("no-wrap")
    merged = update_catalog(catalog, _template(CHANGED))
    assert merged[0].tcomment == "Checked with the clinic." and "no-wrap" in merged[0].flags


PO_SAMPLE = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ar\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n"

msgid "%(num)d file"
msgid_plural "%(num)d files"
msgstr[0] "صفر"
msgstr[1] "واحد"
msgstr[2] "اثنان"
msgstr[3] "قليل"
msgstr[4] "كثير"
msgstr[5] "أخرى"

msgid "partly"
msgid_plural "partly plural"
msgstr[0] "أ"
msgstr[1] ""
msgstr[2] ""
msgstr[3] ""
msgstr[4] ""
msgstr[5] "ب"

msgid "empty first"
msgid_plural "empty firsts"
msgstr[0] ""
msgstr[1] "x"
msgstr[2] "x"
msgstr[3] "x"
msgstr[4] "x"
msgstr[5] "x"

msgctxt "menu"
msgid "Open"
msgstr "افتح"

msgid "Open"
msgstr "مفتوح"

#, fuzzy
msgid "Fuzzy"
msgstr "غامض"

msgid "Untranslated"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "قديم"
"""


@pytest.mark.parametrize("use_fuzzy", [False, True])
def test_compile_gives_the_catalog_msgfmt_makes(tmp_path: Path, use_fuzzy: bool) -> None:
    """Our .mo holds exactly the entries, plural forms and contexts GNU msgfmt's does."""
    options = ("--use-fuzzy",) if use_fuzzy else ()
    assert _ours(PO_SAMPLE, use_fuzzy=use_fuzzy) == _msgfmt(PO_SAMPLE, tmp_path, *options)


def test_compiled_plurals_follow_the_header_for_every_n() -> None:
    """ngettext picks the form the Plural-Forms header selects, for many values of n."""
    catalog = parse_catalog(PO_SAMPLE, "sample.po")
    translations = gettext.GNUTranslations(
        io.BytesIO(mo_bytes(mo_messages(catalog, use_fuzzy=False)))
    )
    expected = {
        0: "صفر",
        1: "واحد",
        2: "اثنان",
        3: "قليل",
        10: "قليل",
        11: "كثير",
        99: "كثير",
        100: "أخرى",
        102: "أخرى",
        111: "كثير",
    }
    for n, form in expected.items():
        assert translations.ngettext("%(num)d file", "%(num)d files", n) == form
    assert (
        translations.pgettext("menu", "Open") == "افتح" and translations.gettext("Open") == "مفتوح"
    )


@pytest.mark.parametrize("po_path", SHIPPED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_shipped_catalogs_pass_gnu_and_read_back_unchanged(po_path: Path, tmp_path: Path) -> None:
    """Every shipped catalog passes msgfmt --check, compiles as msgfmt does, and reads back unchanged."""
    text = po_path.read_text("utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)
    assert _ours(text) == _msgfmt(text, tmp_path)
    assert format_catalog(read_catalog(po_path)) == text
    babel_catalog = read_po(io.BytesIO(text.encode()), abort_invalid=True)
    assert {m.id for m in babel_catalog if m.id} == {
        (e.msgid, e.msgid_plural) if e.msgid_plural else e.msgid for e in polib.pofile(text)
    }


@pytest.mark.parametrize("po_path", SHIPPED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_wrapping_matches_gnu_msgcat(po_path: Path) -> None:
    """Our layout and line wrapping are what GNU msgcat --width=79 writes (less the Weblate and po4a flags it drops)."""
    text = re.sub(
        r"(?m)^#, md-text, markdown-text(?:, priority:\d+)?\n", "", po_path.read_text("utf-8")
    )
    text = re.sub(r"(?m)^(#, .*?), md-text, markdown-text(?:, priority:\d+)?$", r"\1", text)
    gnu = subprocess.run(
        ["msgcat", "--width=79", "-"], input=text, capture_output=True, text=True, check=True
    )
    assert text == gnu.stdout


@pytest.mark.parametrize("signs", ["%(date)s", "$(x)", "€[a", "(a)%b", "a]%x", "¢{a}"])
def test_no_break_between_a_sign_and_a_bracket_as_gnu_msgcat(signs: str) -> None:
    """A line never breaks between %, $ or € and a bracket, nor a bracket and such a sign,
    wherever the pair falls on the line: the layout is GNU msgcat's (libunistring's LB25)."""
    for column in range(60, 80):
        text = "x" * (column - 12) + f" was updated {signs} and then more words to wrap."
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        catalog.append(polib.POEntry(msgid=text, msgstr=text, flags=["python-format"]))
        ours = format_catalog(catalog)
        gnu = subprocess.run(
            ["msgcat", "--width=79", "-"], input=ours, capture_output=True, text=True, check=True
        )
        assert ours == gnu.stdout, f"differs from msgcat with {signs!r} at column {column}"


def test_stats_count_messages_and_words() -> None:
    """Stats count translated, fuzzy, untranslated and obsolete messages and their words."""
    catalog = parse_catalog(PO_SAMPLE, "sample.po")
    stats = catalog_stats(catalog)
    assert (stats.translated, stats.fuzzy, stats.untranslated, stats.obsolete) == (3, 1, 3, 1)
    assert stats.fuzzy_words == 1 and stats.obsolete_words == 1


BROKEN = sorted((DATA / "broken").glob("*.po"))


@pytest.mark.parametrize("case", BROKEN, ids=lambda p: p.stem)
def test_broken_catalogs_fail_with_their_line(
    case: Path, golden: Callable[[Path, str], None]
) -> None:
    """A broken catalog raises CatalogError naming the file and 1-based line, as in its golden."""
    with pytest.raises(CatalogError) as caught:
        read_catalog(case)
    golden(case.with_suffix(".err"), f"{caught.value}\n".replace(str(DATA) + "/", ""))


def test_msgmerge_round_trip_is_undone_by_update(tmp_path: Path) -> None:
    """After GNU msgmerge rewrites a catalog, our update gives back exactly the catalog we wrote."""
    po_path = (
        REPOSITORY / "locales" / "es" / "LC_MESSAGES" / "stem-cell-therapy-for-chronic-pain.po"
    )
    pot_path = REPOSITORY / "locales" / "stem-cell-therapy-for-chronic-pain.pot"
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "-q", str(po_path), str(pot_path), "-o", str(merged)], check=True)
    updated = update_catalog(read_catalog(merged), read_catalog(pot_path))
    assert format_catalog(updated) == po_path.read_text("utf-8")


def test_update_leaves_a_poedit_file_alone(tmp_path: Path) -> None:
    """A catalog saved by Poedit (its own header fields) is not rewritten by update when nothing changed."""
    po_path = (
        REPOSITORY / "locales" / "fr" / "LC_MESSAGES" / "stem-cell-therapy-for-chronic-pain.po"
    )
    pot_path = REPOSITORY / "locales" / "stem-cell-therapy-for-chronic-pain.pot"
    poedit = (
        po_path.read_text("utf-8")
        .replace("X-Generator: pain_content 0.1.0", "X-Generator: Poedit 3.4.2")
        .replace(
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n',
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n',
        )
    )
    assert "Poedit" in poedit
    updated = update_catalog(parse_catalog(poedit, "fr.po"), read_catalog(pot_path))
    assert format_catalog(updated) == poedit


def test_check_says_when_a_catalogs_plural_forms_differ_from_cldr() -> None:
    """A Spanish catalog with GNU's two forms draws a warning naming CLDR's three; a
    catalog that follows CLDR draws none."""
    from babel.messages.plurals import get_plural

    from pain_content.checks import check_catalog

    catalog = polib.POFile()
    catalog.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    [finding] = [
        f
        for f in check_catalog(catalog, locale=Locale.parse("es"))
        if f.code == "plural-forms-cldr"
    ]
    assert finding.severity == "warning" and "give es 3" in finding.message
    catalog.metadata = {"Plural-Forms": get_plural(Locale.parse("es")).plural_forms}
    assert not [
        f for f in check_catalog(catalog, locale=Locale.parse("es")) if f.code.startswith("plural")
    ]


def test_a_text_twice_on_one_line_is_one_reference_as_msgcat_writes_it() -> None:
    """Two table cells on one line holding the same text are one ``#:`` reference, as
    xgettext and msgcat write it: msgcat leaves the template as it is."""
    text = "| Dose | When |\n| --- | --- |\n| 5 mg | 5 mg |\n| 5 mg | night |\n"
    template = build_template(
        "source/a.md", extract_units(text), creation_date=datetime(2026, 1, 1, tzinfo=UTC)
    )
    entry = template.find("5 mg")
    assert entry is not None
    assert entry.occurrences == [("source/a.md", "3"), ("source/a.md", "4")]
    written = format_catalog(template)
    gnu = subprocess.run(
        ["msgcat", "--width=79", "-"], input=written, capture_output=True, text=True, check=True
    )
    assert "#: source/a.md:3 source/a.md:4\n" in written
    assert gnu.stdout.count("source/a.md:3") == written.count("source/a.md:3") == 1
