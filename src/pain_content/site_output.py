"""*Disk*: what a build writes into its output folder, staged until every job has succeeded.

Files are staged beside their targets and renamed into place together (see
:class:`~pain_content.atomic_writes.StagedWrites`); nothing is written through
a symlink that leads out of the output folder, and only files the last
build's manifest lists are ever removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from babel import Locale

from .article_job import HOME_SLUG, ArticleResult
from .atomic_writes import StagedWrites, staging
from .build_plan import PlannedJob
from .errors import Location, SourceError, UsageError
from .link_cache import LinkCache
from .links import ASSETS_FOLDER, LocalLink, asset_name
from .locales import lang_tag, parse_locale
from .pages import ArticleLink, language_link, render_article_index, render_language_index
from .project import compiled_path
from .publishing import HeldBack
from .site_plan import (
    LINKS_CACHE,
    MANIFEST,
    Manifest,
    ManifestEntry,
    check_cache_name,
    content_digest,
    manifest_chunks,
)
from .sitemap import SITEMAP_FILE, render_sitemap
from .ui import ui_gettext


class SiteOutput:
    """The files a build stages, and what became of them.

    What was written is kept as the names the staging keeps, not as Paths: a
    site's build writes thousands of files, and this is most of what a build
    holds per job until it ends.
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._root = str(output_dir)
        self.staged = StagedWrites()
        self.written: list[str] = []
        """Files whose bytes are new, in the order they were staged."""
        self.unchanged = 0
        """Pages and assets whose bytes were already there."""
        self.compiled: list[str] = []
        """The ``.mo`` files written."""
        self._inside: set[str] = set()
        """Folders already found to lie inside the output folder."""

    def stage_file(self, name: str, content: bytes) -> None:
        """Stage a page or an asset (``name`` relative to the output folder): written when
        its bytes are new, else counted unchanged."""
        if (written := self.staged.add(self.target(name), content)) is not None:
            self.written.append(written)
        else:
            self.unchanged += 1

    def target(self, name: str) -> str:
        """Where the file ``name`` (relative to the output folder) is written.

        A string, not a ``Path``: a site's build writes thousands of files, and a
        ``Path`` for each (its parts, and their interned names) would stay in memory.

        Raises:
            UsageError: the file would be written through a symlink that leads out of
                the output folder. A folder is resolved once per build; each file is
                still looked at, as a file can be a symlink in a folder that is not.
        """
        target = os.path.join(self._root, name)
        folder = os.path.dirname(target)
        if folder not in self._inside:
            refuse_escaping_paths(self.output_dir, [Path(target)])
            self._inside.add(folder)
        elif os.path.islink(target):
            refuse_escaping_paths(self.output_dir, [Path(target)])
        return target


def stage_result(job: PlannedJob, result: ArticleResult, output: SiteOutput) -> ManifestEntry:
    """Stage a job's files, its ``.mo`` and its check findings; what the manifest records of it."""
    for name, content in result.files:
        output.stage_file(name, content)
    mo_digest = ""
    if job.catalog_path is not None and result.mo is not None:
        mo_path = compiled_path(job.catalog_path)
        if (written := output.staged.add(mo_path, result.mo)) is not None:
            output.compiled.append(written)
            output.written.append(written)
        mo_digest = content_digest(result.mo)
    if result.checks:
        output.staged.add(output.target(check_cache_name(job.name)), result.checks)
    return ManifestEntry(
        digest=job.digest,
        files=tuple(sorted(name for name, _ in result.files)),
        title=result.title,
        held_back=tuple(_naming_planned_catalog(item, job) for item in result.held_back),
        mo_digest=mo_digest,
        completeness=result.completeness,
    )


def _naming_planned_catalog(held_back: HeldBack, job: PlannedJob) -> HeldBack:
    """The held-back line naming the plan's ``Path`` of its catalog, equal to the one the
    job's result brought: the build keeps these to the end, and one ``Path`` per catalog
    costs far less than one per line."""
    if held_back.path == job.catalog_path:
        return replace(held_back, path=job.catalog_path)
    return held_back


