#!/usr/bin/env python3
"""pain_content benchmark suite: every stage as a ratio to the markdown-it floor.

    python benchmarks/run.py [--quick] [--json OUT] [--repeats N] [--only STAGES] [--no-profile]

THE FLOOR is markdown-it-py rendering the same Markdown to HTML in one process,
``MarkdownIt("commonmark").enable("table").render(text)`` over the same articles,
measured in the same worker process, interleaved with the stage's own repeats.
A stage that handles each article in L languages (or L + 1 pages with English)
is compared with the floor rendering each article that many times, so a ratio
is always "time per document / markdown-it time per document".

Every measurement runs in its own subprocess (a *worker*), so its peak resident
memory (``ru_maxrss``) is its own. Workers that need a project on disk get one
made by a separate setup worker first, so setting up does not count towards
the memory of the stage. See benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import gc
import io
import itertools
import json
import logging
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it.common.utils import normalizeReference

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DEFAULT_JSON = HERE / "results.json"

# Real CLDR locale codes; the first 16 are the "16 languages" of stages 2-4.
LOCALES = [
    "es",
    "fr",
    "de",
    "ru",
    "ar",
    "ja",
    "zh_Hans",
    "ko",
    "vi",
    "pl",
    "pt_BR",
    "fa",
    "it",
    "nl",
    "tr",
    "uk",
    "hi",
    "bn",
    "id",
    "th",
    "he",
    "el",
    "cs",
    "sv",
    "da",
    "fi",
    "nb",
    "hu",
    "ro",
    "bg",
    "hr",
    "sr",
    "sk",
    "sl",
    "lt",
    "lv",
    "et",
    "ms",
    "ta",
    "ur",
]
FIXED_DATE = datetime(2024, 8, 9, tzinfo=UTC)

# Provisional targets (ratio to the floor, per document), ours, not the project's:
# see README.md. A row over its target is flagged "OVER TARGET" in its notes.
TARGETS = {
    "extract": 2.0,  # one parse, no HTML, plus a catalog: at most twice a parse+render
    "translate": 3.0,  # parse, splice, parse again to verify
    "build": 5.0,  # per page: render + localized Markdown + page template + .mo
    "rebuild-noop": 1.0,  # nothing changed: should cost well under a full build
    "rebuild-one": 1.0,  # one catalog changed: one article-language pair is stale
}
LINEAR_SLACK = 1.25  # growth factor within 25 % of the ideal counts as linear

MIB = 1024 * 1024


# --------------------------------------------------------------------------- corpus generator


@dataclass(frozen=True)
class Article:
    slug: str
    text: str
    path: Path
    """The corpus file it was copied from (peers read files)."""


def corpus_files() -> list[Path]:
    """The corpus files in a fixed shuffled order, so any prefix is a fair sample."""
    files = sorted(path for path in CORPUS.rglob("*.md") if path != CORPUS / "SOURCE.md")
    random.Random(20240809).shuffle(files)
    return files


def base_slug(path: Path) -> str:
    """``tutorial/first-steps.md`` -> ``tutorial-first-steps``."""
    return "-".join(path.relative_to(CORPUS).with_suffix("").parts)


def make_articles(count: int) -> list[Article]:
    """``count`` articles: the corpus files, reused cyclically with distinct slugs."""
    files = corpus_files()
    articles: list[Article] = []
    for index in range(count):
        cycle, position = divmod(index, len(files))
        path = files[position]
        slug = base_slug(path)
        if slug == "index":
            # The top-level index.md would be written to <lang>/index.html, the
            # very file the language's article list goes to: one would be lost.
            slug = "home"
        slug += f"-copy{cycle}" if cycle else ""
        articles.append(Article(slug, path.read_text("utf-8"), path))
    assert len({a.slug for a in articles}) == count, "slugs must be distinct"
    return articles


# --------------------------------------------------------------------------- pseudo-translation

_LOWER = "áƀćđéƒǵĥíĵķĺḿńóṕʠŕśťúṽẃẋýź"
_UPPER = "ÁƁĆĐÉƑǴĤÍĴĶĹḾŃÓṔɊŔŚŤÚṼẂẊÝŹ"
_LETTERS = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", _LOWER + _UPPER)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_ANGLE = re.compile(r"<[^<>\n]*>")


def _balanced_paren_end(text: str, open_at: int) -> int:
    """Index just after the ``)`` matching the ``(`` at ``open_at`` (or the end)."""
    depth = 0
    position = open_at
    while position < len(text):
        character = text[position]
        if character == "\\":
            position += 2
            continue
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return len(text)


@cache
def pseudo(msgid: str, references: frozenset[str] = frozenset()) -> str:
    """Deterministic pseudo-translation: ASCII letters become accented letters.

    Only text changes: code spans, autolinks and raw HTML (``<...>``), entities,
    backslash escapes, link destinations and titles ``](...)`` and reference
    labels ``][label]`` are copied unchanged, and a shortcut reference
    ``[term]`` to one of the document's ``references`` (labels normalised as
    markdown-it does) becomes ``[ťéŕḿ][term]``, as translators are told to
    write it; other brackets are just text. Letters stay letters, so emphasis
    flanking and block structure are kept.

    >>> pseudo("Use `pip install` and [the docs](https://x.org/Docs) or [FastAPI].",
    ...        frozenset({"FASTAPI"}))
    'Úśé `pip install` áńđ [ťĥé đóćś](https://x.org/Docs) óŕ [ƑáśťÁṔÍ][FastAPI].'
    >>> pseudo("people[:10] or [see this]")
    'ṕéóṕĺé[:10] óŕ [śéé ťĥíś]'
    """
    out: list[str] = []
    opens: list[int] = []  # positions in msgid of unmatched "["
    position = 0
    length = len(msgid)
    while position < length:
        character = msgid[position]
        if character == "\\":
            out.append(msgid[position : position + 2])
            position += 2
        elif character == "`":
            run_end = position
            while run_end < length and msgid[run_end] == "`":
                run_end += 1
            fence = msgid[position:run_end]
            close = re.compile(rf"(?<!`){fence}(?!`)").search(msgid, run_end)
            end = close.end() if close else run_end
            out.append(msgid[position:end])
            position = end
        elif (character == "<" and (match := _ANGLE.match(msgid, position))) or (
            character == "&" and (match := _ENTITY.match(msgid, position))
        ):
            out.append(match.group())
            position = match.end()
        elif character == "[":
            opens.append(position)
            out.append("[")
            position += 1
        elif character == "]":
            start = opens.pop() if opens else None
            following = msgid[position + 1 : position + 2]
            if following == "(":
                end = _balanced_paren_end(msgid, position + 1)
                out.append(msgid[position:end])
                position = end
            elif following == "[":
                close = msgid.find("]", position + 2)
                label = msgid[position + 2 : close] if close >= 0 else ""
                if close >= 0 and not label and start is not None:
                    # Collapsed reference [text][]: keep the label explicit.
                    out.append("][" + msgid[start + 1 : position] + "]")
                    position = close + 1
                elif close >= 0:
                    out.append(msgid[position : close + 1])
                    position = close + 1
                else:
                    out.append("]")
                    position += 1
            else:
                out.append("]")
                position += 1
                label = msgid[start + 1 : position - 1] if start is not None else ""
                if (
                    label.strip()
                    and "[" not in label
                    and "]" not in label
                    and normalizeReference(label) in references
                ):
                    out.append(f"[{label}]")
        else:
            # A run of plain characters up to the next special one.
            end = position + 1
            while end < length and msgid[end] not in "\\`<&[]":
                end += 1
            out.append(msgid[position:end].translate(_LETTERS))
            position = end
    return "".join(out)


def reference_labels(markdown_text: str) -> frozenset[str]:
    """The link reference labels a document defines, normalised."""
    from markdown_it import MarkdownIt

    env: dict[str, Any] = {}
    MarkdownIt("commonmark").parse(markdown_text, env)
    return frozenset(env.get("references", {}))


def pseudo_dict(msgids: list[str], references: frozenset[str] = frozenset()) -> dict[str, str]:
    return {msgid: pseudo(msgid, references) for msgid in msgids}


# --------------------------------------------------------------------------- measuring helpers


def rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor_pass_for(texts: list[str]) -> Callable[[], None]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")

    def floor_pass() -> None:
        for text in texts:
            md.render(text)

    return floor_pass


def measure(
    run: Callable[[int], Any],
    floor_pass: Callable[[], None],
    repeats: int,
    *,
    before: Callable[[int], Any] | None = None,
    warmup: bool = True,
) -> dict[str, Any]:
    """Time ``run`` and one floor pass, interleaved, ``repeats`` times each."""
    floor_pass()  # warm markdown-it's caches
    if warmup:
        run(-1)
    gc.collect()
    baseline = rss_mib()
    times: list[float] = []
    floors: list[float] = []
    for index in range(repeats):
        gc.collect()
        started = time.perf_counter()
        floor_pass()
        floors.append(time.perf_counter() - started)
        if before is not None:
            before(index)
        gc.collect()
        started = time.perf_counter()
        run(index)
        times.append(time.perf_counter() - started)
    return {
        "times": times,
        "floor_pass_times": floors,
        "baseline_mib": baseline,
        "peak_mib": rss_mib(),
    }


# --------------------------------------------------------------------------- workers


def _silence_peers() -> None:
    logging.disable(logging.WARNING)  # translate-toolkit warns on duplicate units


def w_setup(spec: dict[str, Any]) -> dict[str, Any]:
    """Write a project: source/<slug>.md and locales/<ll>/LC_MESSAGES/<slug>.po."""
    from pain_content import extract_units
    from pain_content.catalogs import build_template, new_catalog
    from pain_content.locales import parse_locale
    from pain_content.pofile import format_catalog

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
        for locale in locales:
            catalog = new_catalog(template, locale, revision_date=FIXED_DATE)
            for entry in catalog:
                entry.msgstr = pseudo(entry.msgid, references)
            folder = root / "locales" / str(locale) / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{article.slug}.po").write_text(format_catalog(catalog), "utf-8")
    return {"seconds": time.perf_counter() - started, "messages": messages}


def w_extract(spec: dict[str, Any]) -> dict[str, Any]:
    tool = spec["tool"]
    articles = make_articles(spec["articles"])
    floor_pass = floor_pass_for([a.text for a in articles])
    failures: dict[str, str] = {}

    if tool == "pain_content":
        from pain_content import extract_units
        from pain_content.catalogs import build_template
        from pain_content.pofile import format_catalog

        def run(_: int) -> None:
            for article in articles:
                units = extract_units(article.text)
                format_catalog(
                    build_template(f"source/{article.slug}.md", units, creation_date=FIXED_DATE)
                )

    elif tool == "mdpo":
        from mdpo.md2po import markdown_to_pofile

        def run(_: int) -> None:
            for article in articles:
                try:
                    markdown_to_pofile(str(article.path)).__unicode__()
                except Exception as exc:  # a peer failing on a file is counted, not fatal
                    failures[article.slug] = repr(exc)[:200]

    elif tool == "translate-toolkit":
        _silence_peers()
        from translate.convert.md2po import MD2POOptionParser

        parser = MD2POOptionParser()
        data = [a.text.encode("utf-8") for a in articles]

        def run(_: int) -> None:
            for article, raw in zip(articles, data, strict=True):
                try:
                    parser._extract_translation_units(
                        io.BytesIO(raw), io.BytesIO(), None, "msgctxt", "onefile"
                    )
                except Exception as exc:
                    failures[article.slug] = repr(exc)[:200]

    else:
        raise ValueError(tool)
    result = measure(run, floor_pass, spec["repeats"])
    result["failures"] = len(failures)
    result["failure_examples"] = dict(list(failures.items())[:5])
    result["documents_per_floor_pass"] = 1
    return result


def w_translate(spec: dict[str, Any]) -> dict[str, Any]:
    tool = spec["tool"]
    languages = spec["languages"]
    articles = make_articles(spec["articles"])
    floor_pass = floor_pass_for([a.text for a in articles])
    failures: dict[str, str] = {}
    notes: dict[str, Any] = {}

    if tool in ("pain_content", "pain_content-identity"):
        import pain_content
        import pain_content.translate as translate_module
        from pain_content import extract_units

        dicts: list[list[dict[str, str]]] = []
        for article in articles:
            msgids = [u.msgid for u in extract_units(article.text)]
            base = (
                pseudo_dict(msgids, reference_labels(article.text))
                if tool == "pain_content"
                else {m: m for m in msgids}
            )
            # One dict object per language, as each language has its own catalog.
            dicts.append([dict(base) for _ in range(languages)])

        # Check once, untimed, how often translate_markdown had to fall back
        # (more than the two parses of the normal path) and what came out.
        original = translate_module.parse_document
        calls = {"n": 0}

        def counting(text: str) -> Any:
            calls["n"] += 1
            return original(text)

        translate_module.parse_document = counting  # type: ignore[assignment]
        fallbacks = changed = 0
        for article, per_language in zip(articles, dicts, strict=True):
            calls["n"] = 0
            output = pain_content.translate_markdown(article.text, per_language[0])
            fallbacks += calls["n"] > 2
            changed += output != article.text
        translate_module.parse_document = original  # type: ignore[assignment]
        notes["articles_needing_fallback"] = fallbacks
        notes["articles_changed"] = changed

        def run(index: int) -> None:  # index -1 is the warm-up: one language only
            for article, per_language in zip(articles, dicts, strict=True):
                for translations in per_language[: 1 if index == -1 else None]:
                    pain_content.translate_markdown(article.text, translations)

    elif tool == "mdpo":
        from mdpo.md2po import markdown_to_pofile
        from mdpo.po2md import Po2Md

        catalogs: list[list[Any]] = []
        for article in articles:
            # po2md rebuilds its lookup dicts from the catalog on every call, so
            # one parsed catalog can stand for every language.
            try:
                catalog = markdown_to_pofile(str(article.path))
            except Exception as exc:
                failures[article.slug] = "md2po: " + repr(exc)[:200]
                catalogs.append([])
                continue
            for entry in catalog:
                entry.msgstr = entry.msgid
            catalogs.append([catalog] * languages)
        identical = 0

        def run(index: int) -> None:
            nonlocal identical
            for article, per_language in zip(articles, catalogs, strict=True):
                first = True
                for catalog in per_language[: 1 if index == -1 else None]:
                    try:
                        translator = Po2Md([])
                        translator.pofiles = [catalog]
                        output = translator.translate(str(article.path))
                    except Exception as exc:
                        failures[article.slug] = repr(exc)[:200]
                        continue
                    if index == -1 and first:
                        identical += output == article.text
                    first = False

        notes["outputs_identical_to_source"] = lambda: identical

    elif tool == "translate-toolkit":
        _silence_peers()
        from translate.convert.md2po import MD2POOptionParser
        from translate.convert.po2md import MarkdownTranslator
        from translate.storage import po

        parser = MD2POOptionParser()
        stores: list[list[Any]] = []
        for article in articles:
            per_language = []
            try:
                pot = io.BytesIO()
                parser._extract_translation_units(
                    io.BytesIO(article.text.encode("utf-8")), pot, None, "msgctxt", "onefile"
                )
                for _ in range(languages):
                    store = po.pofile(io.BytesIO(pot.getvalue()))
                    for unit in store.units:
                        if not unit.isheader():
                            unit.target = unit.source
                    per_language.append(store)
            except Exception as exc:
                failures[article.slug] = "md2po: " + repr(exc)[:200]
            stores.append(per_language)
        data = [a.text.encode("utf-8") for a in articles]
        identical = 0

        def run(index: int) -> None:
            nonlocal identical
            for article, raw, per_language in zip(articles, data, stores, strict=True):
                for store in per_language[: 1 if index == -1 else None]:
                    try:
                        output = io.BytesIO()
                        MarkdownTranslator(store, False, None, 80).translate(
                            io.BytesIO(raw), output
                        )
                    except Exception as exc:
                        failures[article.slug] = repr(exc)[:200]
                        continue
                    if index == -1 and store is per_language[0]:
                        identical += output.getvalue() == raw

        notes["outputs_identical_to_source"] = lambda: identical

    else:
        raise ValueError(tool)
    result = measure(run, floor_pass, spec["repeats"])
    for key, value in notes.items():
        result[key] = value() if callable(value) else value
    result["failures"] = len(failures)
    result["failure_examples"] = dict(list(failures.items())[:5])
    result["documents_per_floor_pass"] = languages
    return result


def _project_texts(root: Path) -> list[str]:
    return [path.read_text("utf-8") for path in sorted((root / "source").glob("*.md"))]


def _locale_count(root: Path) -> int:
    return sum(1 for p in (root / "locales").iterdir() if (p / "LC_MESSAGES").is_dir())


def w_build(spec: dict[str, Any]) -> dict[str, Any]:
    """mode full: fresh locales copy and empty output each repeat (keeps the last);
    mode noop: rebuild the kept site with nothing changed; mode one: rewrite one
    catalog with a changed translation, then rebuild."""
    from pain_content.build import build_site

    mode = spec["mode"]
    root = Path(spec["dir"])
    texts = _project_texts(root)
    pages_per_article = _locale_count(root) + 1
    floor_pass = floor_pass_for(texts)
    reports: list[Any] = []
    work = root / "work"

    def build(_: int) -> None:
        reports.append(
            build_site(
                source_dir=root / "source", locales_dir=work / "locales", output_dir=work / "site"
            )
        )

    before: Callable[[int], Any] | None
    if mode == "full":

        def before(_: int) -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(root / "locales", work / "locales")

    elif mode == "noop":
        before = None
    elif mode == "one":
        from pain_content.catalog_files import read_catalog
        from pain_content.pofile import format_catalog

        folder = sorted((work / "locales").iterdir())[0] / "LC_MESSAGES"
        target = sorted(folder.glob("*.po"))[0]
        catalog = read_catalog(target)
        entry = next(e for e in catalog if e.msgstr)
        original = entry.msgstr

        def before(index: int) -> None:
            # Letters only: a changed number would be held back by the build's
            # checks, and the page would not change from one repeat to the next.
            entry.msgstr = f"{original} {'ẋ' * (index + 2)}"
            target.write_text(format_catalog(catalog), "utf-8")

    else:
        raise ValueError(mode)
    if mode == "full":
        before(-1)
    result = measure(build, floor_pass, spec["repeats"], before=before, warmup=False)
    last = reports[-1]
    result["written_last"] = len(last.written)
    result["unchanged_last"] = last.unchanged
    result["compiled_last"] = len(last.compiled)
    result["held_back_last"] = len(getattr(last, "held_back", ()))
    result["first_run_s"] = result["times"][0]
    result["documents_per_floor_pass"] = pages_per_article
    result["pages"] = pages_per_article * len(texts)
    return result


def w_profile(spec: dict[str, Any]) -> dict[str, Any]:
    """cProfile one full build: top functions, and time by package."""
    import cProfile
    import pstats

    from pain_content.build import build_site

    root = Path(spec["dir"])
    work = root / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root / "locales", work / "locales")
    profiler = cProfile.Profile()
    profiler.enable()
    build_site(source_dir=root / "source", locales_dir=work / "locales", output_dir=work / "site")
    profiler.disable()
    shutil.rmtree(work, ignore_errors=True)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("tottime").print_stats(spec.get("top", 10))
    by_tottime = stream.getvalue()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("cumulative").print_stats(spec.get("top_cumulative", 25))
    by_cumulative = stream.getvalue()

    # Own time per package (where the function's code lives).
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    packages: dict[str, float] = {}
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        total += tottime
        packages[_package_of(filename)] = packages.get(_package_of(filename), 0.0) + tottime
    share = sorted(packages.items(), key=lambda item: -item[1])
    breakdown = []
    for module, function in BREAKDOWN:
        cumulative = sum(
            ct
            for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in raw.items()
            if name == function and Path(filename).name == module
        )
        breakdown.append((f"{module}:{function}", cumulative))
    whole = breakdown[0][1] or total  # build_site's own cumulative time
    breakdown = [(name, seconds, seconds / whole) for name, seconds in breakdown]
    return {
        "breakdown": breakdown,
        "by_tottime": _trim_pstats(by_tottime),
        "by_cumulative": _trim_pstats(by_cumulative),
        "total_s": total,
        "by_package": [(name, seconds, seconds / total) for name, seconds in share[:12]],
    }


# Where a build's time goes: cumulative time of these functions (they nest:
# parse_document runs inside render_article and translate_markdown).
BREAKDOWN = [
    ("build.py", "build_site"),
    ("build.py", "compile_catalogs"),
    ("catalog_files.py", "read_catalog"),
    ("pofile.py", "parse_catalog"),
    ("polib.py", "pofile"),
    ("render.py", "render_article"),
    ("translate.py", "translate_markdown"),
    ("markdown_parser.py", "parse_document"),
    ("renderer.py", "render"),
    ("units.py", "walk_leaf_blocks"),
    ("pages.py", "render_page"),
    ("pages.py", "language_link"),
    ("build.py", "_translations"),
    ("atomic_writes.py", "write_atomic"),
]


def _package_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    parts = Path(filename).parts
    for marker in ("site-packages", "src"):
        if marker in parts:
            index = parts.index(marker)
            if index + 1 < len(parts):
                name = parts[index + 1]
                return name.removesuffix(".py")
    if "lib" in parts and "python3" in "".join(parts):
        return "stdlib"
    return Path(filename).name


def _trim_pstats(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return "\n".join([*head, *lines[start:]]).rstrip()


WORKERS = {
    "setup": w_setup,
    "extract": w_extract,
    "translate": w_translate,
    "build": w_build,
    "profile": w_profile,
}


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = WORKERS[spec["worker"]](spec)
    print(json.dumps(result))


# --------------------------------------------------------------------------- orchestration


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if completed.returncode != 0:
        return {
            "error": completed.stderr.strip().splitlines()[-5:] or [f"exit {completed.returncode}"]
        }
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


@dataclass
class Row:
    stage: str
    kind: str  # target key, "peer", "floor", "info" or "growth"
    result: dict[str, Any]
    notes: list[str]
    growth: dict[str, Any] | None = None

    @property
    def median(self) -> float | None:
        times = self.result.get("times")
        return statistics.median(times) if times else None

    @property
    def floor(self) -> float | None:
        floors = self.result.get("floor_pass_times")
        if not floors:
            return None
        return statistics.median(floors) * self.result.get("documents_per_floor_pass", 1)

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor:
            return None
        return self.median / self.floor

    def as_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "kind": self.kind,
            "median_s": self.median,
            "floor_s": self.floor,
            "ratio_to_floor": self.ratio,
            "peak_mib": self.result.get("peak_mib"),
            "baseline_mib": self.result.get("baseline_mib"),
            "notes": "; ".join(self.notes),
            "growth": self.growth,
            "raw": self.result,
        }


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(rows: list[Row], stream: Any = sys.stdout) -> str:
    header = ("stage", "median s", "ratio to floor", "peak MiB", "notes")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.stage,
                _fmt(row.median, 3),
                _fmt(row.ratio),
                _fmt(row.result.get("peak_mib"), 0),
                "; ".join(row.notes),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = []
    for number, line in enumerate(lines):
        cells = [
            line[0].ljust(widths[0]),
            *(cell.rjust(w) for cell, w in zip(line[1:4], widths[1:], strict=True)),
            line[4],
        ]
        out.append("| " + " | ".join(cells) + " |")
        if number == 0:
            rules = ["-" * widths[0], *("-" * (w - 1) + ":" for w in widths[1:4]), "---"]
            out.append("| " + " | ".join(rules) + " |")
    text = "\n".join(out)
    print(text, file=stream)
    return text


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            from importlib.metadata import version as v

            return v(name)
        except Exception:
            return "not installed"

    return {
        "pain_content": _pain_content_origin(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "uname": " ".join(platform.uname()),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": sys.version.split()[0],
        "versions": {
            name: version(name)
            for name in (
                "pain_content",
                "markdown-it-py",
                "polib",
                "babel",
                "jinja2",
                "mdpo",
                "translate-toolkit",
                "mistletoe",
                "pymd4c",
            )
        },
    }


def _pain_content_origin() -> dict[str, str]:
    """Which pain_content was measured: its folder, and its commit when known.

    Set PAIN_CONTENT_COMMIT when benchmarking an exported snapshot.
    """
    import importlib.util

    spec = importlib.util.find_spec("pain_content")
    folder = str(Path(spec.origin).parent) if spec and spec.origin else "?"
    commit = os.environ.get("PAIN_CONTENT_COMMIT", "")
    if not commit and folder != "?":
        try:
            head = subprocess.run(
                ["git", "-C", folder, "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", folder, "status", "--porcelain", "--", "."],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            commit = head + (" (with uncommitted changes)" if dirty else "")
        except (OSError, subprocess.CalledProcessError):
            commit = "unknown"
    return {"folder": folder, "commit": commit}


def _over(row: Row, target_key: str) -> None:
    target = TARGETS.get(target_key)
    if target is not None and row.ratio is not None:
        row.notes.append(f"target ≤{target:g}×" + (" OVER TARGET" if row.ratio > target else " ok"))


def _error_notes(result: dict[str, Any]) -> list[str]:
    return ["ERROR: " + " / ".join(result["error"])] if "error" in result else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sweeps")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where to write the results"
    )
    parser.add_argument("--repeats", type=int, help="repeats per measurement (default 5, quick 3)")
    parser.add_argument(
        "--only", default="1,2,3,4,5", help="comma-separated stages to run (1-5), e.g. --only 1,2"
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="skip the cProfile of the full build"
    )
    parser.add_argument(
        "--articles", type=int, help="articles in stages 1-4 (default: the whole corpus, 138)"
    )
    parser.add_argument("--languages", type=int, default=16, help="languages in stages 2-4 (16)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker)
        return 0

    quick = args.quick
    repeats = args.repeats or (3 if quick else 5)
    stages = {int(s) for s in args.only.split(",") if s.strip()}
    n_corpus = args.articles or len(corpus_files())
    languages = args.languages
    sweep_articles = [1, 10, 100, 200] if quick else [1, 10, 100, 1000]
    sweep_languages = [1, 4, 16] if quick else [1, 4, 16, 40]
    sweep_language_articles = 10

    rows: list[Row] = []
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="pain-bench-"))

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        if 1 in stages:
            for tool, kind in (
                ("pain_content", "extract"),
                ("mdpo", "peer"),
                ("translate-toolkit", "peer"),
            ):
                log(f"stage 1: extraction, {tool}")
                result = run_worker(
                    {"worker": "extract", "tool": tool, "articles": n_corpus, "repeats": repeats}
                )
                name = {
                    "pain_content": "1 extract: pain_content",
                    "mdpo": "1 extract: mdpo md2po (peer)",
                    "translate-toolkit": "1 extract: translate-toolkit md2po (peer)",
                }[tool]
                row = Row(name, kind, result, _error_notes(result))
                if tool == "pain_content" and "error" not in result:
                    floor_row = Row(
                        f"floor: markdown-it render, {n_corpus} files",
                        "floor",
                        {
                            "times": result["floor_pass_times"],
                            "floor_pass_times": result["floor_pass_times"],
                        },
                        ["measured in the stage-1 pain_content worker"],
                    )
                    rows.append(floor_row)
                if "error" not in result:
                    row.notes.insert(0, f"{n_corpus} files; failures {result['failures']}")
                _over(row, kind)
                rows.append(row)

        if 2 in stages:
            peer_languages = languages
            for tool, kind, name in (
                ("pain_content", "translate", f"2 localize ×{languages}: pain_content (pseudo)"),
                (
                    "pain_content-identity",
                    "info",
                    f"2 localize ×{languages}: pain_content (identity)",
                ),
                ("mdpo", "peer", f"2 localize ×{languages}: mdpo po2md (peer, identity)"),
                (
                    "translate-toolkit",
                    "peer",
                    f"2 localize ×{languages}: translate-toolkit po2md (peer, identity)",
                ),
            ):
                log(f"stage 2: localized Markdown, {tool}")
                result = run_worker(
                    {
                        "worker": "translate",
                        "tool": tool,
                        "articles": n_corpus,
                        "languages": languages if tool.startswith("pain") else peer_languages,
                        "repeats": repeats,
                    }
                )
                row = Row(name, kind, result, _error_notes(result))
                if "error" not in result:
                    note = f"{n_corpus}×{result['documents_per_floor_pass']} docs; failures {result['failures']}"
                    if "articles_needing_fallback" in result:
                        note += (
                            f"; {result['articles_changed']}/{n_corpus} changed, "
                            f"{result['articles_needing_fallback']} needed the per-edit fallback"
                        )
                    if "outputs_identical_to_source" in result:
                        note += f"; {result['outputs_identical_to_source']}/{n_corpus} outputs byte-identical to source"
                    row.notes.insert(0, note)
                _over(row, kind)
                rows.append(row)

        build_root = scratch / "site16"
        if stages & {3, 4}:
            log(f"setup: project of {n_corpus} articles × {languages} languages")
            setup = run_worker(
                {
                    "worker": "setup",
                    "dir": str(build_root),
                    "articles": n_corpus,
                    "locales": LOCALES[:languages],
                }
            )
            if "error" in setup:
                raise RuntimeError(f"setup failed: {setup['error']}")
            log(f"setup done in {setup['wall_s']:.0f}s ({setup['messages']} messages per language)")
            log("stage 3: full build")
            result = run_worker(
                {"worker": "build", "mode": "full", "dir": str(build_root), "repeats": repeats}
            )
            row = Row(
                f"3 full build: {n_corpus} art × (en + {languages})",
                "build",
                result,
                _error_notes(result),
            )
            if "error" not in result:
                row.notes.insert(
                    0,
                    f"{result['pages']} pages; {result['written_last']} files written, "
                    f"{result['compiled_last']} .mo compiled; first run {result['first_run_s']:.1f}s"
                    + (
                        f"; {result['held_back_last']} held back"
                        if result.get("held_back_last")
                        else ""
                    ),
                )
            _over(row, "build")
            rows.append(row)
            full_median = row.median
            if 4 in stages:
                for mode, name, key in (
                    ("noop", "4 rebuild, nothing changed", "rebuild-noop"),
                    ("one", "4 rebuild, one .po changed", "rebuild-one"),
                ):
                    log(f"stage 4: {name}")
                    result = run_worker(
                        {
                            "worker": "build",
                            "mode": mode,
                            "dir": str(build_root),
                            "repeats": repeats,
                        }
                    )
                    row = Row(name, key, result, _error_notes(result))
                    if "error" not in result:
                        share = (
                            f"; {row.median / full_median:.0%} of a full build"
                            if full_median
                            else ""
                        )
                        row.notes.insert(
                            0,
                            f"{result['written_last']} written, {result['unchanged_last']} unchanged, "
                            f"{result['compiled_last']} compiled{share}",
                        )
                    _over(row, key)
                    rows.append(row)
            if not args.no_profile:
                log("profile: cProfile of one full build")
                profile = run_worker({"worker": "profile", "dir": str(build_root)})
            else:
                profile = None
            shutil.rmtree(build_root, ignore_errors=True)
        else:
            profile = None

        if 5 in stages:
            points: list[tuple[str, int, int]] = [("articles", n, 1) for n in sweep_articles]
            points += [("languages", sweep_language_articles, n) for n in sweep_languages]
            sweep: dict[str, list[tuple[int, Row]]] = {"articles": [], "languages": []}
            measured: dict[tuple[int, int], Row] = {}
            for axis, n_articles, n_languages in points:
                if (n_articles, n_languages) in measured:  # the two sweeps share a point
                    sweep[axis].append((n_languages, measured[(n_articles, n_languages)]))
                    continue
                root = scratch / f"sweep-{n_articles}-{n_languages}"
                log(f"stage 5: build {n_articles} articles × {n_languages} languages (setup)")
                if not root.exists():
                    setup = run_worker(
                        {
                            "worker": "setup",
                            "dir": str(root),
                            "articles": n_articles,
                            "locales": LOCALES[:n_languages],
                        }
                    )
                    if "error" in setup:
                        raise RuntimeError(f"setup failed: {setup['error']}")
                log(f"stage 5: build {n_articles} articles × {n_languages} languages")
                result = run_worker(
                    {"worker": "build", "mode": "full", "dir": str(root), "repeats": repeats}
                )
                row = Row(
                    f"5 build {n_articles} art × (en + {n_languages})",
                    "growth",
                    result,
                    _error_notes(result),
                )
                if "error" not in result:
                    row.notes.insert(
                        0,
                        f"{result['pages']} pages; Δ {result['peak_mib'] - result['baseline_mib']:.0f} MiB over baseline",
                    )
                sweep[axis].append((n_articles if axis == "articles" else n_languages, row))
                measured[(n_articles, n_languages)] = row
                rows.append(row)
            _growth_notes(sweep)
        if profile is not None:
            log("done")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    info = machine_info()
    print(f"{info['date']}  {info['cpu']}  nproc={info['nproc']}  Python {info['python']}")
    print(f"pain_content {info['pain_content']['commit']} from {info['pain_content']['folder']}")
    print(
        f"mode: {'quick' if quick else 'full'}, repeats {repeats}; wall {time.perf_counter() - started:.0f}s"
    )
    table = print_table(rows)
    if profile and "error" not in profile:
        print("\nProfile of one full build (cProfile), own time by package:")
        for name, seconds, share in profile["by_package"]:
            print(f"  {name:28s} {seconds:7.2f}s {share:6.1%}")
        print("\nCumulative time of the build's parts (they nest):")
        for name, seconds, share in profile["breakdown"]:
            print(f"  {name:40s} {seconds:7.2f}s {share:6.1%}")
        print("\n" + profile["by_tottime"])
    elif profile:
        print("profile failed:", profile["error"])
    document = {
        "machine": info,
        "mode": "quick" if quick else "full",
        "repeats": repeats,
        "targets": TARGETS,
        "wall_s": time.perf_counter() - started,
        "table_markdown": table,
        "rows": [row.as_json() for row in rows],
        "profile": profile,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {args.json}")
    return 0


def _growth_notes(sweep: dict[str, list[tuple[int, Row]]]) -> None:
    """Growth factors between consecutive sweep points, against the ideal."""
    for axis, points in sweep.items():
        for (n0, row0), (n1, row1) in itertools.pairwise(points):
            if row0.median is None or row1.median is None:
                continue
            if axis == "articles":
                ideal = n1 / n0
                label = f"time({n1})/time({n0})"
            else:
                ideal = (n1 + 1) / (n0 + 1)  # pages grow with en + L
                label = f"time({n1}L)/time({n0}L)"
            growth = row1.median / row0.median
            per_floor = (row1.ratio or 0) / (row0.ratio or 1)
            floor_growth = (row1.floor or 0) / (row0.floor or 1)
            memory0 = row0.result["peak_mib"] - row0.result["baseline_mib"]
            memory1 = row1.result["peak_mib"] - row1.result["baseline_mib"]
            # Articles differ in size, so "linear" is judged on time per floor
            # (the floor grows with the bytes actually processed).
            verdict = "linear" if per_floor <= LINEAR_SLACK else "SUPERLINEAR"
            note = (
                f"{label} = ×{growth:.1f} (pages ×{ideal:.1f}, floor ×{floor_growth:.1f}); "
                f"ratio-to-floor ×{per_floor:.2f} → {verdict}"
            )
            if memory0 > 0.5:
                note += f"; memory Δ ×{memory1 / memory0:.1f}"
            row1.growth = {
                "label": label,
                "time_growth": growth,
                "pages_growth": ideal,
                "floor_growth": floor_growth,
                "ratio_growth": per_floor,
                "memory_delta_growth": memory1 / memory0 if memory0 > 0.5 else None,
                "verdict": verdict,
            }
            row1.notes.append(note)


if __name__ == "__main__":
    sys.exit(main())
