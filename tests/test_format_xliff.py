"""XLIFF 1.2 and 2.0: segments, inline codes, targets, identity round trips, bilingual output, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from bitext.errors import FormatError
from bitext.formats import detect, load_format, parse_bytes
from bitext.formats import xliff
from bitext.formats.driver import needs_translation, read_parsed
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions

FAST = GenerationOptions(beam=1, max_length_ratio=0.5, max_length_extra=4)  # the tiny model's gibberish, kept short

NS12 = xliff.NS12
NS20 = xliff.NS20

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<!-- made by hand -->
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:ex="urn:example" version="1.2">
  <file original="site.html" source-language="ar" datatype="html">
    <header><note>header note</note></header>
    <body>
      <trans-unit id="t1" ex:extra="yes">
        <source>مرحبا بالعالم.</source>
        <note>a greeting</note>
      </trans-unit>
      <trans-unit id="t2">
        <source xml:lang="ar">اضغط <g id="1">هنا</g> للمتابعة<x id="2"/> الآن <bpt id="3">&lt;b&gt;</bpt>مهم<ept id="3">&lt;/b&gt;</ept>.</source>
      </trans-unit>
      <trans-unit id="t3" translate="no"><source>لا تترجم</source></trans-unit>
      <trans-unit id="t4"><source>123</source></trans-unit>
      <trans-unit id="t5" approved="yes"><source>نص</source><target>text</target></trans-unit>
      <trans-unit id="t6"><source>نص قديم</source><target state="final">old text</target></trans-unit>
      <trans-unit id="t7"><source>جملة أولى. جملة ثانية.</source>
        <seg-source><mrk mtype="seg" mid="1">جملة أولى.</mrk> <mrk mtype="seg" mid="2">جملة <ph id="1">{0}<sub>نص فرعي</sub></ph> ثانية.</mrk></seg-source>
        <target state="needs-translation">stale</target>
      </trans-unit>
      <group translate="no"><trans-unit id="t8"><source>مخفي</source></trans-unit></group>
      <trans-unit id="t9"><source>كلمة <mrk mtype="protected">محمية</mrk> و<mrk mtype="term">مصطلح</mrk> <it pos="open">&lt;i&gt;</it>مائل<bx id="5"/>نص<ex id="5"/></source></trans-unit>
    </body>
  </file>
</xliff>
"""

SEGMENTS12 = [
    ("مرحبا بالعالم.", "unit t1"),
    ("اضغط ", "unit t2"), ("هنا", "unit t2"), (" للمتابعة", "unit t2"), (" الآن ", "unit t2"), ("مهم", "unit t2"), (".", "unit t2"),
    ("جملة أولى.", "unit t7 segment 1"), ("جملة ", "unit t7 segment 2"), ("نص فرعي", "unit t7 segment 2"), (" ثانية.", "unit t7 segment 2"),
    ("كلمة ", "unit t9"), (" و", "unit t9"), ("مصطلح", "unit t9"), ("مائل", "unit t9"), ("نص", "unit t9"),
]

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:fs="urn:oasis:names:tc:xliff:fs:2.0" version="2.0" srcLang="ar">
  <file id="f1" original="app.json">
    <notes><note>file note</note></notes>
    <!-- a comment -->
    <unit id="u1" fs:fs="p">
      <segment id="s1">
        <source>مرحبا بك في التطبيق.</source>
      </segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2">
        <source>اضغط <pc id="1" dataRefStart="d1">زر <ph id="2"/> الحفظ</pc> ثم <sc id="3"/>انتظر<ec startRef="3"/> <mrk id="m1" translate="no">بيت</mrk> <mrk id="m2" type="term">مصطلح</mrk>.</source>
      </segment>
    </unit>
    <unit id="u2" translate="no"><segment><source>لا</source></segment></unit>
    <group id="g1">
      <unit id="u3"><segment state="final"><source>نهائي</source><target>final</target></segment></unit>
      <unit id="u4"><segment state="initial"><source>جديد</source><target>stale</target></segment></unit>
      <unit id="u5"><segment><source>OK</source></segment></unit>
    </group>
  </file>
