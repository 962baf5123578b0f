"""Build a tiny MarianMT model for tests, deterministically, in about a second.

The model has random (seeded) weights, so its output is gibberish; what
matters is that it is a real ``MarianMTModel`` + ``MarianTokenizer`` saved
with ``save_pretrained`` and therefore loads through exactly the code path of
``Helsinki-NLP/opus-mt-ar-en``. Its sentencepiece models are trained on the
first lines of the NTREX Arabic and English news text in ``../shared/data``
(or on any text files given).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Iterable

from .errors import InputError

TINY_MAX_TOKENS = 128


def default_corpus() -> tuple[Path, Path]:
    """NTREX Arabic and English beside the checkout (``../shared/data``)."""
    here = Path(__file__).resolve().parent.parent
    data = here.parent / "shared" / "data" / "ntrex128"
    return data / "newstest2019.ar", data / "newstest2019.en"


def _read_lines(path: Path, limit: int) -> list[str]:
    if not path.is_file():
        raise InputError(f"{path}: not found; the tiny model is trained on text from ../shared/data (or pass --ar-text/--en-text)")
    with path.open(encoding="utf-8") as fh:
        lines = [line.strip() for _, line in zip(range(limit), fh)]
    return [line for line in lines if line]


def _train_spm(lines: Iterable[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
    )
    return buf.getvalue()


def build_tiny_model(
    out_dir: str | Path,
    ar_text: str | Path | None = None,
    en_text: str | Path | None = None,
    lines: int = 1000,
    vocab_size: int = 500,
    seed: int = 0,
) -> Path:
    """Write a tiny MarianMT model and tokenizer to ``out_dir`` and return it."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    default_ar, default_en = default_corpus()
    ar_path = Path(ar_text) if ar_text else default_ar
    en_path = Path(en_text) if en_text else default_en
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    # Marian layout: a shared vocabulary with </s>=0, <unk>=1 and <pad> last.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for side, path in (("source", ar_path), ("target", en_path)):
        proto = _train_spm(_read_lines(path, lines), vocab_size)
        (out / f"{side}.spm").write_bytes(proto)
        sp = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    pad_id = vocab.setdefault("<pad>", len(vocab))
    # The vocabulary is shared, so random weights would happily emit Arabic
    # pieces. Banning them (as training teaches a real ar-en decoder) means
    # any Arabic left in a translation was never sent to the model: a bug the
    # format tests can see.
    arabic_ids = sorted(i for piece, i in vocab.items() if any("\u0600" <= c <= "\u06ff" for c in piece))
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")

    tokenizer = MarianTokenizer(
        str(out / "source.spm"), str(out / "target.spm"), str(out / "vocab.json"), model_max_length=TINY_MAX_TOKENS
    )
    tokenizer.save_pretrained(out)

    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=TINY_MAX_TOKENS,
        pad_token_id=pad_id,
        eos_token_id=0,
        bos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
        # A large init makes the output depend on the input (with the usual
        # 0.02 every sentence decodes to the same string), which the tests of
        # ordering and batching need.
        init_std=1.0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    # transformers 5 keeps generation settings in generation_config only
    model.generation_config.bad_words_ids = [[pad_id]] + [[i] for i in arabic_ids]
    model.save_pretrained(out)
    return out
