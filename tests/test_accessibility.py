"""Every page the shipped project builds is valid HTML, meets WCAG 2.1 AA, and links up.

The site is built once per session from ``source/`` and a temporary copy of
``locales/`` (a build writes ``.mo`` files beside the catalogs, and tests never
write into the repository), and so are two more: the corpus pages that hold raw
HTML blocks (``data/corpus``), in English and in Arabic, and a page with a long
code block and a wide table (``data/scroll``), in Spanish and Arabic. Then:

- the current W3C Nu HTML checker (npm's ``vnu-jar``, installed by
  ``scripts/install-system-packages``) reports no error on any page, with no
  message filtered;
- axe-core (vendored in ``tests/data/axe/``), run in headless Chromium through
  Selenium, reports no WCAG 2.0/2.1 A or AA violation on any page;
- every language-switcher link and every ``<link rel="alternate" hreflang>``
  points at a page of the built site, in the language it claims.

Each checker also gets a deliberately broken page in the same run, so a checker
that silently checks nothing fails the test instead of passing it. Nothing here
is skipped: a missing tool (Java, Chromium, ChromeDriver) is a failure that
says what to install.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from benchmarks.articles import detached_links

from conftest import DATA, INSTALL_HINT, require_file
from pain_content.build import build_site
from pain_content.cli import main
from pain_content.markdown_parser import parse_document

REPO = Path(__file__).resolve().parent.parent
AXE_VERSION = "4.14.1"
LANGUAGE_TAGS = {
    "en", "es", "zh-Hans", "zh-Hant", "vi", "ko", "fil", "ru",
    "ar", "ht", "pt-BR", "fr", "pl", "ja", "fa", "so",
}  # fmt: skip
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    slugs: tuple[str, ...]

    @property
    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def name(self, page: Path) -> str:
        return page.relative_to(self.root).as_posix()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped articles and catalogs, built into a temporary folder."""
    work = tmp_path_factory.mktemp("a11y-site")
    locales = work / "locales"
    shutil.copytree(REPO / "locales", locales, ignore=shutil.ignore_patterns("*.mo"))
    output = work / "site"
    report = build_site(source_dir=REPO / "source", locales_dir=locales, output_dir=output)
    assert set(report.languages) == LANGUAGE_TAGS, f"built languages: {report.languages}"
    slugs = tuple(sorted(path.stem for path in (REPO / "source").glob("*.md")))
    assert slugs, "no article in source/"
    built = BuiltSite(output, slugs)
    expected = {"index.html"} | {
        f"{tag}/{name}.html" for tag in LANGUAGE_TAGS for name in ("index", *slugs)
    }
    assert {built.name(page) for page in built.pages} == expected
    return built


CMS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Riverside Clinic: patient information</title></head>
<body>
<header><p>Riverside Clinic</p></header>
<main>
{fragment}</main>
<footer><p>Riverside Clinic, 1 Main Street</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="session")
def cms_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arabic fragment of the shipped article pasted into a plain CMS-like page."""
    work = tmp_path_factory.mktemp("cms")
    locales = work / "locales"
    shutil.copytree(REPO / "locales", locales, ignore=shutil.ignore_patterns("*.mo"))
    output = work / "fragments"
    build_site(source_dir=REPO / "source", locales_dir=locales, output_dir=output, fragment=True)
    slug = next((REPO / "source").glob("*.md")).stem
    fragment = (output / "ar" / f"{slug}.html").read_text("utf-8")
    page = work / "cms.html"
    page.write_text(CMS_PAGE.format(fragment=fragment), encoding="utf-8")
    return page


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The corpus pages with raw HTML blocks, built in English and in Arabic (every
    part then English in a right-to-left page)."""
    work = tmp_path_factory.mktemp("corpus-site")
    source = work / "source"
    source.mkdir()
    corpus = DATA / "corpus"
    for path in sorted(corpus.rglob("*.md")):
        name = path.relative_to(corpus).as_posix()
        if path.name in ("SOURCE.md", "SOURCES.md"):
            continue
        # Out of its own site, a page's links to its siblings lead back there.
        text = detached_links(path.read_text("utf-8"), f"https://docs.example/{name}")
        if any(token.type == "html_block" for token in parse_document(text).tokens):
            slug = name.removesuffix(".md").replace("/", "-").replace(".", "-")
            (source / f"{slug}.md").write_text(text, "utf-8")
    folders = ["--source", str(source), "--locales", str(work / "locales")]
    assert main(["extract", "-q", *folders]) == 0
    assert main(["init", "-q", "-l", "ar", *folders]) == 0
    build_site(source_dir=source, locales_dir=work / "locales", output_dir=work / "site")
    slugs = tuple(sorted(path.stem for path in source.glob("*.md")))
    assert len(slugs) == 46
    return BuiltSite(work / "site", slugs)


