"""A deterministic pseudo-translation that changes text and keeps Markdown syntax.

The benchmark fills every catalog with it, and the tests translate every
CommonMark example with it: one implementation, so what the benchmark
measures is what the tests prove keeps a document's structure.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference

_LOWER = "áƀćđéƒǵĥíĵķĺḿńóṕʠŕśťúṽẃẋýź"
_UPPER = "ÁƁĆĐÉƑǴĤÍĴĶĹḾŃÓṔɊŔŚŤÚṼẂẊÝŹ"
_LETTERS = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", _LOWER + _UPPER)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# Raw HTML as markdown-it reads it (a tag may span lines, an attribute value may
# hold "<"), autolinks and e-mail autolinks: copied unchanged.
_ANGLE = re.compile(
    HTML_TAG_RE.pattern + r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>|<[^<>\s@]+@[^<>\s@]+>"
)
_SPECIAL = "\\`<&[]"
_ESCAPE = re.compile(r"\\.")


def _balanced_paren_end(text: str, open_at: int) -> int:
    """Index just after the ``)`` matching the ``(`` at ``open_at`` (or the end)."""
    depth = 0
    position = open_at
    while position < len(text):
        character = text[position]
        if character == "\\":
            position += 2
            continue
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return len(text)


def _code_span_end(msgid: str, position: int) -> int:
    """Index just after the code span whose backtick run starts at ``position``.

    An unmatched run is literal backticks: only the run itself is skipped.
    """
    run_end = position
    while run_end < len(msgid) and msgid[run_end] == "`":
        run_end += 1
    fence = msgid[position:run_end]
    close = re.compile(rf"(?<!`){fence}(?!`)").search(msgid, run_end)
    return close.end() if close else run_end


def _after_close_bracket(
    msgid: str, position: int, start: int | None, references: frozenset[str]
) -> tuple[str, int]:
    """What a ``]`` at ``position`` (matching the ``[`` at ``start``) and its tail become."""
    following = msgid[position + 1 : position + 2]
    if following == "(":  # an inline link's destination and title: unchanged
        end = _balanced_paren_end(msgid, position + 1)
        return msgid[position:end], end
    if following == "[":
        close = msgid.find("]", position + 2)
        if close < 0:
            return "]", position + 1
        if close == position + 2 and start is not None:
            # Collapsed reference [text][]: keep the label explicit, unless the
            # text has nothing to translate (only code, say), which stays as it is.
            label = msgid[start + 1 : position]
            return ("][]" if pseudo(label, references) == label else f"][{label}]"), close + 1
        return msgid[position : close + 1], close + 1
    label = msgid[start + 1 : position] if start is not None else ""
    unescaped = _ESCAPE.sub("", label)  # a label may hold escaped brackets: [a\]b]
    if (
        unescaped.strip()
        and "[" not in unescaped
        and "]" not in unescaped
        and normalizeReference(label) in references
        and pseudo(label, references) != label
    ):
        return f"][{label}]", position + 1  # shortcut reference [term] -> [ťéŕḿ][term]
    return "]", position + 1


@cache
def pseudo(msgid: str, references: frozenset[str] = frozenset()) -> str:
    """Deterministic pseudo-translation: ASCII letters become accented letters.

    Only text changes: code spans, autolinks and raw HTML (``<...>``), entities,
    backslash escapes, link destinations and titles ``](...)`` and reference
    labels ``][label]`` are copied unchanged, and a shortcut reference
    ``[term]`` to one of the document's ``references`` (labels normalised as
    markdown-it does, see :func:`reference_labels`) becomes ``[ťéŕḿ][term]``,
    as translators are told to write it; other brackets are just text.
    Letters stay letters, so emphasis flanking and block structure are kept.

    >>> pseudo("Use `pip install` and [the docs](https://x.org/Docs) or [FastAPI].",
    ...        frozenset({"FASTAPI"}))
    'Úśé `pip install` áńđ [ťĥé đóćś](https://x.org/Docs) óŕ [ƑáśťÁṔÍ][FastAPI].'
    >>> pseudo("people[:10] or [see this]")
    'ṕéóṕĺé[:10] óŕ [śéé ťĥíś]'
    >>> pseudo("[Term][] &amp; <b>bold</b> \\\\*")
    '[Ťéŕḿ][Term] &amp; <b>ƀóĺđ</b> \\\\*'
    """
    out: list[str] = []
    opens: list[int] = []  # positions in msgid of unmatched "["
    position = 0
    length = len(msgid)
    while position < length:
        character = msgid[position]
        if character == "\\":
            out.append(msgid[position : position + 2])
            position += 2
        elif character == "`":
            end = _code_span_end(msgid, position)
            out.append(msgid[position:end])
            position = end
        elif (character == "<" and (match := _ANGLE.match(msgid, position))) or (
            character == "&" and (match := _ENTITY.match(msgid, position))
        ):
            out.append(match.group())
            position = match.end()
        elif character == "[":
            opens.append(position)
            out.append("[")
            position += 1
        elif character == "]":
            start = opens.pop() if opens else None
            text, position = _after_close_bracket(msgid, position, start, references)
            out.append(text)
        else:
            # A run of plain characters up to the next special one.
            end = position + 1
            while end < length and msgid[end] not in _SPECIAL:
                end += 1
            out.append(msgid[position:end].translate(_LETTERS))
            position = end
    return "".join(out)


def reference_labels(markdown_text: str) -> frozenset[str]:
    """The link reference labels a document defines, normalised as markdown-it does.

    >>> sorted(reference_labels("[FastAPI]: https://fastapi.tiangolo.com\\n"))
    ['FASTAPI']
    """
    env: dict[str, Any] = {}
    MarkdownIt("commonmark").parse(markdown_text, env)
    return frozenset(env.get("references", {}))


def pseudo_translations(markdown_text: str, msgids: list[str]) -> dict[str, str]:
    """A pseudo-translation of every msgid of one document, keyed by msgid."""
    references = reference_labels(markdown_text)
    return {msgid: pseudo(msgid, references) for msgid in msgids}
