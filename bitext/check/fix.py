"""Repairs of what ``check`` found, where the right answer is certain (``bitext check --fix``).

:func:`fix` takes the sentence pairs and the :class:`~bitext.check.Report` that
``check`` / ``check_documents`` returned for them and applies only these repairs:

* ``number-changed``: a number whose value differs from its one source counterpart
  (source 560, translation 650) gets the source value, in the translation's own style:
  digits stay digits with the translation's grouping and decimals (``6,500`` ->
  ``5,600``; ``5.4 million`` -> ``4.5 million``; ``3rd`` -> ``4th``; ``1960s`` ->
  ``1970s``), words stay words (``six hundred and fifty`` -> ``five hundred and sixty``,
  hyphens, "and" and capitals as written); units and signs around it are kept;
* ``arabic-digits``: Arabic-Indic digits and the separators ٫ ٬ ٪ left in the English
  become 0-9 . , % (``٣٫٥`` -> ``3.5``);
* ``name-inconsistent``: one source name spelled two ways in a document: the spelling
  the glossary gives, else the one the gazetteer gives for that very source word, else the
  spelling of clearly more sentences (two more); the other spelling is replaced, as a whole
  word, in the sentences the finding lists for it. Never replaced: a common English word
  (Hindu, Red, Hung, Wade), a spelling with diacritics (Māori, Türkiye), a third spelling,
  a spelling on a line whose source has two words that sound like the name (Maori and Moriori);
  never written: a month or weekday name;
* ``name-spelling`` (a word one or two letters off a known name, ``Sewden`` for Sweden) when the
  document writes the known spelling on another line (within ``NEARBY_LINES``): a name spelled
  two ways again, decided by the known spelling (also where the name-inconsistent finding for
  it is a tie); a suggestion that the document does not write is left alone;
* ``glossary``: a term rendered by one of its known wrong renderings (the glossary's third
  column) -> the required rendering.

Everything else is *refused* (:class:`Refusal`, with a reason code and a sentence):

========== =====================================================================
dropped    a number or name missing from the translation: what to insert, and where, is a guess
extra      a number or name with no source counterpart: removing it is a judgement
unit       the same number with another unit: a conversion or a slip, not certain
ambiguous  more than one way to read it: several unpaired numbers in the sentence, a source
           number with an ambiguous separator (``25,2``, ``1.200``), a source number word next to
           another (``الاثني عشر`` read as 2 and 10) or one that may be a dual (``ألفا``: a thousand
           or two thousand); both spellings of a name on one line, three spellings, a spelling that
           is a common English word; more wrong renderings than missing ones
tie        two spellings of a name without a glossary or gazetteer spelling and without a clear
           majority (the winner needs two sentences more than the other)
scale      the values differ by a power of ten (300,000 / 30,000; 1.5 / 1.5 million), unless both
           sides write a scale word: a scale word read differently is likelier than a wrong digit;
           or by more than ten times (21 / 2002): hardly one number mistyped
form       a quantity this module does not rewrite: clock times, digit strings (phones, ids),
           fractions, months and weekdays, a number joined to another (``6-foot-6``), words for a
           non-integer, kinds that differ (an ordinal for a decade, a year for a number)
not-found  the text the finding names is not where it says (the name's spelling is not in a
           sentence it lists; no known wrong rendering is in the translation)
unverified after the repair the number check still (or newly) reports the sentence: undone
no-rule    a finding kind without a certain repair (segment-empty, names-unchecked), a spelling
           suggestion the document never writes, or a glossary term without known wrong renderings
========== =====================================================================

Rules: a sentence is changed only when a finding names it (its own finding, or a
``name-inconsistent`` finding listing it among the sentences of a spelling); nothing
outside a repaired span changes; spans are ``[start, end)`` in the ORIGINAL translation.
Info findings (plausible unit conversions) are neither repaired nor refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..jsonl import dumps_line
from ..segment.normalize import WESTERN_DIGITS, strip_marks
from .findings import (
    ARABIC_DIGITS,
    ERROR,
    GLOSSARY,
    INFO,
    NAME_INCONSISTENT,
    NAME_MISSING,
    NAME_SPELLING,
    NAME_UNEXPECTED,
    NUMBER_CHANGED,
    NUMBER_EXTRA,
    NUMBER_MISSING,
    UNIT_CHANGED,
    WARNING,
    Finding,
)

# refusal reasons
DROPPED = "dropped"
EXTRA = "extra"
UNIT = "unit"
AMBIGUOUS = "ambiguous"
TIE = "tie"
SCALE = "scale"
FORM = "form"
NOT_FOUND = "not-found"
UNVERIFIED = "unverified"
NO_RULE = "no-rule"
REASONS = (DROPPED, EXTRA, UNIT, AMBIGUOUS, TIE, SCALE, FORM, NOT_FOUND, UNVERIFIED, NO_RULE)

REPAIRED_KINDS = (NUMBER_CHANGED, NUMBER_MISSING, NUMBER_EXTRA, ARABIC_DIGITS, NAME_INCONSISTENT, NAME_SPELLING, GLOSSARY)
_NUMBER_KINDS = (NUMBER_CHANGED, NUMBER_MISSING, NUMBER_EXTRA, UNIT_CHANGED, ARABIC_DIGITS)

FIX_LOG_VERSION = 1


@dataclass
class Repair:
    """One change: ``before`` (``original[span[0]:span[1]]``) became ``after``."""

    sentence: int  # index of the sentence pair (0-based)
    span: tuple[int, int]  # [start, end) in the ORIGINAL translation of that sentence
    before: str
    after: str
    kind: str  # the finding's kind
    reason: str  # why ``after`` is the right answer, one line
    message: str = ""  # the finding's message

    def to_dict(self) -> dict[str, Any]:
        return {"finding": self.kind, "message": self.message, "span": list(self.span),
                "before": self.before, "after": self.after, "reason": self.reason}


@dataclass
class Refusal:
    """A finding left as it is: ``reason`` is one of :data:`REASONS`, ``detail`` says why."""

    finding: Finding
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {"line": f.sentence + 1, "finding": f.kind, "severity": f.severity, "message": f.message,
                "reason": self.reason, "detail": self.detail}


@dataclass
class FixResult:
    """The fixed translations (one per pair, same order), what changed and what was left alone."""

    targets: list[str]
    original: list[str]
    repairs: list[Repair] = field(default_factory=list)  # sorted by sentence, then span
    refused: list[Refusal] = field(default_factory=list)

    def changed(self) -> list[int]:
        """Indices of the sentences that changed."""
        return sorted({r.sentence for r in self.repairs})

    def repairs_for(self, sentence: int) -> list[Repair]:
        return [r for r in self.repairs if r.sentence == sentence]

    def records(self, locations: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
        """One record per changed sentence (the ``--fix-log`` JSONL): 1-based ``line``,
        ``original``, ``fixed`` and ``repairs`` (finding, message, span, before, after, reason)."""
        out = []
        for i in self.changed():
            rec: dict[str, Any] = {"line": i + 1, "original": self.original[i], "fixed": self.targets[i],
                                   "repairs": [r.to_dict() for r in self.repairs_for(i)]}
            if locations is not None and i < len(locations) and locations[i]:
                rec["location"] = locations[i]
            out.append(rec)
        return out

    def to_jsonl(self, locations: Sequence[str | None] | None = None) -> str:
        """The ``--fix-log`` file: :meth:`records`, one JSON object per line."""
        return "".join(dumps_line(r) + "\n" for r in self.records(locations))

    def to_dict(self) -> dict[str, Any]:
        return {"version": FIX_LOG_VERSION, "changed": len(self.changed()), "repairs": len(self.repairs),
                "records": self.records(), "refused": [r.to_dict() for r in self.refused]}

    def diff(self) -> str:
        """What changed, line by line (``--dry-run``): ``-`` the original, ``+`` the fixed text,
        then each repair."""
        lines = []
        for i in self.changed():
            lines.append(f"line {i + 1}")
            lines.append(f"- {self.original[i]}")
            lines.append(f"+ {self.targets[i]}")
            for r in self.repairs_for(i):
                lines.append(f"    {r.kind}: '{r.before}' -> '{r.after}' ({r.reason})")
        return "\n".join(lines) + ("\n" if lines else "")

    def to_text(self) -> str:
        """Repairs and refusals for a translator: one line each, then a summary line."""
        lines = []
        for r in self.repairs:
            lines.append(f"line {r.sentence + 1}: fixed   {r.kind:17} '{r.before}' -> '{r.after}' ({r.reason})")
        for x in self.refused:
            lines.append(f"line {x.finding.sentence + 1}: refused {x.finding.kind:17} {x.reason}: {x.detail}")
        n = len(self.changed())
        lines.append(f"fix: {len(self.repairs)} repair{'s' if len(self.repairs) != 1 else ''} in {n} "
                     f"sentence{'s' if n != 1 else ''}; {len(self.refused)} finding"
                     f"{'s' if len(self.refused) != 1 else ''} left for a translator")
        return "\n".join(lines) + "\n"


class _Refuse(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------- English number words

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand"))
_ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}
_CARDINAL = {w: i for i, w in enumerate(_ONES)} | {w: 10 * i for i, w in enumerate(_TENS) if w != "_"}
_ORDINAL = {}
for _w, _v in list(_CARDINAL.items()):
    _o = _ORD_IRREGULAR.get(_w) or (_w[:-1] + "ieth" if _w.endswith("y") else _w + "th")
    _ORDINAL[_o] = _v
_ORDINAL["hundredth"], _ORDINAL["thousandth"], _ORDINAL["millionth"] = 100, 1000, 10 ** 6
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_WORD = "|".join(sorted([*_CARDINAL, *_ORDINAL, *_SCALE_WORDS], key=len, reverse=True))
# number words, then nothing word-like, or a hyphen and a word that is not a number ("nine-day")
_WORDS_CORE = re.compile(rf"(?:{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*(?!\w)(?!-(?:{_WORD})(?!\w))(?!-\d)", re.I)


def number_words(n: int, conjunction: bool = True, hyphen: str = "-", ordinal: bool = False) -> str:
    """English words for ``0 <= n < 10**15``: ``560`` -> "five hundred and sixty" (without
    ``conjunction``: "five hundred sixty"); ``hyphen`` joins tens and ones ("twenty-three");
    ``ordinal``: "five hundred and sixtieth"."""
    if n < 0 or n >= 10 ** 15 or int(n) != n:
        raise ValueError(f"no words for {n}")
    n = int(n)

    def below_thousand(k: int) -> str:
        h, r = divmod(k, 100)
        parts = [f"{_ONES[h]} hundred"] if h else []
        if r:
            t, o = divmod(r, 10)
            tail = _ONES[r] if r < 20 else _TENS[t] + (hyphen + _ONES[o] if o else "")
            parts.append(("and " if h and conjunction else "") + tail)
        return " ".join(parts)

    if n == 0:
        words = "zero"
    else:
        parts = []
        for value, name in _SCALES:
            if n >= value:
                parts.append(f"{below_thousand(n // value)} {name}")
                n %= value
        if n:
            parts.append(("and " if parts and n < 100 and conjunction else "") + below_thousand(n))
        words = " ".join(parts)
    if ordinal:
        m = re.search(r"([a-z]+)$", words)
        last = m.group(1)
        o = _ORD_IRREGULAR.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
        words = words[:m.start(1)] + o
    return words


def _parse_words(core: str) -> tuple[float, bool]:
    """(value, ordinal) of number words: "six hundred and fifty" -> (650, False)."""
    total = current = 0
    ordinal = False
    for w in re.findall(r"[a-z]+", core.lower()):
        if w == "and":
            continue
        if w in _ORDINAL:
            ordinal = True
            v = _ORDINAL[w]
            if v >= 100:
                current = max(current, 1) * v
            else:
                current += v
        elif w in _CARDINAL:
            current += _CARDINAL[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALE_WORDS:
            total += max(current, 1) * _SCALE_WORDS[w]
            current = 0
    return total + current, ordinal


def _case_like(model: str, words: str) -> str:
    if model.isupper():
        return words.upper()
    letters = re.findall(r"[A-Za-z]+", model)
    if len(letters) > 1 and all(w[0].isupper() for w in letters if w.lower() != "and"):
        return re.sub(r"[a-z]+", lambda m: m.group() if m.group() == "and" else m.group().capitalize(), words)
    if model[:1].isupper():
        return words[:1].upper() + words[1:]
    return words


_A_SCALE = re.compile(r"(an?)\s+(hundred|thousand|million|billion|trillion)(?![\w-])", re.I)


def _rewrite_words(text: str, value: float, target_value: float, kind: str) -> str:
    am = _A_SCALE.match(text)
    if am and kind != "ordinal":  # "a thousand years" -> "a million years", or "two thousand years"
        if not math.isclose(_SCALE_WORDS[am.group(2).lower()], target_value):
            raise _Refuse(FORM, f"'{am.group()}' does not read as {target_value:g}")
        scale = next((w for w, v in _SCALE_WORDS.items() if v == value), None)
        if scale:
            return am.group(1) + am.group()[len(am.group(1)):am.start(2)] + _case_like(am.group(2), scale) + text[am.end():]
        if value < 0 or not float(value).is_integer() or value >= 10 ** 15:
            raise _Refuse(FORM, f"{value:g} has no plain English number words")
        return _case_like(am.group(), number_words(int(value))) + text[am.end():]
    m = _WORDS_CORE.match(text)
    if not m:
        raise _Refuse(FORM, f"'{text}' is neither digits nor plain number words")
    core = m.group()
    parsed, ordinal = _parse_words(core)
    if not math.isclose(parsed, target_value, rel_tol=1e-12):
        raise _Refuse(FORM, f"'{core}' does not read as {target_value:g} word by word")
    if value < 0 or not float(value).is_integer() or value >= 10 ** 15:
        raise _Refuse(FORM, f"{value:g} has no plain English number words")
    conjunction = True
    if re.search(r"\band\b", core, re.I):
        conjunction = True
    elif re.search(r"(?:hundred|thousand|million|billion)\s+(?!and\b)[a-z]", core, re.I):
        conjunction = False
    hyphen = " " if re.search(r"(?:ty)\s+(?:one|two|three|four|five|six|seven|eight|nine)\b", core, re.I) else "-"
    words = number_words(int(value), conjunction, hyphen, ordinal=ordinal or kind == "ordinal")
    return _case_like(core, words) + text[m.end():]


# --------------------------------------------------------------------------- digits

_DIGIT_CORE = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE_AFTER = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.I)
_SCALE_ABBR = re.compile(r"\s?(k|m|mn|mln|bn|tn)(?![\w])", re.I)
_ABBR_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12}
_ORD_SUFFIX = re.compile(r"(st|nd|rd|th)\b", re.I)


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _decimals_needed(v: float, most: int = 6) -> int | None:
    for d in range(most + 1):
        if math.isclose(round(v, d), v, rel_tol=1e-12, abs_tol=1e-12):
            return d
    return None


def _format_digits(v: float, decimals: int, group: str | None, decimal: str) -> str:
    s = f"{v:.{decimals}f}"
    whole, _, frac = s.partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", group)
    return whole + (decimal + frac if frac else "")


def _rewrite_digits(text: str, value: float, target_value: float, kind: str) -> str:
    norm = text.translate(WESTERN_DIGITS)  # one character for one: spans stay valid
    cores = list(_DIGIT_CORE.finditer(norm))
    if len(cores) != 1:
        raise _Refuse(FORM, f"'{text}' holds {len(cores)} digit groups")
    m = cores[0]
    core = m.group()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", core):
        group, decimal = ",", "."
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", core):
        group, decimal = ".", ","
    elif re.fullmatch(r"\d+(?:\.\d+)?", core):
        group, decimal = ("" if len(core.split(".")[0]) >= 4 else None), "."
    else:
        raise _Refuse(FORM, f"'{core}': the separators do not say which is decimal")
    if len(core) > 1 and core[0] == "0" and core[1].isdigit():
        raise _Refuse(FORM, f"'{core}': digits with leading zeros (a score, a code) are reported, not rewritten")
    core_value = float(core.replace(group or "\0", "").replace(decimal, "."))
    frac = core.replace(group or "\0", "").partition(decimal)[2]
    if not core_value:
        raise _Refuse(FORM, f"'{core}' is zero")
    ratio = target_value / core_value
    scales = (1, 1e3, 1e6, 1e9, 1e12)
    scale = next((s for s in scales if math.isclose(ratio, s, rel_tol=1e-9)), None)
    if scale is None:
        raise _Refuse(FORM, f"'{text}' is not its digits times a scale word")
    after = text[m.end():]
    new_value = value / scale
    sm = _SCALE_AFTER.match(after)
    if scale > 1 and sm:  # keep the scale word's size in step: 1,500 million -> 1.5 billion
        names = ["thousand", "million", "billion", "trillion"]
        idx = names.index(sm.group(1).lower())
        while new_value >= 1000 and idx + 1 < len(names):
            new_value /= 1000
            idx += 1
        while new_value < 1 and idx > 0 and _decimals_needed(new_value * 1000, 0) == 0:
            new_value *= 1000
            idx -= 1
        word = _case_like(sm.group(1), names[idx])
        after = after[:sm.start(1)] + word + after[sm.end(1):]
    elif scale > 1:  # "£152m", "$5.6bn": the abbreviation stays, the digits change
        am = _SCALE_ABBR.match(after)
        if not am or _ABBR_SCALES[am.group(1).lower()] != scale:
            raise _Refuse(FORM, f"'{text}': a scale this module does not rewrite")
    if new_value < 0:
        raise _Refuse(FORM, f"{value:g}: a negative number")
    d = _decimals_needed(new_value)
    if d is None or d > 3:
        raise _Refuse(FORM, f"{value:g} needs more decimals than '{text}' can say")
    if d and len(frac) > d:
        d = len(frac)  # 5.40 -> 4.50
    if group is None:  # a short number: no evidence, English style
        group = "," if new_value >= 1000 and kind not in ("year", "decade") and not d else ""
    if kind == "ordinal":
        om = _ORD_SUFFIX.match(after)
        if not om or d:
            raise _Refuse(FORM, f"'{text}': an ordinal written otherwise than 1st/2nd/3rd/4th")
        suffix = _ordinal_suffix(int(new_value))
        after = (suffix.upper() if om.group().isupper() else suffix) + after[om.end():]
    return text[:m.start()] + _format_digits(new_value, d, group, decimal) + after


def _power_of_ten(a: float, b: float) -> bool:
    if not a or not b:
        return False
    r = math.log10(abs(a / b))
    return abs(r) >= 0.999 and abs(r - round(r)) < 1e-9


_COMPATIBLE = ({"number", "year"}, {"number", "percent"}, {"number", "ordinal"})
# 1,5 or 1.500: a decimal point or a thousands separator? (20.000 is twenty thousand: nobody writes
# twenty with three zero decimals)
_AMBIGUOUS_SOURCE = re.compile(r"\d[,\u066c]\d{1,2}(?!\d)|(?<![\d.])\d{1,3}\.(?!000(?![\d.]))\d{3}(?![\d.])")


_YEAR_WORD = re.compile(r"(?:عام|العام|سنة|السنة|عامي|لعام|بعام|منذ|حتى)\s*$")


def _year_word_before(source: str, start: int) -> bool:
    """Whether the source says the number is a year (عام ٢٠٠٠ "the year 2000"); a bare 1000 شخص is a count."""
    return _YEAR_WORD.search(strip_marks(source[max(0, start - 8):start])) is not None


def _currency_prefix(target: str, s: int) -> bool:
    """AUD$45, US$3, C$: letters that name the currency of the symbol the number starts with."""
    if s >= len(target) or target[s] not in "$£€¥":
        return False
    m = re.search(r"(?<![A-Za-z])[A-Z]{1,3}$", target[max(0, s - 4):s])
    return m is not None


def _decade_repair(before: str, next_chars: str, decade: float, target_kind: str) -> tuple[str, str]:
    """A decade in the source (الثمانينيات), digits in the translation written as a decade
    ("1980s", "80s", "the 1980's"): the digits become the source decade's, four or two of them."""
    norm = before.translate(WESTERN_DIGITS)
    m = re.fullmatch(r"(\d{4}|\d{2})('?s)?", norm)
    if not m or not (m.group(2) or re.match(r"'?s(?!\w)", next_chars)):
        raise _Refuse(FORM, f"a decade in the source, a {target_kind} in the translation ('{before}')")
    if not float(decade).is_integer() or int(decade) % 10:
        raise _Refuse(FORM, f"{decade:g} is not a decade")
    digits = f"{int(decade):04d}" if len(m.group(1)) == 4 else f"{int(decade) % 100:02d}"
    after = digits + before[len(m.group(1)):]
    if after == before:
        raise _Refuse(FORM, f"'{before}' would not change")
    return after, f"source decade {int(decade)}s"


