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
    """One record per sentence, the schema of :mod:`bitext.export` (written there, once):
    ids, source text and its ``span`` into the decoded source, translation, score, flags, chunks,
    ``location`` (``"line N"``, or ``locations[block]`` from a document format) and, with
    ``findings`` (sentence position -> finding dicts of the check stage), ``findings``."""
    from ..export import document_records

    for record in document_records(result, findings, locations):
        yield record.to_dict()


def render_jsonl(
    result: TranslatedDocument, findings: dict[int, list[dict]] | None = None, locations: list[str] | None = None
) -> str:
    return "".join(dumps_line(r) + "\n" for r in jsonl_records(result, findings, locations))
