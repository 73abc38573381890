"""Printable handouts: a rendered article as a tagged PDF in the patient's language.

The handout is made with WeasyPrint from the same :class:`RenderedArticle`
the page is made from (never a screenshot of the page): the clinic's name and
the review notice at the top, the article, the last-reviewed date, the
disclaimer, page numbers, and, when the site's address is known, a QR code
that opens the article's page in the same language. It is a PDF/UA-1 file:
tagged for screen readers, with the document's language and title in its
metadata, every font embedded, its text selectable.

Fonts are chosen per language in ``templates/handout.css`` from Debian's
Noto packages (``scripts/install-system-packages``); WeasyPrint lays text out
with Pango and HarfBuzz, so Arabic and Persian are shaped, and right-to-left
lines are ordered by the Unicode bidirectional algorithm.

What WeasyPrint does not do, and what ships instead:

- It ignores the CSS ``unicode-bidi`` property, so the ``<bdi>`` elements
  that isolate numbers in right-to-left pages would not isolate anything in
  print. The handout replaces each with the Unicode isolate characters FSI
  and PDI (U+2068, U+2069) around the same text, which the bidirectional
  algorithm honours in the text itself; they are invisible and not in the
  extracted text.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Literal

import segno
from babel import Locale
from markdown_it.common.utils import escapeHtml

from .errors import HandoutError
from .locales import lang_tag
from .pages import render_handout_page
from .render import RenderedArticle

PageSize = Literal["A4", "letter"]
PAGE_SIZES: tuple[PageSize, ...] = ("A4", "letter")

_BDI = re.compile(r"<bdi>([^<]*)</bdi>")
_FIRST_STRONG_ISOLATE, _POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


@dataclass(frozen=True, slots=True)
class HandoutSettings:
    """How handouts are printed (the ``[site]`` table of ``pain-content.toml``)."""

    page_size: PageSize = "A4"
    """``A4`` or ``letter`` (US Letter)."""
    clinic_name: str = ""
    """Printed at the top of every handout; nothing when empty."""


def render_handout(
    article: RenderedArticle,
    *,
    locale: Locale,
    is_reviewed: bool,
    settings: HandoutSettings,
    page_url: str | None = None,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """The article as a tagged PDF (PDF/UA-1) in its language.

    ``page_url`` is the absolute address of the article's page in the same
    language; when given, the handout prints it with a QR code, and it is
    the base URL the handout's links are resolved against, so a handout
    mailed to a patient links to the site. Without it the links stay
    relative, right for the handout beside its page in ``site/<lang-tag>/``.
    ``images`` holds the content of each image the article shows, by the URL
    its page uses (``../assets/img/ice.png``); they are embedded.
    Nothing is fetched while rendering: only ``data:`` URIs load.

    Raises:
        HandoutError: WeasyPrint logged a warning (a glyph no font has, an
            image it did not load), or Pango is not installed; a handout is
            never written half right.
    """
    html = render_handout_page(
        locale=locale,
        article=_with_images(_isolated_for_print(article), images or {}),
        is_reviewed=is_reviewed,
        clinic_name=settings.clinic_name,
        page_size=settings.page_size,
        page_url=page_url,
        qr_code=_qr_code(page_url) if page_url else None,
    )
    # Imported here: WeasyPrint takes most of a second to import, and every
    # other command and build without --pdf does not need it.
    try:
        from weasyprint import HTML, URLFetcher
    except OSError as exc:  # WeasyPrint loads Pango when it is imported
        raise HandoutError(
            f"handouts need Pango (Debian: scripts/install-system-packages): {exc}"
        ) from exc

    with _weasyprint_warnings_raise(f"handout {article.title!r} ({lang_tag(locale)})"):
        document = HTML(
            string=html, base_url=page_url, url_fetcher=URLFetcher(allowed_protocols={"data"})
        )
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def _isolated_for_print(article: RenderedArticle) -> RenderedArticle:
    body = _BDI.sub(
        lambda match: f"{_FIRST_STRONG_ISOLATE}{match.group(1)}{_POP_DIRECTIONAL_ISOLATE}",
        article.body,
    )
    return replace(article, body=body)


def _with_images(article: RenderedArticle, images: Mapping[str, bytes]) -> RenderedArticle:
    # Each image as a data: URI in place of its URL in the site: the handout
    # is made before the site is written, maybe on another machine.
    body = article.body
    for url, content in images.items():
        media_type = mimetypes.guess_type(url.split("?", 1)[0].split("#", 1)[0])[0]
        encoded = base64.b64encode(content).decode("ascii")
        body = body.replace(
            f'src="{escapeHtml(url)}"', f'src="data:{media_type or "image/png"};base64,{encoded}"'
        )
    return replace(article, body=body)


def _qr_code(url: str) -> str:
    # Error correction M is what most phone readers expect; boost_error raises
    # it when the code's size allows, at no cost in size.
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings_raise(what: str) -> Iterator[None]:
    # WeasyPrint reports what it could not do (a .notdef glyph, an image it
    # did not load, a style it ignored) only as log records, and carries on.
    logger = logging.getLogger("weasyprint")
    handler = _WarningCollector()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise HandoutError(f"{what}: {'; '.join(handler.messages)}")
