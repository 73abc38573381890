"""XLIFF 2.1 for computer-assisted translation (CAT) tools: export a catalog, import it back.

The catalog stays the authority. An export carries what a translator needs;
an import takes back only the translations (targets) and whether they are
confirmed, and checks that every unit still belongs to the catalog. Importing
an unchanged export changes nothing: ``format_catalog`` gives the same text.

The mapping (XLIFF 2.1 core only, namespace ``urn:oasis:names:tc:xliff:document:2.0``;
https://docs.oasis-open.org/xliff/xliff-core/v2.1/os/xliff-core-v2.1-os.html):

- One ``<file id="f1" original="...">`` per catalog, with ``canResegment="no"``
  so that tools neither split nor join segments. File note: the catalog's
  header comment (``description``). Review records are translator comments
  (:mod:`pain_content.review`), exported with them.
- One ``<unit>`` per message in use; obsolete entries are not exported. The
  id is :func:`unit_id`: ``u`` and 16 hex digits of the SHA-256 of the key
  gettext itself uses in ``.mo`` files (``msgctxt\\x04msgid``, or the msgid
  alone without a context), so it is stable across exports and never depends
  on the order of the catalog.
- Unit notes, each a ``<note category="...">``: ``context`` (msgctxt),
  ``description`` (extracted comments, ``#.``), ``translator`` (``#``),
  ``location`` (one per reference, ``path:line``), ``flags`` (``#,``, fuzzy
  included), ``previous-context``, ``previous``, ``previous-plural``
  (``#|`` lines) and, for plural messages, ``plural`` with the Plural-Forms rule.
  Notes are for the translator: an import never reads them.
- A singular message is one ``<segment id="msgstr">``. A plural message is
  one segment per form, ``<segment id="msgstr-N">`` for ``msgstr[N]``, whose
  source is the msgid for form 0 and the msgid_plural for the others (XLIFF
  has no plurals in its core; the ``plural`` note says which form is which).
- ``<source>`` and ``<target>`` carry ``xml:space="preserve"``; a carriage
  return is written ``&#13;`` (XML parsers turn a raw one into a newline) and a
  character XML cannot hold is written ``<cp hex="..."/>``, as XLIFF requires.
- Segment state: a form with text in an entry that is not fuzzy is
  ``translated``; an empty form has no ``<target>`` and state ``initial``; every
  form of a fuzzy entry is ``initial`` with ``subState="gettext:fuzzy"`` and
  keeps its text as the target, a suggestion to check.

Import rules, per unit: a ``<target>`` sets its form's msgstr (no target: the
form is left alone). When every form has a target whose state is
``translated``, ``reviewed`` or ``final``, the entry stops being fuzzy and loses
its previous msgid, as PO editors do when a translator confirms an entry. A
target left ``initial`` that changes the text makes the entry fuzzy: an
unconfirmed draft never ships (``compile`` leaves fuzzy entries out).
Otherwise the fuzzy flag stays as it was.

Reading is defensive, like ``defusedxml``: a DOCTYPE or ENTITY declaration is
refused before parsing, so no entity can expand or reach outside the text.
Writing uses only :mod:`xml.etree.ElementTree`; nothing here touches the disk.
"""

from __future__ import annotations

import copy
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.parsers import expat

import polib

from .catalogs import plural_count
from .errors import CatalogError, Location, UsageError

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
"""The namespace of every XLIFF 2.x document (2.0, 2.1 and 2.2 share it)."""
XLIFF_VERSION = "2.1"
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
_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)")
_LINE_END = re.compile(r"\r\n?|\n")
# xs:language, the type of srcLang and trgLang.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_VERSION_2 = re.compile(r"^2\.\d+$")
_INDENT = "  "
_Locate = Callable[[ET.Element], Location]


