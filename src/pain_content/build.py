"""The site: what is stale, what to write, and writing ``site/``.

``build_site`` compiles stale catalogs, then renders every article in every
language as a full page and as localized Markdown, an index per language and
a front page. Everything is read and checked before the first file is
written; files whose content did not change are not rewritten.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import polib
from babel import Locale

from . import __version__
from .catalog_files import (
    article_slug,
    catalog_path,
    find_locale_folders,
    find_sources,
    is_stale,
    read_catalog,
    read_source,
    write_atomic,
)
from .catalogs import has_translation, mo_bytes, mo_messages, review_status
from .checks import CONFIG_FILE_NAME, CheckConfig, check_catalog, load_check_config
from .errors import Location, UsageError
from .handout import HandoutSettings, render_handout
from .locales import (
    SOURCE_LOCALE,
    folder_name,
    is_source_locale,
    lang_tag,
    parse_locale,
    text_direction,
)
from .pages import (
    ArticleLink,
    language_link,
    render_article_index,
    render_fragment,
    render_language_index,
    render_page,
)
from .render import RenderedArticle, localize_article
from .site_config import SiteConfig, load_site_config
from .sitemap import SITEMAP_FILE, article_url, render_sitemap
from .translate import set_front_matter_fields
from .ui import ui_gettext

MANIFEST = ".pain-content-files.json"
"""The list of files the last build wrote, kept in the output folder."""


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A translation the build did not publish, and why."""

    path: Path
    line: int
    """1-based line of the entry in the ``.po``."""
    reason: str
    """``fuzzy``, ``obsolete``, or the code and message of the check that failed."""


@dataclass(frozen=True, slots=True)
class PublishedCatalog:
    """One article's catalog for one locale: what goes to disk and what is published."""

    mo_path: Path
    compiled: bytes | None
    """The ``.mo`` msgfmt would make, when the one on disk is stale; else None."""
    mo: bytes
    """The translations pages use, compiled: fuzzy entries and those failing a critical check left out."""
    is_reviewed: bool
    held_back: tuple[HeldBack, ...]


