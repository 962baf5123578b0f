"""Corpus translation throughput: the local engine against the Ray engine with 1 and 2 actors.

Model: random weights in the exact shape of opus-mt-ar-en, built as in
``eval/bench_translate.py`` (6+6 layers, d=512, vocabulary 62,834), not the
tiny test model: the point is the per-actor throughput of a real-sized model,
which the 10-million-sentence estimate is made from. Random weights cost the
same compute as trained ones; every sentence generates exactly
``round(1.2 * source tokens) + 2`` tokens (eval/fixed_length.py, applied
inside every actor), so
all runs do the same work. Greedy decoding (beam 1), to keep the run short;
bench_translate.md gives the beam-4 cost.

Input: the first NTREX documents (``../shared/data/ntrex128/newstest2019.ar``
split by ``DOCUMENT_IDS.tsv``, one sentence per line) up to ``--sentences``.
Every run is a fresh subprocess with no translation cache (so every sentence
is translated), a fresh local Ray for Ray runs, and writes its own OUTDIR;
the outputs of the runs of a backend are compared byte for byte.

    python eval/bench_ray.py                       # ~5 minutes on 2 cores
    python eval/bench_ray.py --sentences 60 --backends ctranslate2   # a quick look
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
NTREX = SHARED / "data" / "ntrex128"
RESULTS = HERE / "results"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bitext.job import EngineSpec, TranslateJob  # noqa: E402
from bitext.translate import GenerationOptions  # noqa: E402


def fixed_tokens(source_tokens: int) -> int:
    return round(1.2 * source_tokens) + 2


@dataclasses.dataclass(frozen=True)
class BenchEngine(EngineSpec):
    """An engine spec whose engines generate a fixed number of tokens (pickled by value into the actors)."""

    def load(self):
        from fixed_length import fix_lengths  # eval/ is on the workers' PYTHONPATH: see main

        return fix_lengths(super().load(), fixed_tokens)


# ---------------------------------------------------------------- inputs


def write_documents(out: Path, limit: int) -> tuple[int, int]:
    """NTREX documents in order, one file each, until ``limit`` lines; returns (documents, lines)."""
    lines = (NTREX / "newstest2019.ar").read_text(encoding="utf-8").splitlines()
    ids = [l.split("\t")[0] for l in (NTREX / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    docs: dict[str, list[str]] = {}
    for doc_id, line in zip(ids, lines):
        docs.setdefault(doc_id, []).append(line.strip())
    out.mkdir(parents=True, exist_ok=True)
    n_docs = n_lines = 0
    for doc_id, body in docs.items():
        if n_lines >= limit:
            break
        body = body[: limit - n_lines]
        (out / f"{doc_id}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        n_docs += 1
        n_lines += len(body)
    return n_docs, n_lines


# ---------------------------------------------------------------- one run (subprocess)


def run_one(cfg: dict) -> dict:
    from bitext.corpus import translate_corpus

    t0 = time.perf_counter()
    ray_init = None
    if cfg["engine"] == "ray":
        import ray

        from bitext.corpus.ray_engine import _quiet_init

        _quiet_init(ray, None)
        ray_init = time.perf_counter() - t0
    marks: list[tuple[float, int]] = []

    def progress(state) -> None:
        marks.append((time.perf_counter() - t0, state.sentences_done))

    job = TranslateJob(engine=BenchEngine(model=cfg["model"], backend=cfg["backend"], quantize=cfg.get("quantize"),
                                          device="cpu", threads=cfg["threads"]),
                       decoding=GenerationOptions(beam=1), use_cache=False)
    result = translate_corpus([cfg["docs"]], cfg["out"], job, engine=cfg["engine"], workers=cfg.get("workers"),
                              progress=progress)
    wall = time.perf_counter() - t0
    if cfg["engine"] == "ray":
        import ray

        ray.shutdown()
    from bitext.corpus import MANIFEST

    entries = [json.loads(l) for l in (Path(cfg["out"]) / MANIFEST).read_text(encoding="utf-8").splitlines()]
    # the translation window: first unit started -> last unit finished (start-up excluded)
    window = max(e["started"] + e["seconds"] for e in entries) - min(e["started"] for e in entries)
    busy = sum(e["seconds"] for e in entries)  # time inside translate_item, summed over actors
    first_t = next(t for t, n in marks if n > 0)
    return {
        "wall_s": round(wall, 2),
        "ray_init_s": round(ray_init, 2) if ray_init is not None else None,
        "first_result_s": round(first_t, 2),
        "sentences": result.sentences,
        "documents": len(result.ok),
        "failed": len(result.failed),
        "translate_window_s": round(window, 2),
        "busy_s": round(busy, 2),
        "sent_per_s_wall": round(result.sentences / wall, 3),
        "sent_per_s_steady": round(result.sentences / window, 3),
        "sent_per_s_per_actor": round(result.sentences / busy, 3),
    }


def spawn(cfg: dict, env: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(cfg)], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"run {cfg} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same_outputs(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.txt"))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*.txt"))
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


# ---------------------------------------------------------------- main


def machine() -> dict:
    info = {"python": platform.python_version(), "cores": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(l.split(":", 1)[1].strip() for l in cpuinfo.splitlines() if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    for mod in ("torch", "transformers", "ctranslate2", "ray"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = None
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--sentences", type=int, default=320, help="NTREX lines per CTranslate2 run (whole documents, cut at the limit)")
    ap.add_argument("--torch-sentences", type=int, default=128, help="NTREX lines per torch run (torch fp32 is ~4x slower)")
    ap.add_argument("--small", type=int, default=16, help="lines of the small job (Ray overhead)")
    ap.add_argument("--backends", default="torch,ctranslate2")
    ap.add_argument("--out", default=str(RESULTS))
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(run_one(json.loads(args.worker))))
        return

    from bench_translate import build_bench_model

    work = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    env = {**os.environ, "BITEXT_CACHE_DIR": str(work / "cache"), "RAY_DEDUP_LOGS": "0", "PYTHONWARNINGS": "ignore",
           # eval/ on the path of the run and of the Ray workers it starts (BenchEngine imports fixed_length)
           "PYTHONPATH": os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p)}
    t_all = time.perf_counter()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    model = build_bench_model(work / "model")
    inputs = {"ctranslate2": write_documents(work / "docs-ctranslate2", args.sentences),
              "torch": write_documents(work / "docs-torch", args.torch_sentences)}
    _, small_lines = write_documents(work / "small", args.small)
    print(f"model built; inputs {inputs}", file=sys.stderr)

    backends = {"torch": None, "ctranslate2": "int8"}
    runs = []
    for backend in args.backends.split(","):
        quant = backends[backend]
        if backend == "ctranslate2":  # convert once, outside the timings (cached under BITEXT_CACHE_DIR/ct2)
            subprocess.run([sys.executable, "-c", f"from bitext.translate import load_engine; load_engine({str(model)!r}, device='cpu', backend='ctranslate2', quantize='int8')"],
                           env=env, check=True, capture_output=True)
        configs = [
            ("local engine, 2 threads", dict(engine="local", threads=2)),
            ("Ray, 1 actor x 2 threads", dict(engine="ray", workers=1, threads=2)),
            ("Ray, 2 actors x 1 thread", dict(engine="ray", workers=2, threads=1)),
        ]
        first_out = None
        for label, extra in configs:
            out = work / f"out-{backend}-{extra['engine']}-{extra.get('workers', 0)}"
            cfg = dict(docs=str(work / f"docs-{backend}"), out=str(out), model=str(model), backend=backend, quantize=quant, **extra)
            res = spawn(cfg, env)
            res.update(system=label, backend=f"{backend}{' ' + quant if quant else ''}", actors=extra.get("workers", 0), threads=extra["threads"],
                       input_documents=inputs[backend][0])
            res["identical_to_local"] = True if first_out is None else same_outputs(first_out, out)
            first_out = first_out or out
            print(f"{res['backend']:18} {label:28} {res['sentences']} sent  wall {res['wall_s']} s  "
                  f"{res['sent_per_s_wall']} sent/s (steady {res['sent_per_s_steady']})", file=sys.stderr)
            runs.append(res)

    overhead = []
    for label, extra in (("local engine, 2 threads", dict(engine="local", threads=2)),
                         ("Ray, 1 actor x 2 threads", dict(engine="ray", workers=1, threads=2))):
        cfg = dict(docs=str(work / "small"), out=str(work / f"small-{extra['engine']}"), model=str(model),
                   backend="torch", quantize=None, **extra)
        res = spawn(cfg, env)
        res.update(system=label)
        print(f"small job {label:28} wall {res['wall_s']} s", file=sys.stderr)
        overhead.append(res)

    report = {
        "machine": machine(),
        "model": "random weights, opus-mt-ar-en shape (6+6 layers, d=512, vocab 62,834)",
        "decoding": "greedy (beam 1), exactly round(1.2 x source tokens)+2 generated tokens per sentence",
        "input": "NTREX newstest2019.ar split into documents by DOCUMENT_IDS.tsv, the first documents up to "
                 + ", ".join(f"{n} lines ({d} documents) for {b}" for b, (d, n) in inputs.items()),
        "loadavg_before": load_before,
        "loadavg_after": Path("/proc/loadavg").read_text().split()[:3],
        "small_job": f"first NTREX document(s), {small_lines} lines, torch",
        "runs": runs,
        "overhead": overhead,
        "bench_seconds": round(time.perf_counter() - t_all, 1),
    }
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_ray.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (out_dir / "bench_ray.md").write_text(render(report), encoding="utf-8")
    print(f"wrote {out_dir / 'bench_ray.md'} in {report['bench_seconds']} s", file=sys.stderr)


def render(r: dict) -> str:
    m = r["machine"]
    lines = [
        "# Corpus translation: local engine vs Ray",
        "",
        f"Machine: {m.get('cpu', '?')}, {m['cores']} cores, no GPU. Python {m['python']}, torch {m['torch']}, "
        f"transformers {m['transformers']}, ctranslate2 {m['ctranslate2']}, ray {m['ray']}.",
        "",
        f"Model: {r['model']}. Decoding: {r['decoding']}. Input: {r['input']}. No translation cache; "
        "every run is a fresh process (a fresh local Ray for Ray runs). "
        f"Load average (1/5/15 min) before: {' '.join(r['loadavg_before'])}, after: {' '.join(r['loadavg_after'])}.",
        "",
        "wall: the whole job (Ray start, actor start, model loads, translation, writes); steady: sentences / "
        "(last document finished - first document started), start-up excluded; per actor: sentences / time spent "
        "translating, summed over actors (what one actor does when it is busy).",
        "",
        "| backend | system | sentences | wall s | Ray start s | first document s | sent/s (wall) | sent/s (steady) | per actor (steady) | identical to local |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for x in r["runs"]:
        per = x["sent_per_s_per_actor"]
        lines.append(f"| {x['backend']} | {x['system']} | {x['sentences']} | {x['wall_s']} | {x['ray_init_s'] or '-'} | "
                     f"{x['first_result_s']} | {x['sent_per_s_wall']} | {x['sent_per_s_steady']} | {per} | "
                     f"{'yes' if x['identical_to_local'] else 'NO'} |")
    lines += ["", f"Small job ({r['small_job']}):", "", "| system | wall s | Ray start s | first document s |", "|---|---|---|---|"]
    for x in r["overhead"]:
        lines.append(f"| {x['system']} | {x['wall_s']} | {x['ray_init_s'] or '-'} | {x['first_result_s']} |")
    if len(r["overhead"]) == 2:
        lines += ["", f"Ray overhead on the small job: {round(r['overhead'][1]['wall_s'] - r['overhead'][0]['wall_s'], 1)} s "
                      "(Ray start, actor process start, model load in the actor)."]
    lines += ["", f"Benchmark time: {r['bench_seconds']} s.", ""]
    lines += estimate(r)
    return "\n".join(lines)


PRICE_VCPU_HOUR = 0.05  # assumed USD per vCPU-hour (on-demand compute-optimised instance, order of magnitude)
SENTENCES = 10_000_000


def beam4_factors() -> dict[str, float]:
    """Greedy / beam-4 throughput per backend, from eval/results/bench_translate.json (same machine)."""
    path = RESULTS / "bench_translate.json"
    out = {"torch": 2.6, "ctranslate2": 3.2}
    if path.exists():
        runs = json.loads(path.read_text())["runs"]
        speed = {(x["system"], x["beam"]): x["sent_per_s"] for x in runs}
        for backend, system in (("torch", "c"), ("ctranslate2", "e")):
            if (system, 1) in speed and (system, 4) in speed:
                out[backend] = round(speed[(system, 1)] / speed[(system, 4)], 2)
    return out


def estimate(r: dict) -> list[str]:
    """Time and cost of 10M sentences from the measured per-actor throughput of 1-thread actors."""
    factors = beam4_factors()
    per_vcpu = {x["backend"].split()[0]: x["sent_per_s_per_actor"] for x in r["runs"] if x["actors"] == 2 and x["threads"] == 1}
    if not per_vcpu:
        return []
    lines = [
        "## Estimate: 10 million sentences",
        "",
        "From the per-actor throughput of the 1-thread actors above (one actor per vCPU, this machine's 2.6 GHz EPYC "
        "cores), greedy; beam 4 divides throughput by the greedy/beam-4 ratio measured in bench_translate.json "
        f"({', '.join(f'{b}: {f}' for b, f in factors.items())}). Cost assumes USD {PRICE_VCPU_HOUR} per vCPU-hour "
        "(an assumption, not a quote: on-demand compute-optimised list prices are of this order; spot is ~3x cheaper). "
        "Ray's own costs are a start-up of seconds (per wave of up to 5,000 documents or 256 MB of input) and the CPU of "
        "its processes beside the actors; time then scales as 1/N while the driver keeps up (it only writes files).",
        "",
        "| backend | decoding | sent/s per vCPU | vCPU-hours | hours on 16 vCPUs | hours on 64 | hours on 256 | cost (USD) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, rate in per_vcpu.items():
        for decoding, f in (("greedy", 1.0), ("beam 4", factors.get(backend, 3.0))):
            r_ = rate / f
            vcpu_h = SENTENCES / r_ / 3600
            lines.append(f"| {backend} | {decoding} | {r_:.2f} | {vcpu_h:,.0f} | {vcpu_h / 16:,.1f} | {vcpu_h / 64:,.1f} | "
                         f"{vcpu_h / 256:,.1f} | {vcpu_h * PRICE_VCPU_HOUR:,.0f} |")
    lines += [
        "",
        "GPU workers: not measured (this machine has no GPU). The same arithmetic applies with a measured per-GPU rate R: "
        "hours = 10,000,000 / (N x R x 3600), cost = hours x N x the GPU's hourly price. Measure R with "
        "`bitext translate DOCS -o OUT --engine ray --gpus-per-worker 1 --batch-tokens 4096` on one GPU node "
        "(the summary line prints sentences/s).",
        "",
        "",
    ]
    return lines


if __name__ == "__main__":
    main()
