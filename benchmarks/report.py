"""Rows of the results: ratios, targets, growth, the table and the machine."""

from __future__ import annotations

import itertools
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata, util
from pathlib import Path
from typing import Any, Literal, TextIO

from .measuring import Result

# Issue 17's targets (ratio to the floor, per document); the rebuild targets are
# not ratios and live beside stage 4 in cli.py. A row over its target is flagged
# "OVER TARGET" in its notes.
TARGETS = {
    "extract": 1.5,
    # Localized Markdown per additional language: the target is the cost of
    # one more language, the source parsed once for all of them.
    "translate": 0.3,
    "build": 1.2,  # per page (one article in one language), on one core
}
LINEAR_SLACK = 1.25  # growth factor within 25 % of the ideal counts as linear

RowKind = Literal[
    "extract",
    "translate",
    "build",
    "rebuild-noop",
    "rebuild-one",
    "peer",
    "floor",
    "info",
    "growth",
    "memory",
    "check",
]
_VERSIONS_REPORTED = (
    *("pain_content", "markdown-it-py", "polib", "babel", "jinja2"),
    *("mdpo", "translate-toolkit", "mistletoe", "pymd4c"),
)


@dataclass
class Row:
    """One row of the results table: a worker's result and what it means."""

    stage: str
    kind: RowKind
    """Its target key (see :data:`TARGETS`), or what else it is."""
    result: Result
    notes: list[str] = field(default_factory=list)
    growth: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if "error" in self.result:
            self.notes.append("ERROR: " + " / ".join(self.result["error"]))

    @property
    def failed(self) -> bool:
        """The worker failed; the row has no figures."""
        return "error" in self.result

    @property
    def median(self) -> float | None:
        """Median seconds of the stage's timed runs."""
        times: list[float] = self.result.get("times", [])
        return statistics.median(times) if times else None

    @property
    def floor(self) -> float | None:
        """Median floor pass, times the documents the stage handles per article."""
        floors: list[float] = self.result.get("floor_pass_times", [])
        if not floors:
            return None
        return statistics.median(floors) * int(self.result.get("documents_per_floor_pass", 1))

    @property
    def ratio(self) -> float | None:
        """The row's figure: its median over the floor."""
        median, floor = self.median, self.floor
        if median is None or not floor:
            return None
        return median / floor

    def note_target(self) -> None:
        """Say whether the row meets the target of its kind (if it has one)."""
        target = TARGETS.get(self.kind)
        ratio = self.ratio
        if target is not None and ratio is not None:
            verdict = " OVER TARGET" if ratio > target else " ok"
            self.notes.append(f"target ≤{target:g}×{verdict}")

    def as_json(self) -> dict[str, Any]:
        """The row as written to the results file, raw times included."""
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


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table, columns aligned (as in README.md)."""
    lines = [("stage", "median s", "ratio to floor", "peak MiB", "notes")]
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
    return "\n".join(out)


def note_growth(sweep: dict[str, list[tuple[int, Row]]]) -> None:
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


def print_profile(profile: Result, stream: TextIO = sys.stdout) -> None:
    """The profile worker's figures, as the README quotes them."""
    if "error" in profile:
        print("profile failed:", profile["error"], file=stream)
        return
    print("\nProfile of one full build (cProfile), own time by package:", file=stream)
    for name, seconds, share in profile["by_package"]:
        print(f"  {name:28s} {seconds:7.2f}s {share:6.1%}", file=stream)
    print("\nCumulative time of the build's parts (they nest):", file=stream)
    for name, seconds, share in profile["breakdown"]:
        print(f"  {name:40s} {seconds:7.2f}s {share:6.1%}", file=stream)
    print("\n" + profile["by_tottime"], file=stream)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    """The machine, the Python, the measured pain_content and the libraries' versions."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "pain_content": _pain_content_origin(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "uname": " ".join(platform.uname()),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": sys.version.split()[0],
        "versions": {name: _version(name) for name in _VERSIONS_REPORTED},
    }


def _git(folder: str, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", folder, *arguments], capture_output=True, text=True, check=True
    ).stdout.strip()


def _pain_content_origin() -> dict[str, str]:
    """Which pain_content was measured: its folder, and its commit when known.

    Set PAIN_CONTENT_COMMIT when benchmarking an exported snapshot.
    """
    spec = util.find_spec("pain_content")
    folder = str(Path(spec.origin).parent) if spec and spec.origin else "?"
    commit = os.environ.get("PAIN_CONTENT_COMMIT", "")
    if not commit and folder != "?":
        try:
            dirty = _git(folder, "status", "--porcelain", "--", ".")
            commit = _git(folder, "rev-parse", "HEAD") + (
                " (with uncommitted changes)" if dirty else ""
            )
        except (OSError, subprocess.CalledProcessError):
            commit = "unknown"
    return {"folder": folder, "commit": commit}
