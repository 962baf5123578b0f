"""bitext eval: scores equal sacrebleu's, significance, sentence output, --align, bad input, formats."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER

from bitext.cli import main
from bitext.evaluate import evaluate, evaluate_files, render_html, render_sentences, system_names

from conftest import SHARED, need_shared

FLORES = SHARED / "data" / "flores-ar-en-systems"

REF = [
    "The president met the minister in Baghdad on Tuesday.",
    "More than 500 people attended the conference.",
    "The river flooded three villages in the north.",
    "Prices rose by 12 percent last year.",
    "She said the talks would continue next week.",
    "The museum reopened after a long renovation.",
    "Farmers are worried about the lack of rain.",
    "The new bridge will connect the two cities.",
    "Schools were closed because of the storm.",
    "The team won the final match 2-1.",
    "Officials expect the project to finish in 2025.",
    "The company hired 40 new engineers this month.",
]
REF2 = [r.replace("The ", "A ", 1) for r in REF]


def _perturb(lines: list[str], seed: int = 1) -> list[str]:
    """The reference with one word changed per line: a clearly good system."""
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = line.split()
        words[rng.randrange(len(words))] = "thing"
        out.append(" ".join(words))
    return out


def _shuffle(lines: list[str], seed: int = 2) -> list[str]:
    """Shuffled words of other lines: a clearly bad system."""
    rng = random.Random(seed)
    pool = " ".join(lines).split()
    return [" ".join(rng.sample(pool, len(line.split()))) for line in lines]


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- library


def test_corpus_and_sentence_scores_equal_sacrebleu_api():
    hyp = _perturb(REF)
    rep = evaluate([REF, REF2], {"sys": hyp}, n_bootstrap=200, ar_trials=0, jobs=1)
    s = rep.systems[0]
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF(word_order=2)), ("ter", TER())):
        expected = metric.corpus_score(hyp, [REF, REF2], n_bootstrap=200)
        assert s.scores[key].score == expected.score
        assert s.scores[key].ci == pytest.approx(expected._ci)
        assert s.scores[key].mean == pytest.approx(expected._mean)
        assert s.scores[key].name == expected.name
        assert rep.signatures[key] == metric.get_signature().format()
    bleu = BLEU(effective_order=True)
    chrf = CHRF(word_order=2)
    for seg, h, r1, r2 in zip(s.segments, hyp, REF, REF2):
        assert seg.bleu == pytest.approx(bleu.sentence_score(h, [r1, r2]).score)
        assert seg.chrf == pytest.approx(chrf.sentence_score(h, [r1, r2]).score)
    expected_bleu = BLEU().corpus_score(hyp, [REF, REF2])
    assert s.length_ratio == pytest.approx(expected_bleu.ratio)
    assert "nrefs:2" in rep.signatures["bleu"]


@pytest.mark.parametrize("jobs,chunk", [(1, None), (2, None), (1, 1)])
def test_p_values_equal_sacrebleu_paired_test(jobs, chunk, monkeypatch):
    """bitext redoes sacrebleu's paired resampling in blocks (memory); the p-values must not move.
    chunk=1: the smallest blocks (32 coin flips' worth of trials), so the stream crosses many blocks."""
    from sacrebleu.significance import PairedTest

    import bitext.evaluate.significance as ev

    if chunk is not None:
        monkeypatch.setattr(ev, "PAIRED_CHUNK", chunk)
    assert len(REF) % 32, "a segment count that is not a multiple of 32 tests the block boundaries"
    systems = {"base": _perturb(REF, 3), "good": _perturb(REF, 4), "bad": _shuffle(REF)}
    rep = evaluate([REF], systems, n_bootstrap=100, ar_trials=300, jobs=jobs)
    for test_type, n, attr in (("bs", 100, "p_bootstrap"), ("ar", 300, "p_ar")):
        metrics = {"BLEU": BLEU(references=[REF]), "chrF2++": CHRF(word_order=2, references=[REF]),
                   "TER": TER(references=[REF])}
        _, scores = PairedTest(list(systems.items()), metrics, None, test_type=test_type, n_samples=n)()
        for label, key in (("BLEU", "bleu"), ("chrF2++", "chrf"), ("TER", "ter")):
            for i, res in enumerate(rep.systems[1:], start=1):
                assert getattr(res.comparison[key], attr) == pytest.approx(scores[label][i].p_value), (test_type, key)
                assert res.scores[key].score == pytest.approx(scores[label][i].score)


def test_significance_direction():
    good, bad = _perturb(REF * 3), _shuffle(REF * 3)
    rep = evaluate([REF * 3], {"bad": bad, "good": good}, n_bootstrap=200, ar_trials=500, jobs=1)
    comp = rep.systems[1].comparison
    for m in ("bleu", "chrf", "ter"):
        assert comp[m].verdict == "better", (m, comp[m])
        assert comp[m].p_bootstrap < 0.05 and comp[m].p_ar < 0.05
    assert comp["bleu"].delta > 0 and comp["ter"].delta < 0
    rep = evaluate([REF * 3], {"good": good, "bad": bad}, n_bootstrap=200, ar_trials=500, jobs=1)
    assert {c.verdict for c in rep.systems[1].comparison.values()} == {"worse"}
    same = evaluate([REF], {"a": _perturb(REF, 5), "b": _perturb(REF, 5)}, n_bootstrap=100, ar_trials=100, jobs=1)
    assert {c.verdict for c in same.systems[1].comparison.values()} == {"no significant difference"}


def test_fidelity_counts_number_and_name_findings():
    src = ["وصل 500 شخص إلى المؤتمر.", "قال محمد إن المحادثات ستستمر."]
    ref = ["500 people came to the conference.", "Mohammed said the talks would continue."]
    dropped = ["Many people came to the conference.", "Mohammed said the talks would continue."]
    rep = evaluate([ref], {"ref": ref, "dropped": dropped}, sources=src, n_bootstrap=0, ar_trials=0, jobs=1)
    assert rep.systems[0].fidelity.number_sentences == 0
    assert rep.systems[1].fidelity.number_sentences == 1
    assert rep.systems[1].fidelity.number_rate == 0.5


def test_system_names():
    assert system_names(["d/test.opusmt.en", "d/test.google.en", "d/test.bergamot-base.en"]) == ["opusmt", "google", "bergamot-base"]
    assert system_names(["test.nllb.en", "test.nllb2.en"]) == ["nllb", "nllb2"]
    assert system_names(["x/test.opusmt.en"], "x/test.en") == ["opusmt"]
    assert system_names(["a/out.en", "b/out.en"]) == ["a/out.en", "b/out.en"]


# ---------------------------------------------------------------- --align


class _FakeBead:
    def __init__(self, src, tgt):
        self.src, self.tgt = src, tgt


def test_align_merges_beads_with_fake_aligner():
    ref = REF[:4]
    # the system split reference sentence 2 into two lines
    first, second = ref[1].split(" people ")
    hyp = [ref[0], first, "people " + second, ref[2], ref[3]]
    calls = []

    def fake_align(src, tgt, mt=None):
        calls.append((list(src), list(tgt), mt))

        class A:
            beads = [_FakeBead([0], [0]), _FakeBead([1], [1, 2]), _FakeBead([2], [3]), _FakeBead([3], [4])]
        return A()

    rep = evaluate([ref], {"split": hyp}, n_bootstrap=0, ar_trials=0, align=True, aligner=fake_align, jobs=1)
    assert calls and calls[0][0] == ref and calls[0][1] == hyp and calls[0][2] == ref
    s = rep.systems[0]
    assert rep.segments == 4 and rep.align == {"segments": 4, "ref_sentences": 4}
    assert s.align["merged_beads"] == 1 and s.align["kinds"] == {"1-1": 3, "1-2": 1}
    assert s.segments[1].hyp_lines == [2, 3] and s.segments[1].ref_lines == [2]
    assert s.segments[1].hypothesis == first + " people " + second
    assert s.scores["bleu"].score == pytest.approx(100.0)


def test_align_common_segmentation_across_systems():
    ref = REF[:4]
    one = [ref[0] + " " + ref[1], ref[2], ref[3]]  # merged 1+2

    def fake_align(src, tgt, mt=None):
        class A:
            beads = ([_FakeBead([0, 1], [0]), _FakeBead([2], [1]), _FakeBead([3], [2])] if len(tgt) == 3
                     else [_FakeBead([i], [i]) for i in range(4)])
        return A()

    rep = evaluate([ref], {"merged": one, "plain": list(ref)}, n_bootstrap=50, ar_trials=50, align=True,
                   aligner=fake_align, jobs=1)
    assert rep.segments == 3  # the boundary between 1 and 2 is missing in one system
    assert [s.ref_lines for s in rep.systems[1].segments] == [[1, 2], [3], [4]]
    assert rep.systems[1].segments[0].hypothesis == ref[0] + " " + ref[1]
    assert rep.systems[1].comparison["bleu"].verdict == "no significant difference"


def test_align_with_bitext_aligner(tmp_path):
    pytest.importorskip("bitext.align")
    ref = REF[:8]
    first, second = ref[2].split(" three ")
    hyp = ref[:2] + [first, "three " + second] + ref[3:]
    r = _write(tmp_path / "ref.en", ref)
    h = _write(tmp_path / "hyp.en", hyp)
    result = CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", h, "--align", "-f", "json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["align"]["ref_sentences"] == 8
    assert data["systems"][0]["align"]["merged_beads"] >= 1
    assert data["systems"][0]["lines"] == 9
    assert data["systems"][0]["scores"]["bleu"]["score"] > 90


# ---------------------------------------------------------------- CLI


def test_cli_text_and_json(tmp_path):
    r = _write(tmp_path / "test.en", REF)
    a = _write(tmp_path / "test.bad.en", _shuffle(REF))
    b = _write(tmp_path / "test.good.en", _perturb(REF))
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "--ref", r, "--hyp", a, b, "--bootstrap", "100", "--ar-trials", "200", "--worst", "2"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "bad" in out and "good" in out and "BLEU" in out and "chrF++" in out and "TER" in out
    assert "better" in out and "Signatures:" in out and "nrefs:1|bs:100|seed:12345" in out
    assert "Worst 2 segments of good" in out
    result = runner.invoke(main, ["eval", "-r", r, "-i", a, "-i", b, "--name", "A", "--name", "B", "-m", "bleu,chrf",
                                  "-o", str(tmp_path / "rep.json"), "--bootstrap", "100", "--ar-trials", "100"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "rep.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["baseline"] == "A" and data["metrics"] == ["bleu", "chrf"]
    assert [s["name"] for s in data["systems"]] == ["A", "B"]
    assert data["systems"][0]["comparison"] is None
    assert data["systems"][1]["comparison"]["bleu"]["verdict"] == "better"
    assert set(data["systems"][1]["scores"]) == {"bleu", "chrf"}
    assert data["systems"][1]["scores"]["bleu"]["score"] == BLEU().corpus_score(_perturb(REF), [REF]).score


def test_cli_html_is_self_contained_and_escaped(tmp_path):
    r = _write(tmp_path / "ref.en", REF[:3])
    h = _write(tmp_path / "hyp.en", ["<script>alert(1)</script>"] + REF[1:3])
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", h, "-o", str(out), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html and "https://" not in html


@pytest.mark.parametrize("suffix", ["jsonl", "tsv"])
def test_sentence_output_ids_line_up(tmp_path, suffix):
    hyp = _perturb(REF)
    r = _write(tmp_path / "ref.en", REF)
    h = _write(tmp_path / "hyp.en", hyp)
    seg = tmp_path / f"seg.{suffix}"
    result = CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", h, "--sentences", str(seg), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    text = seg.read_text(encoding="utf-8")
    if suffix == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert [rec["id"] for rec in records] == list(range(1, len(REF) + 1))
        for rec in records:
            assert rec["references"] == [REF[rec["id"] - 1]] and rec["hypothesis"] == hyp[rec["id"] - 1]
            assert rec["ref_lines"] == [rec["id"]]
            assert rec["bleu"] == pytest.approx(BLEU(effective_order=True).sentence_score(rec["hypothesis"], rec["references"]).score)
    else:
        rows = [line.split("\t") for line in text.splitlines()]
        assert rows[0][:2] == ["system", "id"]
        assert [int(row[1]) for row in rows[1:]] == list(range(1, len(REF) + 1))
        assert [row[7] for row in rows[1:]] == REF and [row[8] for row in rows[1:]] == hyp


def _one_line_error(result, *needles):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bitext: error:"), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert "Traceback" not in result.output


def test_bad_input_count_mismatch(tmp_path):
    r = _write(tmp_path / "ref.en", REF)
    h = _write(tmp_path / "short.en", REF[:-2])
    result = CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", h])
    _one_line_error(result, "short.en", str(len(REF) - 2), "ref.en", str(len(REF)))


def test_bad_input_empty_and_binary(tmp_path):
    r = _write(tmp_path / "ref.en", REF)
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    _one_line_error(CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", str(empty)]), "empty.en", "empty")
    binary = tmp_path / "model.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    _one_line_error(CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", str(binary)]), "model.bin")
    _one_line_error(CliRunner().invoke(main, ["eval", "--ref", str(tmp_path / "missing.en"), "--hyp", r]), "missing.en")
    _one_line_error(CliRunner().invoke(main, ["eval", "--ref", r, "--hyp", r, "-m", "meteor"]), "meteor")


def test_windows_1256_source_and_utf16_hypothesis(tmp_path):
    src = ["وصل 500 شخص إلى المؤتمر.", "قال محمد إن المحادثات ستستمر."]
    ref = ["500 people came to the conference.", "Mohammed said the talks would continue."]
    (tmp_path / "src.ar").write_bytes("\n".join(src).encode("cp1256") + b"\n")
    (tmp_path / "hyp.en").write_bytes(("\n".join(ref) + "\n").encode("utf-16"))
    r = _write(tmp_path / "ref.en", ref)
    rep = evaluate_files([r], [str(tmp_path / "hyp.en")], str(tmp_path / "src.ar"), n_bootstrap=0, ar_trials=0, jobs=1)
    assert rep.systems[0].scores["bleu"].score == pytest.approx(100.0)
    assert rep.systems[0].segments[0].source == src[0]
    assert render_sentences(rep, "tsv").count("\n") == 3
    assert "<table>" in render_html(rep)


# ---------------------------------------------------------------- real data


def test_flores_scores_equal_sacrebleu_cli(tmp_path):
    need_shared(FLORES / "test.en")
    # the first 300 lines: real text, the same comparison, a third of the time (check runs on every line)
    cut = 300
    ref = Path(_write(tmp_path / "test.en", (FLORES / "test.en").read_text(encoding="utf-8").splitlines()[:cut]))
    src = _write(tmp_path / "test.ar", (FLORES / "test.ar").read_text(encoding="utf-8").splitlines()[:cut])
    systems = ["opusmt", "nllb"]
    hyps = [_write(tmp_path / f"test.{s}.en", (FLORES / f"test.{s}.en").read_text(encoding="utf-8").splitlines()[:cut])
            for s in systems]
    result = CliRunner().invoke(main, ["eval", "--ref", str(ref), "--hyp", *hyps, "--src", src,
                                       "-f", "json", "--bootstrap", "100", "--ar-trials", "200", "--worst", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["name"] for s in data["systems"]] == systems
    cli = Path(sys.executable).parent / "sacrebleu"
    for name, hyp, ours in zip(systems, hyps, data["systems"]):
        proc = subprocess.run([str(cli), str(ref), "-i", hyp, "-m", "bleu", "chrf", "ter", "--chrf-word-order", "2",
                               "--confidence", "--confidence-n", "100", "-f", "json", "-w", "4"],
                              capture_output=True, text=True, check=True)
        theirs = json.loads(proc.stdout)
        for key, t in zip(("bleu", "chrf", "ter"), theirs):
            o = ours["scores"][key]
            assert o["name"] == t["name"]
            assert abs(o["score"] - t["score"]) <= 0.00006, (name, key, o["score"], t["score"])
            assert abs(o["ci"] - t["confidence_var"]) <= 0.00006, (name, key)
            assert abs(o["mean"] - t["confidence_mean"]) <= 0.00006, (name, key)
            assert data["signatures"][key] == t["signature"]
        assert ours["fidelity"]["sentences"] == cut
    assert data["systems"][1]["comparison"]["bleu"]["verdict"] in ("better", "worse", "no significant difference")


def test_the_sacrebleu_private_names_bitext_uses_still_exist():
    """bitext.evaluate.metrics is the one module that touches sacrebleu's private names: if a
    sacrebleu release moves one, this says which, instead of a traceback deep in an eval."""
    import sacrebleu.significance
    from sacrebleu.metrics.base import Metric

    from bitext.evaluate.metrics import PRIVATE_NAMES

    owners = {"Metric": Metric, "significance": sacrebleu.significance}
    missing = [f"{owner}.{name}" for owner, names in PRIVATE_NAMES.items() for name in names
               if not hasattr(owners[owner], name)]
    assert not missing, f"sacrebleu {sacrebleu.__version__} no longer has {', '.join(missing)}"


def test_only_the_metrics_module_touches_sacrebleu_private_names():
    import re
    from pathlib import Path

    import bitext

    pattern = re.compile(r"\.(_extract_corpus_statistics|_aggregate_and_compute|_compute_score_from_stats|_compute_p_value)\b"
                         r"|import _compute_p_value")
    users = sorted(str(p.relative_to(Path(bitext.__file__).parent)) for p in Path(bitext.__file__).parent.rglob("*.py")
                   if pattern.search(p.read_text(encoding="utf-8")))
    assert users == ["evaluate/metrics.py"], users
