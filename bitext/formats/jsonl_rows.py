"""JSON Lines: one JSON object per line; one field of every object is translated.

``parse(data, name, field="text", target_field=None)``: the string value of
``field`` in every line's object is a segment of kind ``field`` located
``"row N"`` (N = the 1-based line number). Writing puts the translation in
place of the value, or, with ``target_field``, in that field (added at the
end of the object, or replaced where it already is) and keeps the source.

Lines that are blank, not objects, or whose field is missing, not a string
or empty are kept byte for byte (one warning counts them); so is every line
whose value does not change. A changed line is ``json.dumps(ensure_ascii=False)``
of the object with its key order, compact separators if the line had them,
and the line's own surrounding whitespace and line ending.
"""

from __future__ import annotations

import json

from ..document import decode_bytes, replace_surrogates
from ..errors import FormatError
from ..jsonl import dumps_line
from ._rows import encode, no_field_error, skipped_warning, usable
from .base import ParsedFile, Segment

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")
DESCRIPTION = "JSON Lines: one field (--field, default 'text') of every record translated"
KEEPS = (
    "every line that is not translated, byte for byte (blank lines, other fields, records without the field); "
    "a translated record keeps its key order and gets the translation in --field, or in --target-field "
    "beside the source"
)


def _dump(obj: dict, compact: bool) -> str:
    return dumps_line(obj, separators=(",", ":") if compact else (", ", ": "))


def parse(data: bytes, name: str, field: str = "text", target_field: str | None = None, **options) -> ParsedFile:
    text, encoding = decode_bytes(data, name)
    lines = text.split("\n")  # only "\n" ends a record: U+2028 and friends may sit inside strings
    rows: list[tuple[int, dict]] = []  # (line index, object) of the rows with a segment
    segments: list[Segment] = []
    fields: dict[str, None] = {}
    records = skipped = surrogates = 0
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise FormatError(f"{name}: line {i + 1} is not valid JSON ({exc.msg}, column {exc.colno})") from None
        except RecursionError:
            raise FormatError(f"{name}: line {i + 1}: JSON nested too deeply") from None
        records += 1
        if isinstance(obj, dict):
            fields.update(dict.fromkeys(obj))
        if isinstance(obj, dict) and usable(obj.get(field)):
            rows.append((i, obj))
            text, bad = replace_surrogates(obj[field])  # a JSON escape like \ud800 that no model or UTF-8 file takes
            surrogates += bad
            segments.append(Segment(text, f"row {i + 1}", "field"))
        else:
            skipped += 1
    if not records:
        raise FormatError(f"{name}: no JSON records (every line is blank)")
    if field not in fields:
        raise no_field_error(name, field, list(fields))

    def write(translations: list[str]) -> bytes:
        out = list(lines)
        for (i, obj), translation in zip(rows, translations):
            key = target_field or field
            if key in obj and obj[key] == translation:
                continue
            raw = lines[i]
            body = raw.strip()
            compact = _dump(obj, True) == body or json.dumps(obj, separators=(",", ":")) == body
            new = dict(obj)
            new[key] = translation
            lead = raw[: len(raw) - len(raw.lstrip())]
            out[i] = lead + _dump(new, compact) + raw[len(raw.rstrip()) :]
        return encode("\n".join(out), encoding, "utf-8")

    warnings = skipped_warning(skipped, field)
    if surrogates:
        warnings.append(f"{surrogates} lone surrogate escape(s) (such as \\ud800) replaced by U+FFFD in the text sent to the model")
    return ParsedFile(name, NAME, segments, write, encoding=encoding, warnings=warnings)
