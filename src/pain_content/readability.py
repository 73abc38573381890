"""Reading level of patient text: validated formulas only, and only where one exists.

English (the source language):

- Flesch–Kincaid grade level (Kincaid, Fishburne, Rogers and Chissom 1975,
  *Derivation of new readability formulas for Navy enlisted personnel*,
  Research Branch Report 8-75): ``0.39 × words/sentences + 11.8 ×
  syllables/words − 15.59``.
- SMOG grade (McLaughlin 1969, *SMOG grading: a new readability formula*,
  Journal of Reading 12(8)): ``1.0430 × √(polysyllables × 30/sentences) +
  3.1291``, polysyllables being words of three syllables or more.

Spanish:

- Szigriszt-Pazos perspicuity (Szigriszt-Pazos 1993), read on the INFLESZ
  scale (Barrio-Cantalejo et al. 2008, *Validación de la Escala INFLESZ para
  evaluar la legibilidad de los textos dirigidos a pacientes*, Anales del
  Sistema Sanitario de Navarra 31(2)): ``206.835 − 62.3 × syllables/words −
  words/sentences``; below 55 a text is "somewhat difficult" for patients.
- Fernández Huerta (1959) ease, in its corrected form, which reads F as
  words per sentence (as in Flesch's formula it adapts): ``206.84 − 60 ×
  syllables/words − 1.02 × words/sentences``.

Both Spanish formulas give an ease score (higher is easier), not a school
grade; a Spanish text is flagged below :data:`INFLESZ_NORMAL`. Every other
language gets no score: there is no formula validated for it that this
module implements, and an English formula would measure the wrong thing.

English syllables are counted by rule (vowel groups, silent final *e*,
*-le*, *-ed*, *-es*, silent *e* before a suffix); it agrees with the CMU
Pronouncing Dictionary on 90.6% of a 4,699-word sample and 91.6% of the
shipped article's vocabulary, as ``tests/test_readability.py`` measures. Spanish syllables follow the
orthographic rules of diphthongs and hiatus (RAE, *Ortografía de la lengua
española*, 2010): strong vowels (a, e, o) and accented weak ones (í, ú)
are nuclei of their own syllable; unaccented i, u (and final y) glide.

Nothing here touches the filesystem: :func:`load_readability_config` takes a
config file's text.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import polib

from .catalogs import has_translation
from .checks import Finding
from .errors import Location, UsageError
from .markdown_parser import parse_message

DEFAULT_TARGET_GRADE = 8.0
"""Highest English reading grade not flagged: the NIH advises grade 8 or lower
(the AMA advises grade 6)."""
INFLESZ_NORMAL = 55.0
"""Lowest Szigriszt-Pazos score INFLESZ calls "normal" (55–65); below is "somewhat difficult"."""

Formula = Literal["flesch-kincaid", "smog", "szigriszt-pazos", "fernandez-huerta"]


@dataclass(frozen=True, slots=True)
class TextCounts:
    """What every readability formula counts."""

    sentences: int
    words: int
    syllables: int
    polysyllables: int
    """Words of three syllables or more (SMOG)."""


@dataclass(frozen=True, slots=True)
class ReadingLevel:
    """The reading level of one text by the formulas validated for its language."""

    language: str
    counts: TextCounts
    scores: dict[Formula, float]
    """Each formula's value, rounded to one decimal."""
    is_above_target: bool
    """English: a grade above the target; Spanish: INFLESZ below "normal"."""

    @property
    def summary(self) -> str:
        """One line, such as ``Flesch–Kincaid grade 9.1, SMOG 10.2``."""
        names = {
            "flesch-kincaid": "Flesch–Kincaid grade",
            "smog": "SMOG grade",
            "szigriszt-pazos": "Szigriszt-Pazos (INFLESZ)",
            "fernandez-huerta": "Fernández Huerta",
        }
        return ", ".join(f"{names[formula]} {value:.1f}" for formula, value in self.scores.items())


# --- Text --------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|[!?]+")


def visible_text(markdown: str) -> str:
    """What a reader sees of an inline Markdown message: text, link text, no markup.

    >>> visible_text("Take **one tablet** (5 mg). See [the leaflet](leaflet.html).")
    'Take one tablet (5 mg). See the leaflet.'
    """
    parts = []
    for token in parse_message(markdown):
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    return "".join(parts)


def _sentences(block: str) -> int:
    # A block (heading, list item) is at least one sentence even without a full stop.
    ends = len(_SENTENCE_END.findall(block.strip().rstrip(".!?…")))
    return ends + 1 if block.strip() else 0


