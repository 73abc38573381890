"""Translation quality checks: one small function per rule, each with a stable code.

Checks never raise for what a translator must fix: they return :class:`Finding`
objects, as Babel's ``Message.check()`` gathers every ``TranslationError``.
An error (:attr:`Finding.is_error`) holds a translation back: the page shows
the source text instead; a warning is for a reviewer. :data:`CODES` lists
every code with its severity, read from the rules themselves.

The rules, by family (one module each): numbers (:mod:`.numbers`: values in
any digits, and number words, :mod:`.number_words`), dose units, compound
units (mg/kg) and ISMP error-prone doses (:mod:`.doses`), what a counter
counts (:mod:`.counters`), markup, raw HTML, block syntax and ``ui``
placeholders (:mod:`.markup`), wording: protected terms, false friends,
untranslated copies and required statements (:mod:`.wording`), the
project's medical glossary (:mod:`.glossary`), length (:mod:`.length`) and
the ends of a message (:mod:`.punctuation`). Across the catalogs of one
locale, :mod:`.consistency` compares translations (one text, one
translation); ``check`` runs it, ``build`` does not (its codes are warnings).
:mod:`.catalog` runs them over a message or a catalog, skipping entries whose
findings :mod:`.cache` already holds; :mod:`.registry` is
where a rule declares its code (``@rule(code, severity)``). The language data
(unit aliases, number words, range connectors, false friends, length bounds)
is in ``data/*.toml``, each entry with its source.

Nothing here touches the filesystem: :func:`load_check_config` takes a config
file's text and the path to name in errors.
"""

from .cache import CheckCache
from .catalog import check_catalog, check_message, is_publishable
from .config import (
    CONFIG_FILE_NAME,
    CheckConfig,
    RequiredStatement,
    check_statement_sources,
    load_check_config,
)
from .consistency import check_consistency, consistency_places
from .registry import CODES, Finding, Severity

__all__ = [
    "CODES",
    "CONFIG_FILE_NAME",
    "CheckCache",
    "CheckConfig",
    "Finding",
    "RequiredStatement",
    "Severity",
    "check_catalog",
    "check_consistency",
    "check_message",
    "check_statement_sources",
    "consistency_places",
    "is_publishable",
    "load_check_config",
]
