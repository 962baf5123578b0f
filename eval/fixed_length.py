"""Exact output lengths for the speed benchmarks (eval/bench_translate.py, eval/bench_ray.py, tests).

A model with random weights never ends a sentence on its own, so the benchmarks make every
system generate the same number of tokens per sentence: ``tokens_for(source tokens)``, the end of
sentence included. :func:`fix_lengths` does that to a loaded bitext engine (torch or CTranslate2)
by replacing its ``_output_bounds`` seam; the product never calls it.
"""

from __future__ import annotations

from typing import Callable


def fix_lengths(engine, tokens_for: Callable[[int], int], by_length: bool = True):
    """Make ``engine`` generate exactly ``max(2, tokens_for(n))`` tokens for a sentence of ``n`` source
    tokens; returns the engine.

    ``by_length`` (CTranslate2 with beam search only): True decodes the rows of a batch in groups of
    one length (exactly torch's choice of beams; slow, for agreement figures); False decodes the
    whole batch to its longest length in one call and cuts each row (the same work as torch's
    generate; for speed figures)."""
    def bounds(batch, options):
        return [max(2, tokens_for(len(src))) for src in batch], True

    engine._output_bounds = bounds  # exact bounds: the engines decode exactly (CTranslate2: by length)
    if not by_length and hasattr(engine, "_generate_exact"):  # CTranslate2's one-call mode
        engine._generate = lambda batch, options: engine._generate_exact(
            batch, options, bounds(batch, options)[0], by_length=False)
    return engine
