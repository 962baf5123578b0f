"""The command line (bitext/cli.py) end to end, on the tiny random-weight model.

The tiny model's English is gibberish: these tests check structure (lines,
blank lines, markers, spans, exit codes, messages, files), never words.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, need_shared

from bitext.cli import main
from bitext.segment import segment_document

BITEXT = Path(sys.executable).parent / "bitext"
KNOWN_FLAGS = {"length_limit", "repetition", "empty", "chunked"}
# Rich colours and terminal detection must not depend on the caller's environment.
_CLEAN_ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "NO_COLOR": None}

LAYOUT_LINES = [
    "# عنوان التقرير",
    "",
    "- بند أول.",
    "١. بند ثان.",
    "* بند ثالث هنا.",
    "",
    "أعلن الوزير أن بلاده سترسل جنودا إضافيين. وقال إن المهمة ستستمر طويلا. وأضاف أن الحملة صعبة.",
    "وفي المقابل، رحبت الحكومة بالقرار. وقال المتحدث إن التعاون مستمر!",
]
# (line index, marker in the source, marker expected in the output)
LAYOUT_MARKERS = [(0, "# ", "# "), (2, "- ", "- "), (3, "١. ", "1. "), (4, "* ", "* ")]


# ------------------------------------------------------------ helpers

def invoke(args: list[str], **kwargs):
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart
    env = dict(_CLEAN_ENV)
    env.update(kwargs.pop("env", {}))
    return runner.invoke(main, [str(a) for a in args], env=env, **kwargs)


def assert_ok(result) -> None:
    assert result.exit_code == 0, f"exit {result.exit_code}\nstderr: {result.stderr}\nexception: {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def assert_one_line_error(stderr: str, *needles: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"stderr is not one line: {stderr!r}"
    line = lines[0]
    assert line.startswith("bitext: error:"), line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


def assert_error_exit(result, *needles: str) -> str:
    assert result.exit_code == 2, f"exit {result.exit_code}\nstderr: {result.stderr}\nexception: {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return assert_one_line_error(result.stderr, *needles)


def terminators(text: str) -> list[str]:
    return [line[len(line.rstrip("\r\n")) :] for line in text.splitlines(keepends=True)]


def read_records(text: str) -> list[dict]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def part_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CLEAN_ENV}
    env["BITEXT_CACHE_DIR"] = str(tmp_path / "subprocess-cache")
    env.update(extra)
    return env


def run_bitext(args: list[str], env: dict[str, str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    if not BITEXT.exists():
        pytest.skip(f"console script {BITEXT} not installed")
    return subprocess.run([str(BITEXT), *map(str, args)], env=env, capture_output=True, timeout=timeout, **kwargs)


def _png_like(seed: int = 3, size: int = 4096) -> bytes:
    import random

    rnd = random.Random(seed)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(size))


def check_records(records: list[dict], text: str, marker_positions: set[int] = frozenset()) -> None:
    """Invariants of the jsonl records against the decoded source ``text``."""
    assert records, "no records"
    assert [r["sentence"] for r in records] == list(range(len(records)))
    blocks = [r["block"] for r in records]
    assert blocks == sorted(blocks)
    coverage = [0] * len(text)
    for r in records:
        a, b = r["span"]
        assert 0 <= a < b <= len(text)
        assert text[a:b] == r["source"]
        assert r["kind"] in ("paragraph", "heading", "list_item")
        assert isinstance(r["translation"], str)
        assert isinstance(r["score"], float), r
        assert isinstance(r["flags"], list) and set(r["flags"]) <= KNOWN_FLAGS, r["flags"]
        chunks = r["chunks"]
        assert chunks and chunks[0][0] == a and chunks[-1][1] == b, (r["span"], chunks)
        for c0, c1 in chunks:
            assert a <= c0 < c1 <= b
        for (_, prev_end), (next_start, _) in zip(chunks, chunks[1:]):
            assert prev_end <= next_start, chunks  # in order, not overlapping
            assert text[prev_end:next_start].strip() == "", "characters between chunks were not translated"
        assert ("chunked" in r["flags"]) == (len(chunks) > 1)
        for i in range(a, b):
            coverage[i] += 1
    for i, ch in enumerate(text):
        if i in marker_positions:
            assert coverage[i] == 0, f"list/heading marker at {i} is inside a sentence"
        elif ch in "\r\n":
            assert coverage[i] == 0, f"a sentence spans the line break at {i}"
        elif not ch.isspace():
            assert coverage[i] == 1, f"character {i} {ch!r} covered {coverage[i]} times"
        else:
            assert coverage[i] <= 1


# ------------------------------------------------------------ fixtures

@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch):
    for name in _CLEAN_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def sample_runs(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample translated once to txt and once to jsonl, with a shared cache."""
    need_shared(SAMPLE)
    d = tmp_path_factory.mktemp("sample-runs")
    common = ["--model", tiny_model_dir, "--cache-dir", d / "cache"]
    txt = invoke(["translate", SAMPLE, "-o", d / "out.txt", *common])
    jsonl = invoke(["translate", SAMPLE, "-o", d / "out.jsonl", *common])
    return SimpleNamespace(
        dir=d,
        common=common,
        source=SAMPLE.read_bytes().decode("utf-8"),
        txt=txt,
        jsonl=jsonl,
        txt_path=d / "out.txt",
        jsonl_path=d / "out.jsonl",
    )


