"""Catalogs and sources on disk: strict reading with lines, and the catalog verbs.

``extract``, ``init`` and ``update`` each plan every file first (path →
bytes) and write nothing until all of them are known, so a failure writes
nothing; :func:`pain_content.atomic_writes.write_planned` then writes them.
``export`` and ``import`` plan the same way, in :mod:`pain_content.xliff`.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
from babel import Locale

from .catalogs import DATE_FORMAT, build_template, new_catalog, unmerged_changes, update_catalog
from .errors import CatalogError, Location, PainContentError, SourceError, UsageError
from .glossary import Glossary
from .locales import folder_name, is_source_locale, parse_locale
from .memory import Remembered, TranslationMemory, fill_from_memory, remembered_entries
from .pofile import entry_line, format_catalog, parse_catalog
from .project import (
    article_slug,
    catalog_path,
    find_catalogs,
    find_locale_folders,
    find_sources,
    find_templates,
    template_path,
)
from .units import Unit, extract_units

_CHARSET = re.compile(rb"charset=([\w.:-]+)", re.IGNORECASE)


def _read_bytes(path: Path, error: type[PainContentError]) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", Location(str(path), 0)) from exc


def decode_text(raw: bytes, charset: str, path: str, error: type[PainContentError]) -> str:
    """Decode a file's bytes, or fail at the line of the first byte that is not ``charset``."""
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        name = codecs.lookup(charset).name.upper().replace("UTF-8-SIG", "UTF-8")
        raise error(f"not {name} text (byte 0x{raw[exc.start]:02x})", Location(path, line)) from exc


def read_source(path: Path) -> str:
    """Read a Markdown source as UTF-8 (a byte order mark is dropped).

    Raises:
        SourceError: the file is missing or is not UTF-8, with the line of the first bad byte.
    """
    return decode_text(_read_bytes(path, SourceError), "utf-8-sig", str(path), SourceError)


