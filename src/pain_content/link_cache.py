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

import json
from collections.abc import Mapping

from .checks.cache import rules_digest
from .links import LinkProblem, LocalLink, local_links
from .site_plan import content_digest

_CACHE_VERSION = 1

FoundLinks = tuple[tuple[LocalLink, ...], tuple[LinkProblem, ...]]
"""What :func:`~pain_content.links.local_links` returned for one source text."""


class LinkCache:
    """The local links of source texts parsed before, by the digest of their text.

    It keeps what was looked up or added since it was made, so a cache
    written back holds the current sources only, and counts the sources that
    had to be parsed.
    """

    def __init__(self, recorded: Mapping[str, FoundLinks] | None = None) -> None:
        self._recorded = dict(recorded or {})
        self._used: dict[str, FoundLinks] = {}
        self.parsed = 0
        """Sources parsed (not found in the cache) since it was made."""

    @staticmethod
    def from_json(data: bytes) -> LinkCache:
        """A cache :meth:`to_json` wrote; an empty one for anything else (none yet,
        another version of the library, damaged)."""
        try:
            document = json.loads(data)
            if document.get("version") != _CACHE_VERSION or document.get("code") != rules_digest():
                return LinkCache()
            return LinkCache(
                {
                    digest: (
                        tuple(_link(item) for item in found["links"]),
                        tuple(_problem(item) for item in found["problems"]),
                    )
                    for digest, found in document["sources"].items()
                }
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return LinkCache()

    def to_json(self) -> bytes:
        """The links of the sources looked up or added, as JSON (stable order)."""
        document = {
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
                for digest, (links, problems) in sorted(self._used.items())
            },
        }
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    def local_links(self, markdown_text: str) -> FoundLinks:
        """:func:`~pain_content.links.local_links` of a source, parsed only when the
        cache does not know its text.

        Raises:
            SourceError: the front matter is broken.
        """
        digest = content_digest(markdown_text)
        found = self._recorded.get(digest)
        if found is None:
            links, problems = local_links(markdown_text)
            found = (tuple(links), tuple(problems))
            self.parsed += 1
            self._recorded[digest] = found
        self._used[digest] = found
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