# ------------------------------------------------------------ help and models

def test_root_help():
    result = invoke(["--help"])
    assert_ok(result)
    assert "translate" in result.stdout and "models" in result.stdout
    assert result.stderr == ""


def test_translate_help_lists_the_main_options():
    result = invoke(["translate", "--help"])
    assert_ok(result)
    for option in ("--model", "--format", "--beam", "--no-cache", "--output", "--quiet", "--verbose"):
        assert option in result.stdout, option


def test_version():
    from bitext import __version__

    result = invoke(["--version"])
    assert_ok(result)
    assert __version__ in result.stdout


def test_models_list_shows_the_default_model():
    result = invoke(["models", "list"], env={"COLUMNS": "200"})
    assert_ok(result)
    assert "Helsinki-NLP/opus-mt-ar-en" in result.stdout
    assert "opus-mt-ar-en (default)" in result.stdout
    assert "tiny" in result.stdout


def test_models_list_does_not_truncate_names_at_80_columns():
    from bitext.registry import KNOWN_MODELS

    result = invoke(["models", "list"], env={"COLUMNS": "80"})
    assert_ok(result)
    assert "…" not in result.stdout
    for info in KNOWN_MODELS.values():
        assert info.name in result.stdout, info.name
        if info.hub:
            assert info.hub in result.stdout, info.hub


def test_models_build_tiny_creates_a_loadable_model(tmp_path):
    out = tmp_path / "tiny"
    result = invoke(["models", "build-tiny", out])
    assert_ok(result)
    assert str(out) in result.stdout
    for name in ("config.json", "source.spm", "target.spm", "vocab.json"):
        assert (out / name).is_file(), name
    # the directory works as --model
    src = tmp_path / "in.txt"
    src.write_text("أعلن الوزير أن بلاده سترسل جنودا.\n", encoding="utf-8")
    result = invoke(["translate", src, "-o", tmp_path / "out.txt", "--model", out, "--beam", "1", "-q"])
    assert_ok(result)
    out_text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert out_text.endswith("\n") and out_text.count("\n") == 1 and out_text.strip()


# ------------------------------------------------------------ the sample, end to end

def test_sample_txt_keeps_the_lines(sample_runs):
    assert_ok(sample_runs.txt)
    src = sample_runs.source
    out = sample_runs.txt_path.read_bytes().decode("utf-8")
    src_lines, out_lines = src.splitlines(), out.splitlines()
    assert len(src_lines) == 17
    assert len(out_lines) == 17
    assert not src.endswith("\n") and not out.endswith("\n")
    assert terminators(out) == terminators(src)
    for i, (a, b) in enumerate(zip(src_lines, out_lines)):
        assert bool(a.strip()) == bool(b.strip()), f"line {i}: {a!r} -> {b!r}"
    assert sample_runs.txt.stdout == ""  # -o given: nothing on stdout