def _catalog_charset(raw: bytes, path: str) -> str:
    match = _CHARSET.search(raw[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # an untouched template placeholder
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError as exc:
        raise CatalogError(f"unknown charset {charset!r} in the header", Location(path, 1)) from exc
    return charset


def read_catalog(path: Path) -> polib.POFile:
    """Read a ``.po`` or ``.pot`` file in whatever charset its header declares.

    Raises:
        CatalogError: the file is missing, undecodable or malformed, with its line.
    """
    return parse_catalog_bytes(_read_bytes(path, CatalogError), str(path))


def parse_catalog_bytes(raw: bytes, path: str) -> polib.POFile:
    """Parse a catalog file's bytes, decoded in the charset its header declares.

    Raises:
        CatalogError: the bytes are undecodable or malformed, with the line.
    """
    raw = raw.removeprefix(codecs.BOM_UTF8)
    return parse_catalog(decode_text(raw, _catalog_charset(raw, path), path, CatalogError), path)


def read_units(source: Path) -> list[Unit]:
    """The message units of an article's source.

    Raises:
        SourceError: the source cannot be read or parsed, located in its file.
    """
    try:
        return extract_units(read_source(source))
    except PainContentError as exc:
        raise exc.with_path(str(source)) from exc


# --- The catalog verbs: each plans every file first, so a failure writes nothing.


def reproducible_now() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when it is set, to the minute, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(second=0, microsecond=0)


def reference(path: Path) -> str:
    """A path as catalogs name it: relative to the working folder when inside it, with slashes."""
    relative = os.path.relpath(path)
    return Path(relative if not relative.startswith("..") else path).as_posix()


def plan_templates(
    source_dir: Path, locales_dir: Path, *, width: int, glossary: Glossary | None = None
) -> dict[Path, bytes]:
    """The templates ``extract`` would write: only those whose messages changed.

    With a ``glossary``, each entry's extracted comment names the glossary
    terms its text holds.

    A template whose messages are the same keeps its ``POT-Creation-Date``, so
    it is not rewritten.

    Raises:
        SourceError: a source cannot be read or parsed.
        CatalogError: an existing template does not parse.
    """
    now = reproducible_now()
    planned: dict[Path, bytes] = {}
    for source in find_sources(source_dir):
        slug = article_slug(source)
        try:
            units = extract_units(read_source(source))
        except PainContentError as exc:
            raise exc.with_path(str(source)) from exc
        target = template_path(locales_dir, slug)
        template = build_template(reference(source), units, creation_date=now, glossary=glossary)
        if target.is_file():
            previous = read_catalog(target).metadata.get("POT-Creation-Date")
            if previous:
                template.metadata["POT-Creation-Date"] = previous
                unchanged = format_catalog(template, width=width).encode("utf-8")
                if unchanged == target.read_bytes():
                    continue
                template.metadata["POT-Creation-Date"] = now.strftime(DATE_FORMAT)
        planned[target] = format_catalog(template, width=width).encode("utf-8")
    return planned


@dataclass(frozen=True, slots=True)
class CatalogPlan:
    """The catalogs ``init`` or ``update`` would write, and those ``init`` leaves alone."""

    files: dict[Path, bytes]
    """Every catalog to write, new or rewritten."""
    created: frozenset[Path]
    """Those of ``files`` that do not exist yet."""
    existing: tuple[Path, ...] = ()
    """Catalogs ``init`` found already there and leaves as they are."""


def plan_new_catalogs(
    locales_dir: Path, locale: Locale, *, width: int, compendiums: Sequence[Path] = ()
) -> CatalogPlan:
    """The catalogs ``init`` would create for ``locale``: one per template that has none.

    A catalog that exists already is left as it is (``update`` merges new text
    into it), so ``init`` also starts the catalogs of articles added since.
    Entries the locale's other catalogs or its compendiums translate are
    filled from them, fuzzy (see :mod:`pain_content.memory`).

    Raises:
        UsageError: ``locale`` is the source language, which has no catalogs.
        CatalogError: a template or compendium is broken.
    """
    if is_source_locale(locale):
        raise UsageError(
            f"{locale} is the language the articles are written in: its pages show the"
            " source text and it has no catalogs to translate"
        )
    folder = folder_name(locale)
    existing = {path: read_catalog(path) for path in find_catalogs(locales_dir, folder)}
    memory = locale_memory(existing, _compendium_entries(compendiums, folder))
    planned: dict[Path, bytes] = {}
    kept: list[Path] = []
    for template_file in find_templates(locales_dir):
        target = catalog_path(locales_dir, folder, template_file.stem)
        if target.exists():
            kept.append(target)
            continue
        catalog = new_catalog(read_catalog(template_file), locale, revision_date=reproducible_now())
        fill_from_memory(catalog, memory, path=reference(target))
        planned[target] = format_catalog(catalog, width=width).encode("utf-8")
    return CatalogPlan(planned, frozenset(planned), tuple(kept))


def plan_updates(locales_dir: Path, *, width: int, compendiums: Sequence[Path] = ()) -> CatalogPlan:
    """The catalogs ``update`` would write: every template merged into every catalog.

    A locale folder that lacks a catalog for a template (a new article) gets a
    new one. Then each untranslated entry is offered a translation from the
    locale's other catalogs (as merged) and its compendiums, fuzzy (see
    :mod:`pain_content.memory`). The memory is built from the merged
    catalogs, in which what it fills is fuzzy and so not remembered: a second
    run changes nothing. A catalog whose bytes would not change is not planned.

    Raises:
        CatalogError: a template, catalog or compendium does not parse.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    templates = {path.stem: read_catalog(path) for path in find_templates(locales_dir)}
    planned: dict[Path, bytes] = {}
    created: set[Path] = set()
    for folder in find_locale_folders(locales_dir):
        locale = parse_locale(folder)
        merged: dict[Path, polib.POFile] = {}
        for slug, template in templates.items():
            target = catalog_path(locales_dir, folder, slug)
            if target.is_file():
                merged[target] = update_catalog(read_catalog(target), template)
            else:
                merged[target] = new_catalog(template, locale, revision_date=reproducible_now())
                created.add(target)
        # A catalog without a template (its article was removed) still remembers.
        others = {
            path: read_catalog(path)
            for path in find_catalogs(locales_dir, folder)
            if path not in merged
        }
        memory = locale_memory({**merged, **others}, _compendium_entries(compendiums, folder))
        for target, catalog in merged.items():
            fill_from_memory(catalog, memory, path=reference(target))
            content = format_catalog(catalog, width=width).encode("utf-8")
            if not target.is_file() or content != target.read_bytes():
                planned[target] = content
    return CatalogPlan(planned, frozenset(created))


def locale_memory(
    catalogs: Mapping[Path, polib.POFile], compendium: Iterable[Remembered] = ()
) -> TranslationMemory:
    """The memory of one locale: its catalogs' translations, then a compendium's."""
    project = [
        item
        for path, catalog in catalogs.items()
        for item in remembered_entries(catalog, path=reference(path))
    ]
    return TranslationMemory([*project, *compendium])


def _compendium_entries(compendiums: Sequence[Path], folder: str) -> list[Remembered]:
    """The translations of the compendiums whose ``Language`` header is this locale's."""
    found: list[Remembered] = []
    for path in compendiums:
        catalog = read_catalog(path)
        language = catalog.metadata.get("Language", "").strip()
        if not language:
            raise CatalogError(
                "a compendium needs a Language header: it says which locale it translates",
                Location(str(path), 1),
            )
        try:
            compendium_folder = folder_name(parse_locale(language))
        except PainContentError as exc:
            raise CatalogError(f"Language header: {exc.message}", Location(str(path), 1)) from exc
        if compendium_folder == folder:
            found += remembered_entries(catalog, path=reference(path))
    return found


@dataclass(frozen=True, slots=True)
class OutOfDate:
    """A template change ``update`` has not merged into a catalog yet."""

    catalog: Path
    path: Path
    """Where the change is: the catalog, or the template when the catalog lacks the entry."""
    line: int
    """1-based line of the entry's ``msgid`` in ``path`` (0: the whole file)."""
    msgid: str
    reason: str


def find_unmerged(locales_dir: Path) -> list[OutOfDate]:
    """What ``update --check`` reports: each entry whose template change is not merged.

    A catalog another tool merely re-saved (polib, GNU ``msgcat``, Poedit) is
    up to date; see :func:`pain_content.catalogs.unmerged_changes`.

    Raises:
        CatalogError: a template or catalog does not parse.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    templates = {path: read_catalog(path) for path in find_templates(locales_dir)}
    found: list[OutOfDate] = []
    for folder in find_locale_folders(locales_dir):
        for template_file, template in templates.items():
            target = catalog_path(locales_dir, folder, template_file.stem)
            if not target.is_file():
                found.append(OutOfDate(target, target, 0, "", "missing; 'update' creates it"))
                continue
            found += [
                OutOfDate(
                    target,
                    template_file if change.in_template else target,
                    entry_line(change.entry),
                    change.entry.msgid,
                    change.reason,
                )
                for change in unmerged_changes(read_catalog(target), template)
            ]
    return found
