"""What each worker process runs: setting up a project and measuring pain_content.

A worker takes a JSON spec and returns a JSON-ready :data:`Result`; the
peers' extraction and localization are in :mod:`.peers`, the profile in
:mod:`.profiling`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

import polib

from pain_content import extract_units, translate_markdown
from pain_content import translate as translate_module
from pain_content.build import BuildReport, build_site
from pain_content.catalog_files import read_catalog
from pain_content.catalogs import build_template, new_catalog
from pain_content.gc_settings import collect_less_often
from pain_content.locales import parse_locale
from pain_content.markdown_parser import block_tokens
from pain_content.memory import TranslationMemory, memory_stats, remembered_entries
from pain_content.pofile import format_catalog

from .articles import FIXED_DATE, Article, make_articles, repeated_cell_article
from .measuring import Result, floor_pass_for, measure
from .pseudo import pseudo, pseudo_translations, reference_labels


def setup_project(spec: Result) -> Result:
    """Write a project: source/<slug>.md, locales/<slug>.pot and
    locales/<ll>/LC_MESSAGES/<slug>.po."""
    root = Path(spec["dir"])
    source = root / "source"
    source.mkdir(parents=True)
    locales = [parse_locale(name) for name in spec["locales"]]
    started = time.perf_counter()
    messages = 0
    for article in make_articles(spec["articles"]):
        (source / f"{article.slug}.md").write_text(article.text, "utf-8")
        references = reference_labels(article.text)
        template = build_template(
            f"source/{article.slug}.md", extract_units(article.text), creation_date=FIXED_DATE
        )
        messages += len(template)
        (root / "locales").mkdir(exist_ok=True)
        (root / "locales" / f"{article.slug}.pot").write_text(
            format_catalog(template, width=0), "utf-8"
        )
        for locale in locales:
            catalog = new_catalog(template, locale, revision_date=FIXED_DATE)
            for entry in catalog:
                entry.msgstr = pseudo(entry.msgid, references)
            folder = root / "locales" / str(locale) / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            # Unwrapped (msgcat --no-wrap), as every earlier run's catalogs
            # were (the pure-Python line breaking of the time made a wrapped
            # setup take ~25 minutes); reading the catalog in the build costs
            # the same either way.
            (folder / f"{article.slug}.po").write_text(format_catalog(catalog, width=0), "utf-8")
    return {"seconds": time.perf_counter() - started, "messages": messages}


def _extract(articles: list[Article]) -> Callable[[int], None]:
    def run(_: int) -> None:
        for article in articles:
            units = extract_units(article.text)
            format_catalog(
                build_template(f"source/{article.slug}.md", units, creation_date=FIXED_DATE)
            )

    return run


def empty_library_caches(_: int = 0) -> None:
    """Empty every memo pain_content keeps (its ``functools`` caches).

    The untimed warm-up would otherwise leave a timed extraction the line
    breaks and parses of the same texts: a run is measured cold, as one
    ``pain-content extract`` runs (its imports and compiled patterns aside).

    >>> from pain_content.line_breaks import line_break_class
    >>> line_break_class("a"), line_break_class.cache_info().currsize > 0
    ('AL', True)
    >>> empty_library_caches()
    >>> line_break_class.cache_info().currsize
    0
    """
    for name, module in list(sys.modules.items()):
        if name == "pain_content" or name.startswith("pain_content."):
            for value in list(vars(module).values()):
                cache_clear = getattr(value, "cache_clear", None)
                if callable(cache_clear):
                    cache_clear()


def measure_extraction(spec: Result) -> Result:
    """Extraction of the corpus (tool ``pain_content``) or of one generated article
    repeating a table cell (tool ``pain_content-repeated``), each timed run with
    the library's caches empty."""
    if spec["tool"] == "pain_content-repeated":
        text = repeated_cell_article(spec["sections"], spec["rows"])
        articles = [Article("repeated-cell", text, Path("repeated-cell.md"))]
    else:
        articles = make_articles(spec["articles"])
    result = measure(
        _extract(articles),
        floor_pass_for([a.text for a in articles]),
        spec["repeats"],
        before=empty_library_caches,
    )
    result["failures"] = 0
    result["failure_examples"] = {}
    result["documents_per_floor_pass"] = 1
    return result


def _fallback_counts(articles: list[Article], dicts: list[list[dict[str, str]]]) -> Result:
    """How many articles changed, and how many needed the per-edit fallback.

    The normal path checks the block structure of the spliced text once
    (one ``block_tokens``); more checks mean edits were tried one by one.
    """
    fallbacks = changed = 0
    with mock.patch.object(translate_module, "block_tokens", wraps=block_tokens) as checks:
        for article, per_language in zip(articles, dicts, strict=True):
            checks.reset_mock()
            output = translate_markdown(article.text, per_language[0])
            fallbacks += checks.call_count > 1
            changed += output != article.text
    return {"articles_needing_fallback": fallbacks, "articles_changed": changed}


