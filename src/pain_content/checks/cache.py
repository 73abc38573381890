"""Findings kept by content: an entry whose text did not change is not checked again.

An entry's findings depend only on its text (msgctxt, msgid, msgid_plural and
every msgstr), the catalog's plural rule, the locale, the project's check
settings and the rules themselves: the library's code and data, and the
versions of the libraries that read numbers and Markdown for them (Babel's
CLDR data, markdown-it-py). :func:`entry_key` hashes all of them, so a cached
finding is always one the rules give now. A build keeps each catalog's cache
beside its manifest (see :mod:`pain_content.build`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import polib
from babel import Locale

from ..locales import CLDR_TABLE
from .config import CheckConfig

_CACHE_VERSION = 1

Recorded = tuple[tuple[str, str], ...]
"""The (code, message) of each finding of one entry, in rule order."""


@cache
def rules_digest() -> str:
    """The library's code and check data, and the readers' versions: what the rules are."""
    package = Path(str(resources.files("pain_content")))
    hasher = hashlib.sha256()
    for library in ("babel", "markdown-it-py", "mdit-py-plugins"):
        hasher.update(f"{library} {metadata.version(library)}\0".encode())
    # The locale table holds the number marks the number rules read.
    data = [*package.glob("checks/data/*.toml"), package / CLDR_TABLE]
    for item in sorted([*package.rglob("*.py"), *data]):
        hasher.update(str(item.relative_to(package)).encode() + b"\0" + item.read_bytes())
    return hasher.hexdigest()


def entry_key(
    entry: polib.POEntry,
    *,
    plural_rule: tuple[int, int, tuple[int, ...]],
    locale: Locale,
    config: CheckConfig,
    is_ui: bool,
) -> str:
    """Everything an entry's findings depend on, hashed (``plural_rule`` matters to plural entries only)."""
    parts = (
        rules_digest(),
        str(locale),
        repr(config),
        is_ui,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        sorted(entry.msgstr_plural.items()),
        plural_rule if entry.msgid_plural else None,
    )
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class CheckCache:
    """The findings of entries checked before, by :func:`entry_key`.

    It keeps what was looked up or added since it was made, so a cache
    written back holds the current entries only, and counts the entries that
    had to be checked.
    """

    def __init__(self, recorded: Mapping[str, Recorded] | None = None) -> None:
        self._recorded = dict(recorded or {})
        self._used: dict[str, Recorded] = {}
        self.checked = 0
        """Entries checked (not found in the cache) since it was made."""

    @staticmethod
    def from_json(data: bytes) -> CheckCache:
        """A cache :meth:`to_json` wrote; an empty one for anything else (none yet, old, damaged)."""
        try:
            document = json.loads(data)
            if document.get("version") != _CACHE_VERSION:
                return CheckCache()
            return CheckCache(
                {
                    str(key): tuple((str(code), str(message)) for code, message in findings)
                    for key, findings in document["entries"].items()
                }
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return CheckCache()

    def to_json(self) -> bytes:
        """The findings of the entries looked up or added, as JSON (stable order)."""
        document = {
            "version": _CACHE_VERSION,
            "entries": {
                key: [list(item) for item in found] for key, found in sorted(self._used.items())
            },
        }
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    def get(self, key: str) -> Recorded | None:
        """The findings recorded for ``key``, or None when the entry was not checked before."""
        found = self._recorded.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, findings: Recorded) -> None:
        """Record the findings of an entry just checked."""
        self.checked += 1
        self._recorded[key] = self._used[key] = findings
