"""Issue #18.4: an empty model output keeps the source text in place, flagged ``empty``, in every format."""

from __future__ import annotations

import io

import pytest

from bitext.formats import parse_bytes
from bitext.translate.files import translate_parsed
from bitext.job import render
from bitext.translate import GenerationOptions, Hypothesis


class EmptyEngine:
    """A model that answers nothing (as a model can for a tatweel-only cell or a short title)."""

    identity = "empty-engine"
    name = "empty"
    max_input_tokens = 512

    def count_tokens(self, text):
        return len(text.split()) + 1

    def translate(self, texts, options, on_batch=None):
        hyps = [Hypothesis("", -1.0, 1, ("empty",)) for _ in texts]
        if on_batch:
            on_batch(list(range(len(texts))), hyps)
        return hyps


HTML = '<html><body><h1>العنوان</h1><p>اقرأ <a href="/x">الرابط هنا</a> اليوم.</p></body></html>'
CASES = {
    "txt": ("a.txt", "العنوان\n\nنص الفقرة الأولى.\n".encode()),
    "markdown": ("a.md", "# العنوان\n\nاقرأ [الرابط هنا](/x) اليوم.\n".encode()),
    "html": ("a.html", HTML.encode()),
    "csv": ("a.csv", "id,text\n1,ـــ\n2,كلمة\n".encode()),
    "srt": ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nمرحبا.\n".encode()),
    "xliff": ("a.xlf", ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" '
                        'source-language="ar" datatype="plaintext"><body><trans-unit id="1"><source>مرحبا</source>'
                        '</trans-unit></body></file></xliff>').encode()),
    "tmx": ("a.tmx", ('<tmx version="1.4"><header srclang="ar" datatype="plaintext" segtype="sentence" adminlang="en" '
                      'o-tmf="x" creationtool="t" creationtoolversion="1"/><body><tu><tuv xml:lang="ar"><seg>مرحبا</seg>'
                      '</tuv></tu></body></tmx>').encode()),
}


@pytest.mark.parametrize("fmt", list(CASES))
def test_empty_output_keeps_the_source_and_is_flagged(fmt: str) -> None:
    name, data = CASES[fmt]
    parsed = parse_bytes(data, name, fmt)
    ft = translate_parsed(parsed, EmptyEngine(), GenerationOptions(beam=1))
    assert ft.result.sentences and all("empty" in s.flags for s in ft.result.sentences)
    for seg, translation in zip(parsed.segments, ft.translations):
        assert translation.strip(), f"{seg.location}: the source text was deleted"
        assert translation == seg.text or fmt == "txt"
    out = render(ft, fmt).decode("utf-8")
    for seg in parsed.segments:
        assert seg.text.strip() in out
    jsonl = render(ft, "jsonl").decode("utf-8")
    assert '"empty"' in jsonl


def test_empty_output_in_docx_keeps_the_paragraph() -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_heading("العنوان", level=1)
    doc.add_paragraph("نص الفقرة.")
    buf = io.BytesIO()
    doc.save(buf)
    parsed = parse_bytes(buf.getvalue(), "a.docx", "docx")
    ft = translate_parsed(parsed, EmptyEngine(), GenerationOptions(beam=1))
    back = docx.Document(io.BytesIO(render(ft, "docx")))
    assert [p.text for p in back.paragraphs] == ["العنوان", "نص الفقرة."]
