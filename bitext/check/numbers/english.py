"""The English number parser."""

from __future__ import annotations

import re

from .lexicon import _CURRENCY_SYMBOLS, _EN_DECADE_WORDS, _EN_FRAC, _EN_MONTHS, _EN_ORD, _EN_SCALE, _EN_SCALE_ABBR, _EN_SMALL, _EN_TENS, _EN_UNITS, _EN_VAGUE_N, _EN_WEEKDAYS, _ROMAN, _ROMAN_VAL, _TZ
from .quantity import Quantity
from .tokens import _Builder, _Tok, _decimals, _kind_for_digits, _num_value


def _en_units(toks: list[_Tok], j: int, text: str) -> tuple[str | None, int]:
    """Unit starting at token j (after a number); returns (unit, index after the unit)."""
    n = len(toks)
    if j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n and toks[j + 1].type == "word":
        j0 = j + 1  # 4-month-old, 20-km
    else:
        j0 = j
    if j0 >= n:
        return None, j
    t = toks[j0]
    w = t.norm
    if t.type == "sym" and t.text == "%":
        return "percent", j0 + 1
    if t.type == "sym" and t.text == "°" and j0 + 1 < n and toks[j0 + 1].text in ("C", "F"):
        return ("celsius" if toks[j0 + 1].text == "C" else "fahrenheit"), j0 + 2
    if t.type != "word":
        return None, j
    if w == "per" and j0 + 1 < n and toks[j0 + 1].norm == "cent":
        return "percent", j0 + 2
    if w == "percentage" and j0 + 1 < n and toks[j0 + 1].norm == "points":
        return "percent", j0 + 2
    if w in ("square", "sq") and j0 + 1 < n and toks[j0 + 1].norm in _EN_UNITS:
        u = _EN_UNITS[toks[j0 + 1].norm]
        return (u + "2" if u in ("km", "mile", "m") else u), j0 + 2
    if w == "km" and j0 + 2 < n and toks[j0 + 1].text == "/" and toks[j0 + 2].norm == "h":
        return "kmh", j0 + 3
    u = _EN_UNITS.get(w)
    if u is None:
        return None, j
    if w in ("m", "g", "min", "mi") and t.text != w:
        return None, j
    if u in ("km", "mile") and j0 + 2 < n and toks[j0 + 1].norm in ("per", "an", "a") and toks[j0 + 2].norm == "hour":
        return ("kmh" if u == "km" else "mph"), j0 + 3
    if u == "degree" and j0 + 1 < n and toks[j0 + 1].text in ("Celsius", "C", "centigrade", "Fahrenheit", "F"):
        return ("fahrenheit" if toks[j0 + 1].text in ("Fahrenheit", "F") else "celsius"), j0 + 2
    if u in ("km", "m", "mile") and j0 + 1 < n and toks[j0 + 1].text in ("²", "2") and toks[j0 + 1].start == t.end:
        return u + "2", j0 + 2
    if u == "second" and t.text == "second" and j0 + 1 < n and toks[j0 + 1].type == "word" \
            and toks[j0 + 1].norm not in ("and", "or", "of", "in", "to"):
        return None, j  # "2 second place"? keep second as ordinal
    return u, j0 + 1


def _en_word_number(toks: list[_Tok], i: int):
    """Parse an English cardinal written in words from token i; returns (value, end_index, n_words) or None."""
    n = len(toks)
    total, cur = 0.0, 0.0
    j = i
    last = None  # "small", "tens", "scale"
    any_word = False
    while j < n:
        t = toks[j]
        w = t.norm if t.type == "word" else None
        if w is None:
            break
        if w in ("a", "an") and not any_word and j + 1 < n and toks[j + 1].norm in ("hundred", "thousand", "million", "billion", "trillion"):
            cur = 1
            last = "small"
            j += 1
            continue
        if w in _EN_SMALL:
            if last in ("small",):
                break
            if last == "tens" and _EN_SMALL[w] >= 10:
                break
            cur += _EN_SMALL[w]
            last = "small"
        elif w in _EN_TENS:
            if last in ("small", "tens"):
                break
            cur += _EN_TENS[w]
            last = "tens"
        elif w in _EN_SCALE:
            sc = _EN_SCALE[w]
            if sc == 100:
                if last == "scale100":
                    break
                cur = (cur or 1) * 100
                last = "scale100"
            else:
                total += (cur or 1) * sc
                cur = 0
                last = "scale"
        else:
            break
        any_word = True
        j += 1
        # connectors: twenty-five, two hundred and fifty
        if j + 1 < n and toks[j].type == "sym" and toks[j].text == "-" and last == "tens" \
                and toks[j + 1].norm in _EN_SMALL and toks[j].start == toks[j - 1].end:
            j += 1
        elif j + 1 < n and toks[j].norm == "and" and last in ("scale", "scale100") \
                and (toks[j + 1].norm in _EN_SMALL or toks[j + 1].norm in _EN_TENS):
            j += 1
    if not any_word:
        return None
    while j > i and toks[j - 1].type != "word":
        j -= 1
    return total + cur, j


