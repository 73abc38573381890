"""Maintainer script: derive the pair table of ``line_breaks`` from libunistring itself.

GNU ``msgcat`` breaks lines with libunistring's ``u8_possible_linebreaks``,
which reads UAX #14's pair table (table 7.3 of its older editions). For each
pair of classes this asks libunistring whether it breaks between a character
of the first class and one of the second, directly (``D``), only with a space
between (``I``), or never (``P``), and writes the table, with the characters
it asked about, to ``src/pain_content/data/line_break_pairs.toml``.

    python scripts/derive_line_break_pairs.py

``tests/test_line_breaks.py`` asks libunistring again about every cell.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import unicodedata
from pathlib import Path

from pain_content.atomic_writes import write_atomic
from pain_content.line_breaks import pair_class

TABLE = Path(__file__).parents[1] / "src" / "pain_content" / "data" / "line_break_pairs.toml"
_UC_BREAK_POSSIBLE = 2  # libunistring's unilbrk.h
# Characters asked about first, where a class has them: the punctuation,
# letters and symbols of patient text; other classes take their first
# characters in code point order.
_NOT_IN_THE_TABLE = frozenset({"SP", "ZW", "CM", "ZWJ", "BK", "CR", "LF", "NL"})
_PREFERRED = (
    "a0 .,;:!?/-()[]{}%$#+\"'\u00a0\u00ab\u201c\u2014\u2010\u2011\u2026\u20ac\u00b0"
    "\u00b1\u00ad\u05d0\u6f22\u5b57\u3002\u3001\uff08\uff09\u3041\u30fc\u3005"
    "\u1100\u1161\u11a8\uac00\uac01\u2060\ufeff\u2024\U0001f1eb\U0001f1f7"
    "\U0001f44d\U0001f3fb"
)


def breaks(text: str) -> list[bool]:
    """Where libunistring allows a break before each character of ``text``."""
    library = ctypes.CDLL(ctypes.util.find_library("unistring"))
    data = text.encode()
    result = ctypes.create_string_buffer(len(data))
    library.u8_possible_linebreaks(data, len(data), b"UTF-8", result)
    offsets = itertools.accumulate((len(c.encode()) for c in text), initial=0)
    return [result.raw[offset] == _UC_BREAK_POSSIBLE for offset in list(offsets)[:-1]]


def pair(before: str, after: str) -> str:
    """``D``, ``I`` or ``P``: how libunistring breaks between the two characters."""
    if breaks(before + after)[1]:
        return "D"
    return "I" if breaks(f"{before} {after}")[2] else "P"


def representatives() -> dict[str, str]:
    """Two characters of each class the table reads, assigned in Python's Unicode database.

    Spaces, marks, the zero-width space and joiner and mandatory breaks are
    the rules' own (:mod:`pain_content.line_breaks`), not the table's.
    """
    found: dict[str, str] = {}
    assigned = (chr(c) for c in range(0x21, 0x30000) if not 0xD800 <= c < 0xE000)
    for character in itertools.chain(_PREFERRED, assigned):
        name = pair_class(character)
        if unicodedata.category(character) == "Cn" or name in _NOT_IN_THE_TABLE:
            continue
        if len(found.setdefault(name, "")) < 2 and character not in found[name]:
            found[name] += character
    return dict(sorted(found.items()))


def _cell(row: str, column: str) -> str:
    verdicts = {pair(before, after) for before in row for after in column}
    if len(verdicts) != 1:
        raise SystemExit(f"libunistring breaks {row!r} and {column!r} differently: {verdicts}")
    return verdicts.pop()


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text)


def main() -> None:
    examples = representatives()
    lines = [
        "# UAX #14's pair table as libunistring 1.0 reads it (GNU msgcat's line breaking):",
        "# the row is the class before a position, the column the class after it;",
        "# D: a break is allowed, I: only with spaces between, P: never.",
        "# Derived from libunistring by scripts/derive_line_break_pairs.py, asking",
        "# about the characters under [examples]; do not edit by hand.",
        "",
        f'columns = "{" ".join(examples)}"',
        "",
        "[rows]",
    ]
    for row in examples:
        cells = "".join(_cell(examples[row], examples[column]) for column in examples)
        lines.append(f'{row} = "{cells}"')
    lines += ["", "[examples]"]
    lines += [f'{name} = "{_escaped(chars)}"' for name, chars in examples.items()]
    write_atomic(TABLE, ("\n".join(lines) + "\n").encode())


if __name__ == "__main__":
    main()
