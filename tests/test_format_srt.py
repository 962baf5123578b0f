"""The .srt format: cues, sentences over cues, byte-equal identity, translation, bad files."""

from __future__ import annotations

import re

import pytest

from bitext.errors import FormatError
from bitext.formats import detect, parse_bytes
from bitext.formats.driver import needs_translation
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions

FAST = GenerationOptions(beam=1, max_length_ratio=1.0, max_length_extra=2)  # short outputs: a fast test

SAMPLE = """\
1
00:00:01,000 --> 00:00:03,500
مرحبا بكم في بغداد.

2
00:00:03,600 --> 00:00:06,000
قال الوزير إن الجامعة
ستفتح كلية جديدة

3
00:00:06,100 --> 00:00:08,000
في العام المقبل.

4
00:00:10,000 --> 00:00:12,000 X1:100 X2:300 Y1:50 Y2:80
<i>هل أنت متأكد؟ نعم، أنا متأكد!</i>

5
00:00:12,100 --> 00:00:14,000
- من أنت؟
- أنا أحمد.

6
00:00:20,000 --> 00:00:22,000
{\\an8}الساعة ٣ بعد الظهر

7
00:00:30,000 --> 00:00:32,000
OK

8
00:00:40,000 --> 00:00:43,000
وصل عدد الطلاب إلى ٢٥٠٠٠ طالب وطالبة في جميع الكليات

9
00:00:43,200 --> 00:00:46,000
والمعاهد التابعة للجامعة…


"""


def _cp1256(text: str) -> bytes:
    """Windows-1256 has no Arabic-Indic digits nor the ellipsis sign: files in it use 0-9 and '...'."""
    return text.replace("…", "...").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")).encode("cp1256")


def _parse(data: bytes, name: str = "film.ar.srt"):
    return parse_bytes(data, name, "srt")


def _cue_blocks(data: bytes, encoding: str = "utf-8") -> list[tuple[str, str, list[str]]]:
    """(number, timing line, text lines) of every cue, read independently of the format module."""
    text = data.decode(encoding).lstrip("\ufeff").replace("\r\n", "\n")
    out = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        out.append((lines[0], lines[1], lines[2:]))
    return out


def test_segments() -> None:
    assert detect("film.ar.SRT") == "srt"
    parsed = _parse(SAMPLE.encode("utf-8"))
    got = [(s.location, s.kind, s.text) for s in parsed.segments]
    assert got == [
        ("cue 1", "cue", "مرحبا بكم في بغداد."),
        ("cue 2-3", "cue", "قال الوزير إن الجامعة\nستفتح كلية جديدة\nفي العام المقبل."),
        ("cue 4", "cue", "هل أنت متأكد؟ نعم، أنا متأكد!"),  # two sentences, one cue: one segment
        ("cue 5", "cue", "- من أنت؟\n- أنا أحمد."),
        ("cue 6", "cue", "الساعة ٣ بعد الظهر"),  # not followed closely: not joined with cue 7
        ("cue 7", "cue", "OK"),
        ("cue 8-9", "cue", "وصل عدد الطلاب إلى ٢٥٠٠٠ طالب وطالبة في جميع الكليات\nوالمعاهد التابعة للجامعة…"),
    ]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode("utf-8"),
        _cp1256,
        lambda s: s.encode("utf-16"),
        lambda s: s.rstrip("\n").encode("utf-8"),  # no final newline
    ],
    ids=["utf8", "crlf", "bom-crlf", "cp1256", "utf16", "no-final-newline"],
)
def test_identity_is_byte_equal(encode) -> None:
    data = encode(SAMPLE)
    parsed = _parse(data)
    assert len(parsed.segments) == 7
    assert parsed.write([s.text for s in parsed.segments]) == data
    # a partial translation keeps every other cue byte for byte
    translations = [s.text for s in parsed.segments]
    translations[0] = "Welcome to Baghdad."
    out = parsed.write(translations)
    enc = "utf-16" if parsed.encoding.startswith("utf-16") else "utf-8"
    src = data.decode(parsed.encoding)
    assert out.decode(enc).lstrip("\ufeff") == src.lstrip("\ufeff").replace("مرحبا بكم في بغداد.", "Welcome to Baghdad.", 1)
    assert out.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")


