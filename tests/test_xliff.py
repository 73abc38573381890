"""XLIFF 2.1: exports valid against the OASIS schemas, lossless round trips, strict imports."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polib
import pytest
from babel import Locale
from lxml import etree

from conftest import DATA, REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.errors import CatalogError, UsageError
from pain_content.pofile import format_catalog
from pain_content.review import review_state, sign
from pain_content.xliff import (
    METADATA_NAMESPACE,
    XLIFF_NAMESPACE,
    ImportedCatalog,
    catalog_to_xliff,
    unit_id,
    xliff_to_catalog,
)

XLIFF_DATA = DATA / "xliff"
SCHEMA_PATH = XLIFF_DATA / "xliff-core-2.1.xsd"
METADATA_SCHEMA_PATH = XLIFF_DATA / "metadata.xsd"
HANDMADE = XLIFF_DATA / "handmade.ru.po"
SHIPPED = sorted(REPOSITORY.glob("locales/*/LC_MESSAGES/*.po")) + sorted(
    REPOSITORY.glob("src/pain_content/locale/*/LC_MESSAGES/ui.po")
)
CATALOGS = [*SHIPPED, HANDMADE]
BROKEN = sorted((XLIFF_DATA / "broken").glob("*.xlf"))
STALE = sorted((XLIFF_DATA / "stale").glob("*.xlf"))
X = f"{{{XLIFF_NAMESPACE}}}"
MDA = f"{{{METADATA_NAMESPACE}}}"


def _name(path: Path) -> str:
    return path.relative_to(REPOSITORY).as_posix()


def _export(catalog: polib.POFile, original: str = "catalog.po") -> str:
    language = catalog.metadata.get("Language", "es").replace("_", "-")
    return catalog_to_xliff(
        catalog, source_language="en", target_language=language, original=original
    )


def _import(text: str, catalog: polib.POFile, path: str = "x.xlf") -> ImportedCatalog:
    locale = Locale.parse(catalog.metadata.get("Language", "es"))
    return xliff_to_catalog(text, catalog, path=path, locale=locale)


def _import_quietly(text: str, catalog: polib.POFile, path: str = "x.xlf") -> polib.POFile:
    """The imported catalog, after checking that the import had nothing to say."""
    imported = _import(text, catalog, path)
    assert [str(notice) for notice in imported.notices] == []
    return imported.catalog


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The OASIS XLIFF 2.1 core schema and its Metadata module, from the local copies.

    The core schema lets module elements through unchecked (``processContents="lax"``)
    unless their schema is loaded, so both are imported: ``mda:`` is validated too.
    """
    driver = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="{XLIFF_NAMESPACE}" schemaLocation="{SCHEMA_PATH.name}"/>
      <xs:import namespace="{METADATA_NAMESPACE}" schemaLocation="{METADATA_SCHEMA_PATH.name}"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(driver, base_url=f"{XLIFF_DATA.as_posix()}/"))


def _assert_valid(schema: etree.XMLSchema, text: str) -> None:
    document = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(document), schema.error_log


def _unit(document: etree._Element, identifier: str) -> etree._Element:
    (unit,) = document.iterfind(f".//{X}unit[@id='{identifier}']")
    return unit


def _set_target(segment: etree._Element, text: str, state: str) -> None:
    target = segment.find(f"{X}target")
    if target is None:
        target = etree.SubElement(segment, f"{X}target")
        target.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    target.text = text
    segment.set("state", state)
    if state != "initial":
        segment.attrib.pop("subState", "")


def _segment(document: etree._Element, identifier: str, segment_id: str) -> etree._Element:
    (segment,) = _unit(document, identifier).iterfind(f"{X}segment[@id='{segment_id}']")
    return segment


