"""Word .docx: one segment per paragraph, the translation in the paragraph's dominant run.

python-docx opens and validates the package and names its parts (main
document, headers and footers of every section, footnotes, endnotes,
styles); the paragraphs themselves are read and written with lxml on each
part's original XML, so that a part with no translated paragraph is copied
byte for byte and the identity translation gives back every part unchanged.

Segments, in this order: the body (top-level paragraphs, table cells with
nested tables, content controls, text boxes), the header parts and footer
parts of every section (default, first-page and even-page, each part once),
footnotes, endnotes, comments. Locations: ``body p 12``, ``table 2 r3c1 p1``,
``table 2 r3c1 table 1 r1c2 p1`` (nested), ``body p 5 textbox 1 p1``,
``header 1 p1``, ``footer 2 table 1 r1c1 p1``, ``footnote 3 p1`` (the
footnote's id), ``endnote 1 p2``, ``comment 0 p1`` (the comment's id).

The package's sizes are checked from its zip directory before anything is
unpacked (see :mod:`bitext.formats._zip`); a Strict Open XML document is
refused with a message saying how to re-save it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from ..errors import FormatError
from ._zip import DEFAULT_MAX_UNZIPPED_MB, ENV_MAX_UNZIPPED, check_sizes, parse_part, rewrite_package
from .base import ParsedFile, Segment

NAME = "docx"
EXTENSIONS = (".docx",)
DESCRIPTION = "Word documents (.docx): body, tables, headers/footers, footnotes/endnotes, comments, text boxes"
KEEPS = (
    "every part of the package: a part with no translated paragraph is copied byte for byte, "
    "and a paragraph whose translation equals its text is not touched. One segment per paragraph "
    "(its full text, hyperlinks included): the translation goes into the paragraph's dominant run "
    "(the run with the most characters keeps its formatting), the other text runs are emptied, and "
    "non-text runs (images, field codes, tabs, breaks, bookmarks) stay where they were. "
    "Translated paragraphs become left-to-right: w:bidi off, w:rtl removed from the runs, "
    "alignment kept as start/end (Word reads w:jc left/right of a w:bidi paragraph as start/end), "
    "a paragraph without w:bidi aligned right becomes left, Arabic run language becomes "
    "en-US, complex-script bold/italic/size (bCs/iCs/szCs) are copied to the Latin ones; a table "
    "with a translated cell loses w:bidiVisual and a section with translated text loses w:bidi. "
    "Comments are translated like footnotes (their authors and anchors kept). A package that unpacks to "
    f"more than {DEFAULT_MAX_UNZIPPED_MB} MiB is refused unread (raise the limit with {ENV_MAX_UNZIPPED}); "
    "Strict Open XML .docx is refused (re-save it as a Word Document)"
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_VAL = w("pPr"), w("rPr"), w("val")
W_TXBX = w("txbxContent")
MC_AC, MC_FALLBACK, MC_CHOICE = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Fallback", f"{{{MC_NS}}}Choice"

_HIDDEN_RUN_PARENTS = {w("del"), w("moveFrom")}  # tracked deletions: not shown, not translated
_BREAKS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n"}
_BLOCK_WRAPPERS = {w("sdt"), w("customXml")}
_BLOCK_CONTENT = {w("sdtContent")}

# schema order of the children of w:pPr and w:rPr (Word refuses files with children out of order)
_PPR_ORDER = [w(t) for t in (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()]
_RPR_ORDER = [w(t) for t in (
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect "
    "bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
).split()]

_RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_HEADER, _RT_FOOTER = _RT_BASE + "header", _RT_BASE + "footer"
_RT_FOOTNOTES, _RT_ENDNOTES, _RT_STYLES = _RT_BASE + "footnotes", _RT_BASE + "endnotes", _RT_BASE + "styles"
_RT_COMMENTS = _RT_BASE + "comments"
_STRICT = b"purl.oclc.org/ooxml/"  # namespaces and relationship types of Strict Open XML (ISO 29500 strict)


# --------------------------------------------------------------------------- reading


@dataclass
class _Para:
    """A paragraph found in a part: its element, where it is, what kind, and its text."""

    part: str  # zip member name
    element: etree._Element
    location: str
    kind: str
    text: str


@dataclass
class _Package:
    """The zip members that hold text, found once by python-docx."""

    document: str
    footnotes: str | None = None
    endnotes: str | None = None
    comments: str | None = None
    styles: str | None = None
    header_footer_ids: dict[str, str] = field(default_factory=dict)  # rId -> member


def _on(el: etree._Element | None) -> bool | None:
    """The value of an on/off property element (None when absent)."""
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off")


def _nearest(el: etree._Element, tags: set[str] | str) -> etree._Element | None:
    tags = {tags} if isinstance(tags, str) else tags
    parent = el.getparent()
    while parent is not None and parent.tag not in tags:
        parent = parent.getparent()
    return parent


def _in_fallback(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _runs(p: etree._Element) -> list[etree._Element]:
    """The runs that belong to paragraph ``p`` (not to a nested text box, not deleted)."""
    out = []
    for r in p.iter(W_R):
        if _nearest(r, W_P) is not p or _in_fallback(r, p):
            continue
        if _nearest(r, _HIDDEN_RUN_PARENTS | {W_P}) is not p:
            continue
        out.append(r)
    return out


def _para_text(p: etree._Element) -> str:
    """The paragraph's text: w:t texts, with tabs and breaks between them as whitespace."""
    pieces: list[tuple[str, bool]] = []  # (text, is_text_element)
    for r in _runs(p):
        for child in r:
            if child.tag == W_T:
                if child.text:
                    pieces.append((child.text, True))
            elif child.tag in _BREAKS:
                pieces.append((_BREAKS[child.tag], False))
    while pieces and not pieces[0][1]:
        pieces.pop(0)
    while pieces and not pieces[-1][1]:
        pieces.pop()
    return "".join(t for t, _ in pieces)


