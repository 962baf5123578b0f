"""The number parsers' tables: Arabic and English number words, scales, fractions, months, weekdays,
units and their conversions, and the Arabic normalisation the tables are keyed by."""

from __future__ import annotations

import functools
import math
import re

from ...segment.normalize import fold_arabic



# pairing numbers: above this many (source x target) pairs in one sentence pair, each source number
# is compared only with the NEAREST_NUMBERS target numbers nearest to it (see check_numbers)
MAX_NUMBER_PAIRS = 20_000
NEAREST_NUMBERS = 64

_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)},
           0x066B: ".", 0x066C: ",", 0x066A: "%", 0x2212: "-", 0x2013: "–", 0xFF05: "%"}
# every replacement is one character, so offsets in the normalised text are offsets in the text
# (segment.normalize's table plus the minus sign, the en dash and the full-width percent)

_arn = fold_arabic  # the tables below are keyed by the shared Arabic folding


def _nd(words: dict) -> dict:
    return {_arn(k): v for k, v in words.items()}


def _expand(spec: str, value) -> dict:
    return {w: value for w in spec.split()}


# --------------------------------------------------------------------------- Arabic lexicon

_AR_CARD: dict[str, float] = {}
for _spec, _v in [
    ("صفر", 0), ("واحد واحدة واحدا", 1), ("أحد إحدى", 1),
    ("اثنان اثنين اثنا اثني اثنتان اثنتين اثنتا اثنتي إثنان إثنين", 2),
    ("ثلاث ثلاثة", 3), ("أربع أربعة", 4), ("خمس خمسة", 5), ("ست ستة", 6), ("سبع سبعة", 7),
    ("ثمان ثماني ثمانية", 8), ("تسع تسعة", 9), ("عشر عشرة", 10),
    ("عشرون عشرين", 20), ("ثلاثون ثلاثين", 30), ("أربعون أربعين", 40), ("خمسون خمسين", 50),
    ("ستون ستين", 60), ("سبعون سبعين", 70), ("ثمانون ثمانين", 80), ("تسعون تسعين", 90),
    ("مئة مائة مئه", 100), ("مئتان مئتين مائتان مائتين مئتا مئتي مائتا مائتي", 200),
    ("ألف ألفا", 1000), ("ألفان ألفين ألفي ألفا", 2000),
    ("مليون مليونا", 1e6), ("مليونان مليونين مليوني", 2e6),
    ("مليار مليارا بليون بليونا", 1e9), ("ملياران مليارين مليارى ملياري", 2e9),
    ("تريليون تريليونا", 1e12),
]:
    _AR_CARD.update(_nd(_expand(_spec, _v)))
