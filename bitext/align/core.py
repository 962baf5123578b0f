"""Sentence alignment by dynamic programming over a band of cells, for one or many documents.

Cost of a bead of ``a`` Arabic and ``b`` English sentences (lower is better):

* length+anchors (no model): ``prior[a-b] + length - anchors`` where
  ``length = -log(2 (1 - Phi(|d|)))``, ``d = (L_en - c L_ar) / sqrt(s2 (L_ar + L_en/c) / 2)``
  (Gale–Church on character counts without whitespace); the ratio ``c`` is
  total English / total Arabic characters of all the documents, the variance
  ``s2`` is re-estimated from the 1-1 beads of a first pass (robustly, from the
  median); ``anchors`` is the weighted number of shared anchors
  (:mod:`bitext.align.features`: numbers as values, names by transliteration
  skeleton, Latin words, ?, !, quotes, parentheses, list markers) and of word
  pairs of a bilingual dictionary (``w:`` keys, :mod:`bitext.align.lexicon`).
  Only keys found on both sides of a document with similar frequency are kept.
  The search adds up pairwise matches M[i, j] over the bead's sentence pairs,
  capped for merged beads by the total anchor weight of each side (a repeated
  name cannot pay twice for a merge). A deletion (1-0 / 0-1) costs a constant
  ``-log p_del``.
* learnt dictionary: after that pass, the 1-1 beads scoring at least
  LEARN_MIN_SCORE give (Arabic stems, English stems) pairs from which
  :func:`bitext.align.lexicon.learn_dictionary` keeps word pairs by Dice
  coefficient; their ``w:`` keys are added and the search is run again (a user
  dictionary, ``dictionary=``, is used from the first pass on).
* MT-assisted: ``prior + S * (a+b)/2 * (100 - chrF) / (100 - base)`` where chrF
  compares the MT of the Arabic sentences with the English ones (character
  1-6-grams without whitespace, beta=1, equal to sacrebleu's sentence chrF of
  the joined bead; each side's n-grams are packed into integers once and a
  bead is a slice of them, see :class:`_ChrF`; merged beads that a chrF upper
  bound shows can never win are not scored, see :func:`_mt_costs`),
  ``base`` is the median chrF of non-matching sentence pairs, plus a quarter of
  the length+anchors cost as a tiebreak. The MT search runs in a narrow band
  (MT_BAND) around the length+anchors path, widened when the path reaches its
  edge.

Documents: :func:`align_documents` aligns a list of (Arabic, English) sentence
lists in one search over their concatenation in which no bead may hold
sentences of two documents (the band of each row is limited to its document's
English sentences, and every move is checked), so the length statistics and
the learnt dictionary come from all of them while the beads stay inside each.

Search: bead costs are computed with numpy for every cell of the band at once;
the recursion runs row by row. The first band follows each document's
length-ratio diagonal, later bands follow the previous path; when a path
touches the band's edge the band is doubled and the search repeated, so the
work is ``O((n + m) * width)``.

Confidence: ``score = sigmoid((skip - cost - D) / T)``, where ``skip`` is what
leaving all the bead's sentences unaligned would cost, ``D`` one deletion and
``T`` a temperature (1.5): a bead that is cheaper than leaving its sentences
unaligned by a wide margin scores near 1; a bead that is about as costly as
deleting its sentences scores about 0.5. 1-0 / 0-1 beads have no evidence for
them beyond the lack of a partner: they get ``sigmoid(-D/T)`` (about 0.03).
"""

from __future__ import annotations

import bisect
import gc
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bitext.align import features as _features
from bitext.align.features import arabic_features, english_features
from bitext.align.lexicon import Dictionary, arabic_stems, english_stems, learn_dictionary

MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1))
DOWN = tuple(mv for mv in MOVES if mv[0] > 0)  # moves that consume an Arabic sentence
# bead priors, ratio variance scale, dictionary weight and learning thresholds tuned on FLORES dev
# and TICO-19 (documents of 25 lines, re-split or lines, with and without 10% deletions)
PRIORS = {(1, 1): 0.89, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.02, (1, 2): 0.02,
          (2, 2): 0.0005, (1, 3): 0.002, (3, 1): 0.002}
PRIOR_COST = {k: -math.log(v) for k, v in PRIORS.items()}
DEL_COST = PRIOR_COST[(1, 0)]
TEMPERATURE = 1.5
PRIOR_RATIO = 1.05  # English characters per Arabic character (NTREX 1-1 beads: about 1.07)
PRIOR_CHARS = 1000.0
MT_SCALE = 10.0
MT_DEL = 7.0
MT_BAND = 3  # half-width of the MT search band around the length+anchors path
CHRF_ORDER = 6
LEARN_MIN_SCORE = 0.9
LEARN_MIN_COUNT = 3  # a learnt word pair is seen together in at least this many confident beads
# the median-based variance estimate is for a normal law; length ratios have heavier tails
S2_SCALE = 2.0
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

    def unaligned(self, min_score: float = 0.0) -> dict:
        """Sentences left without a partner, per side and reason.

        ``deleted``: in a 1-0 / 0-1 bead (no counterpart found);
        ``too_different``: in a bead scoring below ``min_score``.
        """
        out = {"src": {"deleted": 0, "too_different": 0}, "tgt": {"deleted": 0, "too_different": 0}}
        for b in self.beads:
            if not b.src or not b.tgt:
                out["src"]["deleted"] += len(b.src)
                out["tgt"]["deleted"] += len(b.tgt)
            elif b.score < min_score:
                out["src"]["too_different"] += len(b.src)
                out["tgt"]["too_different"] += len(b.tgt)
        return out


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


