"""Segmentation: lines into blocks, blocks into sentences, long sentences into
chunks, and normalisation of text for the model."""

from .blocks import is_heading_line, segment_document
from .chunk import chunk_sentence
from .normalize import normalize_for_model, western_numerals
from .sentences import split_sentences

__all__ = [
    "chunk_sentence",
    "is_heading_line",
    "normalize_for_model",
    "segment_document",
    "split_sentences",
    "western_numerals",
]
