"""PowerPoint .pptx: slide text, tables and speaker notes, one segment per paragraph.

python-pptx opens and validates the package and names the slide and notes
parts in presentation order; each part's paragraphs (DrawingML ``a:p``) are
read and written with lxml on the part's original XML, so a part with no
translated paragraph is copied byte for byte and positions, sizes, pictures,
charts, masters and layouts are never touched.

Segments, in this order per slide: every text body of the slide (shapes,
group shapes, placeholders, table cells) in document order, then the
slide's notes. Locations: ``slide 2 text 3 p1`` (the slide's third text
body), ``slide 2 table 1 r2c3 p1``, ``slide 2 notes p1``.

A translated paragraph's text goes into its dominant run (the run with most
characters keeps its formatting), the other runs are emptied; line breaks
and fields other than the dominant run stay. Right-to-left paragraphs
(``rtl="1"``) become left-to-right with right alignment mirrored to left,
Arabic run languages become ``en-US``, and a table with a translated cell
loses ``rtl="1"``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import FormatError
from ._zip import DEFAULT_MAX_UNZIPPED_MB, ENV_MAX_UNZIPPED, check_sizes, parse_part, rewrite_package
from .base import ParsedFile, Segment

NAME = "pptx"
EXTENSIONS = (".pptx",)
DESCRIPTION = "PowerPoint presentations (.pptx): slide text, tables, speaker notes"
KEEPS = (
    "every part of the package: a part with no translated paragraph is copied byte for byte (masters, "
    "layouts, media, charts, positions and sizes are never touched; text in charts, SmartArt and "
    "masters is kept as it is). One segment per paragraph: the "
    "translation goes into the paragraph's dominant run (its formatting kept), the other text runs are "
    "emptied, line breaks and fields stay. Right-to-left paragraphs become left-to-right (rtl=\"0\", right "
    "alignment becomes left), Arabic run languages en-US, a table with a translated cell loses rtl. "
    f"A package that unpacks to more than {DEFAULT_MAX_UNZIPPED_MB} MiB is refused unread "
    f"(raise the limit with {ENV_MAX_UNZIPPED})"
)

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def a(tag: str) -> str:
    return f"{{{A_NS}}}{tag}"


A_P, A_R, A_T, A_BR, A_FLD, A_PPR, A_RPR = a("p"), a("r"), a("t"), a("br"), a("fld"), a("pPr"), a("rPr")
A_TBL, A_TR, A_TC, A_TXBODY = a("tbl"), a("tr"), a("tc"), a("txBody")
P_TXBODY = "{http://schemas.openxmlformats.org/presentationml/2006/main}txBody"


@dataclass
class _Para:
    part: str
    element: etree._Element
    location: str
    kind: str
    text: str


def _bad(name: str, reason: str) -> FormatError:
    reason = " ".join(str(reason).split()) or "unreadable"
    return FormatError(f"{name}: is not a valid .pptx ({reason}); re-save it from PowerPoint")


def _para_text(p: etree._Element) -> str:
    pieces = []
    for child in p:
        if child.tag in (A_R, A_FLD):
            t = child.find(A_T)
            if t is not None and t.text:
                pieces.append(t.text)
        elif child.tag == A_BR:
            pieces.append("\n")
    return "".join(pieces).strip("\n")


def _open(data: bytes, name: str) -> tuple[zipfile.ZipFile, list[tuple[int, str, str | None]]]:
    """The package and, per slide in order, (number, slide member, notes member or None)."""
    if not data.startswith(b"PK"):
        raise _bad(name, "not a zip package; an old binary .ppt must be re-saved as .pptx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        check_sizes(zf, name)
        if "[Content_Types].xml" not in zf.namelist():
            raise _bad(name, "a zip file but not an Office document: no [Content_Types].xml")
        if "_rels/.rels" in zf.namelist() and b"purl.oclc.org/ooxml/" in zf.read("_rels/.rels"):
            raise FormatError(f"{name}: is a Strict Open XML presentation, which bitext cannot read; save it in "
                              "PowerPoint as 'PowerPoint Presentation (*.pptx)'")
        import pptx as python_pptx  # the python-pptx package

        prs = python_pptx.Presentation(io.BytesIO(data))
        members = set(zf.namelist())
        slides = []
        for n, slide in enumerate(prs.slides, 1):
            member = str(slide.part.partname).lstrip("/")
            notes = str(slide.notes_slide.part.partname).lstrip("/") if slide.has_notes_slide else None
            if member not in members or (notes is not None and notes not in members):
                raise KeyError(f"part of slide {n}")
            slides.append((n, member, notes))
        bad = zf.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"member {bad} is corrupt")
    except FormatError:
        raise
    except zipfile.BadZipFile as exc:
        raise _bad(name, f"damaged zip: {exc}") from None
    except KeyError as exc:
        raise _bad(name, f"missing {exc.args[0] if exc.args else 'part'}") from None
    except Exception as exc:  # python-pptx: PackageNotFoundError, a content type that is not a presentation, XML errors
        raise _bad(name, f"{type(exc).__name__}: {exc}") from None
    return zf, slides


def _collect(zf: zipfile.ZipFile, slides, name: str) -> tuple[dict[str, etree._Element], list[_Para]]:
    roots: dict[str, etree._Element] = {}
    paras: list[_Para] = []

    def part(member: str) -> etree._Element:
        try:
            roots[member] = parse_part(zf.read(member))
        except etree.XMLSyntaxError as exc:
            raise _bad(name, f"{member}: {exc}") from None
        return roots[member]

    for n, slide, notes in slides:
        root = part(slide)
        n_text = n_tbl = 0
        for el in root.iter(P_TXBODY, A_TBL):
            if el.tag == A_TBL:
                n_tbl += 1
                for r, tr in enumerate(el.iter(A_TR), 1):
                    for c, tc in enumerate(tr.findall(A_TC), 1):
                        body = tc.find(A_TXBODY)
                        if body is None:
                            continue
                        for k, p in enumerate(body.findall(A_P), 1):
                            paras.append(_Para(slide, p, f"slide {n} table {n_tbl} r{r}c{c} p{k}", "cell", _para_text(p)))
            else:
                n_text += 1
                for k, p in enumerate(el.findall(A_P), 1):
                    paras.append(_Para(slide, p, f"slide {n} text {n_text} p{k}", "paragraph", _para_text(p)))
        if notes:
            nroot = part(notes)
            k = 0
            for body in nroot.iter(P_TXBODY):
                for p in body.findall(A_P):
                    k += 1
                    paras.append(_Para(notes, p, f"slide {n} notes p{k}", "note", _para_text(p)))
    return roots, paras


def _write_paragraph(p: etree._Element, text: str) -> None:
    runs = [child for child in p if child.tag == A_R and child.find(A_T) is not None]
    if not runs:
        r = etree.Element(A_R)
        etree.SubElement(r, A_T)
        end = p.find(a("endParaRPr"))
        if end is not None:
            end.addprevious(r)
        else:
            p.append(r)
        runs = [r]
    sizes = [len(r.find(A_T).text or "") for r in runs]
    dominant = runs[sizes.index(max(sizes))]
    for r in runs:
        r.find(A_T).text = text if r is dominant else ""
    for child in list(p):  # fields are text too: an Arabic field's text went into the translation
        if child.tag == A_FLD and child.find(A_T) is not None and child.find(A_T).text:
            child.find(A_T).text = ""
    ppr = p.find(A_PPR)
    if ppr is not None and ppr.get("rtl") in ("1", "true"):
        ppr.set("rtl", "0")
        if ppr.get("algn") == "r":
            ppr.set("algn", "l")
    for rpr in list(p.iter(A_RPR)) + list(p.iter(a("endParaRPr"))):
        for attr in ("lang", "altLang"):
            if (rpr.get(attr) or "").lower().startswith("ar"):
                rpr.set(attr, "en-US")


def parse(data: bytes, name: str, **options) -> ParsedFile:
    zf, slides = _open(data, name)
    _, paras = _collect(zf, slides, name)
    chosen = [p for p in paras if p.text.strip()]
    segments = [Segment(p.text, p.location, p.kind) for p in chosen]

    def write(translations: list[str]) -> bytes:
        roots, fresh = _collect(zf, slides, name)
        fresh_chosen = [p for p in fresh if p.text.strip()]
        changed: set[str] = set()
        for para, text in zip(fresh_chosen, translations):
            if text == para.text:
                continue
            _write_paragraph(para.element, text)
            changed.add(para.part)
            for tbl in para.element.iterancestors(A_TBL):
                tblpr = tbl.find(a("tblPr"))
                if tblpr is not None and "rtl" in tblpr.attrib:
                    del tblpr.attrib["rtl"]
        if not changed:
            return data
        return rewrite_package(zf, roots, changed)

    return ParsedFile(name, NAME, segments, write)
