"""Bilingual records of a translated file: one :class:`TranslationRecord` per sentence, as JSON Lines.

The record schema is written here only (``bitext translate -o x.jsonl``)::

    {"sentence": 3, "block": 2, "kind": "paragraph", "location": "line 3", "source": "…", "span": [412, 530],
     "translation": "…", "score": -0.41, "flags": ["length_limit"], "chunks": [[412, 530]], "findings": [...]}

``span`` and ``chunks`` are ``[start, end)`` offsets (code points) into the decoded input, so that
``input[start:end] == source``; they are ``null`` for a segment that is not a verbatim slice of the
input (HTML entities decoded, subtitle cue lines joined, a .docx run). With ``--fix`` every record has
``repairs`` (a list, empty when nothing changed) and a changed one ``original``, the model's output;
``translation`` is then the repaired text. ``block`` is the input line
for plain text, else the segment's position; ``kind`` is one of
:data:`bitext.formats.base.SEGMENT_KINDS`; ``findings`` is there when the check ran.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from .jsonl import dumps_line
from .translate.files import FileTranslation
from .translate.pipeline import TranslatedDocument


@dataclass
class TranslationRecord:
    sentence: int
    block: int
    kind: str
    location: str
    source: str
    span: list[int] | None
    translation: str
    score: float | None
    flags: list[str]
    chunks: list[list[int]] | None
    findings: list[dict[str, Any]] | None = field(default=None)
    original: str | None = None  # with --fix, when a repair changed the sentence: the model's output
    repairs: list[dict[str, Any]] | None = None  # with --fix: finding, span (in original), before, after, reason

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("findings", "original", "repairs"):
            if d[key] is None:
                del d[key]
        return d


def records(ft: FileTranslation, findings: dict[int, list[dict]] | None = None, fixes=None) -> Iterator[TranslationRecord]:
    """One record per sentence of ``ft``; ``findings``: sentence position -> finding dicts (the check stage);
    ``fixes``: the repair stage's :class:`~bitext.check.fix.FixResult`."""
    segments = ft.parsed.segments
    for position, st in enumerate(ft.result.sentences):
        s = st.sentence
        seg = segments[s.block]
        span = ft.source_span(s.block, s.start, s.end)
        chunks = [ft.source_span(s.block, c.start, c.end) for c in st.chunks]
        yield TranslationRecord(
            sentence=s.index,
            block=seg.block if seg.block is not None else s.block,
            kind=seg.kind,
            location=seg.location,
            source=ft.source_text(s.block, s.start, s.end),
            span=list(span) if span else None,
            translation=st.text,
            score=st.score,
            flags=st.flags,
            chunks=None if span is None else [list(c) for c in chunks if c],
            findings=None if findings is None else findings.get(position, []),
            original=fixes.original[position] if fixes is not None and fixes.repairs_for(position) else None,
            repairs=None if fixes is None else [r.to_dict() for r in fixes.repairs_for(position)],
        )


def document_records(result: TranslatedDocument, findings: dict[int, list[dict]] | None = None,
                     locations: list[str] | None = None) -> Iterator[TranslationRecord]:
    """The same records for a :class:`TranslatedDocument` of plain text (``translate_document``):
    ``block`` is the input line, ``location`` ``"line N"`` unless ``locations`` (one per block)
    are given, spans index the decoded text, as ``bitext translate x.txt -o x.jsonl`` writes them."""
    blocks = result.document.blocks
    for position, st in enumerate(result.sentences):
        s = st.sentence
        yield TranslationRecord(
            sentence=s.index,
            block=s.block,
            kind=blocks[s.block].kind,
            location=locations[s.block] if locations is not None else f"line {s.block + 1}",
            source=s.text,
            span=[s.start, s.end],
            translation=st.text,
            score=st.score,
            flags=st.flags,
            chunks=[[c.start, c.end] for c in st.chunks],
            findings=None if findings is None else findings.get(position, []),
        )


def render_records(ft: FileTranslation, findings: dict[int, list[dict]] | None = None, fixes=None) -> str:
    return "".join(dumps_line(r.to_dict()) + "\n" for r in records(ft, findings, fixes))
