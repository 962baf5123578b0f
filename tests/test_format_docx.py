"""The .docx format: segments, identity round trip, translation with the tiny model, bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

python_docx = pytest.importorskip("docx")

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, RGBColor  # noqa: E402
from docx.text.run import Run  # noqa: E402

from bitext.errors import FormatError  # noqa: E402
from bitext.formats import detect, parse_bytes  # noqa: E402
from bitext.formats.driver import needs_translation
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions  # noqa: E402

FAST = GenerationOptions(beam=1, max_length_ratio=1.0, max_length_extra=2)  # short outputs: a fast test
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def _rtl(paragraph, align_right: bool = True) -> None:
    """Make a python-docx paragraph right-to-left the way Word writes Arabic."""
    ppr = paragraph._p.get_or_add_pPr()
    bidi = parse_xml(f'<w:bidi {NSDECL}/>')
    jc = ppr.find(qn("w:jc"))
    if jc is not None:
        jc.addprevious(bidi)
    else:
        ppr.append(bidi)
    if align_right and jc is None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        rpr.append(parse_xml(f'<w:rtl {NSDECL}/>'))
        rpr.append(parse_xml(f'<w:lang {NSDECL} w:val="ar-SA" w:bidi="ar-SA"/>'))


def _notes_part(package, kind: str) -> Part:
    tag = "footnote" if kind == "footnotes" else "endnote"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind} {NSDECL}>'
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:id="1"><w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{tag}Ref/></w:r><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> انظر التقرير السنوي للوزارة.</w:t></w:r></w:p></w:{tag}>'
        f'</w:{kind}>'
    ).encode("utf-8")
    ct = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    return Part(PackURI(f"/word/{kind}.xml"), ct, xml, package)


TEXTBOX = (
    f'<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline>'
    '<wp:extent cx="914400" cy="457200"/><wp:docPr id="7" name="مربع نص"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr>'
    '<w:t>ملاحظة داخل مربع النص.</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr>'
    '<w:t>ملاحظة داخل مربع النص.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r>'
)


def build_docx() -> bytes:
    """An Arabic document with every structure the format reads."""
    doc = python_docx.Document()
    doc.add_heading("تقرير عن التعليم في بغداد", level=0)
    doc.add_heading("المقدمة", level=1)
    p = doc.add_paragraph()
    p.add_run("زار ")
    bold = p.add_run("وزير التعليم العالي والبحث العلمي")
    bold.bold = True
    bold.font.size = Pt(14)
    bold.font.color.rgb = RGBColor(0x20, 0x40, 0x80)
    italic = p.add_run(" جامعة بغداد يوم الأحد.")
    italic.italic = True
    _rtl(p)
    p2 = doc.add_paragraph("وقال إن عدد الطلاب بلغ ٢٥٠٠٠ طالب هذا العام. وأضاف أن الجامعة ستفتح كلية جديدة.")
    _rtl(p2)
    # footnote and endnote references in p2
    p2._p.append(parse_xml(f'<w:r {NSDECL}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    p2._p.append(parse_xml(f'<w:r {NSDECL}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'))
    # a hyperlink and a tab
    p3 = doc.add_paragraph("للمزيد راجع ")
    rid = doc.part.relate_to("https://example.org/report", RT.HYPERLINK, is_external=True)
    p3._p.append(parse_xml(
        f'<w:hyperlink {NSDECL} r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        '<w:t>موقع الوزارة على الإنترنت</w:t></w:r></w:hyperlink>'
    ))
    p3._p.append(parse_xml(f'<w:r {NSDECL}><w:tab/><w:t>اليوم.</w:t></w:r>'))
    _rtl(p3)
    doc.add_paragraph("")  # empty: not a segment
    doc.add_paragraph("Version 2.1")  # no Arabic: a segment copied unchanged
    doc.add_heading("الجدول", level=2)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "الكلية"
    table.cell(0, 1).text = "عدد الطلاب"
    table.cell(1, 0).text = "كلية الطب"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "الذكور"
    inner.cell(0, 1).text = "الإناث"
    tblpr = table._tbl.tblPr
    tblpr.append(parse_xml(f'<w:bidiVisual {NSDECL}/>'))
    tb = doc.add_paragraph("الشكل الأول")
    tb._p.append(parse_xml(TEXTBOX))
    closing = doc.add_paragraph("وختم الوزير زيارته بلقاء مع الطلاب.", style="List Bullet")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # right-aligned Arabic without w:bidi
    # headers and footers: default and first page
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    hp.text = "وزارة التعليم العالي"
    _rtl(hp)
    section.first_page_header.paragraphs[0].text = "سري للغاية"
    section.footer.paragraphs[0].text = "بغداد ٢٠٢٤"
    section.first_page_footer.paragraphs[0].text = "الصفحة الأولى"
    # second section with its own header
    sec2 = doc.add_section()
    sec2.header.is_linked_to_previous = False
    sec2.header.paragraphs[0].text = "الملحق"
    doc.add_paragraph("هذا هو الملحق الأخير.")
    # footnotes and endnotes parts
    for kind, reltype in (("footnotes", RT.FOOTNOTES), ("endnotes", RT.ENDNOTES)):
        doc.part.relate_to(_notes_part(doc.part.package, kind), reltype)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the document model


def _text_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _model_of_part(xml: bytes) -> dict:
    root = parse_xml(xml)  # python-docx's element classes, so Run() can read them
    paragraphs = []
    for p in root.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        style = jc = None
        bidi = False
        if ppr is not None:
            st = ppr.find(qn("w:pStyle"))
            style = st.get(qn("w:val")) if st is not None else None
            el = ppr.find(qn("w:jc"))
            jc = el.get(qn("w:val")) if el is not None else None
            el = ppr.find(qn("w:bidi"))
            bidi = el is not None and el.get(qn("w:val"), "1") not in ("0", "false", "off")
        runs = []
        for r in p.iter(qn("w:r")):
            run = Run(r, None)
            f = run.font
            runs.append((run.text, run.bold, run.italic, run.underline, f.size, f.color.rgb if f.color.type else None,
                         r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None))
        paragraphs.append((style, jc, bidi, runs))
    tables = [[len(tr.findall(qn("w:tc"))) for tr in tbl.findall(qn("w:tr"))] for tbl in root.iter(qn("w:tbl"))]
    return {"paragraphs": paragraphs, "tables": tables}


def document_model(data: bytes) -> dict:
    """Per text part: paragraphs (style, alignment, direction, runs) and table shapes."""
    parts = _text_parts(data)
    names = [n for n in parts if n.startswith("word/") and n.rsplit("/", 1)[-1].startswith(("document", "header", "footer", "footnotes", "endnotes"))]
    return {n: _model_of_part(parts[n]) for n in sorted(names)}


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def sample() -> bytes:
    return build_docx()


def test_detect_and_segments(sample: bytes) -> None:
    assert detect("report.DOCX") == "docx"
    parsed = parse_bytes(sample, "report.docx", "docx")
    locs = {s.location: s for s in parsed.segments}
    assert locs["body p 1"].kind == "heading" and locs["body p 1"].text == "تقرير عن التعليم في بغداد"
    assert locs["body p 2"].kind == "heading"
    assert locs["body p 3"].text == "زار وزير التعليم العالي والبحث العلمي جامعة بغداد يوم الأحد."
    assert locs["body p 3"].kind == "paragraph"
    assert locs["body p 5"].text == "للمزيد راجع موقع الوزارة على الإنترنت\tاليوم."  # hyperlink text counts
    assert "body p 6" not in locs  # empty paragraph
    assert locs["body p 7"].text == "Version 2.1"
    assert locs["table 1 r1c1 p1"].text == "الكلية" and locs["table 1 r1c1 p1"].kind == "cell"
    assert locs["table 1 r2c2 table 1 r1c2 p1"].text == "الإناث"
    assert locs["body p 9 textbox 1 p1"].text == "ملاحظة داخل مربع النص."
    assert sum(1 for s in parsed.segments if s.text == "ملاحظة داخل مربع النص.") == 1  # the VML fallback is not read twice
    assert locs["footnote 1 p1"].text == " انظر التقرير السنوي للوزارة." and locs["footnote 1 p1"].kind == "footnote"
    assert "endnote 1 p1" in locs
    header_texts = {s.text for s in parsed.segments if s.kind == "header"}
    assert header_texts == {"وزارة التعليم العالي", "سري للغاية", "الملحق"}
    footer_texts = {s.text for s in parsed.segments if s.kind == "footer"}
    assert footer_texts == {"بغداد ٢٠٢٤", "الصفحة الأولى"}
    assert all(s.text.strip() for s in parsed.segments)
    assert len({s.location for s in parsed.segments}) == len(parsed.segments)


def test_identity_round_trip(sample: bytes) -> None:
    parsed = parse_bytes(sample, "report.docx", "docx")
    out = parsed.write([s.text for s in parsed.segments])
    assert out == sample
    # one paragraph written with its own text in other words (a no-op translation of another segment)
    translations = [s.text for s in parsed.segments]
    i = [s.location for s in parsed.segments].index("body p 7")
    translations[i] = "Version 2.1 "
    changed = parsed.write(translations)
    parts_in, parts_out = _text_parts(sample), _text_parts(changed)
    assert {n for n in parts_in if parts_in[n] != parts_out[n]} == {"word/document.xml"}
    assert document_model(changed)["word/document.xml"]["tables"] == document_model(sample)["word/document.xml"]["tables"]
    assert document_model(out) == document_model(sample)
    assert _text_parts(out) == _text_parts(sample)  # every part byte-equal
    again = parse_bytes(out, "report.docx", "docx")
    assert [(s.text, s.location, s.kind) for s in again.segments] == [(s.text, s.location, s.kind) for s in parsed.segments]


def test_dominant_run_and_ltr(sample: bytes) -> None:
    parsed = parse_bytes(sample, "report.docx", "docx")
    translations = [s.text for s in parsed.segments]
    i = [s.location for s in parsed.segments].index("body p 3")
    translations[i] = "The Minister of Higher Education visited Baghdad University on Sunday."
    out = parsed.write(translations)
    parts_in, parts_out = _text_parts(sample), _text_parts(out)
    changed = {n for n in parts_in if parts_in[n] != parts_out[n]}
    assert changed == {"word/document.xml"}
    before, after = document_model(sample)["word/document.xml"], document_model(out)["word/document.xml"]
    assert len(before["paragraphs"]) == len(after["paragraphs"]) and before["tables"] == after["tables"]
    style, jc, bidi, runs = after["paragraphs"][2]
    # Word reads w:jc of a w:bidi paragraph as start/end: the alignment stays, the direction goes
    assert (style, jc, bidi) == (before["paragraphs"][2][0], before["paragraphs"][2][1], False)
    assert before["paragraphs"][2][2] is True
    texts = [r[0] for r in runs]
    assert texts == ["", translations[i], ""]  # the bold run is the longest: it keeps its formatting
    assert runs[1][1:6] == (True, None, None, Pt(14), RGBColor(0x20, 0x40, 0x80))
    assert not any(r[6] for r in runs)
    lang = etree.fromstring(parts_out["word/document.xml"]).iter(qn("w:lang"))
    assert "en-US" in {el.get(qn("w:val")) for el in lang}
    for k, (b, a) in enumerate(zip(before["paragraphs"], after["paragraphs"])):
        if k != 2:
            assert a == b  # other paragraphs untouched
    python_docx.Document(io.BytesIO(out))  # still opens


def _check_translated(sample: bytes, parsed, translations: list[str], out: bytes) -> None:
    """The output has the input's structure, each paragraph holds its translation, all left-to-right."""
    python_docx.Document(io.BytesIO(out))
    again = parse_bytes(out, "report.en.docx", "docx")
    kept = [(s.location, t) for s, t in zip(parsed.segments, translations) if t.strip()]
    assert [(s.location, s.text) for s in again.segments] == kept
    before, after = document_model(sample), document_model(out)
    assert before.keys() == after.keys()
    for name in before:
        b, a = before[name], after[name]
        assert b["tables"] == a["tables"], name
        assert [p[0] for p in b["paragraphs"]] == [p[0] for p in a["paragraphs"]], name  # styles
        assert not any(p[2] for p in a["paragraphs"]), name  # no right-to-left paragraph left
        assert not any(r[6] for p in a["paragraphs"] for r in p[3]), name
        for pb, pa in zip(b["paragraphs"], a["paragraphs"]):
            assert pa[1] == pb[1] if pb[2] else pa[1] != "right", name  # bidi: jc kept; else right -> left
    root = etree.fromstring(_text_parts(out)["word/document.xml"])
    assert not list(root.iter(qn("w:bidiVisual")))
    # the VML fallback copy of the text box has the same translation as the shape
    boxes = [("".join(t.text or "" for t in box.iter(qn("w:t")))) for box in root.iter(qn("w:txbxContent"))]
    box_translation = translations[[s.location for s in parsed.segments].index("body p 9 textbox 1 p1")]
    assert boxes == [box_translation, box_translation]
    # the other parts are copied unchanged
    pin, pout = _text_parts(sample), _text_parts(out)
    assert pin.keys() == pout.keys()
    assert pin["word/styles.xml"] == pout["word/styles.xml"]
    assert pin["[Content_Types].xml"] == pout["[Content_Types].xml"]