def _unpaired_numbers(siblings: list[Finding]) -> list[Finding]:
    """The sentence's number findings that pair nothing (changed, missing, extra), info left out:
    with more than one, which source number a translation number stands for is a guess."""
    return [g for g in siblings if g.kind in (NUMBER_CHANGED, NUMBER_MISSING, NUMBER_EXTRA) and g.severity != INFO]


def _number_repair(f: Finding, source: str, target: str, siblings: list[Finding]) -> tuple[str, str]:
    """(after, reason) for a number-changed finding, or raise _Refuse."""
    v = f.values
    if f.target_span is None or f.source_span is None:
        raise _Refuse(FORM, "the finding has no span")
    unpaired = _unpaired_numbers(siblings)
    if len(unpaired) > 1:
        raise _Refuse(AMBIGUOUS, f"{len(unpaired)} unpaired numbers in the sentence: which source number this "
                                 "one translates is a guess")
    sk, tk = v.get("source_kind"), v.get("target_kind")
    if tk in ("time", "digits") or sk in ("time", "digits"):
        raise _Refuse(FORM, "clock times and digit strings are reported, not rewritten")
    if tk in ("month", "weekday"):
        raise _Refuse(FORM, f"a changed {tk} name is reported, not rewritten")
    sv, tv = v.get("source"), v.get("target")
    if sv is None or tv is None:
        raise _Refuse(FORM, "no values to compare")
    s, e = f.target_span
    before = target[s:e]
    bare = re.fullmatch(r"\d+", before.translate(WESTERN_DIGITS)) is not None
    if sk == "decade":  # before the scale tests: "his 20s" for العشرينيات is 20 against 1920
        if s > 0 and target[s - 1].isalnum():
            raise _Refuse(FORM, f"'{before}' is joined to the text around it ('{target[max(0, s - 3):e + 3]}')")
        return _decade_repair(before, target[e:e + 2], sv, tk)
    if sk == "ordinal" and tk == "number" and bare and float(sv).is_integer():
        tk = "ordinal-as-number"  # "on August 6" for الخامس من آب: the day, written as a plain number
    elif sk != tk and {sk, tk} not in _COMPATIBLE:
        raise _Refuse(FORM, f"a {sk} in the source, a {tk} in the translation")
    if sk == "year" and re.search(r"\d[,.]\d{3}", v.get("target_text") or "") and _year_word_before(source, f.source_span[0]):
        raise _Refuse(FORM, f"a year in the source, a count in the translation (\"{v.get('target_text')}\")")
    if sk == "ordinal" and tk not in ("ordinal", "ordinal-as-number"):
        raise _Refuse(FORM, "an ordinal in the source, a number in the translation")
    src_scale = re.search(r"(?:ألف|آلاف|الاف|مليون|ملايين|مليار|مليارات|بليون|تريليون|مئة|مائة|مئات)",
                          v.get("source_text") or "")
    tgt_scale = re.search(r"\b(?:hundred|thousand|million|billion|trillion)\b", v.get("target_text") or "", re.I)
    if _power_of_ten(sv, tv) and not (src_scale and tgt_scale):
        raise _Refuse(SCALE, f"{sv:g} and {tv:g} differ by a power of ten: a scale word read differently is "
                             "likelier than a wrong digit")
    if not _power_of_ten(sv, tv) and sv and tv and max(abs(sv / tv), abs(tv / sv)) > 10:
        raise _Refuse(SCALE, f"{sv:g} and {tv:g} are too far apart to be one number mistyped")
    src_text = v.get("source_text") or source[f.source_span[0]:f.source_span[1]]
    if re.search(r"(?<![\d.,\u060c\u066b\u066c])0\d", src_text.translate(WESTERN_DIGITS)):
        raise _Refuse(FORM, f"the source writes \"{src_text}\" with leading zeros (a score, a code)")
    if _AMBIGUOUS_SOURCE.search(src_text.translate(WESTERN_DIGITS)):
        raise _Refuse(AMBIGUOUS, f"the source writes \"{src_text}\": its separator can be a decimal point or a "
                                 "thousands separator")
    from .numbers import extract_numbers

    a0, a1 = f.source_span
    digits_in = re.compile(r"[\d\u0660-\u0669\u06f0-\u06f9]")
    for q in extract_numbers(source, "ar"):
        if digits_in.search(src_text) or digits_in.search(q.text) or q.kind not in ("number", "ordinal"):
            continue  # "16 تشرين الثاني": a day and a month, not one number
        if q.span != (a0, a1) and ((0 <= a0 - q.span[1] <= 2 and not source[q.span[1]:a0].strip())
                                   or (0 <= q.span[0] - a1 <= 2 and not source[a1:q.span[0]].strip())):
            raise _Refuse(AMBIGUOUS, f"the source number \"{src_text}\" stands next to \"{q.text}\": perhaps one "
                                     "number read as two")
    if (not re.search(r"\d", src_text.translate(WESTERN_DIGITS)) and len(src_text.split()) == 1
            and re.search(r"(?:ألف|الف|مليون|مليار|بليون|مئ|مائ)", src_text)
            and (math.isclose(tv, 2 * sv) or math.isclose(sv, 2 * tv))):
        raise _Refuse(AMBIGUOUS, f"\"{src_text}\" can be read as one or as two of it (accusative or dual)")
    if ((s > 0 and target[s - 1].isalnum() and not _currency_prefix(target, s)) or (e < len(target) and target[e].isdigit())
            or (re.search(r"\d[-–‑][^\W\d_]", before) and re.match(r"[-–‑]\d", target[e:e + 2]))
            or re.search(r"[^\W\d_][-–‑]\d", before)):
        raise _Refuse(FORM, f"'{before}' is joined to the text around it ('{target[max(0, s - 3):e + 3]}')")
    if re.search(r"\d", before.translate(WESTERN_DIGITS)):
        after = _rewrite_digits(before, sv, tv, "number" if tk == "ordinal-as-number" else tk)
    else:
        if re.search(r"half|third|quarter", before, re.I) and not float(sv).is_integer():
            raise _Refuse(FORM, "fractions are reported, not rewritten")
        after = _rewrite_words(before, sv, tv, tk)
    if after == before:
        raise _Refuse(FORM, f"'{before}' would not change")
    return after, f"source {v.get('source_text', sv)!s}"


