"""``check_numbers``: pair the quantities of a sentence pair by value and report what differs."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from bitext.check.findings import (
    ERROR,
    INFO,
    NUMBER_CHANGED,
    NUMBER_EXTRA,
    NUMBER_MISSING,
    UNIT_CHANGED,
    UNIT_CONVERTED,
    WARNING,
    Finding,
)

from .digits import arabic_digit_findings
from .extract import _extract
from .lexicon import MAX_NUMBER_PAIRS, NEAREST_NUMBERS, _COMPATIBLE, _CONVERSIONS, _DIGITS, _FRACTIONS, _arn, _fraction_name
from .quantity import Quantity


# an Arabic noun in the dual (شعاعين, ساقين, مشكلتين): the number two without a number word
_AR_DUAL_RE = re.compile(r"[\u0621-\u064a\u064b-\u0652]{2,}(?:تين|تان|ين|ان|يين)(?:\u064b|\u064c|\u064d|\u064e|\u064f|\u0650)?(?![\u0621-\u064a])")

_GROUP = {"month": "month", "weekday": "weekday", "time": "time", "digits": "digits"}


@dataclass
class _Item:
    q: Quantity
    weak: bool
    prec: float | None
    span: tuple[int, int]
    text: str
    value: float
    range_part: bool = False
    matched: bool = False
    alt: float | None = None


def _items(text: str, lang: str) -> list[_Item]:
    out = []
    for q, info in _extract(text, lang):
        weak = bool(info.get("weak") or info.get("code"))
        out.append(_Item(q, weak, info.get("prec"), q.span, q.text, q.value, alt=info.get("alt")))
    return out


def _explode(it: _Item) -> list[_Item]:
    q = it.q
    parts = list(re.finditer(r"[-–—]", q.text))
    cut = parts[-1].start() if parts else len(q.text)
    s = q.span[0]
    lo = _Item(q, it.weak, None, (s, s + cut), q.text[:cut].rstrip(), q.value, True)
    hi_text = q.text[cut + 1:]
    off = cut + 1 + (len(hi_text) - len(hi_text.lstrip()))
    hi = _Item(q, it.weak, None, (s + off, q.span[1]), q.text[off:], q.high, True)
    return [lo, hi]


def _group(it: _Item) -> str:
    return _GROUP.get(it.q.kind, "number")


def _kind_ok(a: _Item, b: _Item) -> bool:
    ga, gb = _group(a), _group(b)
    if ga == gb:
        return True
    return {ga, gb} <= {"number", "digits"} or {ga, gb} == {"number", "time"}


def _unit_ok(a: Quantity, b: Quantity) -> bool:
    ua, ub = a.unit, b.unit
    return ua is None or ub is None or ua == ub or frozenset((ua, ub)) in _COMPATIBLE


def _same_value(a: _Item, b: _Item) -> bool:
    if a.q.kind == "digits" and b.q.kind == "digits":
        if a.q.digits == b.q.digits:
            return True
        ga, gb = re.findall(r"\d+", a.text.translate(_DIGITS)), re.findall(r"\d+", b.text.translate(_DIGITS))
        return len(ga) > 1 and (ga[::-1] == gb or "".join(ga[::-1]).lstrip("0") == "".join(gb).lstrip("0"))
    va = {a.value} | ({a.alt} if a.alt is not None else set())
    vb = {b.value} | ({b.alt} if b.alt is not None else set())
    return any(math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-9) for x in va for y in vb)


def _same_digits(a: _Item, b: _Item) -> bool:
    da = re.sub(r"\D", "", a.text.translate(_DIGITS))
    db = re.sub(r"\D", "", b.text.translate(_DIGITS))
    return len(da) >= 3 and da == db and (a.q.kind == "time" or b.q.kind == "time")


def _range_scaled(a: _Item, b: _Item, src: list[_Item]) -> bool:
    """Source 4.2 followed by a range end with a scale (3.9 مليون); translation 4.2 million."""
    if a.q.kind != "number" or b.q.kind != "number" or not a.value:
        return False
    for scale in (1e3, 1e6, 1e9):
        if math.isclose(b.value, a.value * scale, rel_tol=1e-9):
            return any(x is not a and x.value >= scale and x.span[0] > a.span[0]
                       and x.span[0] - a.span[1] <= 12 for x in src)
    return False


def _rounded(a: _Item, b: _Item) -> bool:
    for x, y in ((a, b), (b, a)):
        if x.prec and y.value and not y.prec:
            if math.isclose(round(y.value / x.prec) * x.prec, x.value, rel_tol=1e-12):
                return True
        if x.prec and y.prec and x.prec > y.prec and math.isclose(round(y.value / x.prec) * x.prec, x.value, rel_tol=1e-12):
            return True
    return False


def _converted(a: _Item, b: _Item) -> bool:
    ua, ub = a.q.unit, b.q.unit
    if not ua or not ub or ua == ub:
        return False
    va, vb = a.value, b.value
    if {ua, ub} == {"celsius", "fahrenheit"} or ({ua, ub} & {"celsius", "fahrenheit"} and "degree" in (ua, ub)):
        c, f = (va, vb) if ua in ("celsius", "degree") and ub == "fahrenheit" else (vb, va)
        if "fahrenheit" not in (ua, ub):
            return False
        return abs(c * 9 / 5 + 32 - f) <= max(1.0, 0.04 * abs(f))
    for u1, u2, factor in _CONVERSIONS:
        for (x, ux), (y, uy) in (((va, ua), (vb, ub)), ((vb, ub), (va, ua))):
            if ux == u1 and uy == u2:
                expect = x * factor
                if abs(expect - y) <= max(0.04 * abs(expect), 0.5 if abs(expect) < 20 else 0):
                    return True
    return False


def _snippet(text: str, span: tuple[int, int]) -> str:
    """The quantity's text plus the next word, for messages."""
    m = re.match(r"\s*[^\s.,;:!?،؛]+", text[span[1]:])
    end = span[1] + (m.end() if m and len(m.group(0).strip()) <= 20 else 0)
    return text[span[0]:end]


