"""Export: a catalog as an XLIFF 2.1 document (the mapping is in :mod:`pain_content.xliff`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import polib
from babel import Locale

from ..catalog_files import read_catalog
from ..catalogs import plural_count
from ..errors import CatalogError, Location, UsageError
from ..locales import SOURCE_LOCALE, folder_name, lang_tag
from ..project import find_catalogs, find_templates, no_catalogs_error, require_catalog
from ..review import ReviewRecord, is_record_line, read_record, review_state
from .mapping import (
    FUZZY_SUBSTATE,
    METADATA_NAMESPACE,
    REVIEW_CATEGORY,
    XLIFF_NAMESPACE,
    XLIFF_VERSION,
    entries_by_unit_id,
    message_forms,
)

_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_SPACE = f"{{{_XML_NAMESPACE}}}space"
# XML 1.0 Char production (https://www.w3.org/TR/xml/#charsets).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# xs:language, the type of srcLang and trgLang.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_INDENT = "  "


def catalog_to_xliff(
    catalog: polib.POFile, *, source_language: str, target_language: str, original: str
) -> str:
    """The XLIFF 2.1 document for one catalog, as text (the mapping is in :mod:`pain_content.xliff`).

    Args:
        catalog: the catalog; it is not changed.
        source_language: BCP 47 tag of the msgids (``en``).
        target_language: BCP 47 tag of the msgstrs (``pt-BR``, not ``pt_BR``).
        original: the catalog's path, written as the file's ``original``.

    Raises:
        UsageError: a language is not a BCP 47 tag.
        CatalogError: the catalog has no message in use (XLIFF needs a unit),
            or two of its messages would share a unit id.
    """
    for tag in (source_language, target_language):
        if not _LANGUAGE_TAG.match(tag):
            raise UsageError(f"{tag!r} is not a BCP 47 language tag (write pt-BR, not pt_BR)")
    entries = entries_by_unit_id(catalog, original, is_catalog_path=True)
    if not entries:
        raise CatalogError(
            "no messages to translate: an XLIFF file needs at least one unit",
            Location(original, 0),
        )
    # Built with unqualified names, the root declaring the default namespace:
    # ElementTree's default_namespace option refuses unqualified attributes.
    root = ET.Element(
        "xliff",
        {
            "xmlns": XLIFF_NAMESPACE,
            "xmlns:mda": METADATA_NAMESPACE,
            "version": XLIFF_VERSION,
            "srcLang": source_language,
            "trgLang": target_language,
        },
    )
    file = ET.SubElement(
        root,
        "file",
        {"id": "f1", "original": _NOT_XML_CHAR.sub("\ufffd", original), "canResegment": "no"},
    )
    _add_notes(file, [("description", catalog.header)])
    count = plural_count(catalog)
    for identifier, entry in entries.items():
        _add_unit(file, identifier, entry, count, catalog.metadata.get("Plural-Forms", ""))
    _indent(root, 0)
    text = ET.tostring(root, encoding="unicode")
    # ElementTree writes a carriage return in text as is, and every XML parser
    # would read it back as a newline; attributes are escaped already.
    text = text.replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'


def _add_unit(
    file: ET.Element, identifier: str, entry: polib.POEntry, count: int, plural_forms: str
) -> None:
    unit = ET.SubElement(file, "unit", {"id": identifier})
    record = read_record(entry) if review_state(entry) == "reviewed" else None
    if record is not None:
        _add_review_metadata(unit, record)
    notes = [
        ("context", entry.msgctxt),
        ("description", entry.comment),
        ("translator", _without_records(entry.tcomment)),
        *(("location", f"{path}:{line}" if line else path) for path, line in entry.occurrences),
        ("flags", ", ".join(entry.flags)),
        ("previous-context", entry.previous_msgctxt),
        ("previous", entry.previous_msgid),
        ("previous-plural", entry.previous_msgid_plural),
    ]
    if entry.msgid_plural:
        notes.append(
            (
                "plural",
                "Segment msgstr-N is plural form N; the source of form 0 is the singular. "
                f"Plural-Forms: {plural_forms}",
            )
        )
    _add_notes(unit, notes)
    is_fuzzy = "fuzzy" in entry.flags
    for form in message_forms(entry, count):
        segment = ET.SubElement(unit, "segment", {"id": form.segment_id})
        if is_fuzzy:
            segment.set("state", "initial")
            segment.set("subState", FUZZY_SUBSTATE)
        elif form.msgstr:
            segment.set("state", "translated" if record is None else "final")
        else:
            segment.set("state", "initial")
        _fill(ET.SubElement(segment, "source", {_SPACE: "preserve"}), form.source)
        if form.msgstr:
            _fill(ET.SubElement(segment, "target", {_SPACE: "preserve"}), form.msgstr)


def _add_review_metadata(unit: ET.Element, record: ReviewRecord) -> None:
    # Prefixed names written as they are, the prefix declared on the root.
    group = ET.SubElement(
        ET.SubElement(unit, "mda:metadata"), "mda:metaGroup", {"category": REVIEW_CATEGORY}
    )
    for kind, text in _review_meta(record):
        ET.SubElement(group, "mda:meta", {"type": kind}).text = _NOT_XML_CHAR.sub("\ufffd", text)


def _review_meta(record: ReviewRecord) -> list[tuple[str, str]]:
    return [
        ("reviewer", record.reviewer),
        ("date", record.day.isoformat()),
        ("fingerprint", record.fingerprint),
    ]


def _without_records(comment: str | None) -> str:
    return "\n".join(line for line in (comment or "").split("\n") if not is_record_line(line))


def _add_notes(parent: ET.Element, notes: Iterable[tuple[str, str | None]]) -> None:
    kept = [(category, text) for category, text in notes if text is not None and text != ""]
    if not kept:
        return
    element = ET.SubElement(parent, "notes")
    for category, text in kept:
        note = ET.SubElement(element, "note", {"category": category})
        # A note holds text only (no <cp/>): show what XML cannot hold as U+FFFD.
        note.text = _NOT_XML_CHAR.sub("\ufffd", text)


def _fill(element: ET.Element, text: str) -> None:
    """Put ``text`` in ``element``, each character XML cannot hold as ``<cp hex="..."/>``."""
    parts = _NOT_XML_CHAR.split(text)
    element.text = parts[0]
    for character, part in zip(_NOT_XML_CHAR.findall(text), parts[1:], strict=True):
        code_point = ET.SubElement(element, "cp", {"hex": f"{ord(character):04X}"})
        code_point.tail = part


def _indent(element: ET.Element, level: int) -> None:
    # ElementTree.indent would also rewrite whitespace inside <source> around
    # a <cp/>; text elements keep their content exactly.
    if element.tag in ("source", "target", "note", "mda:meta") or not len(element):
        return
    element.text = "\n" + _INDENT * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + _INDENT * (level + 1)
    element[-1].tail = "\n" + _INDENT * level


def plan_export(locales_dir: Path, locale: Locale, output_dir: Path) -> dict[Path, bytes]:
    """The XLIFF files ``export`` would write: ``<output>/<lang-tag>/<slug>.xlf`` per template.

    Raises:
        UsageError: an article has no catalog for ``locale`` (run ``init`` first).
        CatalogError: a catalog does not parse, or ``locale`` has none at all.
    """
    if not find_catalogs(locales_dir, folder_name(locale)):
        raise no_catalogs_error(locales_dir, "exported", folder_name(locale))
    planned: dict[Path, bytes] = {}
    for template in find_templates(locales_dir):
        po_path = require_catalog(locales_dir, folder_name(locale), template.stem)
        document = catalog_to_xliff(
            read_catalog(po_path),
            source_language=SOURCE_LOCALE,
            target_language=lang_tag(locale),
            original=po_path.as_posix(),
        )
        planned[output_dir / lang_tag(locale) / f"{template.stem}.xlf"] = document.encode("utf-8")
    return planned
