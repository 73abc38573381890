"""A Babel extractor, so ``pybabel extract`` finds the same units as ``pain-content extract``.

Registered in Babel's ``babel.extractors`` entry-point group as ``pain_content``.
A Babel mapping file (``babel.cfg``) names it by that entry point or by its
dotted path::

    [pain_content: source/**.md]
    [pain_content.babel_extractor.extract_markdown: docs/**.md]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from .catalog_files import decode_text
from .catalogs import SHORTCUT_NOTE, unit_comment
from .errors import SourceError
from .units import extract_units


def extract_markdown(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Yield ``(lineno, funcname, message, comments)`` for each unit, as Babel expects.

    Raises:
        SourceError: the file is not UTF-8 or its front matter is broken.
    """
    name = str(getattr(fileobj, "name", "<file>"))
    text = decode_text(fileobj.read(), str(options.get("encoding", "utf-8-sig")), name, SourceError)
    for unit in extract_units(text):
        comments = [unit_comment(unit)]
        if unit.has_shortcut_reference:
            comments.append(SHORTCUT_NOTE)
        if unit.msgctxt is None:
            yield unit.lineno, None, unit.msgid, comments
        else:
            yield unit.lineno, "pgettext", (unit.msgctxt, unit.msgid), comments
