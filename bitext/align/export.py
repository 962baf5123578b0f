"""Writing an :class:`~bitext.align.core.Alignment` out: TSV, JSONL, TMX 1.4, Moses.

The sentences of a bead are joined with a space. ``min_score`` drops beads
whose confidence is below it (TMX, Moses) or marks them ``"weak": true``
(JSONL, which keeps every bead). TMX and Moses leave out 1-0 / 0-1 beads.
"""

from __future__ import annotations

import re

from bitext.align.core import Alignment, Bead
from ..jsonl import dumps_line

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
        lines.append(dumps_line(rec))
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


# ---------------------------------------------------------------- files of many documents


def alignment_targets(docs, output: str, fmt: str, directory: bool) -> list:
    """The files ``bitext align`` will write (one per document into the directory ``output``, or
    ``output`` itself, or ``output.ar`` + ``output.en`` for moses), checked for writability before
    any work; ``-`` gives none."""
    from pathlib import Path

    from bitext.document import check_writable

    if directory:
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        ext = {"tsv": ".tsv", "jsonl": ".jsonl", "tmx": ".tmx", "moses": ""}[fmt]
        targets = [out / (d.doc_id + ext) for d in docs]
        for t in targets:
            for f in ([Path(f"{t}.ar"), Path(f"{t}.en")] if fmt == "moses" else [t]):
                check_writable(f)
        return targets
    targets = [Path(f"{output}.ar"), Path(f"{output}.en")] if fmt == "moses" else ([] if output == "-" else [Path(output)])
    for target in targets:
        check_writable(target)
    return targets


def render(al: Alignment, fmt: str, min_score: float = 0.0, doc: str | None = None):
    """One alignment in ``fmt``: tsv/jsonl text, tmx bytes, or moses ``(ar, en)``."""
    if fmt == "moses":
        return to_moses(al, min_score=min_score)
    if fmt == "tmx":
        return to_tmx(al, min_score=min_score)
    if fmt == "jsonl":
        return to_jsonl(al, min_score=min_score, doc=doc)
    return to_tsv(al, min_score=min_score)


def write_per_document(alignments, docs, fmt: str, min_score: float, targets, progress=None) -> None:
    """Each document's alignment into its own file (two for moses), atomically."""
    from pathlib import Path

    from bitext.document import write_atomic

    for k, (al, target) in enumerate(zip(alignments, targets)):
        data = render(al, fmt, min_score)
        if fmt == "moses":
            write_atomic(Path(f"{target}.ar"), data[0])
            write_atomic(Path(f"{target}.en"), data[1])
        else:
            write_atomic(target, data)
        if progress:
            progress(k + 1, len(docs))


def render_joined(alignments, docs, fmt: str, min_score: float = 0.0):
    """Every document in one output, in document order (jsonl records carry their ``doc``); for tmx
    one TMX whose beads are renumbered into one long alignment; moses ``(ar, en)``."""
    many = len(docs) > 1
    if fmt == "tmx":
        beads, src, tgt = [], [], []
        for al in alignments:
            for b in al.beads:
                beads.append(type(b)([i + len(src) for i in b.src], [j + len(tgt) for j in b.tgt], b.score))
            src += al.src
            tgt += al.tgt
        return to_tmx(Alignment(beads, src, tgt), min_score=min_score)
    parts = [render(al, fmt, min_score, d.doc_id if many else None) for d, al in zip(docs, alignments)]
    if fmt == "moses":
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts)
    return "".join(parts)


def alignment_summary(alignments, docs, min_score: float = 0.0) -> str:
    """One line: documents, aligned beads, and the sentences left unaligned on each side, and why."""
    from collections import Counter

    left = {"src": Counter(), "tgt": Counter()}
    for al in alignments:
        for side, reasons in al.unaligned(min_score).items():
            left[side].update(reasons)
    kept = sum(1 for al in alignments for b in al.beads if b.src and b.tgt and b.score >= min_score)

    def side(name, total, c):
        return (f"{name} {c['deleted'] + c['too_different']} of {total} "
                f"({c['deleted']} without counterpart, {c['too_different']} too different)")

    n_src = sum(len(d.src) for d in docs)
    n_tgt = sum(len(d.tgt) for d in docs)
    return (f"{len(docs)} document{'s' if len(docs) != 1 else ''}, {kept} aligned beads; left unaligned: "
            f"{side('Arabic', n_src, left['src'])}, {side('English', n_tgt, left['tgt'])}"
            + (f" [--min-score {min_score:g}]" if min_score else ""))