def _tag(name: str) -> str:
    return f"{{{XLIFF_NAMESPACE}}}{name}"


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
            line = (entry.linenum or 0) if is_catalog_path else 0
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
    notes = [
        ("context", entry.msgctxt),
        ("description", entry.comment),
        ("translator", entry.tcomment),
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
        else:
            segment.set("state", "translated" if form.msgstr else "initial")
        _fill(ET.SubElement(segment, "source", {_SPACE: "preserve"}), form.source)
        if form.msgstr:
            _fill(ET.SubElement(segment, "target", {_SPACE: "preserve"}), form.msgstr)


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
    if element.tag in ("source", "target", "note") or not len(element):
        return
    element.text = "\n" + _INDENT * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + _INDENT * (level + 1)
    element[-1].tail = "\n" + _INDENT * level


# --- Import


def xliff_to_catalog(xliff_text: str, catalog: polib.POFile, *, path: str) -> polib.POFile:
    """A copy of ``catalog`` with the translations of an XLIFF 2.x document applied.

    Only msgstrs and the fuzzy flag change (rules in the module docstring);
    units the document lacks are left alone, and ``catalog`` is not changed.

    Args:
        xliff_text: the document, as exported by :func:`catalog_to_xliff` and
            filled in by a translator.
        catalog: the catalog it was exported from.
        path: the document's file name, for errors.

    Raises:
        CatalogError: with the 1-based line, when the XML is malformed or holds
            a DOCTYPE or ENTITY declaration, the root is not XLIFF 2.x, its
            trgLang is not the catalog's Language, a unit id is unknown or
            repeated, a segment is not a form of its message, or a source text
            differs from the catalog's (the text changed since the export).
    """
    root, lines = _parse(xliff_text, path)

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
    count = plural_count(updated)
    first_line: dict[str, int] = {}
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
            raise CatalogError(
                f"unknown unit {identifier!r}: no message in use in the catalog has this id",
                location(unit),
            )
        _apply_unit(unit, identifier, entry, count, location)
    return updated


def _same_language(tag: str, language: str) -> bool:
    return tag.replace("_", "-").lower() == language.replace("_", "-").lower()


@dataclass(frozen=True, slots=True)
class _Translation:
    state: str
    target: str | None


def _apply_unit(
    unit: ET.Element,
    identifier: str,
    entry: polib.POEntry,
    count: int,
    location: _Locate,
) -> None:
    forms = {form.segment_id: form for form in _forms(entry, count)}
    translations: dict[str, _Translation] = {}
    for segment in unit.findall(_tag("segment")):
        segment_id = segment.get("id", "")
        form = forms.get(segment_id)
        if form is None:
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
        if _text(source, location) != form.source:
            field = "msgid_plural" if form.index else "msgid"
            raise CatalogError(
                f"the source of unit {identifier!r} differs from the catalog's {field}; "
                "the text changed since the export",
                location(source),
            )
        state = segment.get("state", "initial")
        if state not in _STATES:
            raise CatalogError(
                f"unknown state {state!r}: expected initial, translated, reviewed or final",
                location(segment),
            )
        target = segment.find(_tag("target"))
        translations[segment_id] = _Translation(
            state, None if target is None else _text(target, location)
        )

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


def _parse(text: str, path: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML into ElementTree elements and the 1-based line each starts on.

    Expat is driven directly, as ElementTree's own Python parser does, because
    the C ``XMLParser`` tells its target no line numbers.
    """
    declaration = _DECLARATION.search(text)
    if declaration is not None:
        line = len(_LINE_END.findall(text, 0, declaration.start())) + 1
        raise CatalogError(
            f"{declaration.group(1)} declarations are refused: XLIFF needs none, "
            "and entities are unsafe",
            Location(path, line),
        )
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(
            _qualified(name), {_qualified(key): value for key, value in attributes.items()}
        )
        lines[element] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_qualified(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise CatalogError(
            f"malformed XML: {expat.ErrorString(exc.code)}", Location(path, exc.lineno)
        ) from exc
    return builder.close(), lines


def _qualified(name: str) -> str:
    # Expat gives "namespace}local"; ElementTree spells it "{namespace}local".
    return f"{{{name}" if "}" in name else name
