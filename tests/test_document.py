"""Reading, decoding and atomically writing text files (bitext/document.py); no model needed."""

from __future__ import annotations

import codecs
import io
import os
import random
import stat
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, need_shared

from bitext.document import decode_bytes, read_text, write_atomic
from bitext.errors import BitextError, InputError
from bitext.segment import segment_document

ARABIC = "أعلن وزير الدفاع الأميركي أن بلاده سترسل جنوداً إضافيين إلى العراق.\nوقال إن المهمة مستمرة."


def _sample_text() -> str:
    need_shared(SAMPLE)
    return SAMPLE.read_bytes().decode("utf-8")


def _sample_paragraph(min_chars: int = 250) -> str:
    """A real paragraph (one line) of the sample, a few hundred characters long."""
    for line in _sample_text().split("\n"):
        if len(line) >= min_chars:
            return line
    pytest.fail(f"no line of {SAMPLE.name} has {min_chars} characters")


def _assert_one_line_naming(exc: BaseException, name: str) -> None:
    message = str(exc)
    assert message, "empty error message"
    assert "\n" not in message and "\r" not in message, f"message is not one line: {message!r}"
    assert name in message, f"message does not name {name!r}: {message!r}"


def _part_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


# ------------------------------------------------------------ decode_bytes

def test_decode_utf8():
    text, enc = decode_bytes(ARABIC.encode("utf-8"), "a.txt")
    assert text == ARABIC
    assert enc.replace("_", "-").lower() == "utf-8"


def test_decode_utf8_bom_is_removed():
    text, enc = decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "a.txt")
    assert text == ARABIC
    assert not text.startswith("\ufeff")
    assert "utf" in enc.lower() and "8" in enc


@pytest.mark.parametrize(
    "bom, codec",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["le", "be"],
)
def test_decode_utf16_with_bom(bom, codec):
    data = bom + ARABIC.encode(codec)
    text, enc = decode_bytes(data, "a.txt")
    assert text == ARABIC
    assert "\ufeff" not in text
    assert "16" in enc


def test_decode_utf32_with_bom_is_not_taken_for_utf16():
    # The UTF-32 LE BOM starts with the UTF-16 LE BOM bytes.
    text, enc = decode_bytes(codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "a.txt")
    assert text == ARABIC
    assert "32" in enc


def test_decode_windows_1256_paragraph():
    paragraph = _sample_paragraph()
    data = paragraph.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fallback detection really is exercised
    text, enc = decode_bytes(data, "a.txt")
    assert text == paragraph
    assert "1256" in enc


@pytest.mark.parametrize("text", ["id\tنص\n1\tقال الوزير إن الاتفاق تم.\n", "مرحبا بكم في بغداد", "شكرا لكم."])
def test_decode_short_windows_1256_texts(text):
    """Short texts are where guessers go wrong (one such TSV came out as big5hkscs)."""
    decoded, enc = decode_bytes(text.encode("cp1256"), "short.tsv")
    assert decoded == text and "1256" in enc


def test_decode_iso_8859_6_and_chinese_are_not_taken_for_windows_1256():
    text = "السلام عليكم ورحمة الله وبركاته. هذا نص طويل نسبيا للاختبار."
    assert decode_bytes(text.encode("iso8859_6"), "a.txt")[0] == text
    chinese = "这是一个中文文本，用于测试编码检测是否正确。我们需要足够长的文本。"
    assert decode_bytes(chinese.encode("gb18030"), "zh.txt")[0] == chinese


def test_decode_windows_1256_whole_sample_with_crlf():
    original = _sample_text().replace("\n", "\r\n")
    text, enc = decode_bytes(original.encode("cp1256"), "sample.txt")
    assert text == original
    assert "1256" in enc


def test_decode_keeps_crlf_verbatim():
    original = "سطر أول.\r\nسطر ثان.\r\n\r\nسطر أخير.\r\n"
    text, _ = decode_bytes(original.encode("utf-8"), "a.txt")
    assert text == original
    assert text.count("\r\n") == 4