def test_sample_txt_lines_stay_in_place(sample_runs):
    """Each output line is the translation of the sentences of the same input line."""
    assert_ok(sample_runs.txt)
    assert_ok(sample_runs.jsonl)
    src = sample_runs.source
    doc = segment_document(src)
    headings = [b.index for b in doc.blocks if b.kind == "heading"]
    assert headings, "the segmenter finds the sample's sub-headings"
    records = read_records(sample_runs.jsonl_path.read_text(encoding="utf-8"))
    assert sorted({r["block"] for r in records if r["kind"] == "heading"}) == headings
    by_block: dict[int, list[str]] = {}
    for r in records:
        by_block.setdefault(r["block"], []).append(" ".join(r["translation"].split()))
    out_lines = sample_runs.txt_path.read_bytes().decode("utf-8").splitlines()
    for b in doc.blocks:
        expected = (
            src[b.start : b.content_start]
            + " ".join(t for t in by_block.get(b.index, []) if t)
            + src[b.content_end : b.end]
        )
        assert out_lines[b.index] == expected, f"line {b.index} ({b.kind})"
    for i in headings:
        assert out_lines[i].strip()


def test_sample_txt_reports_flags_with_a_hint(sample_runs):
    stderr = sample_runs.txt.stderr
    assert "Traceback" not in stderr
    assert re.search(r"\d+ of 17 sentences flagged", stderr), stderr
    assert "--format jsonl" in stderr


def test_sample_jsonl_records(sample_runs):
    assert_ok(sample_runs.jsonl)
    src = sample_runs.source
    records = read_records(sample_runs.jsonl_path.read_text(encoding="utf-8"))
    doc = segment_document(src)
    assert len(records) == len(doc.sentences) >= 17
    assert not any(b.kind == "list_item" for b in doc.blocks)
    # no list markers in the sample: every non-space character is in exactly one sentence
    check_records(records, src)


def test_format_jsonl_to_stdout(sample_runs):
    result = invoke(["translate", SAMPLE, "--format", "jsonl", *sample_runs.common])
    assert_ok(result)
    assert result.stdout == sample_runs.jsonl_path.read_text(encoding="utf-8")
    check_records(read_records(result.stdout), sample_runs.source)


def test_format_option_overrides_the_extension(sample_runs, tmp_path):
    out = tmp_path / "out.jsonl"
    result = invoke(["translate", SAMPLE, "-o", out, "--format", "txt", "-q", *sample_runs.common])
    assert_ok(result)
    assert out.read_bytes() == sample_runs.txt_path.read_bytes()


def test_stdin_to_stdout(sample_runs):
    data = SAMPLE.read_bytes()
    result = invoke(["translate", "-", "-o", "-", "-q", *sample_runs.common], input=data)
    assert_ok(result)
    assert result.stdout == sample_runs.txt_path.read_bytes().decode("utf-8")
    assert len(result.stdout.splitlines()) == 17
    assert result.stderr == ""
    # INPUT and -o default to '-'
    result = invoke(["translate", "-q", *sample_runs.common], input=data)
    assert_ok(result)
    assert result.stdout == sample_runs.txt_path.read_bytes().decode("utf-8")


def test_stdin_format_is_told_from_its_content(tiny_model_dir):
    # HTML and SRT piped in come back as HTML and SRT (markup and timings kept), as a file would
    html = "<html><body><h1>الميناء</h1><p>قال الوزير إن الميناء سيفتح.</p></body></html>\n"
    srt = "1\n00:00:01,000 --> 00:00:03,000\nقال الوزير إن الميناء\n\n2\n00:00:03,500 --> 00:00:05,000\nسيفتح قريبا.\n"
    fast = ["--model", tiny_model_dir, "--beam", "1", "--max-length-ratio", "0.3", "--device", "cpu", "--no-cache", "-q"]
    result = invoke(["translate", "-", "-o", "-", *fast], input=html.encode("utf-8"))
    assert_ok(result)
    assert result.stdout.startswith("<html>") and "<h1>" in result.stdout and "</p>" in result.stdout
    assert "الميناء" not in result.stdout
    result = invoke(["translate", "-", *fast], input=srt.encode("utf-8"))
    assert_ok(result)
    assert "00:00:01,000 --> 00:00:03,000" in result.stdout and "00:00:03,500 --> 00:00:05,000" in result.stdout
    # --input-format still wins: the same HTML read as text keeps no markup apart from the words
    result = invoke(["translate", "-", "--input-format", "txt", *fast], input=html.encode("utf-8"))
    assert_ok(result)
    assert "<h1>" not in result.stdout


