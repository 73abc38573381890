"""Catalogs from units: templates, new catalogs, merging, statistics, MO data.

The in-memory catalog is polib's ``POFile``, not Babel's ``Catalog``: Babel
drops header fields it does not know, reorders the header, flags prose holding ``%`` as ``python-format`` on every read, and drops
``#|`` previous msgids when it merges twice. polib keeps a file as translators'
tools wrote it. Babel still supplies what it is best at: CLDR plural rules.

Nothing here touches the filesystem (see :mod:`pain_content.catalog_files`).
"""

from __future__ import annotations

import difflib
import itertools
import re
import struct
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from . import __version__
from .glossary import Glossary, glossary_comment
from .units import Unit

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
DATE_FORMAT = "%Y-%m-%d %H:%M%z"
DEFAULT_WIDTH = 79
"""Columns GNU gettext wraps catalog lines at."""
# Word-level similarity above which a changed text keeps its old translation
# as a fuzzy suggestion (difflib's default cutoff, as Babel and msgmerge use).
FUZZY_CUTOFF = 0.6
EntryKey = tuple[str | None, str]

# Flags the template decides; a catalog's other flags are its translators'.
# "md-text" is Weblate's Markdown flag, "markdown-text" po4a's; "no-wrap" keeps
# tools from rewrapping a msgid whose line breaks mean something; Weblate
# shows entries with a higher "priority:" first.
MARKDOWN_FLAGS = ("md-text", "markdown-text")
HIGH_PRIORITY_FLAG = "priority:150"
_CHARSET = re.compile(r"charset=[\w.:-]+", re.IGNORECASE)
_GENERATED_FLAG = re.compile(r"^(?:md-text|markdown-text|priority:\d+)$")
# Entries a translator should see first: numbers (doses, times, phone numbers)
# and cautions.
_NEEDS_PRIORITY = re.compile(
    r"\d|\b(?:warn|caution|danger|emergenc|do not|don't|never|stop|call|risk|complication|"
    r"side effect|safe)",
    re.IGNORECASE,
)

# Alerts whose text is a caution, whatever its words.
_CAUTION_ALERTS = frozenset({"important", "warning", "caution"})

SHORTCUT_NOTE = (
    "A link written as [term] is a shortcut reference: translate it as "
    "[translated term][term], keeping the original term in the second brackets."
)
# Places an entry's comment names one by one before it sums up the rest.
MAX_PLACE_LINES = 5


def entry_key(entry: polib.POEntry) -> EntryKey:
    """A catalog entry is identified by its msgctxt and msgid."""
    return (entry.msgctxt, entry.msgid)


def unit_comment(unit: Unit) -> str:
    """The extracted comment translators see: the unit's kind and its heading.

    >>> unit_comment(Unit("Hi", None, 3, "paragraph", ("Title", "Intro")))
    'paragraph under “Intro”'
    >>> unit_comment(Unit("Call 911.", None, 9, "alert", ("Title",), alert="warning"))
    'warning alert under “Title”'
    """
    kind = f"{unit.alert} alert" if unit.alert and unit.kind == "alert" else unit.kind
    if not unit.headings:
        return kind
    return f"{kind} under “{unit.headings[-1]}”"


def entry_comment(units: Sequence[Unit]) -> str:
    """The extracted comment of one entry: where its text occurs, however often.

    One line per distinct place (:func:`unit_comment`), in order of first
    occurrence, with a count when the text occurs there more than once. Past
    :data:`MAX_PLACE_LINES` places the rest are summed up in one line (how
    many, as which kinds, in how many places), so text repeated in thousands
    of table cells stays a few lines a translator reads.
    The shortcut-reference note comes last. Text that occurs once gets exactly
    :func:`unit_comment`.

    >>> cell = Unit("mg", None, 3, "table_cell", ("Doses",))
    >>> entry_comment([cell] * 22_000)
    'table_cell under “Doses” (×22,000)'
    >>> print(entry_comment([Unit("5 mg", None, 1, "paragraph", (f"H{n}",)) for n in range(9)]))
    paragraph under “H0”
    paragraph under “H1”
    paragraph under “H2”
    paragraph under “H3”
    paragraph under “H4”
    and 4 more as paragraph, in 4 other places
    """
    places: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for unit in units:
        place = unit_comment(unit)
        places[place] += 1
        kinds.setdefault(place, unit.kind)
    lines = [
        place if count == 1 else f"{place} (×{count:,})"
        for place, count in itertools.islice(places.items(), MAX_PLACE_LINES)
    ]
    rest = list(places.items())[MAX_PLACE_LINES:]
    if rest:
        rest_kinds = ", ".join(dict.fromkeys(kinds[place] for place, _count in rest))
        total = sum(count for _place, count in rest)
        lines.append(f"and {total:,} more as {rest_kinds}, in {len(rest):,} other places")
    if any(unit.has_shortcut_reference for unit in units):
        lines.append(SHORTCUT_NOTE)
    return "\n".join(lines)


