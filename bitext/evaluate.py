"""Evaluation stage: corpus and sentence scores of MT systems against references.

``evaluate(refs, systems, sources)`` scores every system with sacrebleu's
BLEU, chrF++ and TER (sacrebleu's defaults: 13a tokenisation, case
sensitive), with sacrebleu's signatures and 95% bootstrap confidence
intervals, compares every system with the first one (paired bootstrap
resampling and approximate randomisation, both sacrebleu's own code),
scores every segment (sentence BLEU with effective order, sentence chrF++)
and, given the Arabic sources, measures fidelity with ``bitext check``.

Nothing here re-implements a metric: sufficient statistics are extracted
once per system and metric with sacrebleu (``Metric._extract_corpus_statistics``)
and every score is computed from them by sacrebleu
(``_aggregate_and_compute``, ``_compute_score_from_stats``). The resampling of
``significance._bootstrap_resample``, ``_paired_bs_test`` and ``_paired_ar_test``
is redone here one resample (or one block of trials) at a time, with the same
seed, the same random stream and the same sums, because sacrebleu holds every
resample of every segment at once (GBs on 100k lines). The corpus scores and
intervals equal ``corpus_score(..., n_bootstrap=N)``, and the p-values equal
``sacrebleu.significance.PairedTest`` (same seed, ``SACREBLEU_SEED``, default
12345), only without extracting the statistics of every system again for every test.

JSON structure (``EvalReport.to_dict()``, ``version`` 1)::

    {"version": 1, "segments": N, "references": R, "metrics": ["bleu", ...],
     "baseline": NAME, "alpha": 0.05, "n_bootstrap": 1000, "ar_trials": 10000,
     "seed": "12345", "signatures": {"bleu": "...", ...},
     "paired_signatures": {"bleu": "...|bs:1000|ar:10000|seed:12345..."},
     "align": null | {"segments": N, "ref_sentences": M},
     "systems": [{"name", "path", "lines", "length_ratio", "hyp_length", "ref_length",
                  "scores": {"bleu": {"name": "BLEU", "score", "ci", "mean", "formatted"}, ...},
                  "comparison": null (baseline) | {"bleu": {"delta", "p_bootstrap", "p_ar", "verdict"}, ...},
                  "fidelity": null | {"sentences", "number_sentences", "name_sentences",
                                      "number_rate", "name_rate", "counts": {kind: n}},
                  "align": null | {"beads", "merged_beads", "kinds": {"1-2": n, ...}},
                  "worst": [segment, ...]}]}

    segment = {"id", "system", "ref_lines", "hyp_lines", "bleu", "chrf",
               "source", "references", "hypothesis"}

``id`` is the 1-based segment number: the line number of the inputs, or with
``--align`` the number of the merged segment (``ref_lines`` / ``hyp_lines``
give the 1-based input lines it covers).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .errors import FormatError, InputError

METRICS = ("bleu", "chrf", "ter")
METRIC_LABELS = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER"}
LOWER_IS_BETTER = {"ter"}
NUMBER_KINDS = ("number-missing", "number-extra", "number-changed", "unit-changed")
NAME_KINDS = ("name-missing", "name-inconsistent", "name-spelling", "name-unexpected")
REPORT_VERSION = 1
DEFAULT_AR_TRIALS = 10000  # sacrebleu's default
ALPHA = 0.05


# ---------------------------------------------------------------- data


@dataclass
class MetricScore:
    metric: str  # bleu | chrf | ter
    name: str  # sacrebleu's name: BLEU, chrF2++, TER
    score: float
    ci: float | None = None  # half width of the 95% bootstrap interval (sacrebleu's "±")
    mean: float | None = None  # bootstrap mean
    formatted: str = ""  # sacrebleu's Score.format()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "ci": self.ci, "mean": self.mean, "formatted": self.formatted}


@dataclass
class Comparison:
    """One metric of one system against the baseline (the first system)."""

    metric: str
    delta: float  # system - baseline
    p_bootstrap: float
    p_ar: float
    verdict: str  # better | worse | no significant difference

    def to_dict(self) -> dict[str, Any]:
        return {"delta": self.delta, "p_bootstrap": self.p_bootstrap, "p_ar": self.p_ar, "verdict": self.verdict}


@dataclass
class Fidelity:
    """Sentences with error/warning findings of `bitext check`, by family."""

    sentences: int
    number_sentences: int
    name_sentences: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def number_rate(self) -> float:
        return self.number_sentences / self.sentences if self.sentences else 0.0

    @property
    def name_rate(self) -> float:
        return self.name_sentences / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences, "number_sentences": self.number_sentences,
                "name_sentences": self.name_sentences, "number_rate": self.number_rate,
                "name_rate": self.name_rate, "counts": self.counts}


@dataclass
class Segment:
    id: int  # 1-based
    system: str
    ref_lines: list[int]
    hyp_lines: list[int]
    bleu: float
    chrf: float
    source: str | None
    references: list[str]
    hypothesis: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "system": self.system, "ref_lines": self.ref_lines, "hyp_lines": self.hyp_lines,
                "bleu": self.bleu, "chrf": self.chrf, "source": self.source, "references": self.references,
                "hypothesis": self.hypothesis}


@dataclass
class SystemResult:
    name: str
    path: str | None
    lines: int
    scores: dict[str, MetricScore]
    length_ratio: float  # BLEU's hyp_len / ref_len (13a tokens, closest reference)
    hyp_length: int
    ref_length: int
    segments: list[Segment]
    comparison: dict[str, Comparison] | None = None  # None for the baseline
    fidelity: Fidelity | None = None
    align: dict[str, Any] | None = None  # beads, merged_beads, kinds

    def worst(self, n: int) -> list[Segment]:
        """The n segments with the lowest sentence chrF++ (ties: lower BLEU, then order)."""
        return sorted(self.segments, key=lambda s: (s.chrf, s.bleu, s.id))[:max(0, n)]


@dataclass
class EvalReport:
    systems: list[SystemResult]
    metrics: tuple[str, ...]
    references: int
    segments: int
    signatures: dict[str, str]
    paired_signatures: dict[str, str]
    n_bootstrap: int
    ar_trials: int
    seed: str
    alpha: float = ALPHA
    align: dict[str, Any] | None = None
    worst_n: int = 5

    @property
    def baseline(self) -> str:
        return self.systems[0].name

    def to_dict(self, worst: int | None = None) -> dict[str, Any]:
        n = self.worst_n if worst is None else worst
        return {
            "version": REPORT_VERSION,
            "segments": self.segments,
            "references": self.references,
            "metrics": list(self.metrics),
            "baseline": self.baseline,
            "alpha": self.alpha,
            "n_bootstrap": self.n_bootstrap,
            "ar_trials": self.ar_trials,
            "seed": self.seed,
            "signatures": self.signatures,
            "paired_signatures": self.paired_signatures,
            "align": self.align,
            "systems": [{
                "name": s.name,
                "path": s.path,
                "lines": s.lines,
                "length_ratio": s.length_ratio,
                "hyp_length": s.hyp_length,
                "ref_length": s.ref_length,
                "scores": {m: sc.to_dict() for m, sc in s.scores.items()},
                "comparison": None if s.comparison is None else {m: c.to_dict() for m, c in s.comparison.items()},
                "fidelity": None if s.fidelity is None else s.fidelity.to_dict(),
                "align": s.align,
                "worst": [seg.to_dict() for seg in s.worst(n)],
            } for s in self.systems],
        }


# ---------------------------------------------------------------- inputs


def read_lines(path: str | os.PathLike[str], lang: str | None = None, role: str | None = None) -> list[str]:
    """Lines of a text file (UTF-8/UTF-16/Windows-1256), one segment each, counted as every command
    counts them (:func:`bitext.document.split_lines`); with ``lang``, a file in the other script is
    refused; an empty file is an InputError."""
    from .document import read_lines as read_line_file

    lines = read_line_file(path, lang, role)
    if not lines or not any(line.strip() for line in lines):
        raise InputError(f"{path}: empty file; give one segment per line")
    return lines


def system_names(paths: Sequence[str], ref: str | None = None) -> list[str]:
    """Short names from file names: the part that differs (test.opusmt.en -> opusmt).

    With one system the common part with the reference file name is removed.
    Falls back to the file names when that leaves an empty or repeated name.
    """
    bases = [Path(p).name for p in paths]
    group = bases if len(bases) > 1 else bases + ([Path(ref).name] if ref else [])
    if len(group) > 1:
        prefix = os.path.commonprefix(group)
        suffix = os.path.commonprefix([b[::-1] for b in group])[::-1]
        # cut at separators so that 'test.nllb' / 'test.nllb2' keep whole words
        seps = "._- "
        cut = max((prefix.rfind(c) for c in seps), default=-1)
        prefix = prefix[:cut + 1]
        cuts = [suffix.find(c) for c in seps if c in suffix]
        suffix = suffix[min(cuts):] if cuts else ""
        names = []
        for b in bases:
            core = b[len(prefix):len(b) - len(suffix) if suffix else len(b)] if len(b) > len(prefix) + len(suffix) else ""
            names.append(core.strip(seps))
    else:
        names = [Path(b).stem for b in bases]
    if any(not n for n in names) or len(set(names)) != len(names):
        names = bases
    if len(set(names)) != len(names):
        names = [str(p) for p in paths]
    if len(set(names)) != len(names):
        names = [f"{n}#{i + 1}" for i, n in enumerate(names)]
    return names


# ---------------------------------------------------------------- metrics


def _make_metric(name: str):
    """A sacrebleu metric with its defaults and no reference cache: references are given chunk by
    chunk to :func:`_statistics`, so memory does not grow with the corpus."""
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


def _statistics(metric, hyps: Sequence[str], refs: Sequence[Sequence[str]]):
    """Per-segment sufficient statistics of ``metric`` (a numpy array, one row a segment), extracted
    chunk by chunk: only one chunk's reference n-grams are ever in memory."""
    import numpy as np

    rows = []
    for start in range(0, len(hyps), STATISTICS_CHUNK):
        end = start + STATISTICS_CHUNK
        rows.extend(metric._extract_corpus_statistics(hyps[start:end], [r[start:end] for r in refs]))
    return np.asarray(rows, dtype=np.int64).reshape(len(rows), -1) if rows else np.zeros((0, 0), dtype=np.int64)


