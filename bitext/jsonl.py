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

__all__ = ["dumps_line"]

_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps_line(obj: Any, **kwargs: Any) -> str:
    """``obj`` as one line of JSON (no newline at the end), non-ASCII text kept readable."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    if any(ch in text for ch in _LINE_BREAKS):
        for ch, esc in _LINE_BREAKS.items():
            text = text.replace(ch, esc)
    return text
