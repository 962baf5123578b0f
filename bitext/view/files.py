"""The view stage on files: one :class:`ViewJob` (what ``bitext view`` was asked) is read, checked,
scored and rendered by :func:`view_files`, which the CLI calls and a Python user can call the same way.

    from bitext.view.files import ViewJob, view_files
    page = view_files(ViewJob(("test.ar", "test.opusmt.en"), ref="test.en", fmt="html"))
    Path("view.html").write_text(page.text, encoding="utf-8")

Every problem with the inputs or the options is a one-line :class:`bitext.errors.FormatError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bitext.errors import FormatError

FORMATS = ("html", "term", "tsv", "jsonl", "tmx")
_EXTENSIONS = {".html": "html", ".htm": "html", ".tsv": "tsv", ".jsonl": "jsonl", ".tmx": "tmx"}


@dataclass(frozen=True)
class ViewJob:
    """``inputs``: SRC and MT files (line-aligned, or any segmentation with ``align``), or one
    ``bitext translate --format jsonl`` file; ``more``: further systems; ``fmt``: one of
    :data:`FORMATS`, None = from ``output``'s extension, else html (the CLI picks term on a terminal)."""

    inputs: tuple[str, ...]
    output: str = "-"
    fmt: str | None = None
    ref: str | None = None
    ref_name: str | None = None
    more: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    align: bool = False
    check: bool = True
    title: str | None = None
    show_info: bool = False
    fix_log: str | None = None

    @property
    def format(self) -> str:
        return self.fmt or _EXTENSIONS.get(Path(self.output).suffix.lower(), "html")

    def validate(self) -> None:
        if not self.inputs:
            raise FormatError("give SRC and MT (or one JSONL file)")
        if len(self.inputs) > 2:
            raise FormatError(f"give SRC and MT (or one JSONL file), not {len(self.inputs)} files; "
                              "more systems go with --mt2")
        if self.format not in FORMATS:
            raise FormatError(f"unknown view format {self.format!r}: one of {', '.join(FORMATS)}")
        if self.format == "term" and self.output != "-":
            raise FormatError("--format term writes to the terminal; use html, tsv, jsonl or tmx with -o")
        if len(self.inputs) == 1 and (self.more or self.align):
            raise FormatError("--mt2 and --align need SRC and MT files, not a JSONL file")
        if self.fix_log and (len(self.inputs) == 1 or self.align):
            raise FormatError("--fix-log goes with SRC MT files, line-aligned (not a JSONL file, not --align)")


@dataclass
class ViewResult:
    view: Any  # bitext.view.rows.View
    text: str  # the rendered page or rows ("" for term, which the caller shows)
    fix_records: int  # records read from --fix-log
    unplaced_repairs: int  # of them, those that match no line of MT


def view_files(job: ViewJob) -> ViewResult:
    """Read, check, score and render ``job`` (``term``: the view is built, ``text`` is empty; show it with
    :func:`bitext.view.terminal.show_terminal`)."""
    from bitext.view.rows import add_fix_log, export_rows, read_fix_log, view_from_files, view_from_jsonl

    job.validate()
    if len(job.inputs) == 1:
        view = view_from_jsonl(job.inputs[0], ref=job.ref, ref_name=job.ref_name, run_check=job.check,
                               system_name=job.names[0] if job.names else None)
    else:
        view = view_from_files(job.inputs[0], [job.inputs[1], *job.more], ref=job.ref, names=job.names,
                               ref_name=job.ref_name, align=job.align, run_check=job.check)
    records: list = []
    unplaced = 0
    if job.fix_log:
        records = read_fix_log(job.fix_log)
        unplaced = len(records) - add_fix_log(view, records)
    fmt = job.format
    if fmt in ("term", "html") and not job.show_info:
        view.hide_info()  # tsv, jsonl and tmx keep every finding with its severity
    if fmt == "term":
        text = ""
    elif fmt == "html":
        from bitext.view.html import render_html

        text = render_html(view, title=job.title)
    else:
        text = export_rows(view, fmt)
    return ViewResult(view, text, len(records), unplaced)


__all__ = ["FORMATS", "ViewJob", "ViewResult", "view_files"]
