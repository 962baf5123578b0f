"""MarianMT backend on torch (Hugging Face transformers model classes).

transformers 5 has no ``pipeline("translation")``; this module does the
same three steps itself: preprocess (tokenise a length-sorted batch),
forward (``model.generate`` under ``torch.inference_mode``), postprocess
(decode, score, flag).
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path
from typing import Sequence
from urllib.parse import urlparse

from ..errors import ModelUnavailableError
from ..registry import KNOWN_MODELS, resolve
from .engine import (
    GenerationOptions,
    Hypothesis,
    BatchCallback,
    default_threads,
    output_flags,
    length_bound,
    translate_in_batches,
)

# Files a Marian checkpoint needs (weights in either format).
_MODEL_FILES = ["config.json", "generation_config.json", "*.safetensors", "pytorch_model.bin",
                "source.spm", "target.spm", "vocab.json", "target_vocab.json", "tokenizer_config.json"]


def pick_device(device: str = "auto") -> str:
    """``auto`` → cuda when present, then Apple mps, else cpu."""
    import torch

    if device != "auto":
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise ModelUnavailableError(f"--device {device}: CUDA is not available on this machine; use --device cpu or auto")
        if device == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
            raise ModelUnavailableError("--device mps: Apple MPS is not available on this machine; use --device cpu or auto")
        if device.split(":")[0] not in ("cpu", "cuda", "mps"):
            raise ModelUnavailableError(f"--device {device}: unknown device; use auto, cpu, cuda, cuda:N or mps")
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def _hub_reachable(timeout: float = 3.0) -> bool:
    if os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname or "huggingface.co", port), timeout=timeout):
            return True
    except OSError:
        return False


def cached_locally(hub_id: str) -> bool:
    """True when the model ``hub_id`` is in the Hugging Face cache (no network is used)."""
    if not hub_id or Path(hub_id).is_dir():
        return bool(hub_id) and (Path(hub_id) / "config.json").is_file()
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(hub_id, "config.json")
    except Exception:  # an id the hub library refuses (a path that does not exist)
        return False
    return isinstance(found, str)


def locate_model(model: str | None, download: bool = False) -> Path:
    """Return a local directory holding the model, downloading it if it can.

    Order: an existing directory; the Hugging Face cache; the hub, when it
    can be reached. Never hangs on a closed network: reachability is checked
    with one short connection attempt before any download. ``download``: the
    caller is ``bitext models download`` (its error names another fix).
    """
    target, _info = resolve(model)
    local_only = KNOWN_MODELS.get(target)
    if local_only is not None and not local_only.hub:
        raise ModelUnavailableError(f"model {target} is built, not downloaded: run `bitext models build-tiny DIR`, "
                                    "then pass --model DIR (or set BITEXT_MODEL=DIR)")
    path = Path(target)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailableError(f"{target}: not a model directory (no config.json); give a directory saved with save_pretrained")
        return path
    if target.startswith((".", "/", "~")) or os.sep in target.strip("/").replace("/", "", 1):
        raise ModelUnavailableError(f"{target}: no such model directory; give --model a saved MarianMT model directory or a hub id")
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(target, allow_patterns=_MODEL_FILES, local_files_only=True))
    except Exception:
        pass
    if not _hub_reachable():
        if download:
            raise ModelUnavailableError(
                f"model {target}: the Hugging Face hub cannot be reached from here (offline, or HF_HUB_OFFLINE=1): "
                "run this on a machine with network access, or copy a model directory saved with save_pretrained "
                "here and give it to `bitext translate --model DIR`")
        raise ModelUnavailableError(
            f"model {target} is not in the Hugging Face cache and the hub cannot be reached: pass --model DIR with a "
            f"saved MarianMT model directory (or run `bitext models download {target}` once on a machine that is online)"
        )
    try:
        return Path(snapshot_download(target, allow_patterns=_MODEL_FILES))
    except Exception as exc:  # repository missing, gated, network cut mid-way
        raise ModelUnavailableError(f"model {target} could not be downloaded ({type(exc).__name__}); check the name or pass --model DIR") from None


def input_limit(positions: int, info, tokenizer) -> int:
    """Longest input the model takes: its position table, the registry's
    limit for it (``info``, may be None) and the tokenizer's, whichever is least."""
    limits = [positions]
    if info:
        limits.append(info.max_input_tokens)
    if tokenizer.model_max_length and tokenizer.model_max_length < 10**6:
        limits.append(tokenizer.model_max_length)
    return min(limits)


