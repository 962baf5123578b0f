"""TMX (1.1-1.4) translation memories: translate the Arabic variant of every unit into English.

Reading: in every ``<tu>`` the source variant is the ``<tuv>`` in the
unit's ``srclang`` (the ``<tu srclang>``, else the header's) when that is an
Arabic tag, else the first ``<tuv>`` whose ``xml:lang`` (TMX 1.1: ``lang``)
is Arabic (``ar``, ``ar-SA``, ...). Its ``<seg>`` gives segments of kind
``unit`` located ``"tu <tuid>"`` (``"tu <n>"``, 1-based, without a tuid)
when it has Arabic text; other units stay as they are. A unit whose source
language is English and that has an English variant is kept as it is (in
an English-to-Arabic memory the English side is the original); units
whose source language is another non-Arabic language are translated from
their Arabic variant, with a warning.

Inline elements follow the XLIFF rule (:func:`bitext.formats.xliff.text_slots`):
text on each side of ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>`` and
inside ``<hi>`` are separate segments (the native code in ``<bpt>`` etc. is
kept; text in a ``<sub>`` is translated).

Writing: the unit's English ``<tuv>`` (``en``, ``en-GB``, ...) gets a
``<seg>`` that copies the Arabic one's inline structure with the
translations; without one, ``<tuv xml:lang="en">`` is added after the
last variant. Everything else goes through lxml unchanged (see
:func:`bitext.formats.xliff.write_xml`). :func:`write_tmx` builds a new
TMX 1.4 document from pairs, for any bilingual output.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from lxml import etree

from ..errors import FormatError
from .base import ParsedFile, Segment
from ._xml import (XML_LANG, InlineRules, fill_translation, insert_after, lang_primary, read_xml, slot_body, slot_text,
                    text_slots, write_xml, xml_safe)

NAME = "tmx"
EXTENSIONS = (".tmx",)
DESCRIPTION = "TMX translation memories: the Arabic variant of each unit translated into an English variant"
KEEPS = (
    "the whole XML tree (header, props, notes, other languages, attributes); units without an Arabic "
    "variant are left as they are. Inline codes (<bpt>/<ept>, <ph>, <it>, <hi>) stay: the text on each side "
    "of a code and inside <hi> are separate segments, and the English <seg> copies the Arabic one's codes "
    "with the translated pieces. An existing English variant is replaced (unless English is the unit's "
    "source language)."
)

RULES = InlineRules(
    paired=frozenset({"hi"}),
    codes=frozenset({"bpt", "ept", "it", "ph", "ut"}),
    sub="sub",
)


def _lang(tuv: etree._Element) -> tuple[str | None, str]:
    """The variant's language and the attribute that carries it."""
    if tuv.get(XML_LANG) is not None:
        return tuv.get(XML_LANG), XML_LANG
    return tuv.get("lang"), "lang"  # TMX 1.1


def _check(root: etree._Element, name: str) -> tuple[etree._Element | None, etree._Element]:
    if not isinstance(root.tag, str) or root.tag != "tmx":
        raise FormatError(f"{name}: not a TMX file: the root element is <{etree.QName(root).text}>, not <tmx>")
    version = root.get("version") or ""
    if version not in ("1.1", "1.2", "1.3", "1.4", "1.4b"):
        raise FormatError(f"{name}: unsupported TMX version {version!r} (expected 1.1 to 1.4)")
    body = root.find("body")
    if body is None:
        raise FormatError(f"{name}: not a TMX file: <tmx> has no <body>")
    return root.find("header"), body


