"""A small project whose articles show images, link to a form and to each other."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import polib
import pytest

from pain_content.cli import main

CARE = """\
---
title: Caring for a sprain
description: Ice, rest and when to call us.
---

# Caring for a sprain

![An ice pack on a knee](img/ice%20pack.png)

Rest the joint. Read the [medicine guide](medicine.md#doses) before you take anything.

<figure>
<img src="img/brace.png" alt="A knee brace">
<figcaption>Wear the brace <a href="forms/consent.pdf">after you sign the form</a>.</figcaption>
</figure>

Sign the [consent form][form] at your visit, and come back to [this page](#caring-for-a-sprain).

[form]: forms/consent.pdf
"""

MEDICINE = """\
# Medicine guide

Back to [caring for a sprain](care.md).

## Doses

Take 1 tablet with water.
"""


def png(width: int, height: int) -> bytes:
    """A valid grey PNG image of the given size."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


CONSENT_PDF = b"%PDF-1.4\n% consent form placeholder\n%%EOF\n"


def make_linked_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write the project, extract it, and translate ``care`` into Spanish (not ``medicine``)."""
    source = root / "source"
    (source / "img").mkdir(parents=True)
    (source / "forms").mkdir()
    (source / "care.md").write_text(CARE, "utf-8")
    (source / "medicine.md").write_text(MEDICINE, "utf-8")
    (source / "img" / "ice pack.png").write_bytes(png(4, 3))
    (source / "img" / "brace.png").write_bytes(png(2, 2))
    (source / "forms" / "consent.pdf").write_bytes(CONSENT_PDF)
    monkeypatch.chdir(root)
    assert main(["extract", "-q"]) == 0 and main(["init", "-q", "-l", "es"]) == 0
    translate_all(root / "locales" / "es" / "LC_MESSAGES" / "care.po")
    return root


def translate_all(po_path: Path) -> None:
    """Give every entry a Spanish-marked translation that keeps its markup."""
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}"
    catalog.save()
