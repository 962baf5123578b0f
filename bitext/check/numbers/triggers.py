"""Which words can start a quantity: a quick test that lets callers skip the parser on sentences
with no digit and no number word (the aligner parses only windows around them)."""

from __future__ import annotations

import functools
import re

from .lexicon import _arn

_AR_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+")
_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_ROMAN = re.compile(r"\b[IVX]{2,}\b")
_EN_TOK = re.compile(r"[A-Za-z]+|[^\sA-Za-z0-9]")

# tables of words that only qualify a number written before them (units, time zones...)
_NOT_STARTERS = ("UNITS", "PREFIX", "TZ", "DAYPART", "CURRENCY", "CONVERSIONS", "GROUP", "PERCENT",
                 "ROMAN", "ABBR")


def _number_words() -> tuple[frozenset, frozenset]:
    """The words of the number parser's tables that can start a quantity (Arabic normalised,
    English lower-cased): a sentence with none of them and no digit is not parsed."""
    from . import lexicon

    ar, en = set(), set()
    for name, table in vars(lexicon).items():
        if name.startswith("__") or not isinstance(table, (dict, set, frozenset, list, tuple)):
            continue
        if any(part in name for part in _NOT_STARTERS):
            continue
        for item in table:
            for part in item if isinstance(item, tuple) else (item,):
                if isinstance(part, str):
                    for w in part.split():
                        if _AR_WORD.search(w):
                            ar.add(_arn(w))
                        else:
                            en.add(w.lower())
    return frozenset(ar), frozenset(en)


AR_NUMBER_WORDS, EN_NUMBER_WORDS = _number_words()
# words the Arabic parser reads outside its tables: آب (August), a month only as written
AR_NUMBER_WORDS = AR_NUMBER_WORDS | {_arn("آب"), _arn("أب")}


@functools.lru_cache(maxsize=200_000)
def is_arabic_number_word(token: str) -> bool:
    """Whether an Arabic token (clitics و ف ب ل ك ال attached or not) is a word of the parser's tables
    that can start a quantity."""
    w = _arn(token)
    cands = {w, w[:-1]}
    for v in list(cands):
        if v[:1] in ("و", "ف"):
            cands.add(v[1:])
    for v in list(cands):
        if v[:1] in ("ب", "ل", "ك"):
            cands.add(v[1:])
    for v in list(cands):
        if v.startswith("ال"):
            cands.add(v[2:])
        if v.startswith("ل"):
            cands.add(v[1:])
    return any(c in AR_NUMBER_WORDS for c in cands)


def may_hold_numbers(text: str, lang: str) -> bool:
    """False only when no token of ``text`` can start a quantity (no digit, no number word)."""
    if _DIGIT.search(text):
        return True
    if lang == "ar":
        return any(is_arabic_number_word(w) for w in _AR_WORD.findall(text)) or bool(_ROMAN.search(text)) \
            or any(w.lower() in EN_NUMBER_WORDS for w in _EN_TOK.findall(text))
    return bool(_ROMAN.search(text)) or any(w.lower() in EN_NUMBER_WORDS or w.lower()[:-1] in EN_NUMBER_WORDS
                                            for w in _EN_TOK.findall(text))


_TOKEN = re.compile(r"\S+")
WINDOW = 3  # tokens parsed on each side of a token that may start or qualify a quantity


@functools.lru_cache(maxsize=200_000)
def _is_trigger_ar(token: str) -> bool:
    return may_hold_numbers(token, "ar")  # memoised per token: a corpus repeats its words


def number_windows(text: str) -> list[tuple[int, int]]:
    """The spans of an Arabic sentence worth parsing: every token that may hold a number, with
    WINDOW tokens either side, overlapping windows merged. Parsing only them gives the same
    quantities as parsing the whole sentence (on every sentence of NTREX, FLORES dev and test and
    TICO-19: tests/test_check_numbers.py) in about half the time."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    wins: list[list[int]] = []
    for k, (s, e) in enumerate(toks):
        if _is_trigger_ar(text[s:e]):
            a, b = max(0, k - WINDOW), min(len(toks) - 1, k + WINDOW)
            if wins and a <= wins[-1][1] + 1:
                wins[-1][1] = b
            else:
                wins.append([a, b])
    return [(toks[a][0], toks[b][1]) for a, b in wins]
