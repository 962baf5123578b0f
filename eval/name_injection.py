"""Name errors injected into human references, with names chosen independently of bitext.

The yardstick for the name checker must not be built from the checker's own
matches (that measures only the names it already finds).  A *name* here is
chosen from the English side alone, by rules that never call bitext:

Spans of fewer than three letters ("T" of T-shirt, "MS") are left out.

* FLORES (``flores_names``): a capitalised English span of the reference
  (capitalised words, joined by of/de/al-/bin...; not a weekday, month or "I";
  a sentence-initial word only when the same word is also written capitalised
  mid-sentence and never in lower case anywhere in the corpus of references
  and MT outputs: not "The", "No", "Buses") that at least 4 of the 6
  real MT outputs of the line (opusmt, nllb, argos, bergamot-base, google,
  microsoft) render verbatim.
* NTREX (``corpus_names``), which has no MT outputs: a capitalised span that
  does not start a sentence and each of whose words is never written in lower
  case anywhere in the English corpus (NTREX and the FLORES references and MT
  outputs), e.g. "Boris Johnson", "Brussels", not "Labour Party" ("party" is
  seen lower-cased).

Errors (seeded, one per document and kind, on a random name occurrence):
``drop`` (the span removed), ``replace`` (by a name of another document from
the same pool), ``respell`` (one word of the span: a letter doubled, dropped,
two adjacent letters swapped, or a vowel changed).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Iterable, Sequence

MT_SYSTEMS = ("opusmt", "nllb", "argos", "bergamot-base", "google", "microsoft")
KINDS = ("drop", "replace", "respell")

_WORD = r"[A-Z][\w'’.-]*[\w]|[A-Z]"
_CONNECT = r"(?:of|de|da|du|del|der|van|von|la|le|bin|ibn|al|el|and the|of the)"
_SPAN = re.compile(rf"(?<![\w'’-])(?:{_WORD})(?:(?:\s+{_CONNECT})?\s+(?:{_WORD}))*")
_SKIP = set("""I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December""".split())
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?:;"“”‘’\'(—–-'


def _trim(span: str) -> str:
    span = re.sub(r"['’]s$", "", span)
    return span.rstrip(".")


def capitalised_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, span) of runs of capitalised words, weekdays and months left out."""
    out = []
    for m in _SPAN.finditer(text):
        span = _trim(m.group())
        words = span.split()
        while words and words[0] in _SKIP:
            words = words[1:]
        if not words or all(w in _SKIP for w in words):
            continue
        span = " ".join(words)
        if sum(c.isalpha() for c in span) < 3:
            continue  # "T" of T-shirt, "C" of vitamin C, "MS": letters, not names
        start = m.start() + m.group().index(words[0])
        out.append((start, start + len(span), span))
    return out


def mid_sentence_caps(corpus: Iterable[str]) -> set[str]:
    """Words written capitalised somewhere other than at a sentence start."""
    seen = set()
    for text in corpus:
        for m in _WORDS.finditer(text):
            if m.group()[:1].isupper() and not _sentence_initial(text, m.start()):
                seen.add(m.group())
    return seen


def lower_words(corpus: Iterable[str]) -> set[str]:
    return {m.group() for text in corpus for m in _WORDS.finditer(text) if m.group()[:1].islower()}


def _contains(text: str, span: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(span)}(?![\w-])", text) is not None


def flores_names(refs: Sequence[str], outputs: dict[str, Sequence[str]], min_systems: int = 4):
    """Per line, (start, end, span) of reference names that >= min_systems MT outputs render verbatim."""
    corpus = [*refs, *(t for o in outputs.values() for t in o)]
    mid = mid_sentence_caps(corpus)
    low = {w.lower() for w in lower_words(corpus)}
    per_line = []
    for i, ref in enumerate(refs):
        names = []
        for s, e, span in capitalised_spans(ref):
            first = span.split()[0]
            if _sentence_initial(ref, s) and (first not in mid or first.lower() in low):
                if " " not in span:
                    continue  # "The", "Buses", "Police" at the start of a sentence
                s, span = s + len(first) + 1, span[len(first) + 1:]  # "The Babylonians" -> "Babylonians"
            votes = sum(_contains(o[i], span) for o in outputs.values())
            if votes >= min_systems:
                names.append((s, e, span))
        per_line.append(names)
    return per_line


