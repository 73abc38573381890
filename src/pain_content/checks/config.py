"""The ``[check]`` table of a project's ``pain-content.toml``: protected terms, required statements.

Nothing here touches the filesystem: :func:`load_check_config` takes the file's
text and the path to name in errors.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..errors import Location, UsageError
from ..glossary import Glossary, glossary_from_toml, glossary_line, read_tbx

CONFIG_FILE_NAME = "pain-content.toml"
"""The project file whose ``[check]`` table :func:`load_check_config` reads."""

_DEFAULT_REASON = "required statement"


@dataclass(frozen=True, slots=True)
class RequiredStatement:
    """A statement the catalogs of some or all articles must hold, translated and not fuzzy."""

    msgid: str
    reason: str = _DEFAULT_REASON
    """Why it is required (``"overdose warning"``), which the finding quotes."""
    articles: tuple[str, ...] = ()
    """The slugs of the articles whose catalogs must hold it; empty: every article's."""
    line: int = 0
    """Its line in ``pain-content.toml`` (0: not read from a file)."""

    def applies_to(self, article: str) -> bool:
        """Whether the catalog of ``article`` (a slug; empty when unknown) must hold it."""
        return not self.articles or article in self.articles


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Project rules on top of the built-in checks (see :func:`load_check_config`)."""

    protected_terms: tuple[str, ...] = ()
    """Do-not-translate terms (a drug brand, the clinic's name): when one is in a
    msgid, it must appear verbatim in the msgstr."""
    required_statements: tuple[RequiredStatement, ...] = ()
    glossary: Glossary = field(default_factory=Glossary)
    """The project's medical glossary (:mod:`pain_content.glossary`)."""


DEFAULT_CONFIG = CheckConfig()

_CONFIG_KEYS = frozenset({"protected_terms", "required_statements"})
_STATEMENT_KEYS = frozenset({"msgid", "reason", "articles"})
_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_POSITION = re.compile(r"\s*\(at line \d+, column \d+\)$")


def load_check_config(text: str, path: str, *, tbx: tuple[str, str] = ("", "")) -> CheckConfig:
    """Read the ``[check]`` and ``[glossary]`` tables of a ``pain-content.toml``.

    The file looks like this (a statement is its msgid, or a table that also
    says why it is required and, with ``articles``, which articles' catalogs
    must hold it; without ``articles``, every article's must)::

        [check]
        protected_terms = ["Tylenol", "MRI"]
        required_statements = [
            "Call 911 if you have chest pain.",
            { msgid = "Do not take more than 4 g a day.", reason = "overdose warning",
              articles = ["acetaminophen"] },
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
        required_statements=statements,
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


def _read_statements(value: object, path: str, text: str) -> tuple[RequiredStatement, ...]:
    key_line = _key_line(text, "required_statements")
    if not isinstance(value, list):
        raise UsageError("required_statements must be a list", Location(path, key_line))
    statements: dict[str, RequiredStatement] = {}
    for item in value:
        table = {"msgid": item} if isinstance(item, str) else item
        if not isinstance(table, dict) or not set(table) <= _STATEMENT_KEYS:
            table = {}
        msgid = table.get("msgid")
        reason = table.get("reason", _DEFAULT_REASON)
        articles = table.get("articles", [])
        if not (_is_text(msgid) and _is_text(reason) and _is_text_list(articles)):
            message = (
                "a required statement is a msgid string or a table"
                " {msgid = ..., reason = ..., articles = [...]}"
            )
            raise UsageError(message, Location(path, key_line))
        statements.setdefault(
            str(msgid),
            RequiredStatement(
                str(msgid), str(reason), tuple(articles), _string_line(text, str(msgid), key_line)
            ),
        )
    return tuple(statements.values())


def check_statement_sources(
    config: CheckConfig, articles: Mapping[str, Collection[str]], path: str
) -> None:
    """Refuse a required statement in no article's source, or naming an unknown article:
    it is misspelled (or its article renamed), and every catalog would miss it.

    Args:
        config: the check settings read from ``path``.
        articles: each article's slug → the msgids of its source.
        path: the ``pain-content.toml``, where the error points.

    Raises:
        UsageError: at the statement's line in ``path``.
    """
    for statement in config.required_statements:
        where = Location(path, statement.line)
        unknown = [slug for slug in statement.articles if slug not in articles]
        if unknown:
            raise UsageError(
                f"required statement {statement.msgid!r} names article {unknown[0]!r},"
                " which is not in the source folder",
                where,
            )
        scope = [slug for slug in articles if statement.applies_to(slug)]
        if not any(statement.msgid in articles[slug] for slug in scope):
            raise UsageError(
                f"required statement {statement.msgid!r} is in no article's source:"
                " is it misspelled? (it must be a message's text exactly)",
                where,
            )


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _string_line(text: str, value: str, default: int) -> int:
    """1-based line where the string ``value`` is written (as TOML or JSON escape
    it), from line ``default`` on; ``default`` when it is written otherwise."""
    lines = text.splitlines()
    quoted = {json.dumps(value, ensure_ascii=False), f"'{value}'"}
    for number in range(max(default, 1), len(lines) + 1):
        if any(form in lines[number - 1] for form in quoted):
            return number
    return default


def _key_line(text: str, key: str) -> int:
    """1-based line where ``key =`` or the table ``[key]`` is first written, 0 if nowhere."""
    name = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
