"""The project's medical glossary: required, forbidden and untranslatable renderings of terms.

One model, two forms. A project keeps its glossary either in ``glossary.tbx``
beside ``pain-content.toml``, a TBX-Basic file (ISO 30042:2019, the DCA
style), which terminology and CAT tools import and export, or in a
``[glossary]`` table of ``pain-content.toml``::

    [[glossary.terms]]
    en = "healthcare provider"
    es = ["profesional de la salud", "profesionales de la salud"]
    forbidden = { es = ["proveedor de salud"] }

    [[glossary.terms]]
    en = "MRI"
    translate = false

Each term is English (the source language) and has, per locale, the
renderings a translation may use (any one of them will do: list the plural
and other forms a sentence needs) and the forbidden ones, known to be wrong
or dangerous; a term with ``translate = false`` is kept as it is in every
language (a drug brand, a test's name). In TBX a rendering's
``administrativeStatus`` says which: ``preferredTerm-admn-sts`` or
``admittedTerm-admn-sts`` (or none) is allowed, ``deprecatedTerm-admn-sts``
or ``supersededTerm-admn-sts`` forbidden; an untranslatable term is a
concept with the note ``do not translate``. :func:`write_tbx` writes that
form back.

A term is found in English text case-insensitively, as whole words, with
English plural endings (``providers``); a locale's renderings apply to its
regional variants too (``es`` to ``es_MX``) unless the variant has its own.
The rules using the glossary are in :mod:`pain_content.checks.glossary`.
Nothing here touches the filesystem.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from babel import Locale

from .errors import CatalogError, Location, PainContentError, UsageError
from .locales import SOURCE_LOCALE, folder_name, is_source_locale, lang_tag, parse_locale
from .xml_reading import parse_located_xml

GLOSSARY_FILE_NAME = "glossary.tbx"
"""The project's TBX glossary, beside ``pain-content.toml``."""
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
"""The namespace of TBX (ISO 30042:2019) documents."""
DO_NOT_TRANSLATE = "do not translate"
"""The concept note that marks a term kept as it is in every language."""
_ALLOWED_STATUS = ("preferredTerm-admn-sts", "admittedTerm-admn-sts")
_FORBIDDEN_STATUS = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TOML_TERM_KEYS = frozenset({"en", "translate", "forbidden"})
_Locate = Callable[[ET.Element], Location]
_TERMS_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*glossary\.terms[ \t]*\]\]", re.MULTILINE)
_GLOSSARY_START = re.compile(r"^[ \t]*(?:\[\[?[ \t]*glossary\b|glossary[ \t]*[=.])", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """One English term and how each language must, may not, or need not render it."""

    term: str
    """The English term, as a translator should look for it."""
    renderings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Locale (``pt_BR``) → the renderings a translation may use; the first is preferred."""
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Locale → renderings known to be wrong or dangerous."""
    translate: bool = True
    """False for a term kept as it is in every language."""

    def allowed_in(self, locale: Locale) -> tuple[str, ...]:
        """The renderings a translation into ``locale`` may use (none: no requirement)."""
        return _for_locale(self.renderings, locale)

    def forbidden_in(self, locale: Locale) -> tuple[str, ...]:
        """The renderings a translation into ``locale`` must not use."""
        return _for_locale(self.forbidden, locale)


def _for_locale(table: Mapping[str, tuple[str, ...]], locale: Locale) -> tuple[str, ...]:
    return table.get(str(locale)) or table.get(locale.language, ())


@dataclass(frozen=True, slots=True)
class Glossary:
    """A project's terms, in the order its file lists them."""

    terms: tuple[GlossaryTerm, ...] = ()

    def terms_in(self, text: str) -> list[GlossaryTerm]:
        """The terms found in English ``text``, in the order they first occur.

        >>> glossary = Glossary((GlossaryTerm("MRI"), GlossaryTerm("healthcare provider")))
        >>> [t.term for t in glossary.terms_in("Healthcare providers may order an MRI.")]
        ['healthcare provider', 'MRI']
        """
        found = []
        for position, term in enumerate(self.terms):
            match = _source_pattern(term.term).search(text)
            if match is not None:
                found.append((match.start(), position, term))
        return [term for _start, _position, term in sorted(found, key=lambda item: item[:2])]


@cache
def _source_pattern(term: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?:s|es)?(?!\w)", re.IGNORECASE)


def glossary_comment(terms: Sequence[GlossaryTerm]) -> str:
    """The extracted-comment line naming the glossary terms of an entry ('' for none).

    >>> glossary_comment([GlossaryTerm("healthcare provider"), GlossaryTerm("MRI", translate=False)])
    'glossary: “healthcare provider”, “MRI” (do not translate)'
    """
    if not terms:
        return ""
    named = [
        f"“{term.term}”" + ("" if term.translate else f" ({DO_NOT_TRANSLATE})") for term in terms
    ]
    return "glossary: " + ", ".join(named)


# --- TBX-Basic, DCA style (ISO 30042:2019).


def read_tbx(text: str, path: str) -> Glossary:
    """Read a TBX-Basic glossary.

    Raises:
        CatalogError: the text is not well-formed XML, holds a DOCTYPE or
            ENTITY declaration, is not TBX, or a concept has no single English
            term, a language that is not a CLDR locale, or an unknown
            ``administrativeStatus``; located at the element's line.
    """
    root, lines = parse_located_xml(text, path, format_name="TBX")

    def located(element: ET.Element) -> Location:
        return Location(path, lines.get(element, 0))

    if root.tag != _tbx("tbx"):
        raise CatalogError(
            f"not a TBX document: the root is <{_local(root.tag)}>, expected <tbx> in"
            f" namespace {TBX_NAMESPACE}",
            located(root),
        )
    terms = [_read_concept(concept, located) for concept in root.iter(_tbx("conceptEntry"))]
    return Glossary(tuple(terms))


def _read_concept(concept: ET.Element, located: _Locate) -> GlossaryTerm:
    notes = [(note.text or "").strip().lower() for note in concept.findall(_tbx("note"))]
    english: list[str] = []
    renderings: dict[str, list[str]] = {}
    forbidden: dict[str, list[str]] = {}
    for section in concept.findall(_tbx("langSec")):
        tag = section.get(_XML_LANG, "")
        try:
            locale = parse_locale(tag)
        except PainContentError as exc:
            raise CatalogError(f"xml:lang {tag!r}: {exc.message}", located(section)) from exc
        for term_section in section.findall(_tbx("termSec")):
            term = " ".join((term_section.findtext(_tbx("term")) or "").split())
            if not term:
                raise CatalogError("a <termSec> needs a non-empty <term>", located(term_section))
            if is_source_locale(locale):
                english.append(term)
                continue
            status = _status(term_section, located)
            table = forbidden if status in _FORBIDDEN_STATUS else renderings
            table.setdefault(folder_name(locale), []).append(term)
    if len(english) != 1:
        raise CatalogError(
            f"a concept needs exactly one English term, this one has {len(english)}",
            located(concept),
        )
    return GlossaryTerm(
        english[0],
        {key: tuple(value) for key, value in renderings.items()},
        {key: tuple(value) for key, value in forbidden.items()},
        translate=DO_NOT_TRANSLATE not in notes,
    )


def _status(term_section: ET.Element, located: _Locate) -> str:
    for note in term_section.findall(_tbx("termNote")):
        if note.get("type") == "administrativeStatus":
            status = (note.text or "").strip()
            if status not in (*_ALLOWED_STATUS, *_FORBIDDEN_STATUS):
                expected = ", ".join((*_ALLOWED_STATUS, *_FORBIDDEN_STATUS))
                raise CatalogError(
                    f"unknown administrativeStatus {status!r} (expected {expected})",
                    located(note),
                )
            return status
    return ""


def write_tbx(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic document (DCA style), which :func:`read_tbx` reads back."""
    ET.register_namespace("", TBX_NAMESPACE)
    root = ET.Element(_tbx("tbx"), {"type": "TBX-Basic", "style": "dca", _XML_LANG: SOURCE_LOCALE})
    header = ET.SubElement(ET.SubElement(root, _tbx("tbxHeader")), _tbx("fileDesc"))
    source = ET.SubElement(ET.SubElement(header, _tbx("sourceDesc")), _tbx("p"))
    source.text = "Medical glossary of a pain_content project"
    body = ET.SubElement(ET.SubElement(root, _tbx("text")), _tbx("body"))
    for number, term in enumerate(glossary.terms, start=1):
        concept = ET.SubElement(body, _tbx("conceptEntry"), {"id": f"c{number}"})
        if not term.translate:
            ET.SubElement(concept, _tbx("note")).text = DO_NOT_TRANSLATE
        _term_section(concept, SOURCE_LOCALE, [(term.term, "")])
        for locale in dict.fromkeys([*term.renderings, *term.forbidden]):
            allowed = [
                (rendering, _ALLOWED_STATUS[index > 0])
                for index, rendering in enumerate(term.renderings.get(locale, ()))
            ]
            banned = [
                (rendering, _FORBIDDEN_STATUS[0]) for rendering in term.forbidden.get(locale, ())
            ]
            _term_section(concept, lang_tag(parse_locale(locale)), [*allowed, *banned])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _term_section(concept: ET.Element, tag: str, terms: Sequence[tuple[str, str]]) -> None:
    section = ET.SubElement(concept, _tbx("langSec"), {_XML_LANG: tag})
    for term, status in terms:
        term_section = ET.SubElement(section, _tbx("termSec"))
        ET.SubElement(term_section, _tbx("term")).text = term
        if status:
            note = ET.SubElement(term_section, _tbx("termNote"), {"type": "administrativeStatus"})
            note.text = status


def _tbx(name: str) -> str:
    return f"{{{TBX_NAMESPACE}}}{name}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --- The [glossary] table of pain-content.toml.


def glossary_from_toml(section: object, *, text: str, path: str) -> Glossary:
    """Read the ``[glossary]`` table of a ``pain-content.toml`` (already parsed as ``section``).

    Raises:
        UsageError: the table is not a list of terms as the module docstring
            shows, or names a locale that is not a CLDR locale; located at the
            term's ``[[glossary.terms]]`` line when there is one.
    """
    headers = [
        m.start()
        for m in re.finditer(r"^[ \t]*\[\[[ \t]*glossary\.terms[ \t]*\]\]", text, re.MULTILINE)
    ]

    def location(number: int) -> Location:
        start = headers[number] if number < len(headers) else None
        return Location(path, text.count("\n", 0, start) + 1 if start is not None else 0)

    if not isinstance(section, dict) or set(section) - {"terms"}:
        raise UsageError("[glossary] holds one key, terms: a list of tables", location(0))
    items = section.get("terms", [])
    if not isinstance(items, list):
        raise UsageError("glossary.terms must be a list of tables", location(0))
    return Glossary(tuple(_toml_term(item, location(number)) for number, item in enumerate(items)))


def glossary_line(text: str) -> int:
    """The 1-based line where a TOML text starts its glossary, 0 if it has none.

    >>> glossary_line('[check]\\n\\n[[glossary.terms]]\\nen = "pain"\\n')
    3
    """
    match = _GLOSSARY_START.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _toml_term(item: object, where: Location) -> GlossaryTerm:
    if not isinstance(item, dict) or not _is_text(item.get("en")):
        raise UsageError("a glossary term is a table with its English term in 'en'", where)
    translate = item.get("translate", True)
    if not isinstance(translate, bool):
        raise UsageError("'translate' must be true or false", where)
    forbidden = item.get("forbidden", {})
    if not isinstance(forbidden, dict):
        raise UsageError("'forbidden' must be a table of locale = renderings", where)
    renderings = {key: value for key, value in item.items() if key not in _TOML_TERM_KEYS}
    return GlossaryTerm(
        " ".join(str(item["en"]).split()),
        _toml_renderings(renderings, where),
        _toml_renderings(forbidden, where),
        translate=translate,
    )


def _toml_renderings(table: Mapping[str, object], where: Location) -> dict[str, tuple[str, ...]]:
    renderings = {}
    for key, value in table.items():
        try:
            locale = folder_name(parse_locale(key))
        except PainContentError as exc:
            raise UsageError(f"glossary locale {key!r}: {exc.message}", where) from exc
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(_is_text(v) for v in values):
            raise UsageError(f"{key}: a rendering or a list of renderings, not empty", where)
        renderings[locale] = tuple(" ".join(str(v).split()) for v in values)
    return renderings


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
