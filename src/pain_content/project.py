"""The project on disk: where each file of an article lives, and finding them.

::

    source/<slug>.md                          an article
    locales/<slug>.pot                        its template
    locales/<folder>/LC_MESSAGES/<slug>.po    a locale's catalog (folder: ``pt_BR``)
    locales/<folder>/LC_MESSAGES/<slug>.mo    the catalog compiled

Every path of this layout is built here and nowhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import CatalogError, LocaleError, Location, SourceError, UsageError
from .locales import folder_name, parse_locale

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HOME = "index"  # source/index.md is each language's home page, site/<language>/index.html


def article_slug(path: Path) -> str:
    """The article's slug, from ``source/<slug>.md``; it names every file made from it.

    Raises:
        SourceError: the name could not be used safely as a file name in every folder.
    """
    if not _SLUG.match(path.stem):
        raise SourceError(
            "article file names may hold only letters, digits, '-' and '_'", Location(str(path), 0)
        )
    if path.stem.lower() == _HOME and path.stem != _HOME:
        # On a case-insensitive disk it would overwrite the home page index.html.
        raise SourceError(
            f"an article cannot be named {path.stem!r}: the home page article is 'index.md'",
            Location(str(path), 0),
        )
    return path.stem


def project_dir(source_dir: Path) -> Path:
    """The folder holding ``source/`` and ``pain-content.toml``."""
    return source_dir.parent if source_dir.name else Path(".")


def source_path(source_dir: Path, slug: str) -> Path:
    """Where an article's Markdown source lives: ``source/<slug>.md``."""
    return source_dir / f"{slug}.md"


def find_sources(source_dir: Path) -> list[Path]:
    """The Markdown sources of a project, sorted by name.

    Raises:
        SourceError: the folder does not exist or holds no ``.md`` file.
    """
    if not source_dir.is_dir():
        raise SourceError("source folder not found", Location(str(source_dir), 0))
    sources = sorted(source_dir.glob("*.md"))
    if not sources:
        raise SourceError("no .md files in the source folder", Location(str(source_dir), 0))
    for path in sources:
        article_slug(path)
    return sources


def template_path(locales_dir: Path, slug: str) -> Path:
    """Where an article's template lives: ``locales/<slug>.pot``."""
    return locales_dir / f"{slug}.pot"


def _messages_dir(locales_dir: Path, locale_folder: str) -> Path:
    return locales_dir / locale_folder / "LC_MESSAGES"


def catalog_path(locales_dir: Path, locale_folder: str, domain: str) -> Path:
    """Where a locale's catalog of a domain (an article's slug) lives."""
    return _messages_dir(locales_dir, locale_folder) / f"{domain}.po"


def compiled_path(po_path: Path) -> Path:
    """Where a catalog's compiled ``.mo`` lives: beside it."""
    return po_path.with_suffix(".mo")


def require_catalog(locales_dir: Path, locale_folder: str, slug: str) -> Path:
    """The path of an article's catalog in a locale, which must exist.

    Raises:
        UsageError: there is no such catalog (run ``init`` first).
    """
    path = catalog_path(locales_dir, locale_folder, slug)
    if not path.is_file():
        raise UsageError(
            f"no catalog for locale {locale_folder}; run init first", Location(str(path), 0)
        )
    return path


def no_catalogs_error(locales_dir: Path, done: str, locale_folder: str = "") -> CatalogError:
    """The error of a verb that found no catalogs to work on, so that it does not
    pass while doing nothing (a misconfigured CI job would stay green for ever).

    Args:
        locales_dir: the catalogs folder, where the error points.
        done: what the verb does to a catalog, as a past participle (``checked``).
        locale_folder: the locale that has none; empty when the project has none at all.
    """
    if locale_folder:
        message = (
            f"no catalogs were {done} for {locale_folder}: it has none;"
            f" run 'pain-content init -l {locale_folder}' first"
        )
    else:
        message = (
            f"no catalogs were {done}: the project has none;"
            " run 'pain-content init -l LOCALE' first"
        )
    return CatalogError(message, Location(str(locales_dir), 0))


def find_templates(locales_dir: Path) -> list[Path]:
    """The templates of a project, sorted by name.

    Raises:
        CatalogError: there are none (run ``extract`` first).
    """
    templates = sorted(locales_dir.glob("*.pot")) if locales_dir.is_dir() else []
    if not templates:
        raise CatalogError(
            "no templates; run 'pain-content extract' first", Location(str(locales_dir), 0)
        )
    return templates


def find_locale_folders(locales_dir: Path) -> list[str]:
    """Names of the locale folders under ``locales/`` (those holding ``LC_MESSAGES``).

    Raises:
        LocaleError: a folder is not named after a CLDR locale as gettext spells
            it (``pt_BR``, not ``pt-BR``), located at the folder.
    """
    if not locales_dir.is_dir():
        return []
    names = sorted(
        entry.name
        for entry in locales_dir.iterdir()
        if entry.is_dir()
        and not entry.is_symlink()
        and _messages_dir(locales_dir, entry.name).is_dir()
    )
    for name in names:
        where = Location(str(locales_dir / name), 0)
        try:
            canonical = folder_name(parse_locale(name))
        except LocaleError as exc:
            raise LocaleError(exc.message, where) from exc
        if canonical != name:
            raise LocaleError(f"locale folder must be named {canonical}", where)
    return names


def find_article_catalogs(locales_dir: Path) -> dict[tuple[str, str], Path]:
    """Every article catalog there is, by (slug, locale folder), sorted by slug then folder.

    Raises:
        CatalogError: there are no templates (run ``extract`` first).
        LocaleError: a locale folder is not named after a CLDR locale.
    """
    return {
        (template.stem, folder): path
        for template in find_templates(locales_dir)
        for folder in find_locale_folders(locales_dir)
        if (path := catalog_path(locales_dir, folder, template.stem)).is_file()
    }


def find_catalogs(locales_dir: Path, locale_folder: str) -> list[Path]:
    """Every catalog of a locale folder, articles' and other domains', sorted by name."""
    return sorted(_messages_dir(locales_dir, locale_folder).glob("*.po"))


def is_article_catalog(po_path: Path, source_dir: Path) -> bool:
    """True when the catalog's template comes from an article in ``source/``.

    Any other catalog in ``locales/`` belongs to another domain (an
    application's own messages, say) and is compiled as GNU ``msgfmt`` would.
    """
    return source_path(source_dir, po_path.stem).is_file()
