"""bitext check --fix: certain repairs only, refusals with reasons, nothing else touched."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bitext.check import check, check_documents
from bitext.check.findings import (
    ARABIC_DIGITS,
    GLOSSARY,
    NAME_INCONSISTENT,
    NAME_SPELLING,
    NUMBER_CHANGED,
    NUMBER_MISSING,
    UNIT_CHANGED,
)
from bitext.check.fix import (
    AMBIGUOUS,
    DROPPED,
    NO_RULE,
    NOT_FOUND,
    TIE,
    UNIT,
    fix,
    number_words,
)
from bitext.check.glossary import load_glossary, make_entry
from bitext.cli import main


def fixed(src: str, tgt: str, **kw) -> tuple[str, object]:
    report = check([src], [tgt], names=False, **{k: v for k, v in kw.items() if k == "glossary"})
    result = fix([src], [tgt], report, **kw)
    return result.targets[0], result


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("src, tgt, want", [
    ("وصل ٥٦٠ جندياً إلى المدينة.", "650 soldiers reached the city.", "560 soldiers reached the city."),
    ("وصل خمسمائة وستون جندياً.", "Six hundred and fifty soldiers arrived.", "Five hundred and sixty soldiers arrived."),
    ("وصل خمسمائة وستون جندياً.", "six hundred fifty soldiers arrived.", "five hundred sixty soldiers arrived."),
    ("اشترى ٣ كتب.", "He bought four books.", "He bought three books."),
    ("يعيش ٤٫٥ مليون شخص هناك.", "5.4 million people live there.", "4.5 million people live there."),
    ("بلغ عدد السكان ١٬٢٠٠٬٠٠٠ نسمة.", "The population reached 1,300,000.", "The population reached 1,200,000."),
    ("استمرت الرحلة ١٠-١٦ يوماً.", "The trip lasted 10-15 days.", "The trip lasted 10-16 days."),
    ("نما الاقتصاد ٣٫٥٪ هذا العام.", "The economy grew 5.3% this year.", "The economy grew 3.5% this year."),
    ("افتتح الجسر في عام ٢٠١٧.", "The bridge opened in 2012.", "The bridge opened in 2017."),
    ("تأسست في خمسينيات القرن التاسع عشر.", "It was founded in the 1950s.", "It was founded in the 1850s."),
    ("يقع مكتبه في الطابق الثالث.", "His office is on the fourth floor.", "His office is on the third floor."),
    ("عاش أكثر من ألف عام.", "He lived for over a million years.", "He lived for over a thousand years."),
    # a decade written as one, four digits or two
    ("وفي ستينيات القرن الماضي عمل مستشارا.", "In the 1961s he worked as an adviser.",
     "In the 1960s he worked as an adviser."),
    ("كان في العشرينيات من عمره.", "He was in his 23s.", "He was in his 20s."),
    # an ordinal day or war written as a plain number
    ("سقط أثناء أدائه في الخامس من آب.", "He fell while performing on August 6.",
     "He fell while performing on August 5."),
    ("قاتل في الحرب العالمية الثانية.", "He fought in World War 3.", "He fought in World War 2."),
    # a currency code before the symbol, a scale abbreviation after the digits
    ("منح 45 مليون دولار أسترالي إضافي.", "giving an extra AUD$47 million.", "giving an extra AUD$45 million."),
    ("خسرت الشركة 125 مليون جنيه إسترليني.", "The firm lost £152m.", "The firm lost £125m."),
    # a bare four-digit count that the parser takes for a year; an Arabic thousands separator
    ("وصل 1000 شخص.", "1,002 people arrived.", "1,000 people arrived."),
    ("وصل 30،000 زائر.", "30,003 visitors came.", "30,000 visitors came."),
    # a number word joined to its unit
    ("استمرت الرحلة ثلاثة أيام.", "It was a nine-day trip.", "It was a three-day trip."),
])
def test_number_changed_is_repaired_in_the_translations_style(src, tgt, want):
    out, result = fixed(src, tgt)
    assert out == want
    assert [r.kind for r in result.repairs] == [NUMBER_CHANGED]
    r = result.repairs[0]
    assert tgt[r.span[0]:r.span[1]] == r.before  # the span is in the ORIGINAL translation
    assert out == tgt[:r.span[0]] + r.after + tgt[r.span[1]:]


def test_arabic_digits_in_english_become_western():
    out, result = fixed("ارتفع المؤشر ٣٫٥ نقطة إلى ١٬٢٠٠.", "The index rose ٣٫٥ points to ١٬٢٠٠.")
    assert out == "The index rose 3.5 points to 1,200."
    assert {r.kind for r in result.repairs} == {ARABIC_DIGITS}
    assert check(["ارتفع ٣ نقاط"], ["rose ٣ points"]).counts() == {ARABIC_DIGITS: 1}


def test_a_changed_number_written_in_arabic_digits_is_written_western():
    out, _ = fixed("وصل ٥٦٠ جندياً.", "٦٥٠ soldiers arrived.")
    assert out == "560 soldiers arrived."


@pytest.mark.parametrize("src, tgt, reason", [
    ("وصل ٥٦٠ جندياً و٣ دبابات.", "650 soldiers and 4 tanks arrived.", AMBIGUOUS),  # which pairs with which
    ("أنقذت المروحيات أفراد الطاقم الاثني عشر.", "The helicopters saved the 10 crew members.", None),
    ("يعيش ألفا موظف هنا.", "Two thousand employees live here.", AMBIGUOUS),  # ألفا: dual or accusative
    ("تضم أكثر من 300 ألف تلميذ.", "With upwards of 30,000 pupils.", "scale"),
    ("بلغ طوله 6.6 أقدام.", "A 6-foot-6 junior.", "form"),
    ("الساعة ٣:٣٠ مساءً", "at 4:30 pm", "form"),
    ("انتشرت في الثمانينيات.", "It spread in 1908.", "form"),  # a decade against a year: 1980 or 1980s?
    ("جاء في المركز الثاني.", "He came in at three.", "form"),  # "two" or "second"?
    ("افتتح في عام 2000.", "It opened in 2,001.", "form"),  # the source says a year, the translation a count
])
def test_uncertain_numbers_are_refused_and_left_alone(src, tgt, reason):
    out, result = fixed(src, tgt)
    assert out == tgt
    assert result.repairs == []
    if reason:
        assert reason in {x.reason for x in result.refused}


def test_dropped_number_and_unit_change_are_refused():
    out, result = fixed("بلغ عدد السكان ٣ ملايين.", "The population reached a peak.")
    assert out == "The population reached a peak."
    assert [(x.finding.kind, x.reason) for x in result.refused] == [(NUMBER_MISSING, DROPPED)]
    out, result = fixed("تبعد ٥٠ كيلومتراً عن المدينة.", "It is 50 miles from the city.")
    assert out == "It is 50 miles from the city."
    assert (UNIT_CHANGED, UNIT) in {(x.finding.kind, x.reason) for x in result.refused}


def test_number_words():
    assert number_words(560) == "five hundred and sixty"
    assert number_words(560, conjunction=False) == "five hundred sixty"
    assert number_words(1_234_567) == "one million two hundred and thirty-four thousand five hundred and sixty-seven"
    assert number_words(1005) == "one thousand and five"
    assert number_words(23, ordinal=True) == "twenty-third"
    assert number_words(12, ordinal=True) == "twelfth"
    assert number_words(0) == "zero"


# --------------------------------------------------------------------------- names

NAME_SRC = ["التقى العبادي بالوزير.", "قال العبادي إن الوضع مستقر.", "وأضاف العبادي أن الجيش مستعد.",
            "غادر العبادي بغداد."]


def test_name_spelled_two_ways_takes_the_majority_spelling():
    tgt = ["Abadi met the minister.", "Abadi said the situation was stable.", "Abbadi added that the army was ready.",
           "Abadi left Baghdad."]
    report = check(NAME_SRC, tgt)
    result = fix(NAME_SRC, tgt, report)
    assert result.targets == ["Abadi met the minister.", "Abadi said the situation was stable.",
                              "Abadi added that the army was ready.", "Abadi left Baghdad."]
    assert [(r.sentence, r.before, r.after) for r in result.repairs] == [(2, "Abbadi", "Abadi")]
    assert result.repairs[0].kind in (NAME_INCONSISTENT, NAME_SPELLING)  # both findings name it: one repair


def test_name_tie_is_refused():
    # one sentence each, and the known spelling (Dunlap) is written nowhere in the document
    src, tgt = ["التقى دنلاب بالوزير.", "قال دنلاب إن الوضع مستقر."], ["Dinlap met the minister.",
                                                                 "Denlap said the situation was stable."]
    report = check(src, tgt)
    assert NAME_INCONSISTENT in report.counts()
    result = fix(src, tgt, report)
    assert result.targets == tgt
    assert TIE in {x.reason for x in result.refused if x.finding.kind == NAME_INCONSISTENT}


def test_name_tie_decided_by_the_known_spelling():
    src = ["زار الوزير بغداد.", "وصل الوفد إلى بغداد."]
    tgt = ["The minister visited Baghdad.", "The delegation arrived in Bagdhad."]
    report = check(src, tgt)
    assert NAME_INCONSISTENT in report.counts()
    result = fix(src, tgt, report)
    assert result.targets == ["The minister visited Baghdad.", "The delegation arrived in Baghdad."]
    assert [x.finding.kind for x in result.refused] == []


def test_two_transliterations_of_an_unknown_name_stay_a_tie():
    """Abadi / Abbadi: both render عبادي as written, neither is a known spelling: nothing to decide by."""
    src, tgt = NAME_SRC[:2], ["Abadi met the minister.", "Abbadi said the situation was stable."]
    result = fix(src, tgt, check(src, tgt))
    assert result.targets == tgt
    assert TIE in {x.reason for x in result.refused if x.finding.kind == NAME_INCONSISTENT}


def test_name_glossary_spelling_beats_the_majority():
    tgt = ["Abadi met the minister.", "Abadi said the situation was stable.", "Abbadi added that the army was ready.",
           "Abadi left Baghdad."]
    terms = [make_entry("العبادي", "Abbadi")]
    report = check(NAME_SRC, tgt)
    result = fix(NAME_SRC, tgt, report, glossary=terms)
    assert result.targets == ["Abbadi met the minister.", "Abbadi said the situation was stable.",
                              "Abbadi added that the army was ready.", "Abbadi left Baghdad."]
    assert all("glossary" in r.reason for r in result.repairs)


def test_name_spelling_repaired_only_when_the_document_writes_the_known_spelling():
    src = ["زار الرئيس السويد.", "تقع السويد في الشمال."]
    tgt = ["The president visited Sweden.", "Sewden lies in the north."]
    report = check(src, tgt)
    assert NAME_SPELLING in report.counts()
    result = fix(src, tgt, report)
    assert result.targets == ["The president visited Sweden.", "Sweden lies in the north."]
    alone = fix(src[1:], tgt[1:], check(src[1:], tgt[1:]))
    assert alone.targets == tgt[1:]
    assert NO_RULE in {x.reason for x in alone.refused}


def test_name_findings_of_several_documents_are_repaired_in_their_own_document():
    other = ["وصل الوفد.", "بدأ الاجتماع."]
    src = other + NAME_SRC
    tgt = ["The delegation arrived.", "The meeting began.", "Abadi met the minister.",
           "Abadi said the situation was stable.", "Abbadi added that the army was ready.", "Abadi left Baghdad."]
    ids = ["a", "a", "b", "b", "b", "b"]
    report = check_documents(src, tgt, ids)
    result = fix(src, tgt, report, doc_ids=ids)
    assert result.changed() == [4]
    assert result.targets[4] == "Abadi added that the army was ready."


# --------------------------------------------------------------------------- glossary

def test_glossary_wrong_rendering_is_replaced(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("# term\trequired\twrong\nالموصل\tMosul\tMawsil|Mousel\nداعش\tISIS\n", encoding="utf-8")
    terms = load_glossary(path)
    assert terms[0].wrong == ("Mawsil", "Mousel") and terms[1].wrong == ()
    src, tgt = "دخل الجيش الموصل وقاتل داعش.", "The army entered Mawsil and fought Daesh."
    out, result = fixed(src, tgt, glossary=terms)
    assert out == "The army entered Mosul and fought Daesh."
    assert [(r.kind, r.before, r.after) for r in result.repairs] == [(GLOSSARY, "Mawsil", "Mosul")]
    assert NO_RULE in {x.reason for x in result.refused if x.finding.kind == GLOSSARY}  # ISIS: no wrong list


def test_glossary_more_wrong_renderings_than_missing_is_ambiguous():
    terms = [make_entry("الموصل", "Mosul", "Mawsil, Mousel")]
    src, tgt = "دخل الجيش الموصل.", "The army entered Mawsil, near Mousel."
    out, result = fixed(src, tgt, glossary=terms)
    assert out == tgt
    assert AMBIGUOUS in {x.reason for x in result.refused}
    out, result = fixed(src, "The army entered the city.", glossary=terms)
    assert NOT_FOUND in {x.reason for x in result.refused}


# --------------------------------------------------------------------------- rules

def test_a_sentence_without_a_finding_is_never_changed_and_spans_outside_are_untouched():
    src = ["وصل ٥٦٠ جندياً إلى المدينة.", "وصل ٥٦٠ جندياً إلى المدينة.", "قال إن الوضع مستقر."]
    tgt = ["  650 soldiers  reached <b>the city</b>.\t", "560 soldiers reached the city.", "He said  it's stable ."]
    report = check(src, tgt)
    result = fix(src, tgt, report)
    assert result.targets == ["  560 soldiers  reached <b>the city</b>.\t", tgt[1], tgt[2]]
    assert result.changed() == [0]
    flagged = {f.sentence for f in report.findings}
    assert all(result.targets[i] == tgt[i] for i in range(len(tgt)) if i not in flagged)


def test_fix_refuses_a_report_for_other_pairs():
    report = check(["وصل ٥٦٠ جندياً."], ["650 soldiers arrived."])
    with pytest.raises(ValueError):
        fix(["a", "b"], ["c", "d"], report)


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def pair(tmp_path):
    src = tmp_path / "s.ar"
    tgt = tmp_path / "t.en"
    src.write_text("وصل ٥٦٠ جندياً إلى المدينة.\nقال إن الوضع مستقر.\nبلغ عدد السكان ٣ ملايين.\n", encoding="utf-8")
    tgt.write_text("650 soldiers reached the city.\nHe said it was stable.\nThe population reached a peak.\n",
                   encoding="utf-8")
    return src, tgt


def test_cli_fix_writes_the_fixed_translation_line_for_line_and_the_log(pair, tmp_path):
    src, tgt = pair
    out, log = tmp_path / "fixed.en", tmp_path / "fix.jsonl"
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "-o", str(out), "--fix-log", str(log)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == ("560 soldiers reached the city.\nHe said it was stable.\n"
                                               "The population reached a peak.\n")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records == [{"line": 1, "original": "650 soldiers reached the city.", "fixed": "560 soldiers reached the city.",
                        "repairs": [{"finding": NUMBER_CHANGED, "message": records[0]["repairs"][0]["message"],
                                     "span": [0, 3], "before": "650", "after": "560", "reason": "source ٥٦٠"}]}]
    assert "fixed   number-changed" in result.output and "refused number-missing" in result.output
    assert "dropped" in result.output


def test_cli_fix_keeps_crlf_line_ends(pair, tmp_path):
    src, tgt = pair
    tgt.write_bytes(tgt.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "fixed.en"
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"\r\n") == 3
    assert out.read_bytes().startswith(b"560 soldiers")


def test_cli_dry_run_writes_nothing(pair, tmp_path):
    src, tgt = pair
    out, log = tmp_path / "fixed.en", tmp_path / "fix.jsonl"
    before = tgt.read_bytes()
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--dry-run", "-o", str(out), "--fix-log", str(log)])
    assert result.exit_code == 0, result.output
    assert not out.exists() and not log.exists()
    assert tgt.read_bytes() == before
    assert "- 650 soldiers reached the city." in result.output
    assert "+ 560 soldiers reached the city." in result.output


def test_cli_fix_exit_codes(pair, tmp_path):
    src, tgt = pair
    out = tmp_path / "fixed.en"
    strict = CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "--strict", "-o", str(out)])
    assert strict.exit_code == 1  # the dropped number is left for a translator
    clean_tgt = tmp_path / "c.en"
    clean_tgt.write_text("650 soldiers reached the city.\nHe said it was stable.\nThe population reached 3 million.\n",
                         encoding="utf-8")
    ok = CliRunner().invoke(main, ["check", str(src), str(clean_tgt), "--fix", "--strict", "-o", str(out)])
    assert ok.exit_code == 0, ok.output  # the one finding was repaired
    assert CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix-log", str(tmp_path / "l.jsonl")]).exit_code == 2
    assert CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "-o", str(tgt)]).exit_code == 2  # an input
    assert tgt.read_text(encoding="utf-8").startswith("650 soldiers")


def test_cli_fix_to_stdout_puts_the_report_on_stderr(pair):
    src, tgt = pair
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(src), str(tgt), "--fix"]) \
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "560 soldiers reached the city."
    assert "refused number-missing" in result.stderr


def test_cli_check_without_fix_is_unchanged(pair):
    src, tgt = pair
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert "fix" not in report and report["counts"] == {NUMBER_CHANGED: 1, NUMBER_MISSING: 1}
    assert tgt.read_text(encoding="utf-8").startswith("650 soldiers")


def test_the_html_view_shows_repairs_as_marked_changes_beside_the_original(pair, tmp_path):
    from bitext.view.html import render_html
    from bitext.view.rows import add_fix_log, view_from_files

    src, tgt = pair
    log = tmp_path / "fix.jsonl"
    CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "-o", str(tmp_path / "f.en"), "--fix-log", str(log)])
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    view = view_from_files(src, [tgt])
    assert add_fix_log(view, records) == 1
    html = render_html(view)
    assert '<del title="number-changed: source ٥٦٠">650</del><ins title="number-changed: source ٥٦٠">560</ins>' \
           ' soldiers reached the city.' in html
    assert html.count('<div class="fix"') == 1  # only the repaired line
    assert ">650 soldiers reached the city." in html or "650</span> soldiers" in html  # the original stays in its column


WAYDE_SRC = ["فاز وايد بالسباق.", "قال وايد إنه سعيد.", "تدرب وايد كثيرا.", "هنأ المدرب وايد."]
WAYDE_TGT = ["Wayde won the race.", "Wayde said he was happy.", "Wayde trained a lot."]


def test_a_spelling_that_is_a_common_english_word_is_never_replaced():
    tgt = WAYDE_TGT + ["The coach congratulated Wade."]
    result = fix(WAYDE_SRC, tgt, check(WAYDE_SRC, tgt))
    assert result.targets == tgt
    assert AMBIGUOUS in {x.reason for x in result.refused if x.finding.kind == NAME_INCONSISTENT}
    tgt = WAYDE_TGT + ["The coach congratulated Waide."]
    result = fix(WAYDE_SRC, tgt, check(WAYDE_SRC, tgt))
    assert result.targets[3] == "The coach congratulated Wayde."


def test_cli_fix_json_report_holds_the_fix(pair, tmp_path):
    src, tgt = pair
    out = tmp_path / "fixed.en"
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--fix", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"] == {NUMBER_CHANGED: 1, NUMBER_MISSING: 1}  # the findings, as without --fix
    assert report["fix"]["changed"] == 1
    assert report["fix"]["records"][0]["fixed"] == "560 soldiers reached the city."
    assert [(r["finding"], r["reason"]) for r in report["fix"]["refused"]] == [(NUMBER_MISSING, DROPPED)]


def test_glossary_with_four_columns_is_refused(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("الموصل\tMosul\tMawsil\textra\n", encoding="utf-8")
    src = tmp_path / "s.ar"
    src.write_text("دخل الجيش الموصل.\n", encoding="utf-8")
    tgt = tmp_path / "t.en"
    tgt.write_text("The army entered Mawsil.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--glossary", str(path), "--fix"])
    assert result.exit_code == 2
    assert "terms.tsv:1" in result.output


def test_records_carry_document_locations_for_the_translate_side():
    src = ["وصل ٥٦٠ جندياً.", "قال إن الوضع مستقر."]
    tgt = ["650 soldiers arrived.", "He said it was stable."]
    result = fix(src, tgt, check(src, tgt))
    assert result.records(locations=["body p 1", "body p 2"])[0]["location"] == "body p 1"
    assert result.to_dict()["changed"] == 1
    assert "- 650 soldiers arrived.\n+ 560 soldiers arrived.\n" in result.diff()
    assert tgt == ["650 soldiers arrived.", "He said it was stable."]  # the input list is not modified


# --------------------------------------------------------------------------- numbers the parser left unpaired

@pytest.mark.parametrize("src, tgt, want", [
    # a noun in the dual (no number word) rendered with another number: the parser's finding is "extra"
    ("ستبدو المجموعتين مختلفتين بعد آلاف السنين.", "The six populations will look different after thousands of years.",
     "The two populations will look different after thousands of years."),  # feminine, with its adjective
    ("أظهرت الأبحاث أن الإصابة تزيد بمرتين عن الذكور.", "Research found the risk is six times higher than in males.",
     "Research found the risk is two times higher than in males."),
    ("يظهر سلوكان عندما يبدأ المديرون العمل.", "Three behaviors emerge when managers begin work.",
     "Two behaviors emerge when managers begin work."),  # masculine nominative -ان
    ("بين هذين الجزأين من مولدوفا.", "between these eight parts of Moldova.",
     "between these two parts of Moldova."),  # -ين after a dual demonstrative
    # the count written "one" before a plural: the parser leaves a lone "one" out, the finding is "missing"
    ("لقد علق تحت الأنقاض يومين.", "He was pinned under rubble for one days.", "He was pinned under rubble for two days."),
    ("خسرت الولايات المتحدة ست مرات متتالية.", "The US has lost one consecutive times.", "The US has lost six consecutive times."),
    # 150.000 in the source is a hundred and fifty thousand, not 150 with three zero decimals
    ("أنتج المصنع 150.000 سيارة.", "The plant produced 105,000 cars.", "The plant produced 150,000 cars."),
])
def test_a_number_the_parser_could_not_pair_is_repaired_when_its_value_is_certain(src, tgt, want):
    out, result = fixed(src, tgt)
    assert out == want
    assert len(result.repairs) == 1 and result.refused == []


@pytest.mark.parametrize("src, tgt", [
    ("يستخدم جهاز التحكم مستشعرين بالقرب من التلفاز.", "The controller uses twelve sensors near the TV."),  # -ين: plural too
    ("زار المدربين السودان.", "He visited the seven trainers in Sudan."),  # السودان is a name, not a dual
    ("فكرتان ثم نظريتان في الكتاب.", "Five ideas and then theories in the book."),  # two duals: which one?
    ("تعمل الفرق بينما يبذلان جهدا.", "Seven teams work while they try."),  # يبذلان: a verb in the dual
    ("قال إن ثلاثة مسؤولين أمريكيين تحدثوا.", "He said that no one knows what officials said."),  # "one": a pronoun
    ("قال إن ثلاثة مسؤولين تحدثوا.", "He said one of the officials spoke."),
    ("قال إن ثلاثة مسؤولين تحدثوا.", "He said one of its officials spoke."),
    ("قال إن ثلاثة مسؤولين تحدثوا.", "He described one crisis after another."),
    ("شارك واحد من ثلاثة لاعبين.", "One players took part."),  # the source has its own one
    ("بلغ الطول 1.500 متر.", "The length was 1,600 metres."),  # 1.5 or 1500?
])
def test_an_unpaired_number_without_a_certain_value_is_left_alone(src, tgt):
    out, result = fixed(src, tgt)
    assert out == tgt
    assert result.repairs == [] and result.refused