# ------------------------------------------------------------------ the corpus

class _Corpus:
    """The documents concatenated: sentence facts, document ranges, the length model."""

    def __init__(self, docs, dictionary: Dictionary | None):
        self.src = [s for d in docs for s in d[0]]
        self.tgt = [t for d in docs for t in d[1]]
        self.n, self.m = len(self.src), len(self.tgt)
        # document of each Arabic sentence; English range [t0, t1] of each document
        self.doc_s = np.zeros(max(self.n, 1), dtype=np.int64)
        self.t0, self.t1, self.s0, self.s1 = [], [], [], []
        s = t = 0
        for k, (a, b) in enumerate(docs):
            self.doc_s[s:s + len(a)] = k
            self.s0.append(s)
            self.t0.append(t)
            s += len(a)
            t += len(b)
            self.s1.append(s)
            self.t1.append(t)
        self.t0 = np.array(self.t0, dtype=np.int64)
        self.t1 = np.array(self.t1, dtype=np.int64)
        self.doc_t = np.zeros(max(self.m, 1), dtype=np.int64)
        for k in range(len(docs)):
            self.doc_t[self.t0[k]:self.t1[k]] = k
        ls = np.array([len(_WS.sub("", x)) + 1 for x in self.src], dtype=float)
        lt = np.array([len(_WS.sub("", x)) + 1 for x in self.tgt], dtype=float)
        self.ls, self.lt = ls, lt
        self.ps = np.concatenate([[0.0], np.cumsum(ls)])
        self.pt = np.concatenate([[0.0], np.cumsum(lt)])
        self.c = (self.pt[-1] + PRIOR_RATIO * PRIOR_CHARS) / (self.ps[-1] + PRIOR_CHARS)
        self.s2 = 6.8 * self.c
        self.base_s = [arabic_features(x) for x in self.src]
        self.base_t = [english_features(x) for x in self.tgt]
        self.stems_s = [arabic_stems(x) for x in self.src]
        self.stems_t = [english_stems(x) for x in self.tgt]
        self.set_dictionary(dictionary)

    def set_dictionary(self, dictionary: Dictionary | None) -> None:
        """Anchor keys per sentence: the base anchors plus dictionary words, filtered per document."""
        fs, ft = [], []
        for k in range(len(self.s0)):
            a = [Counter(c) for c in self.base_s[self.s0[k]:self.s1[k]]]
            b = [Counter(c) for c in self.base_t[self.t0[k]:self.t1[k]]]
            if dictionary:
                ent, eng = dictionary.entries, dictionary.english
                for c, stems in zip(a, self.stems_s[self.s0[k]:self.s1[k]]):
                    for st in stems:
                        for e in ent.get(st, ()):
                            c["w:" + e] += 1
                for c, stems in zip(b, self.stems_t[self.t0[k]:self.t1[k]]):
                    for st in stems:
                        if st in eng:
                            c["w:" + st] += 1
            count_s: Counter = Counter()
            for c in a:
                count_s.update(c.keys())
            count_t: Counter = Counter()
            for c in b:
                count_t.update(c.keys())
            shared = {key for key, cs in count_s.items()
                      if (ct := count_t.get(key, 0)) and cs <= 2 * ct + 2 and ct <= 2 * cs + 2}
            fs += [{key: v for key, v in c.items() if key in shared} for c in a]
            ft += [{key: v for key, v in c.items() if key in shared} for c in b]
        self.fs, self.ft = fs, ft
        self.ws = np.concatenate([[0.0], np.cumsum([sum(_features.WEIGHTS[k[0]] * v for k, v in f.items()) for f in fs])])
        self.wt = np.concatenate([[0.0], np.cumsum([sum(_features.WEIGHTS[k[0]] * v for k, v in f.items()) for f in ft])])
        # per document, key -> sorted English positions and counts
        self.index = []
        self._arabic_index: list[dict] | None = None
        for k in range(len(self.s0)):
            idx: dict = {}
            for j in range(self.t0[k], self.t1[k]):
                for key, v in ft[j].items():
                    idx.setdefault(key, ([], []))
                    idx[key][0].append(j)
                    idx[key][1].append(v)
            self.index.append(idx)

    def arabic_index(self) -> list[dict]:
        """Per document, key -> [(Arabic position, count)] (built once per dictionary)."""
        if self._arabic_index is not None:
            return self._arabic_index
        out = []
        for k in range(len(self.s0)):
            idx: dict = {}
            for x in range(self.s0[k], self.s1[k]):
                for key, v in self.fs[x].items():
                    idx.setdefault(key, []).append((x, v))
            out.append(idx)
        self._arabic_index = out
        return out

    def estimate_s2(self, path) -> None:
        """Re-estimate ratio and variance from the 1-1 beads of a first pass."""
        ones = [(self.ls[i0], self.lt[j0]) for i0, a, j0, b, *_ in path if a == 1 and b == 1]
        if ones:
            s_sum = sum(x for x, _ in ones)
            t_sum = sum(y for _, y in ones)
            self.c = (t_sum + PRIOR_RATIO * PRIOR_CHARS) / (s_sum + PRIOR_CHARS)
        vals = [(lt - self.c * ls) ** 2 / ((ls + lt / self.c) / 2.0) for ls, lt in ones]
        if len(vals) >= 5:
            est = S2_SCALE * statistics.median(vals) / 0.455  # median of chi-square(1)
            self.s2 = min(max(est, 0.5 * self.c), 60.0 * self.c)


