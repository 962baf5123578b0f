"""Document formats: read a file into segments with locations, write the translation back.

One module per format (see :mod:`bitext.formats.base` for the contract);
:func:`detect` picks one by extension or by name, :func:`parse_file` reads
a file with it, and :mod:`bitext.formats.driver` translates it. A file
whose extension is not known is recognised by its contents (:func:`sniff`).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from ..errors import FormatError
from .base import Format, ParsedFile, Segment

# name -> (module under bitext.formats, file extensions); each module repeats
# its extensions as EXTENSIONS (a test keeps the two in step)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "txt": ("text", (".txt", ".text")),
    "markdown": ("markdown", (".md", ".markdown", ".mdown", ".mkd")),
    "html": ("html", (".html", ".htm", ".xhtml")),
    "docx": ("docx", (".docx",)),
    "pptx": ("pptx", (".pptx",)),
    "srt": ("srt", (".srt",)),
    "vtt": ("vtt", (".vtt",)),
    "ass": ("ass", (".ass", ".ssa")),
    "xliff": ("xliff", (".xliff", ".xlf", ".sdlxliff")),
    "tmx": ("tmx", (".tmx",)),
    "jsonl": ("jsonl_rows", (".jsonl", ".ndjson")),
    "csv": ("csv_rows", (".csv", ".tsv")),
}

# formats whose files are not text (never written to a terminal)
BINARY_FORMATS = ("docx", "pptx")

# output-only renderings of a translation that any input format can produce
BILINGUAL_OUTPUTS = ("jsonl", "xliff", "tmx", "txt")


def load_format(name: str) -> Format:
    """The module that implements format ``name``."""
    if name not in FORMATS:
        raise FormatError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{FORMATS[name][0]}")  # type: ignore[return-value]


def extension_map() -> dict[str, str]:
    """Lower-case file extension -> format name."""
    return {ext: name for name, (_, exts) in FORMATS.items() for ext in exts}


def detect(path: str, override: str | None = None, content: bool = True) -> str:
    """Format name for ``path``: ``override`` if given, else by extension, else (for an existing file with
    an extension bitext does not know, when ``content``) by its contents (:func:`sniff`), else ``txt``."""
    if override:
        load_format(override)
        return override
    suffixes = [s.lower() for s in Path(path).suffixes]
    table = extension_map()
    for i in range(len(suffixes)):  # longest match first: ".ar.xliff" -> ".xliff"
        ext = "".join(suffixes[i:])
        if ext in table:
            return table[ext]
    if content and path != "-":
        p = Path(path)
        if p.is_file():
            try:
                with p.open("rb") as fh:
                    head = fh.read(SNIFF_BYTES)
            except OSError:
                return "txt"  # reading it fails later, with the reader's message
            return sniff(head, str(path))
    return "txt"


SNIFF_BYTES = 64 * 1024
_XML_ROOT = re.compile(rb"<(?!\?|!)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_ROOTS = {b"xliff": "xliff", b"tmx": "tmx", b"html": "html"}


def sniff(head: bytes, name: str) -> str:
    """The format of a file with an unknown extension from its first bytes ``head``.

    XML with root ``<xliff>`` (SDL ``.sdlxliff``, ``.xml`` exports) -> xliff, ``<tmx>`` -> tmx, ``<html>`` or an
    HTML doctype -> html; ``WEBVTT`` on the first line -> vtt; ``[Script Info]`` -> ass; a cue number then an
    SRT timing line -> srt; an Office zip package -> docx or pptx; other text -> txt. Anything else (other XML,
    other binary files) raises :class:`FormatError` naming ``--input-format``.
    """
    hint = "give --input-format (`bitext formats` lists them) if it is one bitext reads"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "docx"
        if b"ppt/" in head:
            return "pptx"
        raise FormatError(f"{name}: a zip file that is not a Word or PowerPoint document; {hint}")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(enc, errors="ignore")
            break
    else:
        if head.count(b"\x00") > len(head) // 4 and len(head) >= 2:
            even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
            text = head.decode("utf-16-be" if even > odd else "utf-16-le", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
    stripped = text.lstrip("\ufeff \t\r\n")
    first_line = stripped.split("\n", 1)[0].strip()
    if first_line.startswith("WEBVTT"):
        return "vtt"
    if first_line.lower() == "[script info]":
        return "ass"
    lowered = stripped[:2048].lower()
    if lowered.startswith("<!doctype html") or re.match(r"<html[\s>]", lowered):
        return "html"
    if stripped.startswith("<"):
        body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", stripped, flags=re.S).lstrip()
        m = _XML_ROOT.match(body.encode("utf-8"))
        if m and m.group(1).lower() in _ROOTS:
            return _ROOTS[m.group(1).lower()]
        if m:
            root = m.group(1).decode()
            raise FormatError(f"{name}: XML with root <{root}>, which is not a format bitext reads (XLIFF, TMX, "
                              f"HTML); give --input-format txt to translate it line by line")
    if re.match(r"\d+\s*\r?\n\s*\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", stripped):
        return "srt"
    from ..document import decode_bytes
    from ..errors import InputError

    sample = head if len(head) < SNIFF_BYTES else head[: head.rfind(b"\n") + 1] or head  # no character cut in two
    try:
        decode_bytes(sample, name)
    except InputError:
        raise FormatError(f"{name}: is not text and its extension is not one bitext knows; {hint}") from None
    return "txt"


def parse_bytes(data: bytes, name: str, fmt: str, **options) -> ParsedFile:
    """Parse ``data`` (the contents of file ``name``) as format ``fmt``."""
    module = load_format(fmt)
    return module.parse(data, name, **options)


__all__ = ["BILINGUAL_OUTPUTS", "BINARY_FORMATS", "FORMATS", "Format", "ParsedFile", "Segment", "detect", "extension_map", "sniff", "load_format", "parse_bytes"]
