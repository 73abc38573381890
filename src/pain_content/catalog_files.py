"""Catalogs and sources on disk: strict reading with lines, atomic writing.

Every file the project writes goes through :func:`write_atomic` (a temporary
file in the same folder, then ``os.replace``), so a reader or a killed process
sees either the old file or the new one, never half of one.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import polib
from babel import Locale

from .catalogs import (
    DATE_FORMAT,
    build_template,
    entry_key,
    mo_bytes,
    mo_messages,
    new_catalog,
    plural_count,
    update_catalog,
)
from .errors import CatalogError, LocaleError, Location, PainContentError, SourceError
from .locales import folder_name, parse_locale
from .units import extract_units

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set('ntrabfv"\\01234567x')
_CHARSET = re.compile(rb"charset=([\w.:-]+)", re.IGNORECASE)
_CHARSET_TEXT = re.compile(r"charset=[\w.:-]+", re.IGNORECASE)


def read_source(path: Path) -> str:
    """Read a Markdown source as UTF-8 (a byte order mark is dropped).

    Raises:
        SourceError: the file is missing or is not UTF-8, with the line of the first bad byte.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", Location(str(path), 0)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(str(path), line)
        ) from exc


def _decode_catalog(raw: bytes, path: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    match = _CHARSET.search(raw[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # an untouched template placeholder
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError as exc:
        raise CatalogError(f"unknown charset {charset!r} in the header", Location(path, 1)) from exc
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CatalogError(f"not valid {charset} text", Location(path, line)) from exc


def _check_syntax(text: str, path: str) -> None:
    """Refuse what GNU msgfmt refuses, with its 1-based line (polib and Babel guess on)."""
    expecting_string = False
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
            if not line:
                continue
        elif not line or line.startswith("#"):
            expecting_string = False
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            string = keyword.group(2)
        elif line.startswith('"') and expecting_string:
            string = line
        else:
            raise CatalogError(f"syntax error: unexpected {line[:30]!r}", Location(path, number))
        if not _STRING.match(string):
            raise CatalogError(
                "syntax error: unterminated or malformed string", Location(path, number)
            )
        for escape in _ESCAPE.findall(string[1:-1]):
            if escape not in _VALID_ESCAPES:
                raise CatalogError(f"invalid escape '\\{escape}' in string", Location(path, number))
        expecting_string = True


def parse_catalog(text: str, path: str) -> polib.POFile:
    """Parse catalog text strictly; ``path`` names it in errors.

    Raises:
        CatalogError: a syntax error, a duplicate entry or a wrong number of plural forms.
    """
    _check_syntax(text, path)
    try:
        catalog = polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            f"cannot parse: {exc}", Location(path, int(found.group(1)) if found else 0)
        ) from exc
    seen: dict[tuple[bool, tuple[str | None, str]], int] = {}
    forms = plural_count(catalog)
    for entry in catalog:
        line = entry.linenum or 0
        key = (entry.obsolete, entry_key(entry))
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first at line {seen[key]})",
                Location(path, line),
            )
        seen[key] = line
        if entry.msgid_plural and not entry.obsolete and len(entry.msgstr_plural) != forms:
            raise CatalogError(
                f"{len(entry.msgstr_plural)} plural forms, but the header declares {forms}",
                Location(path, line),
            )
    return catalog


