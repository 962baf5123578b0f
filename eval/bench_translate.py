"""CPU translation speed: raw transformers vs bitext (torch fp32, torch int8, CTranslate2 int8).

Model: random weights in the exact shape of opus-mt-ar-en
(``../shared/models/opus-mt-ar-en/config.json``: 6+6 layers, d=512, ffn 2048,
vocabulary 62,834, ~76M parameters), with a sentencepiece tokenizer built as
for the tiny model (``bitext.tiny_model``) and its vocabulary padded with
filler entries to the real 62,834 ids, so the output projection costs what
the real model's does. Random weights cost the same compute as trained ones.

Every system generates exactly ``round(1.2 * source tokens) + 2`` tokens per
sentence (bitext engines: the benchmark-only ``engine.fixed_new_tokens``;
raw transformers: ``min_new_tokens == max_new_tokens``), so all do the same
useful work. Each system runs in its own subprocess (peak RSS = VmHWM from /proc/self/status).

    python eval/bench_translate.py                 # defaults, ~10 minutes on 2 cores
    python eval/bench_translate.py --n 100 --n-beam 30 --scaling 100,1000,10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
CONFIG = SHARED / "models" / "opus-mt-ar-en" / "config.json"
NTREX_AR = SHARED / "data" / "ntrex128" / "newstest2019.ar"
NTREX_EN = SHARED / "data" / "ntrex128" / "newstest2019.en"
RESULTS = HERE / "results"
sys.path.insert(0, str(REPO))

SYSTEMS = {
    "a": "transformers generate, one sentence per call",
    "b": "transformers generate, batches of 16 in file order",
    "c": "bitext torch fp32 (default path)",
    "d": "bitext torch dynamic int8",
    "e": "bitext CTranslate2 int8",
}


def fixed_tokens(source_tokens: int) -> int:
    return round(1.2 * source_tokens) + 2


# ---------------------------------------------------------------- model


def build_bench_model(out: Path) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    from bitext.tiny_model import _read_lines, _train_spm

    out.mkdir(parents=True, exist_ok=True)
    raw = json.loads(CONFIG.read_text())
    for key in ("num_beams", "max_length", "bad_words_ids", "id2label", "label2id", "_num_labels", "architectures"):
        raw.pop(key, None)
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for side, path in (("source", NTREX_AR), ("target", NTREX_EN)):
        proto = _train_spm(_read_lines(path, 2000), 4000)
        (out / f"{side}.spm").write_bytes(proto)
        sp = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    pad = raw["vocab_size"] - 1
    filler = 0
    while len(vocab) < pad:
        vocab.setdefault(f"<unused{filler}>", len(vocab))
        filler += 1
    vocab["<pad>"] = pad
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"), str(out / "vocab.json"), model_max_length=512)
    tok.save_pretrained(out)
    raw.update(pad_token_id=pad, decoder_start_token_id=pad)
    config = MarianConfig(**raw, bad_words_ids=[[pad]])
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    model.save_pretrained(out)
    return out


# ---------------------------------------------------------------- worker


def worker(args: argparse.Namespace) -> None:
    if args.system != "e":  # the CTranslate2 path never imports torch: its peak memory must not include it
        import torch

        torch.set_num_threads(args.threads)
    lines = [l.strip() for l in NTREX_AR.read_text(encoding="utf-8").splitlines() if l.strip()]
    # beyond the file's length, repeated lines get a copy number: the pipeline
    # translates each distinct sentence once, so plain repeats would cost nothing
    texts = [lines[i % len(lines)] + ("" if i < len(lines) else f" ({i // len(lines)})") for i in range(args.n)]
    t0 = time.perf_counter()
    out: dict = {"system": args.system, "beam": args.beam, "n": args.n}
    if args.system in ("a", "b"):
        from transformers import MarianMTModel, MarianTokenizer

        tok = MarianTokenizer.from_pretrained(args.model)
        model = MarianMTModel.from_pretrained(args.model).eval()
        load = time.perf_counter() - t0
        outputs, tgt = [], 0
        size = 1 if args.system == "a" else 16
        t1 = time.perf_counter()
        with torch.inference_mode():
            for s in range(0, len(texts), size):
                chunk = texts[s : s + size]
                enc = tok(chunk, return_tensors="pt", padding=True)
                lens = [fixed_tokens(int(m.sum())) for m in enc["attention_mask"]]
                n = max(lens)
                gen = model.generate(**enc, num_beams=args.beam, do_sample=False, min_new_tokens=n, max_new_tokens=n)
                outputs += [t.strip() for t in tok.batch_decode(gen, skip_special_tokens=True)]
                tgt += sum(lens)
        elapsed = time.perf_counter() - t1
    else:
        from bitext.translate import GenerationOptions, load_engine

        backend = "ctranslate2" if args.system == "e" else "torch"
        quant = "int8" if args.system in ("d", "e") else None
        engine = load_engine(args.model, device="cpu", threads=args.threads, backend=backend, quantize=quant)
        load = time.perf_counter() - t0
        out["converted"] = getattr(engine, "converted", None)
        engine.fixed_new_tokens = fixed_tokens
        options = GenerationOptions(beam=args.beam, **({"batch_tokens": args.batch_tokens} if args.batch_tokens else {}))
        t1 = time.perf_counter()
        if args.document:
            from bitext.document import document_from_sentences
            from bitext.translate import translate_document

            result = translate_document(document_from_sentences(texts), engine, options)
            hyps = [s.chunks[0] if s.chunks else None for s in result.sentences]
            outputs = [s.text for s in result.sentences]
            tgt = sum(c.tokens for s in result.sentences for c in s.chunks)
        else:
            hyps = engine.translate(texts, options)
            outputs = [h.text for h in hyps]
            tgt = sum(h.tokens for h in hyps)
        elapsed = time.perf_counter() - t1
    src = sum(len(x) for x in _tokenizer(args.model)(texts)["input_ids"])
    out.update(
        load_s=round(load, 2),
        seconds=round(elapsed, 2),
        source_tokens=src,
        target_tokens=tgt,
        sent_per_s=round(len(texts) / elapsed, 3),
        tgt_tok_per_s=round(tgt / elapsed, 1),
        peak_rss_mb=peak_rss_mb(),
        outputs=outputs,
    )
    print("RESULT " + json.dumps(out, ensure_ascii=False))


def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss survives fork+exec, so it would show the parent's size)."""
    status = Path("/proc/self/status")
    if status.exists():
        m = re.search(r"^VmHWM:\s*(\d+) kB", status.read_text(), re.M)
        if m:
            return round(int(m.group(1)) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _tokenizer(model: str):
    from transformers import MarianTokenizer

    return MarianTokenizer.from_pretrained(model)


def run_worker(model: Path, system: str, n: int, beam: int, threads: int, document: bool = False, batch_tokens: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--worker", system, "--model", str(model), "--n", str(n), "--beam", str(beam),
           "--threads", str(threads), "--batch-tokens", str(batch_tokens)] + (["--document"] if document else [])
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), TOKENIZERS_PARALLELISM="false")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"worker {system} failed:\n{proc.stderr[-3000:]}")


