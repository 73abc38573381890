"""Message units: what is extracted from a source, and where."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest

from conftest import DATA, REPOSITORY
from pain_content import Unit, extract_units, render_html, translate_markdown
from pain_content.build import build_site
from pain_content.catalogs import build_template
from pain_content.errors import SourceError
from pain_content.markdown_parser import parse_document
from pain_content.pofile import format_catalog
from pain_content.render import _layout
from pain_content.units import _parse_article, walk_leaf_blocks

EXTRACT_CASES = sorted((DATA / "extract").glob("*.md"))
ARTICLE = REPOSITORY / "source" / "stem-cell-therapy-for-chronic-pain.md"
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def _template_text(source: Path, reference: str) -> str:
    units = extract_units(source.read_text("utf-8"))
    return format_catalog(build_template(reference, units, creation_date=FIXED_DATE))


@pytest.mark.parametrize("case", EXTRACT_CASES, ids=lambda path: path.stem)
def test_extract_golden(case: Path, golden: Callable[[Path, str], None]) -> None:
    """Each extract case gives exactly its golden template."""
    golden(case.with_suffix(".pot"), _template_text(case, f"source/{case.name}"))


def test_shipped_article_units_golden(golden: Callable[[Path, str], None]) -> None:
    """The shipped article's units, references and comments are those of its golden template."""
    golden(
        DATA / "extract" / "shipped-article.pot", _template_text(ARTICLE, "source/" + ARTICLE.name)
    )


def test_units_follow_document_order_with_kinds_and_lines() -> None:
    """Units come in document order with their kind, 1-based line and heading path."""
    text = (
        "---\ntitle: T\n---\n# Head\n\nPara\ngraph.\n\n- item\n\n> quote\n\n| a |\n|---|\n| b |\n"
    )
    units = extract_units(text)
    assert [(u.kind, u.lineno, u.msgid) for u in units] == [
        ("title", 2, "T"),
        ("heading", 4, "Head"),
        ("paragraph", 6, "Para graph."),
        ("list_item", 9, "item"),
        ("blockquote", 11, "quote"),
        ("table_cell", 13, "a"),
        ("table_cell", 15, "b"),
    ]
    assert units[2].headings == ("Head",)


def test_soft_breaks_become_spaces_but_code_spans_and_titles_keep_newlines() -> None:
    """Soft breaks are spaces; newlines in code spans and link titles are kept; hard breaks are backslash-newline."""
    text = 'a\n  b `c\nd` [e](/f "g\nh") i  \nj\\\nk\n'
    assert extract_units(text)[0].msgid == 'a b `c\nd` [e](/f "g\nh") i\\\nj\\\nk'


def test_a_soft_break_that_keeps_text_from_being_a_link_stays_a_newline() -> None:
    """In "[a](<b\nc>)" the newline is what makes it text; as a space it would be a link."""
    text = "[link](<foo\nbar>) and [x](<y z>)\n"
    (unit,) = extract_units(text)
    assert unit.msgid == "[link](<foo\nbar>) and [x](<y z>)"
    assert render_html(text, {unit.msgid: unit.msgid}) == render_html(text)


def test_the_same_text_twice_is_two_units() -> None:
    """Extraction gives one unit per occurrence; catalogs merge them later."""
    units = extract_units("Same.\n\nSame.\n")
    assert [(u.msgid, u.lineno) for u in units] == [("Same.", 1), ("Same.", 3)]


def test_code_comments_and_empty_blocks_are_never_units() -> None:
    """Fenced and indented code, code and comments in HTML, and empty headings give no unit."""
    text = "```\ncode\n```\n\n    code\n\n<div>\n<pre>code</pre><!-- note -->\n</div>\n\n#\n"
    assert extract_units(text) == []


def test_the_text_of_an_html_block_is_units_with_its_inline_tags() -> None:
    """Each run of text between block-level tags is a unit; phrasing tags and alt stay in it."""
    text = (
        '<figure>\n<img src="scale.png" alt="A scale">\n'
        "<figcaption>Weigh yourself <b>every</b>\n  morning.</figcaption>\n</figure>\n\n"
        "> <details>\n> <summary>Side effects</summary>\n"
    )
    units = extract_units(text)
    assert [(u.msgid, u.lineno, u.kind) for u in units] == [
        ('<img src="scale.png" alt="A scale">', 2, "html"),
        ("Weigh yourself <b>every</b> morning.", 3, "html"),
        ("Side effects", 8, "html"),
    ]