def _fmt(v: float) -> str:
    if v is None:
        return "?"
    if float(v).is_integer():
        return f"{int(v):,}" if abs(v) >= 10000 else str(int(v))
    return f"{v:.3g}" if abs(v) < 1 else f"{v:g}"


def _label(it: _Item) -> str:
    k = it.q.kind
    if k == "digits":
        return f"digit string {it.q.digits}"
    noun = {"month": "month", "weekday": "weekday", "time": "time", "year": "year", "decade": "decade",
            "ordinal": "ordinal", "percent": "percentage"}.get(k, "number")
    return f"{noun} {_value_text(it)}"


def _value_text(it: _Item) -> str:
    """The value as a person reads it: clock times as h:mm (they are stored as hours)."""
    if it.q.kind == "time":
        hours = int(it.value)
        return f"{hours}:{round((it.value - hours) * 60):02d}"
    return _fmt(it.value)


def check_numbers(source: str, target: str, sentence: int = 0) -> list[Finding]:
    """Compare the numbers of an Arabic source sentence with its English translation."""
    src = _items(source, "ar")
    tgt = _items(target, "en")
    findings: list[Finding] = []

    def values(a: _Item | None, b: _Item | None) -> dict:
        d: dict = {}
        if a is not None:
            d.update(source=a.value, source_text=a.text, source_kind=a.q.kind)
        if b is not None:
            d.update(target=b.value, target_text=b.text, target_kind=b.q.kind)
        d["unit"] = (a.q.unit if a is not None else None) or (b.q.unit if b is not None else None)
        if a is not None and b is not None and a.q.unit != b.q.unit:
            d.update(source_unit=a.q.unit, target_unit=b.q.unit)
        return d

    # 1. ranges with equal ends
    for a in src:
        if a.q.high is None:
            continue
        for b in tgt:
            if not b.matched and b.q.high is not None and math.isclose(a.value, b.value) and math.isclose(a.q.high, b.q.high):
                a.matched = b.matched = True
                break
    src = [p for it in src for p in (_explode(it) if it.q.high is not None and not it.matched else [it])]
    tgt = [p for it in tgt for p in (_explode(it) if it.q.high is not None and not it.matched else [it])]

    # A line with thousands of numbers (a megabyte line without sentence ends) would compare every
    # source number with every target number: there each is compared only with the NEAREST target
    # numbers by relative position. Real sentences (far fewer numbers) compare all pairs.
    src_pos = [a.span[0] / max(len(source), 1) for a in src]
    tgt_pos = [b.span[0] / max(len(target), 1) for b in tgt]
    windowed = len(src) * len(tgt) > MAX_NUMBER_PAIRS
    tgt_order = sorted(range(len(tgt)), key=tgt_pos.__getitem__) if windowed else []
    sorted_tgt_pos = [tgt_pos[i] for i in tgt_order]

    def neighbours(ia: int):
        if not windowed:
            return range(len(tgt))
        at = bisect.bisect_left(sorted_tgt_pos, src_pos[ia])
        lo = max(0, min(at - NEAREST_NUMBERS // 2, len(tgt_order) - NEAREST_NUMBERS))
        return tgt_order[lo:lo + NEAREST_NUMBERS]

    def pair_pass(test, prefer_same=True):
        cands = []
        for ia, a in enumerate(src):
            if a.matched:
                continue
            for ib in neighbours(ia):
                b = tgt[ib]
                if b.matched or not test(a, b):
                    continue
                score = (0 if a.q.kind == b.q.kind else 1) + (0 if a.q.unit == b.q.unit else 1)
                rel = abs(a.span[0] / max(len(source), 1) - b.span[0] / max(len(target), 1))
                cands.append((score, rel, ia, ib))
        cands.sort()
        pairs = []
        for _, _, ia, ib in cands:
            a, b = src[ia], tgt[ib]
            if a.matched or b.matched:
                continue
            a.matched = b.matched = True
            pairs.append((a, b))
        return pairs

    # 2. exact values
    pair_pass(lambda a, b: _kind_ok(a, b) and _unit_ok(a.q, b.q) and _same_value(a, b))
    # 3. rounding
    pair_pass(lambda a, b: _kind_ok(a, b) and _unit_ok(a.q, b.q) and _rounded(a, b))
    # 3b. the same digits written another way (06:30 / 0630, 2:11.60 / 2.11.60): a format, not a value
    pair_pass(lambda a, b: _same_digits(a, b))
    # 3c. a scale word shared by both ends of a range (4.2 إلى 3.9 مليون = 4.2 million to 3.9 million)
    pair_pass(lambda a, b: _range_scaled(a, b, src))
    # 4. conversions and unit changes
    for a, b in pair_pass(lambda a, b: _kind_ok(a, b) and _converted(a, b)):
        findings.append(Finding(UNIT_CONVERTED, INFO, sentence,
                                f"{_label(a)} {a.q.unit} (source \"{a.text}\") is given as {_fmt(b.value)} {b.q.unit} "
                                f"(\"{b.text}\") in the translation: a unit conversion, check it",
                                a.span, b.span, values(a, b)))
    for a, b in pair_pass(lambda a, b: _kind_ok(a, b) and not _unit_ok(a.q, b.q) and (_same_value(a, b) or _rounded(a, b))):
        if a.weak or b.weak:
            continue
        findings.append(Finding(UNIT_CHANGED, ERROR, sentence,
                                f"{_label(a)} {a.q.unit} (source \"{_snippet(source, a.span)}\") is {_value_text(b)} "
                                f"{b.q.unit} in the translation (\"{b.text}\"): the unit changed",
                                a.span, b.span, values(a, b)))
    # 5. fractions (weak on their own: نصف is also "middle"): a source fraction and a different one
    #    in the translation, neither matched, is a changed number (نصف -> a third)
    def fraction(it: _Item, lang: str) -> bool:
        if it.matched or it.q.kind != "number" or any(c.isdigit() for c in it.text.translate(_DIGITS)):
            return False
        if not any(math.isclose(it.value, v) for v in _FRACTIONS):
            return False
        return bool(re.search(r"half|third|quarter", it.text, re.I)) if lang == "en" else any(
            _arn(w) in _arn(it.text) for w in ("نصف", "ثلث", "ربع"))
    fs = [a for a in src if fraction(a, "ar")]
    ft = [b for b in tgt if fraction(b, "en")]
    if fs and ft and not any(math.isclose(a.value, b.value) for a in fs for b in ft):
        for a, b in zip(fs, ft):
            a.matched = b.matched = True
            findings.append(Finding(NUMBER_CHANGED, ERROR, sentence,
                                    f"{_fraction_name(a.value)} (source \"{_snippet(source, a.span)}\") is "
                                    f"{_fraction_name(b.value)} in the translation (\"{b.text}\")",
                                    a.span, b.span, values(a, b)))
    # 6. leftovers
    src_vals = [x.value for x in src]

    def reportable(it: _Item, other_vals) -> bool:
        if it.matched or it.weak:
            return False
        if it.q.kind == "digits":
            return True
        if it.alt is not None and any(math.isclose(it.alt, v, rel_tol=1e-12) for v in other_vals):
            return False
        return not any(math.isclose(it.value, v, rel_tol=1e-12) for v in other_vals)

    ls = [a for a in src if reportable(a, [])]
    lt = [b for b in tgt if reportable(b, src_vals)]
    if any(b.value == 2 for b in lt) and _AR_DUAL_RE.search(source):
        lt = [b for b in lt if b.value != 2 or b.range_part]
    # a leftover target that converts a source quantity (250 miles (402 km)) is info
    for b in list(lt):
        for a in src:
            if _converted(a, b):
                lt.remove(b)
                findings.append(Finding(UNIT_CONVERTED, INFO, sentence,
                                        f"{_fmt(b.value)} {b.q.unit} (\"{b.text}\") in the translation converts source "
                                        f"\"{a.text}\"", a.span, b.span, values(a, b)))
                break
    # "116 123" in the translation for "116123" (or the reverse): digits split by a space
    for xs, ys, ytext in ((ls, lt, target), (lt, ls, source)):
        for a in list(xs):
            da = re.sub(r"\D", "", a.text.translate(_DIGITS))
            for k in range(len(ys) - 1):
                y1, y2 = ys[k], ys[k + 1]
                if y1.span[1] < y2.span[0] and ytext[y1.span[1]:y2.span[0]] == " " and da and da == re.sub(
                        r"\D", "", (y1.text + y2.text).translate(_DIGITS)):
                    xs.remove(a)
                    del ys[k:k + 2]
                    break
    changed = []
    for a in list(ls):
        for b in lt:
            if _kind_ok(a, b) and _unit_ok(a.q, b.q):
                changed.append((a, b))
                ls.remove(a)
                lt.remove(b)
                break
    for a, b in changed:
        findings.append(Finding(NUMBER_CHANGED, ERROR, sentence,
                                f"{_label(a)} (source \"{_snippet(source, a.span)}\") is {_value_text(b)} in the "
                                f"translation (\"{b.text}\")", a.span, b.span, values(a, b)))
    ls = [a for a in ls if a.q.kind != "weekday"]  # weekdays: only a changed day is reported
    lt = [b for b in lt if b.q.kind != "weekday"]
    for a in ls:
        findings.append(Finding(NUMBER_MISSING, ERROR, sentence,
                                f"{_label(a)} (source \"{_snippet(source, a.span)}\") is missing from the translation",
                                a.span, None, values(a, None)))
    for b in lt:
        findings.append(Finding(NUMBER_EXTRA, WARNING, sentence,
                                f"{_label(b)} (\"{_snippet(target, b.span)}\") in the translation has no counterpart "
                                f"in the source", None, b.span, values(None, b)))
    findings.extend(arabic_digit_findings(target, sentence))
    findings.sort(key=lambda f: (f.source_span or f.target_span or (0, 0))[0])
    return findings


# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, the Arabic decimal and thousands separators and
# the Arabic percent sign; a run of them (Western digits included) in the English is one finding
