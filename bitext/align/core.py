"""Sentence alignment by dynamic programming over a band around the diagonal.

Cost of a bead of ``a`` Arabic and ``b`` English sentences (lower is better):

* length+anchors (no model): ``prior[a-b] + length + (-anchors)`` where
  ``length = -log(2 (1 - Phi(|d|)))``, ``d = (L_en - c L_ar) / sqrt(s2 (L_ar + L_en/c) / 2)``
  (Gale–Church on character counts without whitespace); the ratio ``c`` is
  total English / total Arabic characters of the two texts, the variance ``s2``
  is re-estimated from the 1-1 beads of a first pass (robustly, from the
  median); ``anchors`` is the weighted number of shared anchors
  (:mod:`bitext.align.features`: numbers as values, names by transliteration
  skeleton, Latin words, ?, !, quotes, parentheses, list markers). Only keys
  found on both sides with similar frequency are kept (so a common Arabic word
  whose skeleton equals some English name does not count). The search adds up
  pairwise matches M[i, j] over the bead's sentence pairs, capped for merged
  beads by the total anchor weight of each side (a repeated name cannot pay
  twice for a merge).
  A deletion (1-0 / 0-1) costs a constant ``-log p_del``.
* MT-assisted: ``prior + S * (a+b)/2 * (100 - chrF) / (100 - base)`` where chrF
  compares the MT of the Arabic sentences (joined with a space) with the
  English ones (sacrebleu, beta=1 so that merging is judged symmetrically),
  ``base`` is the median chrF of non-matching sentence pairs of the same
  document, plus a quarter of the length+anchors cost as a tiebreak. chrF
  values are cached per bead; the MT search runs in a narrow band (MT_BAND)
  around the length+anchors path, widened when the path reaches its edge.

Search: the cost grid is evaluated only inside a band of cells; the first
band follows the length-ratio diagonal, later bands follow the previous path.
When a path touches the band's edge the band is doubled and the search
repeated, so the work is ``O((n + m) * width)``.

Confidence: ``score = sigmoid((skip - cost - D) / T)``, where ``skip`` is what
leaving all the bead's sentences unaligned would cost, ``D`` one deletion and
``T`` a temperature (1.5): a bead that is cheaper than leaving its sentences
unaligned by a wide margin scores near 1; a bead that is about as costly as
deleting its sentences scores about 0.5. 1-0 / 0-1 beads have no evidence for
them beyond the lack of a partner: they get ``sigmoid(-D/T)`` (about 0.03).
"""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
from collections import Counter
from dataclasses import dataclass, field

from bitext.align.features import arabic_features, english_features, match_score

MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1))
PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.04, (1, 2): 0.04,
          (2, 2): 0.002, (1, 3): 0.002, (3, 1): 0.002}
PRIOR_COST = {k: -math.log(v) for k, v in PRIORS.items()}
DEL_COST = PRIOR_COST[(1, 0)]
TEMPERATURE = 1.5
PRIOR_RATIO = 1.05  # English characters per Arabic character (NTREX 1-1 beads: about 1.07)
PRIOR_CHARS = 1000.0
MT_SCALE = 10.0
MT_DEL = 7.0
MT_BAND = 3  # half-width of the MT search band around the length+anchors path
INF = float("inf")
_WS = re.compile(r"\s+")


@dataclass
class Bead:
    src: list[int]
    tgt: list[int]
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class Alignment:
    beads: list[Bead]
    src: list[str]
    tgt: list[str]
    method: str = "length+anchors"
    info: dict = field(default_factory=dict)

    def src_text(self, bead: Bead) -> str:
        return " ".join(self.src[i] for i in bead.src)

    def tgt_text(self, bead: Bead) -> str:
        return " ".join(self.tgt[j] for j in bead.tgt)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _len_cost(d: float) -> float:
    """-log P(|delta| >= d) for a standard normal (two-sided), stable for large d."""
    d = abs(d)
    if d < 6.0:
        return -math.log(max(math.erfc(d / math.sqrt(2.0)), 1e-300))
    return d * d / 2.0 + math.log(d) + 0.2258