def _bootstrap_resample(stats, metric, n_samples: int, seed: int | None):
    """sacrebleu's bootstrap resampling (``significance._bootstrap_resample``: the same seed, the same
    draws, the same float32 sums, so the same scores), one resample at a time: sacrebleu holds all
    resamples of all segments at once (1,000 x 100,000 x 24 floats for chrF++ on 100k lines)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    stats_np = np.array(stats, dtype="float32")
    n = len(stats_np)
    scores = [metric._compute_score_from_stats(stats_np[rng.choice(n, size=n, replace=True)].sum(0))
              for _ in range(n_samples)]
    return str(_seed()[1]), scores


def _check_ter_lengths(refs: Sequence[Sequence[str]], systems: dict[str, Sequence[str]],
                       paths: dict[str, str], unit: str = "line") -> None:
    """Refuse, before any work, a segment too long for TER (a 1 MB line would take many GB)."""
    for label, lines in [("the reference", r) for r in refs] + [(paths.get(n, n), h) for n, h in systems.items()]:
        for i, line in enumerate(lines):
            if line.count(" ") >= TER_MAX_WORDS and len(line.split()) > TER_MAX_WORDS:
                raise InputError(f"{label}: {unit} {i + 1} has {len(line.split()):,} words; TER takes time and memory "
                                 f"quadratic in a segment's length and is refused above {TER_MAX_WORDS:,} words: "
                                 "leave it out (-m bleu,chrf) or split the segment")


def _seed() -> tuple[int | None, str]:
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return (None if seed.lower() == "none" else int(seed)), seed.lower()


def _verdict(metric: str, delta: float, p_bs: float, p_ar: float, alpha: float) -> str:
    if p_bs >= alpha or p_ar >= alpha or delta == 0:
        return "no significant difference"
    good = delta < 0 if metric in LOWER_IS_BETTER else delta > 0
    return "better" if good else "worse"


# ---------------------------------------------------------------- alignment


def _common_segmentation(n_ref: int, hyps: dict[str, list[str]], ref: list[str],
                         aligner: Callable | None = None) -> tuple[list[list[int]], dict[str, list[list[int]]], dict[str, dict]]:
    """Align every system's sentences with the reference and merge beads into common segments.

    Each system is aligned with ``align(ref, hyp, mt=ref)`` (bitext's aligner,
    the reference on the "source" side; with ``mt`` = the reference itself
    the cost is chrF between reference and hypothesis sentences). A segment
    boundary is kept only where every system has a bead boundary, so that all
    systems are scored on the same segments and paired tests stay valid.
    Returns the reference index groups, each system's hypothesis index groups,
    and per-system bead statistics.
    """
    if aligner is None:
        try:
            from .align import align as aligner
        except ImportError as exc:  # pragma: no cover - the aligner ships with bitext
            raise FormatError(f"--align needs bitext.align ({exc})") from None
    beads_by_sys = {}
    info = {}
    cuts = set(range(1, n_ref + 1))
    for name, hyp in hyps.items():
        beads = list(aligner(ref, hyp, mt=ref).beads)
        beads_by_sys[name] = beads
        own = {max(b.src) + 1 for b in beads if b.src}
        cuts &= own | {n_ref}
        kinds = Counter(f"{len(b.src)}-{len(b.tgt)}" for b in beads)
        info[name] = {"beads": len(beads), "merged_beads": sum(1 for b in beads if len(b.src) > 1 or len(b.tgt) > 1),
                      "kinds": dict(sorted(kinds.items()))}
    bounds = sorted(cuts | {n_ref})
    groups, start = [], 0
    for end in bounds:
        if end > start:
            groups.append(list(range(start, end)))
            start = end
    group_of = {}
    for g, idxs in enumerate(groups):
        for i in idxs:
            group_of[i] = g
    hyp_groups: dict[str, list[list[int]]] = {}
    for name, beads in beads_by_sys.items():
        out: list[list[int]] = [[] for _ in groups]
        current = 0
        for b in beads:
            if b.src:
                current = group_of[min(b.src)]
            if out:
                out[current].extend(b.tgt)
        hyp_groups[name] = [sorted(g) for g in out]
    return groups, hyp_groups, info


# ---------------------------------------------------------------- workers

_STATE: dict[str, Any] | None = None  # set before forking workers, read by them


def _map(fn: Callable, items: list, jobs: int | None) -> list:
    """``map`` over forked workers (inheriting ``_STATE``), or in-process."""
    import multiprocessing as mp

    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    jobs = min(jobs, len(items))
    if jobs <= 1 or os.name != "posix" or "fork" not in mp.get_all_start_methods():
        return [fn(x) for x in items]
    with mp.get_context("fork").Pool(jobs) as pool:
        return pool.map(fn, items, chunksize=1)


def _system_work(name: str):
    """Sufficient statistics of every metric, and the fidelity counts, for one system."""
    st = _STATE
    hyps = st["hyps"][name]
    stats = {m: _statistics(metric, hyps, st["refs"]) for m, metric in st["metrics"].items()}
    fid = None
    if st["src"] is not None:
        from .check import ERROR, WARNING, check_documents

        checked = check_documents(st["src"], hyps, names=True, numbers=True)
        num, nam = set(), set()
        for f in checked.findings:
            if f.severity in (ERROR, WARNING):
                if f.kind in NUMBER_KINDS:
                    num.add(f.sentence)
                elif f.kind in NAME_KINDS:
                    nam.add(f.sentence)
        fid = Fidelity(len(hyps), len(num), len(nam), checked.counts())
    return stats, fid


PAIRED_CHUNK = 1 << 20  # AR coin flips drawn (and bootstrap indices used) at a time


def _paired_bs_p(metric, bl_stats, sys_stats, diff: float, n_samples: int, seed: int | None) -> float:
    """sacrebleu's paired bootstrap p-value (``significance._paired_bs_test``: the same seed, the same
    draws, the same float32 sums), one resample at a time instead of all of them at once
    (1,000 x segments x statistics floats per system)."""
    import numpy as np
    from sacrebleu.significance import _compute_p_value

    rng = np.random.default_rng(seed)
    bl = np.asarray(bl_stats, dtype="float32")
    sys = np.asarray(sys_stats, dtype="float32")
    n = len(sys)
    diffs = np.empty(n_samples)
    for i in range(n_samples):
        idx = rng.choice(n, size=n, replace=True)  # row i of sacrebleu's (n_samples, n) draw
        diffs[i] = abs(metric._compute_score_from_stats(sys[idx].sum(0)).score
                       - metric._compute_score_from_stats(bl[idx].sum(0)).score)
    return float(_compute_p_value(diffs - diffs.mean(), diff))


def _paired_ar_p(metric, bl_stats, sys_stats, diff: float, n_samples: int, seed: int | None) -> float:
    """sacrebleu's approximate randomization p-value (``significance._paired_ar_test``), drawing the
    coin flips a block of trials at a time: sacrebleu draws a (trials x segments) matrix at once
    (1 GB at 10,000 trials on 100k lines). A block holds a multiple of 32 flips, and numpy fills
    boolean draws 32 flips per 32-bit word, so the blocks continue sacrebleu's stream exactly."""
    import math

    import numpy as np
    from sacrebleu.significance import _compute_p_value

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
            gaps[done + j] = abs(metric._aggregate_and_compute(shuf_a[j:j + 1]).score
                                 - metric._aggregate_and_compute(shuf_b[j:j + 1]).score)
        done += r
    return float(_compute_p_value(gaps, diff))


