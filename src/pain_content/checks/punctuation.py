"""Rules on the ends of a message: whitespace and sentence punctuation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .registry import rule
from .text import BIDI

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair


@rule("whitespace-ends", "warning")
def check_whitespace_ends(pair: Pair, config: CheckConfig) -> list[str]:
    """Leading and trailing whitespace are kept: in the ``ui`` catalog they join text."""
    source, translation = pair.source.text, pair.translation.text
    # strip() strips what isspace() calls whitespace: no such end, nothing differs.
    if not (
        source[:1].isspace()
        or source[-1:].isspace()
        or translation[:1].isspace()
        or translation[-1:].isspace()
    ):
        return []
    messages = []
    for where, old, new in (
        ("leading", _leading(pair.source.text), _leading(pair.translation.text)),
        ("trailing", _trailing(pair.source.text), _trailing(pair.translation.text)),
    ):
        if old != new:
            messages.append(
                f"{where} whitespace differs: {old!r} in the source, {new!r} in the translation"
            )
    return messages


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


_SOURCE_SENTENCE_END = frozenset(".!?:")
# Sentence punctuation of any script: Latin, the ellipsis and double marks, the
# Greek question mark, Armenian, Arabic and Urdu, Devanagari, Myanmar,
# Ethiopic, Khmer, and CJK ideographic and full-width forms.
_SENTENCE_END = frozenset(
    ".!?:;\u2026\u203c\u2047\u2048\u2049\u037e\u0589\u055e\u061f\u061b\u06d4\u0964\u0965"
    "\u104a\u104b\u1362\u1367\u17d4\u17d5\u3002\uff01\uff0e\uff1a\uff1b\uff1f\uff61"
)
# What may follow the punctuation: closing quotes and brackets, emphasis markers.
_CLOSERS = " \t\n\"')]}*_`~\u2019\u201d\u00bb\u203a\u300d\u300f\u3011\uff09" + BIDI


@rule("punctuation-end", "warning")
def check_end_punctuation(pair: Pair, config: CheckConfig) -> list[str]:
    """A sentence stays a sentence and a fragment a fragment (headings, list labels)."""
    old = pair.source.text.rstrip(_CLOSERS)[-1:]
    new = pair.translation.text.rstrip(_CLOSERS)[-1:]
    if old in _SOURCE_SENTENCE_END and new not in _SENTENCE_END:
        return [f"the source ends with {old!r}, the translation with no sentence punctuation"]
    if old not in _SENTENCE_END and new in _SENTENCE_END:
        return [f"the translation ends with {new!r}, the source with no sentence punctuation"]
    return []
