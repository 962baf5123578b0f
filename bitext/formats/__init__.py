"""Document formats: read a file into segments with locations, write the translation back.

One module per format (see :mod:`bitext.formats.base` for the contract);
:func:`detect` picks one by extension or by name, :func:`parse_file` reads
a file with it, and :mod:`bitext.formats.driver` translates it.
"""

from __future__ import annotations

import importlib
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
    "srt": ("srt", (".srt",)),
    "xliff": ("xliff", (".xliff", ".xlf", ".sdlxliff")),
    "tmx": ("tmx", (".tmx",)),
    "jsonl": ("jsonl_rows", (".jsonl", ".ndjson")),
    "csv": ("csv_rows", (".csv", ".tsv")),
}

# formats whose files are not text (never written to a terminal)
BINARY_FORMATS = ("docx",)

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


def detect(path: str, override: str | None = None) -> str:
    """Format name for ``path``: ``override`` if given, else by extension, else ``txt``."""
    if override:
        load_format(override)
        return override
    suffixes = [s.lower() for s in Path(path).suffixes]
    table = extension_map()
    for i in range(len(suffixes)):  # longest match first: ".ar.xliff" -> ".xliff"
        ext = "".join(suffixes[i:])
        if ext in table:
            return table[ext]
    return "txt"


def parse_bytes(data: bytes, name: str, fmt: str, **options) -> ParsedFile:
    """Parse ``data`` (the contents of file ``name``) as format ``fmt``."""
    module = load_format(fmt)
    return module.parse(data, name, **options)


__all__ = ["BILINGUAL_OUTPUTS", "BINARY_FORMATS", "FORMATS", "Format", "ParsedFile", "Segment", "detect", "extension_map", "load_format", "parse_bytes"]
