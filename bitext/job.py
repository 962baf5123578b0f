"""One translate job, one path: the job object and the orchestrator every caller uses.

    from bitext.job import TranslateJob, EngineSpec, translate_file
    job = TranslateJob(engine=EngineSpec(model="./opus-mt-ar-en"), check=True)
    result = translate_file(job, "report.ar.docx", "report.en.docx")
    print(result.report.counts() if result.report else "not checked")

:func:`translate_file` (a path in, a path or ``-`` out) and :func:`translate_data` (bytes in, bytes
out) run the stages in order: read -> segments (:mod:`bitext.formats`) -> translate
(:mod:`bitext.translate`) -> check (:mod:`bitext.check`, with ``job.check``) -> repair (:mod:`bitext.check.fix`, with ``job.fix``) -> render (the input's
own format, or jsonl/txt/xliff/tmx), with ``job.fix`` a repair stage after the check. ``bitext translate`` for one file, the local corpus engine and
the Ray actors all call :func:`translate_data` with the same :class:`TranslateJob`, so their outputs
are byte-identical and ``--check`` means the same everywhere.
"""

from __future__ import annotations

import functools
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .translate.engine import GenerationOptions


@dataclass(frozen=True)
class EngineSpec:
    """Which model, on what, how: enough to load the engine in any process (picklable).

    ``backend``: ``auto`` (the default, as ``bitext translate --backend``): CTranslate2 float32 when
    ``ctranslate2`` is installed (the same output as torch fp32 up to rounding, faster), else torch;
    or ``torch`` / ``ctranslate2``. ``quantize``: ``None`` (float32), ``int8``, or a CTranslate2
    compute type (:data:`bitext.translate.ct2.QUANTIZATIONS`)."""

    model: str | None = None  # registry name, hub id or local directory; None: the default model
    backend: str = "auto"
    quantize: str | None = None
    device: str = "auto"
    threads: int | None = None

    def load(self):
        from .translate import load_engine

        return load_engine(self.model, device=self.device, threads=self.threads, backend=self.backend,
                           quantize=self.quantize)

    def identity(self) -> dict[str, Any]:
        """What changes the output: the model (a local one by its files' identity), backend, precision."""
        model: Any = self.model
        if model and Path(model).is_dir():
            p = Path(model).resolve()
            model = [str(p), sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in p.iterdir() if f.is_file())]
        backend = self.backend
        if backend == "auto":  # the backend it resolves to here: a rerun elsewhere with another one redoes the work
            from .translate import resolve_backend

            backend = resolve_backend(backend, self.device)[0]
        return {"model": model, "backend": backend, "quantize": self.quantize}


