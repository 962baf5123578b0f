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


def load_engine(
    model: str | None = None,
    device: str = "auto",
    threads: int | None = None,
    backend: str = "torch",
    quantize: str | None = None,
) -> Engine:
    """Load a MarianMT model by registry name, hub id or local directory.

    ``backend``: ``torch`` (transformers) or ``ctranslate2`` (converted once,
    cached beside the translation cache). ``quantize``: ``None`` or ``int8``
    (torch: dynamic int8 Linear layers, cpu only; ctranslate2: int8 weights).
    ``threads``: CPU threads, default every core this process may use.
    """
    from ..errors import ModelUnavailableError

    if backend == "torch":
        from .marian import MarianEngine

        return MarianEngine(model, device=device, threads=threads, quantize=quantize)
    if backend == "ctranslate2":
        from .ct2 import CT2Engine

        return CT2Engine(model, device=device, threads=threads, quantize=quantize)
    raise ModelUnavailableError(f"--backend {backend}: unknown backend; use torch or ctranslate2")


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