# ------------------------------------------------------------------ the band

class _Grid:
    """Cells (i, j), lo[i] <= j <= hi[i], numbered row by row; moves checked against documents."""

    def __init__(self, corpus: _Corpus, lo, hi):
        self.lo = np.asarray(lo, dtype=np.int64)
        self.hi = np.asarray(hi, dtype=np.int64)
        width = self.hi - self.lo + 1
        self.off = np.concatenate([[0], np.cumsum(width)]).astype(np.int64)
        self.size = int(self.off[-1])
        self.ci = np.repeat(np.arange(len(width), dtype=np.int64), width)
        self.cj = np.arange(self.size, dtype=np.int64) - self.off[self.ci] + self.lo[self.ci]
        self.src, self.valid = [], []
        n = corpus.n
        doc = corpus.doc_s[np.clip(self.ci - 1, 0, max(n - 1, 0))]
        for a, b in DOWN:
            p = self.ci - a
            pj = self.cj - b
            pc = np.clip(p, 0, n)
            ok = (p >= 0) & (pj >= self.lo[pc]) & (pj <= self.hi[pc])
            ok &= corpus.doc_s[np.clip(p, 0, max(n - 1, 0))] == doc
            ok &= (pj >= corpus.t0[doc]) & (self.cj <= corpus.t1[doc])
            self.src.append(np.where(ok, self.off[pc] + pj - self.lo[pc], 0))
            self.valid.append(ok)

    def flat(self, i: int, j: int) -> int:
        return int(self.off[i] + j - self.lo[i])


def _allowed(corpus: _Corpus):
    """Per row, the English range its cells may take: from the start of the document of
    Arabic sentence i-1 to the end of that of sentence i."""
    n, m = corpus.n, corpus.m
    a_lo = np.zeros(n + 1, dtype=np.int64)
    a_hi = np.full(n + 1, m, dtype=np.int64)
    if n:
        a_lo[1:] = corpus.t0[corpus.doc_s[:n]]
        a_hi[:n] = corpus.t1[corpus.doc_s[:n]]
    return a_lo, a_hi


def _make_band(corpus, lows, highs, w, a_lo, a_hi):
    n = corpus.n
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    # a row that ends a document must hold that document's last English position, and a row
    # that starts one its first, so that the path can cross from one document to the next
    must_lo = a_hi.copy()
    must_hi = a_lo.copy()
    for k in range(len(corpus.s0)):
        for r, t in ((corpus.s1[k], corpus.t1[k]), (corpus.s0[k], corpus.t0[k])):
            must_lo[r] = min(must_lo[r], t)
            must_hi[r] = max(must_hi[r], t)
    for i in range(n + 1):
        l_ = max(int(a_lo[i]), int(math.floor(lows[i] - w)))
        h = min(int(a_hi[i]), int(math.ceil(highs[i] + w)))
        l_ = min(l_, int(must_lo[i]))
        h = max(h, int(must_hi[i]), l_)
        if i == 0:
            l_ = 0
        else:
            l_ = min(max(l_, int(lo[i - 1])), int(hi[i - 1]))
            h = max(h, l_)
        if i == n:
            h = corpus.m
        lo[i], hi[i] = l_, h
    return lo, hi


def _diagonal(corpus):
    """Per row, the English positions expected from each document's length ratio."""
    n = corpus.n
    lows = np.full(n + 1, INF)
    highs = np.full(n + 1, -INF)
    for k in range(len(corpus.s0)):
        s0, s1, t0, t1 = corpus.s0[k], corpus.s1[k], int(corpus.t0[k]), int(corpus.t1[k])
        slope = (t1 - t0) / (s1 - s0)
        for i in range(s0, s1 + 1):
            x = t0 + (i - s0) * slope
            lows[i] = min(lows[i], x)
            highs[i] = max(highs[i], x + slope if i < s1 else x)
    return lows, highs


def _path_ranges(n, path):
    lows = np.full(n + 1, INF)
    highs = np.full(n + 1, -INF)
    lows[0] = highs[0] = 0
    for i0, a, j0, b, *_ in path:
        for i, j in ((i0, j0), (i0 + a, j0 + b)):
            lows[i] = min(lows[i], j)
            highs[i] = max(highs[i], j)
    for i in range(1, n + 1):  # rows jumped over by a 2-x or 3-x bead
        if lows[i] == INF:
            lows[i] = highs[i - 1]
            highs[i] = highs[i - 1]
    return lows, highs


def _touches_edge(path, lo, hi, a_lo, a_hi):
    for i0, a, j0, b, *_ in path:
        i, j = i0 + a, j0 + b
        if (j == lo[i] and lo[i] > a_lo[i]) or (j == hi[i] and hi[i] < a_hi[i]):
            return True
    return False


# ------------------------------------------------------------------ costs and the recursion

