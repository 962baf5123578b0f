"""Rows of a side-by-side view: one aligned bead (source, one text per system, reference).

A :class:`View` is built from the JSON Lines ``bitext translate`` writes
(:func:`view_from_jsonl`) or from text files (:func:`view_from_files`),
line-aligned or aligned on the fly. Renderers (``html``, ``terminal``) and
exports (:func:`export_rows`) only read these plain dataclasses.

Highlights (:func:`marks_for_row`) tie a number or a name of the source to
the same number or name in every English column: both spans get the same
pair id (``n0``, ``m4``), unique within the row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..errors import FormatError, InputError
from ..jsonl import dumps_line

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass
class Row:
    """One aligned bead of the document."""

    index: int  # position in the view (0-based)
    source: str
    systems: list[str]  # one text per system, in View.system_names order
    reference: str | None = None
    findings: list[dict] = field(default_factory=list)  # check findings, each with a "system" index
    scores: list[float | None] = field(default_factory=list)  # sentence chrF++ per system (with a reference)
    block: int = 0  # paragraph / line of the source document; consecutive rows of a block form a group
    kind: str = "paragraph"  # paragraph | heading | list_item
    line: int | None = None  # 1-based source line, when known
    src_ids: list[int] = field(default_factory=list)  # source sentence indices of the bead
    bead: str = "1-1"  # bead kind (1-1, 2-1, 1-0, ...)
    flags: list[str] = field(default_factory=list)  # translate flags (length_limit, repetition, ...)
    location: str | None = None  # where in the source document (docx paragraph, srt cue, html XPath), when known
    repairs: list[dict] = field(default_factory=list)  # check --fix repairs of the first system (add_fix_log)
    original: str | None = None  # the first system's text before those repairs
    facts: list = field(default_factory=list, repr=False, compare=False)  # PairFacts per system, from run_checks

    @property
    def score(self) -> float | None:
        """Sentence score of the first system."""
        return self.scores[0] if self.scores else None

    def severity(self) -> str | None:
        sev = {f.get("severity") for f in self.findings}
        return next((s for s in SEVERITY_ORDER if s in sev), None)


@dataclass
class View:
    rows: list[Row]
    system_names: list[str]
    source_name: str = "source"
    ref_name: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # model, options, input files
    corpus: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> {"chrF++": x, "BLEU": y}
    checked: bool = False

    hidden_info: int = 0  # info findings left out by hide_info()

    def hide_info(self) -> None:
        """Keep errors and warnings only (what html and term show unless --show-info)."""
        for r in self.rows:
            kept = [f for f in r.findings if f.get("severity") != "info"]
            self.hidden_info += len(r.findings) - len(kept)
            r.findings = kept

    def finding_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f["kind"] for r in self.rows for f in r.findings).items()))

    def severity_counts(self) -> dict[str, int]:
        c = Counter(f.get("severity") for r in self.rows for f in r.findings)
        return {s: c[s] for s in SEVERITY_ORDER if c[s]}

    def groups(self) -> list[list[Row]]:
        """Consecutive rows of one source block (paragraph, heading, list item)."""
        out: list[list[Row]] = []
        for r in self.rows:
            if out and out[-1][-1].block == r.block:
                out[-1].append(r)
            else:
                out.append([r])
        return out


# --------------------------------------------------------------------------- building

def view_from_jsonl(path: str | Path, ref: str | Path | None = None, ref_name: str | None = None,
                    run_check: bool = False, system_name: str | None = None) -> View:
    """Rows from a ``bitext translate --format jsonl`` file (with ``--check``: its findings)."""
    from ..document import replace_surrogates
    from ..jsonl import read_records

    records = read_records(path)
    rows = []
    has_findings = any("findings" in r for r in records)
    for i, rec in enumerate(records):
        findings = [dict(f, system=0) for f in rec.get("findings") or [] if isinstance(f, dict)]
        rows.append(Row(i, str(rec["source"]), [str(rec["translation"])], findings=findings,
                        block=int(rec.get("block", i)), kind=str(rec.get("kind") or "paragraph"),
                        line=int(rec["block"]) + 1 if isinstance(rec.get("block"), int) else None,
                        src_ids=[int(rec.get("sentence", i))], flags=list(rec.get("flags") or []),
                        location=str(rec["location"]) if rec.get("location") else None))
    view = View(rows, [system_name or Path(str(path)).name], source_name=Path(str(path)).name,
                meta={"input": str(path)}, checked=has_findings)
    for row, rec in zip(rows, records):  # translate --fix: the model's original in the column, the repairs under it
        if isinstance(rec.get("original"), str) and rec.get("repairs"):
            row.systems[0] = replace_surrogates(rec["original"])[0]
            row.original = row.systems[0]
            row.repairs = [r for r in rec["repairs"] if isinstance(r, dict)]
    if run_check and not has_findings:
        run_checks(view)
    if ref is not None:
        refs = _read_lines(ref)
        if len(refs) != len(rows):
            raise InputError(f"{ref} has {len(refs)} lines but {path} has {len(rows)} sentences; "
                             "give a reference with one line per translated sentence")
        for r, t in zip(rows, refs):
            r.reference = t
        view.ref_name = ref_name or Path(str(ref)).name
        add_scores(view)
    return view


def view_from_files(source: str | Path, systems: Sequence[str | Path], ref: str | Path | None = None,
                    names: Sequence[str] | None = None, ref_name: str | None = None, align: bool = False,
                    run_check: bool = True) -> View:
    """Rows from an Arabic source, one or more English system outputs and an optional reference.

    Line-aligned (line N translates line N; blank line pairs separate
    paragraphs) unless ``align``: then both sides are segmented into
    sentences and every English file is aligned to the source with
    bitext's aligner.
    """
    from ..document import read_text, require_script, split_lines

    if not systems:
        raise FormatError("give at least one English file to show beside the source")
    src_text, _ = read_text(source)
    require_script(src_text, str(source), "ar", "SRC")
    others = [str(p) for p in systems] + ([str(ref)] if ref is not None else [])
    roles = ["MT"] + ["--mt2"] * (len(systems) - 1) + (["--ref"] if ref is not None else [])
    texts = []
    for p, role in zip(others, roles):
        text, _ = read_text(p)
        require_script(text, p, "en", role)
        texts.append(text)
    sys_names = list(names or []) + [_default_name(p) for p in systems[len(names or []):]]
    if align:
        rows = _aligned_rows(src_text, texts, len(systems))
    else:
        src_lines = split_lines(src_text)
        cols = [split_lines(t) for t in texts]
        for p, c in zip(others, cols):
            if len(c) != len(src_lines):
                raise InputError(f"{p} has {len(c)} lines but {source} has {len(src_lines)}; give line-aligned "
                                 "files (line N translates line N) or use --align")
        rows = []
        for i, s in enumerate(src_lines):
            other = [c[i] for c in cols]
            if not s.strip() and not any(o.strip() for o in other):
                continue  # a paragraph break
            kind = _line_kind(s)
            rows.append(Row(len(rows), s.strip(), [o.strip() for o in other[:len(systems)]],
                            reference=other[len(systems)].strip() if ref is not None else None,
                            block=i, kind=kind, line=i + 1, src_ids=[i]))
    view = View(rows, sys_names, source_name=Path(str(source)).name,
                ref_name=(ref_name or _default_name(ref)) if ref is not None else None,
                meta={"input": str(source), "aligned": "bitext aligner" if align else "by line"})
    if run_check:
        run_checks(view)
    if ref is not None:
        add_scores(view)
    return view


def _line_kind(line: str) -> str:
    """heading, list_item or paragraph, as bitext's segmenter classifies a line."""
    from ..segment.blocks import is_heading_line, line_marker

    text = line.strip()
    if not text:
        return "paragraph"
    marker = line_marker(text, 0, len(text))
    if marker is not None:
        return marker[0]
    return "heading" if is_heading_line(text) else "paragraph"


