"""XLIFF 2.1 for computer-assisted translation (CAT) tools: export a catalog, import it back.

The catalog stays the authority. An export carries what a translator needs;
an import takes back only the translations (targets), whether they are
confirmed, and review records it can prove. Importing an unchanged export
changes nothing: ``format_catalog`` gives the same text, and exporting again
gives the same XLIFF.

The mapping (XLIFF 2.1 core, namespace ``urn:oasis:names:tc:xliff:document:2.0``,
and its Metadata module, ``urn:oasis:names:tc:xliff:metadata:2.0``;
https://docs.oasis-open.org/xliff/xliff-core/v2.1/os/xliff-core-v2.1-os.html):

- One ``<file id="f1" original="...">`` per catalog, with ``canResegment="no"``
  so that tools neither split nor join segments. File note: the catalog's
  header comment (``description``).
- One ``<unit>`` per message in use; obsolete entries are not exported. The
  id is :func:`unit_id`: ``u`` and 16 hex digits of the SHA-256 of the key
  gettext itself uses in ``.mo`` files (``msgctxt\\x04msgid``, or the msgid
  alone without a context), so it is stable across exports and never depends
  on the order of the catalog.
- Unit notes, each a ``<note category="...">``: ``context`` (msgctxt),
  ``description`` (extracted comments, ``#.``), ``translator`` (``#``, review
  records left out: they travel as metadata), ``location`` (one per
  reference, ``path:line``), ``flags`` (``#,``, fuzzy included),
  ``previous-context``, ``previous``, ``previous-plural`` (``#|`` lines) and,
  for plural messages, ``plural`` with the Plural-Forms rule. Notes are for
  the translator: an import never reads them.
- A singular message is one ``<segment id="msgstr">``. A plural message is
  one segment per form, ``<segment id="msgstr-N">`` for ``msgstr[N]``, whose
  source is the msgid for form 0 and the msgid_plural for the others (XLIFF
  has no plurals in its core; the ``plural`` note says which form is which).
- ``<source>`` and ``<target>`` carry ``xml:space="preserve"``; a carriage
  return is written ``&#13;`` (XML parsers turn a raw one into a newline) and a
  character XML cannot hold is written ``<cp hex="..."/>``, as XLIFF requires.
- Segment state: a form with text in an entry that carries a valid review
  record (:mod:`pain_content.review`) is ``final``, and the unit starts with
  ``<mda:metadata>`` holding the record: one ``<mda:metaGroup
  category="pain-content-review">`` with a ``<mda:meta>`` of type
  ``reviewer``, ``date`` and ``fingerprint``. A form with text in any other
  entry that is not fuzzy is ``translated``; an empty form has no
  ``<target>`` and state ``initial``; every form of a fuzzy entry is
  ``initial`` with ``subState="gettext:fuzzy"`` and keeps its text as the
  target, a suggestion to check.

Import rules, per unit (every problem is an :class:`ImportNotice` at the
unit's line, in the XLIFF file):

- A unit whose source no longer matches the catalog (its id names no message
  in use, or a source differs from the msgid or msgid_plural) is *stale*: the
  English changed since the export. It is skipped; the others are imported.
- A ``<target>`` sets its form's msgstr (no target: the form is left alone).
  When every form has a target whose state is ``translated``, ``reviewed`` or
  ``final``, the entry stops being fuzzy and loses its previous msgid, as PO
  editors do when a translator confirms an entry. A target left ``initial``
  that changes the text makes the entry fuzzy: an unconfirmed draft never
  ships (``compile`` leaves fuzzy entries out). Otherwise the fuzzy flag stays
  as it was.
- Only ``pain-content review`` signs. A change to an entry's text removes its
  review records (said when a valid one is removed). A unit all ``final`` whose
  metadata holds a record that matches the entry as imported puts that
  record back if the catalog lost it; a ``final`` with no such record (another
  tool's, or a target changed since the review) is imported as translated and
  unsigned, and said so.
- The imported entries then pass the checks of ``check``
  (:func:`pain_content.checks.check_catalog`). An entry with an error finding
  (a changed dose, number, unit, link or markup: what ``build`` would hold
  back) is skipped, left as it was, with a notice per finding giving its code;
  warnings are reported and the entry is imported. Skipping rather than
  importing as fuzzy keeps a good published translation published and never
  stores a poisoned text in the catalog; the translator fixes it in the CAT
  tool and imports again.

Reading is defensive, like ``defusedxml``: a DOCTYPE or ENTITY declaration is
refused before parsing, so no entity can expand or reach outside the text.
Writing uses only :mod:`xml.etree.ElementTree`. Only :func:`plan_export` and
:func:`plan_import` read files, to plan (never write) their output.
"""

