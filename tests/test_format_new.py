"""Issue #18: WebVTT, ASS/SSA and PowerPoint, and formats recognised by their contents.

Fixtures of other projects (tests/fixtures/formats/README.md says where each comes from) are given Arabic
text with the library a user would use (pysubs2, python-pptx), translated, and read back with the same
library: everything except the text must be equal.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_cli import assert_ok, assert_one_line_error, invoke

from bitext.errors import FormatError
from bitext.formats import detect, parse_bytes, sniff
from bitext.formats.driver import needs_translation
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions

pysubs2 = pytest.importorskip("pysubs2")
pptx = pytest.importorskip("pptx")

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FAST = GenerationOptions(beam=1, max_length_ratio=0.5, max_length_extra=4)
AR = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def arabize(text: str, keep_braces: bool = False) -> str:
    """Latin letters become Arabic letters; ASS override blocks and \\N escapes stay when ``keep_braces``."""
    out, depth, i = [], 0, 0
    while i < len(text):
        c = text[i]
        if keep_braces and c == "{":
            depth += 1
        elif keep_braces and c == "}":
            depth -= 1
        elif keep_braces and c == "\\" and depth == 0 and i + 1 < len(text):
            out.append(text[i:i + 2])
            i += 2
            continue
        if depth == 0 and c.isascii() and c.isalpha():
            c = AR[(ord(c.lower()) - 97) % len(AR)]
        out.append(c)
        i += 1
    return "".join(out)


def visible(text: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


# ------------------------------------------------------------------------------------------- WebVTT

VTT = """WEBVTT - مثال
Kind: captions

NOTE هذه ملاحظة
لا تترجم

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:03.500 align:start position:10%
<v أحمد>قال الرئيس إن الحكومة</v>

00:00:03.600 --> 00:00:06.000
ستبني مدرسة &amp; جديدة في المدينة الكبيرة التي يعيش فيها الكثير من الناس.

