"""libunistring's own line breaking, the reference GNU msgcat wraps by, for the tests."""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools

_LIBUNISTRING = ctypes.CDLL(ctypes.util.find_library("unistring"))
_UC_BREAK_POSSIBLE = 2  # libunistring's unilbrk.h


def possible_breaks(text: str) -> list[int]:
    """Where libunistring allows a line break before a character of ``text``."""
    data = text.encode()
    result = ctypes.create_string_buffer(len(data))
    _LIBUNISTRING.u8_possible_linebreaks(data, len(data), b"UTF-8", result)
    offsets = itertools.accumulate((len(c.encode()) for c in text), initial=0)
    return [
        index
        for index, offset in enumerate(offsets)
        if result.raw[offset : offset + 1] == bytes([_UC_BREAK_POSSIBLE])
    ]
