"""*Disk* (reading only): a site's local links, checked against ``source/``, and what they lead to.

Every local link of every source must lead to an article or to a file inside
``source/``; a page's links follow what its language publishes; a handout
embeds the images its page shows. A source whose text the last build parsed
is not parsed again (see :mod:`pain_content.link_cache`), but every build
checks that each link's target is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel import Locale

from .catalog_files import read_source
from .errors import Location, SourceError, SourceErrors
from .link_cache import LinkCache
from .links import LocalLink, page_url
from .locales import SOURCE_LOCALE
from .site_plan import LINKS_CACHE

PageLinks = tuple[tuple[str, str, str], ...]
"""(source URL, URL in the page, URL in the Markdown) of each local link of a page."""


def read_link_cache(output_dir: Path) -> LinkCache:
    """The links the last build found in each source; an empty cache when there is
    none or it cannot be read."""
    try:
        return LinkCache.from_json((output_dir / LINKS_CACHE).read_bytes())
    except OSError:
        return LinkCache()


def checked_local_links(
    sources: dict[str, Path], source_dir: Path, *, cache: LinkCache
) -> dict[str, list[LocalLink]]:
    """Each article's local links, checked: every one leads to an article or a file in ``source/``.

    ``cache`` gives the links of a source parsed before (see :func:`read_link_cache`).

    Raises:
        SourceErrors: every broken link of every source, with its line.
    """
    root = source_dir.resolve()
    found: dict[str, list[LocalLink]] = {}
    errors: list[SourceError] = []
    for slug, path in sources.items():
        try:
            links, problems = cache.local_links(read_source(path))
        except SourceError as exc:  # the Markdown itself (its front matter) is broken
            raise exc.with_path(str(path)) from exc
        errors += [
            SourceError(problem.message, Location(str(path), problem.line)) for problem in problems
        ]
        for link in links:
            message = _broken_link(link, sources, source_dir, root)
            if message:
                errors.append(SourceError(message, Location(str(path), link.line)))
        found[slug] = list(links)
    if errors:
        raise SourceErrors(errors)
    return found


def _broken_link(
    link: LocalLink, sources: dict[str, Path], source_dir: Path, root: Path
) -> str | None:
    """What is wrong with a local link, or None when its target is there to publish."""
    if link.kind == "article":
        if link.slug in sources:
            return None
        return f"{link.url!r} links to an article that does not exist ({source_dir / link.path})"
    target = source_dir / link.path
    if not target.resolve().is_relative_to(root):
        return (
            f"{link.url!r} leads outside source/ (through a symlink); "
            "only files inside it are published"
        )
    if not target.exists():
        return f"{link.url!r}: file not found: {target}"
    if not target.is_file():
        return f"{link.url!r} is a folder, not a file"
    return None


def page_links(
    links: Iterable[LocalLink], locale: Locale, published: dict[str, tuple[str, ...]]
) -> PageLinks:
    """(source URL, URL in the page, URL in the Markdown) of each local link of a page."""
    urls = {}
    for link in links:
        is_published = link.kind == "file" or str(locale) in published[link.slug]
        urls[link.url] = tuple(
            page_url(
                link, is_published=is_published, source_lang_tag=SOURCE_LOCALE, extension=extension
            )
            for extension in (".html", ".md")
        )
    return tuple((url, html, markdown) for url, (html, markdown) in urls.items())


def handout_images(
    source_path: Path, local: Iterable[LocalLink], links: PageLinks
) -> tuple[tuple[str, bytes], ...]:
    """The images a page's handout embeds, by their URL in the page.

    ``local`` is the article's links as :func:`checked_local_links` found
    them; ``links`` the page's (:func:`page_links`).
    """
    page_urls = dict((source_url, url) for source_url, url, _ in links)
    source_dir = source_path.parent
    images = {
        page_urls[link.url]: (source_dir / link.path).read_bytes()
        for link in local
        if link.is_image
    }
    return tuple(images.items())
