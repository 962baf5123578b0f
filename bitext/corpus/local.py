"""The local engine: one process, the model loaded once, documents one after another."""

from __future__ import annotations

from typing import Callable, Iterable

from .inputs import WorkItem
from .work import failed_row, translate_item


def run_local(items: Iterable[WorkItem], job, on_result: Callable[[WorkItem, dict], None]) -> None:
    """Translate ``items`` in order; ``on_result(item, row)`` after each (row: see :func:`translate_item`)."""
    items = list(items)
    if not items:
        return
    engine = job.engine.load()
    cache = job.open_cache()
    try:
        for item in items:
            try:
                data = item.load()
            except Exception as exc:  # noqa: BLE001
                on_result(item, failed_row(exc))
                continue
            row = translate_item(data, item.path, item.fmt, item.output, job, engine, cache)
            item.data = None  # done: free the input
            on_result(item, row)
    finally:
        if cache is not None:
            cache.close()
