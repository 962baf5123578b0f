"""Test doubles for the Ray actors, pickled by value into them (tests/ is not on the workers' path)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bitext.job import EngineSpec


class _CrashOnce:
    """The real engine, except that the first translate call of any actor kills its process
    (once per marker file): what an out-of-memory kill does to a worker mid-unit."""

    def __init__(self, engine, marker: str) -> None:
        self._engine = engine
        self._marker = marker

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def translate(self, texts, options, on_batch=None):
        if not os.path.exists(self._marker):
            open(self._marker, "w").close()
            os._exit(1)
        return self._engine.translate(texts, options, on_batch)


@dataclass(frozen=True)
class CrashOnceEngine(EngineSpec):
    marker: str = ""

    def load(self):
        return _CrashOnce(super().load(), self.marker)
