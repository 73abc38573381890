"""The collector's thresholds a build and an extraction run with, and put back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from pain_content import units
from pain_content.build import build_site
from pain_content.errors import PainContentError
from pain_content.gc_settings import collect_less_often, fewer_collections
from pain_content.markdown_parser import ParsedDocument


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_build_collects_less_often_and_puts_the_thresholds_back(
    default_thresholds: tuple[int, int, int],
) -> None:
    """Inside the block the youngest generation waits for 100,000 allocations; after, as before."""
    with fewer_collections():
        assert gc.get_threshold() == (100_000, 10, 10)
    assert gc.get_threshold() == default_thresholds
    gc.set_threshold(500_000, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == (500_000, 10, 10)  # never lowered


def test_a_failed_build_puts_the_thresholds_back(
    default_thresholds: tuple[int, int, int], tmp_path: Path
) -> None:
    """A build that stops on bad input leaves the process's thresholds as they were."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("---\ntitle: [\n---\n# A\n", "utf-8")
    with pytest.raises(PainContentError):
        build_site(
            source_dir=tmp_path / "source",
            locales_dir=tmp_path / "locales",
            output_dir=tmp_path / "site",
        )
    assert gc.get_threshold() == default_thresholds


def test_a_worker_process_keeps_the_raised_threshold(
    default_thresholds: tuple[int, int, int],
) -> None:
    """A pool's initializer raises the youngest generation's threshold for the worker's life."""
    collect_less_often()
    assert gc.get_threshold() == (100_000, 10, 10)


def test_extraction_collects_less_often_and_puts_the_thresholds_back(
    default_thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """extract_units walks a whole document with the raised threshold, and a broken
    source leaves the thresholds as they were."""
    seen: list[tuple[int, int, int]] = []
    walk = units.walk_leaf_blocks

    def spying(document: ParsedDocument) -> Iterator[units.LeafBlock]:
        seen.append(gc.get_threshold())
        return walk(document)

    monkeypatch.setattr(units, "walk_leaf_blocks", spying)
    assert [unit.msgid for unit in units.extract_units("# Dose\n\n| a |\n| - |\n| 5 mg |\n")] == [
        "Dose",
        "a",
        "5 mg",
    ]
    assert seen == [(100_000, 10, 10)]
    assert gc.get_threshold() == default_thresholds
    with pytest.raises(PainContentError):
        units.extract_units("---\ntitle: [\n---\n# A\n")
    assert gc.get_threshold() == default_thresholds
