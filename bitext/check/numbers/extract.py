"""``extract_numbers``: tokens -> the language's parser -> ranges and paired months joined; memoised."""

from __future__ import annotations

import dataclasses
import functools
import re

from .arabic import _parse_ar
from .english import _parse_en
from .quantity import Quantity
from .tokens import _tokenize
from .triggers import number_windows


def _postprocess(text: str, items: list[tuple[Quantity, dict]]) -> list[tuple[Quantity, dict]]:
    out: list[tuple[Quantity, dict]] = []
    for q, info in items:
        if out:
            p, pinfo = out[-1]
            between = text[p.span[1]:q.span[0]]
            # a month written in both naming systems: تموز/يوليو, تموز (يوليو)
            if p.kind == q.kind == "month" and p.value == q.value and re.fullmatch(r"[\s/()\-–,]*", between):
                out[-1] = (Quantity(p.value, "month", None, (p.span[0], q.span[1]), text[p.span[0]:q.span[1]]), pinfo)
                continue
            # ranges 10-15, ١٠–١٥
            if p.high is None and p.kind in ("number", "year", "percent") and q.kind in ("number", "year", "percent") \
                    and re.fullmatch(r"\s*[-–—]\s*", between) and not info.get("code") and not pinfo.get("code"):
                lo, hi = p.value, abs(q.value)
                if q.value < 0:  # "10 -15" read as a sign
                    pass
                if hi < lo and lo >= 1000 and hi < 100:  # 1990-91
                    hi = lo - lo % 100 + hi
                if hi > lo and (p.unit is None or q.unit is None or p.unit == q.unit):
                    unit = q.unit or p.unit
                    kind = "percent" if unit == "percent" else p.kind
                    out[-1] = (Quantity(lo, kind, unit, (p.span[0], q.span[1]), text[p.span[0]:q.span[1]], None, hi),
                               {**pinfo, "prec": None})
                    continue
        out.append((q, info))
    return out


# HTML/XML character references (&#39; &quot; &#x27;) left in MT output are not numbers
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


@functools.lru_cache(maxsize=65536)
def _extract(text: str, lang: str) -> tuple[tuple[Quantity, dict], ...]:
    """Quantities with parse details; memoised (check, align, view and eval read the
    same sentences several times). Callers must not modify the result."""
    return tuple(_extract_uncached(text, lang))


def _extract_uncached(text: str, lang: str) -> list[tuple[Quantity, dict]]:
    # blank them out with spaces of the same length, so every span stays valid
    text = _ENTITY_RE.sub(lambda m: " " * len(m.group()), text)
    if lang != "ar":
        norm, toks = _tokenize(text, lang)
        return _postprocess(text, _parse_en(text, norm, toks))
    items: list[tuple[Quantity, dict]] = []
    for a, b in number_windows(text):  # only the parts that may hold a number, spans kept whole-text
        part = text[a:b]
        norm, toks = _tokenize(part, lang)
        items += [(dataclasses.replace(q, span=(q.span[0] + a, q.span[1] + a)), info)
                  for q, info in _parse_ar(part, norm, toks)]
    return _postprocess(text, items)


def extract_numbers(text: str, lang: str) -> list[Quantity]:
    """All quantities in ``text`` (``lang`` "ar" or "en"), in order of appearance."""
    if lang not in ("ar", "en"):
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    return [q for q, _ in _extract(text, lang)]
