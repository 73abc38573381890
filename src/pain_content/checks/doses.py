"""Dose units after numbers, ranges that share a unit, and the rules on doses.

The units, their aliases, the denominators of compound units (mg/kg, mL/h)
and each language's ways of writing "per" are ``data/units.toml``; the range
connectors, one-word and two-part ("between 5 and 10 mg"), ``data/ranges.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .data import load
from .numbers import Number, describe, has_numbers, pick
from .registry import rule
from .text import BIDI, continues_word

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair


@dataclass(frozen=True, slots=True)
class _Aliases:
    """A table of unit aliases, longest first, and all of them as one pattern."""

    pairs: tuple[tuple[re.Pattern[str], str], ...]
    anyone: re.Pattern[str]
    """The aliases in the same order as alternatives named ``a0``, ``a1``...:
    one C-level match finds the first alias that matches at a position."""
    any_here: re.Pattern[str]
    """The same alternatives without groups: whether any alias matches at a position,
    at a tenth of the cost (re tries a group's alternatives much more slowly)."""


def _compile(table: dict[str, dict[str, list[str]]]) -> _Aliases:
    # Longest pattern first, so 毫克 is tried before 克 and "unidades
    # internacionales" before "unidades".
    pairs = [(alias, unit) for unit, entry in table.items() for alias in entry["aliases"]]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    anyone = "|".join(f"(?P<a{index}>{alias})" for index, (alias, _) in enumerate(pairs))
    any_here = "|".join(f"(?:{alias})" for alias, _ in pairs)
    return _Aliases(
        tuple((re.compile(alias), unit) for alias, unit in pairs),
        re.compile(anyone),
        re.compile(any_here),
    )


def _words(forms: list[str]) -> str:
    return "|".join(sorted(forms, key=len, reverse=True))


_UNITS = load("units.toml")
_RANGES = load("ranges.toml")
_ALIASES = _compile(_UNITS["units"])
# A denominator is a dose unit (per kilogram, per millilitre) or one of its own
# (per square metre, per minute); its kind decides how strictly it is compared.
_DENOMINATOR_KINDS: dict[str, str] = {
    unit: entry["kind"] for unit, entry in _UNITS["denominators"].items()
}
_DENOMINATORS = _compile(
    {
        unit: entry if "aliases" in entry else _UNITS["units"][unit]
        for unit, entry in _UNITS["denominators"].items()
    }
)
_GAP = rf"[\s{BIDI}]"
_UNIT_GAP = re.compile(rf"{_GAP}{{0,3}}-?{_GAP}{{0,2}}")  # "5 mg", "5mg", "5-mg"
_PER = re.compile(rf"{_GAP}*(?:{_words(_UNITS['per']['between'])}){_GAP}*", re.IGNORECASE)
# Korean and Chinese may put the denominator before the number: "kg당 15mg", "每公斤15毫克".
_ANY_DENOMINATOR = "|".join(f"(?:{pattern.pattern})" for pattern, _ in _DENOMINATORS.pairs)
_PER_BEFORE = re.compile(
    rf"(?:(?P<after>{_ANY_DENOMINATOR}){_GAP}*(?:{_words(_UNITS['per']['after'])})"
    rf"|(?:{_words(_UNITS['per']['before'])}){_GAP}*(?P<before>{_ANY_DENOMINATOR})){_GAP}*$"
)
_PERCENT = _UNITS["units"]["%"]
_PERCENT_BEFORE = re.compile(  # "%50" as Turkish writes it; Chinese 百分之50, Somali boqolkiiba 50
    rf"(?:[%\u066a][{BIDI}]*|(?:{_words(_PERCENT['before'])}){_GAP}*)$", re.IGNORECASE
)
# How every match of _PERCENT_BEFORE starts: a text without one has no percent before a number.
_PERCENT_MARK = re.compile(rf"[%\u066a]|{_words(_PERCENT['before'])}", re.IGNORECASE)
_RANGE_CONNECTOR = re.compile(
    rf"{_GAP}*(?:{'|'.join(_RANGES['symbols'])}|(?i:{_words(_RANGES['words'])})){_GAP}*"
)
# "between 5 and 10 mg", "entre 5 y 10 mg": the second word joins a range only after the first.
_RANGE_PAIRS = tuple(
    (
        re.compile(rf"(?:{pair['opens']}){_GAP}*$", re.IGNORECASE),
        re.compile(rf"{_GAP}*(?:{pair['joins']}){_GAP}*", re.IGNORECASE),
    )
    for pair in _RANGES["pairs"]
)


def _match_alias(plain: str, position: int, aliases: _Aliases) -> tuple[str, str] | None:
    """The first alias, in the table's order, that matches a whole unit at ``position``."""
    if aliases.any_here.match(plain, position) is None:
        return None  # most numbers have no unit after them
    match = aliases.anyone.match(plain, position)
    if match is None:
        return None
    first = int((match.lastgroup or "a0")[1:])
    for pattern, unit in aliases.pairs[first:]:
        found = pattern.match(plain, position)
        if found is None or not found.group():
            continue
        if continues_word(plain, found.end(), found.group()[-1]):
            continue  # "5 gotas" is not 5 g, nor "5 лет" 5 L
        return unit, found.group()
    return None


def _unit_at(plain: str, number: Number, has_percent: bool) -> tuple[str, str] | None:
    """The dose unit written just after a number, with its denominators (mg/kg/min),
    or a percent sign just before the number (only if the text ``has_percent``)."""
    gap = _UNIT_GAP.match(plain, number.end)
    position = gap.end() if gap else number.end
    found = _match_alias(plain, position, _ALIASES)
    if found is None:
        percent = _PERCENT_BEFORE.search(plain, 0, number.start) if has_percent else None
        return ("%", percent.group().strip(BIDI + " \u00a0")) if percent else None
    unit, written = found
    if written == "\u0433" and len(number.text) == 4 and plain[position + 1 : position + 2] == ".":
        return None  # Russian "2020 г." is a year (год), not grams
    end = position + len(written)
    while (per := _PER.match(plain, end)) is not None:
        denominator = _match_alias(plain, per.end(), _DENOMINATORS)
        if denominator is None:
            break
        unit += "/" + denominator[0]
        end = per.end() + len(denominator[1])
        written = plain[position:end]
    if "/" not in unit:
        before = _PER_BEFORE.search(plain, max(0, number.start - 40), number.start)
        if before is not None:
            per_unit = before["after"] or before["before"]
            unit += "/" + next(u for p, u in _DENOMINATORS.pairs if p.fullmatch(per_unit))
    return unit, written


def attach_units(numbers: list[Number], plain: str) -> list[Number]:
    """Each number with the dose unit after it, and a range's first number with the range's unit."""
    has_percent = _PERCENT_MARK.search(plain) is not None
    attached = []
    for number in numbers:
        found = _unit_at(plain, number, has_percent)
        attached.append(number._replace(unit=found[0], unit_text=found[1]) if found else number)
    for index in range(len(attached) - 2, -1, -1):
        number, following = attached[index], attached[index + 1]
        between = plain[number.end : following.start]
        if number.unit is None and following.unit and _is_range(plain, number, between):
            attached[index] = number._replace(unit=following.unit, unit_text=following.unit_text)
    return attached


def _is_range(plain: str, first: Number, between: str) -> bool:
    if _RANGE_CONNECTOR.fullmatch(between):
        return True
    head = plain[max(0, first.start - 30) : first.start]
    return any(joins.fullmatch(between) and opens.search(head) for opens, joins in _RANGE_PAIRS)


def _strict(unit: str) -> str:
    """The unit without its per-time denominators: mg/kg/min -> mg/kg."""
    parts = unit.split("/")
    return "/".join(
        part
        for part in parts[:1]
        + [denominator for denominator in parts[1:] if _DENOMINATOR_KINDS[denominator] != "time"]
    )


@rule("dose-unit-changed", "error", needs=has_numbers)
def check_dose_units(pair: Pair, config: CheckConfig) -> list[str]:
    """A value on both sides carries the same dose units on both sides.

    A value on one side only is :func:`~.numbers.check_numbers`' finding, not this one's.
    """
    if not pair.has_numbers:
        return []  # most messages have no number on either side
    if not any(n.unit for n in pair.source.numbers) and not any(
        n.unit for n in pair.translation.numbers
    ):
        return []  # every list compared below holds numbers with a unit
    parts = []
    source = [number for number in pair.source.numbers if not number.is_optional]
    translation = [number for number in pair.translation.numbers if not number.is_optional]
    translated_values = {number.value for number in translation}
    for value in dict.fromkeys(number.value for number in source):
        if value not in translated_values:
            continue
        old = [n for n in source if n.value == value and n.unit]
        new = [n for n in translation if n.value == value and n.unit]
        parts += _differences(old, new, lambda n: _strict(n.unit or ""))
        # A rate per time must agree where both sides write one; a side may
        # leave it to the words ("5 mg a day", Japanese 1日5mg).
        old_rates = [n for n in old if n.unit != _strict(n.unit or "")]
        new_rates = [n for n in new if n.unit != _strict(n.unit or "")]
        if old_rates and new_rates:
            parts += _differences(old_rates, new_rates, lambda n: n.unit or "")
    return ["; ".join(parts)] if parts else []


def _differences(old: list[Number], new: list[Number], key: Callable[[Number], str]) -> list[str]:
    old_units, new_units = Counter(map(key, old)), Counter(map(key, new))
    if old_units == new_units:
        return []
    lost = pick(old, old_units - new_units, key)
    added = pick(new, new_units - old_units, key)
    return _unit_differences(lost, added)


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


@rule("error-prone-dose", "error", needs=has_numbers)
def check_error_prone_doses(pair: Pair, config: CheckConfig) -> list[str]:
    """No ISMP error-prone dose on either side: a trailing zero (``1.0 mg``, misread
    as 10 mg) or a naked decimal (``.5 mg``, misread as 5 mg).

    https://www.ismp.org/recommendations/error-prone-abbreviations-list
    """
    if not pair.has_numbers:
        return []  # most messages have no number on either side
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
