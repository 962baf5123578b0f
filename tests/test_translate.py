"""Translation engine and document pipeline, on the tiny MarianMT model."""

from __future__ import annotations

import math

import pytest
from conftest import SAMPLE, need_shared

from bitext.segment import segment_document
from bitext.translate import (
    FLAG_CHUNKED,
    FLAG_LENGTH_LIMIT,
    GenerationOptions,
    TranslationCache,
    translate_document,
)
from bitext.translate.engine import has_repetition_loop, length_bound, make_batches

SENTENCES = [
    "أعلن وزير الدفاع الأميركي آشتون كارتر أن بلاده سترسل 560 جندياً إضافياً إلى العراق.",
    "مرحبا",
    "وقالت وزارة الدفاع الأميركية في بيان إن كارتر التقى رئيس الوزراء العراقي حيدر العبادي.",
    "العراق",
    "تبعد الموصل أكثر من ٢٥٠ ميلاً عن العاصمة.",
    "الولايات المتحدة شريك أساسي",
]


class CountingEngine:
    """Wraps an engine and records every text sent to the model."""

    def __init__(self, engine):
        self.engine = engine
        self.seen: list[str] = []
        self.identity = engine.identity
        self.name = engine.name
        self.max_input_tokens = engine.max_input_tokens

    def count_tokens(self, text):
        return self.engine.count_tokens(text)

    def translate(self, texts, options, on_batch=None):
        self.seen.extend(texts)
        return self.engine.translate(texts, options, on_batch=on_batch)


# ------------------------------------------------------------ pure helpers

def test_make_batches_respects_budget_and_keeps_every_index():
    lengths = [5, 40, 7, 7, 100, 3, 12, 12, 12, 1]
    batches = make_batches(lengths, budget=48)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(len(lengths)))
    for batch in batches:
        cost = max(lengths[i] for i in batch) * len(batch)
        assert cost <= 48 or len(batch) == 1  # 100 > budget travels alone
    # longest first, so the first batch shows the worst case at once
    assert batches[0] == [4]


def test_length_bound_grows_with_source_and_respects_model_limit():
    opts = GenerationOptions(max_length_ratio=2.0, max_length_extra=10)
    assert length_bound(10, opts, 512) == 30
    assert length_bound(400, opts, 512) == 512
    assert length_bound(20, opts, 512) > length_bound(10, opts, 512)


@pytest.mark.parametrize(
    "text, looped",
    [
        ("the the the the", True),
        ("and then and then and then and then", True),
        ("كونكونكونكونكون", True),
        ("He said it was very very good.", False),
        ("The army sent 1000000 soldiers.", False),
        ("1000000000", False),
        ("", False),
    ],
)
def test_repetition_detector(text, looped):
    assert has_repetition_loop(text) is looped


def test_cache_key_ignores_batching_but_not_beam():
    a = GenerationOptions(beam=4, batch_tokens=100)
    b = GenerationOptions(beam=4, batch_tokens=9000)
    c = GenerationOptions(beam=1)
    assert a.cache_key() == b.cache_key()
    assert a.cache_key() != c.cache_key()


# ------------------------------------------------------------ engine

@pytest.mark.parametrize("beam", [1, 4])
def test_batched_and_one_by_one_give_the_same_output(tiny_engine, beam):
    # outputs bounded at the source length + 10 tokens: the same comparison with less decoding
    big = GenerationOptions(beam=beam, batch_tokens=10_000, max_length_ratio=1.0)
    batched = tiny_engine.translate(SENTENCES, big)
    alone = [tiny_engine.translate([s], big)[0] for s in SENTENCES]
    assert [h.text for h in batched] == [h.text for h in alone]
    # scores belong to their own row, whatever the batch (they are recorded per step / rescored per row)
    assert [h.score for h in batched] == pytest.approx([h.score for h in alone], abs=2e-3)
    small = tiny_engine.translate(SENTENCES, GenerationOptions(beam=beam, batch_tokens=40, max_length_ratio=1.0))
    assert [h.text for h in small] == [h.text for h in batched]


def test_beam_score_is_the_mean_log_probability_of_the_output(tiny_engine):
    """bitext rescores beam outputs in one decoder pass; transformers' own
    per-step scores (output_scores=True, the memory-hungry way) must agree."""
    import torch

    tok, model = tiny_engine.tokenizer, tiny_engine.model
    batch = tok(SENTENCES, return_tensors="pt", padding=True)
    with torch.inference_mode():
        # (no forced end-of-sentence at max length: bitext's own length limiter ends rows before it)
        out = model.generate(**batch, num_beams=4, max_new_tokens=20, do_sample=False, forced_eos_token_id=None,
                             output_scores=True, return_dict_in_generate=True)
        steps = model.compute_transition_scores(out.sequences, out.scores, out.beam_indices)
        memory = model.get_encoder()(**batch).last_hidden_state
        pad = model.config.pad_token_id
        lengths = (out.sequences[:, 1:] != pad).sum(dim=1).tolist()
        ours = tiny_engine._rescore(memory, batch["attention_mask"], out.sequences, lengths)
    expected = [float(steps[i, :n].mean()) for i, n in enumerate(lengths)]
    assert ours == pytest.approx(expected, abs=1e-3)


def test_order_is_restored_after_length_sorting(tiny_engine):
    opts = GenerationOptions(beam=1)
    forward = tiny_engine.translate(SENTENCES, opts)
    backward = tiny_engine.translate(SENTENCES[::-1], opts)
    assert [h.text for h in backward] == [h.text for h in forward][::-1]
    # the tiny model's output depends on its input, so order mistakes show
    assert len({h.text for h in forward}) > 1


