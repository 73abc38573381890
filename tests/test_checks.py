"""Translation quality checks: real-world cases, catalogs, configuration, shipped catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from babel import Locale

from pain_content.catalog_files import read_catalog
from pain_content.checks import (
    CODES,
    CheckConfig,
    Finding,
    RequiredStatement,
    check_catalog,
    check_message,
    is_publishable,
    load_check_config,
)
from pain_content.checks.cache import EntryKeys
from pain_content.errors import UsageError
from pain_content.locales import parse_locale

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_CATALOGS = sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po"))
UI_CATALOGS = sorted(ROOT.glob("src/pain_content/locale/*/LC_MESSAGES/ui.po"))


def case(
    name: str,
    locale: str,
    msgid: str,
    msgstr: str,
    *codes: str,
    is_ui: bool = False,
    terms: tuple[str, ...] = (),
) -> Any:
    """One row of the table: a translation and the exact set of codes it must get."""
    return pytest.param(locale, msgid, msgstr, set(codes), is_ui, terms, id=name)


CASES = [
    # Numbers, as each locale writes them.
    case("es-decimal-comma", "es", "Take 0.5 mg twice a day.", "Tome 0,5 mg dos veces al día."),
    case("es-5-to-50", "es", "Take 5 mg at night.", "Tome 50 mg por la noche.", "number-changed"),
    case(
        "es-10ml-to-100ml", "es", "Give 10 mL of syrup.", "Dé 100 mL de jarabe.", "number-changed"
    ),
    case(
        "es-thousands-dot",
        "es",
        "Do not take more than 1,000 mg a day.",
        "No tome más de 1.000 mg al día.",
    ),
    # A Spanish reader reads 1,000 as one (with a trailing zero), not a thousand.
    case(
        "es-thousands-comma-is-one",
        "es",
        "Do not take more than 1,000 mg a day.",
        "No tome más de 1,000 mg al día.",
        "number-changed",
        "error-prone-dose",
    ),
    case("es-english-decimal-point", "es", "Take 0.5 mg.", "Tome 0.5 mg."),
    case("fr-narrow-nbsp-group", "fr", "Up to 1,000 mg a day.", "Jusqu’à 1\u202f000 mg par jour."),
    case("fr-plain-space-group", "fr", "Up to 1,000 mg a day.", "Jusqu’à 1 000 mg par jour."),
    case("fr-percent-after-space", "fr", "Pain fell by 50%.", "La douleur a baissé de 50\u202f%."),
    case("fr-decimal-comma", "fr", "Apply 2.5 g of gel.", "Appliquez 2,5 g de gel."),
    case(
        "pt-dot-groups-comma-decimals",
        "pt_BR",
        "Dissolve 1,250 mg in 2.5 L of water.",
        "Dissolva 1.250 mg em 2,5 L de água.",
    ),
    case("pl-decimal-comma", "pl", "Take 1.5 g a day.", "Przyjmuj 1,5 g na dobę."),
    case("ru-nbsp-group", "ru", "Up to 2,500 mg a day.", "До 2\u00a0500 мг в сутки."),
    case("ru-decimal-comma", "ru", "Take 0.25 mg.", "Примите 0,25 мг."),
    case("ru-year-is-not-grams", "ru", "Approved in 2020.", "Одобрено в 2020 г."),
    case("ar-indic-digit", "ar", "Take 5 mg.", "تناول ٥ ملغ."),
    case("ar-decimal-separator", "ar", "Take 0.5 mg.", "تناول ٠٫٥ ملغ."),
    case("ar-indic-5-to-50", "ar", "Take 5 mg.", "تناول ٥٠ ملغ.", "number-changed"),
    case("ar-percent-sign", "ar", "Pain fell by 50%.", "انخفض الألم بنسبة ٥٠٪."),
    case("ar-ml-abbreviation", "ar", "Drink 10 mL.", "اشرب ١٠ مل."),
    case("fa-persian-digits", "fa", "Take 2.5 mg.", "۲٫۵ میلی‌گرم مصرف کنید."),
    case("fa-persian-group", "fa", "Up to 1,000 mg a day.", "حداکثر ۱٬۰۰۰ میلی‌گرم در روز."),
    # The informal Persian slash decimal reads as a fraction: ask for ٫ instead.
    case("fa-slash-decimal", "fa", "Take 0.5 mg.", "۰/۵ میلی‌گرم مصرف کنید.", "number-changed"),
    case("ja-full-width", "ja", "Take 0.5 mg.", "０．５ｍｇを服用してください。"),
    case("ja-katakana-unit", "ja", "Take 5 mg.", "5ミリグラムを服用してください。"),
    case("ja-wave-dash-range", "ja", "Take 5-10 mg.", "5～10mgを服用してください。"),
    case("zh-han-unit", "zh_Hans", "Take 5 mg.", "服用5毫克。"),
    case("zh-mg-to-mcg", "zh_Hans", "Take 5 mg.", "服用5微克。", "dose-unit-changed"),
    case("ko-hangul-unit", "ko", "Take 500 mg.", "500밀리그램을 복용하세요."),
    case("ko-symbol-with-particle", "ko", "Take 500 mg.", "500mg을 복용하세요."),
    # Number words of the source written as digits, as CJK instructions do.
    case("ja-twice-a-day", "ja", "Take it twice a day.", "1日2回服用してください。"),
    case(
        "zh-one-tablet-once-a-day", "zh_Hans", "Take one tablet once a day.", "每日1次，每次1片。"
    ),
    case("es-one-becomes-ten", "es", "Take one tablet.", "Tome 10 comprimidos.", "number-changed"),
    # A number in digits on one side and in words on the other is the same number (issue 20).
    case("es-digit-becomes-word", "es", "Take 2 tablets.", "Tome dos comprimidos."),
    # Ranges, fractions, percentages.
    case("es-range-en-dash", "es", "Take 5–10 mg.", "Tome de 5 a 10 mg."),
    case("es-range-unit-twice", "es", "Take 5-10 mg.", "Tome de 5 mg a 10 mg."),
    case("es-range-changed", "es", "Take 5-10 mg.", "Tome 5-100 mg.", "number-changed"),
    case("es-fraction-as-decimal", "es", "Take 1/2 tablet.", "Tome 0,5 comprimido."),
    case("es-vulgar-fraction", "es", "Take ½ tablet.", "Tome 1/2 comprimido."),
    case("es-percent-changed", "es", "Use a 2% cream.", "Use una crema al 20 %.", "number-changed"),
    # Dose units.
    case("es-mcg-to-mg", "es", "Take 250 mcg.", "Tome 250 mg.", "dose-unit-changed"),
    case("es-micro-sign", "es", "Take 250 mcg.", "Tome 250 µg."),
    case("es-spelled-unit", "es", "Take 5 mg.", "Tome 5 miligramos."),
    case("es-unit-dropped", "es", "Take 5 mg.", "Tome 5 gotas.", "dose-unit-changed"),
    case("ru-mcg-to-mg", "ru", "Take 50 mcg.", "Примите 50 мг.", "dose-unit-changed"),
    case("ru-ml", "ru", "Drink 200 mL.", "Выпейте 200 мл."),
    case("vi-grams-to-hours", "vi", "Take 5 g.", "Uống 5 giờ.", "dose-unit-changed"),
    case("fr-units", "fr", "Inject 10 units.", "Injectez 10 unités."),
    case("es-iu", "es", "Take 1,000 IU of vitamin D.", "Tome 1.000 UI de vitamina D."),
    # ISMP error-prone forms.
    case("trailing-zero-in-translation", "es", "Take 1 mg.", "Tome 1,0 mg.", "error-prone-dose"),
    case("trailing-zero-in-source", "es", "Take 1.0 mg.", "Tome 1 mg.", "error-prone-dose"),
    case("naked-decimal", "es", "Take 0.5 mg.", "Tome .5 mg.", "error-prone-dose"),
    # Markup.
    case(
        "link-text-translated",
        "es",
        "See [the guide](https://example.org/guide).",
        "Consulte [la guía](https://example.org/guide).",
    ),
    case(
        "link-target-changed",
        "es",
        "See [the guide](https://example.org/guide).",
        "Consulte [la guía](https://example.org/guia).",
        "markup-changed",
    ),
    case(
        "code-span-changed",
        "es",
        "Type `pain-content build` to start.",
        "Escriba `pain-content construir` para empezar.",
        "markup-changed",
    ),
    case(
        "bold-dropped",
        "es",
        "**Safety:** Ask your care team.",
        "Seguridad: consulte a su equipo de atención.",
        "markup-changed",
    ),
    case(
        "image-source-changed",
        "es",
        "![Dosing chart](img/chart.png)",
        "![Tabla de dosis](img/tabla.png)",
        "markup-changed",
    ),
    case(
        "javascript-link",
        "es",
        "Ask [your doctor](https://example.org/doctor).",
        "Pregunte a [su médico](javascript:alert('x')).",
        "markup-changed",
    ),
    case(
        "script-injected",
        "es",
        "Ask your doctor.",
        "<script>alert('x')</script>Pregunte a su médico.",
        "markup-raw-html",
    ),
    case(
        "img-onerror-injected",
        "es",
        "Ask your doctor.",
        "Pregunte <img src=x onerror=alert('x')> a su médico.",
        "markup-raw-html",
    ),
    case(
        "heading-syntax",
        "es",
        "Rest and drink water.",
        "# Descanse y beba agua.",
        "markup-block-syntax",
    ),
    case(
        "bullet-syntax",
        "es",
        "Rest and drink water.",
        "- Descanse y beba agua.",
        "markup-block-syntax",
    ),
    case(
        "ordered-list-syntax",
        "es",
        "Take 1 tablet, then rest.",
        "Tome\n1. comprimido y luego descanse.",
        "markup-block-syntax",
    ),
    case(
        "blank-line",
        "es",
        "Rest and drink water.",
        "Descanse.\n\nBeba agua.",
        "markup-block-syntax",
    ),
    case(
        "code-fence",
        "es",
        "Rest and drink water.",
        "```\nDescanse y beba agua.\n```",
        "markup-block-syntax",
        "markup-changed",
    ),
    # False friends.
    # Spanish "once" is eleven: the number words read 1 in the source and 11 here.
    case(
        "es-once-is-eleven",
        "es",
        "Take it once a day.",
        "Tómelo once al día.",
        "false-friend",
        "number-changed",
    ),
    case("es-una-vez", "es", "Take it once a day.", "Tómelo una vez al día."),
    case("es-once-for-eleven", "es", "There are eleven steps.", "Hay once pasos."),
    case(
        "es-embarazada",
        "es",
        "Do not feel embarrassed to ask.",
        "No se sienta embarazada al preguntar.",
        "false-friend",
    ),
    case(
        "pt-pretender",
        "pt_BR",
        "Do not pretend the pain is gone.",
        "Não pretenda que a dor passou.",
        "false-friend",
    ),
    case("pt-puxar", "pt_BR", "Push the plunger slowly.", "Puxe o êmbolo devagar.", "false-friend"),
    case(
        "fr-preservatif",
        "fr",
        "These eye drops have no preservative.",
        "Ce collyre ne contient pas de préservatif.",
        "false-friend",
    ),
    # "intoxicado" is made ill by something taken, not drunk.
    case(
        "es-intoxicado",
        "es",
        "Do not drive while intoxicated.",
        "No conduzca si está intoxicado.",
        "false-friend",
    ),
    # "drogue" is an illicit drug; a medicine is a "médicament".
    case(
        "fr-drogue",
        "fr",
        "Keep this drug away from children.",
        "Gardez cette drogue hors de portée des enfants.",
        "false-friend",
    ),
    case(
        "fr-medicament",
        "fr",
        "Keep this drug away from children.",
        "Gardez ce médicament hors de portée des enfants.",
    ),
    # "angine" is tonsillitis; angina is "angine de poitrine".
    case("fr-angine", "fr", "Angina is chest pain.", "L’angine est une douleur.", "false-friend"),
    case(
        "fr-angine-de-poitrine",
        "fr",
        "Angina is chest pain.",
        "L’angine de poitrine est une douleur thoracique.",
    ),
    # Russian "ангина" is tonsillitis; angina is "стенокардия".
    case("ru-angina", "ru", "Angina is chest pain.", "Ангина — это боль.", "false-friend"),
    case("ru-stenokardia", "ru", "Angina is chest pain.", "Стенокардия — это боль в груди."),
    # Polish "prezerwatywa" is a condom.
    case(
        "pl-prezerwatywa",
        "pl",
        "These drops have no preservatives.",
        "Te krople nie zawierają prezerwatyw.",
        "false-friend",
    ),
    # French "physicien" is a physicist; a physician is a "médecin".
    case(
        "fr-physicien",
        "fr",
        "Ask your physician.",
        "Demandez à votre physicien.",
        "false-friend",
    ),
    case("fr-medecin", "fr", "Ask your physician.", "Demandez à votre médecin."),
    # French "injure" is an insult; an injury is a "blessure".
    case(
        "fr-injure",
        "fr",
        "Rest the injured knee.",
        "Reposez le genou injurié.",
        "false-friend",
    ),
    case("fr-blesse", "fr", "Rest the injured knee.", "Reposez le genou blessé."),
    # French "intoxiqué" is poisoned, not drunk.
    case(
        "fr-intoxique",
        "fr",
        "Do not drive while intoxicated.",
        "Ne conduisez pas si vous êtes intoxiqué.",
        "false-friend",
    ),
    case("fr-ivre", "fr", "Do not drive while intoxicated.", "Ne conduisez pas en état d’ivresse."),
    # A "droguerie" is a hardware store; medicines are sold at a "pharmacie".
    case(
        "fr-droguerie",
        "fr",
        "Buy it at a pharmacy.",
        "Achetez-le dans une droguerie.",
        "false-friend",
    ),
    case("fr-pharmacie", "fr", "Buy it at a pharmacy.", "Achetez-le dans une pharmacie."),
    # Portuguese "físico" is a physicist; a physician is a "médico".
    case(
        "pt-fisico",
        "pt_BR",
        "Ask your physician.",
        "Pergunte ao seu físico.",
        "false-friend",
    ),
    case("pt-medico", "pt_BR", "Ask your physician.", "Pergunte ao seu médico."),
    # ...but "físico" is right for "physical".
    case(
        "pt-exercicio-fisico",
        "pt_BR",
        "Your physician may advise physical therapy.",
        "Seu médico pode indicar exercício físico.",
    ),
    # Portuguese "injúria" is an insult; an injury is a "lesão".
    case(
        "pt-injuria",
        "pt_BR",
        "The injury heals in weeks.",
        "A injúria cicatriza em semanas.",
        "false-friend",
    ),
    case("pt-lesao", "pt_BR", "The injury heals in weeks.", "A lesão cicatriza em semanas."),
    # Japanese "コンセント" alone is an electrical outlet; consent is "同意".
    case(
        "ja-konsento",
        "ja",
        "Your consent is needed.",
        "あなたのコンセントが必要です。",
        "false-friend",
    ),
    case("ja-doui", "ja", "Your consent is needed.", "あなたの同意が必要です。"),
    case(
        "ja-informed-consent",
        "ja",
        "We ask for your informed consent.",
        "インフォームド・コンセントをお願いします。",
    ),
    # Korean "오바이트" is vomiting; overeating is "과식".
    case(
        "ko-obaiteu",
        "ko",
        "Do not overeat after surgery.",
        "수술 후 오바이트하지 마세요.",
        "false-friend",
    ),
    case("ko-gwasik", "ko", "Do not overeat after surgery.", "수술 후 과식하지 마세요."),
    # Korean "헬스" is the gym; health is "건강" (and healthcare "헬스케어").
    case(
        "ko-helseu",
        "ko",
        "Your overall health matters.",
        "전반적인 헬스가 중요합니다.",
        "false-friend",
    ),
    case("ko-geongang", "ko", "Your overall health matters.", "전반적인 건강이 중요합니다."),
    case("ko-healthcare", "ko", "Ask a health care worker.", "헬스케어 종사자에게 문의하세요."),
    # Russian "физик" is a physicist, "гланды" the tonsils.
    case("ru-fizik", "ru", "Ask your physician.", "Спросите своего физика.", "false-friend"),
    case("ru-vrach", "ru", "Ask your physician.", "Спросите своего врача."),
    case("ru-glandy", "ru", "The glands are swollen.", "Гланды опухли.", "false-friend"),
    case("ru-zhelezy", "ru", "The glands are swollen.", "Железы опухли."),
    # Placeholders (ui catalog only).
    case(
        "ui-placeholder-kept",
        "es",
        "Last reviewed: %(date)s",
        "Última revisión: %(date)s",
        is_ui=True,
    ),
    case(
        "ui-placeholder-renamed",
        "es",
        "%(num)d articles",
        "%(count)d artículos",
        "placeholder-mismatch",
        is_ui=True,
    ),
    case("ui-brace-dropped", "es", "Hello, {name}!", "¡Hola!", "placeholder-mismatch", is_ui=True),
    case(
        "article-placeholders-not-checked",
        "es",
        "Type %(name)s in the box.",
        "Escriba su nombre en la casilla.",
    ),
    # Words, length, whitespace, punctuation.
    case("identical", "es", "Ask your care team.", "Ask your care team.", "untranslated-identical"),
    case("identical-brand", "es", "Tylenol", "Tylenol", terms=("Tylenol",)),
    case("identical-url", "es", "<https://example.org>", "<https://example.org>"),
    case(
        "protected-term-translated",
        "es",
        "Take Tylenol with food.",
        "Tome paracetamol con comida.",
        "protected-term",
        terms=("Tylenol",),
    ),
    case(
        "protected-term-kept-in-ja",
        "ja",
        "Take Tylenol with food.",
        "Tylenolは食後に服用してください。",
        terms=("Tylenol",),
    ),
    case(
        "too-short",
        "es",
        "Talk to your care team about your own health.",
        "Hable.",
        "length-ratio",
    ),
    case("whitespace-lost", "es", "Languages ", "Idiomas", "whitespace-ends"),
    case("period-lost", "es", "Rest and drink water.", "Descanse y beba agua", "punctuation-end"),
    case(
        "period-added",
        "es",
        "Considerations and Precautions",
        "Consideraciones y precauciones.",
        "punctuation-end",
    ),
    case(
        "ja-ideographic-full-stop", "ja", "Rest and drink water.", "安静にして水を飲んでください。"
    ),
    case("ar-question-mark", "ar", "Do you have a fever?", "هل لديك حمى؟"),
]


@pytest.mark.parametrize(("locale", "msgid", "msgstr", "expected", "is_ui", "terms"), CASES)
def test_check_message_codes(
    locale: str, msgid: str, msgstr: str, expected: set[str], is_ui: bool, terms: tuple[str, ...]
) -> None:
    """Each real-world translation gets exactly the expected set of finding codes."""
    config = CheckConfig(protected_terms=terms)
    findings = check_message(
        msgid, msgstr, locale=parse_locale(locale), line=7, config=config, is_ui=is_ui
    )
    assert {finding.code for finding in findings} == expected, findings
    assert all(f.msgid == msgid and f.line == 7 and f.severity == CODES[f.code] for f in findings)


def test_number_message_says_what_differs() -> None:
    """A changed number is named as written in both texts, with its value for other digits."""
    [finding] = check_message("Take 5 mg.", "تناول ٥٠ ملغ.", locale=Locale.parse("ar"))
    assert finding.message == "number 5 in the source is ٥٠ (= 50) in the translation"
    assert finding.severity == "error"


def test_dose_unit_message_names_both_units() -> None:
    """A unit swap names the source unit and the translation's alias with its meaning."""
    [finding] = check_message("Take 50 mcg.", "Примите 50 мг.", locale=Locale.parse("ru"))
    assert finding.message == "dose 50 mcg in the source is 50 мг (mg) in the translation"


