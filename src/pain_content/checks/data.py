"""The package data files of the checks, read once (``data/*.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

DATA_FILES = ("false_friends.toml", "length.toml", "number_words.toml", "ranges.toml", "units.toml")
"""Every data file; each says in comments where its entries come from."""


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML of ``data/<name>``; a file that does not parse is a packaging bug."""
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))