def test_translate_with_tiny_model(sample: bytes, tiny_engine) -> None:
    parsed = parse_bytes(sample, "report.docx", "docx")
    ft = translate_parsed(parsed, tiny_engine, FAST)
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    assert any(t != s.text for s, t in zip(parsed.segments, ft.translations))
    _check_translated(sample, parsed, ft.translations, render(ft, "docx"))


def test_english_translation_leaves_no_arabic(sample: bytes) -> None:
    parsed = parse_bytes(sample, "report.docx", "docx")
    translations = [f"{s.text[: len(s.text) - len(s.text.lstrip())]}English text number {i}." if needs_translation(s.text) else s.text
                    for i, s in enumerate(parsed.segments)]
    out = parsed.write(translations)
    _check_translated(sample, parsed, translations, out)
    assert not any(needs_translation(s.text) for s in parse_bytes(out, "report.en.docx", "docx").segments)


def _truncated(sample: bytes) -> bytes:
    return sample[: len(sample) // 2]


def _plain_zip(_: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return out.getvalue()


def _text(_: bytes) -> bytes:
    return "هذا ملف نصي وليس مستند وورد.\n".encode("utf-8")


def _ole(_: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _broken_xml(sample: bytes) -> bytes:
    parts = _text_parts(sample)
    parts["word/document.xml"] = parts["word/document.xml"][:-40]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    return out.getvalue()


def _workbook(_: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize("make", [_truncated, _plain_zip, _text, _ole, _broken_xml, _workbook])
def test_bad_files(sample: bytes, make, tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        parse_bytes(make(sample), "bad.docx", "docx")
    message = str(info.value)
    assert message.startswith("bad.docx: is not a valid .docx (")
    assert message.endswith("re-save it from Word")
    assert "\n" not in message
