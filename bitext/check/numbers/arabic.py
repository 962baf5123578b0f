"""The Arabic number parser."""

from __future__ import annotations

import re

from .english import _add_phone, _clock, _en_units, _parse_en
from .lexicon import _AR_ADJ_N, _AR_CARD, _AR_DAYPART, _AR_DECADE, _AR_DUAL, _AR_DUAL_NOUNS, _AR_FRAC, _AR_MONTH1, _AR_MONTH2, _AR_ORD, _AR_PERCENT, _AR_PERCENT1, _AR_SCALE_PL, _AR_TWO_CONSTRUCT, _AR_UNITS, _AR_VAGUE, _AR_WEEKDAY, _CURRENCY_SYMBOLS, _EN_UNITS, _TZ, _ar_stems, _arn
from .quantity import Quantity
from .tokens import _Builder, _Tok, _decimals, _kind_for_digits, _num_value


def _parse_ar(text: str, norm: str, toks: list[_Tok]) -> list[tuple[Quantity, dict]]:
    b = _Builder(text, toks)
    n = len(toks)

    def lookup(k, table):
        """(value, prefix) when token k (an Arabic word) is in table, allowing attached prefixes."""
        if k >= n or toks[k].type != "word":
            return None
        for stem, pre in _ar_stems(toks[k].norm):
            if stem in table:
                return table[stem], pre
            if stem.endswith("ا") and stem[:-1] in table and table is _AR_CARD and len(stem) > 3:
                return table[stem[:-1]], pre  # ثلاثاً
        return None

    def ar_unit(j):
        """Unit after a number at token j: returns (unit, end index)."""
        if j >= n:
            return None, j
        t = toks[j]
        if t.type == "sym" and t.norm == "%":
            return "percent", j + 1
        if t.type == "word":
            if t.norm in _AR_PERCENT1 or (t.norm.startswith("و") and t.norm[1:] in _AR_PERCENT1):
                return "percent", j + 1
            if j + 1 < n and (t.norm, toks[j + 1].norm) in _AR_PERCENT:
                return "percent", j + 2
            if t.norm.lower() in _EN_UNITS and re.match(r"[A-Za-z]", t.text):
                u, j2 = _en_units(toks, j, text)
                return u, j2
            hit = None
            for stem, pre in _ar_stems(t.norm):
                if stem in _AR_UNITS and pre in ("", "ال"):
                    hit = _AR_UNITS[stem]
                    break
            if hit is None:
                return None, j
            if hit in ("km", "m", "mile") and j + 1 < n and toks[j + 1].norm in (_arn("مربع"), _arn("مربعا"), _arn("مربعة")):
                return hit + "2", j + 2
            if hit == "degree" and j + 1 < n and toks[j + 1].type == "word":
                nx = toks[j + 1].norm
                if nx.startswith(_arn("مئوي")):
                    return "celsius", j + 2
                if nx.startswith(_arn("فهرنهايت")) or nx.startswith(_arn("فهرنهيت")):
                    return "fahrenheit", j + 2
                if nx == _arn("مئوية") or nx == "c":
                    return "celsius", j + 2
            if hit in ("km", "mile") and j + 2 < n and toks[j + 1].norm in (_arn("في"), "/") \
                    and toks[j + 2].norm in (_arn("الساعة"), _arn("ساعة"), _arn("س"), _arn("سا")):
                return ("kmh" if hit == "km" else "mph"), j + 3
            if hit == "kilo" and j + 1 < n and toks[j + 1].norm.startswith(_arn("متر")):
                return "km", j + 2
            return hit, j + 1
        if t.type == "sym" and t.text == "°" and j + 1 < n and toks[j + 1].text in ("C", "F", "م", "س"):
            return ("fahrenheit" if toks[j + 1].text == "F" else "celsius"), j + 2
        return None, j

    def scale_after(j):
        """Scale word(s) after a number: returns (factor, end index)."""
        f = 1.0
        while j < n and toks[j].type == "word":
            st = toks[j].norm
            if st in _AR_SCALE_PL:
                f *= _AR_SCALE_PL[st]
            elif st in _AR_CARD and _AR_CARD[st] in (1000, 1e6, 1e9, 1e12):
                f *= _AR_CARD[st]
            elif st in (_arn("ألف"), _arn("ألفا")):
                f *= 1000
            else:
                break
            j += 1
        return f, j

    i = 0
    while i < n:
        t = toks[i]
        if t.type == "phone":
            _add_phone(b, t)
            i += 1
            continue
        if t.type == "time":
            h, mnt = t.norm.split(":")[:2]
            b.add(_clock(h, mnt), "time", None, t.start, t.end)
            i += 1
            continue
        if t.type in ("num", "decade", "ordn", "frac"):
            if t.type != "num" and t.type != "frac":  # Latin forms inside Arabic text: reuse the English parser on this token
                b.out.extend(_parse_en(text, norm, [t]))
                i += 1
                continue
            if t.type == "frac":
                b.out.extend(_parse_en(text, norm, [t]))
                i += 1
                continue
            s = t.start
            unit = None
            k = i - 1
            if k >= 0 and toks[k].type == "sym" and toks[k].text in _CURRENCY_SYMBOLS:
                unit = _CURRENCY_SYMBOLS[toks[k].text]
                s = toks[k].start
            value = _num_value(t.norm)
            neg = False
            if s == t.start and s >= 1 and norm[s - 1] == "-" and (s == 1 or norm[s - 2] in " (\t") \
                    and not (b.out and b.out[-1][0].span[1] >= s - 2):
                s -= 1
                value = -value
                neg = text[s] == "-"
            code = t.start >= 1 and bool(re.match(r"[A-Za-z]", norm[t.start - 1])) or \
                (t.start >= 2 and norm[t.start - 1] == "-" and bool(re.match(r"[A-Za-z\u0600-\u06ff]", norm[t.start - 2])))
            if len(t.norm) >= 7 and t.norm.isdigit():
                b.add(value, "digits", None, s, t.end, digits=t.norm)
                i += 1
                continue
            if re.fullmatch(r"[012]\d[0-5]\d", t.norm) and i + 1 < n and (toks[i + 1].norm in (
                    _arn("التوقيت"), _arn("بتوقيت"), _arn("غرينتش"), _arn("جرينتش"), "gmt", "utc") or t.norm[0] == "0"):
                b.add(int(t.norm[:2]) % 12 + int(t.norm[2:]) / 60, "time", None, s, t.end)
                i += 1
                continue
            dec = _decimals(t.norm)
            if dec in (0, 2) and i + 1 < n and toks[i + 1].norm in _AR_DAYPART and _num_value(t.norm) < 24:
                v = _num_value(t.norm)
                b.add(int(v) % 12 + round((v % 1) * 100) / 60, "time", None, s, toks[i + 1].end)
                i += 2
                continue
            if dec == 2 and i + 1 < n and toks[i + 1].norm in _TZ and _num_value(t.norm) < 24:
                v = _num_value(t.norm)
                b.add(int(v) % 12 + round((v % 1) * 100) / 60, "time", None, s, t.end)
                i += 1
                continue
            f, j = scale_after(i + 1)
            value *= f
            e = toks[j - 1].end if j > i + 1 else t.end
            u, j2 = ar_unit(j)
            if u is None and j < n and toks[j].type == "sym" and toks[j].text == "-" and j + 1 < n:
                u, j2 = ar_unit(j + 1)
                if u not in ("km", "m", "kg"):
                    u, j2 = None, j
            if u is not None and (unit is None or unit == u):
                unit = u
                e = toks[j2 - 1].end
                j = j2
            if j < n and toks[j].norm == _arn("ونصف"):
                value += 0.5 * f
                e = toks[j].end
                j += 1
            prec = 10.0 ** (-dec) * f if f > 1 else None
            alt = None
            if f == 1 and re.fullmatch(r"\d{1,3}\.\d{3}", t.norm):  # 150.000: thousands dot or decimal
                alt = value
                value = _num_value(t.norm.replace(".", ""))
                if not t.norm.endswith("000"):
                    value, alt = alt, value
                if s < t.start:
                    value, alt = -value, -alt
            if neg and alt is None:
                alt = -value  # -29- : a dash used as a bracket
            b.add(value, _kind_for_digits(value, t.norm, unit, f > 1), unit, s, e, code=code, prec=prec, alt=alt)
            i = j
            continue
        if t.type == "sym" and t.text == "°":
            i += 1
            continue
        if t.type != "word":
            i += 1
            continue
        w = t.norm
        # two-word months: كانون الثاني, تشرين الأول
        if i + 1 < n:
            for stem, pre in _ar_stems(w):
                if (stem, toks[i + 1].norm) in _AR_MONTH2:
                    b.add(_AR_MONTH2[(stem, toks[i + 1].norm)], "month", None, t.start, toks[i + 1].end)
                    i += 2
                    break
            else:
                stem = None
            if stem is not None:
                continue
        hit = lookup(i, _AR_MONTH1)
        if hit is not None and t.text.replace("ـ", "") not in ("أب", "اب") and not (
                hit[0] == 5 and i > 0 and toks[i - 1].norm in (_arn("السيدة"), _arn("تيريزا"), _arn("الوزراء"))):
            v, pre = hit
            ok = True
            if hit is not None and _arn("مارس") in (w, w[1:]):
                near = (i + 1 < n and toks[i + 1].type == "num") or (i > 0 and toks[i - 1].type == "num")
                ok = near or (i > 0 and toks[i - 1].norm in {_arn(x) for x in "في شهر منذ حتى خلال أوائل أواخر منتصف مطلع من إلى".split()})
            if ok:
                b.add(v, "month", None, t.start, t.end)
                i += 1
                continue
        if t.text in ("آب", "وآب") or (t.text == "أب" and ((i + 1 < n and toks[i + 1].type == "num") or (i > 0 and toks[i - 1].type == "num"))):
            b.add(8, "month", None, t.start, t.end)
            i += 1
            continue
        # weekdays (with the article or after يوم)
        hitw = None
        for stem, pre in _ar_stems(w):
            cand = stem if stem.startswith("ال") else "ال" + stem
            if cand in _AR_WEEKDAY and ("ال" in pre or stem.startswith("ال")):
                hitw = _AR_WEEKDAY[cand]
                break
        if hitw is not None and not (hitw == 1 and not (i > 0 and toks[i - 1].norm.endswith(_arn("يوم")))
                                     and not (i + 1 < n and (toks[i + 1].type == "num" or lookup(i + 1, _AR_MONTH1)))):
            b.add(hitw, "weekday", None, t.start, t.end)
            i += 1
            continue
        # decades: الستينيات (من) القرن الماضي / العشرين / التاسع عشر
        hit = lookup(i, _AR_DECADE)
        if hit is not None:
            base, j = 1900, i + 1
            if j < n and toks[j].norm == _arn("من"):
                j += 1
            if j < n and toks[j].norm == _arn("القرن"):
                j += 1
                o = lookup(j, _AR_ORD)
                if j < n and toks[j].norm in (_arn("الماضي"), _arn("العشرين")):
                    j += 1
                elif j < n and toks[j].norm in (_arn("الحالي"),):
                    base, j = 2000, j + 1
                elif o is not None:
                    c = o[0]
                    j += 1
                    if j < n and toks[j].norm in (_arn("عشر"), _arn("عشرة")):
                        c, j = c + 10, j + 1
                    elif j < n and toks[j].norm.startswith(_arn("والعشر")):
                        c, j = c + 20, j + 1
                    base = (c - 1) * 100
                else:
                    j = i + 1
            else:
                j = i + 1
            b.add(base + hit[0], "decade", None, t.start, toks[j - 1].end)
            i = j
            continue
        # percent words right after a number word are handled with the number; fractions
        hit = lookup(i, _AR_FRAC)
        if hit is not None and not (i + 1 < n and toks[i + 1].norm in (_arn("نهائي"), _arn("النهائي"))):
            b.add(hit[0], "number", None, t.start, t.end, weak=True, alt=hit[0] * 100)
            i += 1
            continue
        h = lookup(i, _AR_ADJ_N)
        if h is not None:
            b.add(h[0], "number", None, t.start, t.end, weak=True)
            i += 1
            continue
        # dual nouns (two days, two years ...)
        hit = lookup(i, _AR_DUAL)
        if hit is not None and hit[1] in ("", "و", "ب", "ل", "ف", "وب", "ول", "ال", "وال", "بال", "لل"):
            every = i > 0 and toks[i - 1].norm == _arn("كل")  # كل سنتين "biennial"
            b.add(2, "number", hit[0], t.start, t.end, weak=hit[0] is None or every)
            i += 1
            continue
        hit = lookup(i, _AR_DUAL_NOUNS)
        if hit is not None and hit[1] in ("", "و", "ب", "ل", "ف", "وب", "ول"):
            every = i > 0 and toks[i - 1].norm == _arn("كل")
            b.add(2, "number", None, t.start, t.end, weak=every)
            i += 1
            continue
        # ordinals: الثالث, الحادي عشر, الحادي والعشرين
        hit = lookup(i, _AR_ORD)
        if hit is not None:
            v, pre = hit
            stem = w[len(pre):] if pre and w.startswith(pre) else w
            j = i + 1
            e = t.end
            if j < n and toks[j].norm in (_arn("عشر"), _arn("عشرة")):
                v += 10
                e = toks[j].end
                j += 1
            elif j < n and toks[j].norm.startswith("و"):
                h2 = lookup(j, _AR_CARD)
                if h2 is not None and 20 <= h2[0] <= 90 and h2[1].startswith("و"):
                    v += h2[0]
                    e = toks[j].end
                    j += 1
            elif stem.startswith(_arn("حادي")):
                i += 1
                continue
            if v == 1:
                b.add(1, "ordinal", None, t.start, e, weak=True)
            elif v == 2 and j < n and toks[j].norm.startswith(_arn("أكسيد")):
                i = j
                continue  # ثاني أكسيد الكربون: dioxide
            elif v == 2 and stem in (_arn("ثانية"), _arn("الثانية")) and ("ال" not in pre and not stem.startswith("ال")
                                                                     or (i > 0 and toks[i - 1].norm == _arn("في"))):
                i = j
                continue  # مرة ثانية "again"; ثانية "a second"
            else:
                weak2 = False
                if v == 2 and ("ال" in pre or stem.startswith("ال")):
                    prev = toks[i - 1].norm if i > 0 and toks[i - 1].type == "word" else ""
                    prev = prev[1:] if prev[:1] in "وبلف" and prev[1:3] == "ال" else prev
                    # الثانية alone is "the latter"; الشوط الثاني "the restart"; السنة الثانية "sophomore"
                    weak2 = not prev.startswith("ال") or prev in (_arn("الشوط"), _arn("السنة"))
                b.add(v, "ordinal", None, t.start, e, weak=weak2)
            i = j
            continue
        # cardinal words
        hit = lookup(i, _AR_CARD)
        if hit is not None and hit[0] == 2 and w[len(hit[1]):] in _AR_TWO_CONSTRUCT and not (
                i + 1 < n and toks[i + 1].norm in (_arn("عشر"), _arn("عشرة"))):
            i += 1
            continue  # أثنى "praised", اثنا without عشر
        if hit is not None and hit[0] == 2 and "ال" in hit[1]:
            b.add(2, "number", None, t.start, t.end, weak=True)  # الاثنين "the two"
            i += 1
            continue
        if hit is None and lookup(i, _AR_VAGUE and {k: 0 for k in _AR_VAGUE}) is not None:
            i += 1
            continue
        if hit is not None:
            v0, pre = hit
            total, cur = 0.0, 0.0
            j = i
            last = None
            e = t.end
            weak = False
            while j < n:
                h = lookup(j, _AR_CARD) if j > i else hit
                pl = None
                if h is None and j > i and toks[j].type == "word" and toks[j].norm in _AR_SCALE_PL and not toks[j].norm.startswith("و"):
                    pl = _AR_SCALE_PL[toks[j].norm]
                    h = (pl, "")
                if h is None:
                    break
                v, p = h
                if j > i:
                    if p not in ("", "و") and not (p == "وال" and "ال" in pre):
                        break
                    has_wa = p.startswith("و")
                    if has_wa and last == "scale" and j + 1 < n:
                        nxt = lookup(j + 1, _AR_CARD)
                        nv = nxt[0] if nxt and nxt[1] == "" else _AR_SCALE_PL.get(toks[j + 1].norm)
                        if nv and nv >= 1000:
                            break  # مليوني وثلاثة ملايين: two numbers
                    curv = total + cur
                    if v >= 1000 or (v == 100 and cur < 10 and not has_wa and cur > 0):
                        if has_wa and v >= 1000 and v not in (2000, 2e6, 2e9):
                            break
                    elif v in (10,) and last == "unit" and not has_wa:
                        pass  # teens: ثلاثة عشر
                    elif has_wa:
                        if last == "unit" and 20 <= v <= 90 and j == i + 1:
                            pass  # خمسة وعشرون
                        elif curv >= 100 and v < (100 if cur == 0 and total == 0 else 1e18) and v < curv:
                            pass  # مئة وخمسة, ألف وخمسمائة
                        else:
                            break
                    else:
                        break
                # accumulate
                if v >= 1000 and v in (1000, 1e6, 1e9, 1e12):
                    total += (cur or 1) * v
                    cur = 0
                    last = "scale"
                elif v in (2000, 2e6, 2e9):
                    total += v if cur == 0 else cur * v / 2
                    cur = 0
                    last = "scale"
                elif v == 100 and 0 < cur < 10 and j > i and not toks[j].norm.startswith("و"):
                    cur *= 100
                    last = "hundred"
                elif v == 10 and last == "unit" and j > i:
                    cur += 10
                    last = "teen"
                else:
                    cur += v
                    last = "unit" if v < 10 else ("tens" if v < 100 else "hundred")
                e = toks[j].end
                j += 1
            value = total + cur
            if j == i + 1 and (value in (0, 1) or w[len(pre):] in (_arn("ستون"),)):
                weak = True  # واحد, صفر; ستون is also the name Stone
            if j == i + 1 and v0 == 10 and t.norm in (_arn("عشر"),) and i > 0 and lookup(i - 1, _AR_ORD):
                i += 1
                continue
            f, j2 = scale_after(j)
            if f > 1 and j2 > j:
                value *= f
                e = toks[j2 - 1].end
                j = j2
            u, j3 = ar_unit(j)
            if u is not None:
                e = toks[j3 - 1].end
                j = j3
            if j < n and toks[j].norm == _arn("ونصف"):
                value += 0.5
                e = toks[j].end
                j += 1
            century = i > 0 and toks[i - 1].norm == _arn("القرن") and 1 < value < 30
            b.add(value, "percent" if u == "percent" else "number", u, t.start, e, weak=weak,
                  alt=(value - 1) * 100 if century else None)
            i = j
            continue
        i += 1
    return b.out