def read_catalog(path: Path) -> polib.POFile:
    """Read a ``.po`` or ``.pot`` file in whatever charset its header declares.

    Raises:
        CatalogError: the file is missing, undecodable or malformed, with its line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", Location(str(path), 0)) from exc
    return parse_catalog_bytes(raw, str(path))


def parse_catalog_bytes(raw: bytes, path: str) -> polib.POFile:
    """Parse a catalog file's bytes, decoded with the charset its header declares.

    Raises:
        CatalogError: the bytes are undecodable or malformed, with the line.
    """
    return parse_catalog(_decode_catalog(raw, path), path)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )


def _columns(text: str) -> int:
    # As GNU gettext measures: combining marks and format characters (such as
    # Arabic harakat and the Persian zero-width non-joiner) take no column,
    # East Asian wide characters take two.
    if text.isascii():
        return len(text)
    return sum(
        0
        if unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


# Unicode line breaking (UAX #14) as GNU gettext applies it, for the cases
# catalogs meet: a break may follow a space or a hyphen inside a word, and may
# fall between two wide (CJK) characters unless the second closes or must not
# start a line, or the first opens.
_NO_BREAK_BEFORE = set(
    "、。，．：；！？）」』〕】〉》ー々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ・…"
)
_SPACE_OR_HYPHEN = re.compile(r"[ -]")
_NO_BREAK_AFTER = set("（「『〔【〈《")


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in "WF"


def _break_after(text: str, index: int) -> bool:
    current, following = text[index], text[index + 1]
    if current == " ":
        return following != " "
    if current == "-":  # a hyphen inside a word, not before a number (UAX #14 LB20.1, LB25)
        return index > 0 and text[index - 1] not in " -" and following.isalpha()
    return (
        _is_wide(current)
        and _is_wide(following)
        and following not in _NO_BREAK_BEFORE
        and current not in _NO_BREAK_AFTER
    )


def _wrap_escaped(escaped: str, width: int) -> list[str]:
    """Split an escaped string as GNU gettext does: after each ``\\n``, then greedily
    at the last break opportunity that keeps the quoted line within ``width`` columns."""
    lines: list[str] = []
    for piece in re.split(r"(?<=\\n)(?=.)", escaped):
        atoms: list[str] = []
        start = 0
        # Without wide characters only spaces and hyphens can end an atom.
        candidates = (
            (match.start() for match in _SPACE_OR_HYPHEN.finditer(piece, 0, len(piece) - 1))
            if piece.isascii()
            else range(len(piece) - 1)
        )
        for index in candidates:
            if _break_after(piece, index):
                atoms.append(piece[start : index + 1])
                start = index + 1
        atoms.append(piece[start:])
        line, used = "", 0
        for atom in atoms:
            columns = _columns(atom)
            if line and used + columns + 2 > width:
                lines.append(line)
                line, used = "", 0
            line, used = line + atom, used + columns
        if line:
            lines.append(line)
    return lines


def _field(keyword: str, text: str, prefix: str, width: int, no_wrap: bool) -> list[str]:
    escaped = _escape(text)
    single = f'{prefix}{keyword} "{escaped}"'
    has_inner_newline = "\\n" in escaped.removesuffix("\\n")
    if no_wrap or (_columns(single) <= width and not has_inner_newline):
        return [single]
    lines = [f'{prefix}{keyword} ""']
    lines += [f'{prefix}"{chunk}"' for chunk in _wrap_escaped(escaped, width - len(prefix))]
    return lines


def _references(entry: polib.POEntry, width: int) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for path, number in entry.occurrences:
        reference = f"{path}:{number}" if number else path
        if line != "#:" and len(line) + 1 + len(reference) > width:
            lines.append(line)
            line = "#:"
        line += " " + reference
    if line != "#:":
        lines.append(line)
    return lines


def _entry_lines(entry: polib.POEntry, width: int) -> list[str]:
    no_wrap = "no-wrap" in entry.flags
    lines = [f"# {line}".rstrip() for line in entry.tcomment.split("\n")] if entry.tcomment else []
    lines += [f"#. {line}".rstrip() for line in entry.comment.split("\n")] if entry.comment else []
    if not entry.obsolete:
        lines += _references(entry, width)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += _field(keyword, value, previous, width, no_wrap)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += _field("msgctxt", entry.msgctxt, prefix, width, no_wrap)
    lines += _field("msgid", entry.msgid, prefix, width, no_wrap)
    if entry.msgid_plural:
        lines += _field("msgid_plural", entry.msgid_plural, prefix, width, no_wrap)
        for index in sorted(entry.msgstr_plural):
            lines += _field(f"msgstr[{index}]", entry.msgstr_plural[index], prefix, width, no_wrap)
    else:
        lines += _field("msgstr", entry.msgstr, prefix, width, no_wrap)
    return lines


def format_catalog(catalog: polib.POFile, *, width: int = 79) -> str:
    """The catalog as PO text, laid out and wrapped as GNU gettext writes it.

    Lines break after spaces and after ``\\n`` so that no line is wider than
    ``width`` columns (0: no wrapping), as ``msgcat --width`` does for text in
    scripts that separate words with spaces.
    """
    width = width if width > 0 else 2**31
    # We always write UTF-8, whatever charset the file was read in.
    content_type = catalog.metadata.get("Content-Type")
    if content_type is not None:
        catalog.metadata["Content-Type"] = _CHARSET_TEXT.sub("charset=UTF-8", content_type)
    blocks: list[str] = []
    header = [f"# {line}".rstrip() for line in catalog.header.split("\n")] if catalog.header else []
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
    metadata = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    header += _field("msgid", "", "", width, False)
    header += _field("msgstr", metadata, "", width, False)
    blocks.append("\n".join(header))
    for entry in catalog:
        if not entry.obsolete:
            blocks.append("\n".join(_entry_lines(entry, width)))
    for entry in catalog:
        if entry.obsolete:
            blocks.append("\n".join(_entry_lines(entry, width)))
    return "\n\n".join(blocks) + "\n"


class StagedWrites:
    """Files written under temporary names beside their targets, renamed into place together.

    Each :meth:`add` writes the new content next to its target; nothing
    replaces a target until :meth:`commit`, so a command that fails half way
    through leaves every file as it was (:meth:`abort` removes the temporary
    files and the folders made for them). A new file gets the mode the umask
    gives new files, a replaced file keeps its mode: ``mkstemp``'s private
    0600 would make a deployed site unreadable to the web server.
    """

    def __init__(self) -> None:
        self._moves: list[tuple[Path, Path]] = []
        self._made_folders: list[Path] = []

    def add(self, path: Path, content: bytes) -> bool:
        """Stage ``content`` for ``path``; False, staging nothing, when it is unchanged.

        Raises:
            CatalogError: the folder cannot be created or written.
        """
        try:
            if path.is_file() and path.read_bytes() == content:
                return False
            self._make_folder(path.parent)
            mode = path.stat().st_mode & 0o7777 if path.is_file() else _new_file_mode()
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temporary = Path(name)
            self._moves.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.chmod(mode)
        except OSError as exc:
            raise CatalogError(f"cannot write: {exc.strerror}", Location(str(path), 0)) from exc
        return True

    def commit(self) -> None:
        """Put every staged file in place.

        Raises:
            CatalogError: a file cannot be renamed into place.
        """
        for temporary, path in self._moves:
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise CatalogError(f"cannot write: {exc.strerror}", Location(str(path), 0)) from exc
        self._moves.clear()
        self._made_folders.clear()

    def abort(self) -> None:
        """Remove what was staged: the temporary files and the folders made for them."""
        for temporary, _path in self._moves:
            temporary.unlink(missing_ok=True)
        for folder in reversed(self._made_folders):
            with suppress(OSError):
                folder.rmdir()
        self._moves.clear()
        self._made_folders.clear()

    def _make_folder(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for new in reversed(missing):
            new.mkdir()
            self._made_folders.append(new)


def _new_file_mode() -> int:
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` atomically; skip the write when nothing changed.

    Returns True when the file was written.

    Raises:
        CatalogError: the folder cannot be created or written.
    """
    staged = StagedWrites()
    try:
        changed = staged.add(path, content)
        staged.commit()
    except BaseException:
        staged.abort()
        raise
    return changed


