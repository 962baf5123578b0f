"""CSV and TSV: one column of every row is translated.

``parse(data, name, field="text", target_field=None)``: the first row is the
header (required); the cell under the header ``field`` (exact name, else
ignoring case and surrounding spaces) of every later row is a segment of
kind ``field`` located ``"row N"`` (N = the spreadsheet row number: the
header is row 1; a quoted cell with line breaks stays one row). Writing
puts the translation in that cell, or, with ``target_field``, in that
column (appended to the header if it is not there) and keeps the source.

The file is decoded like plain text (UTF-8 with or without BOM,
Windows-1256, ...) and written back in the same encoding (UTF-8 with BOM if
a translation does not fit in it). The delimiter is sniffed (comma,
semicolon, tab, bar; always tab for ``.tsv``). Rows that do not change keep
their exact text; a changed row is written by ``csv.writer`` with the
file's delimiter, minimal quoting and the row's own line ending. Rows whose
cell is missing or empty are kept (one warning counts them).
"""

from __future__ import annotations

import csv
import io
import re

from ..document import decode_bytes
from ..errors import FormatError
from ._rows import encode, no_field_error, skipped_warning, usable
from .base import ParsedFile, Segment

NAME = "csv"
EXTENSIONS = (".csv", ".tsv")
DESCRIPTION = "CSV/TSV with a header row: one column (--field, default 'text') translated"
KEEPS = (
    "the encoding (UTF-8, BOM, Windows-1256), delimiter and line endings; every row that is not translated "
    "keeps its exact text; a translated row is re-quoted by the csv module, with the translation in --field, "
    "or in --target-field (a new last column if missing) beside the source"
)

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_DELIMITERS = ",;\t|"


def _delimiter(name: str, lines: list[str]) -> str:
    if name.lower().endswith(".tsv"):
        return "\t"
    header = lines[0] if lines else ""
    sample = "".join(lines[:50])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _line_end(raw: str) -> str:
    return raw[len(raw.rstrip("\r\n")) :]


def parse(data: bytes, name: str, field: str = "text", target_field: str | None = None, **options) -> ParsedFile:
    text, encoding = decode_bytes(data, name)
    lines = _LINES.findall(text)
    if not text.strip():
        raise FormatError(f"{name}: no header row (the file is empty)")
    delimiter = _delimiter(name, lines)
    dialect = {"delimiter": delimiter, "quotechar": '"', "doublequote": True, "quoting": csv.QUOTE_MINIMAL}

    records: list[tuple[list[str], str]] = []  # (cells, exact text with its line ending)
    reader = csv.reader(iter(lines), **dialect)
    start = 0
    try:
        for cells in reader:
            records.append((cells, "".join(lines[start : reader.line_num])))
            start = reader.line_num
    except csv.Error as exc:
        raise FormatError(f"{name}: row {len(records) + 1} is not valid CSV ({exc})") from None
    if start < len(lines):  # nothing is lost even if the reader stopped early
        records.append(([], "".join(lines[start:])))

    header = records[0][0]
    if not any(h.strip() for h in header):
        raise FormatError(f"{name}: the first row must be a header row naming the columns; it is empty")

    def column(wanted: str) -> int | None:
        if wanted in header:
            return header.index(wanted)
        folded = [h.strip(" \t\ufeff").casefold() for h in header]
        key = wanted.strip().casefold()
        return folded.index(key) if key in folded else None

    col = column(field)
    if col is None:
        raise no_field_error(name, field, header, where="in the header row")
    tcol = column(target_field) if target_field else None

    rows: list[int] = []  # record index of each segment
    segments: list[Segment] = []
    skipped = 0
    for idx, (cells, _raw) in enumerate(records[1:], 1):
        if not cells:
            continue  # a blank line
        value = cells[col] if col < len(cells) else None
        if usable(value):
            rows.append(idx)
            segments.append(Segment(value, f"row {idx + 1}", "field"))
        else:
            skipped += 1

    def row_text(cells: list[str], end: str) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n", **dialect).writerow(cells)  # "\r\n": cells with any line break get quoted
        return buf.getvalue()[:-2] + end

    def write(translations: list[str]) -> bytes:
        out = [raw for _cells, raw in records]
        by_record = dict(zip(rows, translations))
        width = len(header)
        if target_field and tcol is None:
            out[0] = row_text(header + [target_field], _line_end(records[0][1]))
        for idx, (cells, raw) in enumerate(records[1:], 1):
            if not cells:
                continue
            translation = by_record.get(idx)
            if target_field and tcol is None:
                new = cells[:width] + [""] * (width - len(cells)) + [translation or ""] + cells[width:]
            elif translation is None:
                continue
            else:
                at = tcol if target_field and tcol is not None else col
                new = cells + [""] * (at + 1 - len(cells))
                new[at] = translation
            if new != cells:
                out[idx] = row_text(new, _line_end(raw))
        return encode("".join(out), encoding, "utf-8-sig")

    return ParsedFile(name, NAME, segments, write, encoding=encoding, warnings=skipped_warning(skipped, field))