def measure_localization(spec: Result) -> Result:
    """``translate_markdown`` of every article in every language, with pseudo-translations
    (tool ``pain_content``) or identity catalogs (``pain_content-identity``)."""
    languages = spec["languages"]
    articles = make_articles(spec["articles"])
    dicts: list[list[dict[str, str]]] = []
    for article in articles:
        msgids = [unit.msgid for unit in extract_units(article.text)]
        base = (
            pseudo_translations(article.text, msgids)
            if spec["tool"] == "pain_content"
            else {msgid: msgid for msgid in msgids}
        )
        # One dict object per language, as each language has its own catalog.
        dicts.append([dict(base) for _ in range(languages)])
    notes = _fallback_counts(articles, dicts)

    def run(index: int) -> None:  # index -1 is the warm-up: one language only
        for article, per_language in zip(articles, dicts, strict=True):
            for translations in per_language[: 1 if index == -1 else None]:
                translate_markdown(article.text, translations)

    result = measure(run, floor_pass_for([a.text for a in articles]), spec["repeats"])
    result.update(notes)
    result["failures"] = 0
    result["failure_examples"] = {}
    result["documents_per_floor_pass"] = languages
    return result


def _project_texts(root: Path) -> list[str]:
    return [path.read_text("utf-8") for path in sorted((root / "source").glob("*.md"))]


def _locale_count(root: Path) -> int:
    return sum(1 for path in (root / "locales").iterdir() if (path / "LC_MESSAGES").is_dir())


_PUT_ASIDE = "work-put-aside-"


def _before_build(mode: str, root: Path, work: Path) -> Callable[[int], None] | None:
    """What runs untimed before each build of the mode.

    ``full``: a fresh copy of locales/ and an empty output folder; ``noop``:
    nothing (the site the full build left); ``one``: one catalog rewritten
    with a changed translation.
    """
    if mode == "full":

        def fresh(index: int) -> None:
            # The last build's folder is put aside, not deleted: on a disk mounted
            # with online discard (these machines' are), the first few thousand
            # files made after thousands are deleted take several times as long,
            # which would time the disk's catching up, not the build.
            # measure_build deletes the folders put aside after the timed runs.
            if work.exists():
                work.rename(root / f"{_PUT_ASIDE}{index}")
            shutil.copytree(root / "locales", work / "locales")

        return fresh
    if mode == "noop":
        return None
    if mode != "one":
        raise ValueError(mode)
    folder = min(path for path in (work / "locales").iterdir() if path.is_dir()) / "LC_MESSAGES"
    target = sorted(folder.glob("*.po"))[0]
    catalog = read_catalog(target)
    entry = next(e for e in catalog if e.msgstr)
    original = entry.msgstr

    def change_one(index: int) -> None:
        # Letters only: a changed number would be held back by the build's
        # checks, and the page would not change from one repeat to the next.
        entry.msgstr = f"{original} {'ẋ' * (index + 2)}"
        target.write_text(format_catalog(catalog), "utf-8")

    return change_one


def measure_build(spec: Result) -> Result:
    """``build_site`` of a project set up on disk: a full build, or a rebuild.

    Mode ``full`` keeps the last build's site for the rebuild modes
    ``noop`` and ``one`` (see :func:`_before_build`).
    """
    root = Path(spec["dir"])
    work = root / "work"
    texts = _project_texts(root)
    pages_per_article = _locale_count(root) + 1
    reports: list[BuildReport] = []

    def build(_: int) -> None:
        # As ``pain-content build -j N`` runs it: a fork-server process pool made
        # (and its start paid) per build, or in this process for one core.
        processes = int(spec.get("processes", 1))
        executor: Executor | None = (
            ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=collect_less_often,
            )
            if processes > 1
            else None
        )
        with executor or nullcontext():
            reports.append(
                build_site(
                    source_dir=root / "source",
                    locales_dir=work / "locales",
                    output_dir=work / "site",
                    executor=executor,
                )
            )

    before = _before_build(spec["mode"], root, work)
    if spec["mode"] == "full" and before is not None:
        before(-1)
    result = measure(build, floor_pass_for(texts), spec["repeats"], before=before, warmup=False)
    for aside in root.glob(f"{_PUT_ASIDE}*"):
        shutil.rmtree(aside)
    last = reports[-1]
    result["written_last"] = len(last.written)
    result["unchanged_last"] = last.unchanged
    result["compiled_last"] = len(last.compiled)
    result["held_back_last"] = len(last.held_back)
    result["jobs_run_last"] = len(last.jobs_run)
    result["first_run_s"] = result["times"][0]
    result["documents_per_floor_pass"] = pages_per_article
    result["pages"] = pages_per_article * len(texts)
    return result


