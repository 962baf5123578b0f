"""bitext check: the sample article against our own translation, glossary, CLI, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, need_shared

from bitext.check import GLOSSARY, SEGMENT_EMPTY, check, load_glossary
from bitext.check.findings import (
    NAME_INCONSISTENT,
    NAME_MISSING,
    NUMBER_CHANGED,
    NUMBER_MISSING,
    UNIT_CHANGED,
)
from bitext.check.glossary import check_glossary, make_entry
from bitext.cli import main

# Our own English translation of some lines of ../shared/samples/carter-baghdad.ar.txt
# (1-based line number -> English).
OUR_TRANSLATION = {
    2: "US Defense Secretary Ashton Carter, who arrived in Baghdad on Monday, July 11, announced that his "
       "country will send 560 additional troops to Iraq to help in the fight against ISIS, as it prepares "
       "for the battle to retake Mosul.",
    3: 'The US Department of Defense said in a statement that "Carter met Iraqi Prime Minister Haider '
       "al-Abadi and a number of Iraqi leaders and praised them for the recent progress in fighting ISIS, "
       "including the capture of a strategic airfield near the town of Qayyarah (58 km south of the city "
       'of Mosul) that will help in the operations to liberate Mosul".',
    6: "The 10 deadliest attacks in Iraq since 2003",
    8: "560 additional soldiers will arrive in Iraq",
    10: 'Carter added: "As the campaign moves toward Mosul, which is more than 250 miles from the Iraqi '
        "capital, the airfield will become a vital launching point for the Iraqi security forces' attack "
        'on Mosul," noting that "coalition forces will also continue to support the Peshmerga forces as '
        'they advance from northern Iraq and converge on Mosul".',
    16: "*Photo: Carter during his meeting with al-Abadi in Baghdad/Agence France-Presse",
    17: "You can contact us and send videos and photos to our site via WhatsApp at 0012022773659",
}


@pytest.fixture(scope="module")
def sample_pairs():
    need_shared(SAMPLE)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    numbers = sorted(OUR_TRANSLATION)
    return numbers, [lines[n - 1] for n in numbers], [OUR_TRANSLATION[n] for n in numbers]


def _errors(report):
    return [f for f in report.findings if f.severity in ("error", "warning")]


def _corrupt(sample_pairs, line: int, old: str, new: str):
    numbers, sources, targets = sample_pairs
    i = numbers.index(line)
    assert old in targets[i]
    targets = list(targets)
    targets[i] = targets[i].replace(old, new, 1)
    return i, sources, targets


def test_sample_clean_translation_has_no_errors(sample_pairs):
    _, sources, targets = sample_pairs
    report = check(sources, targets)
    assert _errors(report) == [], report.to_text(sources, targets)


@pytest.mark.parametrize(
    "line, old, new, kind",
    [
        (2, "560", "650", NUMBER_CHANGED),
        (3, " (58 km south of the city of Mosul)", "", NUMBER_MISSING),
        (10, "250 miles", "250 km", UNIT_CHANGED),
        (17, "0012022773659", "0012022773695", NUMBER_CHANGED),
        (6, "since 2003", "since 2004", NUMBER_CHANGED),
    ],
)
def test_sample_injected_number_errors_are_caught(sample_pairs, line, old, new, kind):
    i, sources, targets = _corrupt(sample_pairs, line, old, new)
    report = check(sources, targets)
    kinds = {f.kind for f in report.findings if f.sentence == i}
    assert kind in kinds, report.to_text(sources, targets)
    finding = next(f for f in report.findings if f.sentence == i and f.kind == kind)
    assert finding.source_span is not None
    a, b = finding.source_span
    assert sources[i][a:b].strip()  # the span points at real source text


def test_sample_dropped_name_is_missing(sample_pairs):
    i, sources, targets = _corrupt(sample_pairs, 3, "Iraqi Prime Minister Haider al-Abadi", "the Iraqi Prime Minister")
    report = check(sources, targets)
    missing = [f for f in report.findings if f.sentence == i and f.kind == NAME_MISSING]
    assert missing, report.to_text(sources, targets)
    assert any("العبادي" in sources[i][f.source_span[0]:f.source_span[1]] or "حيدر" in sources[i][f.source_span[0]:f.source_span[1]] for f in missing)


def test_sample_name_spelled_two_ways_is_inconsistent(sample_pairs):
    i, sources, targets = _corrupt(sample_pairs, 16, "al-Abadi", "al-Abbadi")
    report = check(sources, targets)
    inconsistent = [f for f in report.findings if f.kind == NAME_INCONSISTENT]
    assert inconsistent, report.to_text(sources, targets)
    message = " ".join(f.message for f in inconsistent)
    assert "Abadi" in message and "Abbadi" in message


# ------------------------------------------------------------ glossary

def test_glossary_requires_the_given_rendering():
    entry = make_entry("داعش", "ISIS")
    src = "القتال ضد تنظيم داعش في الموصل"
    assert check_glossary([entry], src, "the fight against ISIS in Mosul") == []
    (finding,) = check_glossary([entry], src, "the fight against Daesh in Mosul")
    assert finding.kind == GLOSSARY and finding.severity == "error"
    a, b = finding.source_span
    assert src[a:b] == "داعش"


def test_glossary_matches_clitics_and_diacritics_and_counts_occurrences():
    entry = make_entry("الموصل", "Mosul")
    src = "تتوجه الحملة نحو المَوْصِل، ثم والموصل وللموصل"
    (finding,) = check_glossary([entry], src, "toward Mosul")
    assert finding.values["occurrences"] == 3 and finding.values["rendered"] == 1
    assert check_glossary([entry], src, "Mosul, Mosul, Mosul") == []
    # whole words only: "Mosuls" is not "Mosul", and a different word is not a hit
    assert check_glossary([entry], "الموصلي", "x") == []


def test_load_glossary_file_and_malformed_line(tmp_path):
    good = tmp_path / "terms.tsv"
    good.write_text("# term\trendering\nداعش\tISIS\n\nالموصل\tMosul\n", encoding="utf-8")
    assert [e.english for e in load_glossary(good)] == ["ISIS", "Mosul"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("داعش\tISIS\nالموصل Mosul\n", encoding="utf-8")
    from bitext.errors import FormatError

    with pytest.raises(FormatError, match=r"bad.tsv:2"):
        load_glossary(bad)


# ------------------------------------------------------------ check() contract

def test_empty_side_is_reported():
    report = check(["أرسلت 560 جندياً.", ""], ["", "Hello."])
    kinds = [(f.sentence, f.kind, f.severity) for f in report.findings if f.kind == SEGMENT_EMPTY]
    assert (0, SEGMENT_EMPTY, "error") in kinds and (1, SEGMENT_EMPTY, "warning") in kinds


def test_mismatched_pair_counts_raise():
    with pytest.raises(ValueError):
        check(["a", "b"], ["a"])


def test_report_json_is_stable(sample_pairs):
    i, sources, targets = _corrupt(sample_pairs, 2, "560", "650")
    data = check(sources, targets).to_dict()
    assert data["version"] == 1 and data["pairs"] == len(sources)
    for f in data["findings"]:
        assert set(f) == {"kind", "severity", "sentence", "message", "source_span", "target_span", "values"}
    assert data["counts"][NUMBER_CHANGED] >= 1


# ------------------------------------------------------------ CLI

def _files(tmp_path, sources, targets):
    src, tgt = tmp_path / "src.ar", tmp_path / "tgt.en"
    src.write_text("\n".join(sources) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(targets) + "\n", encoding="utf-8")
    return str(src), str(tgt)


def test_cli_check_text_json_and_strict(sample_pairs, tmp_path):
    _, sources, targets = sample_pairs
    src, tgt = _files(tmp_path, sources, targets)
    clean = CliRunner().invoke(main, ["check", src, tgt, "--strict"])
    assert clean.exit_code == 0, clean.output
    assert "sentence pairs" in clean.stdout

    i, sources, bad_targets = _corrupt(sample_pairs, 2, "560", "650")
    src, tgt = _files(tmp_path, sources, bad_targets)
    text = CliRunner().invoke(main, ["check", src, tgt])
    assert text.exit_code == 0
    assert f"line {i + 1}" in text.stdout and "560" in text.stdout and "650" in text.stdout
    strict = CliRunner().invoke(main, ["check", src, tgt, "--strict"])
    assert strict.exit_code == 1
    as_json = CliRunner().invoke(main, ["check", src, tgt, "--format", "json"])
    data = json.loads(as_json.stdout)
    assert any(f["kind"] == NUMBER_CHANGED and f["sentence"] == i for f in data["findings"])


def test_cli_check_reads_translate_jsonl(tmp_path):
    records = [
        {"sentence": 0, "source": "أرسلت الولايات المتحدة 560 جندياً.", "translation": "The United States sent 650 soldiers."},
        {"sentence": 1, "source": "وصل الوزير.", "translation": "The minister arrived."},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pairs"] == 2
    assert any(f["kind"] == NUMBER_CHANGED and f["sentence"] == 0 for f in data["findings"])


@pytest.mark.parametrize(
    "setup, needle",
    [
        ("mismatch", "has 2 lines but"),
        ("missing", "no such file"),
        ("bad_jsonl", "not a bitext translate record"),
        ("binary", "binary"),
    ],
)
def test_cli_check_bad_input_is_one_line_exit_2(tmp_path, setup, needle):
    src, tgt = tmp_path / "a.ar", tmp_path / "b.en"
    src.write_text("سطر أول\nسطر ثان\n", encoding="utf-8")
    tgt.write_text("first line\n", encoding="utf-8")
    args = ["check", str(src), str(tgt)]
    if setup == "missing":
        args = ["check", str(src), str(tmp_path / "nope.en")]
    elif setup == "bad_jsonl":
        bad = tmp_path / "x.jsonl"
        bad.write_text('{"source": "a", "translation": "b"}\nnot json\n', encoding="utf-8")
        args = ["check", str(bad)]
    elif setup == "binary":
        tgt.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bitext: error:") and needle in lines[0]


def test_cli_check_windows_1256_source(tmp_path):
    src, tgt = tmp_path / "a.ar", tmp_path / "b.en"
    src.write_bytes("أرسلت الولايات المتحدة 560 جندياً إلى العراق في عام 2016 لمساعدة القوات العراقية.\n".encode("cp1256"))
    tgt.write_text("The United States sent 650 soldiers to Iraq in 2016 to help Iraqi forces.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert any(f["kind"] == NUMBER_CHANGED for f in json.loads(result.stdout)["findings"])


def test_translate_check_puts_findings_in_jsonl(tiny_model_dir, tmp_path):
    src = tmp_path / "in.ar"
    src.write_text("أرسلت الولايات المتحدة 560 جندياً.\nوصل الوزير كارتر إلى بغداد.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["translate", str(src), "-o", str(out), "--model", str(tiny_model_dir), "--beam", "1", "--check"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all("findings" in r for r in records)
    # gibberish output loses the number 560: the check must say so
    assert any(f["kind"] == NUMBER_MISSING for f in records[0]["findings"])
    assert "check:" in result.stderr


def test_check_documents_keeps_names_within_each_document():
    from bitext.check import check_documents

    sources = ["التقى كارتر العبادي في بغداد.", "وصل العبادي إلى الموصل.",
               "التقى كارتر العبادي في بغداد.", "وصل العبادي إلى الموصل."]
    targets = ["Carter met Abadi in Baghdad.", "Abadi arrived in Mosul.",
               "Carter met Abbadi in Baghdad.", "Abbadi arrived in Mosul."]
    # one document: Abadi and Abbadi both render العبادي
    one = check_documents(sources, targets)
    assert any(f.kind == NAME_INCONSISTENT for f in one.findings)
    # two documents, each consistent with itself: nothing to report
    two = check_documents(sources, targets, ["a", "a", "b", "b"])
    assert not any(f.kind == NAME_INCONSISTENT for f in two.findings)
    # sentence indices are positions in the whole file
    changed = list(targets)
    changed[3] = "Abbadi arrived in Mosul with 560 soldiers."
    report = check_documents(sources, changed, ["a", "a", "b", "b"])
    assert {f.sentence for f in report.findings if f.kind == "number-extra"} == {3}


def test_cli_check_doc_ids_count_must_match(tmp_path):
    src, tgt = _files(tmp_path, ["سطر"], ["line"])
    ids = tmp_path / "ids.tsv"
    ids.write_text("a\nb\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", src, tgt, "--doc-ids", str(ids)])
    assert result.exit_code == 2 and "2 document ids" in result.stderr


def test_cli_check_mt_reference_finds_dropped_name(tmp_path):
    src, tgt = _files(tmp_path, ["وقال سليم إن المستشفى استقبل المريض في حالة مستقرة."],
                      ["He said the hospital admitted the patient in stable condition."])
    mt = tmp_path / "mt.en"
    mt.write_text("Salim said that the hospital received the patient in a stable condition.\n", encoding="utf-8")
    without = CliRunner().invoke(main, ["check", src, tgt, "--strict"])
    assert without.exit_code == 0, without.output
    with_mt = CliRunner().invoke(main, ["check", src, tgt, "--mt", str(mt), "--strict", "--format", "json"])
    assert with_mt.exit_code == 1, with_mt.output
    data = json.loads(with_mt.stdout)
    assert [f["kind"] for f in data["findings"]] == ["name-missing"]
    assert data["findings"][0]["values"]["source"] == "سليم"


def test_cli_check_mt_line_count_must_match(tmp_path):
    src, tgt = _files(tmp_path, ["سطر", "سطر ثان"], ["line", "second line"])
    mt = tmp_path / "mt.en"
    mt.write_text("only one line\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", src, tgt, "--mt", str(mt)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "has 1 lines but there are 2 sentence pairs" in lines[0]


def test_cli_check_text_shows_errors_and_warnings_only_unless_show_info(tmp_path):
    # a plausible unit conversion is an info finding: hidden in the text report by default
    src, tgt = _files(tmp_path, ["قطع مسافة 10 كيلومترات."], ["He covered 6.2 miles."])
    quiet = CliRunner().invoke(main, ["check", src, tgt])
    assert quiet.exit_code == 0, quiet.output
    assert "unit-converted" not in quiet.output and "1 info finding not shown (--show-info)" in quiet.output
    shown = CliRunner().invoke(main, ["check", src, tgt, "--show-info"])
    assert "unit-converted" in shown.output and "not shown" not in shown.output
    data = json.loads(CliRunner().invoke(main, ["check", src, tgt, "--format", "json"]).stdout)
    assert [(f["kind"], f["severity"]) for f in data["findings"]] == [("unit-converted", "info")]
