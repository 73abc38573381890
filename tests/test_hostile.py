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
_UNSAFE_URL = re.compile(r"^(?:javascript|vbscript|file):|^data:(?!image/png;)", re.IGNORECASE)
_DANGEROUS_TAGS = {
    "script",
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


def test_hostile_front_matter_is_escaped_in_the_page() -> None:
    """A title or description carrying markup is text in <title>, the meta tag and the body."""
    page = render_page(
        locale=parse_locale("es"),
        title="</title><script>alert(1)</script>",
        description='"><script>alert(1)</script>',
        body="<p>x</p>",
        last_reviewed=None,
        is_reviewed=False,
        untranslated=0,
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
