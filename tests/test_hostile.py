"""Fifty-odd hostile translations: each one's exact HTML and Markdown, all inert."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from pain_content import render_html, translate_markdown
from pain_content.locales import parse_locale
from pain_content.pages import render_page
from pain_content.render import RenderedArticle

SOURCE = "Take your medicine.\n"
CASES = {
    "script-tag": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": "<svg/onload=alert(1)>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style-tag": "<style>body{display:none}</style>",
    "inline-style": '<p style="background:url(javascript:alert(1))">x</p>',
    "html-comment": "<!-- <script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "js-link": "[click](javascript:alert(1))",
    "js-link-mixed-case": "[click](JaVaScRiPt:alert(1))",
    "js-link-leading-space": "[click]( javascript:alert(1))",
    "js-link-decimal-entity": "[click](&#106;avascript:alert(1))",
    "js-link-hex-entity": "[click](&#x6A;avascript:alert(1))",
    "js-link-named-entity": "[click](javascript&colon;alert(1))",
    "js-link-tab": "[click](java\tscript:alert(1))",
    "js-link-percent-colon": "[click](javascript%3Aalert(1))",
    "js-link-pointy": "[click](<javascript:alert(1)>)",
    "js-autolink": "<javascript:alert(1)>",
    "js-autolink-upper": "<JAVASCRIPT:alert(1)>",
    "vbscript-link": "[click](vbscript:msgbox(1))",
    "data-html-link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-svg-image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "data-png-image": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "js-image": "![x](javascript:alert(1))",
    "file-link": "[x](file:///etc/passwd)",
    "js-reference-definition": "[click][r]\n\n[r]: javascript:alert(1)",
    "reference-definition-first": "[r]: javascript:alert(1)\n[click][r]",
    "title-with-handler": '[click](https://example.org "onmouseover=alert(1)")',
    "title-breaking-quotes": '[click](https://example.org "x\\" onmouseover=\\"alert(1)")',
    "href-breaking-quotes": '[click](https://example.org/"onmouseover="alert(1))',
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% for x in range(9999999) %}x{% endfor %}",
    "jinja-comment": "{# secret #}",
    "jinja-attribute": "{{ ''.__class__ }}",
    "heading-injection": "# Fake heading",
    "list-injection": "- fake\n- list",
    "ordered-list-injection": "1. fake",
    "quote-injection": "> fake quote",
    "fence-injection": "```\nfake code\n```",
    "table-injection": "| a | b |\n|---|---|\n| c | d |",
    "blank-line-injection": "first\n\nsecond",
    "setext-injection": "text\n===",
    "thematic-break-injection": "text\n***",
    "indented-code-injection": "text\n\n    code",
    "hard-break": "line one\\\nline two",
    "nul-byte": "a\0b",
    "bidi-override": "dose \u202e5 mg\u202c",
    "zero-width-space": "5\u200b0 mg",
    "escaped-html-entities": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "emphasis-bomb": "*" * 200 + "a" + "*" * 200,
    "bracket-bomb": "[" * 500 + "a" + "]" * 500,
    "safe-autolink": "<https://example.org/help>",
}
# Raw HTML a source may hold, or a translation may try: each is rendered as the
# source of a page, and as the translation of a unit of an HTML block and of a
# Markdown paragraph whose source has only <b>.
HTML_CASES = {
    "script-block": "<script>alert(1)</script>",
    "script-inline": "Hi <script>alert(1)</script> there",
    "script-upper-src": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script-in-div": "<div><script>alert(1)</script>text</div>",
    "img-onerror": '<img src=x onerror="alert(1)" alt="x">',
    "img-onerror-unquoted": "<img src=x onerror=alert(1)>",
    "body-onload": '<body onload="alert(1)">',
    "details-ontoggle": '<details open ontoggle="alert(1)"><summary>More</summary></details>',
    "a-javascript": '<a href="javascript:alert(1)">go</a>',
    "a-javascript-upper": '<a href="JAVASCRIPT:alert(1)">go</a>',
    "a-javascript-decimal-entity": '<a href="&#106;avascript:alert(1)">go</a>',
    "a-javascript-hex-entity": '<a href="&#x6A;avascript:alert(1)">go</a>',
    "a-javascript-tab-entity": '<a href="java&#9;script:alert(1)">go</a>',
    "a-javascript-newline": '<a href="java\nscript:alert(1)">go</a>',
    "a-javascript-leading-space": '<a href=" javascript:alert(1)">go</a>',
    "a-javascript-colon-entity": '<a href="javascript&colon;alert(1)">go</a>',
    "a-javascript-unquoted": "<a href=javascript:alert(1)>go</a>",
    "a-vbscript": '<a href="vbscript:msgbox(1)">go</a>',
    "a-data-html": '<a href="data:text/html;base64,PHNjcmlwdD4=">go</a>',
    "a-target-blank": '<a href="https://example.org" target="_blank">go</a>',
    "img-javascript-src": '<img src="javascript:alert(1)" alt="x">',
    "img-srcset": '<img src="a.png" srcset="javascript:alert(1) 1x" alt="a">',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "style-block": "<style>body{display:none}</style>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "svg-onload": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "math": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "form": '<form action="https://evil.example"><input name="card"><button>Pay</button></form>',
    "object-embed": '<object data="evil.swf"></object><embed src="evil.swf">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "template": "<template><script>alert(1)</script></template>",
    "textarea-breakout": "<textarea></textarea><script>alert(1)</script>",
    "noscript-mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "attribute-breakout": '<a href="https://example.org" title=\'x" onclick="alert(1)\'>go</a>',
    "comment-hiding-script": "<!-- <script>alert(1)</script> -->",
    "comment-in-sentence": "Dose <!-- <img src=x onerror=alert(1)> --> 5 mg",
    "comment-unterminated": "<!-- hidden\n\n<script>alert(1)</script>",
    "conditional-comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "processing-instruction": '<?php system("id"); ?>',
    "class-spoofing-the-notice": '<p class="notice">Reviewed by a doctor</p>',
    "id-clobbering": '<img id="footnote-label" name="x" src="a.png" alt="a">',
    "entity-encoded-tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "handler-on-the-source-tag": 'Nimm deine <b onclick="alert(1)">Medizin</b>.',
    "the-source-tag-kept": "Nimm deine <b>Medizin</b>.",
}
HTML_SOURCE = "<p>Take your <b>medicine</b>.</p>\n"
PARAGRAPH_SOURCE = "Take your <b>medicine</b>.\n"
HTML_MSGID = "Take your <b>medicine</b>."
_UNSAFE_URL = re.compile(r"^(?:javascript|vbscript|file):|^data:(?!image/png;)", re.IGNORECASE)
_DANGEROUS_TAGS = {
    "script",
    "form",
    "input",
    "button",
    "textarea",
    "template",
    "noscript",
    "body",
    "iframe",
    "style",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "link",
}


class _Inspector(HTMLParser):
    """Collects what a browser would act on: tags, event handlers, URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and _UNSAFE_URL.match((value or "").strip()):
                self.problems.append(f"{tag} {name}={value}")
            # No page of these tests has an element of its own with an id or a class.
            if name in ("style", "srcset", "srcdoc", "class", "id"):
                self.problems.append(f"{tag} {name}=")