def _default_name(path) -> str:
    return Path(str(path)).name


def _read_lines(path) -> list[str]:
    from ..document import read_lines

    return read_lines(path, "en", "--ref")


def _aligned_rows(src_text: str, texts: list[str], n_systems: int) -> list[Row]:
    """Segment everything; align each English text to the source; rows are the first system's beads."""
    from ..align import align
    from ..segment import segment_document

    doc = segment_document(src_text, lang="ar")
    src = [s.text for s in doc.sentences]
    blocks = [s.block for s in doc.sentences]
    kinds = {b.index: b.kind for b in doc.blocks}
    english = [[s.text for s in segment_document(t, lang="en").sentences] for t in texts]
    first = align(src, english[0])
    rows: list[Row] = []
    row_of_src: dict[int, int] = {}
    for b in first.beads:
        block = blocks[b.src[0]] if b.src else (rows[-1].block if rows else 0)
        r = Row(len(rows), " ".join(src[i] for i in b.src), [" ".join(english[0][j] for j in b.tgt)],
                block=block, kind=kinds.get(block, "paragraph"), line=block + 1, src_ids=list(b.src),
                bead=b.kind)
        for i in b.src:
            row_of_src[i] = r.index
        rows.append(r)
    for k, tgt in enumerate(english[1:], 1):
        parts: dict[int, list[str]] = {}
        al = align(src, tgt)
        last = 0
        for b in al.beads:
            if b.src:
                last = row_of_src.get(b.src[0], last)
            if b.tgt:
                parts.setdefault(last, []).append(" ".join(tgt[j] for j in b.tgt))
        for r in rows:
            text = " ".join(parts.get(r.index, []))
            if k < n_systems:
                r.systems.append(text)
            else:
                r.reference = text
    return rows