# --------------------------------------------------------------------------- duals

_AR_TOKEN = re.compile("[\u0621-\u064a\u064b-\u0652\u0640]+")
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
DUAL_GAP = 1.0  # the dual is rarer than its singular by at least this much (Zipf)
_DUAL_DEMONSTRATIVES = frozenset(("هذين", "هذان", "هاتين", "هاتان", "اللذين", "اللذان", "اللتين", "اللتان"))


def _dual_nouns(source: str) -> list[str]:
    """Arabic nouns in the dual that no number word accompanies: مجموعتين, فكرتان, مرتين (feminine
    -تين/-تان after a singular in -ة), سلوكان (masculine nominative -ان, not a verb's يعملان) and the
    masculine -ين only after a dual demonstrative (هذين الجزأين: المدربين alone is as often "the
    trainers" as "the two trainers"); each a common word's dual that is itself much rarer than the
    singular (wordfreq), not a name (السودان). An agreeing adjective joins its noun: one dual."""
    gz = _gazetteer()
    if gz is None:
        return []
    from .names import normalize_arabic

    out: list[str] = []
    last_end = 0
    prev = None  # the Arabic word before
    for m in _AR_TOKEN.finditer(source):
        after_demonstrative = (prev is not None and strip_marks(prev.group()) in _DUAL_DEMONSTRATIVES
                               and not source[prev.end():m.start()].strip()  # spaces between, nothing else
                               and (prev.start() == 0 or source[prev.start() - 1].isspace()))
        prev = m
        word = strip_marks(m.group())
        for pre in _CLITICS:
            if not word.startswith(pre):
                continue
            rest = word[len(pre):]
            rest = rest[2:] if rest.startswith("ال") else (rest[1:] if pre.endswith("ل") and rest[:1] == "ل" else rest)
            stem = None
            if rest.endswith(("تين", "تان")) and len(rest) >= 5:
                stem = rest[:-3] + "ة"
            elif rest.endswith("ان") and len(rest) >= 5 and rest[0] not in "يت":  # not يعملان, تبذلان (verbs)
                stem = rest[:-2]
            elif rest.endswith("ين") and len(rest) >= 5 and after_demonstrative:
                # -ين is also the plural (المدربين "the trainers"): only after a dual demonstrative (هذين
                # الجزأين); a dual pronoun elsewhere is no evidence (سلوكان ... السابقين أحدهما)
                stem = rest[:-2]
                if stem.endswith("أ"):
                    stem = stem[:-1] + "ء"  # الجزأين: جزء
            if (stem and gz.arabic_zipf(stem) >= 3.0 and gz.arabic_zipf(stem) - gz.arabic_zipf(rest) >= DUAL_GAP
                    and not any(normalize_arabic(k) in gz.names for k in (rest, "ال" + rest))):  # السودان
                if out and not source[last_end:m.start()].strip():  # an adjective that agrees: one dual
                    out[-1] += " " + m.group()  # المجموعتين مختلفتين
                else:
                    out.append(m.group())
                last_end = m.end()
                break
    return out


