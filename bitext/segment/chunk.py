"""Cutting a sentence that is too long for the model into pieces that fit.

:func:`chunk_sentence` cuts recursively. At each step it looks for a cut in
the span, trying these kinds of boundary in order:

0. after sentence-final punctuation (``.`` ``!`` ``?`` ``؟`` ``…``) followed by
   whitespace (for text that holds more than one sentence);
1. after ``؛`` ``;`` ``:`` followed by whitespace;
2. after ``،`` ``,`` followed by whitespace;
3. before a conjunction that stands as a word of its own: Arabic ``و`` ``ثم``
   ``لكن`` ``لكنّ`` ``ولكن`` ``بينما`` ``حيث`` ``أو`` ``أم`` ``إذ`` ``بل`` ``كما``
   ``لأن`` (and a few ``و``-prefixed forms of these), English ``and`` ``but``
   ``or`` ``while`` ``because`` ``which`` ``whereas`` ``although`` ``though``;
4. before an Arabic word made of the prefix ``و`` plus at least three letters
   (``وقال``, ``وأضاف``, ``والقوات``), except common words that merely start
   with ``و`` (``وزير``, ``وزارة``, ``واحد``, ``وجود``, ``ولاية`` ...). This is
   a weak cue, so it is tried last among the clause boundaries;
5. at the whitespace nearest the middle of the span.

Within one kind it takes the cut nearest the middle of the span (by
characters), and it accepts a clause cut (kinds 0-4) only when the smaller
side holds at least a sixth of the span, so that no kind of boundary leaves
a one-word scrap; an unbalanced clause boundary is still used later, when
the recursion has narrowed the span around it. Each side that still does
not fit is cut again. A span without whitespace is cut by characters (never
between a letter and its combining marks), finding each piece's length by
galloping and bisection, so ``count_tokens`` is called O(log n) times per
piece rather than once per character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from typing import Callable

from .sentences import CLOSERS, TERMINATORS

__all__ = ["chunk_sentence"]

_CLOSERS_CLASS = "[" + re.escape(CLOSERS) + "]*"
_PUNCT_CUT_RE = re.compile(
    "(?:(?P<end>[" + re.escape(TERMINATORS) + "]+)|(?P<semi>[\u061b;:])|(?P<comma>[\u060c,]))"
    + _CLOSERS_CLASS + r"(?=\s)"
)
_WORD_RE = re.compile(r"(?<=\s)\S+")
_SPACE_RE = re.compile(r"\s+")

_CONJUNCTIONS = frozenset(
    """
    و ثم وثم لكن لكنّ ولكن بينما وبينما حيث وحيث أو أم إذ بل كما وكما لأن ولأن إلا
    and but or while because which whereas although though
    """.split()
)
_CONJUNCTIONS_BASE = frozenset("".join(ch for ch in w if not unicodedata.combining(ch)) for w in _CONJUNCTIONS)

# Words that start with the letter و without it being the conjunction.
_WAW_STOPLIST = frozenset(
    """
    وجود واحد واحدة واحدا ولاية ولايات وسائل وسيلة واشنطن وفاة وفيات واسع واسعة
    ويلز وزارة وزارات وزير وزيرة وزراء ووهان وقت وقتا باء وباء وقوع وصول وجهة وجهات
    وكالة وكالات وظائف وظيفة وحدة وحدات وثيقة وثائق وثيق وثيقا وراء وادي وضع وطني
    وطنية وطن وسط وفق وفقا وتيرة واضح واضحة واقع وقائع وجه وجوه ورقة ورقات ولد
    والد والدة والدي ولادة وعي وعود وعد وصف وكيل وكلاء ودائع وديعة وزن وسيط وحيد
    وداع ورشة وجبة وجبات وقود وقف ولي وثائقي وجيز وظيفي
    """.split()
)
_ARABIC_WORD_RE = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+$")
_TRAILING_PUNCT = ".,;:!?\u060c\u061b\u061f\u2026" + CLOSERS
_LEADING_PUNCT = "\u00ab\u201c\u201e\"'([\u2018{"

_BALANCE = 1 / 6


def _base(word: str) -> str:
    word = word.strip(_TRAILING_PUNCT).lstrip(_LEADING_PUNCT)
    return "".join(ch for ch in word if ch != "\u0640" and not unicodedata.combining(ch))


def _candidates(text: str, lo: int, hi: int) -> list[list[int]]:
    """Sorted cut positions in ``(lo, hi)`` for each kind of boundary 0-5."""
    levels: list[list[int]] = [[] for _ in range(6)]
    for m in _PUNCT_CUT_RE.finditer(text, lo, hi):
        level = 0 if m.group("end") else 1 if m.group("semi") else 2
        levels[level].append(m.end())
    for m in _WORD_RE.finditer(text, lo, hi):
        base = _base(m.group())
        if base.lower() in _CONJUNCTIONS_BASE:
            levels[3].append(m.start())
        elif (
            len(base) >= 4
            and base[0] == "\u0648"
            and base not in _WAW_STOPLIST
            and _ARABIC_WORD_RE.match(base)
        ):
            levels[4].append(m.start())
    for m in _SPACE_RE.finditer(text, lo, hi):
        levels[5].append(m.start())
    for level in levels[:5]:
        level.sort()
    return levels


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _nearest(positions: list[int], a: int, b: int) -> int | None:
    """The position in ``positions`` strictly inside ``(a, b)`` nearest the middle."""
    i = bisect_right(positions, a)
    j = bisect_left(positions, b)
    if i >= j:
        return None
    mid = (a + b) / 2
    k = bisect_left(positions, mid, i, j)
    best = None
    for idx in (k - 1, k):
        if i <= idx < j:
            p = positions[idx]
            if best is None or abs(p - mid) < abs(best - mid):
                best = p
    return best


def _choose_cut(levels: list[list[int]], a: int, b: int) -> int | None:
    length = b - a
    for positions in levels[:5]:
        p = _nearest(positions, a, b)
        if p is not None and min(p - a, b - p) >= _BALANCE * length:
            return p
    return _nearest(levels[5], a, b)


def _grapheme_safe(text: str, cut: int, a: int, b: int) -> int:
    """Move ``cut`` so that it does not separate a character from the
    combining marks, joiners or variation selectors that follow it."""

    def glued(i: int) -> bool:
        ch = text[i]
        return bool(unicodedata.combining(ch)) or ch in "\u200c\u200d\u0640" or "\ufe00" <= ch <= "\ufe0f" or unicodedata.category(ch) == "Me"

    c = cut
    while c > a + 1 and c < b and glued(c):
        c -= 1
    if c < b and glued(c):  # the whole prefix is one cluster: extend forwards instead
        c = cut
        while c < b and glued(c):
            c += 1
    return c


def _split_chars(text: str, a: int, b: int, fits: Callable[[int, int], bool], out: list[tuple[int, int]]) -> None:
    """Cut ``text[a:b]`` (no whitespace) into pieces that fit, by characters."""
    pos = a
    guess = 0
    while pos < b:
        if fits(pos, b):
            out.append((pos, b))
            return
        rest = b - pos
        # Gallop from the previous piece's length, then bisect: good <= n < bad.
        good, bad = 0, rest
        probe = min(max(guess, 1), rest - 1)
        while probe > good:
            if fits(pos, pos + probe):
                good = probe
                probe = min(probe * 2, rest - 1)
                if probe == good:
                    break
            else:
                bad = probe
                break
        while bad - good > 1:
            mid = (good + bad) // 2
            if fits(pos, pos + mid):
                good = mid
            else:
                bad = mid
        n = max(good, 1)  # a single character that does not fit still has to go somewhere
        cut = _grapheme_safe(text, pos + n, pos, b)
        out.append((pos, cut))
        guess = cut - pos
        pos = cut


def chunk_sentence(text: str, max_tokens: int, count_tokens: Callable[[str], int]) -> list[tuple[int, int]]:
    """Spans of ``text`` that each fit in ``max_tokens`` tokens.

    The spans are in order, start and end on non-whitespace characters, and
    together cover every non-whitespace character of ``text`` exactly once
    (only whitespace lies between and around them). Each satisfies
    ``count_tokens(text[a:b]) <= max_tokens`` whenever that is possible (a
    single character that is too long on its own is still returned). If the
    whole text fits, the result is its one trimmed span; a text of only
    whitespace gives ``[]``. See the module docstring for where it cuts.
    ``max_tokens < 1`` raises :class:`ValueError`.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    lo, hi = _trim(text, 0, len(text))
    if lo >= hi:
        return []

    def fits(a: int, b: int) -> bool:
        return count_tokens(text[a:b]) <= max_tokens

    if fits(lo, hi):
        return [(lo, hi)]
    levels = _candidates(text, lo, hi)
    out: list[tuple[int, int]] = []
    # Depth-first, left before right: the stack holds (start, end, fits).
    stack: list[tuple[int, int, bool]] = [(lo, hi, False)]
    while stack:
        a, b, ok = stack.pop()
        if ok:
            out.append((a, b))
            continue
        cut = _choose_cut(levels, a, b)
        if cut is None:
            _split_chars(text, a, b, fits, out)
            continue
        left = _trim(text, a, cut)
        right = _trim(text, cut, b)
        stack.append((right[0], right[1], fits(*right)))
        stack.append((left[0], left[1], fits(*left)))
    return out