@pytest.mark.parametrize("encoding, label", [("cp1256", "1256"), ("utf-16", "utf-16")])
def test_other_encodings_of_the_sample(sample_runs, tmp_path, encoding, label):
    src = tmp_path / "encoded.ar.txt"  # the name must not give the encoding away
    src.write_bytes(sample_runs.source.encode(encoding))
    out = tmp_path / "out.txt"
    result = invoke(["translate", src, "-o", out, "-v", *sample_runs.common])
    assert_ok(result)
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{src}: ") and label in first.lower(), result.stderr
    text = out.read_bytes().decode("utf-8")
    assert len(text.splitlines()) == 17
    # same decoded text, same translation
    assert out.read_bytes() == sample_runs.txt_path.read_bytes()


def test_flag_summary_counts_flagged_sentences_and_quiet_hides_it(sample_runs, tmp_path):
    out = tmp_path / "out.jsonl"
    result = invoke(["translate", SAMPLE, "-o", out, *sample_runs.common])
    assert_ok(result)
    records = read_records(out.read_text(encoding="utf-8"))
    flagged = [r for r in records if r["flags"]]
    assert flagged, "the tiny model hits the length limit"
    lines = [line for line in result.stderr.splitlines() if "flagged" in line]
    assert len(lines) == 1, result.stderr
    m = re.search(r"(\d+) of (\d+) sentences flagged \(([^)]*)\)", lines[0])
    assert m, lines[0]
    assert int(m.group(1)) == len(flagged)
    assert int(m.group(2)) == len(records)
    kinds = dict((k, int(n)) for k, n in (part.split(": ") for part in m.group(3).split(", ")))
    assert kinds == dict(Counter(f for r in records for f in r["flags"]))
    assert "jsonl" in lines[0]

    quiet_out = tmp_path / "quiet.jsonl"
    result = invoke(["translate", SAMPLE, "-o", quiet_out, "-q", *sample_runs.common])
    assert_ok(result)
    assert result.stderr == ""
    assert quiet_out.read_bytes() == out.read_bytes()


# ------------------------------------------------------------ layout on a file of our own

@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_layout_is_kept(tiny_model_dir, tmp_path, newline):
    source = newline.join(LAYOUT_LINES) + newline
    src = tmp_path / "layout.ar.txt"
    src.write_bytes(source.encode("utf-8"))
    out = tmp_path / "layout.en.txt"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1", "-q"])
    assert_ok(result)
    text = out.read_bytes().decode("utf-8")
    out_lines = text.splitlines()
    assert len(out_lines) == len(LAYOUT_LINES)
    assert terminators(text) == [newline] * len(LAYOUT_LINES)
    for i, line in enumerate(LAYOUT_LINES):
        if line:
            assert out_lines[i].strip(), f"line {i} lost its text"
        else:
            assert out_lines[i] == "", f"blank line {i} is not blank: {out_lines[i]!r}"
    for i, _src_marker, out_marker in LAYOUT_MARKERS:
        assert out_lines[i].startswith(out_marker), (i, out_lines[i])
        assert len(out_lines[i]) > len(out_marker), f"line {i} has only its marker"
    assert not out_lines[3].startswith("١")

    # the same file as jsonl: spans skip the markers, paragraphs hold several sentences
    jsonl = tmp_path / "layout.jsonl"
    result = invoke(["translate", src, "-o", jsonl, "--model", tiny_model_dir, "--beam", "1", "-q"])
    assert_ok(result)
    records = read_records(jsonl.read_text(encoding="utf-8"))
    starts = [0]
    for line in LAYOUT_LINES:
        starts.append(starts[-1] + len(line) + len(newline))
    markers = {starts[i] + k for i, marker, _ in LAYOUT_MARKERS for k in range(len(marker))}
    check_records(records, source, markers)
    kinds = {r["block"]: r["kind"] for r in records}
    assert kinds == {0: "heading", 2: "list_item", 3: "list_item", 4: "list_item", 6: "paragraph", 7: "paragraph"}
    per_block = Counter(r["block"] for r in records)
    assert per_block[6] >= 2 and per_block[7] >= 2


