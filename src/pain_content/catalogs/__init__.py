"""Catalogs from units: templates, new catalogs, merging, statistics, MO data.

One module per step: :mod:`.entries` (what an entry and a header say: keys,
translations, plural forms, charset, statistics), :mod:`.template` (the
``.pot`` of an article), :mod:`.merge` (``init``'s new catalog and
``update``'s merge), :mod:`.text_index` (the word index behind fuzzy matching
and the memory) and :mod:`.mo` (what ``msgfmt`` compiles). Nothing here
touches the filesystem (see :mod:`pain_content.catalog_files`).
"""

from .entries import (
    DATE_FORMAT,
    DEFAULT_WIDTH,
    CatalogStats,
    EntryKey,
    PluralForms,
    catalog_stats,
    entry_key,
    has_translation,
    plural_count,
    plural_forms,
    plural_forms_header,
    utf8_metadata,
)
from .merge import (
    REVIEW_NOTE,
    Unmerged,
    new_catalog,
    unmerged_changes,
    update_catalog,
)
from .mo import mo_bytes, mo_messages
from .template import (
    SHORTCUT_NOTE,
    build_template,
    entry_comment,
    template_flags,
    template_metadata,
    unit_comment,
)
from .text_index import FUZZY_CUTOFF, TextIndex

__all__ = [
    "DATE_FORMAT",
    "DEFAULT_WIDTH",
    "FUZZY_CUTOFF",
    "REVIEW_NOTE",
    "SHORTCUT_NOTE",
    "CatalogStats",
    "EntryKey",
    "PluralForms",
    "TextIndex",
    "Unmerged",
    "build_template",
    "catalog_stats",
    "entry_comment",
    "entry_key",
    "has_translation",
    "mo_bytes",
    "mo_messages",
    "new_catalog",
    "plural_count",
    "plural_forms",
    "plural_forms_header",
    "template_flags",
    "template_metadata",
    "unit_comment",
    "unmerged_changes",
    "update_catalog",
    "utf8_metadata",
]
