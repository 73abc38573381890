"""Local preview: serve the built site and build again whenever an input is saved.

For the content editor: ``pain-content serve`` builds, serves the output
folder over HTTP on 127.0.0.1 (a free port unless one is asked for) and
watches the sources and the files they show, the catalogs and the settings
files (``pain-content.toml``, ``glossary.tbx``) with ``watchfiles``; a save
builds again, and the incremental build renders only the languages whose
inputs changed. It listens beyond this machine only when given another host.
Pages are sent with ``Cache-Control: no-store`` so a reload always shows the
last build.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import watchfiles

LOCALHOST = "127.0.0.1"
_WAKE_MS = 300
"""How long the watcher waits for a save before waking (the first wake-up
announces the address)."""


class _PreviewHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the editor's terminal shows builds, not traffic."""


def is_input(
    path: Path, *, source_dir: Path, locales_dir: Path, config_paths: Sequence[Path]
) -> bool:
    """Whether saving ``path`` changes what the build makes.

    Compiled ``.mo`` files and the output folder are written by the build
    itself and never start another one.

    >>> is_input(Path("locales/es/LC_MESSAGES/a.mo"), source_dir=Path("source"),
    ...          locales_dir=Path("locales"), config_paths=[Path("pain-content.toml")])
    False
    >>> is_input(Path("source/img/ice.png"), source_dir=Path("source"),
    ...          locales_dir=Path("locales"), config_paths=[Path("pain-content.toml")])
    True
    """
    return (
        path.is_relative_to(source_dir)  # an article, or a picture or form one shows
        or (path.suffix == ".po" and path.is_relative_to(locales_dir))
        or path in config_paths
    )


def serve_site(
    *,
    output_dir: Path,
    source_dir: Path,
    locales_dir: Path,
    config_paths: Sequence[Path],
    rebuild: Callable[[Sequence[Path]], None],
    on_listening: Callable[[str], None],
    host: str = LOCALHOST,
    port: int = 0,
    stop: threading.Event | None = None,
) -> None:
    """Serve ``output_dir`` and call ``rebuild`` with the inputs saved, until interrupted.

    ``config_paths`` are the project's settings files, all in the project folder.

    The caller has built the site once before. ``on_listening`` gets the
    site's address (``http://127.0.0.1:8000/``) once the server accepts
    connections and the watcher sees every save. Returns when ``stop`` is set or on Ctrl-C, with the server
    closed.

    Raises:
        OSError: the address cannot be bound (the port is taken).
    """
    handler = partial(_PreviewHandler, directory=str(output_dir))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    try:
        bound_host, bound_port = server.server_address[:2]
        folders = {"source_dir": source_dir.resolve(), "locales_dir": locales_dir.resolve()}
        settings = [path.resolve() for path in config_paths]
        watched = sorted({*folders.values(), *(path.parent for path in settings)})
        announced = False
        for changes in watchfiles.watch(
            *watched,
            watch_filter=lambda _change, name: is_input(
                Path(name), **folders, config_paths=settings
            ),
            stop_event=stop,
            raise_interrupt=False,
            rust_timeout=_WAKE_MS,
            yield_on_timeout=True,
        ):
            # The first wake-up comes once the watcher runs: the address is given
            # only then, so a save made after it is seen is never missed.
            if not announced:
                on_listening(f"http://{bound_host!s}:{bound_port}/")
                announced = True
            if changes:
                rebuild(sorted({Path(name) for _change, name in changes}))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
