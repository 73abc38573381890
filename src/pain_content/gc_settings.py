"""How often Python looks for cyclic garbage while the library does bulk work.

CPython starts a collection every 700 allocations; work that keeps many
objects alive pays for walking them again and again (see below).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A build keeps many objects for long (parsed messages, CLDR data, templates),
# extraction a whole document's tokens and units, and both make a great many
# short-lived ones that form no cycles. At
# CPython's default threshold of 700 allocations, a -j 1 build of 30 articles ×
# 4 languages spent a fifth of its time in collections, most of it in 14 full
# ones that freed next to nothing; at 100,000 it spends about 1 %, and
# extracting 100,000 table cells takes a third less time. mypy raises
# the threshold for the same reason (mypy/main.py). Collection still runs, so
# the garbage cycles Jinja2 and exceptions leave are still freed.
_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the youngest generation of cyclic garbage less often inside the block.

    Usable as a decorator. The thresholds are the process's own and are put
    back afterwards; builds in several threads at once may leave the raised one.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def collect_less_often() -> None:
    """For a worker process that only runs build jobs: its collections as a build's."""
    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, _THRESHOLD), *older)
