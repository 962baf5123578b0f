"""Tests of bitext.segment: sentences, blocks, chunks, normalisation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.document import BLOCK_KINDS, Document
from bitext.segment import chunk_sentence, normalize_for_model, segment_document, split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE = SHARED / "samples" / "carter-baghdad.ar.txt"
CORPORA = [
    SHARED / "data" / "ntrex128" / "newstest2019.ar",
    SHARED / "data" / "ntrex128" / "newstest2019.en",
    SHARED / "data" / "flores200-devtest" / "devtest.ar",
    SHARED / "data" / "tico19-test" / "test.ar",
]

FAST = settings(max_examples=200, deadline=None)


def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip("../shared/samples not found")
    return SAMPLE.read_text(encoding="utf-8")


def sents(text: str, lang: str = "ar") -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang=lang)]


# ---------------------------------------------------------------- invariants


def check_spans(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> None:
    """Spans are ordered, non-empty, trimmed, and leave only whitespace around them."""
    end = len(text) if end is None else end
    pos = start
    for a, b in spans:
        assert pos <= a < b <= end, (spans, pos)
        assert text[pos:a].strip() == "", repr(text[pos:a])
        assert not text[a].isspace() and not text[b - 1].isspace()
        pos = b
    assert text[pos:end].strip() == ""


def check_document(doc: Document, text: str) -> None:
    assert doc.text == text
    assert doc.rebuild() == text
    pos = 0
    for role, a, b in doc.pieces():
        assert a == pos and a <= b, (role, a, b, pos)
        if role in ("gap", "suffix"):
            assert text[a:b].strip() == "", (role, repr(text[a:b]))
        if role == "newline":
            assert text[a:b] in ("", "\n", "\r\n", "\r")
        pos = b
    assert pos == len(text)
    index = 0
    for i, block in enumerate(doc.blocks):
        assert block.index == i
        assert block.kind in BLOCK_KINDS
        assert block.start <= block.content_start <= block.content_end <= block.end
        line = text[block.start : block.end]
        assert "\n" not in line and "\r" not in line
        assert text[block.end : block.end + len(block.newline)] == block.newline
        if block.newline == "\r":
            assert text[block.end + 1 : block.end + 2] != "\n"
        if block.newline == "":
            assert i == len(doc.blocks) - 1 and block.end == len(text)
        if block.kind == "blank":
            assert line.strip() == "" and not block.sentences
        else:
            assert line.strip() != "" and block.sentences
        check_spans(text, [(s.start, s.end) for s in block.sentences], block.content_start, block.content_end)
        for s in block.sentences:
            assert s.index == index and s.block == i
            assert s.text == text[s.start : s.end]
            assert "\n" not in s.text and "\r" not in s.text
            index += 1
    # No empty block after a final terminator; every line has a block.
    if text:
        assert doc.blocks[-1].end + len(doc.blocks[-1].newline) == len(text)
    assert len(doc.blocks) == len(text.splitlines()) or any(
        ch in text for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    )


# ---------------------------------------------------------------- rebuild property

ARABIC = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
DIGITS = list("0123456789") + [chr(0x0660 + i) for i in range(10)] + [chr(0x06F0 + i) for i in range(10)]
PUNCT = list('.!?؟…،؛:"«»()[]') + ["...", "?!", "٫", "\u064e", "\u0640"]
SPACES = [" ", " ", " ", "\t", "\u00a0", "\n", "\r\n", "\r", "\n\n"]
MARKERS = ["- ", "* ", "• ", "– ", "· ", "1. ", "١. ", "٢) ", "أ- ", "# ", "## ", "د. ", "- "]
OTHER = ["\x00", "\u200f", "\u200e", "\U0001f600", "\u2028", "\ufeff", "Mr.", "U.S.", "3.5"]

fragment = st.one_of(
    st.sampled_from(ARABIC),
    st.sampled_from(ARABIC),
    st.sampled_from(DIGITS),
    st.sampled_from(PUNCT),
    st.sampled_from(SPACES),
    st.sampled_from(MARKERS),
    st.sampled_from(OTHER),
)
mixed_text = st.lists(fragment, max_size=80).map("".join)


@FAST
@given(mixed_text)
def test_rebuild_mixed(text):
    doc = segment_document(text)
    check_document(doc, text)


@FAST
@given(st.text(max_size=60))
def test_rebuild_any_unicode(text):
    check_document(segment_document(text), text)
    check_spans(text, split_sentences(text))


@FAST
@given(mixed_text, st.integers(0, 90), st.integers(0, 90))
def test_split_sentences_range(text, i, j):
    start, end = min(i, j), max(i, j)
    spans = split_sentences(text, start, end)
    check_spans(text, spans, min(start, len(text)), min(end, len(text)))
    for a, b in spans:
        assert "\n" not in text[a:b] and "\r" not in text[a:b]


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\r", "\r\n", "\n\n\n", "\r\r\n\n", "a", "a\n", "  \t ", "trailing   ", "- ", "- \n", "# ",
     ".", "؟!", "…", "\x00", "\u200f\u200e", "\U0001f600\n\U0001f600", "١.", "١. ", " ١. x", "\ufeffa"],
)
def test_rebuild_edge_cases(text):
    check_document(segment_document(text), text)


def test_line_structure():
    assert segment_document("").blocks == []
    doc = segment_document("a\n")
    assert len(doc.blocks) == 1 and doc.blocks[0].newline == "\n"
    doc = segment_document("a.\n\nb")
    assert [b.kind for b in doc.blocks] == ["paragraph", "blank", "paragraph"]
    assert [b.newline for b in doc.blocks] == ["\n", "\n", ""]
    doc = segment_document("a\r\nb\rc\n")
    assert [b.newline for b in doc.blocks] == ["\r\n", "\r", "\n"]
    assert [s.text for s in doc.sentences] == ["a", "b", "c"]
    doc = segment_document("\r")
    assert len(doc.blocks) == 1 and doc.blocks[0].kind == "blank" and doc.blocks[0].newline == "\r"
    doc = segment_document("  x  \n")
    b = doc.blocks[0]
    assert (b.start, b.content_start, b.content_end, b.end) == (0, 2, 3, 5)


def test_markers():
    text = "- بند أول\n١. العنصر الأول\n٢) العنصر الثاني\nأ- العنصر\n* نجمة\n# عنوان رئيسي\n## عنوان\nد. أحمد قال ذلك.\n*الصورة: تعليق\n- \nنص أخير."
    doc = segment_document(text)
    check_document(doc, text)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["list_item", "list_item", "list_item", "list_item", "list_item", "heading", "heading",
                     "paragraph", "paragraph", "paragraph", "paragraph"]
    prefixes = [text[b.start : b.content_start] for b in doc.blocks]
    assert prefixes[:8] == ["- ", "١. ", "٢) ", "أ- ", "* ", "# ", "## ", ""]
    assert doc.blocks[7].sentences[0].text == "د. أحمد قال ذلك."
    assert doc.blocks[8].sentences[0].text == "*الصورة: تعليق"


def test_heading_heuristic():
    text = "عنوان قصير بلا نقطة\nجملة كاملة تنتهي بنقطة.\nسطر ينتهي بنقطتين:\nعنوان أخير"
    kinds = [b.kind for b in segment_document(text).blocks]
    # The last line with content is never a heading.
    assert kinds == ["heading", "paragraph", "paragraph", "paragraph"]
    long_line = " ".join(["كلمة"] * 11)
    assert segment_document(long_line + "\nبعده.").blocks[0].kind == "paragraph"
    assert segment_document("عنوان\n\n").blocks[0].kind == "paragraph"


# ---------------------------------------------------------------- the sample article


def test_sample_article():
    text = sample_text()
    doc = segment_document(text)
    check_document(doc, text)
    assert len(doc.blocks) == 17
    by_line = {text[b.content_start : b.content_end]: b.kind for b in doc.blocks}
    assert by_line["560 جنديا إضافياً سيصلون العراق"] == "heading"
    assert by_line["الولايات المتحدة شريك أساسي"] == "heading"
    assert by_line["بقلم علي قيس:"] == "paragraph"
    assert by_line["موضوعات متعلقة:"] == "paragraph"
    for b in doc.blocks:
        line = text[b.content_start : b.content_end]
        if len(line) > 150:
            assert b.kind == "paragraph", line
        if line.startswith("*الصورة"):
            assert b.kind == "paragraph"
    assert doc.blocks[-1].kind == "paragraph"
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        assert not s.text.endswith("،")
    ends = {s.end for s in doc.sentences}
    for needle in ("58 كم", "0012022773659", "11 تموز/يوليو"):
        i = text.index(needle)
        assert not any(i < e < i + len(needle) for e in ends), needle
    commas = [i for i, ch in enumerate(text) if ch == "،"]
    assert commas and not ends.intersection(i + 1 for i in commas)


def test_sample_lines_one_by_one():
    text = sample_text()
    for line in text.splitlines(keepends=True):
        check_document(segment_document(line), line)


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_corpora(path):
    if not path.exists():
        pytest.skip("../shared/data not found")
    lines = path.read_text(encoding="utf-8").splitlines()[:500]
    text = "\n".join(lines)
    doc = segment_document(text, lang="en" if path.suffix == ".en" else "ar")
    check_document(doc, text)
    assert len(doc.blocks) == len(lines)
    # Most corpus lines are one sentence: the splitter must not over-split.
    nonblank = [b for b in doc.blocks if b.kind != "blank"]
    single = sum(1 for b in nonblank if len(b.sentences) == 1)
    assert single >= 0.8 * len(nonblank)


# ---------------------------------------------------------------- boundaries


@pytest.mark.parametrize(
    "text",
    ["بلغت النسبة 3.5 في المئة.", "بلغت النسبة 3٫5 في المئة.", "بلغت النسبة ١٢.٥ في المئة.",
     "بلغ العدد 1.200.000 شخص.", "قال د. أحمد إن الوضع مستقر.", "قال م. علي إن الجسر جاهز.",
     "زار الموقع www.example.com أمس.", "راسلوا info@example.org اليوم.", "صدر الإصدار v2.0 أمس.",
     "انتهى الاجتماع.ثم بدأ المؤتمر.", "قال نائب المفتش دي. كي. أريا ذلك.", "وقال (...) إن الأمر صعب.",
     "بعد الاجتماع، قال الوزير؛ ثم غادر: وانتهى."],
)
def test_not_split(text):
    assert sents(text) == [text]


def test_closing_quote_stays():
    assert sents("قال: «انتهى.» ثم ذهب.") == ["قال: «انتهى.»", "ثم ذهب."]
    assert sents('قال: "انتهى." ثم ذهب.') == ['قال: "انتهى."', "ثم ذهب."]
    assert sents("قال (انتهى.) ثم ذهب.") == ["قال (انتهى.)", "ثم ذهب."]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("هل جاء؟ نعم.", ["هل جاء؟", "نعم."]),
        ("انتظر… ثم", ["انتظر…", "ثم"]),
        ("انتظر... ثم ذهب", ["انتظر...", "ثم ذهب"]),
        ("ماذا؟! لا أصدق!", ["ماذا؟!", "لا أصدق!"]),
        ("وقع ذلك عام 2003 م. ثم تغير الوضع.", ["وقع ذلك عام 2003 م.", "ثم تغير الوضع."]),
        ("سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
        ("د.\nأحمد", ["د.", "أحمد"]),
        ("قال\r\nثم\rذهب", ["قال", "ثم", "ذهب"]),
    ],
)
def test_split_ar(text, expected):
    assert sents(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("U.S. officials said.", ["U.S. officials said."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("They met Dr. Jones, e.g. on Jan. 5. Then they left.", ["They met Dr. Jones, e.g. on Jan. 5.", "Then they left."]),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        ('"Really?" he asked. She nodded.', ['"Really?" he asked.', "She nodded."]),
        ("It costs 3.50 dollars. Buy it!", ["It costs 3.50 dollars.", "Buy it!"]),
        ("See No. 5 here. Apple Inc. said so.", ["See No. 5 here.", "Apple Inc. said so."]),
    ],
)
def test_split_en(text, expected):
    assert sents(text, "en") == expected


def test_offsets_absolute():
    text = "xx هل جاء؟ نعم. yy"
    spans = split_sentences(text, 3, len(text) - 3)
    assert [text[a:b] for a, b in spans] == ["هل جاء؟", "نعم."]
    assert spans[0][0] == 3
    assert split_sentences(text, 5, 5) == []
    assert split_sentences("", 0) == []


# ---------------------------------------------------------------- normalisation


def test_normalize():
    assert normalize_for_model("العـــربية") == "العربية"
    assert normalize_for_model("\ufefb") == "لا"
    assert normalize_for_model("\ufe8d\ufedf\ufecc\ufeae\ufe91\ufef4\ufe94") == "العربية"
    assert normalize_for_model("\ufdf2") == "الله"
    assert normalize_for_model("\ufeffنص") == "نص"
    assert normalize_for_model("  كلمة\u00a0\u00a0أخرى\u2009ثالثة\u3000\t\n رابعة  ") == "كلمة أخرى ثالثة رابعة"
    assert normalize_for_model("\u200fمرحبا\u200e \u202bعالم\u202c\u2066x\u2069\u061c") == "مرحبا عالمx"
    assert normalize_for_model("زر\u200bقاء\u200d") == "زرقاء"
    assert normalize_for_model("مَرْحَبًا") == "مَرْحَبًا"  # diacritics kept
    # Only presentation forms are NFKC'd: other compatibility characters stay.
    assert normalize_for_model("ﬁ ² ①") == "ﬁ ² ①"


def test_normalize_digits():
    assert normalize_for_model("٣٫٥٪ و۱۲۳") == "٣٫٥٪ و۱۲۳"
    assert normalize_for_model("٣٫٥٪", digits="western") == "3.5%"
    assert normalize_for_model("۱۲۳", digits="western") == "123"
    assert normalize_for_model("١٬٠٠٠ ٠١٢٣٤٥٦٧٨٩", digits="western") == "1,000 0123456789"
    with pytest.raises(ValueError):
        normalize_for_model("x", digits="eastern")


@FAST
@given(st.text(max_size=40))
def test_normalize_property(text):
    out = normalize_for_model(text)
    assert out == out.strip() and "  " not in out
    assert "\u0640" not in out and "\u200f" not in out and "\ufeff" not in out
    assert all(not ch.isspace() or ch == " " for ch in out)
    assert normalize_for_model(out) == out


# ---------------------------------------------------------------- chunking


def words(s: str) -> int:
    return len(s.split())


class Counter:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
        self.chars = 0

    def __call__(self, s):
        self.calls += 1
        self.chars += len(s)
        return self.fn(s)


def check_chunks(text, spans, max_tokens, count):
    check_spans(text, spans)
    assert "".join("".join(text[a:b] for a, b in spans).split()) == "".join(text.split())
    for a, b in spans:
        chunk = text[a:b]
        if count(chunk) > max_tokens:
            # Only allowed when the chunk is a single character and its marks.
            assert sum(1 for ch in chunk if not unicodedata.combining(ch)) <= 1, chunk


LONG_AR = (
    "أعلن وزير الدفاع الأميركي آشتون كارتر الذي وصل بغداد الإثنين، 11 تموز/يوليو، أن بلاده سترسل "
    "560 جندياً إضافياً إلى العراق للمساعدة في القتال ضد تنظيم داعش، مع الاستعداد لمعركة استعادة "
    "الموصل، في ضوء التقدم الأخير الذي أحرزته القوات الأمنية العراقية، معلناً أن الولايات المتحدة "
    "سوف تنشر المزيد من القوات للحفاظ على ديمومة هذا الزخم."
)


def test_chunk_long_arabic():
    count = Counter(words)
    spans = chunk_sentence(LONG_AR, 8, count)
    chunks = [LONG_AR[a:b] for a, b in spans]
    assert len(chunks) > 1
    assert all(words(c) <= 8 for c in chunks)
    assert " ".join(chunks) == " ".join(LONG_AR.split())
    check_chunks(LONG_AR, spans, 8, words)
    # Most cuts fall after a comma.
    assert sum(c.endswith("،") for c in chunks[:-1]) >= len(chunks) // 2
    assert count.calls < 40


def test_chunk_prefers_semicolon():
    left = "ذهب الوزير إلى المدينة الكبيرة أمس، والتقى بالمسؤولين هناك؛"
    right = "ثم عاد إلى العاصمة مساء"
    text = left + " " + right
    # The comma is nearer the middle, but the semicolon is the stronger boundary.
    spans = chunk_sentence(text, 10, words)
    assert [text[a:b] for a, b in spans] == [left, right]
    text_en = "he went to the market early, saw his friends there; then he came back home in the evening"
    chunks = [text_en[a:b] for a, b in chunk_sentence(text_en, 12, words)]
    assert chunks[0].endswith(";")


def test_chunk_conjunction():
    # "ثم" is off-centre: a cut at the middle space would fall elsewhere.
    text = "ذهب الرجل إلى السوق الكبير في المدينة ثم عاد إلى بيته القديم في القرية البعيدة عن المدينة الكبيرة"
    chunks = [text[a:b] for a, b in chunk_sentence(text, 12, words)]
    assert chunks[1].startswith("ثم ")


def test_chunk_fits_whole():
    assert chunk_sentence("  جملة قصيرة  ", 5, words) == [(2, 12)]
    assert chunk_sentence("   ", 5, words) == []
    assert chunk_sentence("", 5, words) == []
    with pytest.raises(ValueError):
        chunk_sentence("x", 0, words)


def test_chunk_no_punctuation():
    text = " ".join(f"كلمة{i}" for i in range(200))
    count = Counter(words)
    spans = chunk_sentence(text, 16, count)
    check_chunks(text, spans, 16, words)
    assert all(words(text[a:b]) <= 16 for a, b in spans)
    assert 13 <= len(spans) <= 32
    assert count.calls < 100


def test_chunk_single_long_word():
    word = "".join(chr(0x0628 + i % 20) for i in range(500))
    count = Counter(len)
    spans = chunk_sentence(word, 50, count)
    assert "".join(word[a:b] for a, b in spans) == word
    assert all(b - a <= 50 for a, b in spans)
    assert len(spans) == 10
    assert count.calls < 120


def test_chunk_keeps_marks_with_letters():
    word = "بَّ" * 200
    spans = chunk_sentence(word, 50, len)
    assert "".join(word[a:b] for a, b in spans) == word
    for a, b in spans:
        assert not unicodedata.combining(word[a]) and b - a <= 50


def test_chunk_long_text_is_efficient():
    text = "، ".join(" ".join(["كلمة"] * 7) for _ in range(2000))  # ~16,000 words
    count = Counter(words)
    spans = chunk_sentence(text, 20, count)
    check_chunks(text, spans, 20, words)
    # Each character is counted O(log n) times, not O(n).
    assert count.chars < 30 * len(text)


CHUNK_ALPHABET = ARABIC[:8] + [" ", " ", " ", "، ", "؛ ", ". ", " و ", " ثم ", "\u064e", "\n", "وقال"]


@FAST
@given(
    st.lists(st.sampled_from(CHUNK_ALPHABET), max_size=120).map("".join),
    st.integers(1, 12),
    st.sampled_from(["words", "chars"]),
)
def test_chunk_property(text, max_tokens, unit):
    count = words if unit == "words" else len
    spans = chunk_sentence(text, max_tokens, count)
    check_chunks(text, spans, max_tokens, count)
    if text.strip() and count(text.strip()) <= max_tokens:
        assert len(spans) == 1