def checkpoint_identity(path: Path) -> str:
    """Content identity of a model directory: config and the files' sizes and hashes of small files."""
    digest = hashlib.sha256()
    for f in sorted(path.iterdir()):
        if not f.is_file():
            continue
        digest.update(f.name.encode())
        stat = f.stat()
        if stat.st_size < 8 * 1024 * 1024:
            digest.update(f.read_bytes())
        else:  # weights: size and the first and last MiB are enough to tell checkpoints apart
            digest.update(str(stat.st_size).encode())
            with f.open("rb") as fh:
                digest.update(fh.read(1 << 20))
                fh.seek(-(1 << 20), os.SEEK_END)
                digest.update(fh.read(1 << 20))
    return digest.hexdigest()[:16]


class MarianEngine:
    """A MarianMT model and tokenizer, loaded once, translating batches."""

    def __init__(
        self, model: str | None = None, device: str = "auto", threads: int | None = None, quantize: str | None = None
    ) -> None:
        import torch
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        if quantize not in (None, "int8"):
            from .ct2 import QUANTIZATIONS

            if quantize in QUANTIZATIONS:
                raise ModelUnavailableError(f"--quantize {quantize} is a CTranslate2 compute type: use --backend "
                                            "ctranslate2 or auto (pip install 'bitext[fast]'); the torch backend takes int8")
            raise ModelUnavailableError(f"--quantize {quantize}: unknown quantization; use int8 or leave it out")
        # every core this process may use, unless told otherwise
        torch.set_num_threads(threads or default_threads())
        self.path = locate_model(model)
        _, info = resolve(model)
        self.name = info.hub if info else (model or str(self.path))
        self.device = pick_device(device)
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(self.path)
            self.model = MarianMTModel.from_pretrained(self.path).to(self.device).eval()
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise ModelUnavailableError(f"{self.path}: cannot load a MarianMT model from it ({str(exc).splitlines()[0][:160]})") from None
        if quantize == "int8":
            if self.device != "cpu":
                raise ModelUnavailableError("--quantize int8 runs on cpu only (the torch backend); use --device cpu")
            # dynamic int8: weights of every Linear layer stored as int8,
            # activations quantised on the fly per batch. torch marks this API
            # deprecated (torchao replaces it); it still works and needs nothing more.
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
                self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.quantize = quantize
        config = self.model.config
        self.max_input_tokens = input_limit(config.max_position_embeddings, info, self.tokenizer)
        self.max_output_tokens = config.max_position_embeddings
        self.identity = f"marian:{self.name}:{checkpoint_identity(self.path)}" + (f":{quantize}" if quantize else "")

    def _output_bounds(self, batch_ids: list[list[int]], options: GenerationOptions) -> tuple[list[int], bool]:
        """Per row, the most tokens it may generate (end of sentence included), and whether it must
        generate exactly that many (a speed benchmark on random weights overrides this; see
        eval/fixed_length.py)."""
        return [length_bound(len(ids), options, self.max_output_tokens - 1) for ids in batch_ids], False

    # -- preprocess
    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, end-of-sentence included."""
        return len(self.tokenizer(text)["input_ids"])

    # -- forward + postprocess
    def translate(
        self, texts: Sequence[str], options: GenerationOptions, on_batch: BatchCallback | None = None
    ) -> list[Hypothesis]:
        return translate_in_batches(
            texts, lambda xs: self.tokenizer(xs)["input_ids"], self._generate, options, on_batch
        )

    def _rescore(self, memory, attention, sequences, lengths: list[int], rows_at_once: int = 8) -> list[float]:
        """Mean log-probability of each finished beam hypothesis, by one teacher-forced decoder pass.

        Beam search would return scores only with ``output_scores=True``,
        which keeps a vocabulary-sized row per beam and step. The chosen
        tokens' log-probabilities are the same numbers (the length limiter
        and the pad ban do not change the chosen tokens' values), so the
        decoder is run once over the outputs, a few rows at a time to keep
        the logits small.
        """
        import torch

        means: list[float] = []
        steps = sequences.shape[1] - 1
        positions = torch.arange(steps, device=sequences.device)
        for a in range(0, sequences.shape[0], rows_at_once):
            b = a + rows_at_once
            logits = self.model(
                encoder_outputs=(memory[a:b],), attention_mask=attention[a:b], decoder_input_ids=sequences[a:b, :-1]
            ).logits
            chosen = logits.float().log_softmax(dim=-1).gather(-1, sequences[a:b, 1:, None]).squeeze(-1)
            n = torch.tensor(lengths[a:b], device=sequences.device)
            mask = positions[None, :] < n[:, None]
            sums = (chosen.double() * mask).sum(dim=1)
            means.extend(float(sm) / int(k) if int(k) else 0.0 for sm, k in zip(sums, n))
        return means

    def _generate(self, batch_ids: list[list[int]], options: GenerationOptions) -> list[Hypothesis]:
        import torch

        pad = self.tokenizer.pad_token_id
        eos = self.model.config.eos_token_id
        width = max(len(ids) for ids in batch_ids)
        input_ids = torch.full((len(batch_ids), width), pad, dtype=torch.long)
        attention = torch.zeros((len(batch_ids), width), dtype=torch.long)
        for row, ids in enumerate(batch_ids):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        bounds, exact = self._output_bounds(batch_ids, options)
        processors = [_length_limiter(bounds, options.beam, eos, exact=exact)]
        recorder = _ChosenLogProbs() if options.beam == 1 else None
        if recorder is not None:
            processors.append(recorder)  # last: it sees the scores greedy search picks from
        input_ids, attention = input_ids.to(self.device), attention.to(self.device)
        with torch.inference_mode():
            # the encoder runs once: generation and beam rescoring share it
            encoded = self.model.get_encoder()(input_ids=input_ids, attention_mask=attention, return_dict=True)
            memory = encoded.last_hidden_state  # generate() expands `encoded` for the beams in place
            out = self.model.generate(
                encoder_outputs=encoded,
                attention_mask=attention,
                num_beams=options.beam,
                num_return_sequences=1,
                # one step of headroom: the per-row limiter, not the batch-wide
                # stopping rule, ends every sentence, alone or batched
                max_new_tokens=max(bounds) + 1,
                min_new_tokens=0,
                do_sample=False,
                early_stopping=True if options.beam > 1 else False,
                logits_processor=processors,
            )
            sequences = out if isinstance(out, torch.Tensor) else out.sequences
            lengths = (sequences[:, 1:] != pad).sum(dim=1).tolist()  # without the decoder start token
            if recorder is not None:
                means = recorder.means(lengths)
                # a row ended by force at its bound: the recorder saw the end token alone left (log-prob
                # 0); scored by the model instead, as beam search and CTranslate2 score it
                cut = [] if exact else [row for row, (n, bound) in enumerate(zip(lengths, bounds)) if n >= bound]
                if cut:
                    rows = torch.tensor(cut, device=sequences.device)
                    for row, mean in zip(cut, self._rescore(memory[rows], attention[rows], sequences[rows],
                                                            [lengths[r] for r in cut])):
                        means[row] = mean
            else:
                means = self._rescore(memory, attention, sequences, lengths)
        sequences = sequences[:, 1:].cpu()
        hyps = []
        for row, bound in enumerate(bounds):
            seq = sequences[row]
            real = seq != pad
            n_tokens = lengths[row]
            score = means[row]
            text = self.tokenizer.decode(seq[real], skip_special_tokens=True).strip()
            ended = n_tokens > 0 and int(seq[n_tokens - 1]) == eos
            flags = output_flags(text, n_tokens, bound, ended)
            hyps.append(Hypothesis(text=text, score=round(score, 4), tokens=n_tokens, flags=flags))
        return hyps


class _ChosenLogProbs:
    """Greedy search only: remember, per step, the log-probability of the token it will pick.

    Greedy takes the arg-max of the final scores, so that token's
    log-probability is the row maximum of their log-softmax. Keeping one
    number per row and step replaces ``output_scores=True``, which kept a
    full vocabulary-sized row per step (gigabytes on long batches).
    """

    def __init__(self) -> None:
        self.steps: list = []

    def __call__(self, input_ids, scores):  # noqa: ANN001 - torch tensors
        self.steps.append(scores.float().log_softmax(dim=-1).max(dim=-1).values)
        return scores

    def means(self, lengths: list[int]) -> list[float]:
        import torch

        if not self.steps:
            return [0.0] * len(lengths)
        table = torch.stack(self.steps, dim=1).cpu().double()  # (rows, steps)
        return [float(table[i, :n].mean()) if n else 0.0 for i, n in enumerate(lengths)]


def _length_limiter(bounds: list[int], beams: int, eos: int, exact: bool = False):
    """A logits processor that ends each sentence at its own length bound.

    ``generate`` has one ``max_new_tokens`` per batch; with this processor a
    sentence gets the same bound whether it is translated alone or in a
    batch, so batching never changes the output. A row that has generated
    ``bound - 1`` tokens may only emit end-of-sentence next. With ``exact``
    (benchmark only) a row may not end before its bound either.
    """
    import torch
    from transformers import LogitsProcessor

    class PerRowLengthLimit(LogitsProcessor):
        def __init__(self) -> None:
            self.row_bounds = torch.tensor(bounds).repeat_interleave(beams)

        def __call__(self, input_ids, scores):  # noqa: ANN001 - torch tensors
            generated = input_ids.shape[1]  # decoder start token + tokens so far
            done = (self.row_bounds <= generated).to(scores.device)
            if bool(done.any()):
                eos_scores = scores[done, eos].clone()
                eos_scores[torch.isinf(eos_scores)] = 0.0
                scores[done] = float("-inf")
                scores[done, eos] = eos_scores
            if exact:
                scores[~done, eos] = float("-inf")
            return scores

    return PerRowLengthLimit()
