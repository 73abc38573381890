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
    - leaflet/pt_BR: complete, but one changed dose (a check error): 37 of 46
      source words publishable, 80.4%, just above the threshold;
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
    assert leaflet["languages"]["es"]["percent_publishable"] == 50.0
    assert not leaflet["languages"]["es"]["published"]
    pt = leaflet["languages"]["pt_BR"]
    assert (pt["errors"], pt["publishable_words"], pt["source_words"], pt["published"]) == (
        1,
        37,
        46,
        True,
    )
    assert pt["reading"]["summary"] == "no validated formula for pt"


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
