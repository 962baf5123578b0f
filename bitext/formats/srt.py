"""SubRip subtitles (.srt): cue numbers and timings kept, a sentence that spans cues is one segment.

The file is decoded with :func:`bitext.document.decode_bytes` (UTF-8/16
with or without a BOM, Windows-1256, ...) and read block by block keeping
every offset; the writer splices new cue texts into the original text, so
cue numbers, timing lines, blank lines and line endings stay as they were.

A cue whose text does not end a sentence (no final ``. ! ? ؟ …``, closing
quotes and brackets aside) and that is followed closely (at most
:data:`JOIN_GAP_MS` later) by a cue that is not a new dialogue turn is
joined with it into one segment (location ``cue 3-4``), up to
:data:`MAX_JOIN` cues; the translation is spread over those cues in
proportion to the source cues' lengths, cut at word boundaries, and each
cue is wrapped at :data:`MAX_LINE` characters a line; a cue never ends up
empty (a cue left without words by a short translation shows the words of
the cue before it).

Arabic subtitles written for players without bidi support put a line's
sentence punctuation at its start (``.لقد ذهب``, ``؟ماذا``): when at least
:data:`FLIPPED_SHARE` of a file's Arabic lines start that way (and more of
them start than end with it), the punctuation is read at the end of its line
(so sentences are found and cues are not glued together), and the English,
which has its punctuation at the end, is written as it is.

The cue machinery here (grouping, spreading a translation over cues,
wrapping, the writer) is shared with WebVTT and ASS/SSA
(:mod:`bitext.formats.vtt`, :mod:`bitext.formats.ass`) through
:func:`subtitle_file`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import srt as srt_lib  # the srt package (absolute import, not this module)

from ..document import decode_bytes
from ..errors import FormatError, InputError
from .base import ParsedFile, Segment

NAME = "srt"
EXTENSIONS = (".srt",)
DESCRIPTION = "SubRip subtitles (.srt), any encoding; cue numbers and timings kept"
MAX_LINE = 42
MAX_LINES = 2
JOIN_GAP_MS = 1000
MAX_JOIN = 4
MAX_JOIN_CHARS = 300
FLIPPED_SHARE = 0.25
KEEPS = (
    "cue numbers, timing lines (positions included), blank lines, line endings, a BOM; a cue whose "
    "translation equals its text keeps its text and line breaks byte for byte. A sentence running "
    f"over cues (no final . ! ? ؟ … and the next cue at most {JOIN_GAP_MS} ms later, up to {MAX_JOIN} "
    "cues) is one segment 'cue 3-4' whose translation is split over those cues in proportion to their "
    "lengths at word boundaries (never leaving a cue empty); Arabic files that put sentence punctuation at "
    "the start of a line (for players without bidi) are recognised and segmented with it at the end; each translated cue is wrapped at {MAX_LINE} characters a line, "
    f"{MAX_LINES} lines when the text fits, more rather than losing words; two-speaker '- ' cues keep "
    "one speaker a line. Tags (<i>, <b>, <font>, {\\an8}) are not sent to the model: those opening "
    "and closing a cue stay around its translation, those inside a line are dropped. Output is "
    "UTF-8 (or the input's UTF-16/32) with the input's BOM"
)

_TIMING = re.compile(
    r"^\s*(?P<start>\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3})\s*-->\s*(?P<end>\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3})(?P<rest>.*)$"
)
_ARROW = re.compile(r"-->|->")
_INDEX = re.compile(r"^\s*\d+\s*$")
_TAG = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
_LEAD_TAGS = re.compile(r"^(?:\s*(?:<[^/<>\n][^<>\n]*>|\{\\[^{}\n]*\}))+")
_TRAIL_TAGS = re.compile(r"(?:</[^<>\n]*>\s*)+$")
_FINAL = re.compile(r"[.!?؟…。][\"'»”’)\]\u200f\u200e]*$")
_DIALOGUE = re.compile(r"^\s*[-–—]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
# sentence punctuation a line may start with under the no-bidi convention (an ellipsis alone also opens
# ordinary continuation lines, so it does not count towards recognising the convention)
_FLIP_LEAD = re.compile(r"^(?P<dash>[-–—]\s*)?(?P<punct>[.!?؟…,،:;]+)(?P<space>\s*)(?P<body>.*\S)\s*$")
_FLIP_TRAIL = re.compile(r"[.!?؟…,،:;]\s*$")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _srt_clean(line: str) -> str:
    return " ".join(_TAG.sub("", line).split())


def _unflip(line: str) -> str:
    """A line of the no-bidi convention with its leading sentence punctuation moved to its end."""
    m = _FLIP_LEAD.match(line)
    if m is None or not _ARABIC.search(m.group("body")):
        return line
    return f"{m.group('dash') or ''}{m.group('body')}{m.group('punct')}"


def flipped_convention(lines: list[str]) -> bool:
    """True when a file's Arabic lines put sentence punctuation at their start (``.لقد ذهب``) often enough."""
    arabic = [x.strip() for x in lines if _ARABIC.search(x)]
    if not arabic:
        return False
    starts = 0
    for x in arabic:
        m = _FLIP_LEAD.match(x)
        if m and m.group("punct") not in ("...", "…", "..") and _ARABIC.search(m.group("body")):
            starts += 1
    ends = sum(1 for x in arabic if _FLIP_TRAIL.search(x))
    return starts >= 2 and starts >= FLIPPED_SHARE * len(arabic) and starts > ends


