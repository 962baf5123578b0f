"""Advanced SubStation Alpha / SubStation Alpha subtitles (.ass, .ssa): only the Text of Dialogue events changes.

The file is read line by line; in the ``[Events]`` section the ``Format:``
line names the fields, and the Text field (always the last) of every
``Dialogue:`` line is a cue, its lines split at ``\\N``/``\\n``. The writer
splices the translated texts into the original text: ``[Script Info]``,
styles, fonts, graphics, ``Comment:`` events, every other field of every
event (layer, times, style, actor, margins, effect) and line endings stay
byte for byte. Override blocks (``{\\an8}``, ``{\\i1}``) are not sent to the
model: those opening and closing a cue stay around its translation, those
inside it are dropped; ``\\h`` is read as a space. Cues join into sentences
as SRT cues do, but only with cues of the same style and actor.

pysubs2 reads and writes this format, but it re-serialises the whole file
(times, numbers, section order), so it cannot keep it byte for byte; the
tests use it as the independent reader of the output.
"""

from __future__ import annotations

import re
from datetime import timedelta

from ..errors import FormatError
from .base import ParsedFile
from .srt import MAX_LINE, _LINE, _Cue, decode_subtitles, subtitle_file

NAME = "ass"
EXTENSIONS = (".ass", ".ssa")
DESCRIPTION = "SubStation Alpha subtitles (.ass, .ssa); styles, times and every event field kept"
KEEPS = (
    "everything but the Text field of Dialogue events, byte for byte: [Script Info], styles, fonts, "
    "Comment events, layer, times, style, actor, margins and effect. Cues join into sentences as for SRT "
    "(same style and actor only) and are wrapped with \\N at "
    f"{MAX_LINE} characters a line; override blocks ({{\\an8}}, {{\\i1}}) are not sent to the model: those "
    "opening and closing a cue stay around its translation, those inside it are dropped"
)

_BLOCK = re.compile(r"\{[^{}]*\}")
_BREAK = re.compile(r"\\[Nn]")
_LEAD = re.compile(r"^(?:\s*\{[^{}]*\})+")
_TRAIL = re.compile(r"(?:\{[^{}]*\}\s*)+$")
_TIME = re.compile(r"^\s*(\d+):(\d{1,2}):(\d{1,2})(?:[.:](\d{1,3}))?\s*$")
_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")


def _time(value: str) -> timedelta:
    m = _TIME.match(value)
    if m is None:
        raise ValueError(f"bad time {value.strip()!r}; expected H:MM:SS.cc")
    h, mnt, s, frac = m.groups()
    return timedelta(hours=int(h), minutes=int(mnt), seconds=int(s), milliseconds=int((frac or "0").ljust(3, "0")[:3]))


def _clean(line: str) -> str:
    return " ".join(_BLOCK.sub("", line).replace("\\h", " ").split())


def _escape(text: str) -> str:
    # braces open override blocks and a backslash starts \N: neither may come from the translation
    return text.replace("{", "(").replace("}", ")").replace("\\", "/")


def _read_cues(text: str, name: str, warnings: list[str]) -> list[_Cue]:
    section = ""
    fields: list[str] | None = None
    cues: list[_Cue] = []
    seen_info = False
    for number, m in enumerate(_LINE.finditer(text), 1):
        if m.start() == len(text) and not m.group():
            break
        raw = m.group()
        content = raw.rstrip("\r\n").lstrip("\ufeff") if number == 1 else raw.rstrip("\r\n")
        offset = m.start() + (len(raw.rstrip("\r\n")) - len(content))
        head = _SECTION.match(content)
        if head:
            section = head.group("name").strip().lower()
            seen_info = seen_info or section == "script info"
            continue
        if section != "events":
            continue
        key, sep, value = content.partition(":")
        if not sep:
            continue
        key = key.strip().lower()
        if key == "format":
            fields = [f.strip().lower() for f in value.split(",")]
            if not fields or fields[-1] != "text":
                raise FormatError(f"{name}: line {number}: the [Events] Format line must end with Text")
            continue
        if key != "dialogue":
            continue
        if fields is None:
            raise FormatError(f"{name}: line {number}: a Dialogue line before the [Events] Format line")
        start_of_value = offset + len(content) - len(value)
        parts = value.split(",", len(fields) - 1)
        if len(parts) < len(fields):
            raise FormatError(f"{name}: line {number}: a Dialogue line with {len(parts)} of {len(fields)} fields")
        record = dict(zip(fields, parts))
        try:
            start, end = _time(record.get("start", "")), _time(record.get("end", ""))
        except ValueError as exc:
            raise FormatError(f"{name}: line {number}: {exc}") from None
        text_start = start_of_value + len(",".join(parts[:-1])) + 1
        raw_text = parts[-1]
        style = record.get("style", "").strip()
        actor = record.get("name", record.get("actor", "")).strip()
        cues.append(_Cue(str(len(cues) + 1), number, start, end, text_start, text_start + len(raw_text),
                         _BREAK.split(raw_text), "\\N", clean=_clean, key=f"{style}\x00{actor}"))
    if not seen_info:
        raise FormatError(f"{name}: no [Script Info] section; is this an .ass/.ssa file? (--input-format chooses another)")
    return cues


def parse(data: bytes, name: str, **options) -> ParsedFile:
    text, encoding = decode_subtitles(data, name)
    warnings: list[str] = []
    cues = _read_cues(text, name, warnings)
    return subtitle_file(data, name, NAME, text, encoding, cues, warnings, escape=_escape,
                         lead_tags=_LEAD, trail_tags=_TRAIL)
