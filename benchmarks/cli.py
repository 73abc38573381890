"""The command line: which stages to run, in order, and the results file.

Each stage function asks workers (:func:`.measuring.run_worker`) for figures
and turns them into :class:`.report.Row` s; ``--worker`` is how a worker
process is started.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __doc__ as package_doc
from .articles import LOCALES, REPEATED_CELL_ROWS, REPEATED_CELL_SECTIONS, corpus_files
from .measuring import REPOSITORY, Result, run_worker
from .report import (
    LINEAR_SLACK,
    TARGETS,
    Row,
    RowKind,
    format_table,
    machine_info,
    note_growth,
    print_profile,
)

DEFAULT_JSON = Path(__file__).resolve().parent / "results.json"


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run measures."""

    quick: bool
    repeats: int
    articles: int
    """Articles in stages 1-4."""
    languages: int
    """Languages in stages 2-4."""
    scratch: Path
    """Where projects are set up (removed at the end)."""
    log: Callable[[str], None]

    @property
    def sweep_articles(self) -> list[int]:
        return [1, 10, 100, 200] if self.quick else [1, 10, 100, 1000]

    @property
    def sweep_languages(self) -> list[int]:
        return [1, 4, 16] if self.quick else [1, 4, 16, 40]


def _worker(spec: Result) -> Result:
    from .peers import measure_peer_extraction, measure_peer_localization
    from .profiling import profile_build
    from .workers import (
        measure_build,
        measure_check,
        measure_extraction,
        measure_localization,
        measure_memory,
        setup_project,
    )

    pain_content = spec.get("tool", "pain_content").startswith("pain_content")
    match spec["worker"]:
        case "setup":
            return setup_project(spec)
        case "extract":
            return (measure_extraction if pain_content else measure_peer_extraction)(spec)
        case "translate":
            return (measure_localization if pain_content else measure_peer_localization)(spec)
        case "build":
            return measure_build(spec)
        case "profile":
            return profile_build(spec)
        case "memory":
            return measure_memory(spec)
        case "check":
            return measure_check(spec)
    raise ValueError(spec["worker"])


def _setup(plan: Plan, root: Path, articles: int, languages: int) -> None:
    plan.log(f"setup: project of {articles} articles × {languages} languages")
    setup = run_worker(
        {"worker": "setup", "dir": str(root), "articles": articles, "locales": LOCALES[:languages]}
    )
    if "error" in setup:
        raise RuntimeError(f"setup failed: {setup['error']}")
    plan.log(f"setup done in {setup['wall_s']:.0f}s ({setup['messages']} messages per language)")


def stage_extraction(plan: Plan) -> list[Row]:
    """Stage 1: extraction by pain_content and its peers, and of one repeated cell."""
    rows: list[Row] = []
    tools: list[tuple[str, RowKind, str]] = [
        ("pain_content", "extract", "1 extract: pain_content"),
        ("mdpo", "peer", "1 extract: mdpo md2po (peer)"),
        ("translate-toolkit", "peer", "1 extract: translate-toolkit md2po (peer)"),
    ]
    for tool, kind, name in tools:
        plan.log(f"stage 1: extraction, {tool}")
        spec = {"worker": "extract", "tool": tool, "articles": plan.articles}
        row = Row(name, kind, run_worker({**spec, "repeats": plan.repeats}))
        if tool == "pain_content" and not row.failed:
            floors = row.result["floor_pass_times"]
            rows.append(
                Row(
                    f"floor: markdown-it render, {plan.articles} files",
                    "floor",
                    {"times": floors, "floor_pass_times": floors},
                    ["measured in the stage-1 pain_content worker"],
                )
            )
        if not row.failed:
            row.notes.insert(0, f"{plan.articles} files; failures {row.result['failures']}")
        row.note_target()
        rows.append(row)
    sections, rows_per_table = REPEATED_CELL_SECTIONS, REPEATED_CELL_ROWS
    times = sections * rows_per_table
    plan.log(f"stage 1: extraction, one cell repeated {times:,} times")
    spec = {
        "worker": "extract",
        "tool": "pain_content-repeated",
        "sections": sections,
        "rows": rows_per_table,
    }
    row = Row(
        f"1 extract: one cell ×{times:,}",
        "extract",
        run_worker({**spec, "repeats": plan.repeats}),
    )
    if not row.failed:
        row.notes.insert(
            0, f"1 generated article: {sections:,} headings over {rows_per_table}-row tables"
        )
    row.note_target()
    rows.append(row)
    return rows


