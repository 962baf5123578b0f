"""Sentence splitting for Arabic (and English) text.

:func:`split_sentences` returns character spans, never copies: every span is
an absolute ``(start, end)`` pair into the text it was given, so callers can
always point back at the original. The spans cover every non-whitespace
character of the requested range exactly once; what lies between them is
whitespace only.

Rules, in short:

* a line break (``\\n``, ``\\r`` and the other characters ``str.splitlines``
  breaks on) always ends a sentence, and no span contains one;
* a run of terminators (``.`` ``!`` ``?`` ``؟`` ``…`` ``۔``, e.g. ``?!`` or
  ``...``) ends a sentence when it is followed, after any closing quotes or
  brackets (``» ” " ' ) ] ’``, which stay with the sentence), by whitespace
  or the end of the range. A terminator glued to the next character is
  never a boundary: this keeps ``3.5``, ``١٢.٥``, ``1.200.000``, ``v2.0``,
  ``www.example.com``, e-mail addresses and text missing a space after the
  full stop (``انتهى.ثم``) in one piece;
* ``،`` ``؛`` ``,`` ``;`` ``:`` never end a sentence;
* a terminator followed by a word that starts with a lowercase (Latin)
  letter is not a boundary (``"Really?" he asked``, ``approx. three``);
* a terminator run that starts a sentence (nothing but whitespace before it)
  or directly follows an opening bracket or quote (``(...)``) is not a
  boundary;
* a single ``.`` after an abbreviation is not a boundary. Arabic: a single
  letter (``د.`` ``م.`` ``أ.`` ``ص.`` ``ج.`` ... as titles and initials,
  except ``م.``/``هـ.`` right after a number, which mark a year and end the
  sentence), Arabic spellings of Latin letters used as initials (``دي.``
  ``آر.`` ``في.`` ``كي.`` ...), dotted abbreviations such as ``ص.ب.`` when a
  number follows. ``إلخ.`` is treated as the end of a sentence. English:
  titles (``Mr.`` ``Dr.`` ``Prof.`` ``Gen.`` ...), single-letter initials
  (``J. K. Rowling``), ``e.g.`` ``i.e.`` ``vs.`` ``cf.``; ``No.`` ``Vol.``
  ``Fig.`` ... when a number follows; ``etc.`` ``Inc.`` ``Ltd.`` ``Co.``
  ``Jr.`` ... unless a capitalised word follows; month names and dotted
  acronyms (``U.S.`` ``U.K.`` ``a.m.``) unless a typical sentence-initial
  word (``The``, ``He``, ``But`` ...) follows.

Both rule sets apply whatever ``lang`` says, since Arabic news text quotes
English names and the other way round; ``lang`` is accepted for symmetry
with the rest of the API.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["split_sentences", "LINE_BREAKS", "TERMINATORS", "CLOSERS"]

#: Characters that always end a sentence (the ones ``str.splitlines`` uses).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: Sentence-final punctuation.
TERMINATORS = ".!?\u061f\u2026\u06d4\u203c\u2047\u2048\u2049"
#: Closing quotes and brackets that stay with the sentence they close.
CLOSERS = "\u00bb\u201d\"')]\u2019}\u203a\u300d\u300f\u3009\u300b"
#: Opening quotes and brackets.
OPENERS = "\u00ab\u201c\u201e\"'([\u2018{\u2039\u300c\u300e\u3008\u300a"

_LINE_BREAK_RE = re.compile("[" + re.escape(LINE_BREAKS) + "]")
_TERM_RUN_RE = re.compile("[" + re.escape(TERMINATORS) + "]+")

_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc]")

# Arabic spellings of Latin letters used as initials: "دي. كي. أريا", "روي في. واد".
_AR_LETTER_NAMES = frozenset(
    """
    إيه ايه بي تي دي جي جيه كي آر ار إس اس إف اف إل ال إم ام إن ان في فى
    واي زد زي إتش اتش سي أو او يو إكس اكس كيو ديه
    """.split()
)
# Arabic abbreviations that end a sentence when they carry the full stop.
_AR_SENTENCE_FINAL = frozenset(["إلخ", "الخ", "اه", "انتهى"])

# English titles and other abbreviations that are (almost) never sentence-final.
_EN_NEVER = frozenset(
    """
    Mr Mrs Ms Mx Messrs Mme Mlle Dr Drs Prof Profs St Mt Ft Gen Sen Sens Rep Reps
    Gov Lt Col Maj Sgt Capt Cpt Cmdr Cdr Adm Brig Rev Hon Pres Supt Insp Gen
    Pvt Cpl Amb Atty Mgr Dept Univ Assn Bros Det Sgts Cmdrs
    """.split()
)
_EN_NEVER_CI = frozenset(["e.g", "i.e", "vs", "cf", "viz", "approx", "ca"])
# Abbreviations that precede numbers: "No. 5", "Vol. 2", "pp. 10-12".
_EN_NUMBERED = frozenset("No Nos no nos Vol Vols vol vols Fig Figs fig figs Art art Sec sec Ch ch pp Nr nr Op op Pt pt".split())
# Abbreviations that end a sentence when a capitalised word follows.
_EN_SOFT_CAP = frozenset("etc Inc Ltd Co Corp Jr Sr al LLC Plc plc Bros Ave Blvd Rd".split())
# Month names and the like: end a sentence only before a typical sentence start.
_EN_SOFT_STARTER = frozenset(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()
)
_EN_STARTERS = frozenset(
    """
    The A An He She It They We I You This That These Those There Here His Her Its
    Their Our My In On At But And Or So Yet However Meanwhile Also Then When While
    After Before If As Although Though Since Because Some Many Most All No Not One
    Two Three Officials Police What Who Why How Where Which Mr Mrs Ms Dr
    """.split()
)
_DOTTED_ACRONYM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_AR_DOTTED_RE = re.compile(r"^(?:[\u0621-\u064a]{1,2}\.)+[\u0621-\u064a]{1,2}$")


def _base(word: str) -> str:
    """``word`` without Arabic diacritics, other combining marks and tatweel."""
    return "".join(ch for ch in word if ch != "\u0640" and not unicodedata.combining(ch))


def _next_word(text: str, pos: int, end: int) -> str:
    """The whitespace-delimited word starting at or after ``pos`` (skipping
    whitespace and opening quotes/brackets), or ``""`` at ``end``."""
    while pos < end and text[pos].isspace():
        pos += 1
    while pos < end and text[pos] in OPENERS:
        pos += 1
    stop = pos
    while stop < end and not text[stop].isspace():
        stop += 1
    return text[pos:stop]


def _prev_word(text: str, pos: int, begin: int) -> tuple[str, int]:
    """The non-whitespace run ending at ``pos`` and where it starts."""
    start = pos
    while start > begin and not text[start - 1].isspace():
        start -= 1
    return text[start:pos], start


def _is_abbreviation(text: str, dot: int, after: int, sent_start: int, line_end: int) -> bool:
    """Whether the single ``.`` at ``text[dot]`` belongs to an abbreviation
    (so it is not the end of a sentence). ``after`` is where the text after
    the dot (and any closers) continues."""
    word, wstart = _prev_word(text, dot, sent_start)
    word = word.lstrip(OPENERS)
    if not word:
        return False
    nxt = _next_word(text, after, line_end)
    base = _base(word)

    # ---- Arabic
    if len(base) == 1 and _ARABIC_LETTER_RE.match(base):
        if base in ("م", "ه"):
            before, _ = _prev_word(text, _skip_back_ws(text, wstart, sent_start), sent_start)
            if before and before[-1].isdigit():
                return False  # "عام 2003 م." — year marker ends the sentence
        return True
    if base in _AR_LETTER_NAMES:
        return True
    if base in _AR_SENTENCE_FINAL:
        return False
    if _AR_DOTTED_RE.match(base):
        return bool(nxt) and nxt[0].isdigit()

    # ---- English
    if word in _EN_NEVER or word.lower() in _EN_NEVER_CI:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # initials: "J. K. Rowling", "Roe v. Wade"
    if word in _EN_NUMBERED:
        return bool(nxt) and nxt[0].isdigit()
    if word in _EN_SOFT_CAP:
        return not (nxt and nxt[0].isupper())
    if word in _EN_SOFT_STARTER or _DOTTED_ACRONYM_RE.match(word):
        if nxt and nxt[0].isdigit():
            return True
        return _strip_trailing_punct(nxt) not in _EN_STARTERS
    return False


def _skip_back_ws(text: str, pos: int, begin: int) -> int:
    while pos > begin and text[pos - 1].isspace():
        pos -= 1
    return pos


def _strip_trailing_punct(word: str) -> str:
    return word.rstrip(",;:.!?\u060c\u061b" + CLOSERS)


def _first_letter(word: str) -> str:
    for ch in word:
        if ch.isalpha():
            return ch
        if ch.isdigit():
            return ""
    return ""


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of ``text[start:end]`` (no line breaks) to ``out``."""
    sent_start = start
    content = -1  # first non-whitespace position of the current sentence, once known
    for m in _TERM_RUN_RE.finditer(text, start, end):
        rs, after = m.start(), m.end()
        while after < end and text[after] in CLOSERS:
            after += 1
        if after < end and not text[after].isspace():
            continue  # glued to what follows: 3.5, v2.0, www.x.com, "انتهى.ثم"
        if content < sent_start:
            content = sent_start
            while text[content].isspace():
                content += 1
        if content >= rs:
            continue  # nothing before it in this sentence
        if text[rs - 1] in OPENERS and text[rs - 1] not in CLOSERS:
            continue  # "(...)", "[…]"
        if after < end:
            nxt = _next_word(text, after, end)
            letter = _first_letter(nxt)
            if letter and letter.islower():
                continue  # '"Really?" he asked', 'approx. three'
            if m.group() == "." and _is_abbreviation(text, rs, after, sent_start, end):
                continue
        _emit(text, sent_start, after, out)
        sent_start = after
    _emit(text, sent_start, end, out)


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def split_sentences(text: str, start: int = 0, end: int | None = None, lang: str = "ar") -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as absolute offsets into ``text``.

    The spans are in order and do not overlap; each starts and ends on a
    non-whitespace character and none contains a line break; everything in
    ``[start, end)`` outside the spans is whitespace. See the module
    docstring for the boundary rules. ``lang`` is ``"ar"`` or ``"en"``
    (both rule sets are always active; any other value behaves like
    ``"ar"``).
    """
    n = len(text)
    if end is None or end > n:
        end = n
    start = max(0, start)
    if start >= end:
        return []
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _LINE_BREAK_RE.finditer(text, start, end):
        _split_line(text, pos, m.start(), spans)
        pos = m.end()
    _split_line(text, pos, end, spans)
    return spans
