"""XLIFF 1.0-1.2 and 2.0: translate the Arabic sources, fill the targets, keep the rest of the file.

Dialects: XLIFF 1.2 in its namespace, and as the same dialect XLIFF 1.0
and 1.1 (their namespaces, as translate-toolkit, Pootle and Weblate write
1.1), files with no namespace at all (matecat) and files without a
``version`` attribute; SDL Trados ``.sdlxliff`` is XLIFF 1.2 with extensions.
XLIFF 2.x in the 2.0 namespace. Inline elements and targets are written in
the namespace the file uses.

Reading: every XLIFF 1.2 ``<trans-unit>`` (its ``<seg-source>`` when it has
one, else its ``<source>``) and every XLIFF 2.0 ``<unit>/<segment>`` whose
source has an Arabic letter gives segments of kind ``unit``, located
``"unit <id>"`` (``"unit <id> segment <sid>"`` for a 2.0 segment with an id
or a unit with several segments, and for each ``<mrk mtype="seg">`` of a 1.2
``<seg-source>``; ``"file <original> "`` in front when the document has
several ``<file>`` elements). Skipped, and left exactly as they are: units
under ``translate="no"`` (on the unit or an enclosing group/file), 1.2 units
with ``approved="yes"`` or a target in state ``final`` or ``signed-off``,
2.0 segments in state ``final``, and units with no Arabic.

Inline codes (the rule shared with TMX, see :func:`text_slots`): the text
before, between and after inline codes, and the text inside paired codes
(1.2 ``<g>``, ``<mrk>``; 2.0 ``<pc>``, ``<mrk>``), are separate segments in
reading order, sharing the unit's location. Native-code elements (1.2
``<x/> <bx/> <ex/> <ph> <bpt> <ept> <it>``; 2.0 ``<ph/> <sc/> <ec/> <sm/>
<em/> <cp/>``) and protected markers (1.2 ``mrk mtype="protected"``, 2.0
``mrk translate="no"``) are kept as they are, except the text of a 1.2
``<sub>`` inside a code, which is translated like the rest.

Writing: the target is a copy of the source's inline structure (same codes,
same ids) with the translated pieces in place of the text; an existing
target is replaced (its attributes kept). 1.2: ``<target state="translated">``
after the source (``target-language="en"`` added to ``<file>`` if missing);
2.0: ``<target>`` after ``<source>``, ``state="translated"`` on the
``<segment>``, ``trgLang="en"`` on ``<xliff>`` if missing; a target the model left empty gets
``needs-translation`` (1.2) or ``initial`` (2.0) instead. Everything else
(comments, notes, attributes, namespaces, other units) goes through lxml
unchanged: the result is XML-canonically equal to the input apart from the
targets (the XML declaration is kept verbatim; entity references stay
references; CDATA sections that are translated become escaped text). A
``target-language``/``trgLang`` other than English is left as it is, with
a warning. A file with nothing to translate is returned byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lxml import etree

from ..errors import FormatError
from ._xml import (
    XML_LANG,
    XML_SPACE,
    xml_safe,
    read_xml,
    write_xml,
    InlineRules,
    text_slots,
    slot_text,
    slot_body,
    fill_translation,
    insert_after,
    lang_primary,
)
from .base import ParsedFile, Segment

NAME = "xliff"
EXTENSIONS = (".xliff", ".xlf", ".sdlxliff")
DESCRIPTION = ("XLIFF 1.0-1.2 (namespace-less too) and 2.0 bilingual files, SDL .sdlxliff (CAT tools): "
               "Arabic sources in, English targets filled")
KEEPS = (
    "the whole XML tree (comments, notes, attributes, namespaces); units with translate=\"no\", "
    "approved/final targets and units without Arabic are left as they are. Inline codes "
    "(<g> <x/> <ph> <bpt>/<ept> <mrk>, 2.0 <pc> <ph/> <sc/>/<ec/>) stay: the text on each side of a code "
    "and inside a paired code are separate segments, and the target copies the source's codes with the "
    "translated pieces. Targets get state=\"translated\" (an empty translation: needs-translation, 2.0 initial). XLIFF 1.0 and 1.1, files without a namespace or a "
    "version are read as the 1.2 dialect they are; a file with nothing to translate comes back byte for byte."
)

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS10 = "urn:oasis:names:tc:xliff:document:1.0"
# namespace -> versions accepted in it ("" = no namespace, None = no version attribute)
_VERSIONS = {NS12: ("1.2", None), NS11: ("1.1", "1.2", None), NS10: ("1.0", None), "": ("1.0", "1.1", "1.2", None),
             NS20: ("2.0", "2.1", "2.2", None)}


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}" if ns else local


def _rules(ns: str) -> InlineRules:
    if ns != NS20:
        return InlineRules(
            paired=frozenset({_q(ns, "g"), _q(ns, "mrk")}),
            codes=frozenset(_q(ns, t) for t in ("ph", "bpt", "ept", "it")),
            sub=_q(ns, "sub"),
            protected=lambda el: el.get("mtype") == "protected",
            label=lambda el: f"segment {el.get('mid')}" if el.tag == _q(ns, "mrk") and el.get("mtype") == "seg" else None,
        )
    return InlineRules(
        paired=frozenset({_q(ns, "pc"), _q(ns, "mrk")}),
        protected=lambda el: el.tag == _q(NS20, "mrk") and el.get("translate") == "no",
    )


def _translatable(el: etree._Element) -> bool:
    """False under the nearest ``translate="no"`` (the element or an ancestor)."""
    node: etree._Element | None = el
    while node is not None:
        value = node.get("translate")
        if value is not None:
            return value != "no"
        node = node.getparent()
    return True


@dataclass
class _Job:
    """One source to translate and where its target goes."""

    source: etree._Element
    location: str
    slots: list[int]  # indexes into text_slots(source) that are segments
    texts: list[tuple[str, str]]  # (text, location) per segment
    place: Callable[[], etree._Element]  # the target element to fill (created if missing)


def _version(root: etree._Element, name: str) -> tuple[str, str]:
    """The dialect (``"1.2"`` for 1.0-1.2, ``"2.0"``) and the namespace the file's elements are in."""
    qname = etree.QName(root)
    if qname.localname != "xliff":
        raise FormatError(f"{name}: not an XLIFF file: the root element is <{qname.localname}>, not <xliff>")
    ns = qname.namespace or ""
    if ns not in _VERSIONS:
        raise FormatError(f"{name}: not XLIFF 1.x or 2.0: <xliff> has namespace {ns} (expected {NS12}, {NS11}, "
                          f"{NS20} or none)")
    version = root.get("version")
    if version not in _VERSIONS[ns]:
        where = f"the {ns} namespace" if ns else "an <xliff> without a namespace"
        raise FormatError(f"{name}: unsupported XLIFF version {version!r} in {where} "
                          f"(expected {' or '.join(v for v in _VERSIONS[ns] if v)})")
    return ("2.0" if ns == NS20 else "1.2"), ns