def _paired_work(name: str):
    """Paired bootstrap and AR p-values of one system against the baseline, for every metric."""
    st = _STATE
    p_bs: dict[str, float] = {}
    p_ar: dict[str, float] = {}
    for m, metric in st["metrics"].items():
        if m not in st["wanted"]:
            continue
        bl_stats, bl_score = st["baseline"][m]
        sys_stats = st["stats"][m][name]
        diff = abs(bl_score - metric._aggregate_and_compute(sys_stats).score)
        if st["n_bootstrap"] > 1:
            p_bs[m] = _paired_bs_p(metric, bl_stats, sys_stats, diff, st["n_bootstrap"], st["seed"])
        if st["ar_trials"] > 0:
            p_ar[m] = _paired_ar_p(metric, bl_stats, sys_stats, diff, st["ar_trials"], st["seed"])
    return p_bs, p_ar


# ---------------------------------------------------------------- evaluation


def evaluate(
    refs: list[list[str]],
    systems: dict[str, list[str]],
    sources: list[str] | None = None,
    metrics: Sequence[str] = METRICS,
    n_bootstrap: int = 1000,
    ar_trials: int = DEFAULT_AR_TRIALS,
    paths: dict[str, str] | None = None,
    align: bool = False,
    aligner: Callable | None = None,
    alpha: float = ALPHA,
    worst: int = 5,
    fidelity: bool = True,
    jobs: int | None = None,
) -> EvalReport:
    """Score ``systems`` (name -> hypothesis lines, first = baseline) against ``refs``.

    ``refs``: one list of lines per reference (sacrebleu's layout: a list of
    reference streams). ``sources``: the Arabic lines, for the fidelity
    metrics (``bitext check``). Without ``align`` every stream must have the
    same number of lines; with ``align`` each system is aligned to the first
    reference first (see :func:`_common_segmentation`). ``n_bootstrap`` < 2
    turns confidence intervals and the paired bootstrap off; ``ar_trials`` < 1
    turns approximate randomisation off. ``jobs``: worker processes (fork) for
    the per-system work; default: one per CPU, 1 = none.
    """
    global _STATE

    metrics = tuple(dict.fromkeys(m.strip().lower() for m in metrics if m.strip()))
    for m in metrics:
        if m not in METRICS:
            raise FormatError(f"unknown metric {m!r}; choose from {', '.join(METRICS)}")
    if not metrics:
        raise FormatError("no metric given; choose from bleu, chrf, ter")
    if not refs:
        raise FormatError("no reference given")
    if not systems:
        raise FormatError("no system given")
    paths = paths or {}
    n_ref = len(refs[0])
    for r in refs[1:]:
        if len(r) != n_ref:
            raise InputError(f"the references have different line counts ({len(r)} and {n_ref})")
    if sources is not None and len(sources) != n_ref:
        raise InputError(f"the source has {len(sources)} lines but the reference has {n_ref}")
    names = list(systems)

    align_info = None
    sys_info: dict[str, dict] = {}
    if align:
        groups, hyp_groups, sys_info = _common_segmentation(n_ref, systems, refs[0], aligner)
        seg_refs = [[" ".join(r[i] for i in g) for g in groups] for r in refs]
        seg_src = None if sources is None else [" ".join(sources[i] for i in g) for g in groups]
        seg_hyps = {n: [" ".join(systems[n][j] for j in g) for g in hyp_groups[n]] for n in names}
        ref_lines = [[i + 1 for i in g] for g in groups]
        hyp_lines = {n: [[j + 1 for j in g] for g in hyp_groups[n]] for n in names}
        align_info = {"segments": len(groups), "ref_sentences": n_ref}
    else:
        for n in names:
            if len(systems[n]) != n_ref:
                raise InputError(f"{paths.get(n, n)} has {len(systems[n])} lines but the reference has {n_ref}")
        seg_refs, seg_src, seg_hyps = refs, sources, systems
        ref_lines = [[i + 1] for i in range(n_ref)]
        hyp_lines = {n: ref_lines for n in names}
    n_seg = len(seg_refs[0])
    seed, seed_str = _seed()

    # sufficient statistics, once per system and metric (BLEU also for the
    # length ratio and sentence BLEU, chrF++ also for sentence chrF++)
    needed = tuple(dict.fromkeys(metrics + ("bleu", "chrf")))
    if "ter" in metrics:
        _check_ter_lengths(seg_refs, seg_hyps, paths, "segment" if align else "line")
    metric_objs = {m: _make_metric(m) for m in needed}
    for metric in metric_objs.values():
        metric.num_refs = len(seg_refs)  # what sacrebleu records while caching references, for the signatures
    _STATE = {"metrics": metric_objs, "hyps": seg_hyps, "refs": seg_refs, "src": seg_src if fidelity else None}
    try:
        per_system = dict(zip(names, _map(_system_work, names, jobs)))
    finally:
        _STATE = None
    stats = {m: {n: per_system[n][0][m] for n in names} for m in needed}

    from sacrebleu.metrics import BLEU

    sent_bleu = BLEU(effective_order=True)
    results: list[SystemResult] = []
    signatures: dict[str, str] = {}
    paired_signatures: dict[str, str] = {}
    bl = names[0]
    for n in names:
        scores: dict[str, MetricScore] = {}
        for m in metrics:
            metric = metric_objs[m]
            score = metric._aggregate_and_compute(stats[m][n])
            if n_bootstrap > 1:
                metric.n_bootstrap = n_bootstrap  # as corpus_score(n_bootstrap=...) does: the signature says bs
                metric.seed, bs = _bootstrap_resample(stats[m][n], metric, n_bootstrap, seed)
                score.estimate_ci(bs)
            boot = n_bootstrap > 1
            scores[m] = MetricScore(m, score.name, float(score.score), _f(score._ci) if boot else None,
                                    _f(score._mean) if boot else None, score.format())
        bleu_score = metric_objs["bleu"]._aggregate_and_compute(stats["bleu"][n])
        segs = []
        for i in range(n_seg):
            segs.append(Segment(
                id=i + 1, system=n, ref_lines=ref_lines[i], hyp_lines=hyp_lines[n][i],
                bleu=float(sent_bleu._compute_score_from_stats(stats["bleu"][n][i]).score),
                chrf=float(metric_objs["chrf"]._compute_score_from_stats(stats["chrf"][n][i]).score),
                source=None if seg_src is None else seg_src[i],
                references=[r[i] for r in seg_refs], hypothesis=seg_hyps[n][i]))
        results.append(SystemResult(n, paths.get(n), len(systems[n]), scores, float(bleu_score.ratio),
                                    int(bleu_score.sys_len), int(bleu_score.ref_len), segs,
                                    align=sys_info.get(n)))

    for m in metrics:
        sig = metric_objs[m].get_signature()
        signatures[m] = sig.format()
        psig = metric_objs[m].get_signature()
        psig.update("seed", seed_str)
        psig.update("bs", n_bootstrap if n_bootstrap > 1 else None)
        psig.update("ar", ar_trials if ar_trials > 0 else None)
        paired_signatures[m] = psig.format()

    # paired tests against the first system: sacrebleu's functions on the cached statistics
    if len(names) > 1:
        _STATE = {"metrics": metric_objs, "stats": stats, "wanted": metrics,
                  "baseline": {m: (stats[m][bl], metric_objs[m]._aggregate_and_compute(stats[m][bl]).score)
                               for m in metrics},
                  "n_bootstrap": n_bootstrap, "ar_trials": ar_trials, "seed": seed if seed else None}
        try:
            tested = _map(_paired_work, [r.name for r in results[1:]], jobs)
        finally:
            _STATE = None
        for res, (p_bs, p_ar) in zip(results[1:], tested):
            res.comparison = {}
            for m in metrics:
                delta = res.scores[m].score - results[0].scores[m].score
                pb, pa = p_bs.get(m, float("nan")), p_ar.get(m, float("nan"))
                verdict = _verdict(m, delta, pb if pb == pb else 0.0, pa if pa == pa else 0.0, alpha) \
                    if (p_bs or p_ar) else "not tested"
                res.comparison[m] = Comparison(m, delta, pb, pa, verdict)

    for res in results:
        res.fidelity = per_system[res.name][1]

    return EvalReport(results, metrics, len(refs), n_seg, signatures, paired_signatures,
                      n_bootstrap if n_bootstrap > 1 else 0, ar_trials if ar_trials > 0 else 0,
                      seed_str, alpha, align_info, worst)


