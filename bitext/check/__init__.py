"""Check stage: names, numbers and glossary terms between Arabic sources and English translations.

``check(sources, targets)`` compares aligned sentence pairs of one document
and returns a :class:`Report` of :class:`Finding` objects, with the facts
it compared (``Report.facts``: the numbers and names of every pair, see
:mod:`bitext.check.facts`). Numbers are
compared as values (digits of all three systems, number words, dates,
units); names through a rule-based romaniser; glossary terms literally.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

from .facts import NameLink, PairFacts, numbers_of, pair_facts
from .findings import (
    ERROR,
    GLOSSARY,
    INFO,
    KINDS,
    SEVERITIES,
    WARNING,
    Finding,
)
from .glossary import Glossary, check_glossary, load_glossary
from .inputs import load_pairs

SEGMENT_EMPTY = "segment-empty"  # one side of a pair is empty, the other is not

REPORT_VERSION = 1


@dataclass
class Report:
    """Findings for a document of ``pairs`` sentence pairs.

    ``facts``: one :class:`PairFacts` per pair (what was compared), filled
    by :func:`check`; not part of the JSON form.
    """

    pairs: int
    findings: list[Finding] = field(default_factory=list)
    facts: list[PairFacts] = field(default_factory=list, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    def by_severity(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c[s] for s in SEVERITIES if c[s]}

    def for_sentence(self, index: int) -> list[Finding]:
        return [f for f in self.findings if f.sentence == index]

    def flagged_sentences(self, severities: Sequence[str] = (ERROR, WARNING)) -> set[int]:
        return {f.sentence for f in self.findings if f.severity in severities}

    def to_text(self, sources: Sequence[str] | None = None, targets: Sequence[str] | None = None,
                locations: Sequence[str | None] | None = None, show_info: bool = False) -> str:
        """Findings a translator can read: where (line number, or the document
        location such as ``p 12`` or ``cue 3-4``), severity, kind, message, the pair.

        Errors and warnings only, unless ``show_info``; the last line counts
        the info findings left out."""

        def where(i: int) -> str:
            if locations is not None and i < len(locations) and locations[i]:
                return f"sentence {i + 1} ({locations[i]})"
            return f"line {i + 1}"

        lines = []
        shown = None
        hidden = 0
        for f in self.findings:
            if f.severity == INFO and not show_info:
                hidden += 1
                continue
            if sources is not None and targets is not None and f.sentence != shown:
                shown = f.sentence
                lines.append(where(f.sentence))
                lines.append(f"  ar: {sources[f.sentence]}")
                lines.append(f"  en: {targets[f.sentence]}")
            prefix = "  " if sources is not None else f"{where(f.sentence)}: "
            lines.append(f"{prefix}{f.severity:7} {f.kind:17} {f.message}")
        shown_findings = [f for f in self.findings if show_info or f.severity != INFO]
        sev = Counter(f.severity for f in shown_findings)
        summary = ", ".join(f"{sev[s]} {s}{'s' if sev[s] != 1 else ''}" for s in SEVERITIES if sev[s]) or "no findings"
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(Counter(f.kind for f in shown_findings).items()))
        flagged = len(self.flagged_sentences())
        lines.append(f"{summary} in {self.pairs} sentence pairs; {flagged} pairs with errors or warnings"
                     + (f" ({kinds})" if kinds else "")
                     + (f"; {hidden} info finding{'s' if hidden != 1 else ''} not shown (--show-info)" if hidden else ""))
        return "\n".join(lines) + "\n"

    def to_dict(self, locations: Sequence[str | None] | None = None) -> dict[str, Any]:
        """The documented, stable JSON form (see README, "bitext check").

        With ``locations`` (one per sentence, from a translate JSONL of a
        document format) every finding gets a ``location`` field.
        """
        findings = [f.to_dict() for f in self.findings]
        if locations is not None:
            for d in findings:
                d["location"] = locations[d["sentence"]] if d["sentence"] < len(locations) else None
        return {
            "version": REPORT_VERSION,
            "pairs": self.pairs,
            "counts": self.counts(),
            "severities": self.by_severity(),
            "findings": findings,
        }


def check(
    source_sentences: Sequence[str],
    target_sentences: Sequence[str],
    glossary: Glossary | None = None,
    numbers: bool = True,
    names: bool = True,
    references: Sequence[str] | None = None,
) -> Report:
    """Check aligned sentence pairs (one document) and return the findings.

    ``references``: optionally a second English translation of each source
    sentence (machine translation, say). Source words it renders as names
    and that the checked translation lacks are reported as name-missing;
    without it, names the document never matched are found only through
    the lexicons and context rules. Findings are sorted by sentence, then by
    position in the source.
    """
    from .names import analyse_document
    from .numbers import check_numbers

    if len(source_sentences) != len(target_sentences):
        raise ValueError(f"{len(source_sentences)} source sentences but {len(target_sentences)} translations")
    findings: list[Finding] = []
    pairs = list(zip(source_sentences, target_sentences))
    for i, (src, tgt) in enumerate(pairs):
        if bool(src.strip()) != bool(tgt.strip()):
            side = "translation" if src.strip() else "source"
            findings.append(Finding(SEGMENT_EMPTY, ERROR if side == "translation" else WARNING, i,
                                    f"the {side} is empty while the other side has text"))
        if numbers:
            findings.extend(check_numbers(src, tgt, sentence=i))
        if glossary:
            findings.extend(check_glossary(glossary, src, tgt, sentence=i))
    analysis = None
    if names:
        analysis = analyse_document(pairs, references=references)
        findings.extend(analysis.findings)
    findings.sort(key=lambda f: (f.sentence, f.source_span[0] if f.source_span else 10**9,
                                 SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9))
    facts = []
    for i, (src, tgt) in enumerate(pairs):
        src_nums, tgt_nums = numbers_of(src, tgt) if numbers else (None, None)  # memoised: the parse just made
        facts.append(PairFacts(src, tgt, src_nums, tgt_nums, analysis.links(i) if analysis is not None else None))
    return Report(len(pairs), findings, facts)


def check_documents(
    source_sentences: Sequence[str],
    target_sentences: Sequence[str],
    doc_ids: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    numbers: bool = True,
    names: bool = True,
    references: Sequence[str] | None = None,
) -> Report:
    """Check a file of several documents: consecutive pairs with the same id are one document.

    Name consistency and learnt names stay within a document; the report's
    sentence indices are positions in the whole file. Without ids the file
    is one document. ``references`` as for :func:`check`, one per pair.
    """
    if doc_ids is None:
        return check(source_sentences, target_sentences, glossary, numbers, names, references)
    if references is not None and len(references) != len(source_sentences):
        raise ValueError(f"{len(source_sentences)} source sentences but {len(references)} reference translations")
    if len(doc_ids) != len(source_sentences):
        raise ValueError(f"{len(doc_ids)} document ids for {len(source_sentences)} sentence pairs")
    findings: list[Finding] = []
    facts: list[PairFacts] = []
    start = 0
    for end in range(1, len(doc_ids) + 1):
        if end == len(doc_ids) or doc_ids[end] != doc_ids[start]:
            part = check(source_sentences[start:end], target_sentences[start:end], glossary, numbers, names,
                         references[start:end] if references is not None else None)
            for f in part.findings:
                f.sentence += start
            findings.extend(part.findings)
            facts.extend(part.facts)
            start = end
    return Report(len(source_sentences), findings, facts)


__all__ = [
    "ERROR",
    "GLOSSARY",
    "Glossary",
    "INFO",
    "KINDS",
    "NameLink",
    "PairFacts",
    "SEGMENT_EMPTY",
    "Finding",
    "Report",
    "WARNING",
    "check",
    "check_documents",
    "load_glossary",
    "load_pairs",
    "pair_facts",
]