@dataclass
class _Cue:
    number: str  # the index line as written ("" when missing)
    line: int  # 1-based line number of the cue's first line
    start: timedelta
    end: timedelta
    text_start: int  # offsets of the text lines in the decoded text (first char .. end of last line)
    text_end: int
    raw_lines: list[str]  # text lines without line endings
    newline: str  # what joins the cue's lines when it is written
    clean: Callable[[str], str] = _srt_clean  # raw line -> what a viewer reads (tags removed, one-spaced)
    key: str = ""  # cues join into one segment only with cues of the same key (ASS style and speaker)
    flipped: bool = False  # the file follows the no-bidi punctuation convention

    @property
    def visible_lines(self) -> list[str]:
        out = []
        for line in self.raw_lines:
            clean = self.clean(line)
            if clean:
                out.append(_unflip(clean) if self.flipped else clean)
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.visible_lines)

    @property
    def dialogue(self) -> bool:
        lines = self.visible_lines
        return len(lines) >= 2 and all(_DIALOGUE.match(x) for x in lines)


def _timestamp(value: str) -> timedelta:
    hms, _, frac = value.replace(".", ",").partition(",")
    if any(int(x) >= 60 for x in hms.split(":")[1:]):
        raise ValueError(f"minutes and seconds go up to 59 in {value}")
    return srt_lib.srt_timestamp_to_timedelta(f"{hms},{frac.ljust(3, '0')[:3]}")


def _short(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 40 else line[:37] + "...")


def decode_subtitles(data: bytes, name: str) -> tuple[str, str]:
    """The text of a subtitle file and its encoding; undecodable bytes are a FormatError."""
    try:
        return decode_bytes(data, name)
    except InputError as exc:
        raise FormatError(str(exc)) from None


