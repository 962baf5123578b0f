"""Sentence alignment of an Arabic text with its English translation.

``align(src, tgt, mt=None)`` returns an :class:`Alignment` made of
:class:`Bead` s (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, 1-3, 3-1); see
:mod:`bitext.align.core` for the cost model and the confidence score, and
:mod:`bitext.align.export` for TSV / JSONL / TMX / Moses output.
"""

from bitext.align.core import Alignment, Bead, align
from bitext.align.export import to_jsonl, to_moses, to_tmx, to_tsv
from bitext.align.inputs import sentences_from_text

__all__ = ["Alignment", "Bead", "align", "sentences_from_text", "to_jsonl", "to_moses",
           "to_tmx", "to_tsv"]