def _entry(catalog: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    (entry,) = [e for e in catalog if e.msgid == msgid and e.msgctxt == msgctxt and not e.obsolete]
    return entry


def test_schema_imports_the_local_xml_xsd() -> None:
    """The XLIFF schema's import of the xml: attributes resolves to the copied xml.xsd."""
    imports = (
        etree.parse(str(SCHEMA_PATH)).getroot().findall("{http://www.w3.org/2001/XMLSchema}import")
    )
    assert [element.get("schemaLocation") for element in imports] == ["xml.xsd"]
    resolved = (SCHEMA_PATH.parent / "xml.xsd").resolve()
    assert resolved == (XLIFF_DATA / "xml.xsd").resolve()
    assert resolved.is_file()


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_export_is_valid_xliff_21(path: Path, schema: etree.XMLSchema) -> None:
    """Every shipped catalog and the hand-made one export to XLIFF that the OASIS 2.1 schema accepts."""
    text = _export(read_catalog(path), _name(path))
    _assert_valid(schema, text)
    root = etree.fromstring(text.encode("utf-8"))
    assert (root.tag, root.get("version")) == (f"{X}xliff", "2.1")


def test_schema_rejects_a_state_xliff_does_not_define(schema: etree.XMLSchema) -> None:
    """The validator is not vacuous: a gettext-style state="fuzzy" fails the schema."""
    text = _export(read_catalog(HANDMADE)).replace('state="translated"', 'state="fuzzy"', 1)
    assert not schema.validate(etree.fromstring(text.encode("utf-8")))


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_round_trip_changes_nothing(path: Path) -> None:
    """Importing an unchanged export gives a catalog whose PO text is identical."""
    catalog = read_catalog(path)
    before = format_catalog(catalog)
    exported = _export(catalog, _name(path))
    imported = _import_quietly(exported, catalog, "round-trip.xlf")
    assert format_catalog(imported) == before
    assert format_catalog(catalog) == before
    assert _export(imported, _name(path)) == exported


def test_export_matches_golden(golden: Callable[[Path, str], None]) -> None:
    """The hand-made catalog exports to the reviewed golden XLIFF (states, notes, plurals, ids)."""
    catalog = read_catalog(HANDMADE)
    golden(XLIFF_DATA / "handmade.ru.xlf", _export(catalog, "locales/ru/LC_MESSAGES/handmade.po"))


def test_unit_ids_are_stable_and_unique() -> None:
    """A unit id depends only on msgctxt and msgid: not on catalog order, nor on other entries."""
    catalog = read_catalog(HANDMADE)
    shuffled = copy.deepcopy(catalog)
    shuffled.reverse()
    del shuffled[3]

    def ids(document: str) -> dict[str, str]:
        root = etree.fromstring(document.encode("utf-8"))
        return {
            unit.get("id", ""): unit.findtext(f"{X}segment/{X}source", "")
            for unit in root.iter(f"{X}unit")
        }

    all_ids, some_ids = ids(_export(catalog)), ids(_export(shuffled))
    in_use = [entry for entry in catalog if not entry.obsolete]
    assert len(all_ids) == len(in_use)
    assert set(all_ids) == {unit_id(entry.msgctxt, entry.msgid) for entry in in_use}
    assert some_ids.items() <= all_ids.items()
    assert len({unit_id(context, "Pain clinic") for context in (None, "", "link")}) == 3


def test_import_applies_filled_targets(schema: etree.XMLSchema) -> None:
    """Filled targets update exactly their msgstrs; a confirmed fuzzy entry loses fuzzy and its previous msgid."""
    catalog = read_catalog(HANDMADE)
    document = etree.fromstring(_export(catalog).encode("utf-8"))
    ask = unit_id(None, "Ask your doctor before you stop any medicine.")
    dose = unit_id(None, "%(num)d dose left")
    take = unit_id(None, "Take %(dose)s mg three times a day.")
    clinic = unit_id("", "Pain clinic")
    _set_target(
        _segment(document, ask, "msgstr"),
        "Спросите врача, прежде чем\nбросать лекарство.",
        "translated",
    )
    _set_target(_segment(document, dose, "msgstr-1"), "Осталось %(num)d дозы", "reviewed")
    _set_target(_segment(document, dose, "msgstr-2"), "Осталось %(num)d доз", "final")
    _set_target(
        _segment(document, take, "msgstr"), "Принимайте %(dose)s мг три раза в день.", "translated"
    )
    target = etree.SubElement(_segment(document, clinic, "msgstr"), f"{X}target")
    target.text = "Кабинет "
    term = etree.SubElement(target, f"{X}mrk", {"id": "m1", "type": "term"})
    term.text = "лечения боли"
    _segment(document, clinic, "msgstr").set("state", "translated")
    filled = etree.tostring(document, encoding="unicode")
    _assert_valid(schema, filled)

    expected = copy.deepcopy(catalog)
    _entry(
        expected, "Ask your doctor before you stop any medicine."
    ).msgstr = "Спросите врача, прежде чем\nбросать лекарство."
    _entry(expected, "%(num)d dose left").msgstr_plural.update(
        {1: "Осталось %(num)d дозы", 2: "Осталось %(num)d доз"}
    )
    confirmed = _entry(expected, "Take %(dose)s mg three times a day.")
    confirmed.msgstr = "Принимайте %(dose)s мг три раза в день."
    confirmed.flags = ["python-format"]
    confirmed.previous_msgid = None
    _entry(expected, "Pain clinic", "").msgstr = "Кабинет лечения боли"

    imported = _import_quietly(filled, catalog, "filled.xlf")
    assert format_catalog(imported) == format_catalog(expected)
    assert "fuzzy" in _entry(imported, "%(num)d capsule").flags


def test_unconfirmed_changed_target_makes_the_entry_fuzzy() -> None:
    """A target left in state "initial" that changes the text is imported as a fuzzy draft."""
    catalog = read_catalog(HANDMADE)
    document = etree.fromstring(_export(catalog).encode("utf-8"))
    _set_target(
        _segment(document, unit_id(None, "Chronic pain"), "msgstr"),
        "Хроническая боль (?)",
        "initial",
    )
    _set_target(
        _segment(
            document, unit_id(None, "Ask your doctor before you stop any medicine."), "msgstr"
        ),
        "Спросите врача.",
        "initial",
    )
    imported = _import_quietly(etree.tostring(document, encoding="unicode"), catalog, "d.xlf")
    for msgid, msgstr in [
        ("Chronic pain", "Хроническая боль (?)"),
        ("Ask your doctor before you stop any medicine.", "Спросите врача."),
    ]:
        entry = _entry(imported, msgid)
        assert (entry.msgstr, entry.flags) == (msgstr, ["fuzzy"])


def test_confirming_a_fuzzy_suggestion_unchanged_clears_fuzzy() -> None:
    """Setting a fuzzy plural's segments to "translated" keeps the text and removes fuzzy and #| lines."""
    catalog = read_catalog(HANDMADE)
    identifier = unit_id(None, "%(num)d capsule")
    text = _export(catalog)
    document = etree.fromstring(text.encode("utf-8"))
    for segment in _unit(document, identifier).iterfind(f"{X}segment"):
        segment.set("state", "translated")
        del segment.attrib["subState"]
    imported = _import_quietly(etree.tostring(document, encoding="unicode"), catalog, "c.xlf")
    entry = _entry(imported, "%(num)d capsule")
    assert entry.msgstr_plural == _entry(catalog, "%(num)d capsule").msgstr_plural
    assert (entry.flags, entry.previous_msgid, entry.previous_msgid_plural) == (
        ["python-format"],
        None,
        None,
    )


def test_characters_xml_cannot_hold_round_trip(schema: etree.XMLSchema) -> None:
    """Control characters travel as <cp/>, a carriage return as &#13;, spaces and tabs as they are."""
    catalog = polib.POFile()
    catalog.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    msgid = "\x07Bell\x0b \t tab\r\nnew line \ufffe end "
    catalog.append(polib.POEntry(msgid=msgid, msgstr=""))
    text = _export(catalog)
    _assert_valid(schema, text)
    assert (
        '<cp hex="0007" />Bell<cp hex="000B" /> \t tab&#13;\nnew line <cp hex="FFFE" /> end '
        in text
    )
    assert format_catalog(_import_quietly(text, catalog, "c.xlf")) == format_catalog(catalog)

    filled = text.replace(
        '<segment id="msgstr" state="initial">',
        '<segment id="msgstr" state="translated">',
    ).replace(
        "</source>",
        '</source>\n<target xml:space="preserve"><cp hex="0007"/>Campana&#13;\n fin </target>',
    )
    _assert_valid(schema, filled)
    imported = _import_quietly(filled, catalog, "c.xlf")
    assert imported[0].msgstr == "\x07Campana\r\n fin "


def test_xliff_20_documents_are_accepted() -> None:
    """A document that says version="2.0" (same namespace and core) imports like a 2.1 one."""
    catalog = read_catalog(HANDMADE)
    text = _export(catalog).replace('version="2.1"', 'version="2.0"', 1)
    assert format_catalog(_import_quietly(text, catalog, "v20.xlf")) == format_catalog(catalog)


@pytest.mark.parametrize("case", BROKEN, ids=lambda path: path.stem)
def test_broken_xliff_is_refused_with_its_line(case: Path) -> None:
    """Each broken document raises CatalogError whose text is exactly the one-line .err golden."""
    catalog = read_catalog(XLIFF_DATA / "broken" / "catalog.po")
    before = format_catalog(catalog)
    with pytest.raises(CatalogError) as error:
        _import(case.read_text("utf-8"), catalog, case.name)
    assert str(error.value) == case.with_suffix(".err").read_text("utf-8").rstrip("\n")
    assert format_catalog(catalog) == before


def test_export_refuses_locale_names_duplicates_and_empty_catalogs() -> None:
    """srcLang/trgLang must be BCP 47 tags, unit ids unique, and a catalog needs a message in use."""
    catalog = read_catalog(HANDMADE)
    with pytest.raises(UsageError) as usage:
        catalog_to_xliff(catalog, source_language="en", target_language="pt_BR", original="a.po")
    assert str(usage.value) == "'pt_BR' is not a BCP 47 language tag (write pt-BR, not pt_BR)"
    twice = polib.POFile()
    twice.extend([polib.POEntry(msgid="Pain"), polib.POEntry(msgid="Pain")])
    with pytest.raises(CatalogError) as duplicate:
        catalog_to_xliff(twice, source_language="en", target_language="ru", original="b.po")
    assert str(duplicate.value) == (
        "b.po: two messages in the catalog have the unit id 'ub94dac135b0befd5' (msgid 'Pain')"
    )
    for entry in catalog:
        entry.obsolete = True
    with pytest.raises(CatalogError) as empty:
        catalog_to_xliff(catalog, source_language="en", target_language="ru", original="a.po")
    assert (
        str(empty.value) == "a.po: no messages to translate: an XLIFF file needs at least one unit"
    )


# --- Stale units, review records and checks on import


@pytest.mark.parametrize("case", STALE, ids=lambda path: path.stem)
def test_stale_units_are_skipped_and_the_rest_imported(
    case: Path, golden: Callable[[Path, str], None]
) -> None:
    """A unit whose English changed since the export is one warning line and skipped; the others land."""
    catalog = read_catalog(XLIFF_DATA / "stale" / "catalog.po")
    before = format_catalog(catalog)
    imported = _import(case.read_text("utf-8"), catalog, case.name)
    lines = [str(notice) for notice in imported.notices]
    assert len(lines) == 1 and "source changed since export; skipped" in lines[0]
    assert [notice.is_skipped for notice in imported.notices] == [True]
    golden(case.with_suffix(".out"), "\n".join(lines) + "\n")
    golden(case.with_suffix(".po"), format_catalog(imported.catalog))
    assert format_catalog(imported.catalog) != before
    assert format_catalog(catalog) == before


def _reviewed(catalog: polib.POFile) -> list[tuple[str | None, str]]:
    return [
        (entry.msgctxt, entry.msgid)
        for entry in catalog
        if not entry.obsolete and review_state(entry) == "reviewed"
    ]


SIGNED = unit_id(None, "Pain clinic")
SIGNED_PLURAL = unit_id(None, "%(num)d visit")


def test_reviewed_entries_export_as_final_with_their_record(schema: etree.XMLSchema) -> None:
    """An entry with a valid review record is state="final", its record in valid mda:metadata, not in a note."""
    text = _export(read_catalog(HANDMADE))
    _assert_valid(schema, text)
    document = etree.fromstring(text.encode("utf-8"))
    states = {
        unit.get("id"): {segment.get("state") for segment in unit.iterfind(f"{X}segment")}
        for unit in document.iter(f"{X}unit")
    }
    assert [identifier for identifier, found in states.items() if "final" in found] == [
        SIGNED,
        SIGNED_PLURAL,
    ]
    assert states[SIGNED_PLURAL] == {"final"}
    (group,) = _unit(document, SIGNED).iterfind(f"{MDA}metadata/{MDA}metaGroup")
    assert group.get("category") == "pain-content-review"
    assert [(meta.get("type"), meta.text) for meta in group] == [
        ("reviewer", "Test Reviewer"),
        ("date", "2026-01-03"),
        ("fingerprint", "26465a45323c"),
    ]
    assert "reviewed:" not in text
    translator = _unit(document, SIGNED_PLURAL).findtext(
        f"{X}notes/{X}note[@category='translator']"
    )
    assert translator == "Plural forms agreed with the clinic."


def test_metadata_schema_is_not_vacuous(schema: etree.XMLSchema) -> None:
    """The validator checks mda: too: a <mda:meta> without its required type fails."""
    text = _export(read_catalog(HANDMADE)).replace('<mda:meta type="date">', "<mda:meta>", 1)
    assert not schema.validate(etree.fromstring(text.encode("utf-8")))


def test_signed_round_trip_keeps_final_and_restores_a_lost_record() -> None:
    """export, import, export is identical; a record the catalog lost since comes back from the file."""
    catalog = read_catalog(HANDMADE)
    exported = _export(catalog)
    imported = _import_quietly(exported, catalog)
    assert _export(imported) == exported
    assert _reviewed(imported) == [(None, "Pain clinic"), (None, "%(num)d visit")]

    lost = copy.deepcopy(catalog)
    _entry(lost, "Pain clinic").tcomment = ""
    restored = _import(exported, lost)
    assert [(notice.code, notice.is_skipped) for notice in restored.notices] == [
        ("review-restored", False)
    ]
    assert format_catalog(restored.catalog) == format_catalog(catalog)
    assert _export(restored.catalog) == exported


def test_a_changed_final_target_is_imported_unsigned() -> None:
    """A final unit whose target changed since the review lands as translated with no record, and is said."""
    catalog = read_catalog(HANDMADE)
    document = etree.fromstring(_export(catalog).encode("utf-8"))
    _set_target(_segment(document, SIGNED, "msgstr"), "Клиника боли и реабилитации", "final")
    imported = _import(etree.tostring(document, encoding="unicode"), catalog)
    assert [str(notice) for notice in imported.notices] == [
        f"x.xlf:52: warning: unit {SIGNED!r}: the translation differs from the text Test Reviewer "
        "(2026-01-03) reviewed; imported unsigned: it must be reviewed again"
    ]
    entry = _entry(imported.catalog, "Pain clinic")
    assert (entry.msgstr, entry.flags, entry.tcomment) == ("Клиника боли и реабилитации", [], "")
    assert _reviewed(imported.catalog) == [(None, "%(num)d visit")]
    again = etree.fromstring(_export(imported.catalog).encode("utf-8"))
    assert _segment(again, SIGNED, "msgstr").get("state") == "translated"
    assert not list(_unit(again, SIGNED).iterfind(f"{MDA}metadata"))


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ("", 'state "final" without a pain-content review record'),
        (
            '<mda:metadata xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0">'
            '<mda:metaGroup category="pain-content-review">'
            '<mda:meta type="reviewer">Mallory</mda:meta><mda:meta type="date">2026-01-04</mda:meta>'
            '<mda:meta type="fingerprint">0123456789ab</mda:meta></mda:metaGroup></mda:metadata>',
            'state "final" but the target differs from the text Mallory (2026-01-04) reviewed',
        ),
    ],
    ids=["another-tool", "forged-record"],
)
def test_final_without_a_matching_record_signs_nothing(
    metadata: str, reason: str, schema: etree.XMLSchema
) -> None:
    """A "final" from another tool, or with a record that does not match, is imported unsigned and said."""
    catalog = read_catalog(HANDMADE)
    identifier = unit_id(None, "Chronic pain")
    text = _export(catalog).replace(
        f'<unit id="{identifier}">', f'<unit id="{identifier}">{metadata}', 1
    )
    document = etree.fromstring(text.encode("utf-8"))
    _segment(document, identifier, "msgstr").set("state", "final")
    filled = etree.tostring(document, encoding="unicode")
    _assert_valid(schema, filled)
    imported = _import(filled, catalog)
    assert [str(notice) for notice in imported.notices] == [
        f"x.xlf:8: warning: unit {identifier!r}: {reason}; imported as translated, unsigned "
        "(only 'pain-content review' signs)"
    ]
    assert format_catalog(imported.catalog) == format_catalog(catalog)
    assert _reviewed(imported.catalog) == _reviewed(catalog)


