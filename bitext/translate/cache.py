"""On-disk translation cache (SQLite, one file).

Keyed by model identity + generation options + the exact normalised text
sent to the model, so re-running a document, or resuming one that was
interrupted, only translates what is new. Each batch is committed as soon as
it is translated.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Sequence

from ..config import CACHE_ENV  # noqa: F401  (the corpus engine reads it from here)
from .engine import Hypothesis


def default_cache_dir() -> Path:
    """``$BITEXT_CACHE_DIR``, else ``cache_dir`` of the config file (:mod:`bitext.config`), else the
    user cache directory (e.g. ``~/.cache/bitext``)."""
    from ..config import default_cache_dir as configured

    if configured():
        return Path(configured())
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bitext"))


class TranslationCache:
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "translations.sqlite3"
        self.damaged: Path | None = None  # where a damaged cache file was moved (a new one replaces it)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:
            # garbled or not a database: keep it aside for whoever wants to look, start a new one
            self.damaged = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            os.replace(self.path, self.damaged)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._connect()
        self.hits = 0
        self.misses = 0
        self.failed: str | None = None  # why the cache stopped working (a full disk, a garbled file)

    def _fail(self, exc: Exception) -> None:
        """Stop using the cache after an error: translating goes on without it."""
        self.failed = self.failed or (str(exc) or type(exc).__name__)
        try:
            self._db.rollback()
        except sqlite3.Error:
            pass

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, text TEXT NOT NULL, "
                "score REAL NOT NULL, tokens INTEGER NOT NULL, flags TEXT NOT NULL)"
            )
            db.execute("SELECT COUNT(*) FROM translations").fetchone()
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def key(engine_identity: str, options_key: str, text: str) -> str:
        payload = json.dumps([engine_identity, options_key, text], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, Hypothesis]:
        """The cached hypotheses of ``keys`` (a cache that fails to read finds nothing)."""
        found: dict[str, Hypothesis] = {}
        unique = list(dict.fromkeys(keys))
        if self.failed:
            return found
        try:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, text, score, tokens, flags in self._db.execute(
                    f"SELECT key, text, score, tokens, flags FROM translations WHERE key IN ({marks})", chunk
                ):
                    found[key] = Hypothesis(text=text, score=score, tokens=tokens, flags=tuple(json.loads(flags)))
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._fail(exc)
            found = {}
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[str, Hypothesis]]) -> None:
        """Store hypotheses and commit. A write that fails (a full disk) turns the cache off, with the
        reason in ``failed``: the translation itself goes on."""
        rows = [(k, h.text, h.score, h.tokens, json.dumps(list(h.flags))) for k, h in items]
        if self.failed:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
