"""Measure the name checker on real data: false alarms on human references,
recall on injected name errors, and the finding rate on real MT output.

    python eval/name_tuning.py            # table for FLORES test/dev, NTREX, opus-mt
    python eval/name_tuning.py --show 20  # also print some false alarms

Data: ../shared/data beside the repository root (read-only).  Documents:
FLORES test = consecutive lines with the same URL (flores200-devtest/metadata.tsv),
NTREX = DOCUMENT_IDS.tsv, FLORES dev has no metadata: blocks of 4 consecutive lines.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data"

from bitext.check.findings import ERROR, INFO, NAME_INCONSISTENT, WARNING  # noqa: E402
from bitext.check.names import analyse_document, check_names  # noqa: E402

KINDS = ("replace", "drop", "respell")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def _group(ids: list[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            out.append((start, i))
            start = i
    return out


def load_sets() -> dict[str, tuple[list[str], list[str], list[tuple[int, int]]]]:
    """name -> (arabic lines, english lines, document [start, end) ranges)."""
    sets = {}
    fl = SHARED / "flores-ar-en-systems"
    meta = SHARED / "flores200-devtest" / "metadata.tsv"
    if (fl / "test.ar").exists() and meta.exists():
        urls = [line.split("\t")[0] for line in _lines(meta)[1:]]
        ar, en = _lines(fl / "test.ar"), _lines(fl / "test.en")
        sets["flores-test"] = (ar, en, _group(urls))
        if (fl / "test.opusmt.en").exists():
            sets["flores-test-opusmt"] = (ar, _lines(fl / "test.opusmt.en"), _group(urls))
    if (fl / "dev.ar").exists():
        ar, en = _lines(fl / "dev.ar"), _lines(fl / "dev.en")
        sets["flores-dev"] = (ar, en, [(i, min(i + 4, len(ar))) for i in range(0, len(ar), 4)])
    nt = SHARED / "ntrex128"
    if (nt / "newstest2019.ar").exists():
        ids = _lines(nt / "DOCUMENT_IDS.tsv")
        sets["ntrex"] = (_lines(nt / "newstest2019.ar"), _lines(nt / "newstest2019.en"), _group(ids))
    return sets


def run_set(ar, en, docs, refs=None):
    """All findings of a set, sentence ids global; ``refs``: a reference MT per line, or None."""
    out = []
    for s, e in docs:
        out.extend(check_names(list(zip(ar[s:e], en[s:e])), start_index=s,
                               references=refs[s:e] if refs is not None else None))
    return out


def _matched_names(pairs):
    """(sentence, start, end, surface, arabic key) of English name spans matched to the source."""
    an = analyse_document(pairs)
    out = []
    for si, info in enumerate(an.pairs):
        for k, (s, e) in enumerate(info.spans):
            words = [w for w in info.ewords if w.span == k and w.atok is not None]
            if words:
                key = info.atoks[words[0].atok].key
                out.append((si, s, e, info.en[s:e], key))
    return out, an


def _respell(word: str, rng: random.Random) -> str | None:
    """Abadi -> Abbadi (double a consonant) or Abadi -> Abedi (change a vowel)."""
    options = []
    for i in range(1, len(word) - 1):
        c = word[i]
        if c.lower() in "bdfgklmnprstz" and word[i - 1].lower() in "aeiou" and word[i + 1].lower() in "aeiou":
            options.append(word[:i] + c + word[i:])
        if c in "aeiou" and word[i - 1] != c and word[i + 1] != c:
            options.append(word[:i] + {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o"}[c] + word[i + 1:])
        if c.lower() in "bdfgklmnprstz" and word[i + 1] == c:  # Abbadi -> Abadi
            options.append(word[:i] + word[i + 1:])
    return rng.choice(options) if options else None


def corrupt(pairs, kind, rng, foreign=()):
    """One seeded corruption of a document's English side.

    Returns (corrupted pairs, sentence index, description) or None when the
    document has no suitable name.  kind: "replace" (a matched name by a name
    from another document), "drop" (remove a matched name), "respell" (change
    the spelling of one occurrence of a name that is matched in >= 2 sentences).
    """
    names, an = _matched_names(pairs)
    if kind in ("replace", "drop"):
        if not names:
            return None
        si, s, e, surface, _ = rng.choice(names)
        en = pairs[si][1]
        if kind == "drop":
            new = en[:s] + en[e:]
            new = re.sub(r"\s{2,}", " ", new).replace(" ,", ",").replace(" .", ".").strip()
            desc = f"dropped '{surface}'"
        else:
            cands = [f for f in foreign if f.lower() != surface.lower()
                     and f.split()[-1].lower() not in en.lower()]
            if not cands:
                return None
            other = rng.choice(cands)
            new = en[:s] + other + en[e:]
            desc = f"'{surface}' -> '{other}'"
    else:
        multi = {}
        for si, s, e, surface, key in names:
            multi.setdefault(key, []).append((si, s, e, surface))
        keys = [k for k, v in multi.items() if len({x[0] for x in v}) >= 2]
        if not keys:
            return None
        key = rng.choice(sorted(keys))
        si, s, e, surface = rng.choice(multi[key])
        en = pairs[si][1]
        # respell the word of the span that matched the key (last word of the span)
        words = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*", en[s:e]))
        target = words[-1]
        base = re.sub(r"['’]s$", "", target.group())
        prefix = ""
        m = re.match(r"^((?:al|el|ad|ar|as|ash|at|az|an)-)(.*)$", base, re.IGNORECASE)
        if m:
            prefix, base = m.group(1), m.group(2)
        new_word = _respell(base, rng)
        if not new_word:
            return None
        ws, we = s + target.start() + len(prefix), s + target.start() + len(prefix) + len(base)
        new = en[:ws] + new_word + en[we:]
        desc = f"'{base}' -> '{new_word}'"
        surface = new_word
    out = list(pairs)
    out[si] = (pairs[si][0], new)
    return out, si, desc, surface


def recall(ar, en, docs, seed=0, show=0, refs=None):
    rng = random.Random(seed)
    foreign = []
    for s, e in docs:
        names, _ = _matched_names(list(zip(ar[s:e], en[s:e])))
        foreign.append([n[3] for n in names if len(n[3]) > 3])
    table = {}
    for kind in KINDS:
        tried = caught = info_only = 0
        misses = []
        for d, (s, e) in enumerate(docs):
            pairs = list(zip(ar[s:e], en[s:e]))
            others = [n for j, lst in enumerate(foreign) if j != d for n in lst]
            res = corrupt(pairs, kind, rng, others[::7])
            if res is None:
                continue
            cpairs, si, desc, surface = res
            tried += 1
            fs = check_names(cpairs, references=refs[s:e] if refs is not None else None)
            if kind == "respell":
                hit = any(f.kind == NAME_INCONSISTENT and surface in f.values.get("renderings", {})
                          for f in fs)
                hit_info = False
            else:
                hit = any(f.sentence == si and f.severity in (ERROR, WARNING) for f in fs)
                hit_info = any(f.sentence == si and f.severity == INFO for f in fs)
            if hit:
                caught += 1
            elif hit_info:
                info_only += 1
            else:
                misses.append((s + si, desc, cpairs[si][0], cpairs[si][1]))
        table[kind] = (tried, caught, info_only)
        for m in misses[:show]:
            print(f"  MISS {kind} line {m[0]}: {m[1]}\n    ar: {m[2]}\n    en: {m[3]}")
    return table


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="print this many false alarms / misses per set")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sets = load_sets()
    if not sets:
        print("no data under", SHARED)
        return 1
    print(f"{'set':20} {'pairs':>6} {'err/warn':>9} {'+info':>7}   "
          + "   ".join(f"{k:>18}" for k in KINDS))
    runs = [(name, ar, en, docs, None) for name, (ar, en, docs) in sets.items()]
    if "flores-test" in sets and "flores-test-opusmt" in sets:
        # the human reference checked with opus-mt's real output as the reference translation
        runs.insert(1, ("flores-test+mt", *sets["flores-test"], sets["flores-test-opusmt"][1]))
    for name, ar, en, docs, refs in runs:
        fs = run_set(ar, en, docs, refs)
        n = len(ar)
        bad = {f.sentence for f in fs if f.severity in (ERROR, WARNING)}
        anyf = {f.sentence for f in fs}
        row = f"{name:20} {n:6d} {len(bad) / n:9.1%} {len(anyf) / n:7.1%}"
        if not name.endswith("opusmt"):
            tab = recall(ar, en, docs, args.seed, args.show, refs)
            for k in KINDS:
                t, c, i = tab[k]
                row += f"   {c / max(t, 1):5.2f} (+{i / max(t, 1):.2f} info) n={t:<3d}"
        print(row)
        if args.show:
            for f in [f for f in fs if f.severity in (ERROR, WARNING)][:args.show]:
                print(f"  {f.severity} line {f.sentence}: {f.message}\n    ar: {ar[f.sentence]}\n    en: {en[f.sentence]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
