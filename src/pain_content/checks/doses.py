"""Dose units after numbers, ranges that share a unit, and the rules on doses.

The units and their aliases are ``data/units.toml``, the range connectors
``data/ranges.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from .data import load
from .numbers import Number, describe, pick
from .registry import rule
from .text import BIDI, continues_word

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair


def _compile_aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    # Longest pattern first, so 毫克 is tried before 克 and "unidades
    # internacionales" before "unidades".
    units = load("units.toml")["units"]
    pairs = [(alias, unit) for unit, table in units.items() for alias in table["aliases"]]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return tuple((re.compile(alias), unit) for alias, unit in pairs)


def _compile_range_connector() -> re.Pattern[str]:
    ranges = load("ranges.toml")
    connectors = "|".join([*ranges["symbols"], f"(?i:{'|'.join(ranges['words'])})"])
    return re.compile(rf"[\s{BIDI}]*(?:{connectors})[\s{BIDI}]*")


_ALIASES = _compile_aliases()
_UNIT_GAP = re.compile(rf"[\s{BIDI}]{{0,3}}-?[\s{BIDI}]{{0,2}}")  # "5 mg", "5mg", "5-mg"
_PERCENT_BEFORE = re.compile(rf"[%\u066a][{BIDI}]*$")  # "%50", as Turkish writes it
_RANGE_CONNECTOR = _compile_range_connector()


def _unit_at(plain: str, number: Number) -> tuple[str, str] | None:
    """The dose unit written just after a number, or a percent sign just before it."""
    gap = _UNIT_GAP.match(plain, number.end)
    position = gap.end() if gap else number.end
    for pattern, unit in _ALIASES:
        match = pattern.match(plain, position)
        if match is None or not match.group():
            continue
        if continues_word(plain, match.end(), match.group()[-1]):
            continue  # "5 gotas" is not 5 g, nor "5 лет" 5 L
        if match.group() == "\u0433" and len(number.text) == 4 and plain[match.end() :][:1] == ".":
            return None  # Russian "2020 г." is a year (год), not grams
        return unit, match.group()
    if _PERCENT_BEFORE.search(plain, 0, number.start):
        return "%", plain[number.start - 1]
    return None


def attach_units(numbers: list[Number], plain: str) -> list[Number]:
    """Each number with the dose unit after it, and a range's first number with the range's unit."""
    attached = []
    for number in numbers:
        found = _unit_at(plain, number)
        attached.append(replace(number, unit=found[0], unit_text=found[1]) if found else number)
    for index in range(len(attached) - 2, -1, -1):
        number, following = attached[index], attached[index + 1]
        between = plain[number.end : following.start]
        if number.unit is None and following.unit and _RANGE_CONNECTOR.fullmatch(between):
            attached[index] = replace(number, unit=following.unit, unit_text=following.unit_text)
    return attached


@rule("dose-unit-changed", "error")
def check_dose_units(pair: Pair, config: CheckConfig) -> list[str]:
    """A value on both sides carries the same dose units on both sides.

    A value on one side only is :func:`~.numbers.check_numbers`' finding, not this one's.
    """
    parts = []
    translated_values = {number.value for number in pair.translation.numbers}
    for value in dict.fromkeys(number.value for number in pair.source.numbers):
        if value not in translated_values:
            continue
        old = [n for n in pair.source.numbers if n.value == value and n.unit]
        new = [n for n in pair.translation.numbers if n.value == value and n.unit]
        old_units, new_units = Counter(n.unit for n in old), Counter(n.unit for n in new)
        if old_units != new_units:
            lost = pick(old, old_units - new_units, lambda n: n.unit)
            added = pick(new, new_units - old_units, lambda n: n.unit)
            parts += _unit_differences(lost, added)
    return ["; ".join(parts)] if parts else []


def _unit_differences(lost: list[Number], added: list[Number]) -> list[str]:
    parts = [
        f"dose {describe(old)} {old.unit} in the source is "
        f"{describe(new)} {new.unit_text} ({new.unit}) in the translation"
        for old, new in zip(lost, added, strict=False)
    ]
    parts += [
        f"dose {describe(old)} {old.unit} in the source has no recognised unit in the "
        f"translation (write {old.unit} or a listed equivalent)"
        for old in lost[len(added) :]
    ]
    parts += [
        f"the translation gives {describe(new)} the unit {new.unit_text} ({new.unit}), "
        "which the source does not"
        for new in added[len(lost) :]
    ]
    return parts


@rule("error-prone-dose", "error")
def check_error_prone_doses(pair: Pair, config: CheckConfig) -> list[str]:
    """No ISMP error-prone dose on either side: a trailing zero (``1.0 mg``, misread
    as 10 mg) or a naked decimal (``.5 mg``, misread as 5 mg).

    https://www.ismp.org/recommendations/error-prone-abbreviations-list
    """
    parts = []
    for where, side in (("source", pair.source), ("translation", pair.translation)):
        for number in side.numbers:
            if number.unit is None:
                continue
            dose = f"{number.text} {number.unit_text}"
            if number.fraction_digits and number.fraction_digits.endswith("0"):
                parts.append(f"trailing zero in {dose} in the {where}")
            if number.is_naked:
                parts.append(f"naked decimal in {dose} in the {where} (write a leading zero)")
    return ["; ".join(parts)] if parts else []
