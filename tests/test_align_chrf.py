"""The aligner's bead chrF (per-sentence n-gram statistics, spans as slices) equals sacrebleu's."""

import random

import numpy as np
import pytest
from sacrebleu.metrics import CHRF

from bitext.align.core import _ChrF

HYPS = [
    "The minister said on Monday that 1,500 people had been evacuated.",
    "Rain is expected tomorrow.",
    "",
    "aaaa aaaa aaaa",
    "He said: \"it is not over\" (again).",
    "Prices rose by 3.5% in March.",
    "x",
    "The city of Mosul lies on the Tigris, 400 km north of Baghdad.",
]
REFS = [
    "On Monday the minister said 1500 people were evacuated.",
    "Tomorrow, rain.",
    "aaa aaaa",
    "It's not over, he said (again).",
    "In March prices went up 3.5 percent.",
    "",
    "Mosul is on the Tigris river, about 400 kilometres north of Baghdad.",
    "y",
]


def _reference(hyps, refs, i0, a, j0, b):
    return CHRF(beta=1).sentence_score(" ".join(hyps[i0:i0 + a]), [" ".join(refs[j0:j0 + b])]).score


@pytest.mark.parametrize("hyps,refs", [
    (HYPS, REFS),
    # a large alphabet: n-gram ids from a dictionary instead of packed characters
    ([h + " " + "".join(chr(0x4E00 + k + 40 * n) for k in range(40)) for n, h in enumerate(HYPS)],
     [r + " " + "".join(chr(0x4E00 + k + 40 * n) for k in range(0, 40, 2)) for n, r in enumerate(REFS)]),
])
def test_bead_chrf_equals_sacrebleu(hyps, refs):
    chrf = _ChrF(hyps, refs)
    assert chrf.packed == (hyps is HYPS)
    for a in (1, 2, 3):
        for b in (1, 2, 3):
            for i0 in range(len(hyps) - a + 1):
                for j0 in range(len(refs) - b + 1):
                    m = np.array([chrf.matches(i0, a, j0, b)], dtype=float)
                    got = float(chrf.scores(np.array([i0]), a, np.array([j0]), b, m)[0])
                    assert got == pytest.approx(_reference(hyps, refs, i0, a, j0, b), abs=1e-9), (i0, a, j0, b)


def test_bead_chrf_on_real_sentences():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "flores-ar-en-systems"
    if not (root / "dev.opusmt.en").exists():
        pytest.skip("no FLORES dev under ../shared")
    hyps = (root / "dev.opusmt.en").read_text(encoding="utf-8").splitlines()[:60]
    refs = (root / "dev.en").read_text(encoding="utf-8").splitlines()[:60]
    chrf = _ChrF(hyps, refs)
    rng = random.Random(5)
    for _ in range(150):
        a, b = rng.choice([(1, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1)])
        i0, j0 = rng.randrange(len(hyps) - a + 1), rng.randrange(len(refs) - b + 1)
        m = np.array([chrf.matches(i0, a, j0, b)], dtype=float)
        got = float(chrf.scores(np.array([i0]), a, np.array([j0]), b, m)[0])
        assert got == pytest.approx(_reference(hyps, refs, i0, a, j0, b), abs=1e-9)


def test_mt_pruning_keeps_the_path(monkeypatch):
    """Merged beads left out by the chrF bound never change the MT path or the scores."""
    from pathlib import Path

    from bitext.align import core

    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "flores-ar-en-systems"
    if not (root / "dev.argos.en").exists():
        pytest.skip("no FLORES dev under ../shared")
    ar = (root / "dev.ar").read_text(encoding="utf-8").splitlines()[:150]
    en = (root / "dev.en").read_text(encoding="utf-8").splitlines()[:150]
    mt = (root / "dev.argos.en").read_text(encoding="utf-8").splitlines()[:150]
    rng = random.Random(3)
    keep = sorted(rng.sample(range(150), 120))  # English sentences deleted
    en = [en[k] for k in keep]
    en[10:12] = [en[10] + " " + en[11]]  # and two merged
    docs = [(ar[:70], en[:60]), (ar[70:], en[60:])]
    mts = [mt[:70], mt[70:]]
    orig = core._mt_costs
    runs = []
    for prune in (True, False):
        monkeypatch.setattr(core, "_mt_costs", lambda c, ch, b, prune=prune: orig(c, ch, b, prune=prune))
        als = core.align_documents(docs, mt=mts)
        runs.append([[(b.src, b.tgt, b.score) for b in al.beads] for al in als])
    assert runs[0] == runs[1]