def _anchor_cum(corpus: _Corpus, grid: _Grid):
    """Per Arabic sentence s: window start and cumulative sums over English j of the pair match M[s, j]."""
    n = corpus.n
    lo, hi = grid.lo, grid.hi
    wlo = np.array([lo[max(0, s - 2):s + 1].min() for s in range(n)], dtype=np.int64)
    whi = np.array([hi[s + 1:min(n, s + 3) + 1].max() for s in range(n)], dtype=np.int64)
    width = int((whi - wlo).max()) + 1 if n else 1
    rows, cols, vals = [], [], []
    for s in range(n):
        f = corpus.fs[s]
        if not f:
            continue
        idx = corpus.index[corpus.doc_s[s]]
        a, b = int(wlo[s]), int(whi[s])
        for key, c in f.items():
            hit = idx.get(key)
            if hit is None:
                continue
            js, cs = hit
            k0 = bisect.bisect_left(js, a)
            k1 = bisect.bisect_left(js, b)
            w = _features.WEIGHTS[key[0]]
            for k in range(k0, k1):
                rows.append(s)
                cols.append(js[k] - a + 1)
                vals.append(w * min(c, cs[k]))
    mat = np.zeros((max(n, 1), width + 1))
    if rows:
        np.add.at(mat, (np.array(rows), np.array(cols)), np.array(vals))
    return wlo, np.cumsum(mat, axis=1), _overlap_corrections(corpus, wlo, whi, width)


def _overlap_corrections(corpus: _Corpus, wlo, whi, width):
    """What the pairwise sum over-counts when two neighbouring sentences share a key.

    ``ca[x, y - wlo[x]]``: sum over keys k of Arabic x and x+1 of
    ``w (min(c_x, e_y) + min(c_x+1, e_y) - min(c_x + c_x+1, e_y))``, so that
    pairwise(2-1) - ca is the exact multiset match of the merged Arabic pair with
    English y; ``ce[x, y - wlo[x]]`` the same for English y and y+1 against Arabic x.
    """
    n = corpus.n
    weights = _features.WEIGHTS
    ca = np.zeros((max(n, 1), width + 1))
    ce = np.zeros((max(n, 1), width + 1))
    fs, ft = corpus.fs, corpus.ft
    for x in range(n - 1):
        if corpus.doc_s[x] != corpus.doc_s[x + 1]:
            continue
        f1, f2 = fs[x], fs[x + 1]
        common = f1.keys() & f2.keys()
        if not common:
            continue
        idx = corpus.index[corpus.doc_s[x]]
        a, b = int(wlo[x]), int(whi[x])
        for key in common:
            hit = idx.get(key)
            if hit is None:
                continue
            js, cs = hit
            c1, c2, w = f1[key], f2[key], weights[key[0]]
            for k in range(bisect.bisect_left(js, a), bisect.bisect_left(js, b)):
                e = cs[k]
                ca[x, js[k] - a] += w * (min(c1, e) + min(c2, e) - min(c1 + c2, e))
    aidx = corpus.arabic_index()
    for y in range(corpus.m - 1):
        if corpus.doc_t[y] != corpus.doc_t[y + 1]:
            continue
        g1, g2 = ft[y], ft[y + 1]
        common = g1.keys() & g2.keys()
        if not common:
            continue
        idx = aidx[corpus.doc_t[y]]
        for key in common:
            e1, e2, w = g1[key], g2[key], weights[key[0]]
            for x, c in idx.get(key, ()):
                if wlo[x] <= y < whi[x]:
                    ce[x, y - wlo[x]] += w * (min(c, e1) + min(c, e2) - min(c, e1 + e2))
    return ca, ce


def _length_costs(corpus: _Corpus, grid: _Grid):
    """Per DOWN move, the length+anchors cost of the bead ending in every cell (inf where invalid)."""
    wlo, cum, (ca, ce) = _anchor_cum(corpus, grid)
    width = cum.shape[1] - 1

    def corr(arr, x, y):
        return arr[x, np.clip(y - wlo[x], 0, width)]

    ci, cj = grid.ci, grid.cj
    c, s2 = corpus.c, corpus.s2
    out = []
    for (a, b), ok, in zip(DOWN, grid.valid):
        cost = np.full(grid.size, INF)
        if not ok.any():
            out.append(cost)
            continue
        i, j = ci[ok], cj[ok]
        p, pj = i - a, j - b
        if b == 0:
            cost[ok] = DEL_COST
            out.append(cost)
            continue
        ls = corpus.ps[i] - corpus.ps[p]
        lt = corpus.pt[j] - corpus.pt[pj]
        d = (lt - c * ls) / np.sqrt(s2 * (ls + lt / c) / 2.0)
        anc = np.zeros(len(i))
        for r in range(a):
            srow = p + r
            base = wlo[srow]
            anc += cum[srow, np.clip(j - base, 0, width)] - cum[srow, np.clip(pj - base, 0, width)]
        if (a, b) == (2, 1):
            anc -= corr(ca, p, pj)
        elif (a, b) == (1, 2):
            anc -= corr(ce, p, pj)
        elif (a, b) == (3, 1):
            anc -= corr(ca, p, pj) + corr(ca, p + 1, pj)
        elif (a, b) == (1, 3):
            anc -= corr(ce, p, pj) + corr(ce, p, pj + 1)
        elif (a, b) == (2, 2):
            anc -= np.maximum(corr(ca, p, pj) + corr(ca, p, pj + 1), corr(ce, p, pj) + corr(ce, p + 1, pj))
        if a + b > 2:
            anc = np.minimum(np.minimum(anc, corpus.ws[i] - corpus.ws[p]), corpus.wt[j] - corpus.wt[pj])
        cost[ok] = PRIOR_COST[(a, b)] + _len_cost_vec(d) - anc
        out.append(cost)
    return out