</xliff>
"""

SEGMENTS20 = [
    ("مرحبا بك في التطبيق.", "unit u1 segment s1"),
    ("اضغط ", "unit u1 segment s2"), ("زر ", "unit u1 segment s2"), (" الحفظ", "unit u1 segment s2"),
    (" ثم ", "unit u1 segment s2"), ("انتظر", "unit u1 segment s2"), ("مصطلح", "unit u1 segment s2"), (".", "unit u1 segment s2"),
    ("جديد", "unit u4"),
]

CASES = {"1.2": (XLIFF12, SEGMENTS12), "2.0": (XLIFF20, SEGMENTS20)}


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _pairs(data: bytes) -> list[tuple[etree._Element, etree._Element | None]]:
    """(source, target) of every unit/segment; the source is the 1.2 <seg-source> when there is one."""
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    out = []
    if ns == NS12:
        for tu in root.iter(_q(NS12, "trans-unit")):
            src = tu.find(_q(NS12, "seg-source"))
            out.append((src if src is not None else tu.find(_q(NS12, "source")), tu.find(_q(NS12, "target"))))
    else:
        for seg in root.iter(_q(NS20, "segment")):
            out.append((seg.find(_q(NS20, "source")), seg.find(_q(NS20, "target"))))
    return out


def _translated(data: bytes) -> list[tuple[etree._Element, etree._Element]]:
    """The (source, target) pairs bitext wrote: state="translated" (none in the fixtures before)."""
    return [(src, tgt) for src, tgt in _pairs(data)
            if tgt is not None and "translated" in (tgt.get("state"), tgt.getparent().get("state"))]


def _content(el: etree._Element) -> tuple:
    """An element's content (text, canonical children) without its own tag and attributes."""
    return (el.text, [etree.tostring(c, method="c14n") for c in el])


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data).getroottree(), method="c14n")


def _without_targets(data: bytes) -> bytes:
    """The document with every <target>, 'state' and the target-language attributes taken out."""
    root = etree.fromstring(data)
    for target in [el for el in root.iter(etree.Element) if etree.QName(el).localname == "target"]:
        prev = target.getprevious()
        if prev is not None:
            prev.tail = target.tail
        else:
            target.getparent().text = target.tail
        target.tail = None
        target.getparent().remove(target)
    for el in root.iter():
        for attr in ("state", "target-language", "trgLang"):
            el.attrib.pop(attr, None)
    return etree.tostring(root, method="c14n")


def _units_by_id(data: bytes) -> dict[str, bytes]:
    root = etree.fromstring(data)
    return {el.get("id"): etree.tostring(el, method="c14n") for el in root.iter(etree.Element) if etree.QName(el).localname in ("trans-unit", "unit")}


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_segments_and_locations(version):
    text, expected = CASES[version]
    parsed = xliff.parse(text.encode("utf-8"), "doc.xlf")
    assert parsed.format == "xliff"
    assert [(s.text, s.location) for s in parsed.segments] == expected
    assert {s.kind for s in parsed.segments} == {"unit"}
    assert parsed.warnings == []


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_identity_round_trip(version):
    data = CASES[version][0].encode("utf-8")
    parsed = xliff.parse(data, "doc.xlf")
    out = parsed.write([s.text for s in parsed.segments])
    # parse the result: the same units and sources
    again = xliff.parse(out, "doc.en.xlf")
    assert [(s.text, s.location) for s in again.segments] == [(s.text, s.location) for s in parsed.segments]
    # every translated unit's target equals its source, inline structure included
    pairs = _translated(out)
    assert len(pairs) == len({loc for _, loc in CASES[version][1]}) - (version == "1.2")  # t7: one target, two mrk segments
    for src, tgt in pairs:
        assert _content(tgt) == _content(src)
    located = {loc.split(" segment")[0].split()[-1] for _, loc in CASES[version][1]}
    # nothing but the targets changed
    assert _without_targets(out) == _without_targets(data)
    # units left alone are byte-for-byte (canonically) the same
    before, after = _units_by_id(data), _units_by_id(out)
    for uid in set(before) - located:
        assert after[uid] == before[uid], uid
    # a file whose units all have targets already: identity gives the same document
    out2 = again.write([s.text for s in again.segments])
    assert _c14n(out2) == _c14n(out)
    assert out2 == out


