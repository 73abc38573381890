"""What may reach a patient: the publishable part of a catalog, and what is held back.

A translation is published only when it is not fuzzy, not obsolete, and draws
no error finding from the clinical checks (:mod:`pain_content.checks`). The
rest is held back: the page shows the source text in its place, and the build
says so. Nothing here touches the filesystem.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib
from babel import Locale

from .catalogs import has_translation, mo_bytes, mo_messages, review_status
from .checks import CheckConfig, check_catalog


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A translation the build did not publish, and why."""

    path: str
    """The catalog, as the build named it."""
    line: int
    """1-based line of the entry in the ``.po``."""
    reason: str
    """``fuzzy``, ``obsolete``, or the code and message of the check that failed."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One catalog, split into what is published and what is held back."""

    mo: bytes
    """The publishable translations, compiled as a ``.mo``."""
    held_back: tuple[HeldBack, ...]
    """What is not published, in catalog order."""
    is_reviewed: bool
    """Whether the catalog says a qualified medical translator reviewed it."""


def publish_catalog(
    catalog: polib.POFile, *, path: str, locale: Locale, config: CheckConfig
) -> Publication:
    """Split a parsed catalog into its publishable translations and what is held back."""
    held_back = [
        HeldBack(path, entry.linenum or 0, "obsolete" if entry.obsolete else "fuzzy")
        for entry in catalog
        if (entry.obsolete or "fuzzy" in entry.flags) and has_translation(entry)
    ]
    failing = set()
    for finding in check_catalog(catalog, locale=locale, config=config):
        if finding.is_error and finding.msgid:
            failing.add(finding.msgid)
            held_back.append(HeldBack(path, finding.line, f"{finding.code}: {finding.message}"))
    publishable = polib.POFile()
    publishable.metadata = catalog.metadata
    publishable.extend(entry for entry in catalog if entry.msgid not in failing)
    return Publication(
        mo=mo_bytes(mo_messages(publishable, use_fuzzy=False)),
        held_back=tuple(sorted(held_back, key=lambda item: item.line)),
        is_reviewed=review_status(catalog) == "reviewed",
    )
