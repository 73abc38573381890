"""The body's structure repaired where raw HTML in a source breaks it, and left alone otherwise."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence

import pytest
from benchmarks.pseudo import pseudo_translations
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import DATA
from pain_content import extract_units, html_structure, render, render_html
from pain_content.html_structure import is_sound_rendering, may_need_repair, repair_structure
from test_commonmark_spec import HOSTILE
from test_hostile import HTML_CASES

_HEADING_LEVEL = re.compile(r"(</?)h[1-6]")
_LINK_NAME = re.compile(r'<a aria-label="[^"]*" ')
SPEC = json.loads((DATA / "commonmark" / "spec-0.31.2.json").read_text("utf-8"))


_FAULTS = [
    # Each heading at most one level below the one before (the W3C checker's rule);
    # the first keeps its level, and going back up is never a skip.
    ("<h1>a</h1><h3>b</h3><h4>c</h4>", "<h1>a</h1><h2>b</h2><h3>c</h3>"),
    ('<h2>a</h2><h5 id="x">b</h5><h2>c</h2>', '<h2>a</h2><h3 id="x">b</h3><h2>c</h2>'),
    ("<h3>first</h3><h1>up</h1>", "<h3>first</h3><h1>up</h1>"),
    # MDN's kitchen sink: <pre> opened in an HTML block, Markdown paragraphs after
    # the blank line, and the closing tags inside the last paragraph.
    (
        '<div><pre class="js">a();\n<p>b();</p>\n<p>c();</p>\n<p></pre></div></p>\n<p>d</p>',
        '<div><pre class="js">a();\nb();\n\nc();\n\n</pre></div>\n<p>d</p>',
    ),
    # httpx: a <div> holding an image and its caption is the figure it means.
    (
        '<div><img src="p.png" alt=""><figcaption>Proxy</figcaption></div>',
        '<figure><img src="p.png" alt=""><figcaption>Proxy</figcaption></figure>',
    ),
    (
        "<div><figcaption>a</figcaption><p>b</p><p>c</p></div>",
        "<figure><figcaption>a</figcaption><p>b</p><p>c</p></figure>",
    ),
    # A caption in the middle, two captions, or one at the top: plain blocks.
    (
        "<div><p>a</p><figcaption>b</figcaption><p>c</p></div>",
        "<div><p>a</p><div>b</div><p>c</p></div>",
    ),
    ("<figcaption>x</figcaption>", "<div>x</div>"),
    # FastAPI: a link holding only an image without alt text is named after its address.
    (
        '<a href="https://typer.tiangolo.com/"><img src="logo.svg" alt=""></a>',
        '<a aria-label="typer.tiangolo.com" href="https://typer.tiangolo.com/">'
        '<img src="logo.svg" alt=""></a>',
    ),
    (
        '<a href="x.html"><img src="l" alt="Logo"></a>',
        '<a href="x.html"><img src="l" alt="Logo"></a>',
    ),
    (
        '<a href="x.html" title="Home"><img src="l"></a>',
        '<a href="x.html" title="Home"><img src="l"></a>',
    ),
    ('<a href="x.html"> <span>Home</span></a>', '<a href="x.html"> <span>Home</span></a>'),
    # Left open: closed with its parent; closed twice or never opened: dropped.
    ("<div><span>open</div>", "<div><span>open</span></div>"),
    ("<p>text</b>.</p>", "<p>text.</p>"),
    ("<details><summary>s</summary>", "<details><summary>s</summary></details>"),
    # What HTML's parser implies is written out.
    ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),
    # Text that looks like a tag is escaped in a body, so it is text.
    ("<p>&lt;h3&gt; 5 &lt; 6</p>", "<p>&lt;h3&gt; 5 &lt; 6</p>"),
]
"""Faults the W3C checker or axe-core found on the corpus pages, each with its repair."""


@pytest.mark.parametrize(("body", "repaired"), _FAULTS)
def test_faults_real_pages_have_are_repaired(body: str, repaired: str) -> None:
    """Each repair the W3C checker or axe-core asked for on the corpus pages, as a table."""
    assert repair_structure(body) == repaired


@pytest.mark.parametrize(
    "example", [e for e in SPEC if "<" not in e["markdown"]], ids=lambda e: str(e["example"])
)
def test_a_body_rendered_from_markdown_alone_changes_only_in_heading_levels(
    example: dict[str, str],
) -> None:
    """markdown-it's own HTML is well formed: only a skipped heading level and an empty
    link (``[](url)``) are changed in it."""
    html = MarkdownIt("commonmark").render(example["markdown"])
    repaired = repair_structure(html)
    unnamed = _LINK_NAME.sub("<a ", repaired)
    assert _HEADING_LEVEL.sub(r"\1h", unnamed) == _HEADING_LEVEL.sub(r"\1h", html)
    for named in _LINK_NAME.finditer(repaired):
        assert repaired[named.end() :].split(">", 1)[1].startswith(("</a>", "<img"))
    levels = [int(level) for level in re.findall(r"<h([1-6])", repaired)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_kitchen_sink_page_keeps_its_code_lines() -> None:
    """Rendered from the source, the <pre> left open keeps every line of its code."""
    source = (DATA / "corpus" / "mdn" / "mdn_kitchensink.md").read_text("utf-8")
    page = render_html(source, None, locale="en")
    start = page.index("<pre>Crafty.init")
    code = page[start : page.index("</pre>", start)]
    assert "<p>" not in code and "var dim1" in code


# Translations that make a heading or a link out of what was text, or empty a link.
_LINK_AND_HEADING_TRANSLATIONS = [
    "[](https://example.org/)",
    "[ ](x.html)",
    "[![](logo.png)](https://example.org/)",
    "[![Logo](logo.png)](https://example.org/)",
    "[`  `](x.html) and [`code`](y.html)",
    '[](x.html "title")',
    "<https://example.org/> 12,5 %",
    "### three\n###### six",
]


def _render_cases() -> list[tuple[str, dict[str, str] | None, str]]:
    """(source, translations, locale) over the CommonMark examples and the corpus, as written,
    pseudo-translated, and with hostile translations (block syntax, raw HTML, empty links)."""
    sources = [example["markdown"] for example in SPEC]
    sources += [path.read_text("utf-8") for path in sorted((DATA / "corpus").rglob("*.md"))]
    hostile = [*HOSTILE, *HTML_CASES.values(), *_LINK_AND_HEADING_TRANSLATIONS]
    cases: list[tuple[str, dict[str, str] | None, str]] = []
    for index, source in enumerate(sources):
        msgids = [unit.msgid for unit in extract_units(source)]
        cases.append((source, None, "en"))
        cases.append((source, pseudo_translations(source, msgids), "ar"))
        translation = hostile[index % len(hostile)]
        cases.append((source, dict.fromkeys(msgids, translation), ("es", "ar")[index % 2]))
    return cases


def test_a_body_not_read_again_is_the_one_repair_would_give(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where may_need_repair says a body needs no repair, the page is exactly what
    repairing it would give, over every CommonMark example, the corpus and hostile
    translations; and that fast path is really taken on most of them."""
    decisions: list[bool] = []

    def recorded(tokens: Sequence[Token]) -> bool:
        decisions.append(may_need_repair(tokens))
        return decisions[-1]

    for source, translations, locale in _render_cases():
        monkeypatch.setattr(render, "may_need_repair", recorded)
        fast = render_html(source, translations, locale=locale)
        monkeypatch.setattr(render, "may_need_repair", lambda tokens: True)
        assert fast == render_html(source, translations, locale=locale), (source, translations)
    assert decisions.count(False) > len(decisions) / 2
    assert decisions.count(True) > 100


