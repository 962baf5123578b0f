"""Translate a segmented :class:`~bitext.document.Document` with an engine.

Per sentence: normalise for the model, split into clause-sized chunks when
it is longer than the model's input limit, look each chunk up in the cache,
translate what is missing (length-sorted batches), and rejoin. The result
records, for every sentence, its source span and the spans of the chunks
the model saw; the orchestrator (:mod:`bitext.job`) hands the sentence pairs
to the check stage as they are. (``bitext check``, ``align`` and ``view`` on
files segment their inputs themselves.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..document import Document, Sentence, has_arabic
from ..segment import chunk_sentence, normalize_for_model, western_numerals
from .cache import TranslationCache
from .engine import FLAG_CHUNKED, Engine, GenerationOptions, Hypothesis


@dataclass
class Chunk:
    """A piece of a sentence as the model saw it."""

    start: int  # source span, offsets into Document.text
    end: int
    model_input: str  # normalised text sent to the model
    output: str
    score: float
    tokens: int
    flags: tuple[str, ...] = ()


@dataclass
class SentenceTranslation:
    sentence: Sentence
    text: str
    score: float | None  # mean log-probability per output token
    flags: list[str]
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return self.sentence.start, self.sentence.end


@dataclass
class TranslatedDocument:
    document: Document
    sentences: list[SentenceTranslation]
    model: str
    options: GenerationOptions
    cache_hits: int = 0  # chunks found in the cache
    translated: int = 0  # chunks sent to the model

    @property
    def flagged(self) -> list[SentenceTranslation]:
        return [s for s in self.sentences if s.flags]


Progress = Callable[[int, int], None]  # (chunks done, chunks in total)


def plan_chunks(sentence: Sentence, engine: Engine, digits: str = "keep") -> list[tuple[int, int, str]]:
    """Split one sentence into model inputs: ``(start, end, normalised text)``.

    A sentence that fits the model is one chunk; a longer one is cut at
    clause boundaries so that no chunk exceeds ``engine.max_input_tokens``.
    Nothing is ever truncated: the chunks cover every character.
    """
    text = sentence.text
    normalised = normalize_for_model(text, digits)
    if engine.count_tokens(normalised) <= engine.max_input_tokens:
        return [(sentence.start, sentence.end, normalised)]

    def count(piece: str) -> int:
        return engine.count_tokens(normalize_for_model(piece, digits))

    spans = chunk_sentence(text, engine.max_input_tokens, count)
    return [(sentence.start + a, sentence.start + b, normalize_for_model(text[a:b], digits)) for a, b in spans]


def translate_document(
    document: Document,
    engine: Engine,
    options: GenerationOptions | None = None,
    cache: TranslationCache | None = None,
    digits: str = "keep",
    progress: Progress | None = None,
) -> TranslatedDocument:
    """Translate every sentence of ``document``; order and spans are kept.

    A sentence without an Arabic letter (a URL, a year, an English name) is
    not sent to the model: it is copied with Arabic-Indic digits and Arabic
    punctuation made Western, with no chunks and no score.
    """
    options = options or GenerationOptions()
    plans = [plan_chunks(s, engine, digits) if has_arabic(s.text) else [] for s in document.sentences]

    inputs = list(dict.fromkeys(text for plan in plans for _, _, text in plan if text))
    options_key = options.cache_key()
    keys = {text: TranslationCache.key(engine.identity, options_key, text) for text in inputs}
    done: dict[str, Hypothesis] = {}
    if cache is not None:
        found = cache.get_many(list(keys.values()))
        done = {text: found[k] for text, k in keys.items() if k in found}
    hits = len(done)
    missing = [t for t in inputs if t not in done]
    if progress:
        progress(hits, len(inputs))

    def on_batch(positions: list[int], hyps: list[Hypothesis]) -> None:
        for pos, hyp in zip(positions, hyps):
            done[missing[pos]] = hyp
        if cache is not None:
            cache.put_many((keys[missing[pos]], hyp) for pos, hyp in zip(positions, hyps))
        if progress:
            progress(len(done), len(inputs))

    if missing:
        engine.translate(missing, options, on_batch=on_batch)

    empty = Hypothesis(text="", score=0.0, tokens=0)
    results = []
    for sentence, plan in zip(document.sentences, plans):
        if not plan:
            results.append(SentenceTranslation(sentence, western_numerals(sentence.text), None, []))
            continue
        chunks = []
        for start, end, text in plan:
            hyp = done.get(text, empty) if text else empty
            chunks.append(Chunk(start, end, text, hyp.text, hyp.score, hyp.tokens, hyp.flags))
        results.append(_join(sentence, chunks))
    return TranslatedDocument(document, results, engine.name, options, cache_hits=hits, translated=len(missing))


def _join(sentence: Sentence, chunks: list[Chunk]) -> SentenceTranslation:
    text = " ".join(c.output for c in chunks if c.output)
    tokens = sum(c.tokens for c in chunks)
    score = round(sum(c.score * c.tokens for c in chunks) / tokens, 4) if tokens else None
    flags: list[str] = []
    for c in chunks:
        flags.extend(f for f in c.flags if f not in flags)
    if len(chunks) > 1:
        flags.append(FLAG_CHUNKED)
    return SentenceTranslation(sentence, text, score, flags, chunks)
