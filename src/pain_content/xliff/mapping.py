"""The mapping both ways share: namespaces, states, unit ids, and a message's segments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polib

from ..errors import CatalogError, Location
from ..pofile import entry_line

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
"""The namespace of every XLIFF 2.x document (2.0, 2.1 and 2.2 share it)."""
XLIFF_VERSION = "2.1"
METADATA_NAMESPACE = "urn:oasis:names:tc:xliff:metadata:2.0"
"""The namespace of the XLIFF 2 Metadata module (``mda:``), where review records travel."""
REVIEW_CATEGORY = "pain-content-review"
"""The ``category`` of the ``<mda:metaGroup>`` holding an entry's review record."""
FUZZY_SUBSTATE = "gettext:fuzzy"
"""The ``subState`` of a segment whose entry carries gettext's ``fuzzy`` flag."""
CONFIRMED_STATES = frozenset({"translated", "reviewed", "final"})
"""Segment states that mean a translator confirmed the target."""
STATES = frozenset({"initial", *CONFIRMED_STATES})
"""Every segment state a catalog can hold."""


def xliff_tag(name: str) -> str:
    """An element's name in the XLIFF namespace, as ElementTree spells it."""
    return f"{{{XLIFF_NAMESPACE}}}{name}"


def metadata_tag(name: str) -> str:
    """An element's name in the Metadata module's namespace, as ElementTree spells it."""
    return f"{{{METADATA_NAMESPACE}}}{name}"


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
class Form:
    """One ``<segment>`` of a unit: a singular message's msgstr, or one plural form."""

    segment_id: str
    """``msgstr`` for a singular message, ``msgstr-N`` for plural form N."""
    index: int | None
    """The plural form, or None for a singular message."""
    source: str
    """The msgid (plural form 0) or the msgid_plural (the other forms)."""
    msgstr: str


def message_forms(entry: polib.POEntry, count: int) -> list[Form]:
    """The segments of an entry; a plural entry without forms gets ``count`` empty ones."""
    if not entry.msgid_plural:
        return [Form("msgstr", None, entry.msgid, entry.msgstr)]
    indices = sorted(entry.msgstr_plural) or list(range(count))
    return [
        Form(
            f"msgstr-{index}",
            index,
            entry.msgid if index == 0 else entry.msgid_plural,
            entry.msgstr_plural.get(index, ""),
        )
        for index in indices
    ]


def entries_by_unit_id(
    catalog: polib.POFile, path: str, *, is_catalog_path: bool
) -> dict[str, polib.POEntry]:
    """The messages in use, by unit id.

    Raises:
        CatalogError: two messages share a unit id; at the entry's line when
            ``path`` is the catalog's (not the XLIFF file's).
    """
    entries: dict[str, polib.POEntry] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        identifier = unit_id(entry.msgctxt, entry.msgid)
        if identifier in entries:
            # Only a duplicate entry (which read_catalog refuses) or a SHA-256
            # prefix collision gets here.
            line = entry_line(entry) if is_catalog_path else 0
            raise CatalogError(
                f"two messages in the catalog have the unit id {identifier!r} "
                f"(msgid {entry.msgid!r})",
                Location(path, line),
            )
        entries[identifier] = entry
    return entries
