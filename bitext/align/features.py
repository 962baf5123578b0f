"""Per-sentence anchors that survive translation, used by the length+anchors cost.

Each sentence becomes a :class:`collections.Counter` of typed keys; an anchor
*match* between two spans is the size of the multiset intersection of their
keys, weighted by type (:data:`WEIGHTS`):

* ``n:`` numbers as values (``bitext.check.numbers.extract_numbers``), so
  "١٥٠٠" / "1,500" / "ألف وخمسمئة" meet; months, weekdays and clock times keep
  their own namespace; the word "one"/واحد (value 1 without digits) is left out;
* ``s:`` names: consonant skeletons (``bitext.check.names``) of the
  capitalised English spans, met by skeletons of Arabic words (3+ classes);
* ``l:`` Latin words (2+ letters) or codes written inside the Arabic text,
  found verbatim (lower-cased) in the English;
* ``p:`` punctuation and structure: question marks (؟ ?), exclamation marks,
  quotes, parentheses, colons, and a leading list/heading marker.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from bitext.check.names import english_skeleton, find_english_names, romanize
from bitext.check.numbers import extract_numbers
from bitext.check.numbers.triggers import may_hold_numbers

WEIGHTS = {"n": 2.5, "s": 1.2, "l": 2.5, "p": 0.8, "w": 1.2}  # w: tuned on FLORES dev / TICO-19

_OWN_KINDS = {"month": "mo", "weekday": "wd", "time": "t"}
_AR_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك")
_LIST_START = re.compile(r"^\s*(?:[-*•–]\s|[0-9٠-٩]+[.)\-]\s|[#]+\s)")
_PUNCT = (("q", "?؟"), ("x", "!"), ("quote", "\"“”«»"), ("paren", "()"), ("colon", ":"))


def _number_keys(text: str, lang: str) -> list[str]:
    if lang == "en" and not may_hold_numbers(text, lang):
        return []  # (the Arabic extractor parses only the windows around candidate words itself)
    return _quantity_keys(text, lang)


def _quantity_keys(text: str, lang: str) -> list[str]:
    keys: list[str] = []
    try:
        quantities = extract_numbers(text, lang)
    except Exception:  # a checker bug must never stop alignment
        return keys
    for q in quantities:
        if q.value == 1 and not re.search(r"[0-9٠-٩۰-۹]", q.text):
            continue
        if q.kind == "digits" and q.digits:
            keys.append("n:d" + q.digits)
            continue
        ns = _OWN_KINDS.get(q.kind, "")
        keys.append(f"n:{ns}{q.value:.6g}")
        if q.high is not None:
            keys.append(f"n:{ns}{q.high:.6g}")
    return keys


def _punct_keys(text: str) -> list[str]:
    keys = []
    for name, chars in _PUNCT:
        count = sum(text.count(c) for c in chars)
        if name in ("quote", "paren"):
            count = (count + 1) // 2
        keys.extend(["p:" + name] * min(count, 3))
    if _LIST_START.match(text):
        keys.append("p:list")
    return keys


def _features(keys: list[str], skeletons: set[str], latin_words: list[str]) -> Counter:
    """Typed anchor keys: numbers/punctuation as given, name skeletons (s:), Latin words (l:)."""
    keys.extend("s:" + s for s in skeletons)
    keys.extend({"l:" + w.lower() for w in latin_words})
    return Counter(keys)


@functools.lru_cache(maxsize=200_000)
def _ar_word_skeletons(word: str) -> tuple[str, ...]:
    variants = {word}
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            variants.add(word[len(c):])
    out = set()
    for v in variants:
        sk = romanize(v)
        if len(sk) >= 3 and " " not in sk:
            out.add(sk)
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _arabic_features(text: str) -> Counter:
    keys = _number_keys(text, "ar") + _punct_keys(text)
    skels = set()
    for word in _AR_WORD.findall(text):
        skels.update(_ar_word_skeletons(word))
    return _features(keys, skels, _LATIN.findall(text))


def arabic_features(text: str) -> Counter:
    """Anchor keys of an Arabic sentence (a new Counter; the parse is memoised)."""
    return Counter(_arabic_features(text))


def english_features(text: str) -> Counter:
    """Anchor keys of an English sentence (a new Counter; the parse is memoised)."""
    return Counter(_english_features(text))


@functools.lru_cache(maxsize=200_000)
def _english_word_skeleton(word: str) -> str:
    return english_skeleton(word)


@functools.lru_cache(maxsize=100_000)
def _english_features(text: str) -> Counter:
    keys = _number_keys(text, "en") + _punct_keys(text)
    skels = set()
    for a, b in find_english_names(text):
        for word in text[a:b].split():
            sk = _english_word_skeleton(word)
            if len(sk) >= 3 and " " not in sk:
                skels.add(sk)
    return _features(keys, skels, _EN_WORD.findall(text))


def match_score(a: Counter, b: Counter) -> float:
    """Weighted size of the multiset intersection of two feature counters."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    total = 0.0
    for k, c in a.items():
        d = b.get(k)
        if d:
            total += WEIGHTS[k[0]] * min(c, d)
    return total
