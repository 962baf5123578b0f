"""Evaluation stage: corpus and sentence scores of MT systems against references.

Modules: ``report`` (dataclasses), ``inputs`` (line files, system names), ``metrics``
(sacrebleu, wrapped), ``significance`` (paired tests), ``segmentation`` (``--align``),
``core`` (``evaluate``), ``render`` (text, JSON, HTML, per-sentence rows).

``evaluate(refs, systems, sources)`` scores every system with sacrebleu's
BLEU, chrF++ and TER (sacrebleu's defaults: 13a tokenisation, case
sensitive), with sacrebleu's signatures and 95% bootstrap confidence
intervals, compares every system with the first one (paired bootstrap
resampling and approximate randomisation, both sacrebleu's own code),
scores every segment (sentence BLEU with effective order, sentence chrF++)
and, given the Arabic sources, measures fidelity with ``bitext check``.

Nothing here re-implements a metric: sufficient statistics are extracted
once per system and metric with sacrebleu, and every score is computed from
them by sacrebleu (its statistics API is private; :mod:`bitext.evaluate.metrics`
is the one module that calls it). The resampling of
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


from .core import EvalOptions, evaluate, evaluate_files
from .inputs import read_lines, system_names
from .render import narrow_rows, notes, render_html, render_json, render_sentences, render_text, sentence_records, table_rows
from .report import (ALPHA, DEFAULT_AR_TRIALS, LOWER_IS_BETTER, METRIC_LABELS, METRICS, NAME_KINDS, NUMBER_KINDS,
                     REPORT_VERSION, Comparison, EvalReport, Fidelity, MetricScore, Segment, SystemResult)

__all__ = ["ALPHA", "Comparison", "EvalOptions", "DEFAULT_AR_TRIALS", "EvalReport", "Fidelity", "LOWER_IS_BETTER", "METRICS",
           "METRIC_LABELS", "MetricScore", "NAME_KINDS", "NUMBER_KINDS", "REPORT_VERSION", "Segment", "SystemResult",
           "evaluate", "evaluate_files", "narrow_rows", "notes", "read_lines", "render_html", "render_json",
           "render_sentences", "render_text", "sentence_records", "system_names", "table_rows"]
