"""Command line: options -> library calls (a TranslateJob for translate), results -> files and a summary on
stderr. Errors become one line and an exit code."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .errors import BitextError, FormatError, InputError
from .formats import BINARY_FORMATS, FORMATS

EXIT_INTERRUPTED = 130


class _Reporter:
    """Messages and the progress bar, on stderr."""

    def __init__(self, verbose: bool, quiet: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)
        self.verbose = verbose and not quiet
        self.quiet = quiet
        self.cache_failure: str | None = None  # the translation cache failed mid-way (a full disk)

    def finish(self) -> None:
        """After the output is written: a cache that failed is a warning and exit code 1."""
        if self.cache_failure:
            click.echo(f"bitext: warning: translation cache {self.cache_failure}; the translation was written "
                       "without caching it (free space in the cache directory, or use --cache-dir / --no-cache)", err=True)
            raise click.exceptions.Exit(1)

    def info(self, message: str) -> None:
        if self.verbose:
            self.console.print(message, markup=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"bitext: {message}", markup=False, style="yellow", soft_wrap=True)

    def progress(self, description: str):
        """A progress callback ``(done, total)`` and a context manager, or a no-op off a terminal."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            disable=self.quiet or not self.console.is_terminal,
        )
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return bar, update


class _BitextGroup(click.Group):
    """Turn library errors and Ctrl-C into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BitextError as exc:
            click.echo(f"bitext: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("bitext: interrupted; no output file was written (finished sentences are cached)", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            from .document import silence_stdout

            silence_stdout()  # the reader went away (| head): not an error
            ctx.exit(0)


@click.group(cls=_BitextGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="bitext")
def main() -> None:
    """Translate Arabic into English sentence by sentence, keeping the layout
    and tying every output sentence to its source span.

    \b
    Quick start:
      bitext translate article.ar.txt -o article.en.txt
      bitext translate article.ar.txt -o article.jsonl     # spans, scores, flags
      bitext models list
    """


@main.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1)
@click.option("-o", "--output", metavar="FILE|OUTDIR", default="-", help="Output file ('-' = stdout). Written atomically: complete or not at all. With several inputs, a directory or a glob: the output directory.")
@click.option("--model", "-m", metavar="NAME|DIR", default=None, help="Registry name (see `bitext models list`), hub id, or local directory. [default: $BITEXT_MODEL, else `model` in the config file, else opus-mt-ar-en]")
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format: the input's own format (structure kept), or jsonl (one record per sentence with location, span, score and flags), xliff or tmx (for CAT tools), txt. [default: from the -o extension, else the input's format]")
@click.option("--input-format", type=click.Choice(list(FORMATS)), default=None,
              help="Input format. [default: from the extension (see `bitext formats`), else from the content (stdin too), else txt]")
@click.option("--field", default="text", show_default=True, help="jsonl/csv input: the field (column) holding the Arabic text.")
@click.option("--target-field", default=None, help="jsonl/csv input: write the translation to this field and keep the source. [default: replace --field]")
@click.option("--beam", type=click.IntRange(min=1), default=4, show_default=True, help="Beam size (1 = greedy, fastest).")
@click.option("--batch-tokens", type=click.IntRange(min=1), default=1024, show_default=True, help="Source tokens in flight, padding included: one batch, or shared by the batches CTranslate2 runs side by side on CPU; lower it if memory is short.")
@click.option("--backend", type=click.Choice(["auto", "torch", "ctranslate2"]), default="auto", show_default=True, help="auto: CTranslate2 when it is installed (pip install 'bitext[fast]'; float32, the same output as torch up to rounding, 1.3-2.8x faster on the CPUs measured), else torch. The model is converted once and cached under the cache directory's ct2/; -v says which backend runs and why.")
@click.option("--quantize", type=click.Choice(["int8", "int8_float32", "int8_bfloat16", "bfloat16", "int8_float16", "float16"]), default=None, help="Lower precision, slightly different output; int8 is the fast choice on CPUs with VNNI (8x plain generate at beam 4 there, eval/results/bench_translate.md). int8: torch dynamic quantisation (CPU) or CTranslate2 int8 weights; the others are CTranslate2 compute types, where the device supports them (float16 types: GPU). [default: float32]")
@click.option("--max-length-ratio", type=click.FloatRange(min=0.1), default=2.0, show_default=True, help="Output length bound: RATIO x source tokens + 10. Sentences that reach it are flagged length_limit.")
@click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:N or mps.")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="CPU threads. With CTranslate2 on CPU they run up to 4 batches side by side, one core each (--batch-tokens is then shared between them). [default: every core this process may use]")
@click.option("--digits", type=click.Choice(["keep", "western"]), default="keep", show_default=True, help="western: give the model 0-9 instead of Arabic-Indic digits (the source text is not changed).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the translation cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Translation cache directory. [default: $BITEXT_CACHE_DIR, else `cache_dir` in the config file, else the user cache dir]")
@click.option("--check", "run_check", is_flag=True, help="Check names and numbers of every sentence (as `bitext check`); findings go into the jsonl records and a summary to stderr.")
@click.option("--glossary", type=click.Path(dir_okay=False), default=None, help="With --check: TSV of 'Arabic term<TAB>required English' (a third column: known wrong renderings, which --fix replaces).")
@click.option("--fix", "do_fix", is_flag=True, help="Check (as --check), then repair what has one certain answer, as `bitext check --fix` does: a changed number, Arabic digits left in the English, a name spelled two ways, a glossary term's known wrong rendering. Nothing else changes; jsonl records keep the model's 'original' and list the 'repairs'.")
@click.option("--fix-log", type=click.Path(dir_okay=False), default=None, help="With --fix, one input: write a JSONL record per repaired sentence (line, location, original, fixed, repairs).")
@click.option("-v", "--verbose", is_flag=True, help="Report encoding, model, device, counts and cache hits on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Several documents: local (this process) or ray (a Ray Data pipeline on this machine or a cluster; pip install 'bitext[ray]').")
@click.option("--address", metavar="ADDR", default=None, help="--engine ray: auto (the running cluster, e.g. after `ray start --head`) or ray://HOST:10001. [default: $RAY_ADDRESS, else start Ray on this machine]")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="--engine ray: model replicas (actors), each with --threads CPU threads. [default: cluster CPUs / threads, or GPUs / --gpus-per-worker]")
@click.option("--gpus-per-worker", type=click.FloatRange(min=0), default=0.0, show_default=True, help="--engine ray: GPUs per actor (0.5: two actors share a GPU).")
def translate(inputs: tuple[str, ...], output: str, model: str | None, fmt: str | None, input_format: str | None, field: str, target_field: str | None, beam: int, batch_tokens: int,
              backend: str, quantize: str | None, max_length_ratio: float, device: str, threads: int | None, digits: str, no_cache: bool,
              cache_dir: str | None, run_check: bool, glossary: str | None, do_fix: bool, fix_log: str | None,
              verbose: bool, quiet: bool, engine: str, address: str | None, workers: int | None, gpus_per_worker: float) -> None:
    """Translate an Arabic file (or '-' for stdin) into English; or many files into a directory.

    \b
    Plain text, Markdown, HTML, Word (.docx), PowerPoint (.pptx), SRT,
    WebVTT and ASS/SSA subtitles, XLIFF, TMX and jsonl/csv rows are read by
    extension (an unknown extension and stdin: by content, unless
    --input-format says otherwise) and written back in the same format with
    their structure kept (`bitext formats` says what each keeps).
    txt output has exactly the input's lines: blank lines, headings and list
    markers stay in place. Sentences the model cut short (length_limit), got
    stuck on (repetition) or left empty are flagged: a summary goes to
    stderr and every flag is in the jsonl output. Sentences longer than the
    model's input limit are translated in clause-sized pieces and rejoined
    (flag: chunked), never truncated.

    \b
    Examples:
      bitext translate news.ar.txt -o news.en.txt
      bitext translate news.ar.txt -o news.jsonl --beam 1
      cat news.ar.txt | bitext translate - > news.en.txt
      bitext translate news.ar.txt --model ./opus-mt-ar-en   # a local model directory
      bitext translate report.ar.docx -o report.en.docx
      bitext translate subtitles.ar.srt -o subtitles.en.srt
      bitext translate page.ar.html -o page.xliff           # for a CAT tool
      bitext translate tweets.csv -o tweets.en.csv --field body --target-field body_en

    \b
    Defaults for --model and --cache-dir: $BITEXT_MODEL and $BITEXT_CACHE_DIR,
    else a TOML file ($BITEXT_CONFIG, or config.toml in the user config
    directory, ~/.config/bitext/ on Linux) with lines such as
      model = "/data/models/opus-mt-ar-en"
      cache_dir = "/data/cache/bitext"
    An option on the command line wins over both.

    \b
    Many documents (files, directories, globs; a .jsonl/.parquet corpus in
    shards of 1,000 rows) go to OUTDIR with their relative paths. A rerun
    skips what is done (OUTDIR/.bitext-manifest.jsonl); a file that fails is
    reported at the end (exit 1) and the others finish:
      bitext translate docs/ -o out/
      bitext translate 'news/**/*.html' -o out/ --engine ray --workers 2
      bitext translate corpus.parquet -o out/ --field text --engine ray --address auto
    """
    if engine == "local" and (workers or address or gpus_per_worker):
        raise FormatError("--workers, --address and --gpus-per-worker go with --engine ray")
    from .config import setting
    from .job import TranslateJob

    if not inputs and sys.stdin.isatty():
        # nothing given and nothing piped in: say what to give instead of waiting on the keyboard
        click.echo(click.get_current_context().get_usage(), err=True)
        raise FormatError("give an INPUT file (or '-' to read standard input); `bitext translate --help` says more")
    job = TranslateJob.from_options(
        model=setting("model", model)[0], backend=backend, quantize=quantize, device=device, threads=threads,
        beam=beam, batch_tokens=batch_tokens, max_length_ratio=max_length_ratio, digits=digits,
        input_format=input_format, output_format=fmt, field=field, target_field=target_field,
        cache_dir=setting("cache_dir", cache_dir)[0], use_cache=not no_cache, check=run_check, glossary=glossary,
        fix=do_fix)
    if fix_log and not do_fix:
        raise FormatError("--fix-log goes with --fix")
    job.glossary_terms()  # a bad glossary is refused before any translation
    report = _Reporter(verbose, quiet)
    if _is_corpus(inputs, output, engine):
        if fix_log:
            raise FormatError("--fix-log is for one input; with several, the jsonl output's records hold the repairs "
                              "(--format jsonl)")
        _translate_corpus(job, inputs, output, report, engine=engine, address=address, workers=workers,
                          gpus_per_worker=gpus_per_worker)
    else:
        _translate_one(job, inputs[0] if inputs else "-", output, report, fix_log)


def _translate_one(job, input: str, output: str, report: _Reporter, fix_log: str | None = None) -> None:
    """One file (or stdin) through the one orchestrator, with the CLI's checks before and its summary after."""
    from .document import read_bytes
    from .formats.driver import output_format
    from .job import input_format, parse_job_input, translate_parsed_file

    in_fmt = input_format(job, input)
    fmt = output_format(output, in_fmt, job.output_format)
    if output == "-" and fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise FormatError(f"{fmt} output is binary and would garble the terminal: give -o FILE{FORMATS[fmt][1][0]} "
                          "(or redirect standard output to a file)")
    _prepare_outputs([output, fix_log], [input, job.glossary])  # before hours of translation, not after
    data, name = read_bytes(input)
    parsed = parse_job_input(job, data, name, in_fmt)
    for warning in parsed.warnings:
        report.warn(f"{parsed.name}: {warning}")
    report.info(f"{parsed.name}: {in_fmt}, {parsed.encoding}, {len(parsed.segments)} segments")
    _warn_little_arabic(report, parsed.name, "\n".join(seg.text for seg in parsed.segments))
    result = _with_engine(report, job, lambda engine, cache, update: translate_parsed_file(
        job, parsed, output, engine, cache, update))
    res = result.translation.result
    report.info(f"{result.sentences} sentences: {res.translated} pieces translated, {res.cache_hits} from the cache")
    _warn_flags_and_findings(report, result)
    _write_output(output, result.output)
    if fix_log:
        locations = [result.translation.parsed.segments[st.sentence.block].location
                     for st in result.translation.result.sentences]
        _write_output(fix_log, result.fixes.to_jsonl(locations))
    report.info(f"wrote {output} ({result.format})")
    report.finish()