class _LengthModel:
    def __init__(self, src: list[str], tgt: list[str]):
        self.ls = [len(_WS.sub("", s)) + 1 for s in src]
        self.lt = [len(_WS.sub("", t)) + 1 for t in tgt]
        self.ps = [0]
        for x in self.ls:
            self.ps.append(self.ps[-1] + x)
        self.pt = [0]
        for x in self.lt:
            self.pt.append(self.pt[-1] + x)
        tot_s, tot_t = self.ps[-1], self.pt[-1]
        # Arabic -> English character ratio: the texts' own ratio, shrunk towards
        # PRIOR_RATIO for short texts (PRIOR_CHARS pseudo-characters of evidence)
        self.c = (tot_t + PRIOR_RATIO * PRIOR_CHARS) / (tot_s + PRIOR_CHARS)
        self.s2 = 6.8 * self.c

    def delta(self, i0: int, a: int, j0: int, b: int) -> float:
        ls = self.ps[i0 + a] - self.ps[i0]
        lt = self.pt[j0 + b] - self.pt[j0]
        return (lt - self.c * ls) / math.sqrt(self.s2 * (ls + lt / self.c) / 2.0)

    def estimate_s2(self, beads: list[tuple[int, int, int, int]]) -> None:
        """Re-estimate ratio and variance from the 1-1 beads of a first pass."""
        ones = [(self.ls[i0], self.lt[j0]) for i0, a, j0, b in beads if a == 1 and b == 1]
        if ones:
            s_sum = sum(x for x, _ in ones)
            t_sum = sum(y for _, y in ones)
            self.c = (t_sum + PRIOR_RATIO * PRIOR_CHARS) / (s_sum + PRIOR_CHARS)
        vals = []
        for i0, a, j0, b in beads:
            if a == 1 and b == 1:
                ls, lt = self.ls[i0], self.lt[j0]
                vals.append((lt - self.c * ls) ** 2 / ((ls + lt / self.c) / 2.0))
        if len(vals) >= 5:
            est = statistics.median(vals) / 0.455  # median of chi-square(1)
            self.s2 = min(max(est, 0.5 * self.c), 60.0 * self.c)


class _Coster:
    """Bead costs for the length+anchors model (and the MT model on top)."""

    def __init__(self, src, tgt, mt=None):
        self.src, self.tgt, self.mt = src, tgt, mt
        self.lm = _LengthModel(src, tgt)
        fs = [arabic_features(s) for s in src]
        ft = [english_features(t) for t in tgt]
        # keep only keys that occur on both sides somewhere: the rest can never match
        # and keys far more frequent on one side than the other (common Arabic words
        # whose skeleton happens to equal an English name's, say)
        count_s: Counter = Counter()
        for f in fs:
            count_s.update(f.keys())
        count_t: Counter = Counter()
        for f in ft:
            count_t.update(f.keys())
        shared = {k for k, cs in count_s.items()
                  if (ct := count_t.get(k, 0)) and cs <= 2 * ct + 2 and ct <= 2 * cs + 2}
        self.fs = [Counter({k: v for k, v in c.items() if k in shared}) for c in fs]
        self.ft = [Counter({k: v for k, v in c.items() if k in shared}) for c in ft]
        from bitext.align.features import WEIGHTS

        self.ws = [sum(WEIGHTS[k[0]] * v for k, v in f.items()) for f in self.fs]
        self.wt = [sum(WEIGHTS[k[0]] * v for k, v in f.items()) for f in self.ft]
        self._span_s: dict = {}
        self._span_t: dict = {}
        self._chrf_cache: dict = {}
        self.chrf = None
        self.mt_base = 20.0

    def _span(self, feats, cache, i0, a):
        if a == 1:
            return feats[i0]
        key = (i0, a)
        c = cache.get(key)
        if c is None:
            c = Counter()
            for k in range(i0, i0 + a):
                c.update(feats[k])
            cache[key] = c
        return c

    def anchors(self, i0, a, j0, b) -> float:
        # skip quickly when one side has no features at all
        if not any(self.fs[i0 + k] for k in range(a)) or not any(self.ft[j0 + k] for k in range(b)):
            return 0.0
        score = match_score(self._span(self.fs, self._span_s, i0, a), self._span(self.ft, self._span_t, j0, b))
        if a + b > 2:  # same cap as the vectorised search
            score = min(score, sum(self.ws[i0:i0 + a]), sum(self.wt[j0:j0 + b]))
        return score

    def length_cost(self, i0, a, j0, b) -> float:
        if a == 0 or b == 0:
            return DEL_COST
        return PRIOR_COST[(a, b)] + _len_cost(self.lm.delta(i0, a, j0, b)) - self.anchors(i0, a, j0, b)

    # ---- MT
    def sim(self, i0, a, j0, b) -> float:
        key = (i0, a, j0, b)
        v = self._chrf_cache.get(key)
        if v is None:
            h = " ".join(self.mt[i0:i0 + a])
            r = " ".join(self.tgt[j0:j0 + b])
            v = self.chrf.sentence_score(h, [r]).score if h.strip() and r.strip() else 0.0
            self._chrf_cache[key] = v
        return v

    def mt_cost(self, i0, a, j0, b) -> float:
        if a == 0 or b == 0:
            return MT_DEL
        s = self.sim(i0, a, j0, b)
        norm = (100.0 - s) / max(100.0 - self.mt_base, 1.0)
        return (PRIOR_COST[(a, b)] - PRIOR_COST[(1, 1)] + MT_SCALE * norm * (a + b) / 2.0
                + 0.25 * self.length_cost(i0, a, j0, b))


