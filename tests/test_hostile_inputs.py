"""Inputs that used to trace back or be misjudged: each is one line (exit 2) or correct output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitext.document import decode_bytes
from test_cli import assert_ok, invoke
from test_input_checks import AR, EN, one_line_error

ARTICLE = "\n".join(AR) + "\n"


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_a_file_of_combining_marks_only(tiny_model_dir, tmp_path):
    src = tmp_path / "marks.ar.txt"
    src.write_text("\u064b\u064c\u064d\u064e\u064f\u0650\u0651" * 40 + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"])
    assert_ok(result)
    assert out.read_text(encoding="utf-8").count("\n") == 1


def test_jsonl_nested_too_deeply(tiny_model_dir, tmp_path):
    src = tmp_path / "deep.jsonl"
    src.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    one_line_error(invoke(["translate", src, "-o", tmp_path / "o.jsonl", "--model", tiny_model_dir]), "nested too deeply")
    for command in (["check", src], ["view", src, "-o", tmp_path / "v.html"]):
        one_line_error(invoke(command), str(src))


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1" + "0" * 400, "-1e999"])
def test_jsonl_rows_with_odd_numbers_are_kept(tiny_model_dir, tmp_path, value):
    src = tmp_path / "rows.jsonl"
    src.write_text(f'{{"text": {value}}}\n{{"text": "{AR[0]}"}}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1", "--max-length-ratio", "0.5"])
    assert_ok(result)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == src.read_text(encoding="utf-8").splitlines()[0]  # the row without text, byte for byte
    assert json.loads(lines[1])["text"] != AR[0]


def test_lone_surrogates_in_translate_rows(tiny_model_dir, tmp_path):
    src = tmp_path / "rows.jsonl"
    src.write_text('{"text": "\\ud800 ' + AR[0] + '"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1", "--max-length-ratio", "0.5"])
    assert_ok(result)
    assert "surrogate" in result.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.parametrize("command", [["check", "{f}"], ["view", "{f}", "-o", "{d}/v.html"], ["view", "{f}", "-f", "tsv"],
                                     ["view", "{f}", "-f", "term"]])
def test_lone_surrogates_in_a_translate_record(tmp_path, command):
    record = tmp_path / "t.jsonl"
    record.write_text(json.dumps({"source": "\ud800" + AR[0], "translation": "\udc00" + EN[0]}) + "\n", encoding="utf-8")
    result = invoke([a.format(f=record, d=tmp_path) for a in command])
    no_traceback(result)
    assert result.exit_code == 0, result.stderr


def test_a_glossary_term_made_only_of_marks(tmp_path):
    ar, en = tmp_path / "a.ar", tmp_path / "a.en"
    ar.write_text(ARTICLE, encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("\u064b\u064c\tX\n", encoding="utf-8")
    one_line_error(invoke(["check", ar, en, "--glossary", glossary]), f"{glossary}:1", "no letters")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_decoded(encoding):
    text = "Report: " + ARTICLE
    decoded, name = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded == text and name == encoding


def test_utf16_without_a_bom_is_translated(tiny_model_dir, tmp_path):
    src = tmp_path / "u16.txt"
    src.write_bytes(ARTICLE.encode("utf-16-le"))
    out = tmp_path / "out.txt"
    assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1", "--max-length-ratio", "0.5"]))
    assert out.read_text(encoding="utf-8").count("\n") == 3


def test_a_nul_byte_far_into_a_text_file_makes_it_binary(tiny_model_dir, tmp_path):
    src = tmp_path / "nul.txt"
    src.write_bytes((AR[0] + "\n").encode() * 2000 + b"\x00" + b"tail\n")
    assert src.stat().st_size > 200_000
    one_line_error(invoke(["translate", src, "-o", tmp_path / "o.txt", "--model", tiny_model_dir]), str(src), "NUL", "line 2001")
    one_line_error(invoke(["check", src, src]), "NUL")
    assert not (tmp_path / "o.txt").exists()


def test_unreadable_input_and_output_folder(tiny_model_dir, tmp_path, monkeypatch):
    """As a user without the permissions (simulated: open fails with EACCES), bitext names the path, exit 2."""
    import errno

    src = tmp_path / "a.ar.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self == src:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    one_line_error(invoke(["translate", src, "-o", tmp_path / "o.txt", "--model", tiny_model_dir]), str(src), "Permission denied")
    monkeypatch.undo()
    real_access = __import__("os").access
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr("os.access", lambda p, m, **k: False if Path(p) == locked else real_access(p, m, **k))
    one_line_error(invoke(["translate", src, "-o", locked / "o.txt", "--model", tiny_model_dir]), str(locked), "permission denied")