from __future__ import annotations

import copy
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale

from .atomic_writes import is_stale
from .catalog_files import read_catalog
from .catalogs import plural_count
from .checks import CheckConfig, Finding, Severity, check_catalog
from .errors import CatalogError, Location, UsageError
from .locales import SOURCE_LOCALE, folder_name, lang_tag
from .pofile import entry_line, format_catalog
from .project import (
    catalog_path,
    find_catalogs,
    find_templates,
    no_catalogs_error,
    require_catalog,
)
from .review import (
    RECORD_PREFIX,
    ReviewRecord,
    is_record_line,
    parse_record,
    read_record,
    restore,
    review_state,
    revoke,
)
from .xml_reading import parse_located_xml

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
"""The namespace of every XLIFF 2.x document (2.0, 2.1 and 2.2 share it)."""
XLIFF_VERSION = "2.1"
METADATA_NAMESPACE = "urn:oasis:names:tc:xliff:metadata:2.0"
"""The namespace of the XLIFF 2 Metadata module (``mda:``), where review records travel."""
REVIEW_CATEGORY = "pain-content-review"
"""The ``category`` of the ``<mda:metaGroup>`` holding an entry's review record."""
FUZZY_SUBSTATE = "gettext:fuzzy"
"""The ``subState`` of a segment whose entry carries gettext's ``fuzzy`` flag."""
CONFIRMED_STATES = frozenset({"translated", "reviewed", "final"})
"""Segment states that mean a translator confirmed the target."""
_STATES = frozenset({"initial", *CONFIRMED_STATES})

_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_SPACE = f"{{{_XML_NAMESPACE}}}space"
# Annotations may wrap a translator's text (their text counts); codes may not
# appear, since catalog text has none to refer to.
_ANNOTATIONS = frozenset(f"{{{XLIFF_NAMESPACE}}}{name}" for name in ("mrk", "sm", "em"))
# XML 1.0 Char production (https://www.w3.org/TR/xml/#charsets).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# xs:language, the type of srcLang and trgLang.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_VERSION_2 = re.compile(r"^2\.\d+$")
_INDENT = "  "
_Locate = Callable[[ET.Element], Location]


def _tag(name: str) -> str:
    return f"{{{XLIFF_NAMESPACE}}}{name}"


def _mda(name: str) -> str:
    return f"{{{METADATA_NAMESPACE}}}{name}"


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """The stable XLIFF unit id of the catalog entry ``(msgctxt, msgid)``.

    An empty msgctxt is a context of its own, as in gettext:

    >>> unit_id(None, "Pain")
    'ub94dac135b0befd5'
    >>> unit_id("", "Pain") != unit_id(None, "Pain")
    True
    """
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Form:
    segment_id: str
    """``msgstr`` for a singular message, ``msgstr-N`` for plural form N."""
    index: int | None
    """The plural form, or None for a singular message."""
    source: str
    """The msgid (plural form 0) or the msgid_plural (the other forms)."""
    msgstr: str


