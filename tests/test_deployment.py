"""The built site, deployed: served read-only by another user, every file and every link answers.

The site is built as a publisher would build it (the command line, umask 022),
then served by the standard library's HTTP server on 127.0.0.1, running as
``nobody``: what that user may read is what a web server reading a copy made
with ``rsync -a`` may read. Every file is fetched, and every internal link and
image of every page and Markdown file is followed, deep links to their ids.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from conftest import require_file
from linked_project import make_linked_project
from pain_content.cli import main
from pain_content.markdown_parser import PARSER
from pain_content.raw_html import tag_urls

NOBODY = 65534
# The interpreter nobody can run: the test's own may sit in a folder only root can enter.
SYSTEM_PYTHON = Path("/usr/bin/python3")
_LISTENING = re.compile(r"Serving HTTP on \S+ port (\d+)")


class _Links(HTMLParser):
    """Every URL an HTML page makes a browser fetch or follow, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)
            elif name == "id" and value is not None:
                self.ids.add(value)


def _page_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _markdown_urls(markdown: str) -> list[str]:
    urls = []
    for token in PARSER.parse(markdown):
        if token.type == "html_block":
            urls += [url for url, _ in tag_urls(token.content)]
        for child in token.children or ():
            if child.type == "link_open":
                urls.append(str(child.attrs["href"]))
            elif child.type == "image":
                urls.append(str(child.attrs["src"]))
            elif child.type == "html_inline":
                urls += [url for url, _ in tag_urls(child.content)]
    return urls


@pytest.fixture
def deployed(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """The linked project built with handouts, served as nobody; yields (base URL, site folder)."""
    require_file(SYSTEM_PYTHON, "the system Python 3")
    # Not pytest's tmp_path: its parents are root's alone (0700), and nobody must enter.
    root = Path(tempfile.mkdtemp(prefix="pain-content-deployment-"))
    root.chmod(0o755)
    previous_umask = os.umask(0o022)
    server: subprocess.Popen[str] | None = None
    try:
        make_linked_project(root, monkeypatch)
        assert main(["build", "-q", "-j", "1", "--pdf"]) == 0
        site = root / "site"
        server = subprocess.Popen(
            [str(SYSTEM_PYTHON), "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
            cwd=site,
            user=NOBODY,
            group=NOBODY,
            extra_groups=[],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert server.stdout is not None
        listening = _LISTENING.search(server.stdout.readline())
        assert listening, "the HTTP server did not start"
        uid_line = next(
            line
            for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
            if line.startswith("Uid:")
        )
        assert uid_line.split()[1:] == [str(NOBODY)] * 4, "the server does not run as nobody"
        yield f"http://127.0.0.1:{listening.group(1)}/", site
    finally:
        os.umask(previous_umask)
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if server.stdout is not None:
                server.stdout.close()
        shutil.rmtree(root, ignore_errors=True)


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def _is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("#")


def test_every_file_and_every_internal_link_answers(deployed: tuple[str, Path]) -> None:
    """Pages, fragments of pages, images, the form, Markdown and handouts are all served
    (200, the bytes the build wrote) to a user who does not own them, and every internal
    href and src of every page and Markdown file leads to a file that is served, deep
    links to an element with that id."""
    base, site = deployed
    files = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )
    suffixes = {Path(name).suffix for name in files}
    assert {".html", ".md", ".png", ".pdf"} <= suffixes
    assert "assets/img/ice pack.png" in files and "es/care.pdf" in files
    served: dict[str, bytes] = {}
    for name in files:
        status, body, content_type = _fetch(urljoin(base, urllib.request.pathname2url(name)))
        assert status == 200, f"{name}: HTTP {status}"
        assert body == (site / name).read_bytes(), f"{name}: served bytes differ"
        if name.endswith(".png"):
            assert content_type == "image/png"
        served[name] = body

    followed: set[tuple[str, str]] = set()
    for name, body in served.items():
        if name.endswith(".html"):
            urls = _page_links(body.decode("utf-8")).urls
        elif name.endswith(".md"):
            urls = _markdown_urls(body.decode("utf-8"))
        else:
            continue
        page_url = urljoin(base, urllib.request.pathname2url(name))
        for url in filter(_is_internal, urls):
            target, fragment = urldefrag(urljoin(page_url, url))
            status, content, _ = _fetch(target)
            assert status == 200, f"{name}: {url} answers HTTP {status}"
            if fragment and target.endswith(".html"):
                ids = _page_links(content.decode("utf-8")).ids
                assert fragment in ids, f"{name}: {url} has no element with id {fragment!r}"
            followed.add((name, target.removeprefix(base)))
    # What the pages must have linked to: the shared files, and articles across languages.
    assert {
        ("es/care.html", "assets/img/ice%20pack.png"),
        ("es/care.html", "assets/img/brace.png"),
        ("es/care.html", "assets/forms/consent.pdf"),
        ("es/care.html", "en/medicine.html"),
        ("en/care.html", "en/medicine.html"),
        ("en/medicine.html", "en/care.html"),
        ("es/care.md", "assets/img/ice%20pack.png"),
        ("es/care.md", "en/medicine.md"),
        ("index.html", "es/index.html"),
    } <= followed