def test_the_title_of_a_block_level_tag_is_a_unit_spliced_as_an_attribute_value() -> None:
    """A <div title> is text a patient sees; its translation cannot end the attribute."""
    text = '<div title="Dose chart">\n<p>Take it.</p>\n</div>\n'
    assert [u.msgid for u in extract_units(text)] == ["Dose chart", "Take it."]
    spanish = {"Dose chart": 'Tabla "de" dosis" onclick="x', "Take it.": "Tómelo."}
    assert translate_markdown(text, spanish) == (
        '<div title="Tabla &quot;de&quot; dosis&quot; onclick=&quot;x">\n<p>Tómelo.</p>\n</div>\n'
    )
    assert render_html(text, spanish, locale="es") == (
        '<div title="Tabla &quot;de&quot; dosis&quot; onclick=&quot;x">\n<p>Tómelo.</p>\n</div>\n'
    )


def test_shortcut_reference_links_are_flagged() -> None:
    """A unit holding a shortcut or collapsed reference link says so, for the translator's note."""
    units = extract_units(
        "See [term] and [other][].\n\nA [full][term] link.\n\n[term]: /t\n[other]: /o\n"
    )
    assert [u.has_shortcut_reference for u in units] == [True, False]


def test_unit_is_a_frozen_value() -> None:
    """Units are immutable values that compare by content: no field can be set."""
    unit = Unit("a", None, 1, "paragraph")
    assert unit == Unit("a", None, 1, "paragraph")
    for field in dataclasses.fields(Unit):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(unit, field.name, "b")


def test_not_text_raises_the_projects_error() -> None:
    """Bytes instead of text raise SourceError, not a TypeError from the parser."""
    with pytest.raises(SourceError, match="expected Markdown text"):
        extract_units(cast(str, b"# bytes"))  # what an untyped caller may pass


def test_broken_front_matter_names_its_line() -> None:
    """Front matter that looks like YAML but does not parse is an error at its line."""
    with pytest.raises(SourceError) as caught:
        extract_units("---\ntitle: a\ndescription: [unclosed\n---\n\nText\n")
    assert caught.value.location is not None and caught.value.location.line >= 3


def test_crlf_sources_give_the_same_units() -> None:
    """CRLF line ends give the same msgids and lines as LF."""
    text = "# Head\n\nPara\ngraph.\n"
    assert extract_units(text.replace("\n", "\r\n")) == extract_units(text)


def _fully_parsed_units(text: str) -> list[Unit]:
    """The units the walker finds in the parse the renderer and the translator read."""
    return [leaf.unit for leaf in walk_leaf_blocks(parse_document(text))]


_SPEC = json.loads((DATA / "commonmark/spec-0.31.2.json").read_text("utf-8"))
_RECORD_CASES = [
    "a  \nb\\\nc `d\ne` [x]\n\n[x]: /u",  # breaks of both kinds, a break in code, a shortcut
    "![alt *b*\nc ![in\\\nner](/i)](/o) [l][] [m][x]\n\n[x]: /u",  # breaks inside alt texts
    "Second[^2], first[^1].\n\n[^1]: one\n[^2]: two [x]\n\n[^3]: never cited\n\n[x]: /u",
    "| a [b] | c\\|d |\n| - | - |\n| e | f  |",
    "> [!WARNING]\n> Take 5 mg\n> twice [a day](<a\nb>).",
    "- one\n\n  two\n- [three]\n\n[three]: /3",
]


@pytest.mark.parametrize(
    "text",
    [
        *(path.read_text("utf-8") for path in sorted((DATA / "corpus").rglob("*.md"))),
        *(path.read_text("utf-8") for path in EXTRACT_CASES),
        *(example["markdown"] for example in _SPEC),
        *_RECORD_CASES,
    ],
)
def test_extraction_gives_the_units_of_the_full_parse(text: str) -> None:
    """Extraction parses inline only text that can hold a break or a link, and still
    finds exactly the units of the full parse, on every corpus page, extract case
    and CommonMark example."""
    assert extract_units(text) == _fully_parsed_units(text)


def _parses_in_this_process() -> tuple[int, int, int]:
    """How many times sources were parsed, and their pages' layouts made and reused."""
    layouts = _layout.cache_info()
    return _parse_article.cache_info().misses, layouts.misses, layouts.hits


def test_a_process_pool_worker_parses_each_article_once(shipped_project: Path) -> None:
    """A worker process runs an article's jobs one language after another and parses the
    source, and lays its pages out, once for all of them, not once per job."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as executor:
        report = build_site(
            source_dir=shipped_project / "source",
            locales_dir=shipped_project / "locales",
            output_dir=shipped_project / "site",
            executor=executor,
        )
        parses, misses, hits = executor.submit(_parses_in_this_process).result()
    articles = len(list((shipped_project / "source").glob("*.md")))
    assert len(report.jobs_run) > articles
    assert parses == misses == articles
    assert misses + hits == len(report.jobs_run)