def _words(text: str) -> list[str]:
    return _WORD.findall(text) + _NUMBER.findall(text)


# --- English syllables --------------------------------------------------------

_EN_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs English usually says as two syllables ("cre-ate", "pi-a-no").
_SOUNDED_FINAL_E = re.compile(r"(?:[^aeiouyl]le|ee|ye)$")  # "table", "agree", but "belle", "bile"
_SILENT_ES = re.compile(r"(?<![cgsxzi])(?<!ch)(?<!sh)(?<![^aeiouy]l)es$")
_SILENT_INNER_E = re.compile(r"[^aeiouy]e(?:ly|ment|ments|ful|ness|less)$")
_EN_HIATUS = re.compile(
    r"(?<![tscxg])i[ao]|ea(?=t|l)|ua|uo|eo|oe(?!s)|ii|iu|[aeou]i(?=ng$)|(?<=.[^aeiou])ie(?=r$|st$)"
)


def english_syllables(word: str) -> int:
    """Syllables of an English word, by rule; a number written in digits counts as one.

    >>> [english_syllables(w) for w in ("pain", "therapy", "injection", "table", "used", "medicine")]
    [1, 3, 3, 2, 1, 3]
    """
    word = word.lower().replace("’", "'").split("'")[0]
    if not word.isalpha():
        return 1
    if len(word) <= 3:
        return 1
    count = len(_EN_VOWELS.findall(word)) + len(_EN_HIATUS.findall(word))
    if word.endswith("e") and not _SOUNDED_FINAL_E.search(word) and count > 1:
        count -= 1  # silent final e: "take", "medicine"
    elif word.endswith("le") and len(word) > 2 and word[-3] not in "aeiouy" and count == 1:
        count += 1
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "used", "called"
    elif _SILENT_ES.search(word) and count > 1:
        count -= 1  # "takes", but not "doses", "changes", "tables", "studies"
    if _SILENT_INNER_E.search(word) and count > 1:
        count -= 1  # "lovely", "statement", "careful"
    return max(1, count)


# --- Spanish syllables --------------------------------------------------------

