"""Raw HTML in sources and translations: sanitized, and split into what a patient reads.

A Markdown source may hold raw HTML, as documentation does (``<details>``,
``<figure>``, ``<br>``, ``<sup>``). markdown-it hands it over in pieces: an
HTML block may open ``<details>`` and a later one close it, with Markdown in
between, and each inline tag is a piece of its own. So each piece is split
into atoms with markdown-it's own tag grammar (tags, comments, processing
instructions, declarations, CDATA, text) and every atom is cleaned on its own:

- a tag whose name is not on :data:`ALLOWED_TAGS` is dropped, and the content
  of ``script``, ``style``, ``iframe``, ``svg``, ``math``... with it;
- an allowed opening tag goes through the ``nh3`` (ammonia) sanitizer, which
  keeps only the attributes on :data:`ALLOWED_ATTRIBUTES` and only URLs with
  a safe scheme, however they are spelled, and writes the tag again;
- comments, processing instructions, declarations and CDATA are never shown;
- text goes through ``nh3`` too, so a stray ``<`` is text.

What is emitted is a sequence of tags ``nh3`` wrote and text it escaped,
whatever the browser would have made of the raw input.

The text of an HTML block is translatable: :func:`text_runs` finds each run of
text and phrasing tags (``<a>``, ``<b>``, ``<img alt>``...) between block-level
tags; the run, tags included, is one message, as links and emphasis are in
Markdown. A translation may use only the markup its source uses
(:func:`foreign_markup`); any other markup in it stays text
(:func:`keep_source_markup`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.normalize_url import normalizeLink

from .markdown_parser import MESSAGES_CACHED

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
        "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
"""Tags documentation uses that can run nothing. Obsolete ones (``center``,
``font``) are left out: the W3C checker rejects them."""
_GLOBAL_ATTRIBUTES = frozenset({"lang", "dir", "title"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
}
"""Attributes kept besides ``lang``, ``dir`` and ``title``: no ``style``, no
event handler, no ``srcset``, no ``id`` or ``class`` (which could pass for the
page's own, such as the draft notice)."""
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "svg", "math", "template",
        "textarea", "select", "noscript", "noembed", "noframes", "xmp", "title", "head",
    }
)  # fmt: skip
_VOID = frozenset({"br", "col", "hr", "img", "wbr"})
PHRASING_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i",
        "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
        "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip
"""Tags that sit inside a sentence: a run of text keeps them, any other tag ends it."""
_UNTRANSLATED_CONTENT = frozenset({"pre"})
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title"})
"""Attributes whose value a patient reads, so a translation may change it."""