def test_fuzzy_maps_to_initial_both_ways() -> None:
    """Fuzzy exports as initial/gettext:fuzzy and comes back fuzzy; a confirmed target clears it."""
    catalog = read_catalog(HANDMADE)
    identifier = unit_id(None, "Take %(dose)s mg three times a day.")
    document = etree.fromstring(_export(catalog).encode("utf-8"))
    segment = _segment(document, identifier, "msgstr")
    assert (segment.get("state"), segment.get("subState")) == ("initial", "gettext:fuzzy")
    unchanged = _import_quietly(etree.tostring(document, encoding="unicode"), catalog)
    assert "fuzzy" in _entry(unchanged, "Take %(dose)s mg three times a day.").flags
    _set_target(segment, "Принимайте %(dose)s мг три раза в день.", "final")
    confirmed = _import(etree.tostring(document, encoding="unicode"), catalog)
    assert [notice.code for notice in confirmed.notices] == ["not-signed"]
    entry = _entry(confirmed.catalog, "Take %(dose)s mg three times a day.")
    assert (entry.flags, entry.previous_msgid) == (["python-format"], None)
    again = etree.fromstring(_export(confirmed.catalog).encode("utf-8"))
    assert _segment(again, identifier, "msgstr").attrib.get("subState") is None
    assert _segment(again, identifier, "msgstr").get("state") == "translated"


