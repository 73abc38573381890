"""Shared fixtures: golden files, the shipped project, headless Chromium and the axe-core and W3C canaries."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "run scripts/install-system-packages"
AXE_DIR = Path(__file__).resolve().parent / "data" / "axe"


def require_file(path: Path, what: str) -> None:
    """Fail (never skip) when a tool the test needs is missing, saying how to install it."""
    if not path.is_file():
        pytest.fail(f"{what} not found at {path}: {INSTALL_HINT}", pytrace=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-goldens",
        action="store_true",
        help="rewrite golden files from the current output (read the diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file, or rewrite it with --regenerate-goldens."""
    regenerate = bool(request.config.getoption("--regenerate-goldens"))

    def compare(path: Path, actual: str) -> None:
        if regenerate:
            path.write_text(actual, encoding="utf-8", newline="")
        assert path.exists(), f"missing golden file {path}; run pytest --regenerate-goldens"
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return compare


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A copy of the repository's source/ and locales/ (tests never write into the repository)."""
    shutil.copytree(REPOSITORY / "source", tmp_path / "source")
    shutil.copytree(
        REPOSITORY / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    return tmp_path


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Debian Chromium driven by Debian's ChromeDriver, with no network chatter."""
    require_file(CHROMIUM, "Chromium")
    require_file(CHROMEDRIVER, "ChromeDriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1280,1024",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(argument)
    service = Service(executable_path=str(CHROMEDRIVER))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as exc:
        pytest.fail(f"could not start headless Chromium through ChromeDriver: {exc}")
    driver.set_script_timeout(120)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_file(AXE_DIR / "axe.min.js", "vendored axe-core")
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


# A page both checkers must complain about: an invalid attribute value for v.Nu,
# an image without alternative text and near-invisible text for axe.
BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body><main>
<h1>Broken on purpose</h1>
<p dir="sideways" style="color: #eee; background: #fff">Faint text.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body>
</html>
"""


@pytest.fixture(scope="session")
def broken_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page outside the site that every checker must find fault with."""
    page = tmp_path_factory.mktemp("a11y-canary") / "broken.html"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    return page
