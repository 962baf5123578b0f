"""Translate the segments of a parsed file: segments -> sentences -> the sentence pipeline -> segments.

Every segment becomes one block of an internal :class:`~bitext.document.Document`
(line breaks inside it become spaces of the same length, so offsets inside a
segment are offsets inside its text), is split into sentences and translated by
:func:`translate_document`; the sentence translations of a segment are joined
by one space and put between the segment's own leading and trailing
whitespace. A segment with no Arabic letter (a number, a URL, an English name)
is not sent to the model: it is copied with Arabic-Indic digits and Arabic
punctuation made Western (``٥٦٠`` -> ``560``, ``٪`` -> ``%``, ``،`` -> ``,``).

A sentence the model left empty (flagged ``empty``) keeps its source text in
place: an empty output never deletes text from a document.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Block, Document, Sentence, has_arabic
from ..formats.base import ParsedFile
from ..segment import split_sentences, western_numerals
from .cache import TranslationCache
from .engine import FLAG_EMPTY, Engine, GenerationOptions
from .pipeline import Progress, TranslatedDocument, translate_document

# line breaks become spaces inside a segment (one for one, so offsets stay)
_BREAKS = str.maketrans({c: " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


def document_from_segments(parsed: ParsedFile) -> Document:
    """One block per segment (in order, joined by newlines), sentences split inside it."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    count = 0
    for i, seg in enumerate(parsed.segments):
        line = seg.text.translate(_BREAKS)
        newline = "\n" if i < len(parsed.segments) - 1 else ""
        block = Block(i, seg.kind, pos, pos + len(line), pos, pos + len(line), newline)
        if line.strip():  # a piece without Arabic gets sentences too: copied, never sent to the model
            for a, b in split_sentences(line):  # offsets within the segment; the document's are pos + them
                block.sentences.append(Sentence(count, i, pos + a, pos + b, line[a:b]))
                count += 1
        blocks.append(block)
        parts.append(line + newline)
        pos += len(line) + len(newline)
    return Document("".join(parts), blocks, name=parsed.name, encoding=parsed.encoding)


@dataclass
class FileTranslation:
    """A translated file: the parsed input, the sentence-level result, one translation per segment.

    ``result`` is over an internal document (one block per segment); :meth:`source_span` maps a
    span of it back into the decoded input.
    """

    parsed: ParsedFile
    result: TranslatedDocument
    translations: list[str]

    @property
    def locations(self) -> list[str]:
        return [s.location for s in self.parsed.segments]

    def source_span(self, block: int, start: int, end: int) -> tuple[int, int] | None:
        """``[start, end)`` of the internal document, inside segment ``block``, as offsets into the
        decoded input; ``None`` when the segment is not a verbatim slice of the input."""
        seg = self.parsed.segments[block]
        if seg.span is None:
            return None
        base = self.result.document.blocks[block].start
        return seg.span[0] + start - base, seg.span[0] + end - base

    def source_text(self, block: int, start: int, end: int) -> str:
        """The source text of an internal span: the segment's own characters (line breaks included)."""
        base = self.result.document.blocks[block].start
        return self.parsed.segments[block].text[start - base:end - base]


def translate_parsed(
    parsed: ParsedFile,
    engine: Engine,
    options: GenerationOptions | None = None,
    cache: TranslationCache | None = None,
    digits: str = "keep",
    progress: Progress | None = None,
) -> FileTranslation:
    """Translate every segment of ``parsed``; whitespace around each segment is kept."""
    doc = document_from_segments(parsed)
    result = translate_document(doc, engine, options, cache=cache, digits=digits, progress=progress)
    for st in result.sentences:
        if not " ".join(st.text.split()):  # an empty output keeps the source, flagged (also when nothing was sent)
            if FLAG_EMPTY not in st.flags:
                st.flags = [*st.flags, FLAG_EMPTY]
    return FileTranslation(parsed, result, segment_translations(parsed, result))


def segment_translations(parsed: ParsedFile, result: TranslatedDocument) -> list[str]:
    """One translation per segment from the sentence translations (again after a repair changed some):
    a segment's sentences joined by one space between its own leading and trailing whitespace; a
    sentence left empty keeps its source text; a segment without Arabic is copied with Western digits."""
    by_block: dict[int, list[str]] = {}
    for st in result.sentences:
        text = " ".join(st.text.split()) or " ".join(st.sentence.text.split())
        by_block.setdefault(st.sentence.block, []).append(text)
    translations = []
    for i, seg in enumerate(parsed.segments):
        if i not in by_block or not has_arabic(seg.text):
            # no Arabic letter: copied as it is (its sentences were not sent to the model either),
            # with numbers and punctuation made English ones
            translations.append(western_numerals(seg.text))
            continue
        body = seg.text.strip()
        lead = seg.text[: len(seg.text) - len(seg.text.lstrip())]
        trail = seg.text[len(seg.text.rstrip()) :] if body else ""
        translations.append(lead + " ".join(t for t in by_block[i] if t) + trail)
    return translations
