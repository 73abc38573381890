"""HTML fragments: safe by construction, marked where the source language shows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from conftest import DATA
from pain_content import render, render_html, render_rules, translate_markdown
from pain_content.errors import LocaleError
from pain_content.markdown_parser import PARSER, parse_document
from test_commonmark_spec import SPEC

UNSAFE_LINKS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](java&#x73;cript:alert(1))",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "![a](javascript:alert(1))",
    "![a](data:image/svg+xml;base64,PHN2Zz4=)",
    "[a](file:///etc/passwd)",
]


@pytest.mark.parametrize("markdown", UNSAFE_LINKS)
def test_unsafe_urls_are_never_emitted(markdown: str) -> None:
    """No spelling of a javascript:, vbscript:, file: or non-image data: URL becomes an href or src."""
    html = render_html(markdown).lower()
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert "href=" not in html and "src=" not in html


@pytest.mark.parametrize("markdown", UNSAFE_LINKS)
def test_unsafe_urls_in_translations_are_never_emitted(markdown: str) -> None:
    """A translation carrying an unsafe URL renders it as text."""
    html = render_html("[a](https://example.org)\n", {"[a](https://example.org)": markdown})
    assert "href=" not in html.replace('href="https://example.org"', "") and "src=" not in html


def test_image_data_urls_are_allowed() -> None:
    """A PNG data URL in an image is an image."""
    assert '<img src="data:image/png;base64,AAAA"' in render_html(
        "![x](data:image/png;base64,AAAA)"
    )


def test_raw_html_is_sanitized_and_foreign_markup_in_a_translation_is_text() -> None:
    """A source's raw HTML keeps only harmless tags; markup its translation adds shows as text."""
    assert render_html("Hi <b onclick=x>there</b> <script>alert(1)</script>") == (
        "<p>Hi <b>there</b> </p>\n"
    )
    html = render_html("Hi\n", {"Hi": '<img src=x onerror="alert(1)">'})
    assert "<img" not in html and "&lt;img" in html


def test_a_comment_separating_two_blocks_stays_and_is_never_shown() -> None:
    """ "<!-- -->" between two paragraphs or lists keeps them apart in every language,
    and a translation cannot open a comment that would swallow what follows."""
    source = "First paragraph.\n<!-- keep apart -->\nSecond paragraph.\n\n- a\n\n<!-- -->\n\n- b\n"
    german = {
        "First paragraph.": "Erster Absatz. <!--",
        "Second paragraph.": "Zweiter Absatz.",
        "a": "A",
        "b": "B",
    }
    localized = translate_markdown(source, german)
    assert localized == (
        "Erster Absatz. &lt;!--\n<!-- keep apart -->\nZweiter Absatz.\n\n- A\n\n<!-- -->\n\n- B\n"
    )
    expected = (  # each comment leaves only its line end
        "<p>Erster Absatz. &lt;!--</p>\n\n<p>Zweiter Absatz.</p>\n"
        "<ul>\n<li>A</li>\n</ul>\n\n<ul>\n<li>B</li>\n</ul>\n"
    )
    assert render_html(source, german, locale="de") == render_html(localized) == expected


def test_heading_ids_come_from_the_source_in_every_language() -> None:
    """Heading ids are the same in English and in a translation."""
    source = "# Safety first\n\n## Safety first\n"
    spanish = render_html(source, {"Safety first": "La seguridad primero"}, locale="es")
    assert 'id="safety-first"' in spanish and 'id="safety-first-1"' in spanish


def test_untranslated_blocks_carry_lang_en() -> None:
    """In a translated page a block shown in English says lang="en"; in an RTL page also dir="ltr"."""
    source = "# Title\n\nBody.\n\n- item\n"
    spanish = render_html(source, {"Title": "Título"}, locale="es")
    assert '<h1 id="title">Título</h1>' in spanish
    assert '<p lang="en">Body.</p>' in spanish
    assert '<ul lang="en">\n<li>item</li>\n</ul>' in spanish
    arabic = render_html(source, {"Title": "عنوان"}, locale="ar")
    assert '<p lang="en" dir="ltr">Body.</p>' in arabic
    assert '<ul lang="en" dir="ltr">\n<li>item</li>\n</ul>' in arabic
    assert 'lang="en"' not in render_html(source)


def test_numbers_and_code_are_isolated_in_rtl_text() -> None:
    """Doses, phone numbers, URLs and code inside RTL text keep left-to-right order."""
    html = render_html(
        "Take it.\n", {"Take it.": "خذ 5 mg أو اتصل +1 555 0100 `x` https://a.org/b"}, locale="ar"
    )
    assert "<bdi>5</bdi>" in html and "<bdi>+1 555 0100</bdi>" in html
    assert '<code dir="ltr">x</code>' in html and "<bdi>https://a.org/b</bdi>" in html


def test_unknown_locale_is_refused() -> None:
    """A locale CLDR does not know raises LocaleError."""
    with pytest.raises(LocaleError):
        render_html("Text.\n", locale="xx")
    with pytest.raises(LocaleError):
        render_html("Text.\n", locale="../../etc")


def test_tags_are_written_as_markdown_its_own_renderer_writes_them() -> None:
    """A token without a rule of its own is written as markdown-it's ``renderToken`` writes
    it (tight lists' hidden paragraphs, line feeds, attributes escaped), over every token
    of the CommonMark examples and the corpus."""
    sources = [example["markdown"] for example in SPEC]
    sources += [path.read_text("utf-8") for path in sorted((DATA / "corpus").rglob("*.md"))]
    markdown_it = RendererHTML(PARSER)
    compared = 0
    for source in sources:
        tokens = parse_document(source).tokens
        for stream in [tokens, *(token.children for token in tokens if token.children)]:
            for index in range(len(stream)):
                expected = markdown_it.renderToken(stream, index, PARSER.options, {})
                assert render_rules._tag(stream, index) == expected, (source, stream[index])
                compared += 1
    assert compared > 50_000


def test_a_token_copied_for_a_page_is_its_token_with_the_changes() -> None:
    """The renderer's token copy keeps every field of markdown-it's ``Token``, and changes
    only the ones it is given."""
    token = Token(
        "link_open", "a", 1, attrs={"href": "x.html"}, map=[1, 2], level=3, children=[],
        content="c", markup="m", info="i", meta={"k": 1}, block=True, hidden=True,
    )  # fmt: skip
    assert render._copy(token) == token
    assert render._copy(token, content="d") == replace(token, content="d")
