"""Number checker: extraction of every number form, and the comparison on small Arabic/English pairs."""

from __future__ import annotations

import pytest

from bitext.check.findings import (
    ERROR,
    INFO,
    NUMBER_CHANGED,
    NUMBER_EXTRA,
    NUMBER_MISSING,
    UNIT_CHANGED,
    UNIT_CONVERTED,
    WARNING,
)
from bitext.check.numbers import check_numbers, extract_numbers

from conftest import SHARED, need_shared


def values(text: str, lang: str) -> list[float]:
    return [q.value for q in extract_numbers(text, lang)]


def one(text: str, lang: str):
    qs = extract_numbers(text, lang)
    assert len(qs) == 1, qs
    return qs[0]


# ---------------------------------------------------------------- extraction: digits and separators

@pytest.mark.parametrize("text, value", [
    ("وصل 560 جندياً إلى المدينة", 560),
    ("وصل ٥٦٠ جندياً إلى المدينة", 560),          # Arabic-Indic
    ("وصل ۵۶۰ جندياً إلى المدينة", 560),          # Eastern Arabic-Indic
    ("ارتفع المؤشر بمقدار ٣٫٥ نقطة", 3.5),         # Arabic decimal separator
    ("بلغ عدد السكان ١٬٢٠٠٬٠٠٠ نسمة", 1_200_000),  # Arabic thousands separator
    ("بلغ عدد السكان 1,200,000 نسمة", 1_200_000),
    ("بلغ عدد السكان 1.200.000 نسمة", 1_200_000),  # dot groups: unambiguous with two groups
    ("سجلت الحرارة -5 درجات", -5),
    ("سجلت الحرارة −5 درجات", -5),
])
def test_arabic_digits(text, value):
    assert one(text, "ar").value == value


def test_percent_sign_and_words():
    for text in ("نما الاقتصاد ٣٫٥٪ هذا العام", "نما الاقتصاد 3.5% هذا العام", "نما الاقتصاد 3.5 في المئة",
                 "نما الاقتصاد 3.5 بالمائة"):
        q = one(text, "ar")
        assert (q.value, q.unit, q.kind) == (3.5, "percent", "percent"), text
    q = one("the economy grew 3.5 per cent", "en")
    assert (q.value, q.unit) == (3.5, "percent")


def test_range_is_one_quantity_with_high():
    q = one("استمرت الرحلة ١٠–١٥ يوماً", "ar")
    assert (q.value, q.high) == (10, 15)
    q = one("the trip lasted 10-15 days", "en")
    assert (q.value, q.high, q.unit) == (10, 15, "day")
    # a hyphen after a word is not a sign: COVID-19 is 19
    assert values("COVID-19 spread", "en") == [19]


def test_english_grouped_and_decimals():
    assert values("1,200,000 people and 3.50 dollars", "en") == [1_200_000, 3.5]


# ---------------------------------------------------------------- extraction: number words

@pytest.mark.parametrize("text, value", [
    ("اشترى خمسمائة وستون كتاباً", 560),
    ("حضر عشرين طالباً", 20),
    ("كلف المشروع ألفين دينار", 2000),
    ("يسكنها مليونين شخص", 2_000_000),
    ("قتل ثلاثة آلاف شخص", 3000),
    ("يعيش فيها 4 ملايين شخص", 4_000_000),
    ("يعيش فيها أربعة ملايين شخص", 4_000_000),
    ("جاء خمسة وعشرون لاعباً", 25),
    ("في الذكرى الخامسة والعشرين", 25),          # ordinal with a tens part
    ("وصل بخمسة قوارب", 5),                      # attached preposition
    ("حضر الثلاثة الاجتماع", 3),                 # attached article
    ("أحد عشر لاعباً", 11),
    ("خلال اثني عشر شهراً", 12),
    ("أنفقت مائتي دينار", 200),
    ("قطع ثلاثمائة كيلو متر", 300),
])
def test_arabic_number_words(text, value):
    assert values(text, "ar")[0] == value


