"""The status report: golden figures for a fixture project, a valid and accessible page, a bar that renders."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from conftest import DATA
from pain_content.cli import main
from test_accessibility import _axe, _describe, _nu_checker_problems

PO_ES = Path("locales/es/LC_MESSAGES/aftercare.po")
PO_PT = Path("locales/pt_BR/LC_MESSAGES/leaflet.po")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two articles in two languages, in every state a report must show.

    - aftercare/es: complete; signed by a reviewer, then one msgstr edited (one stale record);
    - leaflet/es: half done (4 translated, 1 fuzzy, 2 untranslated): not published;
    - leaflet/pt_BR: complete, but one changed dose (a check error): 40 of 49
      source words publishable (the title counts twice, as front matter and as
      heading, as the build counts it), 81.6%, just above the threshold;
    - aftercare/pt_BR: no catalog.
    """
    shutil.copytree(DATA / "report", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    assert main(["review", "-q", "-l", "es", "--by", "Ana Pérez", "--article", "aftercare"]) == 0
    PO_ES.write_text(PO_ES.read_text("utf-8").replace("empeora", "aumenta"), "utf-8")
    PO_PT.write_text(
        PO_PT.read_text("utf-8").replace("comprimido** (5 mg)", "comprimido** (50 mg)"), "utf-8"
    )
    return tmp_path


def test_report_json_golden_figures(
    project: Path, golden: Callable[[Path, str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    """report --json gives the figures of tests/data/report/report.json (checked by hand against the catalogs)."""
    assert main(["report", "--json"]) == 0
    text = capsys.readouterr().out
    golden(DATA / "report" / "report.json", text)
    figures = json.loads(text)
    aftercare, leaflet = figures["articles"]
    es = aftercare["languages"]["es"]
    assert (es["reviewed"], es["stale_review"], es["published"]) == (3, 1, True)
    assert set(aftercare["languages"]) == {"es"}
    assert leaflet["languages"]["es"]["percent_publishable"] == 53.1
    assert not leaflet["languages"]["es"]["published"]
    pt = leaflet["languages"]["pt_BR"]
    assert (pt["errors"], pt["publishable_words"], pt["source_words"], pt["published"]) == (
        1,
        40,
        49,
        True,
    )
    assert pt["reading"]["summary"] == "no validated formula for pt"


def _published(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict[tuple[str, str], bool]:
    assert main(["report", "--json", *arguments]) == 0
    figures = json.loads(capsys.readouterr().out)
    return {
        (article["slug"], language): cell["published"]
        for article in figures["articles"]
        for language, cell in article["languages"].items()
    }


def _built(site: Path) -> dict[tuple[str, str], bool]:
    return {
        (slug, language): (site / tag / f"{slug}.html").is_file()
        for slug, language, tag in [
            ("aftercare", "es", "es"),
            ("leaflet", "es", "es"),
            ("leaflet", "pt_BR", "pt-BR"),
        ]
    }


@pytest.mark.parametrize(
    ("toml", "arguments"),
    [
        ("", []),
        ("", ["--completeness", "50"]),
        ("[site]\ncompleteness = 82\n", []),
        ("[site]\ncompleteness = 90\n", ["--completeness", "40"]),
        ("", ["--require-review", "--completeness", "70"]),
        ("[site]\nrequire_review = true\ncompleteness = 60\n", []),
    ],
)
def test_report_says_published_exactly_where_build_publishes(
    project: Path, capsys: pytest.CaptureFixture[str], toml: str, arguments: list[str]
) -> None:
    """The report's "published" is the build's outcome under the same pain-content.toml and flags."""
    Path("pain-content.toml").write_text(toml, "utf-8")
    published = _published(capsys, *arguments)
    assert main(["build", "-q", "-j", "1", "-o", "site", *arguments]) == 0
    assert published == _built(Path("site"))


def test_report_counts_a_regional_locales_base_language_as_the_build_does(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty es-MX catalog of the complete Spanish aftercare is published, in the report and
    in the build; the half-done Spanish leaflet leaves es-MX's leaflet unpublished in both."""
    assert main(["init", "-q", "-l", "es-MX"]) == 0
    published = _published(capsys)
    assert published["aftercare", "es_MX"] and not published["leaflet", "es_MX"]
    assert main(["build", "-q", "-j", "1", "-o", "site"]) == 0
    for slug in ("aftercare", "leaflet"):
        assert published[slug, "es_MX"] == (Path("site") / "es-MX" / f"{slug}.html").is_file()


def test_report_states_the_threshold_it_applied(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page and the JSON name the threshold and the review requirement in force."""
    Path("pain-content.toml").write_text("[site]\ncompleteness = 65\n", "utf-8")
    assert main(["report", "--json", "--require-review"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["publish_threshold_percent"], figures["require_review"]) == (65, True)
    assert main(["report", "--require-review"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "at least 65% of its source words are translated, not fuzzy, reviewed and" in text


def test_report_writes_a_file_only_with_o(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o writes the page atomically and says so; without it the page goes to stdout."""
    assert main(["report", "-o", "status.html"]) == 0
    assert capsys.readouterr().out == "wrote status.html\n"
    page = Path("status.html").read_text("utf-8")
    assert main(["report"]) == 0
    assert capsys.readouterr().out == page
    root = lxml.html.fromstring(page)
    assert root.xpath("//script") == [] and root.xpath("//link") == []
    assert root.xpath("//@src | //@href") == []  # nothing loaded from anywhere
    headers = [" ".join(th.text_content().split()) for th in _elements(root, "//thead//th")]
    assert headers == ["Article", "Spanish Español", "Portuguese (Brazil) Português (Brasil)"]
    assert _elements(root, "//tbody/tr[1]/td[2]")[0].text_content().strip() == "no catalog"


def _elements(root: lxml.html.HtmlElement, path: str) -> list[lxml.html.HtmlElement]:
    found = root.xpath(path)
    assert isinstance(found, list)
    return [element for element in found if isinstance(element, lxml.html.HtmlElement)]


def test_report_page_passes_the_nu_html_checker(project: Path, broken_page: Path) -> None:
    """The W3C checker finds no error in the report (and does find the broken canary's)."""
    assert main(["report", "-q", "-o", "status.html"]) == 0
    page = (project / "status.html").resolve()
    problems = _nu_checker_problems([page], broken_page)
    assert not problems, problems


def test_report_page_has_no_wcag_21_aa_violations_and_draws_its_bars(
    project: Path, broken_page: Path, browser: Any, axe_source: str
) -> None:
    """axe-core finds no WCAG 2.1 AA violation; the bar of aftercare/es is 3/4 reviewed, 1/4 stale."""
    canary = _axe(browser, axe_source, broken_page)
    assert {v["id"] for v in canary["violations"]} >= {"image-alt", "color-contrast"}
    assert main(["report", "-q", "-o", "status.html"]) == 0
    page = (project / "status.html").resolve()
    results = _axe(browser, axe_source, page)
    assert not results["violations"], "\n".join(_describe(results["violations"]))

    from selenium.webdriver.common.by import By

    bar = browser.find_element(By.CSS_SELECTOR, "tbody tr:first-child td:nth-of-type(1) .bar")
    widths = {
        span.get_attribute("class"): span.rect["width"]
        for span in bar.find_elements(By.TAG_NAME, "span")
    }
    total = bar.rect["width"] - 2  # its 1px border on each side
    assert widths.keys() == {"reviewed", "stale"}
    assert widths["reviewed"] == pytest.approx(0.75 * total, abs=1)
    assert widths["stale"] == pytest.approx(0.25 * total, abs=1)
