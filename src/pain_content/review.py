"""Review records: which translations a qualified medical translator approved.

A review record is one translator comment on a catalog entry::

    # reviewed: 2026-12-01 3f9a1c2b7d4e Ana Pérez

that is the date of the review (ISO 8601), a fingerprint of exactly what was
reviewed and the reviewer's name. A translator comment is the one place every
tool keeps: GNU ``msgmerge`` and ``msgcat``, Babel, polib, Poedit and Weblate
carry it over untouched, where a flag or a custom header is dropped or
rewritten by some of them.

The fingerprint is the first 12 hexadecimal digits of the SHA-256 of the
UTF-8 JSON array ``[msgctxt, msgid, msgid_plural, [msgstr...]]``, written
without spaces and without ASCII escapes (``json.dumps(..., ensure_ascii=False,
separators=(",", ":"))``); a missing msgctxt or msgid_plural is ``null`` and
the msgstr list holds the one msgstr, or every plural form in index order.
Any change to the source or the translation changes it, so the record no
longer matches and the entry is *stale*: it counts as unreviewed, without
anyone having to remember. Flags, references and comments are not part of it,
so rewrapping, re-extracting and moving the entry keep the record valid.

The record proves what was approved, not who approved it: anyone who can
edit the file can write one. Who signed and when is kept by version control.

The functions take and change polib entries; only :func:`plan_review` and
:func:`plan_revocation` read catalogs, to plan (never write) their new text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import polib
from babel import Locale

from .atomic_writes import is_stale
from .catalog_files import read_catalog
from .catalogs import has_translation
from .checks import CheckCache, CheckConfig, Finding, check_catalog
from .errors import Location, UsageError
from .locales import folder_name
from .pofile import entry_line, format_catalog
from .project import find_catalogs, find_templates, no_catalogs_error, require_catalog

# Reading a record needs nothing from the disk; it lives in review_records and
# is re-exported here, where signing and the plans are.
from .review_records import MAX_NAME_LENGTH as MAX_NAME_LENGTH
from .review_records import RECORD_PREFIX as RECORD_PREFIX
from .review_records import ReviewRecord as ReviewRecord
from .review_records import ReviewState as ReviewState
from .review_records import fingerprint as fingerprint
from .review_records import has_record_line as has_record_line
from .review_records import is_record_line as is_record_line
from .review_records import parse_record as parse_record
from .review_records import read_record as read_record
from .review_records import review_state as review_state


def check_reviewer_name(name: str) -> str:
    """The reviewer's name, stripped; raises ValueError when it cannot be recorded.

    >>> check_reviewer_name("  Ana Pérez ")
    'Ana Pérez'
    """
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("the reviewer's name is empty")
    if any(not character.isprintable() for character in cleaned):
        raise ValueError("the reviewer's name holds a line break or a control character")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(
            f"the reviewer's name is longer than {MAX_NAME_LENGTH} characters; "
            "a longer record would be rewrapped by some tools (use initials)"
        )
    return cleaned


def refusal(entry: polib.POEntry, error_codes: Iterable[str]) -> str | None:
    """Why an entry cannot be signed, or None when it can.

    Only a translated entry that is not fuzzy, not obsolete and has no error
    finding (``error_codes``, from :func:`pain_content.checks.check_catalog`)
    can be signed.
    """
    codes = sorted(set(error_codes))
    if entry.obsolete:
        return "obsolete"
    if "fuzzy" in entry.flags:
        return "fuzzy: the source changed; the translation must be confirmed first"
    if not has_translation(entry):
        return "not translated"
    if codes:
        return "check errors: " + ", ".join(codes)
    return None


def sign(entry: polib.POEntry, *, reviewer: str, day: date) -> ReviewRecord:
    """Write a review record for the entry as it is now, replacing any earlier one.

    The caller decides that the entry may be signed (see :func:`refusal`).

    Raises:
        ValueError: the reviewer's name cannot be recorded (see :func:`check_reviewer_name`).
    """
    record = ReviewRecord(check_reviewer_name(reviewer), day, fingerprint(entry))
    _attach(entry, record)
    return record


def restore(entry: polib.POEntry, record: ReviewRecord) -> bool:
    """Put back a record made earlier, only if it still describes the entry exactly.

    This signs nothing new: the record's fingerprint must be the entry's as it
    is now (the same source and translation the reviewer approved), and the
    entry must not be fuzzy. Any earlier record is replaced.

    Returns:
        True when the record was put back; False (the entry unchanged) when it
        does not match.
    """
    if record.fingerprint != fingerprint(entry) or "fuzzy" in entry.flags:
        return False
    _attach(entry, record)
    return True


def _attach(entry: polib.POEntry, record: ReviewRecord) -> None:
    revoke(entry)
    entry.tcomment = "\n".join(filter(None, [entry.tcomment, str(record)]))


def revoke(entry: polib.POEntry) -> bool:
    """Remove the entry's review records (damaged ones too); True when there was one."""
    if not entry.tcomment:
        return False
    lines = entry.tcomment.split("\n")
    kept = [line for line in lines if not is_record_line(line)]
    entry.tcomment = "\n".join(kept)
    return len(kept) != len(lines)


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """Review state of the translated entries of one catalog (obsolete ones excluded)."""

    reviewed: int
    unreviewed: int
    stale: int


