"""The translation memory: a locale's existing translations, offered to new and changed entries.

The memory of a locale is every translated, confirmed (not fuzzy, not
obsolete) entry of the project's other catalogs of that locale, plus any
``--compendium`` catalogs, as ``msgmerge --compendium`` takes them. ``init``
and ``update`` offer an untranslated entry the translation of the same text
(an *exact* match), or of the closest text at least :data:`MEMORY_CUTOFF`
alike (a *close* match), always marked fuzzy with a translator comment
saying where it came from::

    # memory: exact match from locales/es/LC_MESSAGES/knee-pain.po
    # memory: reviewed there by Ana Pérez on 2026-12-01; not reviewed here

or, for a close match, the similarity and the text the translation was made
for, so a translator sees what differs::

    # memory: close match (90% alike) from locales/es/LC_MESSAGES/knee-pain.po
    # memory: translated for: Talk to your healthcare provider before you start a new exercise.

A fuzzy entry is never published, so nothing from the memory reaches a
patient before a translator confirms it; the review record of the entry it
came from is never copied (the fingerprint covers only this entry, which is
unreviewed). An entry that already has a translation is never touched.

Exact matches are found by msgid (msgctxt is an article's own
disambiguation, not part of the text); close ones through
:class:`~pain_content.catalogs.TextIndex`, so a lookup costs the same in a
project of ten articles as in one of a thousand. Plural entries are neither
offered nor filled: article text has none.

Nothing here touches the filesystem: the plans in
:mod:`pain_content.catalog_files` read the catalogs and hand them over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polib

from .catalogs import FUZZY_CUTOFF, TextIndex, has_translation
from .review_records import ReviewRecord, read_record, review_state

MEMORY_CUTOFF = FUZZY_CUTOFF
"""Word-level similarity from which another text's translation is offered: the
cutoff ``update`` uses for a text that changed."""
MEMORY_NOTE = "memory:"
"""How the translator comment of an entry filled from the memory starts."""


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """What the memory offers one msgid."""

    remembered: Remembered
    similarity: float
    """1.0 for an exact match; from :data:`MEMORY_CUTOFF` for a close one."""

    @property
    def is_exact(self) -> bool:
        """True when the remembered text is the same msgid."""
        return self.similarity == 1.0


@dataclass(frozen=True, slots=True)
class Remembered:
    """One translation in the memory, and where it is."""

    msgid: str
    msgstr: str
    catalog: str
    """The catalog it is in, as a path to name in comments (``locales/es/LC_MESSAGES/a.po``)."""
    review: ReviewRecord | None
    """Its review record there, when it carries a valid one."""


def remembered_entries(catalog: polib.POFile, *, path: str) -> list[Remembered]:
    """The translations a catalog gives the memory: translated, not fuzzy, not obsolete, singular."""
    found = []
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags or entry.msgid_plural:
            continue
        if not entry.msgid or not has_translation(entry):
            continue
        record = read_record(entry) if review_state(entry) == "reviewed" else None
        found.append(Remembered(entry.msgid, entry.msgstr, path, record))
    return found


class TranslationMemory:
    """A locale's translations, looked up by exact text, then by the closest text."""

    def __init__(self, remembered: Iterable[Remembered]) -> None:
        self.remembered = list(remembered)
        self._exact: dict[str, list[int]] = {}
        for position, item in enumerate(self.remembered):
            self._exact.setdefault(item.msgid, []).append(position)
        self.index = TextIndex([item.msgid for item in self.remembered], cutoff=MEMORY_CUTOFF)

    def __len__(self) -> int:
        return len(self.remembered)

    def lookup(self, msgid: str, *, excluding: str = "") -> MemoryMatch | None:
        """The best translation for ``msgid`` outside the catalog ``excluding``.

        An exact match wins over a close one, and a reviewed exact match over
        an unreviewed one; among equals, the first catalog in the order the
        memory was built (the project's catalogs by slug, then compendiums).
        """
        exact = [
            self.remembered[position]
            for position in self._exact.get(msgid, ())
            if self.remembered[position].catalog != excluding
        ]
        if exact:
            reviewed = [item for item in exact if item.review is not None]
            return MemoryMatch((reviewed or exact)[0], 1.0)
        found = self.index.closest(
            msgid,
            skip=lambda position: self.remembered[position].catalog == excluding,
        )
        if found is None:
            return None
        position, score = found
        return MemoryMatch(self.remembered[position], min(score, 0.99))


def memory_comment(match: MemoryMatch) -> str:
    """The translator comment of an entry filled from the memory.

    >>> item = Remembered("Risks", "Riesgos", "locales/es/LC_MESSAGES/a.po", None)
    >>> memory_comment(MemoryMatch(item, 1.0))
    'memory: exact match from locales/es/LC_MESSAGES/a.po'
    >>> print(memory_comment(MemoryMatch(item, 0.8125)))
    memory: close match (81% alike) from locales/es/LC_MESSAGES/a.po
    memory: translated for: Risks
    """
    item = match.remembered
    if not match.is_exact:
        text = " ".join(item.msgid.split())
        return (
            f"{MEMORY_NOTE} close match ({int(match.similarity * 100)}% alike) from {item.catalog}\n"
            f"{MEMORY_NOTE} translated for: {text}"
        )
    lines = [f"{MEMORY_NOTE} exact match from {item.catalog}"]
    if item.review is not None:
        lines.append(
            f"{MEMORY_NOTE} reviewed there by {item.review.reviewer}"
            f" on {item.review.day.isoformat()}; not reviewed here"
        )
    return "\n".join(lines)


def fill_from_memory(catalog: polib.POFile, memory: TranslationMemory, *, path: str) -> None:
    """Fill the catalog's untranslated entries from the memory, in place.

    Each filled entry is fuzzy, with :func:`memory_comment` added to its
    translator comment. Entries with a translation (fuzzy ones too),
    obsolete and plural entries are left as they are, and so are matches
    from ``path`` itself, so filling twice changes nothing.
    """
    for entry in catalog:
        if entry.obsolete or entry.msgid_plural or has_translation(entry) or not entry.msgid:
            continue
        match = memory.lookup(entry.msgid, excluding=path)
        if match is None:
            continue
        entry.msgstr = match.remembered.msgstr
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.tcomment = "\n".join(filter(None, [entry.tcomment, memory_comment(match)]))


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """How much of one catalog another article's translations cover."""

    entries: int
    """Entries in use with text."""
    exact: int
    """Entries whose text another catalog of the locale has translated."""
    close: int
    """Entries only close to a translated text elsewhere."""
    exact_words: int
    """Source words of the exact matches (each entry once): words a translator need not type."""
    close_words: int
    """Source words of the close matches."""


def memory_stats(
    catalogs: Mapping[str, polib.POFile], memory: TranslationMemory
) -> dict[str, MemoryStats]:
    """For each catalog (by path), its entries matched by another catalog of the memory.

    Every entry in use counts, translated or not: the figure is how much of
    the article a translator starting from nothing would be offered.
    """
    return {
        path: _catalog_memory_stats(path, catalog, memory) for path, catalog in catalogs.items()
    }


def _catalog_memory_stats(
    path: str, catalog: polib.POFile, memory: TranslationMemory
) -> MemoryStats:
    entries = [e for e in catalog if not e.obsolete and e.msgid and not e.msgid_plural]
    exact: list[int] = []
    close: list[int] = []
    for entry in entries:
        match = memory.lookup(entry.msgid, excluding=path)
        if match is not None:
            (exact if match.is_exact else close).append(len(entry.msgid.split()))
    return MemoryStats(len(entries), len(exact), len(close), sum(exact), sum(close))
