"""Rules across the catalogs of one locale: one text, one translation, and the other way round.

In medicine an inconsistent term is a risk: "healthcare provider" rendered
three ways on three pages reads as three different people. These rules look
at every catalog of a locale together, so they are not message rules:
``check`` runs them over a locale's catalogs (:func:`check_consistency` over
their :func:`consistency_places`, from :func:`pain_content.status.check_project`),
after each catalog's own findings. They are warnings, for a translator or reviewer to settle: they
never hold a translation back, so ``build`` does not run them.

- ``inconsistent-translation``: the same source text (msgid) translated
  differently in two places, in two articles or under two contexts of one.
- ``shared-translation``: one translation used for two different source
  texts; texts that differ only in case, punctuation or markup count as one.

Only entries that could be published are compared: translated, not fuzzy,
not obsolete, singular. Each finding is on an entry that differs from the
first place (catalogs in the order given, entries in catalog order), and
names that place; the first place gets one finding naming the first that
differs from it, so both ends are in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polib

from ..catalogs import has_translation
from ..pofile import entry_line
from .registry import Finding, declare, finding

declare("inconsistent-translation", "warning")
declare("shared-translation", "warning")

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Place:
    """One publishable translation, as the rules across catalogs compare it.

    The entry's strings alone, so that a whole locale's places can be kept
    while its catalogs are read one at a time.
    """

    path: str
    line: int
    msgid: str
    msgstr: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def consistency_places(path: str, catalog: polib.POFile) -> list[Place]:
    """The entries of a catalog that could be published: translated, not fuzzy,
    not obsolete, singular."""
    return [
        Place(path, entry_line(entry), entry.msgid, entry.msgstr)
        for entry in catalog
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and not entry.msgid_plural
        and has_translation(entry)
    ]


def check_consistency(places: Iterable[Place]) -> dict[str, list[Finding]]:
    """The consistency findings of one locale's places, by catalog path (only paths with
    findings).

    Findings of one catalog come in the order of the rules, then of its entries.
    """
    places = list(places)
    findings: dict[str, list[Finding]] = {}
    same_text = _groups(places, lambda place: place.msgid)
    for group in same_text:
        for place, other in _differing(group, lambda place: _spaced(place.msgstr)):
            message = f"the same text is translated differently at {other}: {other.msgstr!r}"
            findings.setdefault(place.path, []).append(
                _finding("inconsistent-translation", message, place)
            )
    same_translation = _groups(places, lambda place: _spaced(place.msgstr).casefold())
    for group in same_translation:
        for place, other in _differing(group, lambda place: _words(place.msgid)):
            message = (
                f"the same translation is used at {other} for a different text: {other.msgid!r}"
            )
            findings.setdefault(place.path, []).append(
                _finding("shared-translation", message, place)
            )
    for path in findings:
        findings[path].sort(key=lambda item: (item.code != "inconsistent-translation", item.line))
    return findings


def _groups(places: list[Place], key: Callable[[Place], str]) -> list[list[Place]]:
    groups: dict[str, list[Place]] = {}
    for place in places:
        groups.setdefault(key(place), []).append(place)
    return [group for group in groups.values() if len(group) > 1]


def _differing(group: list[Place], value: Callable[[Place], str]) -> list[tuple[Place, Place]]:
    """Each place whose value differs from the first place's, with the place it differs from."""
    first = group[0]
    others = [place for place in group[1:] if value(place) != value(first)]
    if not others:
        return []
    return [(first, others[0]), *((place, first) for place in others)]


def _finding(code: str, message: str, place: Place) -> Finding:
    return finding(code, message, place.msgid, place.line)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> str:
    """A text's words alone, for telling two texts apart.

    >>> _words("**Risks:**") == _words("Risks")
    True
    """
    return _NOT_WORD.sub(" ", text.casefold()).strip()