def stage_localization(plan: Plan) -> list[Row]:
    """Stage 2: localized Markdown in every language, pain_content and its peers."""
    rows: list[Row] = []
    count = plan.languages
    tools: list[tuple[str, RowKind, str]] = [
        ("pain_content", "translate", f"2 localize ×{count}: pain_content (pseudo)"),
        ("pain_content-identity", "info", f"2 localize ×{count}: pain_content (identity)"),
        ("mdpo", "peer", f"2 localize ×{count}: mdpo po2md (peer, identity)"),
        (
            "translate-toolkit",
            "peer",
            f"2 localize ×{count}: translate-toolkit po2md (peer, identity)",
        ),
    ]
    for tool, kind, name in tools:
        plan.log(f"stage 2: localized Markdown, {tool}")
        spec = {"worker": "translate", "tool": tool, "articles": plan.articles, "languages": count}
        row = Row(name, kind, run_worker({**spec, "repeats": plan.repeats}))
        if not row.failed:
            result = row.result
            note = f"{plan.articles}×{result['documents_per_floor_pass']} docs; failures {result['failures']}"
            if "articles_needing_fallback" in result:
                note += (
                    f"; {result['articles_changed']}/{plan.articles} changed, "
                    f"{result['articles_needing_fallback']} needed the per-edit fallback"
                )
            if "outputs_identical_to_source" in result:
                note += f"; {result['outputs_identical_to_source']}/{plan.articles} outputs byte-identical to source"
            row.notes.insert(0, note)
        row.note_target()
        rows.append(row)
    return rows


def _build_row(
    plan: Plan, name: str, kind: RowKind, root: Path, mode: str, *, processes: int = 1
) -> Row:
    spec = {
        "worker": "build",
        "mode": mode,
        "dir": str(root),
        "repeats": plan.repeats,
        "processes": processes,
    }
    return Row(name, kind, run_worker(spec))


# Issue 17's rebuild targets are not ratios to the floor: a no-change rebuild
# costs at most this share of a full build, and a one-catalog change runs one job.
NOOP_SHARE_TARGET = 0.02
ONE_CHANGE_JOBS_TARGET = 1


def stage_builds(plan: Plan, stages: set[int], *, profile: bool) -> tuple[list[Row], Result | None]:
    """Stages 3 and 4: full builds on 1 and 2 cores, then rebuilds of what they left; the profile."""
    root = plan.scratch / "site16"
    _setup(plan, root, plan.articles, plan.languages)
    rows: list[Row] = []
    for processes in (1, 2):
        plan.log(f"stage 3: full build, -j {processes}")
        full = _build_row(
            plan,
            f"3 full build: {plan.articles} art × (en + {plan.languages}), -j {processes}",
            "build",
            root,
            "full",
            processes=processes,
        )
        if not full.failed:
            result = full.result
            held_back = result.get("held_back_last")
            full.notes.insert(
                0,
                f"{result['pages']} pages; {result['jobs_run_last']} jobs; "
                f"{result['written_last']} files written, {result['compiled_last']} .mo compiled; "
                f"first run {result['first_run_s']:.1f}s"
                + (f"; {held_back} held back" if held_back else ""),
            )
        if processes == 1:
            full.note_target()
        elif rows[0].median and full.median:
            full.notes.append(f"speed-up ×{rows[0].median / full.median:.2f} over -j 1")
        rows.append(full)
    one_core = rows[0]
    rebuilds: list[tuple[str, str, RowKind]] = [
        ("noop", "4 rebuild, nothing changed", "rebuild-noop"),
        ("one", "4 rebuild, one .po changed", "rebuild-one"),
    ]
    for mode, name, kind in rebuilds if 4 in stages else []:
        plan.log(f"stage 4: {name}")
        row = _build_row(plan, name, kind, root, mode)
        if not row.failed:
            result = row.result
            share = row.median / one_core.median if row.median and one_core.median else None
            row.notes.insert(
                0,
                f"{result['jobs_run_last']} jobs run; {result['written_last']} written, "
                f"{result['unchanged_last']} unchanged, {result['compiled_last']} compiled"
                + (f"; {share:.1%} of a full build (-j 1)" if share is not None else ""),
            )
            if mode == "noop" and share is not None:
                verdict = "ok" if share <= NOOP_SHARE_TARGET else "OVER TARGET"
                row.notes.append(f"target ≤{NOOP_SHARE_TARGET:.0%} of a full build {verdict}")
            if mode == "one":
                verdict = (
                    "ok" if result["jobs_run_last"] <= ONE_CHANGE_JOBS_TARGET else "OVER TARGET"
                )
                row.notes.append(f"target {ONE_CHANGE_JOBS_TARGET} job {verdict}")
        rows.append(row)
    profiled = None
    if profile:
        plan.log("profile: cProfile of one full build")
        profiled = run_worker({"worker": "profile", "dir": str(root)})
    shutil.rmtree(root, ignore_errors=True)
    return rows, profiled