def _dual_repair(f: Finding, source: str, target: str, siblings: list[Finding]) -> tuple[str, str]:
    """(after, reason) for a number-extra finding that renders the source's one dual noun with another
    number ("twelve sensors" for مستشعرين is not, مجموعتين "six populations" is), or raise _Refuse."""
    refuse = _REFUSED_KINDS[NUMBER_EXTRA]
    v = f.values
    unpaired = _unpaired_numbers(siblings)
    tv = v.get("target")
    if (len(unpaired) != 1 or f.target_span is None or v.get("target_kind") != "number" or tv is None
            or not float(tv).is_integer() or tv < 3):
        raise _Refuse(*refuse)
    s, e = f.target_span
    before = target[s:e]
    # a count of a thing: one number (digits or words) and a word after it ("six times", "six Koreas")
    if (not re.fullmatch(r"[A-Za-z]+(?:[- ][a-z]+)*|\d+", before) or not re.match(r"\s+[A-Za-z]", target[e:e + 2])
            or (s > 0 and target[s - 1].isalnum())):
        raise _Refuse(*refuse)
    duals = _dual_nouns(source)
    if len(duals) != 1:
        raise _Refuse(*refuse)
    after = "2" if before.isdigit() else _rewrite_words(before, 2, tv, "number")
    return after, f"source {duals[0]}: a noun in the dual, two of it"