@dataclass(slots=True)
class BuildReport:
    """What a build did."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    removed: list[Path] = field(default_factory=list)
    compiled: list[Path] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)


def load_check_settings(project_dir: Path) -> CheckConfig:
    """The project's check settings from ``pain-content.toml``, or the defaults.

    Raises:
        UsageError: the file is not valid (with its line).
    """
    config_path = project_dir / CONFIG_FILE_NAME
    if not config_path.is_file():
        return CheckConfig()
    return load_check_config(config_path.read_text("utf-8"), str(config_path))


def load_site_settings(project_dir: Path) -> SiteConfig:
    """The project's ``[site]`` settings from ``pain-content.toml``, or the defaults.

    Raises:
        UsageError: the file is not valid (with its line).
    """
    config_path = project_dir / CONFIG_FILE_NAME
    if not config_path.is_file():
        return SiteConfig()
    return load_site_config(config_path.read_text("utf-8"), str(config_path))


def publish_catalog(po_path: Path, locale: Locale, config: CheckConfig) -> PublishedCatalog:
    """Read a catalog, compile it if stale, and hold back what must not reach a patient.

    Raises:
        CatalogError: the catalog does not parse (nothing has been written).
    """
    catalog = read_catalog(po_path)
    mo_path = po_path.with_suffix(".mo")
    compiled = (
        mo_bytes(mo_messages(catalog, use_fuzzy=False)) if is_stale(mo_path, po_path) else None
    )
    held_back = [
        HeldBack(po_path, entry.linenum or 0, "obsolete" if entry.obsolete else "fuzzy")
        for entry in catalog
        if (entry.obsolete or "fuzzy" in entry.flags) and has_translation(entry)
    ]
    failing = set()
    for finding in check_catalog(catalog, locale=locale, config=config):
        if finding.severity == "error" and finding.msgid:
            failing.add(finding.msgid)
            held_back.append(HeldBack(po_path, finding.line, f"{finding.code}: {finding.message}"))
    publishable = [entry for entry in catalog if entry.msgid not in failing]
    catalog_copy = polib.POFile()
    catalog_copy.metadata = catalog.metadata
    catalog_copy.extend(publishable)
    return PublishedCatalog(
        mo_path=mo_path,
        compiled=compiled,
        mo=mo_bytes(mo_messages(catalog_copy, use_fuzzy=False)),
        is_reviewed=review_status(catalog) == "reviewed",
        held_back=tuple(sorted(held_back, key=lambda item: item.line)),
    )


def site_locales(locales_dir: Path, requested: Sequence[str]) -> list[Locale]:
    """The source locale plus every locale with catalogs (or those requested).

    Raises:
        LocaleError: a requested locale or a locale folder is not a CLDR locale.
        UsageError: a requested locale has no catalogs.
    """
    available = [parse_locale(name) for name in find_locale_folders(locales_dir)]
    if requested:
        wanted = [parse_locale(name) for name in requested]
        names = {folder_name(locale) for locale in available}
        for locale in wanted:
            if folder_name(locale) not in names and locale.language != SOURCE_LOCALE:
                raise UsageError(
                    f"no catalogs for locale {folder_name(locale)}", Location(str(locales_dir), 0)
                )
        available = [locale for locale in wanted if locale.language != SOURCE_LOCALE]
    source = Locale.parse(SOURCE_LOCALE)
    ordered = sorted(
        {
            folder_name(locale): locale for locale in available if locale.language != SOURCE_LOCALE
        }.values(),
        key=folder_name,
    )
    return [source, *ordered]


def build_site(
    *,
    source_dir: Path,
    locales_dir: Path,
    output_dir: Path,
    locales: Sequence[str] = (),
    fragment: bool = False,
    pdf: bool = False,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Compile what is stale and render the whole site into ``output_dir``.

    Fuzzy translations and those failing a critical check (numbers, doses,
    markup; see :mod:`pain_content.checks`) are held back: the page shows the
    source text in their place, and the report lists them.

    A language whose inputs (sources, published catalogs, page chrome) did
    not change since the last build is not rendered again. ``jobs`` > 1
    renders languages in that many processes; the files are the same.
    ``progress``, when given, is called with a short line per language.
    ``pdf`` (or ``pdf = true`` in ``pain-content.toml``) also makes each
    page's printable handout, ``<lang-tag>/<slug>.pdf``. With a ``base_url``
    configured the pages get canonical links and the site a ``sitemap.xml``.

    Raises:
        SourceError, CatalogError, LocaleError, UsageError: bad input; nothing
        has been written when they are raised.
    """
    sources = find_sources(source_dir)
    texts = {article_slug(path): read_source(path) for path in sources}
    site = site_locales(locales_dir, locales)
    config_path = source_dir.parent / CONFIG_FILE_NAME
    config = load_check_settings(source_dir.parent)
    site_config = load_site_settings(source_dir.parent)
    handout = site_config.handout if pdf or site_config.pdf else None
    po_paths = {
        (folder_name(locale), slug): po_path
        for locale in site[1:]
        for slug in texts
        if (po_path := catalog_path(locales_dir, folder_name(locale), slug)).is_file()
    }
    site_names = tuple(str(locale) for locale in site)
    available = frozenset(po_paths)
    previous = _read_manifest(output_dir)
    fingerprint_base = _fingerprint(
        site_names,
        texts,
        config_path.read_bytes() if config_path.is_file() else b"",
        available,
        fragment,
        handout,
    )

    report = BuildReport(languages=[lang_tag(locale) for locale in site])
    outputs: dict[Path, str | bytes] = {}
    manifest: Manifest = {}
    to_render: list[LanguageJob] = []
    kept_files: list[str] = []
    for locale in site:
        tag, folder = lang_tag(locale), folder_name(locale)
        catalog_files = {
            slug: po_paths[(folder, slug)] for slug in texts if (folder, slug) in po_paths
        }
        raw = {slug: path.read_bytes() for slug, path in catalog_files.items()}
        digest = _language_digest(fingerprint_base, str(locale), raw)
        earlier = previous.get(tag)
        if (
            earlier
            and earlier.digest == digest
            and all((output_dir / n).is_file() for n in earlier.files)
        ):
            # Nothing this language's pages depend on changed: keep them, and
            # what was held back, without parsing or checking again.
            manifest[tag] = earlier
            kept_files.extend(earlier.files)
            report.unchanged += len(earlier.files)
            report.held_back.extend(earlier.held_back)
            for path in catalog_files.values():
                if is_stale(path.with_suffix(".mo"), path):
                    outputs[path.with_suffix(".mo")] = mo_bytes(
                        mo_messages(read_catalog(path), use_fuzzy=False)
                    )
                    report.compiled.append(path.with_suffix(".mo"))
            continue
        published = {
            slug: publish_catalog(path, locale, config) for slug, path in catalog_files.items()
        }
        held_back = tuple(item for catalog in published.values() for item in catalog.held_back)
        report.held_back.extend(held_back)
        for catalog in published.values():
            if catalog.compiled is not None:
                outputs[catalog.mo_path] = catalog.compiled
                report.compiled.append(catalog.mo_path)
        manifest[tag] = ManifestEntry(digest, (), held_back)
        to_render.append(
            LanguageJob(
                locale=str(locale),
                site=site_names,
                texts=tuple(texts.items()),
                catalogs=tuple(
                    (slug, c.mo, c.is_reviewed, len(c.held_back)) for slug, c in published.items()
                ),
                available=available,
                fragment=fragment,
                base_url=site_config.base_url,
                handout=handout,
            )
        )

    for position, (job, rendered_files) in enumerate(_render_all(to_render, jobs), start=1):
        tag = lang_tag(parse_locale(job.locale))
        if progress is not None:
            progress(f"rendered {tag} ({position}/{len(to_render)})")
        manifest[tag] = replace(manifest[tag], files=tuple(sorted(rendered_files)))
        for name, content in rendered_files.items():
            outputs[output_dir / name] = content
    if not fragment:
        language_links = [
            language_link(locale, f"{lang_tag(locale)}/index.html") for locale in site
        ]
        outputs[output_dir / "index.html"] = render_language_index(
            locale=site[0],
            title=ui_gettext(site[0], "Health information in your language"),
            languages=language_links,
        )
    if site_config.base_url and not fragment:
        article_languages = {
            slug: [
                lang_tag(locale)
                for locale in site
                if locale is site[0] or (folder_name(locale), slug) in available
            ]
            for slug in texts
        }
        outputs[output_dir / SITEMAP_FILE] = render_sitemap(site_config.base_url, article_languages)

    _refuse_escaping_paths(
        output_dir, [path for path in outputs if path.is_relative_to(output_dir)]
    )
    for path, output in outputs.items():
        data = output.encode("utf-8") if isinstance(output, str) else output
        if write_atomic(path, data):
            report.written.append(path)
        else:
            report.unchanged += 1
    site_files = sorted(
        {
            path.relative_to(output_dir).as_posix()
            for path in outputs
            if path.is_relative_to(output_dir)
        }
        | set(kept_files)
    )
    report.removed = _remove_stale_outputs(output_dir, site_files, manifest)
    return report


