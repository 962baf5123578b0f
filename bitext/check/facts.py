"""Facts stage: the numbers and names one sentence pair holds, found once.

:func:`bitext.check.check` returns them with its findings (``Report.facts``,
one :class:`PairFacts` per pair), and the views draw their highlights from
them, so what a reader sees highlighted is what the checker compared. A
library user gets the same object for one pair from :func:`pair_facts`.

Number extraction is memoised per sentence (``extract_numbers``), so the
aligner, which reads sentences before any pairing, shares the parse too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parsers load on first use
    from .numbers.quantity import Quantity


@dataclass(frozen=True)
class NameLink:
    """A name of the source and the translation's word(s) the checker paired with it."""

    source_span: tuple[int, int]  # into the Arabic sentence
    target_span: tuple[int, int]  # into the English sentence
    source_text: str
    target_text: str


@dataclass(frozen=True)
class PairFacts:
    """What the checker found in one (Arabic, English) pair.

    ``source_numbers`` / ``target_numbers``: every quantity, in order
    (``None`` when numbers were not checked). ``names``: the source names
    paired with a translation word (``None`` when names were not checked,
    or the pair is too long to analyse: ``names-unchecked``).
    """

    source: str
    target: str
    source_numbers: tuple[Quantity, ...] | None
    target_numbers: tuple[Quantity, ...] | None
    names: tuple[NameLink, ...] | None

    def describes(self, source: str, target: str) -> bool:
        """True when these facts are of this very pair (texts may change after a check)."""
        return self.source == source and self.target == target


def numbers_of(source: str, target: str) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """The quantities of both sides (empty for a blank side)."""
    from .numbers import extract_numbers

    return (tuple(extract_numbers(source, "ar")) if source.strip() else (),
            tuple(extract_numbers(target, "en")) if target.strip() else ())


def pair_facts(source: str, target: str, numbers: bool = True, names: bool = True) -> PairFacts:
    """The facts of one pair, analysed on its own (no document context:
    names learnt from other sentences of a document are not used)."""
    from .names import analyse_pair, name_links, too_long_for_names

    src_nums, tgt_nums = numbers_of(source, target) if numbers else (None, None)
    links = None
    if names:
        if not (source.strip() and target.strip()):
            links = ()
        elif not too_long_for_names(source, target):
            links = name_links(analyse_pair(source, target))
    return PairFacts(source, target, src_nums, tgt_nums, links)


__all__ = ["NameLink", "PairFacts", "numbers_of", "pair_facts"]