# "one" before a plural: "for one days", "one American officials", "one consecutive times"
# (at most one word between: a capitalised one or an adjective; not "one of its"; a plural, not
# "one crisis", "one class", "one bus", "one series", "one physics")
_ONE_BEFORE_PLURAL = re.compile(
    r"(?<![\w'’-])([Oo]ne|ONE)\s+(?:(?:[A-Z][\w'’]*|[a-z]+(?:ive|al|ous|ic|ary|ed))\s+)?"
    r"([a-z]+s(?<!ss)(?<!us)(?<!is)(?<!ics))(?![\w'’-])")
_NOT_PLURALS = frozenset(("series", "species", "news", "means", "its", "has", "was", "is", "this", "thus"))
_ONE_AS_PRONOUN = re.compile(r"(?:\b(?:no|any|every|each|some|which|that|this|little|such)\s+)$", re.I)
_VERBS_AFTER_ONE = frozenset("""has is was does says goes knows needs gets sees feels thinks wants takes makes
seems looks finds gives tells becomes means likes wonders hopes believes expects remains lives works tries
uses keeps puts sits stands runs comes leaves reads writes hears calls asks""".split())


def _lone_one_repair(f: Finding, source: str, target: str, siblings: list[Finding]) -> tuple[tuple[int, int], str, str]:
    """((start, end), after, reason) for a number-missing finding whose number the translation wrote as
    "one" before a plural ("one days" for يومين, "one matches" for مباراتين), or raise _Refuse:
    the parser leaves a lone "one" unpaired (it is as often a pronoun), so the finding says missing."""
    refuse = _REFUSED_KINDS[NUMBER_MISSING]
    v = f.values
    unpaired = _unpaired_numbers(siblings)
    sv = v.get("source")
    if (len(unpaired) != 1 or v.get("source_kind") != "number" or sv is None or not float(sv).is_integer()
            or not 2 <= sv < 100):
        raise _Refuse(*refuse)
    from .numbers import extract_numbers

    if any(q.value == 1 for q in extract_numbers(source, "ar")):
        raise _Refuse(*refuse)  # the "one" may translate the source's one
    hits = [m for m in _ONE_BEFORE_PLURAL.finditer(target)
            if m.group(2) not in _VERBS_AFTER_ONE | _NOT_PLURALS and not _ONE_AS_PRONOUN.search(target[:m.start()])]
    if len(hits) != 1:
        raise _Refuse(*refuse)
    m = hits[0]
    return m.span(1), _case_like(m.group(1), number_words(int(sv))), \
        f"source {v.get('source_text', sv)!s}: \"{m.group(1)}\" before a plural ('{m.group(2)}') is the count"