@pytest.mark.parametrize("text, value", [
    ("two hundred and fifty soldiers", 250),
    ("a million people", 1_000_000),
    ("1.5 million people", 1_500_000),
    ("4 million people", 4_000_000),
    ("four million people", 4_000_000),
    ("4,000,000 people", 4_000_000),
    ("twenty-five players", 25),
    ("a dozen eggs", 12),
    ("nineteen boats", 19),
    ("£2.8bn market", 2_800_000_000),
])
def test_english_number_words(text, value):
    assert values(text, "en")[0] == value


def test_scale_words_all_agree():
    assert check_numbers("يعيش فيها 4 ملايين شخص", "Four million people live there") == []
    assert check_numbers("يعيش فيها 4 ملايين شخص", "4,000,000 people live there") == []
    assert check_numbers("يعيش فيها أربعة ملايين شخص", "4 million people live there") == []


def test_fractions_and_ordinals():
    assert values("أكل نصف الكعكة", "ar") == [0.5]
    assert values("باع ثلثي الأرض", "ar") == [pytest.approx(2 / 3)]
    assert values("two-thirds of the land", "en") == [pytest.approx(2 / 3)]
    assert values("a quarter of the votes", "en") == [0.25]
    q = one("فاز في الجولة الثالثة", "ar")
    assert (q.value, q.kind) == (3, "ordinal")
    q = one("won the third round", "en")  # "the third" is an ordinal, "a third of" a fraction
    assert (q.value, q.kind) == (3, "ordinal")
    assert one("في القرن الحادي عشر", "ar").value == 11
    assert [(q.value, q.kind) for q in extract_numbers("the 21st and 2nd places", "en")] == [
        (21, "ordinal"), (2, "ordinal")]
    assert check_numbers("حل في المركز الثاني عشر", "he finished 12th") == []


# ---------------------------------------------------------------- dates and times

@pytest.mark.parametrize("text, month", [
    ("وصل في كانون الثاني", 1), ("وصل في يناير", 1), ("وصل في شباط", 2), ("وصل في فبراير", 2),
    ("وصل في آذار", 3), ("وصل في نيسان", 4), ("وصل في إبريل", 4), ("وصل في أيار", 5), ("وصل في مايو", 5),
    ("وصل في حزيران", 6), ("وصل في يونيه", 6), ("وصل في تموز", 7), ("وصل في يوليو", 7), ("وصل في آب", 8),
    ("وصل في اغسطس", 8), ("وصل في أيلول", 9), ("وصل في تشرين الأول", 10), ("وصل في أكتوبر", 10),
    ("وصل في تشرين الثاني", 11), ("وصل في كانون الأول", 12), ("وصل في ديسمبر", 12),
])
def test_arabic_months(text, month):
    q = one(text, "ar")
    assert (q.kind, q.value) == ("month", month)


def test_month_pair_is_one_month_and_english_months():
    q = one("في تموز/يوليو الماضي", "ar")
    assert (q.kind, q.value, q.text) == ("month", 7, "تموز/يوليو")
    assert [q.value for q in extract_numbers("in March and on Oct. 2", "en") if q.kind == "month"] == [3, 10]
    assert [q for q in extract_numbers("you may go", "en")] == []  # the modal verb is not a month


def test_weekdays():
    assert [(q.kind, q.value) for q in extract_numbers("وصل يوم الإثنين وغادر الجمعة", "ar")] == [
        ("weekday", 1), ("weekday", 5)]
    assert one("He left on Friday", "en").value == 5
    assert extract_numbers("The Sunday Times said", "en") == []  # a newspaper name
    f = check_numbers("وصل يوم الثلاثاء", "He arrived on Thursday")
    assert [x.kind for x in f] == [NUMBER_CHANGED]


def test_years_decades_and_times():
    q = one("غزا العراق عام 2003", "ar")
    assert (q.kind, q.value) == ("year", 2003)
    assert check_numbers("غزا العراق عام 2003", "The invasion of Iraq in 2003") == []
    q = one("في ستينيات القرن الماضي", "ar")
    assert (q.kind, q.value) == ("decade", 1960)
    assert one("في الستينيات", "ar").value == 1960
    for en in ("in the 1960s", "in the sixties", "in the '60s"):
        assert one(en, "en").value == 1960, en
    assert check_numbers("ولد في ثمانينيات القرن التاسع عشر", "born in the 1880s") == []
    assert check_numbers("بدأ الاجتماع الساعة ١٢:٠٠ بتوقيت غرينتش", "The meeting began at 12.00 GMT") == []
    assert check_numbers("بدأ الاجتماع الساعة 12:00", "The meeting began at 1200 GMT") == []
    assert check_numbers("وصل الساعة 7 صباحاً", "He arrived at 7 a.m.") == []
    assert check_numbers("وصل الساعة 5:30 مساءً", "He arrived at 5.30pm") == []