def _forms(entry: polib.POEntry, count: int) -> list[_Form]:
    if not entry.msgid_plural:
        return [_Form("msgstr", None, entry.msgid, entry.msgstr)]
    indices = sorted(entry.msgstr_plural) or list(range(count))
    return [
        _Form(
            f"msgstr-{index}",
            index,
            entry.msgid if index == 0 else entry.msgid_plural,
            entry.msgstr_plural.get(index, ""),
        )
        for index in indices
    ]


def _entries_by_unit_id(
    catalog: polib.POFile, path: str, *, is_catalog_path: bool
) -> dict[str, polib.POEntry]:
    entries: dict[str, polib.POEntry] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        identifier = unit_id(entry.msgctxt, entry.msgid)
        if identifier in entries:
            # Only a duplicate entry (which read_catalog refuses) or a SHA-256
            # prefix collision gets here.
            line = entry_line(entry) if is_catalog_path else 0
            raise CatalogError(
                f"two messages in the catalog have the unit id {identifier!r} "
                f"(msgid {entry.msgid!r})",
                Location(path, line),
            )
        entries[identifier] = entry
    return entries


# --- Export


def catalog_to_xliff(
    catalog: polib.POFile, *, source_language: str, target_language: str, original: str
) -> str:
    """The XLIFF 2.1 document for one catalog, as text (the mapping is in the module docstring).

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
    entries = _entries_by_unit_id(catalog, original, is_catalog_path=True)
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
    for form in _forms(entry, count):
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


# --- Import


@dataclass(frozen=True, slots=True)
class ImportNotice:
    """One thing an import did to a unit other than apply it as the file asks."""

    location: Location
    """The XLIFF file and the unit's 1-based line in it."""
    severity: Severity
    """``error`` for a translation ``build`` would hold back, ``warning`` otherwise."""
    code: str
    """``source-changed``, ``not-signed``, ``review-removed``, ``review-restored``,
    or the code of a check's finding (``number-changed``)."""
    message: str
    """One line, naming the unit."""
    is_skipped: bool
    """The unit was not imported: its entry is as it was before."""

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportedCatalog:
    """The catalog with an XLIFF document applied, and what was skipped or changed on the way."""

    catalog: polib.POFile
    notices: tuple[ImportNotice, ...]
    """In the order of the units in the file."""