_AR_CARD[_arn("ألفا")] = 1000
for _u, _n in [("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9)]:
    for _h in ("مئة", "مائة"):
        _AR_CARD[_arn(_u + _h)] = _n * 100
        _AR_CARD[_arn(_u + "ي" + _h)] = _n * 100
_AR_SCALE_PL = _nd({"آلاف": 1000, "الاف": 1000, "ملايين": 1e6, "مليارات": 1e9, "بلايين": 1e9, "مئات": 100,
                    "تريليونات": 1e12})
_AR_VAGUE = {_arn(w) for w in "عشرات مئات آلاف الاف ملايين مليارات بلايين الوف ألوف".split()}
_AR_ORD = {}
for _spec, _v in [
    ("أول أولى", 1), ("ثاني ثانية", 2), ("ثالث ثالثة", 3), ("رابع رابعة", 4), ("خامس خامسة", 5),
    ("سادس سادسة", 6), ("سابع سابعة", 7), ("ثامن ثامنة", 8), ("تاسع تاسعة", 9), ("عاشر عاشرة", 10),
    ("حادي حادية", 1),
]:
    _AR_ORD.update(_nd(_expand(_spec, _v)))
_AR_FRAC = _nd({"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3, "ثلثي": 2 / 3, "ثلثا": 2 / 3, "خمس": None})
_AR_FRAC.pop(_arn("خمس"))
_FRACTIONS = (0.5, 1 / 3, 2 / 3, 0.25, 0.75)


def _fraction_name(v: float) -> str:
    for f, name in zip(_FRACTIONS, ("half", "a third", "two thirds", "a quarter", "three quarters")):
        if math.isclose(v, f):
            return name
    return f"{v:.3g}"
_AR_MONTH1 = _nd({
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "أغسطوس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12, "شباط": 2, "آذار": 3, "نيسان": 4,
    "أيار": 5, "حزيران": 6, "تموز": 7, "أيلول": 9,
})
_AR_MONTH2 = {(_arn("كانون"), _arn("الثاني")): 1, (_arn("كانون"), _arn("الأول")): 12,
              (_arn("تشرين"), _arn("الأول")): 10, (_arn("تشرين"), _arn("الثاني")): 11}
_AR_WEEKDAY = _nd({"الاثنين": 1, "الإثنين": 1, "الثلاثاء": 2, "الأربعاء": 3, "الاربعاء": 3, "الخميس": 4,
                   "الجمعة": 5, "السبت": 6, "الأحد": 7})
_AR_DECADE = {}
for _stem, _v in [("عشرين", 20), ("ثلاثين", 30), ("أربعين", 40), ("خمسين", 50), ("ستين", 60),
                  ("سبعين", 70), ("ثمانين", 80), ("تسعين", 90)]:
    for _suf in ("يات", "ات"):
        _AR_DECADE[_arn(_stem + _suf)] = _v
_AR_UNITS = _nd({
    "كم": "km", "كلم": "km", "كيلومتر": "km", "كيلومترا": "km", "كيلومترات": "km", "كيلو متر": "km",
    "متر": "m", "مترا": "m", "أمتار": "m", "مترات": "m", "سم": "cm", "سنتيمتر": "cm", "سنتيمترا": "cm",
    "سنتيمترات": "cm", "سنتيمترًا": "cm", "مم": "mm", "ملم": "mm", "مليمتر": "mm", "مليمترا": "mm",
    "مليمترات": "mm", "ميل": "mile", "ميلا": "mile", "أميال": "mile", "كغ": "kg", "كجم": "kg", "كلغ": "kg",
    "كيلوغرام": "kg", "كيلوغراما": "kg", "كيلوغرامات": "kg", "كيلوجرام": "kg", "كيلوجراما": "kg",
    "كيلوجرامات": "kg", "كيلو": "kilo", "غرام": "g", "غراما": "g", "غرامات": "g", "جرام": "g", "جراما": "g",
    "جرامات": "g", "طن": "ton", "طنا": "ton", "أطنان": "ton", "رطل": "lb", "رطلا": "lb", "أرطال": "lb",
    "قدم": "ft", "قدما": "ft", "أقدام": "ft", "بوصة": "inch", "بوصات": "inch", "إنش": "inch",
    "إنشات": "inch", "دولار": "usd", "دولارا": "usd", "دولارات": "usd", "يورو": "eur", "جنيه": "pound",
    "جنيها": "pound", "جنيهات": "pound", "إسترليني": "pound", "درجة": "degree", "درجات": "degree",
    "ساعة": "hour", "ساعات": "hour", "دقيقة": "minute", "دقائق": "minute", "ثانية": "second",
    "ثوان": "second", "ثواني": "second", "يوم": "day", "يوما": "day", "أيام": "day", "أسبوع": "week",
    "أسبوعا": "week", "أسابيع": "week", "شهر": "month", "شهرا": "month", "أشهر": "month",
    "شهور": "month", "سنة": "year", "سنوات": "year", "سنين": "year", "عام": "year", "عاما": "year",
    "أعوام": "year", "ريال": "riyal", "ريالا": "riyal", "ريالات": "riyal", "دينار": "dinar",
    "دينارا": "dinar", "دنانير": "dinar", "درهم": "dirham", "درهما": "dirham", "دراهم": "dirham",
    "ين": "yen", "يوان": "yuan", "روبية": "rupee",
})
_AR_DUAL = _nd({
    "ساعتين": "hour", "ساعتان": "hour", "دقيقتين": "minute", "دقيقتان": "minute", "يومين": "day",
    "يومان": "day", "أسبوعين": "week", "أسبوعان": "week", "شهرين": "month", "شهران": "month",
    "سنتين": "year", "سنتان": "year", "عامين": "year", "عامان": "year", "دولارين": "usd",
    "كيلومترين": "km", "مترين": "m", "ميلين": "mile", "قرنين": None, "عقدين": None,
})
# common nouns in the dual that translations render with "two" (or both / twice / a pair):
# the number two, reported when it goes missing. Only indefinite forms: "the two sides"
# (الفريقين) is as often "the sides" in English.
_AR_DUAL_NOUNS = _nd({w: None for w in """
    مباراتين مباراتان نقطتين نقطتان سيارتين سيارتان سيارتا ركلتي ركلتين ركلتا حفرتين تسديدتين
    هدفين هدفان دولتين دولتان الدولتين الدولتان حكومتين الحكومتين الحكومتان شخصين شخصان
    طفلين طفلان رجلين رجلان امرأتين طائرتين طائرتان صاروخين جنديين فريقين فريقان الفريقين الفريقان
    حزبين مدينتين جزأين قسمين نوعين نوعان مرحلتين جولتين حلقتين نسختين قضيتين محاولتين المحاولتان
    شركتين الشركتين الشركتان مرشحين? مقعدين ولايتين كلمتين سؤالين خيارين مستشفيين جسرين منزلين
    """.split() if not w.endswith("?") and not w.startswith("ال")})
_AR_PERCENT = [(_arn("في"), _arn("المئة")), (_arn("في"), _arn("المائة")), (_arn("في"), _arn("المئه"))]
_AR_PERCENT1 = {_arn(w) for w in ("بالمئة", "بالمائة", "بالمئه", "%")}
_AR_ADJ_N = _nd({"ثنائي": 2, "ثنائية": 2, "ثلاثي": 3, "ثلاثية": 3, "رباعي": 4, "رباعية": 4, "خماسي": 5,
                 "خماسية": 5, "سداسي": 6, "سداسية": 6, "سباعي": 7, "سباعية": 7, "سباعيات": 7})
_AR_TWO_CONSTRUCT = {_arn(w) for w in ("اثنا", "اثني", "اثنتا", "اثنتي", "إثنا", "إثني")}
_AR_PREFIX_CONJ = ("و", "ف")
_AR_PREFIX_PREP = ("ب", "ل", "ك")


@functools.lru_cache(maxsize=100_000)
def _ar_stems(word: str) -> tuple[tuple[str, str], ...]:
    """(stem, prefixes) candidates for a normalised Arabic token, the whole token first
    (memoised: a number parse asks for the same words many times)."""
    return tuple(_ar_stem_candidates(word))


def _ar_stem_candidates(word: str):
    yield word, ""
    seen = {word}
    for conj in ("",) + _AR_PREFIX_CONJ:
        if conj and not word.startswith(conj):
            continue
        w1 = word[len(conj):]
        for prep in ("",) + _AR_PREFIX_PREP:
            if prep and not w1.startswith(prep):
                continue
            w2 = w1[len(prep):]
            cands = [(w2, conj + prep)]
            if w2.startswith("ال"):
                cands.append((w2[2:], conj + prep + "ال"))
            if prep == "ل" and w2.startswith("ل"):  # لل = ل + ال
                cands.append((w2[1:], conj + "لل"))
            for stem, pre in cands:
                if stem in seen or len(stem) < 2:
                    continue
                if pre and pre[-1] in "بلك" and not pre.endswith("ال") and len(stem) <= 2:  # لست "I am not", بست
                    continue
                seen.add(stem)
                yield stem, pre


# --------------------------------------------------------------------------- English lexicon

_EN_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_SCALE_ABBR = {"bn": 1e9, "billion": 1e9, "m": 1e6, "mn": 1e6, "mln": 1e6, "tn": 1e12, "k": 1e3}
_EN_ORD = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_EN_ORD.update({w: 10 * (i + 2) for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())})
_EN_ORD.update({"hundredth": 100, "thousandth": 1000, "millionth": 1e6})
_EN_FRAC = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
_EN_MONTHS.update({"Jan": 1, "Feb": 2, "Aug": 8, "Sept": 9, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12})
_EN_WEEKDAYS = {d: i + 1 for i, d in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}
_EN_DECADE_WORDS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split())}
_EN_UNITS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "cm": "cm", "centimetre": "cm",
    "centimetres": "cm", "centimeter": "cm", "centimeters": "cm", "mm": "mm", "millimetre": "mm",
    "millimetres": "mm", "millimeter": "mm", "millimeters": "mm", "mile": "mile", "miles": "mile",
    "mi": "mile", "ft": "ft", "foot": "ft", "feet": "ft", "inch": "inch", "inches": "inch",
    "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "g": "g", "gram": "g", "grams": "g", "ton": "ton", "tons": "ton", "tonne": "ton", "tonnes": "ton",
    "lb": "lb", "lbs": "lb", "pound": "pound", "pounds": "pound", "dollar": "usd", "dollars": "usd",
    "usd": "usd", "euro": "eur", "euros": "eur", "eur": "eur", "gbp": "pound", "sterling": "pound",
    "percent": "percent", "pct": "percent", "degree": "degree", "degrees": "degree", "mph": "mph",
    "kph": "kmh", "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "minute": "minute",
    "minutes": "minute", "min": "minute", "mins": "minute", "second": "second", "seconds": "second",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "riyal": "riyal", "riyals": "riyal", "rial": "riyal",
    "rials": "riyal", "dinar": "dinar", "dinars": "dinar", "dirham": "dirham", "dirhams": "dirham",
    "yen": "yen", "yuan": "yuan", "rupee": "rupee", "rupees": "rupee",
}
_EN_VAGUE_N = {"couple": 2, "pair": 2, "both": 2, "twice": 2, "double": 2, "doubled": 2, "twin": 2, "twins": 2,
               "triple": 3, "tripled": 3, "treble": 3, "trio": 3, "quadruple": 4, "quadrupled": 4,
               "decade": 10, "century": 100, "dozens": 12}
