"""Review records, read from an entry alone: the record, its fingerprint, the entry's state.

The format and the fingerprint are described in :mod:`pain_content.review`,
which signs, restores and revokes records and plans the ``review`` verb (and
re-exports these names). These pure functions are apart so that steps before
the disk (the translation memory) can tell a reviewed entry without depending
on the review plans.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polib

ReviewState = Literal["reviewed", "unreviewed", "stale"]

RECORD_PREFIX = "reviewed:"
"""How a review record starts, in the entry's translator comment."""
MAX_NAME_LENGTH = 42
"""Longest reviewer name: Babel rewraps translator comments longer than 76
characters, which would split a record over two lines."""
_RECORD = re.compile(
    rf"^{re.escape(RECORD_PREFIX)} (\d{{4}}-\d{{2}}-\d{{2}}) ([0-9a-f]{{12}}) (\S.*)$"
)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review record, as read from an entry's translator comment."""

    reviewer: str
    """Who reviewed the entry, as they signed."""
    day: date
    """When."""
    fingerprint: str
    """12 hexadecimal digits: what the reviewer saw (see the module docstring)."""

    def __str__(self) -> str:
        return f"{RECORD_PREFIX} {self.day.isoformat()} {self.fingerprint} {self.reviewer}"


def fingerprint(entry: polib.POEntry) -> str:
    """The short hash of an entry's msgctxt, msgid, msgid_plural and every msgstr.

    >>> fingerprint(polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg."))
    '7355ab44aadc'
    """
    forms = (
        [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        if entry.msgid_plural
        else [entry.msgstr]
    )
    reviewed = [entry.msgctxt, entry.msgid, entry.msgid_plural or None, forms]
    text = json.dumps(reviewed, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_record(entry: polib.POEntry) -> ReviewRecord | None:
    """The entry's review record, or None when it has none (or only a malformed one).

    >>> entry = polib.POEntry(msgid="a", tcomment="reviewed: 2026-12-01 0123456789ab Ana Pérez")
    >>> read_record(entry).reviewer
    'Ana Pérez'
    """
    for line in entry.tcomment.split("\n") if entry.tcomment else ():
        record = parse_record(line)
        if record is not None:
            return record
    return None


def parse_record(line: str) -> ReviewRecord | None:
    """The review record a translator comment line holds, or None when it is not one.

    >>> parse_record("reviewed: 2026-12-01 0123456789ab Ana Pérez").day
    datetime.date(2026, 12, 1)
    >>> parse_record("reviewed: 2026-02-30 0123456789ab Ana Pérez") is None
    True
    """
    found = _RECORD.match(line.strip())
    if not found:
        return None
    try:
        day = date.fromisoformat(found.group(1))
    except ValueError:
        return None
    return ReviewRecord(found.group(3).strip(), day, found.group(2))


def review_state(entry: polib.POEntry) -> ReviewState:
    """Whether the entry carries a valid review record.

    ``stale`` when it carries a record that no longer matches the entry or
    cannot be read, or the entry became fuzzy after review: either way it
    must be reviewed again.
    """
    record = read_record(entry)
    if record is None:
        # A damaged record (a hand edit, a tool that rewrapped it) proves nothing.
        return "stale" if has_record_line(entry) else "unreviewed"
    if record.fingerprint != fingerprint(entry) or "fuzzy" in entry.flags:
        return "stale"
    return "reviewed"


def has_record_line(entry: polib.POEntry) -> bool:
    """True when a translator comment line of the entry is a review record, readable or not."""
    return any(is_record_line(line) for line in (entry.tcomment or "").split("\n"))


def is_record_line(line: str) -> bool:
    """True for a translator comment line that is a review record, damaged or not.

    >>> is_record_line("reviewed: 2026-12-01 0123456789ab Ana Pérez"), is_record_line("Ask Ana")
    (True, False)
    """
    return line.strip().startswith(RECORD_PREFIX)