def test_written_attributes_12():
    data = XLIFF12.encode("utf-8")
    parsed = xliff.parse(data, "doc.xlf")
    out = parsed.write([f"<{i}>" for i in range(len(parsed.segments))])
    root = etree.fromstring(out)
    assert root.find(_q(NS12, "file")).get("target-language") == "en"
    units = {tu.get("id"): tu for tu in root.iter(_q(NS12, "trans-unit"))}
    t2 = units["t2"].find(_q(NS12, "target"))
    assert t2.get("state") == "translated" and t2.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [c.tag for c in t2] == [c.tag for c in units["t2"].find(_q(NS12, "source"))]
    assert t2.text == "<1>" and t2[0].text == "<2>" and t2[0].get("id") == "1" and t2[-1].tail == "<6>"
    # the target follows its source
    assert units["t1"].index(units["t1"].find(_q(NS12, "target"))) == 1
    # an existing (not final) target is replaced; approved and final ones are kept
    t7 = units["t7"].find(_q(NS12, "target"))
    assert t7.get("state") == "translated" and "stale" not in etree.tostring(t7, encoding="unicode")
    assert [m.get("mid") for m in t7] == ["1", "2"] and t7[0].text == "<7>"
    assert units["t5"].find(_q(NS12, "target")).text == "text"
    assert units["t6"].find(_q(NS12, "target")).text == "old text"
    for uid in ("t3", "t4", "t8"):
        assert units[uid].find(_q(NS12, "target")) is None
    # protected markers keep their Arabic; <sub> text is translated
    t9 = units["t9"].find(_q(NS12, "target"))
    assert t9[0].text == "محمية" and t9[1].text == "<13>"
    assert t7[1][0][0].text == "<9>"  # <mrk mid=2><ph><sub>