def stage_growth(plan: Plan) -> list[Row]:
    """Stage 5: full builds of growing sites, in articles and in languages."""
    points = [("articles", n, 1) for n in plan.sweep_articles]
    points += [("languages", 10, n) for n in plan.sweep_languages]
    sweep: dict[str, list[tuple[int, Row]]] = {"articles": [], "languages": []}
    measured: dict[tuple[int, int], Row] = {}
    rows: list[Row] = []
    for axis, articles, languages in points:
        size = articles if axis == "articles" else languages
        if (articles, languages) in measured:  # the two sweeps share a point
            sweep[axis].append((size, measured[(articles, languages)]))
            continue
        root = plan.scratch / f"sweep-{articles}-{languages}"
        _setup(plan, root, articles, languages)
        plan.log(f"stage 5: build {articles} articles × {languages} languages")
        row = _build_row(
            plan, f"5 build {articles} art × (en + {languages})", "growth", root, "full"
        )
        if not row.failed:
            delta = row.result["peak_mib"] - row.result["baseline_mib"]
            row.notes.insert(0, f"{row.result['pages']} pages; Δ {delta:.0f} MiB over baseline")
        sweep[axis].append((size, row))
        measured[(articles, languages)] = row
        rows.append(row)
    note_growth(sweep)
    return rows