def _f(x) -> float | None:
    return None if x is None else float(x)


def evaluate_files(ref_paths: Sequence[str], hyp_paths: Sequence[str], src_path: str | None = None,
                   names: Sequence[str] | None = None, align: bool = False, baseline: str | None = None,
                   **kwargs) -> EvalReport:
    """Read the files (one segment per line), check their line counts, and :func:`evaluate`.

    ``baseline`` (a system name or one of ``hyp_paths``) is the system the others are compared
    with; by default the first.
    """
    if names and len(names) != len(hyp_paths):
        raise FormatError(f"{len(names)} --name values for {len(hyp_paths)} --hyp files")
    labels = list(names) if names else system_names(hyp_paths, ref_paths[0] if ref_paths else None)
    if len(set(labels)) != len(labels):
        raise FormatError("system names must differ: " + ", ".join(labels))
    if baseline is not None:
        matches = [i for i, (label, path) in enumerate(zip(labels, hyp_paths)) if baseline in (label, str(path))]
        if not matches:
            raise FormatError(f"--baseline {baseline}: no such system; the systems are {', '.join(labels)}")
        first = matches[0]
        order = [first] + [i for i in range(len(labels)) if i != first]
        labels, hyp_paths = [labels[i] for i in order], [hyp_paths[i] for i in order]
    refs = [read_lines(p, "en", "--ref") for p in ref_paths]
    for p, r in zip(ref_paths[1:], refs[1:]):
        if len(r) != len(refs[0]):
            raise InputError(f"{p} has {len(r)} lines but {ref_paths[0]} has {len(refs[0])}")
    sources = None
    if src_path:
        sources = read_lines(src_path, "ar", "--src")
        if len(sources) != len(refs[0]):
            raise InputError(f"{src_path} has {len(sources)} lines but {ref_paths[0]} has {len(refs[0])}")
    systems = {}
    for label, p in zip(labels, hyp_paths):
        lines = read_lines(p, "en", "--hyp")
        if not align and len(lines) != len(refs[0]):
            raise InputError(f"{p} has {len(lines)} lines but {ref_paths[0]} has {len(refs[0])}"
                             " (use --align for a different segmentation)")
        systems[label] = lines
    return evaluate(refs, systems, sources, paths=dict(zip(labels, hyp_paths)), align=align, **kwargs)


