"""sitemap.xml and canonical links: valid, complete, and pointing at files the build wrote."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from lxml import etree, html

from conftest import DATA
from pain_content.build import build_site
from pain_content.site_plan import CHECKS_FOLDER
from pain_content.sitemap import render_sitemap

BASE_URL = "https://clinic.example/health/"
ARTICLE = "stem-cell-therapy-for-chronic-pain"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "sitemap" / "urlset-with-alternates.xsd")))


def _build(project: Path, config: str | None) -> Path:
    if config is not None:
        (project / "pain-content.toml").write_text(config, "utf-8")
    build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / "site",
    )
    return project / "site"


def _file_for(url: str, site: Path) -> Path:
    assert url.startswith(BASE_URL), url
    return site / unquote(url.removeprefix(BASE_URL))


def _alternates(url: etree._Element) -> dict[str, str]:
    return {
        str(link.get("hreflang")): str(link.get("href"))
        for link in url.findall("x:link", NS)
        if link.get("rel") == "alternate"
    }


@pytest.fixture
def two_articles(shipped_project: Path) -> Path:
    """The shipped project plus an article translated into Spanish only."""
    shutil.copy(DATA / "project" / "source" / "leaflet.md", shipped_project / "source")
    shutil.copy(
        DATA / "project" / "locales" / "es" / "LC_MESSAGES" / "leaflet.po",
        shipped_project / "locales" / "es" / "LC_MESSAGES",
    )
    return shipped_project


def test_sitemap_is_valid_and_every_url_is_a_built_file(two_articles: Path) -> None:
    """The sitemap validates, lists each article in every language it has, and each URL is a file."""
    # The Spanish leaflet is half translated: published from 50% on.
    site = _build(two_articles, f'[site]\nbase_url = "{BASE_URL}"\ncompleteness = 50\n')
    document = etree.parse(str(site / "sitemap.xml"))
    SCHEMA.assertValid(document)
    urls = document.findall("s:url", NS)
    languages = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != CHECKS_FOLDER)
    assert len(languages) == 16
    by_article: dict[str, set[str]] = {}
    for url in urls:
        loc = url.findtext("s:loc", namespaces=NS) or ""
        assert _file_for(loc, site).is_file(), loc
        alternates = _alternates(url)
        assert all(_file_for(href, site).is_file() for href in alternates.values())
        assert alternates["x-default"] == loc.rsplit("/", 2)[0] + "/en/" + loc.rsplit("/", 1)[1]
        assert loc in alternates.values()  # a page lists itself among its alternates
        slug = loc.rsplit("/", 1)[1].removesuffix(".html")
        by_article.setdefault(slug, set()).add(loc.rsplit("/", 2)[1])
        # Alternates are the same set from every language of the article.
        assert set(alternates) - {"x-default"} == {
            href.rsplit("/", 2)[1] for href in alternates.values()
        }
    assert by_article == {ARTICLE: set(languages), "leaflet": {"en", "es"}}


def test_pages_carry_their_canonical_address_and_match_the_sitemap(two_articles: Path) -> None:
    """Each page's canonical link is its sitemap loc, and its hreflang alternates are the sitemap's."""
    site = _build(two_articles, f'[site]\nbase_url = "{BASE_URL.rstrip("/")}"\n')
    document = etree.parse(str(site / "sitemap.xml"))
    for url in document.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS) or ""
        page = html.parse(str(_file_for(loc, site))).getroot()
        (canonical,) = page.xpath('//link[@rel="canonical"]/@href')
        assert canonical == loc
        on_page = {
            link.get("hreflang"): urljoin(loc, link.get("href"))
            for link in page.xpath('//link[@rel="alternate"]')
        }
        assert on_page == _alternates(url)


def test_no_base_url_no_sitemap_and_no_canonical(shipped_project: Path) -> None:
    """Without a base URL nothing claims an address: no sitemap, no canonical link."""
    site = _build(shipped_project, '[site]\nclinic_name = "Riverside"\n')
    assert not (site / "sitemap.xml").exists()
    assert 'rel="canonical"' not in (site / "es" / f"{ARTICLE}.html").read_text("utf-8")


def test_sitemap_escapes_and_percent_encodes() -> None:
    """A base URL with & and a slug with a space give a well-formed, percent-encoded loc."""
    text = render_sitemap("https://a.example/x&y/", {"knee pain": ["en", "pt-BR"]})
    document = etree.fromstring(text.encode())
    SCHEMA.assertValid(document)
    locs = [element.text for element in document.findall("s:url/s:loc", NS)]
    assert locs == [
        "https://a.example/x&y/en/knee%20pain.html",
        "https://a.example/x&y/pt-BR/knee%20pain.html",
    ]


@pytest.mark.parametrize(
    ("url_body", "why"),
    [
        ("<changefreq>daily</changefreq><loc>https://a.example/en/x.html</loc>", "loc not first"),
        ("<loc>https://a.example/en/x.html</loc><priority>1.5</priority>", "priority above 1"),
        (
            '<loc>https://a.example/en/x.html</loc><xhtml:link rel="alternate" href="https://a.example/es/x.html"/>',
            "alternate without hreflang",
        ),
        (
            '<loc>https://a.example/en/x.html</loc><xhtml:meta name="x"/>',
            "undeclared xhtml element",
        ),
    ],
)
def test_the_schema_refuses_what_search_engines_would(url_body: str, why: str) -> None:
    """The shipped schemas are not a rubber stamp: each broken sitemap fails validation."""
    document = etree.fromstring(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url>{url_body}</url></urlset>'.encode()
    )
    assert not SCHEMA.validate(document), why
