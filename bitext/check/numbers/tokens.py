"""Tokens, digit values and the builder the two parsers share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import _DIGITS, _arn
from .quantity import Quantity


_TOKEN = re.compile(r"""
 (?P<frac>(?<![\d/.,])\d{1,2}/\d{1,2}(?![\d/]))
|(?P<time>(?<![\d.,:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))
|(?P<decade>(?<![\w.,'’])['’]?(?:1\d|20)?\d0['’]?s(?![A-Za-z]))
|(?P<ordn>(?<![\w.,])\d+(?:st|nd|rd|th)(?![A-Za-z]))
|(?P<num>(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?)(?!\d|,\d))
|(?P<word>(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+)
|(?P<sym>[^\w\s])
""", re.X)
_PHONE = re.compile(r"(?<![\w+.,])(?:\+\s?|00)?\d[\d \-]{5,}\d(?![\d.,]\d)")


@dataclass
class _Tok:
    type: str
    text: str  # original text
    norm: str  # normalised (lowercase for English, _arn for Arabic words; digits Western)
    start: int
    end: int


def _tokenize(text: str, lang: str) -> tuple[str, list[_Tok]]:
    norm = text.translate(_DIGITS)
    norm = re.sub(r"<[^<>]{0,80}>", lambda m: " " * len(m.group(0)), norm)  # markup such as <seg id="1">
    if lang == "ar":
        norm = re.sub(r"(?<=\d)[،,](?=\d{3}(?!\d))", ",", norm)  # 783،562: Arabic comma between digits
        norm = re.sub(r"(?<=\d)[,،](?=\d{1,2}(?![\d,]))", ".", norm)  # 6,34: decimal comma
    phones = []
    for m in _PHONE.finditer(norm):
        s = m.group(0).rstrip()
        groups = re.findall(r"\d+", s)
        ndig = sum(map(len, groups))
        lead = s.startswith("+") or s.startswith("00")
        if ndig >= 7 and (lead or len(groups) >= 3):
            if not lead and len(groups) >= 3 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
                continue  # 1 200 000 (space-grouped thousands) is a number
            phones.append((m.start(), m.start() + len(s)))
    toks: list[_Tok] = []
    pi = 0
    for m in _TOKEN.finditer(norm):
        s, e = m.span()
        while pi < len(phones) and phones[pi][1] <= s:
            pi += 1
        if pi < len(phones) and phones[pi][0] < e and s < phones[pi][1]:
            ps, pe = phones[pi]
            if not toks or toks[-1].start != ps:
                toks.append(_Tok("phone", text[ps:pe], norm[ps:pe], ps, pe))
            continue
        typ = m.lastgroup
        t = text[s:e]
        if typ == "word":
            n = _arn(t) if lang == "ar" and re.match(r"[\u0600-\u06ff]", t) else t.lower()
        else:
            n = norm[s:e]
        toks.append(_Tok(typ, t, n, s, e))
    return norm, toks


def _num_value(s: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        return float(s.replace(".", ""))
    return float(s.replace(",", ""))


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s and not re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s) else 0


# --------------------------------------------------------------------------- parsing


class _Builder:
    def __init__(self, text: str, toks: list[_Tok]):
        self.text = text
        self.toks = toks
        self.out: list[tuple[Quantity, dict]] = []

    def add(self, value, kind, unit, s, e, digits=None, high=None, **info):
        q = Quantity(float(value), kind, unit, (s, e), self.text[s:e], digits, None if high is None else float(high))
        self.out.append((q, info))

    def gap(self, i: int, j: int) -> str:
        """Text between token i and token j."""
        return self.text[self.toks[i].end:self.toks[j].start]


def _kind_for_digits(value: float, s: str, unit, scaled: bool) -> str:
    if unit is None and not scaled and re.fullmatch(r"\d{4}", s) and 1000 <= value <= 2100:
        return "year"
    return "percent" if unit == "percent" else "number"