# ---------------------------------------------------------------- rendering


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _p(x: float) -> str:
    if x != x:
        return "-"
    return "<.001" if x < 0.001 else f"{x:.3f}".lstrip("0")


def table_rows(report: EvalReport) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary table (shared by text and html)."""
    header = ["System"]
    for m in report.metrics:
        header += [METRIC_LABELS[m], f"vs {report.baseline} ({METRIC_LABELS[m]})"] if len(report.systems) > 1 else [METRIC_LABELS[m]]
    has_fid = any(s.fidelity for s in report.systems)
    if has_fid:
        header += ["numbers", "names"]
    header += ["len ratio"]
    if report.align:
        header += ["merged beads"]
    rows = []
    for i, s in enumerate(report.systems):
        row = [s.name]
        for m in report.metrics:
            sc = s.scores[m]
            row.append(f"{sc.score:.2f}" + (f" ±{sc.ci:.2f}" if sc.ci is not None else ""))
            if len(report.systems) > 1:
                if i == 0:
                    row.append("baseline")
                else:
                    c = s.comparison[m]
                    row.append(f"{c.delta:+.2f} {c.verdict} (p={_p(c.p_bootstrap)}/{_p(c.p_ar)})")
        if has_fid:
            row += [_pct(s.fidelity.number_rate), _pct(s.fidelity.name_rate)] if s.fidelity else ["-", "-"]
        row.append(f"{s.length_ratio:.3f}")
        if report.align:
            row.append(f"{s.align['merged_beads']} of {s.align['beads']}" if s.align else "-")
        rows.append(row)
    return header, rows


# The text report fits this many columns (a terminal of 80-120): a wider table is split in two.
TEXT_WIDTH = 100


def narrow_rows(report: EvalReport) -> list[tuple[list[str], list[list[str]]]]:
    """The summary table as two narrower ones: the scores of every system, then (with several
    systems) each system's difference to the baseline per metric, with both p-values."""
    header, rows = table_rows(report)
    compare = [i for i, h in enumerate(header) if h.startswith("vs ")]
    keep = [i for i in range(len(header)) if i not in compare]
    scores = ([header[i] for i in keep], [[row[i] for i in keep] for row in rows])
    if not compare:
        return [scores, ([], [])]
    labels = [METRIC_LABELS[m] for m in report.metrics]
    diffs = (["System", *(f"{label} vs {report.baseline}" for label in labels)],
             [[row[0], *(row[i] for i in compare)] for row in rows[1:]])
    return [scores, diffs]