def stage_memory(plan: Plan) -> list[Row]:
    """Stage 6: the translation memory's index and lookups, on growing prefixes of the corpus."""
    sizes = sorted({max(1, plan.articles // 4), max(1, plan.articles // 2), plan.articles})
    rows: list[Row] = []
    points: list[tuple[int, Row]] = []
    for articles in sizes:
        plan.log(f"stage 6: translation memory of {articles} articles")
        spec = {
            "worker": "memory",
            "articles": articles,
            "repeats": plan.repeats,
            "probe_articles": sizes[0],
        }
        row = Row(f"6 memory: index + lookups, {articles} art", "memory", run_worker(spec))
        if not row.failed:
            result = row.result
            lookups = result["lookups"] or 1
            row.notes.insert(
                0,
                f"{result['lookups']:,} lookups in {result['remembered']:,} translations:"
                f" {result['exact']:,} exact, {result['close']:,} close;"
                f" {result['comparisons'] / lookups:.2f} comparisons and"
                f" {result['postings_read'] / lookups:.0f} postings read per lookup;"
                f" in CPU time {_cpu_ratio(result):.2f} × floor",
            )
        points.append((articles, row))
        rows.append(row)
    note_growth({"articles": points})
    # A lookup's input is its entry's words, and the corpus's prefixes do not hold
    # words in proportion to their Markdown: the first half holds the release notes,
    # most of the floor. Linearity in the input is judged per word looked up; per
    # lookup, per floor, and for the same lookups in a bigger memory too.
    for (_, row0), (_, row1) in itertools.pairwise(points):
        if row0.median is None or row1.median is None:
            continue
        per_word = (row1.median / row1.result["words"]) / (row0.median / row0.result["words"])
        verdict = "linear" if per_word <= LINEAR_SLACK else "SUPERLINEAR"
        row1.notes.append(
            f"words looked up ×{row1.result['words'] / row0.result['words']:.2f},"
            f" time per word ×{per_word:.2f} → {verdict} in the words looked up"
        )
        growth = (row1.median / row1.result["lookups"]) / (row0.median / row0.result["lookups"])
        verdict = "linear" if growth <= LINEAR_SLACK else "SUPERLINEAR"
        row1.notes.append(f"time per lookup ×{growth:.2f} → {verdict} in lookups")
        cpu = _cpu_ratio(row1.result) / _cpu_ratio(row0.result)
        verdict = "linear" if cpu <= LINEAR_SLACK else "SUPERLINEAR"
        row1.notes.append(f"CPU-time ratio-to-floor ×{cpu:.2f} → {verdict}")
        probe = statistics.median(row1.result["probe_cpu_times"]) / statistics.median(
            row0.result["probe_cpu_times"]
        )
        verdict = "linear" if probe <= LINEAR_SLACK else "SUPERLINEAR"
        row1.notes.append(
            f"the first {sizes[0]} articles' {row1.result['probe_lookups']:,} lookups"
            f" ×{probe:.2f} (CPU time) in this memory → {verdict} in the memory's size"
        )
    return rows


def _cpu_ratio(result: Result) -> float:
    """The row's ratio to its floor in the measuring process's CPU time."""
    return float(
        statistics.median(result["cpu_times"]) / statistics.median(result["floor_pass_cpu_times"])
    )


# Issue 20 asks that `check` stay as fast as it was when the issue was filed:
# this commit, the last before the work, is the baseline of stage 7.
CHECK_BASELINE = "85f8fa0"


def _export_baseline(plan: Plan) -> Path:
    """The baseline commit's ``src/`` exported from this repository, for PYTHONPATH."""
    target = plan.scratch / f"pain_content-{CHECK_BASELINE}"
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPOSITORY), "archive", CHECK_BASELINE, "src"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def stage_check(plan: Plan) -> list[Row]:
    """Stage 7: ``pain-content check`` of the stage-3 project, and the baseline's."""
    root = plan.scratch / "check16"
    _setup(plan, root, plan.articles, plan.languages)
    plan.log(f"stage 7: pain-content check, and at {CHECK_BASELINE}")
    spec = {
        "worker": "check",
        "dir": str(root),
        "repeats": plan.repeats,
        "baseline_src": str(_export_baseline(plan)),
    }
    name = f"7 check: {plan.articles} art × {plan.languages}"
    row = Row(name, "check", run_worker(spec))
    rows = [row]
    if not row.failed:
        result = row.result
        baseline = Row(
            f"{name}, at {CHECK_BASELINE} (issue 20 filed)",
            "info",
            {**result, "times": result["baseline_times"]},
        )
        row.notes.insert(0, f"{result['catalogs']:,} catalogs, as `pain-content check` runs")
        if row.median and baseline.median:
            verdict = "ok" if row.median <= baseline.median else "SLOWER"
            row.notes.append(
                f"×{row.median / baseline.median:.2f} of {CHECK_BASELINE} in the same run:"
                f" target no worse, {verdict}"
            )
        rows.append(baseline)
    shutil.rmtree(root, ignore_errors=True)
    return rows


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's options (see benchmarks/README.md)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=(package_doc or "").split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sweeps")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where to write the results"
    )
    parser.add_argument("--repeats", type=int, help="repeats per measurement (default 5, quick 3)")
    parser.add_argument(
        "--only",
        default="1,2,3,4,5,6,7",
        help="comma-separated stages to run (1-7), e.g. --only 1,2",
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="skip the cProfile of the full build"
    )
    parser.add_argument(
        "--articles", type=int, help="articles in stages 1-4 (default: the whole corpus, 138)"
    )
    parser.add_argument("--languages", type=int, default=16, help="languages in stages 2-4 (16)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the stages asked for, print the table and write the results file."""
    args = build_parser().parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(json.loads(args.worker))))
        return 0
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    plan = Plan(
        quick=args.quick,
        repeats=args.repeats or (3 if args.quick else 5),
        articles=args.articles or len(corpus_files()),
        languages=args.languages,
        scratch=Path(tempfile.mkdtemp(prefix="pain-bench-")),
        log=log,
    )
    stages = {int(stage) for stage in args.only.split(",") if stage.strip()}
    rows: list[Row] = []
    profile: Result | None = None
    try:
        if 1 in stages:
            rows += stage_extraction(plan)
        if 2 in stages:
            rows += stage_localization(plan)
        if stages & {3, 4}:
            build_rows, profile = stage_builds(plan, stages, profile=not args.no_profile)
            rows += build_rows
        if 5 in stages:
            rows += stage_growth(plan)
        if 6 in stages:
            rows += stage_memory(plan)
        if 7 in stages:
            rows += stage_check(plan)
    finally:
        shutil.rmtree(plan.scratch, ignore_errors=True)
    _write_results(args.json, plan, rows, profile, wall_s=time.perf_counter() - started)
    return 0


def _write_results(
    path: Path, plan: Plan, rows: list[Row], profile: Result | None, *, wall_s: float
) -> None:
    info = machine_info()
    print()
    print(f"{info['date']}  {info['cpu']}  nproc={info['nproc']}  Python {info['python']}")
    print(f"pain_content {info['pain_content']['commit']} from {info['pain_content']['folder']}")
    print(f"mode: {'quick' if plan.quick else 'full'}, repeats {plan.repeats}; wall {wall_s:.0f}s")
    table = format_table(rows)
    print(table)
    if profile is not None:
        print_profile(profile)
    document = {
        "machine": info,
        "mode": "quick" if plan.quick else "full",
        "repeats": plan.repeats,
        "targets": TARGETS,
        "wall_s": wall_s,
        "table_markdown": table,
        "rows": [row.as_json() for row in rows],
        "profile": profile,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {path}")
