"""Translate many documents, or a large corpus of rows, locally or on a Ray cluster.

    from bitext.corpus import translate_corpus
    result = translate_corpus(["docs/"], "out/", engine="ray", workers=2)
    for doc in result.failed:
        print(doc.input, doc.error)

Each document is translated by the one orchestrator (:func:`bitext.job.translate_data`),
so a document's output is byte-identical whatever the engine, and to ``bitext translate FILE``. Outputs are written atomically and recorded in
``OUTDIR/.bitext-manifest.jsonl``; a rerun skips every document whose input
(size, mtime) and output-changing options are those of a completed run and
whose output is still there. A file that fails is reported, never stops the
others.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..document import write_atomic
from ..errors import FormatError, InputError
from ..job import TranslateJob
from ..jsonl import dumps_line
from .inputs import PARTS, SHARD_ROWS, Source, WorkItem, expand_inputs, options_hash, part_path, with_output_format, work_items
from .progress import ProgressCallback, ProgressState, RichProgress

MANIFEST = ".bitext-manifest.jsonl"
ENGINES = ("local", "ray")


@dataclass
class DocumentResult:
    """What happened to one input (a row corpus is one input, whatever its shards)."""

    input: str
    output: str  # path of the translation (OUTDIR/...)
    status: str  # ok, skipped (done by an earlier run), failed
    error: str = ""  # one line, when failed
    sentences: int = 0
    cache_hits: int = 0  # model inputs found in the translation cache
    translated: int = 0  # model inputs sent to the model
    flagged: int = 0  # sentences with flags (length_limit, repetition, empty, chunked): see --format jsonl
    findings: int = 0  # check findings of severity error or warning (with job.check)
    repairs: int = 0  # repairs made (with job.fix)
    units: int = 1  # shards of a row corpus
    warnings: list[str] = field(default_factory=list)


@dataclass
class CorpusResult:
    documents: list[DocumentResult]
    outdir: str
    engine: str
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.status == "failed"]

    @property
    def ok(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.status == "ok"]

    @property
    def skipped(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.status == "skipped"]

    @property
    def sentences(self) -> int:
        return sum(d.sentences for d in self.documents if d.status == "ok")

    @property
    def translated(self) -> int:
        return sum(d.translated for d in self.documents)

    @property
    def cache_hits(self) -> int:
        return sum(d.cache_hits for d in self.documents)

    @property
    def flagged(self) -> int:
        return sum(d.flagged for d in self.documents)

    @property
    def findings(self) -> int:
        return sum(d.findings for d in self.documents)

    @property
    def repairs(self) -> int:
        return sum(d.repairs for d in self.documents)

    def summary(self) -> str:
        """One line: what was done."""
        parts = [f"{len(self.ok)} translated ({self.sentences:,} sentences: {self.translated:,} model inputs translated, "
                 f"{self.cache_hits:,} from the cache)"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (done by an earlier run)")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        rate = f", {self.sentences / self.seconds:.1f} sentences/s" if self.seconds and self.sentences else ""
        return f"{len(self.documents)} documents: " + ", ".join(parts) + f" in {self.seconds:.1f} s{rate} -> {self.outdir}"


class Manifest:
    """``OUTDIR/.bitext-manifest.jsonl``: one line per completed unit, appended by the driver only."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").split("\n"):  # records may hold U+2028
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut by a crash
        self._fh = None

    def done(self, key: str, item: WorkItem, opts: str, outdir: Path, output: str) -> dict | None:
        e = self.entries.get(key)
        if e and e.get("size") == item.size and e.get("mtime_ns") == item.mtime_ns and e.get("options") == opts \
                and (outdir / output).is_file():
            return e
        return None

    def add(self, key: str, item: WorkItem, opts: str, output: str, **counts) -> None:
        entry = {"key": key, "input": item.path, "size": item.size, "mtime_ns": item.mtime_ns, "options": opts,
                 "output": output, **counts}
        self.entries[key] = entry
        if self._fh is None:
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(dumps_line(entry) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def translate_corpus(
    inputs: Iterable[str] | str,
    outdir: str | os.PathLike[str],
    job: TranslateJob | None = None,
    engine: str = "local",
    *,
    address: str | None = None,
    workers: int | None = None,
    gpus_per_worker: float = 0.0,
    shard_rows: int = SHARD_ROWS,
    progress: ProgressCallback | None = None,
    info=None,
    **options,
) -> CorpusResult:
    """Translate files, directories, globs and jsonl/parquet corpora into ``outdir``.

    ``engine``: ``local`` (this process) or ``ray`` (``address``: None starts
    Ray on this machine unless ``RAY_ADDRESS`` is set; ``auto``; ``ray://host:10001``;
    ``workers`` actors of ``threads`` CPU threads or ``gpus_per_worker`` GPUs).
    ``job``: the :class:`~bitext.job.TranslateJob` of every document (or give its options flat:
    ``model=``, ``beam=``, ``output_format=``, ...; see :meth:`TranslateJob.from_options`).
    The local engine uses every core unless ``job.engine.threads`` says otherwise. Raises
    :class:`~bitext.errors.BitextError` for problems of the whole job (no
    input, no model, no Ray); a document that fails is a ``failed`` result.
    """
    if engine not in ENGINES:
        raise FormatError(f"--engine {engine}: unknown engine; use local or ray")
    if engine == "ray":
        from .ray_engine import import_ray

        import_ray()  # before scanning: say how to install it at once
    t0 = time.monotonic()
    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    if not inputs:
        raise InputError("no input given")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{outdir}: is a file; -o must be a directory when translating several inputs")
    if job is None:
        job = TranslateJob.from_options(**options)
    elif options:
        raise FormatError(f"give either a job or its options, not both ({', '.join(options)})")
    job = job.with_(cache_dir=_cache_dir(job.cache_dir) if job.use_cache else None)
    _check_model_path(job.engine.model)
    job.glossary_terms()  # a bad glossary: one error before any work, not one per document
    output_format, input_format, field_name = job.output_format, job.input_format, job.field
    sources = expand_inputs(inputs, out, input_format)
    if output_format not in (None, "jsonl") and any(s.rows for s in sources):
        rows = next(s.path for s in sources if s.rows)
        raise FormatError(f"{rows}: a row corpus (jsonl/parquet) is written as jsonl; --format {output_format} is for documents")
    opts = options_hash({**job.output_key(), "shard_rows": shard_rows})
    _refuse_colliding_outputs(sources, output_format, out)
    out.mkdir(parents=True, exist_ok=True)  # only once the inputs are known to exist

    manifest = Manifest(out)
    results: dict[str, DocumentResult] = {}  # by source path
    pending: list[WorkItem] = []
    try:
        for item in work_items(sources, shard_rows, field_name, input_format):
            output = with_output_format(item.output, output_format) if item.shard is None else item.output
            item.output = output
            res = results.setdefault(item.path, DocumentResult(item.path, str(out / output), "ok", units=item.shards or 1))
            if item.error:
                res.status, res.error = "failed", item.error
                continue
            if item.shard is not None:
                whole = manifest.done(item.key.rsplit("#", 1)[0] + "#all", item, opts, out, output)
                if whole:
                    res.status, res.sentences = "skipped", whole.get("sentences", 0)
                    continue
            entry = manifest.done(item.key, item, opts, out, item.part)
            if entry:
                res.sentences += entry.get("sentences", 0)
                if item.shard is None:
                    res.status = "skipped"
                continue
            pending.append(item)  # parsed and segmented by the worker that translates it
        state = ProgressState(units_total=len(pending), bytes_total=sum(_unit_bytes(i) for i in pending),
                              skipped=sum(1 for r in results.values() if r.status == "skipped"))
        if progress:
            progress(state)

        def on_result(item: WorkItem, row: dict) -> None:
            res = results[item.path]
            state.units_done += 1
            if row["status"] == "ok":
                (out / item.part).parent.mkdir(parents=True, exist_ok=True)
                write_atomic(out / item.part, row["output_bytes"])
                manifest.add(item.key, item, opts, item.part, sentences=row["sentences"],
                             cache_hits=row["cache_hits"], translated=row["translated"], flagged=row.get("flagged", 0),
                             findings=row.get("findings", 0), repairs=row.get("repairs", 0),
                             started=round(row["started"], 3),
                             seconds=row["seconds"])
                res.sentences += row["sentences"]
                res.cache_hits += row["cache_hits"]
                res.translated += row["translated"]
                res.flagged += row.get("flagged", 0)
                res.findings += row.get("findings", 0)
                res.repairs += row.get("repairs", 0)
                res.warnings += [w for w in row.get("warnings", "").split("\n") if w]
                state.sentences_done += row["sentences"]
                state.bytes_done += _unit_bytes(item)
            else:
                state.failed += 1
                state.bytes_total -= _unit_bytes(item)
                if not res.error:
                    res.error = row["error"] if item.shard is None else f"shard {item.shard}: {row['error']}"
                res.status = "failed"
            if progress:
                progress(state)

        if engine == "local":
            from .local import run_local

            run_local(pending, job, on_result)
        else:
            from .ray_engine import run_ray

            run_ray(pending, job, on_result, address=address, workers=workers, gpus_per_worker=gpus_per_worker,
                    info=info)
        _join_row_corpora(sources, results, manifest, out, opts)
    finally:
        manifest.close()
    return CorpusResult(list(results.values()), str(out), engine, round(time.monotonic() - t0, 2))


def _refuse_colliding_outputs(sources: list[Source], output_format: str | None, out: Path) -> None:
    """Two inputs that would be written to one output (page.md and page.html with --format jsonl):
    refuse before any work rather than let the second overwrite the first."""
    seen: dict[str, str] = {}
    for src in sources:
        target = src.output if src.rows else with_output_format(src.output, output_format)
        other = seen.setdefault(target.lower(), src.path)
        if other != src.path:
            raise InputError(f"{other} and {src.path} would both be written to {out / target}: translate them "
                             "into separate output directories, or keep their own formats (no --format)")


def _unit_bytes(item: WorkItem) -> int:
    return max(1, item.nbytes)


def _cache_dir(given: str | None) -> str | None:
    """The cache directory the workers open: the one given, else ``$BITEXT_CACHE_DIR`` as the driver sees it,
    else ``None`` (each worker's own default, ``~/.cache/bitext`` on Linux: one cache per node)."""
    from ..translate.cache import CACHE_ENV

    chosen = given or os.environ.get(CACHE_ENV)
    return str(Path(chosen).expanduser().resolve()) if chosen else None


def _check_model_path(model: str | None) -> None:
    """A model given as a path must exist before any worker starts (a hub id is left to the workers)."""
    if model and (model.startswith((".", "/", "~")) or os.sep in model.strip("/").replace("/", "", 1)):
        from ..translate.marian import locate_model

        locate_model(model)


def _join_row_corpora(sources: list[Source], results: dict[str, DocumentResult], manifest: Manifest, out: Path,
                      opts: str) -> None:
    """Join the shards of every completed row corpus into its output, in order; drop the parts."""
    for src in sources:
        res = results.get(src.path)
        if not src.rows or res is None or res.status != "ok":
            continue
        p = Path(src.path)
        st = p.stat()
        key = str(p.resolve())
        item = WorkItem(key, src.path, src.output, "jsonl", st.st_size, st.st_mtime_ns)
        names = [part_path(src.output, i) for i in range(res.units)]
        parts = [out / name for name in names]
        with_parts = all(manifest.done(f"{key}#{i}", item, opts, out, name) for i, name in enumerate(names))
        if not with_parts:
            res.status, res.error = "failed", f"{src.path}: a shard is missing from {out / PARTS}; run again"
            continue
        (out / src.output).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out / src.output, b"".join(part.read_bytes() for part in parts))
        manifest.add(f"{key}#all", item, opts, src.output, sentences=res.sentences)
        for part in parts:
            part.unlink(missing_ok=True)


__all__ = ["CorpusResult", "DocumentResult", "ProgressState", "RichProgress", "translate_corpus"]
