"""pain-content serve: a local preview that rebuilds when a catalog is saved."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

from pain_content.cli import build_parser, main
from pain_content.serve import serve_site
from pain_content.site_plan import LINKS_CACHE

ARTICLE = "stem-cell-therapy-for-chronic-pain"


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return str(response.read().decode("utf-8"))


def _is_listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_serve_builds_serves_and_rebuilds_on_save(shipped_project: Path) -> None:
    """serve prints each language's URL, serves the site, shows a saved catalog's new text, and stops."""
    with subprocess.Popen(
        [sys.executable, "-m", "pain_content", "serve"],
        cwd=shipped_project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # A test run started in the background has SIGINT ignored, and a child
        # inherits that: Ctrl-C is what stops serve, so it gets the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as server:
        assert server.stdout is not None and server.stderr is not None
        try:
            urls = [server.stdout.readline().strip() for _ in range(16)]
            assert all(url.startswith("http://127.0.0.1:") for url in urls), urls
            assert urls[0].endswith("/en/index.html")
            assert len({url.split("/")[3] for url in urls}) == 16
            port = int(urls[0].split(":")[2].split("/")[0])
            page_url = urls[0].replace("/en/index.html", f"/es/{ARTICLE}.html")
            assert '<h2 id="introduction">Introducción</h2>' in _fetch(page_url)
            # Each rebuild reads the sources' links from the last build's cache.
            links = shipped_project / "site" / LINKS_CACHE
            assert json.loads(links.read_bytes())["sources"]

            po_path = shipped_project / "locales" / "es" / "LC_MESSAGES" / f"{ARTICLE}.po"
            catalog = polib.pofile(str(po_path))
            entry = catalog.find("Introduction")
            assert entry is not None
            entry.msgstr = "Presentación del tema"
            catalog.save(str(po_path))
            line = server.stdout.readline()
            assert line.startswith(f"rebuilt after {ARTICLE}.po: "), line
            assert '<h2 id="introduction">Presentación del tema</h2>' in _fetch(page_url)
        finally:
            server.send_signal(signal.SIGINT)
            assert server.wait(timeout=20) == 0, server.stderr.read()
    assert not _is_listening(port)


def test_serve_refuses_a_taken_port(
    shipped_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A port in use is one error line and exit 2, after the build."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(
            [
                "serve",
                "-q",
                "--port",
                str(port),
                "--source",
                str(shipped_project / "source"),
                "--locales",
                str(shipped_project / "locales"),
                "-o",
                str(shipped_project / "site"),
            ]
        )
    assert code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"127.0.0.1: error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_serve_listens_on_localhost_only_by_default() -> None:
    """Without --host the preview binds 127.0.0.1, never every interface."""
    arguments = build_parser().parse_args(["serve"])
    assert (arguments.host, arguments.port) == ("127.0.0.1", 0)


def test_a_save_made_as_the_address_is_given_is_rebuilt(tmp_path: Path) -> None:
    """The address is announced only once the watcher runs: a catalog saved at that
    very moment (here, inside the announcement) still starts a rebuild."""
    source, locales = tmp_path / "source", tmp_path / "locales"
    messages = locales / "es" / "LC_MESSAGES"
    (tmp_path / "site").mkdir()
    source.mkdir()
    messages.mkdir(parents=True)
    po_path = messages / "article.po"
    po_path.write_text('msgid ""\nmsgstr ""\n', "utf-8")
    stop = threading.Event()
    rebuilt: list[Sequence[Path]] = []

    def save_now(_address: str) -> None:
        po_path.write_text('msgid ""\nmsgstr ""\n\nmsgid "Pain"\nmsgstr "Dolor"\n', "utf-8")

    def rebuild(changed: Sequence[Path]) -> None:
        rebuilt.append(changed)
        stop.set()

    thread = threading.Thread(
        target=serve_site,
        kwargs={
            "output_dir": tmp_path / "site",
            "source_dir": source,
            "locales_dir": locales,
            "config_paths": [tmp_path / "pain-content.toml"],
            "rebuild": rebuild,
            "on_listening": save_now,
            "stop": stop,
        },
    )
    thread.start()
    stop.wait(timeout=20)
    stop.set()
    thread.join(timeout=20)
    assert rebuilt == [[po_path.resolve()]]