# --------------------------------------------------------------------------- names

def _word_re(surface: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){re.escape(surface)}(?![\w-])")


def _doc_starts(n: int, doc_ids: Sequence[str] | None) -> list[int]:
    starts = [0] * n
    if doc_ids is None:
        return starts
    for i in range(1, n):
        starts[i] = starts[i - 1] if doc_ids[i] == doc_ids[i - 1] else i
    return starts


def _glossary_words(glossary) -> dict[str, set[str]]:
    from .names import normalize_arabic

    out: dict[str, set[str]] = {}
    for entry in glossary or ():
        for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", entry.english):
            out.setdefault(w, set()).add(normalize_arabic(entry.arabic))
    return out


NAME_MAJORITY_LEAD = 2  # the majority spelling wins only in this many sentences more than each other one
COMMON_WORD_ZIPF = 3.0  # a spelling this frequent as an English word (wordfreq Zipf) is never replaced


def _name_choice(key: str, forms: dict[str, list[int]], gloss_words: dict[str, set[str]],
                 lead: int | None = None) -> tuple[str, str]:
    """(winning spelling, reason), or raise _Refuse.

    The glossary's spelling, else the one the gazetteer gives for this very source word, else
    the spelling of clearly more sentences (``NAME_MAJORITY_LEAD`` more than each other). The
    consonant skeleton of the source's transliteration is not used: on the real MT outputs of
    FLORES it chose Buckman over Bachman (باكمان), Pichu over Picchu (بيتشو) and Lakhha over
    Lakha (لاكها): skeletons are too coarse to tell two spellings apart.
    """
    from .names import normalize_arabic

    lead = NAME_MAJORITY_LEAD if lead is None else lead
    nkey = normalize_arabic(key)

    def in_glossary(form: str) -> bool:
        return any(nkey in ar.split() or ("ال" + nkey) in ar.split() or nkey == ar.replace(" ", "")
                   for ar in gloss_words.get(form, ()))

    names = list(forms)
    chosen = [f for f in names if in_glossary(f)]
    if len(chosen) == 1:
        return chosen[0], "the glossary's spelling"
    if len(chosen) > 1:
        raise _Refuse(TIE, f"the glossary gives {' and '.join(chosen)}")
    gz = _gazetteer()
    if gz is not None:
        keys = {nkey, "ال" + nkey, nkey[2:] if nkey.startswith("ال") else nkey}
        known = [f for f in names if keys & {normalize_arabic(k) for k in gz.arabic_keys(f.lower())}]
        if len(known) == 1:
            return known[0], f"the gazetteer's spelling of {key}"
    if len(names) > 2:
        raise _Refuse(AMBIGUOUS, f"{len(names)} spellings ({', '.join(names)}): perhaps more than one name")
    count = {f: len(set(forms[f])) for f in names}
    ranked = sorted(names, key=lambda f: -count[f])
    top, second = ranked[0], ranked[1]
    if count[top] - count[second] >= lead:
        return top, f"the spelling of most sentences ({count[top]} against {count[second]})"
    raise _Refuse(TIE, f"'{top}' in {count[top]} sentence{'s' if count[top] != 1 else ''}, '{second}' in "
                       f"{count[second]}: no glossary or gazetteer spelling, and no clear majority")


def _gazetteer():
    try:
        from .gazetteer import lexicon

        return lexicon()
    except Exception:  # noqa: BLE001 - a checkout without the gazetteer data: the other rules decide
        return None


_CALENDAR_WORDS = frozenset("""january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday""".split())
_AR_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3]+")


def _sounding_words(source: str, key: str) -> set[str]:
    """Distinct words of ``source`` (article and clitics stripped) whose transliteration is ``key``'s."""
    from .names import normalize_arabic, romanize

    skeleton = romanize(key)
    out = set()
    for m in _AR_WORD.finditer(normalize_arabic(source)):
        w = m.group()
        for p in ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك", ""):
            if w.startswith(p) and len(w) - len(p) >= 3 and romanize(w[len(p):]) == skeleton:
                out.add(w[len(p):])
                break
    return out


def _name_repairs(f: Finding, sources: Sequence[str], targets: Sequence[str], start: int, gloss_words) -> list[Repair]:
    renderings = f.values.get("renderings") or {}
    key = str(f.values.get("source", ""))
    if len(renderings) < 2:
        raise _Refuse(NOT_FOUND, "the finding lists fewer than two spellings")
    forms = {surface: [start + i for i in ids] for surface, ids in renderings.items()}
    n = len(targets)
    for surface, ids in forms.items():
        if any(i < 0 or i >= n for i in ids):
            raise _Refuse(NOT_FOUND, f"'{surface}' is listed on a line outside the document")
    winner, why = _name_choice(key, forms, gloss_words)
    if winner.lower() in _CALENDAR_WORDS:
        raise _Refuse(AMBIGUOUS, f"'{winner}' is a month or weekday name")
    # a line with both spellings whose source holds two different words that sound like the name
    # (الماوري and الموريوري: Maori and Moriori) has two names, not one spelled two ways
    for surface, ids in forms.items():
        for i in set(ids) & set(forms[winner]) if surface != winner else ():
            if len(_sounding_words(sources[i], key)) > 1:
                raise _Refuse(AMBIGUOUS, f"line {i + 1} has '{surface}' and '{winner}', and its source two words "
                                         f"that sound like {key}: perhaps two names")
    gz = _gazetteer()
    repairs = []
    for surface, ids in forms.items():
        if surface == winner:
            continue
        if gz is not None and gz.english_zipf(surface) >= COMMON_WORD_ZIPF:
            raise _Refuse(AMBIGUOUS, f"'{surface}' is a common English word: perhaps another word, not a spelling "
                                     f"of '{winner}'")
        if not surface.isascii():
            raise _Refuse(AMBIGUOUS, f"'{surface}' is written with diacritics: a deliberate spelling, not a slip")
        pattern = _word_re(surface)
        for i in sorted(set(ids)):
            hits = list(pattern.finditer(targets[i]))
            if not hits:
                raise _Refuse(NOT_FOUND, f"'{surface}' is not on line {i + 1} as written")
            for m in hits:
                repairs.append(Repair(i, m.span(), m.group(), winner, NAME_INCONSISTENT,
                                      f"'{winner}': {why}", f.message))
    return repairs


