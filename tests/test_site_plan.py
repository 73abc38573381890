"""The manifest: what one build records for the next, written a job at a time."""

from __future__ import annotations

import json
from pathlib import Path

from pain_content.publishing import HeldBack
from pain_content.site_plan import ManifestEntry, manifest_chunks, parse_manifest

_JOBS = {
    "ar/fever": ManifestEntry(
        digest="ab" * 32,
        files=("ar/fever.html", "ar/fever.md"),
        title="الحمى \"والألم\"",
        held_back=(HeldBack(Path("locales/ar/LC_MESSAGES/fever.po"), 12, "number-changed: 5 → 50"),),
        mo_digest="cd" * 32,
        completeness=87.5,
    ),
    "en/fever": ManifestEntry(
        digest="ef" * 32, files=("en/fever.html",), title="Fever", held_back=(),
        mo_digest="", completeness=100.0,
    ),
    "zh-Hans/fever": ManifestEntry(
        digest="01" * 32, files=(), title="发烧", held_back=(), mo_digest="23" * 32,
        completeness=40.0,
    ),
}  # fmt: skip
_FILES = {"index.html", "ar/fever.md", "ar/fever.html", "en/fever.html", "assets/a b.png"}


def test_the_manifest_in_pieces_is_the_compact_json_of_the_whole_document() -> None:
    """The pieces join to exactly what one compact ``json.dumps`` of the document gives,
    so a build's manifest is the same file however it is made."""
    written = b"".join(manifest_chunks(_JOBS, _FILES))
    document = {
        "version": json.loads(written)["version"],
        "files": sorted(_FILES),
        "jobs": {
            name: {
                "digest": entry.digest,
                "files": list(entry.files),
                "title": entry.title,
                "held_back": [[str(item.path), item.line, item.reason] for item in entry.held_back],
                "mo_digest": entry.mo_digest,
                "completeness": entry.completeness,
            }
            for name, entry in sorted(_JOBS.items())
        },
    }
    expected = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert written == expected.encode("utf-8")


def test_the_manifest_reads_back_as_it_was_recorded() -> None:
    assert parse_manifest(b"".join(manifest_chunks(_JOBS, _FILES)).decode("utf-8")) == (
        _JOBS,
        tuple(sorted(_FILES)),
    )


def test_an_empty_build_records_an_empty_manifest() -> None:
    assert parse_manifest(b"".join(manifest_chunks({}, ())).decode("utf-8")) == ({}, ())
