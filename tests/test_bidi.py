"""Numbers read as the same value in right-to-left pages, in every script a locale writes them.

The cases are numbers as CLDR formats them for Arabic, Persian and Urdu (Babel's
``format_decimal``, ``format_percent`` and ``format_date`` with each numbering
system the locale uses), written in that numbering system's digits, plus ranges.
Babel formats with the locale's symbols but always with ASCII digits, so the
digits are mapped here, as CLDR's ``numberingSystems.xml`` defines them.

Two properties are tested: the markup (a number with European or Persian
digits, bidi class EN, is one ``<bdi>`` with its separators; a number with
Arabic-Indic digits, class AN, needs and gets none), and what a patient sees,
read back from headless Chromium character by character in visual order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from pain_content import render_html

# CLDR numberingSystems.xml: <numberingSystem id="arab" digits="٠١٢٣٤٥٦٧٨٩"/> etc.
DIGITS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
SYSTEMS = {"ar": ("arab", "latn"), "fa": ("arabext", "latn"), "ur": ("arabext", "latn")}
# Sentences a translator writes around a dose, in each language.
SENTENCES = {
    "ar": "الحد الأقصى {} ملغ في اليوم.",
    "fa": "حداکثر {} میلی‌گرم در روز.",
    "ur": "زیادہ سے زیادہ {} ملی گرام روزانہ۔",
}
VALUES = (3000, 100.4, 0.5, -12.25, 1234567.89)
# The digits and the separators CLDR puts between them (group, decimal).
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c\u060c'\u2019\u00a0\u202f]\d+)*")
_RANGE_DASH = "\u2013"


@dataclass(frozen=True)
class Case:
    locale: str
    text: str
    """The number (or range, or date) as the translation writes it."""
    is_range: bool = False

    @property
    def id(self) -> str:
        return f"{self.locale}:{self.text}"

    @property
    def numbers(self) -> list[str]:
        return _NUMBER.findall(self.text)


def _in_system(formatted: str, system: str) -> str:
    return formatted.translate(str.maketrans("0123456789", DIGITS[system]))


def _cases() -> list[Case]:
    cases: list[Case] = []
    day = date(2026, 12, 1)
    for locale, systems in SYSTEMS.items():
        assert Locale.parse(locale).character_order == "right-to-left"
        for system in systems:
            for value in VALUES:
                formatted = format_decimal(value, locale=locale, numbering_system=system)
                cases.append(Case(locale, _in_system(formatted, system)))
            percent = format_percent(
                0.125, locale=locale, numbering_system=system, format="#,##0.#%"
            )
            cases.append(Case(locale, _in_system(percent, system)))
            low, high = (_in_system(str(n), system) for n in (5, 10))
            cases.append(Case(locale, f"{low}{_RANGE_DASH}{high}", is_range=True))
            cases.append(Case(locale, _in_system(format_date(day, "short", locale=locale), system)))
    # CLDR's own percent sign for these locales, U+066A, which Babel's percent
    # pattern does not use.
    cases += [Case("ar", "٥٠٪"), Case("fa", "۵۰٪"), Case("ur", "۵۰٪")]
    return cases


CASES = _cases()


def _has_european_digits(text: str) -> bool:
    return any(unicodedata.bidirectional(character) == "EN" for character in text)


def _paragraph(case: Case) -> str:
    sentence = SENTENCES[case.locale].format(case.text)
    html = render_html("Maximum dose.\n", {"Maximum dose.": sentence}, locale=case.locale)
    assert re.sub("</?bdi>", "", html) == f"<p>{escape(sentence, quote=False)}</p>\n"
    return html


def test_the_table_covers_every_numbering_system_and_form() -> None:
    """The cases hold Arabic-Indic, Persian and European digits, separators, signs and ranges."""
    texts = "".join(case.text for case in CASES)
    for digits in DIGITS.values():
        assert set(digits) <= set(texts)
    assert {"\u066b", "\u066c", "\u066a", ",", ".", "-", "%", _RANGE_DASH} <= set(texts)
    assert len(CASES) == 3 * 2 * (len(VALUES) + 3) + 3


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_number_is_isolated_whole_or_not_at_all(case: Case) -> None:
    """EN digits: one <bdi> around the whole number; AN digits: no <bdi>, which they do not need."""
    html = _paragraph(case)
    for number in case.numbers:
        if _has_european_digits(number):
            assert re.search(rf"<bdi>[^<]*{re.escape(number)}[^<]*</bdi>", html), html
        else:
            assert number in html and "<bdi>" not in html, html
    if case.is_range:
        low, high = case.numbers
        # The dash stays outside: the range reads in the paragraph's direction.
        assert f"{low}</bdi>{_RANGE_DASH}<bdi>{high}" in html or "<bdi>" not in html


# --- What Chromium shows ------------------------------------------------------

_VISUAL_ORDER = """
const result = [];
for (const paragraph of document.querySelectorAll("p[data-case]")) {
  const characters = [];
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0) characters.push([node.data[i], rect.left + rect.width / 2, rect.top]);
    }
  }
  result.push([paragraph.dataset.case, characters]);
}
return result;
"""


def _page(cases: list[Case], locale: str) -> str:
    paragraphs = "\n".join(
        _paragraph(case).replace("<p>", f'<p data-case="{index}">', 1)
        for index, case in enumerate(CASES)
        if case in cases
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{locale}" dir="rtl"><head><meta charset="utf-8">'
        "<title>numbers</title><style>p { white-space: nowrap; font-size: 20px; }</style>"
        f"</head><body>\n{paragraphs}\n</body></html>\n"
    )


def _visual(characters: list[list[Any]]) -> str:
    """The paragraph's characters as the screen shows them, from left to right."""
    tops = {round(top) for _, _, top in characters}
    assert len(tops) == 1, "the paragraph wrapped; the test needs one line"
    ordered = sorted(characters, key=lambda item: item[1])
    return "".join(character for character, _, _ in ordered)


@pytest.mark.parametrize("locale", sorted(SYSTEMS))
def test_chromium_shows_every_number_in_its_reading_order(
    locale: str, browser: Any, tmp_path: Path
) -> None:
    """Read back in visual order, every number shows its digits as written; a range reads
    in the page's direction, its first number rightmost."""
    cases = [case for case in CASES if case.locale == locale]
    page = tmp_path / f"{locale}.html"
    page.write_text(_page(cases, locale), encoding="utf-8")
    browser.get(page.as_uri())
    shown = dict(browser.execute_script(_VISUAL_ORDER))
    failures = []
    for index, case in enumerate(CASES):
        if case.locale != locale:
            continue
        characters = shown[str(index)]
        visual = _visual(characters)
        for number in case.numbers:
            if number not in visual:
                failures.append(f"{case.id}: {number!r} shows as {visual!r}")
        if case.is_range:
            low, high = case.numbers
            if visual.find(high) > visual.find(low):
                failures.append(f"{case.id}: range reads left to right in {visual!r}")
    assert not failures, "\n".join(failures)


def test_chromium_check_would_catch_split_numbers(browser: Any, tmp_path: Path) -> None:
    """The visual read-back sees the defect it guards against: digit groups isolated apart."""
    page = tmp_path / "split.html"
    page.write_text(
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>x</title>'
        '</head><body><p data-case="0" style="white-space: nowrap">الحد '
        "<bdi>٣</bdi>٬<bdi>٠٠٠</bdi> ملغ</p></body></html>",
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    visual = _visual(dict(browser.execute_script(_VISUAL_ORDER))["0"])
    assert "٣٬٠٠٠" not in visual and "٠٠٠٬٣" in visual