def _check_translated(data: bytes, parsed, translations: list[str], out: bytes) -> None:
    before, after = _cue_blocks(data), _cue_blocks(out)
    assert [(n, t) for n, t, _ in before] == [(n, t) for n, t, _ in after]  # numbers and timings byte-equal
    again = _parse(out, "film.en.srt")
    assert len(again.segments) >= 1
    by_cue = {n: lines for n, _, lines in after}
    for seg, translation in zip(parsed.segments, translations):
        first, _, last = seg.location.removeprefix("cue ").partition("-")
        numbers = [str(k) for k in range(int(first), int(last or first) + 1)]
        lines = [line for k in numbers for line in by_cue[k]]
        for line in lines:
            visible = re.sub(r"<[^>]*>|\{\\[^}]*\}", "", line)
            assert len(visible) <= 42 or " " not in visible, line
        words = " ".join(re.sub(r"<[^>]*>|\{\\[^}]*\}", "", line) for line in lines).split()
        if translation == seg.text:
            assert "\n".join(lines).split() == seg.text.split()
        elif len(translation.split()) >= len(numbers):
            assert words == translation.split()  # every word once, in order
            assert all(by_cue[k] for k in numbers)  # no cue left empty
        else:  # fewer words than cues: a cue without words of its own repeats the cue before it
            assert all(by_cue[k] for k in numbers)
            assert [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]] == translation.split()
    assert by_cue["4"][0].startswith("<i>") and by_cue["4"][-1].endswith("</i>")
    assert by_cue["6"][0].startswith("{\\an8}")


def test_translate_with_tiny_model(tiny_engine) -> None:
    data = SAMPLE.replace("\n", "\r\n").encode("utf-8")
    parsed = _parse(data)
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    out = render(ft, "srt")
    assert b"\r\n" in out and b"\n" not in out.replace(b"\r\n", b"")
    _check_translated(data, parsed, ft.translations, out)


def test_english_translation_leaves_no_arabic() -> None:
    data = _cp1256(SAMPLE)
    parsed = _parse(data)
    long = "The minister said that the university would open a brand new college of engineering and medicine next year."
    translations = [
        "Welcome to Baghdad.",
        long,
        "Are you sure? Yes, I am sure!",
        "- Who are you? - I am Ahmed.",
        "Three in the afternoon",
        "OK",
        "The number of students reached 25000 in all the colleges and the institutes of the university, supercalifragilisticexpialidociouslylongword...",
    ]
    out = parsed.write(translations)
    out.decode("utf-8")  # Windows-1256 input, UTF-8 output
    _check_translated(data.decode("cp1256").encode("utf-8"), parsed, translations, out)
    again = _parse(out, "film.en.srt")
    assert not any(needs_translation(s.text) for s in again.segments)
    blocks = {n: lines for n, _, lines in _cue_blocks(out)}
    assert blocks["5"] == ["- Who are you?", "- I am Ahmed."]
    assert blocks["2"] and blocks["3"] and all(len(x) <= 42 for x in blocks["2"] + blocks["3"])


def test_wrap_and_split_helpers() -> None:
    from bitext.formats.srt import _split_words, _wrap

    assert _wrap("a short line".split()) == ["a short line"]
    lines = _wrap(("word " * 16).split())
    assert len(lines) == 2 and all(len(x) <= 42 for x in lines) and abs(len(lines[0]) - len(lines[1])) <= 5
    many = _wrap(("longer " * 30).split())
    assert len(many) > 2 and all(len(x) <= 42 for x in many) and " ".join(many).split() == ["longer"] * 30
    assert _wrap(["x" * 50, "y"]) == ["x" * 50, "y"]
    parts = _split_words("one two three four five six".split(), [10, 30])
    assert sum(parts, []) == "one two three four five six".split() and len(parts[0]) < len(parts[1])
    assert all(_split_words(["a", "b", "c"], [100, 1, 1]))  # never an empty cue when words suffice
    assert _split_words(["a"], [5, 5]) == [["a"], ["a"]]  # issue #18.5: never a blank cue
    assert _split_words(["a", "b"], [5, 5, 5]) == [["a"], ["b"], ["b"]]


def test_warnings_and_repairs() -> None:
    data = "1\n00:00:05,000 --> 00:00:02,000\nنص أول.\n\n00:00:06,000 --> 00:00:07,000\nنص ثان.\n".encode("utf-8")
    parsed = _parse(data)
    assert [s.text for s in parsed.segments] == ["نص أول.", "نص ثان."]
    assert len(parsed.warnings) >= 2 and all("\n" not in w for w in parsed.warnings)
    assert any("before it starts" in w for w in parsed.warnings)
    assert parsed.write([s.text for s in parsed.segments]) == data