def corpus_names(refs: Sequence[str], corpus: Iterable[str]):
    """Per line, (start, end, span): non-initial capitalised spans whose words are never seen lower-cased."""
    low = {w.lower() for w in lower_words(corpus)}
    per_line = []
    for ref in refs:
        names = []
        for s, e, span in capitalised_spans(ref):
            if _sentence_initial(ref, s):
                continue
            words = [w for w in _WORDS.findall(span) if w[:1].isupper()]
            if words and all(w.lower() not in low and not w.isupper() for w in words):
                names.append((s, e, span))
        per_line.append(names)
    return per_line


_VOWEL_SWAP = {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o"}


def respell(word: str, rng: random.Random) -> str | None:
    """One letter doubled, dropped, two adjacent swapped, or a vowel changed (never the first letter)."""
    ops = ["double", "drop", "swap", "vowel"]
    rng.shuffle(ops)
    for op in ops:
        cands = []
        for i in range(1, len(word)):
            c = word[i]
            if not c.isalpha():
                continue
            if op == "double" and word[i - 1] != c:
                cands.append(word[:i] + c + word[i:])
            elif op == "drop" and len(word) >= 5:
                cands.append(word[:i] + word[i + 1:])
            elif op == "swap" and i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != c:
                cands.append(word[:i] + word[i + 1] + c + word[i + 2:])
            elif op == "vowel" and c in _VOWEL_SWAP:
                cands.append(word[:i] + _VOWEL_SWAP[c] + word[i + 1:])
        cands = [c for c in cands if c.lower() != word.lower()]
        if cands:
            return rng.choice(cands)
    return None


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    return re.sub(r"\(\s*\)", "", text).strip()


def inject(ref: str, name: tuple[int, int, str], kind: str, rng: random.Random, pool: Sequence[str]):
    """(corrupted line, description, new surface or None) or None when the kind does not apply."""
    s, e, span = name
    if kind == "drop":
        new = ref[:s] + ref[e:]
        rest = new[s:]
        rest = re.sub(r"^['’]s?(?=\W)", "", rest)
        return _tidy(new[:s] + rest), f"dropped '{span}'", None
    if kind == "replace":
        low = ref.lower()
        cands = [p for p in pool if p.lower() != span.lower() and not any(w.lower() in low for w in p.split())]
        if not cands:
            return None
        other = rng.choice(cands)
        return ref[:s] + other + ref[e:], f"'{span}' -> '{other}'", other
    words = [m for m in _WORDS.finditer(span) if m.group()[:1].isupper() and len(m.group()) >= 4]
    if not words:
        return None
    m = rng.choice(words)
    new_word = respell(m.group(), rng)
    if new_word is None:
        return None
    ws = s + m.start()
    return ref[:ws] + new_word + ref[ws + len(m.group()):], f"'{m.group()}' -> '{new_word}'", new_word


def plan(refs: Sequence[str], docs: Sequence[Sequence[int]], names_per_line, seed: int = 13):
    """Seeded injections: kind -> list of (line, corrupted line, description, new surface)."""
    rng = random.Random(seed)
    pool_by_doc = [[n[2] for i in d for n in names_per_line[i]] for d in docs]
    out: dict[str, list] = {k: [] for k in KINDS}
    for kind in KINDS:
        for d, doc in enumerate(docs):
            occ = [(i, n) for i in doc for n in names_per_line[i]]
            if not occ:
                continue
            i, name = rng.choice(occ)
            pool = sorted({p for j, ps in enumerate(pool_by_doc) if j != d for p in ps})
            res = inject(refs[i], name, kind, rng, pool)
            if res is None or res[0] == refs[i]:
                continue
            out[kind].append((i, res[0], res[1], res[2]))
    return out


def pool_stats(names_per_line) -> dict:
    c = Counter(n[2] for ns in names_per_line for n in ns)
    return {"occurrences": sum(c.values()), "distinct": len(c), "lines": sum(1 for ns in names_per_line if ns)}
