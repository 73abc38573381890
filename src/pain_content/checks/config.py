"""The ``[check]`` table of a project's ``pain-content.toml``: protected terms, required statements.

Nothing here touches the filesystem: :func:`load_check_config` takes the file's
text and the path to name in errors.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import Location, UsageError
from ..glossary import Glossary, glossary_from_toml, glossary_line, read_tbx

CONFIG_FILE_NAME = "pain-content.toml"
"""The project file whose ``[check]`` table :func:`load_check_config` reads."""


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Project rules on top of the built-in checks (see :func:`load_check_config`)."""

    protected_terms: tuple[str, ...] = ()
    """Do-not-translate terms (a drug brand, the clinic's name): when one is in a
    msgid, it must appear verbatim in the msgstr."""
    required_statements: Mapping[str, str] = field(default_factory=dict)
    """Statements every catalog must hold, translated and not fuzzy: msgid → why
    it is required (``"safety warning"``), which the finding quotes."""
    glossary: Glossary = field(default_factory=Glossary)
    """The project's medical glossary (:mod:`pain_content.glossary`)."""


DEFAULT_CONFIG = CheckConfig()

_CONFIG_KEYS = frozenset({"protected_terms", "required_statements"})
_STATEMENT_KEYS = frozenset({"msgid", "reason"})
_DEFAULT_REASON = "required statement"
_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_POSITION = re.compile(r"\s*\(at line \d+, column \d+\)$")


def load_check_config(text: str, path: str, *, tbx: tuple[str, str] = ("", "")) -> CheckConfig:
    """Read the ``[check]`` and ``[glossary]`` tables of a ``pain-content.toml``.

    The file looks like this (a statement is its msgid, or a table that also
    says why it is required)::

        [check]
        protected_terms = ["Tylenol", "MRI"]
        required_statements = [
            "Call 911 if you have chest pain.",
            { msgid = "Do not take more than 4 g a day.", reason = "overdose warning" },
        ]

    A file without a ``[check]`` table gives the default configuration; other
    tables are left to other tools. The glossary is the ``[glossary]`` table
    or the text and path of the project's ``glossary.tbx`` in ``tbx``; a
    project keeps one or the other (see :mod:`pain_content.glossary`).

    >>> load_check_config('[check]\\nprotected_terms = ["MRI"]', "p.toml").protected_terms
    ('MRI',)

    Raises:
        UsageError: the text is not TOML, ``[check]`` or ``[glossary]`` holds an
            unknown key or a value of the wrong type, or there are two glossaries;
            located at the line in ``path``.
        CatalogError: the TBX glossary is not a TBX-Basic document, located in it.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_LINE.search(str(exc))
        line = int(position.group(1)) if position else 0
        message = _TOML_POSITION.sub("", str(exc))
        raise UsageError(f"not valid TOML: {message}", Location(path, line)) from exc
    section = document.get("check", {})
    if not isinstance(section, dict):
        raise UsageError("'check' must be a table", Location(path, _key_line(text, "check")))
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        expected = " or ".join(sorted(_CONFIG_KEYS))
        message = f"unknown key {unknown[0]!r} in [check] (expected {expected})"
        raise UsageError(message, Location(path, _key_line(text, unknown[0])))
    terms = _read_protected_terms(section.get("protected_terms", []), path, text)
    statements = _read_statements(section.get("required_statements", []), path, text)
    return CheckConfig(
        protected_terms=terms,
        required_statements=MappingProxyType(statements),
        glossary=_read_glossary(document, text, path, tbx),
    )


def _read_glossary(
    document: Mapping[str, object], text: str, path: str, tbx: tuple[str, str]
) -> Glossary:
    tbx_text, tbx_path = tbx
    if "glossary" not in document:
        return read_tbx(tbx_text, tbx_path) if tbx_text else Glossary()
    if tbx_text:
        raise UsageError(
            f"the glossary is in {tbx_path} already: keep it there or in [glossary], not both",
            Location(path, glossary_line(text)),
        )
    return glossary_from_toml(document["glossary"], text=text, path=path)


def _read_protected_terms(value: object, path: str, text: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(_is_text(term) for term in value):
        location = Location(path, _key_line(text, "protected_terms"))
        raise UsageError("protected_terms must be a list of non-empty strings", location)
    return tuple(dict.fromkeys(value))


def _read_statements(value: object, path: str, text: str) -> dict[str, str]:
    location = Location(path, _key_line(text, "required_statements"))
    if not isinstance(value, list):
        raise UsageError("required_statements must be a list", location)
    statements: dict[str, str] = {}
    for item in value:
        if isinstance(item, str) and _is_text(item):
            statements[item] = _DEFAULT_REASON
            continue
        if isinstance(item, dict) and set(item) <= _STATEMENT_KEYS:
            msgid, reason = item.get("msgid"), item.get("reason", _DEFAULT_REASON)
            if _is_text(msgid) and _is_text(reason):
                statements[str(msgid)] = str(reason)
                continue
        message = "a required statement is a msgid string or a table {msgid = ..., reason = ...}"
        raise UsageError(message, location)
    return statements


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _key_line(text: str, key: str) -> int:
    """1-based line where ``key =`` or the table ``[key]`` is first written, 0 if nowhere."""
    name = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
