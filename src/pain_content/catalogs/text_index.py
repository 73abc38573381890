"""The closest text to a new one, found without comparing every pair.

Fuzzy matching (``update`` keeping a changed text's old translation) and the
translation memory both ask: of many texts, which is most like this one, at
least ``cutoff`` alike? Similarity is difflib's ratio on words (1.0: the same
words in the same order), without autojunk: on long paragraphs
character-level matching junks common letters and misses obvious edits.

A ratio is at most difflib's ``quick_ratio``, ``2·shared/(len(a) + len(b))``
with the words counted as multisets, so the index is of words with their
occurrence (the second "the" of a text is its own word), each word's texts
in order of length. A lookup reads, rarest word first, only the texts whose
length could reach the cutoff, and stops as soon as the words left unread
could not make any unread text reach it: the prefix filter of similarity
joins (Xiao et al., "Efficient similarity joins for near-duplicate
detection", 2011). The texts read are then taken most shared words first;
each is bounded by its length and the words it shares before difflib
compares it, and the bounds stop the lookup once no text left can beat the
best found. Unless its budget cuts it short, a lookup therefore gives what a
scan of every text would (the highest ratio; of equal ratios, the first text).

The budget is :attr:`TextIndex.POSTINGS_PER_WORD` postings per word of the
text looked up and :attr:`TextIndex.CANDIDATES` texts compared, so a
lookup's work follows its own length, not the number of texts: filling or
merging N entries stays linear in N.
"""

from __future__ import annotations

import difflib
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

# Word-level similarity above which a changed text keeps its old translation
# as a fuzzy suggestion (difflib's default cutoff, as Babel and msgmerge use).
FUZZY_CUTOFF = 0.6
_SLACK = 1e-9
"""Length and overlap bounds round toward reading more, so float rounding never drops a text."""


class TextIndex:
    """Finds the text closest to a new one, reading a number of postings bounded by its length.

    >>> index = TextIndex(["Talk to your doctor first.", "Rest your knee."], cutoff=0.6)
    >>> index.closest("Talk to your nurse first.")
    (0, 0.8)
    """

    CANDIDATES = 8
    """Texts a lookup compares with its own, word by word, at most."""
    POSTINGS_PER_WORD = 8
    """Postings a lookup reads per word of its text, at most: the words found in
    thousands of texts (the, and, your) say little and are read last, if at all."""

    def __init__(self, texts: Sequence[str], *, cutoff: float) -> None:
        """Index ``texts`` for lookups of the closest one at least ``cutoff`` alike (0 < cutoff ≤ 1)."""
        self.texts = list(texts)
        self.cutoff = cutoff
        self._words = [tuple(_multiset_words(text.split())) for text in self.texts]
        # A posting is one int, length·count + position, so that each word's postings sort
        # by length and one bisect finds the lengths a lookup can use.
        self._count = len(self.texts)
        self.postings: dict[str, list[int]] = {}
        for position in sorted(range(self._count), key=lambda position: len(self._words[position])):
            posting = len(self._words[position]) * self._count + position
            for word in self._words[position]:
                self.postings.setdefault(word, []).append(posting)
        self.comparisons = 0
        """Texts compared with a lookup's, word by word, so far (what lookups cost, counted by tests)."""
        self.postings_read = 0
        """Postings read so far."""

    def closest(
        self, text: str, *, skip: Callable[[int], bool] = lambda _index: False
    ) -> tuple[int, float] | None:
        """The position and similarity of the text most like ``text``, if at least the cutoff.

        Texts for which ``skip`` is true are not offered. Of equally similar
        texts, the first is given.
        """
        words = text.split()
        size = len(words)
        least = _least_shared(size, self.cutoff)
        low = least * self._count
        high = (math.floor(size * (2 - self.cutoff) / self.cutoff + _SLACK) + 1) * self._count
        shared: Counter[int] = Counter()
        budget = self.POSTINGS_PER_WORD * size
        unread = size
        # Rarest first; ties by the word, so a lookup reads the same in every process.
        by_rarity = sorted(
            _multiset_words(words), key=lambda word: (len(self.postings.get(word, ())), word)
        )
        for word in by_rarity:
            if unread < least:
                break  # a text sharing only the words left could not reach the cutoff
            found = self.postings.get(word, ())
            start, end = bisect_left(found, low), bisect_left(found, high)
            if end - start > budget:
                break
            budget -= end - start
            self.postings_read += end - start
            shared.update(found[start:end])
            unread -= 1
        return self._best(words, set(by_rarity), shared, unread, skip)

    def _best(
        self,
        words: list[str],
        multiset: set[str],
        shared: Counter[int],
        unread: int,
        skip: Callable[[int], bool],
    ) -> tuple[int, float] | None:
        """The best of the texts read, most shared words first, while one could still beat it.

        A text shares at most the words read it shares (its count) and the
        ``unread`` ones. Texts are taken by count; each count bounds the
        lengths worth comparing, and every better match raises the floor.
        """
        size = len(words)
        floor = self.cutoff
        best: tuple[int, float] | None = None
        matcher: difflib.SequenceMatcher[str] | None = None
        compared = 0
        bounded = None  # the count the length bounds below were worked out for
        shortest = longest = 0
        # most_common sorts stably: equal counts stay in the order read, the same in every process.
        for posting, count in shared.most_common():
            if count != bounded:
                most = count + unread
                if 2.0 * most / (size + most) < floor:
                    break  # no text sharing this many read words or fewer can reach the floor
                shortest = _least_shared(size, floor) * self._count
                longest = (math.floor(2 * most / floor - size + _SLACK) + 1) * self._count
                bounded = count
            if not shortest <= posting < longest:
                continue
            position = posting % self._count
            if skip(position):
                continue
            if compared == self.CANDIDATES:
                break
            compared += 1
            self.comparisons += 1
            # With every word read, the count is what the two share; else count what they share.
            if unread:
                common = len(multiset.intersection(self._words[position]))
                if 2.0 * common / (size + len(self._words[position])) < floor:
                    continue
            if matcher is None:
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(words)  # difflib caches what it learns of the second sequence
            matcher.set_seq1(self.texts[position].split())
            score = matcher.ratio()
            if score >= floor and (best is None or (score, -position) > (best[1], -best[0])):
                best = (position, score)
                floor = score
                bounded = None
        return best


def _multiset_words(words: Sequence[str]) -> list[str]:
    """The words, a repeated one with its occurrence: ``a b a`` gives ``a``, ``b``, ``a 1``.

    A space cannot be part of a word, so the occurrence never meets another word.
    """
    before: dict[str, int] = {}
    keys = []
    for word in words:
        count = before.get(word, 0)
        keys.append(f"{word} {count}" if count else word)
        before[word] = count + 1
    return keys


def _least_shared(size: int, cutoff: float) -> int:
    """Words a text of ``size`` words shares with any text at least ``cutoff`` alike, at least.

    The other text has at least ``cutoff·size/(2-cutoff)`` words, and sharing
    ``s`` words gives at most ``2s/(size + other)``. It is also the shortest
    such other text.
    """
    return max(1, math.ceil(cutoff * size / (2 - cutoff) - _SLACK))
