"""TMX: Arabic variants in, English variants filled, inline codes, identity round trips, bilingual output, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from bitext.errors import FormatError
from bitext.formats import detect, load_format, parse_bytes
from bitext.formats import tmx
from bitext.formats.driver import needs_translation, read_parsed
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions

FAST = GenerationOptions(beam=1, max_length_ratio=0.5, max_length_extra=4)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="ar" datatype="plaintext">
    <note>made by hand</note>
    <prop type="x-project">test</prop>
  </header>
  <body>
    <!-- first unit -->
    <tu tuid="a1">
      <prop type="x-domain">news</prop>
      <tuv xml:lang="ar"><seg>ذهب الولد إلى المدرسة.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="ar-SA"><seg>اضغط <bpt i="1" x="1">&lt;b&gt;</bpt>هنا<ept i="1">&lt;/b&gt;</ept> و<ph x="2">&lt;br/&gt;</ph> <hi type="em">انتظر</hi> <it pos="begin">&lt;i&gt;</it>قليلا.</seg></tuv>
      <tuv xml:lang="en-US" changedate="20200101T000000Z"><seg>old</seg></tuv>
      <tuv xml:lang="fr"><seg>vieux</seg></tuv>
    </tu>
    <tu><tuv xml:lang="ar"><seg>42</seg></tuv></tu>
    <tu><tuv xml:lang="fr"><seg>bonjour</seg></tuv></tu>
    <tu srclang="fr"><tuv xml:lang="fr"><seg>salut</seg></tuv><tuv xml:lang="ar"><seg>أهلا <ph>{1}<sub>يا صديقي</sub></ph></seg></tuv></tu>
  </body>
</tmx>
"""

SEGMENTS = [
    ("ذهب الولد إلى المدرسة.", "tu a1"),
    ("اضغط ", "tu 2"), ("هنا", "tu 2"), (" و", "tu 2"), ("انتظر", "tu 2"), ("قليلا.", "tu 2"),
    ("أهلا ", "tu 5"), ("يا صديقي", "tu 5"),
]


def _tus(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).find("body").findall("tu")


def _variant(tu: etree._Element, primary: str) -> etree._Element | None:
    return next((t for t in tu.findall("tuv") if t.get(XML_LANG).split("-")[0] == primary), None)


def _content(el: etree._Element) -> tuple:
    return (el.text, [etree.tostring(c, method="c14n") for c in el])


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data).getroottree(), method="c14n")