def notes(report: EvalReport) -> list[str]:
    out = []
    if len(report.systems) > 1:
        tests = []
        if report.n_bootstrap:
            tests.append(f"paired bootstrap ({report.n_bootstrap} resamples)")
        if report.ar_trials:
            tests.append(f"approximate randomisation ({report.ar_trials} trials)")
        out.append(f"vs {report.baseline}: difference to the baseline system; p = {' / '.join(tests)}, "
                   f"sacrebleu's tests, seed {report.seed}; better/worse when every p < {report.alpha}.")
    if report.n_bootstrap:
        out.append(f"± = half width of the 95% bootstrap confidence interval ({report.n_bootstrap} resamples).")
    if any(s.fidelity for s in report.systems):
        out.append("numbers / names: share of segments with error or warning findings of `bitext check` "
                   f"(numbers: {', '.join(NUMBER_KINDS)}; names: {', '.join(NAME_KINDS)}).")
    out.append("len ratio: hypothesis / reference length in 13a tokens (BLEU's ratio).")
    if report.align:
        out.append(f"--align: {report.align['ref_sentences']} reference sentences scored as {report.align['segments']} "
                   "segments common to all systems (bitext's aligner, hypothesis against the first reference); "
                   "merged beads = a system's beads that are not 1-1.")
    return out