def read_fix_log(path: str | Path) -> list[dict[str, Any]]:
    """The records of a ``--fix-log`` JSONL file; a line that is not one gives a one-line error."""
    from ..jsonl import read_records

    return read_records(path, ("line", "original"), "not a fix-log record (JSON with 'line', 'original', 'repairs')")


def add_fix_log(view: View, records: Sequence[dict[str, Any]]) -> int:
    """Show ``check --fix`` repairs (the ``--fix-log`` records, or ``FixResult.records()``)
    beside the original: the first system's column keeps the original (its findings are
    about it), and the row gets the repairs, which the HTML view shows as marked changes
    under it. A record is placed on the 1-1 row of its 1-based ``line`` (rows as
    ``view_from_files`` makes them without ``--align``) whose first system's text is the
    record's ``original``; returns how many were placed."""
    by_line = {r.src_ids[0] + 1: r for r in view.rows if len(r.src_ids) == 1}
    placed = 0
    for rec in records:
        row = by_line.get(int(rec.get("line", 0)))
        if row is None or not row.systems or row.systems[0] != rec.get("original"):
            continue
        row.original = rec.get("original")
        row.repairs = list(rec.get("repairs") or [])
        placed += 1
    return placed


def run_checks(view: View) -> None:
    """Names and numbers of every system against the source (as ``bitext check``).

    The facts the check compared (``Report.facts``) are kept on the rows, so
    the highlights show what the checker paired instead of matching again.
    """
    from ..check import check

    sources = [r.source for r in view.rows]
    for r in view.rows:  # a second run replaces the first
        r.findings = []
        r.facts = []
    for k in range(len(view.system_names)):
        targets = [r.systems[k] if k < len(r.systems) else "" for r in view.rows]
        report = check(sources, targets)
        for f in report.findings:
            view.rows[f.sentence].findings.append(dict(f.to_dict(), system=k))
        for r, facts in zip(view.rows, report.facts):
            r.facts.append(facts)
    view.checked = True


def all_marks(view: View) -> list:
    """:func:`marks_for_row` of every row."""
    return [marks_for_row(r) for r in view.rows]


def add_scores(view: View) -> None:
    """Sentence chrF++ of every system against the reference, and corpus chrF++ and BLEU."""
    from sacrebleu.metrics import BLEU, CHRF

    from ..evaluate.metrics import corpus_score, score_from_sums, segment_statistics

    refs = [r.reference or "" for r in view.rows]
    chrf = CHRF(word_order=2, references=[refs])  # references tokenised once for every system
    bleu = BLEU(references=[refs])
    for r in view.rows:
        r.scores = []
    for k, name in enumerate(view.system_names):
        hyps = [r.systems[k] for r in view.rows]
        stats = segment_statistics(chrf, hyps)  # one pass: sentence and corpus scores
        for r, h, st in zip(view.rows, hyps, stats):
            r.scores.append(round(score_from_sums(chrf, st).score, 1) if (h or r.reference) else None)
        view.corpus[name] = {"chrF++": round(corpus_score(chrf, stats).score, 2),
                             "BLEU": round(bleu.corpus_score(hyps, None).score, 2)}


# --------------------------------------------------------------------------- highlights

@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "num" | "name"
    pair: str | None  # same id on the counterpart spans of the row; None when unpaired
    title: str = ""


def _num_key(q) -> tuple:
    return (q.kind if q.kind in ("month", "weekday", "time") else "n", round(q.value, 6))


