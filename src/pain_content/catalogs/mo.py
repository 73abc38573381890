"""MO data: the messages GNU ``msgfmt`` compiles from a catalog, and the file's layout."""

from __future__ import annotations

import struct

import polib

from .entries import CHARSET_PARAMETER, utf8_metadata


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


def _header_text(catalog: polib.POFile) -> str:
    # msgfmt leaves POT-Creation-Date out of the compiled header, so that a
    # new template alone does not change the .mo. A catalog without a charset
    # (no header at all) still gets one: Python's gettext reads a .mo without
    # it as ASCII and fails on any other text.
    metadata = utf8_metadata(catalog)
    metadata.pop("POT-Creation-Date", None)
    if not CHARSET_PARAMETER.search(metadata.get("Content-Type", "")):
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
