"""Planning a build: what each job's output depends on, and what the last build left.

A job's digest hashes everything its files are made from (the source, the
catalog, the languages the article is published in, the settings, and the
library's own templates and ui catalogs). A job whose digest is the one the
manifest recorded, whose files are all there and whose ``.mo`` is the one it
compiled, is fresh: it is not run again. Content hashes, never modification
times, decide; the same rule covers pages and ``.mo`` files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import __version__
from .locales import CLDR_TABLE
from .publishing import HeldBack

MANIFEST = ".pain-content-files.json"
"""What the last build wrote, kept in the output folder."""
CHECKS_FOLDER = ".pain-content-checks"
"""Beside the manifest: each catalog's check findings by content, for the next build."""
LINKS_CACHE = ".pain-content-links.json"
"""Beside the manifest: each source's local links by the digest of its text, for the next build."""
_MANIFEST_VERSION = 5


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What the last build recorded about one job, ``<lang-tag>/<slug>``."""

    digest: str
    """The job's inputs, hashed (see :func:`job_digest`)."""
    files: tuple[str, ...]
    """The files the job wrote, relative to the output folder."""
    title: str
    """The article's title in the job's language, for the language's index page."""
    held_back: tuple[HeldBack, ...]
    """What was held back, reported again when the job is not run."""
    mo_digest: str
    """SHA-256 of the ``.mo`` the job compiled, empty without a catalog."""
    completeness: float
    """Percent of the article's source words the job published; no files when too few."""


Manifest = dict[str, ManifestEntry]
"""Per job name, what the last build recorded."""


def check_cache_name(job: str) -> str:
    """Where a job's check findings are kept, relative to the output folder."""
    return f"{CHECKS_FOLDER}/{job}.json"


def content_digest(content: bytes | str) -> str:
    """SHA-256 of a file's content, in hex."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def chrome_digest() -> str:
    """The version, templates, ui catalogs and locale table (the switcher's names and
    directions): a new page chrome makes every page again."""
    package = Path(str(resources.files("pain_content")))
    hasher = hashlib.sha256(__version__.encode())
    hasher.update((package / CLDR_TABLE).read_bytes())
    for folder in ("templates", "locale"):
        for item in sorted((package / folder).rglob("*")):
            if item.is_file():
                hasher.update(item.name.encode() + b"\0" + item.read_bytes())
    return hasher.hexdigest()


def job_digest(*parts: str) -> str:
    """One job's inputs hashed together with the page chrome: equal digests, equal files."""
    hasher = hashlib.sha256(chrome_digest().encode())
    for part in parts:
        hasher.update(part.encode("utf-8") + b"\0")
    return hasher.hexdigest()


def is_fresh(
    previous: ManifestEntry | None,
    digest: str,
    *,
    exists: Callable[[str], bool],
    mo_digest: str,
) -> bool:
    """Whether a job's files from the last build are still what it would make."""
    return (
        previous is not None
        and previous.digest == digest
        and previous.mo_digest == mo_digest
        and all(exists(name) for name in previous.files)
    )


def parse_manifest(text: str) -> tuple[Manifest, tuple[str, ...]]:
    """The jobs and the whole file list a manifest records; empty for any other text."""
    try:
        loaded = json.loads(text)
        if loaded.get("version") != _MANIFEST_VERSION:
            return {}, ()
        jobs = {
            str(name): ManifestEntry(
                digest=str(entry["digest"]),
                files=tuple(str(file) for file in entry["files"]),
                title=str(entry["title"]),
                held_back=tuple(
                    HeldBack(Path(path), int(line), str(reason))
                    for path, line, reason in entry["held_back"]
                ),
                mo_digest=str(entry["mo_digest"]),
                completeness=float(entry["completeness"]),
            )
            for name, entry in loaded["jobs"].items()
        }
        return jobs, tuple(str(name) for name in loaded["files"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}, ()


def manifest_chunks(jobs: Mapping[str, ManifestEntry], files: Iterable[str]) -> Iterator[bytes]:
    """The manifest of a build, in a stable order, a job at a time.

    Compact JSON, the bytes ``json.dumps(..., separators=(",", ":"))`` gives
    for the whole document, made in pieces so that a build of thousands of
    jobs does not end holding the manifest three times over (as a document,
    as text, as bytes).
    """
    yield f'{{"version":{_MANIFEST_VERSION},"files":['.encode()
    yield ",".join(_json(name) for name in sorted(files)).encode("utf-8")
    yield b'],"jobs":{'
    for index, (name, entry) in enumerate(sorted(jobs.items())):
        recorded = {
            "digest": entry.digest,
            "files": list(entry.files),
            "title": entry.title,
            "held_back": [[str(item.path), item.line, item.reason] for item in entry.held_back],
            "mo_digest": entry.mo_digest,
            "completeness": entry.completeness,
        }
        yield f"{',' if index else ''}{_json(name)}:{_json(recorded)}".encode()
    yield b"}}\n"


def _json(value: object) -> str:
    # Compact: an indented dump takes json's pure-Python encoder, which every
    # build, even one with nothing to do, would pay for thousands of jobs.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
