"""Import: an XLIFF 2.x document's translations applied to the catalog it was exported from.

The rules are in :mod:`pain_content.xliff`.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale

from ..atomic_writes import is_stale
from ..catalog_files import read_catalog
from ..catalogs import plural_count
from ..checks import CheckConfig, Finding, Severity, check_catalog
from ..errors import CatalogError, Location, UsageError
from ..locales import folder_name
from ..pofile import entry_line, format_catalog
from ..project import catalog_path
from ..review import (
    RECORD_PREFIX,
    ReviewRecord,
    parse_record,
    read_record,
    restore,
    review_state,
    revoke,
)
from ..xml_reading import parse_located_xml
from .mapping import (
    CONFIRMED_STATES,
    REVIEW_CATEGORY,
    STATES,
    XLIFF_NAMESPACE,
    Form,
    entries_by_unit_id,
    message_forms,
    metadata_tag,
    xliff_tag,
)

# Annotations may wrap a translator's text (their text counts); codes may not
# appear, since catalog text has none to refer to.
_ANNOTATIONS = frozenset(f"{{{XLIFF_NAMESPACE}}}{name}" for name in ("mrk", "sm", "em"))
_VERSION_2 = re.compile(r"^2\.\d+$")
_Locate = Callable[[ET.Element], Location]


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

    if root.tag != xliff_tag("xliff"):
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
    entries = entries_by_unit_id(updated, path, is_catalog_path=False)
    positions = {id(entry): index for index, entry in enumerate(updated)}
    count = plural_count(updated)
    first_line: dict[str, int] = {}
    notices: list[ImportNotice] = []
    applied: list[_Applied] = []
    for unit in root.iter(xliff_tag("unit")):
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
        forms = {form.segment_id: form for form in message_forms(entry, count)}
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
    unit: ET.Element, identifier: str, forms: dict[str, Form], location: _Locate
) -> dict[str, _Translation]:
    translations: dict[str, _Translation] = {}
    for segment in unit.findall(xliff_tag("segment")):
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
        source = segment.find(xliff_tag("source"))
        if source is None:
            raise CatalogError(
                f"segment {segment_id!r} of unit {identifier!r} has no source", location(segment)
            )
        state = segment.get("state", "initial")
        if state not in STATES:
            raise CatalogError(
                f"unknown state {state!r}: expected initial, translated, reviewed or final",
                location(segment),
            )
        target = segment.find(xliff_tag("target"))
        translations[segment_id] = _Translation(
            state, _text(source, location), None if target is None else _text(target, location)
        )
    return translations


def _review_metadata(unit: ET.Element) -> ReviewRecord | None:
    """The review record in the unit's metadata, or None when it has none that reads."""
    for group in unit.iterfind(f"{metadata_tag('metadata')}/{metadata_tag('metaGroup')}"):
        if group.get("category") != REVIEW_CATEGORY:
            continue
        values = {
            meta.get("type"): meta.text or "" for meta in group.iterfind(metadata_tag("meta"))
        }
        # One parser for the record, whichever file it comes from.
        line = " ".join(
            [RECORD_PREFIX, *(values.get(kind, "") for kind in ("date", "fingerprint", "reviewer"))]
        )
        return parse_record(line)
    return None


def _apply_unit(
    entry: polib.POEntry,
    forms: dict[str, Form],
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
    entry: polib.POEntry, forms: dict[str, Form], translations: dict[str, _Translation]
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
        if child.tag == xliff_tag("cp"):
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