# --- The project on disk: source/<slug>.md, locales/<slug>.pot, locales/<ll>/LC_MESSAGES/<slug>.po

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def article_slug(path: Path) -> str:
    """The article's slug, from ``source/<slug>.md``; it names every file made from it.

    Raises:
        SourceError: the name could not be used safely as a file name in every folder.
    """
    if not _SLUG.match(path.stem):
        raise SourceError(
            "article file names may hold only letters, digits, '-' and '_'", Location(str(path), 0)
        )
    return path.stem


def find_sources(source_dir: Path) -> list[Path]:
    """The Markdown sources of a project, sorted by name.

    Raises:
        SourceError: the folder does not exist or holds no ``.md`` file.
    """
    if not source_dir.is_dir():
        raise SourceError("source folder not found", Location(str(source_dir), 0))
    sources = sorted(source_dir.glob("*.md"))
    if not sources:
        raise SourceError("no .md files in the source folder", Location(str(source_dir), 0))
    for path in sources:
        article_slug(path)
    return sources


def template_path(locales_dir: Path, slug: str) -> Path:
    """Where an article's template lives: ``locales/<slug>.pot``."""
    return locales_dir / f"{slug}.pot"


def catalog_path(locales_dir: Path, locale_folder: str, slug: str) -> Path:
    """Where a locale's catalog of an article lives."""
    return locales_dir / locale_folder / "LC_MESSAGES" / f"{slug}.po"


def find_templates(locales_dir: Path) -> list[Path]:
    """The templates of a project, sorted by name.

    Raises:
        CatalogError: there are none (run ``extract`` first).
    """
    templates = sorted(locales_dir.glob("*.pot")) if locales_dir.is_dir() else []
    if not templates:
        raise CatalogError(
            "no templates; run 'pain-content extract' first", Location(str(locales_dir), 0)
        )
    return templates