def build_template(
    source_path: str,
    units: Sequence[Unit],
    *,
    creation_date: datetime,
    glossary: Glossary | None = None,
) -> polib.POFile:
    """The template (``.pot``) of one article: one entry per distinct text.

    The same text twice is one entry with both references and one comment
    saying where it occurs (:func:`entry_comment`); every occurrence keeps
    its ``#:`` reference, as xgettext does. Each entry's references and
    comment are gathered once, so the cost is linear in the number of units
    however often a text repeats. Article entries carry no format flags: a
    ``%`` in prose is just a percent. With a ``glossary``, the comment of an
    entry holding its terms ends with a line naming them
    (:func:`pain_content.glossary.glossary_comment`), so translators see them
    in Poedit or Weblate; without one the template is as it always was.
    """
    template = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    template.header = f"Message template for {source_path}.\nGenerated by pain_content."
    template.metadata = template_metadata(source_path, creation_date=creation_date)
    occurrences: dict[EntryKey, list[Unit]] = {}
    for unit in units:
        occurrences.setdefault((unit.msgctxt, unit.msgid), []).append(unit)
    for (msgctxt, msgid), entry_units in occurrences.items():
        template.append(
            polib.POEntry(
                msgid=msgid,
                msgctxt=msgctxt,
                msgstr="",
                occurrences=[(source_path, str(unit.lineno)) for unit in entry_units],
                comment=_with_glossary(entry_comment(entry_units), msgid, glossary),
                flags=_entry_flags(entry_units),
            )
        )
    return template


def _with_glossary(comment: str, msgid: str, glossary: Glossary | None) -> str:
    terms = glossary_comment(glossary.terms_in(msgid)) if glossary else ""
    return "\n".join(filter(None, [comment, terms]))


def _entry_flags(units: Sequence[Unit]) -> list[str]:
    # The same text in a caution alert and in a paragraph is one entry: it
    # gets every flag any of its occurrences would, the priority included.
    first_per_alert = {unit.alert: unit for unit in reversed(units)}.values()
    return list(dict.fromkeys(flag for unit in first_per_alert for flag in template_flags(unit)))


def template_metadata(project: str, *, creation_date: datetime) -> dict[str, str]:
    """The header fields of a new template, in the order ``xgettext`` writes them.

    >>> date = datetime.fromisoformat("2026-01-02T00:00+00:00")
    >>> template_metadata("source/a.md", creation_date=date)["POT-Creation-Date"]
    '2026-01-02 00:00+0000'
    """
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date.strftime(DATE_FORMAT),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"pain_content {__version__}",
    }


def template_flags(unit: Unit) -> list[str]:
    """The flags a template gives an article entry.

    >>> template_flags(Unit("Take 5 mg.", None, 1, "paragraph"))
    ['md-text', 'markdown-text', 'priority:150']
    >>> template_flags(Unit("A code span `over\\ntwo lines`", None, 1, "paragraph"))
    ['md-text', 'markdown-text', 'no-wrap']
    >>> template_flags(Unit("Ask us first.", None, 1, "alert", alert="caution"))
    ['md-text', 'markdown-text', 'priority:150']
    """
    flags = list(MARKDOWN_FLAGS)
    if "\n" in unit.msgid:
        flags.append("no-wrap")
    if unit.alert in _CAUTION_ALERTS or _NEEDS_PRIORITY.search(unit.msgid):
        flags.append(HIGH_PRIORITY_FLAG)
    return flags


def plural_forms_header(locale: Locale) -> str:
    """The ``Plural-Forms`` header for a locale, from Babel's CLDR-derived table.

    >>> plural_forms_header(Locale.parse("ru")).split(";")[0]
    'nplurals=3'
    """
    return get_plural(locale).plural_forms


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
        catalog.append(_untranslated(template_entry, plural_count))
    return catalog