def xliff_to_catalog(
    xliff_text: str,
    catalog: polib.POFile,
    *,
    path: str,
    locale: Locale,
    config: CheckConfig | None = None,
) -> ImportedCatalog:
    """A copy of ``catalog`` with the translations of an XLIFF 2.x document applied.

    Only msgstrs, the fuzzy flag and review records change (rules in the
    module docstring); units the document lacks are left alone, stale units and
    units failing a critical check are skipped, and ``catalog`` is not changed.

    Args:
        xliff_text: the document, as exported by :func:`catalog_to_xliff` and
            filled in by a translator.
        catalog: the catalog it was exported from.
        path: the document's file name, for errors and notices.
        locale: the catalog's locale, for the checks.
        config: the project's check settings (``pain-content.toml``), or the defaults.

    Raises:
        CatalogError: with the 1-based line, when the XML is malformed or holds
            a DOCTYPE or ENTITY declaration, the root is not XLIFF 2.x, its
            trgLang is not the catalog's Language, a unit has no id or comes
            twice, a segment is not a form of its message or has no source, a
            state is unknown, or a text holds an inline code.
    """
    root, lines = parse_located_xml(xliff_text, path, format_name="XLIFF")

    def location(element: ET.Element) -> Location:
        return Location(path, lines.get(element, 0))

    if root.tag != _tag("xliff"):
        raise CatalogError(
            f'not an XLIFF 2 document: the root must be <xliff xmlns="{XLIFF_NAMESPACE}">',
            location(root),
        )
    version = root.get("version", "")
    if not _VERSION_2.match(version):
        raise CatalogError(
            f"unsupported XLIFF version {version!r}: expected a 2.x version", location(root)
        )
    target_language = root.get("trgLang")
    language = catalog.metadata.get("Language", "")
    if target_language and language and not _same_language(target_language, language):
        raise CatalogError(
            f"trgLang {target_language!r} is not the catalog's language {language!r}",
            location(root),
        )

    updated = copy.deepcopy(catalog)
    entries = _entries_by_unit_id(updated, path, is_catalog_path=False)
    positions = {id(entry): index for index, entry in enumerate(updated)}
    count = plural_count(updated)
    first_line: dict[str, int] = {}
    notices: list[ImportNotice] = []
    applied: list[_Applied] = []
    for unit in root.iter(_tag("unit")):
        identifier = unit.get("id")
        if identifier is None:
            raise CatalogError("a unit without an id", location(unit))
        if identifier in first_line:
            raise CatalogError(
                f"unit {identifier!r} appears twice (first at line {first_line[identifier]})",
                location(unit),
            )
        first_line[identifier] = lines.get(unit, 0)
        entry = entries.get(identifier)
        if entry is None:
            # The unit id is the msgid's hash: a new English text has a new id.
            notices.append(_stale(location(unit), identifier, "no message in use has its text"))
            continue
        forms = {form.segment_id: form for form in _forms(entry, count)}
        translations = _read_segments(unit, identifier, forms, location)
        differing = [
            forms[key] for key, value in translations.items() if value.source != forms[key].source
        ]
        if differing:
            field = "msgid_plural" if differing[0].index else "msgid"
            notices.append(_stale(location(unit), identifier, f"the catalog's {field} differs"))
            continue
        name = f"unit {identifier!r}"
        before = copy.deepcopy(entry)
        review_notices = _apply_unit(entry, forms, translations, _review_metadata(unit), name)
        applied.append(
            _Applied(location(unit), name, positions[id(entry)], before, entry, review_notices)
        )
    notices += _check_imported(updated, applied, locale=locale, config=config or CheckConfig())
    notices.sort(key=lambda notice: notice.location.line)
    return ImportedCatalog(updated, tuple(notices))


def _same_language(tag: str, language: str) -> bool:
    return tag.replace("_", "-").lower() == language.replace("_", "-").lower()


def _stale(where: Location, identifier: str, reason: str) -> ImportNotice:
    return ImportNotice(
        where,
        "warning",
        "source-changed",
        f"unit {identifier!r} source changed since export; skipped ({reason})",
        is_skipped=True,
    )


@dataclass(frozen=True, slots=True)
class _Translation:
    state: str
    source: str
    target: str | None


@dataclass(frozen=True, slots=True)
class _Applied:
    """A unit applied to its entry, before the checks decide whether it stays."""

    location: Location
    name: str
    """``unit 'u…'``, for messages."""
    index: int
    """The entry's position in the catalog."""
    before: polib.POEntry
    """The entry as it was, put back if the unit is skipped."""
    entry: polib.POEntry
    review_notices: list[tuple[str, str]]
    """(code, message) of what happened to its review record."""


def _read_segments(
    unit: ET.Element, identifier: str, forms: dict[str, _Form], location: _Locate
) -> dict[str, _Translation]:
    translations: dict[str, _Translation] = {}
    for segment in unit.findall(_tag("segment")):
        segment_id = segment.get("id", "")
        if segment_id not in forms:
            raise CatalogError(
                f"unit {identifier!r} has no segment {segment_id!r} "
                f"(its message has {', '.join(forms)})",
                location(segment),
            )
        if segment_id in translations:
            raise CatalogError(
                f"segment {segment_id!r} appears twice in unit {identifier!r}", location(segment)
            )
        source = segment.find(_tag("source"))
        if source is None:
            raise CatalogError(
                f"segment {segment_id!r} of unit {identifier!r} has no source", location(segment)
            )
        state = segment.get("state", "initial")
        if state not in _STATES:
            raise CatalogError(
                f"unknown state {state!r}: expected initial, translated, reviewed or final",
                location(segment),
            )
        target = segment.find(_tag("target"))
        translations[segment_id] = _Translation(
            state, _text(source, location), None if target is None else _text(target, location)
        )
    return translations


