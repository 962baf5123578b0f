"""One JSON Lines record per line, whatever the text holds.

``json.dumps(..., ensure_ascii=False)`` keeps U+0085, U+2028 and U+2029 as they
are; JSON allows them inside strings, but ``str.splitlines()`` and many JSONL
readers break a line there, so a record holding one would read back as two
broken lines.  Every JSONL writer of bitext goes through :func:`dumps_line`,
which escapes them (a JSON parser reads ``\\u2028`` back as the same character).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps_line", "read_records"]

_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps_line(obj: Any, **kwargs: Any) -> str:
    """``obj`` as one line of JSON (no newline at the end), non-ASCII text kept readable."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    if any(ch in text for ch in _LINE_BREAKS):
        for ch, esc in _LINE_BREAKS.items():
            text = text.replace(ch, esc)
    return text


TRANSLATE_RECORD = "not a bitext translate record (JSON with 'source' and 'translation')"


def read_records(path, required: tuple[str, ...] = ("source", "translation"), what: str = TRANSLATE_RECORD,
                 hint: str = "") -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file (``-``: standard input), blank lines skipped.

    Records end at ``\\n`` only (a record may hold U+2028 written by an older writer). Each must be
    an object with the ``required`` keys; the string values of those keys get lone surrogates (JSON
    escapes no UTF-8 file can hold) replaced by U+FFFD.  A line that is not one gives a one-line
    :class:`~bitext.errors.FormatError` naming the file and line: ``{path}:{n}: {what}{hint}``."""
    from .document import read_text, replace_surrogates
    from .errors import FormatError

    text, _ = read_text(path)
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or any(k not in rec for k in required):
                raise TypeError
        except (json.JSONDecodeError, TypeError, RecursionError):
            raise FormatError(f"{path}:{n}: {what}{hint}") from None
        for k in required:
            if isinstance(rec[k], str):
                rec[k] = replace_surrogates(rec[k])[0]
        out.append(rec)
    return out