def stage_index_pages(
    every_locale: Sequence[Locale],
    building: Sequence[Locale],
    sources: dict[str, Path],
    manifest: Manifest,
    output: SiteOutput,
    *,
    fragment: bool,
) -> set[str]:
    """Each built language's list of articles, and the front page; their file names."""
    if fragment:
        return set()
    pages: dict[str, str] = {}
    for locale in building:
        tag = lang_tag(locale)
        home = manifest.get(f"{tag}/{HOME_SLUG}")
        if home is not None and home.files:
            continue  # the home article's job wrote this language's index.html
        articles = [
            ArticleLink(entry.title, f"{slug}.html")
            for slug in sources
            if (entry := manifest.get(f"{tag}/{slug}")) is not None and entry.files
        ]
        switcher = [
            language_link(other, f"../{lang_tag(other)}/index.html", is_current=other == locale)
            for other in every_locale
        ]
        pages[f"{tag}/index.html"] = render_article_index(
            locale=locale,
            title=ui_gettext(locale, "Patient education articles"),
            articles=articles,
            switcher=switcher,
        )
    pages["index.html"] = render_language_index(
        locale=every_locale[0],
        title=ui_gettext(every_locale[0], "Health information in your language"),
        languages=[
            language_link(locale, f"{lang_tag(locale)}/index.html") for locale in every_locale
        ],
    )
    for name, content in pages.items():
        output.stage_file(name, content.encode("utf-8"))
    kept = {f"{lang_tag(locale)}/index.html" for locale in every_locale if locale not in building}
    return set(pages) | {name for name in kept if (output.output_dir / name).is_file()}


def stage_assets(
    links: dict[str, list[LocalLink]], source_dir: Path, output: SiteOutput
) -> set[str]:
    """Copy every file the articles reference into ``assets/``, once; their names."""
    names = {
        asset_name(link.path): link.path
        for found in links.values()
        for link in found
        if link.kind == "file"
    }
    for name, path in sorted(names.items()):
        try:
            content = (source_dir / path).read_bytes()
        except OSError as exc:
            raise SourceError(
                f"cannot read: {exc.strerror}", Location(str(source_dir / path), 0)
            ) from exc
        output.stage_file(name, content)
    return set(names)


def stage_link_cache(cache: LinkCache, output: SiteOutput) -> None:
    """Stage each source's local links, for the next build (see :mod:`pain_content.link_cache`)."""
    output.staged.add(output.target(LINKS_CACHE), cache.to_json())


def stage_sitemap(base_url: str, published: dict[str, tuple[str, ...]], output: SiteOutput) -> None:
    """The sitemap of every published page (see :mod:`pain_content.sitemap`)."""
    sitemap = render_sitemap(
        base_url,
        {
            slug: [lang_tag(parse_locale(name)) for name in names]
            for slug, names in published.items()
        },
    )
    if (
        written := output.staged.add(output.target(SITEMAP_FILE), sitemap.encode("utf-8"))
    ) is not None:
        output.written.append(written)


def refuse_escaping_paths(output_dir: Path, paths: Iterable[Path]) -> None:
    """Refuse to write through a symlink that leads out of the output folder."""
    root = output_dir.resolve()
    for path in paths:
        if not path.parent.resolve().is_relative_to(root) or (
            path.is_symlink() and not path.resolve().is_relative_to(root)
        ):
            raise UsageError(
                "output path leads outside the output folder (a symlink?)", Location(str(path), 0)
            )


def remove_stale_outputs(
    output_dir: Path,
    previous_files: Iterable[str],
    current: set[str],
    *,
    languages: set[str] | None,
) -> list[Path]:
    """Delete what the previous build wrote and this one did not (a removed language or article).

    Only files listed in the previous build's manifest are ever deleted, so
    nothing a person put into the output folder is touched. When only some
    ``languages`` were built, the other languages' files are left alone.
    """
    removed = []
    root = output_dir.resolve()
    for name in previous_files:
        # Assets are shared by every language, and every build copies them all.
        is_shared = "/" not in name or name.startswith(f"{ASSETS_FOLDER}/")
        language = None if is_shared else name.split("/", 1)[0]
        if name in current or (languages is not None and language not in (None, *languages)):
            continue
        candidate = (output_dir / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            candidate.unlink()
            removed.append(output_dir / name)
    return removed


def write_manifest(output_dir: Path, manifest: Manifest, files: set[str]) -> None:
    """Write the manifest, last: a build that failed before it leaves the last one's."""
    with staging() as staged:
        staged.add_chunks(output_dir / MANIFEST, manifest_chunks(manifest, files))