def find_locale_folders(locales_dir: Path) -> list[str]:
    """Names of the locale folders under ``locales/`` (those holding ``LC_MESSAGES``).

    Raises:
        LocaleError: a folder is not named after a CLDR locale as gettext spells
            it (``pt_BR``, not ``pt-BR``), located at the folder.
    """
    if not locales_dir.is_dir():
        return []
    names = sorted(
        entry.name
        for entry in locales_dir.iterdir()
        if entry.is_dir() and not entry.is_symlink() and (entry / "LC_MESSAGES").is_dir()
    )
    for name in names:
        where = Location(str(locales_dir / name), 0)
        try:
            canonical = folder_name(parse_locale(name))
        except LocaleError as exc:
            raise LocaleError(exc.message, where) from exc
        if canonical != name:
            raise LocaleError(f"locale folder must be named {canonical}", where)
    return names


@contextmanager
def project_lock(locales_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the project while a command writes.

    Two ``update`` or ``build`` runs at once wait for each other instead of
    interleaving. The lock is taken on the ``locales/`` folder itself, so no
    lock file is left behind; without a ``locales/`` folder there is nothing
    to protect yet.
    """
    if not locales_dir.is_dir():
        yield
        return
    descriptor = os.open(locales_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def is_stale(target: Path, *sources: Path) -> bool:
    """True when ``target`` is missing or older than any of ``sources``."""
    if not target.exists():
        return True
    built = target.stat().st_mtime_ns
    return any(source.stat().st_mtime_ns > built for source in sources)


# --- The catalog verbs: each plans every file first, so a failure writes nothing.


def reproducible_now() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when it is set, to the minute, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(second=0, microsecond=0)


def _reference(path: Path) -> str:
    relative = os.path.relpath(path)
    return Path(relative if not relative.startswith("..") else path).as_posix()


def plan_templates(source_dir: Path, locales_dir: Path, *, width: int) -> dict[Path, bytes]:
    """The templates ``extract`` would write: only those whose messages changed.

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
        template = build_template(_reference(source), units, creation_date=now)
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


def plan_new_catalogs(locales_dir: Path, locale: Locale, *, width: int) -> dict[Path, bytes]:
    """The catalogs ``init`` would write for ``locale``, one per template.

    Raises:
        CatalogError: a catalog for this locale exists already, or a template is broken.
    """
    planned: dict[Path, bytes] = {}
    for template_file in find_templates(locales_dir):
        target = catalog_path(locales_dir, folder_name(locale), template_file.stem)
        if target.exists():
            raise CatalogError(
                "catalog exists already; use 'update' to merge new text into it",
                Location(str(target), 0),
            )
        catalog = new_catalog(read_catalog(template_file), locale, revision_date=reproducible_now())
        planned[target] = format_catalog(catalog, width=width).encode("utf-8")
    return planned


def plan_updates(locales_dir: Path, *, width: int) -> dict[Path, bytes]:
    """The catalogs ``update`` would rewrite: every template merged into every catalog.

    A locale folder that lacks a catalog for a template gets a new one.

    Raises:
        CatalogError: a template or catalog does not parse.
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    templates = {path.stem: read_catalog(path) for path in find_templates(locales_dir)}
    planned: dict[Path, bytes] = {}
    for folder in find_locale_folders(locales_dir):
        locale = parse_locale(folder)
        for slug, template in templates.items():
            target = catalog_path(locales_dir, folder, slug)
            if target.is_file():
                catalog = update_catalog(read_catalog(target), template)
            else:
                catalog = new_catalog(template, locale, revision_date=reproducible_now())
            content = format_catalog(catalog, width=width).encode("utf-8")
            if not target.is_file() or content != target.read_bytes():
                planned[target] = content
    return planned


def plan_compiled(locales_dir: Path, *, use_fuzzy: bool, force: bool = False) -> dict[Path, bytes]:
    """The ``.mo`` files ``compile`` would write: those older than their ``.po``.

    Raises:
        CatalogError: a catalog does not parse.
    """
    planned: dict[Path, bytes] = {}
    for folder in find_locale_folders(locales_dir):
        for po_path in sorted((locales_dir / folder / "LC_MESSAGES").glob("*.po")):
            mo_path = po_path.with_suffix(".mo")
            if force or is_stale(mo_path, po_path):
                messages = mo_messages(read_catalog(po_path), use_fuzzy=use_fuzzy)
                planned[mo_path] = mo_bytes(messages)
    return planned


def write_planned(planned: dict[Path, bytes]) -> list[Path]:
    """Write every planned file atomically; return those whose content changed."""
    return [path for path, content in planned.items() if write_atomic(path, content)]
