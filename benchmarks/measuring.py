"""Timing against the floor, and running each measurement in its own process."""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

Result = dict[str, Any]
"""What a worker hands back: JSON-ready times, memory and notes."""

MIB = 1024 * 1024
REPOSITORY = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor_pass_for(texts: Sequence[str]) -> Callable[[], None]:
    """One floor pass: markdown-it renders every text once."""
    md = MarkdownIt("commonmark").enable("table")

    def floor_pass() -> None:
        for text in texts:
            md.render(text)

    return floor_pass


def measure(
    run: Callable[[int], object],
    floor_pass: Callable[[], None],
    repeats: int,
    *,
    before: Callable[[int], object] | None = None,
    warmup: bool = True,
) -> Result:
    """Time ``run`` and one floor pass, interleaved, ``repeats`` times each.

    ``run`` gets the repeat's index (-1 for the untimed warm-up); ``before``
    runs untimed ahead of each timed run.
    """
    floor_pass()  # warm markdown-it's caches
    if warmup:
        run(-1)
    gc.collect()
    baseline = rss_mib()
    times: list[float] = []
    floors: list[float] = []
    # This process's CPU time too: on a shared machine it leaves out the time other
    # processes held the cores (not the children of a -j 2 build, so wall time leads).
    cpu_times: list[float] = []
    floor_cpu_times: list[float] = []
    for index in range(repeats):
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        floor_pass()
        floors.append(time.perf_counter() - started)
        floor_cpu_times.append(time.process_time() - cpu)
        if before is not None:
            before(index)
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        run(index)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    return {
        "times": times,
        "floor_pass_times": floors,
        "cpu_times": cpu_times,
        "floor_pass_cpu_times": floor_cpu_times,
        "baseline_mib": baseline,
        "peak_mib": rss_mib(),
    }


def run_worker(spec: Result) -> Result:
    """Run one worker (``python -m benchmarks --worker SPEC``) in a fresh process.

    Returns the worker's result with its wall time, or ``{"error": [...]}``
    with the last lines of its stderr.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPOSITORY,
        check=False,
    )
    if completed.returncode != 0:
        return {
            "error": completed.stderr.strip().splitlines()[-5:] or [f"exit {completed.returncode}"]
        }
    result: Result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result
