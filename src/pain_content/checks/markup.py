"""Rules on markup: links, images, code spans, emphasis, raw HTML, block syntax, placeholders."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from markdown_it.token import Token

from ..markdown_parser import BLOCK_START_CHARACTERS, BLOCK_STARTS, UNSAFE_SCHEMES
from ..raw_html import markup_findings
from .registry import rule

if TYPE_CHECKING:
    from .config import CheckConfig
    from .pair import Pair

# python-format placeholders of the ui catalog: "%(date)s", "%5.1f", "{name}".
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0+-]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
BRACE_PLACEHOLDER = re.compile(
    r"(?<!\{)\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})"
)
_UNSAFE_LINK = re.compile(rf"(?:\]\(\s*<?\s*|<)({'|'.join(UNSAFE_SCHEMES)}):", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A footnote reference, [^label]; the checks parse without the document's
# footnote definitions, so the references are read from the text.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


class Markup(NamedTuple):
    """What the markup rules compare of one side of a pair.

    Read once per side (:mod:`.pair`), so a msgid's is read once for all its
    languages. Each kind is a tuple in text order: the rules compare them as
    multisets, and only when the tuples differ (equal tuples are equal multisets).
    A named tuple, not a frozen dataclass: as immutable, and made for every
    translation at a fifth of the cost.
    """

    links: tuple[str, ...]  # link targets, as the parser normalized them
    images: tuple[str, ...]
    code: tuple[str, ...]  # code spans' content
    footnotes: tuple[str, ...]  # footnote references' labels
    strong: int
    emphasis: int
    unsafe_schemes: frozenset[str]  # lower-case schemes such as ``javascript`` a link names
    tags: tuple[str, ...]  # everything that looks like the start of a tag, valid HTML or not
    block_syntax: frozenset[str]  # the kinds a line opens (BLOCK_STARTS), and "blank line"


def read_markup(text: str, tokens: Sequence[Token]) -> Markup:
    """The markup of a message's ``text``, parsed into ``tokens``."""
    if len(tokens) == 1 and tokens[0].type == "text" and _looks_plain(text):
        return _NO_MARKUP  # the commonest message: one run of text, nothing markup-like
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    strong = emphasis = 0
    for token in tokens:
        kind = token.type
        if kind == "text":
            continue  # by far the commonest token, and no markup
        if kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
        elif kind == "code_inline":
            code.append(token.content)
        elif kind == "strong_open":
            strong += 1
        elif kind == "em_open":
            emphasis += 1
    return Markup(
        tuple(links),
        tuple(images),
        tuple(code),
        _footnote_references(text),
        strong,
        emphasis,
        _unsafe_schemes(text),
        _tags_like(text),
        _block_syntax(text),
    )


def _looks_plain(text: str) -> bool:
    """Whether each reading of the text itself finds nothing, by its own first look:
    no footnote reference, unsafe scheme, tag or block syntax."""
    return (
        "[^" not in text
        and "<" not in text
        and ("](" not in text or ":" not in text)
        and "\n" not in text
        and text.lstrip(" ")[:1] not in BLOCK_START_CHARACTERS
    )


def _footnote_references(text: str) -> tuple[str, ...]:
    return tuple(_FOOTNOTE_REFERENCE.findall(text)) if "[^" in text else ()


def _unsafe_schemes(text: str) -> frozenset[str]:
    # Every match of _UNSAFE_LINK starts with "](" or "<" and holds a colon.
    if ":" not in text or ("](" not in text and "<" not in text):
        return _NO_SCHEMES
    return frozenset(scheme.lower() for scheme in _UNSAFE_LINK.findall(text))


_NO_SCHEMES: frozenset[str] = frozenset()


def _markup_differs(pair: Pair, config: CheckConfig) -> bool:
    """The sides' markup differs: with the same links, spans, tags and block syntax
    the markup rules have nothing to compare."""
    return pair.source.markup != pair.translation.markup