def _without_english(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for tu in root.iter("tu"):
        for tuv in tu.findall("tuv"):
            if tuv.get(XML_LANG).startswith("en"):
                prev = tuv.getprevious()
                prev.tail = tuv.tail
                tuv.tail = None
                tu.remove(tuv)
    return etree.tostring(root, method="c14n")


def test_segments_and_locations():
    parsed = tmx.parse(TMX.encode("utf-8"), "memory.tmx")
    assert parsed.format == "tmx"
    assert [(s.text, s.location) for s in parsed.segments] == SEGMENTS
    assert {s.kind for s in parsed.segments} == {"unit"}
    assert parsed.warnings == ["source language not Arabic (fr) in 1 unit; the Arabic variants are translated"]


def test_identity_round_trip():
    data = TMX.encode("utf-8")
    parsed = tmx.parse(data, "memory.tmx")
    out = parsed.write([s.text for s in parsed.segments])
    again = tmx.parse(out, "memory.en.tmx")
    assert [(s.text, s.location) for s in again.segments] == SEGMENTS
    tus = _tus(out)
    for i in (0, 1, 4):
        ar = _variant(tus[i], "ar")
        en = _variant(tus[i], "en")
        assert _content(en.find("seg")) == _content(ar.find("seg"))
    # English variants are new for tu 1 and 5, replaced for tu 2 (attributes kept); the rest is the same
    assert _variant(tus[0], "en").get(XML_LANG) == "en" and tus[0].findall("tuv")[-1] is _variant(tus[0], "en")
    assert _variant(tus[1], "en").get("changedate") == "20200101T000000Z" and _variant(tus[1], "en").get(XML_LANG) == "en-US"
    assert _variant(tus[2], "en") is None and _variant(tus[3], "en") is None
    assert _without_english(out) == _without_english(data)
    # with every English variant in place, identity gives the same document
    out2 = again.write([s.text for s in again.segments])
    assert _c14n(out2) == _c14n(out) and out2 == out
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def test_utf16_memory_round_trips():
    data = TMX.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    parsed = tmx.parse(data, "memory.tmx")
    assert [(s.text, s.location) for s in parsed.segments] == SEGMENTS
    out = parsed.write([s.text for s in parsed.segments])
    assert out.startswith("<?xml".encode("utf-16"))
    again = tmx.parse(out, "memory.en.tmx")
    assert [(s.text, s.location) for s in again.segments] == SEGMENTS
    assert again.write([s.text for s in again.segments]) == out
    assert _without_english(out) == _without_english(data)


def test_translation_fills_english_inline_structure():
    parsed = tmx.parse(TMX.encode("utf-8"), "memory.tmx")
    out = parsed.write([f"English {i}" for i in range(len(parsed.segments))])
    tus = _tus(out)
    seg = _variant(tus[1], "en").find("seg")
    assert [(c.tag, dict(c.attrib), c.text) for c in seg] == [
        ("bpt", {"i": "1", "x": "1"}, "<b>"), ("ept", {"i": "1"}, "</b>"), ("ph", {"x": "2"}, "<br/>"),
        ("hi", {"type": "em"}, "English 4"), ("it", {"pos": "begin"}, "<i>")]
    assert seg.text == "English 1" and seg[0].tail == "English 2" and seg[2].tail == " "
    assert _variant(tus[4], "en").find("seg")[0].find("sub").text == "English 7"
    assert _variant(tus[1], "fr").find("seg").text == "vieux"
    again = tmx.parse(out, "x.tmx")
    assert [s.text for s in again.segments] == [t for t, _ in SEGMENTS]
    english = [t for tu in tus for v in [_variant(tu, "en")] if v is not None for t in v.find("seg").itertext()]
    assert not any(needs_translation(t) for t in english)


def test_translate_with_tiny_engine(tiny_engine, tmp_path: Path):
    path = tmp_path / "memory.tmx"
    path.write_bytes(TMX.encode("utf-8"))
    parsed = read_parsed(str(path))
    assert parsed.format == "tmx"
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    out = render(ft, "tmx")
    again = tmx.parse(out, "memory.en.tmx")
    assert [(s.text, s.location) for s in again.segments] == SEGMENTS
    got = []
    for tu in _tus(out):
        ar, en = _variant(tu, "ar"), _variant(tu, "en")
        if ar is None or en is None:
            continue
        src, tgt = tmx.text_slots(ar.find("seg"), tmx.RULES), tmx.text_slots(en.find("seg"), tmx.RULES)
        assert [(n.tag, a) for n, a, _ in tgt[1:]] == [(n.tag, a) for n, a, _ in src[1:]]
        got += [tmx.slot_text(t) for t, s in zip(tgt, src) if tmx.slot_text(s).strip()]
    assert got == ft.translations
    assert any(t != s.text for s, t in zip(parsed.segments, ft.translations))


def test_bilingual_output_from_text(tiny_engine, tmp_path: Path):
    path = tmp_path / "article.txt"
    path.write_text("ذهب الولد إلى المدرسة.\n\nقرأت البنت كتابا & مجلة.\n", encoding="utf-8")
    parsed = read_parsed(str(path))
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    out = render(ft, "tmx")
    root = etree.fromstring(out)
    assert root.get("version") == "1.4"
    header = root.find("header")
    for key, value in {"creationtool": "bitext", "segtype": "sentence", "adminlang": "en", "srclang": "ar",
                       "datatype": "plaintext", "o-tmf": "bitext"}.items():
        assert header.get(key) == value
    tus = root.find("body").findall("tu")
    assert [tu.findtext("prop[@type='x-location']") for tu in tus] == [s.location for s in parsed.segments]
    assert [_variant(tu, "en").findtext("seg") for tu in tus] == ft.translations
    back = tmx.parse(out, "article.tmx")
    assert [s.text for s in back.segments] == [s.text for s in parsed.segments]
    assert [s.location for s in back.segments] == ["tu 1", "tu 2"]


def test_write_tmx_is_general():
    out = tmx.write_tmx([("نص\x01", "text", {"x-score": "0.9000"})], header_props={"x-note": "n"})
    root = etree.fromstring(out)
    tu = root.find("body/tu")
    assert tu.findtext("prop[@type='x-score']") == "0.9000" and tu.get("tuid") == "1"
    assert _variant(tu, "ar").findtext("seg") == "نص"
    assert root.findtext("header/prop[@type='x-note']") == "n"


def test_srclang_rules():
    # the English variant is the source of an en->ar memory: never overwritten
    data = ('<tmx version="1.4"><header srclang="en" segtype="sentence" creationtool="x" creationtoolversion="1" '
            'adminlang="en" datatype="plaintext" o-tmf="x"/><body>'
            '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ar"><seg>مرحبا</seg></tuv></tu>'
            '<tu><tuv xml:lang="ar"><seg>سلام</seg></tuv></tu></body></tmx>').encode("utf-8")
    parsed = tmx.parse(data, "enar.tmx")
    assert [s.text for s in parsed.segments] == ["سلام"]
    assert len(parsed.warnings) == 2  # one kept unit, header language not Arabic
    out = parsed.write(["peace"])
    tus = _tus(out)
    assert _variant(tus[0], "en").findtext("seg") == "Hello" and _variant(tus[1], "en").findtext("seg") == "peace"
    # TMX 1.1 'lang' attribute; the tu srclang picks the variant among several Arabic ones
    data = ('<tmx version="1.1"><header srclang="*all*"/><body><tu srclang="ar-EG">'
            '<tuv lang="ar-SA"><seg>نص سعودي</seg></tuv><tuv lang="AR-EG"><seg>نص مصري</seg></tuv></tu></body></tmx>').encode("utf-8")
    parsed = tmx.parse(data, "old.tmx")
    assert [s.text for s in parsed.segments] == ["نص مصري"]
    tu = _tus(parsed.write(["Egyptian text"]))[0]
    assert tu[-1].get("lang") == "en" and tu[-1].findtext("seg") == "Egyptian text"


def test_detect_and_registry():
    assert detect("memory.tmx") == detect("MEM.TMX") == "tmx"
    assert load_format("tmx") is tmx
    for attr in ("NAME", "EXTENSIONS", "DESCRIPTION", "KEEPS"):
        assert getattr(tmx, attr)


@pytest.mark.parametrize("data, problem", [
    (b"<tmx><header/></tmx>", "version"),
    (b'<tmx version="2.0"><body/></tmx>', "version"),
    (b'<tmx version="1.4"><header/></tmx>', "<body>"),
    (b'<xliff version="1.4"/>', "<xliff>"),
    (b"not xml", "XML"),
    (TMX.encode("utf-8")[:300], "XML"),
])
def test_bad_input_is_one_line_format_error(data, problem):
    with pytest.raises(FormatError) as info:
        parse_bytes(data, "broken.tmx", "tmx")
    message = str(info.value)
    assert message.startswith("broken.tmx: ") and "\n" not in message and problem in message


def test_nothing_to_translate_comes_back_byte_for_byte():
    data = (b"<?xml version='1.0'?>\n<tmx version='1.4'><header srclang='it' datatype='plaintext' segtype='sentence' "
            b"adminlang='en' o-tmf='x' creationtool='t' creationtoolversion='1' ></header><body><tu><tuv xml:lang='it'>"
            b"<seg>Ciao</seg></tuv></tu></body></tmx>\r\n")
    parsed = parse_bytes(data, "it.tmx", "tmx")
    assert parsed.segments == [] and parsed.write([]) == data
