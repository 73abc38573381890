"""Rules on wording: protected terms, false friends, untranslated copies, required statements.

False friends are ``data/false_friends.toml``; protected terms and required
statements come from the project's :class:`~.config.CheckConfig`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import polib

from ..catalogs import has_translation
from ..locales import is_source_locale
from ..markdown_parser import MESSAGES_CACHED
from ..pofile import entry_line
from .data import load
from .registry import Finding, declare, finding, rule
from .text import continues_word

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .config import CheckConfig
    from .pair import Pair


def contains_verbatim(text: str, term: str) -> bool:
    """True when ``term`` is in ``text`` and not glued to more letters of its own script.

    >>> contains_verbatim("ibuprofeno 200 mg", "ibuprofen")
    False
    >>> contains_verbatim("MRI検査", "MRI")
    True
    """
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        is_glued = continues_word(text, start - 1, term[0]) or continues_word(text, end, term[-1])
        if not is_glued:
            return True
        start = text.find(term, start + 1)
    return False


@rule("protected-term", "error")
def check_protected_terms(pair: Pair, config: CheckConfig) -> list[str]:
    """A do-not-translate term of the msgid is in the msgstr verbatim."""
    return [
        f"protected term {term!r} is not kept verbatim in the translation"
        for term in config.protected_terms
        if contains_verbatim(pair.source.text, term)
        and not contains_verbatim(pair.translation.text, term)
    ]


@dataclass(frozen=True, slots=True)
class _FalseFriend:
    english: re.Pattern[str]
    """English wording that invites the false friend."""
    translation: re.Pattern[str]
    """The false friend in the target language."""
    meaning: str
    advice: str
    unless_english: re.Pattern[str] | None
    """English wording with which the word is right after all."""


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def _find_word(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    # Japanese and Korean glue particles to a word (コンセントを, 오바이트를), so a
    # match ends a word unless a letter of its own spaced script continues it.
    for match in pattern.finditer(text):
        start, end = match.span()
        if not continues_word(text, start - 1, text[start]) and not continues_word(
            text, end, text[end - 1]
        ):
            return match
    return None


@cache
def _false_friends(language: str) -> tuple[_FalseFriend, ...]:
    return tuple(
        _FalseFriend(
            english=_words(entry["english"]),
            translation=re.compile(entry["translation"], re.IGNORECASE),
            meaning=entry["meaning"],
            advice=entry["advice"],
            unless_english=_words(entry["unless_english"]) if "unless_english" in entry else None,
        )
        for entry in load("false_friends.toml").get(language, [])
    )


@cache
def _any_inviting_wording(language: str) -> re.Pattern[str] | None:
    """The English wording of all of a language's false friends, one alternation: it
    finds a match exactly where one of them does (each alternative is tried at every
    position; none holds a group reference that joining could renumber)."""
    entries = load("false_friends.toml").get(language, [])
    return _english_wording(entries) if entries else None


def _english_wording(entries: Iterable[dict[str, Any]]) -> re.Pattern[str]:
    """The English wording of these false friends, one alternation."""
    return _words("|".join(f"(?:{entry['english']})" for entry in entries))


_EVERY_INVITING_WORDING = _english_wording(
    entry for entries in load("false_friends.toml").values() for entry in entries
)


# A msgid is checked in every language: whether it holds the wording of any
# false friend at all (most hold none) is read once for all of them.
@lru_cache(maxsize=MESSAGES_CACHED)
def _may_invite_false_friends(source: str) -> bool:
    return _EVERY_INVITING_WORDING.search(source) is not None


@rule("false-friend", "warning")
def check_false_friends(pair: Pair, config: CheckConfig) -> list[str]:
    """No known false friend of the English wording in the target language."""
    inviting = _any_inviting_wording(pair.locale.language)
    source = pair.source.text
    if inviting is None or not _may_invite_false_friends(source) or not inviting.search(source):
        return []
    messages = []
    for friend in _false_friends(pair.locale.language):
        if not friend.english.search(pair.source.text):
            continue
        if friend.unless_english is not None and friend.unless_english.search(pair.source.text):
            continue
        match = _find_word(friend.translation, pair.translation.text)
        if match is not None:
            messages.append(
                f"{match.group()!r} means {friend.meaning}; did you mean {friend.advice!r}?"
            )
    return messages


_URL = re.compile(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+", re.IGNORECASE)


@rule("untranslated-identical", "warning")
def check_identical(pair: Pair, config: CheckConfig) -> list[str]:
    """A msgstr equal to its msgid is a copy left untranslated, unless there is
    nothing to translate once protected terms, URLs and numbers are taken away."""
    if pair.source.text != pair.translation.text or is_source_locale(pair.locale):
        return []
    residue = _URL.sub(" ", pair.source.visible)
    for term in config.protected_terms:
        residue = residue.replace(term, " ")
    if not any(character.isalpha() for character in residue):
        return []
    return ["the translation is identical to the source"]


declare("required-statement", "error")


def check_required_statements(
    catalog: polib.POFile, config: CheckConfig, article: str = ""
) -> list[Finding]:
    """Every required statement of ``config`` for ``article`` (a slug) is in its
    catalog, translated and not fuzzy; with no ``article``, every statement not
    scoped to articles."""
    findings = []
    entries = [entry for entry in catalog if not entry.obsolete]
    for statement in config.required_statements:
        if not statement.applies_to(article):
            continue
        msgid, reason = statement.msgid, statement.reason
        matching = [entry for entry in entries if entry.msgid == msgid]
        if any("fuzzy" not in entry.flags and has_translation(entry) for entry in matching):
            continue
        if not matching:
            problem, line = "is missing from the catalog", 0
        else:
            problem = "is fuzzy" if "fuzzy" in matching[0].flags else "is not translated"
            line = entry_line(matching[0])
        message = f"required statement ({reason}) {problem}"
        findings.append(finding("required-statement", message, msgid, line))
    return findings
