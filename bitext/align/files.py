"""The align stage on files: one :class:`AlignJob` (what ``bitext align`` was asked) is read, aligned
and written by :func:`align_files`, which the CLI calls and a Python user can call the same way.

    from bitext.align.files import AlignJob, align_files
    done = align_files(AlignJob("news.ar", "news.en", output="pairs.jsonl", presplit=True, doc_ids="news.ids"))
    print(done.summary())

Every file problem is a one-line :class:`bitext.errors.FormatError` / ``InputError`` raised before
anything is written; outputs are written atomically.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from bitext.errors import FormatError

FORMATS = ("tsv", "jsonl", "tmx", "moses")
_EXTENSIONS = {".jsonl": "jsonl", ".tmx": "tmx"}


@dataclass(frozen=True)
class AlignJob:
    """What to align and where to write it. ``ar`` / ``en``: two files, or two directories of files
    with matching names; ``output``: a file, ``-`` (stdout), the moses prefix, or with directories
    the output directory; ``fmt``: one of :data:`FORMATS`, None = from the output's extension, else tsv."""

    ar: str
    en: str
    output: str = "-"
    fmt: str | None = None
    presplit: bool = False
    mt: str | None = None  # a machine translation of ``ar``, one sentence per line (or segmented like ar)
    model: str | None = None  # translate the Arabic side with this model (the caller supplies ``translate``)
    dictionary: str | None = None
    learn: bool = True
    doc_ids: str | None = None
    doc_ids_en: str | None = None
    min_score: float = 0.0

    @property
    def directories(self) -> bool:
        return Path(self.ar).is_dir()

    @property
    def format(self) -> str:
        if self.fmt:
            return self.fmt
        return _EXTENSIONS.get("" if self.directories else Path(self.output).suffix.lower(), "tsv")

    def validate(self) -> None:
        """The option combinations that cannot work, as one-line errors."""
        if self.mt and self.model:
            raise FormatError("give either --mt FILE or --model M, not both")
        if self.fmt is not None and self.fmt not in FORMATS:
            raise FormatError(f"unknown alignment format {self.fmt!r}: one of {', '.join(FORMATS)}")
        if self.directories and self.output == "-":
            raise FormatError("two directories give one output file per document: give -o OUTDIR")
        if self.directories and (self.mt or self.model):
            raise FormatError("--mt and --model take two files, not directories")
        if self.format == "moses" and self.output == "-":
            raise FormatError("--format moses writes OUT.ar and OUT.en: give -o OUT")


@dataclass
class AlignedFiles:
    """What :func:`align_files` did: the documents read, their alignments, the files written."""

    job: AlignJob
    docs: list  # bitext.align.inputs.DocumentPair
    alignments: list  # bitext.align.Alignment, one per document
    targets: list  # paths written (none for stdout)
    seconds: float  # the aligner alone
    given_entries: int  # dictionary pairs given with --dict

    @property
    def learnt_entries(self) -> int:
        return int(self.alignments[0].info.get("learnt_entries", 0)) if self.alignments else 0

    def bead_counts(self) -> Counter:
        return Counter(b.kind for al in self.alignments for b in al.beads)

    def summary(self) -> str:
        from bitext.align.export import alignment_summary

        return alignment_summary(self.alignments, self.docs, self.job.min_score)

    def details(self) -> str:
        kinds = ", ".join(f"{k}: {n}" for k, n in self.bead_counts().most_common())
        return (f"beads: {kinds}; dictionary: {self.given_entries} given, {self.learnt_entries} learnt; "
                f"{self.seconds:.2f} s")


def align_files(job: AlignJob, translate: Callable[[Sequence[str]], list[str]] | None = None,
                warn: Callable[[str], None] | None = None, progress=None,
                write: Callable[[str, str | bytes], None] | None = None) -> AlignedFiles:
    """Read, align and write ``job``. ``translate``: lines -> their translations, needed when
    ``job.model`` is set (the CLI passes the loaded engine's). ``warn``: one-line warnings (a side
    with no sentences). ``progress(done, total)``: per document written. ``write(output, data)``:
    how a single output goes out (default: :func:`bitext.document.write_output`, ``-`` = stdout)."""
    from bitext.align import align_documents, load_dictionary
    from bitext.align.export import alignment_targets, render_joined, write_per_document
    from bitext.align.inputs import load_documents, load_mt, per_document
    from bitext.document import refuse_overwriting_inputs, write_atomic, write_output

    job.validate()
    fmt, directories = job.format, job.directories
    docs = load_documents(job.ar, job.en, presplit=job.presplit, doc_ids=job.doc_ids, doc_ids_en=job.doc_ids_en)
    targets = alignment_targets(docs, job.output, fmt, directories)
    if not directories:  # -o AR, or a moses PREFIX whose PREFIX.ar is the Arabic file
        refuse_overwriting_inputs(targets, [job.ar, job.en, job.mt, job.dictionary, job.doc_ids, job.doc_ids_en])
    if warn:
        for doc in docs:
            for name, side, other in ((doc.ar_name, doc.src, doc.tgt), (doc.en_name, doc.tgt, doc.src)):
                if not side and other:
                    warn(f"{name} has no sentences: every sentence of the other side is left unaligned")
    dictionary = load_dictionary(job.dictionary) if job.dictionary else None
    mt = None
    if job.mt:
        mt = load_mt(job.mt, docs, job.presplit, job.ar)
    elif job.model:
        if translate is None:
            raise ValueError("job.model is set: pass translate=, the function that translates the Arabic lines")
        mt = per_document(translate([s for d in docs for s in d.src]), docs)
    started = time.perf_counter()
    alignments = align_documents([(d.src, d.tgt) for d in docs], mt=mt, dictionary=dictionary, learn=job.learn)
    seconds = time.perf_counter() - started
    if directories:
        write_per_document(alignments, docs, fmt, job.min_score, targets, progress=progress)
    else:
        data = render_joined(alignments, docs, fmt, job.min_score)
        if fmt == "moses":
            write_atomic(targets[0], data[0])
            write_atomic(targets[1], data[1])
        else:
            (write or write_output)(job.output, data)
        if progress:
            progress(len(docs), len(docs))
    return AlignedFiles(job, docs, alignments, targets, seconds, len(dictionary) if dictionary else 0)


__all__ = ["AlignJob", "AlignedFiles", "FORMATS", "align_files"]