def measure_memory(spec: Result) -> Result:
    """The translation memory of one locale: the index of every article's translations
    built, then every entry of every article looked up in the others' (what ``update``
    does for a new language's catalogs, and ``memory --stats``).

    The catalogs (templates filled with the pseudo-translation, Spanish) are made
    before timing; one floor pass renders the same articles.
    """
    articles = make_articles(spec["articles"])
    spanish = parse_locale("es")
    catalogs = {}
    for article in articles:
        references = reference_labels(article.text)
        template = build_template(
            f"source/{article.slug}.md", extract_units(article.text), creation_date=FIXED_DATE
        )
        catalog = new_catalog(template, spanish, revision_date=FIXED_DATE)
        for entry in catalog:
            entry.msgstr = pseudo(entry.msgid, references)
        catalogs[f"locales/es/LC_MESSAGES/{article.slug}.po"] = catalog
    counts: Result = {}

    def run(_: int) -> None:
        memory = _memory_of(catalogs)
        stats = memory_stats(catalogs, memory).values()
        counts.update(
            lookups=sum(item.entries for item in stats),
            exact=sum(item.exact for item in stats),
            close=sum(item.close for item in stats),
            remembered=len(memory),
            comparisons=memory.index.comparisons,
            postings_read=memory.index.postings_read,
        )

    result = measure(run, floor_pass_for([a.text for a in articles]), spec["repeats"])
    result.update(counts)
    # A lookup's input is its entry's words (TextIndex splits on white space).
    result["words"] = sum(len(entry.msgid.split()) for c in catalogs.values() for entry in c)
    result["documents_per_floor_pass"] = 1
    result.update(_probe_lookups(catalogs, spec["probe_articles"], spec["repeats"]))
    return result


def _memory_of(catalogs: dict[str, polib.POFile]) -> TranslationMemory:
    return TranslationMemory(
        item
        for path, catalog in catalogs.items()
        for item in remembered_entries(catalog, path=path)
    )


def _probe_lookups(catalogs: dict[str, polib.POFile], articles: int, repeats: int) -> Result:
    """The same lookups, the entries of the first ``articles`` articles, in this memory.

    Every size looks up the same texts, so what the time per lookup does from
    one size to the next is the memory's size alone, not the corpus's later
    articles holding other kinds of entries. Timed after the row's own runs, in
    CPU time.
    """
    memory = _memory_of(catalogs)
    probe = dict(list(catalogs.items())[:articles])
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        stats = memory_stats(probe, memory).values()
        times.append(time.process_time() - started)
    return {"probe_lookups": sum(item.entries for item in stats), "probe_cpu_times": times}


def _run_check(root: Path, pythonpath: str | None) -> None:
    """``pain-content check`` on the project, as a command-line user runs it.

    ``pythonpath`` puts another pain_content (an exported older commit)
    ahead of the one this process imports, which the command runs otherwise. Findings are errors here (the pseudo-
    translation keeps numbers the locales write otherwise), so exit 1 is
    expected; any other exit, or an error on stderr (where input errors go;
    the reading-level notes go there too), is a failure of the run.
    """
    env = dict(os.environ) if pythonpath is None else {**os.environ, "PYTHONPATH": pythonpath}
    completed = subprocess.run(
        [sys.executable, "-m", "pain_content", "check"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 1) or ": error: " in completed.stderr:
        raise RuntimeError(f"check exited {completed.returncode}: {completed.stderr[-500:]}")


def measure_check(spec: Result) -> Result:
    """``pain-content check`` of a project set up on disk, timed against the floor; and
    the same command of the exported pain_content in ``spec["baseline_src"]``.

    In each repeat the floor pass, the baseline's check and this check run one
    after the other, so the machine's load falls on the three alike. The row's
    floor is one render per catalog language.
    """
    root = Path(spec["dir"])
    texts = _project_texts(root)
    baseline_times: list[float] = []
    _run_check(root, spec["baseline_src"])  # untimed: writes the baseline's bytecode

    def check_baseline(_: int) -> None:
        started = time.perf_counter()
        _run_check(root, spec["baseline_src"])
        baseline_times.append(time.perf_counter() - started)

    result = measure(
        lambda _: _run_check(root, None),
        floor_pass_for(texts),
        spec["repeats"],
        before=check_baseline,
    )
    result["baseline_times"] = baseline_times
    result["documents_per_floor_pass"] = _locale_count(root)
    result["catalogs"] = len(texts) * _locale_count(root)
    return result