def _children(container: etree._Element):
    """Block-level children, looking through content controls and custom XML."""
    for child in container:
        if child.tag in _BLOCK_WRAPPERS:
            for sub in child:
                if sub.tag in _BLOCK_CONTENT:
                    yield from _children(sub)
                elif sub.tag in (W_P, W_TBL):
                    yield sub
        else:
            yield child


def _walk(container: etree._Element, prefix: str, kind_of, out: list, part: str, top: bool = False):
    """Append every paragraph under ``container`` to ``out`` as ``(element, location, kind)``."""
    n_p = n_tbl = 0
    for child in _children(container):
        if child.tag == W_P:
            n_p += 1
            loc = f"body p {n_p}" if top else f"{prefix}p{n_p}"
            out.append(_Para(part, child, loc, kind_of(child, False), _para_text(child)))
            boxes = [b for b in child.iter(W_TXBX) if _nearest(b, W_P) is child and not _in_fallback(b, child)]
            for k, box in enumerate(boxes, 1):
                _walk(box, f"{loc} textbox {k} ", kind_of, out, part)
        elif child.tag == W_TBL:
            n_tbl += 1
            r_i = 0
            for row in _children(child):
                if row.tag != W_TR:
                    continue
                r_i += 1
                c_i = 0
                for cell in _children(row):
                    if cell.tag != W_TC:
                        continue
                    c_i += 1
                    _walk(cell, f"{prefix}table {n_tbl} r{r_i}c{c_i} ", lambda p, _c: kind_of(p, True), out, part)