def _add_phone(b, t) -> None:
    """A long digit string (phone, id): compared exactly, without a leading 00."""
    digits = re.sub(r"\D", "", t.norm)
    digits = digits[2:] if t.norm.startswith("00") else digits
    b.add(float(digits), "digits", None, t.start, t.end, digits=digits)


def _clock(hours: str, minutes: str) -> float:
    """Clock time as hours on a 12-hour dial: 12:00, 00:00 and 24:00 meet."""
    return int(hours) % 12 + int(minutes) / 60


def _and_a_half(toks: list[_Tok], j: int) -> bool:
    return j + 2 < len(toks) and toks[j].norm == "and" and toks[j + 1].norm == "a" and toks[j + 2].norm == "half"


def _parse_en(text: str, norm: str, toks: list[_Tok]) -> list[tuple[Quantity, dict]]:
    b = _Builder(text, toks)
    n = len(toks)
    i = 0

    def prev_word(k):
        return toks[k - 1].norm if k > 0 and toks[k - 1].type == "word" else None

    def sentence_start(k):
        return k == 0 or toks[k - 1].text in ('.', '"', '“', '!', '?', ':', '(', '‘', "'")

    while i < n:
        t = toks[i]
        if t.type == "phone":
            _add_phone(b, t)
            i += 1
            continue
        if t.type == "frac":
            a_, b_ = map(int, t.norm.split("/"))
            if b_:
                b.add(a_ / b_, "number", None, t.start, t.end, weak=True)  # 2/3, 9/11, 24/7
            i += 1
            continue
        if t.type == "time":
            h, mnt = t.norm.split(":")[:2]
            e = t.end
            j = i + 1
            if j < n and toks[j].norm in ("am", "pm", "a", "p", "gmt", "utc"):
                e = toks[j].end
                j += 1
            b.add(_clock(h, mnt), "time", None, t.start, e)
            i = j
            continue
        if t.type == "decade":
            digits = re.sub(r"\D", "", t.norm)
            v = int(digits)
            alt = None
            if v < 100:
                alt = v if not re.match(r"['’]", t.text) else None
                v += 1900 if v >= 20 else 2000
            b.add(v, "decade", None, t.start, t.end, alt=alt)
            i += 1
            continue
        if t.type == "ordn":
            b.add(int(re.sub(r"\D", "", t.norm)), "ordinal", None, t.start, t.end)
            i += 1
            continue
        if t.type == "num":
            s = t.start
            unit = None
            # currency symbol before: $5, US$5, € 5
            k = i - 1
            if k >= 0 and toks[k].type == "sym" and toks[k].text in _CURRENCY_SYMBOLS:
                unit = _CURRENCY_SYMBOLS[toks[k].text]
                s = toks[k].start
                if k - 1 >= 0 and toks[k - 1].text in ("US", "A", "C", "NZ", "HK") and toks[k - 1].end == toks[k].start:
                    s = toks[k - 1].start
            elif k >= 0 and toks[k].type == "word" and toks[k].text in ("USD", "EUR", "GBP", "US$"):
                unit = _EN_UNITS[toks[k].norm]
                s = toks[k].start
            value = _num_value(t.norm)
            # sign
            code = False
            neg = False
            if s == t.start and s >= 1 and norm[s - 1] == "-" and (s == 1 or norm[s - 2] in " (\t") \
                    and not (b.out and b.out[-1][0].span[1] >= s - 2 and b.out[-1][0].kind != "digits"):
                s -= 1
                value = -value
                neg = text[s] == "-"
            if t.start >= 1 and re.match(r"[A-Za-z]", norm[t.start - 1]) or \
                    (t.start >= 2 and norm[t.start - 1] == "-" and re.match(r"[A-Za-z]", norm[t.start - 2])):
                code = True
            dec = _decimals(t.norm)
            scaled = False
            j = i + 1
            e = t.end
            prec = None
            while j < n and toks[j].type == "word" and (toks[j].norm in _EN_SCALE or (
                    toks[j].norm in _EN_SCALE_ABBR and (unit or toks[j].norm != "m") and toks[j].start == t.end)):
                value *= _EN_SCALE.get(toks[j].norm) or _EN_SCALE_ABBR[toks[j].norm]
                scaled = True
                e = toks[j].end
                j += 1
            if scaled:
                prec = 10.0 ** (-dec) * (value / _num_value(t.norm) if _num_value(t.norm) else 1)
            if j < n and toks[j].norm in ("dozen",):
                value *= 12
                e = toks[j].end
                j += 1
            if len(t.norm) >= 7 and t.norm.isdigit():
                b.add(value, "digits", None, s, e, digits=t.norm)
                i = j
                continue
            if dec == 2 and j < n and toks[j].norm in _TZ and value < 24:
                b.add(int(value) % 12 + round((value % 1) * 100) / 60, "time", None, s, toks[j].end)
                i = j + 1
                continue
            if t.norm.isdigit() and len(t.norm) == 4 and j < n and toks[j].norm in ("gmt", "utc", "hours", "hrs") \
                    and int(t.norm[:2]) < 24 and int(t.norm[2:]) < 60:
                b.add(int(t.norm[:2]) % 12 + int(t.norm[2:]) / 60, "time", None, s, toks[j].end)
                i = j + 1
                continue
            if j < n and toks[j].norm in ("o", "oclock") and j + 2 < n and toks[j + 2].norm == "clock":
                b.add(value % 12, "time", None, s, toks[j + 2].end)
                i = j + 3
                continue
            if j < n and toks[j].norm in ("am", "pm") or (j + 2 < n and toks[j].norm in ("a", "p") and toks[j + 1].text == "."
                                                         and toks[j + 2].norm == "m"):
                end = toks[j].end if toks[j].norm in ("am", "pm") else toks[j + 2].end
                hv = int(value) % 12 + (round((value % 1) * 100) / 60 if dec == 2 else 0)
                b.add(hv, "time", None, s, end)
                i = j + 1 if toks[j].norm in ("am", "pm") else j + 3
                continue
            u, j2 = _en_units(toks, j, text)
            if u is not None:
                if unit is None or unit == u:
                    unit = u
                    e = toks[j2 - 1].end
                    j = j2
            if _and_a_half(toks, j):  # "X and a half"
                value, e, j = value + 0.5, toks[j + 2].end, j + 3
            kind = _kind_for_digits(value, t.norm, unit, scaled)
            b.add(value, kind, unit, s, e, code=code, prec=prec, alt=-value if neg else None)
            i = j
            continue
        if t.type != "word":
            i += 1
            continue
        w = t.norm
        # months and weekdays (capitalised)
        if t.text in _EN_MONTHS:
            ok = True
            if t.text in ("May", "March", "Jan", "Sep", "Sept", "Dec", "Oct", "Nov", "Feb", "Aug"):
                near_num = (i + 1 < n and toks[i + 1].type in ("num", "ordn")) or (i > 0 and toks[i - 1].type in ("num", "ordn")) \
                    or (t.text != "May" and i + 2 < n and toks[i + 1].text == "." and toks[i + 2].type in ("num", "ordn"))
                pw = prev_word(i)
                ok = near_num or pw in ("in", "of", "since", "until", "by", "early", "late", "mid", "last", "next", "on",
                                        "during", "from", "to", "through", "this", "till", "and", "or", "between")
                if t.text == "March" and not sentence_start(i) and pw not in ("a", "the", "to"):
                    ok = True
            if ok:
                b.add(_EN_MONTHS[t.text], "month", None, t.start, t.end)
                i += 1
                continue
        wd = t.text[:-1] if t.text.endswith("s") and t.text[:-1] in _EN_WEEKDAYS else t.text
        if wd in _EN_WEEKDAYS and not (i + 1 < n and toks[i + 1].type == "word" and toks[i + 1].text[:1].isupper()
                                       and toks[i + 1].text not in _EN_MONTHS):
            b.add(_EN_WEEKDAYS[wd], "weekday", None, t.start, t.end)
            i += 1
            continue
        if w in _EN_DECADE_WORDS and prev_word(i) in ("the", "their", "his", "her", "its", "late", "early", "mid"):
            b.add(1900 + _EN_DECADE_WORDS[w], "decade", None, t.start, t.end)
            i += 1
            continue
        if w in ("noon", "midday", "midnight"):
            b.add(0, "time", None, t.start, t.end, weak=True)
            i += 1
            continue
        if len(t.text) >= 2 and _ROMAN.match(t.text) and t.text.isupper() and i > 0 and toks[i - 1].type == "word" \
                and toks[i - 1].text[:1].isupper() and t.text not in ("I", "DC", "CD"):
            v, prev = 0, 0
            for ch in reversed(t.text):
                x = _ROMAN_VAL[ch]
                v = v - x if x < prev else v + x
                prev = max(prev, x)
            b.add(v, "ordinal", None, t.start, t.end)
            i += 1
            continue
        # fractions
        if w in ("half",) and not (i + 1 < n and toks[i + 1].norm in ("a", "an") and i + 2 < n
                                   and toks[i + 2].norm in _EN_SCALE):
            if prev_word(i) in ("and",) and b.out and b.out[-1][0].span[1] >= toks[i - 2].end:
                i += 1
                continue
            b.add(0.5, "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        if w == "half" and i + 2 < n:
            b.add(0.5 * _EN_SCALE[toks[i + 2].norm], "number", None, t.start, toks[i + 2].end)
            i += 3
            continue
        m = re.fullmatch(r"(two|three|four|five|six|seven|eight|nine|ten)(balls?|somes?|fold)", w)
        if m:
            b.add(_EN_SMALL[m.group(1)], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        parsed = _en_word_number(toks, i)
        if parsed is not None and w not in ("a", "an"):
            value, j = parsed
            s, e = t.start, toks[j - 1].end
            if j < n and toks[j].norm in ("dozen",):
                value *= 12
                e = toks[j].end
                j += 1
            # two-thirds, three quarters, a third
            if j < n and toks[j].norm in ("thirds", "third", "quarters", "quarter") or \
                    (j + 1 < n and toks[j].text == "-" and toks[j + 1].norm in ("thirds", "third", "quarters", "quarter")):
                jj = j if toks[j].type == "word" else j + 1
                b.add(value * _EN_FRAC[toks[jj].norm], "number", None, s, toks[jj].end, weak=True)
                i = jj + 1
                continue
            if j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n and toks[j + 1].norm in _EN_ORD \
                    and toks[j - 1].norm in _EN_TENS:
                b.add(value + _EN_ORD[toks[j + 1].norm], "ordinal", None, s, toks[j + 1].end)
                i = j + 2
                continue
            weak = value == 1 and j == i + 1
            if j == i + 1 and w in _EN_SCALE:
                weak = True  # several million, hundreds
            if j + 1 < n and toks[j].text == "-" and toks[j + 1].norm in ("dimensional", "way", "fold"):
                weak = True
            if t.text[:1].isupper() and not sentence_start(i) and j == i + 1:
                weak = True  # Six Flags, Five Lands: names
            if w == "one" and j == i + 1 and i + 1 < n and toks[i + 1].norm in ("of", "another", "day", "by", "way"):
                weak = True
            if j < n and toks[j].norm in ("o", "oclock") and j + 2 < n and toks[j + 2].norm == "clock":
                b.add(value % 12, "time", None, s, toks[j + 2].end)
                i = j + 3
                continue
            unit, j2 = _en_units(toks, j, text)
            if unit is not None:
                e = toks[j2 - 1].end
                j = j2
            if _and_a_half(toks, j):  # "X and a half"
                value, e, j = value + 0.5, toks[j + 2].end, j + 3
            b.add(value, "percent" if unit == "percent" else "number", unit, s, e, weak=weak)
            i = j
            continue
        if w in ("a", "an", "one") and i + 1 < n and toks[i + 1].norm in ("third", "quarter", "dozen", "fifth", "tenth") and (
                toks[i + 1].norm == "dozen" or i + 2 >= n or toks[i + 2].type != "word"
                or toks[i + 2].norm in ("of", "the", "and", "or", "to", "in", "on", "at", "for", "by", "from")):
            v = 12 if toks[i + 1].norm == "dozen" else _EN_FRAC.get(toks[i + 1].norm) or 1 / _EN_ORD[toks[i + 1].norm]
            b.add(v, "number", None, t.start, toks[i + 1].end, weak=v != 12)
            i += 2
            continue
        if w in ("a", "an") and parsed is not None:
            value, j = parsed
            if j > i + 1:
                e = toks[j - 1].end
                unit, j2 = _en_units(toks, j, text)
                if unit is not None:
                    e = toks[j2 - 1].end
                    j = j2
                b.add(value, "number", unit, t.start, e)
                i = j
                continue
        if w == "dozen":
            b.add(12, "number", None, t.start, t.end)
            i += 1
            continue
        if w in _EN_VAGUE_N:
            b.add(_EN_VAGUE_N[w], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        if w in _EN_ORD:
            v = _EN_ORD[w]
            if w == "second" and (prev_word(i) in ("a", "per", "split", "every", "each", "one", "fraction")):
                i += 1
                continue
            discourse = sentence_start(i) and i + 1 < n and toks[i + 1].text == "," or (
                w == "third" and prev_word(i) in ("final", "middle", "attacking", "defensive"))
            b.add(v, "ordinal", None, t.start, t.end, weak=(v == 1) or discourse)
            i += 1
            continue
        if t.text in ("WWI", "WWII"):
            b.add(len(t.text) - 2, "ordinal", None, t.start, t.end)
            i += 1
            continue
        i += 1
    return b.out
