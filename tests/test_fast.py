"""Fast CPU backends: CTranslate2 (converted once, cached) and torch dynamic int8."""

from __future__ import annotations

import builtins
import math

import pytest

from bitext.errors import ModelUnavailableError
from bitext.translate import GenerationOptions, load_engine
from bitext.translate.engine import length_bound

SENTENCES = [
    "قال الرئيس إن الحكومة ستعلن خطة جديدة.",
    "",
    "ارتفعت الأسعار بنسبة 5 في المئة في عام 2019.",
    "وصل الوفد إلى بغداد صباح اليوم.",
    "   ",
    "أعلنت الشركة عن أرباح قياسية هذا العام بعد سنوات من الخسائر المتتالية في الأسواق العالمية.",
    "شكرا.",
]


def _check_contract(engine, beam: int, batch_invariant: bool = True) -> None:
    options = GenerationOptions(beam=beam, batch_tokens=10_000)
    batched = engine.translate(SENTENCES, options)
    assert len(batched) == len(SENTENCES)
    for text, hyp in zip(SENTENCES, batched):
        assert isinstance(hyp.flags, tuple)
        assert math.isfinite(hyp.score) and hyp.score <= 0
        if not text.strip():
            assert hyp.text == "" and hyp.tokens == 0
        else:
            assert hyp.tokens > 0
    if not batch_invariant:
        return
    alone = [engine.translate([t], options)[0] for t in SENTENCES]
    assert [h.text for h in batched] == [h.text for h in alone]
    assert [h.flags for h in batched] == [h.flags for h in alone]
    small = engine.translate(SENTENCES, GenerationOptions(beam=beam, batch_tokens=40))
    assert [h.text for h in small] == [h.text for h in batched]
    # order is kept: a permuted input gives the permuted output
    reversed_out = engine.translate(SENTENCES[::-1], options)
    assert [h.text for h in reversed_out] == [h.text for h in batched][::-1]


@pytest.fixture(scope="module")
def ct2_engine(tiny_model_dir, tmp_path_factory):
    pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed (pip install 'bitext[fast]')")
    import os

    cache = tmp_path_factory.mktemp("ct2-cache")
    old = os.environ.get("BITEXT_CACHE_DIR")
    os.environ["BITEXT_CACHE_DIR"] = str(cache)
    try:
        first = load_engine(str(tiny_model_dir), device="cpu", threads=1, backend="ctranslate2", quantize="int8")
        assert first.converted
        assert first.model_dir.is_relative_to(cache / "ct2")
        mtime = first.model_dir.stat().st_mtime_ns
        second = load_engine(str(tiny_model_dir), device="cpu", threads=1, backend="ctranslate2", quantize="int8")
        assert not second.converted  # reused, not converted again (its files untouched, below)
        assert second.model_dir == first.model_dir and second.model_dir.stat().st_mtime_ns == mtime
        fp32 = load_engine(str(tiny_model_dir), device="cpu", threads=1, backend="ctranslate2")
        assert fp32.converted and fp32.model_dir != first.model_dir
        yield {"int8": second, "float32": fp32}
    finally:
        if old is None:
            os.environ.pop("BITEXT_CACHE_DIR", None)
        else:
            os.environ["BITEXT_CACHE_DIR"] = old


@pytest.mark.parametrize("beam", [1, 3])
@pytest.mark.parametrize("quant", ["int8", "float32"])
def test_ct2_keeps_the_engine_contract(ct2_engine, quant, beam):
    _check_contract(ct2_engine[quant], beam)


def test_ct2_identity_differs_from_torch_and_per_quantization(ct2_engine, tiny_engine):
    ids = {tiny_engine.identity, ct2_engine["int8"].identity, ct2_engine["float32"].identity}
    assert len(ids) == 3
    assert ct2_engine["int8"].max_input_tokens == tiny_engine.max_input_tokens
    assert ct2_engine["int8"].count_tokens(SENTENCES[0]) == tiny_engine.count_tokens(SENTENCES[0])


