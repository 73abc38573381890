"""The dose guard reads what a translator writes: number words, compound units, ranges, counters.

Every case is a translation into a shipped locale and the exact set of finding
codes it must draw, with a comment saying why it is correct or poisoned. The
guard has two promises: no poisoned translation is published (an error code
is expected), and no correct one is held back (no error code).
"""

from __future__ import annotations

from typing import Any

import pytest

from pain_content.checks import check_message
from pain_content.locales import parse_locale

N = "number-changed"
U = "dose-unit-changed"
C = "counter-changed"


def case(name: str, locale: str, msgid: str, msgstr: str, *codes: str) -> Any:
    """One row: a translation and the exact set of error codes it must draw."""
    return pytest.param(locale, msgid, msgstr, set(codes), id=name)


CASES = [
    # --- Spanish -----------------------------------------------------------
    # "dos veces" is twice: the frequency in words matches the English word.
    case("es-twice-in-words", "es", "Take it twice a day.", "Tómelo dos veces al día."),
    # Poisoned: "once a day" became "dos veces al día" (twice).
    case("es-once-became-twice", "es", "Take it once a day.", "Tómelo dos veces al día.", N),
    # "una vez" is once: "una" counts because "vez" follows.
    case("es-una-vez", "es", "Take it once a day.", "Tómelo una vez al día."),
    # Poisoned: "three times" became "dos veces".
    case("es-three-became-two", "es", "Take it three times a day.", "Tómelo dos veces al día.", N),
    # A digit in the source may be a word in the translation.
    case("es-digit-to-word", "es", "Take 3 tablets.", "Tome tres comprimidos."),
    # A word in the source may be a digit in the translation.
    case("es-word-to-digit", "es", "Take three tablets.", "Tome 3 comprimidos."),
    # Poisoned: three tablets became four.
    case("es-word-changed", "es", "Take three tablets.", "Tome cuatro comprimidos.", N),
    # "una" before "crema" is the article, not a count.
    case("es-article-not-a-count", "es", "Use a cream.", "Use una crema."),
    # "un comprimido" is one tablet, and "a tablet" in the source allows it.
    case("es-article-tablet", "es", "Take a tablet.", "Tome un comprimido."),
    # Poisoned: a half became a whole tablet.
    case("es-half-became-one", "es", "Take half a tablet.", "Tome un comprimido.", N),
    # "medio comprimido" is half a tablet.
    case("es-half", "es", "Take half a tablet.", "Tome medio comprimido."),
    # "cada dos días" is every other day.
    case("es-every-other-day", "es", "Take it every other day.", "Tómelo cada dos días."),
    # "en días alternos" is every other day, with no number written.
    case("es-alternate-days", "es", "Take it every other day.", "Tómelo en días alternos."),
    # Poisoned: every other day became every day.
    case("es-every-other-became-daily", "es", "Take it every other day.", "Tómelo cada día.", N),
    # A per-weight dose keeps its denominator.
    case("es-mg-per-kg", "es", "Give 15 mg/kg.", "Administre 15 mg/kg."),
    # "por kilo" written in words is per kilogram.
    case("es-mg-por-kg", "es", "Give 15 mg/kg.", "Administre 15 mg por kg."),
    # Poisoned: a per-weight dose made absolute.
    case("es-per-kg-dropped", "es", "Give 15 mg/kg.", "Administre 15 mg.", U),
    # The two-part range "entre 5 y 10 mL" shares its unit.
    case("es-between-and", "es", "Take 5-10 mL.", "Tome entre 5 y 10 mL."),
    # A spaced en dash is a range too.
    case("es-spaced-dash", "es", "Take 5-10 mL.", "Tome 5 – 10 mL."),
    # Poisoned: a range end changed in the two-part form.
    case("es-between-changed", "es", "Take 5-10 mL.", "Tome entre 5 y 15 mL.", N),
    # "y" without "entre" is not a range: 5 has no unit in the translation.
    case("es-and-is-not-a-range", "es", "Take 5-10 mL.", "Tome 5 y 10 mL.", U),
    # --- French ------------------------------------------------------------
    # "deux fois par jour" is twice a day.
    case("fr-twice", "fr", "Take it twice a day.", "Prenez-le deux fois par jour."),
    # Poisoned: "une fois" (once) for twice.
    case("fr-twice-became-once", "fr", "Take it twice a day.", "Prenez-le une fois par jour.", N),
    # "une fois" is once.
    case("fr-once", "fr", "Take it once a day.", "Prenez-le une fois par jour."),
    # Poisoned: "trois fois" for once.
    case("fr-once-became-three", "fr", "Take it once a day.", "Prenez-le trois fois par jour.", N),
    # "une" before "crème" is an article.
    case("fr-article", "fr", "Apply a cream.", "Appliquez une crème."),
    # "un jour sur deux" is every other day: its "un" and "deux" are one phrase.
    case("fr-every-other-day", "fr", "Take it every other day.", "Prenez-le un jour sur deux."),
    # "entre 5 et 10 mL" is a range.
    case("fr-between-and", "fr", "Take 5-10 mL.", "Prenez entre 5 et 10 mL."),
    # "15 mg par kg" keeps the per-weight unit.
    case("fr-mg-par-kg", "fr", "Give 15 mg/kg.", "Donnez 15 mg par kg."),
    # Poisoned: mg/kg became mg/m².
    case("fr-kg-became-m2", "fr", "Give 15 mg/kg.", "Donnez 15 mg/m².", U),
    # "neuf" is also "new": it counts only before a dose word.
    case("fr-neuf-is-new", "fr", "Use a new bottle.", "Utilisez un flacon neuf."),
    # Poisoned: five tablets written as "six comprimés".
    case("fr-words-changed", "fr", "Take five tablets.", "Prenez six comprimés.", N),
    # --- Brazilian Portuguese ----------------------------------------------
    # "duas vezes ao dia" is twice a day.
    case("pt-twice", "pt_BR", "Take it twice a day.", "Tome duas vezes ao dia."),
    # Poisoned: "uma vez" (once) for twice.
    case("pt-twice-became-once", "pt_BR", "Take it twice a day.", "Tome uma vez ao dia.", N),
    # "entre 5 e 10 mL" is a range.
    case("pt-between-and", "pt_BR", "Take 5-10 mL.", "Tome entre 5 e 10 mL."),
    # "de 5 a 10 mL" is a range with a one-word connector.
    case("pt-from-to", "pt_BR", "Take 5-10 mL.", "Tome de 5 a 10 mL."),
    # "meio comprimido" is half a tablet.
    case("pt-half", "pt_BR", "Take half a tablet.", "Tome meio comprimido."),
    # "quilogramas" is kilograms.
    case("pt-quilograma", "pt_BR", "Up to 2 kg.", "Até 2 quilogramas."),
    # Poisoned: per-weight dose made absolute.
    case("pt-per-kg-dropped", "pt_BR", "Give 10 mg/kg.", "Dê 10 mg.", U),
    # --- Polish ------------------------------------------------------------
    # "dwa razy dziennie" is twice a day.
    case("pl-twice", "pl", "Take it twice a day.", "Przyjmuj dwa razy dziennie."),
    # "raz dziennie" is once a day.
    case("pl-once", "pl", "Take it once a day.", "Przyjmuj raz dziennie."),
    # Poisoned: "trzy razy" for once.
    case("pl-once-became-three", "pl", "Take it once a day.", "Przyjmuj trzy razy dziennie.", N),
    # "jeszcze raz" is "again": "raz" counts only before a frequency word.
    case("pl-raz-again", "pl", "Try again.", "Spróbuj jeszcze raz."),
    # "od 5 do 10 ml" is a range.
    case("pl-from-to", "pl", "Take 5-10 mL.", "Przyjmij od 5 do 10 ml."),
    # "między 5 a 10 ml" is the two-part range.
    case("pl-between", "pl", "Take 5-10 mL.", "Przyjmij między 5 a 10 ml."),
    # The genitive plural after 1000 is still international units.
    case(
        "pl-iu-genitive",
        "pl",
        "Take 1,000 IU of vitamin D.",
        "Przyjmuj 1000 jednostek międzynarodowych witaminy D.",
    ),
    # Poisoned: international units became plain units.
    case("pl-iu-became-units", "pl", "Take 1,000 IU.", "Przyjmuj 1000 jednostek.", U),
    # "15 mg na kg" is per kilogram.
    case("pl-mg-na-kg", "pl", "Give 15 mg/kg.", "Podaj 15 mg na kg."),
    # "procent" is percent.
    case("pl-percent-word", "pl", "Use a 2% cream.", "Stosuj krem 2 procent."),
    # --- Russian -----------------------------------------------------------
    # "дважды в день" is twice a day.
    case("ru-twice", "ru", "Take it twice a day.", "Принимайте дважды в день."),
    # Poisoned: "дважды" for once a day (issue 20's example).
    case("ru-once-became-twice", "ru", "Take it once a day.", "Принимайте дважды в день.", N),
    # "один раз в день" is once a day.
    case("ru-once", "ru", "Take it once a day.", "Принимайте один раз в день."),
    # "через день" is every other day.
    case("ru-every-other-day", "ru", "Take it every other day.", "Принимайте через день."),
    # The genitive plural "международных единиц" is international units.
    case("ru-iu-genitive", "ru", "Take 1,000 IU.", "Принимайте 1000 международных единиц."),
    # "от 5 до 10 мл" is a range.
    case("ru-from-to", "ru", "Take 5-10 mL.", "Примите от 5 до 10 мл."),
    # "между 5 и 10 мл" is the two-part range.
    case("ru-between", "ru", "Take 5-10 mL.", "Примите между 5 и 10 мл."),
    # "мг/кг" is per kilogram in Cyrillic.
    case("ru-mg-per-kg", "ru", "Give 15 mg/kg.", "Введите 15 мг/кг."),
    # Poisoned: per-weight made absolute.
    case("ru-per-kg-dropped", "ru", "Give 15 mg/kg.", "Введите 15 мг.", U),
    # Poisoned: "две таблетки" for three tablets.
    case("ru-word-changed", "ru", "Take three tablets.", "Примите две таблетки.", N),
    # --- Vietnamese --------------------------------------------------------
    # "hai lần mỗi ngày" is twice a day (issue 20's example).
    case("vi-twice", "vi", "Take it twice a day.", "Uống hai lần mỗi ngày."),
    # Poisoned: twice written for once a day.
    case("vi-once-became-twice", "vi", "Take it once a day.", "Uống hai lần mỗi ngày.", N),
    # "một lần" is once.
    case("vi-once", "vi", "Take it once a day.", "Uống một lần mỗi ngày."),
    # "một" before "loại" is the article "a".
    case("vi-article", "vi", "Use a cream.", "Dùng một loại kem."),
    # "năm" is "year" unless a dose word follows.
    case("vi-nam-is-year", "vi", "Every year, see your doctor.", "Mỗi năm, hãy gặp bác sĩ."),
    # "năm viên" is five tablets.
    case("vi-five-tablets", "vi", "Take 5 tablets.", "Uống năm viên."),
    # "mười một" is eleven, not ten and one.
    case("vi-eleven", "vi", "Take 11 drops.", "Nhỏ mười một giọt."),
    # "từ 5 đến 10 ml" is a range.
    case("vi-from-to", "vi", "Take 5-10 mL.", "Uống từ 5 đến 10 ml."),
    # "giữa 5 và 10 ml" is the two-part range.
    case("vi-between", "vi", "Take 5-10 mL.", "Uống giữa 5 và 10 ml."),
    # "15 mg mỗi kg" is per kilogram.
    case("vi-mg-moi-kg", "vi", "Give 15 mg/kg.", "Cho 15 mg mỗi kg."),
    # --- Tagalog -----------------------------------------------------------
    # "dalawang beses" is twice.
    case(
        "fil-twice", "fil", "Take it twice a day.", "Inumin ito nang dalawang beses sa isang araw."
    ),
    # Poisoned: "tatlong beses" for twice.
    case(
        "fil-twice-became-three",
        "fil",
        "Take it twice a day.",
        "Inumin ito nang tatlong beses sa isang araw.",
        N,
    ),
    # "isang" before "cream" is the article.
    case("fil-article", "fil", "Use a cream.", "Gumamit ng isang krema."),
    # "mula 5 hanggang 10 mL" is a range.
    case("fil-from-to", "fil", "Take 5-10 mL.", "Uminom ng mula 5 hanggang 10 mL."),
    # "sa pagitan ng 5 at 10 mL" is the two-part range.
    case("fil-between", "fil", "Take 5-10 mL.", "Uminom ng sa pagitan ng 5 at 10 mL."),
    # "porsiyento" is percent.
    case("fil-percent", "fil", "Use a 2% cream.", "Gumamit ng 2 porsiyento na krema."),
    # --- Haitian Creole ----------------------------------------------------
    # "de fwa pa jou" is twice a day.
    case("ht-twice", "ht", "Take it twice a day.", "Pran li de fwa pa jou."),
    # Poisoned: "twa fwa" for twice.
    case("ht-twice-became-three", "ht", "Take it twice a day.", "Pran li twa fwa pa jou.", N),
    # "yon fwa" is once.
    case("ht-once", "ht", "Take it once a day.", "Pran li yon fwa pa jou."),
    # "yon" before "krèm" is the article.
    case("ht-article", "ht", "Use a cream.", "Sèvi ak yon krèm."),
    # "ant 5 ak 10 mL" is the two-part range.
    case("ht-between", "ht", "Take 5-10 mL.", "Pran ant 5 ak 10 mL."),
    # "soti 5 rive 10 mL" is a range.
    case("ht-from-to", "ht", "Take 5-10 mL.", "Pran soti 5 rive 10 mL."),
    # "pousan" is percent.
    case("ht-percent", "ht", "Use a 2% cream.", "Sèvi ak yon krèm 2 pousan."),
    # --- Somali ------------------------------------------------------------
    # "laba jeer maalintii" is twice a day.
    case("so-twice", "so", "Take it twice a day.", "Qaado laba jeer maalintii."),
    # Poisoned: "saddex jeer" for twice.
    case("so-twice-became-three", "so", "Take it twice a day.", "Qaado saddex jeer maalintii.", N),
    # "hal mar" is once.
    case("so-once", "so", "Take it once a day.", "Qaado hal mar maalintii."),
    # "5 ilaa 10 mL" is a range.
    case("so-range", "so", "Take 5-10 mL.", "Qaado 5 ilaa 10 mL."),
    # "boqolkiiba 2" is 2 percent, written before the number.
    case("so-percent-before", "so", "Use a 2% cream.", "Isticmaal kareem boqolkiiba 2."),
    # --- Arabic ------------------------------------------------------------
    # "مرتين يوميًا" is twice daily: the dual of "time".
    case("ar-twice-dual", "ar", "Take it twice a day.", "تناوله مرتين يوميًا."),
    # Poisoned: "مرة واحدة" (once) for twice.
    case("ar-twice-became-once", "ar", "Take it twice a day.", "تناوله مرة واحدة يوميًا.", N),
    # "مرة يوميًا" is once daily.
    case("ar-once", "ar", "Take it once a day.", "تناوله مرة يوميًا."),
    # "قرصين" is two tablets (a dual).
    case("ar-two-tablets-dual", "ar", "Take 2 tablets.", "تناول قرصين."),
    # Poisoned: "ثلاثة أقراص" for two tablets.
    case("ar-two-became-three", "ar", "Take 2 tablets.", "تناول ثلاثة أقراص.", N),
    # "بين 5 و10 مل" is the two-part range.
    case("ar-between", "ar", "Take 5-10 mL.", "تناول بين 5 و10 مل."),
    # "15 ملغ لكل كغ" is per kilogram.
    case("ar-per-kg", "ar", "Give 15 mg/kg.", "أعط 15 ملغ لكل كغ."),
    # Poisoned: per-weight made absolute.
    case("ar-per-kg-dropped", "ar", "Give 15 mg/kg.", "أعط 15 ملغ.", U),
    # "قرص واحد" is one tablet: the numeral follows its noun.
    case("ar-one-tablet", "ar", "Take one tablet.", "تناول قرص واحد."),
    # "كل واحد" is "each one", not a dose of 1.
    case("ar-each-one", "ar", "Each patient is different.", "كل واحد من المرضى مختلف."),
    # --- Persian -----------------------------------------------------------
    # "شش" is also "lung": it counts only before a dose word.
    case("fa-lung", "fa", "Smoking harms the lungs.", "سیگار به شش آسیب می‌زند."),
    # "دو بار در روز" is twice a day.
    case("fa-twice", "fa", "Take it twice a day.", "روزی دو بار مصرف کنید."),
    # Poisoned: "سه بار" for twice.
    case("fa-twice-became-three", "fa", "Take it twice a day.", "روزی سه بار مصرف کنید.", N),
    # "یک بار" is once.
    case("fa-once", "fa", "Take it once a day.", "روزی یک بار مصرف کنید."),
    # "یک" before "کرم" is the indefinite article.
    case("fa-article", "fa", "Use a cream.", "از یک کرم استفاده کنید."),
    # "بین ۵ و ۱۰ میلی‌لیتر" is the two-part range.
    case("fa-between", "fa", "Take 5-10 mL.", "بین ۵ و ۱۰ میلی‌لیتر مصرف کنید."),
    # "۱۵ میلی‌گرم در کیلوگرم" is per kilogram.
    case("fa-per-kg", "fa", "Give 15 mg/kg.", "۱۵ میلی‌گرم در کیلوگرم بدهید."),
    # "یک روز در میان" is every other day.
    case("fa-every-other-day", "fa", "Take it every other day.", "یک روز در میان مصرف کنید."),
    # --- Simplified and Traditional Chinese --------------------------------
    # 每日两次 is twice a day.
    case("zh-twice-words", "zh_Hans", "Take it twice a day.", "每日两次。"),
    # Poisoned: 每日三次 for twice a day.
    case("zh-twice-became-three", "zh_Hans", "Take it twice a day.", "每日三次。", N),
    # 一日2次: the 1 of "per day" before another number is not a count.
    case("zh-per-day-digit", "zh_Hans", "Take it twice a day.", "一日2次。"),
    # 一般 is "general": 一 counts only before a counter.
    case("zh-yi-in-word", "zh_Hans", "Rest is generally enough.", "一般休息就够了。"),
    # Counters: 2 tablets once a day is 每日1次，每次2片.
    case("zh-counters", "zh_Hans", "Take 2 tablets once a day.", "每日1次，每次2片。"),
    # Poisoned: the counts are swapped (twice a day, one tablet).
    case("zh-counters-swapped", "zh_Hans", "Take 2 tablets once a day.", "每日2次，每次1片。", C),
    # 每公斤15毫克 puts "per kilogram" before the number.
    case("zh-per-kg-before", "zh_Hans", "Give 15 mg/kg.", "每公斤15毫克。"),
    # 15毫克/公斤 is per kilogram.
    case("zh-per-kg-slash", "zh_Hans", "Give 15 mg/kg.", "给予15毫克/公斤。"),
    # Poisoned: per-weight made absolute.
    case("zh-per-kg-dropped", "zh_Hans", "Give 15 mg/kg.", "给予15毫克。", U),
    # 介于5和10毫升之间 is the two-part range.
    case("zh-between", "zh_Hans", "Take 5-10 mL.", "服用介于5和10毫升之间。"),
    # 一半 is one half.
    case("zh-half-of-patients", "zh_Hans", "Half of patients improve.", "一半的患者有所改善。"),
    # Poisoned: half became a whole tablet.
    case("zh-half-became-one", "zh_Hans", "Take half a tablet.", "服用1片。", N),
    # 隔日 is every other day.
    case("zh-every-other-day", "zh_Hans", "Take it every other day.", "隔日服用。"),
    # Taiwan writes grams as 公克.
    case("zh-hant-gram", "zh_Hant", "Apply 2 g of gel.", "塗抹2公克凝膠。"),
    # Traditional 兩次 is twice.
    case("zh-hant-twice", "zh_Hant", "Take it twice a day.", "每日兩次。"),
    # Poisoned: Traditional 三次 for twice.
    case("zh-hant-twice-became-three", "zh_Hant", "Take it twice a day.", "每日三次。", N),
    # Poisoned: Taiwan's 公克 (grams) for milligrams.
    case("zh-hant-mg-became-g", "zh_Hant", "Take 5 mg.", "服用5公克。", U),
    # 百分之2 is 2 percent, written before the number.
    case("zh-percent-before", "zh_Hans", "Use a 2% cream.", "使用百分之2的乳膏。"),
    # --- Japanese ----------------------------------------------------------
    # 1日2回: the label's 1 of "per day" is not a count.
    case("ja-twice", "ja", "Take it twice a day.", "1日2回服用してください。"),
    # The label form 1日2回、1回1錠 states the per-time amount with a counter.
    case("ja-label-form", "ja", "Take 1 tablet twice a day.", "1日2回、1回1錠服用してください。"),
    # Poisoned: 1日2回、1回2錠 doubles the tablets.
    case(
        "ja-label-doubled",
        "ja",
        "Take 1 tablet twice a day.",
        "1日2回、1回2錠服用してください。",
        N,
    ),
    # Poisoned: 2 tablets once a day written as twice a day, one tablet.
    case("ja-counters-swapped", "ja", "Take 2 tablets once a day.", "1日2回1錠。", C),
    # Poisoned: once a day became three times.
    case("ja-once-became-three", "ja", "Take it once a day.", "1日3回服用してください。", N),
    # Kanji numerals before a counter: 一日二回.
    case("ja-kanji", "ja", "Take it twice a day.", "一日二回服用してください。"),
    # 一緒 is "together": 一 counts only before a counter.
    case("ja-ichi-in-word", "ja", "Take it with food.", "食事と一緒に服用してください。"),
    # 半分 is one half.
    case("ja-half", "ja", "Half of patients improve.", "患者の半分が改善します。"),
    # 5mg/kg is per kilogram.
    case("ja-per-kg", "ja", "Give 5 mg/kg.", "5mg/kgを投与します。"),
    # 5から10mL is a range.
    case("ja-kara-range", "ja", "Take 5-10 mL.", "5から10mLを服用してください。"),
    # --- Korean ------------------------------------------------------------
    # 하루 두 번 is twice a day.
    case("ko-twice", "ko", "Take it twice a day.", "하루 두 번 복용하세요."),
    # Poisoned: 하루 세 번 for twice a day.
    case("ko-twice-became-three", "ko", "Take it twice a day.", "하루 세 번 복용하세요.", N),
    # 1일 2회, 1회 1정: the label form with counters.
    case("ko-label-form", "ko", "Take 1 tablet twice a day.", "1일 2회, 1회 1정 복용하세요."),
    # 줄기세포 (stem cell) holds 세, three, inside a word.
    case("ko-se-in-word", "ko", "Stem cell therapy", "줄기세포 치료"),
    # kg당 15mg puts "per kilogram" before the number.
    case("ko-per-kg-before", "ko", "Give 15 mg/kg.", "kg당 15mg을 투여합니다."),
    # Poisoned: per-weight made absolute.
    case("ko-per-kg-dropped", "ko", "Give 15 mg/kg.", "15mg을 투여합니다.", U),
    # 세포 (cell) at a word's start is not 세 (three) and the counter 포: a numeral stands apart.
    case("ko-cell-not-three-packets", "ko", "It protects cells.", "세포를 보호합니다."),
    # 두 알 is two pills; the counter may take a particle.
    case("ko-two-pills", "ko", "Take 2 tablets.", "두 알을 복용하세요."),
    # Poisoned: 세 알 (three pills) for two tablets.
    case("ko-two-became-three-pills", "ko", "Take 2 tablets.", "세 알을 복용하세요.", N),
    # 절반 is one half.
    case("ko-half", "ko", "Half of patients improve.", "환자의 절반이 호전됩니다."),
    # 5~10mL is a range.
    case("ko-tilde-range", "ko", "Take 5-10 mL.", "5~10mL를 복용하세요."),
    # --- English source wording -------------------------------------------
    # "Once the pain stops" is a conjunction, not a frequency.
    case(
        "en-once-conjunction", "es", "Once the pain stops, rest.", "Cuando el dolor pare, descanse."
    ),
    # "at once" is "immediately".
    case("en-at-once", "fr", "Call your doctor at once.", "Appelez votre médecin immédiatement."),
    # "one's" is a pronoun.
    case("en-ones", "es", "It affects one's life.", "Afecta la vida."),
    # --- Compound units in any language ------------------------------------
    # mcg/kg/min keeps all three parts.
    case("es-mcg-kg-min", "es", "Infuse 5 mcg/kg/min.", "Infunda 5 mcg/kg/min."),
    # Poisoned: per minute became per hour.
    case("es-min-became-h", "es", "Infuse 5 mcg/kg/min.", "Infunda 5 mcg/kg/h.", U),
    # mg/mL is a concentration.
    case("fr-mg-per-ml", "fr", "The syrup has 20 mg/mL.", "Le sirop contient 20 mg/mL."),
    # Poisoned: mg/mL became mg.
    case("fr-per-ml-dropped", "fr", "The syrup has 20 mg/mL.", "Le sirop contient 20 mg.", U),
    # units/kg is per weight.
    case("pt-units-per-kg", "pt_BR", "Give 50 units/kg.", "Dê 50 unidades/kg."),
    # mL/h written as "ml por hora".
    case("es-ml-por-hora", "es", "Infuse 100 mL/h.", "Infunda 100 ml por hora."),
    # "5 mg a day" may become "5 mg al día": a rate per day may be left to the words.
    case("es-mg-a-day", "es", "Take 5 mg/day.", "Tome 5 mg al día."),
    # Poisoned: mg/m² became mg/kg.
    case("pl-m2-became-kg", "pl", "Give 2 mg/m².", "Podaj 2 mg/kg.", U),
]


