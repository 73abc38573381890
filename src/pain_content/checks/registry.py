"""The rule registry: each rule declares its code and severity once, with ``@rule``.

:data:`CODES` is read from the registry, so a new rule is one decorated
function in its family's module and nothing else (Babel's checkers are found
the same way: python-babel/babel, ``babel/messages/checkers.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair

Severity = Literal["error", "warning"]

MessageRule = Callable[["Pair", "CheckConfig"], list[str]]
"""A rule on one translation: the messages of what differs, empty when it passes."""

Precondition = Callable[["Pair", "CheckConfig"], bool]
"""A cheap look at a pair: when it is false, a rule that needs it finds nothing."""

_SEVERITIES: dict[str, Severity] = {}
_MESSAGE_RULES: list[tuple[str, MessageRule, Precondition | None]] = []
# The rules that may find something, by which preconditions hold (one bool
# each, in _PRECONDITIONS' order): most pairs meet only a few, and several
# rules share one (five need a number), so each is looked at once per pair.
_PRECONDITIONS: list[Precondition] = []
_RULES_BY_PRECONDITIONS: dict[tuple[bool, ...], tuple[tuple[str, MessageRule], ...]] = {}

CODES: Mapping[str, Severity] = MappingProxyType(_SEVERITIES)
"""Every finding code and its severity, in rule order. Codes are stable; new ones may be added."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a translator or reviewer must look at, in one catalog entry."""

    code: str
    """Stable kebab-case name of the rule, a key of :data:`CODES`."""
    severity: Severity
    """``error`` holds the translation back from publishing; ``warning`` does not."""
    message: str
    """One line saying what differs: ``number 5 in the source is 50 in the translation``."""
    msgid: str
    """The source text of the entry."""
    line: int
    """1-based line of the entry's ``msgid`` in the ``.po`` file, 0 for the whole catalog."""

    @property
    def is_error(self) -> bool:
        """True when the finding holds the translation back (the source is shown instead).

        >>> Finding("number-changed", "error", "m", "x", 3).is_error
        True
        >>> Finding("length-ratio", "warning", "m", "x", 3).is_error
        False
        """
        return self.severity == "error"


def declare(code: str, severity: Severity) -> None:
    """Record a code once; a second rule with the same code is a programming error."""
    if code in _SEVERITIES:
        raise ValueError(f"finding code {code!r} is declared twice")
    _SEVERITIES[code] = severity


def rule(
    code: str, severity: Severity, *, needs: Precondition | None = None
) -> Callable[[MessageRule], MessageRule]:
    """Register a message rule under ``code``; rules run in the order they are registered.

    A rule that ``needs`` a precondition is not run on a pair where it is false:
    the rule must find nothing there (it may look again itself, so that it
    stays right when called alone).
    """

    def register(check: MessageRule) -> MessageRule:
        declare(code, severity)
        _MESSAGE_RULES.append((code, check, needs))
        if needs is not None and needs not in _PRECONDITIONS:
            _PRECONDITIONS.append(needs)
        _RULES_BY_PRECONDITIONS.clear()
        return check

    return register


def rules_for(pair: Pair, config: CheckConfig) -> tuple[tuple[str, MessageRule], ...]:
    """The registered rules whose preconditions hold for ``pair``, in registration order."""
    met = tuple([precondition(pair, config) for precondition in _PRECONDITIONS])
    rules = _RULES_BY_PRECONDITIONS.get(met)
    if rules is None:
        holds = dict(zip(_PRECONDITIONS, met, strict=True))
        rules = tuple(
            (code, check) for code, check, needs in _MESSAGE_RULES if needs is None or holds[needs]
        )
        _RULES_BY_PRECONDITIONS[met] = rules
    return rules


def finding(code: str, message: str, msgid: str, line: int) -> Finding:
    """A finding of ``code``, with the severity the code was declared with."""
    return Finding(code, _SEVERITIES[code], message, msgid, line)
