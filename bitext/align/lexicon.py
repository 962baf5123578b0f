"""Word-level lexical evidence for the aligner: light stemming, bilingual dictionaries.

* :func:`arabic_stems` / :func:`english_stems`: the content words of a sentence
  in a light canonical form. Arabic is normalised with the checker's
  :func:`bitext.check.names.normalize_arabic` (diacritics, tatweel, alef forms,
  ى, ة); then the article with an attached clitic (وال فال بال كال لل ال) or
  else a conjunction (و ف), and one common suffix (plural, dual, pronoun) are
  stripped as long as the stem keeps two (article) or three letters (as in
  light stemmers; ب ل ك alone are left, since too many stems begin with them). English is lower-cased, a possessive and a plural s are
  dropped, and function words are left out.
* :class:`Dictionary`: Arabic stem -> English stems. :func:`load_dictionary`
  reads a TSV (``Arabic<TAB>English``, one pair per line; ``English @ Arabic``
  as in hunalign's dictionaries is read too); :func:`learn_dictionary` finds
  word pairs that co-occur in confidently aligned sentence pairs (Dice
  coefficient) so that a dictionary can be built from the text being aligned.
"""

from __future__ import annotations

from ..document import split_lines

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bitext.check.names import normalize_arabic
from bitext.errors import FormatError

_AR_TOKEN = re.compile("[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+")
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_AR_SUFFIXES = ("تين", "تان", "ات", "ون", "ين", "ان", "ها", "هم", "هما", "كم", "نا", "ه", "ي")
_MIN_STEM = 3

EN_STOPWORDS = frozenset("""
a an the and or but if of to in on at by for from with without into onto over under about after before
as is are was were be been being am do does did done have has had having will would shall should can could
may might must not no nor so than that this these those there here their theirs them they he him his she
her hers it its we us our ours you your yours i me my mine who whom whose which what when where why how
all any both each few more most other some such only own same too very just also then once again further
up down out off above below between through during against while until because what's it's he's she's
said says say one ones
""".split())


_AR_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")


@functools.lru_cache(maxsize=200_000)
def arabic_stem(token: str) -> str:
    """Light stem of one Arabic token (normalised; article with its clitic, or و, and one suffix stripped)."""
    w = normalize_arabic(token)
    for pre in _AR_PREFIXES:
        if w.startswith(pre) and len(w) - len(pre) >= 2:
            w = w[len(pre):]
            break
    else:
        if w[:1] in ("و", "ف") and len(w) - 1 >= _MIN_STEM:
            w = w[1:]
    for suf in _AR_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= _MIN_STEM:
            w = w[: -len(suf)]
            break
    return w


@functools.lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def arabic_stems(text: str) -> list[str]:
    """Stems of the Arabic words of ``text`` (two letters or more after stemming)."""
    out = []
    for tok in _AR_TOKEN.findall(text):
        s = arabic_stem(tok)
        if len(s) >= 2:
            out.append(s)
    return out


def english_stems(text: str) -> list[str]:
    """Stems of the English content words of ``text`` (function words left out)."""
    out = []
    for tok in _EN_TOKEN.findall(text):
        if tok.lower() in EN_STOPWORDS:
            continue
        s = english_stem(tok)
        if len(s) >= 2 and s not in EN_STOPWORDS:
            out.append(s)
    return out


@dataclass
class Dictionary:
    """Arabic stem -> English stems, with the set of English stems it covers."""

    entries: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self):
        self.english = frozenset(e for es in self.entries.values() for e in es)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def merged(self, other: "Dictionary | None") -> "Dictionary":
        if not other:
            return self
        out = {k: set(v) for k, v in self.entries.items()}
        for k, v in other.entries.items():
            out.setdefault(k, set()).update(v)
        return Dictionary({k: frozenset(v) for k, v in out.items()})

    @classmethod
    def from_pairs(cls, pairs) -> "Dictionary":
        """From (Arabic word or stem, English word or phrase) pairs; multi-word Arabic is left out."""
        out: dict[str, set[str]] = {}
        for ar, en in pairs:
            words = _AR_TOKEN.findall(ar)
            if len(words) != 1:
                continue
            key = arabic_stem(words[0])
            targets = english_stems(en)
            if len(key) >= 2 and targets:
                out.setdefault(key, set()).update(targets)
        return cls({k: frozenset(v) for k, v in out.items()})


def load_dictionary(path: str | Path) -> Dictionary:
    """A bilingual dictionary file: ``Arabic<TAB>English`` per line (or hunalign's ``English @ Arabic``).

    Blank lines and lines starting with ``#`` are skipped. Raises
    :class:`bitext.errors.FormatError` when no line holds a usable pair.
    """
    from bitext.document import read_text

    text, _ = read_text(str(path))
    pairs = []
    for line in split_lines(text):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "\t" in line:
            a, e = line.split("\t")[:2]
        elif " @ " in line:
            e, a = line.split(" @ ", 1)
        else:
            continue
        if not _AR_TOKEN.search(a) and _AR_TOKEN.search(e):  # columns the other way round
            a, e = e, a
        pairs.append((a, e))
    d = Dictionary.from_pairs(pairs)
    if not d:
        raise FormatError(f"{path}: no 'Arabic<TAB>English' pairs found; give one pair per line, "
                          "an Arabic word in the first column and its English translation in the second")
    return d


def learn_dictionary(pairs, min_count: int = 2, min_dice: float = 0.3, per_word: int = 3) -> Dictionary:
    """Word pairs that co-occur in the sentence pairs ``pairs`` ((Arabic stems, English stems) each).

    Counts each stem once per sentence pair; keeps a pair seen together at least
    ``min_count`` times whose Dice coefficient ``2 c(a, e) / (c(a) + c(e))`` is at
    least ``min_dice``, and for each Arabic stem its ``per_word`` best partners.
    """
    sets = [(set(a_stems), set(e_stems)) for a_stems, e_stems in pairs]
    ca: Counter = Counter(a for sa, _ in sets for a in sa)
    ce: Counter = Counter(e for _, se in sets for e in se)
    joint: Counter = Counter()
    for sa, se in sets:  # a pair seen min_count times needs each stem seen that often
        joint.update(itertools.product([a for a in sa if ca[a] >= min_count],
                                       [e for e in se if ce[e] >= min_count]))
    best: dict[str, list[tuple[float, str]]] = {}
    for (a, e), c in joint.items():
        if c < min_count:
            continue
        dice = 2.0 * c / (ca[a] + ce[e])
        if dice >= min_dice:
            best.setdefault(a, []).append((dice, e))
    return Dictionary({a: frozenset(e for _, e in sorted(v, reverse=True)[:per_word]) for a, v in best.items()})
