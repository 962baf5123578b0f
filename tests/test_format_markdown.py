"""Markdown format: identity round trip, locations, translation keeps the structure, bad input."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from bitext.errors import BitextError, FormatError
from bitext.formats import detect
from bitext.formats import markdown as md_format
from bitext.formats.driver import needs_translation
from bitext.formats.base import SEGMENT_KINDS
from bitext.job import TranslateJob, render, translate_file

DOC = """---
title: تقرير
lang: ar
---

# عنوان رئيسي للتقرير

مقدمة قصيرة عن **الموضوع المهم** في هذا _التقرير_ مع رابط إلى [موقع الأخبار](https://example.com/news "عنوان") وكود `print("مرحبا")` داخل السطر.
سطر ثان في الفقرة نفسها مع \\*نجمة\\* و &amp; رمز.  
سطر بعد فاصل قسري.

## قائمة المهام ##

- البند الأول من القائمة
- البند الثاني مع [رابط مرجعي][مرجع] في النص
  وسطر تكملة للبند.
- ~~نص محذوف~~ بعده كلام

1. الخطوة الأولى
2. الخطوة الثانية مع ![صورة الشعار](logo.png) في الوسط
   1. خطوة فرعية

> اقتباس من الكاتب يقول فيه كلاماً مفيداً
> ويكمل في السطر الثاني.
>
> > اقتباس متداخل مع *تأكيد*

| الاسم | الوصف \\| الملاحظات |
|:------|------:|
| أحمد | طالب في *الجامعة* |
| سارة | `code_in_cell` ومعلمة |

```python
# تعليق داخل الكود
print("نص داخل كود")
```

    كود بمسافة بادئة

<div class="note">
نص داخل وسم HTML
</div>

نص مع <span>وسم مضمن</span> ورابط تلقائي <https://example.org/auto>.

[![صورة داخل رابط](badge.svg)](https://example.com/badge) ***نص مؤكد جدا*** و`` كود ` مزدوج ``.

العنوان الثانوي
---------------

***

[مرجع]: https://example.com/ref "عنوان المرجع"
"""

# text that must never reach a segment
KEPT = [
    "print(",
    "https://",
    "logo.png",
    "badge.svg",
    "code_in_cell",
    "نص داخل كود",
    "تعليق داخل الكود",
    "كود بمسافة بادئة",
    "نص داخل وسم HTML",
    "title:",
    "عنوان المرجع",
    "مزدوج",
    "<span>",
]


def _parse(text: str | bytes, name: str = "doc.md"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return md_format.parse(data, name)


def _identity(parsed) -> bytes:
    return parsed.write([s.text for s in parsed.segments])


_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TEXTUAL = {"text", "text_special", "softbreak"}


def _structure(data: bytes):
    """Block and inline token types, URLs, code and HTML of a Markdown document (text left out)."""
    out = []
    for tok in _MD.parse(data.decode("utf-8-sig")):
        out.append((tok.type, tok.tag, tok.markup, tok.info))
        if tok.type in ("fence", "code_block", "html_block"):
            out.append(tok.content)
        for child in tok.children or []:
            if child.type in _TEXTUAL:
                continue
            out.append((child.type, child.markup, child.attrs.get("href"), child.attrs.get("src")))
            if child.type in ("code_inline", "html_inline"):
                out.append(child.content)
    return out


def test_registered_by_extension():
    assert detect("notes.md") == "markdown"
    assert detect("README.markdown") == "markdown"
    assert md_format.KEEPS and md_format.DESCRIPTION


def test_identity_round_trip_is_byte_equal():
    parsed = _parse(DOC)
    assert parsed.format == "markdown"
    assert not parsed.warnings
    assert _identity(parsed) == DOC.encode("utf-8")


def test_identity_crlf_and_bom():
    crlf = DOC.replace("\n", "\r\n").encode("utf-8")
    parsed = _parse(crlf)
    assert _identity(parsed) == crlf
    assert [s.text for s in parsed.segments] == [s.text for s in _parse(DOC).segments]
    bom = b"\xef\xbb\xbf" + DOC.encode("utf-8")
    assert _identity(_parse(bom)) == bom


def test_identity_windows_1256():
    data = DOC.encode("cp1256")
    parsed = _parse(data)
    assert parsed.encoding.replace("-", "").lower() in ("cp1256", "windows1256")
    # written back as UTF-8, the same text
    assert _identity(parsed).decode("utf-8") == DOC
    assert [s.text for s in parsed.segments] == [s.text for s in _parse(DOC).segments]


def test_segments_kinds_and_locations():
    parsed = _parse(DOC)
    segs = parsed.segments
    texts = [s.text for s in segs]
    for s in segs:
        assert s.text.strip() == s.text and s.text
        assert s.location.startswith("line ")
    assert len({s.location for s in segs}) == len(segs), "locations tell segments apart"
    for kept in KEPT:
        assert not any(kept in t for t in texts), kept
    by_text = {s.text: s for s in segs}
    assert by_text["عنوان رئيسي للتقرير"].kind == "heading"
    assert by_text["عنوان رئيسي للتقرير"].location == "line 6: heading"
    assert by_text["قائمة المهام"].kind == "heading"  # closing #s are markup
    assert by_text["العنوان الثانوي"].kind == "heading"  # setext
    # inline elements are not kinds: the piece has its block's kind, the location names the element
    assert by_text["الموضوع المهم"].kind == "paragraph"
    assert by_text["موقع الأخبار"].kind == "paragraph"
    assert by_text["موقع الأخبار"].location == "line 8: paragraph / link"
    assert by_text["رابط مرجعي"].location == "line 15: list item 2 / link"
    assert by_text["صورة الشعار"].kind == "attribute"
    assert by_text["صورة داخل رابط"].location.endswith("link / image alt")
    assert by_text["البند الأول من القائمة"].kind == "list_item"
    assert by_text["خطوة فرعية"].kind == "list_item"
    assert by_text["نص محذوف"].kind in ("paragraph", "list_item")
    assert by_text["أحمد"].kind == "cell"
    assert by_text["أحمد"].location == "line 30: table row 1 cell 1"
    assert by_text["الوصف | الملاحظات"].kind == "cell"  # escaped pipe shown as a pipe
    assert by_text["اقتباس متداخل مع"].kind == "quote"
    assert by_text["نص مؤكد جدا"].kind in SEGMENT_KINDS
    # escapes and entities are shown as the reader sees them; soft breaks stay line breaks
    joined = "داخل السطر.\nسطر ثان في الفقرة نفسها مع *نجمة* و & رمز."
    assert joined in texts
    assert "اقتباس من الكاتب يقول فيه كلاماً مفيداً\nويكمل في السطر الثاني." in texts
    # reading order
    order = ["عنوان رئيسي للتقرير", "مقدمة قصيرة عن", "الموضوع المهم", "في هذا", "التقرير", "مع رابط إلى", "موقع الأخبار",
             "عنوان", "وكود"]
    assert by_text["عنوان"].kind == "title"  # a link's title is read too
    assert by_text["عنوان"].location == "line 8: paragraph / link / title"
    assert texts[: len(order)] == order


def test_written_translation_keeps_structure_with_markdown_characters():
    parsed = _parse(DOC)
    tricky = "1. # Text *with* _marks_ [x](y) `c` <b> | ~~s~~ &amp; \\ end #"
    out = parsed.write([tricky for _ in parsed.segments])
    assert _structure(out) == _structure(DOC.encode("utf-8"))
    again = _parse(out)
    assert len(again.segments) == len(parsed.segments)
    assert all(s.text == tricky for s in again.segments)


SNIPPETS = [
    "***كلمة*** و**عريض _مائل_ داخله**",
    "[رابط [متداخل] هنا](http://a.b/(c)) بعده",
    "[رابط](<http://a b> 'عنوان') و[مرجع][] و[اختصار]\n\n[مرجع]: /x\n[اختصار]: /y",
    "سطر\\\nبعد شرطة مائلة\n   وسطر بمسافات",
    "- عنصر\n\n  فقرة ثانية في العنصر\n\n  > اقتباس في عنصر\n- \tعنصر بعلامة جدولة",
    "> سطر\nسطر كسول\n> - قائمة في اقتباس",
    "``` \nكود غير مغلق",
    "<!-- تعليق -->\n\nنص &copy; &#1605; &#x645; &bogus; بعده",
    "| أ | ب |\n|---|---|\n| ج |\n| د | هـ | و |",
    "نص عادي فقط",
    "`غير مغلق و *نجمة وحيدة و_شرطة",
    "٣. قائمة بأرقام عربية\n1) قائمة بقوس",
    "![صورة [مع] أقواس](a.png \"عنوان\")",
    "*نص\nعلى سطرين*",
    "> | أ | ب |\n> |---|---|\n> | ج | د |",
    "نص مع \\| شرطة و\\\\ مائلة",
    "- [ ] مهمة مفتوحة\n- [x] مهمة منجزة",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_tricky_snippets_round_trip(text):
    parsed = _parse(text)
    assert _identity(parsed) == text.encode("utf-8")
    out = parsed.write(["Eng *x* [y] `z` 1. - # <t> | &amp;" for _ in parsed.segments])
    assert _structure(out) == _structure(text.encode("utf-8"))


# one of each structure, short: the tiny model writes long gibberish
SMALL = """# عنوان

فقرة **عريض** و[رابط](https://example.com/x "t") و`code_span` و![صورة](a.png) نهاية.
سطر ثان.

- بند *مائل*
1. خطوة

> اقتباس

| خلية | ~~ثانية~~ |
|---|---|
| أ | ب |

```
كود
```

<p>وسم</p>

[مرجع][] نص

[مرجع]: https://example.com/ref
"""


def test_reference_links_keep_their_label_when_translated():
    text = "[مرجع][] و[اختصار] و[نص كامل][مرجع]\n\n[مرجع]: https://r.example\n[اختصار]: https://s.example\n"
    parsed = _parse(text)
    assert [s.text for s in parsed.segments] == ["مرجع", "و", "اختصار", "و", "نص كامل"]
    out = parsed.write(["Ref", "and", "Short", "and", "Full text"]).decode("utf-8")
    assert out.startswith("[Ref][مرجع] and [Short][اختصار] and [Full text][مرجع]\n")
    assert _structure(out.encode("utf-8")) == _structure(text.encode("utf-8"))
    # an untranslated link keeps its short form
    same = parsed.write(["مرجع", "and", "Short", "and", "Full text"]).decode("utf-8")
    assert same.startswith("[مرجع][] and [Short][اختصار]")


def test_task_list_boxes_are_kept():
    parsed = _parse("- [ ] مهمة مفتوحة\n- [x] مهمة منجزة\n")
    assert [s.text for s in parsed.segments] == ["مهمة مفتوحة", "مهمة منجزة"]
    assert parsed.write(["Open task", "Done task"]) == b"- [ ] Open task\n- [x] Done task\n"


def test_words_joined_to_an_element_get_a_space():
    text = "**عريض**، بعده و*مائل*و نهاية و[رابط](/x)، و`code`\n"
    parsed = _parse(text)
    assert [s.text for s in parsed.segments] == ["عريض", "، بعده و", "مائل", "و نهاية و", "رابط", "، و"]
    out = parsed.write(["bold", "then and", "italic", "and end and", "link", ", and"])
    assert out == b"**bold** then and *italic* and end and [link](/x), and `code`\n"
    assert _structure(out) == _structure(text.encode("utf-8"))


def test_line_breaks_and_markers_at_line_start():
    text = "سطر أول\\\nسطر ثان  \nسطر ثالث\n\n- بند\n"
    parsed = _parse(text)
    assert [s.text for s in parsed.segments] == ["سطر أول", "سطر ثان", "سطر ثالث", "بند"]
    out = parsed.write(["1. one", "- two", "# three", "+ four"])
    assert out == b"1\\. one\\\n\\- two  \n\\# three\n\n- \\+ four\n"
    assert _structure(out) == _structure(text.encode("utf-8"))


def test_translate_with_tiny_engine(tiny_engine, tmp_path):
    source = tmp_path / "doc.ar.md"
    source.write_bytes(SMALL.encode("utf-8"))
    target = tmp_path / "doc.en.md"
    ft = translate_file(TranslateJob(use_cache=False), str(source), str(target), engine=tiny_engine).translation  # format by extension
    assert not any(needs_translation(t) for t in ft.translations)  # the tiny model never emits Arabic: none left
    parsed = ft.parsed
    assert parsed.format == "markdown"
    out = target.read_bytes()
    assert out == render(ft, "markdown")
    assert out != SMALL.encode("utf-8")
    assert _structure(out) == _structure(SMALL.encode("utf-8"))
    again = md_format.parse(out, "out.md")
    assert len(again.segments) == len(parsed.segments)
    assert [s.kind for s in again.segments] == [s.kind for s in parsed.segments]
    # every segment of the output is the engine's translation of the segment there
    for seg, tr, src in zip(again.segments, ft.translations, parsed.segments):
        assert " ".join(seg.text.split()) == " ".join(tr.split())
        assert tr != src.text or not needs_translation(src.text)
    text = out.decode("utf-8")
    # what is not translated stays byte for byte
    for kept in ("`code_span`", "```\nكود\n```", "<p>وسم</p>", "[مرجع]: https://example.com/ref", "(https://example.com/x \"t\")"):
        assert kept in text


def test_english_translation_leaves_no_arabic():
    parsed = _parse(DOC)
    translations = [f"English text {i}." for i in range(len(parsed.segments))]
    out = parsed.write(translations)
    again = _parse(out)
    assert [s.text for s in again.segments] == translations
    assert not any(needs_translation(s.text) for s in again.segments)
    assert _structure(out) == _structure(DOC.encode("utf-8"))


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary\xff\xfe\x00" * 30, b"", b"  \n\n"])
def test_bad_input_is_one_line_format_error(data):
    with pytest.raises(FormatError) as info:
        md_format.parse(data, "broken.md")
    message = str(info.value)
    assert "broken.md" in message and "\n" not in message


def test_no_translatable_text():
    text = "```\ncode only\n```\n"
    parsed = _parse(text)
    assert parsed.segments == []
    assert _identity(parsed) == text.encode("utf-8")


def test_errors_are_bitext_errors():
    assert issubclass(FormatError, BitextError)

