"""The pair table GNU's line breaking reads, asked of libunistring itself."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from libunistring import possible_breaks
from pain_content.line_breaks import PAIR_CLASSES, break_opportunities, pair_class

_DATA = tomllib.loads(
    resources.files("pain_content").joinpath("data", "line_break_pairs.toml").read_text("utf-8")
)


@pytest.mark.parametrize("row", PAIR_CLASSES)
def test_every_cell_of_the_pair_table_is_what_libunistring_does(row: str) -> None:
    """For each cell and each example character of its classes, libunistring
    breaks directly (D), only after a space (I) or never (P), as the table says."""
    for column, verdict in zip(PAIR_CLASSES, _DATA["rows"][row], strict=True):
        for before in _DATA["examples"][row]:
            for after in _DATA["examples"][column]:
                assert pair_class(before) == row and pair_class(after) == column
                direct, spaced = f"{before}{after}", f"{before} {after}"
                expected = (verdict == "D", verdict in "DI")
                found = (1 in possible_breaks(direct), 2 in possible_breaks(spaced))
                assert found == expected, (row, column, before, after)
                assert (1 in break_opportunities(direct), 2 in break_opportunities(spaced)) == found


def test_the_table_covers_every_class_a_character_resolves_to() -> None:
    """Every class but the rules' own (spaces, marks, zero-width space and joiner,
    mandatory breaks) has a row and a column."""
    classes = {pair_class(chr(c)) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000}
    rules_own = {"SP", "ZW", "CM", "ZWJ", "BK", "CR", "LF", "NL"}
    assert classes - rules_own == set(PAIR_CLASSES)
    assert set(_DATA["rows"]) == set(PAIR_CLASSES)