def _read(data: bytes, name: str, tgt_lang: str):
    from .driver import needs_translation

    root = read_xml(data, name, "TMX")
    header, body = _check(root, name)
    header_src = header.get("srclang") if header is not None else None
    jobs = []  # (source seg, slot indexes, [(text, location)], tu, source tuv)
    off_lang: list[str] = []
    kept = 0
    for n, tu in enumerate(body.findall("tu"), 1):
        tuvs = tu.findall("tuv")
        srclang = tu.get("srclang") or header_src or ""
        arabic = [t for t in tuvs if lang_primary(_lang(t)[0]) == "ar"]
        if not arabic:
            continue
        exact = [t for t in arabic if (_lang(t)[0] or "").lower() == srclang.lower()]
        src_tuv = (exact or arabic)[0]
        if lang_primary(srclang) == lang_primary(tgt_lang) and any(
                lang_primary(_lang(t)[0]) == lang_primary(tgt_lang) for t in tuvs):
            kept += 1  # the English variant is this unit's source: never overwrite it
            continue
        if srclang and lang_primary(srclang) not in ("ar", "*all*"):
            off_lang.append(srclang)
        seg = src_tuv.find("seg")
        if seg is None:
            continue
        slots = text_slots(seg, RULES)
        if not needs_translation(slot_body(slots)):
            continue
        location = f"tu {tu.get('tuid') or n}"
        idx = [i for i, s in enumerate(slots) if slot_text(s).strip()]
        jobs.append((seg, idx, [(slot_text(slots[i]), location) for i in idx], tu, src_tuv))
    return root, header_src, jobs, (off_lang, kept)


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def _target_seg(tu: etree._Element, src_tuv: etree._Element, src_seg: etree._Element, tgt_lang: str) -> etree._Element:
    """The ``<seg>`` of the unit's target-language variant, created if missing."""
    want = lang_primary(tgt_lang)
    tuv = next((t for t in tu.findall("tuv") if lang_primary(_lang(t)[0]) == want), None)
    if tuv is None:
        last = tu.findall("tuv")[-1]
        tuv = insert_after(last, "tuv", tu)
        tuv.set(_lang(src_tuv)[1], tgt_lang)
        tuv.text = src_tuv.text
    seg = tuv.find("seg")
    if seg is None:
        seg = etree.SubElement(tuv, "seg")
        seg.tail = src_seg.tail
    return seg


def parse(data: bytes, name: str, tgt_lang: str = "en", **options) -> ParsedFile:
    root, header_src, jobs, (off_lang, kept) = _read(data, name, tgt_lang)
    segments = [Segment(text, loc, "unit") for job in jobs for text, loc in job[2]]
    warnings = []
    if off_lang:
        langs = ", ".join(sorted(set(off_lang), key=str.lower)) or "none"
        warnings.append(f"source language not Arabic ({langs}) in {_units(len(off_lang))}; "
                        f"the Arabic variants are translated")
    if kept:
        warnings.append(f"{_units(kept)} with source language {tgt_lang!r} and an Arabic variant kept as they are "
                        f"(their English variant is the original)")
    if not segments:
        warnings.append("no unit has an Arabic variant with text to translate")

    def write(translations: list[str]) -> bytes:
        if not segments:
            return data  # nothing to translate: the file as it was, byte for byte
        fresh, _, fresh_jobs, _ = _read(data, name, tgt_lang)  # a new tree for every write
        pos = 0
        for seg, idx, _texts, tu, src_tuv in fresh_jobs:
            pieces = dict(zip(idx, translations[pos : pos + len(idx)]))
            pos += len(idx)
            fill_translation(_target_seg(tu, src_tuv, seg, tgt_lang), seg, RULES, pieces)
        return write_xml(fresh, data)

    return ParsedFile(name, NAME, segments, write, encoding=(root.getroottree().docinfo.encoding or "UTF-8").lower(),
                      warnings=warnings)


def write_tmx(units: Iterable[tuple[str, str, Mapping[str, str]]], src_lang: str = "ar", tgt_lang: str = "en",
              *, datatype: str = "plaintext", header_props: Mapping[str, str] | None = None) -> bytes:
    """A TMX 1.4 document (UTF-8): one ``<tu tuid="1..N">`` per ``(source, target, props)``.

    ``props`` become ``<prop type=...>`` elements of the unit (e.g.
    ``{"x-location": "p 3"}`` or ``{"x-score": "0.9312"}``); ``header_props``
    likewise in the header. Characters XML cannot carry are dropped. The
    general writer for every TMX bitext produces (translations, alignments).
    """
    from .. import __version__

    tmx = etree.Element("tmx", version="1.4")
    header = etree.SubElement(tmx, "header", {
        "creationtool": "bitext", "creationtoolversion": str(__version__), "segtype": "sentence",
        "adminlang": "en", "srclang": src_lang, "datatype": datatype, "o-tmf": "bitext"})
    for key, value in (header_props or {}).items():
        etree.SubElement(header, "prop", type=key).text = xml_safe(str(value))
    body = etree.SubElement(tmx, "body")
    for i, (source, target, props) in enumerate(units, 1):
        tu = etree.SubElement(body, "tu", tuid=str(i))
        for key, value in props.items():
            etree.SubElement(tu, "prop", type=key).text = xml_safe(str(value))
        for lang, text in ((src_lang, source), (tgt_lang, target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = xml_safe(text)
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_bilingual(units: list[tuple[str, str, str]], name: str, src_lang: str = "ar", tgt_lang: str = "en") -> bytes:
    """TMX 1.4 from ``(location, source, target)`` triples; the location is each unit's ``x-location`` prop."""
    return write_tmx(((s, t, {"x-location": loc}) for loc, s, t in units), src_lang, tgt_lang,
                     header_props={"x-original": name})
