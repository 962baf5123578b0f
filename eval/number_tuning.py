"""Measure the number checker on the shared data: false alarms on human references and recall on
seeded corruptions of them.  Run:  python eval/number_tuning.py [--show SET] [--seed N]

corrupt(english, rng) picks one reportable English quantity and applies one of three injected
errors: "change" (560 -> 650, 12 -> 13, three -> four, 2003 -> 2004), "drop" (the number with its
unit removed) or "word" (a number word swapped: twenty -> thirty, million -> billion).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

from bitext.check.findings import ERROR, WARNING  # noqa: E402
from bitext.check.numbers import check_numbers  # noqa: E402
from bitext.check.numbers.compare import _items  # noqa: E402

SETS = {
    "flores-dev": ("flores-ar-en-systems/dev.ar", "flores-ar-en-systems/dev.en"),
    "flores-test": ("flores-ar-en-systems/test.ar", "flores-ar-en-systems/test.en"),
    "ntrex": ("ntrex128/newstest2019.ar", "ntrex128/newstest2019.en"),
}
KINDS = ("change", "drop", "word")
_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ["hundred", "thousand", "million", "billion", "trillion"]
_ALL_WORDS = {w: lst for lst in (_WORDS, _TENS, _SCALES) for w in lst}
_WORD_RE = re.compile(r"\b(" + "|".join(_ALL_WORDS) + r")\b", re.I)


def _other(word: str, rng: random.Random) -> str:
    lst = _ALL_WORDS[word.lower()]
    new = rng.choice([w for w in lst if w != word.lower()])
    return new.capitalize() if word[:1].isupper() else new


def _change_digits(s: str, rng: random.Random) -> str:
    digits = [i for i, c in enumerate(s) if c.isdigit()]
    if len(digits) >= 2 and len({s[i] for i in digits}) >= 2 and rng.random() < 0.5:
        for _ in range(10):  # swap two different digits: 560 -> 650
            a, b = sorted(rng.sample(digits, 2))
            if s[a] != s[b] and not (a == digits[0] and s[b] == "0"):
                return s[:a] + s[b] + s[a + 1:b] + s[a] + s[b + 1:]
    i = digits[-1] if rng.random() < 0.7 else digits[0]  # 12 -> 13, 2003 -> 2004
    new = str((int(s[i]) + rng.choice([1, 2, 3])) % 10)
    if i == digits[0] and new == "0":
        new = "1"
    return s[:i] + new + s[i + 1:]


def corrupt(english: str, rng: random.Random, kind: str | None = None):
    """One injected number error in `english`: (corrupted, kind) or None when none applies."""
    cands = [it for it in _items(english, "en") if not it.weak and it.q.kind not in ("month", "weekday", "time")]
    if not cands:
        return None
    kinds = [kind] if kind else list(KINDS)
    rng.shuffle(kinds)
    for k in kinds:
        if k == "change":
            it = rng.choice(cands)
            s, e = it.span
            text = english[s:e]
            if any(c.isdigit() for c in text):
                new = _change_digits(text, rng)
            else:
                m = _WORD_RE.search(text)
                if not m:
                    continue
                new = text[:m.start()] + _other(m.group(0), rng) + text[m.end():]
            return english[:s] + new + english[e:], k
        if k == "drop":
            it = rng.choice(cands)
            s, e = it.span
            out = (english[:s].rstrip() + " " + english[e:].lstrip()).strip()
            return out, k
        if k == "word":
            words = [(it, m) for it in cands for m in _WORD_RE.finditer(english[it.span[0]:it.span[1]])]
            if not words:
                continue
            it, m = rng.choice(words)
            s = it.span[0] + m.start()
            return english[:s] + _other(m.group(0), rng) + english[s + len(m.group(0)):], k
    return None


def _alarm(findings) -> bool:
    return any(f.severity in (ERROR, WARNING) for f in findings)


def _read(rel: str) -> list[str]:
    return (DATA / rel).read_text(encoding="utf-8").splitlines()


def measure(name: str, seed: int = 0, show: bool = False):
    ar_path, en_path = SETS[name]
    ar, en = _read(ar_path), _read(en_path)
    flagged = 0
    caught = {k: [0, 0] for k in KINDS + ("drop-not-2",)}
    for i, (a, e) in enumerate(zip(ar, en)):
        f = check_numbers(a, e, i)
        if _alarm(f):
            flagged += 1
            if show:
                print(f"--- {i}\nAR: {a}\nEN: {e}")
                for x in f:
                    if x.severity != "info":
                        print("   ", x.kind, x.message)
            continue
        for k in KINDS:
            rng = random.Random(f"{seed}-{name}-{i}-{k}")
            res = corrupt(e, rng, k)
            if res is None:
                continue
            caught[k][1] += 1
            hit = _alarm(check_numbers(a, res[0], i))
            if hit:
                caught[k][0] += 1
            if k == "drop":  # the same, leaving out a dropped "two"/2 (Arabic often says it with a dual noun)
                before = sorted(x.value for x in _items(e, "en") if not x.weak)
                after = sorted(x.value for x in _items(res[0], "en") if not x.weak)
                if 2.0 not in [v for v in before if before.count(v) > after.count(v)]:
                    caught["drop-not-2"][1] += 1
                    caught["drop-not-2"][0] += hit
            if show and not hit:
                print(f"MISSED {k} {i}\nAR: {a}\nEN: {res[0]}")
    return flagged / len(ar), len(ar), {k: (c / t if t else float("nan"), t) for k, (c, t) in caught.items()}


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--show", help="print the false alarms / misses of one set")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mt", help="system name, e.g. opusmt: share of flores test pairs flagged")
    args = p.parse_args(argv)
    if args.show:
        measure(args.show, args.seed, show=True)
        return
    if args.mt:
        ar = _read("flores-ar-en-systems/test.ar")
        mt = _read(f"flores-ar-en-systems/test.{args.mt}.en")
        n = 0
        for i, (a, e) in enumerate(zip(ar, mt)):
            f = [x for x in check_numbers(a, e, i) if x.severity != "info"]
            if f:
                n += 1
                print(f"--- {i}\nAR: {a}\nMT: {e}")
                for x in f:
                    print("   ", x.kind, x.message)
        print(f"{args.mt}: {n}/{len(ar)} pairs flagged = {n / len(ar):.1%}")
        return
    print(f"{'set':<12} {'pairs':>6} {'false alarms':>13} " + " ".join(f"{k + ' recall':>16}" for k in KINDS + ("drop-not-2",)))
    for name in SETS:
        fa, n, rec = measure(name, args.seed)
        print(f"{name:<12} {n:>6} {fa:>13.2%} " + " ".join(f"{r:>9.3f} (n={t:>3})" for r, t in rec.values()))


if __name__ == "__main__":
    main()
