"""A cProfile of one full build: top functions, and time by package."""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
from pathlib import Path

from pain_content.build import build_site

from .measuring import Result

# Where a build's time goes: cumulative time of these functions (they nest:
# run_article_job holds publish, localize_article and render_page).
BREAKDOWN = [
    ("build.py", "build_site"),
    ("build_plan.py", "plan_jobs"),
    ("article_job.py", "run_article_job"),
    ("publishing.py", "publish"),
    ("catalog_files.py", "parse_catalog_bytes"),
    ("polib.py", "pofile"),
    ("catalog.py", "check_catalog"),
    ("render.py", "localize_article"),
    ("translate.py", "splice_translations"),
    ("markdown_parser.py", "parse_document"),
    ("renderer.py", "render"),
    ("units.py", "walk_leaf_blocks"),
    ("pages.py", "render_page"),
    ("pages.py", "language_link"),
    ("atomic_writes.py", "add"),
    ("site_plan.py", "manifest_chunks"),
]

# pstats' table of one function: (primitive calls, calls, own time, cumulative
# time, callers); typeshed leaves Stats.stats undeclared.
_Entry = tuple[int, int, float, float, object]
_Key = tuple[str, int, str]


def profile_build(spec: Result) -> Result:
    """cProfile one full build of the project in ``spec["dir"]``."""
    root = Path(spec["dir"])
    work = root / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root / "locales", work / "locales")
    profiler = cProfile.Profile()
    profiler.enable()
    build_site(source_dir=root / "source", locales_dir=work / "locales", output_dir=work / "site")
    profiler.disable()
    shutil.rmtree(work, ignore_errors=True)
    raw: dict[_Key, _Entry] = vars(pstats.Stats(profiler))["stats"]
    total = sum(entry[2] for entry in raw.values())
    packages: dict[str, float] = {}
    for (filename, _line, _name), entry in raw.items():
        package = _package_of(filename)
        packages[package] = packages.get(package, 0.0) + entry[2]
    share = sorted(packages.items(), key=lambda item: -item[1])
    cumulative = [
        (
            f"{module}:{function}",
            sum(
                entry[3]
                for (filename, _line, name), entry in raw.items()
                if name == function and Path(filename).name == module
            ),
        )
        for module, function in BREAKDOWN
    ]
    whole = cumulative[0][1] or total  # build_site's own cumulative time
    return {
        "breakdown": [(name, seconds, seconds / whole) for name, seconds in cumulative],
        "by_tottime": _printed(profiler, "tottime", spec.get("top", 10)),
        "by_cumulative": _printed(profiler, "cumulative", spec.get("top_cumulative", 25)),
        "total_s": total,
        "by_package": [(name, seconds, seconds / total) for name, seconds in share[:12]],
    }


def _printed(profiler: cProfile.Profile, order: str, top: int) -> str:
    """pstats' table of the ``top`` functions by ``order``, with its summary line."""
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(top)
    lines = stream.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return "\n".join([*head, *lines[start:]]).rstrip()


def _package_of(filename: str) -> str:
    if filename.startswith(("~", "<")):
        return "builtins (C)"
    parts = Path(filename).parts
    for marker in ("site-packages", "src"):
        if marker in parts:
            index = parts.index(marker)
            if index + 1 < len(parts):
                return parts[index + 1].removesuffix(".py")
    if "lib" in parts and "python3" in "".join(parts):
        return "stdlib"
    return Path(filename).name
