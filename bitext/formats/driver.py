"""Reading a file into segments and choosing the output format: the formats' side of a translation.

This module is part of the leaf package :mod:`bitext.formats` (bytes <-> segments): it imports
nothing from the translate, check, align or view stages. The orchestrator
(:mod:`bitext.job`) translates the segments and renders the result.
"""

from __future__ import annotations

from pathlib import Path

from ..document import has_arabic, read_bytes
from ..errors import FormatError, InputError
from . import BILINGUAL_OUTPUTS, BINARY_FORMATS, detect, parse_bytes

# extensions of well-known file types bitext never writes: an output named so is refused, not filled with text
FOREIGN_EXTENSIONS = frozenset({".pdf", ".doc", ".rtf", ".odt", ".ods", ".odp", ".xls", ".xlsx", ".ppt", ".pptx",
                                ".epub", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".json", ".xml", ".parquet"})
from .base import ParsedFile

needs_translation = has_arabic  # the formats' name for it


def output_format(output: str, input_format: str, override: str | None = None) -> str:
    """The format to write: ``override``, else by the output's extension, else the input's."""
    if override:
        fmt = override
    elif output == "-":
        fmt = input_format
    else:
        fmt = detect(output, content=False)  # an existing output is replaced, not read
        suffix = Path(output).suffix.lower()
        if fmt == "txt" and suffix not in (".txt", ".text"):
            if suffix in FOREIGN_EXTENSIONS or (suffix and input_format in BINARY_FORMATS):
                raise FormatError(f"{output}: bitext does not write {suffix} files; name the output for one of "
                                  f"{', '.join(sorted({input_format, *BILINGUAL_OUTPUTS}))} (`bitext formats` lists the extensions)")
            fmt = input_format  # an unknown extension (article.en): keep the input's format
    if fmt != input_format and fmt not in BILINGUAL_OUTPUTS:
        raise FormatError(
            f"{output}: cannot write {input_format} input as {fmt}; "
            f"write {input_format}, or one of {', '.join(BILINGUAL_OUTPUTS)}"
        )
    return fmt


def read_parsed(path: str, input_format: str | None = None, **options) -> ParsedFile:
    """Read and parse ``path`` ('-' = stdin) in its format (by extension unless given)."""
    fmt = detect(path, input_format)
    data, name = read_bytes(path)
    return parse_data(data, name, fmt, **options)


def parse_data(data: bytes, name: str, fmt: str, **options) -> ParsedFile:
    """Parse file contents ``data`` (named ``name``) as ``fmt``; empty contents are an error, except for
    plain text (blank lines are its layout)."""
    if not data.strip() and fmt != "txt":  # an empty or blank text file keeps its layout: the same bytes back
        raise InputError(f"{name}: is empty; nothing to translate")
    return parse_bytes(data, name, fmt, **options)
