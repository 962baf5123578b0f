"""WebVTT subtitles (.vtt): the header, cue identifiers, timings and cue settings kept, cue texts translated.

Read line by line keeping every offset, like :mod:`bitext.formats.srt`, and
written by splicing the new cue texts into the original text, so the
``WEBVTT`` header, ``NOTE``/``STYLE``/``REGION`` blocks, identifiers, timing
lines with their settings (``align:start position:10%``), blank lines and
line endings stay byte for byte. Cues are grouped, spread and wrapped as SRT
cues are (:func:`bitext.formats.srt.subtitle_file`). Cue text tags
(``<v Speaker>``, ``<c.class>``, ``<i>``, timestamps) are not sent to the
model; character references (``&amp;``) are read as the characters they
stand for and the translation is escaped again.

pysubs2 reads and writes WebVTT too, but it rewrites every timestamp and
drops identifiers, cue settings and NOTE/STYLE blocks, so it cannot keep the
file byte for byte; the tests use it as the independent reader of the output.
"""

from __future__ import annotations

import html
import re

from ..errors import FormatError
from .base import ParsedFile
from .srt import MAX_LINE, _TAG, _Cue, decode_subtitles, subtitle_file, subtitle_lines

NAME = "vtt"
EXTENSIONS = (".vtt",)
DESCRIPTION = "WebVTT subtitles (.vtt); header, identifiers, timings and cue settings kept"
KEEPS = (
    "the WEBVTT header, NOTE, STYLE and REGION blocks, cue identifiers, timing lines with their settings, "
    "blank lines, line endings and a BOM, byte for byte. Cues are joined into sentences, spread and wrapped "
    f"at {MAX_LINE} characters a line as for SRT (the no-bidi punctuation convention too); cue tags "
    "(<v>, <c>, <i>, <b>, timestamps) are not sent to the model: those opening and closing a cue stay around "
    "its translation. &amp; &lt; &gt; are read as characters and escaped again in the translation"
)

_TS = r"(?:\d{1,}:)?\d{1,2}:\d{2}\.\d{3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s+-->\s+(?P<end>{_TS})(?P<rest>(?:\s.*)?)$")
_BLOCK_KEYWORD = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def _ms(value: str) -> int:
    parts = value.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"minutes and seconds go up to 59 in {value}")
    return round(((hours * 60 + minutes) * 60 + seconds) * 1000)


def _clean(line: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", line)).split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _read_cues(text: str, name: str, warnings: list[str]) -> tuple[list[_Cue], list[str]]:
    from datetime import timedelta

    lines = subtitle_lines(text)
    if not lines or not re.match(r"^WEBVTT(?:[ \t]|$)", lines[0][1]):
        raise FormatError(f"{name}: does not start with 'WEBVTT'; is this a .vtt file? (--input-format chooses another)")
    i, n = 1, len(lines)
    while i < n and lines[i][1].strip():  # header lines up to the first blank line
        i += 1
    cues: list[_Cue] = []
    ids: list[str] = []
    while i < n:
        if not lines[i][1].strip():
            i += 1
            continue
        first = i
        block = []
        while i < n and lines[i][1].strip():
            block.append(lines[i])
            i += 1
        if _BLOCK_KEYWORD.match(block[0][1]):
            continue  # NOTE, STYLE, REGION: kept as they are
        timing_at = 0 if "-->" in block[0][1] else 1
        if timing_at >= len(block) or "-->" not in block[timing_at][1]:
            warnings.append(f"{name}: line {first + 1}: a block without a timing line; kept as it is")
            continue
        m = _TIMING.match(block[timing_at][1])
        where = f"{name}: line {first + timing_at + 1}"
        if m is None:
            raise FormatError(f"{where}: bad timing line {block[timing_at][1].strip()[:40]!r}; "
                              "expected '00:01.000 --> 00:04.000' (hours optional)")
        try:
            start, end = _ms(m.group("start")), _ms(m.group("end"))
        except ValueError as exc:
            raise FormatError(f"{where}: bad timestamp ({exc})") from None
        body = block[timing_at + 1:]
        if body:
            t_start, t_end = body[0][0], body[-1][0] + len(body[-1][1])
            newline = body[0][2] or block[timing_at][2] or "\n"
        else:
            t_start = t_end = block[timing_at][0] + len(block[timing_at][1])
            newline = block[timing_at][2] or "\n"
        ident = block[0][1].strip() if timing_at == 1 else ""
        ids.append(ident)
        cues.append(_Cue(ident, first + 1, timedelta(milliseconds=start), timedelta(milliseconds=end),
                         t_start, t_end, [b[1] for b in body], newline, clean=_clean))
    return cues, ids


def parse(data: bytes, name: str, **options) -> ParsedFile:
    text, encoding = decode_subtitles(data, name)
    warnings: list[str] = []
    cues, ids = _read_cues(text, name, warnings)
    unique = all(ids) and len(set(ids)) == len(ids)
    labels = ids if unique else [str(k + 1) for k in range(len(cues))]
    return subtitle_file(data, name, NAME, text, encoding, cues, warnings, escape=_escape, labels=labels)
