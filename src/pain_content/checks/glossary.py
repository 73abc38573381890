"""Rules of the project's medical glossary (:mod:`pain_content.glossary`), per message.

A term of the glossary in the source must be rendered as the glossary says in
the translation: a forbidden rendering is an error (a known wrong or dangerous
rendering never reaches a patient), a missing required rendering a warning
(the translator may have rephrased correctly), and a term that is not to be
translated must appear as it is.

Renderings are found case-insensitively, as whole words of their script (a
rendering glued to more letters is another word; in scripts written without
spaces, any occurrence counts), in what a reader sees of the translation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..locales import is_source_locale
from .registry import rule
from .wording import contains_verbatim

if TYPE_CHECKING:
    from ..glossary import GlossaryTerm
    from .config import CheckConfig
    from .pair import Pair


def _contains(text: str, rendering: str) -> bool:
    return contains_verbatim(" ".join(text.split()).casefold(), rendering.casefold())


def _source_terms(pair: Pair, config: CheckConfig) -> list[GlossaryTerm]:
    """The glossary terms in the source text of a translation (none for the source language)."""
    if not config.glossary.terms or is_source_locale(pair.locale):
        return []
    return config.glossary.terms_in(pair.source.visible)


def _has_glossary(pair: Pair, config: CheckConfig) -> bool:
    """The project has a glossary: without one, neither glossary rule has a term to look for."""
    return bool(config.glossary.terms)


@rule("glossary-forbidden", "error", needs=_has_glossary)
def check_forbidden_renderings(pair: Pair, config: CheckConfig) -> list[str]:
    """No forbidden rendering of a glossary term of the source in the translation."""
    messages = []
    for term in _source_terms(pair, config):
        for rendering in term.forbidden_in(pair.locale):
            if _contains(pair.translation.visible, rendering):
                allowed = term.allowed_in(pair.locale)
                advice = f"; use {allowed[0]!r}" if allowed else ""
                messages.append(
                    f"{rendering!r} is a forbidden rendering of the glossary term"
                    f" {term.term!r}{advice}"
                )
    return messages


@rule("glossary-term", "warning", needs=_has_glossary)
def check_glossary_terms(pair: Pair, config: CheckConfig) -> list[str]:
    """Each glossary term of the source is rendered as the glossary says, or kept as it is."""
    messages = []
    for term in _source_terms(pair, config):
        if not term.translate:
            if not contains_verbatim(pair.translation.visible, term.term):
                messages.append(
                    f"the glossary term {term.term!r} is not to be translated; keep it as it is"
                )
            continue
        allowed = term.allowed_in(pair.locale)
        if allowed and not any(_contains(pair.translation.visible, item) for item in allowed):
            listed = " or ".join(repr(item) for item in allowed)
            messages.append(
                f"the glossary renders {term.term!r} as {listed}, not found in the translation"
            )
    return messages