def render_text(report: EvalReport, worst: int | None = None, width: int | None = None) -> str:
    """The table, the signatures, then the worst segments, as plain text (rich table, no colour),
    the table and its notes ``width`` columns wide at most (signatures and the segments' own text
    are never broken): a table wider than that is split into scores and comparisons, wrapped in
    their cells."""
    import io
    import textwrap

    from rich.console import Console
    from rich.table import Table

    title = f"{report.segments} segments, {report.references} reference(s)"
    width = width or TEXT_WIDTH

    def console(columns: int) -> Console:
        return Console(file=io.StringIO(), width=columns, color_system=None, highlight=False, emoji=False,
                       legacy_windows=False)

    def table(header: list[str], rows: list[list[str]], caption: str, wrap: bool = False) -> Table:
        t = Table(title=caption, title_justify="left")
        for i, h in enumerate(header):
            t.add_column(h, justify="left" if i == 0 or h.startswith("vs ") else "right", no_wrap=not wrap or i == 0)
        for row in rows:
            t.add_row(*row)
        return t

    header, rows = table_rows(report)
    out = console(10_000)
    out.print(table(header, rows, title), markup=False)
    printed = out.file.getvalue()
    if max(map(len, printed.splitlines())) > width:
        # too wide for the terminal: scores in one table, the comparisons with the baseline in another
        out = console(width)
        for (h, r), caption in zip(narrow_rows(report), (title, f"compared with {report.baseline}")):
            if r:
                out.print(table(h, r, caption, wrap=True), markup=False)
        printed = out.file.getvalue()
    lines = [line.rstrip() for line in printed.splitlines()]
    lines += [wrapped for note in notes(report) for wrapped in textwrap.wrap(note, width, subsequent_indent="  ")]
    lines.append("")
    lines.append("Signatures:")
    for m in report.metrics:
        lines.append(f"  {METRIC_LABELS[m]}: {report.signatures[m]}")
    if len(report.systems) > 1:
        lines.append("Paired tests:")
        for m in report.metrics:
            lines.append(f"  {METRIC_LABELS[m]}: {report.paired_signatures[m]}")
    n = report.worst_n if worst is None else worst
    if n > 0:
        for s in report.systems:
            lines.append("")
            lines.append(f"Worst {min(n, len(s.segments))} segments of {s.name} (lowest sentence chrF++):")
            for seg in s.worst(n):
                where = f"line {seg.id}" if not report.align else f"segment {seg.id} (ref lines {_span(seg.ref_lines)}, hyp lines {_span(seg.hyp_lines)})"
                lines.append(f"  {where}: chrF++ {seg.chrf:.1f}, BLEU {seg.bleu:.1f}")
                if seg.source is not None:
                    lines.append(f"    src: {seg.source}")
                for k, r in enumerate(seg.references):
                    lines.append(f"    ref{'' if len(seg.references) == 1 else k + 1}: {r}")
                lines.append(f"    hyp: {seg.hypothesis}")
    return "\n".join(lines) + "\n"