def _fingerprint(
    site: tuple[str, ...],
    texts: dict[str, str],
    config: bytes,
    available: frozenset[tuple[str, str]],
    fragment: bool,
    handout: HandoutSettings | None,
) -> str:
    """What every language's pages depend on: sources, site languages, settings, page chrome."""
    hasher = hashlib.sha256(_chrome_fingerprint().encode())
    for part in (*site, str(fragment), repr(handout), *sorted(map(str, available))):
        hasher.update(part.encode() + b"\0")
    for slug, text in texts.items():
        hasher.update(slug.encode() + b"\0" + text.encode() + b"\0")
    hasher.update(config)
    return hasher.hexdigest()


def _language_digest(base: str, locale: str, catalogs: dict[str, bytes]) -> str:
    """Fingerprint of one language's inputs: equal fingerprints render equal files."""
    hasher = hashlib.sha256(f"{base}\0{locale}\0".encode())
    for slug, content in sorted(catalogs.items()):
        hasher.update(slug.encode() + b"\0" + hashlib.sha256(content).digest())
    return hasher.hexdigest()


@dataclass(frozen=True, slots=True)
class LanguageJob:
    """Everything needed to render one language's pages, in a form another process can take."""

    locale: str
    site: tuple[str, ...]
    """Every locale of the site, source first."""
    texts: tuple[tuple[str, str], ...]
    """(slug, Markdown source) of every article."""
    catalogs: tuple[tuple[str, bytes, bool, int], ...]
    """(slug, published .mo, is reviewed, entries held back) for each article translated
    into this locale."""
    available: frozenset[tuple[str, str]]
    """(locale folder, slug) of every catalog of the site, for the alternates."""
    fragment: bool
    base_url: str
    """The site's address for canonical links and QR codes, or empty."""
    handout: HandoutSettings | None
    """How to print each article's handout, or None for no handouts."""