NEARBY_LINES = 100  # a known spelling counts within this many lines (files of unrelated texts are one "document")


def _spelling_repair(f: Finding, sources: Sequence[str], targets: Sequence[str], doc: range) -> Repair:
    """name-spelling ('Sewden' for the known 'Sweden'): repaired only when the document writes the
    expected spelling on another line, i.e. when the name is spelled two ways in the document."""
    v = f.values
    wrong, expected = str(v.get("target") or ""), str(v.get("expected") or "")
    if f.target_span is None or not wrong or not expected:
        raise _Refuse(NO_RULE, "a suggested spelling without a span")
    i = f.sentence
    s, e = f.target_span
    m = re.match(r"(.*?)(['’]s?)?$", targets[i][s:e])
    stem = m.group(1)
    if not stem or _word_re(stem).fullmatch(targets[i][s:s + len(stem)]) is None:
        raise _Refuse(NOT_FOUND, f"'{wrong}' is not at the finding's place")
    if expected.lower() in _CALENDAR_WORDS:
        raise _Refuse(NO_RULE, f"'{expected}' is a month or weekday name")
    pattern = _word_re(expected)
    near = range(max(doc.start, i - NEARBY_LINES), min(doc.stop, i + NEARBY_LINES + 1))
    elsewhere = [j for j in near if j != i and pattern.search(targets[j])]
    if not elsewhere:
        raise _Refuse(NO_RULE, f"'{expected}' is a suggestion: the document does not write it within "
                               f"{NEARBY_LINES} lines")
    if not stem.isascii():
        raise _Refuse(NO_RULE, f"'{stem}' is written with diacritics: a deliberate spelling, not a slip")
    gz = _gazetteer()
    if gz is not None and gz.english_zipf(stem) >= COMMON_WORD_ZIPF:
        raise _Refuse(AMBIGUOUS, f"'{stem}' is a common English word: perhaps another word, not a spelling of "
                                 f"'{expected}'")
    return Repair(i, (s, s + len(stem)), stem, expected, NAME_SPELLING,
                  f"'{expected}': the known spelling, written so on line {elsewhere[0] + 1}", f.message)


# --------------------------------------------------------------------------- glossary

def _glossary_repairs(f: Finding, target: str, glossary) -> list[Repair]:
    v = f.values
    entry = next((e for e in glossary or () if e.arabic == v.get("source") and e.english == v.get("required")), None)
    if entry is None:
        raise _Refuse(NO_RULE, "the term is not in the glossary given to fix")
    wrong = getattr(entry, "wrong", ())
    if not wrong:
        raise _Refuse(NO_RULE, f"the glossary lists no wrong renderings of {entry.arabic} (third column): "
                               "where the required one belongs is not certain")
    required = [m.span() for m in entry.english_pattern.finditer(target)]
    hits = []
    for w in sorted(wrong, key=len, reverse=True):
        for m in _word_re(w).finditer(target):
            s, e = m.span()
            if any(s < re_ and rs < e for rs, re_ in required) or any(s < he and hs < e for hs, he, _ in hits):
                continue  # inside the required rendering (or a longer wrong one)
            hits.append((s, e, m.group()))
    missing = int(v.get("occurrences", 1)) - int(v.get("rendered", 0))
    if not hits:
        raise _Refuse(NOT_FOUND, f"none of the known wrong renderings of {entry.arabic} ({', '.join(wrong)}) is in "
                                 "the translation")
    if len(hits) > missing:
        raise _Refuse(AMBIGUOUS, f"{len(hits)} wrong renderings for {missing} missing '{entry.english}': which "
                                 "ones translate the term is not certain")
    return [Repair(f.sentence, (s, e), text, entry.english, GLOSSARY,
                   f"the glossary renders {entry.arabic} '{entry.english}', and lists '{text}' as wrong", f.message)
            for s, e, text in sorted(hits)]


# --------------------------------------------------------------------------- fix

_REFUSED_KINDS = {
    NUMBER_MISSING: (DROPPED, "a number missing from the translation: what to insert, and where, is a guess"),
    NAME_MISSING: (DROPPED, "a name missing from the translation: what to insert, and where, is a guess"),
    NUMBER_EXTRA: (EXTRA, "a number with no source counterpart: removing it is a judgement"),
    NAME_UNEXPECTED: (EXTRA, "a name with no source counterpart: removing or replacing it is a judgement"),
    UNIT_CHANGED: (UNIT, "the same number with another unit: a conversion or a slip, not certain"),
}


def _apply(text: str, repairs: list[Repair]) -> str:
    out, pos = [], 0
    for r in sorted(repairs, key=lambda r: r.span):
        out.append(text[pos:r.span[0]])
        out.append(r.after)
        pos = r.span[1]
    out.append(text[pos:])
    return "".join(out)


def _number_problems(source: str, target: str) -> set[tuple]:
    from .numbers import check_numbers

    return {(g.kind, g.source_span, g.values.get("source"))
            for g in check_numbers(source, target) if g.severity in (ERROR, WARNING)}