def _review_metadata(unit: ET.Element) -> ReviewRecord | None:
    """The review record in the unit's metadata, or None when it has none that reads."""
    for group in unit.iterfind(f"{_mda('metadata')}/{_mda('metaGroup')}"):
        if group.get("category") != REVIEW_CATEGORY:
            continue
        values = {meta.get("type"): meta.text or "" for meta in group.iterfind(_mda("meta"))}
        # One parser for the record, whichever file it comes from.
        line = " ".join(
            [RECORD_PREFIX, *(values.get(kind, "") for kind in ("date", "fingerprint", "reviewer"))]
        )
        return parse_record(line)
    return None


def _apply_unit(
    entry: polib.POEntry,
    forms: dict[str, _Form],
    translations: dict[str, _Translation],
    file_record: ReviewRecord | None,
    name: str,
) -> list[tuple[str, str]]:
    """Apply the unit's targets and states to its entry; say what became of its review."""
    signed = read_record(entry) if review_state(entry) == "reviewed" else None
    texts_before = (entry.msgstr, dict(entry.msgstr_plural))
    _apply_targets(entry, forms, translations)
    if (entry.msgstr, entry.msgstr_plural) != texts_before:
        revoke(entry)  # every record describes a text that is gone
    is_final = all(
        segment_id in translations
        and translations[segment_id].target is not None
        and translations[segment_id].state == "final"
        for segment_id in forms
    )
    return _review_notices(entry, signed, file_record, is_final=is_final, name=name)


def _apply_targets(
    entry: polib.POEntry, forms: dict[str, _Form], translations: dict[str, _Translation]
) -> None:
    is_confirmed = all(
        segment_id in translations
        and translations[segment_id].target is not None
        and translations[segment_id].state in CONFIRMED_STATES
        for segment_id in forms
    )
    is_draft_changed = any(
        translation.state == "initial"
        and translation.target is not None
        and translation.target != forms[segment_id].msgstr
        for segment_id, translation in translations.items()
    )
    for segment_id, translation in translations.items():
        if translation.target is None:
            continue
        index = forms[segment_id].index
        if index is None:
            entry.msgstr = translation.target
        else:
            entry.msgstr_plural[index] = translation.target
    if is_confirmed and "fuzzy" in entry.flags:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgctxt = None
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
    elif is_draft_changed and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def _review_notices(
    entry: polib.POEntry,
    signed: ReviewRecord | None,
    file_record: ReviewRecord | None,
    *,
    is_final: bool,
    name: str,
) -> list[tuple[str, str]]:
    """Put back the file's record where it proves the text; say where a signature was lost."""
    if review_state(entry) == "reviewed":
        return []
    if is_final and file_record is not None and restore(entry, file_record):
        message = (
            f"{name}: the review record of {_signature(file_record)} is put back: "
            "the target is the text reviewed"
        )
        return [("review-restored", message)]
    if signed is not None:
        message = (
            f"{name}: the translation differs from the text {_signature(signed)} reviewed; "
            "imported unsigned: it must be reviewed again"
        )
        return [("review-removed", message)]
    if is_final:
        reason = (
            "without a pain-content review record"
            if file_record is None
            else f"but the target differs from the text {_signature(file_record)} reviewed"
        )
        message = (
            f'{name}: state "final" {reason}; imported as translated, unsigned '
            "(only 'pain-content review' signs)"
        )
        return [("not-signed", message)]
    return []


def _signature(record: ReviewRecord) -> str:
    return f"{record.reviewer} ({record.day.isoformat()})"


