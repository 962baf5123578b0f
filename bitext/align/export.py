"""Writing an :class:`~bitext.align.core.Alignment` out: TSV, JSONL, TMX 1.4, Moses.

The sentences of a bead are joined with a space. ``min_score`` drops beads
whose confidence is below it (TMX, Moses) or marks them ``"weak": true``
(JSONL, which keeps every bead). TMX and Moses leave out 1-0 / 0-1 beads.
"""

from __future__ import annotations

import json
import re

from bitext.align.core import Alignment, Bead

_BREAKS = re.compile(r"[\t\r\n\v\f\u2028\u2029\x85]+")


def _flat(text: str) -> str:
    return _BREAKS.sub(" ", text)


def _texts(al: Alignment, bead: Bead) -> tuple[str, str]:
    return _flat(al.src_text(bead)), _flat(al.tgt_text(bead))


def _usable(bead: Bead, min_score: float) -> bool:
    return bool(bead.src) and bool(bead.tgt) and bead.score >= min_score


def to_tsv(alignment: Alignment, min_score: float = 0.0) -> str:
    """One line per bead: Arabic<TAB>English (an empty side stays empty).

    Beads scoring below ``min_score`` are left out (1-0 and 0-1 beads score
    about 0.03, so any ``min_score`` above that drops them too).
    """
    return "".join(f"{a}\t{e}\n" for a, e in (_texts(alignment, b) for b in alignment.beads if b.score >= min_score))


def to_jsonl(alignment: Alignment, min_score: float = 0.0, doc: str | None = None) -> str:
    """One record per bead (indices, kind, score, texts); ``doc`` adds a document id to each."""
    lines = []
    for b in alignment.beads:
        a, e = _texts(alignment, b)
        rec = {"src": b.src, "tgt": b.tgt, "kind": b.kind, "score": round(b.score, 4),
               "src_text": a, "tgt_text": e}
        if doc is not None:
            rec = {"doc": doc, **rec}
        if b.score < min_score:
            rec["weak"] = True
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def to_tmx(alignment: Alignment, min_score: float = 0.0) -> bytes:
    """TMX 1.4 (UTF-8), source language ``ar``, one ``<tu>`` per usable bead with its score."""
    from ..formats.tmx import write_tmx

    return write_tmx(
        (*_texts(alignment, b), {"x-score": f"{b.score:.4f}"}) for b in alignment.beads if _usable(b, min_score)
    )


def to_moses(alignment: Alignment, min_score: float = 0.0) -> tuple[str, str]:
    """Two parallel texts (Arabic, English), one usable bead per line."""
    ar, en = [], []
    for b in alignment.beads:
        if not _usable(b, min_score):
            continue
        a, e = _texts(alignment, b)
        ar.append(a + "\n")
        en.append(e + "\n")
    return "".join(ar), "".join(en)