@pytest.mark.parametrize("content", ["", "\n\n\n", "  \n\t\r\n\r\n"], ids=["empty", "blank-lines", "whitespace-lines"])
def test_input_without_sentences(tiny_model_dir, tmp_path, content):
    src = tmp_path / "in.txt"
    src.write_bytes(content.encode("utf-8"))
    out = tmp_path / "out.txt"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir])
    assert_ok(result)
    assert out.is_file()
    assert out.read_bytes() == content.encode("utf-8")
    jsonl = tmp_path / "out.jsonl"
    result = invoke(["translate", src, "-o", jsonl, "--model", tiny_model_dir])
    assert_ok(result)
    assert jsonl.is_file() and jsonl.read_bytes() == b""


# ------------------------------------------------------------ bad input

@pytest.mark.parametrize("kind", ["missing", "directory", "binary"])
def test_bad_input(tiny_model_dir, tmp_path, kind):
    if kind == "missing":
        src = tmp_path / "missing.ar.txt"
    elif kind == "directory":
        src = tmp_path / "a-directory"
        src.mkdir()
    else:
        src = tmp_path / "picture.png"
        src.write_bytes(_png_like())
    out = tmp_path / "out.txt"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir])
    assert_error_exit(result, str(src))
    assert not out.exists()
    assert part_files(tmp_path) == []
    assert result.stdout == ""


@pytest.mark.parametrize("kind", ["nonexistent", "empty-dir"])
def test_bad_model_directory(tmp_path, kind):
    need_shared(SAMPLE)
    if kind == "nonexistent":
        model = "/nonexistent/dir"
    else:
        model = str(tmp_path / "empty-model")
        os.mkdir(model)
    out = tmp_path / "out.txt"
    result = invoke(["translate", SAMPLE, "-o", out, "--model", model])
    assert_error_exit(result, model)
    assert not out.exists()


def test_unknown_hub_model_with_unreachable_hub_fails_fast(tmp_path, monkeypatch):
    """No HF_HUB_OFFLINE: the hub endpoint refuses connections; one short attempt, then one line."""
    need_shared(SAMPLE)
    with socket.socket() as s:  # a local port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    name = "bitext-tests/no-such-model-xyz"
    start = time.monotonic()
    result = invoke(["translate", SAMPLE, "-o", tmp_path / "out.txt", "--model", name])
    elapsed = time.monotonic() - start
    assert_error_exit(result, name, "--model")
    assert elapsed < 15, f"took {elapsed:.1f}s"
    assert not (tmp_path / "out.txt").exists()


def test_output_is_the_input(tiny_model_dir, tmp_path):
    src = tmp_path / "in.txt"
    original = "أعلن الوزير أن بلاده سترسل جنودا.\n".encode("utf-8")
    src.write_bytes(original)
    result = invoke(["translate", src, "-o", tmp_path / "." / "in.txt", "--model", tiny_model_dir])
    assert_error_exit(result, "in.txt")
    assert src.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["in.txt"]


def test_output_is_a_directory(tiny_model_dir, tmp_path):
    need_shared(SAMPLE)
    out = tmp_path / "out-dir"
    out.mkdir()
    result = invoke(["translate", SAMPLE, "-o", out, "--model", tiny_model_dir])
    assert_error_exit(result, str(out))
    assert list(out.iterdir()) == []


def test_output_directory_missing(sample_runs, tmp_path):
    out = tmp_path / "no-such-dir" / "out.txt"
    result = invoke(["translate", SAMPLE, "-o", out, "-q", *sample_runs.common])
    assert_error_exit(result, "no-such-dir")
    assert not out.parent.exists()


def test_unwritable_output_directory_is_one_line_error(sample_runs, tmp_path, unwritable_dir):
    directory = unwritable_dir
    out = directory / "bitext-test-out.txt"
    try:
        result = invoke(["translate", SAMPLE, "-o", out, "-q", *sample_runs.common])
    finally:
        if directory != Path("/proc"):
            directory.chmod(0o700)
    assert_error_exit(result, str(out))
    assert not out.exists()


# ------------------------------------------------------------ interruption

