"""Local links of a source: the articles and files it points to, and their URLs in the site.

A source may link to another article (``[guide](other.md#dosage)``) and
point at files beside it (``![Ice pack](img/ice.png)``, ``<img src="...">``
in raw HTML, ``[form](forms/consent.pdf)``). :func:`local_links` finds every
such reference in the source's tokens, with its line; a reference that
leaves ``source/`` (``../``, an absolute path) is a problem, never a file to
copy. Where each one lands in the site is decided here too:

- a file ``source/<path>`` is copied once, to ``site/assets/<path>``, shared
  by every language; a page in ``site/<lang-tag>/`` points at it as
  ``../assets/<path>``. ``assets`` cannot be a language folder (a language
  tag starts with two or three letters and a separator, see
  :mod:`pain_content.locales`) nor any file the build writes at the top;
- an article link points at the same article in the page's language
  (``other.html#dosage``, or ``other.md`` from the localized Markdown), or at
  the source language's when that language does not publish the article.

Only URLs found in the source are ever rewritten or copied: a translation
keeps its source's link targets (the ``markup-changed`` check holds back one
that does not), and a target only a translation names is never copied.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from .markdown_parser import block_tokens, parse_document
from .raw_html import tag_urls

ASSETS_FOLDER = "assets"
"""The folder of the site that holds the files articles reference, as they sit in ``source/``."""
ARTICLE_SUFFIX = ".md"

LinkKind = Literal["article", "file"]


@dataclass(frozen=True, slots=True)
class LocalLink:
    """One reference of a source to a local article or file."""

    url: str
    """The URL as the parser normalized it (``img/ice%20pack.png``): what the tokens carry."""
    path: str
    """The target relative to ``source/``, decoded, in POSIX form (``img/ice pack.png``)."""
    suffix: str
    """The query and fragment, kept as written (``#dosage``)."""
    line: int
    """1-based line of the source where the reference is."""
    is_image: bool = False
    """True for an image's source (``![..](..)``, ``<img src>``), shown in the page itself."""

    @property
    def kind(self) -> LinkKind:
        """``article`` for a link to ``<slug>.md`` at the top of ``source/``, else ``file``."""
        return "article" if "/" not in self.path and self.path.endswith(ARTICLE_SUFFIX) else "file"

    @property
    def slug(self) -> str:
        """The article linked to (``other`` for ``other.md``)."""
        return self.path.removesuffix(ARTICLE_SUFFIX)


@dataclass(frozen=True, slots=True)
class LinkProblem:
    """A local reference that cannot be published: it leaves ``source/``."""

    url: str
    """The URL as the parser normalized it."""
    line: int
    message: str


def local_links(markdown_text: str) -> tuple[list[LocalLink], list[LinkProblem]]:
    """The local references of a source, in order, and those that leave ``source/``.

    URLs with a scheme (``https:``, ``mailto:``) or a host, and links to a
    place in the same page (``#section``), are not local and not returned.

    >>> links, problems = local_links("![Ice](img/ice.png)\\n\\nSee [x](../x.pdf).")
    >>> [(link.path, link.line) for link in links], [p.line for p in problems]
    ([('img/ice.png', 1)], [3])

    Raises:
        SourceError: the front matter is broken.
    """
    document = parse_document(markdown_text)
    lines = document.source.splitlines()
    links: list[LocalLink] = []
    problems: list[LinkProblem] = []
    for url, block, is_image in _urls(document.tokens):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        line = _line_of(url, block, lines)
        path = unquote(parts.path)
        normalized = posixpath.normpath(path)
        if path.startswith("/"):
            message = (
                f"{url!r} is an absolute path; link to files inside source/ with a path"
                " relative to the article, and to other sites with a full URL (https://...)"
            )
            problems.append(LinkProblem(url, line, message))
        elif normalized == ".." or normalized.startswith("../"):
            message = f"{url!r} leads outside source/; only files inside it are published"
            problems.append(LinkProblem(url, line, message))
        else:
            suffix = url[len(url.split("?", 1)[0].split("#", 1)[0]) :]
            links.append(LocalLink(url, normalized, suffix, line, is_image))
    return links, problems


def _urls(tokens: list[Token]) -> Iterator[tuple[str, Token, bool]]:
    """Every link target and image source, with the block token it is in and
    whether it is an image."""
    for token in tokens:
        if token.type == "html_block":
            yield from ((url, token, is_image) for url, is_image in tag_urls(token.content))
        for child in token.children or ():
            if child.type == "link_open":
                yield str(child.attrs.get("href", "")), token, False
            elif child.type == "image":
                yield str(child.attrs.get("src", "")), token, True
            elif child.type == "html_inline":
                yield from ((url, token, is_image) for url, is_image in tag_urls(child.content))


def _line_of(url: str, block: Token, lines: list[str]) -> int:
    """The line of the block where the URL is written (its first line if it is not found there)."""
    first, end = block.map or (0, 1)
    spellings = {url, unquote(url), html.escape(unquote(url))}
    for index in range(first, min(end, len(lines))):
        if any(spelling in lines[index] for spelling in spellings):
            return index + 1
    return first + 1


def asset_name(path: str) -> str:
    """Where a file of ``source/`` is copied in the site, relative to the output folder.

    >>> asset_name("img/ice.png")
    'assets/img/ice.png'
    """
    return f"{ASSETS_FOLDER}/{path}"


def page_url(link: LocalLink, *, is_published: bool, source_lang_tag: str, extension: str) -> str:
    """The URL a page in ``site/<lang-tag>/`` uses for a local link.

    ``is_published`` says whether the page's language publishes the article
    linked to; ``extension`` is the page's own (``.html`` or ``.md``).

    >>> link = LocalLink("other.md#dose", "other.md", "#dose", 3)
    >>> page_url(link, is_published=False, source_lang_tag="en", extension=".html")
    '../en/other.html#dose'
    >>> picture = LocalLink("a%20b.png", "a b.png", "", 1)
    >>> page_url(picture, is_published=True, source_lang_tag="en", extension=".md")
    '../assets/a%20b.png'
    """
    if link.kind == "file":
        return f"../{quote(asset_name(link.path))}{link.suffix}"
    page = f"{quote(link.slug)}{extension}{link.suffix}"
    return page if is_published else f"../{source_lang_tag}/{page}"


# A Markdown link destination after "](" or a reference definition's "]:", and
# an href or src attribute of raw HTML. Destinations may hold one level of
# balanced parentheses, as CommonMark allows.
_DESTINATION = re.compile(
    r"(?P<lead>\]\(|\]:)(?P<space>[ \t]*\n?[ \t]*)"
    r"(?P<dest><[^<>\n]*>|(?:[^\s()<>\\]|\\.|\([^\s()<>]*\))+)"
    r"|(?P<attribute>\b(?:src|href)[ \t\n]*=[ \t\n]*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)",
    re.IGNORECASE,
)


def rewrite_markdown_links(markdown_text: str, urls: Mapping[str, str]) -> str:
    """Localized Markdown with each source URL in ``urls`` replaced by its URL in the site.

    Link destinations, reference definitions and raw HTML ``href``/``src``
    are rewritten; code blocks are left as they are. A URL is replaced only
    when it is a key of ``urls`` (URLs found in the source), so text that
    merely looks like a link cannot be changed into another one.

    >>> guide = {"other.md#dose": "../en/other.md#dose"}
    >>> rewrite_markdown_links("See [the guide](other.md#dose).", guide)
    'See [the guide](../en/other.md#dose).'
    >>> urls = {"img/ice.png": "../assets/img/ice.png"}
    >>> rewrite_markdown_links('![Ice](img/ice.png) <img src="img/ice.png">', urls)
    '![Ice](../assets/img/ice.png) <img src="../assets/img/ice.png">'
    """
    if not urls:
        return markdown_text
    code_lines = _code_lines(markdown_text)
    line_starts = [0, *(match.end() for match in re.finditer("\n", markdown_text))]

    def replace(match: re.Match[str]) -> str:
        if bisect.bisect_right(line_starts, match.start()) - 1 in code_lines:
            return match.group()
        if match.group("dest") is not None:
            written = match.group("dest")
            bracketed = written.startswith("<")
            url = normalizeLink(unescapeAll(written[1:-1] if bracketed else written))
            new = urls.get(url)
            if new is None:
                return match.group()
            return f"{match['lead']}{match['space']}{f'<{new}>' if bracketed else new}"
        value = match.group("value")
        is_quoted = value[0] in "\"'"
        new = urls.get(normalizeLink(html.unescape(value[1:-1] if is_quoted else value)))
        if new is None:
            return match.group()
        quote_mark = value[0] if is_quoted else '"'
        return f"{match['attribute']}{quote_mark}{html.escape(new)}{quote_mark}"

    return _DESTINATION.sub(replace, markdown_text)


def _code_lines(markdown_text: str) -> set[int]:
    """0-based lines of fenced and indented code blocks."""
    return {
        line
        for token in block_tokens(markdown_text)
        if token.type in ("fence", "code_block") and token.map
        for line in range(*token.map)
    }