def _recursion(grid: _Grid, costs, del_cost: float, n: int, m: int):
    """Best path through the band; returns [(i0, a, j0, b, cost)]."""
    src = np.stack(grid.src)
    cst = np.stack(costs)
    kk = len(DOWN)
    best_all = np.full(grid.size, INF)
    back = np.full(grid.size, -1, dtype=np.int64)
    for i in range(n + 1):
        s, e = int(grid.off[i]), int(grid.off[i + 1])
        if i == 0:
            best = np.full(e - s, INF)
            best[0] = 0.0
            bm = np.full(e - s, -1, dtype=np.int64)
        else:
            cand = best_all[src[:, s:e]] + cst[:, s:e]
            bm = cand.argmin(axis=0)
            best = cand[bm, np.arange(e - s)]
            bm[best == INF] = -1
        steps = np.arange(e - s) * del_cost
        run = np.minimum.accumulate(best - steps) + steps
        left = run < best - 1e-9
        best = np.where(left, run, best)
        bm[left] = kk
        best_all[s:e] = best
        back[s:e] = bm
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        f = grid.flat(i, j)
        k = int(back[f])
        if k < 0:
            raise RuntimeError("alignment band is disconnected")
        if k == kk:
            a, b, c = 0, 1, del_cost
        else:
            (a, b), c = DOWN[k], float(cst[k, f])
        path.append((i - a, a, j - b, b, c))
        i, j = i - a, j - b
    path.reverse()
    return path


def _search(corpus, cost_fn, del_cost, width, path=None):
    """Banded search; the band is doubled while the best path touches its edge."""
    n, m = corpus.n, corpus.m
    a_lo, a_hi = _allowed(corpus)
    if path is None:
        lows, highs = _diagonal(corpus)
    else:
        lows, highs = _path_ranges(n, path)
    w = width
    while True:
        lo, hi = _make_band(corpus, lows, highs, w, a_lo, a_hi)
        grid = _Grid(corpus, lo, hi)
        try:
            new = _recursion(grid, cost_fn(grid), del_cost, n, m)
        except RuntimeError:
            if (lo == a_lo).all() and (hi == a_hi).all():
                raise
            w *= 2
            continue
        full = bool((lo == a_lo).all() and (hi == a_hi).all())
        if full or not _touches_edge(new, lo, hi, a_lo, a_hi):
            return new
        lows, highs = _path_ranges(n, new)
        w *= 2


# ------------------------------------------------------------------ chrF from per-sentence statistics

class _Side:
    """One side's sentences as one string without whitespace, and every character n-gram of it as
    an integer (orders 1..CHRF_ORDER), so that a span of sentences is a slice of each order's array
    (the n-grams that cross a sentence boundary included, as in the joined bead text)."""

    def __init__(self, texts: list[str], values):
        stripped = [_WS.sub("", x) for x in texts]
        self.off = np.concatenate([[0], np.cumsum([len(x) for x in stripped])]).astype(np.int64)
        self.text = "".join(stripped)
        self.values = values(self.text)  # per order, int64 array of n-gram values by start position