def test_empty_msgstr_has_no_findings() -> None:
    """An untranslated message has nothing to check."""
    assert check_message("Take 5 mg.", "", locale=Locale.parse("es")) == []


def test_is_publishable() -> None:
    """Warnings do not hold a translation back; a single error does."""
    warning = Finding("length-ratio", "warning", "m", "x", 1)
    error = Finding("number-changed", "error", "m", "x", 1)
    assert is_publishable([]) and is_publishable([warning])
    assert not is_publishable([warning, error])


CATALOG_HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {locale}\\n"
"Plural-Forms: {plural_forms}\\n"
"""
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
POLISH_PLURALS = (
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


def catalog(locale: str, plural_forms: str, entries: str) -> polib.POFile:
    """A catalog parsed from text, so entries know their line numbers."""
    header = CATALOG_HEADER.format(locale=locale, plural_forms=plural_forms)
    return polib.pofile(header + "\n" + entries)


def test_catalog_plural_count() -> None:
    """A plural entry with fewer forms than the header's nplurals is an error at its line."""
    po = catalog(
        "ru",
        RUSSIAN_PLURALS,
        """
#, python-format
msgid "%(num)d article"
msgid_plural "%(num)d articles"
msgstr[0] "%(num)d статья"
msgstr[1] "%(num)d статьи"
""",
    )
    findings = check_catalog(po, locale=Locale.parse("ru"), is_ui=True)
    assert [(f.code, f.line) for f in findings] == [("plural-count", 8)]


