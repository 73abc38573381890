"""New catalogs and merging: what ``init`` and ``update`` make of a template."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from .entries import (
    DATE_FORMAT,
    EntryKey,
    entry_key,
    has_translation,
    plural_count,
    plural_forms_header,
    same_message,
    untranslated_entry,
)
from .template import GENERATED_FLAG
from .text_index import FUZZY_CUTOFF, TextIndex

RETIRED_REVIEW_HEADER = "X-Medical-Review"
"""The hand-typed header that said whether a catalog was reviewed; ``update`` drops it.
Review is now a record per entry (:mod:`pain_content.review`)."""
REVIEW_NOTE = (
    "A qualified medical translator signs the entries they approved with\n"
    "'pain-content review', which adds a translator comment to each entry:\n"
    "'reviewed: DATE HASH NAME'. HASH covers msgctxt, msgid, msgid_plural and\n"
    "every msgstr: an entry changed after its review is unreviewed again."
)
"""How review works, in the header comment of every catalog ``init`` and ``update`` write."""
_RETIRED_REVIEW_NOTE = re.compile(
    r"When a qualified\s+medical\s+translator\s+has\s+reviewed\s+it,\s+set\s+the\s+"
    rf"{RETIRED_REVIEW_HEADER}\s+header\s+to\s+'reviewed'\."
)


def new_catalog(template: polib.POFile, locale: Locale, *, revision_date: datetime) -> polib.POFile:
    """A new, untranslated catalog for ``locale`` (what ``init`` writes).

    It is marked as a draft until a qualified medical translator reviews it.
    """
    catalog = polib.POFile(wrapwidth=template.wrapwidth)
    catalog.header = (
        f"{locale.english_name} translation of {template.metadata.get('Project-Id-Version', '')}.\n"
        f"DRAFT: not reviewed by a qualified medical translator.\n{REVIEW_NOTE}"
    )
    metadata = dict(template.metadata)
    metadata.update(
        {
            "PO-Revision-Date": revision_date.strftime(DATE_FORMAT),
            "Language-Team": locale.english_name or str(locale),
            "Language": str(locale),
            "Plural-Forms": plural_forms_header(locale),
        }
    )
    catalog.metadata = metadata
    plural_count = get_plural(locale).num_plurals
    for template_entry in template:
        catalog.append(untranslated_entry(template_entry, plural_count))
    return catalog


def _merged(template_entry: polib.POEntry, old: polib.POEntry, plural_count: int) -> polib.POEntry:
    entry = untranslated_entry(template_entry, plural_count)
    entry.tcomment = old.tcomment
    translators_flags = [flag for flag in old.flags if not GENERATED_FLAG.match(flag)]
    fuzzy = ["fuzzy"] if "fuzzy" in translators_flags else []  # first, as msgmerge writes it
    entry.flags = list(dict.fromkeys([*fuzzy, *template_entry.flags, *translators_flags]))
    if template_entry.msgid_plural and old.msgid_plural:
        # Forms beyond the header's count are kept: a catalog from another
        # platform may hold them, and no translation is ever lost.
        count = max(plural_count, max(old.msgstr_plural, default=-1) + 1)
        entry.msgstr_plural = {index: old.msgstr_plural.get(index, "") for index in range(count)}
    elif template_entry.msgid_plural:
        entry.msgstr_plural = {
            index: old.msgstr if index == 0 else "" for index in range(plural_count)
        }
    elif old.msgid_plural:
        entry.msgstr = old.msgstr_plural.get(0, "")
    else:
        entry.msgstr = old.msgstr
    return entry


def _mark_fuzzy(entry: polib.POEntry, previous: polib.POEntry) -> None:
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = previous.msgid
    entry.previous_msgid_plural = previous.msgid_plural or None
    entry.previous_msgctxt = previous.msgctxt


def update_catalog(
    catalog: polib.POFile, template: polib.POFile, *, use_fuzzy_matching: bool = True
) -> polib.POFile:
    """Merge a template into a catalog; no translation is ever lost.

    Unchanged entries keep their translation; a changed text becomes fuzzy
    with the previous msgid kept; a removed text becomes obsolete; an obsolete
    text that comes back is revived, as is a fuzzy entry's previous text.
    Translator comments and flags survive. Merging twice changes nothing.
    """
    count = plural_count(catalog)
    current = {entry_key(e): e for e in catalog if not e.obsolete}
    obsolete = {entry_key(e): e for e in catalog if e.obsolete}
    template_keys = {entry_key(e) for e in template}
    disappeared = [
        e for key, e in current.items() if key not in template_keys and has_translation(e)
    ]
    by_previous = {
        (e.previous_msgctxt, e.previous_msgid): e for e in disappeared if e.previous_msgid
    }
    used: set[EntryKey] = set()
    fuzzy_index = TextIndex([entry.msgid for entry in disappeared], cutoff=FUZZY_CUTOFF)

    merged = polib.POFile(wrapwidth=catalog.wrapwidth)
    merged.header = _migrated_header_comment(catalog.header)
    merged.metadata = dict(catalog.metadata)
    merged.metadata.pop(RETIRED_REVIEW_HEADER, None)
    if "POT-Creation-Date" in template.metadata:
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]

    for template_entry in template:
        key = entry_key(template_entry)
        old = current.get(key) or obsolete.get(key)
        if old is not None:
            entry = _merged(template_entry, old, count)
            if "fuzzy" in entry.flags:
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgid_plural = old.previous_msgid_plural
                entry.previous_msgctxt = old.previous_msgctxt
        elif key in by_previous and entry_key(by_previous[key]) not in used:
            # A fuzzy text changed back to what its translation was made for.
            revived = by_previous[key]
            used.add(entry_key(revived))
            entry = _merged(template_entry, revived, count)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        else:
            entry = untranslated_entry(template_entry, count)
            match = (
                _closest(fuzzy_index, disappeared, template_entry.msgid, used)
                if use_fuzzy_matching
                else None
            )
            if match is not None:
                used.add(entry_key(match))
                entry = _merged(template_entry, match, count)
                _mark_fuzzy(entry, match)
        merged.append(entry)

    for key, old in current.items():
        if key not in template_keys and key not in used:
            merged.append(_obsolete(old))
    for key, old in obsolete.items():
        if key not in template_keys:
            merged.append(_obsolete(old))
    return merged


def _closest(
    index: TextIndex, entries: Sequence[polib.POEntry], msgid: str, used: set[EntryKey]
) -> polib.POEntry | None:
    found = index.closest(msgid, skip=lambda i: entry_key(entries[i]) in used)
    return entries[found[0]] if found else None


@dataclass(frozen=True, slots=True)
class Unmerged:
    """An entry where a catalog differs from the template merged into it."""

    entry: polib.POEntry
    """The catalog's entry, or the template's when the catalog lacks it."""
    in_template: bool
    """The entry (and its line) is the template's: the catalog does not have it."""
    reason: str


