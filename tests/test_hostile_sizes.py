"""Hostile sizes: a 1 MB line without sentence ends, and 100,000 lines, in bounded memory.

Inputs are generated on the fly (nothing large is committed). Each command runs in its own
Python, whose peak memory is measured (test_format_hostile._run_measured); no timings are asserted.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from test_format_hostile import _run_measured

AR_WORDS = "وقال الوزير إن الحكومة ستعلن خطة جديدة لدعم الاقتصاد في المدن والقرى خلال العام المقبل 2024".split()
EN_WORDS = "the minister said the government will announce a new plan to support the economy in 2024".split()
GB = 1024 * 1024  # KiB


def _long_line(words: list[str], chars: int, seed: int) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


@pytest.fixture(scope="module")
def megabyte_line(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("big")
    ar, en = folder / "big.ar", folder / "big.en"
    ar.write_text(_long_line(AR_WORDS, 1_000_000, 1) + "\n", encoding="utf-8")
    en.write_text(_long_line(EN_WORDS, 1_000_000, 2) + "\n", encoding="utf-8")
    return ar, en


def _bitext(*args: str) -> tuple[int, str, int]:
    code = textwrap.dedent(f"""
        import sys
        from bitext.cli import main
        sys.argv = ["bitext", *{[str(a) for a in args]!r}]
        main()
    """)
    return _run_measured(code)


def test_check_of_a_megabyte_line(megabyte_line, tmp_path):
    """Numbers are checked along the whole line; names say they were not checked (quadratic matching)."""
    import json

    ar, en = megabyte_line
    out = tmp_path / "f.json"
    rc, err, peak = _bitext("check", ar, en, "-o", out)
    assert rc == 0, err
    assert peak < GB, f"{peak / 1024:.0f} MiB"
    report = json.loads(out.read_text(encoding="utf-8"))
    (unchecked,) = [f for f in report["findings"] if f["kind"] == "names-unchecked"]
    assert unchecked["severity"] == "warning" and "split the line" in unchecked["message"]


def test_view_of_a_megabyte_line(megabyte_line, tmp_path):
    ar, en = megabyte_line
    page = tmp_path / "v.html"
    rc, err, peak = _bitext("view", ar, en, "-o", page)
    assert rc == 0, err
    assert peak < GB
    assert "names not checked" in page.read_text(encoding="utf-8")


def test_a_pair_of_ordinary_length_is_still_name_checked():
    from bitext.check.names import MAX_PAIR_WORDS, check_names, too_long_for_names

    ar = "وقال الرئيس الأمريكي جو بايدن إن بلاده ستدعم الاتفاق"
    en = "President Joe Biden said his country would support the agreement"
    assert not too_long_for_names(ar, en)
    long_ar, long_en = " ".join([ar] * (MAX_PAIR_WORDS // 5)), " ".join([en] * (MAX_PAIR_WORDS // 5))
    assert too_long_for_names(long_ar, long_en)
    dropped = en.replace("Joe Biden ", "")
    assert any(f.kind == "name-missing" for f in check_names([(ar, dropped)]))
    assert [f.kind for f in check_names([(long_ar, long_en)])] == ["names-unchecked"]


def test_eval_of_a_megabyte_line(megabyte_line, tmp_path):
    ar, en = megabyte_line
    rc, err, peak = _bitext("eval", "--ref", en, "--hyp", en, "-m", "bleu,chrf", "--bootstrap", "20",
                            "--ar-trials", "20", "-o", tmp_path / "e.json")
    assert rc == 0, err
    assert peak < GB, f"{peak / 1024:.0f} MiB"


def test_ter_refuses_a_megabyte_segment_at_once(megabyte_line):
    ar, en = megabyte_line
    rc, err, peak = _bitext("eval", "--ref", en, "--hyp", en)
    assert rc == 2 and "TER" in err and "-m bleu,chrf" in err and len(err.strip().splitlines()) == 1, err
    assert peak < GB


def test_align_of_a_megabyte_line(megabyte_line, tmp_path):
    ar, en = megabyte_line
    rc, err, peak = _bitext("align", ar, en, "-o", tmp_path / "a.tsv", "-q")
    assert rc == 0, err
    assert peak < GB
    assert (tmp_path / "a.tsv").stat().st_size > 2_000_000  # both sides, whole


@pytest.mark.slow
def test_eval_of_100k_lines_stays_under_a_gigabyte(tmp_path):
    """Two systems, so the paired bootstrap and AR tests run too: sacrebleu's own versions hold every
    resample of every segment at once (100 x 100,000 x 24 floats for chrF++ alone, ~1 GB)."""
    rng = random.Random(3)
    ref = [_long_line(EN_WORDS, rng.randint(60, 200), i) for i in range(100_000)]
    hyp = [line if rng.random() < 0.3 else _long_line(EN_WORDS, len(line), -i) for i, line in enumerate(ref)]
    hyp2 = [line if rng.random() < 0.5 else _long_line(EN_WORDS, len(line), i + 10**6) for i, line in enumerate(hyp)]
    for name, lines in (("ref.en", ref), ("hyp.en", hyp), ("hyp2.en", hyp2)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, err, peak = _bitext("eval", "--ref", tmp_path / "ref.en", "--hyp", tmp_path / "hyp.en", tmp_path / "hyp2.en",
                            "-m", "bleu,chrf", "--bootstrap", "100", "--ar-trials", "1000", "-o", tmp_path / "e.json")
    assert rc == 0, err
    assert peak < GB, f"{peak / 1024:.0f} MiB"
    import json

    report = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    comparison = report["systems"][1]["comparison"]
    assert 0 < comparison["chrf"]["p_ar"] <= 1 and 0 < comparison["chrf"]["p_bootstrap"] <= 1
