"""Self-contained HTML side-by-side view (CSS and JS inline, no network requests)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .rows import Mark, Row, View, all_marks

_MARK_CLASS = {"num": "hn", "name": "hm"}


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` escaped, with every mark a focusable ``<span>`` (pair id in ``data-pair``)."""
    out: list[str] = []
    pos = 0
    for m in marks:
        if m.start < pos or m.end > len(text):
            continue
        out.append(str(escape(text[pos:m.start])))
        cls = _MARK_CLASS.get(m.kind, "hn") + ("" if m.pair else " lone")
        attrs = f' class="{cls}"'
        if m.pair:
            attrs += f' data-pair="{escape(m.pair)}" tabindex="0"'
        if m.title:
            attrs += f' title="{escape(m.title)}"'
        out.append(f"<span{attrs}>{escape(text[m.start:m.end])}</span>")
        pos = m.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def changes(original: str, repairs: list[dict]) -> Markup:
    """``original`` escaped, each repaired span as ``<del>before</del><ins>after</ins>`` (title: the reason)."""
    out: list[str] = []
    pos = 0
    for r in sorted(repairs, key=lambda r: r["span"][0]):
        s, e = r["span"]
        if s < pos or e > len(original):
            continue
        title = escape(f"{r.get('finding', '')}: {r.get('reason', '')}")
        out.append(str(escape(original[pos:s])))
        out.append(f'<del title="{title}">{escape(original[s:e])}</del><ins title="{title}">{escape(r["after"])}</ins>')
        pos = e
    out.append(str(escape(original[pos:])))
    return Markup("".join(out))


def _score_style(score: float | None) -> str:
    if score is None:
        return ""
    s = max(0.0, min(100.0, float(score)))
    return f"--s:{s:.0f}"


def _cells(row: Row, view: View, marks) -> dict:
    src_marks, col_marks = marks
    cols = []
    for k, text in enumerate(row.systems):
        cols.append({"name": view.system_names[k], "html": highlight(text, col_marks[k]),
                     "score": row.scores[k] if k < len(row.scores) else None,
                     "style": _score_style(row.scores[k] if k < len(row.scores) else None),
                     "empty": not text.strip()})
    ref = None
    if row.reference is not None:
        ref = highlight(row.reference, col_marks[len(row.systems)])
    findings = []
    for f in row.findings:
        k = f.get("system", 0)
        findings.append({"kind": f.get("kind", "?"), "severity": f.get("severity", "info"),
                         "message": f.get("message", ""),
                         "system": view.system_names[k] if len(view.system_names) > 1 and k < len(view.system_names) else None})
    fix = changes(row.original, row.repairs) if row.repairs and row.original is not None else None
    return {"row": row, "source": highlight(row.source, src_marks), "cols": cols, "ref": ref,
            "findings": findings, "severity": row.severity(), "fix": fix}


def render_html(view: View, title: str | None = None) -> str:
    """One HTML file: summary header, filter, rows grouped by paragraph, inline CSS and JS."""
    from pathlib import Path

    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                      autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("view.html.j2")
    marks = all_marks(view)
    groups = [[_cells(r, view, marks[r.index]) for r in g] for g in view.groups()]
    n_cols = len(view.system_names) + (1 if view.ref_name is not None else 0)
    return template.render(
        view=view, groups=groups, title=title or f"bitext view: {view.source_name}",
        n_cols=n_cols, counts=view.finding_counts(), severities=view.severity_counts(),
        flagged=sum(1 for r in view.rows if r.findings), multi=len(view.system_names) > 1,
    )
