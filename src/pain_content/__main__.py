"""``python -m pain_content``: the same command line as ``pain-content``."""

from .cli import main

raise SystemExit(main())