def _segments_of(source: etree._Element, rules: InlineRules, location: str) -> tuple[list[int], list[tuple[str, str]]] | None:
    from .driver import needs_translation

    slots = text_slots(source, rules)
    if not needs_translation(slot_body(slots)):
        return None
    idx, texts = [], []
    for i, slot in enumerate(slots):
        text = slot_text(slot)
        if text.strip():
            idx.append(i)
            texts.append((text, f"{location} {slot[2]}".strip()))
    return idx, texts


def _jobs_12(root: etree._Element, tgt_lang: str, ns: str = NS12) -> list[_Job]:
    rules = _rules(ns)
    files = root.findall(_q(ns, "file"))
    jobs: list[_Job] = []
    for fi, file_el in enumerate(files, 1):
        prefix = f"file {file_el.get('original') or fi} " if len(files) > 1 else ""
        for n, tu in enumerate(file_el.iter(_q(ns, "trans-unit")), 1):
            if not _translatable(tu) or tu.get("approved") == "yes":
                continue
            target = tu.find(_q(ns, "target"))
            if target is not None and target.get("state") in ("final", "signed-off"):
                continue
            plain = tu.find(_q(ns, "source"))
            seg_source = tu.find(_q(ns, "seg-source"))
            source = seg_source if seg_source is not None else plain
            if source is None:
                continue
            location = f"{prefix}unit {tu.get('id') or n}"
            found = _segments_of(source, rules, location)
            if found is None:
                continue

            def place(tu=tu, source=source, plain=plain, file_el=file_el) -> etree._Element:
                if not file_el.get("target-language"):
                    file_el.set("target-language", tgt_lang)
                target = tu.find(_q(ns, "target"))
                if target is None:
                    target = insert_after(source if plain is None else max(plain, source, key=tu.index),
                                          _q(ns, "target"), tu)
                    if plain is not None and plain.get(XML_LANG):
                        target.set(XML_LANG, file_el.get("target-language"))
                if source.get(XML_SPACE) and not target.get(XML_SPACE):
                    target.set(XML_SPACE, source.get(XML_SPACE))
                target.set("state", "translated")
                return target

            jobs.append(_Job(source, location, found[0], found[1], place))
    return jobs


