"""What every translation backend offers, and the plain data it returns."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Callable, Protocol, Sequence

# Flags a translation can carry. They are facts a reader must see, never
# silently accepted.
FLAG_LENGTH_LIMIT = "length_limit"  # generation stopped at the length bound
FLAG_REPETITION = "repetition"  # output ends in / contains a repetition loop
FLAG_EMPTY = "empty"  # the model produced no text for a non-empty source
FLAG_CHUNKED = "chunked"  # source was too long and was translated in pieces


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding options; they are part of the cache key."""

    beam: int = 4
    # Output length bound per sentence: ratio * source tokens + extra,
    # never above the model's own limit.
    max_length_ratio: float = 2.0
    max_length_extra: int = 10
    # Source tokens per batch (longest sentence in the batch x batch size).
    batch_tokens: int = 1024  # best of 256-4096 on a 2-core CPU (eval/bench_translate.py)

    def __post_init__(self) -> None:
        if self.beam < 1:
            raise ValueError("beam must be at least 1")
        if self.max_length_ratio <= 0 or self.max_length_extra < 1:
            raise ValueError("max length ratio must be > 0 and extra >= 1")
        if self.batch_tokens < 1:
            raise ValueError("batch_tokens must be at least 1")

    def cache_key(self) -> str:
        """The options that change the output (batching does not)."""
        fields = asdict(self)
        fields.pop("batch_tokens")
        return json.dumps(fields, sort_keys=True)


@dataclass
class Hypothesis:
    """The model's output for one input text."""

    text: str
    score: float  # mean log-probability per generated token
    tokens: int  # generated tokens, end-of-sentence included
    flags: tuple[str, ...] = ()


# Called after each batch with the positions (in the ``texts`` given to
# ``translate``) of the texts just translated and their hypotheses: the
# pipeline caches each batch at once and advances its progress bar.
BatchCallback = Callable[[list[int], list["Hypothesis"]], None]


class Engine(Protocol):
    """A loaded model that translates lists of (already normalised) texts."""

    identity: str  # stable id of model + weights, for the cache
    name: str  # what to show a person
    max_input_tokens: int  # longest input, end-of-sentence included

    def count_tokens(self, text: str) -> int: ...

    def translate(
        self, texts: Sequence[str], options: GenerationOptions, on_batch: BatchCallback | None = None
    ) -> list[Hypothesis]: ...


def length_bound(source_tokens: int, options: GenerationOptions, model_limit: int) -> int:
    """Maximum generated tokens (end-of-sentence included) for one source."""
    bound = int(options.max_length_ratio * source_tokens) + options.max_length_extra
    return max(2, min(bound, model_limit))


def has_repetition_loop(text: str) -> bool:
    """True when the text contains a run the model got stuck in.

    A word repeated 4+ times in a row (``the the the the``), or a sequence
    of 2-6 words repeated 3+ times in a row. Counted on whitespace words,
    and on characters for text without spaces.
    """
    units: list[str] = text.split()
    min_size, word_mode = 1, True
    if len(units) <= 1:
        # One long "word": look for a syllable loop (``كونكونكونكون``), but
        # not for runs of one character, which numbers like 1000000 have.
        units, min_size, word_mode = list(text.strip()), 2, False
    n_units = len(units)
    for size in range(min_size, 7):
        needed = 4 if (size == 1 or not word_mode) else 3
        if size * needed > n_units:
            break
        for phase in range(size):
            run = 1
            for i in range(phase + size, n_units - size + 1, size):
                unit = units[i : i + size]
                if unit == units[i - size : i] and (word_mode or len(set(unit)) > 1):
                    run += 1
                    if run >= needed:
                        return True
                else:
                    run = 1
    return False


def translate_in_batches(
    texts: Sequence[str],
    encode: Callable[[list[str]], list],
    generate: Callable[[list, "GenerationOptions"], list[Hypothesis]],
    options: GenerationOptions,
    on_batch: BatchCallback | None = None,
    workers: int = 1,
) -> list[Hypothesis]:
    """The batching driver every backend shares.

    Blank texts are answered without the model; the rest are encoded once
    (``encode`` returns one token sequence per text), grouped into
    length-sorted batches under ``options.batch_tokens``, generated, and put
    back in input order; ``on_batch`` hears of each batch as it finishes.

    ``workers`` > 1 (a backend that releases the GIL and runs that many
    batches side by side, as CTranslate2 with ``inter_threads`` does): up to
    ``workers`` batches are generated at once from threads, each under
    ``batch_tokens / workers`` tokens, so that the tokens in flight, and the
    memory, stay within ``batch_tokens``; too few batches are split so that
    no worker idles.
    """
    results: list[Hypothesis | None] = [None] * len(texts)
    todo = []
    for i, text in enumerate(texts):
        if text.strip():
            todo.append(i)
        else:
            results[i] = Hypothesis(text="", score=0.0, tokens=0)
    if not todo:
        return results  # type: ignore[return-value]
    encoded = encode([texts[i] for i in todo])
    workers = max(1, workers)
    batches = make_batches([len(e) for e in encoded], max(1, options.batch_tokens // workers))
    if workers > 1:
        batches = split_for_workers(batches, workers)

    def finish(batch: list[int], hyps: list[Hypothesis]) -> None:
        positions = [todo[j] for j in batch]
        for pos, hyp in zip(positions, hyps):
            results[pos] = hyp
        if on_batch:
            on_batch(positions, hyps)

    if workers == 1 or len(batches) == 1:
        for batch in batches:
            finish(batch, generate([encoded[j] for j in batch], options))
        return results  # type: ignore[return-value]
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict = {}
        queue = list(batches)
        while queue or pending:
            while queue and len(pending) < workers:  # never more batches in flight than workers
                batch = queue.pop(0)
                pending[pool.submit(generate, [encoded[j] for j in batch], options)] = batch
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                finish(pending.pop(future), future.result())  # a worker's error is raised here
    return results  # type: ignore[return-value]


def split_for_workers(batches: list[list[int]], workers: int) -> list[list[int]]:
    """At least ``workers`` batches where there are enough sentences: the largest batch is halved
    (its rows stay length-sorted) until every worker has one."""
    batches = [list(b) for b in batches]
    while len(batches) < workers:
        k = max(range(len(batches)), key=lambda i: len(batches[i]))
        if len(batches[k]) < 2:
            break
        half = (len(batches[k]) + 1) // 2
        batches[k:k + 1] = [batches[k][:half], batches[k][half:]]
    return batches


def output_flags(text: str, tokens: int, bound: int, ended: bool) -> tuple[str, ...]:
    """The flags of one output: cut at its length bound, looping, or empty."""
    flags = []
    if not ended or tokens >= bound:
        flags.append(FLAG_LENGTH_LIMIT)
    if has_repetition_loop(text):
        flags.append(FLAG_REPETITION)
    if not text:
        flags.append(FLAG_EMPTY)
    return tuple(flags)


def default_threads() -> int:
    """CPU cores this process may use."""
    import os

    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def make_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Group indices into batches sorted by length under a token budget.

    Each batch costs ``max(length) * len(batch)`` tokens (padding included)
    and stays within ``budget``; a single input longer than the budget gets
    a batch of its own. Indices are sorted longest first so that the first
    batch shows the worst-case memory at once.
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        longest_if_added = max(longest, lengths[i])
        if current and longest_if_added * (len(current) + 1) > budget:
            batches.append(current)
            current, longest_if_added = [], lengths[i]
        current.append(i)
        longest = longest_if_added
    if current:
        batches.append(current)
    return batches