@pytest.fixture(scope="session")
def wide_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The page with a long code block and a wide table, built in es (LTR) and ar (RTL)."""
    work = tmp_path_factory.mktemp("scroll")
    shutil.copytree(DATA / "scroll", work, dirs_exist_ok=True)
    build_site(source_dir=work / "source", locales_dir=work / "locales", output_dir=work / "site")
    return {tag: work / "site" / tag / "insulin-log.html" for tag in ("en", "es", "ar")}


@pytest.fixture(scope="session")
def dose_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Doses, a warning alert, footnotes, and an English list and table, in es, ar and fa."""
    work = tmp_path_factory.mktemp("doses")
    shutil.copytree(DATA / "doses", work, dirs_exist_ok=True)
    build_site(source_dir=work / "source", locales_dir=work / "locales", output_dir=work / "site")
    return [work / "site" / tag / "fever.html" for tag in ("en", "es", "ar", "fa")]


@pytest.fixture(scope="session")
def notice_pages() -> list[Path]:
    """Golden pages with every notice: parts shown in a base language (es-MX), updated in
    English (ar, right to left) and not yet translated (es); the build tests keep them current."""
    return [
        DATA / "pages" / name
        for name in ("fallback-es-MX.html", "outdated-ar.html", "partial-es.html")
    ]


# --- W3C Nu HTML checker ---------------------------------------------------


def _vnu_jar() -> Path:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm not found (vnu.jar comes from npm's vnu-jar): {INSTALL_HINT}")
    root = subprocess.run(
        [npm, "root", "-g"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    jar = Path(root) / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require_file(jar, "vnu.jar from npm's vnu-jar")
    return jar


def _vnu_file(message: dict[str, Any]) -> Path | None:
    url = urlsplit(message.get("url", ""))
    return Path(unquote(url.path)) if url.scheme == "file" else None


def _nu_checker_problems(pages: list[Path], broken_page: Path) -> list[str]:
    """Every message of the Nu HTML checker on ``pages``, as lines; none is ignored.

    The deliberately broken page is checked in the same run and must be flagged.
    """
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"java not found on PATH (the Nu HTML checker needs it): {INSTALL_HINT}")
    jar = _vnu_jar()
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", "--stdout",
         *map(str, pages), str(broken_page)],
        capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
    )  # fmt: skip
    try:
        messages: list[dict[str, Any]] = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        pytest.fail(
            f"the Nu HTML checker gave no JSON report (exit {result.returncode}): {exc}\n"
            f"stdout: {result.stdout[:2000]}\nstderr: {result.stderr[:2000]}"
        )

    canary = [m for m in messages if _vnu_file(m) == broken_page]
    assert any(m.get("type") == "error" for m in canary), (
        f"the Nu HTML checker did not flag the deliberately invalid {broken_page}; "
        f"it is not checking the files it is given. Report: {result.stdout[:2000]}"
    )
    lines = []
    for message in messages:
        path = _vnu_file(message)
        if path == broken_page or message.get("type") == "info":
            continue
        line = message.get("lastLine", message.get("firstLine", "?"))
        extract = message.get("extract", "").strip().replace("\n", " ")
        where = path.as_posix() if path else message.get("url", "?")
        lines.append(f"{where}:{line}: {message.get('type')}: {message.get('message')}")
        if extract:
            lines.append(f"    {extract[:200]}")
    return lines


def test_every_page_passes_the_nu_html_checker(
    site: BuiltSite,
    corpus_site: BuiltSite,
    wide_pages: dict[str, Path],
    dose_pages: list[Path],
    notice_pages: list[Path],
    broken_page: Path,
    cms_page: Path,
) -> None:
    """The shipped site, the corpus site, the wide, dose and notice pages: no error, no warning."""
    pages = [
        *site.pages,
        cms_page,
        *corpus_site.pages,
        *wide_pages.values(),
        *dose_pages,
        *notice_pages,
    ]
    problems = _nu_checker_problems(pages, broken_page)
    if problems:
        pytest.fail(
            f"the Nu HTML checker reported problems in {len(pages)} pages:\n" + "\n".join(problems),
            pytrace=False,
        )


