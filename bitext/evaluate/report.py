"""The evaluation report: plain dataclasses, and the constants of the metrics and kinds it counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