def _warn_little_arabic(report: _Reporter, name: str, text: str) -> None:
    """A file to translate whose letters are (almost) all Latin: say so; its lines without Arabic are copied."""
    from .document import looks_like, script_shares

    arabic, latin = script_shares(text)
    if looks_like(text) == "en" or (latin and not arabic):
        report.warn(f"{name}: has almost no Arabic ({arabic} Arabic and {latin} Latin letters); lines without "
                    "Arabic letters are copied unchanged, not translated. Is it the right file?")


def _with_engine(report: _Reporter, job, run):
    """Load the job's engine and cache, call ``run(engine, cache, progress)`` under the progress bar,
    close the cache, and return what ``run`` returned."""
    engine = job.engine.load()
    report.info(f"model {engine.name} on {getattr(engine, 'device', '?')}, input limit {engine.max_input_tokens} tokens")
    if getattr(engine, "backend_note", ""):
        report.info(engine.backend_note)
    cache = _open_cache(job.cache_dir, report) if job.use_cache else None
    bar, update = report.progress("translating")
    try:
        with bar:
            return run(engine, cache, update)
    finally:
        if cache is not None:
            if cache.failed:
                report.cache_failure = f"{cache.path}: {cache.failed}"
            cache.close()


def _warn_flags_and_findings(report: _Reporter, result) -> None:
    """One warning for the flagged sentences, one for the check's findings (with --check)."""
    where = "see the jsonl flags" if result.format == "jsonl" else "use --format jsonl to see which"
    sentences = result.translation.result.sentences
    flagged = Counter(f for s in sentences for f in s.flags)
    if flagged:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(flagged.items()))
        report.warn(f"{result.flagged} of {len(sentences)} sentences flagged ({kinds}); {where}")
    if result.report is not None:
        _warn_findings(report, result.report,
                       where="see the jsonl findings" if result.format == "jsonl" else "use --format jsonl to see them")
    if result.fixes is not None:
        n = len(result.fixes.changed())
        report.warn(f"fix: {result.repairs} repair{'s' if result.repairs != 1 else ''} in {n} sentence"
                    f"{'s' if n != 1 else ''}, {len(result.fixes.refused)} finding{'s' if len(result.fixes.refused) != 1 else ''}"
                    " left for a translator" + ("; the jsonl records keep the original" if result.format == "jsonl" else ""))