def fix(
    sources: Sequence[str],
    targets: Sequence[str],
    report,
    glossary=None,
    doc_ids: Sequence[str] | None = None,
) -> FixResult:
    """Apply the certain repairs of ``report``'s findings to ``targets``.

    ``report``: what ``check`` / ``check_documents`` returned for exactly these pairs
    (with the same ``glossary``). ``doc_ids``: the document ids given to
    ``check_documents`` (its name findings list the lines of their document
    counted from the document's start); None when the pairs were checked as one
    document. Returns a :class:`FixResult`; ``targets`` is not modified.
    """
    if len(sources) != len(targets):
        raise ValueError(f"{len(sources)} source sentences but {len(targets)} translations")
    if report.pairs != len(targets):
        raise ValueError(f"the report is for {report.pairs} sentence pairs, not {len(targets)}")
    if doc_ids is not None and len(doc_ids) != len(targets):
        raise ValueError(f"{len(doc_ids)} document ids for {len(targets)} sentence pairs")
    original = list(targets)
    starts = _doc_starts(len(targets), doc_ids)
    ends = [0] * len(targets)
    for i in range(len(targets) - 1, -1, -1):
        ends[i] = ends[i + 1] if i + 1 < len(targets) and starts[i + 1] == starts[i] else i + 1
    gloss_words = _glossary_words(glossary)
    by_sentence: dict[int, list[Finding]] = {}
    for f in report.findings:
        by_sentence.setdefault(f.sentence, []).append(f)

    proposed: list[tuple[Finding, list[Repair]]] = []
    refused: list[Refusal] = []
    spelling: list[Finding] = []  # name-spelling findings: after the name-inconsistent ones
    for f in report.findings:
        if f.severity == INFO:
            continue
        i = f.sentence
        try:
            if f.kind == NUMBER_CHANGED:
                after, why = _number_repair(f, sources[i], targets[i], by_sentence[i])
                s, e = f.target_span
                proposed.append((f, [Repair(i, (s, e), targets[i][s:e], after, f.kind, why, f.message)]))
            elif f.kind == NUMBER_MISSING:
                (s, e), after, why = _lone_one_repair(f, sources[i], targets[i], by_sentence[i])
                proposed.append((f, [Repair(i, (s, e), targets[i][s:e], after, f.kind, why, f.message)]))
            elif f.kind == NUMBER_EXTRA:
                after, why = _dual_repair(f, sources[i], targets[i], by_sentence[i])
                s, e = f.target_span
                proposed.append((f, [Repair(i, (s, e), targets[i][s:e], after, f.kind, why, f.message)]))
            elif f.kind == ARABIC_DIGITS:
                s, e = f.target_span
                after = f.values.get("western") or targets[i][s:e].translate(WESTERN_DIGITS)
                proposed.append((f, [Repair(i, (s, e), targets[i][s:e], after, f.kind,
                                            "Western digits and separators in English", f.message)]))
            elif f.kind == NAME_INCONSISTENT:
                proposed.append((f, _name_repairs(f, sources, targets, starts[i], gloss_words)))
            elif f.kind == NAME_SPELLING:
                spelling.append(f)
            elif f.kind == GLOSSARY:
                proposed.append((f, _glossary_repairs(f, targets[i], glossary)))
            elif f.kind in _REFUSED_KINDS:
                raise _Refuse(*_REFUSED_KINDS[f.kind])
            else:
                raise _Refuse(NO_RULE, f"{f.kind} has no certain repair")
        except _Refuse as r:
            refused.append(Refusal(f, r.reason, r.detail))

    # a name-spelling finding for a name whose name-inconsistent finding was repaired is left to it; one
    # whose name-inconsistent finding was refused as a tie may still be decided by the known spelling
    decided: dict[int, set[str]] = {}
    tied: dict[int, set[str]] = {}
    for f, _ in proposed:
        if f.kind == NAME_INCONSISTENT:
            decided.setdefault(starts[f.sentence], set()).update(f.values.get("renderings") or ())
    for x in refused:
        if x.finding.kind == NAME_INCONSISTENT:
            (tied if x.reason == TIE else decided).setdefault(starts[x.finding.sentence], set()).update(
                x.finding.values.get("renderings") or ())
    for f in spelling:
        i = f.sentence
        words = {str(f.values.get("target") or ""), str(f.values.get("expected") or "")}
        words |= {re.sub(r"['’]s?$", "", w) for w in words}
        try:
            if words & decided.get(starts[i], set()):
                raise _Refuse(NO_RULE, "left to the name-inconsistent finding for the same name")
            if words & set(gloss_words):
                raise _Refuse(NO_RULE, "the glossary writes this spelling")
            proposed.append((f, [_spelling_repair(f, sources, targets, range(starts[i], ends[i]))]))
        except _Refuse as r:
            refused.append(Refusal(f, r.reason, r.detail))
    # a name-inconsistent tie that a known spelling decided is no longer left for a translator
    fixed_words = {(starts[f.sentence], str(f.values.get("target") or "")) for f, _ in proposed if f.kind == NAME_SPELLING}
    refused = [x for x in refused if not (
        x.finding.kind == NAME_INCONSISTENT and x.reason == TIE
        and any((starts[x.finding.sentence], w) in fixed_words for w in x.finding.values.get("renderings") or ()))]

    # one repair per span: the same change twice (two findings for one spelling) once; an arabic-digits
    # repair inside a number repair is done by it (its digits are written Western); other overlaps: refused
    per_sentence: dict[int, list[tuple[Finding, Repair]]] = {}
    for f, reps in proposed:
        for r in reps:
            per_sentence.setdefault(r.sentence, []).append((f, r))
    repairs: list[Repair] = []
    fixed = list(targets)
    for i, items in sorted(per_sentence.items()):
        items.sort(key=lambda x: (x[1].span[0], -x[1].span[1]))
        kept: list[tuple[Finding, Repair]] = []
        for f, r in items:
            clash = next(((g, k) for g, k in kept if r.span[0] < k.span[1] and k.span[0] < r.span[1]), None)
            if clash is None:
                kept.append((f, r))
                continue
            g, k = clash
            if (k.span, k.after) == (r.span, r.after):
                continue
            if r.kind == ARABIC_DIGITS and k.span[0] <= r.span[0] and r.span[1] <= k.span[1]:
                continue
            if k.kind == ARABIC_DIGITS and r.span[0] <= k.span[0] and k.span[1] <= r.span[1]:
                kept.remove((g, k))
                kept.append((f, r))
                continue
            refused.append(Refusal(f, AMBIGUOUS, f"its repair overlaps another ('{k.before}' -> '{k.after}')"))
        # numbers: the repaired sentence must not keep (or gain) a number problem other than those left alone
        number_reps = [(f, r) for f, r in kept if r.kind in (NUMBER_CHANGED, NUMBER_MISSING, NUMBER_EXTRA, ARABIC_DIGITS)]
        if number_reps:
            candidate = _apply(targets[i], [r for _, r in kept])
            done = {(f.kind, f.source_span, f.values.get("source")) for f, _ in number_reps}
            before = _number_problems(sources[i], targets[i])
            after = _number_problems(sources[i], candidate)
            if not after <= before - done:
                for f, r in number_reps:
                    kept.remove((f, r))
                    refused.append(Refusal(f, UNVERIFIED, f"'{r.before}' -> '{r.after}' still leaves a number "
                                                          "finding in the sentence; undone"))
        reps = sorted((r for _, r in kept), key=lambda r: r.span)
        if reps:
            fixed[i] = _apply(targets[i], reps)
            repairs.extend(reps)
    # a finding without a rule of its own whose text a repair replaced (name-spelling 'Abbadi' where the
    # name-inconsistent repair wrote 'Abadi') is resolved, not left for a translator
    spans: dict[int, list[tuple[int, int]]] = {}
    for r in repairs:
        spans.setdefault(r.sentence, []).append(r.span)
    refused = [x for x in refused if not (
        x.reason == NO_RULE and x.finding.target_span is not None
        and any(s < x.finding.target_span[1] and x.finding.target_span[0] < e for s, e in spans.get(x.finding.sentence, ())))]
    refused.sort(key=lambda x: (x.finding.sentence, x.finding.kind))
    return FixResult(fixed, original, repairs, refused)


__all__ = ["FixResult", "Repair", "Refusal", "REASONS", "REPAIRED_KINDS", "fix", "number_words"]
