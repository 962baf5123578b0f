"""HTML format: identity round trip, XPath locations, translation keeps the markup, bad input."""

from __future__ import annotations

import lxml.html
import pytest

from bitext.errors import FormatError
from bitext.formats import detect
from bitext.formats import html as html_format
from bitext.formats.driver import needs_translation
from bitext.job import TranslateJob, render, translate_file

DOC = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="description" content="وصف الصفحة &amp; محتواها">
<meta name="viewport" content="width=device-width">
<title>عنوان الصفحة</title>
<style>body { font-family: "Amiri"; } /* نمط لا يترجم */</style>
<script>var s = "نص في سكربت"; if (a < 3) { b(); }</script>
</head>
<body>
<!-- تعليق لا يترجم -->
<h1 class="main" title="تلميح العنوان">العنوان الرئيسي</h1>
<p>فقرة أولى فيها <b>نص عريض</b> و<a href="https://example.com/ar?q=1&amp;x=2" title='رابط خارجي'>رابط مهم</a> ثم نهاية&nbsp;الفقرة &copy; &#1605;.</p>
<p dir="rtl" lang="ar-EG">فقرة ثانية
تمتد على سطرين.</p>
<ul>
  <li>عنصر أول
  <li>عنصر ثان مع <code>x = "كود مضمن"</code> داخل السطر</li>
</ul>
<img src="logo.png" alt="شعار الموقع" width=100>
<input type="text" name="q" placeholder=ابحث>
<input type="submit" value="إرسال">
<table>
  <tr><th>الاسم</th><th>العمر</th></tr>
  <tr><td>أحمد</td><td><span class="n">ثلاثون</span> سنة</td></tr>