# ---------------------------------------------------------------- compute limit


def flops_per_token(config: dict) -> tuple[float, float, float]:
    """(FLOPs per source token, per target token per beam, parameters)."""
    d, ffn, v = config["d_model"], config["encoder_ffn_dim"], config["vocab_size"]
    le, ld = config["encoder_layers"], config["decoder_layers"]
    enc_layer = 4 * d * d + 2 * d * config["encoder_ffn_dim"]
    # per source token: encoder layers + the decoder's cross-attention K,V projections
    src = le * enc_layer + ld * 2 * d * d
    # per target token: self-attention QKVO, cross-attention Q,O, FFN, output projection
    tgt = ld * (4 * d * d + 2 * d * d + 2 * d * config["decoder_ffn_dim"]) + d * v
    params = le * enc_layer + ld * (8 * d * d + 2 * d * ffn) + v * d
    return 2.0 * src, 2.0 * tgt, params


def machine() -> dict:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split()) if "flags" in info else set()
    model = (re.search(r"^model name\s*:\s*(.*)$", info, re.M) or [None, platform.processor()])[1]
    mhz = [float(x) for x in re.findall(r"^cpu MHz\s*:\s*([\d.]+)", info, re.M)]
    ghz = (max(mhz) / 1000) if mhz else 2.0
    amd = "AuthenticAMD" in info
    if "avx512f" in flags and not amd:
        per_cycle = 64  # two 512-bit FMA units x 16 fp32 x 2
    elif "avx512f" in flags or ("avx2" in flags and "fma" in flags):
        per_cycle = 32  # AMD Zen 4 runs AVX-512 on two 256-bit FMA pipes; AVX2+FMA: 2 x 8 x 2
    else:
        per_cycle = 8
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": model,
        "cores": cores,
        "ghz": round(ghz, 2),
        "avx512": sorted(f for f in flags if f.startswith("avx512")),
        "amx": sorted(f for f in flags if f.startswith("amx")),
        "fp32_flops_per_cycle_per_core_estimate": per_cycle,
        "peak_fp32_gflops_per_core_estimate": round(ghz * per_cycle, 1),
        "python": platform.python_version(),
    }


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", choices=sorted(SYSTEMS))
    ap.add_argument("--model")
    ap.add_argument("--n", type=int, default=60, help="sentences, greedy")
    ap.add_argument("--n-beam", type=int, default=20, help="sentences, beam 4")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-tokens", type=int, default=0, help="GenerationOptions.batch_tokens (0: default)")
    ap.add_argument("--budgets", default="", help="comma list of batch_tokens to compare on bitext torch fp32")
    ap.add_argument("--document", action="store_true")
    ap.add_argument("--scaling", default="100,1000", help="document sizes for the scaling run (10000 takes long)")
    ap.add_argument("--systems", default="abcde")
    ap.add_argument("--results", default="bench_translate", help="results name under eval/results (NAME.json, NAME.md)")
    args = ap.parse_args()
    if args.worker:
        args.system = args.worker
        return worker(args)

    import torch
    import transformers

    from bitext.translate import GenerationOptions

    mach = machine()
    mach.update(torch=torch.__version__, transformers=transformers.__version__)
    try:
        import ctranslate2

        mach["ctranslate2"] = ctranslate2.__version__
    except ImportError:
        mach["ctranslate2"] = None
    config = json.loads(CONFIG.read_text())
    f_src, f_tgt, params = flops_per_token(config)
    peak = mach["peak_fp32_gflops_per_core_estimate"] * args.threads
    report: dict = {"machine": mach, "threads": args.threads, "default_batch_tokens": GenerationOptions().batch_tokens,
                    "flops": {"per_source_token": f_src, "per_target_token_per_beam": f_tgt, "params_touched": params,
                              "peak_gflops_estimate": peak}, "runs": [], "budgets": [], "scaling": []}
    os.environ.setdefault("BITEXT_CACHE_DIR", tempfile.mkdtemp(prefix="bench-cache-"))
    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        t0 = time.perf_counter()
        model = build_bench_model(Path(tmp) / "model")
        print(f"model built in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        if "e" in args.systems:  # convert once, outside the timed runs; the load time below is a cached load
            t0 = time.perf_counter()
            r = run_worker(model, "e", 1, 1, args.threads)
            report["ct2_first_load_with_conversion_s"] = r["load_s"]
        for beam, n in ((1, args.n), (4, args.n_beam)):
            if n <= 0:
                continue
            ref = None
            for system in args.systems:
                r = run_worker(model, system, n, beam, args.threads)
                if system == "c":
                    ref = r["outputs"]
                gflops = (r["source_tokens"] * f_src + r["target_tokens"] * f_tgt * beam) / r["seconds"] / 1e9
                r["gflops"] = round(gflops, 1)
                r["share_of_peak"] = round(gflops / peak, 3)
                report["runs"].append(r)
                print(f"beam {beam} {system}: {r['sent_per_s']} sent/s {r['peak_rss_mb']} MB", file=sys.stderr)
            base = {r["system"]: r for r in report["runs"] if r["beam"] == beam}
            for r in base.values():
                r["ratio_to_a"] = round(r["sent_per_s"] / base["a"]["sent_per_s"], 2) if "a" in base else None
                r["identical_to_c"] = (round(sum(x == y for x, y in zip(r["outputs"], ref)) / len(ref), 3) if ref else None)
        for budget in [int(b) for b in args.budgets.split(",") if b]:
            r = run_worker(model, "c", args.n, 1, args.threads, batch_tokens=budget)
            report["budgets"].append({"batch_tokens": budget, "sent_per_s": r["sent_per_s"], "peak_rss_mb": r["peak_rss_mb"]})
            print(f"budget {budget}: {r['sent_per_s']}", file=sys.stderr)
        for size in [int(s) for s in args.scaling.split(",") if s]:
            r = run_worker(model, "c", size, 1, args.threads, document=True)
            report["scaling"].append({"sentences": size, "seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"],
                                      "sent_per_s": r["sent_per_s"]})
            print(f"scaling {size}: {r['seconds']}s {r['peak_rss_mb']} MB", file=sys.stderr)
    for r in report["runs"]:
        r.pop("outputs", None)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.results}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (RESULTS / f"{args.results}.md").write_text(render(report), encoding="utf-8")
    print(render(report))


