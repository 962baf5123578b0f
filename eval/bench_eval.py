"""Speed of `bitext eval` on the seven FLORES test systems (acceptance: under 60 s).

Runs the command line exactly as a user would (a fresh process, wall clock),
with 1,000 bootstrap resamples (95% intervals and paired bootstrap) and
sacrebleu's default 10,000 approximate-randomisation trials, BLEU + chrF++ +
TER and the fidelity checks (--src); then the library in one process
(jobs=1) for comparison. Writes eval/results/bench_eval.md and .json.

Run: python eval/bench_eval.py
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "flores-ar-en-systems"
OUT = REPO / "eval" / "results"
SYSTEMS = ["opusmt", "google", "nllb", "argos", "bergamot-base", "bergamot-base-memory", "microsoft"]


def main() -> int:
    if not (DATA / "test.en").exists():
        print(f"{DATA} not found (../shared beside the checkout)", file=sys.stderr)
        return 1
    from bitext.evaluate import evaluate_files

    hyps = [f"test.{s}.en" for s in SYSTEMS]
    args = ["eval", "--ref", "test.en", "--hyp", *hyps, "--src", "test.ar", "--bootstrap", "1000", "--worst", "0"]
    cmd = [sys.executable, "-c", "from bitext.cli import main; main()", *args]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    runs = []
    table = ""
    for _ in range(2):
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=DATA, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        runs.append(round(elapsed, 2))
        table = proc.stdout
    started = time.perf_counter()
    evaluate_files([str(DATA / "test.en")], [str(DATA / h) for h in hyps], str(DATA / "test.ar"),
                   n_bootstrap=1000, jobs=1)
    serial = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    evaluate_files([str(DATA / "test.en")], [str(DATA / h) for h in hyps], None, n_bootstrap=1000)
    no_src = round(time.perf_counter() - started, 2)

    result = {
        "command": "bitext " + " ".join(args),
        "segments": 1012,
        "systems": len(SYSTEMS),
        "bootstrap_resamples": 1000,
        "ar_trials": 10000,
        "cli_seconds": runs,
        "cli_best_seconds": min(runs),
        "library_jobs1_seconds": serial,
        "library_no_src_seconds": no_src,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "limit_seconds": 60,
        "passes": max(runs) < 60,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_eval.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = [
        "# bitext eval: speed on FLORES test, seven systems",
        "",
        "Produced by `python eval/bench_eval.py` (in `../shared/data/flores-ar-en-systems/`):",
        "",
        f"    {result['command']}",
        "",
        "1,012 segments x 7 systems; BLEU, chrF++, TER (sacrebleu 13a defaults); 95% intervals from",
        "1,000 bootstrap resamples; every system against the first with sacrebleu's paired bootstrap",
        "(1,000 resamples) and approximate randomisation (10,000 trials, sacrebleu's default, not",
        "reduced); number/name finding rates from `bitext check` (--src).",
        "",
        "| run | seconds |",
        "|---|---|",
        f"| CLI, fresh process, default workers ({os.cpu_count()} CPUs), run 1 / run 2 | {runs[0]} / {runs[1]} |",
        f"| library, one process (jobs=1) | {serial} |",
        f"| library, default workers, without --src (no fidelity checks) | {no_src} |",
        "",
        f"Limit 60 s: {'met' if result['passes'] else 'NOT met'}. Machine: {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "How: sufficient statistics are extracted once per system and metric with sacrebleu",
        "(`_extract_corpus_statistics`; TER dominates) and the fidelity check runs once per system,",
        "both in forked workers, one system per task. Corpus scores, intervals and p-values are then",
        "computed by sacrebleu's own functions from those statistics (`_bootstrap_resample`,",
        "`_paired_bs_test`, `_paired_ar_test` with a metric wrapper that hands back the cached",
        "statistics instead of extracting them again, as `PairedTest` would for every system); the",
        "AR test's matrix products get float64 arrays (BLAS) instead of integer lists. The p-values",
        "equal `sacrebleu.significance.PairedTest` (tests/test_evaluate.py checks it).",
        "",
        "Output:",
        "",
        "```",
        table.rstrip(),
        "```",
        "",
    ]
    (OUT / "bench_eval.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
