"""The word index behind fuzzy matching: the merge's and the translation memory's."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Sequence

# Word-level similarity above which a changed text keeps its old translation
# as a fuzzy suggestion (difflib's default cutoff, as Babel and msgmerge use).
FUZZY_CUTOFF = 0.6


class TextIndex:
    """Finds the texts closest to a new one without comparing every pair.

    An inverted index of words proposes the few texts sharing the most words
    with the new one; only those are compared word by word. A lookup reads the
    postings of its rarest words first and stops after
    :attr:`POSTINGS_BUDGET` of them, so its cost does not grow with the
    number of texts: filling or merging N entries stays linear in N. Ties are
    broken by word and by position, so a lookup gives the same answer in
    every process (set order depends on the hash seed): words are read in
    sorted order and candidates sharing as many words in posting order.
    """

    CANDIDATES = 8
    """Texts compared word by word per lookup, at most."""
    POSTINGS_BUDGET = 1024
    """Postings read per lookup, at most: the words found in thousands of texts
    (the, and, your) say little and are read last, if at all."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.postings: dict[str, list[int]] = {}
        for index, text in enumerate(self.texts):
            for word in sorted(set(text.lower().split())):
                self.postings.setdefault(word, []).append(index)
        self.comparisons = 0
        """Word-by-word comparisons made so far (what a lookup costs, counted by tests)."""
        self.postings_read = 0
        """Postings read so far."""

    def closest(
        self, text: str, *, cutoff: float, skip: Callable[[int], bool] = lambda _index: False
    ) -> tuple[int, float] | None:
        """The position and similarity of the text most like ``text``, if at least ``cutoff``.

        Texts for which ``skip`` is true are not offered. Similarity is
        difflib's ratio on words (1.0: the same words in the same order),
        without autojunk: on long paragraphs character-level matching junks
        common letters and misses obvious edits. As ``difflib.get_close_matches``
        does, the cheap upper bounds are tried first.

        >>> index = TextIndex(["Talk to your doctor first.", "Rest your knee."])
        >>> index.closest("Talk to your nurse first.", cutoff=0.6)
        (0, 0.8)
        """
        words = sorted(
            set(text.lower().split()), key=lambda word: (len(self.postings.get(word, ())), word)
        )
        shared: Counter[int] = Counter()
        budget = self.POSTINGS_BUDGET
        for word in words:
            found = self.postings.get(word, ())
            if len(found) > budget:
                break
            budget -= len(found)
            self.postings_read += len(found)
            shared.update(found)
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text.split())  # difflib caches what it learns of the second sequence
        best: tuple[int, float] | None = None
        compared = 0
        # most_common sorts stably: ties stay in posting order, the same in every process.
        for index, _count in shared.most_common():
            if compared == self.CANDIDATES:
                break
            if skip(index):
                continue
            compared += 1
            self.comparisons += 1
            matcher.set_seq1(self.texts[index].split())
            floor = best[1] if best else cutoff
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor and (best is None or score > best[1]):
                best = (index, score)
        return best
