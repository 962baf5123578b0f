"""Splitting a text into blocks (lines) and sentences: :func:`segment_document`."""

from __future__ import annotations

import re

from ..document import Block, Document, Sentence
from .sentences import CLOSERS, TERMINATORS, split_sentences

__all__ = ["segment_document", "is_heading_line", "HEADING_MAX_WORDS", "HEADING_MAX_CHARS"]

_NEWLINE_RE = re.compile(r"\r\n|\n|\r")

_HSPACE = r"[^\S\n\r]"  # whitespace other than line breaks
# Markdown heading: "#" to "######" then whitespace.
_MD_HEADING_RE = re.compile(r"#{1,6}" + _HSPACE + "+")
# Bullets: "- ", "* ", "• ", "– ", "· " and a few more bullet glyphs.
_BULLET_RE = re.compile("[-*\u2022\u2013\u00b7\u2023\u25e6\u25aa\u25cf\u25cb\u25a0\u25ba\u27a2\u2713\u2714]" + _HSPACE + "+")
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a"
# Enumerators: "1. ", "١. ", "٢) ", "۳- ", "أ- ", "a) ", "(1) ", "(أ) ".
_ENUM_RE = re.compile(
    r"(?:(?P<num>[0-9]{1,3}|[\u0660-\u0669]{1,3}|[\u06f0-\u06f9]{1,3})[.)\-]"
    r"|(?P<letter>[A-Za-z" + _ARABIC_LETTERS + r"])(?P<lp>[.)\-])"
    r"|\((?:[0-9]{1,3}|[\u0660-\u0669]{1,3}|[\u06f0-\u06f9]{1,3}|[A-Za-z" + _ARABIC_LETTERS + r"])\))"
    + _HSPACE + "+"
)
# Single letters that, followed by ".", are titles rather than list labels.
_TITLE_LETTERS = frozenset("دم")
_INITIAL_RE = re.compile(r"\w\.(?:\s|$)")

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
_HEADING_BAD_ENDINGS = set(TERMINATORS) | set(":\u060c,\u061b;")


def _split_lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, newline)`` of every line; no empty line after a final terminator."""
    lines = []
    pos = 0
    for m in _NEWLINE_RE.finditer(text):
        lines.append((pos, m.start(), m.group()))
        pos = m.end()
    if pos < len(text):
        lines.append((pos, len(text), ""))
    return lines


def line_marker(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """``(kind, content_start)`` if a list / heading marker starts at ``pos``
    and is followed by content on the line, else ``None``."""
    m = _MD_HEADING_RE.match(text, pos, end)
    kind = "heading"
    if m is None:
        kind = "list_item"
        m = _BULLET_RE.match(text, pos, end) or _ENUM_RE.match(text, pos, end)
        if m is not None and m.re is _ENUM_RE and m.group("letter") and m.group("lp") == ".":
            # "د. أحمد", "م. علي" are titles; "J. K. Rowling", "أ. د. محمد" initials.
            if m.group("letter") in _TITLE_LETTERS or _INITIAL_RE.match(text, m.end(), end):
                m = None
    if m is None or m.end() >= end:
        return None
    return kind, m.end()


def is_heading_line(content: str) -> bool:
    """Heuristic for a heading without a Markdown marker, given the line's
    content (no indentation, no trailing whitespace).

    A line is a heading when all of these hold:

    * at most :data:`HEADING_MAX_WORDS` (10) words and
      :data:`HEADING_MAX_CHARS` (80) characters;
    * it starts with a letter, a digit or an opening quote (not ``*``, ``(``,
      ``-`` ..., which mark captions and asides) and contains a letter;
    * its last character, ignoring closing quotes and brackets, is not
      sentence-final punctuation ``. ! ? ؟ …`` nor ``:`` ``،`` ``,`` ``؛``
      ``;`` (a line ending in ``:`` introduces what follows: a byline,
      "موضوعات متعلقة:");
    * it is a single sentence.

    :func:`segment_document` adds one condition: a later line of the document
    has content (the last line is a footer or signature, and a one-line text is
    a paragraph).
    """
    if not content or len(content) > HEADING_MAX_CHARS or len(content.split()) > HEADING_MAX_WORDS:
        return False
    first = content[0]
    if not (first.isalnum() or first in "\"'\u00ab\u201c\u201e\u2018"):
        return False
    if not any(ch.isalpha() for ch in content):
        return False
    last = content.rstrip(CLOSERS)
    if not last or last[-1] in _HEADING_BAD_ENDINGS:
        return False
    return len(split_sentences(content)) == 1


def segment_document(text: str, name: str | None = None, encoding: str | None = None, lang: str = "ar") -> Document:
    """Split ``text`` into blocks (one per line) and sentences.

    Lines end at ``\\r\\n``, ``\\n`` or ``\\r``; the terminator is kept in
    :attr:`Block.newline` (``""`` for a last line without one) and there is
    no empty block after a final terminator. Within a line the prefix
    (indentation plus a list or Markdown heading marker) ends at
    ``content_start``, trailing whitespace starts at ``content_end``. A blank
    line has ``content_start == content_end == end``: all its whitespace is
    prefix. Kinds: ``blank``, ``list_item`` (bullet or enumerator marker),
    ``heading`` (Markdown ``#`` marker, or :func:`is_heading_line`),
    ``paragraph``. ``doc.rebuild() == text`` always holds.
    """
    lines = _split_lines(text)
    # Index of the last line with content, for the "not the last line" rule.
    last_content = -1
    for i, (a, b, _) in enumerate(lines):
        if not text[a:b].isspace() and a < b:
            last_content = i

    blocks: list[Block] = []
    sentence_index = 0
    for i, (start, end, newline) in enumerate(lines):
        pos = start
        while pos < end and text[pos].isspace():
            pos += 1
        if pos == end:
            blocks.append(Block(i, "blank", start, end, end, end, newline))
            continue
        content_end = end
        while text[content_end - 1].isspace():
            content_end -= 1
        kind = "paragraph"
        content_start = pos
        marker = line_marker(text, pos, content_end)
        if marker is not None:
            kind, content_start = marker
        elif i < last_content and is_heading_line(text[content_start:content_end]):
            kind = "heading"
        block = Block(i, kind, start, end, content_start, content_end, newline)
        for a, b in split_sentences(text, content_start, content_end, lang):
            block.sentences.append(Sentence(sentence_index, i, a, b, text[a:b]))
            sentence_index += 1
        blocks.append(block)
    return Document(text=text, blocks=blocks, name=name, encoding=encoding)