def _is_corpus(inputs: tuple[str, ...], output: str, engine: str) -> bool:
    """Several inputs, a directory, a glob, a parquet corpus, --engine ray or -o DIR/ (a trailing slash): translate into
    a directory. One file with ``-o`` an existing directory stays an error of the one-file path."""
    import glob
    import os

    if len(inputs) > 1 or engine != "local":
        return True
    if not inputs or inputs[0] == "-":
        return False
    path = Path(inputs[0])
    if path.is_dir() or (glob.has_magic(inputs[0]) and not path.exists()) or path.suffix.lower() == ".parquet":
        return True
    return output.endswith(("/", os.sep))


def _translate_corpus(job, inputs: tuple[str, ...], outdir: str, report: _Reporter, *, engine: str,
                      address: str | None, workers: int | None, gpus_per_worker: float) -> None:
    """Many documents into OUTDIR (bitext.corpus); exit 1 when a document failed."""
    from .corpus import RichProgress, translate_corpus

    if "-" in inputs:
        raise FormatError("'-' (stdin) is one document: translate it alone, without other inputs or --engine ray")
    if outdir == "-":
        raise FormatError("several inputs, a directory, a glob or --engine ray: give the output directory with -o OUTDIR")
    _require_output_dir(inputs, outdir)
    try:
        with RichProgress(report.console, quiet=report.quiet) as bar:
            result = translate_corpus(list(inputs), outdir, job, engine=engine, address=address, workers=workers,
                                      gpus_per_worker=gpus_per_worker, progress=bar, info=report.info)
    except KeyboardInterrupt:
        click.echo(f"bitext: interrupted; finished documents are in {outdir} (listed in {outdir}/.bitext-manifest.jsonl): "
                   "run the same command again to go on", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    for doc in result.documents:
        if doc.status == "failed":
            where = "" if doc.error.startswith(doc.input) else f"{doc.input}: "
            click.echo(f"bitext: failed: {where}{doc.error}", err=True)
        for warning in doc.warnings:
            report.warn(f"{doc.input}: {warning}")
    if result.flagged:
        report.warn(f"{result.flagged} sentences flagged (length_limit, repetition, empty or chunked); "
                    "translate with --format jsonl to see which")
    if result.findings:
        report.warn(f"check: {result.findings} findings (errors and warnings) in {sum(1 for d in result.documents if d.findings)}"
                    " documents; translate with --format jsonl to see them")
    if job.fix:
        report.warn(f"fix: {result.repairs} repairs in {sum(1 for d in result.documents if d.repairs)} documents"
                    + ("; the jsonl records list them" if job.output_format == "jsonl" else "; --format jsonl lists them"))
    if not report.quiet or result.failed:
        click.echo(f"bitext: {result.summary()}", err=True)
    if result.failed:
        raise click.exceptions.Exit(1)


# Report formats of check, align, eval and view, and the output extensions each may have (a name
# without an extension is always accepted).
REPORT_EXTENSIONS = {
    "text": (".txt", ".text", ".log"), "json": (".json",), "html": (".html", ".htm"),
    "tsv": (".tsv", ".txt"), "jsonl": (".jsonl",), "tmx": (".tmx",),
}


def _require_extension(output: str | None, fmt: str, option: str = "-o") -> None:
    """Refuse an output name whose extension says another format than the one written
    (``view -o v.pdf`` would write HTML into a .pdf)."""
    if not output or output == "-":
        return
    suffix = Path(output).suffix.lower()
    allowed = REPORT_EXTENSIONS.get(fmt, ())
    if suffix and suffix not in allowed and not suffix[1:].isdigit():
        raise FormatError(f"{output}: {option} gets {fmt}, not a {suffix} file: name it {' or '.join('*' + e for e in allowed)}"
                          " (--format chooses another of the formats it can write)")


def _prepare_outputs(outputs: list[str | None], inputs: list[str | None]) -> None:
    """Before any work: refuse an output that is an input (the same file, a symlink or a hard link
    of it), and one that cannot be written. ``-`` (stdout) and None are skipped."""
    from .document import check_writable, refuse_overwriting_inputs

    refuse_overwriting_inputs(outputs, inputs)
    for out in outputs:
        if out and out != "-":
            check_writable(Path(out))


def _require_output_dir(inputs: tuple[str, ...], outdir: str) -> None:
    """Refuse an OUTDIR that is an existing file or is named like one (``-o x.txt`` for a directory input):
    it would become a directory of that name. A trailing slash makes any name a directory."""
    import os

    from .formats import extension_map

    what = "several inputs" if len(inputs) > 1 else f"{inputs[0]} (a directory, glob or corpus)"
    target = Path(outdir)
    if target.exists() and not target.is_dir():
        raise FormatError(f"{outdir}: is a file, but {what} needs an output directory: give -o OUTDIR/")
    if not target.exists() and not outdir.endswith(("/", os.sep)) and target.suffix.lower() in extension_map():
        raise FormatError(f"{outdir}: looks like a file name, but {what} needs an output directory: "
                          f"give -o OUTDIR/ (a trailing slash makes any name a directory)")


def _write_output(output: str, text: str | bytes) -> None:
    from .document import write_output

    write_output(output, text)


def _warn_findings(report: _Reporter, checked, where: str) -> None:
    severities = checked.by_severity()
    if severities:
        summary = ", ".join(f"{n} {s}" for s, n in severities.items())
        kinds = ", ".join(f"{k}: {n}" for k, n in checked.counts().items())
        report.warn(f"check: {summary} in {checked.pairs} sentences ({kinds}); {where}")


@main.command("formats")
def formats_command() -> None:
    """List the document formats `bitext translate` reads and writes, and what each keeps.

    \b
    The format is chosen by the file extension (override with --input-format
    and --format); a file whose extension bitext does not know is recognised
    by its contents, or refused. Every format can also be written as jsonl
    (one record per sentence with its location), xliff or tmx (for CAT
    tools), or txt.
    """
    from .formats import FORMATS, load_format
    from .formats._zip import DEFAULT_MAX_UNZIPPED_MB, ENV_MAX_UNZIPPED

    for name, (_, extensions) in FORMATS.items():
        module = load_format(name)
        click.echo(f"{name:<9} {' '.join(extensions):<27} {module.DESCRIPTION}")
        click.echo(click.wrap_text(f"keeps: {module.KEEPS}", width=100, initial_indent=" " * 10, subsequent_indent=" " * 10))
    click.echo(click.wrap_text(
        "A file whose extension is not listed is recognised by its contents (XLIFF, TMX or HTML by the XML root, "
        "WEBVTT, [Script Info], SRT cues, Word and PowerPoint packages, else plain text); what is neither is "
        f"refused: give --input-format. .docx/.pptx packages that unpack to more than {DEFAULT_MAX_UNZIPPED_MB} MiB "
        f"are refused before reading; set {ENV_MAX_UNZIPPED} to raise the limit.", width=100))


@main.command("check")
@click.argument("source", metavar="SRC")
@click.argument("target", metavar="[TGT]", required=False)
@click.option("--glossary", type=click.Path(dir_okay=False), default=None, help="TSV of 'Arabic term<TAB>required English rendering'; every source occurrence must appear so. An optional third column lists known wrong renderings (separated by | or commas), which --fix replaces.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default=None, help="text for a translator; json is stable (see README). [default: json for -o *.json, else text]")
@click.option("-o", "--output", metavar="FILE", default="-", help="Write the report here ('-' = stdout); with --fix, the fixed translation.")
@click.option("--strict", is_flag=True, help="Exit 1 when there are findings of severity error or warning.")
@click.option("--doc-ids", type=click.Path(dir_okay=False), default=None, help="File with one document id per line (first TSV field): names are learnt and kept consistent within each document. [default: the whole file is one document]")
@click.option("--mt", "mt_file", type=click.Path(dir_okay=False), default=None, help="Another English translation of SRC (machine translation, say), one line per pair: source words it renders as names that the checked translation lacks are reported as name-missing. On FLORES test it raises the share of dropped names caught from 0.48 to 0.63 and of replaced names from 0.59 to 0.71 (eval/results/check_accuracy.md).")
@click.option("--no-names", is_flag=True, help="Skip the name checks.")
@click.option("--no-numbers", is_flag=True, help="Skip the number checks.")
@click.option("--show-info", is_flag=True, help="text: also show info findings (plausible unit conversions and the like); by default only errors and warnings are shown. json always holds every finding with its severity.")
@click.option("--fix", "do_fix", is_flag=True, help="Repair what has one certain answer: a number whose value differs from its one source counterpart (in the translation's style: digits stay digits, words stay words), Arabic-Indic digits and ٫ ٬ ٪ in the English, a name spelled two ways in a document, a glossary term rendered by a wrong rendering listed in the glossary's third column; a number the parser could not pair whose value is still certain (a dual noun rendered with another number, a count written 'one' before a plural). Anything else is reported, never guessed. -o is then the fixed translation (TGT line for line, written atomically; '-' = stdout) and the report goes to stdout, or to stderr when the translation does; with --format json it holds a 'fix' object (records, refused). Needs SRC TGT text files.")
@click.option("--fix-log", metavar="FILE.jsonl", default=None, help="With --fix: one JSON record per changed line: line (1-based), original, fixed, and repairs (finding, message, span [start, end) in the original, before, after, reason).")
@click.option("--dry-run", is_flag=True, help="As --fix, but only list what would change (line, '-' original, '+' fixed, each repair), then the report, on stdout; write no file.")
def check_command(source: str, target: str | None, glossary: str | None, fmt: str, output: str, strict: bool,
                  doc_ids: str | None, mt_file: str | None, no_names: bool, no_numbers: bool, show_info: bool,
                  do_fix: bool, fix_log: str | None, dry_run: bool) -> None:
    """Check names and numbers between an Arabic source and its English translation.

    \b
    SRC TGT   two line-aligned files (line N of TGT translates line N of SRC), or
    SRC       one JSONL file written by `bitext translate --format jsonl`.

    \b
    Numbers are compared as values: Western and Arabic-Indic digits, ٫ ٬ ٪,
    number words on both sides (خمسمائة وستون = 560 = five hundred and sixty),
    fractions (نصف = half, ثلث = a third, ربع = a quarter), scale words
    (4 ملايين = 4 million), months of both naming systems, weekdays, years,
    decades, clock times, units (a unit change is flagged, a plausible
    conversion reported as info), phone numbers exactly. Names are matched
    by transliteration and through a shipped gazetteer (countries, languages,
    cities, person names, with their English forms: مصر = Egypt/Egyptian,
    الولايات المتحدة = United States); a source name that is known, or looks
    transliterated, with no counterpart is name-missing; a known name with no
    source counterpart is name-unexpected; one name spelled two ways in the
    document, or one letter off a well-known name, is reported.

    \b
    --fix changes only sentences with a finding and only the repaired span;
    what it refuses (dropped or extra numbers and names, unit changes, ties,
    ambiguous pairings) is listed with the reason.

    \b
    Exit codes: 0 checked (findings or not), 1 findings with --strict (with
    --fix: findings left unrepaired), 2 bad input.

    \b
    Examples:
      bitext check article.ar.txt article.en.txt
      bitext check article.jsonl --format json -o findings.json
      bitext check src.ar ref.en --glossary terms.tsv --strict
      bitext check src.ar post-edited.en --mt src.mt.en
      bitext check src.ar mt.en --fix -o mt.fixed.en --fix-log repairs.jsonl
      bitext check src.ar mt.en --fix --dry-run
    """
    from .check.files import check_files

    do_fix = do_fix or dry_run
    if fix_log and not do_fix:
        raise click.UsageError("--fix-log goes with --fix")
    if do_fix and target is None:
        raise InputError("--fix needs SRC TGT text files (a translate JSONL is repaired by `bitext translate --fix`)")
    inputs = [source, target, glossary, doc_ids, mt_file]
    if do_fix:
        if not dry_run:
            _prepare_outputs([output, fix_log], inputs)
    else:
        fmt = fmt or ("json" if Path(output).suffix.lower() == ".json" else "text")
        _require_extension(output, fmt)
        _prepare_outputs([output], inputs)
    checked = check_files(source, target, glossary, doc_ids, mt_file, names=not no_names, numbers=not no_numbers)
    if do_fix:
        _write_fixed(checked, target, fmt or "text", output, fix_log, dry_run, show_info, strict)
        return
    report = checked.report
    if fmt == "json":
        import json

        text = json.dumps(report.to_dict(checked.locations), ensure_ascii=False, indent=1) + "\n"
    else:
        text = report.to_text(checked.sources, checked.targets, checked.locations, show_info=show_info)
    _write_output(output, text)
    if strict and report.flagged_sentences():
        sys.exit(1)


def _write_fixed(checked, target: str, fmt: str, output: str, fix_log: str | None, dry_run: bool,
                 show_info: bool, strict: bool) -> None:
    """check --fix: the fixed translation to -o, the fix log, the report to stdout (stderr when -o is '-')."""
    import json

    from .check.fix import fix
    from .document import read_text

    report = checked.report
    result = fix(checked.sources, checked.targets, report, glossary=checked.glossary, doc_ids=checked.doc_ids)
    if fmt == "json":
        text = json.dumps({**report.to_dict(), "fix": result.to_dict()}, ensure_ascii=False, indent=1) + "\n"
    else:
        text = report.to_text(checked.sources, checked.targets, show_info=show_info) + result.to_text()
    if dry_run:
        _write_output("-", (result.diff() if fmt == "text" else "") + text)
    else:
        newline = "\n"
        if target != "-":
            raw, _ = read_text(target)
            newline = "\r\n" if "\r\n" in raw else "\r" if "\r" in raw and "\n" not in raw else "\n"
        _write_output(output, "".join(t + newline for t in result.targets))
        if fix_log:
            from .document import write_atomic

            write_atomic(fix_log, result.to_jsonl())
        if output == "-":
            click.echo(text, err=True, nl=False)
        else:
            _write_output("-", text)
    if strict and {x.finding.sentence for x in result.refused}:
        sys.exit(1)


@main.command("align")
@click.argument("ar_file", metavar="AR")
@click.argument("en_file", metavar="EN")
@click.option("--mt", "mt_file", type=click.Path(dir_okay=False), default=None, help="Machine translation of AR, one sentence per line (with --presplit) or running text segmented like AR: aligns by chrF similarity (Bleualign idea).")
@click.option("--model", "-m", metavar="NAME|DIR", default=None, help="Translate the Arabic side with this model and align with the MT (like --mt).")
@click.option("--dict", "dict_file", type=click.Path(dir_okay=False), default=None, help="Bilingual dictionary: 'Arabic word or stem<TAB>English word' per line (hunalign's 'English @ Arabic' is read too); its word pairs count as anchors. A dictionary learnt from the text itself is always added unless --no-learn.")
@click.option("--no-learn", is_flag=True, help="Do not learn a dictionary from the text (one search instead of two).")
@click.option("--doc-ids", "doc_ids", type=click.Path(dir_okay=False), default=None, help="One document id per line of AR (first TSV field): each document is aligned separately and no bead crosses a document. EN needs the same ids: per line of EN if it has as many lines, else give --doc-ids-en.")
@click.option("--doc-ids-en", "doc_ids_en", type=click.Path(dir_okay=False), default=None, help="Document ids per line of EN when its line count differs from AR's.")
@click.option("--format", "-f", "fmt", type=click.Choice(["tsv", "jsonl", "tmx", "moses"]), default=None, help="tsv: Arabic<TAB>English per bead; jsonl: indices, bead type, score (and doc); tmx: TMX 1.4; moses: OUT.ar + OUT.en. [default: from the -o extension, else tsv]")
@click.option("-o", "--output", metavar="OUT", default="-", help="Output file ('-' = stdout); for moses the prefix of OUT.ar and OUT.en; with two directories the output directory (one file per document).")
@click.option("--presplit", is_flag=True, help="Inputs hold one sentence per line (otherwise running text, split by bitext's segmenters).")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True, help="Drop beads below this confidence (0-1) from tsv, tmx and moses output; jsonl keeps them, marked weak. tmx and moses never hold 1-0/0-1 beads.")
@click.option("-v", "--verbose", is_flag=True, help="Report bead types, the learnt dictionary and timing on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def align_command(ar_file: str, en_file: str, mt_file: str | None, model: str | None, dict_file: str | None,
                  no_learn: bool, doc_ids: str | None, doc_ids_en: str | None, fmt: str | None, output: str,
                  presplit: bool, min_score: float, verbose: bool, quiet: bool) -> None:
    """Align Arabic documents with English translations made independently.

    \b
    AR EN        two files: one document (or many with --doc-ids), or
    AR/ EN/      two directories of files with matching names: every pair is
                 one document; -o names the output directory.

    \b
    Finds the beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, 1-3, 3-1) by dynamic
    programming over sentence lengths plus anchors that survive translation
    (numbers as values, names by transliteration, quotes, brackets,
    questions) and word pairs of a dictionary: --dict, and one learnt from
    the confident beads of a first pass over all documents; with --mt or
    --model, by chrF between the MT and the English. A summary on stderr
    says how many sentences were left unaligned (no counterpart, or below
    --min-score).

    \b
    Examples:
      bitext align article.ar.txt article.en.txt -o pairs.tsv
      bitext align news.ar news.en --presplit --doc-ids news.ids -o pairs.jsonl
      bitext align ar/ en/ -o aligned/
      bitext align src.ar ref.en --presplit --mt src.mt.en -o pairs.tmx
      bitext align src.ar ref.en --presplit -f moses -o corpus --min-score 0.5
    """
    from .align.files import AlignJob, align_files

    job = AlignJob(ar_file, en_file, output=output, fmt=fmt, presplit=presplit, mt=mt_file, model=model,
                   dictionary=dict_file, learn=not no_learn, doc_ids=doc_ids, doc_ids_en=doc_ids_en,
                   min_score=min_score)
    job.validate()
    if job.format != "moses" and not job.directories:
        _require_extension(output, job.format)
    report = _Reporter(verbose, quiet)
    translate = None
    if model:
        from .config import setting
        from .job import TranslateJob, translate_lines

        tjob = TranslateJob.from_options(model=model, cache_dir=setting("cache_dir")[0])  # the translate defaults
        translate = lambda lines: _with_engine(report, tjob, lambda engine, cache, update: translate_lines(  # noqa: E731
            tjob, lines, engine, cache, update))
    bar, update = report.progress("writing")
    shown = []

    def writing(k: int, total: int) -> None:  # the bar appears once writing starts (after any model's own)
        if not shown:
            bar.start()
            shown.append(True)
        update(k, total)

    try:
        done = align_files(job, translate=translate, warn=report.warn, progress=writing, write=_write_output)
    finally:
        if shown:
            bar.stop()
    report.info(done.details())
    if not quiet:
        report.console.print(f"bitext: {done.summary()}", markup=False, soft_wrap=True, highlight=False)


@main.command("eval")
@click.argument("extra_hyps", metavar="[HYP]...", nargs=-1)
@click.option("--ref", "-r", "refs", multiple=True, required=True, metavar="FILE", help="Reference, one segment per line; repeat for several references.")
@click.option("--hyp", "-i", "hyps", multiple=True, metavar="FILE", help="System output, line-aligned with --ref; the first system is the baseline of the paired tests (see --baseline). Further files may follow without --hyp.")
@click.option("--src", "src", metavar="FILE", default=None, help="Arabic source, line-aligned with --ref: adds the number and name finding rates of `bitext check`.")
@click.option("--metrics", "-m", default="bleu,chrf,ter", show_default=True, help="Comma-separated: bleu, chrf (chrF++), ter.")
@click.option("--name", "names", multiple=True, metavar="N", help="System name, once per --hyp in order. [default: the differing part of the file names]")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "html"]), default=None, help="[default: from the -o extension, else text]")
@click.option("-o", "--output", metavar="FILE", default="-", help="Write the report here ('-' = stdout).")
@click.option("--bootstrap", "n_bootstrap", type=click.IntRange(min=0), default=1000, show_default=True, help="Bootstrap resamples for the 95% intervals and the paired bootstrap test (0 = none).")
@click.option("--ar-trials", type=click.IntRange(min=0), default=10000, show_default=True, help="Approximate randomisation trials of the paired test (0 = none).")
@click.option("--sentences", metavar="FILE", default=None, help="Write sentence BLEU and chrF++ of every segment of every system: .jsonl, else TSV.")
@click.option("--worst", type=click.IntRange(min=0), default=5, show_default=True, help="Show the N worst segments (lowest sentence chrF++) of each system.")
@click.option("--align", "do_align", is_flag=True, help="Hypotheses segmented differently from the reference: align each with bitext's aligner first and score merged segments.")
@click.option("--baseline", metavar="NAME", default=None, help="The system the others are compared with (a --name, the name shown in the table, or its file). [default: the first --hyp]")
def eval_command(extra_hyps: tuple[str, ...], refs: tuple[str, ...], hyps: tuple[str, ...], src: str | None, metrics: str,
                 names: tuple[str, ...], fmt: str | None, output: str, n_bootstrap: int, ar_trials: int,
                 sentences: str | None, worst: int, do_align: bool, baseline: str | None) -> None:
    """Score MT systems against references: BLEU, chrF++ and TER (sacrebleu),
    confidence intervals, significance against the first system, fidelity.

    \b
    Corpus scores are sacrebleu's with its defaults and signatures; 95%
    intervals by bootstrap resampling; every other system is compared with
    the first by sacrebleu's paired bootstrap and approximate randomisation
    (better / worse when both p < 0.05). With --src, the share of segments
    with number and name findings (`bitext check`) shows systems that drop
    numbers even when their BLEU is high.

    \b
    Examples:
      bitext eval --ref test.en --hyp test.opusmt.en test.nllb.en --src test.ar
      bitext eval -r test.en -i sys.en -f json -o scores.json --sentences seg.jsonl
      bitext eval -r ref1.en -r ref2.en -i a.en b.en --name A --name B -f html -o report.html
      bitext eval -r ref.en -i resegmented.en --align
    """
    from .evaluate import evaluate_files, render_html, render_json, render_sentences, render_text

    all_hyps = list(hyps) + list(extra_hyps)
    if not all_hyps:
        raise FormatError("give at least one system output with --hyp FILE")
    fmt = fmt or {".json": "json", ".html": "html", ".htm": "html"}.get(Path(output).suffix.lower(), "text")
    _require_extension(output, fmt)
    if sentences:
        _require_extension(sentences, "jsonl" if sentences.endswith(".jsonl") else "tsv", "--sentences")
    _prepare_outputs([output, sentences], [*refs, *all_hyps, src])
    metric_list = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    report = evaluate_files(refs, all_hyps, src, names=names or None, align=do_align, metrics=metric_list,
                            n_bootstrap=n_bootstrap, ar_trials=ar_trials, worst=worst, baseline=baseline)
    if sentences:
        _write_output(sentences, render_sentences(report, "jsonl" if sentences.endswith(".jsonl") else "tsv"))
    if fmt == "text":
        import shutil

        # the terminal's width when there is one (at least 80 columns), else 100
        width = max(80, shutil.get_terminal_size((100, 24)).columns) if output == "-" and sys.stdout.isatty() else None
        text = render_text(report, worst, width=width)
    else:
        text = {"json": render_json, "html": render_html}[fmt](report, worst)
    _write_output(output, text)