def test_catalog_plural_forms_against_msgid_and_msgid_plural() -> None:
    """Each form is checked; a form used for one n only may leave its number out."""
    po = catalog(
        "pl",
        POLISH_PLURALS,
        """
msgid "%(num)d article in this language."
msgid_plural "%(num)d articles in this language."
msgstr[0] "Jeden artykuł w tym języku."
msgstr[1] "Artykuły w tym języku."
msgstr[2] "%(num)d artykułów w tym języku"
""",
    )
    findings = check_catalog(po, locale=Locale.parse("pl"), is_ui=True)
    assert [(f.code, f.message.split(":")[0]) for f in findings] == [
        ("placeholder-mismatch", "msgstr[1]"),
        ("punctuation-end", "msgstr[2]"),
    ]


def test_catalog_skips_fuzzy_obsolete_and_untranslated() -> None:
    """Fuzzy, obsolete and untranslated entries are not published, so they are not checked."""
    po = catalog(
        "es",
        "nplurals=2; plural=(n != 1);",
        """
#, fuzzy
msgid "Take 5 mg."
msgstr "Tome 50 mg."

msgid "Take 10 mg."
msgstr ""

#~ msgid "Take 20 mg."
#~ msgstr "Tome 200 mg."

msgid "Take 1 mg."
msgstr "Tome 1 mcg."
""",
    )
    findings = check_catalog(po, locale=Locale.parse("es"))
    assert [(f.code, f.msgid, f.line) for f in findings if f.msgid] == [
        ("dose-unit-changed", "Take 1 mg.", 18)
    ]  # (and the catalog-wide plural-forms-cldr warning: CLDR gives Spanish three forms)


