"""Plain-text (layout kept) and JSON Lines output of a translated document."""

from __future__ import annotations

from typing import Iterator

from ..jsonl import dumps_line
from ..segment import western_numerals
from ..translate.pipeline import TranslatedDocument



def render_text(result: TranslatedDocument) -> str:
    """The translation with the source's layout.

    Every source line gives one output line, with the same line terminator:
    blank lines stay blank, list markers and Markdown heading marks stay in
    place (Arabic-Indic digits in list numbers become 0-9), sentences of a
    line are joined by one space, trailing whitespace is kept.
    """
    doc = result.document
    by_block: dict[int, list[str]] = {}
    for st in result.sentences:
        # a translation never adds a line: the line count must match the input
        by_block.setdefault(st.sentence.block, []).append(" ".join(st.text.split()))
    out: list[str] = []
    for block in doc.blocks:
        out.append(western_numerals(doc.text[block.start : block.content_start]))
        out.append(" ".join(t for t in by_block.get(block.index, []) if t))
        out.append(doc.text[block.content_end : block.end])
        out.append(block.newline)
    return "".join(out)


def jsonl_records(
    result: TranslatedDocument, findings: dict[int, list[dict]] | None = None, locations: list[str] | None = None
) -> Iterator[dict]:
    """One record per sentence: ids, source text and span, translation, score, flags.

    ``span`` and ``chunks`` are ``[start, end)`` character offsets (Unicode
    code points) into the decoded source text. With ``findings`` (sentence
    position → finding dicts from the check stage) each record gets a
    ``findings`` list; its spans are offsets into the record's ``source``
    and ``translation``. With ``locations`` (one per block, from a document
    format: ``"p 3"``, ``"cue 4-5"``, an XPath) each record gets ``location``.
    """
    blocks = result.document.blocks
    for position, st in enumerate(result.sentences):
        s = st.sentence
        record = {
            "sentence": s.index,
            "block": s.block,
            "kind": blocks[s.block].kind,
            "source": s.text,
            "span": [s.start, s.end],
            "translation": st.text,
            "score": st.score,
            "flags": st.flags,
            "chunks": [[c.start, c.end] for c in st.chunks],
        }
        if locations is not None:
            record["location"] = locations[s.block]
        if findings is not None:
            record["findings"] = findings.get(position, [])
        yield record


def render_jsonl(
    result: TranslatedDocument, findings: dict[int, list[dict]] | None = None, locations: list[str] | None = None
) -> str:
    return "".join(dumps_line(r) + "\n" for r in jsonl_records(result, findings, locations))
