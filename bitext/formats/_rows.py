"""What the row formats (JSONL, CSV/TSV) share: the field rule, its messages, the output encoding."""

from __future__ import annotations

from ..errors import FormatError


def usable(value: object) -> bool:
    """A field value that is translated: a string with something other than whitespace."""
    return isinstance(value, str) and bool(value.strip())


def no_field_error(name: str, field: str, fields: list[str], where: str = "in any row") -> FormatError:
    shown = ", ".join(fields[:12]) + (", ..." if len(fields) > 12 else "") if fields else "none"
    return FormatError(f"{name}: no field {field!r} {where}; fields: {shown} — use --field")


def skipped_warning(count: int, field: str) -> list[str]:
    if not count:
        return []
    rows = "row" if count == 1 else "rows"
    return [f"{count} {rows} without text in field {field!r} (missing, not a string, or empty) kept unchanged"]


def encode(text: str, encoding: str, fallback: str) -> bytes:
    """``text`` in the input's encoding; ``fallback`` when a translated character does not fit in it."""
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode(fallback)