def review_counts(entries: Iterable[polib.POEntry]) -> ReviewCounts:
    """Count reviewed, unreviewed and stale-review entries among translated or fuzzy ones.

    An untranslated entry counts only when it carries a record (it is stale).
    """
    counts = {"reviewed": 0, "unreviewed": 0, "stale": 0}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        state = review_state(entry)
        if state == "unreviewed" and not has_translation(entry):
            continue
        counts[state] += 1
    return ReviewCounts(**counts)


def is_fully_reviewed(published: Iterable[polib.POEntry]) -> bool:
    """True when there is at least one published entry and every one has a valid record.

    ``published`` are the entries a page shows translated; a page with none
    is the source text and has nothing reviewed.
    """
    has_entries = False
    for entry in published:  # stopping at the first unreviewed: most pages are drafts
        if review_state(entry) != "reviewed":
            return False
        has_entries = True
    return has_entries


def entry_at_line(entries: Iterable[polib.POEntry], line: int) -> polib.POEntry | None:
    """The entry a 1-based ``.po`` line belongs to (its comments, msgid or msgstr lines).

    An entry starts at its first comment line (polib's ``linenum``) and runs to
    the next entry; None for a line of the header.
    """
    found = None
    for entry in entries:
        start = entry.linenum or 0
        if start <= line and (found is None or start > (found.linenum or 0)):
            found = entry
    return found


STALE_CODE = "review-stale"
"""Finding code of an entry whose review record no longer matches it (a warning)."""


def stale_review_findings(catalog: polib.POFile) -> list[Finding]:
    """A warning for each entry in use whose review record is stale, in catalog order."""
    return [
        Finding(STALE_CODE, "warning", _stale_message(entry), entry.msgid, entry_line(entry))
        for entry in catalog
        if not entry.obsolete and review_state(entry) == "stale"
    ]


def catalog_findings(
    catalog: polib.POFile,
    *,
    locale: Locale,
    config: CheckConfig,
    article: str,
    cache: CheckCache | None = None,
) -> list[Finding]:
    """What ``check`` reports of an article's catalog: its check findings, then its
    stale review records. ``cache`` as for :func:`~pain_content.checks.check_catalog`."""
    findings = check_catalog(catalog, locale=locale, config=config, article=article, cache=cache)
    return findings + stale_review_findings(catalog)


def _stale_message(entry: polib.POEntry) -> str:
    record = read_record(entry)
    if record is None:
        return "the review record cannot be read; the entry must be reviewed again"
    return (
        f"the review record of {record.reviewer} ({record.day.isoformat()}) no longer "
        "matches this entry; it must be reviewed again"
    )


# --- The review verb: choose entries, sign or revoke them, plan the catalogs.

Answer = Literal["y", "n", "q"]
"""Sign this entry (y), skip it (n), or stop asking and sign no more (q)."""
Ask = Callable[[polib.POEntry, Path, Sequence[Finding]], Answer]
"""Asks whether to sign an entry of a catalog, shown with its findings."""


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What happened to one chosen entry."""

    action: Literal["signed", "revoked", "refused"]
    path: Path
    """The catalog."""
    line: int
    """The entry's first line in the catalog."""
    msgid: str
    reason: str = ""
    """Why a refused entry was not signed (see :func:`refusal`)."""


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """The outcomes, in catalog order, and the catalogs to rewrite (path → bytes)."""

    outcomes: list[ReviewOutcome] = field(default_factory=list)
    files: dict[Path, bytes] = field(default_factory=dict)


