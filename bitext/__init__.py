"""bitext: translate Arabic into English sentence by sentence, and work with the bilingual text.

Library use::

    from bitext import read_document, load_engine, translate_document, render_text
    doc = read_document("article.ar.txt")
    result = translate_document(doc, load_engine("opus-mt-ar-en"))
    print(render_text(result))
"""

from __future__ import annotations

import os

from .document import Block, Document, Sentence, read_text, write_atomic
from .errors import BitextError, FormatError, InputError, ModelUnavailableError
from .segment import segment_document
from .translate import (
    GenerationOptions,
    SentenceTranslation,
    TranslatedDocument,
    TranslationCache,
    load_engine,
    translate_document,
)
from .view import render_jsonl, render_text
from .job import EngineSpec, FileResult, TranslateJob, translate_file

__version__ = "0.1.0"


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read, decode (UTF-8, UTF-16, Windows-1256, ...) and segment a file; ``-`` is stdin."""
    text, encoding = read_text(path)
    return segment_document(text, name="<stdin>" if str(path) == "-" else str(path), encoding=encoding)


__all__ = [
    "BitextError",
    "Block",
    "Document",
    "EngineSpec",
    "FileResult",
    "FormatError",
    "GenerationOptions",
    "InputError",
    "ModelUnavailableError",
    "Sentence",
    "SentenceTranslation",
    "TranslateJob",
    "TranslatedDocument",
    "TranslationCache",
    "load_engine",
    "read_document",
    "read_text",
    "render_jsonl",
    "render_text",
    "segment_document",
    "translate_document",
    "translate_file",
    "write_atomic",
]