class _Styles:
    """Style names and inherited paragraph/run properties from styles.xml."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        self.default_p: str | None = None
        self.doc_ppr = self.doc_rpr = None
        if root is None:
            return
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            if sid is not None:
                self.by_id[sid] = st
                if st.get(w("type")) == "paragraph" and _on_attr(st.get(w("default"))):
                    self.default_p = sid
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.doc_ppr = defaults.find(f"{w('pPrDefault')}/{W_PPR}")
            self.doc_rpr = defaults.find(f"{w('rPrDefault')}/{W_RPR}")

    def para_style(self, p: etree._Element) -> str | None:
        ppr = p.find(W_PPR)
        el = ppr.find(w("pStyle")) if ppr is not None else None
        return el.get(W_VAL) if el is not None else self.default_p

    def name(self, style_id: str | None) -> str:
        st = self.by_id.get(style_id or "")
        el = st.find(w("name")) if st is not None else None
        return el.get(W_VAL, "") if el is not None else (style_id or "")

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            st = self.by_id[style_id]
            yield st
            based = st.find(w("basedOn"))
            style_id = based.get(W_VAL) if based is not None else None

    def inherited(self, style_id: str | None, props: str, tag: str) -> etree._Element | None:
        """The nearest ``tag`` under ``props`` (pPr or rPr) in the style chain, then the doc defaults."""
        for st in self.chain(style_id):
            el = st.find(f"{w(props)}/{w(tag)}")
            if el is not None:
                return el
        default = self.doc_ppr if props == "pPr" else self.doc_rpr
        return default.find(w(tag)) if default is not None else None


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in ("0", "false", "off")


def _bad(name: str, reason: str) -> FormatError:
    reason = " ".join(str(reason).split()) or "unreadable"
    return FormatError(f"{name}: is not a valid .docx ({reason}); re-save it from Word")


def _open_package(data: bytes, name: str) -> tuple[zipfile.ZipFile, _Package]:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _bad(name, "an old binary .doc or an encrypted file, not a zip package")
    if not data.startswith(b"PK"):
        raise _bad(name, "not a zip package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as probe:
            check_sizes(probe, name)  # before python-docx unpacks anything
            if "[Content_Types].xml" not in probe.namelist():
                raise _bad(name, "a zip file but not an Office document: no [Content_Types].xml")
            if "_rels/.rels" in probe.namelist() and _STRICT in probe.read("_rels/.rels"):
                raise FormatError(f"{name}: is a Strict Open XML document, which bitext cannot read; open it in "
                                  "Word and save it as 'Word Document (*.docx)', not 'Strict Open XML Document'")
        import docx as python_docx  # the python-docx package (absolute import, not this module)

        document = python_docx.Document(io.BytesIO(data))
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = set(zf.namelist())

        def member(part) -> str:
            m = str(part.partname).lstrip("/")
            if m not in members and unquote(m) in members:
                m = unquote(m)
            if m not in members:
                raise KeyError(f"part {part.partname} missing")
            return m

        main = document.part
        pkg = _Package(member(main))
        for rid, rel in main.rels.items():
            if rel.is_external:
                continue
            if rel.reltype in (_RT_HEADER, _RT_FOOTER):
                pkg.header_footer_ids[rid] = member(rel.target_part)
            elif rel.reltype == _RT_FOOTNOTES:
                pkg.footnotes = member(rel.target_part)
            elif rel.reltype == _RT_ENDNOTES:
                pkg.endnotes = member(rel.target_part)
            elif rel.reltype == _RT_COMMENTS:
                pkg.comments = member(rel.target_part)
            elif rel.reltype == _RT_STYLES:
                pkg.styles = member(rel.target_part)
        # test every member's data now (a truncated zip fails here, not in the writer)
        bad = zf.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"member {bad} is corrupt")
    except FormatError:
        raise
    except zipfile.BadZipFile as exc:
        raise _bad(name, f"damaged zip: {exc}") from None
    except KeyError as exc:
        raise _bad(name, f"missing {exc.args[0] if exc.args else 'part'}") from None
    except ValueError as exc:  # python-docx: "file '<_io.BytesIO ...>' is not a Word file, content type is ..."
        reason = re.sub(r"^file '<[^>]*>' is ", "", str(exc))
        raise _bad(name, reason.replace("not a Word file", "a zip package but not a Word document")) from None
    except Exception as exc:  # python-docx: PackageNotFoundError, XML errors, ...
        raise _bad(name, f"{type(exc).__name__}: {exc}") from None
    return zf, pkg


def _xml(zf: zipfile.ZipFile, member: str, name: str) -> etree._Element:
    try:
        return parse_part(zf.read(member))
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
        raise _bad(name, f"{member}: {exc}") from None


def _collect(zf: zipfile.ZipFile, pkg: _Package, name: str) -> tuple[dict[str, etree._Element], list[_Para], _Styles]:
    """Parse the text parts afresh; every paragraph in segment order."""
    roots: dict[str, etree._Element] = {}
    styles = _Styles(_xml(zf, pkg.styles, name) if pkg.styles else None)
    paras: list[_Para] = []

    def body_kind(p, in_table):
        if in_table:
            return "cell"
        style = styles.name(styles.para_style(p)).lower()
        return "heading" if style.startswith("heading") or style in ("title", "subtitle") else "paragraph"

    doc_root = roots[pkg.document] = _xml(zf, pkg.document, name)
    body = doc_root.find(w("body"))
    if body is None:
        raise _bad(name, "no w:body in the main document")
    _walk(body, "", body_kind, paras, pkg.document, top=True)

    # header/footer parts in the order the sections refer to them
    headers: list[str] = []
    footers: list[str] = []
    for sect in body.iter(w("sectPr")):
        for ref in sect:
            rid = ref.get(f"{{{R_NS}}}id")
            target = pkg.header_footer_ids.get(rid or "")
            if target is None:
                continue
            bucket = headers if ref.tag == w("headerReference") else footers if ref.tag == w("footerReference") else None
            if bucket is not None and target not in bucket:
                bucket.append(target)
    for label, bucket in (("header", headers), ("footer", footers)):
        for i, m in enumerate(bucket, 1):
            root = roots[m] = _xml(zf, m, name)
            _walk(root, f"{label} {i} ", lambda p, _t, kind=label: kind, paras, m)

    for label, m, tag in (("footnote", pkg.footnotes, "footnote"), ("endnote", pkg.endnotes, "endnote")):
        if not m:
            continue
        root = roots[m] = _xml(zf, m, name)
        for note in root.iter(w(tag)):
            if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            _walk(note, f"{label} {note.get(w('id'), '?')} ", lambda p, _t, kind=label: kind, paras, m)
    if pkg.comments:
        root = roots[pkg.comments] = _xml(zf, pkg.comments, name)
        for comment in root.iter(w("comment")):
            _walk(comment, f"comment {comment.get(w('id'), '?')} ", lambda p, _t: "comment", paras, pkg.comments)
    return roots, paras, styles


def parse(data: bytes, name: str, **options) -> ParsedFile:
    zf, pkg = _open_package(data, name)
    _, paras, _ = _collect(zf, pkg, name)
    chosen = [p for p in paras if p.text.strip()]
    segments = [Segment(p.text, p.location, p.kind) for p in chosen]

    def write(translations: list[str]) -> bytes:
        roots, fresh, styles = _collect(zf, pkg, name)
        fresh_chosen = [p for p in fresh if p.text.strip()]
        changed_parts: set[str] = set()
        done: dict[etree._Element, tuple[str, str]] = {}
        touched_tables: set[etree._Element] = set()
        for para, text in zip(fresh_chosen, translations):
            if text == para.text:
                continue
            _write_paragraph(para.element, text, styles)
            done[para.element] = (para.text, text)
            changed_parts.add(para.part)
            for tbl in para.element.iterancestors(W_TBL):
                touched_tables.add(tbl)
        if not changed_parts:
            return data  # nothing translated differently: the file as it was
        for part in changed_parts:
            _mirror_fallbacks(roots[part], done, styles)
        for tbl in touched_tables:
            tblpr = tbl.find(w("tblPr"))
            if tblpr is not None:
                for el in tblpr.findall(w("bidiVisual")):
                    tblpr.remove(el)
        if pkg.document in changed_parts:
            for sect in roots[pkg.document].iter(w("sectPr")):
                for el in sect.findall(w("bidi")):
                    sect.remove(el)
        return rewrite_package(zf, roots, changed_parts)

    return ParsedFile(name, NAME, segments, write)


# --------------------------------------------------------------------------- writing


def _set_child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The child ``tag`` of ``parent``, created at its schema position when absent."""
    el = parent.find(tag)
    if el is not None:
        return el
    el = etree.Element(tag)
    rank = order.index(tag) if tag in order else len(order)
    for i, child in enumerate(parent):
        if child.tag in order and order.index(child.tag) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _ensure_props(parent: etree._Element, tag: str) -> etree._Element:
    props = parent.find(tag)
    if props is None:
        props = etree.Element(tag)
        parent.insert(0, props)
    return props


