"""Number checker: compare the VALUES of the numbers in an Arabic source and its English translation.

Extraction (``extract_numbers(text, lang)``) finds digits of the three systems (0-9, ٠-٩, ۰-۹)
with the Arabic separators ٫ (decimal) ٬ (thousands) and ٪, grouped thousands (1,200,000;
1.200.000 only with two or more dot groups), decimals, signs, dash ranges, number words of both
languages (compounds, duals, scale words after digits, attached Arabic prefixes و ف ب ل ك ال),
fractions, ordinals, months of both Arabic naming systems (a "تموز/يوليو" pair is one month),
weekdays, years, decades, clock times, units and long digit strings (phones, ids).

Conventions:

* ``value`` is the normalised number (4 ملايين -> 4e6, نصف -> 0.5); months 1-12, weekdays
  Monday=1 ... Sunday=7, decades their first year (الستينيات -> 1960), times hours modulo 12
  plus minutes/60 (so 15:30, 3:30 pm and 03.30 compare equal).
* Ranges "10-15" / "١٠–١٥" are ONE quantity with ``value``=10 and ``high``=15. Ranges written
  with words ("between 10 and 15") are two quantities. A range matches a range with the same
  ends or, failing that, its two ends are compared as two numbers.
* Units (canonical): km m cm mm mile ft inch km2 mile2 kg g ton lb pound (currency or weight:
  English "pounds", Arabic جنيه, £) usd eur percent degree celsius fahrenheit kmh mph, and
  durations hour minute second day week month year.
* kind "digits": a digit string of 7+ digits without separators, or phone-style groups
  (leading + or 00, or 3+ groups joined by spaces/dashes). ``digits`` holds the Western digit
  string with a leading "+" / "00" removed; two digit strings match when equal.

Comparison rule (``check_numbers``):

1. range == range with the same ends; other ranges are split into their two ends;
2. exact value equality (digit strings equal for kind "digits"), kind-compatible (months only
   with months, weekdays with weekdays, clock times with times; numbers, ordinals, years,
   percents, decades compare freely) and unit-compatible (a missing unit fits any unit),
   preferring same kind and unit, then nearest position;
3. rounding: "1.2 million" (written with a decimal or scale word) matches 1,234,567 when the
   latter rounds to it at the former's precision;
4. unit conversion (km/mile, m/ft, kg/lb, cm/inch, km2/mile2, kmh/mph, celsius/fahrenheit)
   within 4% -> ``unit-converted`` (info); the same value with another unit -> ``unit-changed``;
5. leftovers: one source and one target quantity of compatible kind/unit pair up in order of
   appearance -> ``number-changed``; the rest -> ``number-missing`` (source) / ``number-extra``
   (target). A leftover target that is a unit conversion of any source quantity is info.
   Leftovers whose value occurs on the other side anyway (repeated mentions) are not reported.

Leniency ("weak" quantities take part in matching but are never reported): the value 1 or the
ordinal 1 written as a word (أحد, واحد, الأول, one, a, first), noon/midnight, numbers glued to
Latin letters (codes such as F-16, A380, G20). Vague plurals without a number (عشرات, مئات,
آلاف, dozens, hundreds, thousands) and both/كلا/twice/مرتين give no quantity at all.
"""

from __future__ import annotations

import bisect
import math
import functools
import re
from dataclasses import dataclass

from bitext.check.findings import (
    ARABIC_DIGITS,
    ERROR,
    INFO,
    NUMBER_CHANGED,
    NUMBER_EXTRA,
    NUMBER_MISSING,
    UNIT_CHANGED,
    UNIT_CONVERTED,
    WARNING,
    Finding,
)

__all__ = ["Quantity", "extract_numbers", "check_numbers", "arabic_digit_findings", "western_digits"]


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str
    unit: str | None
    span: tuple[int, int]
    text: str
    digits: str | None = None
    high: float | None = None


# --------------------------------------------------------------------------- normalisation

# pairing numbers: above this many (source x target) pairs in one sentence pair, each source number
# is compared only with the NEAREST_NUMBERS target numbers nearest to it (see check_numbers)
MAX_NUMBER_PAIRS = 20_000
NEAREST_NUMBERS = 64

_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)},
           0x066B: ".", 0x066C: ",", 0x066A: "%", 0x2212: "-", 0x2013: "–", 0xFF05: "%"}
# every replacement is one character, so offsets in the normalised text are offsets in the text

_AR_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _arn(word: str) -> str:
    return _AR_DIAC.sub("", word).translate(_AR_LETTERS)


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


def _ar_stems(word: str):
    """Yield (stem, prefixes) candidates for a normalised Arabic token, the whole token first."""
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


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
 (?P<frac>(?<![\d/.,])\d{1,2}/\d{1,2}(?![\d/]))
