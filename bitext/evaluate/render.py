"""The evaluation report as text (rich tables), JSON, HTML (jinja2) and per-sentence TSV/JSONL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..jsonl import dumps_line
from .report import METRIC_LABELS, NAME_KINDS, NUMBER_KINDS, EvalReport


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _p(x: float) -> str:
    if x != x:
        return "-"
    return "<.001" if x < 0.001 else f"{x:.3f}".lstrip("0")


def table_rows(report: EvalReport) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary table (shared by text and html)."""
    header = ["System"]
    for m in report.metrics:
        header += [METRIC_LABELS[m], f"vs {report.baseline} ({METRIC_LABELS[m]})"] if len(report.systems) > 1 else [METRIC_LABELS[m]]
    has_fid = any(s.fidelity for s in report.systems)
    if has_fid:
        header += ["numbers", "names"]
    header += ["len ratio"]
    if report.align:
        header += ["merged beads"]
    rows = []
    for i, s in enumerate(report.systems):
        row = [s.name]
        for m in report.metrics:
            sc = s.scores[m]
            row.append(f"{sc.score:.2f}" + (f" ±{sc.ci:.2f}" if sc.ci is not None else ""))
            if len(report.systems) > 1:
                if i == 0:
                    row.append("baseline")
                else:
                    c = s.comparison[m]
                    row.append(f"{c.delta:+.2f} {c.verdict} (p={_p(c.p_bootstrap)}/{_p(c.p_ar)})")
        if has_fid:
            row += [_pct(s.fidelity.number_rate), _pct(s.fidelity.name_rate)] if s.fidelity else ["-", "-"]
        row.append(f"{s.length_ratio:.3f}")
        if report.align:
            row.append(f"{s.align['merged_beads']} of {s.align['beads']}" if s.align else "-")
        rows.append(row)
    return header, rows


# The text report fits this many columns (a terminal of 80-120): a wider table is split in two.
TEXT_WIDTH = 100


def narrow_rows(report: EvalReport) -> list[tuple[list[str], list[list[str]]]]:
    """The summary table as two narrower ones: the scores of every system, then (with several
    systems) each system's difference to the baseline per metric, with both p-values."""
    header, rows = table_rows(report)
    compare = [i for i, h in enumerate(header) if h.startswith("vs ")]
    keep = [i for i in range(len(header)) if i not in compare]
    scores = ([header[i] for i in keep], [[row[i] for i in keep] for row in rows])
    if not compare:
        return [scores, ([], [])]
    labels = [METRIC_LABELS[m] for m in report.metrics]
    diffs = (["System", *(f"{label} vs {report.baseline}" for label in labels)],
             [[row[0], *(row[i] for i in compare)] for row in rows[1:]])
    return [scores, diffs]


def notes(report: EvalReport) -> list[str]:
    out = []
    if len(report.systems) > 1:
        tests = []
        if report.n_bootstrap:
            tests.append(f"paired bootstrap ({report.n_bootstrap} resamples)")
        if report.ar_trials:
            tests.append(f"approximate randomisation ({report.ar_trials} trials)")
        out.append(f"vs {report.baseline}: difference to the baseline system; p = {' / '.join(tests)}, "
                   f"sacrebleu's tests, seed {report.seed}; better/worse when every p < {report.alpha}.")
    if report.n_bootstrap:
        out.append(f"± = half width of the 95% bootstrap confidence interval ({report.n_bootstrap} resamples).")
    if any(s.fidelity for s in report.systems):
        out.append("numbers / names: share of segments with error or warning findings of `bitext check` "
                   f"(numbers: {', '.join(NUMBER_KINDS)}; names: {', '.join(NAME_KINDS)}).")
    out.append("len ratio: hypothesis / reference length in 13a tokens (BLEU's ratio).")
    if report.align:
        out.append(f"--align: {report.align['ref_sentences']} reference sentences scored as {report.align['segments']} "
                   "segments common to all systems (bitext's aligner, hypothesis against the first reference); "
                   "merged beads = a system's beads that are not 1-1.")
    return out