# ---------------------------------------------------------------- units

def test_units_travel_with_numbers():
    assert [(q.value, q.unit) for q in extract_numbers("قطع 58 كم ثم 3 أميال", "ar")] == [(58, "km"), (3, "mile")]
    assert [(q.value, q.unit) for q in extract_numbers("ran 58 kilometres and 3 miles", "en")] == [
        (58, "km"), (3, "mile")]
    assert [(q.value, q.unit) for q in extract_numbers("دفع 50 دولاراً و20 يورو و5 جنيهات", "ar")] == [
        (50, "usd"), (20, "eur"), (5, "pound")]
    assert [(q.value, q.unit) for q in extract_numbers("paid $50, €20 and £5", "en")] == [
        (50, "usd"), (20, "eur"), (5, "pound")]
    assert one("بلغت الحرارة 40 درجة مئوية", "ar").unit == "celsius"
    assert one("it reached 40°C", "en").unit == "celsius"
    assert check_numbers("بلغت الحرارة 40 درجة مئوية", "it reached 40 degrees Celsius") == []


def test_unit_changed_is_an_error():
    src, tgt = "قطع 58 كم سيراً", "He walked 58 miles"
    f = check_numbers(src, tgt)
    assert [(x.kind, x.severity) for x in f] == [(UNIT_CHANGED, ERROR)]
    assert src[slice(*f[0].source_span)] == "58 كم"
    assert tgt[slice(*f[0].target_span)] == "58 miles"


def test_unit_conversion_is_info():
    for src, tgt in [("قطع 250 ميلاً", "He drove 402 km"), ("بلغت الحرارة 40 درجة مئوية", "it hit 104°F"),
                     ("يزن 100 كيلوغرام", "he weighs 220 pounds"), ("ارتفاعه 1000 متر", "it is 3,281 feet high")]:
        f = check_numbers(src, tgt)
        assert [(x.kind, x.severity) for x in f] == [(UNIT_CONVERTED, INFO)], (src, tgt, f)
    # the English adds a conversion in brackets: not an extra number
    f = check_numbers("قطع 402 كم", "He drove 402 km (250 miles)")
    assert [x.kind for x in f] == [UNIT_CONVERTED]


# ---------------------------------------------------------------- digit strings

def test_phone_numbers_compare_as_digit_strings():
    q = one("اتصل على الرقم ٠٠١٢٠٢٢٧٧٣٦٥٩١٦", "ar")
    assert (q.kind, q.digits) == ("digits", "1202277365916")
    assert one("call +1 202 277 365916", "en").digits == "1202277365916"
    assert check_numbers("اتصل على الرقم ٠٠١٢٠٢٢٧٧٣٦٥٩١٦", "call +1 202 277 365916") == []
    f = check_numbers("اتصل على الرقم ٠٠١٢٠٢٢٧٧٣٦٥٩١٦", "call +1 202 277 365961")
    assert [x.kind for x in f] == [NUMBER_CHANGED]


# ---------------------------------------------------------------- check_numbers on pairs

CLEAN = [
    ("أرسلت الحكومة 560 جندياً إلى الحدود", "The government sent 560 soldiers to the border"),
    ("حضر عشرين طالباً الدرس", "20 students attended the lesson"),
    ("اشترى ٣ كتب", "He bought three books"),
    ("بلغ عدد السكان 1.2 مليون نسمة", "The population reached 1,200,000"),
    ("بلغ عدد السكان 1,234,567 نسمة", "The population reached about 1.2 million"),
    ("ارتفعت الأسعار بين 10 و15 بالمئة", "Prices rose 10-15%"),
    ("ارتفعت الأسعار 10-15 بالمئة", "Prices rose between 10 and 15 percent"),
    ("هذا أحد أهم القرارات", "This is one of the most important decisions"),
    ("وصلوا في آن واحد", "They arrived at the same time"),
    ("لأول مرة منذ سنوات", "For the first time in years"),
    ("قتل عشرات الأشخاص", "Dozens of people were killed"),
    ("وقع الحادث في 20 آذار 2019", "The accident happened on March 20, 2019"),
    ("ساعد أحدهم الآخر", "No one helped one another"),
]