class _ChrF:
    """Bead chrF (character 1-6-grams without whitespace, beta = 1, sacrebleu's averaging).

    Both sides are packed once: every character n-gram becomes an integer (the
    characters' ids in a few bits each), computed with numpy over the whole side.
    A span of sentences is a slice; its multiset of n-grams is a set of items
    (n-gram, k-th occurrence), so that the match count sum_g min(h_g, r_g) of a
    bead is the size of a set intersection (in C). Span sets are built once and
    cached; n-gram totals of a span follow from its length.
    """

    def __init__(self, hyps: list[str], refs: list[str]):
        hyps = [_WS.sub("", x) for x in hyps]
        refs = [_WS.sub("", x) for x in refs]
        alphabet = sorted(set("".join(hyps)) | set("".join(refs)))
        self.ids = {ch: k + 1 for k, ch in enumerate(alphabet)}  # 0 is no character
        self.bits = max(1, len(self.ids).bit_length())
        # an n-gram occurs at most (span length) times in a span of up to three sentences
        longest = max((len(x) for x in hyps + refs), default=0) * 3 + 1
        self.kbits = longest.bit_length()
        # packed n-gram values fit beside the occurrence index in 63 bits: one number per item
        self.packed = self.bits * CHRF_ORDER + self.kbits <= 62
        self.limits = [1 << (self.bits * o) for o in range(1, CHRF_ORDER)]
        self.h = _Side(hyps, self._values)
        self.r = _Side(refs, self._values)
        self._sh: dict = {}
        self._sr: dict = {}

    def _values(self, text: str) -> list[np.ndarray]:
        n = len(text)
        if self.packed:
            codes = np.fromiter((self.ids[ch] for ch in text), dtype=np.int64, count=n)
            out = [codes]
            for o in range(2, CHRF_ORDER + 1):
                prev = out[-1]
                out.append(prev[:n - o + 1] | (codes[o - 1:] << (self.bits * (o - 1))))
            return out
        # a very large alphabet: n-gram ids from a dictionary shared by both sides (exact, slower)
        vocab = getattr(self, "_vocab", None)
        if vocab is None:
            vocab = self._vocab = {}
        out = []
        for o in range(1, CHRF_ORDER + 1):
            out.append(np.fromiter((vocab.setdefault(text[x:x + o], len(vocab))
                                    for x in range(n - o + 1)), dtype=np.int64, count=max(0, n - o + 1)))
        return out

    def _items(self, side: _Side, x0: int, a: int) -> list[set]:
        """Per order, the set of (n-gram, occurrence) items of sentences x0..x0+a-1 joined."""
        s, e = int(side.off[x0]), int(side.off[x0 + a])
        if self.packed:
            v = np.concatenate([side.values[o][s:max(s, e - o)] for o in range(CHRF_ORDER)])
            v.sort(kind="stable")
            out = self._ranked(v)
            cuts = np.searchsorted(v, self.limits).tolist() if len(v) else [0] * (CHRF_ORDER - 1)
            items = out.tolist()
            bounds = [0] + cuts + [len(items)]
            return [set(items[bounds[o]:bounds[o + 1]]) for o in range(CHRF_ORDER)]
        res = []
        for o in range(CHRF_ORDER):
            v = np.sort(side.values[o][s:max(s, e - o)])
            res.append(set(self._ranked(v).tolist()))
        return res

    def _ranked(self, v: np.ndarray) -> np.ndarray:
        """Sorted values -> items: each value with k, its occurrence index among equal values, beside it."""
        if not len(v):
            return v
        idx = np.arange(len(v), dtype=np.int64)
        start = np.empty(len(v), dtype=bool)
        start[0] = True
        np.not_equal(v[1:], v[:-1], out=start[1:])
        first = np.maximum.accumulate(np.where(start, idx, 0))
        k = idx - first
        if self.packed:
            return v | (k << (self.bits * CHRF_ORDER))
        return v * (1 << self.kbits) + k

    def _span(self, cache, side, x0, a):
        key = (x0, a)
        v = cache.get(key)
        if v is None:
            v = self._items(side, x0, a)
            cache[key] = v
        return v

    def matches(self, i0, a, j0, b) -> list[int]:
        hs = self._span(self._sh, self.h, i0, a)
        rs = self._span(self._sr, self.r, j0, b)
        return [len(x & y) if len(x) < len(y) else len(y & x) for x, y in zip(hs, rs)]

    @staticmethod
    def _totals(side: _Side, x0, a) -> np.ndarray:
        """Per bead and order, the number of n-grams of the joined span (length - order + 1)."""
        length = side.off[np.asarray(x0) + a] - side.off[np.asarray(x0)]
        orders = np.arange(CHRF_ORDER)
        return np.maximum(np.asarray(length, dtype=float)[..., None] - orders, 0.0)

    def scores(self, i0, a, j0, b, matches) -> np.ndarray:
        """chrF (beta = 1, sacrebleu's averaging) of many beads at once; arrays of equal length."""
        hyp = self._totals(self.h, i0, a)
        ref = self._totals(self.r, j0, b)
        eff = (hyp > 0) & (ref > 0)
        prec = np.where(eff, matches / np.maximum(hyp, 1), 0.0)
        rec = np.where(eff, matches / np.maximum(ref, 1), 0.0)
        k = eff.sum(axis=-1)
        ap = prec.sum(axis=-1) / np.maximum(k, 1)
        ar = rec.sum(axis=-1) / np.maximum(k, 1)
        den = ap + ar
        return np.where(den > 0, 200.0 * ap * ar / np.where(den > 0, den, 1.0), 0.0)