def test_decode_keeps_lone_cr_and_mixed_newlines():
    original = "أ\rب\nج\r\nد"
    text, _ = decode_bytes(original.encode("utf-8"), "a.txt")
    assert text == original


def test_decode_empty_bytes():
    text, enc = decode_bytes(b"", "empty.txt")
    assert text == ""
    assert isinstance(enc, str) and enc


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_decode_png_like_binary_raises_input_error(seed):
    rnd = random.Random(seed)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(4096))
    with pytest.raises(InputError) as info:
        decode_bytes(data, "picture.png")
    _assert_one_line_naming(info.value, "picture.png")


@pytest.mark.parametrize(
    "data",
    [
        b"hello\x00\x00world\x00",
        "نص عربي\x00مع بايتات صفرية".encode("utf-8"),
        b"\x00" * 64,
        bytes(range(32)) * 10,
    ],
    ids=["ascii-nuls", "arabic-nul", "all-nuls", "control-bytes"],
)
def test_decode_bytes_with_nuls_or_controls_raises_input_error(data):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "blob.dat")
    _assert_one_line_naming(info.value, "blob.dat")


def test_decode_text_with_a_tab_and_form_feed_is_text():
    original = "عنوان\tفرعي\n\fصفحة ثانية.\n"
    text, _ = decode_bytes(original.encode("utf-8"), "a.txt")
    assert text == original


# ------------------------------------------------------------ read_text

def test_read_text_reads_and_decodes_a_file(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes(codecs.BOM_UTF8 + ARABIC.replace("\n", "\r\n").encode("utf-8"))
    text, enc = read_text(path)
    assert text == ARABIC.replace("\n", "\r\n")
    assert "8" in enc


def test_read_text_missing_file(tmp_path):
    path = tmp_path / "does-not-exist.txt"
    with pytest.raises(InputError) as info:
        read_text(path)
    _assert_one_line_naming(info.value, str(path))
    assert "no such file" in str(info.value)


def test_read_text_directory(tmp_path):
    directory = tmp_path / "a-directory"
    directory.mkdir()
    with pytest.raises(InputError) as info:
        read_text(directory)
    _assert_one_line_naming(info.value, str(directory))
    assert "directory" in str(info.value)


def test_read_text_binary_file_names_it(tmp_path):
    path = tmp_path / "image.png"
    rnd = random.Random(7)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(2048)))
    with pytest.raises(InputError) as info:
        read_text(path)
    _assert_one_line_naming(info.value, str(path))


def test_read_text_dash_reads_stdin_bytes(monkeypatch):
    paragraph = _sample_paragraph()
    fake_stdin = io.TextIOWrapper(io.BytesIO(paragraph.encode("cp1256")), encoding="latin-1")
    monkeypatch.setattr(sys, "stdin", fake_stdin)
    text, enc = read_text("-")
    assert text == paragraph
    assert "1256" in enc


# ------------------------------------------------------------ write_atomic

