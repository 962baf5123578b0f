"""bitext align on the command line: formats, presplit, MT file, bad input."""

from __future__ import annotations

import json

from click.testing import CliRunner
from lxml import etree

from bitext.cli import main

AR = ("أرسلت الولايات المتحدة 560 جندياً إلى العراق. وقال كارتر إن المعركة قريبة.\n"
      "وصل الوزير إلى بغداد يوم الاثنين.\n")
EN = ("The United States sent 560 troops to Iraq.\n"
      "Carter said the battle is near. The minister arrived in Baghdad on Monday.\n")


def _inputs(tmp_path, ar=AR, en=EN):
    a, e = tmp_path / "doc.ar", tmp_path / "doc.en"
    a.write_text(ar, encoding="utf-8")
    e.write_text(en, encoding="utf-8")
    return str(a), str(e)


def run(*args):
    return CliRunner().invoke(main, ["align", *map(str, args)])


def test_running_text_is_resplit_and_aligned_one_to_one(tmp_path):
    a, e = _inputs(tmp_path)
    result = run(a, e)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert "560" in rows[0][0] and "560" in rows[0][1]
    assert "كارتر" in rows[1][0] and "Carter" in rows[1][1]
    assert "بغداد" in rows[2][0] and "Baghdad" in rows[2][1]


def test_presplit_keeps_lines_as_sentences(tmp_path):
    a, e = _inputs(tmp_path)
    result = run(a, e, "--presplit", "-f", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # two Arabic lines, two English lines, line 1 of each holds two sentences: no re-splitting
    assert sorted(i for r in records for i in r["src"]) == [0, 1]
    assert sorted(i for r in records for i in r["tgt"]) == [0, 1]


def test_tmx_and_moses_outputs(tmp_path):
    a, e = _inputs(tmp_path)
    out = tmp_path / "pairs.tmx"
    assert run(a, e, "-o", out).exit_code == 0
    tree = etree.parse(str(out))
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tree.iter("tuv")]
    assert langs == ["ar", "en"] * 3
    assert tree.docinfo.encoding.upper() == "UTF-8"
    assert run(a, e, "-f", "moses", "-o", tmp_path / "corpus").exit_code == 0
    ar_lines = (tmp_path / "corpus.ar").read_text(encoding="utf-8").splitlines()
    en_lines = (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines()
    assert len(ar_lines) == len(en_lines) == 3


def test_min_score_drops_weak_beads_from_tsv_but_jsonl_keeps_them(tmp_path):
    a, e = _inputs(tmp_path, en="The United States sent 560 troops to Iraq.\n")
    tsv = run(a, e, "--min-score", "0.5").stdout.splitlines()
    records = [json.loads(line) for line in run(a, e, "-f", "jsonl", "--min-score", "0.5").stdout.splitlines()]
    # jsonl keeps every sentence, marking the weak beads
    assert sorted(i for r in records for i in r["src"]) == [0, 1, 2]
    weak = [r for r in records if r.get("weak")]
    assert weak and all(r["score"] < 0.5 for r in weak)
    assert all(r["score"] >= 0.5 for r in records if not r.get("weak"))
    # tsv holds only the strong beads; an unaligned Arabic sentence (1-0) is weak
    assert len(tsv) == len(records) - len(weak)
    assert any(r["kind"] == "1-0" for r in weak)
    assert all(row.split("\t")[1] for row in tsv)


def test_mt_file_must_match_the_arabic_side(tmp_path):
    a, e = _inputs(tmp_path)
    mt = tmp_path / "doc.mt"
    mt.write_text("only one line\n", encoding="utf-8")
    result = run(a, e, "--presplit", "--mt", mt)
    assert result.exit_code == 2
    assert "has 1 sentences but" in result.stderr and str(mt) in result.stderr
    mt.write_text("The US sent 560 soldiers to Iraq. Carter said the fight is near.\nThe minister came to Baghdad Monday.\n", encoding="utf-8")
    good = run(a, e, "--presplit", "--mt", mt, "-f", "jsonl")
    assert good.exit_code == 0, good.output


def test_bad_input_is_one_line(tmp_path):
    a, e = _inputs(tmp_path)
    for args, needle in (([a, tmp_path / "missing.en"], "no such file"),
                         ([a, e, "-f", "moses"], "give -o OUT"),
                         ([a, e, "--mt", e, "--model", "x"], "not both")):
        result = run(*args)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0]


def test_empty_side_warns_and_leaves_sentences_unaligned(tmp_path):
    a, e = _inputs(tmp_path, en="")
    result = run(a, e, "-f", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in records] == ["1-0"] * 3
    assert "has no sentences" in result.stderr


def test_windows_1256_arabic_with_utf8_english(tmp_path):
    a, e = tmp_path / "doc.ar", tmp_path / "doc.en"
    a.write_bytes(AR.encode("cp1256"))
    e.write_text(EN, encoding="utf-8")
    result = run(a, e)
    assert result.exit_code == 0, result.output
    assert "560" in result.stdout.splitlines()[0]