def _same_message(entry: polib.POEntry, **fields: Any) -> polib.POEntry:
    """A new entry for the same message (``msgctxt``, ``msgid``, ``msgid_plural``), with its flags."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        flags=list(entry.flags),
        **fields,
    )


def _untranslated(template_entry: polib.POEntry, plural_count: int) -> polib.POEntry:
    entry = _same_message(
        template_entry,
        occurrences=list(template_entry.occurrences),
        comment=template_entry.comment,
    )
    if template_entry.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(plural_count), "")
    else:
        entry.msgstr = ""
    return entry


@dataclass(frozen=True, slots=True)
class PluralForms:
    """What a catalog's ``Plural-Forms`` header says."""

    count: int
    """``nplurals``: how many ``msgstr[]`` forms each plural entry has."""
    expression: str
    """``plural``: the C expression choosing a form for ``n``."""


def plural_forms(catalog: polib.POFile) -> PluralForms:
    """The catalog's ``Plural-Forms`` header; without one, GNU gettext's default (English).

    >>> catalog = polib.POFile()
    >>> catalog.metadata = {"Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);"}
    >>> plural_forms(catalog)
    PluralForms(count=3, expression='(n==1 ? 0 : n<5 ? 1 : 2)')
    """
    count, expression = 2, "n != 1"
    for part in catalog.metadata.get("Plural-Forms", "").split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            count = int(value)
        elif name.strip() == "plural" and value.strip():
            expression = value.strip()
    return PluralForms(count, expression)


def plural_count(catalog: polib.POFile) -> int:
    """How many plural forms the catalog's ``Plural-Forms`` header declares (2 if none)."""
    return plural_forms(catalog).count