def test_catalog_required_statements() -> None:
    """A required statement must be present, translated and not fuzzy in the catalog."""
    po = catalog(
        "es",
        "nplurals=2; plural=(n != 1);",
        """
msgid "Call 911 if you have chest pain."
msgstr "Llame al 911 si tiene dolor en el pecho."

#, fuzzy
msgid "Do not take more than 4 g a day."
msgstr "No tome más de 4 g al día."

msgid "Keep out of reach of children."
msgstr ""
""",
    )
    config = CheckConfig(
        required_statements=(
            RequiredStatement("Call 911 if you have chest pain.", "emergency advice"),
            RequiredStatement("Do not take more than 4 g a day.", "overdose warning"),
            RequiredStatement("Keep out of reach of children.", "safety warning"),
            RequiredStatement("Stop if you get a rash.", "allergy warning"),
            RequiredStatement("Give with food.", "scoped elsewhere", articles=("other",)),
        )
    )
    findings = check_catalog(po, locale=Locale.parse("es"), config=config)
    assert [(f.code, f.message, f.line) for f in findings if f.code != "plural-forms-cldr"] == [
        ("required-statement", "required statement (overdose warning) is fuzzy", 11),
        ("required-statement", "required statement (safety warning) is not translated", 15),
        (
            "required-statement",
            "required statement (allergy warning) is missing from the catalog",
            0,
        ),
    ]


