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
    """The pieces join to one compact JSON document, files and jobs sorted by name, so a
    build's manifest is the same file however it is made."""
    written = b"".join(manifest_chunks(_JOBS, _FILES)).decode("utf-8")
    version = json.loads(written)["version"]
    expected = (
        f'{{"version":{version},'
        '"files":["ar/fever.html","ar/fever.md","assets/a b.png","en/fever.html","index.html"],'
        '"jobs":{'
        f'"ar/fever":{{"digest":"{"ab" * 32}","files":["ar/fever.html","ar/fever.md"],'
        '"title":"الحمى \\"والألم\\"",'
        '"held_back":[["locales/ar/LC_MESSAGES/fever.po",12,"number-changed: 5 → 50"]],'
        f'"mo_digest":"{"cd" * 32}","completeness":87.5}},'
        f'"en/fever":{{"digest":"{"ef" * 32}","files":["en/fever.html"],"title":"Fever",'
        '"held_back":[],"mo_digest":"","completeness":100.0},'
        f'"zh-Hans/fever":{{"digest":"{"01" * 32}","files":[],"title":"发烧",'
        f'"held_back":[],"mo_digest":"{"23" * 32}","completeness":40.0}}'
        "}}\n"
    )
    assert written == expected


def test_the_manifest_reads_back_as_it_was_recorded() -> None:
    assert parse_manifest(b"".join(manifest_chunks(_JOBS, _FILES)).decode("utf-8")) == (
        _JOBS,
        tuple(sorted(_FILES)),
    )


def test_an_empty_build_records_an_empty_manifest() -> None:
    assert parse_manifest(b"".join(manifest_chunks({}, ())).decode("utf-8")) == ({}, ())