def test_write_atomic_writes_exact_text_and_newlines(tmp_path):
    target = tmp_path / "out.txt"
    text = "Line one.\r\nسطر ثان.\n\r\nlast line without newline"
    write_atomic(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    assert _part_files(tmp_path) == []


def test_write_atomic_replaces_an_existing_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old content that is longer than the new one\n")
    write_atomic(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_write_atomic_relative_path_in_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomic("out.txt", "a\r\nb")
    assert (tmp_path / "out.txt").read_bytes() == b"a\r\nb"
    assert _part_files(tmp_path) == []


class _Unprintable:
    def __str__(self) -> str:  # pragma: no cover - must never be called successfully
        raise RuntimeError("cannot convert")


def _fail_replace(*args, **kwargs):
    raise OSError(28, "No space left on device")


def _interrupt_fsync(fd):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "failure",
    ["replace-fails", "fsync-interrupted", "not-a-string"],
)
def test_write_atomic_failure_leaves_target_untouched_and_no_part_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "out.txt"
    original = "previous translation\r\nسطر قديم\n".encode("utf-8")
    target.write_bytes(original)
    text: object = "new text that must not appear\n" * 100
    expected: type[BaseException]
    if failure == "replace-fails":
        monkeypatch.setattr(os, "replace", _fail_replace)
        expected = InputError  # one line for the user: "no space left on the device"
    elif failure == "fsync-interrupted":
        monkeypatch.setattr(os, "fsync", _interrupt_fsync)
        expected = KeyboardInterrupt
    else:
        text = _Unprintable()
        expected = TypeError
    with pytest.raises(expected):
        write_atomic(target, text)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert target.read_bytes() == original
    assert _part_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_write_atomic_failure_without_existing_target_creates_nothing(tmp_path, monkeypatch):
    target = tmp_path / "new.txt"
    monkeypatch.setattr(os, "fsync", _interrupt_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "text")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_missing_directory(tmp_path):
    target = tmp_path / "no-such-dir" / "out.txt"
    with pytest.raises(InputError) as info:
        write_atomic(target, "text")
    _assert_one_line_naming(info.value, "no-such-dir")
    assert not target.parent.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_write_atomic_new_file_gets_normal_permissions(tmp_path):
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "out.txt"
        write_atomic(target, "text\n")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_atomic_unwritable_directory_raises_bitext_error(tmp_path, unwritable_dir):
    directory = unwritable_dir
    target = directory / "bitext-test-out.txt"
    try:
        with pytest.raises(BitextError) as info:
            write_atomic(target, "text")
        _assert_one_line_naming(info.value, str(target))
    finally:
        if directory != Path("/proc"):
            directory.chmod(0o700)
    assert not target.exists()


# ------------------------------------------------------------ segment + rebuild

def test_segment_rebuild_of_windows_1256_crlf_input():
    original = _sample_text().replace("\n", "\r\n")
    assert not original.endswith("\n")  # the sample's last line has no newline
    text, enc = decode_bytes(original.encode("cp1256"), "sample.txt")
    assert "1256" in enc
    doc = segment_document(text, name="sample.txt", encoding=enc)
    assert doc.rebuild() == text == original
    assert len(doc.blocks) == original.count("\r\n") + 1 == 17
    assert [b.newline for b in doc.blocks[:-1]] == ["\r\n"] * 16
    assert doc.blocks[-1].newline == ""
    for b in doc.blocks:
        assert "\r" not in text[b.start : b.end] and "\n" not in text[b.start : b.end]
    for s in doc.sentences:
        assert s.text == text[s.start : s.end]
        assert "\r" not in s.text and "\n" not in s.text


def test_segment_rebuild_of_mixed_newlines_and_blank_lines():
    text = "\r\n# عنوان\r\n\r\n- بند.\n  \r\nفقرة أولى. فقرة ثانية.\r"
    doc = segment_document(text)
    assert doc.rebuild() == text
    assert [b.newline for b in doc.blocks] == ["\r\n", "\r\n", "\r\n", "\n", "\r\n", "\r"]
    assert [b.kind for b in doc.blocks][0] == "blank"


def test_document_from_sentences_keeps_each_sentence_whole():
    from bitext.document import document_from_sentences

    sentences = ["قال د. أحمد: 3.5 مليون.  ", "", "سطر\nمكسور", "z"]
    doc = document_from_sentences(sentences)
    assert doc.rebuild() == doc.text
    # one sentence per non-empty input, never re-split (the first holds two full stops)
    assert [s.text for s in doc.sentences] == ["قال د. أحمد: 3.5 مليون.", "سطر مكسور", "z"]
    assert [b.kind for b in doc.blocks] == ["paragraph", "blank", "paragraph", "paragraph"]
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