def _mt_costs(corpus, chrf: _ChrF, base: float, prune: bool = True):
    """Per DOWN move, the MT cost of the bead ending in every cell of the band.

    1-1 and 1-0 beads are scored first. A merged bead then gets an upper bound on
    its chrF, from the 1-1 match counts of its sentence pairs plus every n-gram
    that crosses a boundary inside it (min(h1 + h2, r) <= min(h1, r) + min(h2, r)),
    hence a lower bound on its cost; where that bound already exceeds a path of
    1-1/deletion moves between the same two cells (say 1-0 then 1-1 for a 2-1),
    the bead can never be on the best path and is left out (infinite cost), so
    only the others need their exact chrF. The path found is the same. The paths
    tried: one 1-1 bead inside the merge and deletions for its other sentences
    (every order of steps that stays in the band), and two 1-1 beads for a 2-2.
    """
    scale = 1.0 / max(100.0 - base, 1.0)
    k11, k10 = DOWN.index((1, 1)), DOWN.index((1, 0))

    def mt_cost(a, b, sim, lc):
        return PRIOR_COST[(a, b)] - PRIOR_COST[(1, 1)] + MT_SCALE * (100.0 - sim) * scale * (a + b) / 2.0 + 0.25 * lc

    def costs(grid: _Grid):
        lcost = _length_costs(corpus, grid)
        out = [np.full(grid.size, INF) for _ in DOWN]
        out[k10][grid.valid[k10]] = MT_DEL
        ok = grid.valid[k11]
        i, j = grid.ci[ok], grid.cj[ok]
        pairs: dict = {}
        for x, y in zip((i - 1).tolist(), (j - 1).tolist()):
            pairs[(x, y)] = chrf.matches(x, 1, y, 1)
        mat = np.array([pairs[(x, y)] for x, y in zip((i - 1).tolist(), (j - 1).tolist())],
                       dtype=float).reshape(len(i), CHRF_ORDER)
        out[k11][ok] = mt_cost(1, 1, chrf.scores(i - 1, 1, j - 1, 1, mat), lcost[k11][ok])
        ext = [np.append(c, INF) for c in out]  # index grid.size: a cell outside the band

        def at(k, ii, jj):
            """Cost of move k into cells (ii, jj), infinite outside the band."""
            iic = np.clip(ii, 0, len(grid.lo) - 1)
            inside = (ii >= 0) & (ii < len(grid.lo)) & (jj >= grid.lo[iic]) & (jj <= grid.hi[iic])
            return ext[k][np.where(inside, grid.off[iic] + jj - grid.lo[iic], grid.size)]

        def horiz(ii, jj):
            """A 0-1 step into cells (ii, jj): MT_DEL inside the band, infinite outside."""
            iic = np.clip(ii, 0, len(grid.lo) - 1)
            inside = (ii >= 0) & (ii < len(grid.lo)) & (jj > grid.lo[iic]) & (jj <= grid.hi[iic])
            return np.where(inside, MT_DEL, INF)

        for k, ((a, b), okm, lc) in enumerate(zip(DOWN, grid.valid, lcost)):
            if b == 0 or (a, b) == (1, 1) or not okm.any():
                continue
            i, j = grid.ci[okm], grid.cj[okm]
            p, pj = i - a, j - b
            keep = np.ones(len(i), dtype=bool)
            if prune:
                alt = np.full(len(i), INF)
                if (a, b) == (2, 2):
                    alt = at(k11, i - 1, j - 1) + at(k11, i, j)
                # one 1-1 bead (hyp p+r, ref pj+c) and deletions for the other sentences
                for r in range(a):
                    for c in range(b):
                        x, y = p + r, pj + c
                        tot = at(k11, x + 1, y + 1)
                        for t in range(1, r + 1):
                            tot = tot + at(k10, p + t, pj)
                        for t in range(1, c + 1):
                            tot = tot + horiz(x, pj + t)
                        for t in range(1, a - r):
                            tot = tot + at(k10, x + 1 + t, y + 1)
                        for t in range(1, b - c):
                            tot = tot + horiz(i, y + 1 + t)
                        alt = np.minimum(alt, tot)
                cand = np.isfinite(alt)
                if cand.any():
                    ub = np.zeros((len(i), CHRF_ORDER))
                    cross = (a - 1 + b - 1) * np.arange(CHRF_ORDER, dtype=float)
                    idx = np.flatnonzero(cand)
                    for r in range(a):
                        for c in range(b):
                            for t, x, y in zip(idx.tolist(), (p[idx] + r).tolist(), (pj[idx] + c).tolist()):
                                m = pairs.get((x, y))
                                if m is None:
                                    m = pairs[(x, y)] = chrf.matches(x, 1, y, 1)
                                ub[t] += m
                    ub += cross
                    ub = np.minimum(ub, np.minimum(chrf._totals(chrf.h, p, a), chrf._totals(chrf.r, pj, b)))
                    low = mt_cost(a, b, chrf.scores(p, a, pj, b, ub), lc[okm])
                    keep = ~(cand & (low > alt + 1e-9))
            if not keep.any():
                continue
            pk, pjk = p[keep], pj[keep]
            mat = np.array([chrf.matches(x, a, y, b) for x, y in zip(pk.tolist(), pjk.tolist())],
                           dtype=float).reshape(len(pk), CHRF_ORDER)
            sel = np.flatnonzero(okm)[keep]
            out[k][sel] = mt_cost(a, b, chrf.scores(pk, a, pjk, b, mat), lc[sel])
        return out
    return costs


