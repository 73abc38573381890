"""``sitemap.xml``: every language of every article, with ``hreflang`` alternates.

The file follows the sitemaps.org protocol 0.9 and the way search engines
take language alternates in a sitemap: each ``<url>`` lists, as
``<xhtml:link rel="alternate" hreflang="...">``, every language of the same
article, itself included, plus ``x-default`` for the source language
(https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from .locales import SOURCE_LOCALE

SITEMAP_FILE = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


def article_url(base_url: str, lang_tag: str, slug: str) -> str:
    """The absolute address of an article's page in one language, percent-encoded as sitemaps require.

    >>> article_url("https://clinic.example/health/", "pt-BR", "dolor de rodilla")
    'https://clinic.example/health/pt-BR/dolor%20de%20rodilla.html'
    """
    return f"{base_url}{lang_tag}/{quote(slug)}.html"


def render_sitemap(base_url: str, articles: Mapping[str, Sequence[str]]) -> str:
    """The sitemap of a site at ``base_url``.

    Args:
        base_url: the site's absolute address, ending in ``/``.
        articles: for each article slug, the language tags it is published in,
            the source language first.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML_NAMESPACE}">',
    ]
    for slug, lang_tags in articles.items():
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(article_url(base_url, tag, slug))}/>'
            for tag in lang_tags
        ]
        default = quoteattr(article_url(base_url, SOURCE_LOCALE, slug))
        alternates.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={default}/>')
        for tag in lang_tags:
            location = escape(article_url(base_url, tag, slug))
            lines += ["  <url>", f"    <loc>{location}</loc>", *alternates, "  </url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
