"""User glossary / do-not-translate list: every source occurrence must be rendered as given.

File format: UTF-8 TSV, one entry a line, ``Arabic term<TAB>required English``,
optionally with a third column of known wrong renderings, separated by ``|``
or commas (``الموصل<TAB>Mosul<TAB>Mousel|Mawsil``); blank lines and lines
starting with ``#`` are ignored. The Arabic term
matches with or without diacritics and tatweel, and with the clitics
و ف ب ل ك and the article ال attached (``والموصل`` matches ``الموصل``).
The English rendering must appear as written (case-sensitive, whole words).

The wrong renderings do not change what is reported; ``bitext check --fix``
replaces one found in a translation (as written, case-sensitive, whole words)
by the required rendering when the term lacks a rendering there (see
``bitext.check.fix``). A wrong rendering must differ from the required one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..document import read_text
from ..segment.normalize import ARABIC_MARKS as _MARKS  # the one table of marks
from ..errors import FormatError
from .findings import ERROR, GLOSSARY, Finding

_CLITICS = "(?:[وف]?[بلك]?)"  # و ف then ب ل ك


@dataclass(frozen=True)
class Entry:
    arabic: str
    english: str
    pattern: re.Pattern[str]
    english_pattern: re.Pattern[str]
    wrong: tuple[str, ...] = ()  # known wrong renderings (third column), as written


Glossary = list[Entry]


def _strip_marks(text: str) -> str:
    return _MARKS.sub("", text)


def _arabic_pattern(term: str) -> re.Pattern[str]:
    bare = _strip_marks(term).strip()
    space = r"\s+"
    words = [re.escape(w) for w in bare.split()]
    body = space.join(words)
    if bare.startswith("ال"):
        # the article may be swallowed by ل: لل + rest (للموصل)
        swallowed = space.join(["ل" + re.escape(bare.split()[0][1:])] + words[1:])
        body = f"(?:{body}|{swallowed})"
    return re.compile(rf"(?<![\w]){_CLITICS}{body}(?![\w])")


def make_entry(arabic: str, english: str, wrong: str | tuple[str, ...] | list[str] = ()) -> Entry:
    """One glossary entry; ``wrong``: known wrong renderings, a sequence or one string
    separated by ``|`` or commas."""
    if not _strip_marks(arabic).strip() or not english.strip():
        raise ValueError("empty term")
    eng = re.compile(rf"(?<!\w){re.escape(english.strip())}(?!\w)")
    items = re.split(r"[|,]", wrong) if isinstance(wrong, str) else list(wrong)
    bad = tuple(dict.fromkeys(w.strip() for w in items if w.strip() and w.strip() != english.strip()))
    return Entry(arabic.strip(), english.strip(), _arabic_pattern(arabic), eng, bad)


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary TSV; malformed lines raise :class:`FormatError` naming the line."""
    text, _ = read_text(path)
    entries: Glossary = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
            raise FormatError(f"{path}:{n}: expected 'Arabic term<TAB>English rendering' (and optionally "
                              f"<TAB>wrong renderings, separated by | or commas), got {line[:60]!r}")
        try:
            entries.append(make_entry(parts[0], parts[1], parts[2] if len(parts) == 3 else ()))
        except ValueError:
            raise FormatError(f"{path}:{n}: the Arabic term {parts[0].strip()!r} has no letters (only diacritics or "
                              "tatweel); write the word itself") from None
    return entries


def check_glossary(glossary: Glossary, source: str, target: str, sentence: int = 0) -> list[Finding]:
    """One finding per glossary term whose source occurrences outnumber its renderings."""
    findings = []
    bare = _strip_marks(source)
    # offsets in the mark-free text map back to the source through this table
    keep = [i for i, ch in enumerate(source) if not _MARKS.match(ch)]
    for entry in glossary:
        hits = list(entry.pattern.finditer(bare))
        if not hits:
            continue
        rendered = len(entry.english_pattern.findall(target))
        if rendered >= len(hits):
            continue
        first = hits[rendered] if rendered < len(hits) else hits[0]
        span = (keep[first.start()], keep[first.end() - 1] + 1)
        findings.append(Finding(
            GLOSSARY, ERROR, sentence,
            f"glossary: {entry.arabic} must be rendered {entry.english!r} "
            f"({len(hits)} in the source, {rendered} in the translation)",
            source_span=span,
            values={"source": entry.arabic, "required": entry.english, "occurrences": len(hits), "rendered": rendered},
        ))
    return findings