def marks_for_row(row: Row) -> tuple[list[Mark], list[list[Mark]]]:
    """Highlights of the source and of every English column (systems, then the reference).

    Numbers and names come from the row's facts (what ``--check`` compared);
    a row without them is analysed pair by pair here.
    """
    from ..check.facts import numbers_of, pair_facts

    columns = row.systems + ([row.reference] if row.reference is not None else [])
    src_nums = _safe(lambda: numbers_of(row.source, "")[0])
    src_marks: dict[tuple[int, int], Mark] = {}
    col_marks: list[list[Mark]] = []
    used_src_pairs: set[str] = set()
    seen_names: dict[str, str] = {}
    src_by_key: dict[tuple, list[int]] = {}
    for k, sq in enumerate(src_nums):
        src_by_key.setdefault(_num_key(sq), []).append(k)
    for col, text in enumerate(columns):
        facts = row.facts[col] if col < len(row.facts) and row.facts[col].describes(row.source, text) else None
        if facts is None and col < len(row.systems):
            facts = _safe(lambda: pair_facts(row.source, text), None)
        tgt_nums = facts.target_numbers if facts is not None and facts.target_numbers is not None \
            else _safe(lambda: numbers_of("", text)[1])
        marks: list[Mark] = []
        free = {key: iter(ks) for key, ks in src_by_key.items()}  # each source number pairs once per column
        for q in tgt_nums:
            k = next(free.get(_num_key(q), iter(())), None)  # the first unpaired source number of equal value
            pair = None
            if k is not None:
                pair = f"n{k}"
                used_src_pairs.add(pair)
            marks.append(Mark(q.span[0], q.span[1], "num", pair, _fmt(q.value)))
        if col >= len(row.systems) and text.strip():
            # the reference: a name a system column paired is looked up by its spelling (cheap)
            for surface, pair in seen_names.items():
                for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
                    marks.append(Mark(m.start(), m.end(), "name", pair))
        elif facts is not None and facts.names:  # None: too long to analyse (check says names-unchecked)
            for link in facts.names:
                pair = f"m{link.source_span[0]}"
                used_src_pairs.add(pair)
                src_marks[link.source_span] = Mark(*link.source_span, "name", pair)
                marks.append(Mark(*link.target_span, "name", pair))
                seen_names.setdefault(link.target_text, pair)
        col_marks.append(_clean(marks))
    for k, sq in enumerate(src_nums):
        pair = f"n{k}"
        src_marks[(sq.span[0], sq.span[1])] = Mark(sq.span[0], sq.span[1], "num",
                                                   pair if pair in used_src_pairs else None, _fmt(sq.value))
    return _clean(list(src_marks.values())), col_marks


def _safe(fn, default=()):
    try:
        return fn()
    except Exception:  # a highlight is never worth a crash  # pragma: no cover
        return default


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _clean(marks: list[Mark]) -> list[Mark]:
    """Sorted, without overlaps (the earlier, then the longer span wins)."""
    out: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if m.end <= m.start:
            continue
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- exports

def to_alignment(view: View, system: int = 0):
    """The rows as a :class:`bitext.align.core.Alignment` (one bead per row), for TSV/JSONL/TMX."""
    from ..align.core import Alignment, Bead

    src, tgt, beads = [], [], []
    for r in view.rows:
        text = r.systems[system] if system < len(r.systems) else ""
        s = [len(src)] if r.source else []
        t = [len(tgt)] if text else []
        if r.source:
            src.append(r.source)
        if text:
            tgt.append(text)
        beads.append(Bead(s, t, 1.0 if s and t else 0.0))
    return Alignment(beads, src, tgt, method="view")


def export_rows(view: View, fmt: str) -> str:
    """tsv: line, source, every system, reference, score, findings; jsonl: one record per row; tmx: first system."""
    if fmt == "tmx":
        from ..align.export import to_tmx

        return to_tmx(to_alignment(view)).decode("utf-8")
    if fmt == "jsonl":
        out = []
        for r in view.rows:
            rec = {"row": r.index, "line": r.line, "block": r.block, "kind": r.kind, "source": r.source,
                   "systems": dict(zip(view.system_names, r.systems))}
            if r.location:
                rec["location"] = r.location
            if view.ref_name is not None:
                rec["reference"] = r.reference
                rec["scores"] = dict(zip(view.system_names, r.scores))
            if view.checked:
                rec["findings"] = [dict(f, system=view.system_names[f.get("system", 0)]) for f in r.findings]
            out.append(dumps_line(rec) + "\n")
        return "".join(out)
    if fmt == "tsv":
        flat = _flat
        head = ["line", view.source_name, *view.system_names]
        if view.ref_name is not None:
            head += [view.ref_name, *(f"chrF++ {n}" for n in view.system_names)]
        if view.checked:
            head.append("findings")
        lines = ["\t".join(flat(h) for h in head)]
        for r in view.rows:
            cells = [r.location or str(r.line or r.index + 1), r.source, *r.systems]
            if view.ref_name is not None:
                cells += [r.reference or "", *("" if s is None else f"{s:.1f}" for s in r.scores)]
            if view.checked:
                cells.append(" | ".join(f"{f['kind']}: {f['message']}" for f in r.findings))
            lines.append("\t".join(flat(c) for c in cells))
        return "\n".join(lines) + "\n"
    raise FormatError(f"unknown export format {fmt!r}")


def _flat(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())
