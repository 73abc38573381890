"""Templates (``.pot``) from units: one entry per distinct text, its comment and its flags."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import polib

from .. import __version__
from ..glossary import Glossary, glossary_comment
from ..units import Unit
from .entries import DATE_FORMAT, DEFAULT_WIDTH, EntryKey

# Flags the template decides; a catalog's other flags are its translators'.
# "md-text" is Weblate's Markdown flag, "markdown-text" po4a's; "no-wrap" keeps
# tools from rewrapping a msgid whose line breaks mean something; Weblate
# shows entries with a higher "priority:" first.
MARKDOWN_FLAGS = ("md-text", "markdown-text")
HIGH_PRIORITY_FLAG = "priority:150"
GENERATED_FLAG = re.compile(r"^(?:md-text|markdown-text|priority:\d+)$")
"""The flags :func:`template_flags` gives; a merge keeps the template's, not the catalog's."""
# Entries a translator should see first: numbers (doses, times, phone numbers)
# and cautions.
# Two searches, not one pattern with "|": a digit is found by a scan of its
# own, and the words by one that starts only at a word boundary.
_DIGIT = re.compile(r"\d")
_CAUTION_WORD = re.compile(
    r"\b(?:warn|caution|danger|emergenc|do not|don't|never|stop|call|risk|complication|"
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
    if len(units) == 1:  # most texts occur once
        (unit,) = units
        return unit_comment(unit) + ("\n" + SHORTCUT_NOTE if unit.has_shortcut_reference else "")
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
    saying where it occurs (:func:`entry_comment`); every line it occurs on
    keeps its ``#:`` reference, once, as xgettext and msgcat write it (two
    table cells on one line are one reference). Each entry's references and
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
                occurrences=list(
                    dict.fromkeys((source_path, str(unit.lineno)) for unit in entry_units)
                ),
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
    if (
        unit.alert in _CAUTION_ALERTS
        or _DIGIT.search(unit.msgid)
        or _CAUTION_WORD.search(unit.msgid)
    ):
        flags.append(HIGH_PRIORITY_FLAG)
    return flags