@dataclass(frozen=True)
class TranslateJob:
    """Everything a translation needs, built once (CLI options > environment > config file) and
    passed whole to every stage and every worker."""

    engine: EngineSpec = field(default_factory=EngineSpec)
    decoding: GenerationOptions = field(default_factory=GenerationOptions)
    digits: str = "keep"  # keep, or western: the model gets 0-9 (the source is not changed)
    input_format: str | None = None  # None: by extension, else by content
    output_format: str | None = None  # None: by the output's extension, else the input's format
    field: str | None = None  # jsonl/csv rows: the field holding the Arabic
    target_field: str | None = None  # jsonl/csv rows: write the translation here and keep the source
    cache_dir: str | None = None
    use_cache: bool = True
    check: bool = False  # check names and numbers of every sentence
    glossary: str | None = None  # TSV path, with check
    fix: bool = False  # repair what the check found where the answer is certain (implies check)

    def __post_init__(self) -> None:
        from .errors import FormatError

        if self.fix and not self.check:
            object.__setattr__(self, "check", True)
        if self.glossary and not self.check:
            raise FormatError("--glossary needs --check (or --fix)")

    def format_options(self) -> dict[str, str]:
        return {k: v for k, v in (("field", self.field), ("target_field", self.target_field)) if v}

    def open_cache(self):
        if not self.use_cache:
            return None
        from .translate import TranslationCache

        return TranslationCache(self.cache_dir)

    def output_key(self) -> dict[str, Any]:
        """The settings that change the output bytes (the corpus manifest's key)."""
        d = asdict(self)
        d["engine"] = self.engine.identity()
        d["decoding"] = self.decoding.cache_key()
        for k in ("cache_dir", "use_cache"):
            d.pop(k)
        return d

    def glossary_terms(self):
        """The loaded glossary (read once per process), or None; a bad file is a one-line error."""
        return _glossary(self.glossary) if self.glossary else None

    def with_(self, **changes) -> "TranslateJob":
        return replace(self, **changes)

    @classmethod
    def from_options(cls, **options: Any) -> "TranslateJob":
        """A job from flat option names, as the CLI and ``translate_corpus(..., beam=1)`` give them:
        the fields of :class:`EngineSpec` and of :class:`GenerationOptions`, and the job's own."""
        from .errors import FormatError

        groups: dict[str, dict[str, Any]] = {"engine": {}, "decoding": {}, "job": {}}
        for key, value in options.items():
            if key in EngineSpec.__dataclass_fields__:
                groups["engine"][key] = value
            elif key in GenerationOptions.__dataclass_fields__:
                groups["decoding"][key] = value
            elif key in cls.__dataclass_fields__ and key not in ("engine", "decoding"):
                groups["job"][key] = value
            else:
                raise FormatError(f"unknown translate option {key!r}")
        return cls(engine=EngineSpec(**groups["engine"]), decoding=GenerationOptions(**groups["decoding"]),
                   **groups["job"])


@dataclass
class FileResult:
    """A translated file: its output bytes, the translation behind them and the check's report."""

    name: str
    format: str  # the output's format
    output: bytes
    translation: Any  # bitext.translate.files.FileTranslation
    report: Any = None  # bitext.check.Report, with job.check (the findings of the model's output)
    warnings: list[str] = field(default_factory=list)
    fixes: Any = None  # bitext.check.fix.FixResult, with job.fix

    @property
    def repairs(self) -> int:
        return len(self.fixes.repairs) if self.fixes is not None else 0

    @property
    def sentences(self) -> int:
        return len(self.translation.result.sentences)

    @property
    def flagged(self) -> int:
        return len(self.translation.result.flagged)

    @property
    def findings(self) -> int:
        """Findings of severity error or warning."""
        if self.report is None:
            return 0
        from .check import ERROR, WARNING

        return sum(1 for f in self.report.findings if f.severity in (ERROR, WARNING))


@functools.lru_cache(maxsize=8)
def _glossary(path: str):
    from .check import load_glossary

    return load_glossary(path)


def input_format(job: TranslateJob, path: str) -> str:
    """The format ``path`` is read in: ``job.input_format``, else by extension, else by content
    (standard input: by content)."""
    from .formats import SNIFF_BYTES, detect, sniff

    if path == "-" and not job.input_format:
        from .document import read_bytes

        return sniff(read_bytes("-")[0][:SNIFF_BYTES], "<stdin>")
    return detect(path, job.input_format)


def check_translation(job: TranslateJob, ft):
    """The check stage over a translated file: a :class:`bitext.check.Report`, or ``None`` without ``job.check``."""
    if not job.check:
        return None
    from .check import check

    sentences = ft.result.sentences
    return check([st.sentence.text for st in sentences], [st.text for st in sentences],
                 glossary=job.glossary_terms())


def fix_translation(job: TranslateJob, ft, report):
    """The repair stage (with ``job.fix``): apply the certain repairs of ``report`` to the sentence
    translations of ``ft`` (in place; the segments are rebuilt) and return the
    :class:`~bitext.check.fix.FixResult`, which keeps the model's original of every sentence."""
    if not job.fix or report is None:
        return None
    from .check.fix import fix
    from .translate.files import segment_translations

    sentences = ft.result.sentences
    fixes = fix([st.sentence.text for st in sentences], [st.text for st in sentences], report,
                glossary=job.glossary_terms())
    for i in fixes.changed():
        sentences[i].text = fixes.targets[i]
    if fixes.repairs:
        ft.translations = segment_translations(ft.parsed, ft.result)
    return fixes


