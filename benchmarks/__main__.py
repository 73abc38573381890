"""``python -m benchmarks``: run the benchmark suite (see :mod:`benchmarks`)."""

from .cli import main

raise SystemExit(main())