def test_written_attributes_20():
    parsed = xliff.parse(XLIFF20.encode("utf-8"), "doc.xlf")
    out = parsed.write([f"<{i}>" for i in range(len(parsed.segments))])
    root = etree.fromstring(out)
    assert root.get("trgLang") == "en" and root.get("srcLang") == "ar"
    segs = {(seg.getparent().get("id"), seg.get("id")): seg for seg in root.iter(_q(NS20, "segment"))}
    s2 = segs[("u1", "s2")]
    assert s2.get("state") == "translated"
    source, target = s2.find(_q(NS20, "source")), s2.find(_q(NS20, "target"))
    assert s2.index(target) == s2.index(source) + 1
    assert [(c.tag, dict(c.attrib)) for c in target.iter()][1:] == [(c.tag, dict(c.attrib)) for c in source.iter()][1:]
    assert target.text == "<1>" and target[0].text == "<2>"
    assert target.find(_q(NS20, "mrk")).text == "بيت"  # translate="no"
    assert segs[("u3", None)].find(_q(NS20, "target")).text == "final"
    assert segs[("u4", None)].find(_q(NS20, "target")).text == "<8>"
    assert segs[("u5", None)].find(_q(NS20, "target")) is None and segs[("u5", None)].get("state") is None


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_empty_translation_is_not_marked_translated(version):
    # a unit the model left empty goes to the CAT tool's to-do list, not among the translated ones
    parsed = xliff.parse(CASES[version][0].encode("utf-8"), "doc.xlf")
    out = parsed.write(["" if i == 0 else f"English {i}" for i in range(len(parsed.segments))])
    root = etree.fromstring(out)
    if version == "1.2":
        states = {tu.get("id"): tu.find(_q(NS12, "target")).get("state") for tu in root.iter(_q(NS12, "trans-unit"))
                  if tu.find(_q(NS12, "target")) is not None}
        assert states["t1"] == "needs-translation" and states["t2"] == "translated"
    else:
        states = [seg.get("state") for seg in root.iter(_q(NS20, "segment")) if seg.find(_q(NS20, "target")) is not None]
        assert states[0] == "initial" and "translated" in states[1:]
    units = [("line 1", "نص", ""), ("line 2", "نص آخر", "Other text")]
    bi = etree.fromstring(xliff.write_bilingual(units, "a.txt", version=version))
    if version == "1.2":
        assert [t.get("state") for t in bi.iter(_q(NS12, "target"))] == ["needs-translation", "translated"]
    else:
        assert [s.get("state") for s in bi.iter(_q(NS20, "segment"))] == ["initial", "translated"]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_english_translation_leaves_no_arabic_outside_protected_text(version):
    data = CASES[version][0].encode("utf-8")
    parsed = xliff.parse(data, "doc.xlf")
    out = parsed.write([f"English {i}" for i in range(len(parsed.segments))])
    rules = xliff._rules(NS12 if version == "1.2" else NS20)
    pieces = [xliff.slot_text(s) for _, tgt in _translated(out) for s in xliff.text_slots(tgt, rules)]
    assert len([p for p in pieces if p.strip()]) == len(parsed.segments)
    assert not any(needs_translation(p) for p in pieces)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_translate_with_tiny_engine(version, tiny_engine, tmp_path: Path):
    path = tmp_path / "doc.xlf"
    path.write_text(CASES[version][0], encoding="utf-8")
    parsed = read_parsed(str(path))
    assert parsed.format == "xliff"
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    out = render(ft, "xliff")
    again = xliff.parse(out, "doc.en.xlf")
    assert [(s.text, s.location) for s in again.segments] == [(s.text, s.location) for s in parsed.segments]
    # each target holds exactly the translations, in the source's inline structure
    rules = xliff._rules(NS12 if version == "1.2" else NS20)
    got = []
    for src, tgt in _translated(out):
        slots, src_slots = xliff.text_slots(tgt, rules), xliff.text_slots(src, rules)
        assert [(n.tag, a) for n, a, _ in slots[1:]] == [(n.tag, a) for n, a, _ in src_slots[1:]]
        got += [xliff.slot_text(s) for s, o in zip(slots, src_slots) if xliff.slot_text(o).strip()]
    assert got == ft.translations
    assert any(t != s.text for s, t in zip(parsed.segments, ft.translations))
    assert _without_targets(out) == _without_targets(CASES[version][0].encode("utf-8"))


def test_bilingual_output_from_text(tiny_engine, tmp_path: Path):
    path = tmp_path / "article.txt"
    path.write_text("ذهب الولد إلى المدرسة.\n\nقرأت البنت كتابا & مجلة <جديدة>.\n", encoding="utf-8")
    parsed = read_parsed(str(path))
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    for version in ("1.2", "2.0"):
        out = xliff.write_bilingual([(s.location, s.text, t) for s, t in zip(parsed.segments, ft.translations)],
                                    name="article.txt", version=version)
        back = xliff.parse(out, "article.xlf")
        assert [s.text for s in back.segments] == [s.text for s in parsed.segments]
        assert [s.location for s in back.segments] == [f"unit {i}" for i in range(1, len(parsed.segments) + 1)]
        targets = [tgt.text for _, tgt in _pairs(out)]
        assert targets == ft.translations
    out = render(ft, "xliff")  # the driver's bilingual path: XLIFF 1.2
    root = etree.fromstring(out)
    file_el = root.find(_q(NS12, "file"))
    assert (file_el.get("original"), file_el.get("source-language"), file_el.get("target-language"), file_el.get("datatype")) == \
        (str(path), "ar", "en", "plaintext")
    units = list(root.iter(_q(NS12, "trans-unit")))
    assert [u.get("id") for u in units] == ["1", "2"]
    assert [u.get("resname") for u in units] == [s.location for s in parsed.segments]
    assert [u.find(_q(NS12, "note")).text for u in units] == [s.location for s in parsed.segments]
    assert xliff.parse(out, "x.xlf").segments[1].text == "قرأت البنت كتابا & مجلة <جديدة>."