def render(rep: dict) -> str:
    m, fl = rep["machine"], rep["flops"]
    lines = [
        "# Translation speed on CPU",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores at {m['ghz']} GHz (from /proc/cpuinfo), AVX-512: {', '.join(m['avx512']) or 'no'}; "
        f"AMX: {', '.join(m['amx']) or 'no'}. torch {m['torch']}, transformers {m['transformers']}, ctranslate2 {m['ctranslate2']}. "
        f"Threads: {rep['threads']} for every system.",
        "",
        "Model: random weights in the exact shape of opus-mt-ar-en (6+6 layers, d=512, vocabulary 62,834, "
        f"{fl['params_touched'] / 1e6:.1f}M parameters in matrices). Every system generates exactly round(1.2 x source tokens)+2 "
        "tokens per sentence; input: first N lines of NTREX newstest2019.ar.",
        "",
        f"Compute limit: {fl['per_source_token'] / 1e6:.0f} MFLOP per source token, {fl['per_target_token_per_beam'] / 1e6:.0f} "
        f"MFLOP per target token per beam (2 x parameters touched; the output projection over the vocabulary is "
        f"{2 * 512 * 62834 / 1e6:.0f} of them). Peak fp32 estimate: {m['peak_fp32_gflops_per_core_estimate']} GFLOP/s per core "
        f"({m['ghz']} GHz x {m['fp32_flops_per_cycle_per_core_estimate']} FLOP/cycle, an estimate, not measured), "
        f"{fl['peak_gflops_estimate']:.0f} GFLOP/s for {rep['threads']} threads. int8 systems can exceed the fp32 share.",
        "",
        "| beam | system | N | sent/s | target tok/s | x (a) | GFLOP/s | share of fp32 peak | peak RSS MB | load s | identical to (c) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rep["runs"]:
        lines.append(
            f"| {r['beam']} | ({r['system']}) {SYSTEMS[r['system']]} | {r['n']} | {r['sent_per_s']} | {r['tgt_tok_per_s']} | "
            f"{r.get('ratio_to_a')} | {r['gflops']} | {r['share_of_peak']:.1%} | {r['peak_rss_mb']} | {r['load_s']} | "
            f"{r.get('identical_to_c')} |"
        )
    if "ct2_first_load_with_conversion_s" in rep:
        lines += ["", f"CTranslate2 first load including the int8 conversion: {rep['ct2_first_load_with_conversion_s']} s "
                      "(the table's load time is a cached load)."]
    if rep["budgets"]:
        lines += ["", f"Batch token budget (bitext torch fp32, greedy; default {rep['default_batch_tokens']}):", "",
                  "| batch_tokens | sent/s | peak RSS MB |", "|---|---|---|"]
        lines += [f"| {b['batch_tokens']} | {b['sent_per_s']} | {b['peak_rss_mb']} |" for b in rep["budgets"]]
    if rep["scaling"]:
        lines += ["", "Scaling, bitext default path (translate_document, torch fp32, greedy):", "",
                  "| sentences | seconds | sent/s | peak RSS MB |", "|---|---|---|---|"]
        lines += [f"| {s['sentences']} | {s['seconds']} | {s['sent_per_s']} | {s['peak_rss_mb']} |" for s in rep["scaling"]]
    lines += ["", "Notes: (b) generates the batch's longest length for every row (as generate does); its target tok/s "
              "counts the useful tokens only. Random weights: 'identical to (c)' measures numerical agreement only.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
