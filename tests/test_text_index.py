"""The text index gives the match a scan of every text gives, reading only a few postings."""

from __future__ import annotations

import difflib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pain_content.catalogs import TextIndex

# Few words, one in two cases, so that texts share words, repeat them and tie.
WORDS = st.sampled_from(["pain", "Pain", "knee", "rest", "ice", "the", "dose", "dose."])
TEXTS = st.lists(WORDS, max_size=9).map(" ".join)


def _scan(
    texts: list[str], query: str, cutoff: float, skipped: set[int]
) -> tuple[int, float] | None:
    """What comparing the query with every text gives: the highest ratio, the first text of equals."""
    best: tuple[int, float] | None = None
    for position, text in enumerate(texts):
        if position in skipped:
            continue
        score = difflib.SequenceMatcher(None, text.split(), query.split(), autojunk=False).ratio()
        if score >= cutoff and (best is None or score > best[1]):
            best = (position, score)
    return best


@settings(max_examples=600, deadline=None)
@given(
    texts=st.lists(TEXTS, max_size=TextIndex.CANDIDATES),
    query=st.lists(WORDS, min_size=1, max_size=9).map(" ".join),
    cutoff=st.sampled_from([0.5, 0.6, 0.75, 0.9, 1.0]),
    skipped=st.sets(st.integers(0, TextIndex.CANDIDATES - 1)),
)
# Equal ratios (2/3), the later text sharing more words: the first text is still the answer.
@example(texts=["pain", "pain knee rest the"], query="pain knee", cutoff=0.6, skipped=set())
def test_the_closest_text_is_the_one_a_scan_of_every_text_finds(
    texts: list[str], query: str, cutoff: float, skipped: set[int]
) -> None:
    """Up to CANDIDATES texts, no bound cuts the lookup short: it is the scan's answer exactly,
    the same text and the same score, skipped texts and ties included."""
    index = TextIndex(texts, cutoff=cutoff)
    assert index.closest(query, skip=skipped.__contains__) == _scan(texts, query, cutoff, skipped)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(TEXTS, max_size=60),
    query=st.lists(WORDS, min_size=1, max_size=9).map(" ".join),
)
def test_beyond_its_bounds_a_lookup_still_gives_a_true_ratio_no_better_than_the_best(
    texts: list[str], query: str
) -> None:
    """With more texts than a lookup compares, what it returns is that text's real ratio,
    at least the cutoff and at most the scan's best; nothing when nothing reaches the cutoff."""
    index = TextIndex(texts, cutoff=0.6)
    found = index.closest(query)
    best = _scan(texts, query, 0.6, set())
    if best is None:
        assert found is None
        return
    if found is not None:
        position, score = found
        matcher = difflib.SequenceMatcher(
            None, texts[position].split(), query.split(), autojunk=False
        )
        assert score == matcher.ratio() and 0.6 <= score <= best[1]


def test_a_short_text_reads_only_the_postings_of_texts_of_a_possible_length() -> None:
    """A one-word text is compared with texts of one or two words only: the 5,000 long texts
    holding the same word are never read, however many there are."""
    long_texts = [f"Rest the knee and keep it raised, day {n}." for n in range(5_000)]
    index = TextIndex([*long_texts, "Rest well", "Sleep"], cutoff=0.6)
    assert index.closest("Rest") == (5_000, 2 / 3)
    assert index.postings_read == 1
    assert index.comparisons == 1