def test_a_body_found_sound_is_the_one_the_full_repair_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the one-pass reading finds nothing to repair, reading the body in full gives
    it back as it is, over every body the CommonMark examples, the corpus and hostile
    translations render to, the repair table's own faults, and each of those cut short
    (an element left open, a link cut before its text); and most bodies are found sound."""
    bodies: list[str] = []

    def recorded(tokens: Sequence[Token], pieces: Sequence[str]) -> bool:
        bodies.append("".join(pieces))
        return True

    monkeypatch.setattr(render, "is_sound_rendering", recorded)
    monkeypatch.setattr(render, "may_need_repair", lambda tokens: True)
    for source, translations, locale in _render_cases():
        render_html(source, translations, locale=locale)
    # Faults in a body whose tags pair up as a stack of names would.
    table = [body for body, _repaired in _FAULTS] + [
        "<p>a<div>b</div></p>",
        "<ul><li>a<li>b</li></li></ul>",
        "<pre>x<p>y</p></pre>",
        "<DIV>x</DIV>",
        "<div><span>a</span ></div>",
        '<a href="x"><img src="y" alt=" "></a>',
    ]
    bodies += [*table, *(body[: len(body) // 2] for body in [*bodies, *table])]
    sound = [html_structure._is_sound(body) for body in bodies]
    monkeypatch.setattr(html_structure, "_is_sound", lambda body: False)
    for body, is_sound in zip(bodies, sound, strict=True):
        if is_sound:
            assert repair_structure(body) == body, body
    assert sum(sound) > len(bodies) / 2 and not all(sound)


# Raw HTML whose effect reaches past its own block: elements left open around
# Markdown, a <pre> its paragraphs land in, text dropped after an inline <script>.
_REACHING_SOURCES = [
    "<div>\n\n# Title\n\n### Skipped\n\n[](x.html)\n\n</div>\n",
    "<details>\n<summary>More</summary>\n\n- [a](x.html)\n- b\n\n</details>\n",
    "<div><pre>\n\ncode\n\nmore code\n\n</pre></div>\n\nText\n",
    "a <script> b\n\n[link](x.html)\n\n## Heading\n\nc </script> d\n",
    "a <a href=x.html>\n\n# Title\n\nname</a>\n",
    "- a <b>\n- b</b>\n\n> <i>quote\n\nafter</i>\n",
    "<figcaption>Caption</figcaption>\n\n<figure>\n\n![x](y.png)\n\n</figure>\n",
    "<div>\n\n# Title\n\n## Part\n\n[a](x.html) <b>b</b>\n\n</div>\n\n## Next\n",
    "a <script> b\n\nc </script> d\n\n[link](x.html)\n",
    "[a](x.html) <div>b</div>\n",
]


def test_a_page_found_sound_block_by_block_has_a_sound_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where reading a page a top-level block at a time finds nothing to repair, reading
    its whole body finds nothing either, over every CommonMark example, the corpus,
    hostile translations and raw HTML that reaches past its block; and the block-wise
    reading finds sound nearly every body the whole reading does."""
    verdicts: list[tuple[bool, bool]] = []

    def recorded(tokens: Sequence[Token], pieces: Sequence[str]) -> bool:
        body = "".join(pieces)
        verdicts.append((is_sound_rendering(tokens, pieces), html_structure._is_sound(body)))
        return verdicts[-1][0]

    monkeypatch.setattr(render, "is_sound_rendering", recorded)
    monkeypatch.setattr(render, "may_need_repair", lambda tokens: True)
    cases = _render_cases()
    cases += [(source, None, locale) for source in _REACHING_SOURCES for locale in ("en", "ar")]
    for source, translations, locale in cases:
        render_html(source, translations, locale=locale)
    assert all(whole for block_wise, whole in verdicts if block_wise)
    found = sum(block_wise for block_wise, _whole in verdicts)
    assert found > 0.9 * sum(whole for _block_wise, whole in verdicts)