def test_missing_blank_line_between_cues() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nنص أول.\n2\n00:00:03,000 --> 00:00:04,000\nنص ثان.\n".encode("utf-8")
    parsed = _parse(data)
    assert [(s.location, s.text) for s in parsed.segments] == [("cue 1", "نص أول."), ("cue 2", "نص ثان.")]
    assert any("no blank line before cue 2" in w for w in parsed.warnings)
    assert parsed.write([s.text for s in parsed.segments]) == data
    out = parsed.write(["First text.", "Second text."]).decode("utf-8")
    assert out == "1\n00:00:01,000 --> 00:00:02,000\nFirst text.\n2\n00:00:03,000 --> 00:00:04,000\nSecond text.\n"


@pytest.mark.parametrize(
    "data, expect",
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nنص\n", "line 2 (cue 1): bad timing line"),
        ("1\n00:00:01 --> 00:00:02\nنص\n", "line 2 (cue 1): bad timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nنص\n\n2\n00:00:01,000 --> 00:00:72,000\nنص\n", "line 6 (cue 2): bad timestamp"),
        ("one\n00:00:01,000 --> 00:00:02,000\nنص\n", "line 1: cue number 'one' is not a number"),
        ("1\n00:00:01,000 --> 00:00:02,000\nنص\n\nكلام بلا توقيت\n", "line 5: expected a cue number and a timing line after cue 1"),
        ("هذا ليس ملف ترجمة\nبل نص عادي\n", "line 1: expected a cue number"),
        ("1\n", "cue 1 has no timing line"),
        ("\n\n   \n", "no subtitle cues found"),
    ],
)
def test_bad_files(data: str, expect: str) -> None:
    with pytest.raises(FormatError) as info:
        _parse(data.encode("utf-8"), "bad.srt")
    message = str(info.value)
    assert message.startswith("bad.srt: ") and expect in message and "\n" not in message


def test_binary_is_a_format_error() -> None:
    with pytest.raises(FormatError) as info:
        _parse(bytes(range(256)) * 8, "bad.srt")
    assert str(info.value).startswith("bad.srt: ")


# --- issue #18.2: sentence punctuation at the start of Arabic lines (players without bidi)

FLIPPED = """1
00:00:01,000 --> 00:00:02,500
.لقد وصلنا إلى المدينة

2
00:00:02,600 --> 00:00:04,000
؟ماذا سنفعل الآن

3
00:00:04,100 --> 00:00:05,500
.سننتظر هنا حتى الصباح

4
00:00:05,600 --> 00:00:07,000
!لا أريد الانتظار
"""


def test_leading_punctuation_convention_is_recognised_and_segmented() -> None:
    parsed = _parse(FLIPPED.encode("utf-8"))
    # before: no cue "ended a sentence", all four were glued into one 'cue 1-4' segment
    assert [s.location for s in parsed.segments] == ["cue 1", "cue 2", "cue 3", "cue 4"]
    assert [s.text for s in parsed.segments] == ["لقد وصلنا إلى المدينة.", "ماذا سنفعل الآن؟",
                                                 "سننتظر هنا حتى الصباح.", "لا أريد الانتظار!"]
    assert any("start of the Arabic lines" in w for w in parsed.warnings)
    assert parsed.write([s.text for s in parsed.segments]) == FLIPPED.encode("utf-8")
    # the English is written with its punctuation at the end, also when a model copied it to the front
    out = parsed.write(["We have reached the city.", "?What do we do now", "We wait here until morning.", "No!"])
    blocks = {n: lines for n, _, lines in _cue_blocks(out)}
    assert blocks["1"] == ["We have reached the city."] and blocks["2"] == ["What do we do now?"]


def test_ordinary_files_are_not_taken_for_the_convention() -> None:
    parsed = _parse(SAMPLE.encode("utf-8"))
    assert not any("start of the Arabic lines" in w for w in parsed.warnings)
    ellipses = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},900\n...ثم ذهب إلى البيت\n\n" for i in range(1, 5))
    assert not any("start of the Arabic lines" in w for w in _parse(ellipses.encode()).warnings)


def test_short_translation_leaves_no_cue_blank() -> None:
    data = ("1\n00:00:01,000 --> 00:00:02,000\nقال الرئيس إن الحكومة\n\n"
            "2\n00:00:02,100 --> 00:00:03,000\nستبني مدرسة جديدة في المدينة\n\n"
            "3\n00:00:03,100 --> 00:00:04,000\nفي العام المقبل.\n").encode()
    parsed = _parse(data)
    assert [s.location for s in parsed.segments] == ["cue 1-3"]
    blocks = {n: lines for n, _, lines in _cue_blocks(parsed.write(["Yes."]))}
    assert all(blocks[k] for k in ("1", "2", "3")), blocks