def choose_entries(
    catalog: polib.POFile, *, path: Path, lines: Sequence[int] | None
) -> list[polib.POEntry]:
    """The entries at the given ``.po`` lines, once each, or every entry in use.

    Raises:
        UsageError: a line is in the header, located at it.
    """
    if lines is None:
        return [entry for entry in catalog if not entry.obsolete]
    chosen: list[polib.POEntry] = []
    for line in lines:
        entry = entry_at_line(catalog, line)
        if entry is None:
            raise UsageError(
                "no catalog entry at this line (it is the header)", Location(str(path), line)
            )
        if entry not in chosen:
            chosen.append(entry)
    return chosen


def _chosen_catalogs(
    locales_dir: Path, locale: Locale, article: str | None, done: str
) -> list[Path]:
    if not find_catalogs(locales_dir, folder_name(locale)):
        raise no_catalogs_error(locales_dir, done, folder_name(locale))
    slugs = [article] if article else [path.stem for path in find_templates(locales_dir)]
    return [require_catalog(locales_dir, folder_name(locale), slug) for slug in slugs]


def plan_review(
    locales_dir: Path,
    *,
    locale: Locale,
    reviewer: str,
    day: date,
    config: CheckConfig,
    article: str | None = None,
    lines: Sequence[int] | None = None,
    ask: Ask | None = None,
) -> ReviewPlan:
    """Sign the chosen entries that may be signed; refuse the others.

    The entries are those at ``lines`` of ``article``'s catalog, or every
    entry of ``article``'s catalog, or of every article's (``article`` None).
    Signing everything skips entries whose record is valid, so a record keeps
    who signed it and when, and refuses untranslated entries silently: they
    have nothing to sign. With ``ask``, each entry that may be signed is
    signed only on ``y``; after ``q`` no more are.

    Raises:
        UsageError: a catalog is missing (run ``init`` first), or a line is in the header.
        CatalogError: a template or catalog does not parse.
        ValueError: the reviewer's name cannot be recorded (see :func:`check_reviewer_name`).
    """
    plan = ReviewPlan()
    stopped = False
    for path in _chosen_catalogs(locales_dir, locale, article, "reviewed"):
        catalog = read_catalog(path)
        findings_at: dict[int, list[Finding]] = {}
        for finding in check_catalog(catalog, locale=locale, config=config, article=path.stem):
            findings_at.setdefault(finding.line, []).append(finding)
        for entry in choose_entries(catalog, path=path, lines=lines):
            if stopped or (review_state(entry) == "reviewed" and lines is None):
                continue
            findings = findings_at.get(entry_line(entry), [])
            reason = refusal(entry, [finding.code for finding in findings if finding.is_error])
            if reason is not None:
                if lines is not None or reason != "not translated":
                    plan.outcomes.append(_outcome("refused", path, entry, reason))
                continue
            if ask is not None:
                answer = ask(entry, path, findings)
                stopped = answer == "q"
                if answer != "y":
                    continue
            sign(entry, reviewer=reviewer, day=day)
            plan.outcomes.append(_outcome("signed", path, entry))
        _plan_catalog(plan, path, catalog)
    return plan


def plan_revocation(
    locales_dir: Path,
    *,
    locale: Locale,
    article: str | None = None,
    lines: Sequence[int] | None = None,
) -> ReviewPlan:
    """Remove the review records of the chosen entries (chosen as by :func:`plan_review`).

    Raises:
        UsageError: a catalog is missing (run ``init`` first), or a line is in the header.
        CatalogError: a template or catalog does not parse.
    """
    plan = ReviewPlan()
    for path in _chosen_catalogs(locales_dir, locale, article, "revoked"):
        catalog = read_catalog(path)
        for entry in choose_entries(catalog, path=path, lines=lines):
            if revoke(entry):
                plan.outcomes.append(_outcome("revoked", path, entry))
        _plan_catalog(plan, path, catalog)
    return plan


def _outcome(
    action: Literal["signed", "revoked", "refused"],
    path: Path,
    entry: polib.POEntry,
    reason: str = "",
) -> ReviewOutcome:
    return ReviewOutcome(action, path, entry_line(entry), entry.msgid, reason)


def _plan_catalog(plan: ReviewPlan, path: Path, catalog: polib.POFile) -> None:
    content = format_catalog(catalog).encode("utf-8")
    if is_stale(path, content):
        plan.files[path] = content
