"""Corpus translation with the local engine (no Ray needed): inputs, outputs, failures, resuming."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bitext.corpus import MANIFEST, translate_corpus
from bitext.corpus.inputs import expand_inputs
from bitext.errors import BitextError, InputError

from conftest import NTREX_AR, need_shared

FAST = dict(device="cpu", beam=1, max_length_ratio=0.1, threads=1)  # short gibberish: fast


def ntrex_lines() -> list[str]:
    need_shared(NTREX_AR)
    return [l.strip() for l in NTREX_AR.read_text(encoding="utf-8").splitlines() if l.strip()]


def make_docs(root: Path, n: int = 3, lines: int = 2, bad: bool = True) -> Path:
    """``n`` small documents with distinct sentences (one in a subfolder), plus a binary 'bad.txt'."""
    text = ntrex_lines()
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    for i in range(n):
        target = docs / "sub" / f"d{i}.txt" if i == n - 1 else docs / f"d{i}.txt"
        body = "\n\n".join(text[i * lines : (i + 1) * lines])
        target.write_text(f"# {i}\n{body}\n", encoding="utf-8")
    if bad:
        (docs / "bad.txt").write_bytes(bytes(range(256)) * 8)
    (docs / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return docs


def outputs(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def reference(tiny_engine, docs: Path, out: Path) -> dict[str, bytes]:
    """Each good document through the one-file driver (bitext.formats.driver.translate_file)."""
    from bitext.job import TranslateJob, translate_file
    from bitext.translate import GenerationOptions

    options = GenerationOptions(beam=1, max_length_ratio=0.1)
    for p in sorted(docs.rglob("d*.txt")):
        target = out / p.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        translate_file(TranslateJob(decoding=options, use_cache=False), str(p), str(target), engine=tiny_engine).translation
    return outputs(out)


# ---------------------------------------------------------------- inputs


def test_expand_inputs_files_dirs_globs(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    out = tmp_path / "out"
    by_dir = {s.output: s.path for s in expand_inputs([str(docs)], out)}
    assert set(by_dir) == {"d0.txt", "d1.txt", "sub/d2.txt", "bad.txt"}  # hidden files skipped
    by_glob = {s.output for s in expand_inputs([str(docs / "**" / "d*.txt")], out)}
    assert by_glob == {"d0.txt", "d1.txt", "sub/d2.txt"}
    by_file = {s.output for s in expand_inputs([str(docs / "sub" / "d2.txt"), str(docs / "d0.txt")], out)}
    assert by_file == {"d2.txt", "d0.txt"}
    corpus = tmp_path / "rows.parquet"
    corpus.write_bytes(b"")
    (rows,) = expand_inputs([str(corpus)], out)
    assert rows.rows and rows.output == "rows.jsonl"


def test_expand_inputs_refuses_collisions_and_missing(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "d0.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="both be written"):
        expand_inputs([str(docs / "d0.txt"), str(tmp_path / "other" / "d0.txt")], tmp_path / "out")
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "missing")], tmp_path / "out")
    with pytest.raises(InputError, match="no file matches"):
        expand_inputs([str(tmp_path / "*.nothing")], tmp_path / "out")
    # OUTDIR inside the input directory is not read back as input
    inside = docs / "out"
    inside.mkdir()
    (inside / "old.txt").write_text("x", encoding="utf-8")
    assert all(not s.output.startswith("out/") for s in expand_inputs([str(docs)], inside))


# ---------------------------------------------------------------- local engine


def test_local_engine_matches_driver_and_reports_bad_file(tmp_path: Path, tiny_engine, tiny_model_dir: Path) -> None:
    docs = make_docs(tmp_path)
    expected = reference(tiny_engine, docs, tmp_path / "ref")
    states = []
    result = translate_corpus([str(docs)], tmp_path / "out", model=str(tiny_model_dir), progress=states.append, **FAST)
    assert outputs(tmp_path / "out") == expected  # byte-identical to the one-file driver
    assert [d.status for d in result.documents].count("ok") == 3
    (bad,) = result.failed
    assert bad.input.endswith("bad.txt") and "\n" not in bad.error and "bad.txt" in bad.error
    assert result.sentences > 0 and result.translated > 0
    last = states[-1]
    assert last.units_done == last.units_total == 4 and last.failed == 1  # the bad file fails in the worker
    assert last.sentences_done == last.sentences_total == result.sentences and last.bytes_done == last.bytes_total
    assert "4/4 documents, 1 failed" in last.line() and "~" not in last.line()
    assert "documents" in result.summary() and "1 failed" in result.summary()


def test_rerun_skips_done_documents_and_redoes_changed_ones(tmp_path: Path, tiny_model_dir: Path) -> None:
    docs = make_docs(tmp_path, bad=False)
    out = tmp_path / "out"
    first = translate_corpus([str(docs)], out, model=str(tiny_model_dir), **FAST)
    assert len(first.ok) == 3
    again = translate_corpus([str(docs)], out, model=str(tiny_model_dir), **FAST)
    assert [d.status for d in again.documents] == ["skipped"] * 3 and again.translated == 0 and again.cache_hits == 0
    # an edited input and a deleted output are redone; nothing else
    (docs / "d0.txt").write_text((docs / "d0.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (out / "d1.txt").unlink()
    third = translate_corpus([str(docs)], out, model=str(tiny_model_dir), **FAST)
    assert {Path(d.input).name: d.status for d in third.documents} == {"d0.txt": "ok", "d1.txt": "ok", "d2.txt": "skipped"}
    assert third.translated == 0  # every sentence came from the translation cache
    # other output-changing options: not skipped
    fourth = translate_corpus([str(docs)], out, model=str(tiny_model_dir), **{**FAST, "max_length_ratio": 0.2})
    assert len(fourth.ok) == 3


def test_interrupted_run_resumes_without_translating_twice(tmp_path: Path, tiny_model_dir: Path, monkeypatch) -> None:
    docs = make_docs(tmp_path, n=4, bad=False)
    total = translate_corpus([str(docs)], tmp_path / "fresh", model=str(tiny_model_dir), use_cache=False, **FAST).translated

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache2"))
    out = tmp_path / "out"

    def stop_after_two(state) -> None:
        if state.units_done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_corpus([str(docs)], out, model=str(tiny_model_dir), progress=stop_after_two, **FAST)
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    done_first = sum(json.loads(l)["translated"] for l in lines)
    second = translate_corpus([str(docs)], out, model=str(tiny_model_dir), **FAST)
    assert [d.status for d in second.documents].count("skipped") == 2
    assert done_first + second.translated == total  # no model input translated twice
    assert outputs(out) == outputs(tmp_path / "fresh")


def test_output_format_override_changes_extension(tmp_path: Path, tiny_model_dir: Path) -> None:
    docs = make_docs(tmp_path, n=2, bad=False)
    result = translate_corpus([str(docs / "d0.txt")], tmp_path / "out", model=str(tiny_model_dir), output_format="jsonl", **FAST)
    (doc,) = result.documents
    assert doc.status == "ok" and doc.output.endswith("d0.jsonl")
    records = [json.loads(l) for l in Path(doc.output).read_text(encoding="utf-8").splitlines()]
    assert records and all("source" in r or "src" in r or "text" in r for r in records)


def test_row_corpus_is_sharded_and_joined_in_order(tmp_path: Path, tiny_engine, tiny_model_dir: Path) -> None:
    pytest.importorskip("bitext.formats.jsonl_rows")
    from bitext.job import TranslateJob, translate_file
    from bitext.translate import GenerationOptions

    text = ntrex_lines()
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(text[:5])), encoding="utf-8")
    translate_file(TranslateJob(decoding=GenerationOptions(beam=1, max_length_ratio=0.1), field="text", use_cache=False),
                   str(corpus), str(tmp_path / "whole.jsonl"), engine=tiny_engine)
    result = translate_corpus([str(corpus)], tmp_path / "out", model=str(tiny_model_dir), shard_rows=2, field="text", **FAST)
    (doc,) = result.documents
    assert doc.status == "ok" and doc.units == 3
    assert (tmp_path / "out" / "news.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert not list((tmp_path / "out").glob(".bitext-parts/*.jsonl.*"))  # parts joined and removed
    again = translate_corpus([str(corpus)], tmp_path / "out", model=str(tiny_model_dir), shard_rows=2, field="text", **FAST)
    assert again.documents[0].status == "skipped"


def test_ray_engine_without_ray_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    docs = make_docs(tmp_path, n=1, bad=False)
    with pytest.raises(BitextError, match=r"pip install 'bitext\[ray\]'") as err:
        translate_corpus([str(docs)], tmp_path / "out", engine="ray")
    assert err.value.exit_code == 2 and "\n" not in str(err.value)


def test_missing_model_is_one_error_for_the_job(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, n=1, bad=False)
    with pytest.raises(BitextError, match="no such model directory"):
        translate_corpus([str(docs)], tmp_path / "out", model=str(tmp_path / "no-model"), **FAST)


def test_parquet_corpus_becomes_jsonl(tmp_path: Path, tiny_model_dir: Path) -> None:
    pytest.importorskip("bitext.formats.jsonl_rows")
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    text = ntrex_lines()[:3]
    pq.write_table(pa.table({"id": [1, 2, 3], "text": text}), tmp_path / "news.parquet")
    (tmp_path / "jsonl").mkdir()
    (tmp_path / "jsonl" / "news.jsonl").write_text(
        "".join(json.dumps({"id": i + 1, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(text)), encoding="utf-8")
    from_parquet = translate_corpus([str(tmp_path / "news.parquet")], tmp_path / "out1", model=str(tiny_model_dir), field="text", **FAST)
    from_jsonl = translate_corpus([str(tmp_path / "jsonl" / "news.jsonl")], tmp_path / "out2", model=str(tiny_model_dir), field="text", **FAST)
    assert from_parquet.documents[0].status == from_jsonl.documents[0].status == "ok"
    assert (tmp_path / "out1" / "news.jsonl").read_bytes() == (tmp_path / "out2" / "news.jsonl").read_bytes()
    rows = [json.loads(l) for l in (tmp_path / "out1" / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 3] and all(r["text"] != t for r, t in zip(rows, text))


# ---------------------------------------------------------------- command line


def _cli(args: list[str]):
    from click.testing import CliRunner

    from bitext.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart
    return runner.invoke(main, ["translate", *args])


def test_cli_directory_to_outdir_reports_bad_file_and_exits_1(tmp_path: Path, tiny_model_dir: Path) -> None:
    docs = make_docs(tmp_path)
    args = [str(docs), "-o", str(tmp_path / "out"), "--model", str(tiny_model_dir), "--device", "cpu", "--beam", "1",
            "--max-length-ratio", "0.1", "--threads", "1"]
    run = _cli(args)
    assert run.exit_code == 1, run.output
    assert "bitext: failed:" in run.stderr and "bad.txt" in run.stderr
    assert "4 documents: 3 translated" in run.stderr
    assert sorted(outputs(tmp_path / "out")) == ["d0.txt", "d1.txt", "sub/d2.txt"]
    again = _cli(args)
    assert again.exit_code == 1 and "3 skipped" in again.stderr


def test_cli_corpus_mode_errors_are_one_line_exit_2(tmp_path: Path, monkeypatch) -> None:
    docs = make_docs(tmp_path, n=1, bad=False)
    run = _cli([str(docs)])  # a directory needs -o OUTDIR
    assert run.exit_code == 2 and "-o OUTDIR" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    run = _cli([str(docs / "d0.txt"), "-o", str(tmp_path / "x.txt"), "--workers", "2"])
    assert run.exit_code == 2 and "--engine ray" in run.stderr
    monkeypatch.setitem(sys.modules, "ray", None)
    run = _cli([str(docs), "-o", str(tmp_path / "out"), "--engine", "ray"])
    assert run.exit_code == 2 and "pip install 'bitext[ray]'" in run.stderr and len(run.stderr.strip().splitlines()) == 1
