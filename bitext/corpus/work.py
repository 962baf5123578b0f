"""Translate one unit of work through the one orchestrator; shared by the local and the Ray engine.

Both engines call :func:`translate_item` with the same bytes and the same
:class:`~bitext.job.TranslateJob`, so their outputs are byte-identical to each
other and to ``bitext translate FILE``. A failure of one unit is a status row
with a one-line error, never an exception.
"""

from __future__ import annotations

from ..errors import BitextError


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, BitextError) else f"{type(exc).__name__}: {text}"


def result_row(**values) -> dict:
    """A unit's result: these defaults, updated with ``values`` (the Ray engine derives its Arrow schema from them)."""
    row = {"status": "ok", "error": "", "output_bytes": b"", "sentences": 0, "cache_hits": 0, "translated": 0, "warnings": "",
           "flagged": 0, "findings": 0, "repairs": 0, "started": 0.0, "seconds": 0.0}
    row.update(values)
    return row


def failed_row(exc: BaseException | str) -> dict:
    return result_row(status="failed", error=exc if isinstance(exc, str) else _one_line(exc))


def translate_item(data: bytes, name: str, fmt: str, output: str, job, engine, cache) -> dict:
    """Translate one unit; returns ``{status, error, output_bytes, sentences, cache_hits, translated, warnings,
    flagged, findings, repairs, started, seconds}``."""
    import time

    from ..job import translate_data

    row = result_row(started=time.time())
    t0 = time.perf_counter()
    try:
        result = translate_data(job, data, name, fmt, output, engine, cache)
        res = result.translation.result
        row.update(output_bytes=result.output, sentences=result.sentences, cache_hits=res.cache_hits,
                   translated=res.translated, flagged=result.flagged, findings=result.findings, repairs=result.repairs,
                   warnings="\n".join(result.warnings))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        row.update(status="failed", error=_one_line(exc))
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row