def subtitle_lines(text: str) -> list[tuple[int, str, str]]:
    """``(offset, content, line ending)`` of every line, a leading BOM left out of the first."""
    lines: list[tuple[int, str, str]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and not m.group():
            break
        raw = m.group()
        content = raw.rstrip("\r\n")
        lines.append((m.start(), content, raw[len(content):]))
    if lines and lines[0][1].startswith("\ufeff"):
        off, content, nl = lines[0]
        lines[0] = (off + 1, content[1:], nl)
    return lines


def _read_cues(text: str, name: str, warnings: list[str]) -> list[_Cue]:
    lines = subtitle_lines(text)  # (offset, content, line ending)

    cues: list[_Cue] = []
    i = 0
    n = len(lines)
    while i < n:
        if not lines[i][1].strip():
            i += 1
            continue
        first = i
        block = []
        while i < n and lines[i][1].strip():
            if (len(block) >= 2 and _INDEX.match(lines[i][1]) and i + 1 < n and _TIMING.match(lines[i + 1][1])
                    and (_TIMING.match(block[1][1]) or _TIMING.match(block[0][1]))):
                warnings.append(f"{name}: line {i + 1}: no blank line before cue {lines[i][1].strip()}; read as a new cue")
                break  # a cue number and a timing line: the next cue starts here
            block.append(lines[i])
            i += 1
        where = f"{name}: line {first + 1}"
        head = block[0][1]
        if _INDEX.match(head):
            number = head.strip()
            timing_at = 1
        elif _TIMING.match(head):
            number = ""
            timing_at = 0
            warnings.append(f"{where}: cue without a number; kept as it is")
        elif len(block) > 1 and _TIMING.match(block[1][1]):
            raise FormatError(f"{where}: cue number {_short(head)} is not a number")
        elif _ARROW.search(head):
            raise FormatError(f"{where}: bad timing line {_short(head)}; expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'")
        else:
            after = f" after cue {cues[-1].number or len(cues)}" if cues else ""
            raise FormatError(f"{where}: expected a cue number and a timing line{after}, found {_short(head)}; is this an .srt file?")
        if timing_at >= len(block):
            raise FormatError(f"{where}: cue {number} has no timing line")
        t_line = block[timing_at][1]
        m = _TIMING.match(t_line)
        label = f"{name}: line {first + timing_at + 1} (cue {number or len(cues) + 1})"
        if m is None:
            raise FormatError(f"{label}: bad timing line {_short(t_line)}; expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'")
        try:
            start, end = _timestamp(m.group("start")), _timestamp(m.group("end"))
        except (ValueError, srt_lib.TimestampParseError) as exc:
            raise FormatError(f"{label}: bad timestamp in {_short(t_line)} ({exc})") from None
        if end < start:
            warnings.append(f"{label}: ends ({m.group('end')}) before it starts ({m.group('start')}); timing kept as it is")
        body = block[timing_at + 1 :]
        if body:
            t_start, t_end = body[0][0], body[-1][0] + len(body[-1][1])
            newline = body[0][2] or block[timing_at][2] or "\n"
        else:
            t_start = t_end = block[timing_at][0] + len(t_line)
            newline = block[timing_at][2] or "\n"
        cues.append(_Cue(number, first + 1, start, end, t_start, t_end, [b[1] for b in body], newline))
    if not cues:
        raise FormatError(f"{name}: no subtitle cues found; is this an .srt file?")
    return cues


def _ends_sentence(text: str) -> bool:
    return bool(_FINAL.search(text.rstrip()))


def _groups(cues: list[_Cue]) -> list[list[int]]:
    """Indices of the cues of each segment, in order; cues without text are left out."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, cue in enumerate(cues):
        if not cue.text:
            if current:
                groups.append(current)
                current = []
            continue
        if current:
            prev = cues[current[-1]]
            gap_ms = (cue.start - prev.end).total_seconds() * 1000
            joins = (
                not _ends_sentence(prev.text)
                and -100 <= gap_ms <= JOIN_GAP_MS
                and not prev.dialogue
                and not cue.dialogue
                and not _DIALOGUE.match(cue.text)
                and cue.key == prev.key
                and len(current) < MAX_JOIN
                and sum(len(cues[j].text) for j in current) + len(cue.text) <= MAX_JOIN_CHARS
            )
            if not joins:
                groups.append(current)
                current = []
        current.append(i)
    if current:
        groups.append(current)
    return groups


# --------------------------------------------------------------------------- writing


def _split_words(words: list[str], weights: list[int]) -> list[list[str]]:
    """Spread ``words`` over len(weights) cues in proportion to the weights, in order."""
    k = len(weights)
    if k == 1:
        return [words]
    total_w = sum(weights) or k
    bounds = []
    acc = 0
    for wgt in weights[:-1]:
        acc += wgt or 1
        bounds.append(acc / total_w)
    length = sum(len(x) for x in words) + max(0, len(words) - 1)
    parts: list[list[str]] = [[] for _ in range(k)]
    pos = 0
    for word in words:
        mid = (pos + len(word) / 2) / max(1, length)
        j = sum(1 for b in bounds if mid > b)
        parts[j].append(word)
        pos += len(word) + 1
    # no cue left empty while a neighbour has words to spare
    for _ in range(k * len(words) + 1):
        empty = next((j for j in range(k) if not parts[j]), None)
        if empty is None or len(words) < k:
            break
        left = next((j for j in range(empty - 1, -1, -1) if len(parts[j]) > 1), None)
        right = next((j for j in range(empty + 1, k) if len(parts[j]) > 1), None)
        if left is not None and (right is None or empty - left <= right - empty):
            for j in range(left, empty):
                parts[j + 1].insert(0, parts[j].pop())
        elif right is not None:
            for j in range(right, empty, -1):
                parts[j - 1].append(parts[j].pop(0))
        else:
            break
    # fewer words than cues: word i opens cue i*k/n, and a cue left without words keeps showing the cue before it
    if words and len(words) < k:
        parts = [[] for _ in range(k)]
        for i, word in enumerate(words):
            parts[i * k // len(words)].append(word)
    for j in range(1, k):
        if not parts[j] and parts[j - 1]:
            parts[j] = list(parts[j - 1])
    return parts


def _wrap(words: list[str], width: int = MAX_LINE, max_lines: int = MAX_LINES) -> list[str]:
    """Lines of at most ``width`` characters (a longer word alone on its line), balanced."""
    if not words:
        return []
    text = " ".join(words)
    if len(text) <= width:
        return [text]
    if max_lines >= 2:  # the most balanced break into two lines that both fit
        best = None
        for i in range(1, len(words)):
            a, b = " ".join(words[:i]), " ".join(words[i:])
            if len(a) <= width and len(b) <= width:
                score = max(len(a), len(b))
                if best is None or score < best[0] or (score == best[0] and len(a) < len(best[1])):
                    best = (score, a, b)
        if best is not None:
            return [best[1], best[2]]
    lines: list[str] = []  # greedy: more lines rather than lose words
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _cue_lines(words: list[str], source: _Cue) -> list[str]:
    if source.dialogue and words:  # one speaker a line when the translation keeps the turns
        text = " ".join(words)
        turns = [t.strip() for t in re.split(r"(?:^|\s)(?=[-–—]\s)", text) if t.strip()]
        if len(turns) == len(source.visible_lines) and all(len(t) <= MAX_LINE for t in turns):
            return turns
    return _wrap(words)


def _wrap_tags(lines: list[str], source: _Cue, lead_tags: re.Pattern = _LEAD_TAGS,
               trail_tags: re.Pattern = _TRAIL_TAGS) -> list[str]:
    if not lines or not source.raw_lines:
        return lines
    first, last = source.raw_lines[0], source.raw_lines[-1]
    lead = lead_tags.match(first)
    trail = trail_tags.search(last)
    out = list(lines)
    if lead:
        out[0] = lead.group().strip() + out[0]
    if trail:
        out[-1] = out[-1] + trail.group().strip()
    return out


def _output_encoding(encoding: str) -> str:
    enc = encoding.lower().replace("_", "-")
    return encoding if enc.startswith(("utf-8", "utf8", "utf-16", "utf-32")) else "utf-8"


_FLIP_OUT = re.compile(r"^(?P<punct>[.!?…,:;]+)\s*(?P<body>[A-Za-z0-9\"'(].*\S)\s*$")


def _english_punctuation_at_end(translation: str) -> str:
    """A translation that copied the no-bidi convention (``.He left``) with the punctuation put at its end."""
    m = _FLIP_OUT.match(translation.strip())
    if m is None:
        return translation
    return translation[: len(translation) - len(translation.lstrip())] + m.group("body") + m.group("punct")


def subtitle_file(
    data: bytes,
    name: str,
    fmt: str,
    text: str,
    encoding: str,
    cues: list[_Cue],
    warnings: list[str],
    *,
    escape: Callable[[str], str] = lambda s: s,
    lead_tags: re.Pattern = _LEAD_TAGS,
    trail_tags: re.Pattern = _TRAIL_TAGS,
    labels: list[str] | None = None,
) -> ParsedFile:
    """The :class:`ParsedFile` of subtitle cues read from ``text`` (decoded ``data``): segments of joined cues,
    and a writer that splices each translated cue into the original text (everything else byte for byte).

    ``escape`` makes translated text safe in the format (VTT entities, ASS braces); ``labels`` names cues in
    locations (default: their numbers if unique, else 1..N).
    """
    if flipped_convention([line for c in cues for line in (c.clean(x) for x in c.raw_lines) if line]):
        for c in cues:
            c.flipped = True
        warnings.append(f"{name}: sentence punctuation is at the start of the Arabic lines (for players without "
                        "bidi); read at their end")
    flipped = bool(cues) and cues[0].flipped
    if labels is None:
        numbers = [c.number for c in cues]
        unique = all(numbers) and len(set(numbers)) == len(numbers)
        labels = [c.number if unique else str(i + 1) for i, c in enumerate(cues)]
        if not unique:
            warnings.append(f"{name}: cue numbers are missing or repeated; locations count cues from 1")
    groups = _groups(cues)
    segments = []
    for g in groups:
        loc = f"cue {labels[g[0]]}" if len(g) == 1 else f"cue {labels[g[0]]}-{labels[g[-1]]}"
        segments.append(Segment("\n".join(cues[j].text for j in g), loc, "cue"))

    def write(translations: list[str]) -> bytes:
        edits: list[tuple[int, int, str]] = []
        for g, seg, translation in zip(groups, segments, translations):
            if translation == seg.text:
                continue
            if flipped:
                translation = _english_punctuation_at_end(translation)
            words = translation.split()
            parts = _split_words(words, [len(cues[j].text) for j in g])
            for j, part in zip(g, parts):
                cue = cues[j]
                lines = [escape(x) for x in _cue_lines(part, cue)]
                new = cue.newline.join(_wrap_tags(lines, cue, lead_tags, trail_tags))
                if new != text[cue.text_start : cue.text_end]:
                    edits.append((cue.text_start, cue.text_end, new))
        if not edits:
            return data
        out = []
        pos = 0
        for a, b, new in sorted(edits):
            out.append(text[pos:a])
            out.append(new)
            pos = b
        out.append(text[pos:])
        return "".join(out).encode(_output_encoding(encoding), errors="replace")

    return ParsedFile(name, fmt, segments, write, encoding=encoding, warnings=warnings)


def parse(data: bytes, name: str, **options) -> ParsedFile:
    text, encoding = decode_subtitles(data, name)
    warnings: list[str] = []
    cues = _read_cues(text, name, warnings)
    return subtitle_file(data, name, NAME, text, encoding, cues, warnings)