</table>
<pre>نص منسق محفوظ</pre>
<p translate="no">اسم علم محفوظ</p>
<div aria-label="قسم جانبي" data-note="بيانات محفوظة"><span>نص في وسم</span></div>
</body>
</html>
"""

KEPT = ["نمط لا يترجم", "نص في سكربت", "تعليق لا يترجم", "كود مضمن", "نص منسق محفوظ", "اسم علم محفوظ",
        "بيانات محفوظة", "https://", "logo.png", "font-family", "width=device-width"]
READABLE = {"title", "alt", "placeholder", "aria-label", "value", "content"}


def _parse(text: str | bytes, name: str = "page.html"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return html_format.parse(data, name)


def _identity(parsed) -> bytes:
    return parsed.write([s.text for s in parsed.segments])


def _markup(data: bytes):
    """Tags, untouched attributes, scripts, styles, code and pre of an HTML page (lxml's view)."""
    root = lxml.html.fromstring(data.decode("utf-8"))
    out = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else "#comment"
        attrs = {k: v for k, v in el.attrib.items() if k not in READABLE and k not in ("lang", "dir")}
        out.append((tag, sorted(attrs.items())))
        if tag in ("script", "style", "code", "pre", "#comment") or el.get("translate") == "no":
            out.append(el.text_content() if tag != "#comment" else el.text)
    return out


def test_registered_by_extension():
    assert detect("page.html") == "html"
    assert detect("page.htm") == "html"
    assert html_format.KEEPS and html_format.DESCRIPTION


def test_identity_round_trip_is_byte_equal():
    parsed = _parse(DOC)
    assert parsed.format == "html"
    assert not parsed.warnings
    assert _identity(parsed) == DOC.encode("utf-8")
    crlf = DOC.replace("\n", "\r\n").encode("utf-8")
    assert _identity(_parse(crlf)) == crlf
    bom = b"\xef\xbb\xbf" + DOC.encode("utf-8")
    assert _identity(_parse(bom)) == bom


def test_windows_1256_page_is_written_as_utf8():
    page = DOC.replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    parsed = _parse(page.encode("cp1256"))
    assert [s.text for s in parsed.segments] == [s.text for s in _parse(DOC).segments]
    out = _identity(parsed).decode("utf-8")
    assert out == DOC  # the same text, and the charset declaration now says utf-8


def test_segments_kinds_and_xpath_locations():
    parsed = _parse(DOC)
    segs = parsed.segments
    texts = [s.text for s in segs]
    assert len({s.location for s in segs}) == len(segs)
    for kept in KEPT:
        assert not any(kept in t for t in texts), kept
    by_text = {s.text: s for s in segs}
    assert by_text["عنوان الصفحة"].location == "/html/head/title[1]/text()[1]"
    assert by_text["وصف الصفحة & محتواها"].location == "/html/head/meta[2]/@content"
    assert by_text["العنوان الرئيسي"].kind == "heading"
    assert by_text["تلميح العنوان"].location == "/html/body/h1[1]/@title"
    assert by_text["تلميح العنوان"].kind == "attribute"
    assert by_text["فقرة أولى فيها"].location == "/html/body/p[1]/text()[1]"
    assert by_text["نص عريض"].location == "/html/body/p[1]/b[1]/text()[1]"
    assert by_text["رابط مهم"].kind == "paragraph"  # a link inside a paragraph: the paragraph's kind
    assert by_text["فقرة أولى فيها"].span is not None  # a verbatim slice of the input
    assert by_text["ثم نهاية\xa0الفقرة © م."].span is None  # entities decoded: no span into the input
    assert by_text["ثم نهاية\xa0الفقرة © م."].location == "/html/body/p[1]/text()[3]"  # entities decoded
    assert by_text["فقرة ثانية\nتمتد على سطرين."].location == "/html/body/p[2]/text()[1]"
    assert by_text["عنصر أول"].location == "/html/body/ul[1]/li[1]/text()[1]"  # unclosed <li>
    assert by_text["عنصر أول"].kind == "list_item"
    assert by_text["شعار الموقع"].location == "/html/body/img[1]/@alt"
    assert by_text["ابحث"].location == "/html/body/input[1]/@placeholder"
    assert by_text["إرسال"].location == "/html/body/input[2]/@value"
    assert by_text["أحمد"].kind == "cell"
    assert by_text["قسم جانبي"].location == "/html/body/div[1]/@aria-label"
    # reading order: text on each side of an inline element and inside it
    i = texts.index("فقرة أولى فيها")
    assert texts[i : i + 6] == ["فقرة أولى فيها", "نص عريض", "و", "رابط خارجي", "رابط مهم", "ثم نهاية\xa0الفقرة © م."]
    # every location finds its text with lxml
    root = lxml.html.fromstring(DOC).getroottree()
    for seg in segs:
        element_path, _, last = seg.location.rpartition("/")
        (el,) = root.xpath(element_path)
        if last.startswith("@"):
            assert seg.text in el.get(last[1:])
        else:
            assert " ".join(seg.text.split()) in " ".join(el.text_content().split())


def test_written_translation_escapes_and_keeps_markup():
    parsed = _parse(DOC)
    tricky = 'A <b>&amp; "quoted" \'text\' & more>'
    out = parsed.write([tricky for _ in parsed.segments])
    assert _markup(out) == _markup(DOC.encode("utf-8"))
    again = _parse(out)
    assert [s.text for s in again.segments] == [tricky] * len(parsed.segments)
    assert [s.location for s in again.segments] == [s.location for s in parsed.segments]


def test_english_translation_switches_lang_and_leaves_no_arabic():
    parsed = _parse(DOC)
    translations = [f"English text {i}." for i in range(len(parsed.segments))]
    out = parsed.write(translations)
    again = _parse(out)
    assert [s.text for s in again.segments] == translations
    assert not any(needs_translation(s.text) for s in again.segments)
    root = lxml.html.fromstring(out.decode("utf-8"))
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    p2 = root.xpath("/html/body/p[2]")[0]
    assert (p2.get("lang"), p2.get("dir")) == ("en", "ltr")
    assert _markup(out) == _markup(DOC.encode("utf-8"))
    # an untranslated page keeps its lang/dir
    assert b'<html lang="ar" dir="rtl">' in _identity(parsed)


def test_words_joined_to_an_inline_element_get_a_space():
    text = '<p>نص و<a href="x">رابط</a>و<b>عريض</b>، <i>مائل</i> نص</p>'
    parsed = _parse(text)
    assert [s.text for s in parsed.segments] == ["نص و", "رابط", "و", "عريض", "مائل", "نص"]
    out = parsed.write(["text and", "link", "and", "bold", "italic", "text"]).decode("utf-8")
    assert out == '<p>text and <a href="x">link</a> and <b>bold</b>، <i>italic</i> text</p>'


def test_content_language_and_unquoted_attributes():
    text = '<meta http-equiv="Content-Language" content="ar-SA"><img alt=صورة src=a.png><p title=\'عنوان "مقتبس"\'>نص</p>'
    parsed = _parse(text)
    assert [s.text for s in parsed.segments] == ["صورة", 'عنوان "مقتبس"', "نص"]
    out = parsed.write(["An image", 'Title "quoted" & \'more\'', "Text"]).decode("utf-8")
    assert out == ('<meta http-equiv="Content-Language" content="en"><img alt="An image" src=a.png>'
                   '<p title=\'Title "quoted" &amp; &#39;more&#39;\'>Text</p>')
    img, p = lxml.html.fromstring(out).xpath("//img | //p")
    assert img.get("alt") == "An image" and p.get("title") == 'Title "quoted" & \'more\''


SMALL = """<html lang="ar"><head><title>عنوان</title><script>var x = "سكربت";</script></head>
<body dir="rtl"><h1>مرحبا</h1><p>فقرة <i>مائلة</i> و<a href="/x" title="تلميح">رابط</a>.</p>
<img src="a.png" alt="صورة"><pre>محفوظ</pre></body></html>
"""


def test_translate_with_tiny_engine(tiny_engine, tmp_path):
    source = tmp_path / "doc.ar.html"
    source.write_bytes(SMALL.encode("utf-8"))
    target = tmp_path / "doc.en.html"
    ft = translate_file(TranslateJob(use_cache=False), str(source), str(target), engine=tiny_engine).translation  # format by extension
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    parsed = ft.parsed
    assert parsed.format == "html"
    out = target.read_bytes()
    assert out == render(ft, "html")
    assert _markup(out) == _markup(SMALL.encode("utf-8"))
    root = lxml.html.fromstring(out.decode("utf-8"))
    assert root.get("lang") == "en" and root.body.get("dir") == "ltr"
    again = html_format.parse(out, "page.en.html")
    assert [s.location for s in again.segments] == [s.location for s in parsed.segments]
    # every segment is the engine's output (the tiny random model may emit Arabic words itself)
    for seg, tr, src in zip(again.segments, ft.translations, parsed.segments):
        assert " ".join(seg.text.split()) == " ".join(tr.split()) != src.text
    assert [s.text for s in parsed.segments][-3:] == ["تلميح", "رابط", "صورة"]  # "." is not a segment
    assert 'var x = "سكربت";' in out.decode("utf-8") and "<pre>محفوظ</pre>" in out.decode("utf-8")


MALFORMED = [
    "<div><p>نص <b>عريض</p></div></div><span>غير مغلق",
    "<p>نص</span><br/></i>",
    "<p <b>نص</b>",
    "<ul><li>أ<li>ب</ul><table><td>خلية<tr><td>أخرى</table>",
    "<a href=x title=تلميح>رابط & رمز &bogus; &#99999999;</a><!-- غير منته",
    "<script>var a = '<p>نص</p>'",
    "<<<>>>&&&;;</<//> نص",
    "نص عادي بلا وسوم",
    "<p>١٢٣</p><p>   </p>",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_html_is_best_effort(text):
    parsed = _parse(text, "bad.html")
    assert _identity(parsed) == text.encode("utf-8")
    for warning in parsed.warnings:
        assert "bad.html" in warning and "\n" not in warning
    out = parsed.write(["English" for _ in parsed.segments])
    assert not any(needs_translation(s.text) for s in _parse(out).segments)


def test_malformed_html_warns():
    parsed = _parse(MALFORMED[0], "bad.html")
    assert any("stray </div>" in w for w in parsed.warnings)
    assert any("<span> not closed" in w for w in parsed.warnings)
    assert any("<b> not closed" in w for w in parsed.warnings)


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary\xff\xfe\x00" * 30, b"", b" \n\t\n"])
def test_bad_input_is_one_line_format_error(data):
    with pytest.raises(FormatError) as info:
        html_format.parse(data, "broken.html")
    message = str(info.value)
    assert "broken.html" in message and "\n" not in message

