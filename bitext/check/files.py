"""The check stage on files: read the pairs (two line files, or a translate JSONL), the document ids,
the glossary and the other translation, and check them, for ``bitext check`` with and without ``--fix``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class CheckedFiles:
    sources: list[str]
    targets: list[str]
    locations: list[str | None] | None  # per pair, from a translate JSONL
    doc_ids: list[str] | None
    glossary: Any  # bitext.check.Glossary or None
    report: Any  # bitext.check.Report


def check_files(source: str, target: str | None = None, glossary: str | None = None, doc_ids: str | None = None,
                mt: str | None = None, names: bool = True, numbers: bool = True) -> CheckedFiles:
    """Check the pairs of ``source`` (+ ``target``); every file problem is a one-line error."""
    from . import check_documents, load_glossary
    from .inputs import load_doc_ids, load_located_pairs, load_references

    terms = load_glossary(glossary) if glossary else None
    sources, targets, locations = load_located_pairs(source, target)
    ids = load_doc_ids(doc_ids, len(sources)) if doc_ids else None
    references = load_references(mt, len(sources)) if mt else None
    report = check_documents(sources, targets, ids, glossary=terms, numbers=numbers, names=names, references=references)
    return CheckedFiles(sources, targets, locations, ids, terms, report)