def _spanish(*entries: tuple[str, str]) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {
        "Language": "es",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, msgstr in entries:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return catalog


def _translate(catalog: polib.POFile, targets: dict[str, str], state: str = "translated") -> str:
    document = etree.fromstring(_export(catalog).encode("utf-8"))
    for msgid, target in targets.items():
        _set_target(_segment(document, unit_id(None, msgid), "msgstr"), target, state)
    return etree.tostring(document, encoding="unicode")


def test_a_translation_that_changes_a_dose_is_skipped_with_its_finding() -> None:
    """A target build would hold back (5 mg became 50 mg) is not imported; the rest is; warnings pass."""
    catalog = _spanish(
        ("Take 5 mg twice a day.", "Tome 5 mg dos veces al día."),
        ("Chronic pain", ""),
        ("Rest.", ""),
    )
    text = _translate(
        catalog,
        {
            "Take 5 mg twice a day.": "Tome 50 mg dos veces al día.",
            "Chronic pain": "Dolor crónico",
            "Rest.": "Descanse",
        },
    )
    imported = _import(text, catalog, "dose.xlf")
    dose, pain, rest = (
        unit_id(None, msgid) for msgid in ("Take 5 mg twice a day.", "Chronic pain", "Rest.")
    )
    assert [str(notice) for notice in imported.notices] == [
        f"dose.xlf:3: error: unit {dose!r}: number-changed: number 5 in the source is 50 in the "
        "translation; skipped: build would hold this translation back",
        f"dose.xlf:14: warning: unit {rest!r}: punctuation-end: the source ends with '.', the "
        "translation with no sentence punctuation",
    ]
    assert [entry.msgstr for entry in imported.catalog] == [
        "Tome 5 mg dos veces al día.",
        "Dolor crónico",
        "Descanse",
    ]
    assert pain not in "".join(str(notice) for notice in imported.notices)


def test_a_poisoned_target_keeps_the_signed_translation() -> None:
    """A signed entry whose imported target fails a critical check keeps its text and its record."""
    catalog = _spanish(("Take 5 mg twice a day.", "Tome 5 mg dos veces al día."))
    sign(catalog[0], reviewer="Ana Pérez", day=date(2026, 12, 1))
    before = format_catalog(catalog)
    text = _translate(catalog, {"Take 5 mg twice a day.": "Tome 5 g dos veces al día."}, "final")
    imported = _import(text, catalog, "dose.xlf")
    assert [str(notice) for notice in imported.notices] == [
        f"dose.xlf:3: error: unit {unit_id(None, 'Take 5 mg twice a day.')!r}: dose-unit-changed: "
        "dose 5 mg in the source is 5 g (g) in the translation; skipped: build would hold this "
        "translation back"
    ]
    assert imported.notices[0].is_skipped
    assert format_catalog(imported.catalog) == before
    assert _reviewed(imported.catalog) == [(None, "Take 5 mg twice a day.")]
