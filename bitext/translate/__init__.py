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


BACKENDS = ("auto", "torch", "ctranslate2")


def resolve_backend(backend: str, device: str = "auto") -> tuple[str, str]:
    """``(backend, why)``: ``auto`` is CTranslate2 when ``ctranslate2`` can be imported (float32 by
    default: the same output as torch fp32 up to rounding, several times faster at beam 4 on CPU),
    else torch; ``torch`` and ``ctranslate2`` are themselves. ``why`` is one line for a person."""
    from ..errors import ModelUnavailableError

    if backend not in BACKENDS:
        raise ModelUnavailableError(f"--backend {backend}: unknown backend; use auto, torch or ctranslate2")
    if backend != "auto":
        return backend, f"--backend {backend}"
    if device.split(":")[0] not in ("auto", "cpu", "cuda"):
        return "torch", f"--backend auto: torch, because CTranslate2 does not run on {device}"
    try:
        import ctranslate2
    except ImportError:
        return "torch", ("--backend auto: torch, because ctranslate2 is not installed "
                         "(pip install 'bitext[fast]' for the faster CTranslate2 path)")
    return "ctranslate2", (f"--backend auto: CTranslate2, because ctranslate2 {ctranslate2.__version__} is installed "
                           "(--backend torch for the torch path)")


def load_engine(
    model: str | None = None,
    device: str = "auto",
    threads: int | None = None,
    backend: str = "torch",
    quantize: str | None = None,
) -> Engine:
    """Load a MarianMT model by registry name, hub id or local directory.

    ``backend``: ``torch`` (transformers; the default of this low-level call), ``ctranslate2``
    (converted once, cached beside the translation cache) or ``auto`` (the default of
    ``bitext translate`` and :class:`bitext.job.EngineSpec`: CTranslate2 when ``ctranslate2`` is
    installed, else torch; see :func:`resolve_backend`). The engine's ``backend_note`` says which
    backend and precision run, and why.
    ``quantize``: ``None`` (float32) or ``int8`` for either backend (torch: dynamic int8 Linear
    layers, cpu only; ctranslate2: int8 weights); CTranslate2 also takes its compute types
    ``int8_float32``, ``int8_bfloat16``, ``bfloat16``, ``int8_float16`` and ``float16`` where the
    device supports them (``ctranslate2.get_supported_compute_types``).
    ``threads``: CPU threads, default every core this process may use.
    """
    from ..errors import ModelUnavailableError

    chosen, why = resolve_backend(backend, device)
    if chosen == "ctranslate2" and backend == "auto":
        from .ct2 import CT2Engine, ConversionError

        try:
            engine = CT2Engine(model, device=device, threads=threads, quantize=quantize)
        except ConversionError as exc:  # a checkpoint CTranslate2 cannot convert: torch runs it
            chosen, why = "torch", f"--backend auto: torch, because {exc}"
        else:
            engine.backend_note = f"backend: ctranslate2 {engine.compute_type} ({why})"
            return engine
    if chosen == "torch":
        from .marian import MarianEngine

        engine = MarianEngine(model, device=device, threads=threads, quantize=quantize)
        engine.backend_note = f"backend: torch {quantize or 'float32'} ({why})"
        return engine
    if chosen == "ctranslate2":
        from .ct2 import CT2Engine

        engine = CT2Engine(model, device=device, threads=threads, quantize=quantize)
        engine.backend_note = f"backend: ctranslate2 {engine.compute_type} ({why})"
        return engine
    raise ModelUnavailableError(f"--backend {backend}: unknown backend; use auto, torch or ctranslate2")


__all__ = [
    "BACKENDS",
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
    "resolve_backend",
    "translate_document",
]
