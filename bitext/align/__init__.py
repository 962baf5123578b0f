"""Sentence alignment of an Arabic text with its English translation.

``align(src, tgt, mt=None)`` (one document) and ``align_documents(docs)``
(many, no bead crossing a document) return :class:`Alignment` s made of
:class:`Bead` s (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, 1-3, 3-1); see
:mod:`bitext.align.core` for the cost model and the confidence score, and
:mod:`bitext.align.export` for TSV / JSONL / TMX / Moses output.
"""

from bitext.align.core import Alignment, Bead, align, align_documents
from bitext.align.export import to_jsonl, to_moses, to_tmx, to_tsv
from bitext.align.inputs import sentences_from_text
from bitext.align.lexicon import Dictionary, learn_dictionary, load_dictionary

__all__ = ["Alignment", "Bead", "Dictionary", "align", "align_documents", "learn_dictionary",
           "load_dictionary", "sentences_from_text", "to_jsonl", "to_moses", "to_tmx", "to_tsv"]