3
00:07.000 --> 00:09.000
<i>شكرا لكم.</i>
"""


def _vtt_blocks(text: str) -> list[list[str]]:
    return [b.splitlines() for b in text.strip().split("\n\n")]


def test_vtt_segments_identity_and_structure() -> None:
    data = VTT.encode("utf-8")
    assert detect("a.vtt") == "vtt"
    parsed = parse_bytes(data, "a.vtt", "vtt")
    assert [(s.location, s.text) for s in parsed.segments] == [
        ("cue 1-2", "قال الرئيس إن الحكومة\nستبني مدرسة & جديدة في المدينة الكبيرة التي يعيش فيها الكثير من الناس."),
        ("cue 3", "شكرا لكم.")]
    assert parsed.write([s.text for s in parsed.segments]) == data
    out = parsed.write(["The president said the government will build a new & very large school in the big "
                        "city where many people live.", "Thank you <all>."]).decode("utf-8")
    before, after = _vtt_blocks(VTT), _vtt_blocks(out)
    assert before[:3] == after[:3]  # header, NOTE, STYLE byte for byte
    for b, a in zip(before[3:], after[3:]):
        timing = next(i for i, line in enumerate(b) if "-->" in line)
        assert a[: timing + 1] == b[: timing + 1]  # identifier and timing line with its settings
        assert all(len(visible(x)) <= 42 for x in a[timing + 1:]) and a[timing + 1:]
    assert after[3][-1].startswith("<v أحمد>") and after[3][-1].endswith("</v>")
    assert "&amp;" in out and "&lt;all&gt;" in out
    src, dst = pysubs2.SSAFile.from_string(VTT), pysubs2.SSAFile.from_string(out)
    assert [(e.start, e.end) for e in src] == [(e.start, e.end) for e in dst]


def test_vtt_with_the_no_bidi_punctuation_convention() -> None:
    cues = "".join(f"\n\n00:0{i}.000 --> 00:0{i}.900\n{t}" for i, t in enumerate(
        [".وصلنا إلى المدينة", "؟ماذا سنفعل", ".ننتظر هنا"], 1))
    parsed = parse_bytes(f"WEBVTT{cues}\n".encode(), "f.vtt", "vtt")
    assert [s.text for s in parsed.segments] == ["وصلنا إلى المدينة.", "ماذا سنفعل؟", "ننتظر هنا."]


def test_vtt_bad_files_are_one_line_errors() -> None:
    for data, needle in ((b"1\n00:00:01,000 --> 00:00:02,000\nx\n", "WEBVTT"),
                         ("WEBVTT\n\n00:01.000 --> 00:xx.000\nنص\n".encode(), "bad timing")):
        with pytest.raises(FormatError) as info:
            parse_bytes(data, "bad.vtt", "vtt")
        assert str(info.value).startswith("bad.vtt: ") and needle in str(info.value) and "\n" not in str(info.value)


# -------------------------------------------------------------------------------------------- ASS/SSA

@pytest.mark.parametrize("fixture", ["ttml_example.ass", "subtitle_with_attached_images_aegisub.ass"])
def test_ass_fixture_structure_is_kept(fixture: str) -> None:
    subs = pysubs2.load(str(FIXTURES / fixture))
    for event in subs:
        event.text = arabize(event.text, keep_braces=True)
    data = subs.to_string("ass").encode("utf-8")
    parsed = parse_bytes(data, fixture, "ass")
    assert parsed.write([s.text for s in parsed.segments]) == data
    translations = [("word " * (3 + 4 * (i % 3))).strip() + "." for i in range(len(parsed.segments))]
    out = parsed.write(translations).decode("utf-8")
    back = pysubs2.SSAFile.from_string(out)

    def fields(e):
        return (e.start, e.end, e.style, e.name, e.layer, e.type, e.marginl, e.marginr, e.marginv, e.effect)

    assert [fields(e) for e in subs] == [fields(e) for e in back]
    assert {k: v.__dict__ for k, v in subs.styles.items()} == {k: v.__dict__ for k, v in back.styles.items()}
    assert subs.info == back.info
    assert not any(needs_translation(e.plaintext) for e in back)
    for e in back:
        assert all(len(line) <= 42 or " " not in line for line in e.plaintext.split("\n"))
        assert e.plaintext.strip() or not any(arabize(x.plaintext) for x in subs if x.start == e.start)
    # every cue that had text still has text (never a blank cue)
    assert [bool(e.plaintext.strip()) for e in subs] == [bool(e.plaintext.strip()) for e in back]


def test_ass_tags_styles_and_joining() -> None:
    data = ("[Script Info]\r\nScriptType: v4.00+\r\n\r\n[V4+ Styles]\r\nFormat: Name, Fontname\r\n"
            "Style: Default,Arial\r\nStyle: Sign,Arial\r\n\r\n[Events]\r\n"
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\r\n"
            "Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,تعليق لا يترجم\r\n"
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,أحمد,0,0,0,,{\\an8}{\\i1}قال الرئيس إن\\Nالحكومة{\\i0}\r\n"
            "Dialogue: 0,0:00:02.10,0:00:03.00,Default,أحمد,0,0,0,,ستبني مدرسة.\r\n"
            "Dialogue: 5,0:00:02.10,0:00:03.00,Sign,,0,0,0,,مدرسة\r\n").encode("utf-8")
    parsed = parse_bytes(data, "a.ass", "ass")
    assert [(s.location, s.text) for s in parsed.segments] == [
        ("cue 1-2", "قال الرئيس إن\nالحكومة\nستبني مدرسة."), ("cue 3", "مدرسة")]
    out = parsed.write(["The president said the government will build a {school}.", "School"]).decode("utf-8")
    lines = out.split("\r\n")
    assert lines[10] == "Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,تعليق لا يترجم"
    assert lines[11].startswith("Dialogue: 0,0:00:01.00,0:00:02.00,Default,أحمد,0,0,0,,{\\an8}{\\i1}")
    assert lines[11].endswith("{\\i0}")
    assert lines[13] == "Dialogue: 5,0:00:02.10,0:00:03.00,Sign,,0,0,0,,School"
    assert "(school)" in out  # braces in a translation cannot open an override block


# ---------------------------------------------------------------------------------------------- PPTX

PPTX_FIXTURES = ["tbl-cell.pptx", "sld-notes.pptx", "txt-text.pptx"]


def _frames(prs):
    for slide in prs.slides:
        for shape in _shapes(slide.shapes):
            if shape.has_text_frame:
                yield shape.text_frame
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        yield cell.text_frame
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            yield slide.notes_slide.notes_text_frame


def _shapes(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == 6:  # a group
            yield from _shapes(shape.shapes)


def _arabic_pptx(fixture: str) -> bytes:
    prs = pptx.Presentation(str(FIXTURES / fixture))
    for frame in _frames(prs):
        for p in frame.paragraphs:
            p._p.get_or_add_pPr().set("rtl", "1")
            p._p.get_or_add_pPr().set("algn", "r")
            for r in p.runs:
                r.text = arabize(r.text)
                r.font.language_id = None
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _layout(data: bytes) -> list:
    """Everything of a presentation a reader sees except the text: shapes, positions, sizes, run formats."""
    prs = pptx.Presentation(io.BytesIO(data))
    out = [prs.slide_width, prs.slide_height]
    for slide in prs.slides:
        out.append(slide.slide_layout.name)
        for shape in _shapes(slide.shapes):
            out.append((shape.shape_type, shape.name, shape.left, shape.top, shape.width, shape.height))
            if getattr(shape, "has_table", False) and shape.has_table:
                out.append([(len(shape.table.rows), len(shape.table.columns))])
    for frame in _frames(prs):
        out.append([(len(p.runs) > 0, [(r.font.bold, r.font.italic, r.font.size) for r in p.runs][:1]) for p in frame.paragraphs])
    return out


@pytest.mark.parametrize("fixture", PPTX_FIXTURES)
def test_pptx_fixture_layout_is_kept_and_no_arabic_is_left(fixture: str) -> None:
    data = _arabic_pptx(fixture)
    parsed = parse_bytes(data, fixture, "pptx")
    assert parsed.segments, "the fixture has text"
    assert parsed.write([s.text for s in parsed.segments]) == data
    out = parsed.write([f"English text {i}" for i in range(len(parsed.segments))])
    assert _layout(out) == _layout(data)
    prs = pptx.Presentation(io.BytesIO(out))
    texts = [p for frame in _frames(prs) for p in frame.paragraphs]
    assert not any(needs_translation(p.text) for p in texts)
    for p in texts:
        if p.text.strip():
            assert p._p.pPr.get("rtl") == "0" and p._p.pPr.get("algn") == "l"


def test_pptx_locations_tables_and_notes() -> None:
    parsed = parse_bytes(_arabic_pptx("tbl-cell.pptx"), "t.pptx", "pptx")
    assert any(" table 1 r1c1 p1" in s.location for s in parsed.segments)
    parsed = parse_bytes(_arabic_pptx("sld-notes.pptx"), "n.pptx", "pptx")
    assert any(s.location.endswith("notes p1") and s.kind == "note" for s in parsed.segments), [s.location for s in parsed.segments]


def test_pptx_bad_files() -> None:
    for data in (b"not a zip", b"PK\x03\x04broken"):
        with pytest.raises(FormatError) as info:
            parse_bytes(data, "bad.pptx", "pptx")
        assert str(info.value).startswith("bad.pptx: is not a valid .pptx") and "\n" not in str(info.value)
    docx = (FIXTURES.parent / "nothing").exists()  # a Word file is not a presentation
    assert not docx


# ----------------------------------------------------------------------------- content detection (#18.1)

def test_unknown_extensions_are_recognised_by_content(tmp_path: Path) -> None:
    cases = {
        "a.sdlxliff": "xliff",  # by extension now, and by content below
        "export.xml": b'<?xml version="1.0"?>\n<!-- c -->\n<xliff version="1.2"><file/></xliff>',
        "subs.txt2": VTT.encode(),
        "subs.sub": b"[Script Info]\nTitle: x\n",
        "memory.xml": b"<tmx version='1.4'><header/></tmx>",
        "page.asp": b"<!DOCTYPE html>\n<html><body><p>\xd9\x86\xd8\xb5</p></body></html>",
        "cues.sub": b"1\n00:00:01,000 --> 00:00:02,000\n\xd9\x86\xd8\xb5\n",
        "notes.ar": "نص عادي.\n".encode(),
    }
    expected = {"export.xml": "xliff", "subs.txt2": "vtt", "subs.sub": "ass", "memory.xml": "tmx", "page.asp": "html",
                "cues.sub": "srt", "notes.ar": "txt"}
    assert detect("a.sdlxliff") == "xliff"
    for name, fmt in expected.items():
        path = tmp_path / name
        path.write_bytes(cases[name])
        assert detect(str(path)) == fmt, name
    deck = tmp_path / "deck.bin"
    deck.write_bytes(_arabic_pptx("txt-text.pptx"))
    assert detect(str(deck)) == "pptx"
    assert detect("never-written.out") == "txt"  # an output name is not read


@pytest.mark.parametrize("data, needle", [
    (bytes(range(256)) * 20, "is not text"),
    (b"<?xml version='1.0'?><project><name>x</name></project>", "root <project>"),
    (b"PK\x03\x04" + b"\x00" * 40 + b"xl/workbook.xml", "zip file"),
])
def test_what_cannot_be_recognised_is_refused_naming_input_format(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "thing.dat"
    path.write_bytes(data)
    with pytest.raises(FormatError) as info:
        sniff(data, str(path))
    assert needle in str(info.value) and "--input-format" in str(info.value)
    result = invoke(["translate", path, "-o", tmp_path / "out.dat", "--model", "unused"])
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "--input-format")


def test_sdlxliff_without_arabic_is_not_rewritten_as_text(tmp_path: Path, tiny_model_dir: Path) -> None:
    data = ("<?xml version='1.0' encoding='utf-8'?>\n<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' "
            "xmlns:sdl='http://sdl.com/FileTypes/SdlXliff/1.0' version='1.2'><file original='a' source-language='it-IT' "
            "datatype='x-sdlfilterframework2'><body>"
            + "".join(f"<trans-unit id='{i}'><source>Ciao mondo {i}</source></trans-unit>" for i in range(20))
            + "</body></file></xliff>\n").encode()
    for name in ("it.sdlxliff", "it.sdlxliff-backup"):
        src = tmp_path / name
        src.write_bytes(data)
        out = tmp_path / f"out-{name}"
        assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1", "--input-format", "xliff"]
                         if name.endswith("backup") else ["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"]))
        assert out.read_bytes() == data


# -------------------------------------------------------------------------------------- end to end (CLI)

def test_new_formats_end_to_end_from_the_cli(tiny_model_dir: Path, tmp_path: Path) -> None:
    subs = pysubs2.load(str(FIXTURES / "ttml_example.ass"))
    for event in subs:
        event.text = arabize(event.text, keep_braces=True)
    inputs = {"a.vtt": VTT.encode(), "a.ass": subs.to_string("ass").encode(), "a.pptx": _arabic_pptx("txt-text.pptx"),
              "unknown.subtitles": VTT.encode()}
    for name, data in inputs.items():
        src = tmp_path / name
        src.write_bytes(data)
        out = tmp_path / f"en-{name}"
        assert_ok(invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"]))
        written = out.read_bytes()
        if name.endswith(".pptx"):
            prs = pptx.Presentation(io.BytesIO(written))
            assert not any(needs_translation(p.text) for f in _frames(prs) for p in f.paragraphs)
            assert _layout(written) == _layout(data)
        else:
            text = written.decode("utf-8")
            back = pysubs2.SSAFile.from_string(text)
            assert [(e.start, e.end) for e in back] == [(e.start, e.end) for e in pysubs2.SSAFile.from_string(data.decode())]
            assert not any(needs_translation(e.plaintext) for e in back)
            if name != "a.ass":
                assert text.startswith("WEBVTT - مثال\nKind: captions\n\nNOTE هذه ملاحظة")


def test_new_formats_through_the_library(tiny_engine) -> None:
    parsed = parse_bytes(VTT.encode(), "a.vtt", "vtt")
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)
    assert render(ft, "vtt").startswith(b"WEBVTT")
    assert b"<tu" in render(ft, "tmx") and b"cue 1-2" in render(ft, "jsonl")


def test_formats_command_lists_the_new_formats() -> None:
    result = invoke(["formats"])
    assert_ok(result)
    for needle in ("vtt", "ass", ".ssa", "pptx", ".sdlxliff", "BITEXT_MAX_UNZIPPED_MB", "by its contents"):
        assert needle in result.stdout, needle
