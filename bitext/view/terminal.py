"""Side-by-side view in a terminal: a rich Table, findings marked, Arabic made readable.

Most terminals lay text out left to right only. With ``bidi`` the Arabic
column is wrapped first (in logical order) and every line is then reordered
for display with python-bidi's ``get_display``; terminals that do their own
bidi (mlterm, Konsole, GNOME Terminal with bidi on) want ``bidi=False``.
"""

from __future__ import annotations

import io
import textwrap

from .rows import View

_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _display(text: str, width: int, bidi: bool) -> str:
    if not bidi:
        return text
    try:
        from bidi import get_display
    except ImportError:  # python-bidi missing: show logical order
        return text
    lines = textwrap.wrap(text, width=max(8, width), break_long_words=True, break_on_hyphens=False) or [""]
    return "\n".join(get_display(line, base_dir="R").rjust(width) for line in lines)


def build_table(view: View, width: int, bidi: bool = True):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    n_en = len(view.system_names) + (1 if view.ref_name is not None else 0)
    located = any(r.location for r in view.rows)  # document formats: docx paragraph, srt cue, ...
    loc_w = min(16, max((len(r.location or "") for r in view.rows), default=0)) if located else 0
    avail = max(20, width - 6 - 3 * (n_en + 2) - (loc_w + 1 if located else 0))
    col_w = max(10, avail // (n_en + 1))
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False, pad_edge=False, padding=(0, 1))
    table.add_column("#", justify="right", style="dim", no_wrap=True, width=4)
    if located:
        table.add_column("where", style="dim", width=loc_w, overflow="fold")
    table.add_column(view.source_name, justify="right", width=col_w, overflow="fold", no_wrap=bidi)
    for name in view.system_names:
        table.add_column(name, width=col_w, overflow="fold")
    if view.ref_name is not None:
        table.add_column(view.ref_name, width=col_w, overflow="fold", style="dim")
    last_block = None
    for r in view.rows:
        if last_block is not None and r.block != last_block:
            table.add_section()
        last_block = r.block
        num = Text(str(r.line or r.index + 1))  # the input file's line number, as check and eval say it
        sev = r.severity()
        if sev:
            num = Text(("!" if sev == "error" else "?") + str(r.line or r.index + 1), style=_SEV_STYLE[sev])
        style = "bold" if r.kind == "heading" else ""
        src = Text(_display(r.source, col_w, bidi), style=style)
        cells = [num, Text(r.location or ""), src] if located else [num, src]
        for k, text in enumerate(r.systems):
            cell = Text(text, style=style)
            if k < len(r.scores) and r.scores[k] is not None:
                s = r.scores[k]
                colour = "red" if s < 35 else "yellow" if s < 60 else "green"
                cell = Text.assemble((f"[{s:.0f}] ", colour), cell)
            for f in r.findings:
                if f.get("system", 0) == k:
                    cell.append(f"\n\u25b6 {f.get('kind')}: {f.get('message')}", style=_SEV_STYLE.get(f.get("severity"), ""))
            cells.append(cell)
        if view.ref_name is not None:
            cells.append(Text(r.reference or ""))
        table.add_row(*cells)
    return table


def _summary(view: View) -> str:
    parts = [f"{len(view.rows)} sentences", f"systems: {', '.join(view.system_names)}"]
    if view.checked:
        sev = view.severity_counts()
        kinds = ", ".join(f"{k}: {n}" for k, n in view.finding_counts().items())
        parts.append(("findings: " + ", ".join(f"{n} {s}" for s, n in sev.items()) + (f" ({kinds})" if kinds else ""))
                     if sev else "no findings")
        if view.hidden_info:
            parts.append(f"{view.hidden_info} info not shown (--show-info)")
    for name, scores in view.corpus.items():
        parts.append(f"{name}: " + ", ".join(f"{m} {v:.1f}" for m, v in scores.items()))
    return " | ".join(parts)


def render_terminal(view: View, width: int = 120, bidi: bool = True, color: bool = False) -> str:
    """The view as text (with ANSI colours when ``color``), for tests and pipes."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    console.print(_summary(view), markup=False, soft_wrap=True)
    console.print(build_table(view, width, bidi))
    return buf.getvalue()


def show_terminal(view: View, bidi: bool = True, pager: bool | None = None) -> None:
    """Print to the terminal; long views go through the pager (``$PAGER``, less -R)."""
    import os

    from rich.console import Console

    console = Console(highlight=False, emoji=False)
    table = build_table(view, console.width, bidi)
    if pager is None:
        pager = console.is_terminal and len(view.rows) > max(10, console.height // 3)
    if pager:
        os.environ.setdefault("LESS", "-R")
        with console.pager(styles=True):
            console.print(_summary(view), markup=False, soft_wrap=True)
            console.print(table)
    else:
        console.print(_summary(view), markup=False, soft_wrap=True)
        console.print(table)
