"""XLIFF 2.1: exports valid against the OASIS schemas, lossless round trips, strict imports."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from babel import Locale
from lxml import etree

from conftest import DATA, REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.errors import CatalogError, UsageError
from pain_content.pofile import format_catalog
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
