"""Hostile packages and XML (issue #17): zip bombs refused from the zip directory, entities not expanded;
and .docx variants of issue #18 (Strict Open XML, comments)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

python_docx = pytest.importorskip("docx")

from bitext.errors import FormatError  # noqa: E402
from bitext.formats import parse_bytes  # noqa: E402

BOMB_MB = 1024  # what the bomb's document.xml unpacks to


def _docx(paragraph: str = "تقرير قصير.") -> bytes:
    doc = python_docx.Document()
    doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _bomb(path: Path, mb: int = BOMB_MB) -> None:
    """A valid .docx whose word/document.xml unpacks to ``mb`` MiB (a few MB on disk), written in a stream."""
    base = _docx()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, src.read(info))
                continue
            xml = src.read(info)
            head, _, tail = xml.partition(b"</w:body>")
            para = b"<w:p><w:r><w:t>" + "مرحبا ".encode() * 100 + b"</w:t></w:r></w:p>"
            with out.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(head)
                chunk = para * (1024 * 1024 // len(para) + 1)
                for _ in range(mb):
                    fh.write(chunk)
                fh.write(b"</w:body>" + tail)


_MEASURE = """
import resource, subprocess, sys
proc = subprocess.run([sys.executable, "-c", sys.argv[1]], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run_measured(code: str, env: dict | None = None) -> tuple[int, str, int]:
    """Run ``code`` in a fresh Python; return (exit code, stderr, its peak RSS in KiB).

    The code runs as the child of a small intermediate Python that reports RUSAGE_CHILDREN: on Linux a
    process forked from this (large) pytest process would inherit pytest's peak in its own ru_maxrss.
    """
    import os

    proc = subprocess.run([sys.executable, "-c", _MEASURE, code], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)
    rc, peak = proc.stdout.split()
    return int(rc), proc.stderr, int(peak)


def test_zip_bomb_docx_is_refused_from_the_directory_with_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _bomb(bomb)
    assert bomb.stat().st_size < 20 * 1024 * 1024
    code = textwrap.dedent(f"""
        import sys
        from bitext.cli import main
        sys.argv = ["bitext", "translate", {str(bomb)!r}, "-o", {str(tmp_path / 'out.docx')!r}, "--model", "unused"]
        main()
    """)
    rc, err, peak_kib = _run_measured(code)
    assert rc == 2, err
    assert "unpacks to more than 512 MiB" in err and "BITEXT_MAX_UNZIPPED_MB" in err
    assert len(err.strip().splitlines()) == 1
    assert peak_kib < 300 * 1024, f"peak RSS {peak_kib // 1024} MiB"  # about 50 MiB when refused; reading it costs over 1 GiB
    assert not (tmp_path / "out.docx").exists()


def test_the_limit_can_be_raised_and_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _docx()
    monkeypatch.setenv("BITEXT_MAX_UNZIPPED_MB", "0.001")  # 1 KiB: even a tiny document is over it
    with pytest.raises(FormatError, match=r"BITEXT_MAX_UNZIPPED_MB="):
        parse_bytes(data, "small.docx", "docx")
    monkeypatch.setenv("BITEXT_MAX_UNZIPPED_MB", "100")
    assert parse_bytes(data, "small.docx", "docx").segments
    monkeypatch.setenv("BITEXT_MAX_UNZIPPED_MB", "lots")
    with pytest.raises(FormatError, match="not a number"):
        parse_bytes(data, "small.docx", "docx")


def test_docx_entities_are_not_expanded() -> None:
    """An internal entity in document.xml (billion laughs) is not expanded; the file is read or refused in one line."""
    data = _docx()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "ضحكة ضحكة ضحكة ضحكة ضحكة ضحكة ضحكة ضحكة ضحكة ضحكة">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename == "word/document.xml":
                decl, _, rest = payload.partition(b"?>")
                payload = decl + b"?>" + laughs.encode() + rest.replace("تقرير قصير.".encode(), b"&i;")
            zf.writestr(info, payload)
    try:
        parsed = parse_bytes(out.getvalue(), "laughs.docx", "docx")
    except FormatError as exc:
        assert "\n" not in str(exc)
    else:
        assert sum(len(s.text) for s in parsed.segments) < 1000


def _strict(data: bytes) -> bytes:
    """``data`` with its relationships rewritten to Strict Open XML's (as Word's 'Strict Open XML Document' saves)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename.endswith(".rels") or info.filename.endswith(".xml"):
                payload = payload.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                          b"http://purl.oclc.org/ooxml/officeDocument/relationships")
                payload = payload.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                          b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            zf.writestr(info, payload)
    return out.getvalue()


def test_strict_ooxml_docx_says_what_it_is_and_how_to_resave() -> None:
    with pytest.raises(FormatError) as info:
        parse_bytes(_strict(_docx()), "strict.docx", "docx")
    message = str(info.value)
    assert message.startswith("strict.docx: is a Strict Open XML document")
    assert "Word Document (*.docx)" in message and "\n" not in message


def test_docx_comments_are_translated() -> None:
    doc = python_docx.Document()
    p = doc.add_paragraph("نص الفقرة الأولى.")
    if not hasattr(doc, "add_comment"):
        pytest.skip("python-docx without comments support")
    doc.add_comment(p.runs, text="تعليق على الفقرة.", author="مراجع", initials="م")
    out = io.BytesIO()
    doc.save(out)
    parsed = parse_bytes(out.getvalue(), "c.docx", "docx")
    assert [s.location for s in parsed.segments] == ["body p 1", "comment 0 p1"]
    assert parsed.segments[1].kind == "comment"
    written = parsed.write(["Text of the first paragraph.", "A comment on the paragraph."])
    back = python_docx.Document(io.BytesIO(written))
    comment = next(iter(back.comments))
    assert comment.text == "A comment on the paragraph." and comment.author == "مراجع"
    assert back.paragraphs[0].text == "Text of the first paragraph."
