"""One translate path: the same job gives the same bytes, spans, kinds and findings whether a file is
translated alone, as part of a directory, or (test_corpus_ray) by Ray actors; every command counts
the lines of a file the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bitext.document import decode_bytes
from bitext.formats.base import SEGMENT_KINDS

from test_cli import assert_ok, invoke

REPO = Path(__file__).resolve().parent.parent
FAST = ["--beam", "1", "--max-length-ratio", "0.3", "--device", "cpu", "--threads", "1", "--no-cache"]

MARKDOWN = """# تقرير الميناء

زار **الوزير** ميناء العقبة يوم الأحد، وقال إن [الخطة](https://example.org) تشمل 560 وظيفة.

- البند الأول: ٣٥ سفينة
- البند الثاني
"""
HTML = """<html lang="ar"><head><title>عنوان الصفحة</title></head><body>
<h1>الميناء الجديد</h1>
<p>قال الوزير إن <a href="/x">المشروع</a> يكلف 12 مليون دينار &amp; يوفر 300 وظيفة.</p>
<ul><li>عنصر أول</li></ul>
</body></html>
"""
SRT = """1
00:00:01,000 --> 00:00:03,000
قال الوزير إن الميناء

2
00:00:03,500 --> 00:00:05,000
سيفتح في عام 2025.
"""
CSV = "id,text\n1,زار الوزير مدينة عمان\n2,بلغ عدد السكان ٤٥٠ ألفاً\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("one-path") / "in"
    root.mkdir()
    shutil.copy(REPO / "examples" / "port-expansion.ar.txt", root / "article.txt")
    (root / "crlf.txt").write_bytes("زار الوزير عمان.\r\n\r\nوقال إن ٣٥ سفينة وصلت. ثم غادر.\r\n".encode("utf-8"))
    (root / "page.md").write_text(MARKDOWN, encoding="utf-8")
    (root / "web.html").write_text(HTML, encoding="utf-8")
    (root / "film.srt").write_text(SRT, encoding="utf-8")
    (root / "rows.csv").write_text(CSV, encoding="utf-8")
    pytest.importorskip("pptx")
    from test_format_new import _arabic_pptx

    (root / "slides.pptx").write_bytes(_arabic_pptx("tbl-cell.pptx"))
    return root


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_jsonl_spans_kinds_and_findings_agree_between_one_file_and_a_directory(inputs, tmp_path, tiny_model_dir):
    outdir = tmp_path / "dir"
    assert_ok(invoke(["translate", inputs, "-o", f"{outdir}/", "--format", "jsonl", "--check", "-q",
                      "--model", tiny_model_dir, *FAST]))
    for src in sorted(inputs.iterdir()):
        one = tmp_path / f"{src.stem}.jsonl"
        assert_ok(invoke(["translate", src, "-o", one, "--check", "-q", "--model", tiny_model_dir, *FAST]))
        from_dir = outdir / f"{src.stem}.jsonl"
        assert from_dir.read_bytes() == one.read_bytes(), src.name
        records = _records(one)
        assert records, src.name
        decoded = None if src.suffix == ".pptx" else decode_bytes(src.read_bytes())[0]
        with_span = 0
        for r in records:
            assert r["kind"] in SEGMENT_KINDS, (src.name, r["kind"])
            assert "findings" in r and isinstance(r["findings"], list)  # --check ran in both paths
            if r["span"] is not None:
                with_span += 1
                start, end = r["span"]
                assert decoded[start:end] == r["source"], (src.name, r)
                for a, b in r["chunks"]:
                    assert start <= a <= b <= end
        if src.suffix in (".txt", ".md"):
            assert with_span == len(records), src.name  # every piece is a verbatim slice of the input
        if src.suffix == ".html":
            assert 0 < with_span < len(records)  # the paragraph with an &amp; entity has no span: its text was decoded


def test_txt_blocks_are_input_lines(inputs, tmp_path, tiny_model_dir):
    out = tmp_path / "crlf.jsonl"
    assert_ok(invoke(["translate", inputs / "crlf.txt", "-o", out, "-q", "--model", tiny_model_dir, *FAST]))
    records = _records(out)
    assert [r["block"] for r in records] == [0, 2, 2]  # line 2 is blank: blocks count lines, not segments
    assert [r["location"] for r in records] == ["line 1", "line 3", "line 3"]


def test_library_jsonl_of_plain_text_is_the_cli_schema(inputs, tmp_path, tiny_model_dir, tiny_engine):
    # bitext.render_jsonl (a TranslatedDocument, for library users) writes the records of
    # `bitext translate x.txt -o x.jsonl`: one schema, written in bitext.export
    from bitext import read_document, render_jsonl, translate_document
    from bitext.translate.engine import GenerationOptions

    for name in ("crlf.txt", "article.txt"):
        out = tmp_path / f"{name}.jsonl"
        assert_ok(invoke(["translate", inputs / name, "-o", out, "-q", "--model", tiny_model_dir, *FAST]))
        doc = read_document(inputs / name)
        result = translate_document(doc, tiny_engine, GenerationOptions(beam=1, max_length_ratio=0.3))
        library = [json.loads(line) for line in render_jsonl(result).splitlines()]
        cli = _records(out)  # (CTranslate2 when installed: the same score up to float32 rounding)
        assert [abs(a.pop("score") - b.pop("score")) < 1e-3 for a, b in zip(library, cli)] == [True] * len(cli)
        assert library == cli, name


def test_own_format_outputs_agree_between_one_file_and_a_directory(inputs, tmp_path, tiny_model_dir):
    outdir = tmp_path / "dir"
    assert_ok(invoke(["translate", inputs, "-o", f"{outdir}/", "-q", "--model", tiny_model_dir, *FAST]))
    for src in sorted(inputs.iterdir()):
        one = tmp_path / src.name
        assert_ok(invoke(["translate", src, "-o", one, "-q", "--model", tiny_model_dir, *FAST]))
        assert (outdir / src.name).read_bytes() == one.read_bytes(), src.name


def test_two_inputs_for_one_output_are_refused(tmp_path, tiny_model_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(MARKDOWN, encoding="utf-8")
    (docs / "page.html").write_text(HTML, encoding="utf-8")
    result = invoke(["translate", docs, "-o", f"{tmp_path}/out/", "--format", "jsonl", "--model", tiny_model_dir, *FAST])
    assert result.exit_code == 2, result.stderr
    assert "page.jsonl" in result.stderr and "page.md" in result.stderr and "page.html" in result.stderr
    assert not (tmp_path / "out" / "page.jsonl").exists()


def test_check_in_a_directory_reports_findings(inputs, tmp_path, tiny_model_dir):
    """--check used to be refused with several inputs; now each document is checked by the same stage."""
    result = invoke(["translate", inputs / "article.txt", inputs / "crlf.txt", "-o", f"{tmp_path}/out/", "--check",
                     "--model", tiny_model_dir, *FAST])
    assert_ok(result)
    assert "check:" in result.stderr and "findings" in result.stderr  # the tiny model loses numbers and names


LINES = "زار الوزير عمان\u2028وعاد.\rقال إن ٣٥ سفينة وصلت\r\nثم غادر\u0085مساء\nالسطر الأخير بلا نهاية"
EN = "The minister visited Amman\u2028and returned.\rHe said 35 ships arrived\r\nThen left\u0085at night\nThe last line"


def test_every_command_counts_the_same_lines(tmp_path, tiny_model_dir):
    ar, en = tmp_path / "a.ar.txt", tmp_path / "a.en.txt"
    ar.write_bytes(LINES.encode("utf-8"))
    en.write_bytes(EN.encode("utf-8"))
    n = 4  # LF, CRLF and CR end lines; U+2028 and U+0085 do not
    out = tmp_path / "t.en.txt"
    assert_ok(invoke(["translate", ar, "-o", out, "-q", "--model", tiny_model_dir, *FAST]))
    from bitext.document import split_lines

    assert len(split_lines(out.read_text(encoding="utf-8"))) == n
    check = tmp_path / "c.json"
    assert_ok(invoke(["check", ar, en, "-o", check]))
    assert json.loads(check.read_text(encoding="utf-8"))["pairs"] == n
    ev = tmp_path / "e.json"
    assert_ok(invoke(["eval", "--ref", en, "--hyp", en, "-m", "bleu", "--bootstrap", "0", "--ar-trials", "0", "-o", ev]))
    assert json.loads(ev.read_text(encoding="utf-8"))["segments"] == n
    rows = tmp_path / "v.jsonl"
    assert_ok(invoke(["view", ar, en, "-o", rows, "--no-check"]))
    assert len(rows.read_text(encoding="utf-8").rstrip("\n").split("\n")) == n  # JSON Lines: records end at \\n only
    checked = tmp_path / "c2.json"  # translate's own jsonl, read back by check: a record holding U+2028 is one record
    assert_ok(invoke(["translate", ar, "-o", tmp_path / "t.jsonl", "-q", "--model", tiny_model_dir, *FAST]))
    assert_ok(invoke(["check", tmp_path / "t.jsonl", "-o", checked]))
    assert json.loads(checked.read_text(encoding="utf-8"))["pairs"] == len(_records(tmp_path / "t.jsonl"))
    aligned = tmp_path / "al.jsonl"
    assert_ok(invoke(["align", ar, en, "--presplit", "-o", aligned, "-q"]))
    beads = _records(aligned)
    assert sorted(i for b in beads for i in b.get("ar", b.get("src", []))) == list(range(n))
    # U+2028 and U+0085 are escaped in every JSON Lines output: a reader that splits lines the way
    # str.splitlines() does (most do) sees the same records, and the text reads back unchanged
    for path in (rows, tmp_path / "t.jsonl", aligned):
        text = path.read_text(encoding="utf-8")
        assert "\u2028" not in text and "\x85" not in text
        assert [json.loads(line) for line in text.splitlines()] == _records(path)
    assert any("\u2028" in json.dumps(r, ensure_ascii=False) for r in _records(tmp_path / "t.jsonl"))