|(?P<time>(?<![\d.,:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))
|(?P<decade>(?<![\w.,'’])['’]?(?:1\d|20)?\d0['’]?s(?![A-Za-z]))
|(?P<ordn>(?<![\w.,])\d+(?:st|nd|rd|th)(?![A-Za-z]))
|(?P<num>(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?)(?!\d|,\d))
|(?P<word>(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+)
|(?P<sym>[^\w\s])
""", re.X)
_PHONE = re.compile(r"(?<![\w+.,])(?:\+\s?|00)?\d[\d \-]{5,}\d(?![\d.,]\d)")


@dataclass
class _Tok:
    type: str
    text: str  # original text
    norm: str  # normalised (lowercase for English, _arn for Arabic words; digits Western)
    start: int
    end: int


def _tokenize(text: str, lang: str) -> tuple[str, list[_Tok]]:
    norm = text.translate(_DIGITS)
    norm = re.sub(r"<[^<>]{0,80}>", lambda m: " " * len(m.group(0)), norm)  # markup such as <seg id="1">
    if lang == "ar":
        norm = re.sub(r"(?<=\d)[،,](?=\d{3}(?!\d))", ",", norm)  # 783،562: Arabic comma between digits
        norm = re.sub(r"(?<=\d)[,،](?=\d{1,2}(?![\d,]))", ".", norm)  # 6,34: decimal comma
    phones = []
    for m in _PHONE.finditer(norm):
        s = m.group(0).rstrip()
        groups = re.findall(r"\d+", s)
        ndig = sum(map(len, groups))
        lead = s.startswith("+") or s.startswith("00")
        if ndig >= 7 and (lead or len(groups) >= 3):
            if not lead and len(groups) >= 3 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
                continue  # 1 200 000 (space-grouped thousands) is a number
            phones.append((m.start(), m.start() + len(s)))
    toks: list[_Tok] = []
    pi = 0
    for m in _TOKEN.finditer(norm):
        s, e = m.span()
        while pi < len(phones) and phones[pi][1] <= s:
            pi += 1
        if pi < len(phones) and phones[pi][0] < e and s < phones[pi][1]:
            ps, pe = phones[pi]
            if not toks or toks[-1].start != ps:
                toks.append(_Tok("phone", text[ps:pe], norm[ps:pe], ps, pe))
            continue
        typ = m.lastgroup
        t = text[s:e]
        if typ == "word":
            n = _arn(t) if lang == "ar" and re.match(r"[\u0600-\u06ff]", t) else t.lower()
        else:
            n = norm[s:e]
        toks.append(_Tok(typ, t, n, s, e))
    return norm, toks


def _num_value(s: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        return float(s.replace(".", ""))
    return float(s.replace(",", ""))


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s and not re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s) else 0


# --------------------------------------------------------------------------- parsing


class _Builder:
    def __init__(self, text: str, toks: list[_Tok]):
        self.text = text
        self.toks = toks
        self.out: list[tuple[Quantity, dict]] = []

    def add(self, value, kind, unit, s, e, digits=None, high=None, **info):
        q = Quantity(float(value), kind, unit, (s, e), self.text[s:e], digits, None if high is None else float(high))
        self.out.append((q, info))

    def gap(self, i: int, j: int) -> str:
        """Text between token i and token j."""
        return self.text[self.toks[i].end:self.toks[j].start]


def _kind_for_digits(value: float, s: str, unit, scaled: bool) -> str:
    if unit is None and not scaled and re.fullmatch(r"\d{4}", s) and 1000 <= value <= 2100:
        return "year"
    return "percent" if unit == "percent" else "number"


def _en_units(toks: list[_Tok], j: int, text: str) -> tuple[str | None, int]:
    """Unit starting at token j (after a number); returns (unit, index after the unit)."""
    n = len(toks)
    if j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n and toks[j + 1].type == "word":
        j0 = j + 1  # 4-month-old, 20-km
    else:
        j0 = j
    if j0 >= n:
        return None, j
    t = toks[j0]
    w = t.norm
    if t.type == "sym" and t.text == "%":
        return "percent", j0 + 1
    if t.type == "sym" and t.text == "°" and j0 + 1 < n and toks[j0 + 1].text in ("C", "F"):
        return ("celsius" if toks[j0 + 1].text == "C" else "fahrenheit"), j0 + 2
    if t.type != "word":
        return None, j
    if w == "per" and j0 + 1 < n and toks[j0 + 1].norm == "cent":
        return "percent", j0 + 2
    if w == "percentage" and j0 + 1 < n and toks[j0 + 1].norm == "points":
        return "percent", j0 + 2
    if w in ("square", "sq") and j0 + 1 < n and toks[j0 + 1].norm in _EN_UNITS:
        u = _EN_UNITS[toks[j0 + 1].norm]
        return (u + "2" if u in ("km", "mile", "m") else u), j0 + 2
    if w == "km" and j0 + 2 < n and toks[j0 + 1].text == "/" and toks[j0 + 2].norm == "h":
        return "kmh", j0 + 3
    u = _EN_UNITS.get(w)
    if u is None:
        return None, j
    if w in ("m", "g", "min", "mi") and t.text != w:
        return None, j
    if u in ("km", "mile") and j0 + 2 < n and toks[j0 + 1].norm in ("per", "an", "a") and toks[j0 + 2].norm == "hour":
        return ("kmh" if u == "km" else "mph"), j0 + 3
    if u == "degree" and j0 + 1 < n and toks[j0 + 1].text in ("Celsius", "C", "centigrade", "Fahrenheit", "F"):
        return ("fahrenheit" if toks[j0 + 1].text in ("Fahrenheit", "F") else "celsius"), j0 + 2
    if u in ("km", "m", "mile") and j0 + 1 < n and toks[j0 + 1].text in ("²", "2") and toks[j0 + 1].start == t.end:
        return u + "2", j0 + 2
    if u == "second" and t.text == "second" and j0 + 1 < n and toks[j0 + 1].type == "word" \
            and toks[j0 + 1].norm not in ("and", "or", "of", "in", "to"):
        return None, j  # "2 second place"? keep second as ordinal
    return u, j0 + 1


def _en_word_number(toks: list[_Tok], i: int):
    """Parse an English cardinal written in words from token i; returns (value, end_index, n_words) or None."""
    n = len(toks)
    total, cur = 0.0, 0.0
    j = i
    last = None  # "small", "tens", "scale"
    any_word = False
    while j < n:
        t = toks[j]
        w = t.norm if t.type == "word" else None
        if w is None:
            break
        if w in ("a", "an") and not any_word and j + 1 < n and toks[j + 1].norm in ("hundred", "thousand", "million", "billion", "trillion"):
            cur = 1
            last = "small"
            j += 1
            continue
        if w in _EN_SMALL:
            if last in ("small",):
                break
            if last == "tens" and _EN_SMALL[w] >= 10:
                break
            cur += _EN_SMALL[w]
            last = "small"
        elif w in _EN_TENS:
            if last in ("small", "tens"):
                break
            cur += _EN_TENS[w]
            last = "tens"
        elif w in _EN_SCALE:
            sc = _EN_SCALE[w]
            if sc == 100:
                if last == "scale100":
                    break
                cur = (cur or 1) * 100
                last = "scale100"
            else:
                total += (cur or 1) * sc
                cur = 0
                last = "scale"
        else:
            break
        any_word = True
        j += 1
        # connectors: twenty-five, two hundred and fifty
        if j + 1 < n and toks[j].type == "sym" and toks[j].text == "-" and last == "tens" \
                and toks[j + 1].norm in _EN_SMALL and toks[j].start == toks[j - 1].end:
            j += 1
        elif j + 1 < n and toks[j].norm == "and" and last in ("scale", "scale100") \
                and (toks[j + 1].norm in _EN_SMALL or toks[j + 1].norm in _EN_TENS):
            j += 1
    if not any_word:
        return None
    while j > i and toks[j - 1].type != "word":
        j -= 1
    return total + cur, j



def _add_phone(b, t) -> None:
    """A long digit string (phone, id): compared exactly, without a leading 00."""
    digits = re.sub(r"\D", "", t.norm)
    digits = digits[2:] if t.norm.startswith("00") else digits
    b.add(float(digits), "digits", None, t.start, t.end, digits=digits)


def _clock(hours: str, minutes: str) -> float:
    """Clock time as hours on a 12-hour dial: 12:00, 00:00 and 24:00 meet."""
    return int(hours) % 12 + int(minutes) / 60

def _parse_en(text: str, norm: str, toks: list[_Tok]) -> list[tuple[Quantity, dict]]:
    b = _Builder(text, toks)
    n = len(toks)
    i = 0

    def prev_word(k):
        return toks[k - 1].norm if k > 0 and toks[k - 1].type == "word" else None

    def sentence_start(k):
        return k == 0 or toks[k - 1].text in ('.', '"', '“', '!', '?', ':', '(', '‘', "'")

    while i < n:
        t = toks[i]
        if t.type == "phone":
            _add_phone(b, t)
            i += 1
            continue
        if t.type == "frac":
            a_, b_ = map(int, t.norm.split("/"))
            if b_:
                b.add(a_ / b_, "number", None, t.start, t.end, weak=True)  # 2/3, 9/11, 24/7
            i += 1
            continue
        if t.type == "time":
            h, mnt = t.norm.split(":")[:2]
            e = t.end
            j = i + 1
            if j < n and toks[j].norm in ("am", "pm", "a", "p", "gmt", "utc"):
                e = toks[j].end
                j += 1
            b.add(_clock(h, mnt), "time", None, t.start, e)
            i = j
            continue
        if t.type == "decade":
            digits = re.sub(r"\D", "", t.norm)
            v = int(digits)
            alt = None
            if v < 100:
                alt = v if not re.match(r"['’]", t.text) else None
                v += 1900 if v >= 20 else 2000
            b.add(v, "decade", None, t.start, t.end, alt=alt)
            i += 1
            continue
        if t.type == "ordn":
            b.add(int(re.sub(r"\D", "", t.norm)), "ordinal", None, t.start, t.end)
            i += 1
            continue
        if t.type == "num":
            s = t.start
            unit = None
            # currency symbol before: $5, US$5, € 5
            k = i - 1
            if k >= 0 and toks[k].type == "sym" and toks[k].text in _CURRENCY_SYMBOLS:
                unit = _CURRENCY_SYMBOLS[toks[k].text]
                s = toks[k].start
                if k - 1 >= 0 and toks[k - 1].text in ("US", "A", "C", "NZ", "HK") and toks[k - 1].end == toks[k].start:
                    s = toks[k - 1].start
            elif k >= 0 and toks[k].type == "word" and toks[k].text in ("USD", "EUR", "GBP", "US$"):
                unit = _EN_UNITS[toks[k].norm]
                s = toks[k].start
            value = _num_value(t.norm)
            # sign
            code = False
            neg = False
            if s == t.start and s >= 1 and norm[s - 1] == "-" and (s == 1 or norm[s - 2] in " (\t") \
                    and not (b.out and b.out[-1][0].span[1] >= s - 2 and b.out[-1][0].kind != "digits"):
                s -= 1
                value = -value
                neg = text[s] == "-"
            if t.start >= 1 and re.match(r"[A-Za-z]", norm[t.start - 1]) or \
                    (t.start >= 2 and norm[t.start - 1] == "-" and re.match(r"[A-Za-z]", norm[t.start - 2])):
                code = True
            dec = _decimals(t.norm)
            scaled = False
            j = i + 1
            e = t.end
            prec = None
            while j < n and toks[j].type == "word" and (toks[j].norm in _EN_SCALE or (
                    toks[j].norm in _EN_SCALE_ABBR and (unit or toks[j].norm != "m") and toks[j].start == t.end)):
                value *= _EN_SCALE.get(toks[j].norm) or _EN_SCALE_ABBR[toks[j].norm]
                scaled = True
                e = toks[j].end
                j += 1
            if scaled:
                prec = 10.0 ** (-dec) * (value / _num_value(t.norm) if _num_value(t.norm) else 1)
            if j < n and toks[j].norm in ("dozen",):
                value *= 12
                e = toks[j].end
                j += 1
            if len(t.norm) >= 7 and t.norm.isdigit():
                b.add(value, "digits", None, s, e, digits=t.norm)
                i = j
                continue
            if dec == 2 and j < n and toks[j].norm in _TZ and value < 24:
                b.add(int(value) % 12 + round((value % 1) * 100) / 60, "time", None, s, toks[j].end)
                i = j + 1
                continue
            if t.norm.isdigit() and len(t.norm) == 4 and j < n and toks[j].norm in ("gmt", "utc", "hours", "hrs") \
                    and int(t.norm[:2]) < 24 and int(t.norm[2:]) < 60:
                b.add(int(t.norm[:2]) % 12 + int(t.norm[2:]) / 60, "time", None, s, toks[j].end)
                i = j + 1
                continue
            if j < n and toks[j].norm in ("o", "oclock") and j + 2 < n and toks[j + 2].norm == "clock":
                b.add(value % 12, "time", None, s, toks[j + 2].end)
                i = j + 3
                continue
            if j < n and toks[j].norm in ("am", "pm") or (j + 2 < n and toks[j].norm in ("a", "p") and toks[j + 1].text == "."
                                                         and toks[j + 2].norm == "m"):
                end = toks[j].end if toks[j].norm in ("am", "pm") else toks[j + 2].end
                hv = int(value) % 12 + (round((value % 1) * 100) / 60 if dec == 2 else 0)
                b.add(hv, "time", None, s, end)
                i = j + 1 if toks[j].norm in ("am", "pm") else j + 3
                continue
            u, j2 = _en_units(toks, j, text)
            if u is not None:
                if unit is None or unit == u:
                    unit = u
                    e = toks[j2 - 1].end
                    j = j2
            # "X and a half"
            if j + 2 < n and toks[j].norm == "and" and toks[j + 1].norm == "a" and toks[j + 2].norm == "half":
                value += 0.5
                e = toks[j + 2].end
                j += 3
            kind = _kind_for_digits(value, t.norm, unit, scaled)
            b.add(value, kind, unit, s, e, code=code, prec=prec, alt=-value if neg else None)
            i = j
            continue
        if t.type != "word":
            i += 1
            continue
        w = t.norm
        # months and weekdays (capitalised)
        if t.text in _EN_MONTHS:
            ok = True
            if t.text in ("May", "March", "Jan", "Sep", "Sept", "Dec", "Oct", "Nov", "Feb", "Aug"):
                near_num = (i + 1 < n and toks[i + 1].type in ("num", "ordn")) or (i > 0 and toks[i - 1].type in ("num", "ordn")) \
                    or (t.text != "May" and i + 2 < n and toks[i + 1].text == "." and toks[i + 2].type in ("num", "ordn"))
                pw = prev_word(i)
                ok = near_num or pw in ("in", "of", "since", "until", "by", "early", "late", "mid", "last", "next", "on",
                                        "during", "from", "to", "through", "this", "till", "and", "or", "between")
                if t.text == "March" and not sentence_start(i) and pw not in ("a", "the", "to"):
                    ok = True
            if ok:
                b.add(_EN_MONTHS[t.text], "month", None, t.start, t.end)
                i += 1
                continue
        wd = t.text[:-1] if t.text.endswith("s") and t.text[:-1] in _EN_WEEKDAYS else t.text
        if wd in _EN_WEEKDAYS and not (i + 1 < n and toks[i + 1].type == "word" and toks[i + 1].text[:1].isupper()
                                       and toks[i + 1].text not in _EN_MONTHS):
            b.add(_EN_WEEKDAYS[wd], "weekday", None, t.start, t.end)
            i += 1
            continue
        if w in _EN_DECADE_WORDS and prev_word(i) in ("the", "their", "his", "her", "its", "late", "early", "mid"):
            b.add(1900 + _EN_DECADE_WORDS[w], "decade", None, t.start, t.end)
            i += 1
            continue
        if w in ("noon", "midday", "midnight"):
            b.add(0, "time", None, t.start, t.end, weak=True)
            i += 1
            continue
        if len(t.text) >= 2 and _ROMAN.match(t.text) and t.text.isupper() and i > 0 and toks[i - 1].type == "word" \
                and toks[i - 1].text[:1].isupper() and t.text not in ("I", "DC", "CD"):
            v, prev = 0, 0
            for ch in reversed(t.text):
                x = _ROMAN_VAL[ch]
                v = v - x if x < prev else v + x
                prev = max(prev, x)
            b.add(v, "ordinal", None, t.start, t.end)
            i += 1
            continue
        # fractions
        if w in ("half",) and not (i + 1 < n and toks[i + 1].norm in ("a", "an") and i + 2 < n
                                   and toks[i + 2].norm in _EN_SCALE):
            if prev_word(i) in ("and",) and b.out and b.out[-1][0].span[1] >= toks[i - 2].end:
                i += 1
                continue
            b.add(0.5, "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        if w == "half" and i + 2 < n:
            b.add(0.5 * _EN_SCALE[toks[i + 2].norm], "number", None, t.start, toks[i + 2].end)
            i += 3
            continue
        m = re.fullmatch(r"(two|three|four|five|six|seven|eight|nine|ten)(balls?|somes?|fold)", w)
        if m:
            b.add(_EN_SMALL[m.group(1)], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        parsed = _en_word_number(toks, i)
        if parsed is not None and w not in ("a", "an"):
            value, j = parsed
            s, e = t.start, toks[j - 1].end
            if j < n and toks[j].norm in ("dozen",):
                value *= 12
                e = toks[j].end
                j += 1
            # two-thirds, three quarters, a third
            if j < n and toks[j].norm in ("thirds", "third", "quarters", "quarter") or \
                    (j + 1 < n and toks[j].text == "-" and toks[j + 1].norm in ("thirds", "third", "quarters", "quarter")):
                jj = j if toks[j].type == "word" else j + 1
                b.add(value * _EN_FRAC[toks[jj].norm], "number", None, s, toks[jj].end, weak=True)
                i = jj + 1
                continue
            if j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n and toks[j + 1].norm in _EN_ORD \
                    and toks[j - 1].norm in _EN_TENS:
                b.add(value + _EN_ORD[toks[j + 1].norm], "ordinal", None, s, toks[j + 1].end)
                i = j + 2
                continue
            weak = value == 1 and j == i + 1
            if j == i + 1 and w in _EN_SCALE:
                weak = True  # several million, hundreds
            if j + 1 < n and toks[j].text == "-" and toks[j + 1].norm in ("dimensional", "way", "fold"):
                weak = True
            if t.text[:1].isupper() and not sentence_start(i) and j == i + 1:
                weak = True  # Six Flags, Five Lands: names
            if w == "one" and j == i + 1 and i + 1 < n and toks[i + 1].norm in ("of", "another", "day", "by", "way"):
                weak = True
            if j < n and toks[j].norm in ("o", "oclock") and j + 2 < n and toks[j + 2].norm == "clock":
                b.add(value % 12, "time", None, s, toks[j + 2].end)
                i = j + 3
                continue
            unit, j2 = _en_units(toks, j, text)
            if unit is not None:
                e = toks[j2 - 1].end
                j = j2
            if j + 2 < n and toks[j].norm == "and" and toks[j + 1].norm == "a" and toks[j + 2].norm == "half":
                value += 0.5
                e = toks[j + 2].end
                j += 3
            b.add(value, "percent" if unit == "percent" else "number", unit, s, e, weak=weak)
            i = j
            continue
        if w in ("a", "an", "one") and i + 1 < n and toks[i + 1].norm in ("third", "quarter", "dozen", "fifth", "tenth") and (
                toks[i + 1].norm == "dozen" or i + 2 >= n or toks[i + 2].type != "word"
                or toks[i + 2].norm in ("of", "the", "and", "or", "to", "in", "on", "at", "for", "by", "from")):
            v = 12 if toks[i + 1].norm == "dozen" else _EN_FRAC.get(toks[i + 1].norm) or 1 / _EN_ORD[toks[i + 1].norm]
            b.add(v, "number", None, t.start, toks[i + 1].end, weak=v != 12)
            i += 2
            continue
        if w in ("a", "an") and parsed is not None:
            value, j = parsed
            if j > i + 1:
                e = toks[j - 1].end
                unit, j2 = _en_units(toks, j, text)
                if unit is not None:
                    e = toks[j2 - 1].end
                    j = j2
                b.add(value, "number", unit, t.start, e)
                i = j
                continue
        if w == "dozen":
            b.add(12, "number", None, t.start, t.end)
            i += 1
            continue
        if w in _EN_VAGUE_N:
            b.add(_EN_VAGUE_N[w], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        if w in _EN_ORD:
            v = _EN_ORD[w]
            if w == "second" and (prev_word(i) in ("a", "per", "split", "every", "each", "one", "fraction")):
                i += 1
                continue
            discourse = sentence_start(i) and i + 1 < n and toks[i + 1].text == "," or (
                w == "third" and prev_word(i) in ("final", "middle", "attacking", "defensive"))
            b.add(v, "ordinal", None, t.start, t.end, weak=(v == 1) or discourse)
            i += 1
            continue
        if t.text in ("WWI", "WWII"):
            b.add(len(t.text) - 2, "ordinal", None, t.start, t.end)
            i += 1
            continue
        i += 1
    return b.out


def _parse_ar(text: str, norm: str, toks: list[_Tok]) -> list[tuple[Quantity, dict]]:
    b = _Builder(text, toks)
    n = len(toks)

    def lookup(k, table):
        """(value, prefix) when token k (an Arabic word) is in table, allowing attached prefixes."""
        if k >= n or toks[k].type != "word":
            return None
        for stem, pre in _ar_stems(toks[k].norm):
            if stem in table:
                return table[stem], pre
            if stem.endswith("ا") and stem[:-1] in table and table is _AR_CARD and len(stem) > 3:
                return table[stem[:-1]], pre  # ثلاثاً
        return None

    def ar_unit(j):
        """Unit after a number at token j: returns (unit, end index)."""
        if j >= n:
            return None, j
        t = toks[j]
        if t.type == "sym" and t.norm == "%":
            return "percent", j + 1
        if t.type == "word":
            if t.norm in _AR_PERCENT1 or (t.norm.startswith("و") and t.norm[1:] in _AR_PERCENT1):
                return "percent", j + 1
            if j + 1 < n and (t.norm, toks[j + 1].norm) in _AR_PERCENT:
                return "percent", j + 2
            if t.norm.lower() in _EN_UNITS and re.match(r"[A-Za-z]", t.text):
                u, j2 = _en_units(toks, j, text)
                return u, j2
            hit = None
            for stem, pre in _ar_stems(t.norm):
                if stem in _AR_UNITS and pre in ("", "ال"):
                    hit = _AR_UNITS[stem]
                    break
            if hit is None:
                return None, j
            if hit in ("km", "m", "mile") and j + 1 < n and toks[j + 1].norm in (_arn("مربع"), _arn("مربعا"), _arn("مربعة")):
                return hit + "2", j + 2
            if hit == "degree" and j + 1 < n and toks[j + 1].type == "word":
                nx = toks[j + 1].norm
                if nx.startswith(_arn("مئوي")):
                    return "celsius", j + 2
                if nx.startswith(_arn("فهرنهايت")) or nx.startswith(_arn("فهرنهيت")):
                    return "fahrenheit", j + 2
                if nx == _arn("مئوية") or nx == "c":
                    return "celsius", j + 2
            if hit in ("km", "mile") and j + 2 < n and toks[j + 1].norm in (_arn("في"), "/") \
                    and toks[j + 2].norm in (_arn("الساعة"), _arn("ساعة"), _arn("س"), _arn("سا")):
                return ("kmh" if hit == "km" else "mph"), j + 3
            if hit == "kilo" and j + 1 < n and toks[j + 1].norm.startswith(_arn("متر")):
                return "km", j + 2
            return hit, j + 1
        if t.type == "sym" and t.text == "°" and j + 1 < n and toks[j + 1].text in ("C", "F", "م", "س"):
            return ("fahrenheit" if toks[j + 1].text == "F" else "celsius"), j + 2
        return None, j

    def scale_after(j):
        """Scale word(s) after a number: returns (factor, end index)."""
        f = 1.0
        while j < n and toks[j].type == "word":
            st = toks[j].norm
            if st in _AR_SCALE_PL:
                f *= _AR_SCALE_PL[st]
            elif st in _AR_CARD and _AR_CARD[st] in (1000, 1e6, 1e9, 1e12):
                f *= _AR_CARD[st]
            elif st in (_arn("ألف"), _arn("ألفا")):
                f *= 1000
            else:
                break
            j += 1
        return f, j

    i = 0
    while i < n:
        t = toks[i]
        if t.type == "phone":
            _add_phone(b, t)
            i += 1
            continue
        if t.type == "time":
            h, mnt = t.norm.split(":")[:2]
            b.add(_clock(h, mnt), "time", None, t.start, t.end)
            i += 1
            continue
        if t.type in ("num", "decade", "ordn", "frac"):
            if t.type != "num" and t.type != "frac":  # Latin forms inside Arabic text: reuse the English parser on this token
                b.out.extend(_parse_en(text, norm, [t]))
                i += 1
                continue
            if t.type == "frac":
                b.out.extend(_parse_en(text, norm, [t]))
                i += 1
                continue
            s = t.start
            unit = None
            k = i - 1
            if k >= 0 and toks[k].type == "sym" and toks[k].text in _CURRENCY_SYMBOLS:
                unit = _CURRENCY_SYMBOLS[toks[k].text]
                s = toks[k].start
            value = _num_value(t.norm)
            neg = False
            if s == t.start and s >= 1 and norm[s - 1] == "-" and (s == 1 or norm[s - 2] in " (\t") \
                    and not (b.out and b.out[-1][0].span[1] >= s - 2):
                s -= 1
                value = -value
                neg = text[s] == "-"
            code = t.start >= 1 and bool(re.match(r"[A-Za-z]", norm[t.start - 1])) or \
                (t.start >= 2 and norm[t.start - 1] == "-" and bool(re.match(r"[A-Za-z\u0600-\u06ff]", norm[t.start - 2])))
            if len(t.norm) >= 7 and t.norm.isdigit():
                b.add(value, "digits", None, s, t.end, digits=t.norm)
                i += 1
                continue
            if re.fullmatch(r"[012]\d[0-5]\d", t.norm) and i + 1 < n and (toks[i + 1].norm in (
                    _arn("التوقيت"), _arn("بتوقيت"), _arn("غرينتش"), _arn("جرينتش"), "gmt", "utc") or t.norm[0] == "0"):
                b.add(int(t.norm[:2]) % 12 + int(t.norm[2:]) / 60, "time", None, s, t.end)
                i += 1
                continue
            dec = _decimals(t.norm)
            if dec in (0, 2) and i + 1 < n and toks[i + 1].norm in _AR_DAYPART and _num_value(t.norm) < 24:
                v = _num_value(t.norm)
                b.add(int(v) % 12 + round((v % 1) * 100) / 60, "time", None, s, toks[i + 1].end)
                i += 2
                continue
            if dec == 2 and i + 1 < n and toks[i + 1].norm in _TZ and _num_value(t.norm) < 24:
                v = _num_value(t.norm)
                b.add(int(v) % 12 + round((v % 1) * 100) / 60, "time", None, s, t.end)
                i += 1
                continue
            f, j = scale_after(i + 1)
            value *= f
            e = toks[j - 1].end if j > i + 1 else t.end
            u, j2 = ar_unit(j)
            if u is None and j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n:
                u, j2 = ar_unit(j + 1)
                if u not in ("km", "m", "kg"):
                    u, j2 = None, j
            if u is not None and (unit is None or unit == u):
                unit = u
                e = toks[j2 - 1].end
                j = j2
            if j < n and toks[j].norm == _arn("ونصف"):
                value += 0.5 * f
                e = toks[j].end
                j += 1
            prec = 10.0 ** (-dec) * f if f > 1 else None
            alt = None
            if f == 1 and re.fullmatch(r"\d{1,3}\.\d{3}", t.norm):  # 150.000: thousands dot or decimal
                alt = value
                value = _num_value(t.norm.replace(".", ""))
                if not t.norm.endswith("000"):
                    value, alt = alt, value
                if s < t.start:
                    value, alt = -value, -alt
            if neg and alt is None:
                alt = -value  # -29- : a dash used as a bracket
            b.add(value, _kind_for_digits(value, t.norm, unit, f > 1), unit, s, e, code=code, prec=prec, alt=alt)
            i = j
            continue
        if t.type == "sym" and t.text == "°":
            i += 1
            continue
        if t.type != "word":
            i += 1
            continue
        w = t.norm
        # two-word months: كانون الثاني, تشرين الأول
        if i + 1 < n:
            for stem, pre in _ar_stems(w):
                if (stem, toks[i + 1].norm) in _AR_MONTH2:
                    b.add(_AR_MONTH2[(stem, toks[i + 1].norm)], "month", None, t.start, toks[i + 1].end)
                    i += 2
                    break
            else:
                stem = None
            if stem is not None:
                continue
        hit = lookup(i, _AR_MONTH1)
        if hit is not None and t.text.replace("ـ", "") not in ("أب", "اب") and not (
                hit[0] == 5 and i > 0 and toks[i - 1].norm in (_arn("السيدة"), _arn("تيريزا"), _arn("الوزراء"))):
            v, pre = hit
            ok = True
            if hit is not None and _arn("مارس") in (w, w[1:]):
                near = (i + 1 < n and toks[i + 1].type == "num") or (i > 0 and toks[i - 1].type == "num")
                ok = near or (i > 0 and toks[i - 1].norm in {_arn(x) for x in "في شهر منذ حتى خلال أوائل أواخر منتصف مطلع من إلى".split()})
            if ok:
                b.add(v, "month", None, t.start, t.end)
                i += 1
                continue
        if t.text in ("آب", "وآب") or (t.text == "أب" and ((i + 1 < n and toks[i + 1].type == "num") or (i > 0 and toks[i - 1].type == "num"))):
            b.add(8, "month", None, t.start, t.end)
            i += 1
            continue
        # weekdays (with the article or after يوم)
        hitw = None
        for stem, pre in _ar_stems(w):
            cand = stem if stem.startswith("ال") else "ال" + stem
            if cand in _AR_WEEKDAY and ("ال" in pre or stem.startswith("ال")):
                hitw = _AR_WEEKDAY[cand]
                break
        if hitw is not None and not (hitw == 1 and not (i > 0 and toks[i - 1].norm.endswith(_arn("يوم")))
                                     and not (i + 1 < n and (toks[i + 1].type == "num" or lookup(i + 1, _AR_MONTH1)))):
            b.add(hitw, "weekday", None, t.start, t.end)
            i += 1
            continue
        # decades: الستينيات (من) القرن الماضي / العشرين / التاسع عشر
        hit = lookup(i, _AR_DECADE)
        if hit is not None:
            base, j = 1900, i + 1
            if j < n and toks[j].norm == _arn("من"):
                j += 1
            if j < n and toks[j].norm == _arn("القرن"):
                j += 1
                o = lookup(j, _AR_ORD)
                if j < n and toks[j].norm in (_arn("الماضي"), _arn("العشرين")):
                    j += 1
                elif j < n and toks[j].norm in (_arn("الحالي"),):
                    base, j = 2000, j + 1
                elif o is not None:
                    c = o[0]
                    j += 1
                    if j < n and toks[j].norm in (_arn("عشر"), _arn("عشرة")):
                        c, j = c + 10, j + 1
                    elif j < n and toks[j].norm.startswith(_arn("والعشر")):
                        c, j = c + 20, j + 1
                    base = (c - 1) * 100
                else:
                    j = i + 1
            else:
                j = i + 1
            b.add(base + hit[0], "decade", None, t.start, toks[j - 1].end)
            i = j
            continue
        # percent words right after a number word are handled with the number; fractions
        hit = lookup(i, _AR_FRAC)
        if hit is not None and not (i + 1 < n and toks[i + 1].norm in (_arn("نهائي"), _arn("النهائي"))):
            b.add(hit[0], "number", None, t.start, t.end, weak=True, alt=hit[0] * 100)
            i += 1
            continue
        h = lookup(i, _AR_ADJ_N)
        if h is not None:
            b.add(h[0], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        # dual nouns (two days, two years ...)
        hit = lookup(i, _AR_DUAL)
        if hit is not None and hit[1] in ("", "و", "ب", "ل", "ف", "وب", "ول", "ال", "وال", "بال", "لل"):
            every = i > 0 and toks[i - 1].norm == _arn("كل")  # كل سنتين "biennial"
            b.add(2, "number", hit[0], t.start, t.end, weak=hit[0] is None or every)
            i += 1
            continue
        hit = lookup(i, _AR_DUAL_NOUNS)
        if hit is not None and hit[1] in ("", "و", "ب", "ل", "ف", "وب", "ول"):
            every = i > 0 and toks[i - 1].norm == _arn("كل")
            b.add(2, "number", None, t.start, t.end, weak=every)
            i += 1
            continue
        # ordinals: الثالث, الحادي عشر, الحادي والعشرين
        hit = lookup(i, _AR_ORD)
        if hit is not None:
            v, pre = hit
            stem = w[len(pre):] if pre and w.startswith(pre) else w
            j = i + 1
            e = t.end
            if j < n and toks[j].norm in (_arn("عشر"), _arn("عشرة")):
                v += 10
                e = toks[j].end
                j += 1
            elif j < n and toks[j].norm.startswith("و"):
                h2 = lookup(j, _AR_CARD)
                if h2 is not None and 20 <= h2[0] <= 90 and h2[1].startswith("و"):
                    v += h2[0]
                    e = toks[j].end
                    j += 1
            elif stem.startswith(_arn("حادي")):
                i += 1
                continue
            if v == 1:
                b.add(1, "ordinal", None, t.start, e, weak=True)
            elif v == 2 and j < n and toks[j].norm.startswith(_arn("أكسيد")):
                i = j
                continue  # ثاني أكسيد الكربون: dioxide
            elif v == 2 and stem in (_arn("ثانية"), _arn("الثانية")) and ("ال" not in pre and not stem.startswith("ال")
                                                                     or (i > 0 and toks[i - 1].norm == _arn("في"))):
                i = j
                continue  # مرة ثانية "again"; ثانية "a second"
            else:
                weak2 = False
                if v == 2 and ("ال" in pre or stem.startswith("ال")):
                    prev = toks[i - 1].norm if i > 0 and toks[i - 1].type == "word" else ""
                    prev = prev[1:] if prev[:1] in "وبلف" and prev[1:3] == "ال" else prev
                    # الثانية alone is "the latter"; الشوط الثاني "the restart"; السنة الثانية "sophomore"
                    weak2 = not prev.startswith("ال") or prev in (_arn("الشوط"), _arn("السنة"))
                b.add(v, "ordinal", None, t.start, e, weak=weak2)
            i = j
            continue
        # cardinal words
        hit = lookup(i, _AR_CARD)
        if hit is not None and hit[0] == 2 and w[len(hit[1]):] in _AR_TWO_CONSTRUCT and not (
                i + 1 < n and toks[i + 1].norm in (_arn("عشر"), _arn("عشرة"))):
            i += 1
            continue  # أثنى "praised", اثنا without عشر
        if hit is not None and hit[0] == 2 and "ال" in hit[1]:
            b.add(2, "number", None, t.start, t.end, weak=True)  # الاثنين "the two"
            i += 1
            continue
        if hit is None and lookup(i, _AR_VAGUE and {k: 0 for k in _AR_VAGUE}) is not None:
            i += 1
            continue
        if hit is not None:
            v0, pre = hit
            total, cur = 0.0, 0.0
            j = i
            last = None
            e = t.end
            weak = False
            while j < n:
                h = lookup(j, _AR_CARD) if j > i else hit
                pl = None
                if h is None and j > i and toks[j].type == "word" and toks[j].norm in _AR_SCALE_PL and not toks[j].norm.startswith("و"):
                    pl = _AR_SCALE_PL[toks[j].norm]
                    h = (pl, "")
                if h is None:
                    break
                v, p = h
                if j > i:
                    if p not in ("", "و") and not (p == "وال" and "ال" in pre):
                        break
                    has_wa = p.startswith("و")
                    if has_wa and last == "scale" and j + 1 < n:
                        nxt = lookup(j + 1, _AR_CARD)
                        nv = nxt[0] if nxt and nxt[1] == "" else _AR_SCALE_PL.get(toks[j + 1].norm)
                        if nv and nv >= 1000:
                            break  # مليوني وثلاثة ملايين: two numbers
                    curv = total + cur
                    if v >= 1000 or (v == 100 and cur < 10 and not has_wa and cur > 0):
                        if has_wa and v >= 1000 and v not in (2000, 2e6, 2e9):
                            break
                    elif v in (10,) and last == "unit" and not has_wa:
                        pass  # teens: ثلاثة عشر
                    elif has_wa:
                        if last == "unit" and 20 <= v <= 90 and j == i + 1:
                            pass  # خمسة وعشرون
                        elif curv >= 100 and v < (100 if cur == 0 and total == 0 else 1e18) and v < curv:
                            pass  # مئة وخمسة, ألف وخمسمائة
                        else:
                            break
                    else:
                        break
                # accumulate
                if v >= 1000 and v in (1000, 1e6, 1e9, 1e12):
                    total += (cur or 1) * v
                    cur = 0
                    last = "scale"
                elif v in (2000, 2e6, 2e9):
                    total += v if cur == 0 else cur * v / 2
                    cur = 0
                    last = "scale"
                elif v == 100 and 0 < cur < 10 and j > i and not toks[j].norm.startswith("و"):
                    cur *= 100
                    last = "hundred"
                elif v == 10 and last == "unit" and j > i:
                    cur += 10
                    last = "teen"
                else:
                    cur += v
                    last = "unit" if v < 10 else ("tens" if v < 100 else "hundred")
                e = toks[j].end
                j += 1
            value = total + cur
            if j == i + 1 and (value in (0, 1) or w[len(pre):] in (_arn("ستون"),)):
                weak = True  # واحد, صفر; ستون is also the name Stone
            if j == i + 1 and v0 == 10 and t.norm in (_arn("عشر"),) and i > 0 and lookup(i - 1, _AR_ORD):
                i += 1
                continue
            f, j2 = scale_after(j)
            if f > 1 and j2 > j:
                value *= f
                e = toks[j2 - 1].end
                j = j2
            u, j3 = ar_unit(j)
            if u is not None:
                e = toks[j3 - 1].end
                j = j3
            if j < n and toks[j].norm == _arn("ونصف"):
                value += 0.5
                e = toks[j].end
                j += 1
            century = i > 0 and toks[i - 1].norm == _arn("القرن") and 1 < value < 30
            b.add(value, "percent" if u == "percent" else "number", u, t.start, e, weak=weak,
                  alt=(value - 1) * 100 if century else None)
            i = j
            continue
        i += 1
    return b.out


def _postprocess(text: str, items: list[tuple[Quantity, dict]]) -> list[tuple[Quantity, dict]]:
    out: list[tuple[Quantity, dict]] = []
    for q, info in items:
        if out:
            p, pinfo = out[-1]
            between = text[p.span[1]:q.span[0]]
            # a month written in both naming systems: تموز/يوليو, تموز (يوليو)
            if p.kind == q.kind == "month" and p.value == q.value and re.fullmatch(r"[\s/()\-–,]*", between):
                out[-1] = (Quantity(p.value, "month", None, (p.span[0], q.span[1]), text[p.span[0]:q.span[1]]), pinfo)
                continue
            # ranges 10-15, ١٠–١٥
            if p.high is None and p.kind in ("number", "year", "percent") and q.kind in ("number", "year", "percent") \
                    and re.fullmatch(r"\s*[-–—]\s*", between) and not info.get("code") and not pinfo.get("code"):
                lo, hi = p.value, abs(q.value)
                if q.value < 0:  # "10 -15" read as a sign
                    pass
                if hi < lo and lo >= 1000 and hi < 100:  # 1990-91
                    hi = lo - lo % 100 + hi
                if hi > lo and (p.unit is None or q.unit is None or p.unit == q.unit):
                    unit = q.unit or p.unit
                    kind = "percent" if unit == "percent" else p.kind
                    out[-1] = (Quantity(lo, kind, unit, (p.span[0], q.span[1]), text[p.span[0]:q.span[1]], None, hi),
                               {**pinfo, "prec": None})
                    continue
        out.append((q, info))
    return out


# HTML/XML character references (&#39; &quot; &#x27;) left in MT output are not numbers
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


@functools.lru_cache(maxsize=65536)
def _extract(text: str, lang: str) -> tuple[tuple[Quantity, dict], ...]:
    """Quantities with parse details; memoised (check, align, view and eval read the
    same sentences several times). Callers must not modify the result."""
    return tuple(_extract_uncached(text, lang))


def _extract_uncached(text: str, lang: str) -> list[tuple[Quantity, dict]]:
    # blank them out with spaces of the same length, so every span stays valid
    text = _ENTITY_RE.sub(lambda m: " " * len(m.group()), text)
    norm, toks = _tokenize(text, lang)
    items = _parse_ar(text, norm, toks) if lang == "ar" else _parse_en(text, norm, toks)
    return _postprocess(text, items)


def extract_numbers(text: str, lang: str) -> list[Quantity]:
    """All quantities in ``text`` (``lang`` "ar" or "en"), in order of appearance."""
    if lang not in ("ar", "en"):
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    return [q for q, _ in _extract(text, lang)]


# --------------------------------------------------------------------------- comparison

# an Arabic noun in the dual (شعاعين, ساقين, مشكلتين): the number two without a number word
_AR_DUAL_RE = re.compile(r"[\u0621-\u064a\u064b-\u0652]{2,}(?:تين|تان|ين|ان|يين)(?:\u064b|\u064c|\u064d|\u064e|\u064f|\u0650)?(?![\u0621-\u064a])")

_GROUP = {"month": "month", "weekday": "weekday", "time": "time", "digits": "digits"}


@dataclass
class _Item:
    q: Quantity
    weak: bool
    prec: float | None
    span: tuple[int, int]
    text: str
    value: float
    range_part: bool = False
    matched: bool = False
    alt: float | None = None


def _items(text: str, lang: str) -> list[_Item]:
    out = []
    for q, info in _extract(text, lang):
        weak = bool(info.get("weak") or info.get("code"))
        out.append(_Item(q, weak, info.get("prec"), q.span, q.text, q.value, alt=info.get("alt")))
    return out


def _explode(it: _Item) -> list[_Item]:
    q = it.q
    parts = list(re.finditer(r"[-–—]", q.text))
    cut = parts[-1].start() if parts else len(q.text)
    s = q.span[0]
    lo = _Item(q, it.weak, None, (s, s + cut), q.text[:cut].rstrip(), q.value, True)
    hi_text = q.text[cut + 1:]
    off = cut + 1 + (len(hi_text) - len(hi_text.lstrip()))
    hi = _Item(q, it.weak, None, (s + off, q.span[1]), q.text[off:], q.high, True)
    return [lo, hi]


def _group(it: _Item) -> str:
    return _GROUP.get(it.q.kind, "number")


def _kind_ok(a: _Item, b: _Item) -> bool:
    ga, gb = _group(a), _group(b)
    if ga == gb:
        return True
    return {ga, gb} <= {"number", "digits"} or {ga, gb} == {"number", "time"}


def _unit_ok(a: Quantity, b: Quantity) -> bool:
    ua, ub = a.unit, b.unit
    return ua is None or ub is None or ua == ub or frozenset((ua, ub)) in _COMPATIBLE


def _same_value(a: _Item, b: _Item) -> bool:
    if a.q.kind == "digits" and b.q.kind == "digits":
        if a.q.digits == b.q.digits:
            return True
        ga, gb = re.findall(r"\d+", a.text.translate(_DIGITS)), re.findall(r"\d+", b.text.translate(_DIGITS))
        return len(ga) > 1 and (ga[::-1] == gb or "".join(ga[::-1]).lstrip("0") == "".join(gb).lstrip("0"))
    va = {a.value} | ({a.alt} if a.alt is not None else set())
    vb = {b.value} | ({b.alt} if b.alt is not None else set())
    return any(math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-9) for x in va for y in vb)


def _same_digits(a: _Item, b: _Item) -> bool:
    da = re.sub(r"\D", "", a.text.translate(_DIGITS))
    db = re.sub(r"\D", "", b.text.translate(_DIGITS))
    return len(da) >= 3 and da == db and (a.q.kind == "time" or b.q.kind == "time")


def _range_scaled(a: _Item, b: _Item, src: list[_Item]) -> bool:
    """Source 4.2 followed by a range end with a scale (3.9 مليون); translation 4.2 million."""
    if a.q.kind != "number" or b.q.kind != "number" or not a.value:
        return False
    for scale in (1e3, 1e6, 1e9):
        if math.isclose(b.value, a.value * scale, rel_tol=1e-9):
            return any(x is not a and x.value >= scale and x.span[0] > a.span[0]
                       and x.span[0] - a.span[1] <= 12 for x in src)
    return False


def _rounded(a: _Item, b: _Item) -> bool:
    for x, y in ((a, b), (b, a)):
        if x.prec and y.value and not y.prec:
            if math.isclose(round(y.value / x.prec) * x.prec, x.value, rel_tol=1e-12):
                return True
        if x.prec and y.prec and x.prec > y.prec and math.isclose(round(y.value / x.prec) * x.prec, x.value, rel_tol=1e-12):
            return True
    return False


def _converted(a: _Item, b: _Item) -> bool:
    ua, ub = a.q.unit, b.q.unit
    if not ua or not ub or ua == ub:
        return False
    va, vb = a.value, b.value
    if {ua, ub} == {"celsius", "fahrenheit"} or ({ua, ub} & {"celsius", "fahrenheit"} and "degree" in (ua, ub)):
        c, f = (va, vb) if ua in ("celsius", "degree") and ub == "fahrenheit" else (vb, va)
        if "fahrenheit" not in (ua, ub):
            return False
        return abs(c * 9 / 5 + 32 - f) <= max(1.0, 0.04 * abs(f))
    for u1, u2, factor in _CONVERSIONS:
        for (x, ux), (y, uy) in (((va, ua), (vb, ub)), ((vb, ub), (va, ua))):
            if ux == u1 and uy == u2:
                expect = x * factor
                if abs(expect - y) <= max(0.04 * abs(expect), 0.5 if abs(expect) < 20 else 0):
                    return True
    return False


def _snippet(text: str, span: tuple[int, int]) -> str:
    """The quantity's text plus the next word, for messages."""
    m = re.match(r"\s*[^\s.,;:!?،؛]+", text[span[1]:])
    end = span[1] + (m.end() if m and len(m.group(0).strip()) <= 20 else 0)
    return text[span[0]:end]


def _fmt(v: float) -> str:
    if v is None:
        return "?"
    if float(v).is_integer():
        return f"{int(v):,}" if abs(v) >= 10000 else str(int(v))
    return f"{v:.3g}" if abs(v) < 1 else f"{v:g}"


def _label(it: _Item) -> str:
    k = it.q.kind
    if k == "digits":
        return f"digit string {it.q.digits}"
    noun = {"month": "month", "weekday": "weekday", "time": "time", "year": "year", "decade": "decade",
            "ordinal": "ordinal", "percent": "percentage"}.get(k, "number")
    return f"{noun} {_value_text(it)}"


def _value_text(it: _Item) -> str:
    """The value as a person reads it: clock times as h:mm (they are stored as hours)."""
    if it.q.kind == "time":
        hours = int(it.value)
        return f"{hours}:{round((it.value - hours) * 60):02d}"
    return _fmt(it.value)


def check_numbers(source: str, target: str, sentence: int = 0) -> list[Finding]:
    """Compare the numbers of an Arabic source sentence with its English translation."""
    src = _items(source, "ar")
    tgt = _items(target, "en")
    findings: list[Finding] = []

    def values(a: _Item | None, b: _Item | None) -> dict:
        d: dict = {}
        if a is not None:
            d.update(source=a.value, source_text=a.text, source_kind=a.q.kind)
        if b is not None:
            d.update(target=b.value, target_text=b.text, target_kind=b.q.kind)
        d["unit"] = (a.q.unit if a is not None else None) or (b.q.unit if b is not None else None)
        if a is not None and b is not None and a.q.unit != b.q.unit:
            d.update(source_unit=a.q.unit, target_unit=b.q.unit)
        return d

    # 1. ranges with equal ends
    for a in src:
        if a.q.high is None:
            continue
        for b in tgt:
            if not b.matched and b.q.high is not None and math.isclose(a.value, b.value) and math.isclose(a.q.high, b.q.high):
                a.matched = b.matched = True
                break
    src = [p for it in src for p in (_explode(it) if it.q.high is not None and not it.matched else [it])]
    tgt = [p for it in tgt for p in (_explode(it) if it.q.high is not None and not it.matched else [it])]

    # A line with thousands of numbers (a megabyte line without sentence ends) would compare every
    # source number with every target number: there each is compared only with the NEAREST target
    # numbers by relative position. Real sentences (far fewer numbers) compare all pairs.
    src_pos = [a.span[0] / max(len(source), 1) for a in src]
    tgt_pos = [b.span[0] / max(len(target), 1) for b in tgt]
    windowed = len(src) * len(tgt) > MAX_NUMBER_PAIRS
    tgt_order = sorted(range(len(tgt)), key=tgt_pos.__getitem__) if windowed else []
    sorted_tgt_pos = [tgt_pos[i] for i in tgt_order]

    def neighbours(ia: int):
        if not windowed:
            return range(len(tgt))
        at = bisect.bisect_left(sorted_tgt_pos, src_pos[ia])
        lo = max(0, min(at - NEAREST_NUMBERS // 2, len(tgt_order) - NEAREST_NUMBERS))
        return tgt_order[lo:lo + NEAREST_NUMBERS]

    def pair_pass(test, prefer_same=True):
        cands = []
        for ia, a in enumerate(src):
            if a.matched:
                continue
            for ib in neighbours(ia):
                b = tgt[ib]
                if b.matched or not test(a, b):
                    continue
                score = (0 if a.q.kind == b.q.kind else 1) + (0 if a.q.unit == b.q.unit else 1)
                rel = abs(a.span[0] / max(len(source), 1) - b.span[0] / max(len(target), 1))
                cands.append((score, rel, ia, ib))
        cands.sort()
        pairs = []
        for _, _, ia, ib in cands:
            a, b = src[ia], tgt[ib]
            if a.matched or b.matched:
                continue
            a.matched = b.matched = True
            pairs.append((a, b))
        return pairs

    # 2. exact values
    pair_pass(lambda a, b: _kind_ok(a, b) and _unit_ok(a.q, b.q) and _same_value(a, b))
    # 3. rounding
    pair_pass(lambda a, b: _kind_ok(a, b) and _unit_ok(a.q, b.q) and _rounded(a, b))
    # 3b. the same digits written another way (06:30 / 0630, 2:11.60 / 2.11.60): a format, not a value
    pair_pass(lambda a, b: _same_digits(a, b))
    # 3c. a scale word shared by both ends of a range (4.2 إلى 3.9 مليون = 4.2 million to 3.9 million)
    pair_pass(lambda a, b: _range_scaled(a, b, src))
    # 4. conversions and unit changes
    for a, b in pair_pass(lambda a, b: _kind_ok(a, b) and _converted(a, b)):
        findings.append(Finding(UNIT_CONVERTED, INFO, sentence,
                                f"{_label(a)} {a.q.unit} (source \"{a.text}\") is given as {_fmt(b.value)} {b.q.unit} "
                                f"(\"{b.text}\") in the translation: a unit conversion, check it",
                                a.span, b.span, values(a, b)))
    for a, b in pair_pass(lambda a, b: _kind_ok(a, b) and not _unit_ok(a.q, b.q) and (_same_value(a, b) or _rounded(a, b))):
        if a.weak or b.weak:
            continue
        findings.append(Finding(UNIT_CHANGED, ERROR, sentence,
                                f"{_label(a)} {a.q.unit} (source \"{_snippet(source, a.span)}\") is {_value_text(b)} "
                                f"{b.q.unit} in the translation (\"{b.text}\"): the unit changed",
                                a.span, b.span, values(a, b)))
    # 5. fractions (weak on their own: نصف is also "middle"): a source fraction and a different one
    #    in the translation, neither matched, is a changed number (نصف -> a third)
    def fraction(it: _Item, lang: str) -> bool:
        if it.matched or it.q.kind != "number" or any(c.isdigit() for c in it.text.translate(_DIGITS)):
            return False
        if not any(math.isclose(it.value, v) for v in _FRACTIONS):
            return False
        return bool(re.search(r"half|third|quarter", it.text, re.I)) if lang == "en" else any(
            _arn(w) in _arn(it.text) for w in ("نصف", "ثلث", "ربع"))
    fs = [a for a in src if fraction(a, "ar")]
    ft = [b for b in tgt if fraction(b, "en")]
    if fs and ft and not any(math.isclose(a.value, b.value) for a in fs for b in ft):
        for a, b in zip(fs, ft):
            a.matched = b.matched = True
            findings.append(Finding(NUMBER_CHANGED, ERROR, sentence,
                                    f"{_fraction_name(a.value)} (source \"{_snippet(source, a.span)}\") is "
                                    f"{_fraction_name(b.value)} in the translation (\"{b.text}\")",
                                    a.span, b.span, values(a, b)))
    # 6. leftovers
    src_vals = [x.value for x in src]

    def reportable(it: _Item, other_vals) -> bool:
        if it.matched or it.weak:
            return False
        if it.q.kind == "digits":
            return True
        if it.alt is not None and any(math.isclose(it.alt, v, rel_tol=1e-12) for v in other_vals):
            return False
        return not any(math.isclose(it.value, v, rel_tol=1e-12) for v in other_vals)

    ls = [a for a in src if reportable(a, [])]
    lt = [b for b in tgt if reportable(b, src_vals)]
    if any(b.value == 2 for b in lt) and _AR_DUAL_RE.search(source):
        lt = [b for b in lt if b.value != 2 or b.range_part]
    # a leftover target that converts a source quantity (250 miles (402 km)) is info
    for b in list(lt):
        for a in src:
            if _converted(a, b):
                lt.remove(b)
                findings.append(Finding(UNIT_CONVERTED, INFO, sentence,
                                        f"{_fmt(b.value)} {b.q.unit} (\"{b.text}\") in the translation converts source "
                                        f"\"{a.text}\"", a.span, b.span, values(a, b)))
                break
    # "116 123" in the translation for "116123" (or the reverse): digits split by a space
    for xs, ys, ytext in ((ls, lt, target), (lt, ls, source)):
        for a in list(xs):
            da = re.sub(r"\D", "", a.text.translate(_DIGITS))
            for k in range(len(ys) - 1):
                y1, y2 = ys[k], ys[k + 1]
                if y1.span[1] < y2.span[0] and ytext[y1.span[1]:y2.span[0]] == " " and da and da == re.sub(
                        r"\D", "", (y1.text + y2.text).translate(_DIGITS)):
                    xs.remove(a)
                    del ys[k:k + 2]
                    break
    changed = []
    for a in list(ls):
        for b in lt:
            if _kind_ok(a, b) and _unit_ok(a.q, b.q):
                changed.append((a, b))
                ls.remove(a)
                lt.remove(b)
                break
    for a, b in changed:
        findings.append(Finding(NUMBER_CHANGED, ERROR, sentence,
                                f"{_label(a)} (source \"{_snippet(source, a.span)}\") is {_value_text(b)} in the "
                                f"translation (\"{b.text}\")", a.span, b.span, values(a, b)))
    ls = [a for a in ls if a.q.kind != "weekday"]  # weekdays: only a changed day is reported
    lt = [b for b in lt if b.q.kind != "weekday"]
    for a in ls:
        findings.append(Finding(NUMBER_MISSING, ERROR, sentence,
                                f"{_label(a)} (source \"{_snippet(source, a.span)}\") is missing from the translation",
                                a.span, None, values(a, None)))
    for b in lt:
        findings.append(Finding(NUMBER_EXTRA, WARNING, sentence,
                                f"{_label(b)} (\"{_snippet(target, b.span)}\") in the translation has no counterpart "
                                f"in the source", None, b.span, values(None, b)))
    findings.extend(arabic_digit_findings(target, sentence))
    findings.sort(key=lambda f: (f.source_span or f.target_span or (0, 0))[0])
    return findings


# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, the Arabic decimal and thousands separators and
# the Arabic percent sign; a run of them (Western digits included) in the English is one finding
_ARABIC_NUMERALS = "\u0660-\u0669\u06f0-\u06f9\u066a\u066b\u066c"
_ARABIC_RUN = re.compile(f"[0-9{_ARABIC_NUMERALS}]*[{_ARABIC_NUMERALS}][0-9{_ARABIC_NUMERALS}]*")
_WESTERN = str.maketrans({**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)},
                          0x066B: ".", 0x066C: ",", 0x066A: "%"})


def western_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits as 0-9 and ٫ ٬ ٪ as . , % (one character for one)."""
    return text.translate(_WESTERN)


def arabic_digit_findings(target: str, sentence: int = 0) -> list[Finding]:
    """``arabic-digits`` (warning): Arabic-Indic digits or Arabic separators left in the English
    (``٣٫٥`` for 3.5, ``١٬٢٠٠`` for 1,200). Their value matches the source, so no other number
    finding reports them; ``values["western"]`` is the run written with 0-9 . , %."""
    findings = []
    for m in _ARABIC_RUN.finditer(target):
        run = m.group()
        findings.append(Finding(
            ARABIC_DIGITS, WARNING, sentence,
            f"Arabic-Indic digits or separators in the translation: \"{run}\" (in English: {western_digits(run)})",
            None, m.span(), {"target_text": run, "western": western_digits(run)}))
    return findings