# ------------------------------------------------------------------ banded DP

_TAB_STEP = 0.001
_TAB_X = np.arange(0.0, 40.0 + _TAB_STEP, _TAB_STEP)
_TAB_Y = None


def _len_cost_vec(d: np.ndarray) -> np.ndarray:
    global _TAB_Y
    if _TAB_Y is None:
        _TAB_Y = np.array([_len_cost(x) for x in _TAB_X])
    d = np.abs(d)
    out = np.interp(d, _TAB_X, _TAB_Y)
    big = d > 40.0
    if big.any():
        db = d[big]
        out[big] = db * db / 2.0 + np.log(db) + 0.2258
    return out


def _anchor_rows(coster, n, m, lo, hi):
    """Per Arabic sentence i: (offset, cumulative sums over j of the pair anchor match M[i, j])."""
    from bitext.align.features import WEIGHTS

    index: dict = {}
    for j, feats in enumerate(coster.ft):
        for k, c in feats.items():
            index.setdefault(k, ([], []))
            index[k][0].append(j)
            index[k][1].append(c)
    index = {k: (np.array(js), np.array(cs, dtype=float)) for k, (js, cs) in index.items()}
    rows = []
    for i in range(n):
        start = min(lo[p] for p in range(max(0, i - 2), i + 1))
        end = max(hi[r] for r in range(i + 1, min(n, i + 3) + 1))
        vec = np.zeros(end - start + 1)
        for k, c in coster.fs[i].items():
            js, cs = index.get(k, (None, None))
            if js is None:
                continue
            sel = (js >= start) & (js < end)
            if sel.any():
                np.add.at(vec, js[sel] - start + 1, WEIGHTS[k[0]] * np.minimum(cs[sel], c))
        rows.append((start, np.cumsum(vec)))
    return rows