def test_detect_and_registry():
    assert detect("a.xlf") == detect("b.XLIFF") == detect("c.ar.xliff") == "xliff"
    assert load_format("xliff") is xliff
    for attr in ("NAME", "EXTENSIONS", "DESCRIPTION", "KEEPS"):
        assert getattr(xliff, attr)


def test_no_arabic_unit_warns():
    data = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a" source-language="en" datatype="plaintext"><body><trans-unit id="1"><source>Hello</source></trans-unit></body></file></xliff>'
    parsed = xliff.parse(data, "en.xlf")
    assert parsed.segments == [] and len(parsed.warnings) == 1
    assert _c14n(parsed.write([])) == _c14n(data)


def test_no_declaration_and_comments_kept():
    data = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a" source-language="ar" '
            'datatype="plaintext"><body><!-- c --><trans-unit id="1"><source>نص</source><?pi x?></trans-unit></body></file></xliff>').encode("utf-8")
    parsed = xliff.parse(data, "a.xlf")
    out = parsed.write(["text"])
    assert not out.startswith(b"<?xml")
    assert b"<!-- c -->" in out and b"<?pi x?>" in out and b'<target state="translated">text</target>' in out


@pytest.mark.parametrize("data, problem", [
    (b'<xliff version="2.0"><file/></xliff>', "version"),
    (b'<xliff xmlns="urn:example" version="1.2"/>', "namespace"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.0"/>', "version"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0"/>', "version"),
    (b"just some text", "XML"),
    (XLIFF12.encode("utf-8")[:400], "XML"),
    (b"<html><body/></html>", "<html>"),
    (b"\xd9\x86\xd8\xb5", "XML"),
])
def test_bad_input_is_one_line_format_error(data, problem):
    with pytest.raises(FormatError) as info:
        parse_bytes(data, "broken.xlf", "xliff")
    message = str(info.value)
    assert message.startswith("broken.xlf: ") and "\n" not in message and problem in message


def test_write_bilingual_rejects_unknown_version():
    with pytest.raises(FormatError):
        xliff.write_bilingual([], name="a.txt", version="1.1")


def test_parsed_file_is_reusable():
    data = XLIFF20.encode("utf-8")
    parsed = xliff.parse(data, "doc.xlf")
    first = parsed.write(["x"] * len(parsed.segments))
    assert parsed.write(["x"] * len(parsed.segments)) == first
    assert parsed.write([s.text for s in parsed.segments]) != first


def test_entities_bom_and_foreign_target_language():
    data = ('\ufeff<!DOCTYPE xliff [<!ENTITY co "Acme">]>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
            '<file original="a" source-language="ar" target-language="fr" datatype="plaintext"><body>'
            '<trans-unit id="1"><source>شركة &co; هنا</source></trans-unit></body></file></xliff>\n').encode("utf-8")
    parsed = xliff.parse(data, "e.xlf")
    assert [s.text for s in parsed.segments] == ["شركة ", " هنا"]  # an entity reference is kept like a code
    assert parsed.warnings == ["the target language is fr, but the targets are written in 'en'"]
    out = parsed.write(["Company ", " here"])
    assert out.startswith(b"\xef\xbb\xbf<!DOCTYPE xliff [") and out.endswith(b"</xliff>\n")
    assert b'<target state="translated">Company &co; here</target>' in out
    assert b'target-language="fr"' in out  # a declared target language is not changed


# --- issue #18.3: XLIFF 1.0/1.1, no namespace, no version, .sdlxliff; #18.5: nothing to translate, byte for byte

def _unit_file(ns_attr: str, version_attr: str, prefix: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{prefix}xliff {ns_attr} {version_attr}>\n'
            f' <{prefix}file original="a.txt" source-language="ar" datatype="plaintext"><{prefix}body>\n'
            f'  <{prefix}trans-unit id="u1"><{prefix}source>اضغط <{prefix}g id="1">هنا</{prefix}g> للمتابعة.</{prefix}source></{prefix}trans-unit>\n'
            f' </{prefix}body></{prefix}file>\n</{prefix}xliff>\n').encode()


@pytest.mark.parametrize("ns_attr, version_attr", [
    ('xmlns="urn:oasis:names:tc:xliff:document:1.1"', 'version="1.1"'),  # translate-toolkit, Pootle, Weblate
    ('xmlns="urn:oasis:names:tc:xliff:document:1.0"', 'version="1.0"'),
    ("", 'version="1.0"'),  # XLIFF 1.0 as its DTD has it, matecat
    ("", 'version="1.2"'),
    ("", ""),  # neither namespace nor version
    (f'xmlns="{NS12}"', ""),
])
def test_xliff_1x_variants_are_read_as_the_12_dialect(ns_attr, version_attr):
    data = _unit_file(ns_attr, version_attr)
    parsed = parse_bytes(data, "v.xlf", "xliff")
    assert [s.text for s in parsed.segments] == ["اضغط ", "هنا", " للمتابعة."]
    out = parsed.write(["Press ", "here", " to go on."])
    root = etree.fromstring(out)
    ns = etree.QName(root).namespace
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    target = root.find(f".//{q('trans-unit')}/{q('target')}")
    assert target is not None and target.get("state") == "translated"
    assert "".join(target.itertext()) == "Press here to go on."
    assert target.find(q("g")).get("id") == "1"  # the inline code copied, in the file's namespace
    assert root.get("version") == (version_attr.split('"')[1] if version_attr else None)


def test_sdlxliff_extension_and_segments():
    data = (f'<?xml version="1.0" encoding="utf-8"?><xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" '
            f'xmlns="{NS12}" version="1.2" sdl:version="1.0"><file original="a.docx" source-language="ar-SA" '
            'target-language="en-US" datatype="x-sdlfilterframework2"><body><trans-unit id="1">'
            '<source>جملة أولى. جملة ثانية.</source><seg-source><mrk mtype="seg" mid="1">جملة أولى.</mrk> '
            '<mrk mtype="seg" mid="2">جملة ثانية.</mrk></seg-source><target><mrk mtype="seg" mid="1"/> '
            '<mrk mtype="seg" mid="2"/></target><sdl:seg-defs><sdl:seg id="1"/><sdl:seg id="2"/></sdl:seg-defs>'
            '</trans-unit></body></file></xliff>').encode()
    assert detect("project.ar.sdlxliff") == "xliff"
    parsed = parse_bytes(data, "p.sdlxliff", "xliff")
    assert [s.location for s in parsed.segments] == ["unit 1 segment 1", "unit 1 segment 2"]
    root = etree.fromstring(parsed.write(["First sentence.", "Second sentence."]))
    mrks = root.findall(f".//{{{NS12}}}target/{{{NS12}}}mrk")
    assert [(m.get("mid"), m.text) for m in mrks] == [("1", "First sentence."), ("2", "Second sentence.")]
    assert root.find(".//{http://sdl.com/FileTypes/SdlXliff/1.0}seg-defs") is not None


def test_nothing_to_translate_comes_back_byte_for_byte():
    # single quotes, spaces inside tags, an empty element written long: lxml would rewrite all three
    data = (b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff  version='1.2' xmlns='" + NS12.encode() + b"'>"
            b"<file original='a' source-language='it' datatype='plaintext' ><body>"
            b"<trans-unit id='1'><source>Ciao mondo</source><target></target></trans-unit>"
            b"</body></file></xliff>\r\n")
    parsed = parse_bytes(data, "it.sdlxliff", "xliff")
    assert parsed.segments == []
    assert parsed.write([]) == data