@pytest.mark.parametrize("existing", [True, False], ids=["existing-output", "no-output"])
def test_interrupt_leaves_the_output_untouched(tiny_model_dir, tmp_path, monkeypatch, existing):
    need_shared(SAMPLE)
    import bitext.translate.files

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bitext.translate.files, "translate_document", interrupted)
    out_dir = tmp_path / "outdir"
    out_dir.mkdir()
    out = out_dir / "out.txt"
    previous = "previous translation\r\nstays\n".encode("utf-8")
    if existing:
        out.write_bytes(previous)
    result = invoke(["translate", SAMPLE, "-o", out, "--model", tiny_model_dir])
    assert result.exit_code == 130, (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "interrupt" in lines[0].lower(), result.stderr
    if existing:
        assert out.read_bytes() == previous
        assert [p.name for p in out_dir.iterdir()] == ["out.txt"]
    else:
        assert list(out_dir.iterdir()) == []


# ------------------------------------------------------------ cache

def test_second_run_comes_from_the_cache(tiny_model_dir, tmp_path, _isolated_cache):
    need_shared(SAMPLE)
    pattern = re.compile(r"\b(\d+) pieces translated, (\d+) from the cache$", re.M)
    args = ["translate", SAMPLE, "--model", tiny_model_dir, "-v"]

    first = invoke([*args, "-o", tmp_path / "first.txt"])
    assert_ok(first)
    m = pattern.search(first.stderr)
    assert m, first.stderr
    translated, hits = int(m.group(1)), int(m.group(2))
    assert translated >= 17 and hits == 0
    assert (_isolated_cache / "translations.sqlite3").is_file()

    second = invoke([*args, "-o", tmp_path / "second.txt"])
    assert_ok(second)
    m = pattern.search(second.stderr)
    assert m, second.stderr
    assert (int(m.group(1)), int(m.group(2))) == (0, translated)
    assert (tmp_path / "second.txt").read_bytes() == (tmp_path / "first.txt").read_bytes()

    third = invoke([*args, "--no-cache", "-o", tmp_path / "third.txt"])
    assert_ok(third)
    m = pattern.search(third.stderr)
    assert m, third.stderr
    assert (int(m.group(1)), int(m.group(2))) == (translated, 0)
    assert (tmp_path / "third.txt").read_bytes() == (tmp_path / "first.txt").read_bytes()


# ------------------------------------------------------------ real processes

def test_subprocess_binary_input_is_one_line_error(tiny_model_dir, tmp_path):
    src = tmp_path / "picture.png"
    src.write_bytes(_png_like(seed=11))
    out = tmp_path / "out.txt"
    proc = run_bitext(["translate", src, "-o", out, "--model", tiny_model_dir], subprocess_env(tmp_path))
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, stderr
    assert_one_line_error(stderr, str(src))
    assert proc.stdout == b""
    assert not out.exists()


def test_subprocess_unknown_model_offline_fails_fast(tmp_path):
    need_shared(SAMPLE)
    hf_home = tmp_path / "hf-home"
    hf_home.mkdir()
    env = subprocess_env(tmp_path, HF_HUB_OFFLINE="1", HF_HOME=str(hf_home), TRANSFORMERS_OFFLINE="1")
    env.pop("HF_HUB_CACHE", None)
    env.pop("HUGGINGFACE_HUB_CACHE", None)
    name = "bitext-tests/no-such-model-xyz"
    out = tmp_path / "out.txt"
    start = time.monotonic()
    proc = run_bitext(["translate", SAMPLE, "-o", out, "--model", name], env, timeout=90)
    elapsed = time.monotonic() - start
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, stderr
    assert_one_line_error(stderr, name, "--model")
    assert not out.exists()
    assert elapsed < 45, f"took {elapsed:.1f}s (python + torch import included)"


def test_subprocess_stdout_with_a_non_utf8_encoding(tiny_model_dir, tmp_path):
    """`bitext translate in.txt > out.txt` under a non-UTF-8 locale: no traceback."""
    need_shared(SAMPLE)
    env = subprocess_env(tmp_path, PYTHONIOENCODING="ascii")
    proc = run_bitext(["translate", SAMPLE, "--model", tiny_model_dir, "--beam", "1", "-q"], env)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    if proc.returncode == 0:
        assert len(proc.stdout.decode("utf-8").splitlines()) == 17
    else:
        assert proc.returncode == 2
        assert_one_line_error(stderr)