def _dp_vec(n, m, lo, hi, coster):
    """The length+anchors DP, one band row at a time with numpy."""
    lm = coster.lm
    ps = np.array(lm.ps, dtype=float)
    pt = np.array(lm.pt, dtype=float)
    ws = np.concatenate([[0.0], np.cumsum(coster.ws)])
    wt = np.concatenate([[0.0], np.cumsum(coster.wt)])
    arows = _anchor_rows(coster, n, m, lo, hi)
    c, s2 = lm.c, lm.s2
    k01 = MOVES.index((0, 1))
    rows_cost, rows_back = [], []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), INF)
        bm = np.full(len(js), -1, dtype=np.int64)
        if i == 0:
            best[0] = 0.0
        for k, (a, b) in enumerate(MOVES):
            p = i - a
            if a == 0 or p < 0:
                continue
            pj = js - b
            valid = (pj >= lo[p]) & (pj <= hi[p])
            if not valid.any():
                continue
            prev = np.full(len(js), INF)
            prev[valid] = rows_cost[p][pj[valid] - lo[p]]
            if b == 0:
                tot = prev + DEL_COST
            else:
                pjc = np.clip(pj, 0, m)
                ls = ps[i] - ps[p]
                lt = pt[js] - pt[pjc]
                d = (lt - c * ls) / np.sqrt(s2 * (ls + lt / c) / 2.0)
                anc = np.zeros(len(js))
                for src_i in range(p, i):
                    off, cum = arows[src_i]
                    hi_idx = np.clip(js - off, 0, len(cum) - 1)
                    lo_idx = np.clip(pjc - off, 0, len(cum) - 1)
                    anc += cum[hi_idx] - cum[lo_idx]
                if a + b > 2:
                    anc = np.minimum(np.minimum(anc, ws[i] - ws[p]), wt[js] - wt[pjc])
                tot = prev + PRIOR_COST[(a, b)] + _len_cost_vec(d) - anc
            upd = tot < best
            best[upd] = tot[upd]
            bm[upd] = k
        # 0-1 moves inside the row: c[j] = min(x[j], c[j-1] + D) by a running minimum
        idx = np.arange(len(js)) * DEL_COST
        run = np.minimum.accumulate(best - idx) + idx
        left = run < best - 1e-9
        best = np.where(left, run, best)
        bm[left] = k01
        rows_cost.append(best)
        rows_back.append(bm)
    return _backtrack(rows_back, lo, n, m)


