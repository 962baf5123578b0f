"""``--align``: hypotheses segmented differently from the reference, merged into common segments."""

from __future__ import annotations

from collections import Counter
from typing import Callable

from ..errors import FormatError


def common_segmentation(n_ref: int, hyps: dict[str, list[str]], ref: list[str],
                         aligner: Callable | None = None) -> tuple[list[list[int]], dict[str, list[list[int]]], dict[str, dict]]:
    """Align every system's sentences with the reference and merge beads into common segments.

    Each system is aligned with ``align(ref, hyp, mt=ref)`` (bitext's aligner,
    the reference on the "source" side; with ``mt`` = the reference itself
    the cost is chrF between reference and hypothesis sentences). A segment
    boundary is kept only where every system has a bead boundary, so that all
    systems are scored on the same segments and paired tests stay valid.
    Returns the reference index groups, each system's hypothesis index groups,
    and per-system bead statistics.
    """
    if aligner is None:
        try:
            from ..align import align as aligner
        except ImportError as exc:  # pragma: no cover - the aligner ships with bitext
            raise FormatError(f"--align needs bitext.align ({exc})") from None
    beads_by_sys = {}
    info = {}
    cuts = set(range(1, n_ref + 1))
    for name, hyp in hyps.items():
        beads = list(aligner(ref, hyp, mt=ref).beads)
        beads_by_sys[name] = beads
        own = {max(b.src) + 1 for b in beads if b.src}
        cuts &= own | {n_ref}
        kinds = Counter(f"{len(b.src)}-{len(b.tgt)}" for b in beads)
        info[name] = {"beads": len(beads), "merged_beads": sum(1 for b in beads if len(b.src) > 1 or len(b.tgt) > 1),
                      "kinds": dict(sorted(kinds.items()))}
    bounds = sorted(cuts | {n_ref})
    groups, start = [], 0
    for end in bounds:
        if end > start:
            groups.append(list(range(start, end)))
            start = end
    group_of = {}
    for g, idxs in enumerate(groups):
        for i in idxs:
            group_of[i] = g
    hyp_groups: dict[str, list[list[int]]] = {}
    for name, beads in beads_by_sys.items():
        out: list[list[int]] = [[] for _ in groups]
        current = 0
        for b in beads:
            if b.src:
                current = group_of[min(b.src)]
            if out:
                out[current].extend(b.tgt)
        hyp_groups[name] = [sorted(g) for g in out]
    return groups, hyp_groups, info