def _mt_baseline(chrf: _ChrF, path) -> float:
    """Median chrF of pairs that the first pass says do NOT belong together."""
    pairs = [(i0, j0) for i0, a, j0, b, *_ in path if a == 1 and b == 1]
    ii, jj = [], []
    step = max(1, len(pairs) // 100)
    for k in range(0, len(pairs), step):
        for off in (3, -3):
            if 0 <= k + off < len(pairs):
                ii.append(pairs[k][0])
                jj.append(pairs[k + off][1])
    if len(ii) < 3:
        return 20.0
    mat = np.array([chrf.matches(i, 1, j, 1) for i, j in zip(ii, jj)], dtype=float)
    vals = chrf.scores(np.array(ii), 1, np.array(jj), 1, mat)
    return min(max(float(np.median(vals)), 5.0), 60.0)


# ------------------------------------------------------------------ entry points

def _score(a, b, cost, del_cost):
    if a == 0 or b == 0:
        return _sigmoid(-del_cost / TEMPERATURE)
    return _sigmoid(((a + b) * del_cost - cost - del_cost) / TEMPERATURE)


def _split(corpus: _Corpus, path, docs, del_cost, method, info):
    """Cut the corpus path into one Alignment per document (indices local to the document)."""
    out = []
    for k, (src, tgt) in enumerate(docs):
        out.append(Alignment([], list(src), list(tgt), method, dict(info)))
    for i0, a, j0, b, cost in path:
        k = int(corpus.doc_s[i0]) if a else int(corpus.doc_t[j0])
        s0, t0 = corpus.s0[k], int(corpus.t0[k])
        out[k].beads.append(Bead(list(range(i0 - s0, i0 - s0 + a)), list(range(j0 - t0, j0 - t0 + b)),
                                 _score(a, b, cost, del_cost)))
    return out


def _learn(corpus: _Corpus, path) -> Dictionary:
    pairs = []
    for i0, a, j0, b, cost in path:
        if a == 1 and b == 1 and _score(1, 1, cost, DEL_COST) >= LEARN_MIN_SCORE:
            pairs.append((corpus.stems_s[i0], corpus.stems_t[j0]))
    return learn_dictionary(pairs, min_count=LEARN_MIN_COUNT)


def align_documents(docs, mt=None, dictionary: Dictionary | None = None, learn: bool = True,
                    band: int | None = None) -> list[Alignment]:
    """Align many documents at once: ``docs`` is a list of (Arabic sentences, English sentences).

    No bead holds sentences of two documents; the length statistics and the
    learnt dictionary come from all of them. ``mt``: None, or per document the
    machine translation of each Arabic sentence (chrF then drives the cost).
    ``dictionary``: a :class:`bitext.align.lexicon.Dictionary` used from the
    first pass. ``learn``: learn a dictionary from the confident beads of the
    first pass and realign with it (model-free mode only). ``band``: half-width
    of the first search band (default 20; it widens by itself when needed).
    Returns one :class:`Alignment` per document, with indices local to it.
    """
    was_enabled = gc.isenabled()
    gc.disable()  # many small containers and no cycles: collection would cost ~15% of the run
    try:
        return _align_documents(docs, mt, dictionary, learn, band)
    finally:
        if was_enabled:
            gc.enable()


def _align_documents(docs, mt, dictionary, learn, band) -> list[Alignment]:
    docs = [(list(s), list(t)) for s, t in docs]
    if mt is not None:
        if len(mt) != len(docs):
            raise ValueError(f"mt has {len(mt)} documents, there are {len(docs)}")
        for k, (m_, (s, _)) in enumerate(zip(mt, docs)):
            if len(m_) != len(s):
                raise ValueError(f"mt has {len(m_)} sentences, src has {len(s)}"
                                 + (f" (document {k + 1})" if len(docs) > 1 else ""))
    method = "mt:chrF" if mt is not None else "length+anchors"
    # documents with an empty side are all deletions; the rest go through one search
    live = [k for k, (s, t) in enumerate(docs) if s and t]
    results: list[Alignment | None] = [None] * len(docs)
    for k, (s, t) in enumerate(docs):
        if not (s and t):
            d = _sigmoid(-DEL_COST / TEMPERATURE)
            results[k] = Alignment([Bead([i], [], d) for i in range(len(s))] + [Bead([], [j], d) for j in range(len(t))],
                                   s, t, method)
    if not live:
        return results
    sub = [docs[k] for k in live]
    corpus = _Corpus(sub, dictionary)
    width = 20 if band is None else max(1, int(band))
    lcost = lambda grid: _length_costs(corpus, grid)  # noqa: E731
    path = _search(corpus, lcost, DEL_COST, width)
    corpus.estimate_s2(path)
    path = _search(corpus, lcost, DEL_COST, max(4, width // 2), path)
    info = {"c": corpus.c, "s2": corpus.s2}
    if mt is None and learn:
        learnt = _learn(corpus, path)
        info["learnt_entries"] = len(learnt)
        if learnt:
            corpus.set_dictionary(learnt.merged(dictionary) if dictionary else learnt)
            path = _search(corpus, lcost, DEL_COST, max(4, width // 2), path)
    if mt is None:
        aligned = _split(corpus, path, sub, DEL_COST, method, info)
    else:
        hyps = [x if x is not None else "" for k in live for x in mt[k]]
        chrf = _ChrF(hyps, corpus.tgt)
        base = _mt_baseline(chrf, path)
        info["chrf_base"] = base
        mt_width = MT_BAND if band is None else max(2, width // 4)
        path = _search(corpus, _mt_costs(corpus, chrf, base), MT_DEL, mt_width, path)
        aligned = _split(corpus, path, sub, MT_DEL, method, info)
    for k, al in zip(live, aligned):
        results[k] = al
    return results


def align(src: list[str], tgt: list[str], mt: list[str] | None = None, band: int | None = None,
          dictionary: Dictionary | None = None, learn: bool = True) -> Alignment:
    """Align Arabic sentences ``src`` with English sentences ``tgt``.

    ``mt``: optional machine translation of each Arabic sentence (same length
    as ``src``); when given, chrF between MT and English drives the cost.
    ``dictionary`` / ``learn``: lexical evidence, see :func:`align_documents`.
    ``band``: half-width of the first search band (default 20 cells beyond
    the length-ratio slope; the band widens by itself when needed).
    Returns beads covering every sentence of both sides once, in order.
    """
    src, tgt = list(src), list(tgt)
    if mt is not None and len(mt) != len(src):
        raise ValueError(f"mt has {len(mt)} sentences, src has {len(src)}")
    return align_documents([(src, tgt)], mt=None if mt is None else [list(mt)], dictionary=dictionary,
                           learn=learn, band=band)[0]