def _backtrack(rows_back, lo, n, m):
    """The bead path (i0, a, j0, b) from the back-pointers of a banded DP."""
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(rows_back[i][j - lo[i]])
        if k < 0:
            raise RuntimeError("alignment band is disconnected")
        a, b = MOVES[k]
        path.append((i - a, a, j - b, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def _band_from_centers(n, m, lows, highs, w):
    lo = [0] * (n + 1)
    hi = [0] * (n + 1)
    for i in range(n + 1):
        l = max(0, int(math.floor(lows[i] - w)))
        h = min(m, int(math.ceil(highs[i] + w)))
        if i == 0:
            l = 0
        else:
            l = min(max(l, lo[i - 1]), hi[i - 1])
        if i == n:
            h = m
        lo[i], hi[i] = l, max(h, l)
    return lo, hi


def _dp(n, m, lo, hi, cost):
    rows_cost = []
    rows_back = []
    for i in range(n + 1):
        l, h = lo[i], hi[i]
        rc = [INF] * (h - l + 1)
        rb = [-1] * (h - l + 1)
        for j in range(l, h + 1):
            if i == 0 and j == 0:
                rc[0] = 0.0
                continue
            best, bm = INF, -1
            for k, (a, b) in enumerate(MOVES):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    prev = rc[pj - l] if pj >= l else INF
                else:
                    pl = lo[pi]
                    if pj < pl or pj > hi[pi]:
                        continue
                    prev = rows_cost[pi][pj - pl]
                if prev == INF:
                    continue
                c = prev + cost(pi, a, pj, b)
                if c < best:
                    best, bm = c, k
            rc[j - l] = best
            rb[j - l] = bm
        rows_cost.append(rc)
        rows_back.append(rb)
    return _backtrack(rows_back, lo, n, m)


def _touches_edge(path, lo, hi, m):
    for i0, a, j0, b in path:
        i, j = i0 + a, j0 + b
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            return True
    return False


def _path_ranges(n, path):
    lows = [INF] * (n + 1)
    highs = [-INF] * (n + 1)
    lows[0] = highs[0] = 0
    for i0, a, j0, b in path:
        for i, j in ((i0, j0), (i0 + a, j0 + b)):
            lows[i] = min(lows[i], j)
            highs[i] = max(highs[i], j)
    for i in range(1, n + 1):  # rows jumped over by a 2-x or 3-x bead
        if lows[i] == INF:
            lows[i] = highs[i - 1]
            highs[i] = highs[i - 1]
    return lows, highs


def _search(n, m, dp_fn, width, path=None):
    """Banded DP; the band is doubled while the best path touches its edge."""
    if path is None:
        slope = m / n
        lows = [i * slope for i in range(n + 1)]
        highs = [(i + 1) * slope for i in range(n + 1)]
        w = width
    else:
        lows, highs = _path_ranges(n, path)
        w = width
    while True:
        lo, hi = _band_from_centers(n, m, lows, highs, w)
        new = dp_fn(lo, hi)
        full = all(lo[i] == 0 and hi[i] == m for i in range(n + 1))
        if full or not _touches_edge(new, lo, hi, m):
            return new
        lows, highs = _path_ranges(n, new)
        w *= 2


def _scores(path, cost):
    out = []
    for i0, a, j0, b in path:
        if a == 0 or b == 0:
            out.append(_sigmoid(-DEL_COST / TEMPERATURE))
            continue
        margin = (a + b) * DEL_COST - cost(i0, a, j0, b)
        out.append(_sigmoid((margin - DEL_COST) / TEMPERATURE))
    return out


def _mt_scores(path, coster):
    out = []
    for i0, a, j0, b in path:
        if a == 0 or b == 0:
            out.append(_sigmoid(-MT_DEL / TEMPERATURE))
            continue
        margin = (a + b) * MT_DEL - coster.mt_cost(i0, a, j0, b)
        out.append(_sigmoid((margin - MT_DEL) / TEMPERATURE))
    return out


def align(src: list[str], tgt: list[str], mt: list[str] | None = None,
          band: int | None = None) -> Alignment:
    """Align Arabic sentences ``src`` with English sentences ``tgt``.

    ``mt``: optional machine translation of each Arabic sentence (same length
    as ``src``); when given, chrF between MT and English drives the cost.
    ``band``: half-width of the first search band (default 20 cells beyond
    the length-ratio slope; the band widens by itself when needed).
    Returns beads covering every sentence of both sides once, in order.
    """
    src = list(src)
    tgt = list(tgt)
    if mt is not None and len(mt) != len(src):
        raise ValueError(f"mt has {len(mt)} sentences, src has {len(src)}")
    method = "mt:chrF" if mt is not None else "length+anchors"
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        beads = [Bead([i], [], _sigmoid(-DEL_COST / TEMPERATURE)) for i in range(n)]
        beads += [Bead([], [j], _sigmoid(-DEL_COST / TEMPERATURE)) for j in range(m)]
        return Alignment(beads, src, tgt, method)
    width = 20 if band is None else max(1, int(band))
    coster = _Coster(src, tgt, mt)
    vec = lambda lo, hi: _dp_vec(n, m, lo, hi, coster)  # noqa: E731
    path = _search(n, m, vec, width)
    coster.lm.estimate_s2(path)
    path = _search(n, m, vec, max(4, width // 2), path)
    info = {"c": coster.lm.c, "s2": coster.lm.s2}
    if mt is None:
        scores = _scores(path, coster.length_cost)
    else:
        from sacrebleu.metrics import CHRF

        coster.chrf = CHRF(beta=1)
        coster.mt = [s if s is not None else "" for s in mt]
        coster.mt_base = _mt_baseline(coster, path)
        mt_width = MT_BAND if band is None else max(2, width // 4)
        path = _search(n, m, lambda lo, hi: _dp(n, m, lo, hi, coster.mt_cost), mt_width, path)
        scores = _mt_scores(path, coster)
        info["chrf_base"] = coster.mt_base
    beads = [Bead(list(range(i0, i0 + a)), list(range(j0, j0 + b)), sc)
             for (i0, a, j0, b), sc in zip(path, scores)]
    return Alignment(beads, src, tgt, method, info)


def _mt_baseline(coster, path) -> float:
    """Median chrF of pairs that the first pass says do NOT belong together."""
    pairs = [(i0, j0) for i0, a, j0, b in path if a == 1 and b == 1]
    vals = []
    step = max(1, len(pairs) // 100)
    for k in range(0, len(pairs), step):
        for off in (3, -3):
            if 0 <= k + off < len(pairs):
                i = pairs[k][0]
                j = pairs[k + off][1]
                vals.append(coster.sim(i, 1, j, 1))
    if len(vals) < 3:
        return 20.0
    return min(max(statistics.median(vals), 5.0), 60.0)
