"""Values kept by the digest of everything they depend on, for the next build.

The check findings of a catalog's entries (:class:`~pain_content.checks.CheckCache`)
and the local links of a source (:class:`~pain_content.link_cache.LinkCache`)
are both kept this way beside the build's manifest: a value whose key is
known is not computed again, and a cache written back holds only the keys
looked up or added since it was read, so it never outgrows the project.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

Value = TypeVar("Value")


class ContentCache(ABC, Generic[Value]):
    """Values by key; counts the values that had to be computed since it was made.

    A subclass says how its values are written (:meth:`encode`) and read back
    (:meth:`decode`); anything :meth:`decode` cannot read exactly makes an
    empty cache, never a wrong value.
    """

    def __init__(self, recorded: Mapping[str, Value] | None = None) -> None:
        self._recorded = dict(recorded or {})
        self._used: dict[str, Value] = {}
        self.computed = 0
        """Values added (not found in the cache) since it was made."""

    @classmethod
    def from_json(cls, data: bytes) -> Self:
        """A cache :meth:`to_json` wrote; an empty one for anything else (none yet,
        another version, damaged)."""
        try:
            return cls(cls.decode(json.loads(data)))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()

    def to_json(self) -> bytes:
        """The values looked up or added, as compact JSON in a stable order."""
        document = self.encode(sorted(self._used.items()))
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    def get(self, key: str) -> Value | None:
        """The value recorded for ``key``, or None when it was not computed before."""
        found = self._recorded.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, value: Value) -> None:
        """Record a value just computed."""
        self.computed += 1
        self._recorded[key] = self._used[key] = value

    @staticmethod
    @abstractmethod
    def decode(document: Any) -> Mapping[str, Value]:
        """The values of a parsed :meth:`to_json` document; empty when it is of
        another version.

        Raises:
            ValueError, TypeError, KeyError, AttributeError: anything damaged.
        """

    @staticmethod
    @abstractmethod
    def encode(items: list[tuple[str, Value]]) -> dict[str, object]:
        """The JSON document of ``items`` (sorted by key)."""