def _span(lines: list[int]) -> str:
    if not lines:
        return "-"
    return str(lines[0]) if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"


def render_json(report: EvalReport, worst: int | None = None) -> str:
    import json

    return json.dumps(report.to_dict(worst), ensure_ascii=False, indent=1) + "\n"


def render_html(report: EvalReport, worst: int | None = None) -> str:
    """One self-contained page (inline CSS, no scripts, no network); jinja2 with autoescape."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "view" / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    header, rows = table_rows(report)
    n = report.worst_n if worst is None else worst
    return env.get_template("eval_report.html.j2").render(
        report=report, header=header, rows=rows, notes=notes(report), labels=METRIC_LABELS,
        worst={s.name: s.worst(n) for s in report.systems}, span=_span)


def sentence_records(report: EvalReport) -> list[dict[str, Any]]:
    return [seg.to_dict() for s in report.systems for seg in s.segments]


def render_sentences(report: EvalReport, fmt: str) -> str:
    """Every segment of every system: jsonl (one object a line) or TSV with a header."""
    if fmt == "jsonl":
        import json

        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sentence_records(report))
    cols = ["system", "id", "ref_lines", "hyp_lines", "bleu", "chrf", "source", "reference", "hypothesis"]
    out = ["\t".join(cols)]
    clean = lambda t: (t or "").replace("\t", " ").replace("\n", " ")  # noqa: E731
    for s in report.systems:
        for seg in s.segments:
            out.append("\t".join([s.name, str(seg.id), ",".join(map(str, seg.ref_lines)), ",".join(map(str, seg.hyp_lines)),
                                  f"{seg.bleu:.4f}", f"{seg.chrf:.4f}", clean(seg.source), clean(" ||| ".join(seg.references)),
                                  clean(seg.hypothesis)]))
    return "\n".join(out) + "\n"
