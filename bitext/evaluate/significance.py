"""Paired significance tests against the baseline: sacrebleu's paired bootstrap and approximate
randomisation, redone one resample (or one block of trials) at a time with sacrebleu's seed and random
stream, so that the p-values are sacrebleu's and memory does not grow with the number of trials."""

from __future__ import annotations

from .metrics import corpus_score, p_value, score_from_sums
from .report import LOWER_IS_BETTER


def verdict(metric: str, delta: float, p_bs: float, p_ar: float, alpha: float) -> str:
    if p_bs >= alpha or p_ar >= alpha or delta == 0:
        return "no significant difference"
    good = delta < 0 if metric in LOWER_IS_BETTER else delta > 0
    return "better" if good else "worse"




PAIRED_CHUNK = 1 << 20  # AR coin flips drawn (and bootstrap indices used) at a time


def paired_bootstrap_p(metric, bl_stats, sys_stats, diff: float, n_samples: int, seed: int | None) -> float:
    """sacrebleu's paired bootstrap p-value (``significance._paired_bs_test``: the same seed, the same
    draws, the same float32 sums), one resample at a time instead of all of them at once
    (1,000 x segments x statistics floats per system)."""
    import numpy as np
    rng = np.random.default_rng(seed)
    bl = np.asarray(bl_stats, dtype="float32")
    sys = np.asarray(sys_stats, dtype="float32")
    n = len(sys)
    diffs = np.empty(n_samples)
    for i in range(n_samples):
        idx = rng.choice(n, size=n, replace=True)  # row i of sacrebleu's (n_samples, n) draw
        diffs[i] = abs(score_from_sums(metric, sys[idx].sum(0)).score - score_from_sums(metric, bl[idx].sum(0)).score)
    return p_value(diffs - diffs.mean(), diff)


def paired_ar_p(metric, bl_stats, sys_stats, diff: float, n_samples: int, seed: int | None) -> float:
    """sacrebleu's approximate randomization p-value (``significance._paired_ar_test``), drawing the
    coin flips a block of trials at a time: sacrebleu draws a (trials x segments) matrix at once
    (1 GB at 10,000 trials on 100k lines). A block holds a multiple of 32 flips, and numpy fills
    boolean draws 32 flips per 32-bit word, so the blocks continue sacrebleu's stream exactly."""
    import math

    import numpy as np
    rng = np.random.default_rng(seed)
    bl = np.asarray(bl_stats, dtype=np.float64)  # counts: exact in float64, and the products run in BLAS
    sys = np.asarray(sys_stats, dtype=np.float64)
    n = len(sys)
    step = 32 // math.gcd(n, 32) if n else 1
    rows = max(step, PAIRED_CHUNK // max(n, 1) // step * step)
    gaps = np.empty(n_samples)
    done = 0
    while done < n_samples:
        r = min(rows, n_samples - done)
        pos = rng.integers(2, size=r * n, dtype=bool).reshape(r, n)
        neg = ~pos
        shuf_a = pos @ bl + neg @ sys
        shuf_b = neg @ bl + pos @ sys
        for j in range(r):
            gaps[done + j] = abs(corpus_score(metric, shuf_a[j:j + 1]).score - corpus_score(metric, shuf_b[j:j + 1]).score)
        done += r
    return p_value(gaps, diff)


def paired_work(st: dict, name: str):
    """Paired bootstrap and AR p-values of one system against the baseline, for every metric
    (``st``: metrics, stats, wanted, baseline, n_bootstrap, ar_trials, seed)."""
    p_bs: dict[str, float] = {}
    p_ar: dict[str, float] = {}
    for m, metric in st["metrics"].items():
        if m not in st["wanted"]:
            continue
        bl_stats, bl_score = st["baseline"][m]
        sys_stats = st["stats"][m][name]
        diff = abs(bl_score - corpus_score(metric, sys_stats).score)
        if st["n_bootstrap"] > 1:
            p_bs[m] = paired_bootstrap_p(metric, bl_stats, sys_stats, diff, st["n_bootstrap"], st["seed"])
        if st["ar_trials"] > 0:
            p_ar[m] = paired_ar_p(metric, bl_stats, sys_stats, diff, st["ar_trials"], st["seed"])
    return p_bs, p_ar