_TZ = {"gmt", "utc", _arn("بتوقيت"), _arn("التوقيت"), _arn("غرينتش"), _arn("جرينتش")}
_AR_DAYPART = {_arn(w) for w in ("صباحا", "صباحاً", "صباحًا", "مساء", "مساءً", "مساءا", "ظهرا", "ظهرًا", "ظهراً",
                                  "فجرا", "فجرًا", "ليلا", "ليلًا", "ليلاً", "صباح", "ص", "م")}
_CURRENCY_SYMBOLS = {"$": "usd", "€": "eur", "£": "pound"}
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VAL = {"I": 1, "V": 5, "X": 10}

# units whose disagreement is reported (a unit that is None fits anything)
_COMPATIBLE = {frozenset(("kilo", "km")), frozenset(("kilo", "kg")),frozenset(("pound", "lb")), frozenset(("km", "kmh")), frozenset(("mile", "mph")), frozenset(("degree", "celsius")), frozenset(("degree", "fahrenheit"))}
_CONVERSIONS = [("km", "mile", 0.621371), ("m", "ft", 3.28084), ("kg", "lb", 2.20462),
                ("kg", "pound", 2.20462), ("cm", "inch", 0.393701), ("km2", "mile2", 0.386102),
                ("kmh", "mph", 0.621371), ("mm", "inch", 0.0393701), ("m", "yard", 1.09361),
                ("ton", "lb", 2204.62), ("ton", "ton", 1.10231)]
