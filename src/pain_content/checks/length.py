"""The ``length-ratio`` rule: a translation far shorter or longer than its source.

The bounds per language are ``data/length.toml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .data import load
from .registry import rule

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair

_LENGTH = load("length.toml")
_DEFAULT_RATIO_BOUNDS: tuple[float, float] = tuple(_LENGTH["default"])
_RATIO_BOUNDS: dict[str, tuple[float, float]] = {
    language: tuple(bounds) for language, bounds in _LENGTH["languages"].items()
}
_MIN_RATIO_LENGTH: int = _LENGTH["min_source_length"]


@rule("length-ratio", "warning")
def check_length_ratio(pair: Pair, config: CheckConfig) -> list[str]:
    """A translation far shorter or longer than its source may be cut short or padded."""
    if len(pair.source.text) < _MIN_RATIO_LENGTH:
        return []
    low, high = _RATIO_BOUNDS.get(pair.locale.language, _DEFAULT_RATIO_BOUNDS)
    ratio = len(pair.translation.text) / len(pair.source.text)
    if low <= ratio <= high:
        return []
    return [
        f"the translation is {ratio:.2f} times as long as the source (expected {low} to {high})"
    ]