@lru_cache(maxsize=1)
def _chrome_fingerprint() -> str:
    """The version, templates and ui catalogs: a new page chrome renders every page again."""
    package = resources.files("pain_content")
    hasher = hashlib.sha256(__version__.encode())
    for folder in ("templates", "locale"):
        for item in sorted(Path(str(package / folder)).rglob("*")):
            if item.is_file():
                hasher.update(item.name.encode() + item.read_bytes())
    return hasher.hexdigest()


def _render_all(
    language_jobs: Sequence[LanguageJob], jobs: int
) -> Iterator[tuple[LanguageJob, dict[str, str | bytes]]]:
    if jobs <= 1 or len(language_jobs) <= 1:
        for job in language_jobs:
            yield job, render_language(job)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(language_jobs, pool.map(render_language, language_jobs), strict=True)


def render_language(job: LanguageJob) -> dict[str, str | bytes]:
    """Render one language: every article as a page, as Markdown and as a handout, and its index page.

    Returns file names relative to the output folder, with their content.
    """
    locale = parse_locale(job.locale)
    site = [parse_locale(name) for name in job.site]
    tag = lang_tag(locale)
    catalogs = {
        slug: (mo, is_reviewed, held_back) for slug, mo, is_reviewed, held_back in job.catalogs
    }
    files: dict[str, str | bytes] = {}
    articles: list[ArticleLink] = []
    for slug, text in job.texts:
        mo, is_reviewed, held_back = catalogs.get(slug, (b"", False, 0))
        translations = gettext.GNUTranslations(io.BytesIO(mo)) if mo else gettext.NullTranslations()
        rendered, markdown = localize_article(text, translations, locale=job.locale)
        state = review_state(locale, is_reviewed=is_reviewed)
        page_url = article_url(job.base_url, tag, slug) if job.base_url else None
        alternates = [
            language_link(other, f"../{lang_tag(other)}/{slug}.html", is_current=other == locale)
            for other in site
            if other == locale or (folder_name(other), slug) in job.available or other is site[0]
        ]
        if job.fragment:
            files[f"{tag}/{slug}.html"] = render_fragment(
                locale=locale,
                body=rendered.body,
                last_reviewed=rendered.last_reviewed,
                is_reviewed=is_reviewed,
                untranslated=rendered.untranslated,
            )
            files[f"{tag}/{slug}.json"] = fragment_sidecar(
                rendered, locale=locale, review_state=state, held_back=held_back
            )
        else:
            files[f"{tag}/{slug}.html"] = render_page(
                locale=locale,
                title=rendered.title,
                description=rendered.description,
                body=rendered.body,
                last_reviewed=rendered.last_reviewed,
                is_reviewed=is_reviewed,
                untranslated=rendered.untranslated,
                alternates=alternates,
                default_href=f"../{SOURCE_LOCALE}/{slug}.html",
                canonical_url=page_url,
            )
        files[f"{tag}/{slug}.md"] = set_front_matter_fields(
            markdown,
            {"lang": tag, "dir": text_direction(locale), "review_state": state},
        )
        if job.handout is not None:
            files[f"{tag}/{slug}.pdf"] = render_handout(
                rendered,
                locale=locale,
                is_reviewed=is_reviewed,
                settings=job.handout,
                page_url=page_url,
            )
        articles.append(ArticleLink(rendered.title, f"{slug}.html"))
    if not job.fragment:
        switcher = [
            language_link(other, f"../{lang_tag(other)}/index.html", is_current=other == locale)
            for other in site
        ]
        files[f"{tag}/index.html"] = render_article_index(
            locale=locale,
            title=ui_gettext(locale, "Patient education articles"),
            articles=articles,
            switcher=switcher,
        )
    return files