@pytest.mark.parametrize("src, tgt", CLEAN)
def test_clean_pairs_give_no_findings(src, tgt):
    assert check_numbers(src, tgt) == []


def test_changed_number_with_spans_and_message():
    src, tgt = "أرسلت الحكومة 560 جندياً إلى الحدود", "The government sent 650 soldiers to the border"
    f = check_numbers(src, tgt, sentence=7)
    assert len(f) == 1
    x = f[0]
    assert (x.kind, x.severity, x.sentence) == (NUMBER_CHANGED, ERROR, 7)
    assert src[slice(*x.source_span)] == "560"
    assert tgt[slice(*x.target_span)] == "650"
    assert (x.values["source"], x.values["target"]) == (560, 650)
    assert "560" in x.message and "650" in x.message


def test_changed_word_number():
    src, tgt = "اشترى ثلاثة كتب", "He bought four books"
    f = check_numbers(src, tgt)
    assert [x.kind for x in f] == [NUMBER_CHANGED]
    assert src[slice(*f[0].source_span)] == "ثلاثة"
    assert tgt[slice(*f[0].target_span)] == "four"


def test_changed_scale_word():
    f = check_numbers("كلف المشروع 3 ملايين دولار", "The project cost $3 billion")
    assert [x.kind for x in f] == [NUMBER_CHANGED]
    f = check_numbers("غزا العراق عام 2003", "The invasion of Iraq in 2004")
    assert [x.kind for x in f] == [NUMBER_CHANGED]


def test_missing_number():
    src, tgt = "وصل 12 صحفياً و560 جندياً", "12 journalists and soldiers arrived"
    f = check_numbers(src, tgt)
    assert [(x.kind, x.severity) for x in f] == [(NUMBER_MISSING, ERROR)]
    assert src[slice(*f[0].source_span)] == "560"
    assert f[0].target_span is None


def test_extra_number():
    src, tgt = "وصل الجنود أمس", "The 300 soldiers arrived yesterday"
    f = check_numbers(src, tgt)
    assert [(x.kind, x.severity) for x in f] == [(NUMBER_EXTRA, WARNING)]
    assert tgt[slice(*f[0].target_span)] == "300"


def test_ambiguous_one_is_lenient_but_digit_one_is_not():
    assert check_numbers("هذا أحد الأسباب", "This is a reason") == []
    assert check_numbers("جاء رجل", "One man came") == []
    f = check_numbers("وصل 1 فقط", "Only a few arrived")
    assert [x.kind for x in f] == [NUMBER_MISSING]


# ---------------------------------------------------------------- real data (skipped without ../shared)

def test_false_alarm_rate_on_ntrex_is_low():
    ar, en = SHARED / "data" / "ntrex128" / "newstest2019.ar", SHARED / "data" / "ntrex128" / "newstest2019.en"
    need_shared(ar, en)
    pairs = list(zip(ar.read_text(encoding="utf-8").splitlines(), en.read_text(encoding="utf-8").splitlines()))[:600]
    flagged = sum(any(x.severity != INFO for x in check_numbers(a, e)) for a, e in pairs)
    assert flagged / len(pairs) <= 0.02


def test_changed_clock_time_message_shows_clock_times():
    (finding,) = [f for f in check_numbers("وصل الوفد في الساعة 2:11 مساء", "The delegation arrived at 3:11 pm") if f.severity == "error"]
    assert finding.kind == NUMBER_CHANGED
    assert "2:11" in finding.message and "3:11" in finding.message


def test_html_character_references_are_not_numbers():
    src = "قال الوزير إن الجيش أرسل 560 جندياً."
    tgt = "The minister said the army had sent 560 soldiers, &quot;it&#39;s enough&#x27;."
    assert [f for f in check_numbers(src, tgt) if f.severity != "info"] == []
    assert [q.value for q in extract_numbers(tgt, "en")] == [560]


