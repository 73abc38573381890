"""The ``[site]`` table of ``pain-content.toml``: the site's address and its handouts.

::

    [site]
    base_url = "https://clinic.example/patient-education/"  # sitemap, canonical links, QR codes
    clinic_name = "Example Pain Clinic"                     # printed on every handout
    pdf = true                                              # build handouts without --pdf
    page_size = "A4"                                        # or "letter"
    completeness = 80                                       # % of source words a language needs
    require_review = false                                  # publish only reviewed entries

Every key is optional; without ``base_url`` there is no sitemap, no
canonical link and no QR code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlsplit

from .errors import Location, UsageError
from .handout import PAGE_SIZES, HandoutSettings, PageSize

_KEYS = frozenset({"base_url", "clinic_name", "pdf", "page_size", "completeness", "require_review"})
DEFAULT_COMPLETENESS = 80
"""Percent of an article's source words that must be translated and publishable for
a language's page to be published, as po4a's default threshold."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the ``[site]`` table says (see the module's docstring)."""

    base_url: str = ""
    """Absolute ``http(s)`` address of the output folder, ending in ``/``; empty if unknown."""
    pdf: bool = False
    """Whether every build also makes the handouts."""
    handout: HandoutSettings = field(default_factory=HandoutSettings)
    completeness: float = DEFAULT_COMPLETENESS
    """Percent of source words a language's page needs to be published."""
    require_review: bool = False
    """Publish only entries a qualified medical translator signed (see ``review``)."""


@dataclass(frozen=True, slots=True)
class PublishingGate:
    """What decides whether an article is published in a language: ``build`` and ``report`` agree."""

    completeness: float = DEFAULT_COMPLETENESS
    """Percent of an article's source words that must be publishable."""
    require_review: bool = False
    """Only signed entries are publishable."""


def publishing_gate(
    site: SiteConfig, *, completeness: float | None = None, require_review: bool = False
) -> PublishingGate:
    """The ``[site]`` table's gate, with the command line's ``--completeness`` and
    ``--require-review`` over it (``--require-review`` can only make it stricter)."""
    return PublishingGate(
        completeness=site.completeness if completeness is None else completeness,
        require_review=site.require_review or require_review,
    )


def load_site_config(text: str, path: str) -> SiteConfig:
    """Read the ``[site]`` table of a ``pain-content.toml``; other tables are left alone.

    >>> load_site_config('[site]\\nbase_url = "https://a.example/x"', "p.toml").base_url
    'https://a.example/x/'

    Raises:
        UsageError: the text is not TOML, or ``[site]`` holds an unknown key
            or a wrong value; located at its line in ``path``.
    """
    try:
        section = tomllib.loads(text).get("site", {})
    except tomllib.TOMLDecodeError as exc:
        position = re.search(r"\s*\(at line (\d+), column \d+\)$", str(exc))
        line = int(position.group(1)) if position else 0
        message = str(exc)[: position.start()] if position else str(exc)
        raise UsageError(f"not valid TOML: {message}", Location(path, line)) from exc
    if not isinstance(section, dict):
        raise UsageError("'site' must be a table", Location(path, _key_line(text, "site")))
    for key in sorted(set(section) - _KEYS):
        expected = ", ".join(sorted(_KEYS))
        raise UsageError(
            f"unknown key {key!r} in [site] (expected one of {expected})",
            Location(path, _key_line(text, key)),
        )

    def wrong(key: str, message: str) -> UsageError:
        return UsageError(f"{key} {message}", Location(path, _key_line(text, key)))

    base_url = section.get("base_url", "")
    parts = urlsplit(base_url) if isinstance(base_url, str) else None
    if parts is None or (base_url and (parts.scheme not in ("http", "https") or not parts.netloc)):
        raise wrong("base_url", "must be an absolute http:// or https:// address")
    if parts.query or parts.fragment:
        raise wrong("base_url", "must not have a query or a fragment")
    clinic_name = section.get("clinic_name", "")
    if not isinstance(clinic_name, str):
        raise wrong("clinic_name", "must be a string")
    pdf = section.get("pdf", False)
    if not isinstance(pdf, bool):
        raise wrong("pdf", "must be true or false")
    page_size = section.get("page_size", "A4")
    if page_size not in PAGE_SIZES:
        raise wrong("page_size", f"must be one of {', '.join(map(repr, PAGE_SIZES))}")
    completeness = section.get("completeness", DEFAULT_COMPLETENESS)
    if isinstance(completeness, bool) or not isinstance(completeness, int | float):
        raise wrong("completeness", "must be a number of percent, 0 to 100")
    if not 0 <= completeness <= 100:
        raise wrong("completeness", "must be a number of percent, 0 to 100")
    require_review = section.get("require_review", False)
    if not isinstance(require_review, bool):
        raise wrong("require_review", "must be true or false")
    return SiteConfig(
        base_url=base_url if not base_url or base_url.endswith("/") else f"{base_url}/",
        pdf=pdf,
        completeness=float(completeness),
        require_review=require_review,
        handout=HandoutSettings(
            page_size=cast(PageSize, page_size), clinic_name=clinic_name.strip()
        ),
    )


def _key_line(text: str, key: str) -> int:
    """1-based line where ``key =`` or the table ``[key]`` is first written, 0 if nowhere."""
    name = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