def test_load_check_config() -> None:
    """A pain-content.toml [check] table gives protected terms and required statements."""
    text = """\
[project]
name = "clinic"

[check]
protected_terms = ["Tylenol", "MRI", "Tylenol"]
required_statements = [
    "Call 911 if you have chest pain.",
    { msgid = "Do not take more than 4 g a day.", reason = "overdose warning" },
]
"""
    config = load_check_config(text, "pain-content.toml")
    assert config.protected_terms == ("Tylenol", "MRI")
    assert config.required_statements == (
        RequiredStatement("Call 911 if you have chest pain.", "required statement", (), 7),
        RequiredStatement("Do not take more than 4 g a day.", "overdose warning", (), 8),
    )


def test_load_check_config_without_check_table() -> None:
    """A config file without a [check] table gives the default configuration."""
    assert load_check_config("[project]\nname = 'x'\n", "pain-content.toml") == CheckConfig()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            '[check]\nprotected_terms = ["MRI"\nrequired_statements = []\n',
            3,
            "not valid TOML",
            id="bad-toml",
        ),
        pytest.param('[check]\nprotected_term = ["MRI"]\n', 2, "unknown key", id="unknown-key"),
        pytest.param(
            '[check]\n\nprotected_terms = "MRI"\n', 3, "list of non-empty strings", id="wrong-type"
        ),
        pytest.param(
            "[check]\nrequired_statements = [{ text = 'x' }]\n",
            2,
            "a required statement is",
            id="bad-statement",
        ),
        pytest.param("check = 3\n", 1, "'check' must be a table", id="check-not-table"),
    ],
)
def test_load_check_config_errors(text: str, line: int, message: str) -> None:
    """Bad config text raises UsageError located at the offending line of the file."""
    with pytest.raises(UsageError) as caught:
        load_check_config(text, "pain-content.toml")
    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == ("pain-content.toml", line)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"pain-content.toml:{line}: ")