ReviewState = Literal["source", "draft", "reviewed"]
"""What a page says about its translation: the source itself, a draft, or reviewed."""


def review_state(locale: Locale, *, is_reviewed: bool) -> ReviewState:
    """The review state a page of ``locale`` declares."""
    if is_source_locale(locale):
        return "source"
    return "reviewed" if is_reviewed else "draft"


def fragment_sidecar(
    rendered: RenderedArticle, *, locale: Locale, review_state: ReviewState, held_back: int
) -> str:
    """The JSON a CMS reads beside a fragment (schema: ``docs/fragment-schema.json``)."""
    document = {
        "title": rendered.title,
        "description": rendered.description,
        "lang": lang_tag(locale),
        "dir": text_direction(locale),
        "review_state": review_state,
        "last_reviewed": rendered.last_reviewed.isoformat() if rendered.last_reviewed else None,
        "translated": rendered.translated,
        "untranslated": rendered.untranslated,
        "held_back": held_back,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _refuse_escaping_paths(output_dir: Path, paths: Sequence[Path]) -> None:
    """Refuse to write through a symlink that leads out of the output folder."""
    root = output_dir.resolve()
    for path in paths:
        if not path.parent.resolve().is_relative_to(root) or (
            path.is_symlink() and not path.resolve().is_relative_to(root)
        ):
            raise UsageError(
                "output path leads outside the output folder (a symlink?)", Location(str(path), 0)
            )


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What the last build recorded about one language."""

    digest: str
    """Fingerprint of the inputs the files were rendered from."""
    files: tuple[str, ...]
    """The files rendered, relative to the output folder."""
    held_back: tuple[HeldBack, ...]
    """What was held back, reported again when the language is not rebuilt."""


Manifest = dict[str, ManifestEntry]
"""Per language tag, what the last build recorded."""


def _read_manifest(output_dir: Path) -> Manifest:
    try:
        loaded = json.loads((output_dir / MANIFEST).read_text("utf-8"))
        return {
            str(tag): ManifestEntry(
                digest=str(entry["digest"]),
                files=tuple(str(name) for name in entry["files"]),
                held_back=tuple(
                    HeldBack(Path(p), int(line), str(reason))
                    for p, line, reason in entry["held_back"]
                ),
            )
            for tag, entry in loaded["languages"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _remove_stale_outputs(
    output_dir: Path, site_files: list[str], manifest: Manifest
) -> list[Path]:
    """Delete what the previous build wrote and this one did not (a removed language or article).

    Only files listed in the previous build's manifest are ever deleted, so
    nothing a person put into the output folder is touched.
    """
    previous: list[str] = []
    try:
        loaded = json.loads((output_dir / MANIFEST).read_text("utf-8"))
        previous = [str(name) for name in loaded["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        previous = []
    removed = []
    current = set(site_files)
    root = output_dir.resolve()
    for name in previous:
        candidate = (output_dir / name).resolve()
        if name not in current and candidate.is_relative_to(root) and candidate.is_file():
            candidate.unlink()
            removed.append(output_dir / name)
    document = {
        "version": 3,
        "files": site_files,
        "languages": {
            tag: {
                "digest": entry.digest,
                "files": list(entry.files),
                "held_back": [[str(item.path), item.line, item.reason] for item in entry.held_back],
            }
            for tag, entry in sorted(manifest.items())
        },
    }
    write_atomic(output_dir / MANIFEST, (json.dumps(document, indent=1) + "\n").encode("utf-8"))
    return removed