def has_translation(entry: polib.POEntry) -> bool:
    """True when the entry holds a translation (every plural form filled)."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _merged(template_entry: polib.POEntry, old: polib.POEntry, plural_count: int) -> polib.POEntry:
    entry = _untranslated(template_entry, plural_count)
    entry.tcomment = old.tcomment
    translators_flags = [flag for flag in old.flags if not _GENERATED_FLAG.match(flag)]
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
    fuzzy_index = TextIndex([entry.msgid for entry in disappeared])

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
            entry = _untranslated(template_entry, count)
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
    found = index.closest(msgid, cutoff=FUZZY_CUTOFF, skip=lambda i: entry_key(entries[i]) in used)
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
        "flags": sorted(flag for flag in entry.flags if not _GENERATED_FLAG.match(flag)),
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


class TextIndex:
    """Finds the texts closest to a new one without comparing every pair.

    An inverted index of words proposes the few texts sharing the most words
    with the new one; only those are compared word by word. A lookup reads the
    postings of its rarest words first and stops after
    :attr:`POSTINGS_BUDGET` of them, so its cost does not grow with the
    number of texts: filling or merging N entries stays linear in N. Ties are
    broken by word and by position, so a lookup gives the same answer in
    every process (set order depends on the hash seed): words are read in
    sorted order and candidates sharing as many words in posting order.
    """

    CANDIDATES = 8
    """Texts compared word by word per lookup, at most."""
    POSTINGS_BUDGET = 1024
    """Postings read per lookup, at most: the words found in thousands of texts
    (the, and, your) say little and are read last, if at all."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.postings: dict[str, list[int]] = {}
        for index, text in enumerate(self.texts):
            for word in sorted(set(text.lower().split())):
                self.postings.setdefault(word, []).append(index)
        self.comparisons = 0
        """Word-by-word comparisons made so far (what a lookup costs, counted by tests)."""
        self.postings_read = 0
        """Postings read so far."""

    def closest(
        self, text: str, *, cutoff: float, skip: Callable[[int], bool] = lambda _index: False
    ) -> tuple[int, float] | None:
        """The position and similarity of the text most like ``text``, if at least ``cutoff``.

        Texts for which ``skip`` is true are not offered. Similarity is
        difflib's ratio on words (1.0: the same words in the same order),
        without autojunk: on long paragraphs character-level matching junks
        common letters and misses obvious edits. As ``difflib.get_close_matches``
        does, the cheap upper bounds are tried first.

        >>> index = TextIndex(["Talk to your doctor first.", "Rest your knee."])
        >>> index.closest("Talk to your nurse first.", cutoff=0.6)
        (0, 0.8)
        """
        words = sorted(
            set(text.lower().split()), key=lambda word: (len(self.postings.get(word, ())), word)
        )
        shared: Counter[int] = Counter()
        budget = self.POSTINGS_BUDGET
        for word in words:
            found = self.postings.get(word, ())
            if len(found) > budget:
                break
            budget -= len(found)
            self.postings_read += len(found)
            shared.update(found)
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text.split())  # difflib caches what it learns of the second sequence
        best: tuple[int, float] | None = None
        compared = 0
        # most_common sorts stably: ties stay in posting order, the same in every process.
        for index, _count in shared.most_common():
            if compared == self.CANDIDATES:
                break
            if skip(index):
                continue
            compared += 1
            self.comparisons += 1
            matcher.set_seq1(self.texts[index].split())
            floor = best[1] if best else cutoff
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor and (best is None or score > best[1]):
                best = (index, score)
        return best


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    return _same_message(
        old,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        previous_msgid=old.previous_msgid,
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid_plural=old.previous_msgid_plural,
        obsolete=True,
    )


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """How complete one catalog is, in messages and in source words."""

    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    obsolete_words: int

    @property
    def total(self) -> int:
        """Messages in use (obsolete ones excluded)."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent_translated(self) -> float:
        """Share of messages in use that are translated and not fuzzy, 0 to 100."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_stats(catalog: polib.POFile) -> CatalogStats:
    """Count translated, fuzzy, untranslated and obsolete messages and their words."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0], "obsolete": [0, 0]}
    for entry in catalog:
        if entry.obsolete:
            state = "obsolete"
        elif "fuzzy" in entry.flags:
            state = "fuzzy"
        elif has_translation(entry):
            state = "translated"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += len(entry.msgid.split())
    return CatalogStats(
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        obsolete=counts["obsolete"][0],
        translated_words=counts["translated"][1],
        fuzzy_words=counts["fuzzy"][1],
        untranslated_words=counts["untranslated"][1],
        obsolete_words=counts["obsolete"][1],
    )


def mo_messages(catalog: polib.POFile, *, use_fuzzy: bool) -> dict[bytes, bytes]:
    """The messages GNU ``msgfmt`` puts in a ``.mo`` for this catalog.

    Like msgfmt: obsolete entries are left out, fuzzy ones too unless
    ``use_fuzzy``, and so is any entry whose first form is empty.
    """
    charset = "utf-8"
    messages: dict[bytes, bytes] = {b"": _header_text(catalog).encode(charset)}
    for entry in catalog:
        if entry.obsolete or ("fuzzy" in entry.flags and not use_fuzzy):
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(max(entry.msgstr_plural) + 1)]
            key = f"{entry.msgid}\0{entry.msgid_plural}"
            value = "\0".join(forms)
        else:
            forms = [entry.msgstr]
            key, value = entry.msgid, entry.msgstr
        if not forms[0]:
            continue
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        messages[key.encode(charset)] = value.encode(charset)
    return messages


def utf8_metadata(catalog: polib.POFile) -> dict[str, str]:
    """The header fields, declaring the charset we always write: UTF-8.

    The text was decoded from whatever charset the file declared; what we
    write (``.po`` and ``.mo``) is UTF-8, so the header must say so.
    """
    metadata = dict(catalog.metadata)
    if "Content-Type" in metadata:
        metadata["Content-Type"] = _CHARSET.sub("charset=UTF-8", metadata["Content-Type"])
    return metadata


def _header_text(catalog: polib.POFile) -> str:
    # msgfmt leaves POT-Creation-Date out of the compiled header, so that a
    # new template alone does not change the .mo. A catalog without a charset
    # (no header at all) still gets one: Python's gettext reads a .mo without
    # it as ASCII and fails on any other text.
    metadata = utf8_metadata(catalog)
    metadata.pop("POT-Creation-Date", None)
    if not _CHARSET.search(metadata.get("Content-Type", "")):
        metadata["Content-Type"] = "text/plain; charset=UTF-8"
    return "".join(f"{name}: {value}\n" for name, value in metadata.items())


def mo_bytes(messages: dict[bytes, bytes]) -> bytes:
    """GNU MO file layout (little endian, no hash table), keys sorted as msgfmt does."""
    keys = sorted(messages)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    strings_at = translations_at + 8 * len(keys)
    table_originals: list[int] = []
    table_translations: list[int] = []
    blob = bytearray()
    for key in keys:
        table_originals += [len(key), strings_at + len(blob)]
        blob += key + b"\0"
    for key in keys:
        value = messages[key]
        table_translations += [len(value), strings_at + len(blob)]
        blob += value + b"\0"
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, strings_at
    )
    tables = struct.pack(f"<{len(table_originals)}I", *table_originals)
    tables += struct.pack(f"<{len(table_translations)}I", *table_translations)
    return header + tables + bytes(blob)