@pytest.mark.parametrize(("locale", "msgid", "msgstr", "expected"), CASES)
def test_dose_guard(locale: str, msgid: str, msgstr: str, expected: set[str]) -> None:
    """Each translation draws exactly the expected error codes (warnings are a reviewer's)."""
    findings = check_message(msgid, msgstr, locale=parse_locale(locale))
    assert {f.code for f in findings if f.is_error} == expected, findings


def test_table_covers_every_shipped_locale() -> None:
    """The table has cases both ways in every shipped locale."""
    from conftest import REPOSITORY

    shipped = {path.name for path in (REPOSITORY / "locales").iterdir() if path.is_dir()}
    by_locale: dict[str, set[bool]] = {}
    for param in CASES:
        locale, _, _, expected = param.values
        by_locale.setdefault(locale, set()).add(bool(expected))
    assert set(by_locale) == shipped
    assert all(kinds == {True, False} for kinds in by_locale.values()), by_locale
    assert len(CASES) >= 120


def test_message_names_the_value_on_each_side() -> None:
    """A frequency changed in words is named as written, with its value, on both sides."""
    [finding] = check_message(
        "Take it once a day.", "Tómelo dos veces al día.", locale=parse_locale("es")
    )
    assert finding.message == (
        "number once a day (= 1) in the source is dos (= 2) in the translation"
    )


def test_lost_word_is_named_before_a_kept_digit() -> None:
    """When a value is lost, the message names the word, not a digit both sides keep."""
    [finding] = check_message(
        "Declare the OAuth2 scheme with two scopes.",
        "Declare el esquema OAuth2 con ámbitos.",
        locale=parse_locale("es"),
    )
    assert finding.message == "number two (= 2) in the source is missing from the translation"


def test_counter_message_names_what_each_side_counts() -> None:
    """A swapped counter names the value and what it counts on both sides."""
    findings = check_message(
        "Take 2 tablets once a day.", "每日2次，每次1片。", locale=parse_locale("zh_Hans")
    )
    assert [f.message for f in findings if f.code == C] == [
        "2 counts pieces in the source, 2 counts times in the translation; "
        "once a day (= 1) counts times in the source, 1 counts pieces in the translation"
    ]
