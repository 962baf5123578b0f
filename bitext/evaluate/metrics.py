"""sacrebleu, wrapped: metrics, per-segment statistics, scores from them, bootstrap resamples.

This is the only module of bitext that touches sacrebleu's private names (``PRIVATE_NAMES``).
"""

from __future__ import annotations

import os
from typing import Sequence

from ..errors import FormatError, InputError
from .report import METRICS


def make_metric(name: str):
    """A sacrebleu metric with its defaults and no reference cache: references are given chunk by
    chunk to :func:`statistics`, so memory does not grow with the corpus."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU()
    if name == "chrf":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise FormatError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


STATISTICS_CHUNK = 2000  # segments whose references sacrebleu holds in memory at a time
TER_MAX_WORDS = 1000  # sacrebleu's TER needs time and memory quadratic in a segment's length


def statistics(metric, hyps: Sequence[str], refs: Sequence[Sequence[str]]):
    """Per-segment sufficient statistics of ``metric`` (a numpy array, one row a segment), extracted
    chunk by chunk: only one chunk's reference n-grams are ever in memory."""
    import numpy as np

    rows = []
    for start in range(0, len(hyps), STATISTICS_CHUNK):
        end = start + STATISTICS_CHUNK
        rows.extend(segment_statistics(metric, hyps[start:end], [r[start:end] for r in refs]))
    return np.asarray(rows, dtype=np.int64).reshape(len(rows), -1) if rows else np.zeros((0, 0), dtype=np.int64)


def bootstrap_scores(stats, metric, n_samples: int, seed: int | None):
    """sacrebleu's bootstrap resampling (``significance._bootstrap_resample``: the same seed, the same
    draws, the same float32 sums, so the same scores), one resample at a time: sacrebleu holds all
    resamples of all segments at once (1,000 x 100,000 x 24 floats for chrF++ on 100k lines)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    stats_np = np.array(stats, dtype="float32")
    n = len(stats_np)
    scores = [score_from_sums(metric, stats_np[rng.choice(n, size=n, replace=True)].sum(0))
              for _ in range(n_samples)]
    return str(seed_from_env()[1]), scores


def check_ter_lengths(refs: Sequence[Sequence[str]], systems: dict[str, Sequence[str]],
                       paths: dict[str, str], unit: str = "line") -> None:
    """Refuse, before any work, a segment too long for TER (a 1 MB line would take many GB)."""
    for label, lines in [("the reference", r) for r in refs] + [(paths.get(n, n), h) for n, h in systems.items()]:
        for i, line in enumerate(lines):
            if line.count(" ") >= TER_MAX_WORDS and len(line.split()) > TER_MAX_WORDS:
                raise InputError(f"{label}: {unit} {i + 1} has {len(line.split()):,} words; TER takes time and memory "
                                 f"quadratic in a segment's length and is refused above {TER_MAX_WORDS:,} words: "
                                 "leave it out (-m bleu,chrf) or split the segment")


def seed_from_env() -> tuple[int | None, str]:
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return (None if seed.lower() == "none" else int(seed)), seed.lower()



# sacrebleu's private names bitext relies on; tests/test_evaluate.py fails loudly when one moves
PRIVATE_NAMES = {"Metric": ("_extract_corpus_statistics", "_aggregate_and_compute", "_compute_score_from_stats"),
                 "significance": ("_compute_p_value",)}


def segment_statistics(metric, hyps: Sequence[str], refs: Sequence[Sequence[str]] | None = None):
    """sacrebleu's per-segment statistics of ``hyps`` (``refs`` None: the metric's cached references)."""
    return metric._extract_corpus_statistics(hyps, refs)


def corpus_score(metric, stats):
    """sacrebleu's score (a ``Score``) of summed per-segment statistics ``stats``."""
    return metric._aggregate_and_compute(stats)


def score_from_sums(metric, sums):
    """sacrebleu's score of already summed statistics (one row)."""
    return metric._compute_score_from_stats(sums)


def p_value(samples, real_difference: float) -> float:
    """sacrebleu's p-value of a paired test from its sample statistics."""
    from sacrebleu.significance import _compute_p_value

    return float(_compute_p_value(samples, real_difference))