def render_text(report: EvalReport, worst: int | None = None, width: int | None = None) -> str:
    """The table, the signatures, then the worst segments, as plain text (rich table, no colour),
    the table and its notes ``width`` columns wide at most (signatures and the segments' own text
    are never broken): a table wider than that is split into scores and comparisons, wrapped in
    their cells."""
    import io
    import textwrap

    from rich.console import Console
    from rich.table import Table

    title = f"{report.segments} segments, {report.references} reference(s)"
    width = width or TEXT_WIDTH

    def console(columns: int) -> Console:
        return Console(file=io.StringIO(), width=columns, color_system=None, highlight=False, emoji=False,
                       legacy_windows=False)

    def table(header: list[str], rows: list[list[str]], caption: str, wrap: bool = False) -> Table:
        t = Table(title=caption, title_justify="left")
        for i, h in enumerate(header):
            t.add_column(h, justify="left" if i == 0 or h.startswith("vs ") else "right", no_wrap=not wrap or i == 0)
        for row in rows:
            t.add_row(*row)
        return t

    header, rows = table_rows(report)
    out = console(10_000)
    out.print(table(header, rows, title), markup=False)
    printed = out.file.getvalue()
    if max(map(len, printed.splitlines())) > width:
        # too wide for the terminal: scores in one table, the comparisons with the baseline in another
        out = console(width)
        for (h, r), caption in zip(narrow_rows(report), (title, f"compared with {report.baseline}")):
            if r:
                out.print(table(h, r, caption, wrap=True), markup=False)
        printed = out.file.getvalue()
    lines = [line.rstrip() for line in printed.splitlines()]
    lines += [wrapped for note in notes(report) for wrapped in textwrap.wrap(note, width, subsequent_indent="  ")]
    lines.append("")
    lines.append("Signatures:")
    for m in report.metrics:
        lines.append(f"  {METRIC_LABELS[m]}: {report.signatures[m]}")
    if len(report.systems) > 1:
        lines.append("Paired tests:")
        for m in report.metrics:
            lines.append(f"  {METRIC_LABELS[m]}: {report.paired_signatures[m]}")
    n = report.worst_n if worst is None else worst
    if n > 0:
        for s in report.systems:
            lines.append("")
            lines.append(f"Worst {min(n, len(s.segments))} segments of {s.name} (lowest sentence chrF++):")
            for seg in s.worst(n):
                where = f"line {seg.id}" if not report.align else f"segment {seg.id} (ref lines {_span(seg.ref_lines)}, hyp lines {_span(seg.hyp_lines)})"
                lines.append(f"  {where}: chrF++ {seg.chrf:.1f}, BLEU {seg.bleu:.1f}")
                if seg.source is not None:
                    lines.append(f"    src: {seg.source}")
                for k, r in enumerate(seg.references):
                    lines.append(f"    ref{'' if len(seg.references) == 1 else k + 1}: {r}")
                lines.append(f"    hyp: {seg.hypothesis}")
    return "\n".join(lines) + "\n"


def _span(lines: list[int]) -> str:
    if not lines:
        return "-"
    return str(lines[0]) if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"


def render_json(report: EvalReport, worst: int | None = None) -> str:
    import json

    return json.dumps(report.to_dict(worst), ensure_ascii=False, indent=1) + "\n"


def render_html(report: EvalReport, worst: int | None = None) -> str:
    """One self-contained page (inline CSS, no scripts, no network); jinja2 with autoescape."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent.parent / "view" / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    header, rows = table_rows(report)
    n = report.worst_n if worst is None else worst
    return env.get_template("eval_report.html.j2").render(
        report=report, header=header, rows=rows, notes=notes(report), labels=METRIC_LABELS,
        worst={s.name: s.worst(n) for s in report.systems}, span=_span)


def sentence_records(report: EvalReport) -> list[dict[str, Any]]:
    return [seg.to_dict() for s in report.systems for seg in s.segments]


def render_sentences(report: EvalReport, fmt: str) -> str:
    """Every segment of every system: jsonl (one object a line) or TSV with a header."""
    if fmt == "jsonl":
        return "".join(dumps_line(r) + "\n" for r in sentence_records(report))
    cols = ["system", "id", "ref_lines", "hyp_lines", "bleu", "chrf", "source", "reference", "hypothesis"]
    out = ["\t".join(cols)]
    clean = lambda t: (t or "").replace("\t", " ").replace("\n", " ")  # noqa: E731
    for s in report.systems:
        for seg in s.segments:
            out.append("\t".join([s.name, str(seg.id), ",".join(map(str, seg.ref_lines)), ",".join(map(str, seg.hyp_lines)),
                                  f"{seg.bleu:.4f}", f"{seg.chrf:.4f}", clean(seg.source), clean(" ||| ".join(seg.references)),
                                  clean(seg.hypothesis)]))
    return "\n".join(out) + "\n"