_ATOM = re.compile(HTML_TAG_RE.pattern, re.IGNORECASE)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTE = re.compile(
    r"""[\s/]*([a-zA-Z_:][a-zA-Z0-9:._-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_PROBE = "div"  # each tag is cleaned as a <div> with its own allowed attributes


@dataclass(frozen=True, slots=True)
class Atom:
    """One piece of raw HTML: a tag, a comment or the like, or text."""

    start: int
    end: int
    text: str
    name: str = ""
    """Lower-case tag name; empty for text, comments, declarations."""
    is_markup: bool = False
    """True for anything but text."""
    is_closing: bool = False
    is_self_closing: bool = False


def atoms(raw: str) -> Iterator[Atom]:
    """Split raw HTML into tags, comments, declarations and text, as markdown-it reads them."""
    position = 0
    for match in _ATOM.finditer(raw):
        if match.start() > position:
            yield Atom(position, match.start(), raw[position : match.start()])
        yield _markup_atom(match)
        position = match.end()
    if position < len(raw):
        yield Atom(position, len(raw), raw[position:])


def _markup_atom(match: re.Match[str]) -> Atom:
    text = match.group()
    name_match = _TAG_NAME.match(text)
    if name_match is None:  # comment, processing instruction, declaration, CDATA
        return Atom(match.start(), match.end(), text, is_markup=True)
    return Atom(
        match.start(),
        match.end(),
        text,
        name=name_match.group(2).lower(),
        is_markup=True,
        is_closing=name_match.group(1) == "/",
        is_self_closing=text.endswith("/>"),
    )


@dataclass(slots=True)
class Sanitizer:
    """Cleans the raw HTML pieces of one page in order, remembering across pieces
    whether it is inside an element dropped with its content (``<script>`` in a
    paragraph is one piece, its text another, ``</script>`` a third)."""

    dropping: list[str] = field(default_factory=list)
    """Names of the open elements whose content is dropped."""
    urls: Mapping[str, str] = field(default_factory=dict)
    """URLs to write in place of others (a source's local links, as the page sees them)."""
    _url_items: frozenset[tuple[str, str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._url_items = frozenset(self.urls.items())

    def clean(self, raw: str, text: Callable[[str], str] = lambda escaped: escaped) -> str:
        """Safe HTML for one raw piece; ``text`` transforms each escaped text run."""
        parts: list[str] = []
        for atom in atoms(raw):
            if self.dropping:
                if atom.is_closing and atom.name == self.dropping[-1]:
                    self.dropping.pop()
                elif atom.name == self.dropping[-1] and not atom.is_self_closing:
                    self.dropping.append(atom.name)
                continue
            if not atom.is_markup:
                parts.append(text(nh3.clean(atom.text)))
            elif atom.name in _DROPPED_WITH_CONTENT:
                if not atom.is_closing and not atom.is_self_closing:
                    self.dropping.append(atom.name)
            elif atom.name in ALLOWED_TAGS:
                parts.append(_clean_tag(atom, self._url_items))
        return "".join(parts)


def sanitize(raw: str) -> str:
    """Safe HTML for a self-contained piece of raw HTML.

    >>> sanitize('<img src="x.png" alt="Scale" onerror="alert(1)"><script>alert(1)</script>')
    '<img src="x.png" alt="Scale">'
    >>> sanitize('<img src="{{ logo }}" width=80>')
    '<img src="%7B%7B%20logo%20%7D%7D" width="80" alt="">'
    >>> sanitize('<a href="JaVa&#115;cript:alert(1)">go</a><!-- <b> -->')
    '<a>go</a>'
    """
    return Sanitizer().clean(raw)


def _clean_tag(atom: Atom, urls: frozenset[tuple[str, str]]) -> str:
    if atom.is_closing:
        return "" if atom.name in _VOID else f"</{atom.name}>"
    return _clean_start_tag(atom.text, atom.name, urls)


# A source's tags are the same in every language of an article (a translation
# changes only the text between them), so each is cleaned once per process.
@lru_cache(maxsize=4096)
def _clean_start_tag(start_tag: str, name: str, url_items: frozenset[tuple[str, str]]) -> str:
    urls = dict(url_items)
    rest = start_tag[1 + len(name) :]
    allowed = ALLOWED_ATTRIBUTES.get(name, frozenset()) | _GLOBAL_ATTRIBUTES
    cleaned = nh3.clean(
        f"<{_PROBE}{rest}",
        tags={_PROBE},
        clean_content_tags=set(),
        attributes={_PROBE: set(allowed)},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
        attribute_filter=lambda tag, attribute, value: _encode_url(tag, attribute, value, urls),
    )
    opening = cleaned.removesuffix(f"</{_PROBE}>").removeprefix(f"<{_PROBE}")
    if name == "img" and not re.search(r"\salt=", opening):
        # As Markdown's ![](src) does: an image its author gave no text is decorative.
        opening = opening.removesuffix(">") + ' alt="">'
    return f"<{name}{opening}"


def _encode_url(tag: str, attribute: str, value: str, urls: Mapping[str, str]) -> str:
    # A URL nh3 let through (its scheme is safe), percent-encoded as Markdown's
    # link destinations are: "{{ url }}" from a template is not a valid URL.
    if attribute not in ("href", "src"):
        return value
    url = normalizeLink(value)
    return urls.get(url, url)


def tag_urls(raw: str) -> list[tuple[str, bool]]:
    """The ``href`` of each ``<a>`` and the ``src`` of each ``<img>`` in raw HTML,
    percent-encoded as Markdown's link destinations are, each with whether it is an image.

    >>> tag_urls('<p><img alt="Ice" SRC="img/ice pack.png"> <a href=forms/a&amp;b.pdf>form</a></p>')
    [('img/ice%20pack.png', True), ('forms/a&b.pdf', False)]
    """
    urls = []
    skipping: list[str] = []  # inside an element the sanitizer drops with its content
    for atom in atoms(raw):
        if skipping:
            if atom.is_closing and atom.name == skipping[-1]:
                skipping.pop()
            continue
        if atom.name in _DROPPED_WITH_CONTENT and not atom.is_closing and not atom.is_self_closing:
            skipping.append(atom.name)
        wanted = {"a": "href", "img": "src"}.get(atom.name)
        if wanted is None or atom.is_closing:
            continue
        for match in _ATTRIBUTE.finditer(atom.text, 1 + len(atom.name), len(atom.text) - 1):
            value = match.group(2) or ""
            if match.group(1).lower() == wanted and value:
                unquoted = value[1:-1] if value[0] in "\"'" else value
                urls.append((normalizeLink(html.unescape(unquoted)), atom.name == "img"))
    return urls


def signature(atom: Atom) -> str:
    """What a translation must keep of a piece of markup: the tag, its attributes,
    and their values except the ones a patient reads (``alt``, ``title``).

    >>> signature(next(atoms('<IMG alt="Scale" src=x.png>')))
    '<img alt src="x.png">'
    """
    if not atom.name:
        return atom.text
    if atom.is_closing:
        return f"</{atom.name}>"
    attributes = []
    for match in _ATTRIBUTE.finditer(atom.text, 1 + len(atom.name), len(atom.text) - 1):
        name = match.group(1).lower()
        value = match.group(2)
        if value is None or name in TRANSLATABLE_ATTRIBUTES:
            attributes.append(name)
        else:
            attributes.append(f'{name}="{html.unescape(value.strip(chr(34) + chr(39)))}"')
    return f"<{' '.join([atom.name, *sorted(attributes)])}>"


def markup_atoms(text: str) -> Iterator[Atom]:
    """The markup of a message: tags, comments and the like. Code spans are not
    told apart, as a message may be HTML, where a backtick is a backtick, and
    markdown-it reads a tag before a code span that starts inside it."""
    return (atom for atom in atoms(text) if atom.is_markup)


def split_markup(translation: str, source: str) -> tuple[list[Atom], list[Atom]]:
    """The markup of ``translation``: the pieces its source has (each as many times
    as the source has it), and the foreign ones.

    A translation may change the text of ``alt`` and ``title`` only; any other
    tag, attribute, URL or comment of its own, or one more copy of a tag, is foreign.
    """
    available = Counter(_source_markup(source))
    kept: list[Atom] = []
    foreign: list[Atom] = []
    for atom in markup_atoms(translation):
        key = signature(atom)
        if available[key] > 0:
            available[key] -= 1
            kept.append(atom)
        else:
            foreign.append(atom)
    return kept, foreign


@lru_cache(maxsize=MESSAGES_CACHED)
def _source_markup(source: str) -> Mapping[str, int]:
    """How many times the source has each piece of markup; read again for every
    language's translation of the same msgid, so kept (and never changed)."""
    # A tag the source escapes ("\\<div>") is text there, and allows nothing.
    return Counter(
        signature(atom) for atom in markup_atoms(source) if not _is_escaped(source, atom.start)
    )


def _is_escaped(text: str, position: int) -> bool:
    backslashes = len(text[:position]) - len(text[:position].rstrip("\\"))
    return backslashes % 2 == 1


def foreign_markup(source: str, translation: str) -> list[str]:
    """The markup of ``translation`` that ``source`` does not have, in order.

    >>> foreign_markup('<b>Dose</b>', '<b>Dosis</b> <b onclick="x">!</b><i>')
    ['<b onclick="x">', '</b>', '<i>']
    """
    return [atom.text for atom in split_markup(translation, source)[1]]


def is_source_markup(source: str, markup: str) -> bool:
    """True when ``source`` has each piece of ``markup`` (as many times): when
    :func:`foreign_markup` finds none in it.

    >>> is_source_markup('<b>Dose</b>', '<b>'), is_source_markup('<b>Dose</b>', '<b onclick="x">')
    (True, False)
    """
    available = _source_markup(source)
    needed = Counter(_signatures(markup))
    return all(available.get(key, 0) >= count for key, count in needed.items())


# A translation keeps its source's tags as they are (only alt and title may be
# translated), so a page's translations bring the same few tags in every language.
@lru_cache(maxsize=MESSAGES_CACHED)
def _signatures(markup: str) -> tuple[str, ...]:
    return tuple(signature(atom) for atom in markup_atoms(markup))


def markup_findings(source: str, translation: str) -> list[str]:
    """The ``markup-raw-html`` finding for a translation: markup its source lacks.

    >>> markup_findings('See <a href="/a">this</a>', 'Voir <a href="javascript:x">ceci</a>')
    ['the translation has markup its source lacks: <a href="javascript:x">']
    >>> markup_findings('<img src="a.png" alt="A scale">', '<img src="a.png" alt="Une balance">')
    []
    """
    foreign = foreign_markup(source, translation)
    if not foreign:
        return []
    return [f"the translation has markup its source lacks: {', '.join(foreign)}"]


def keep_source_markup(translation: str, source: str) -> str:
    """The translation of a run of an HTML block with every ``<`` that does not
    open markup of the source made text (``&lt;``).

    >>> keep_source_markup('<b>Dosis</b><script>x</script>', '<b>Dose</b>')
    '<b>Dosis</b>&lt;script>x&lt;/script>'
    """
    kept = {atom.start for atom in split_markup(translation, source)[0]}
    # Every other "<", even one that opens no complete tag: in a renderer that
    # passes HTML blocks through, "<img onerror=x" would join the next line's tag.
    return re.sub("<", lambda match: "<" if match.start() in kept else "&lt;", translation)


def translated_run(translation: str, source: str) -> str:
    """What replaces a run of an HTML block: the translation on one line, so that
    no blank line can end the block, with foreign markup made text.

    >>> translated_run('  Nimm <b>sie</b>\\n\\n<i>jetzt</i> ', 'Take <b>it</b> now')
    'Nimm <b>sie</b> &lt;i>jetzt&lt;/i>'
    """
    return normalize_run(keep_source_markup(translation, source).strip())


def text_runs(content: str) -> list[tuple[int, int]]:
    """Where the translatable runs of an HTML block are: offsets in ``content``.

    A run is text with the phrasing tags around and inside it, between
    block-level tags, comments and code (``<pre>``); it counts when it has
    text a patient sees, or an ``alt`` or ``title``. A run that would start
    the block itself leaves its leading tags out, so that its translation
    cannot turn the block into a paragraph.

    >>> content = '<figure>\\n<img src="a.png" alt="A scale">\\n<figcaption>Weigh <b>daily</b>'
    >>> [content[start:end] for start, end in text_runs(content)]
    ['<img src="a.png" alt="A scale">', 'Weigh <b>daily</b>']
    """
    runs: list[tuple[int, int]] = []
    run: list[Atom] = []
    skipping: list[str] = []

    def close_run() -> None:
        if run:
            runs.extend(_trimmed_run(content, run))
            run.clear()

    for atom in atoms(content):
        if skipping:
            if atom.is_closing and atom.name == skipping[-1]:
                skipping.pop()
            continue
        if atom.is_markup and atom.name not in PHRASING_TAGS:
            close_run()
            is_opening = not atom.is_closing and not atom.is_self_closing
            if is_opening and atom.name in _DROPPED_WITH_CONTENT | _UNTRANSLATED_CONTENT:
                skipping.append(atom.name)
            continue
        run.append(atom)
    close_run()
    return runs


def attribute_values(content: str) -> list[tuple[int, int]]:
    """Where the quoted ``title`` values of block-level tags are, offsets in ``content``:
    text a patient sees (as a tooltip) outside any run. A phrasing tag's ``alt``
    and ``title`` stay in its run.

    >>> content = '<div title="Dose chart"><p title="A &amp; B">x</p><img alt="y">'
    >>> [content[start:end] for start, end in attribute_values(content)]
    ['Dose chart', 'A &amp; B']
    """
    values: list[tuple[int, int]] = []
    skipping: list[str] = []
    for atom in atoms(content):
        if skipping:
            if atom.is_closing and atom.name == skipping[-1]:
                skipping.pop()
            continue
        if not atom.name or atom.is_closing or atom.name in PHRASING_TAGS:
            continue
        if atom.name in _DROPPED_WITH_CONTENT:
            if not atom.is_self_closing:
                skipping.append(atom.name)
            continue
        for match in _ATTRIBUTE.finditer(atom.text, 1 + len(atom.name), len(atom.text) - 1):
            value = match.group(2) or ""
            is_quoted_text = value[:1] in ("'", '"') and html.unescape(value[1:-1]).strip()
            if match.group(1).lower() in TRANSLATABLE_ATTRIBUTES and is_quoted_text:
                values.append((atom.start + match.start(2) + 1, atom.start + match.end(2) - 1))
    return values


def translated_attribute(translation: str) -> str:
    """What replaces an attribute value: the translation on one line, with no
    character that could end the value or open a tag.

    >>> translated_attribute('Tableau "doses" <b>')
    'Tableau &quot;doses&quot; &lt;b&gt;'
    """
    text = normalize_run(translation.strip())
    return (
        text.replace('"', "&quot;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _trimmed_run(content: str, run: list[Atom]) -> list[tuple[int, int]]:
    if run[0].start == 0:
        # The block's own opening, even an incomplete tag a browser still reads as one.
        while run and (run[0].is_markup or run[0].text.startswith("<")):
            run = run[1:]
        while run and run[-1].is_markup and run[-1].is_closing:
            run = run[:-1]
    visible = any(
        html.unescape(atom.text).strip()
        if not atom.is_markup
        else any(
            match.group(1).lower() in TRANSLATABLE_ATTRIBUTES
            for match in _ATTRIBUTE.finditer(atom.text, 1 + len(atom.name))
        )
        for atom in run
    )
    if not visible:
        return []
    start, end = run[0].start, run[-1].end
    while start < end and content[start] in " \t\n\r\f":
        start += 1
    while end > start and content[end - 1] in " \t\n\r\f":
        end -= 1
    return [(start, end)]


def normalize_run(text: str) -> str:
    """A run as a msgid: white space collapsed, as the page shows it."""
    return _WHITESPACE.sub(" ", text)