def test_scores_are_mean_log_probabilities(tiny_engine):
    for hyp in tiny_engine.translate(SENTENCES, GenerationOptions(beam=1)):
        assert hyp.tokens > 0
        assert hyp.score <= 0.0 and math.isfinite(hyp.score)


def test_output_at_the_length_bound_is_flagged(tiny_engine):
    opts = GenerationOptions(beam=1, max_length_ratio=0.1, max_length_extra=1)
    for src, hyp in zip(SENTENCES, tiny_engine.translate(SENTENCES, opts)):
        bound = length_bound(tiny_engine.count_tokens(src), opts, 10**6)
        assert hyp.tokens <= bound
        assert FLAG_LENGTH_LIMIT in hyp.flags


def test_empty_input_gives_empty_output_without_calling_the_model(tiny_engine):
    hyps = tiny_engine.translate(["", "  "], GenerationOptions())
    assert [h.text for h in hyps] == ["", ""]
    assert all(not h.flags for h in hyps)


# ------------------------------------------------------------ pipeline

def _doc(text: str):
    return segment_document(text, name="test")


def test_pipeline_keeps_sentence_order_and_spans(tiny_engine):
    need_shared(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    doc = _doc(text)
    result = translate_document(doc, tiny_engine, GenerationOptions(beam=1))
    assert [st.sentence.index for st in result.sentences] == list(range(len(doc.sentences)))
    for st in result.sentences:
        a, b = st.span
        assert text[a:b] == st.sentence.text
        assert st.chunks[0].start == a and st.chunks[-1].end == b
        assert st.text  # every sentence got a translation


def test_cache_hit_avoids_the_model(tiny_engine, tmp_path):
    doc = _doc("\n".join(SENTENCES))
    counting = CountingEngine(tiny_engine)
    opts = GenerationOptions(beam=1)
    with TranslationCache(tmp_path / "c") as cache:
        first = translate_document(doc, counting, opts, cache=cache)
        assert first.translated == len(SENTENCES) and first.cache_hits == 0
        sent = len(counting.seen)
        second = translate_document(doc, counting, opts, cache=cache)
    assert len(counting.seen) == sent  # nothing new reached the model
    assert second.cache_hits == len(SENTENCES) and second.translated == 0
    assert [s.text for s in second.sentences] == [s.text for s in first.sentences]
    assert [s.flags for s in second.sentences] == [s.flags for s in first.sentences]


def test_resume_translates_only_what_is_new(tiny_engine, tmp_path):
    opts = GenerationOptions(beam=1)
    counting = CountingEngine(tiny_engine)
    with TranslationCache(tmp_path / "c") as cache:
        translate_document(_doc("\n".join(SENTENCES[:3])), counting, opts, cache=cache)
        counting.seen.clear()
        translate_document(_doc("\n".join(SENTENCES)), counting, opts, cache=cache)
    assert sorted(counting.seen) == sorted(SENTENCES[3:])


def test_cache_separates_options(tiny_engine, tmp_path):
    doc = _doc(SENTENCES[0])
    counting = CountingEngine(tiny_engine)
    with TranslationCache(tmp_path / "c") as cache:
        translate_document(doc, counting, GenerationOptions(beam=1), cache=cache)
        translate_document(doc, counting, GenerationOptions(beam=2), cache=cache)
    assert len(counting.seen) == 2


def test_over_long_sentence_is_chunked_and_fully_translated(tiny_engine):
    need_shared(SAMPLE)
    lines = [l for l in SAMPLE.read_text(encoding="utf-8").splitlines() if len(l) > 200]
    # one sentence far over the tiny model's 128-token limit: paragraphs joined by commas
    long_sentence = "، ".join(l.rstrip(".\"") for l in lines)
    assert tiny_engine.count_tokens(long_sentence) > 2 * tiny_engine.max_input_tokens
    doc = _doc(long_sentence)
    assert len(doc.sentences) == 1
    counting = CountingEngine(tiny_engine)
    result = translate_document(doc, counting, GenerationOptions(beam=1))
    (st,) = result.sentences
    assert FLAG_CHUNKED in st.flags
    assert len(st.chunks) >= 3
    # the chunks tile the sentence: no character lost, none twice
    covered = "".join(long_sentence[c.start : c.end] for c in st.chunks)
    assert covered.replace(" ", "") == long_sentence.replace(" ", "")
    for prev, nxt in zip(st.chunks, st.chunks[1:]):
        assert prev.end <= nxt.start
    for chunk in st.chunks:
        assert tiny_engine.count_tokens(chunk.model_input) <= tiny_engine.max_input_tokens
        assert chunk.output  # every piece was translated
    assert st.text == " ".join(c.output for c in st.chunks)
    assert len(counting.seen) == len(st.chunks)


def test_digits_option_changes_only_the_model_input(tiny_engine):
    doc = _doc("وصل ٥٦٠ جندياً في ١١ تموز.")
    counting = CountingEngine(tiny_engine)
    kept = translate_document(doc, counting, GenerationOptions(beam=1))
    western = translate_document(doc, counting, GenerationOptions(beam=1), digits="western")
    assert "٥٦٠" in counting.seen[0] and "560" in counting.seen[1]
    assert kept.sentences[0].sentence.text == western.sentences[0].sentence.text == "وصل ٥٦٠ جندياً في ١١ تموز."


def test_normalisation_reaches_the_model_but_not_the_source(tiny_engine):
    doc = _doc("العـــراق\u00a0\u00a0شريك   أساسي")
    counting = CountingEngine(tiny_engine)
    result = translate_document(doc, counting, GenerationOptions(beam=1))
    assert counting.seen == ["العراق شريك أساسي"]
    assert result.sentences[0].sentence.text == "العـــراق\u00a0\u00a0شريك   أساسي"