# --- axe-core in headless Chromium ----------------------------------------


_RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
  .then(results => done({ok: true, results: results}))
  .catch(error => done({ok: false, error: String(error && error.stack || error)}));
"""


def _axe(driver: Any, axe_source: str, page: Path) -> dict[str, Any]:
    driver.get(page.as_uri())
    driver.execute_script(axe_source)
    outcome: dict[str, Any] = driver.execute_async_script(_RUN_AXE, AXE_TAGS)
    if not outcome.get("ok"):
        pytest.fail(f"axe-core failed on {page}: {outcome.get('error')}")
    results: dict[str, Any] = outcome["results"]
    assert results["testEngine"]["version"] == AXE_VERSION
    assert results["passes"], f"axe-core checked nothing on {page}"
    return results


def _describe(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(map(str, node.get("target", [])))
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines())
            lines.append(f"    {target}: {summary}")
    return lines


def _axe_failures(browser: Any, axe_source: str, pages: list[Path]) -> list[str]:
    failures: list[str] = []
    for page in pages:
        results = _axe(browser, axe_source, page)
        if results["violations"]:
            failures.append(f"{page}:")
            failures.extend(_describe(results["violations"]))
    return failures


def test_every_page_has_no_wcag_21_aa_violations(
    site: BuiltSite,
    corpus_site: BuiltSite,
    dose_pages: list[Path],
    notice_pages: list[Path],
    broken_page: Path,
    cms_page: Path,
    browser: Any,
    axe_source: str,
) -> None:
    """The shipped site, the corpus site, the dose pages (alerts and footnotes in their
    colours, in left-to-right and right-to-left pages) and the notice pages, at a desktop width."""
    canary = _axe(browser, axe_source, broken_page)
    canary_rules = {violation["id"] for violation in canary["violations"]}
    assert {"image-alt", "color-contrast"} <= canary_rules, (
        f"axe-core missed the deliberate violations of {broken_page}: found {canary_rules}"
    )
    failures = _axe_failures(
        browser,
        axe_source,
        [*site.pages, cms_page, *corpus_site.pages, *dose_pages, *notice_pages],
    )
    if failures:
        pytest.fail(
            f"axe-core {AXE_VERSION} ({', '.join(AXE_TAGS)}) found violations:\n"
            + "\n".join(failures),
            pytrace=False,
        )


# --- wide code and tables on a phone ----------------------------------------

PHONE = (360, 740)
_REGIONS = """
return {
  pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  regions: [...document.querySelectorAll("main .scroll")].map(region => ({
    role: region.getAttribute("role"),
    label: region.getAttribute("aria-label"),
    tabIndex: region.tabIndex,
    scrolls: region.scrollWidth > region.clientWidth,
    holds: region.firstElementChild.tagName.toLowerCase(),
  })),
};
"""


def test_wide_code_and_table_pages_golden(
    wide_pages: dict[str, Path], golden: Callable[[Path, str], None]
) -> None:
    """A long code block and a wide table, in a left-to-right and a right-to-left page."""
    for tag in ("es", "ar"):
        golden(DATA / "pages" / f"insulin-log-{tag}.html", wide_pages[tag].read_text("utf-8"))


@pytest.mark.parametrize(
    ("tag", "code", "table"), [("es", "Código", "Tabla"), ("ar", "رمز برمجي", "جدول")]
)
def test_wide_code_and_tables_scroll_in_regions_a_keyboard_reaches(
    wide_pages: dict[str, Path], browser: Any, axe_source: str, tag: str, code: str, table: str
) -> None:
    """On a phone the page itself does not scroll sideways; the table and the code do,
    each in a region named in the page's language that Tab reaches and arrow keys
    scroll, and axe-core finds nothing (no scrollable-region-focusable)."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait

    browser.set_window_size(*PHONE)
    try:
        browser.get(wide_pages[tag].as_uri())
        shown = browser.execute_script(_REGIONS)
        assert not shown["pageScrolls"]
        assert shown["regions"] == [
            {"role": "region", "label": table, "tabIndex": 0, "scrolls": True, "holds": "table"},
            {"role": "region", "label": code, "tabIndex": 0, "scrolls": True, "holds": "pre"},
        ]
        reached = []
        for _ in range(40):
            browser.switch_to.active_element.send_keys(Keys.TAB)
            focused = browser.execute_script("return document.activeElement.className")
            reached.append(focused)
            if focused == "scroll":
                # Towards the end of the line: left in a right-to-left region (the
                # Arabic table), right in a left-to-right one (code, everywhere).
                direction = browser.execute_script(
                    "return getComputedStyle(document.activeElement).direction"
                )
                key = Keys.ARROW_LEFT if direction == "rtl" else Keys.ARROW_RIGHT
                browser.switch_to.active_element.send_keys(key, key, key)
                WebDriverWait(browser, 5).until(
                    lambda driver: (
                        driver.execute_script("return Math.abs(document.activeElement.scrollLeft)")
                        > 0
                    ),
                    f"arrow keys do not scroll the {direction} region ({tag})",
                )
            if reached.count("scroll") == 2:
                break
        assert reached.count("scroll") == 2, f"Tab reached: {reached}"
        browser.save_screenshot(str(wide_pages[tag].with_suffix(".png")))
        assert _axe_failures(browser, axe_source, [wide_pages[tag]]) == []
    finally:
        browser.set_window_size(1280, 1024)