def _problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def _outputs() -> dict[str, dict[str, str]]:
    return {
        name: {
            "html": render_html(SOURCE, {"Take your medicine.": hostile}, locale="ar"),
            "markdown": translate_markdown(SOURCE, {"Take your medicine.": hostile}),
        }
        for name, hostile in CASES.items()
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(CASES)), min_size=2, max_size=4))
def test_hostile_translations_combined_are_still_inert(names: list[str]) -> None:
    """Hostile inputs joined in one translation (a definition and its use, say) stay inert."""
    hostile = "\n".join(CASES[name] for name in names)
    localized = translate_markdown(SOURCE, {"Take your medicine.": hostile})
    for html in (render_html(SOURCE, {"Take your medicine.": hostile}), render_html(localized)):
        assert _problems(html) == []


def test_hostile_outputs_are_exactly_the_golden_ones(golden: Callable[[Path, str], None]) -> None:
    """Each hostile translation gives exactly the reviewed HTML and Markdown in the golden table."""
    golden(
        DATA / "hostile" / "outputs.json",
        json.dumps(_outputs(), indent=1, ensure_ascii=False) + "\n",
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_translation_is_inert(name: str) -> None:
    """No script, handler, unsafe URL or template evaluation, in HTML and in Markdown rendered again."""
    hostile = CASES[name]
    localized = translate_markdown(SOURCE, {"Take your medicine.": hostile})
    for html in (
        render_html(SOURCE, {"Take your medicine.": hostile}, locale="ar"),
        render_html(localized),
    ):
        assert _problems(html) == []
        assert "49" not in html  # {{ 7*7 }} is never evaluated
    assert "<script" not in localized.lower() and "<img" not in localized.lower()


def _html_outputs() -> dict[str, dict[str, str]]:
    outputs = {}
    for name, hostile in HTML_CASES.items():
        translation = {HTML_MSGID: hostile}
        outputs[name] = {
            "source": render_html(hostile + "\n"),
            "in-html-block": render_html(HTML_SOURCE, translation, locale="ar"),
            "in-html-block-markdown": translate_markdown(HTML_SOURCE, translation),
            "in-paragraph": render_html(PARAGRAPH_SOURCE, translation, locale="ar"),
            "in-paragraph-markdown": translate_markdown(PARAGRAPH_SOURCE, translation),
        }
    return outputs


def test_there_are_at_least_forty_hostile_html_cases() -> None:
    """Scripts, handlers, javascript: in every spelling, frames, styles, SVG, MathML, forms,
    srcset, style attributes and comments that hide markup."""
    assert len(HTML_CASES) >= 40


def test_hostile_html_outputs_are_exactly_the_golden_ones(
    golden: Callable[[Path, str], None],
) -> None:
    """Each hostile piece of HTML, in a source and in translations, gives exactly the
    reviewed HTML and Markdown in the golden table."""
    golden(
        DATA / "hostile" / "html-outputs.json",
        json.dumps(_html_outputs(), indent=1, ensure_ascii=False) + "\n",
    )


@pytest.mark.parametrize("name", sorted(HTML_CASES))
def test_hostile_html_is_inert(name: str) -> None:
    """No script, handler or unsafe URL survives, from a source or from a translation, nor
    in the localized Markdown rendered again."""
    hostile = HTML_CASES[name]
    translation = {HTML_MSGID: hostile}
    pages = [
        render_html(hostile + "\n"),
        render_html(HTML_SOURCE, translation, locale="ar"),
        render_html(PARAGRAPH_SOURCE, translation, locale="ar"),
    ]
    for source in (HTML_SOURCE, PARAGRAPH_SOURCE):
        localized = translate_markdown(source, translation)
        pages.append(render_html(localized))
        assert _problems(localized) == [], "the localized Markdown itself, read as HTML"
    for html in pages:
        assert _problems(html) == []
        assert "<!--" not in html and "alert(1)</" not in html


def test_hostile_front_matter_is_escaped_in_the_page() -> None:
    """A title or description carrying markup is text in <title>, the meta tag and the body."""
    page = render_page(
        locale=parse_locale("es"),
        article=RenderedArticle(
            body="<p>x</p>",
            title="</title><script>alert(1)</script>",
            description='"><script>alert(1)</script>',
            last_reviewed=None,
            untranslated=0,
            translated=0,
        ),
        is_reviewed=False,
        alternates=[],
        default_href="../en/x.html",
    )
    assert "<script>" not in page
    assert "&lt;/title&gt;&lt;script&gt;" in page and 'content="&#34;&gt;&lt;script&gt;' in page


def test_the_inspector_sees_what_a_browser_would_run() -> None:
    """The safety check itself flags scripts, handlers and unsafe URLs when they are there."""
    assert _problems('<a href=" JavaScript:x">a</a><img src=x onerror="y"><script></script>') == [
        "a href= JavaScript:x",
        "img onerror=",
        "<script>",
    ]
