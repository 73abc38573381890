"""The checks' language data files, and the rule registry that derives the list of codes."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import unicodedata
from fnmatch import fnmatch
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

from conftest import REPOSITORY
from pain_content.checks import CODES, CheckConfig, check_message
from pain_content.checks.data import DATA_FILES, load
from pain_content.checks.numbers import ascii_digits
from pain_content.glossary import Glossary, GlossaryTerm
from pain_content.locales import parse_locale

DATA_DIR = REPOSITORY / "src" / "pain_content" / "checks" / "data"
UNITS: dict[str, list[str]] = {
    unit: table["aliases"] for unit, table in load("units.toml")["units"].items()
}
ALIASES = [(unit, alias) for unit, aliases in UNITS.items() for alias in aliases]
DENOMINATORS = [
    (unit, alias)
    for unit, table in load("units.toml")["denominators"].items()
    for alias in table.get("aliases", UNITS.get(unit, []))
]


def test_every_data_file_is_listed_and_packaged() -> None:
    """Each file in checks/data is read by the code and shipped as package data."""
    assert sorted(path.name for path in DATA_DIR.glob("*.toml")) == sorted(DATA_FILES)
    pyproject = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["pain_content"]
    for name in DATA_FILES:
        assert any(fnmatch(f"checks/data/{name}", pattern) for pattern in patterns), name


@pytest.mark.parametrize(("unit", "alias"), ALIASES, ids=[f"{u}:{a}" for u, a in ALIASES])
def test_unit_alias_parses(unit: str, alias: str) -> None:
    """Every unit alias is a regular expression that matches some non-empty text."""
    assert re.compile(alias).pattern == alias
    assert not re.fullmatch(alias, ""), f"{alias!r} of {unit} matches empty text"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ALIASES).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), st.from_regex(pair[1], fullmatch=True))
    )
)
def test_no_unit_alias_is_ambiguous(written: tuple[str, str]) -> None:
    """A unit as written is an alias of one unit only: no text reads as two units."""
    unit, text = written
    others = [
        (other, alias)
        for other, alias in ALIASES
        if other != unit and re.fullmatch(alias, text) is not None
    ]
    assert others == [], f"{text!r} is {unit} and also {others}"


def test_literal_unit_aliases_are_unambiguous() -> None:
    """Every alias written without regular-expression syntax belongs to one unit only."""
    for unit, alias in ALIASES:
        if re.escape(alias) != alias:
            continue
        owners = {other for other, pattern in ALIASES if re.fullmatch(pattern, alias)}
        assert owners == {unit}, (alias, owners)


NUM2WORDS_LANGUAGES = {
    "en": "en",
    "es": "es",
    "fr": "fr",
    "pt": "pt_BR",
    "pl": "pl",
    "ru": "ru",
    "vi": "vi",
    "ar": "ar",
    "fa": "fa",
    "ja": "ja",
}  # Korean is left out: num2words spells the Sino-Korean numerals, which the data leaves to digits


@pytest.mark.parametrize("language", sorted(NUM2WORDS_LANGUAGES))
def test_cardinals_match_num2words(language: str) -> None:
    """The cardinals 1 to 12 of each language include the words num2words spells for them."""
    values = {
        form.casefold(): Fraction(entry["value"])
        for entry in load("number_words.toml")[language]["words"]
        if not entry.get("optional")
        for form in entry["forms"]
    }
    for n in range(1, 13):
        word = num2words(n, lang=NUM2WORDS_LANGUAGES[language]).casefold()
        assert values.get(word) == n, (language, n, word)


def test_number_words_parse() -> None:
    """Every number word entry has a value that is a number and non-empty forms."""
    for language, table in load("number_words.toml").items():
        for entry in table["words"]:
            assert Fraction(entry["value"]) > 0, (language, entry)
            assert entry["forms"] and all(form.strip() == form != "" for form in entry["forms"])


def test_denominators_and_per_words_parse() -> None:
    """Every denominator has a kind and aliases; every way of writing "per" is a pattern."""
    units = load("units.toml")
    for unit, table in units["denominators"].items():
        assert table["kind"] in {"weight", "area", "volume", "time"}, unit
        assert "aliases" in table or unit in UNITS, unit
    for _, alias in DENOMINATORS:
        assert not re.fullmatch(alias, ""), alias
    for word in [*units["per"]["between"], *units["per"]["after"], *units["per"]["before"]]:
        assert not re.fullmatch(word, ""), word
    for word in units["units"]["%"]["before"]:
        assert not re.fullmatch(word, ""), word


def test_range_connectors_parse() -> None:
    """Every range connector is a regular expression that does not match empty text."""
    ranges = load("ranges.toml")
    for connector in [*ranges["symbols"], *ranges["words"]]:
        assert not re.fullmatch(connector, ""), connector
    for pair in ranges["pairs"]:
        assert not re.fullmatch(pair["opens"], "") and not re.fullmatch(pair["joins"], "")


def test_false_friends_parse() -> None:
    """Every false friend names its English trigger, the false friend, its meaning and a source."""
    required = {"english", "translation", "meaning", "advice", "reference"}
    for language, entries in load("false_friends.toml").items():
        for entry in entries:
            assert required <= set(entry) <= required | {"unless_english"}, (language, entry)
            for key in ("english", "translation", "unless_english"):
                if key in entry:
                    assert not re.fullmatch(entry[key], ""), (language, entry[key])
            assert all(str(entry[key]).strip() for key in required), (language, entry)


def test_length_bounds_parse() -> None:
    """Every length-ratio bound is a pair low < high around 1."""
    length = load("length.toml")
    for low, high in [length["default"], *length["languages"].values()]:
        assert 0 < low < 1 < high


PLUGIN = '''
from pain_content.checks import CODES, CheckConfig, check_message
from pain_content.checks.registry import rule
from pain_content.locales import parse_locale

@rule("shouting", "warning")
def check_shouting(pair, config):
    """A translation in capitals where the source is not."""
    text = pair.translation.text
    return ["the translation shouts"] if text.isupper() and not pair.source.text.isupper() else []

print(CODES["shouting"])
print([f.code for f in check_message("Rest.", "DESCANSE.", locale=parse_locale("es"))])
'''


def test_adding_a_rule_needs_no_second_edit(tmp_path: Path) -> None:
    """One decorated function is a new rule: CODES lists it and check_message runs it."""
    script = tmp_path / "plugin.py"
    script.write_text(PLUGIN, "utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["warning", "['shouting']"]
    assert "shouting" not in CODES  # this process never imported the plugin


def test_every_message_rule_fires_on_a_real_case() -> None:
    """Each code of a message rule is drawn by a translation that deserves it, with its severity."""
    es = parse_locale("es")
    cases = {
        "number-changed": ("Take 5 mg.", "Tome 50 mg."),
        "number-grouping": ("Take 3,000 mg.", "Tome 3 000 mg."),
        "dose-unit-changed": ("Take 5 mg.", "Tome 5 mcg."),
        "error-prone-dose": ("Take 1 mg.", "Tome 1,0 mg."),
        "markup-changed": ("See [it](a.html).", "Vea [esto](b.html)."),
        "markup-raw-html": ("Rest.", "<b>Descanse.</b>"),
        "markup-block-syntax": ("Rest.", "# Descanse."),
        "protected-term": ("Take Tylenol.", "Tome paracetamol."),
        "false-friend": ("Take it once a day.", "Tómelo una vez al día, once veces."),
        "untranslated-identical": ("Ask your care team.", "Ask your care team."),
        "length-ratio": ("Talk to your care team about your own health.", "Hable."),
        "whitespace-ends": ("Languages ", "Idiomas"),
        "punctuation-end": ("Rest and drink water.", "Descanse y beba agua"),
        "glossary-forbidden": ("Ask your provider.", "Pregunte a su proveedor."),
        "glossary-term": ("Ask your provider.", "Pregunte a su médica."),
    }
    provider = GlossaryTerm("provider", {"es": ("médico",)}, {"es": ("proveedor",)})
    config = CheckConfig(protected_terms=("Tylenol",), glossary=Glossary((provider,)))
    for code, (msgid, msgstr) in cases.items():
        findings = check_message(msgid, msgstr, locale=es, config=config)
        assert code in {f.code for f in findings}, (code, findings)
        assert all(f.severity == CODES[f.code] for f in findings)
    counted = check_message("Take 2 tablets once a day.", "1日2回1錠。", locale=parse_locale("ja"))
    assert "counter-changed" in {f.code for f in counted}, counted
    cases["counter-changed"] = cases["number-changed"]
    placeholders = check_message("Hello, {name}!", "¡Hola!", locale=es, is_ui=True)
    assert [f.code for f in placeholders] == ["placeholder-mismatch"]
    catalog_wide = {"plural-count", "required-statement", "plural-forms-cldr"}
    # Rules across a locale's catalogs: tests/test_consistency.py draws each.
    catalog_wide |= {"inconsistent-translation", "shared-translation"}
    assert set(CODES) == set(cases) | {"placeholder-mismatch"} | catalog_wide


def test_every_unicode_digit_and_full_width_character_reads_as_ascii() -> None:
    """The digit table filled as characters are met maps exactly what a scan of all of
    Unicode finds: every decimal digit to its value, full-width ASCII to ASCII, the rest
    to itself."""
    everything = "".join(
        chr(code) for code in range(0x80, sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
    )
    expected = "".join(
        chr(ord(c) - 0xFEE0)
        if 0xFF01 <= ord(c) < 0xFF5F
        else str(unicodedata.decimal(c))
        if c.isdecimal()
        else c
        for c in everything
    )
    assert ascii_digits(everything) == expected
    assert ascii_digits("٣٬٠٠٠ mg، ۱۰۰٫۴ و ５ｍｇ") == "3٬000 mg، 100٫4 و 5mg"
