"""Turning input text into the sentence lists that :func:`bitext.align.align` takes."""

from __future__ import annotations

from bitext.segment import segment_document


def sentences_from_text(text: str, lang: str, presplit: bool = False) -> list[str]:
    """Sentences of ``text`` (``lang`` is ``"ar"`` or ``"en"``).

    Running text (``presplit=False``) is segmented with bitext's segmenter
    (``segment_document(text, lang=lang).sentences``: blocks per line, then
    sentences). With ``presplit=True`` every line is one sentence, stripped of
    surrounding whitespace; empty (blank) lines are left out, so sentence
    indices then count non-empty lines only, not line numbers.
    """
    if presplit:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [s.text for s in segment_document(text, lang=lang).sentences]