def test_arabic_fragment_in_a_cms_page_reads_right_to_left_as_a_draft(
    cms_page: Path, browser: Any
) -> None:
    """Pasted into an English page, the Arabic fragment lays out right to left and says
    it is an unreviewed draft."""
    browser.get(cms_page.as_uri())
    shown = browser.execute_script(
        """
        const article = document.querySelector("article.pain-content");
        const notice = article.querySelector(".notice");
        const rect = notice.getBoundingClientRect();
        return {
          direction: getComputedStyle(article).direction,
          lang: article.lang,
          notice: notice.innerText,
          noticeVisible: rect.width > 0 && rect.height > 0,
          paragraphAlign: getComputedStyle(article.querySelector("p:not(.notice)")).textAlign,
        };
        """
    )
    assert shown["direction"] == "rtl" and shown["lang"] == "ar"
    assert shown["noticeVisible"] and "مسودة" in shown["notice"]  # "draft"
    assert shown["paragraphAlign"] in ("start", "right")


# --- links between languages ------------------------------------------------


def _html_lang(page: Path) -> str:
    return str(lxml.html.parse(str(page)).getroot().get("lang", ""))


def test_language_links_and_alternates_resolve(site: BuiltSite) -> None:
    problems: list[str] = []
    checked = 0
    for page in site.pages:
        root = lxml.html.parse(str(page)).getroot()
        links: list[tuple[str, str, str | None]] = []
        for anchor in root.xpath("//nav//a"):
            links.append(("nav a", anchor.get("href", ""), anchor.get("hreflang")))
        # The front page has no switcher: its list of languages is its language chooser.
        for anchor in root.xpath("//ul[contains(@class, 'language-list')]//a"):
            links.append(("language list", anchor.get("href", ""), anchor.get("hreflang")))
        for link in root.xpath("//link[@rel='alternate'][@hreflang]"):
            links.append(("link alternate", link.get("href", ""), link.get("hreflang")))

        name = site.name(page)
        if name != "index.html":
            assert any(kind == "nav a" for kind, _, _ in links), f"{name} has no language switcher"
        if page.stem in site.slugs:
            alternates = {lang for kind, _, lang in links if kind == "link alternate"}
            assert alternates == LANGUAGE_TAGS | {"x-default"}, f"{name}: {alternates}"

        for kind, href, hreflang in links:
            checked += 1
            if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^/|[?#]", href):
                problems.append(f"{name}: {kind} href {href!r} is not a relative file path")
                continue
            target = (page.parent / href).resolve()
            if not target.is_relative_to(site.root.resolve()):
                problems.append(f"{name}: {kind} {href!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{name}: {kind} {href!r} does not exist")
            else:
                expected = "en" if hreflang == "x-default" else hreflang
                if expected is not None and _html_lang(target) != expected:
                    problems.append(
                        f"{name}: {kind} {href!r} says hreflang={hreflang!r} but the page "
                        f"is lang={_html_lang(target)!r}"
                    )
    assert checked > 0
    if problems:
        pytest.fail(
            f"{len(problems)} broken language link(s):\n" + "\n".join(problems), pytrace=False
        )
