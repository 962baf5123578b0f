"""``evaluate``: score every system, compare each with the baseline, measure fidelity."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..errors import FormatError, InputError
from .inputs import read_lines, system_names
from .metrics import bootstrap_scores, check_ter_lengths, corpus_score, make_metric, score_from_sums, seed_from_env, statistics
from .report import ALPHA, DEFAULT_AR_TRIALS, METRICS, NAME_KINDS, NUMBER_KINDS, Comparison, EvalReport, Fidelity, MetricScore, Segment, SystemResult
from .segmentation import common_segmentation
from .significance import paired_work, verdict

_WORKER_STATE: dict[str, Any] | None = None  # in forked workers only: the state their tasks read


def _init_worker(state: dict[str, Any]) -> None:
    global _WORKER_STATE
    _WORKER_STATE = state


def _run(fn: Callable, item):
    return fn(_WORKER_STATE, item)


def _map(fn: Callable, state: dict[str, Any], items: list, jobs: int | None) -> list:
    """``[fn(state, x) for x in items]``, over forked workers (which inherit ``state`` without
    pickling it) or in-process."""
    import multiprocessing as mp

    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    jobs = min(jobs, len(items))
    if jobs <= 1 or os.name != "posix" or "fork" not in mp.get_all_start_methods():
        return [fn(state, x) for x in items]
    with mp.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(state,)) as pool:
        return pool.map(functools.partial(_run, fn), items, chunksize=1)


def _system_work(st: dict, name: str):
    """Sufficient statistics of every metric, and the fidelity counts, for one system."""
    hyps = st["hyps"][name]
    stats = {m: statistics(metric, hyps, st["refs"]) for m, metric in st["metrics"].items()}
    fid = None
    if st["src"] is not None:
        from ..check import ERROR, WARNING, check_documents

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





@dataclass(frozen=True)
class EvalOptions:
    """How to evaluate: metrics, resampling, segmentation, verdicts, workers."""

    metrics: Sequence[str] = METRICS
    n_bootstrap: int = 1000  # < 2: no intervals and no paired bootstrap
    ar_trials: int = DEFAULT_AR_TRIALS  # < 1: no approximate randomisation
    align: bool = False  # systems segmented differently: align each with the reference first
    alpha: float = ALPHA
    worst: int = 5  # the N worst segments shown per system
    fidelity: bool = True  # with sources: number and name finding rates
    jobs: int | None = None  # worker processes (fork); None: one per CPU, 1: none


def evaluate(
    refs: list[list[str]],
    systems: dict[str, list[str]],
    sources: list[str] | None = None,
    options: EvalOptions | None = None,
    paths: dict[str, str] | None = None,
    aligner: Callable | None = None,
    **option_values: Any,
) -> EvalReport:
    """Score ``systems`` (name -> hypothesis lines, first = baseline) against ``refs``.

    ``refs``: one list of lines per reference (sacrebleu's layout: a list of
    reference streams). ``sources``: the Arabic lines, for the fidelity
    metrics (``bitext check``). ``options``: an :class:`EvalOptions` (or its
    fields as keywords). Without ``align`` every stream must have the same
    number of lines; with ``align`` each system is aligned to the first
    reference first (see :func:`bitext.evaluate.segmentation.common_segmentation`).
    """
    if options is None:
        options = EvalOptions(**option_values)
    elif option_values:
        raise TypeError(f"give options or their fields, not both ({', '.join(option_values)})")
    metrics, n_bootstrap, ar_trials, align = options.metrics, options.n_bootstrap, options.ar_trials, options.align
    alpha, worst, fidelity, jobs = options.alpha, options.worst, options.fidelity, options.jobs

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
        groups, hyp_groups, sys_info = common_segmentation(n_ref, systems, refs[0], aligner)
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
    seed, seed_str = seed_from_env()

    # sufficient statistics, once per system and metric (BLEU also for the
    # length ratio and sentence BLEU, chrF++ also for sentence chrF++)
    needed = tuple(dict.fromkeys(metrics + ("bleu", "chrf")))
    if "ter" in metrics:
        check_ter_lengths(seg_refs, seg_hyps, paths, "segment" if align else "line")
    metric_objs = {m: make_metric(m) for m in needed}
    for metric in metric_objs.values():
        metric.num_refs = len(seg_refs)  # what sacrebleu records while caching references, for the signatures
    state = {"metrics": metric_objs, "hyps": seg_hyps, "refs": seg_refs, "src": seg_src if fidelity else None}
    per_system = dict(zip(names, _map(_system_work, state, names, jobs)))
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
            score = corpus_score(metric, stats[m][n])
            if n_bootstrap > 1:
                metric.n_bootstrap = n_bootstrap  # as corpus_score(n_bootstrap=...) does: the signature says bs
                metric.seed, bs = bootstrap_scores(stats[m][n], metric, n_bootstrap, seed)
                score.estimate_ci(bs)
            boot = n_bootstrap > 1
            scores[m] = MetricScore(m, score.name, float(score.score), _f(score._ci) if boot else None,
                                    _f(score._mean) if boot else None, score.format())
        bleu_score = corpus_score(metric_objs["bleu"], stats["bleu"][n])
        segs = []
        for i in range(n_seg):
            segs.append(Segment(
                id=i + 1, system=n, ref_lines=ref_lines[i], hyp_lines=hyp_lines[n][i],
                bleu=float(score_from_sums(sent_bleu, stats["bleu"][n][i]).score),
                chrf=float(score_from_sums(metric_objs["chrf"], stats["chrf"][n][i]).score),
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

    # paired tests against the first system, on the cached statistics
    if len(names) > 1:
        state = {"metrics": metric_objs, "stats": stats, "wanted": metrics,
                 "baseline": {m: (stats[m][bl], corpus_score(metric_objs[m], stats[m][bl]).score) for m in metrics},
                 "n_bootstrap": n_bootstrap, "ar_trials": ar_trials, "seed": seed if seed else None}
        tested = _map(paired_work, state, [r.name for r in results[1:]], jobs)
        for res, (p_bs, p_ar) in zip(results[1:], tested):
            res.comparison = {}
            for m in metrics:
                delta = res.scores[m].score - results[0].scores[m].score
                pb, pa = p_bs.get(m, float("nan")), p_ar.get(m, float("nan"))
                outcome = verdict(m, delta, pb if pb == pb else 0.0, pa if pa == pa else 0.0, alpha) \
                    if (p_bs or p_ar) else "not tested"
                res.comparison[m] = Comparison(m, delta, pb, pa, outcome)

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
