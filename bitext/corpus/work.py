"""Translate one unit of work with the per-file driver; shared by the local and the Ray engine.

Both engines call :func:`translate_item` with the same bytes and the same
settings, so their outputs are byte-identical. A failure of one unit is a
status row with a one-line error, never an exception.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import BitextError


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to load the model and translate (picklable)."""

    model: str | None = None
    backend: str = "torch"
    quantize: str | None = None
    device: str = "auto"
    threads: int | None = None
    beam: int = 4
    batch_tokens: int = 1024
    max_length_ratio: float = 2.0
    digits: str = "keep"
    output_format: str | None = None  # None: the input's own format
    format_options: tuple[tuple[str, str], ...] = ()  # e.g. (("field", "text"),)
    cache_dir: str | None = None
    no_cache: bool = False

    def generation_options(self):
        from ..translate import GenerationOptions

        return GenerationOptions(beam=self.beam, batch_tokens=self.batch_tokens, max_length_ratio=self.max_length_ratio)

    def output_key(self) -> dict:
        """The settings that change the output bytes (for the manifest)."""
        d = asdict(self)
        for k in ("device", "threads", "batch_tokens", "cache_dir", "no_cache"):
            d.pop(k)
        model = self.model
        if model and Path(model).is_dir():  # a local model: its config and weights' identity
            p = Path(model).resolve()
            stamps = sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in p.iterdir() if f.is_file())
            d["model"] = [str(p), stamps]
        return d

    def load_engine(self):
        from ..translate import load_engine

        return load_engine(self.model, device=self.device, threads=self.threads, backend=self.backend, quantize=self.quantize)

    def open_cache(self):
        if self.no_cache:
            return None
        from ..translate import TranslationCache

        return TranslationCache(self.cache_dir)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, BitextError) else f"{type(exc).__name__}: {text}"


def parse_item(data: bytes, name: str, fmt: str, settings: Settings):
    """Parse one unit (as :func:`bitext.formats.driver.read_parsed` does, from bytes)."""
    from ..formats.driver import parse_data

    return parse_data(data, name, fmt, **dict(settings.format_options))


def result_row(**values) -> dict:
    """A unit's result: these defaults, updated with ``values`` (the Ray engine derives its Arrow schema from them)."""
    row = {"status": "ok", "error": "", "output_bytes": b"", "sentences": 0, "cache_hits": 0, "translated": 0, "warnings": "",
           "flagged": 0, "started": 0.0, "seconds": 0.0}
    row.update(values)
    return row


def failed_row(exc: BaseException | str) -> dict:
    return result_row(status="failed", error=exc if isinstance(exc, str) else _one_line(exc))


def translate_item(data: bytes, name: str, fmt: str, output: str, settings: Settings, engine, cache) -> dict:
    """Translate one unit; returns ``{status, error, output_bytes, sentences, cache_hits, translated, warnings, flagged, started, seconds}``."""
    from ..formats.driver import output_format, render, translate_parsed

    import time

    row = result_row(started=time.time())
    t0 = time.perf_counter()
    try:
        parsed = parse_item(data, name, fmt, settings)
        out_fmt = output_format(output, parsed.format, settings.output_format)
        ft = translate_parsed(parsed, engine, settings.generation_options(), cache=cache, digits=settings.digits)
        row["output_bytes"] = render(ft, out_fmt)
        row["sentences"] = len(ft.result.sentences)
        row["cache_hits"] = ft.result.cache_hits
        row["translated"] = ft.result.translated
        row["flagged"] = len(ft.result.flagged)
        row["warnings"] = "\n".join(parsed.warnings)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        row.update(status="failed", error=_one_line(exc))
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row
