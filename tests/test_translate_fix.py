"""bitext translate --fix: the repair stage of the one orchestrator, in every format, recorded in jsonl.

A scripted engine (a test double: it answers what the test says the model said) makes the model's
mistakes certain, so each test knows what the repair must be."""

from __future__ import annotations

import json

import pytest

from bitext.job import TranslateJob, translate_data
from bitext.translate import Hypothesis


class ScriptedEngine:
    """Answers each Arabic sentence with the English the test scripted for it."""

    identity = "scripted-engine"
    name = "scripted"
    max_input_tokens = 512

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def count_tokens(self, text):
        return len(text.split()) + 1

    def translate(self, texts, options, on_batch=None):
        hyps = [Hypothesis(self.answers[t], -0.5, len(self.answers[t].split()) + 1) for t in texts]
        if on_batch:
            on_batch(list(range(len(texts))), hyps)
        return hyps


AR1 = "وصل إلى الميناء 560 عاملا يوم الأحد."
AR2 = "وقال الوزير إن المشروع ناجح."
ANSWERS = {AR1: "650 workers arrived at the port on Sunday.", AR2: "The minister said the project was successful."}
FIXED1 = "560 workers arrived at the port on Sunday."


def _run(data: str, name: str, fmt: str, output: str, fix: bool = True):
    job = TranslateJob(use_cache=False, fix=fix)
    return translate_data(job, data.encode("utf-8"), name, fmt, output, ScriptedEngine(ANSWERS))


def test_fix_implies_check():
    assert TranslateJob(fix=True).check


def test_a_changed_number_is_repaired_and_the_record_keeps_the_original():
    text = f"# {AR2}\n\n{AR1} {AR2}\n"
    result = _run(text, "a.txt", "txt", "a.jsonl")
    records = [json.loads(line) for line in result.output.decode("utf-8").split("\n") if line]
    changed = [r for r in records if r["repairs"]]
    assert len(changed) == 1
    (rec,) = changed
    assert rec["original"] == ANSWERS[AR1] and rec["translation"] == FIXED1
    (repair,) = rec["repairs"]
    assert (repair["before"], repair["after"], repair["finding"]) == ("650", "560", "number-changed")
    assert ANSWERS[AR1][repair["span"][0]:repair["span"][1]] == "650"
    for r in records:
        if r is not rec:  # no finding, no change
            assert "original" not in r and r["translation"] == ANSWERS[r["source"]]
    assert result.repairs == 1


def test_the_layout_around_a_repair_is_kept_in_the_input_format():
    text = f"# {AR2}\n\n- {AR1} {AR2}\n"
    fixed = _run(text, "a.txt", "txt", "a.txt").output.decode("utf-8")
    plain = _run(text, "a.txt", "txt", "a.txt", fix=False).output.decode("utf-8")
    assert fixed == plain.replace("650", "560")  # the one repair, nothing else: heading mark, list marker, lines
    assert fixed.count("\n") == text.count("\n")


@pytest.mark.parametrize("name,fmt,data", [
    ("a.md", "markdown", f"# عنوان\n\nفقرة: **{AR1}**\n"),
    ("a.html", "html", f"<html><body><p><b>{AR1}</b></p><p>{AR2}</p></body></html>"),
    ("a.srt", "srt", f"1\n00:00:01,000 --> 00:00:04,000\n{AR1}\n"),
])
def test_every_format_gets_the_repair_and_keeps_its_markup(name, fmt, data):
    answers = dict(ANSWERS, **{"عنوان": "Title", "فقرة:": "Paragraph:"})
    job = TranslateJob(use_cache=False, fix=True)
    fixed = translate_data(job, data.encode(), name, fmt, name, ScriptedEngine(answers)).output.decode("utf-8")
    plain = translate_data(TranslateJob(use_cache=False), data.encode(), name, fmt, name,
                           ScriptedEngine(answers)).output.decode("utf-8")
    assert "650" in plain and "560" not in plain
    assert fixed == plain.replace("650", "560")


def test_without_fix_nothing_is_repaired_and_records_have_no_repairs():
    result = _run(f"{AR1}\n", "a.txt", "txt", "a.jsonl", fix=False)
    (rec,) = [json.loads(line) for line in result.output.decode("utf-8").split("\n") if line]
    assert rec["translation"] == ANSWERS[AR1] and "repairs" not in rec and "original" not in rec
    assert result.fixes is None


def test_translate_fix_on_the_command_line(tiny_model_dir, tmp_path):
    """The CLI path: --fix writes the output, a fix log, and a summary line (the tiny model's garbage
    has few certain repairs, so this checks the plumbing, not the repairs)."""
    from test_cli import assert_ok, invoke

    src = tmp_path / "a.ar.txt"
    src.write_text(f"{AR1}\n{AR2}\n", encoding="utf-8")
    out, log = tmp_path / "a.jsonl", tmp_path / "fix.jsonl"
    result = invoke(["translate", src, "-o", out, "--fix", "--fix-log", log, "--model", tiny_model_dir, "--beam", "1",
                     "--max-length-ratio", "0.3", "--no-cache"])
    assert_ok(result)
    assert "fix:" in result.stderr and "left for a translator" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert all("repairs" in r and "findings" in r for r in records)
    assert log.is_file()
    bad = invoke(["translate", src, "-o", out, "--fix-log", log, "--model", tiny_model_dir])
    assert bad.exit_code == 2 and "--fix-log goes with --fix" in bad.stderr


def test_the_view_shows_the_repairs_of_a_translate_fix_jsonl(tmp_path):
    from bitext.view.html import render_html
    from bitext.view.rows import view_from_jsonl

    out = tmp_path / "a.jsonl"
    out.write_bytes(_run(f"{AR1}\n{AR2}\n", "a.txt", "txt", "a.jsonl").output)
    view = view_from_jsonl(out)
    assert view.rows[0].systems[0] == ANSWERS[AR1]  # the column keeps what the model said
    html = render_html(view)
    assert "<del" in html and ">650</del>" in html and ">560</ins>" in html
    assert html.count('<div class="fix"') == 1


def test_view_fix_log_on_the_command_line(tmp_path):
    from test_cli import assert_ok, invoke

    src, tgt = tmp_path / "a.ar", tmp_path / "a.en"
    src.write_text(f"{AR1}\n{AR2}\n", encoding="utf-8")
    tgt.write_text(f"{ANSWERS[AR1]}\n{ANSWERS[AR2]}\n", encoding="utf-8")
    log = tmp_path / "fix.jsonl"
    assert_ok(invoke(["check", src, tgt, "--fix", "-o", tmp_path / "fixed.en", "--fix-log", log]))
    page = tmp_path / "v.html"
    result = invoke(["view", src, tgt, "--fix-log", log, "-o", page])
    assert_ok(result)
    assert ">560</ins>" in page.read_text(encoding="utf-8") and "warning" not in result.stderr
    other = invoke(["view", src, tmp_path / "fixed.en", "--fix-log", log, "-o", page])  # not the log's original
    assert_ok(other)
    assert "do not match" in other.stderr
    log.write_text("not json\n", encoding="utf-8")
    bad = invoke(["view", src, tgt, "--fix-log", log, "-o", page])
    assert bad.exit_code == 2 and "fix-log record" in bad.stderr