def _jobs_20(root: etree._Element, tgt_lang: str) -> list[_Job]:
    rules = _rules(NS20)
    files = root.findall(_q(NS20, "file"))
    jobs: list[_Job] = []
    for fi, file_el in enumerate(files, 1):
        prefix = f"file {file_el.get('original') or file_el.get('id') or fi} " if len(files) > 1 else ""
        for n, unit in enumerate(file_el.iter(_q(NS20, "unit")), 1):
            if not _translatable(unit):
                continue
            segments = unit.findall(_q(NS20, "segment"))
            for k, seg in enumerate(segments, 1):
                if seg.get("state") == "final":
                    continue
                source = seg.find(_q(NS20, "source"))
                if source is None:
                    continue
                location = f"{prefix}unit {unit.get('id') or n}"
                if seg.get("id") or len(segments) > 1:
                    location += f" segment {seg.get('id') or k}"
                found = _segments_of(source, rules, location)
                if found is None:
                    continue

                def place(seg=seg, source=source) -> etree._Element:
                    if not root.get("trgLang"):
                        root.set("trgLang", tgt_lang)
                    target = seg.find(_q(NS20, "target"))
                    if target is None:
                        target = insert_after(source, _q(NS20, "target"), seg)
                    if source.get(XML_SPACE) and not target.get(XML_SPACE):
                        target.set(XML_SPACE, source.get(XML_SPACE))
                    seg.set("state", "translated")
                    return target

                jobs.append(_Job(source, location, found[0], found[1], place))
    return jobs


def _read(data: bytes, name: str, tgt_lang: str) -> tuple[etree._Element, str, str, list[_Job]]:
    root = read_xml(data, name, "XLIFF")
    version, ns = _version(root, name)
    jobs = _jobs_12(root, tgt_lang, ns) if version == "1.2" else _jobs_20(root, tgt_lang)
    return root, version, ns, jobs


def parse(data: bytes, name: str, tgt_lang: str = "en", **options) -> ParsedFile:
    root, version, ns, jobs = _read(data, name, tgt_lang)
    segments = [Segment(text, loc, "unit") for job in jobs for text, loc in job.texts]
    warnings = []
    declared = [root.get("trgLang")] if version == "2.0" else [f.get("target-language") for f in root.iter(_q(ns, "file"))]
    other = sorted({lang for lang in declared if lang and lang_primary(lang) != lang_primary(tgt_lang)})
    if other:
        warnings.append(f"the target language is {', '.join(other)}, but the targets are written in {tgt_lang!r}")
    if not segments:
        warnings.append(f"XLIFF {version}: no unit to translate (none has Arabic text, or all are final or translate=\"no\")")
    rules = _rules(ns)

    def write(translations: list[str]) -> bytes:
        if not segments:
            return data  # nothing to translate: the file as it was, byte for byte
        fresh, _, _, fresh_jobs = _read(data, name, tgt_lang)  # a new tree for every write: parse() stays reusable
        pos = 0
        for job in fresh_jobs:
            pieces = dict(zip(job.slots, translations[pos : pos + len(job.slots)]))
            pos += len(job.slots)
            target = job.place()
            fill_translation(target, job.source, rules, pieces)
            _mark_untranslated(target)
        return write_xml(fresh, data)

    return ParsedFile(name, NAME, segments, write, encoding=(root.getroottree().docinfo.encoding or "UTF-8").lower(),
                      warnings=warnings)


