"""Translation stage: engine protocol, MarianMT backend, cache, document pipeline."""

from .cache import TranslationCache, default_cache_dir
from .engine import (
    FLAG_CHUNKED,
    FLAG_EMPTY,
    FLAG_LENGTH_LIMIT,
    FLAG_REPETITION,
    Engine,
    GenerationOptions,
    Hypothesis,
)
from .pipeline import Chunk, SentenceTranslation, TranslatedDocument, translate_document


def load_engine(model: str | None = None, device: str = "auto", threads: int | None = None) -> Engine:
    """Load a MarianMT model by registry name, hub id or local directory."""
    from .marian import MarianEngine

    return MarianEngine(model, device=device, threads=threads)


__all__ = [
    "Chunk",
    "Engine",
    "FLAG_CHUNKED",
    "FLAG_EMPTY",
    "FLAG_LENGTH_LIMIT",
    "FLAG_REPETITION",
    "GenerationOptions",
    "Hypothesis",
    "SentenceTranslation",
    "TranslatedDocument",
    "TranslationCache",
    "default_cache_dir",
    "load_engine",
    "translate_document",
]
