"""The contract between document formats and the translation pipeline.

A format module turns a file's bytes into a :class:`ParsedFile`: an ordered
list of :class:`Segment` (the pieces of text a reader reads, each with its
location in the file) plus whatever the module needs to write the file back.
The translation driver (:mod:`bitext.formats.driver`) translates segment
texts sentence by sentence and hands one string per segment back to
:meth:`ParsedFile.write`, which returns the translated file's bytes with
every byte that is not segment text kept as it was.

Rules every format follows:

* ``parsed.write([s.text for s in parsed.segments])`` (the identity
  translation) gives back the input: byte-equal for text formats, the same
  document model for docx.
* A segment is never empty or whitespace only (skip those; they stay as they
  are). Leading and trailing whitespace may be part of ``text``: the driver
  keeps it around the translation. Line breaks inside ``text`` are allowed
  (an SRT cue's two lines); the model sees them as spaces.
* Inline markup is never sent to the model. Each format states its rule in
  ``KEEPS``: either the text on each side of an inline element and inside
  it are separate segments in reading order, sharing the paragraph's
  location prefix (markup stays on the right words, at some cost in
  fluency: Markdown, HTML, XLIFF inline codes), or the paragraph is one
  segment and its translation takes the paragraph's dominant style (DOCX).
* Errors in the input raise :class:`bitext.errors.FormatError` with one
  line naming the file and the problem (``name: ...``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol


# What a segment is, whatever the format. Inline elements (emphasis, links) are not kinds: a piece
# inside them has the kind of the block around it.
SEGMENT_KINDS = ("paragraph", "heading", "list_item", "cell", "caption", "title", "quote", "attribute", "field",
                 "header", "footer", "footnote", "endnote", "comment", "note", "cue", "unit")
_KIND_ALIASES = {"term": "list_item", "definition": "list_item"}  # HTML <dt>, <dd>


@dataclass
class Segment:
    """One translatable piece of a document.

    ``span``: ``[start, end)`` offsets (code points) into the decoded input such that
    ``input[start:end] == text``, when the piece is a verbatim slice of the input; ``None`` when it
    is not (entities or escapes decoded, cue lines joined, a .docx run). ``block``: the piece's
    block number when the format has one (the line of a .txt file), else ``None``.
    """

    text: str
    location: str  # where it is: "p 12", "cue 3-4", "/html/body/p[2]", "unit u7", "row 5"
    kind: str = "paragraph"  # one of SEGMENT_KINDS
    span: tuple[int, int] | None = None
    block: int | None = None

    def __post_init__(self) -> None:
        self.kind = _KIND_ALIASES.get(self.kind, self.kind)
        if self.kind not in SEGMENT_KINDS:
            raise ValueError(f"segment kind {self.kind!r} is not one of {', '.join(SEGMENT_KINDS)}")


def verbatim_span(text: str, start: int, end: int, body: str) -> tuple[int, int] | None:
    """``(start, end)`` when ``body`` is exactly ``text[start:end]``, else ``None``."""
    return (start, end) if text[start:end] == body else None


@dataclass
class ParsedFile:
    """A parsed document: its segments and a writer for translated segments."""

    name: str
    format: str  # a key of FORMATS
    segments: list[Segment]
    writer: Callable[[list[str]], bytes]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)  # best-effort repairs, one line each

    def write(self, translations: list[str]) -> bytes:
        if len(translations) != len(self.segments):
            raise ValueError(f"{len(translations)} translations for {len(self.segments)} segments")
        return self.writer(translations)


class Format(Protocol):
    """What a format module provides (module-level names)."""

    NAME: str  # "markdown"
    EXTENSIONS: tuple[str, ...]  # (".md", ".markdown")
    DESCRIPTION: str  # one line for `bitext formats`
    KEEPS: str  # what is kept and how inline markup is handled, a few lines for `bitext formats`

    def parse(self, data: bytes, name: str, **options) -> ParsedFile:
        """Options a format does not use are ignored (e.g. ``field`` for jsonl/csv)."""
