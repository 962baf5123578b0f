"""Build a tiny MarianMT model for tests, deterministically, in about a second.

The model has random (seeded) weights, so its output is gibberish; what
matters is that it is a real ``MarianMTModel`` + ``MarianTokenizer`` saved
with ``save_pretrained`` and therefore loads through exactly the code path of
``Helsinki-NLP/opus-mt-ar-en``. Its sentencepiece models are trained on a
short Arabic and English news text that ships inside the package
(``bitext/data/tiny-corpus.{ar,en}.txt``, written for this project), or on
any text files given. The vocabulary size is a soft limit: a small text
gives a smaller vocabulary, a text too small to train on is refused.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Iterable

from .errors import InputError

TINY_MAX_TOKENS = 128
# Below this many distinct characters or this much text, sentencepiece has
# nothing to learn pieces from: refuse with one line instead of its traceback.
MIN_CHARS = 200
MIN_DISTINCT_CHARS = 20


def default_corpus() -> tuple[Path, Path]:
    """The Arabic and English text that ships inside the package."""
    data = Path(__file__).resolve().parent / "data"
    return data / "tiny-corpus.ar.txt", data / "tiny-corpus.en.txt"


def _read_lines(path: Path, limit: int) -> list[str]:
    from .document import read_text

    text = read_text(path)[0]
    lines = [line.strip() for line in text.splitlines()[:limit]]
    lines = [line for line in lines if line]
    joined = "".join(lines)
    if len(joined) < MIN_CHARS or len(set(joined)) < MIN_DISTINCT_CHARS:
        raise InputError(f"{path}: too little text to train a tokenizer ({len(joined)} characters, "
                         f"{len(set(joined))} distinct; need at least {MIN_CHARS} and {MIN_DISTINCT_CHARS}): "
                         "give a longer file, or leave out --ar-text/--en-text to use the text bitext ships")
    return lines


def _train_spm(lines: Iterable[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small text gives a smaller vocabulary, not an error
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
        try:
            proto = _train_spm(_read_lines(path, lines), vocab_size)
        except RuntimeError as exc:  # sentencepiece's own complaint, as one line
            raise InputError(f"{path}: cannot train a tokenizer on it ({str(exc).strip().splitlines()[-1]})") from None
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
