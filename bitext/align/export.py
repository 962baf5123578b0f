"""Writing an :class:`~bitext.align.core.Alignment` out: TSV, JSONL, TMX 1.4, Moses.

The sentences of a bead are joined with a space. ``min_score`` drops beads
whose confidence is below it (TMX, Moses) or marks them ``"weak": true``
(JSONL, which keeps every bead). TMX and Moses leave out 1-0 / 0-1 beads.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from bitext.align.core import Alignment, Bead

_BREAKS = re.compile(r"[\t\r\n\v\f\u2028\u2029\x85]+")
# characters XML 1.0 cannot carry
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def to_jsonl(alignment: Alignment, min_score: float = 0.0) -> str:
    lines = []
    for b in alignment.beads:
        a, e = _texts(alignment, b)
        rec = {"src": b.src, "tgt": b.tgt, "kind": b.kind, "score": round(b.score, 4),
               "src_text": a, "tgt_text": e}
        if b.score < min_score:
            rec["weak"] = True
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def to_tmx(alignment: Alignment, min_score: float = 0.0) -> bytes:
    """TMX 1.4 (UTF-8), source language ``ar``, one ``<tu>`` per usable bead."""
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(tmx, "header", creationtool="bitext", creationtoolversion="1",
                     segtype="sentence", adminlang="en", srclang="ar",
                     datatype="plaintext", **{"o-tmf": "bitext"})
    body = etree.SubElement(tmx, "body")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for b in alignment.beads:
        if not _usable(b, min_score):
            continue
        tu = etree.SubElement(body, "tu")
        prop = etree.SubElement(tu, "prop", type="x-score")
        prop.text = f"{b.score:.4f}"
        for lang, text in zip(("ar", "en"), _texts(alignment, b)):
            tuv = etree.SubElement(tu, "tuv", **{xml_lang: lang})
            seg = etree.SubElement(tuv, "seg")
            seg.text = _XML_BAD.sub("", text)
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)


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