def _check_imported(
    catalog: polib.POFile, applied: Iterable[_Applied], *, locale: Locale, config: CheckConfig
) -> list[ImportNotice]:
    """Run ``check`` on the entries the import changed; put back those ``build`` would hold back."""
    findings: dict[tuple[str, int], list[Finding]] = {}
    for finding in check_catalog(catalog, locale=locale, config=config):
        findings.setdefault((finding.msgid, finding.line), []).append(finding)
    notices: list[ImportNotice] = []
    for unit in applied:
        own = (
            findings.get((unit.entry.msgid, entry_line(unit.entry)), [])
            if str(unit.entry) != str(unit.before)
            else []
        )
        errors = [finding for finding in own if finding.is_error]
        if errors:
            catalog[unit.index] = unit.before
            notices += [
                ImportNotice(
                    unit.location,
                    "error",
                    finding.code,
                    f"{unit.name}: {finding.code}: {finding.message}; skipped: "
                    "build would hold this translation back",
                    is_skipped=True,
                )
                for finding in errors
            ]
            continue
        notices += [
            ImportNotice(unit.location, "warning", code, message, is_skipped=False)
            for code, message in unit.review_notices
        ]
        notices += [
            ImportNotice(
                unit.location,
                "warning",
                finding.code,
                f"{unit.name}: {finding.code}: {finding.message}",
                is_skipped=False,
            )
            for finding in own
        ]
    return notices


def _text(element: ET.Element, location: _Locate) -> str:
    """The text of a ``<source>`` or ``<target>``: ``<cp/>`` decoded, annotations unwrapped."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rpartition("}")[2]
        if child.tag == _tag("cp"):
            parts.append(_code_point(child, location))
        elif child.tag in _ANNOTATIONS:
            parts.append(_text(child, location))
        else:
            raise CatalogError(
                f"<{name}> is not supported here: catalog text has no inline codes",
                location(child),
            )
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(element: ET.Element, location: _Locate) -> str:
    value = element.get("hex", "")
    try:
        return chr(int(value, 16))
    except (ValueError, OverflowError) as exc:
        raise CatalogError(
            f"<cp hex={value!r}/> is not a Unicode code point", location(element)
        ) from exc


# --- The export and import verbs: plan every file first, so a failure writes nothing.


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


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The catalogs ``import`` would rewrite (path → bytes) and the notices of every file."""

    files: dict[Path, bytes] = field(default_factory=dict)
    notices: list[ImportNotice] = field(default_factory=list)

    @property
    def is_partial(self) -> bool:
        """True when a unit was skipped (stale, or failing a critical check)."""
        return any(notice.is_skipped for notice in self.notices)


def plan_import(
    locales_dir: Path,
    locale: Locale,
    xliff_paths: Iterable[Path],
    *,
    config: CheckConfig | None = None,
) -> ImportPlan:
    """What ``import`` would do: each ``<slug>.xlf`` applied to ``<slug>.po``.

    Only catalogs whose text changes are planned; skipped units are notices,
    not errors, so the rest of a file is still imported.

    Raises:
        UsageError: a file names no catalog of ``locale``, located at the file.
        CatalogError: a file cannot be read or is broken (see :func:`xliff_to_catalog`).
    """
    plan = ImportPlan()
    for xliff_path in xliff_paths:
        po_path = catalog_path(locales_dir, folder_name(locale), xliff_path.stem)
        if not po_path.is_file():
            raise UsageError(f"no catalog {po_path} for this file", Location(str(xliff_path), 0))
        try:
            text = xliff_path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"cannot read: {exc}", Location(str(xliff_path), 0)) from exc
        imported = xliff_to_catalog(
            text, read_catalog(po_path), path=str(xliff_path), locale=locale, config=config
        )
        plan.notices.extend(imported.notices)
        content = format_catalog(imported.catalog).encode("utf-8")
        if is_stale(po_path, content):
            plan.files[po_path] = content
    return plan
