"""Normalisation of source text before it is given to the model.

Only the model input is normalised; documents keep the original text, and
offsets always refer to the original.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ARABIC_MARKS", "WESTERN_DIGITS", "fold_arabic", "normalize_for_model", "strip_marks", "western_digits", "western_numerals"]

_TATWEEL = "\u0640"

# Removed outright: BOM / zero-width no-break space, bidi controls, zero-width
# space / non-joiner / joiner, word joiner, soft hyphen.
_REMOVE = (
    "\ufeff"
    "\u200e\u200f\u061c"
    "\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d"
    "\u2060\u00ad"
)
_REMOVE_TABLE = {ord(ch): None for ch in _REMOVE}
_REMOVE_TABLE[ord(_TATWEEL)] = None

# Arabic presentation forms A (U+FB50–U+FDFF) and B (U+FE70–U+FEFE).
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

_WESTERN_DIGITS = {0x0660 + i: str(i) for i in range(10)}
_WESTERN_DIGITS.update({0x06F0 + i: str(i) for i in range(10)})
_WESTERN_DIGITS.update({0x066B: ".", 0x066C: ",", 0x066A: "%"})
WESTERN_DIGITS = _WESTERN_DIGITS  # a str.translate table: ٠-٩ ۰-۹ -> 0-9, ٫ ٬ ٪ -> . , %

# for text that goes into an English document without the model (list
# numbers, a table cell holding only a number): digits and Arabic punctuation
_ENGLISH_PUNCTUATION = dict(_WESTERN_DIGITS)
_ENGLISH_PUNCTUATION.update({0x060C: ",", 0x061B: ";", 0x061F: "?"})

_SPACE_RUN_RE = re.compile(r"\s+")


# Arabic for matching (the checker's names, numbers and glossary, the aligner): one table for all.
# Diacritics (harakat, shadda, sukun, superscript alef), Quranic annotation marks and tatweel.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTER_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def strip_marks(text: str) -> str:
    """``text`` without diacritics, Quranic marks and tatweel (letters untouched)."""
    return ARABIC_MARKS.sub("", text)


def fold_arabic(text: str) -> str:
    """``text`` for matching: marks stripped, alef forms -> ا, ى -> ي, ة -> ه."""
    return ARABIC_MARKS.sub("", text).translate(_LETTER_FOLDS)


def western_digits(text: str) -> str:
    """``text`` with ٠-٩ ۰-۹ as 0-9 and ٫ ٬ ٪ as . , % (one character for one: offsets stay valid)."""
    return text.translate(_WESTERN_DIGITS)


def western_numerals(text: str) -> str:
    """``text`` with ٠-٩ ۰-۹ as 0-9, ٫ ٬ ٪ as . , % and ، ؛ ؟ as , ; ?; nothing else changes."""
    return text.translate(_ENGLISH_PUNCTUATION)

DIGIT_MODES = ("keep", "western")


def normalize_for_model(text: str, digits: str = "keep") -> str:
    """Return ``text`` cleaned for the translation model.

    * Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) become the
      standard letters (NFKC of those characters only; the rest of the text
      is not NFKC-normalised, so diacritics, ligature-free text and symbols
      are untouched);
    * tatweel (U+0640), the BOM / ZWNBSP (U+FEFF), bidi controls (U+200E,
      U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), zero-width characters
      (U+200B–U+200D, U+2060) and soft hyphens are removed;
    * every kind of whitespace (NBSP, thin space, U+2000–U+200A, U+3000, tabs,
      line breaks, ...) becomes one plain space; runs collapse and the ends
      are stripped;
    * ``digits="keep"`` leaves digits as written; ``digits="western"`` maps
      ٠-٩ and ۰-۹ to 0-9 and ``٫`` ``٬`` ``٪`` to ``.`` ``,`` ``%``.

    Diacritics are kept. Any other ``digits`` value raises :class:`ValueError`.
    """
    if digits not in DIGIT_MODES:
        raise ValueError(f"digits must be one of {', '.join(DIGIT_MODES)}, not {digits!r}")
    text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_REMOVE_TABLE)
    if digits == "western":
        text = text.translate(_WESTERN_DIGITS)
    return _SPACE_RUN_RE.sub(" ", text).strip()
