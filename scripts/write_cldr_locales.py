"""Maintainer script: regenerate ``src/pain_content/data/cldr_locales.json`` from Babel's CLDR data.

For every locale Babel knows, what a build needs about it
(:class:`pain_content.locales.LocaleFacts`: its name in itself, its
direction, its number marks), so that a build reads one small table instead
of loading every language's CLDR data (Babel keeps each locale it loads for
the life of the process, about 1 MiB each). The file records the Babel and
CLDR versions it was made from.

    python scripts/write_cldr_locales.py

Run it after upgrading Babel: ``tests/test_locales.py`` fails when the table
and the installed Babel disagree.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple

import babel
from babel import Locale, localedata
from babel.core import get_cldr_version

from pain_content.atomic_writes import write_atomic
from pain_content.locales import CLDR_TABLE, cldr_facts
from pain_content.ui import PACKAGE_DIR

# Locales per worker process: each process keeps what it loaded (about 1 MiB
# a locale), so it is replaced after each batch.
_BATCH = 50


def _rows(names: list[str]) -> list[tuple[str, list[object]]]:
    return [(name, list(astuple(cldr_facts(Locale.parse(name))))) for name in names]


def table_text() -> str:
    """The table as the file holds it."""
    names = sorted(name for name in localedata.locale_identifiers() if name != "root")
    batches = [names[start : start + _BATCH] for start in range(0, len(names), _BATCH)]
    with ProcessPoolExecutor(2, max_tasks_per_child=1) as pool:
        rows = dict(row for batch in pool.map(_rows, batches) for row in batch)
    header = {
        "source": "scripts/write_cldr_locales.py, from Babel's CLDR data; do not edit",
        "babel": babel.__version__,
        "cldr": get_cldr_version(),
        "fields": ["name in itself", "direction", "decimal marks", "group marks"],
    }
    # One locale a line, so a regenerated table reads as a diff of locales.
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in header.items()
    ]
    locales = ",\n".join(
        f"  {json.dumps(name)}: {json.dumps(row, ensure_ascii=False)}" for name, row in rows.items()
    )
    return "{\n" + "".join(f"{line},\n" for line in lines) + f'"locales": {{\n{locales}\n}}\n}}\n'


def main() -> None:
    write_atomic(PACKAGE_DIR / CLDR_TABLE, table_text().encode("utf-8"))


if __name__ == "__main__":
    main()