@main.command("view")
@click.argument("inputs", metavar="SRC [MT]", nargs=-1, required=True)
@click.option("--ref", "-r", "ref", metavar="FILE", default=None, help="Reference translation: adds sentence and corpus chrF++ (and corpus BLEU).")
@click.option("--ref-name", metavar="NAME", default=None, help="Column title of the reference. [default: its file name]")
@click.option("--mt2", "more", multiple=True, metavar="FILE", help="Another system's output, shown in its own column; repeat for more.")
@click.option("--name", "names", multiple=True, metavar="NAME", help="Column title of MT, then of each --mt2, in order. [default: the file names]")
@click.option("--align", "do_align", is_flag=True, help="The files are not line-aligned: segment them and align every English file to SRC with bitext's aligner.")
@click.option("--no-check", is_flag=True, help="Do not run the name and number checks (files input).")
@click.option("--format", "-f", "fmt", type=click.Choice(["html", "term", "tsv", "jsonl", "tmx"]), default=None, help="html: one self-contained page; term: columns in the terminal; tsv/jsonl/tmx: the rows. [default: from the -o extension, else term on a terminal, else html]")
@click.option("-o", "--output", metavar="FILE", default="-", help="Output file ('-' = stdout).")
@click.option("--bidi/--no-bidi", default=True, show_default=True, help="term: reorder Arabic for terminals without bidi support.")
@click.option("--title", default=None, help="html: page title.")
@click.option("--show-info", is_flag=True, help="html/term: also show info findings; by default only errors and warnings (tsv and jsonl keep every finding with its severity).")
@click.option("--fix-log", type=click.Path(dir_okay=False), default=None, help="SRC MT: the --fix-log of `bitext check SRC MT --fix`: html shows each repair as a marked change under the original. (A `translate --fix` jsonl carries its repairs itself.)")
def view_command(inputs: tuple[str, ...], ref: str | None, ref_name: str | None, more: tuple[str, ...],
                 names: tuple[str, ...], do_align: bool, no_check: bool, fmt: str | None, output: str,
                 bidi: bool, title: str | None, show_info: bool, fix_log: str | None) -> None:
    """Show an Arabic source beside its translations: numbers and names
    paired, check findings, sentence scores.

    \b
    SRC MT    Arabic source and an English translation, line-aligned
              (or any segmentation with --align); --mt2 adds systems.
    JSONL     the output of `bitext translate --format jsonl [--check]`.

    \b
    Examples:
      bitext view article.jsonl -o article.html
      bitext view test.ar test.opusmt.en --mt2 test.google.en --ref test.en -o view.html
      bitext view article.ar.txt article.en.txt --align
      bitext view src.ar mt.en -f tsv -o rows.tsv
    """
    from .view.files import ViewJob, view_files

    if fmt is None and not Path(output).suffix and output == "-" and sys.stdout.isatty():
        fmt = "term"
    job = ViewJob(tuple(inputs), output=output, fmt=fmt, ref=ref, ref_name=ref_name, more=tuple(more),
                  names=tuple(names), align=do_align, check=not no_check, title=title, show_info=show_info,
                  fix_log=fix_log)
    job.validate()  # before the output checks: a wrong combination is said first
    _require_extension(output, job.format)
    _prepare_outputs([output], [*inputs, *more, ref])
    done = view_files(job)
    if done.unplaced_repairs:
        click.echo(f"bitext: warning: {done.unplaced_repairs} of {done.fix_records} records of {fix_log} do not match a line of "
                   f"{inputs[1]} (is it the original translation the log was made from?)", err=True)
    if job.format == "term":
        from .view.terminal import show_terminal

        show_terminal(done.view, bidi=bidi)
        return
    _write_output(output, done.text)


