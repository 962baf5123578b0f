"""Reading sentence pairs to check: two line-aligned files, or bitext's translate JSONL."""

from __future__ import annotations

from pathlib import Path

from ..document import read_lines
from ..errors import InputError
from ..jsonl import read_records


def load_pairs(source: str | Path, target: str | Path | None = None) -> tuple[list[str], list[str]]:
    """Return ``(sources, targets)``.

    With one argument, ``source`` is a JSONL file written by ``bitext
    translate --format jsonl`` (fields ``source`` and ``translation``). With
    two, both are line-aligned text files (line N translates line N).
    """
    sources, targets, _ = load_located_pairs(source, target)
    return sources, targets


def load_located_pairs(
    source: str | Path, target: str | Path | None = None
) -> tuple[list[str], list[str], list[str | None] | None]:
    """As :func:`load_pairs`, plus each pair's document location (``"cue 3-4"``,
    ``"body p 12"``) when a translate JSONL of a document format has them, else None."""
    if target is None:
        return _load_jsonl(source)
    sources = read_lines(source, "ar", "SRC")
    targets = read_lines(target, "en", "TGT")
    if len(sources) != len(targets):
        raise InputError(
            f"{source} has {len(sources)} lines but {target} has {len(targets)}; "
            "give line-aligned files (line N of one translates line N of the other)"
        )
    return sources, targets, None


def _load_jsonl(path: str | Path) -> tuple[list[str], list[str], list[str | None] | None]:
    records = read_records(path, hint="; give a translate .jsonl, or SRC and TGT text files")
    sources = [str(r["source"]) for r in records]
    targets = [str(r["translation"]) for r in records]
    locations = [r.get("location") for r in records]
    return sources, targets, locations if any(locations) else None


def load_doc_ids(path: str | Path, pairs: int) -> list[str]:
    """One document id per line (first tab-separated field), as many lines as pairs."""
    ids = [line.split("\t")[0].strip() for line in read_lines(path)]
    if len(ids) != pairs:
        raise InputError(f"{path} has {len(ids)} document ids but there are {pairs} sentence pairs; give one id per line")
    return ids


def load_references(path: str | Path, pairs: int) -> list[str]:
    """A second translation of the source, one line per sentence pair."""
    lines = read_lines(path, "en", "--mt")
    if len(lines) != pairs:
        raise InputError(f"{path} has {len(lines)} lines but there are {pairs} sentence pairs; "
                         "give one translation line per source line")
    return lines