_ES_WEAK = set("iuü")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by the orthographic rules of diphthongs and hiatus.

    Two strong vowels are two syllables (le-er), a weak unaccented vowel next to
    another vowel glides (ciu-dad, bue-no), an accented weak vowel is its own
    nucleus (pa-ís, rí-o); a silent *u* in *que, qui, gue, gui* is no vowel and
    *h* between vowels does not separate them.

    >>> [spanish_syllables(w) for w in ("dolor", "paciente", "país", "guitarra", "ahora")]
    [2, 3, 2, 3, 3]
    """
    word = word.lower()
    if not word.isalpha():
        return 1
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)  # que, qui, gue, gui: the u is silent
    word = re.sub(r"y$", "i", word)  # final y is a vowel: "muy", "hoy"
    # Only vowels side by side form diphthongs: each group between consonants
    # is one syllable, plus one for each hiatus inside it.
    groups = re.findall(r"[aeiouáéíóúü]+", word.replace("h", ""))
    return max(1, sum(_spanish_group(group) for group in groups))


def _spanish_group(group: str) -> int:
    nuclei = 1
    for previous, current in itertools.pairwise(group):
        if (previous in _ES_WEAK or current in _ES_WEAK) and previous != current:
            continue  # a diphthong: ai, ue, iu...
        nuclei += 1  # strong or accented weak vowels (í, ú) side by side: a hiatus
    return nuclei


# --- Formulas -----------------------------------------------------------------


def count_text(blocks: Iterable[str], syllables: Callable[[str], int]) -> TextCounts:
    """Count sentences, words, syllables and polysyllables in blocks of plain text."""
    sentences = words = total = poly = 0
    for block in blocks:
        found = _words(block)
        if not found:
            continue
        sentences += _sentences(block)
        words += len(found)
        for word in found:
            count = syllables(word)
            total += count
            poly += count >= 3
    return TextCounts(sentences, words, total, poly)


def flesch_kincaid_grade(counts: TextCounts) -> float:
    """Kincaid et al. 1975: ``0.39 × words/sentences + 11.8 × syllables/words − 15.59``."""
    return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59


def smog_grade(counts: TextCounts) -> float:
    """McLaughlin 1969: ``1.0430 × √(polysyllables × 30/sentences) + 3.1291``."""
    return 1.0430 * math.sqrt(counts.polysyllables * 30 / counts.sentences) + 3.1291


def szigriszt_pazos(counts: TextCounts) -> float:
    """Szigriszt-Pazos 1993: ``206.835 − 62.3 × syllables/words − words/sentences``."""
    return 206.835 - 62.3 * counts.syllables / counts.words - counts.words / counts.sentences


def fernandez_huerta(counts: TextCounts) -> float:
    """Fernández Huerta 1959, corrected: ``206.84 − 60 × syllables/words − 1.02 × words/sentences``."""
    return 206.84 - 60 * counts.syllables / counts.words - 1.02 * counts.words / counts.sentences


def inflesz_band(score: float) -> str:
    """The INFLESZ band of a Szigriszt-Pazos score (Barrio-Cantalejo et al. 2008).

    >>> inflesz_band(50.0), inflesz_band(55.0), inflesz_band(81.0)
    ('somewhat difficult', 'normal', 'very easy')
    """
    if score < 40:
        return "very difficult"
    if score < 55:
        return "somewhat difficult"
    if score < 65:
        return "normal"
    if score <= 80:
        return "quite easy"
    return "very easy"


def has_formula(language: str) -> bool:
    """True for the languages this module has a validated formula for (``en``, ``es``)."""
    return language in ("en", "es")


def translated_text(catalog: polib.POFile) -> list[str]:
    """What a page shows translated: non-fuzzy translations (a plural entry by its first form)."""
    return [
        entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        for entry in catalog
        if not entry.obsolete and "fuzzy" not in entry.flags and has_translation(entry)
    ]


def reading_level(
    messages: Iterable[str], *, language: str, target_grade: float = DEFAULT_TARGET_GRADE
) -> ReadingLevel | None:
    """The reading level of a text given as inline-Markdown messages (one block each).

    Returns None for a language without a validated formula, or a text without words.
    """
    if not has_formula(language):
        return None
    syllables = english_syllables if language == "en" else spanish_syllables
    counts = count_text((visible_text(message) for message in messages), syllables)
    if not counts.words:
        return None
    scores: dict[Formula, float]
    if language == "en":
        scores = {
            "flesch-kincaid": round(flesch_kincaid_grade(counts), 1),
            "smog": round(smog_grade(counts), 1),
        }
        above = max(scores.values()) > target_grade
    else:
        scores = {
            "szigriszt-pazos": round(szigriszt_pazos(counts), 1),
            "fernandez-huerta": round(fernandez_huerta(counts), 1),
        }
        above = scores["szigriszt-pazos"] < INFLESZ_NORMAL
    return ReadingLevel(language, counts, scores, above)


CODE = "reading-level"
"""Finding code of a text harder to read than the target (a warning)."""


def reading_level_finding(level: ReadingLevel, *, target_grade: float) -> Finding | None:
    """A catalog-wide warning (line 0) when the text is harder to read than the target."""
    if not level.is_above_target:
        return None
    if level.language == "en":
        message = f"reading level above grade {target_grade:g}: {level.summary}"
    else:
        message = (
            f"reading level {inflesz_band(level.scores['szigriszt-pazos'])} on the INFLESZ "
            f"scale (below {INFLESZ_NORMAL:g}): {level.summary}"
        )
    return Finding(CODE, "warning", message, "", 0)


def reading_level_summary(
    messages: Iterable[str], *, language: str, target_grade: float
) -> tuple[str, Finding | None]:
    """One line on the reading level of a text (or why it has none), and any warning.

    >>> reading_level_summary(["Texto."], language="fr", target_grade=8)
    ('no validated formula for fr', None)
    """
    if not has_formula(language):
        return f"no validated formula for {language}", None
    level = reading_level(messages, language=language, target_grade=target_grade)
    if level is None:
        return "no translated text", None
    return level.summary, reading_level_finding(level, target_grade=target_grade)


# --- Configuration --------------------------------------------------------------


def load_readability_config(text: str, path: str) -> float:
    """The target grade from the ``[readability]`` table of a ``pain-content.toml``.

    >>> load_readability_config("[readability]\\ntarget_grade = 6", "p.toml")
    6.0
    >>> load_readability_config("", "p.toml")
    8.0

    Raises:
        UsageError: ``target_grade`` is not a number from 1 to 18, or an unknown
            key is in the table, located at its line.
    """
    try:
        section = tomllib.loads(text).get("readability", {})
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not valid TOML: {exc}", Location(path, 0)) from exc
    line = next(
        (n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "[readability]"), 0
    )
    if not isinstance(section, dict) or set(section) - {"target_grade"}:
        raise UsageError("[readability] takes only target_grade", Location(path, line))
    value = section.get("target_grade", DEFAULT_TARGET_GRADE)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 18:
        raise UsageError("target_grade must be a number from 1 to 18", Location(path, line))
    return float(value)
