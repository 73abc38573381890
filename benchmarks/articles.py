"""The benchmark's inputs: FastAPI's documentation as articles, and generated ones."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from pain_content.links import local_links, rewrite_markdown_links

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXED_DATE = datetime(2024, 8, 9, tzinfo=UTC)

# Real CLDR locale codes; the first 16 are the "16 languages" of stages 2-4.
LOCALES = [
    *("es", "fr", "de", "ru", "ar", "ja", "zh_Hans", "ko", "vi", "pl", "pt_BR", "fa"),
    *("it", "nl", "tr", "uk", "hi", "bn", "id", "th", "he", "el", "cs", "sv", "da"),
    *("fi", "nb", "hu", "ro", "bg", "hr", "sr", "sk", "sl", "lt", "lv", "et", "ms"),
    *("ta", "ur"),
]


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a benchmark project."""

    slug: str
    """Its name under ``source/``, distinct within a project."""
    text: str
    """Its Markdown."""
    path: Path
    """The corpus file it was copied from (peers read files)."""


def detached_links(text: str, page_url: str) -> str:
    """A documentation page taken out of its site: its links to sibling pages and its
    images point back at the site it came from (``page_url`` is its address there),
    so the page builds on its own.

    >>> detached_links("See [a](../a.md#x) ![b](/img/b.png).", "https://docs.example/p/")
    'See [a](https://docs.example/a.md#x) ![b](https://docs.example/img/b.png).'
    """
    links, problems = local_links(text)
    urls = [link.url for link in links] + [problem.url for problem in problems]
    return rewrite_markdown_links(text, {url: urljoin(page_url, url) for url in urls})


CORPUS_SITE = "https://fastapi.tiangolo.com/"
"""Where the corpus comes from (``corpus/SOURCE.md``)."""


def corpus_files() -> list[Path]:
    """The corpus files in a fixed shuffled order, so any prefix is a fair sample."""
    files = sorted(path for path in CORPUS.rglob("*.md") if path != CORPUS / "SOURCE.md")
    random.Random(20240809).shuffle(files)
    return files


def base_slug(path: Path) -> str:
    """``tutorial/first-steps.md`` -> ``tutorial-first-steps``."""
    return "-".join(path.relative_to(CORPUS).with_suffix("").parts)


def make_articles(count: int) -> list[Article]:
    """``count`` articles: the corpus files, reused cyclically with distinct slugs."""
    files = corpus_files()
    articles: list[Article] = []
    for index in range(count):
        cycle, position = divmod(index, len(files))
        path = files[position]
        slug = base_slug(path)
        if slug == "index":
            # The top-level index.md would be written to <lang>/index.html, the
            # very file the language's article list goes to: one would be lost.
            slug = "home"
        slug += f"-copy{cycle}" if cycle else ""
        page_url = f"{CORPUS_SITE}{path.relative_to(CORPUS).as_posix()}"
        articles.append(Article(slug, detached_links(path.read_text("utf-8"), page_url), path))
    if len({article.slug for article in articles}) != count:
        raise AssertionError("slugs must be distinct")
    return articles


REPEATED_CELL_SECTIONS = 1_000
REPEATED_CELL_ROWS = 100
"""Sections and rows of :func:`repeated_cell_article`: one cell, 100,000 times."""


def repeated_cell_article(
    sections: int = REPEATED_CELL_SECTIONS, rows: int = REPEATED_CELL_ROWS
) -> str:
    """A dosing article: ``sections`` headings, each over a table repeating "dose" ``rows`` times.

    The same cell under many headings is what made extraction quadratic (an
    entry's comment grew by one line per heading).

    >>> print(repeated_cell_article(2, 1), end="")
    ## Dosing table 1
    <BLANKLINE>
    | Dose |
    | --- |
    | dose |
    <BLANKLINE>
    ## Dosing table 2
    <BLANKLINE>
    | Dose |
    | --- |
    | dose |
    """
    table = "| Dose |\n| --- |\n" + "| dose |\n" * rows
    return "\n".join(f"## Dosing table {n}\n\n{table}" for n in range(1, sections + 1))