def test_model_mode_translates_the_arabic_side(tiny_model_dir, tmp_path):
    a, e = _inputs(tmp_path)
    result = run(a, e, "--model", tiny_model_dir, "-f", "jsonl", "-v")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # every sentence of both sides appears exactly once
    assert sorted(i for r in records for i in r["src"]) == [0, 1, 2]
    assert sorted(i for r in records for i in r["tgt"]) == [0, 1, 2]


# ---------------------------------------------------------------- dictionary, many documents, errors

from test_align import VOC, word_corpus  # noqa: E402


def _lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_dict_option_and_summary(tmp_path):
    ar, en = word_corpus()
    a = _lines(tmp_path / "a.txt", ar)
    e = _lines(tmp_path / "e.txt", en[:20] + en[21:])
    d = _lines(tmp_path / "d.tsv", [f"{x}\t{y}" for x, y in VOC])
    result = run(a, e, "--presplit", "--no-learn", "--dict", d, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["src"] for r in records if not r["tgt"]] == [[20]]
    assert "Arabic 1 of 40 (1 without counterpart, 0 too different)" in result.stderr
    bad = _lines(tmp_path / "bad.tsv", ["no pairs"])
    result = run(a, e, "--presplit", "--dict", bad)
    assert result.exit_code == 2 and "bad.tsv" in result.stderr


def test_doc_ids_align_documents_separately(tmp_path):
    ar, en = word_corpus(size=12)
    a = _lines(tmp_path / "a.txt", ar)
    e = _lines(tmp_path / "e.txt", en)
    ids = _lines(tmp_path / "ids", ["d1"] * 5 + ["d2"] * 7)
    result = run(a, e, "--presplit", "--doc-ids", ids, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["d1"] * 5 + ["d2"] * 7
    # indices are local to each document
    assert [r["src"] for r in records if r["doc"] == "d2"] == [[i] for i in range(7)]
    assert "2 documents" in result.stderr
    # English with another line count needs its own ids
    e2 = _lines(tmp_path / "e2.txt", en[:11])
    result = run(a, e2, "--presplit", "--doc-ids", ids)
    assert result.exit_code == 2 and "--doc-ids-en" in result.stderr
    ids_en = _lines(tmp_path / "ids.en", ["d1"] * 4 + ["d2"] * 7)
    assert run(a, e2, "--presplit", "--doc-ids", ids, "--doc-ids-en", ids_en).exit_code == 0


def test_doc_ids_count_must_match_the_lines(tmp_path):
    a, e = _inputs(tmp_path)
    ids = _lines(tmp_path / "ids", ["d1"] * 5)
    result = run(a, e, "--doc-ids", ids)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ids" in lines[0] and "one id per line" in lines[0]


def test_two_directories_give_one_output_per_document(tmp_path):
    ar, en = word_corpus(size=10)
    (tmp_path / "ar").mkdir()
    (tmp_path / "en").mkdir()
    for name, k in (("one.txt", 0), ("two.txt", 5)):
        _lines(tmp_path / "ar" / name, ar[k:k + 5])
        _lines(tmp_path / "en" / name, en[k:k + 5])
    out = tmp_path / "out"
    result = run(tmp_path / "ar", tmp_path / "en", "-o", out, "--presplit")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["one.tsv", "two.tsv"]
    rows = (out / "two.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == [ar[5], en[5]]
    # a file without its partner: one line naming it, exit 2
    _lines(tmp_path / "ar" / "three.txt", ar[:2])
    result = run(tmp_path / "ar", tmp_path / "en", "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "three.txt" in lines[0] and "same names" in lines[0]
    # a directory and a file
    result = run(tmp_path / "ar", tmp_path / "en" / "one.txt", "-o", out)
    assert result.exit_code == 2 and "not a directory" in result.stderr


def test_align_files_is_the_library_face_of_the_command(tmp_path):
    """The CLI and Python callers share one path: the same job gives the same file."""
    import pytest

    from bitext.align.files import AlignJob, align_files
    from bitext.errors import FormatError

    a, e = _inputs(tmp_path)
    by_cli = tmp_path / "cli.jsonl"
    assert run(a, e, "-o", by_cli, "-q").exit_code == 0
    by_lib = tmp_path / "lib.jsonl"
    done = align_files(AlignJob(a, e, output=str(by_lib)))
    assert by_lib.read_text(encoding="utf-8") == by_cli.read_text(encoding="utf-8")
    assert done.targets == [by_lib] and done.bead_counts()["1-1"] >= 2
    assert "left unaligned: Arabic 0 of" in done.summary()
    with pytest.raises(FormatError, match="not both"):
        align_files(AlignJob(a, e, mt=e, model="x"))
    with pytest.raises(FormatError, match="OUT.ar"):
        align_files(AlignJob(a, e, fmt="moses"))
    with pytest.raises(ValueError, match="translate="):
        align_files(AlignJob(a, e, model="some-model", output=str(tmp_path / "m.tsv")))