@pytest.mark.parametrize("source, target", [
    ("فاز الفريق في مباراتين متتاليتين.", "The team won two matches in a row."),
    ("اصطدمت سيارتان على الطريق.", "Two cars collided on the road."),
])
def test_dual_nouns_count_as_two(source, target):
    assert [f for f in check_numbers(source, target) if f.severity != "info"] == []
    dropped = target.replace("two ", "").replace("Two cars", "Cars")
    kinds = [f.kind for f in check_numbers(source, dropped)]
    assert NUMBER_MISSING in kinds


def test_definite_dual_is_not_required_to_say_two():
    # "the two sides" is often just "the sides" in English
    assert [f for f in check_numbers("التقى الفريقان للمرة الرابعة.", "The sides met for the fourth time.")
            if f.severity != "info"] == []


@pytest.mark.parametrize("ar, en", [
    ("قطع نصف المسافة.", "He covered a third of the distance."),
    ("أنفق ثلث الميزانية.", "He spent a quarter of the budget."),
    ("حضر ربع الأعضاء.", "Three quarters of the members attended."),
    ("حضر ثلثي الأعضاء.", "Half of the members attended."),
])
def test_fraction_changed(ar, en):
    findings = check_numbers(ar, en)
    assert [f.kind for f in findings] == [NUMBER_CHANGED], findings
    assert "translation" in findings[0].message


@pytest.mark.parametrize("ar, en", [
    ("قطع نصف المسافة.", "He covered half the distance."),
    ("أنفق ربع الميزانية.", "He spent a quarter of the budget."),
    ("حضر ثلثا الأعضاء.", "Two thirds of the members attended."),
    ("وقف في نصف الطريق.", "He stopped midway."),  # نصف as "middle", no fraction in the English
])
def test_fraction_kept_or_idiom_is_no_finding(ar, en):
    assert check_numbers(ar, en) == []


@pytest.mark.parametrize("ar, en", [
    ("تغادر الحافلات بين 06:30 و 07:30.", "Buses leave between 0630 and 0730."),  # a time without its colon
    ("عُثر عليها في حفريات من 4.2 إلى 3.9 مليون سنة.", "They were found in fossils from 4.2 million to 3.9 million years ago."),
])
def test_same_digits_and_range_scale_are_no_change(ar, en):
    assert check_numbers(ar, en) == []


def test_time_without_colon_still_compared():
    assert [f.kind for f in check_numbers("تغادر في 06:30.", "It leaves at 0730.")] == [NUMBER_CHANGED]
    assert [f.kind for f in check_numbers("من 4.2 إلى 3.9 مليون سنة.", "from 5.2 million to 3.9 million years")] == [NUMBER_CHANGED]


@pytest.mark.parametrize("rel", ["flores-ar-en-systems/dev.ar", "flores-ar-en-systems/test.ar",
                                 "ntrex128/newstest2019.ar", "tico19-test/test.ar"])
def test_parsing_only_the_windows_gives_what_the_whole_sentence_gives(rel):
    """extract_numbers parses an Arabic sentence only around the words that may hold a number (the
    facts the checker and the aligner share): nothing is lost against parsing every token."""
    from bitext.check.numbers.arabic import _parse_ar
    from bitext.check.numbers.extract import _ENTITY_RE, _extract_uncached, _postprocess
    from bitext.check.numbers.tokens import _tokenize

    path = SHARED / "data" / rel
    need_shared(path)

    def whole(text):  # every token parsed, as before the windows
        text = _ENTITY_RE.sub(lambda m: " " * len(m.group()), text)
        norm, toks = _tokenize(text, "ar")
        return _postprocess(text, _parse_ar(text, norm, toks))

    lines = path.read_text(encoding="utf-8").splitlines()
    differ = [line for line in lines if _extract_uncached(line, "ar") != whole(line)]  # quantities and details
    assert differ == [], f"{len(differ)} of {len(lines)} sentences differ, e.g. {differ[:2]}"
    assert extract_numbers("فازت في استفتاء آميس سترو في آب.", "ar")[0].kind == "month"  # آب: outside the tables
