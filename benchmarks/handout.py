#!/usr/bin/env python3
"""What ``build --pdf`` costs per page, as a ratio to the markdown-it floor.

    python benchmarks/handout.py [--repeats N]

The project is the repository's own: the shipped article in its 16 languages
(English and 15 translations, so Latin, Cyrillic, Vietnamese, Arabic, Persian,
Chinese, Japanese and Korean fonts are all subset and embedded), with a
``[site]`` table so pages get canonical links and handouts a QR code.

Each repeat, in this one process, times: the floor (markdown-it-py rendering
the article's Markdown once per page, as ``benchmarks/README.md`` defines it),
a full HTML build into an empty folder, and the same build with ``pdf=True``.
Each build gets a fresh copy of ``locales/`` (every ``.mo`` stale), as stage 3
of ``run.py`` does. One untimed warm-up of each comes first, so WeasyPrint's
import (most of a second, paid once per process) is not in the medians; it is
printed separately.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from markdown_it import MarkdownIt

from pain_content.build import build_site
from pain_content.handout import HandoutSettings, render_handout
from pain_content.locales import parse_locale
from pain_content.render import render_article

REPOSITORY = Path(__file__).resolve().parent.parent
CONFIG = (
    '[site]\nbase_url = "https://clinic.example/health/"\nclinic_name = "Riverside Pain Clinic"\n'
)


def _project(root: Path) -> Path:
    project = Path(tempfile.mkdtemp(dir=root))
    shutil.copytree(REPOSITORY / "source", project / "source")
    shutil.copytree(
        REPOSITORY / "locales", project / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    (project / "pain-content.toml").write_text(CONFIG, "utf-8")
    return project


def _build(root: Path, *, pdf: bool) -> float:
    project = _project(root)
    start = time.perf_counter()
    build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
        pdf=pdf,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(project)
    return elapsed


def _handout_times(repeats: int) -> dict[str, float]:
    """Median seconds of render_handout alone for one language of each script."""
    slug = "stem-cell-therapy-for-chronic-pain"
    text = (REPOSITORY / "source" / f"{slug}.md").read_text("utf-8")
    times = {}
    for folder in ("es", "ru", "vi", "ar", "fa", "zh_Hans", "ja", "ko"):
        catalog = polib.pofile(str(REPOSITORY / "locales" / folder / "LC_MESSAGES" / f"{slug}.po"))
        translations = {entry.msgid: entry.msgstr for entry in catalog if entry.msgstr}
        article = render_article(text, translations, locale=folder)
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            render_handout(
                article,
                locale=parse_locale(folder),
                is_reviewed=False,
                settings=HandoutSettings(clinic_name="Riverside Pain Clinic"),
                page_url=f"https://clinic.example/health/{folder}/{slug}.html",
            )
            runs.append(time.perf_counter() - start)
        times[folder] = statistics.median(runs)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    texts = [path.read_text("utf-8") for path in sorted((REPOSITORY / "source").glob("*.md"))]
    pages = len(texts) * (1 + sum(1 for p in (REPOSITORY / "locales").iterdir() if p.is_dir()))
    markdown = MarkdownIt("commonmark").enable("table")

    def floor() -> float:
        start = time.perf_counter()
        for _ in range(pages // len(texts)):
            for text in texts:
                markdown.render(text)
        return time.perf_counter() - start

    import_start = time.perf_counter()
    import weasyprint  # noqa: F401  (timed: the first --pdf build of a process pays it)

    import_time = time.perf_counter() - import_start
    floors, html, pdf = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        floor(), _build(root, pdf=False), _build(root, pdf=True)  # warm-up
        for _ in range(arguments.repeats):
            floors.append(floor())
            html.append(_build(root, pdf=False))
            pdf.append(_build(root, pdf=True))
    floor_page = statistics.median(floors) / pages
    html_page = statistics.median(html) / pages
    pdf_page = statistics.median(pdf) / pages
    commit = subprocess.run(
        ["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"pain_content {commit or '(not a git checkout)'}, Python {sys.version.split()[0]}")
    print(f"{pages} pages (1 article x 16 languages), median of {arguments.repeats}")
    print(f"floor (markdown-it render)     {floor_page * 1e3:9.3f} ms/page   x1")
    print(
        f"build, HTML                    {html_page * 1e3:9.3f} ms/page   x{html_page / floor_page:,.0f}"
    )
    print(
        f"build --pdf                    {pdf_page * 1e3:9.3f} ms/page   x{pdf_page / floor_page:,.0f}"
    )
    extra = pdf_page - html_page
    print(f"--pdf alone (difference)       {extra * 1e3:9.3f} ms/page   x{extra / floor_page:,.0f}")
    print(f"WeasyPrint import, once per process: {import_time * 1e3:.0f} ms")
    print("render_handout alone, per language (ms, ratio to the floor's page):")
    for folder, seconds in _handout_times(arguments.repeats).items():
        print(f"  {folder:8} {seconds * 1e3:8.1f}   x{seconds / floor_page:,.0f}")


if __name__ == "__main__":
    main()