@rule("markup-changed", "error", needs=_markup_differs)
def check_markup(pair: Pair, config: CheckConfig) -> list[str]:
    """Link targets, image sources, code spans and footnote references are kept verbatim, bold and italic
    spans in number; a link the parser refuses (``javascript:``) is named."""
    old, new = pair.source.markup, pair.translation.markup
    if old == new:
        return []  # every difference below is between a field of old and of new
    messages = []
    for kind, in_source, in_translation in (
        ("link target", old.links, new.links),
        ("image source", old.images, new.images),
        ("code span", old.code, new.code),
        ("footnote reference", old.footnotes, new.footnotes),
    ):
        if in_source == in_translation:
            continue
        before, after = Counter(in_source), Counter(in_translation)
        messages += [
            f"{kind} {item!r} in the source is missing from the translation"
            for item in before - after
        ]
        messages += [
            f"{kind} {item!r} in the translation is not in the source" for item in after - before
        ]
    for kind, count_before, count_after in (
        ("bold", old.strong, new.strong),
        ("italic", old.emphasis, new.emphasis),
    ):
        if count_before != count_after:
            messages.append(
                f"{kind} spans: {count_before} in the source, {count_after} in the translation"
            )
    messages += [
        f"the translation links to a {scheme}: URL, which is never allowed"
        for scheme in sorted(new.unsafe_schemes - old.unsafe_schemes)
    ]
    return messages


# Anything that looks like the start of a tag, valid HTML or not.
_TAG_LIKE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|<!--")


def _tags_like(text: str) -> tuple[str, ...]:
    if "<" not in text:
        return ()  # every match of _TAG_LIKE starts with "<"
    return tuple(
        "<!--" if match.group() == "<!--" else f"<{match[1]}{match[2].lower()}>"
        for match in _TAG_LIKE.finditer(text)
    )


@rule("markup-raw-html", "error")
def check_raw_html(pair: Pair, config: CheckConfig) -> list[str]:
    """No raw HTML the source lacks (a tag, an attribute, a link target), and nothing
    tag-like either: markup that is not valid HTML shows as text, or is an attack."""
    if "<" not in pair.translation.text:
        return []  # every piece of markup, and everything tag-like, starts with "<"
    findings = markup_findings(pair.source.text, pair.translation.text)
    old, new = pair.source.markup.tags, pair.translation.markup.tags
    if findings or new == old:  # the same tags in the same order add none
        return findings
    added = Counter(new) - Counter(old)
    if not added:
        return findings
    return [f"the translation contains raw HTML not in the source: {', '.join(sorted(added))}"]


def _block_syntax(text: str) -> frozenset[str]:
    if "\n" not in text and text.lstrip(" ")[:1] not in BLOCK_START_CHARACTERS:
        return _NO_BLOCK_SYNTAX  # the one line opens no block, and no line is blank
    # Up to three spaces of indentation still open a block.
    lines = [line[min(3, len(line) - len(line.lstrip(" "))) :] for line in text.split("\n")]
    found = {
        kind
        for line in lines
        if line[:1] in BLOCK_START_CHARACTERS
        for kind, pattern in BLOCK_STARTS.items()
        if pattern.match(line)
    }
    if _BLANK_LINE.search(text):
        found.add("blank line")
    return frozenset(found) if found else _NO_BLOCK_SYNTAX


_NO_BLOCK_SYNTAX: frozenset[str] = frozenset()
_NO_MARKUP = Markup((), (), (), (), 0, 0, _NO_SCHEMES, (), _NO_BLOCK_SYNTAX)


@rule("markup-block-syntax", "error", needs=_markup_differs)
def check_block_syntax(pair: Pair, config: CheckConfig) -> list[str]:
    """A msgstr stays one leaf block: no line opens another block unless the source's does."""
    if not pair.translation.markup.block_syntax:
        return []  # nearly every translation is one line that opens no block
    added = pair.translation.markup.block_syntax - pair.source.markup.block_syntax
    return [f"the translation has block syntax the source lacks: {kind}" for kind in sorted(added)]


def _placeholders(text: str) -> Counter[str]:
    found = Counter(m.group() for m in PERCENT_PLACEHOLDER.finditer(text) if m.group() != "%%")
    found.update(match.group() for match in BRACE_PLACEHOLDER.finditer(text))
    return found


def _is_named(placeholder: str) -> bool:
    if placeholder.startswith("%("):
        return True
    return placeholder.startswith("{") and placeholder[1:2] not in ("}", ":", "!")


@rule("placeholder-mismatch", "error")
def check_placeholders(pair: Pair, config: CheckConfig) -> list[str]:
    """In the ``ui`` catalog: named placeholders the same set, positional ones the same count."""
    if not pair.is_ui:
        return []
    old, new = _placeholders(pair.source.text), _placeholders(pair.translation.text)
    if all(_is_named(placeholder) for placeholder in old | new):
        old, new = Counter(set(old)), Counter(set(new))
    missing = [] if pair.may_omit_placeholders else sorted((old - new).elements())
    messages = [f"placeholder {p} in the source is missing from the translation" for p in missing]
    added = sorted((new - old).elements())
    messages += [f"placeholder {p} in the translation is not in the source" for p in added]
    return messages