def unmerged_changes(catalog: polib.POFile, template: polib.POFile) -> list[Unmerged]:
    """What merging ``template`` into ``catalog`` (:func:`update_catalog`) would change.

    Only what the merge decides counts, not how the file is written: a catalog
    re-saved by another tool (re-wrapped, its references on separate lines,
    its Markdown and priority flags dropped, as GNU ``msgcat`` does) has
    nothing unmerged. A changed header counts only when the merge changes a
    field other than the template's creation date (the retired review header).
    """
    merged = update_catalog(catalog, template)
    current = {entry_key(entry): entry for entry in catalog if not entry.obsolete}
    templates = {entry_key(entry): entry for entry in template}
    changes: list[Unmerged] = []
    if _header_fields(merged) != _header_fields(catalog):
        changes.append(Unmerged(polib.POEntry(linenum=1), False, "the header (a retired field)"))
    for entry in merged:
        key = entry_key(entry)
        old = current.get(key)
        if entry.obsolete:
            if old is not None:
                changes.append(Unmerged(old, False, "no longer in the template"))
        elif old is None:
            changes.append(Unmerged(templates[key], True, "new in the template"))
        else:
            before, after = _merged_fields(old), _merged_fields(entry)
            changed = [name for name in after if before[name] != after[name]]
            if changed:
                reason = f"its {' and '.join(changed)} changed in the template"
                changes.append(Unmerged(old, False, reason))
    return changes


def _header_fields(catalog: polib.POFile) -> dict[str, str]:
    return {key: value for key, value in catalog.metadata.items() if key != "POT-Creation-Date"}


def _merged_fields(entry: polib.POEntry) -> dict[str, object]:
    """What a merge decides of an entry, by name, as another tool may write it:
    comments re-wrapped, and without the Markdown and priority flags, which are
    only hints for translators' tools."""
    previous = (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
    return {
        "plural": (entry.msgid_plural or "", sorted(entry.msgstr_plural.items())),
        "translation": entry.msgstr,
        "comment": " ".join((entry.comment or "").split()),
        "translator comment": " ".join((entry.tcomment or "").split()),
        "references": [tuple(occurrence) for occurrence in entry.occurrences],
        "flags": sorted(flag for flag in entry.flags if not GENERATED_FLAG.match(flag)),
        "previous text": tuple(part or "" for part in previous),
    }


def _migrated_header_comment(header: str) -> str:
    """The header comment with the retired header's instruction replaced by :data:`REVIEW_NOTE`.

    >>> _migrated_header_comment("DRAFT. When a qualified medical translator has reviewed it,"
    ...     " set the X-Medical-Review header to 'reviewed'.").splitlines()[:2]
    ['DRAFT.', 'A qualified medical translator signs the entries they approved with']
    """
    if not _RETIRED_REVIEW_NOTE.search(header):
        return header
    replaced = _RETIRED_REVIEW_NOTE.sub(lambda _: "\n" + REVIEW_NOTE, header)
    return "\n".join(line.rstrip() for line in replaced.split("\n") if line.strip())


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    return same_message(
        old,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        previous_msgid=old.previous_msgid,
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid_plural=old.previous_msgid_plural,
        obsolete=True,
    )