@pytest.mark.parametrize(
    ("path", "is_ui"),
    [pytest.param(p, False, id=p.parent.parent.name) for p in ARTICLE_CATALOGS]
    + [pytest.param(p, True, id=f"ui-{p.parent.parent.name}") for p in UI_CATALOGS],
)
def test_shipped_catalogs_have_no_errors(path: Path, is_ui: bool) -> None:
    """Every shipped article and ui catalog passes every check that holds a translation back."""
    locale = parse_locale(path.parent.parent.name)
    findings = check_catalog(read_catalog(path), locale=locale, is_ui=is_ui)
    assert [f for f in findings if f.is_error] == []


def test_every_shipped_language_has_its_catalogs_checked() -> None:
    """The shipped-catalog test sees an article and a ui catalog for every shipped language."""
    languages = {path.name for path in (ROOT / "locales").iterdir() if path.is_dir()}
    assert len(languages) == 15
    assert {path.parent.parent.name for path in ARTICLE_CATALOGS} == languages
    assert {path.parent.parent.name for path in UI_CATALOGS} == languages


def test_entry_keys_tell_apart_every_text_the_findings_depend_on() -> None:
    """Entries differing in any text a finding depends on, or only in where one text
    ends and the next begins, get different keys; the same content gets the same key."""
    keys = EntryKeys(
        plural_rule=(2, 0, (0,)), locale=Locale.parse("es"), config=CheckConfig(), is_ui=False
    )
    other_rule = EntryKeys(
        plural_rule=(3, 0, ()), locale=Locale.parse("es"), config=CheckConfig(), is_ui=False
    )
    entries = [
        polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg."),
        polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 50 mg."),
        polib.POEntry(msgid="Take 5 mg. T", msgstr="ome 5 mg."),
        polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg.", msgctxt=""),
        polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg.", msgctxt="dose"),
        polib.POEntry(msgid="1", msgstr="0:", msgctxt="2"),
        polib.POEntry(msgid="", msgstr="1:10:", msgctxt="2"),
        polib.POEntry(msgid="day", msgid_plural="days", msgstr_plural={0: "día", 1: "días"}),
        polib.POEntry(msgid="day", msgid_plural="days", msgstr_plural={0: "día", 1: "dias"}),
        polib.POEntry(msgid="day", msgid_plural="dayz", msgstr_plural={0: "día", 1: "días"}),
    ]
    found = [keys.of(entry) for entry in entries]
    assert len(set(found)) == len(entries)
    assert keys.of(polib.POEntry(msgid="Take 5 mg.", msgstr="Tome 5 mg.")) == found[0]
    # The plural rule decides the key of a plural entry only.
    assert other_rule.of(entries[0]) == found[0]
    assert other_rule.of(entries[-1]) != found[-1]
