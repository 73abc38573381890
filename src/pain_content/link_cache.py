"""Local links kept by content: a source whose text did not change is not parsed again.

What :func:`~pain_content.links.local_links` finds in a source (its links and
its problems) depends only on the source's text and on the code that parses
it: the library's own and markdown-it-py's, the digest the check cache keys
its findings with (:func:`~pain_content.checks.cache.rules_digest`). A build
keeps the links of every source it read beside its manifest, keyed by the
digest of the source's text; whether each link's target is still there is
checked on every build, never cached (see :mod:`pain_content.site_links`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Executor, Future, as_completed
from typing import Any

from .checks.cache import rules_digest
from .content_cache import ContentCache
from .links import LinkProblem, LocalLink, local_links
from .site_plan import content_digest

_CACHE_VERSION = 1
# Source texts handed to an executor ahead of the links read back (as for jobs).
_TEXTS_IN_FLIGHT = 64

FoundLinks = tuple[tuple[LocalLink, ...], tuple[LinkProblem, ...]]
"""What :func:`~pain_content.links.local_links` returned for one source text."""


class LinkCache(ContentCache[FoundLinks]):
    """The local links of source texts parsed before, by the digest of their text;
    ``computed`` counts the sources that had to be parsed."""

    @staticmethod
    def decode(document: Any) -> Mapping[str, FoundLinks]:
        if document.get("version") != _CACHE_VERSION or document.get("code") != rules_digest():
            return {}
        return {
            digest: (
                tuple(_link(item) for item in found["links"]),
                tuple(_problem(item) for item in found["problems"]),
            )
            for digest, found in document["sources"].items()
        }

    @staticmethod
    def encode(items: list[tuple[str, FoundLinks]]) -> dict[str, object]:
        return {
            "version": _CACHE_VERSION,
            "code": rules_digest(),
            "sources": {
                digest: {
                    "links": [
                        [link.url, link.path, link.suffix, link.line, link.is_image]
                        for link in links
                    ],
                    "problems": [
                        [problem.url, problem.line, problem.message] for problem in problems
                    ],
                }
                for digest, (links, problems) in items
            },
        }

    def parse_on(self, executor: Executor, texts: Iterable[str]) -> None:
        """Parse on ``executor`` the texts the cache does not know, a bounded number at
        a time, so a first build parses its sources' links in parallel.

        A text that does not parse is left out: :meth:`local_links` parses it
        again, in order, and raises its error where the file is known.
        """
        pending: dict[Future[tuple[list[LocalLink], list[LinkProblem]]], str] = {}

        def record(finished: Future[tuple[list[LocalLink], list[LinkProblem]]]) -> None:
            digest = pending.pop(finished)
            if finished.exception() is None:
                links, problems = finished.result()
                self.put(digest, (tuple(links), tuple(problems)))

        for text in texts:
            digest = content_digest(text)
            if digest in self._recorded or digest in pending.values():
                continue
            pending[executor.submit(local_links, text)] = digest
            if len(pending) >= _TEXTS_IN_FLIGHT:
                record(next(as_completed(pending)))
        for finished in as_completed(list(pending)):
            record(finished)

    def local_links(self, markdown_text: str) -> FoundLinks:
        """:func:`~pain_content.links.local_links` of a source, parsed only when the
        cache does not know its text.

        Raises:
            SourceError: the front matter is broken.
        """
        digest = content_digest(markdown_text)
        found = self.get(digest)
        if found is None:
            links, problems = local_links(markdown_text)
            found = (tuple(links), tuple(problems))
            self.put(digest, found)
        return found


# A damaged cache must not become wrong links: every field is read with its exact type.


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _line(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TypeError(value)
    return value


def _link(item: object) -> LocalLink:
    if not isinstance(item, list):
        raise TypeError(item)
    url, path, suffix, line, is_image = item
    if not isinstance(is_image, bool):
        raise TypeError(is_image)
    return LocalLink(_text(url), _text(path), _text(suffix), _line(line), is_image)


def _problem(item: object) -> LinkProblem:
    if not isinstance(item, list):
        raise TypeError(item)
    url, line, message = item
    return LinkProblem(_text(url), _line(line), _text(message))
