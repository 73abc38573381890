"""Findings kept by content: an entry whose text did not change is not checked again.

An entry's findings depend only on its text (msgctxt, msgid, msgid_plural and
every msgstr), the catalog's plural rule, the locale, the project's check
settings and the rules themselves: the library's code and data, and the
versions of the libraries that read numbers and Markdown for them (Babel's
CLDR data, markdown-it-py). :class:`EntryKeys` hashes all of them, so a cached
finding is always one the rules give now. A build keeps each catalog's cache
beside its manifest (see :mod:`pain_content.build`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import polib
from babel import Locale

from ..content_cache import ContentCache
from ..locales import CLDR_TABLE
from .config import CheckConfig

_CACHE_VERSION = 2  # 2: entry keys hash texts after their lengths, not a tuple's repr

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


class EntryKeys:
    """The keys of one catalog's entries: what its entries share is hashed once."""

    def __init__(
        self,
        *,
        plural_rule: tuple[int, int, tuple[int, ...]],
        locale: Locale,
        config: CheckConfig,
        is_ui: bool,
    ) -> None:
        shared = (rules_digest(), str(locale), repr(config), is_ui)
        self._shared = hashlib.sha256(repr(shared).encode("utf-8", "surrogatepass"))
        self._plural_rule = plural_rule

    def of(self, entry: polib.POEntry) -> str:
        """Everything an entry's findings depend on, hashed (the plural rule and forms
        matter to plural entries only, the msgstr to the others)."""
        msgid, msgctxt = entry.msgid, entry.msgctxt
        # Each text after its length, so where one ends is never in doubt; "" is a
        # context too, as in gettext. A text as it is, not its repr: half the cost.
        context = "n" if msgctxt is None else f"c{len(msgctxt)}:{msgctxt}"
        if entry.msgid_plural:
            plural = repr(
                (entry.msgid_plural, sorted(entry.msgstr_plural.items()), self._plural_rule)
            )
            spelled = f"{context}p{len(msgid)}:{msgid}{plural}"
        else:
            spelled = f"{context}s{len(msgid)}:{msgid}{entry.msgstr}"
        # The shared part is one whole tuple's repr, so where it ends is never in doubt.
        hasher = self._shared.copy()
        hasher.update(spelled.encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()[:32]


class CheckCache(ContentCache[Recorded]):
    """The findings of entries checked before, by :class:`EntryKeys`; ``computed``
    counts the entries that had to be checked."""

    @staticmethod
    def decode(document: Any) -> Mapping[str, Recorded]:
        if document.get("version") != _CACHE_VERSION:
            return {}
        return {
            str(key): tuple((str(code), str(message)) for code, message in findings)
            for key, findings in document["entries"].items()
        }

    @staticmethod
    def encode(items: list[tuple[str, Recorded]]) -> dict[str, object]:
        return {
            "version": _CACHE_VERSION,
            "entries": {key: [list(item) for item in found] for key, found in items},
        }
