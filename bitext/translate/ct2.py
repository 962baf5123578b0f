"""MarianMT backend on CTranslate2 (fast CPU inference, optional int8).

The Marian checkpoint is converted once with
``ctranslate2.converters.TransformersConverter`` and the converted model is
kept beside the translation cache, in
``default_cache_dir() / "ct2" / <model identity>-<quantization>``; later
loads reuse it. Tokenisation is the checkpoint's own ``MarianTokenizer``.

Same contract as :class:`bitext.translate.marian.MarianEngine`:

* one :class:`Hypothesis` per input, in input order; empty inputs give an
  empty hypothesis without calling the model;
* a per-sentence length bound (:func:`length_bound`) that does not depend on
  batching: each length-sorted batch is decoded with the largest bound of the
  batch, and any row that reached a bound smaller than that (output at least
  its own bound long, or cut without end-of-sentence) is decoded again alone
  with its own bound, exactly as it would be one by one;
* a sentence cut at its bound gets ``bound - 1`` words and a forced end
  (as with torch), so its ``tokens`` equals the bound and it is flagged;
* ``score`` is CTranslate2's score with ``return_scores=True`` and
  ``length_penalty=1``: the cumulative log-probability of the hypothesis
  divided by its length, i.e. the mean log-probability per generated token;
  a search cut at the bound chooses among its final beams (greedy: scores its
  one) with the end token's log-probability included, as torch's forced end
  does (``_choose``);
* the flags ``length_limit``, ``repetition`` and ``empty``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from ..errors import ModelUnavailableError
from ..registry import resolve
from .engine import (
    BatchCallback,
    GenerationOptions,
    Hypothesis,
    default_threads,
    output_flags,
    length_bound,
    translate_in_batches,
)

INSTALL_HINT = "the ctranslate2 backend needs: pip install 'bitext[fast]'"
# ``quantize`` values: CTranslate2 compute types (None: float32). On CPU ``int8`` is int8 weights
# and matrix products with float32 for the rest, i.e. ``int8_float32``; the *bfloat16 and *float16
# types run where the device supports them (``ctranslate2.get_supported_compute_types``).
QUANTIZATIONS = (None, "int8", "int8_float32", "int8_bfloat16", "bfloat16", "int8_float16", "float16")


class ConversionError(ModelUnavailableError):
    """The checkpoint could not be converted to CTranslate2."""


def stored_type(quantize: str | None) -> str:
    """The weight type the conversion stores for ``quantize`` (the int8 types share one conversion)."""
    if quantize is None:
        return "float32"
    return "int8" if quantize.startswith("int8") else quantize

def _import_ctranslate2():
    try:
        import ctranslate2
    except ImportError:
        raise ModelUnavailableError(INSTALL_HINT) from None
    return ctranslate2


def converted_dir(identity: str, quantize: str | None) -> Path:
    """Where the converted model of ``identity`` lives (beside the translation cache)."""
    from .cache import default_cache_dir

    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", identity).strip("_")
    return default_cache_dir() / "ct2" / f"{safe}-{stored_type(quantize)}"


def convert(model_dir: Path, out_dir: Path, quantize: str | None) -> Path:
    """Convert a Marian checkpoint to CTranslate2 (atomically: temp dir, then rename)."""
    ctranslate2 = _import_ctranslate2()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    try:
        converter = ctranslate2.converters.TransformersConverter(str(model_dir))
        stored = stored_type(quantize)
        converter.convert(str(tmp / "model"), quantization=None if stored == "float32" else stored, force=True)
        try:
            os.replace(tmp / "model", out_dir)
        except OSError:  # another process converted it meanwhile
            if not (out_dir / "model.bin").is_file():
                raise
    except ModelUnavailableError:
        raise
    except Exception as exc:
        raise ConversionError(
            f"{model_dir}: cannot convert to CTranslate2 ({type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''})"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


class CT2Engine:
    """A MarianMT model converted to CTranslate2, loaded once, translating batches."""

    def __init__(
        self,
        model: str | None = None,
        device: str = "auto",
        threads: int | None = None,
        quantize: str | None = None,
    ) -> None:
        ctranslate2 = _import_ctranslate2()
        from transformers import MarianTokenizer
        from transformers.utils import logging as hf_logging

        from .marian import checkpoint_identity, input_limit, locate_model

        if quantize not in QUANTIZATIONS:
            raise ModelUnavailableError(f"--quantize {quantize}: unknown quantization; use one of "
                                        f"{', '.join(q for q in QUANTIZATIONS if q)} or leave it out")
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.path = locate_model(model)
        _, info = resolve(model)
        self.name = info.hub if info else (model or str(self.path))
        self.quantize = quantize
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if device.split(":")[0] not in ("cpu", "cuda"):
            raise ModelUnavailableError(f"--device {device}: the ctranslate2 backend runs on cpu or cuda")
        self.device = device
        dev, _, index = device.partition(":")
        self.compute_type = quantize or "float32"
        supported = ctranslate2.get_supported_compute_types(dev)
        if self.compute_type not in supported:
            raise ModelUnavailableError(
                f"--quantize {quantize}: this {dev} and CTranslate2 build do not support {self.compute_type}; "
                f"it supports {', '.join(sorted(t for t in supported if t != 'float32'))} (or leave --quantize out)")
        self.threads = threads or default_threads()
        # on CPU, batches side by side, one core each (up to 4), beat one batch split over the cores: at
        # beam 4 on 2 cores 3.1-4.1 sent/s against 1.8-2.2 (eval/results/bench_translate_workers.md)
        self.workers = max(1, min(4, self.threads)) if dev == "cpu" else 1
        base = f"marian:{self.name}:{checkpoint_identity(self.path)}"
        # int8 and int8_float32 are the same computation on CPU; "int8" keeps its former identity
        self.identity = f"ct2:{self.compute_type}:{base}"
        self.model_dir = converted_dir(base, quantize)
        self.converted = False
        if not (self.model_dir / "model.bin").is_file():
            convert(self.path, self.model_dir, quantize)
            self.converted = True
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(self.path)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise ModelUnavailableError(f"{self.path}: cannot load its MarianTokenizer ({str(exc).splitlines()[0][:160]})") from None
        self.translator = ctranslate2.Translator(
            str(self.model_dir),
            device=dev,
            device_index=int(index or 0),
            compute_type=self.compute_type,  # never a silent fallback: checked against the supported types above
            intra_threads=max(1, self.threads // self.workers) if dev == "cpu" else 0,
            inter_threads=self.workers,
        )
        import json

        config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        self.max_input_tokens = input_limit(int(config.get("max_position_embeddings", 512)), info, self.tokenizer)
        self.max_output_tokens = int(config.get("max_position_embeddings", 512))
        self.eos = self.tokenizer.eos_token
        # the checkpoint's banned tokens (generation_config bad_words_ids: the
        # pad token, and for the tiny model every Arabic piece), as torch does
        self.suppress = self._banned_sequences(config)

    def _banned_sequences(self, config: dict) -> list[list[str]] | None:
        import json

        banned = config.get("bad_words_ids")
        generation = self.path / "generation_config.json"
        if generation.is_file():
            banned = json.loads(generation.read_text(encoding="utf-8")).get("bad_words_ids", banned)
        if not banned:
            return None
        vocab: set[str] = set()  # CTranslate2 refuses tokens outside its target vocabulary (e.g. <pad>)
        for name in ("shared_vocabulary.json", "target_vocabulary.json"):
            if (self.model_dir / name).is_file():
                vocab.update(json.loads((self.model_dir / name).read_text(encoding="utf-8")))
        sequences = [self.tokenizer.convert_ids_to_tokens(ids) for ids in banned]
        return [seq for seq in sequences if all(t in vocab for t in seq)] or None

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, end-of-sentence included."""
        return len(self.tokenizer(text)["input_ids"])

    def translate(
        self, texts: Sequence[str], options: GenerationOptions, on_batch: BatchCallback | None = None
    ) -> list[Hypothesis]:
        def encode(xs: list[str]) -> list[list[str]]:
            return [self.tokenizer.convert_ids_to_tokens(ids) for ids in self.tokenizer(xs)["input_ids"]]

        return translate_in_batches(texts, encode, self._generate, options, on_batch, workers=self.workers)

    def _decode(self, source: list[list[str]], options: GenerationOptions, max_len: int, min_len: int = 1):
        return self.translator.translate_batch(
            source,
            beam_size=options.beam,
            # every final beam: a beam cut at the bound is chosen as torch chooses it (_choose)
            num_hypotheses=options.beam,
            length_penalty=1.0,
            max_input_length=0,
            max_decoding_length=max_len,
            min_decoding_length=min_len,
            return_scores=True,
            return_end_token=True,
            suppress_sequences=self.suppress,
        )

    def _choose(self, sources: list[list[str]], results) -> list[tuple[list[str], float]]:
        """The output of each row: ``(tokens ending in end-of-sentence, mean log-probability)``.

        CTranslate2 stops a beam at ``max_decoding_length`` without the end token and ranks the
        final beams without it; torch forces the end token at the bound and ranks them with its
        log-probability. So where a row has a beam cut at the bound (and more than one beam), every
        final beam is scored with the end token appended (``score_batch``, one teacher-forced pass)
        and the best mean log-probability per token, end included, wins: the same choice and score
        as torch. A greedy row cut at the bound is rescored the same way, so its score counts the
        forced end as torch's does. Rows whose beams all ended keep CTranslate2's best.
        """
        chosen: list[tuple[list[str], float] | None] = [None] * len(results)
        rescore: list[tuple[int, list[str]]] = []
        for row, r in enumerate(results):
            hyps = [list(h) for h in r.hypotheses]
            if any(not h or h[-1] != self.eos for h in hyps):  # (greedy too: its score gets the end's)
                rescore += [(row, h[:-1] if h and h[-1] == self.eos else h) for h in hyps]
            else:
                tokens = hyps[0] if hyps[0] and hyps[0][-1] == self.eos else hyps[0] + [self.eos]
                chosen[row] = (tokens, float(r.scores[0]))
        if rescore:
            scored = self.translator.score_batch([sources[row] for row, _ in rescore], [w for _, w in rescore])
            for (row, words), sc in zip(rescore, scored):
                mean = sum(sc.log_probs) / max(1, len(sc.log_probs))
                if chosen[row] is None or mean > chosen[row][1]:  # type: ignore[index]
                    chosen[row] = (words + [self.eos], mean)
        return chosen  # type: ignore[return-value]

    def _output_bounds(self, batch: list[list[str]], options: GenerationOptions) -> tuple[list[int], bool]:
        """Per row, the most tokens it may generate (end of sentence included), and whether it must
        generate exactly that many (a speed benchmark on random weights overrides this; see
        eval/fixed_length.py)."""
        return [length_bound(len(src), options, self.max_output_tokens - 1) for src in batch], False

    def _generate(self, batch: list[list[str]], options: GenerationOptions) -> list[Hypothesis]:
        bounds, exact = self._output_bounds(batch, options)
        if exact:
            return self._generate_exact(batch, options, bounds)
        top = max(bounds)
        # Like the torch backend, a sentence has at most ``bound`` tokens with
        # end-of-sentence: ``bound - 1`` words, then the end is forced.
        results = list(self._decode(batch, options, top - 1))
        for row, bound in enumerate(bounds):
            tokens = results[row].hypotheses[0]
            ended = bool(tokens) and tokens[-1] == self.eos
            if bound < top and (len(tokens) >= bound - 1 or not ended):
                # reached its own bound: decode it as it would be alone
                results[row] = self._decode([batch[row]], options, bound - 1)[0]
        outputs = self._choose(batch, results)
        return [self._hypothesis(tokens, score, bound) for (tokens, score), bound in zip(outputs, bounds)]

    def _generate_exact(self, batch: list[list[str]], options: GenerationOptions, wanted: list[int],
                        by_length: bool = True) -> list[Hypothesis]:
        """Every row generates exactly its ``wanted`` number of tokens (the end included).

        Greedy: the batch is decoded to its longest length and each row cut (a greedy prefix does
        not depend on where it is cut). Beam search ``by_length``: the beams kept depend on the
        length, so the rows are decoded in groups of one length each, ``n - 1`` words and then the
        end token, as torch's forced end does (:meth:`_choose`; exactly torch's choice of beams, for
        agreement figures); not ``by_length``: as greedy, the whole batch in one call (the same
        work as torch's generate, which runs every row to the batch's longest; for speed figures).
        """
        if options.beam == 1 or not by_length:
            top = max(wanted)
            hyps = []
            for r, n in zip(self._decode(batch, options, top, top), wanted):
                tokens = [t for t in r.hypotheses[0] if t != self.eos][: n - 1] + [self.eos]
                hyps.append(self._hypothesis(tokens, r.scores[0], n))
            return hyps
        out: list[Hypothesis | None] = [None] * len(batch)
        for n in sorted(set(wanted), reverse=True):
            rows = [i for i, w in enumerate(wanted) if w == n]
            sources = [batch[i] for i in rows]
            chosen = self._choose(sources, self._decode(sources, options, n - 1, n - 1))
            for i, (tokens, score) in zip(rows, chosen):
                out[i] = self._hypothesis(tokens, score, n)
        return out  # type: ignore[return-value]

    def _hypothesis(self, tokens: list[str], score: float, bound: int) -> Hypothesis:
        n_tokens = len(tokens)
        ended = n_tokens > 0 and tokens[-1] == self.eos
        words = tokens[:-1] if ended else tokens
        ids = self.tokenizer.convert_tokens_to_ids(words)
        text = self.tokenizer.decode(ids, skip_special_tokens=True).strip()
        return Hypothesis(text=text, score=round(float(score), 4), tokens=n_tokens,
                          flags=output_flags(text, n_tokens, bound, ended))
