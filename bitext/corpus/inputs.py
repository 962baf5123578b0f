"""What to translate: expand files, directories and globs, map them to outputs, cut row corpora into shards.

Every input becomes one or more :class:`WorkItem` (a unit translated as a
whole: a document, or a shard of rows of a jsonl/parquet corpus). Outputs
keep the inputs' relative paths under OUTDIR:

* a file ``a/b.txt`` -> ``OUTDIR/b.txt``;
* a directory ``docs/`` -> ``OUTDIR/<path under docs/>`` (hidden files and
  folders, and OUTDIR itself, are skipped);
* a glob ``'docs/**/*.md'`` -> ``OUTDIR/<path under the glob's fixed part>``;
* a ``.jsonl``/``.parquet`` corpus -> ``OUTDIR/<name>.jsonl``, translated in
  shards of ``shard_rows`` rows, each shard a unit; the shards' outputs are
  joined in order when every shard is done.

Two inputs that would write the same output are refused before any work.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import InputError

ROW_CORPUS_EXTENSIONS = (".jsonl", ".parquet")
SHARD_ROWS = 1000
PARTS = ".bitext-parts"  # under OUTDIR: shard translations until their corpus is complete


def part_path(output: str, shard: int) -> str:
    """Where shard ``shard`` of the row corpus written to ``output`` is kept (relative to OUTDIR)."""
    return f"{PARTS}/{output}.{shard:06d}"


@dataclass
class Source:
    """One input file and where its translation goes (relative to OUTDIR)."""

    path: str  # as expanded from the command line
    output: str  # relative path under OUTDIR
    rows: bool = False  # a jsonl/parquet corpus, cut into shards


@dataclass
class WorkItem:
    """A unit of work: a whole document, or one shard of a row corpus."""

    key: str  # unique and stable: absolute input path, plus "#shard" for shards
    path: str  # the input path (also the name the format parser sees)
    output: str  # relative output path under OUTDIR (for a shard: the corpus's final output)
    fmt: str  # input format name
    size: int  # input file size in bytes
    mtime_ns: int
    shard: int | None = None  # shard index of a row corpus
    shards: int | None = None  # number of shards of that corpus
    data: bytes | None = field(default=None, repr=False)  # loaded on demand
    nbytes: int = 0  # the unit's input bytes (progress)
    error: str | None = None  # the input cannot be read: reported, never translated

    def load(self) -> bytes:
        """The unit's bytes (a shard's are kept; a document is read from its file)."""
        if self.data is not None:
            return self.data
        try:
            return Path(self.path).read_bytes()
        except OSError as exc:
            raise InputError(f"{self.path}: cannot be read ({exc.strerror or exc})") from None

    @property
    def part(self) -> str:
        """Where a shard's translation is kept until the corpus is complete."""
        return self.output if self.shard is None else part_path(self.output, self.shard)


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _glob_base(pattern: str) -> Path:
    """The fixed directory part of a glob: ``docs/ar/**/*.txt`` -> ``docs/ar``."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _is_row_corpus(path: str, input_format: str | None) -> bool:
    if input_format:
        return input_format == "jsonl"
    return Path(path).suffix.lower() in ROW_CORPUS_EXTENSIONS


def expand_inputs(inputs: list[str], outdir: str | Path, input_format: str | None = None) -> list[Source]:
    """Files, directories and globs -> sources with their relative output paths, in a stable order."""
    out_root = Path(outdir).resolve()
    sources: list[Source] = []
    for spec in inputs:
        path = Path(spec)
        found: list[tuple[Path, Path]] = []  # (file, relative output)
        if path.is_dir():
            root = path.resolve()
            if root == out_root:
                raise InputError(f"{spec}: is the output directory; choose another -o")
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and Path(dirpath, d).resolve() != out_root)
                for name in sorted(filenames):
                    f = Path(dirpath, name)
                    rel = f.relative_to(path)
                    if not _is_hidden(rel) and f.is_file():
                        found.append((f, rel))
            if not found:
                raise InputError(f"{spec}: directory has no files")
        elif path.is_file():
            found.append((path, Path(path.name)))
        elif glob.has_magic(spec):
            base = _glob_base(spec)
            for match in sorted(glob.glob(spec, recursive=True)):
                f = Path(match)
                if f.is_file() and out_root not in f.resolve().parents:
                    found.append((f, f.relative_to(base)))
            if not found:
                raise InputError(f"{spec}: no file matches")
        else:
            raise InputError(f"{spec}: no such file or directory")
        for f, rel in found:
            rows = _is_row_corpus(str(f), input_format)
            rel = rel.with_name(english_name(rel.name))
            out = rel.with_suffix(".jsonl") if rows else rel
            sources.append(Source(str(f), out.as_posix(), rows))
    seen: dict[str, str] = {}
    for s in sources:
        if s.output in seen and Path(seen[s.output]).resolve() != Path(s.path).resolve():
            raise InputError(f"{seen[s.output]} and {s.path} would both be written to {Path(outdir) / s.output}; give them separately")
        seen.setdefault(s.output, s.path)
    # the same file given twice (a file and its directory): keep it once
    unique: dict[str, Source] = {}
    for s in sources:
        unique.setdefault(str(Path(s.path).resolve()), s)
    return list(unique.values())


_ARABIC_TAGS = {"ar", "ara", "arb"}


def english_name(name: str) -> str:
    """The output name of an input file: a language tag ``ar`` among the name's dotted parts becomes
    ``en`` (``a.ar.txt`` -> ``a.en.txt``, ``news.ar`` -> ``news.en``); other names are kept."""
    stem, *parts = name.split(".")
    if not stem:  # a hidden file's leading dot
        return name
    swapped = [("EN" if p.isupper() else "en") if p.lower() in _ARABIC_TAGS else p for p in parts]
    return ".".join([stem, *swapped])


def with_output_format(rel: str, fmt: str | None) -> str:
    """The relative output path for output format ``fmt`` (``None``: the input's own)."""
    if not fmt:
        return rel
    from ..formats import detect

    if detect(rel, content=False) == fmt:
        return rel
    ext = {"txt": ".txt", "jsonl": ".jsonl", "xliff": ".xliff", "tmx": ".tmx"}.get(fmt, f".{fmt}")
    return Path(rel).with_suffix(ext).as_posix()


def _row_lines(path: str, field_name: str | None) -> list[bytes]:
    """The rows of a jsonl (as they are) or parquet corpus (as JSON lines)."""
    if path.lower().endswith(".parquet"):
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(f"{path}: reading parquet needs pyarrow (pip install 'bitext[ray]' or pyarrow)") from None
        try:
            table = pq.read_table(path)
        except Exception as exc:  # noqa: BLE001 - any reader error is a bad input
            raise InputError(f"{path}: cannot be read as parquet ({type(exc).__name__}: {exc})") from None
        if field_name and field_name not in table.column_names:
            raise InputError(f"{path}: no column {field_name!r}; columns: {', '.join(table.column_names)}")
        return [(json.dumps(row, ensure_ascii=False, default=str) + "\n").encode("utf-8") for row in table.to_pylist()]
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return data.splitlines(keepends=True)


def work_items(sources: list[Source], shard_rows: int = SHARD_ROWS, field_name: str | None = None,
               input_format: str | None = None) -> Iterator[WorkItem]:
    """Units of work for ``sources``; a source that cannot be read yields one item with ``error``."""
    from ..formats import detect

    for src in sources:
        p = Path(src.path)
        try:
            st = p.stat()
        except OSError as exc:
            yield WorkItem(str(p.resolve()), src.path, src.output, "txt", 0, 0, error=f"{src.path}: cannot be read ({exc.strerror or exc})")
            continue
        key = str(p.resolve())
        if not src.rows:
            try:
                fmt = detect(src.path, input_format)
            except Exception as exc:  # noqa: BLE001
                yield WorkItem(key, src.path, src.output, "txt", st.st_size, st.st_mtime_ns, error=_one_line(exc))
                continue
            yield WorkItem(key, src.path, src.output, fmt, st.st_size, st.st_mtime_ns, nbytes=st.st_size)
            continue
        try:
            lines = _row_lines(src.path, field_name)
        except InputError as exc:
            yield WorkItem(key, src.path, src.output, "jsonl", st.st_size, st.st_mtime_ns, error=str(exc))
            continue
        n = max(1, -(-len(lines) // shard_rows))
        for i in range(n):
            chunk = b"".join(lines[i * shard_rows : (i + 1) * shard_rows])
            yield WorkItem(f"{key}#{i}", src.path, src.output, "jsonl", st.st_size, st.st_mtime_ns, shard=i, shards=n, data=chunk, nbytes=len(chunk))


def _one_line(exc: BaseException) -> str:
    from ..errors import BitextError

    text = " ".join(str(exc).split())
    return text if isinstance(exc, BitextError) else f"{type(exc).__name__}: {text}"


def options_hash(settings: dict) -> str:
    """A short hash of everything that changes the output (a rerun with other options redoes the work)."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]
