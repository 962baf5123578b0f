"""JSONL and CSV/TSV rows: one field translated, in place or beside the source; identity is byte-equal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bitext.errors import FormatError
from bitext.formats import csv_rows, detect, jsonl_rows, load_format, parse_bytes
from bitext.formats.driver import needs_translation, read_parsed
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions

FAST = GenerationOptions(beam=1, max_length_ratio=0.5, max_length_extra=4)

JSONL = (
    '{"id": 1, "text": "ذهب الولد إلى المدرسة.", "score": 0.5, "tags": ["a", "ب"]}\n'
    '{"id":2,"text":"قرأت البنت كتابا. ثم نامت.","meta":{"src":"web"}}\r\n'
    "\n"
    '{"id": 3, "body": "no text field"}\n'
    '{"id": 4, "text": 7}\n'
    '{"id": 5, "text": "   "}\n'
    '["not", "an", "object"]\n'
    '  {"id": 6, "text": "Hello \\u0645\\u0631\\u062d\\u0628\\u0627", "en": "old"}  \n'
    '{"id": 7, "text": "سطر\\nثان\u2028فاصل"}'
)
JSONL_SEGMENTS = [
    ("ذهب الولد إلى المدرسة.", "row 1"),
    ("قرأت البنت كتابا. ثم نامت.", "row 2"),
    ("Hello مرحبا", "row 8"),
    ("سطر\nثان\u2028فاصل", "row 9"),
]

CSV = (
    "id,text,note\r\n"
    "1,ذهب الولد إلى المدرسة في الصباح الباكر,\"a, b\"\r\n"
    "2,\"مرحبا، يا \"\"صديقي\"\"\nسطر ثان\",x\r\n"
    "3,,empty\r\n"
    "\r\n"
    "4,قرأت البنت كتابا جميلا\r\n"
    "5,English only,\"q\"\r\n"
    "6,سلام عليكم"
)
CSV_SEGMENTS = [
    ("ذهب الولد إلى المدرسة في الصباح الباكر", "row 2"),
    ('مرحبا، يا "صديقي"\nسطر ثان', "row 3"),
    ("قرأت البنت كتابا جميلا", "row 6"),
    ("English only", "row 7"),
    ("سلام عليكم", "row 8"),
]


def _records(data: bytes) -> list[dict]:
    return [json.loads(line) if line.strip() else None for line in data.decode("utf-8").split("\n")]


def _rows(data: bytes, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=delimiter))


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_segments_and_warnings():
    parsed = jsonl_rows.parse(JSONL.encode("utf-8"), "data.jsonl")
    assert parsed.format == "jsonl"
    assert [(s.text, s.location) for s in parsed.segments] == JSONL_SEGMENTS
    assert {s.kind for s in parsed.segments} == {"field"}
    assert parsed.warnings == ["4 rows without text in field 'text' (missing, not a string, or empty) kept unchanged"]


def test_jsonl_identity_is_byte_equal():
    data = JSONL.encode("utf-8")
    for options in ({}, {"field": "body"}):
        parsed = jsonl_rows.parse(data, "data.jsonl", **options)
        assert parsed.write([s.text for s in parsed.segments]) == data
    bom = b"\xef\xbb\xbf" + data
    parsed = jsonl_rows.parse(bom, "data.jsonl")
    assert parsed.write([s.text for s in parsed.segments]) == bom


def test_jsonl_replace_and_target_field():
    data = JSONL.encode("utf-8")
    parsed = jsonl_rows.parse(data, "data.jsonl")
    out = parsed.write(["T1", "T2 \"q\"", "T3", "T4\nx"])
    lines = out.decode("utf-8").split("\n")
    src = JSONL.split("\n")
    assert lines[0] == '{"id": 1, "text": "T1", "score": 0.5, "tags": ["a", "ب"]}'
    assert lines[1] == '{"id":2,"text":"T2 \\"q\\"","meta":{"src":"web"}}\r'  # compact separators, \r kept
    assert lines[2:7] == src[2:7]  # rows without usable text: byte for byte
    assert lines[7] == '  {"id": 6, "text": "T3", "en": "old"}  '
    assert json.loads(lines[8]) == {"id": 7, "text": "T4\nx"}
    again = jsonl_rows.parse(out, "data.en.jsonl")
    assert [s.text for s in again.segments] == ["T1", 'T2 "q"', "T3", "T4\nx"]

    parsed = jsonl_rows.parse(data, "data.jsonl", target_field="en")
    out = parsed.write(["T1", "T2", "T3", "T4"])
    records = _records(out)
    assert list(records[0]) == ["id", "text", "score", "tags", "en"]
    assert records[0]["text"] == "ذهب الولد إلى المدرسة." and records[0]["en"] == "T1"
    assert list(records[7]) == ["id", "text", "en"] and records[7]["en"] == "T3"  # an existing field keeps its place
    assert records[3] == {"id": 3, "body": "no text field"}
    # identity with a target field: the source copied beside itself
    out = parsed.write([s.text for s in parsed.segments])
    assert [r["en"] for r in _records(out) if r and isinstance(r, dict) and "en" in r] == [t for t, _ in JSONL_SEGMENTS]


def test_jsonl_translate_with_tiny_engine(tiny_engine, tmp_path: Path):
    path = tmp_path / "data.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    for options in ({}, {"target_field": "text_en"}):
        parsed = read_parsed(str(path), field="text", **options)
        assert parsed.format == "jsonl"
        ft = translate_parsed(parsed, tiny_engine, FAST)
        assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
        out = render(ft, "jsonl")
        before, after = JSONL.split("\n"), out.decode("utf-8").split("\n")
        assert len(after) == len(before)
        key = options.get("target_field", "text")
        rows = [int(s.location.split()[1]) - 1 for s in parsed.segments]
        assert [json.loads(after[i])[key] for i in rows] == ft.translations
        assert [after[i] for i in range(len(before)) if i not in rows] == [before[i] for i in range(len(before)) if i not in rows]
        if options:
            assert [json.loads(after[i])["text"] for i in rows] == [t for t, _ in JSONL_SEGMENTS]
        assert any(t != s.text for s, t in zip(parsed.segments, ft.translations))
        again = jsonl_rows.parse(out, "out.jsonl", field=key)
        assert [s.text for s in again.segments] == [t for t in ft.translations if t.strip()]


def test_jsonl_english_translation_leaves_no_arabic():
    parsed = jsonl_rows.parse(JSONL.encode("utf-8"), "data.jsonl")
    out = parsed.write([f"English {i}" for i in range(len(parsed.segments))])
    again = jsonl_rows.parse(out, "data.en.jsonl")
    assert not any(needs_translation(s.text) for s in again.segments)


@pytest.mark.parametrize("data, problem", [
    (b'{"id": 1, "body": "x"}\n{"id": 2}\n', "no field 'text' in any row; fields: id, body — use --field"),
    (b'{"text": "a"}\n{"text": "b",\n', "line 2 is not valid JSON"),
    (b"\n  \n", "no JSON records"),
    (b'[1, 2]\n"x"\n', "no field 'text' in any row; fields: none"),
])
def test_jsonl_bad_input_is_one_line_format_error(data, problem):
    with pytest.raises(FormatError) as info:
        parse_bytes(data, "broken.jsonl", "jsonl")
    message = str(info.value)
    assert message.startswith("broken.jsonl: ") and "\n" not in message and problem in message


# --- CSV / TSV -----------------------------------------------------------------------------


def test_csv_segments_and_warnings():
    parsed = csv_rows.parse(CSV.encode("utf-8"), "data.csv")
    assert parsed.format == "csv"
    assert [(s.text, s.location) for s in parsed.segments] == CSV_SEGMENTS
    assert {s.kind for s in parsed.segments} == {"field"}
    assert parsed.warnings == ["1 row without text in field 'text' (missing, not a string, or empty) kept unchanged"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_csv_identity_is_byte_equal(encoding):
    data = CSV.replace("English only", "Only").encode(encoding)  # cp1256 cannot carry curly quotes etc.: plain text only
    parsed = csv_rows.parse(data, "data.csv")
    assert parsed.encoding.replace("_", "-").lower() in (encoding, "windows-1256")
    assert len(parsed.segments) == len(CSV_SEGMENTS)
    assert parsed.write([s.text for s in parsed.segments]) == data


def test_csv_replace_keeps_other_rows_and_quotes_changed_ones():
    data = CSV.encode("utf-8")
    parsed = csv_rows.parse(data, "data.csv")
    out = parsed.write(["T1", 'T2, "q"', "T3\nx", "English only", "T5"])
    text = out.decode("utf-8")
    assert text.startswith("id,text,note\r\n1,T1,\"a, b\"\r\n2,\"T2, \"\"q\"\"\",x\r\n3,,empty\r\n\r\n4,\"T3\nx\"\r\n5,English only,\"q\"\r\n")
    assert text.endswith("6,T5")  # no line end added to the last row
    assert _rows(out)[1:] == [["1", "T1", "a, b"], ["2", 'T2, "q"', "x"], ["3", "", "empty"], [], ["4", "T3\nx"],
                              ["5", "English only", "q"], ["6", "T5"]]


def test_csv_target_field_adds_a_column():
    data = ("\ufeff" + CSV).encode("utf-8")
    parsed = csv_rows.parse(data, "data.csv", target_field="text_en")
    out = parsed.write(["T1", "T2", "T3", "English only", "T5"])
    assert out.startswith(b"\xef\xbb\xbf")
    rows = _rows(out)
    assert rows[0] == ["id", "text", "note", "text_en"]
    assert rows[1] == ["1", "ذهب الولد إلى المدرسة في الصباح الباكر", "a, b", "T1"]
    assert rows[3] == ["3", "", "empty", ""] and rows[4] == []
    assert rows[5] == ["4", "قرأت البنت كتابا جميلا", "", "T3"]  # short row padded
    # an existing target column is filled where it is
    data = "id,en,text\n1,,نص عربي\n2,keep,\n".encode("utf-8")
    out = csv_rows.parse(data, "x.csv", target_field="EN").write(["Arabic text"])
    assert out == "id,en,text\n1,Arabic text,نص عربي\n2,keep,\n".encode("utf-8")


def test_tsv_and_sniffed_delimiters():
    tsv = "id\tBody\n1\tذهب الولد إلى المدرسة, صباحا\n2\tقرأت البنت كتابا جميلا\n"
    parsed = csv_rows.parse(tsv.encode("cp1256"), "data.tsv", field="body")  # the header is matched ignoring case
    assert parsed.encoding.lower() in ("cp1256", "windows-1256")
    assert [s.text for s in parsed.segments] == ["ذهب الولد إلى المدرسة, صباحا", "قرأت البنت كتابا جميلا"]
    out = parsed.write(["The boy, in the morning", "é ✓"])  # ✓ does not fit Windows-1256: UTF-8 with BOM
    assert out.decode("utf-8-sig") == "id\tBody\n1\tThe boy, in the morning\n2\té ✓\n"
    semi = "id;text;n\n1;مرحبا, يا صديقي;2\n".encode("utf-8")
    parsed = csv_rows.parse(semi, "semi.csv")
    assert [s.text for s in parsed.segments] == ["مرحبا, يا صديقي"]
    assert parsed.write(["Hello; friend"]) == b'id;text;n\n1;"Hello; friend";2\n'


def test_csv_translate_with_tiny_engine(tiny_engine, tmp_path: Path):
    path = tmp_path / "data.csv"
    path.write_bytes(CSV.encode("utf-8"))
    parsed = read_parsed(str(path), target_field="en")
    assert parsed.format == "csv"
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    out = render(ft, "csv")
    rows = _rows(out)
    assert rows[0] == ["id", "text", "note", "en"]
    by_row = {int(s.location.split()[1]): t for s, t in zip(parsed.segments, ft.translations)}
    assert {i + 1: r[3] for i, r in enumerate(rows) if i and r and r[3]} == {k: v for k, v in by_row.items() if v}
    assert [r[1] for r in rows[1:] if r] == [r[1] for r in _rows(CSV.encode("utf-8"))[1:] if r]
    assert any(t != s.text for s, t in zip(parsed.segments, ft.translations))
    again = csv_rows.parse(out, "out.csv", field="en")
    assert [s.text for s in again.segments] == [t for t in ft.translations if t.strip()]
    # in place, then the bilingual renderings of the driver
    parsed = read_parsed(str(path))
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    rows = _rows(render(ft, "csv"))
    assert [rows[int(s.location.split()[1]) - 1][1] for s in parsed.segments] == ft.translations
    from bitext.formats import tmx, xliff

    assert [s.text for s in xliff.parse(render(ft, "xliff"), "x.xlf").segments] == [s.text for s in parsed.segments if needs_translation(s.text)]
    assert [s.location for s in tmx.parse(render(ft, "tmx"), "x.tmx").segments] == \
        [f"tu {i}" for i, s in enumerate(parsed.segments, 1) if needs_translation(s.text)]


def test_csv_english_translation_leaves_no_arabic():
    parsed = csv_rows.parse(CSV.encode("utf-8"), "data.csv")
    out = parsed.write([f"English {i}" for i in range(len(parsed.segments))])
    assert not any(needs_translation(s.text) for s in csv_rows.parse(out, "data.en.csv").segments)


@pytest.mark.parametrize("data, problem", [
    ("id,body\n1,نص\n".encode("utf-8"), "no field 'text' in the header row; fields: id, body — use --field"),
    (b"", "no header row"),
    (b",,\n1,2,3\n", "header row"),
])
def test_csv_bad_input_is_one_line_format_error(data, problem):
    with pytest.raises(FormatError) as info:
        parse_bytes(data, "broken.csv", "csv")
    message = str(info.value)
    assert message.startswith("broken.csv: ") and "\n" not in message and problem in message


def test_detect_and_registry():
    assert detect("a.jsonl") == detect("b.NDJSON") == "jsonl"
    assert detect("a.csv") == detect("b.tsv") == "csv"
    assert load_format("jsonl") is jsonl_rows and load_format("csv") is csv_rows
    for module in (jsonl_rows, csv_rows):
        for attr in ("NAME", "EXTENSIONS", "DESCRIPTION", "KEEPS"):
            assert getattr(module, attr)
