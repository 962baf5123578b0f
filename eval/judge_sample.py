"""Draw the seeded sample of findings on opus-mt's real FLORES test output that eval/results/judged_findings.md judges.

Run:  python eval/judge_sample.py [--n 30] [--seed 15]

Checks FLORES test (documents from the URLs, as eval/check_accuracy.py does) with opus-mt-ar-en's
real output as the translation and prints a random sample of the error and warning findings (what
`bitext check` shows by default), with the source, the translation and the human reference for
the judge.  Info findings are not shown by default and so not sampled; their count is printed.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from check_accuracy import DATA, lines, load_sets  # noqa: E402

from bitext.check import check_documents  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args(argv)
    src, ref, docs = load_sets()["FLORES test"]
    mt = lines(DATA / "flores-ar-en-systems" / "test.opusmt.en")
    ids = [""] * len(src)
    for k, d in enumerate(docs):
        for i in d:
            ids[i] = str(k)
    findings = check_documents(src, mt, ids).findings
    shown = [f for f in findings if f.severity in ("error", "warning")]
    print(f"{len(shown)} error/warning findings ({len({f.sentence for f in shown})} lines), "
          f"{len(findings) - len(shown)} info findings not shown by default")
    for k, f in enumerate(sorted(random.Random(args.seed).sample(shown, min(args.n, len(shown))),
                                 key=lambda f: f.sentence), 1):
        print(f"\n{k}. line {f.sentence + 1} {f.severity} {f.kind}: {f.message}\n   ar:  {src[f.sentence]}\n"
              f"   mt:  {mt[f.sentence]}\n   ref: {ref[f.sentence]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
