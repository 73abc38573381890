"""The ``counter-changed`` rule: a number counts the same thing on both sides.

Chinese, Japanese and Korean attach a counter to a number (2回, two times;
2錠, two tablets; 두 번, twice), and English says what it counts ("twice",
"2 tablets"). :func:`~.number_words.mark_counters` reads what each number
counts; where both sides say it for the same value, it must agree: "2 tablets
once a day" written 1日2回1錠 keeps the values and swaps what they count.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .numbers import Number, describe, has_numbers, pick
from .registry import rule

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair


def _counts(number: Number) -> bool:
    # An optional number (the 1 of 1回2錠, "per time") says "per", not a count.
    return number.counts is not None and not number.is_optional


@rule("counter-changed", "error", needs=has_numbers)
def check_counters(pair: Pair, config: CheckConfig) -> list[str]:
    """A value counted on both sides counts the same things: times, pieces, drops, packets."""
    if not pair.source.numbers or not pair.translation.numbers:
        return []  # most messages have no number on either side
    if not any(map(_counts, pair.source.numbers)) or not any(
        map(_counts, pair.translation.numbers)
    ):
        return []  # a value is compared only when both sides count it
    parts = []
    for value in dict.fromkeys(number.value for number in pair.source.numbers):
        old = [n for n in pair.source.numbers if n.value == value and _counts(n)]
        new = [n for n in pair.translation.numbers if n.value == value and _counts(n)]
        if not old or not new:
            continue
        old_counts, new_counts = Counter(n.counts for n in old), Counter(n.counts for n in new)
        lost = pick(old, old_counts - new_counts, lambda n: n.counts)
        added = pick(new, new_counts - old_counts, lambda n: n.counts)
        parts += [
            f"{describe(before)} counts {before.counts} in the source, "
            f"{describe(after)} counts {after.counts} in the translation"
            for before, after in zip(lost, added, strict=False)
        ]
    return ["; ".join(parts)] if parts else []