def test_ct2_float32_follows_torch_greedy(ct2_engine, tiny_engine):
    """Same weights, same greedy search: mostly the same words (numerics may differ)."""
    options = GenerationOptions(beam=1)
    texts = [t for t in SENTENCES if t.strip()]
    torch_out = tiny_engine.translate(texts, options)
    ct2_out = ct2_engine["float32"].translate(texts, options)
    same = sum(a.text == b.text for a, b in zip(torch_out, ct2_out))
    assert same >= len(texts) - 1


def test_ct2_length_limit_flag(ct2_engine):
    options = GenerationOptions(beam=1, max_length_ratio=0.1, max_length_extra=1)
    engine = ct2_engine["int8"]
    hyps = engine.translate([SENTENCES[5]], options)
    bound = length_bound(engine.count_tokens(SENTENCES[5]), options, engine.max_output_tokens - 1)
    assert "length_limit" in hyps[0].flags and hyps[0].tokens == bound


def test_missing_ctranslate2_gives_the_install_hint(tiny_model_dir, monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "ctranslate2" or name.startswith("ctranslate2."):
            raise ImportError("No module named 'ctranslate2'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ModelUnavailableError, match=r"pip install 'bitext\[fast\]'"):
        load_engine(str(tiny_model_dir), device="cpu", backend="ctranslate2")


def test_unknown_backend_and_quantization(tiny_model_dir):
    with pytest.raises(ModelUnavailableError, match="backend"):
        load_engine(str(tiny_model_dir), device="cpu", backend="onnx")
    with pytest.raises(ModelUnavailableError, match="quantize"):
        load_engine(str(tiny_model_dir), device="cpu", quantize="int4")


@pytest.fixture(scope="module")
def int8_engine(tiny_model_dir):
    return load_engine(str(tiny_model_dir), device="cpu", quantize="int8")


def test_torch_int8_loads_and_translates(int8_engine, tiny_engine):
    import torch

    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in int8_engine.model.modules())
    assert int8_engine.identity != tiny_engine.identity
    # torch dynamic int8 quantises activations with one scale per tensor, so
    # the other sentences of a batch (and padding) change a sentence's output:
    # batched != one-by-one is a known limitation of this path (not of ct2).
    _check_contract(int8_engine, beam=1, batch_invariant=False)
    short = GenerationOptions(beam=1, max_length_ratio=1.0)  # shorter outputs: the same check, less decoding
    alone = [int8_engine.translate([t], short)[0] for t in SENTENCES]
    again = [int8_engine.translate([t], short)[0] for t in SENTENCES]
    assert [h.text for h in alone] == [h.text for h in again]  # deterministic for the same batch


def test_fixed_new_tokens_is_exact_for_every_backend(tiny_engine, int8_engine, ct2_engine):
    """Benchmark-only mode: each sentence generates exactly the asked number of tokens."""
    texts = [t for t in SENTENCES if t.strip()][:3]
    for engine in (tiny_engine, int8_engine, ct2_engine["int8"]):
        engine.fixed_new_tokens = lambda n: n + 3
        try:
            for beam in (1, 2):
                hyps = engine.translate(texts, GenerationOptions(beam=beam))
                assert [h.tokens for h in hyps] == [engine.count_tokens(t) + 3 for t in texts]
        finally:
            engine.fixed_new_tokens = None


@pytest.mark.parametrize("backend, quantize", [("ctranslate2", "int8"), ("torch", "int8")])
def test_cli_fast_paths_keep_the_layout(tiny_model_dir, tmp_path, backend, quantize):
    from click.testing import CliRunner
    from conftest import SAMPLE, need_shared

    from bitext.cli import main

    need_shared(SAMPLE)
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed (pip install 'bitext[fast]')")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["translate", str(SAMPLE), "-o", str(out), "--model", str(tiny_model_dir),
                                       "--backend", backend, "--quantize", quantize, "--beam", "1", "-q",
                                       "--max-length-ratio", "0.5"])
    assert result.exit_code == 0, result.output
    source_lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    output_lines = out.read_text(encoding="utf-8").splitlines()
    assert len(output_lines) == len(source_lines) == 17
    assert all(line.strip() for line in output_lines)
