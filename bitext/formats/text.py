"""Plain text: one segment per line with content, layout kept.

The line structure comes from :func:`bitext.segment.segment_document`, the
same as ``bitext translate file.txt``: a line's prefix (indentation, list
marker, Markdown ``#``) and trailing whitespace stay, its content is
translated.
"""

from __future__ import annotations

from ..document import decode_bytes
from ..segment import segment_document, western_numerals
from .base import ParsedFile, Segment

NAME = "txt"
EXTENSIONS = (".txt", ".text")
DESCRIPTION = "plain text, any encoding (UTF-8/16, Windows-1256, ...)"
KEEPS = (
    "every line: blank lines, indentation, list markers (Arabic-Indic numbers become 0-9), "
    "Markdown '#' marks, trailing spaces and line endings"
)



def parse(data: bytes, name: str, **options) -> ParsedFile:
    text, encoding = decode_bytes(data, name)
    doc = segment_document(text, name=name, encoding=encoding)
    blocks = [b for b in doc.blocks if b.content_start < b.content_end]
    segments = [Segment(text[b.content_start : b.content_end], f"line {b.index + 1}", b.kind,
                        span=(b.content_start, b.content_end), block=b.index) for b in blocks]

    def write(translations: list[str]) -> bytes:
        by_block = {b.index: t for b, t in zip(blocks, translations)}
        out = []
        for b in doc.blocks:
            prefix = text[b.start : b.content_start]
            if b.index in by_block:
                out.append(western_numerals(prefix) if by_block[b.index] != text[b.content_start : b.content_end] else prefix)
                out.append(by_block[b.index])
            else:
                out.append(prefix)
            out.append(text[b.content_end : b.end] + b.newline)
        return "".join(out).encode("utf-8")

    return ParsedFile(name, NAME, segments, write, encoding=encoding)