def _open_cache(cache_dir: str | None, report: _Reporter):
    from .translate import TranslationCache

    import sqlite3

    try:
        cache = TranslationCache(cache_dir)
    except (OSError, sqlite3.Error) as exc:  # read-only home, full disk: translate anyway
        report.warn(f"translation cache unavailable ({exc}); translating without it")
        return None
    if cache.damaged:
        report.warn(f"translation cache {cache.path} was damaged: moved to {cache.damaged.name}, a new cache started")
    return cache


@main.group()
def models() -> None:
    """Known models, downloading one, and building the tiny test model."""


@models.command("list")
def models_list() -> None:
    """Models bitext knows by short name (any other MarianMT model works too), and whether each is
    here: in the Hugging Face cache, or the configured model directory ($BITEXT_MODEL or the config
    file's `model`)."""
    from .config import setting
    from .registry import DEFAULT_MODEL_NAME, KNOWN_MODELS
    from .translate.marian import cached_locally

    configured, where = setting("model")
    rows = [("name", "hub id", "params", "input limit", "here", "note")]
    for info in KNOWN_MODELS.values():
        name = info.name + (" (default)" if info.name == DEFAULT_MODEL_NAME and not configured else "")
        here = ("in the HF cache" if cached_locally(info.hub) else "no (bitext models download)") if info.hub \
            else "build it (bitext models build-tiny DIR)"
        rows.append((name, info.hub or "-", info.params, str(info.max_input_tokens), here, info.note))
    if configured:
        present = Path(configured).expanduser().is_dir() or cached_locally(configured)
        rows.append((f"{configured} (default)", "-", "", "", "yes" if present else "NOT FOUND", f"set by {where}"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:  # plain columns: names are never cut, whatever the width
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[5])


@models.command("download")
@click.argument("name", default="opus-mt-ar-en")
def models_download(name: str) -> None:
    """Download a model into the Hugging Face cache, for later offline use."""
    from .translate.marian import locate_model

    click.echo(str(locate_model(name, download=True)))


@models.command("build-tiny")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--ar-text", type=click.Path(dir_okay=False, exists=True), default=None, help="Arabic text for the source tokenizer. [default: ../shared/data NTREX]")
@click.option("--en-text", type=click.Path(dir_okay=False, exists=True), default=None, help="English text for the target tokenizer. [default: ../shared/data NTREX]")
def models_build_tiny(directory: str, ar_text: str | None, en_text: str | None) -> None:
    """Build a tiny random-weight MarianMT model (about a second) for tests and demos.

    Its output is gibberish; it exercises exactly the code path of a real model.
    """
    from .tiny_model import build_tiny_model

    out = build_tiny_model(directory, ar_text=ar_text, en_text=en_text)
    click.echo(f"tiny model written to {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