def render(ft, fmt: str, report=None, fixes=None) -> bytes:
    """The translated file in format ``fmt``: the input's own, or a bilingual rendering."""
    if fmt == ft.parsed.format:
        return ft.parsed.write(ft.translations)
    if fmt == "jsonl":
        from .export import render_records

        findings = None
        if report is not None:
            findings = {i: [f.to_dict() for f in report.for_sentence(i)] for i in range(len(ft.result.sentences))}
        return render_records(ft, findings, fixes).encode("utf-8")
    if fmt == "txt":
        return "".join(" ".join(t.split()) + "\n" for t in ft.translations).encode("utf-8")
    from .formats import load_format

    units = [(s.location, s.text, t) for s, t in zip(ft.parsed.segments, ft.translations)]
    return load_format(fmt).write_bilingual(units, name=ft.parsed.name)


def parse_job_input(job: TranslateJob, data: bytes, name: str, fmt: str):
    """Stage 1: file contents -> a :class:`~bitext.formats.base.ParsedFile` of located segments."""
    from .formats.driver import parse_data

    return parse_data(data, name, fmt, **job.format_options())


def translate_parsed_file(job: TranslateJob, parsed, output: str, engine, cache=None, progress=None) -> FileResult:
    """Stages 2-4 over a parsed file: translate, check (with ``job.check``), render for ``output``."""
    from .formats.driver import output_format
    from .translate.files import translate_parsed

    out_fmt = output_format(output, parsed.format, job.output_format)
    ft = translate_parsed(parsed, engine, job.decoding, cache=cache, digits=job.digits, progress=progress)
    report = check_translation(job, ft)
    fixes = fix_translation(job, ft, report)
    return FileResult(parsed.name, out_fmt, render(ft, out_fmt, report, fixes), ft, report, list(parsed.warnings),
                      fixes)


def translate_data(job: TranslateJob, data: bytes, name: str, fmt: str, output: str, engine, cache=None,
                   progress=None) -> FileResult:
    """Translate file contents ``data`` (named ``name``, in format ``fmt``) for the output ``output``
    (its name chooses the output format unless ``job.output_format`` does)."""
    return translate_parsed_file(job, parse_job_input(job, data, name, fmt), output, engine, cache, progress)


def translate_file(job: TranslateJob, input: str | os.PathLike[str], output: str | os.PathLike[str], engine=None,
                   cache=None, progress=None) -> FileResult:
    """Read ``input`` ('-' = stdin), translate it and write ``output`` ('-' = stdout) atomically.

    ``engine`` and ``cache``: already loaded ones (else loaded from the job, and the cache closed after)."""
    from .document import read_bytes, write_output

    data, name = read_bytes(input)
    fmt = input_format(job, str(input))
    own_cache = cache is None
    engine = engine or job.engine.load()
    cache = job.open_cache() if own_cache else cache
    try:
        result = translate_data(job, data, name, fmt, str(output), engine, cache, progress)
    finally:
        if own_cache and cache is not None:
            cache.close()
    write_output(str(output), result.output)
    return result


def translate_lines(job: TranslateJob, lines: list[str], engine, cache=None, progress=None) -> list[str]:
    """Translate sentences given one per line (``bitext align --model``): the same path as a .txt file,
    one translation per line, in order."""
    from .document import split_lines

    data = "".join(" ".join(line.split()) + "\n" for line in lines).encode("utf-8")
    plain = job.with_(input_format="txt", output_format="txt", check=False, glossary=None)
    result = translate_data(plain, data, "<sentences>", "txt", "-", engine, cache, progress)
    out = split_lines(result.output.decode("utf-8"))
    if len(out) != len(lines):  # pragma: no cover - the text format keeps every line
        raise AssertionError(f"{len(lines)} lines in, {len(out)} out")
    return out
