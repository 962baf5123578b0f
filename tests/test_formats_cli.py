"""`bitext translate` on document formats, `bitext formats`, and locations in check/view.

The per-format parsers and writers have their own tests (test_format_*.py);
these go through the command line as a user does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import assert_error_exit, assert_ok, invoke

from bitext.formats import FORMATS, detect, extension_map, load_format
from bitext.formats.driver import needs_translation, read_parsed

MARKDOWN = """# تقرير عن الميناء

بدأت أعمال **التوسعة** في الميناء. وقال المدير إن [المشروع](https://example.com/port?id=7) سيكتمل قريبا.

- البند الأول من الخطة.
- البند الثاني: `code_span()` يبقى كما هو.

```
print("لا يترجم")
```
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
قال الرئيس إن الحكومة

2
00:00:03,600 --> 00:00:06,000
ستبني مدرسة جديدة في المدينة.

3
00:00:07,000 --> 00:00:09,000
شكرا لكم.
"""


def test_every_registered_format_loads_and_declares_its_extensions():
    for name, (_, extensions) in FORMATS.items():
        module = load_format(name)
        assert module.NAME == name
        assert tuple(module.EXTENSIONS) == extensions, name
        assert module.DESCRIPTION and module.KEEPS
    assert detect("report.ar.docx") == "docx"
    assert detect("Page.HTML") == "html"
    assert detect("notes.unknown") == "txt"
    assert extension_map()[".srt"] == "srt"


def test_formats_command_lists_every_format_and_what_it_keeps():
    result = invoke(["formats"])
    assert_ok(result)
    for name in FORMATS:
        assert name in result.stdout
    assert result.stdout.count("keeps:") == len(FORMATS)


def test_markdown_file_keeps_its_structure_and_loses_its_arabic(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "report.ar.md"
    src.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "report.en.md"
    assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"]))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "https://example.com/port?id=7" in text and "`code_span()`" in text
    assert 'print("لا يترجم")' in text  # code blocks are not translated
    parsed = read_parsed(str(out))
    assert len(parsed.segments) == len(read_parsed(str(src)).segments)
    assert not any(needs_translation(s.text) for s in parsed.segments)


def test_jsonl_output_of_a_document_format_carries_locations_into_check_and_view(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "talk.ar.srt"
    src.write_text(SRT, encoding="utf-8")
    jsonl = tmp_path / "talk.jsonl"
    assert_ok(invoke(["translate", src, "-o", jsonl, "--model", tiny_model_dir, "--beam", "1", "--check"]))
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    locations = [r["location"] for r in records]
    assert locations and all(loc.startswith("cue") for loc in locations)
    assert any("1-2" in loc for loc in locations), locations  # the sentence that spans cues 1 and 2
    report = invoke(["check", jsonl, "--format", "json"])
    assert_ok(report)
    findings = json.loads(report.stdout)["findings"]
    assert all(f["location"].startswith("cue") for f in findings)
    page = tmp_path / "view.tsv"
    assert_ok(invoke(["view", jsonl, "-f", "tsv", "-o", page]))
    assert any(line.startswith("cue") for line in page.read_text(encoding="utf-8").splitlines()[1:])


def test_srt_to_srt_keeps_timings(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "talk.ar.srt"
    src.write_text(SRT, encoding="utf-8")
    out = tmp_path / "talk.en.srt"
    assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"]))
    text = out.read_text(encoding="utf-8")
    for timing in ("00:00:01,000 --> 00:00:03,500", "00:00:03,600 --> 00:00:06,000", "00:00:07,000 --> 00:00:09,000"):
        assert timing in text
    assert not needs_translation(text)


def test_any_format_can_be_written_as_xliff_for_a_cat_tool(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "report.ar.md"
    src.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "report.xlf"
    assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"]))
    parsed = read_parsed(str(out))  # our own XLIFF reader accepts it
    assert parsed.format == "xliff"
    from lxml import etree

    root = etree.fromstring(out.read_bytes())
    targets = root.findall(".//{urn:oasis:names:tc:xliff:document:1.2}target")
    assert len(targets) == len(read_parsed(str(src)).segments)


def test_a_format_cannot_be_written_as_another_structured_format(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "report.ar.md"
    src.write_text(MARKDOWN, encoding="utf-8")
    result = invoke(["translate", src, "-o", tmp_path / "report.docx", "--model", tiny_model_dir])
    assert_error_exit(result, "report.docx", "markdown")
    assert not (tmp_path / "report.docx").exists()


@pytest.mark.parametrize("name, data", [("broken.docx", b"PK\x03\x04 truncated"), ("bad.srt", b"1\nnot a timing\nnonsense\n\n")])
def test_bad_document_files_give_one_line(tiny_model_dir: Path, tmp_path: Path, name: str, data: bytes):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / ("out" + Path(name).suffix)
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir])
    if result.exit_code == 0:  # best effort is allowed, with a warning
        assert "bitext:" in result.stderr
    else:
        assert_error_exit(result, name)
        assert not out.exists()


def test_csv_rows_with_a_named_field(tiny_model_dir: Path, tmp_path: Path):
    src = tmp_path / "posts.csv"
    src.write_text("id,body\n1,قال الوزير إن الاتفاق تم.\n2,شكرا لكم.\n", encoding="utf-8")
    out = tmp_path / "posts.en.csv"
    assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1",
                      "--field", "body", "--target-field", "body_en"]))
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["body"] == "قال الوزير إن الاتفاق تم."  # the source is kept
    assert all(r["body_en"] and not needs_translation(r["body_en"]) for r in rows)
    missing = invoke(["translate", src, "-o", tmp_path / "x.csv", "--model", tiny_model_dir, "--field", "text"])
    assert_error_exit(missing, "text")


def test_text_without_arabic_letters_is_not_translated_but_gets_western_digits(tiny_engine):
    from bitext.formats.base import ParsedFile, Segment
    from bitext.translate.files import translate_parsed

    segments = [Segment("٥٦٠٫٥ ٪", "cell 1"), Segment("https://example.com/a?b=1", "cell 2"), Segment("قال الوزير.", "p 1")]
    parsed = ParsedFile("t", "txt", segments, writer=lambda ts: "\n".join(ts).encode())
    ft = translate_parsed(parsed, tiny_engine)
    assert ft.translations[0] == "560.5 %"
    assert ft.translations[1] == "https://example.com/a?b=1"
    assert ft.translations[2] and not needs_translation(ft.translations[2])
    assert ft.result.translated == 1  # only the Arabic sentence went to the model
    assert [bool(st.chunks) for st in ft.result.sentences] == [False, False, True]  # the others: copied, with a record
