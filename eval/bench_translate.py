"""CPU translation speed: raw transformers vs bitext's backends and precisions, greedy and beam 4.

Model: random weights in the exact shape of opus-mt-ar-en
(``../shared/models/opus-mt-ar-en/config.json``: 6+6 layers, d=512, ffn 2048,
vocabulary 62,834, ~76M parameters), with a sentencepiece tokenizer built as
for the tiny model (``bitext.tiny_model``) and its vocabulary padded with
filler entries to the real 62,834 ids, so the output projection costs what
the real model's does. Random weights cost the same compute as trained ones.

Every system generates exactly ``round(1.2 * source tokens) + 2`` tokens per
sentence (bitext engines: eval/fixed_length.py's ``fix_lengths``;
raw transformers: ``min_new_tokens == max_new_tokens``), so all do the same
useful work. Each system runs in its own subprocess (peak RSS = VmHWM from
/proc/self/status), ``--rounds`` times, interleaved (round 1: every system,
then round 2, ...): the table gives the median and the spread (min-max).

    python eval/bench_translate.py                 # the committed run (~15 minutes on 2 cores)
    python eval/bench_translate.py --rounds 1 --n 10 --n-beam 4 --systems acf --budgets "4:f:512" --cache-docs 1 --results smoke
    python eval/bench_translate.py --only agreement --agreement-n 100   # outputs only (timing not used)
    python eval/bench_translate.py --only memory --memory-n 1000        # peak RSS of the default path, 1,000 sentences
    python eval/bench_translate.py --n 0 --n-beam 0 --systems c --scaling 100,1000,10000 --results bench_translate_scaling
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
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
NTREX_IDS = SHARED / "data" / "ntrex128" / "DOCUMENT_IDS.tsv"
RESULTS = HERE / "results"
sys.path.insert(0, str(REPO))

SYSTEMS = {
    "a": "transformers generate, one sentence per call",
    "b": "transformers generate, batches of 16 in file order",
    "c": "bitext torch fp32 (the default path until now: --backend torch)",
    "f": "bitext default path: --backend auto = CTranslate2 float32",
    "d": "bitext torch dynamic int8 (--backend torch --quantize int8)",
    "e": "bitext CTranslate2 int8 (--quantize int8)",
    "g": "bitext CTranslate2 int8_float32",
    "i": "bitext CTranslate2 int8_bfloat16",
    "j": "bitext CTranslate2 bfloat16",
    "h": "bitext torch fp32 under bf16 autocast (benchmark only)",
}
# (backend, quantize) of the bitext systems
BITEXT = {"c": ("torch", None), "f": ("auto", None), "d": ("torch", "int8"), "e": ("ctranslate2", "int8"),
          "g": ("ctranslate2", "int8_float32"), "i": ("ctranslate2", "int8_bfloat16"), "j": ("ctranslate2", "bfloat16"),
          "h": ("torch", None)}
# which peak a system's work is counted against: its matrix products' number type
PEAK_KIND = {"d": "int8", "e": "int8", "g": "int8", "i": "int8", "j": "bf16", "h": "bf16"}
NO_TORCH = set("efgij")  # CTranslate2 paths never import torch: their peak memory must not include it

# Boilerplate of news pages (byline, share line, related topics, copyright footer): the repeated-content
# case of the translation cache. Each document gets all of them, as a news site's pages do.
BOILERPLATE = [
    "شارك هذا الخبر عبر فيسبوك وتويتر والبريد الإلكتروني",
    "مواضيع ذات صلة",
    "تابعونا على مواقع التواصل الاجتماعي للاطلاع على آخر الأخبار",
    "حقوق الطبع والنشر © 2019 بي بي سي. جميع الحقوق محفوظة. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.",
    "اقرأ المزيد عن سياستنا بشأن الروابط الخارجية.",
]


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


def news_documents(k: int) -> list[list[str]]:
    """The first ``k`` NTREX documents (DOCUMENT_IDS.tsv), each with the news-page boilerplate around it."""
    ids = NTREX_IDS.read_text(encoding="utf-8").splitlines()
    lines = NTREX_AR.read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[str]] = {}
    for doc_id, line in zip(ids, lines):
        if line.strip():
            docs.setdefault(doc_id.strip(), []).append(line.strip())
    return [BOILERPLATE[:1] + body + BOILERPLATE[1:] for body in list(docs.values())[:k]]


def worker(args: argparse.Namespace) -> None:
    if args.system not in NO_TORCH:
        import torch

        torch.set_num_threads(args.threads)
    lines = [l.strip() for l in NTREX_AR.read_text(encoding="utf-8").splitlines() if l.strip()]
    # beyond the file's length, repeated lines get a copy number: the pipeline
    # translates each distinct sentence once, so plain repeats would cost nothing
    texts = [lines[i % len(lines)] + ("" if i < len(lines) else f" ({i // len(lines)})") for i in range(args.n)]
    t0 = time.perf_counter()
    out: dict = {"system": args.system, "beam": args.beam, "n": args.n, "batch_tokens": args.batch_tokens or None}
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
        import contextlib

        from bitext.translate import GenerationOptions, load_engine

        backend, quant = BITEXT[args.system]
        engine = load_engine(args.model, device="cpu", threads=args.threads, backend=backend, quantize=quant)
        load = time.perf_counter() - t0
        out["converted"] = getattr(engine, "converted", None)
        out["backend_note"] = getattr(engine, "backend_note", None)
        from fixed_length import fix_lengths

        fix_lengths(engine, fixed_tokens, by_length=not args.batch_cut)
        if hasattr(engine, "_generate_exact"):  # CTranslate2, beam search: see fixed_length.fix_lengths
            out["fixed_exact_beams"] = not args.batch_cut
        options = GenerationOptions(beam=args.beam, **({"batch_tokens": args.batch_tokens} if args.batch_tokens else {}))
        precision = torch.autocast("cpu", dtype=torch.bfloat16) if args.system == "h" else contextlib.nullcontext()
        t1 = time.perf_counter()
        with precision:
            if args.cache_docs:
                # the repeated-content case: documents one after another, as `bitext translate docs/ -o out/` does
                from bitext.document import document_from_sentences
                from bitext.translate import TranslationCache, translate_document

                cache = TranslationCache(tempfile.mkdtemp(prefix="bench-tm-")) if args.use_cache else None
                outputs, tgt, hits, texts = [], 0, 0, []
                for doc in news_documents(args.cache_docs):
                    result = translate_document(document_from_sentences(doc), engine, options, cache=cache)
                    outputs += [s.text for s in result.sentences]
                    tgt += sum(c.tokens for s in result.sentences for c in s.chunks)
                    hits += result.cache_hits
                    texts += doc
                out.update(n=len(texts), cache_hits=hits, distinct=len(set(texts)), use_cache=bool(args.use_cache))
            elif args.document:
                from bitext.document import document_from_sentences
                from bitext.translate import translate_document

                result = translate_document(document_from_sentences(texts), engine, options)
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


def run_worker(model: Path, system: str, n: int, beam: int, threads: int, document: bool = False, batch_tokens: int = 0,
               cache_docs: int = 0, use_cache: bool = False, batch_cut: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--worker", system, "--model", str(model), "--n", str(n), "--beam", str(beam),
           "--threads", str(threads), "--batch-tokens", str(batch_tokens), "--cache-docs", str(cache_docs)]
    cmd += (["--document"] if document else []) + (["--use-cache"] if use_cache else []) + (["--batch-cut"] if batch_cut else [])
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
    # int8: VNNI (vpdpbusd) does 4 int8 multiply-adds per 32-bit lane where FMA does 1 fp32, at the same
    # issue rate (Zen 4: both on the two 256-bit pipes; Intel server: both on the two 512-bit ports);
    # without VNNI, AVX2/AVX-512BW int8 (vpmaddubsw + vpmaddwd) reaches about 2x. bf16: vdpbf16ps does 2 per lane.
    vnni = "avx512_vnni" in flags or "avx_vnni" in flags
    int8_factor = 4 if vnni else 2
    bf16_factor = 2 if "avx512_bf16" in flags else 1
    return {
        "cpu": model,
        "cores": cores,
        "ghz": round(ghz, 2),
        "avx512": sorted(f for f in flags if f.startswith("avx512")),
        "amx": sorted(f for f in flags if f.startswith("amx")),
        "fp32_flops_per_cycle_per_core_estimate": per_cycle,
        "peak_fp32_gflops_per_core_estimate": round(ghz * per_cycle, 1),
        "vnni": vnni,
        "int8_ops_per_cycle_per_core_estimate": per_cycle * int8_factor,
        "peak_int8_gops_per_core_estimate": round(ghz * per_cycle * int8_factor, 1),
        "bf16_flops_per_cycle_per_core_estimate": per_cycle * bf16_factor,
        "peak_bf16_gflops_per_core_estimate": round(ghz * per_cycle * bf16_factor, 1),
        "python": platform.python_version(),
    }


# ---------------------------------------------------------------- main


def stats(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3),
            "values": [round(v, 3) for v in values]}


def agreement(outputs: list[str], ref: list[str] | None) -> float | None:
    if not ref:
        return None
    return round(sum(x == y for x, y in zip(outputs, ref)) / len(ref), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", choices=sorted(SYSTEMS))
    ap.add_argument("--model")
    ap.add_argument("--n", type=int, default=40, help="sentences, greedy")
    ap.add_argument("--n-beam", type=int, default=20, help="sentences, beam 4")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="runs of every system (interleaved): median and spread")
    ap.add_argument("--once", default="hb", help="systems run in the first round only (slow ones that do not win)")
    ap.add_argument("--batch-tokens", type=int, default=0, help="GenerationOptions.batch_tokens (0: default)")
    ap.add_argument("--budgets", default="4:fe:256,512,1024,2048,4096;1:e:1024,2048,4096",
                    help="budget sweep: BEAM:SYSTEMS:BATCH_TOKENS,... groups separated by ';' ('' for none)")
    ap.add_argument("--budget-rounds", type=int, default=2)
    ap.add_argument("--cache-docs", type=int, default=4, help="repeated-content case: NTREX documents with boilerplate")
    ap.add_argument("--use-cache", action="store_true")
    ap.add_argument("--batch-cut", action="store_true", help="worker: CTranslate2 beam rows decoded to the batch's "
                    "longest length and cut (the speed runs); default: in groups of one length (exact, agreement runs)")
    ap.add_argument("--document", action="store_true")
    ap.add_argument("--scaling", default="", help="document sizes for the scaling run of (c) (10000 takes long)")
    ap.add_argument("--systems", default="abcfdegijh")
    ap.add_argument("--only", choices=["agreement", "memory"], help="agreement: outputs only; memory: peak RSS only")
    ap.add_argument("--agreement-n", type=int, default=100)
    ap.add_argument("--memory-n", type=int, default=1000)
    ap.add_argument("--results", default="", help="results name under eval/results (NAME.json, NAME.md) "
                    "[default: bench_translate, bench_translate_agreement or bench_translate_memory]")
    args = ap.parse_args()
    if args.worker:
        args.system = args.worker
        return worker(args)
    args.results = args.results or {None: "bench_translate", "agreement": "bench_translate_agreement",
                                    "memory": "bench_translate_memory"}[args.only]

    import torch
    import transformers

    from bitext.translate import GenerationOptions

    mach = machine()
    mach.update(torch=torch.__version__, transformers=transformers.__version__,
                torch_cpu_capability=torch.backends.cpu.get_cpu_capability())
    supported: set[str] = set()
    try:
        import ctranslate2

        mach["ctranslate2"] = ctranslate2.__version__
        supported = set(ctranslate2.get_supported_compute_types("cpu"))
        mach["ctranslate2_cpu_compute_types"] = sorted(supported)
    except ImportError:
        mach["ctranslate2"] = None
    config = json.loads(CONFIG.read_text())
    f_src, f_tgt, params = flops_per_token(config)
    peaks = {"fp32": mach["peak_fp32_gflops_per_core_estimate"] * args.threads,
             "int8": mach["peak_int8_gops_per_core_estimate"] * args.threads,
             "bf16": mach["peak_bf16_gflops_per_core_estimate"] * args.threads}
    needs = {"e": "int8", "g": "int8_float32", "i": "int8_bfloat16", "j": "bfloat16", "f": "float32"}
    skipped = {x: f"this CTranslate2 build has no {needs[x]} on this CPU (it has {', '.join(sorted(supported)) or 'none'})"
               for x in args.systems if x in needs and needs[x] not in supported}
    systems = [x for x in args.systems if x not in skipped]
    report: dict = {"machine": mach, "threads": args.threads, "default_batch_tokens": GenerationOptions().batch_tokens,
                    "rounds": args.rounds, "skipped": skipped, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "flops": {"per_source_token": f_src, "per_target_token_per_beam": f_tgt, "params_touched": params,
                              "peak_gflops_estimate": peaks["fp32"], "peaks": peaks},
                    "runs": [], "budgets": [], "scaling": [], "cache": []}
    os.environ.setdefault("BITEXT_CACHE_DIR", tempfile.mkdtemp(prefix="bench-cache-"))
    t_start = time.perf_counter()

    def measure(r: dict) -> dict:
        gflops = (r["source_tokens"] * f_src + r["target_tokens"] * f_tgt * r["beam"]) / r["seconds"] / 1e9
        kind = PEAK_KIND.get(r["system"], "fp32")
        r.update(gflops=round(gflops, 1), peak_kind=kind, share_of_peak=round(gflops / peaks[kind], 3))
        return r

    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        t0 = time.perf_counter()
        model = build_bench_model(Path(tmp) / "model")
        print(f"model built in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        for x in "fe":  # convert once, outside the timed runs; the load times below are cached loads
            if x in systems:
                r = run_worker(model, x, 1, 1, args.threads)
                report[f"ct2_first_load_with_conversion_s_{x}"] = r["load_s"]
        if args.only == "agreement":
            for beam in (1, 4):
                outs = {x: run_worker(model, x, args.agreement_n, beam, args.threads, batch_cut=False)["outputs"]
                        for x in systems}
                ref = outs.get("c")
                report["agreement"] = report.get("agreement", []) + [
                    {"beam": beam, "system": x, "n": args.agreement_n, "identical_to_c": agreement(o, ref),
                     "identical_to_a": agreement(o, outs.get("a"))} for x, o in outs.items()]
                print(f"agreement beam {beam}: {[(a['system'], a['identical_to_c']) for a in report['agreement']]}",
                      file=sys.stderr)
        elif args.only == "memory":
            for x in systems:
                r = run_worker(model, x, args.memory_n, 4, args.threads, document=True)
                report["memory"] = report.get("memory", []) + [
                    {"system": x, "sentences": r["n"], "beam": 4, "peak_rss_mb": r["peak_rss_mb"],
                     "backend_note": r.get("backend_note")}]
                print(f"memory {x}: {r['peak_rss_mb']} MB", file=sys.stderr)
        else:
            per: dict[tuple[int, str], list[dict]] = {}
            for rnd in range(args.rounds):
                for beam, n in ((1, args.n), (4, args.n_beam)):
                    if n <= 0:
                        continue
                    for x in systems:
                        if rnd and x in args.once:
                            continue
                        r = measure(run_worker(model, x, n, beam, args.threads))
                        per.setdefault((beam, x), []).append(r)
                        print(f"round {rnd + 1} beam {beam} {x}: {r['sent_per_s']} sent/s {r['peak_rss_mb']} MB",
                              file=sys.stderr)
            for beam in (1, 4):
                ref = per.get((beam, "c"), [{}])[0].get("outputs")
                base = per.get((beam, "a"))
                base_speed = statistics.median([r["sent_per_s"] for r in base]) if base else None
                for x in systems:
                    rs = per.get((beam, x))
                    if not rs:
                        continue
                    speed = stats([r["sent_per_s"] for r in rs])
                    first = rs[0]
                    report["runs"].append({
                        "system": x, "beam": beam, "n": first["n"], "runs": len(rs),
                        "sent_per_s": speed["median"], "sent_per_s_spread": speed,
                        "tgt_tok_per_s": round(statistics.median([r["tgt_tok_per_s"] for r in rs]), 1),
                        "gflops": round(statistics.median([r["gflops"] for r in rs]), 1),
                        "peak_kind": first["peak_kind"],
                        "share_of_peak": round(statistics.median([r["share_of_peak"] for r in rs]), 3),
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
                        "load_s": round(statistics.median([r["load_s"] for r in rs]), 2),
                        "ratio_to_a": round(speed["median"] / base_speed, 2) if base_speed else None,
                        "ratio_to_a_spread": [round(speed["min"] / base_speed, 2), round(speed["max"] / base_speed, 2)]
                        if base_speed else None,
                        "identical_to_c": agreement(first["outputs"], ref),
                        "identical_to_a": agreement(first["outputs"], base[0]["outputs"]) if base else None,
                        "backend_note": first.get("backend_note"),
                    })
            for group in [g for g in args.budgets.split(";") if g.strip()]:
                beam_s, group_systems, sizes = group.split(":")
                beam, budgets = int(beam_s), [int(x) for x in sizes.split(",") if x]
                n = args.n_beam if beam > 1 else args.n
                found: dict[tuple[str, int], list[dict]] = {}
                for rnd in range(args.budget_rounds):
                    for x in group_systems:
                        if x not in systems:
                            continue
                        for budget in budgets:
                            r = measure(run_worker(model, x, n, beam, args.threads, batch_tokens=budget))
                            found.setdefault((x, budget), []).append(r)
                            print(f"budget beam {beam} {x} {budget}: {r['sent_per_s']}", file=sys.stderr)
                for (x, budget), rs in found.items():
                    speed = stats([r["sent_per_s"] for r in rs])
                    report["budgets"].append({"system": x, "beam": beam, "n": n, "batch_tokens": budget,
                                              "sent_per_s": speed["median"], "sent_per_s_spread": speed,
                                              "peak_rss_mb": max(r["peak_rss_mb"] for r in rs)})
            if args.cache_docs:
                for rnd in range(args.budget_rounds):
                    for use in (False, True):
                        r = run_worker(model, "f", 0, 4, args.threads, cache_docs=args.cache_docs, use_cache=use)
                        r.pop("outputs")
                        report["cache"].append(r)
                        print(f"cache {use}: {r['seconds']} s, {r['cache_hits']} hits", file=sys.stderr)
            for size in [int(x) for x in args.scaling.split(",") if x]:
                r = run_worker(model, "c", size, 1, args.threads, document=True)
                report["scaling"].append({"sentences": size, "seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"],
                                          "sent_per_s": r["sent_per_s"]})
                print(f"scaling {size}: {r['seconds']}s {r['peak_rss_mb']} MB", file=sys.stderr)
    report["wall_s"] = round(time.perf_counter() - t_start, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.results}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (RESULTS / f"{args.results}.md").write_text(render(report), encoding="utf-8")
    print(render(report))


# The committed run before this change (2026-11-25; 60 greedy / 20 beam-4 sentences, one run each): the "today" column.
TODAY = {"default_beam4": 2.97, "best_beam4": 8.87, "best_beam4_system": "CTranslate2 int8", "best_greedy": 21.35,
         "best_greedy_system": "torch int8", "default_rss_mb": 1358.1, "default_rss_case": "beam 4, 20 sentences"}
GOALS = {"default_beam4": 6.0, "best_beam4": 15.0, "best_greedy": 30.0, "default_rss_mb": 1000}


def _side(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _speed(r: dict) -> str:
    sp = r["sent_per_s_spread"]
    return f"{sp['median']} ({sp['min']}-{sp['max']})" if len(sp["values"]) > 1 else f"{sp['median']}"


def issue_table(rep: dict, memory: dict | None) -> list[str]:
    runs = {(r["beam"], r["system"]): r for r in rep["runs"]}
    bitext_systems = set(BITEXT) - {"h"}

    def best(beam: int):
        cands = [r for (b, x), r in runs.items() if b == beam and x in bitext_systems and r.get("ratio_to_a")]
        return max(cands, key=lambda r: r["ratio_to_a"]) if cands else None

    def cell(r: dict | None) -> str:
        if not r or not r.get("ratio_to_a"):
            return "-"
        lo, hi = r["ratio_to_a_spread"]
        exact = {(a["beam"], a["system"]): a for a in (_side("bench_translate_agreement") or {}).get("agreement", [])}
        a = exact.get((r["beam"], r["system"]))
        if a and a.get("identical_to_c") is not None:
            agree = f", identical to torch fp32 on {a['identical_to_c']:.0%} of {a['n']} (agreement run)"
        elif r.get("identical_to_c") is not None:
            agree = f", identical to torch fp32 on {r['identical_to_c']:.0%}"
        else:
            agree = ""
        return f"{r['ratio_to_a']}x ({lo}-{hi}; ({r['system']}) {SYSTEMS[r['system']].replace('bitext ', '')}{agree})"

    mem = "-"
    if memory and memory.get("memory"):
        m = next((m for m in memory["memory"] if m["system"] == "f"), memory["memory"][0])
        mem = f"{m['peak_rss_mb']:.0f} MB (({m['system']}), beam 4, {m['sentences']} sentences)"
    c4, c1 = runs.get((4, "c")), runs.get((1, "c"))
    return [
        "| goal of issue #20 | today (committed run of 2026-11-25) | this run, today's default (c) | measured (new) | goal |",
        "|---|---|---|---|---|",
        f"| beam 4, default path, output identical to torch fp32 on >= 99% | {TODAY['default_beam4']}x | "
        f"{c4['ratio_to_a'] if c4 else '-'}x | {cell(runs.get((4, 'f')))} | >= {GOALS['default_beam4']:.0f}x |",
        f"| beam 4, best path (agreement reported) | {TODAY['best_beam4']}x ({TODAY['best_beam4_system']}) | - | "
        f"{cell(best(4))} | >= {GOALS['best_beam4']:.0f}x |",
        f"| greedy, best path | {TODAY['best_greedy']}x ({TODAY['best_greedy_system']}) | {c1['ratio_to_a'] if c1 else '-'}x (c) | "
        f"{cell(best(1))} | >= {GOALS['best_greedy']:.0f}x |",
        f"| peak memory of the default path, 1,000 sentences | {TODAY['default_rss_mb'] / 1000:.2f} GB ({TODAY['default_rss_case']}) | "
        f"{c4['peak_rss_mb'] if c4 else '-'} MB (beam 4, {c4['n'] if c4 else '-'} sentences) | {mem} | <= 1 GB |",
    ]


def render(rep: dict) -> str:
    m, fl = rep["machine"], rep["flops"]
    peaks = fl.get("peaks", {"fp32": fl["peak_gflops_estimate"]})
    lines = [
        "# Translation speed on CPU",
        "",
        f"Run: {rep.get('date', '?')}, {rep.get('wall_s', '?')} s in all. Machine: {m['cpu']}, {m['cores']} cores at {m['ghz']} GHz "
        f"(from /proc/cpuinfo), AVX-512: {', '.join(m['avx512']) or 'no'}; AMX: {', '.join(m['amx']) or 'no'}. "
        f"torch {m['torch']} (cpu capability {m.get('torch_cpu_capability', '?')}), transformers {m['transformers']}, "
        f"ctranslate2 {m['ctranslate2']} (cpu compute types: {', '.join(m.get('ctranslate2_cpu_compute_types', [])) or '-'}). "
        f"Threads: {rep['threads']} for every system.",
        "",
        "Model: random weights in the exact shape of opus-mt-ar-en (6+6 layers, d=512, vocabulary 62,834, "
        f"{fl['params_touched'] / 1e6:.1f}M parameters in matrices). Every system generates exactly round(1.2 x source tokens)+2 "
        "tokens per sentence; input: first N lines of NTREX newstest2019.ar. Every system runs as a whole process, "
        f"{rep.get('rounds', 1)} times, interleaved; sent/s is the median, with the spread (min-max) in brackets.",
        "",
        f"Compute limit: {fl['per_source_token'] / 1e6:.0f} MFLOP per source token, {fl['per_target_token_per_beam'] / 1e6:.0f} "
        f"MFLOP per target token per beam (2 x parameters touched; the output projection over the vocabulary is "
        f"{2 * 512 * 62834 / 1e6:.0f} of them). Peak estimates (not measured) for {rep['threads']} threads: fp32 "
        f"{peaks['fp32']:.0f} GFLOP/s ({m['ghz']} GHz x {m['fp32_flops_per_cycle_per_core_estimate']} FLOP/cycle/core)"
        + (f"; int8 {peaks['int8']:.0f} GOP/s ({m['int8_ops_per_cycle_per_core_estimate']} OP/cycle/core: "
           + ("VNNI, 4 int8 multiply-adds per 32-bit lane where FMA does 1 fp32" if m.get("vnni") else
              "no VNNI on this CPU, so int8 products go through vpmaddubsw + vpmaddwd, about 2x the fp32 rate")
           + f"); bf16 {peaks['bf16']:.0f} GFLOP/s ("
           + ("avx512_bf16" if m["bf16_flops_per_cycle_per_core_estimate"] > m["fp32_flops_per_cycle_per_core_estimate"]
              else "no native bf16 arithmetic on this CPU: the fp32 rate at best")
           + ")" if "int8" in peaks else "")
        + ". Each system's work is counted against the peak of its matrix products' type (int8 systems against int8).",
        "",
    ]
    memory = _side("bench_translate_memory")
    if rep["runs"]:
        lines += issue_table(rep, memory) + [""]
        lines += [
            "| beam | system | N | runs | sent/s (min-max) | target tok/s | x (a) (min-max) | G(FL)OP/s | share of peak | "
            "peak RSS MB | load s | identical to (c) | identical to (a) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in rep["runs"]:
            ratio = f"{r['ratio_to_a']} ({r['ratio_to_a_spread'][0]}-{r['ratio_to_a_spread'][1]})" if r.get("ratio_to_a") else "-"
            lines.append(
                f"| {r['beam']} | ({r['system']}) {SYSTEMS[r['system']]} | {r['n']} | {r['runs']} | {_speed(r)} | "
                f"{r['tgt_tok_per_s']} | {ratio} | {r['gflops']} | {r['share_of_peak']:.1%} of {r['peak_kind']} | "
                f"{r['peak_rss_mb']} | {r['load_s']} | {r.get('identical_to_c')} | {r.get('identical_to_a')} |")
    for x, why in rep.get("skipped", {}).items():
        lines.append(f"\n({x}) {SYSTEMS[x]}: not run, {why}.")
    for x in "fe":
        if f"ct2_first_load_with_conversion_s_{x}" in rep:
            lines += ["", f"CTranslate2 first load including the conversion, ({x}): {rep[f'ct2_first_load_with_conversion_s_{x}']} s "
                          "(the table's load times are cached loads)."]
    if rep["budgets"]:
        lines += ["", f"Batch token budget (source tokens per batch, padding included; default {rep['default_batch_tokens']}):", "",
                  "| beam | system | N | batch_tokens | sent/s (min-max) | peak RSS MB |", "|---|---|---|---|---|---|"]
        lines += [f"| {b['beam']} | ({b['system']}) | {b['n']} | {b['batch_tokens']} | {_speed(b)} | {b['peak_rss_mb']} |"
                  for b in sorted(rep["budgets"], key=lambda b: (-b["beam"], b["system"], b["batch_tokens"]))]
    if rep.get("cache"):
        lines += ["", "Translation cache, repeated content: the first NTREX documents (DOCUMENT_IDS.tsv) one after another, "
                      f"each with {len(BOILERPLATE)} lines of news-page boilerplate (share line, 'related topics', follow us, "
                      "copyright footer, external links), translated by the default path (f) at beam 4 "
                      "(as `bitext translate docs/ -o out/` does):", "",
                  "| cache | sentences | distinct | from the cache | seconds | sent/s |", "|---|---|---|---|---|---|"]
        lines += [f"| {'on' if c['use_cache'] else 'off'} | {c['n']} | {c['distinct']} | {c['cache_hits']} | {c['seconds']} | "
                  f"{c['sent_per_s']} |" for c in rep["cache"]]
    agree = _side("bench_translate_agreement") if rep["runs"] or rep.get("agreement") else None
    agree = rep if rep.get("agreement") else agree
    if agree and agree.get("agreement"):
        lines += ["", f"Output agreement on more sentences (bench_translate_agreement.json, {agree.get('date', '?')}; outputs only):",
                  "", "| beam | system | N | identical to (c) torch fp32 | identical to (a) |", "|---|---|---|---|---|"]
        lines += [f"| {a['beam']} | ({a['system']}) {SYSTEMS[a['system']]} | {a['n']} | {a['identical_to_c']} | {a['identical_to_a']} |"
                  for a in agree["agreement"]]
    mem = rep if rep.get("memory") else memory
    if mem and mem.get("memory"):
        lines += ["", f"Peak memory (bench_translate_memory.json, {mem.get('date', '?')}; translate_document at beam 4, VmHWM):", "",
                  "| system | sentences | peak RSS MB | backend |", "|---|---|---|---|"]
        lines += [f"| ({x['system']}) {SYSTEMS[x['system']]} | {x['sentences']} | {x['peak_rss_mb']} | {x.get('backend_note') or '-'} |"
                  for x in mem["memory"]]
    if rep["scaling"]:
        lines += ["", "Scaling, bitext torch fp32 (translate_document, greedy):", "",
                  "| sentences | seconds | sent/s | peak RSS MB |", "|---|---|---|---|"]
        lines += [f"| {s['sentences']} | {s['seconds']} | {s['sent_per_s']} | {s['peak_rss_mb']} |" for s in rep["scaling"]]
    lines += ["", "Notes: (b) generates the batch's longest length for every row (as generate does); its target tok/s "
              "counts the useful tokens only. In the speed runs the CTranslate2 systems decode a beam-search "
              "batch to its longest row's length in one call and cut each row there (the same work as torch, whose generate "
              "also runs every row to the batch's longest), which changes the beams of the shorter rows: their 'identical to "
              "(c)' at beam 4 is no agreement figure; the agreement run decodes rows of one length together, as bitext "
              "itself ends each row at its own bound. Random weights: 'identical to (c)' measures numerical agreement only "
              "(random weights leave the top tokens close, so rounding flips them more often than with a trained model).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