def _write_paragraph(p: etree._Element, text: str, styles: _Styles) -> None:
    runs = _runs(p)
    sizes = [sum(len(t.text or "") for t in r.findall(W_T)) for r in runs]
    if not runs or max(sizes) == 0:
        dominant = etree.SubElement(p, W_R)  # a paragraph with no text run: give it one
        etree.SubElement(dominant, W_T)
        runs.append(dominant)
        sizes.append(0)
    else:
        dominant = runs[sizes.index(max(sizes))]
    placed = False
    for r in runs:
        for t in r.findall(W_T):
            if r is dominant and not placed:
                t.text = text
                placed = True
            else:
                t.text = ""
            if t.text != t.text.strip() or "  " in (t.text or ""):
                t.set(f"{{{XML_NS}}}space", "preserve")
    _to_ltr(p, runs, dominant, styles)


def _to_ltr(p: etree._Element, runs: list[etree._Element], dominant: etree._Element, styles: _Styles) -> None:
    style_id = styles.para_style(p)
    ppr = p.find(W_PPR)
    direct_bidi = _on(ppr.find(w("bidi"))) if ppr is not None else None
    style_bidi = bool(_on(styles.inherited(style_id, "pPr", "bidi")))
    was_rtl = bool(direct_bidi) if direct_bidi is not None else style_bidi
    style_rtl = bool(_on(styles.inherited(style_id, "rPr", "rtl")))
    if was_rtl:
        ppr = _ensure_props(p, W_PPR)
        for el in ppr.findall(w("bidi")):
            ppr.remove(el)
        if style_bidi:
            _set_child(ppr, w("bidi"), _PPR_ORDER).set(W_VAL, "0")
        elif len(ppr) == 0 and not ppr.attrib:
            p.remove(ppr)
    if not was_rtl:
        # Word reads left/right in a w:bidi paragraph as start/end, so a right-to-left paragraph keeps
        # its w:jc (start stays start); a left-to-right paragraph of Arabic aligned right is made left
        ppr_now = p.find(W_PPR)
        jc = ppr_now.find(w("jc")) if ppr_now is not None else None
        if jc is not None and jc.get(W_VAL) == "right":
            jc.set(W_VAL, "left")
        elif jc is None:
            inherited = styles.inherited(style_id, "pPr", "jc")
            if inherited is not None and inherited.get(W_VAL) == "right":
                _set_child(_ensure_props(p, W_PPR), w("jc"), _PPR_ORDER).set(W_VAL, "left")
    style_lang = styles.inherited(style_id, "rPr", "lang")
    style_arabic = style_lang is not None and (style_lang.get(W_VAL) or "").lower().startswith("ar")
    ppr_now = p.find(W_PPR)
    mark = ppr_now.find(W_RPR) if ppr_now is not None else None
    for r in runs + ([mark] if mark is not None else []):
        is_mark = r is mark
        rpr = r if is_mark else r.find(W_RPR)
        if rpr is None:
            if r is dominant and (style_rtl or style_arabic):
                rpr = _ensure_props(r, W_RPR)
            else:
                continue
        for el in rpr.findall(w("rtl")):
            rpr.remove(el)
        if style_rtl and (r is dominant or is_mark):
            _set_child(rpr, w("rtl"), _RPR_ORDER).set(W_VAL, "0")
        lang = rpr.find(w("lang"))
        if lang is not None and ((lang.get(W_VAL) or "").lower().startswith("ar")
                                 or (lang.get(W_VAL) is None and (lang.get(w("bidi")) or "").lower().startswith("ar"))):
            lang.set(W_VAL, "en-US")
        elif lang is None and style_arabic and (r is dominant or is_mark):
            _set_child(rpr, w("lang"), _RPR_ORDER).set(W_VAL, "en-US")
        if r is dominant:  # the English text is shown with the Latin properties: copy the complex-script ones
            for cs, latin in (("bCs", "b"), ("iCs", "i"), ("szCs", "sz")):
                src = rpr.find(w(cs))
                if src is not None and rpr.find(w(latin)) is None:
                    el = _set_child(rpr, w(latin), _RPR_ORDER)
                    for k, v in src.attrib.items():
                        el.set(k, v)


def _mirror_fallbacks(root: etree._Element, done: dict, styles: _Styles) -> None:
    """Give the VML fallback copy of a translated text box the same translations."""
    for ac in root.iter(MC_AC):
        choice = ac.find(MC_CHOICE)
        fallback = ac.find(MC_FALLBACK)
        if choice is None or fallback is None:
            continue
        c_boxes = [b for b in choice.iter(W_TXBX) if _nearest(b, MC_AC) is ac]
        f_boxes = [b for b in fallback.iter(W_TXBX) if _nearest(b, MC_AC) is ac]
        if len(c_boxes) != len(f_boxes):
            continue
        for cb, fb in zip(c_boxes, f_boxes):
            c_ps, f_ps = list(cb.iter(W_P)), list(fb.iter(W_P))
            if len(c_ps) != len(f_ps):
                continue
            for cp, fp in zip(c_ps, f_ps):
                if cp in done and _para_text(fp) == done[cp][0]:
                    _write_paragraph(fp, done[cp][1], styles)