def _mark_untranslated(target: etree._Element) -> None:
    """A target the model left empty is not "translated": 1.2 ``state="needs-translation"`` on the
    target, 2.0 ``state="initial"`` on its segment, so that a CAT tool puts it in the to-do list."""
    if "".join(target.itertext()).strip():
        return
    if target.tag == _q(NS12, "target"):
        target.set("state", "needs-translation")
    else:
        target.getparent().set("state", "initial")


def write_bilingual(units: list[tuple[str, str, str]], name: str, src_lang: str = "ar", tgt_lang: str = "en",
                    version: str = "1.2") -> bytes:
    """A new XLIFF document from ``(location, source, target)`` triples, one unit each.

    1.2: one ``<file original=name datatype="plaintext">``, trans-units ``1..N``
    with ``resname`` and a ``<note>`` carrying the location, targets in state
    ``translated``. 2.0: one ``<file>``, units ``1..N`` named by location.
    """
    if version == "1.2":
        root = etree.Element(_q(NS12, "xliff"), nsmap={None: NS12}, version="1.2")
        file_el = etree.SubElement(root, _q(NS12, "file"), {"original": name, "source-language": src_lang,
                                                            "target-language": tgt_lang, "datatype": "plaintext"})
        header = etree.SubElement(file_el, _q(NS12, "header"))
        etree.SubElement(header, _q(NS12, "tool"), {"tool-id": "bitext", "tool-name": "bitext"})
        body = etree.SubElement(file_el, _q(NS12, "body"))
        for i, (location, source, target) in enumerate(units, 1):
            tu = etree.SubElement(body, _q(NS12, "trans-unit"), id=str(i), resname=xml_safe(location))
            tu.set(XML_SPACE, "preserve")
            etree.SubElement(tu, _q(NS12, "source"), {XML_LANG: src_lang}).text = xml_safe(source)
            target_el = etree.SubElement(tu, _q(NS12, "target"), {XML_LANG: tgt_lang, "state": "translated"})
            target_el.text = xml_safe(target)
            _mark_untranslated(target_el)
            etree.SubElement(tu, _q(NS12, "note"), {"from": "bitext"}).text = xml_safe(location)
    elif version == "2.0":
        root = etree.Element(_q(NS20, "xliff"), nsmap={None: NS20}, version="2.0", srcLang=src_lang, trgLang=tgt_lang)
        file_el = etree.SubElement(root, _q(NS20, "file"), id="f1", original=name)
        for i, (location, source, target) in enumerate(units, 1):
            unit = etree.SubElement(file_el, _q(NS20, "unit"), id=str(i), name=xml_safe(location))
            unit.set(XML_SPACE, "preserve")
            notes = etree.SubElement(unit, _q(NS20, "notes"))
            etree.SubElement(notes, _q(NS20, "note"), category="location").text = xml_safe(location)
            seg = etree.SubElement(unit, _q(NS20, "segment"), state="translated")
            etree.SubElement(seg, _q(NS20, "source")).text = xml_safe(source)
            target_el = etree.SubElement(seg, _q(NS20, "target"))
            target_el.text = xml_safe(target)
            _mark_untranslated(target_el)
    else:
        raise FormatError(f"{name}: cannot write XLIFF version {version!r}; use 1.2 or 2.0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
