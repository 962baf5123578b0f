"""XML helpers shared by the XLIFF and TMX formats: safe reading and writing with lxml,
and the inline-code rule (text slots between and inside inline elements)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from lxml import etree

from ..errors import FormatError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"

# characters XML 1.0 cannot carry (lxml refuses them)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DECL = re.compile(rb"\A(\xef\xbb\xbf)?<\?xml[^>]*\?>")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _XML_BAD.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def read_xml(data: bytes, name: str, what: str) -> etree._Element:
    """The root element of ``data``; :class:`FormatError` (one line) if it is not well-formed XML.

    Entities are not expanded, no DTD or network is read.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_blank_text=False, strip_cdata=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{name}: not well-formed {what} (XML error: {_one_line(exc.msg or exc)})") from None
    except ValueError as exc:  # e.g. an unsupported encoding declaration
        raise FormatError(f"{name}: not readable as {what} ({_one_line(exc)})") from None
    if root is None:
        raise FormatError(f"{name}: not well-formed {what} (no root element)")
    return root


def write_xml(root: etree._Element, data: bytes) -> bytes:
    """Serialise ``root``'s document like the input ``data``: its XML declaration (verbatim) and final newline."""
    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "UTF-8"
    decl = _DECL.match(data)
    ascii_like = encoding.upper().replace("_", "-") not in ("UTF-16", "UTF-32", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")
    if decl and ascii_like:
        body = etree.tostring(tree, encoding=encoding, xml_declaration=False)
        out = decl.group(0) + b"\n" + body
    elif ascii_like:
        out = etree.tostring(tree, encoding=encoding, xml_declaration=False)
        if data.startswith(b"\xef\xbb\xbf"):
            out = b"\xef\xbb\xbf" + out
    else:
        out = etree.tostring(tree, encoding=encoding, xml_declaration=bool(decl) or not ascii_like)
    if data.endswith(b"\n") and not out.endswith(b"\n"):
        out += b"\n"
    return out


@dataclass(frozen=True)
class InlineRules:
    """How a format's inline elements are read (tags in Clark notation ``{ns}local``)."""

    paired: frozenset[str]  # content is text to translate: <g>, <mrk>, <pc>, <hi>
    codes: frozenset[str] = frozenset()  # native code whose <sub> holds text to translate: <ph>, <bpt>, ...
    sub: str | None = None
    protected: Callable[[etree._Element], bool] = lambda el: False  # a paired element kept as it is
    label: Callable[[etree._Element], str | None] = lambda el: None  # a paired element that starts a sub-location


Slot = tuple[etree._Element, str, str]  # (node, "text" or "tail", location suffix)


def text_slots(container: etree._Element, rules: InlineRules, label: str = "") -> list[Slot]:
    """The text pieces of ``container``'s mixed content in reading order.

    The inline rule: ``container.text``, the tail after every child, and the
    same recursively inside paired elements (and inside the ``<sub>`` of a
    native code) are the pieces; everything else (code elements, their
    content, comments) is structure kept as it is. Two containers with the
    same structure give slots in the same order, which is how a target copy
    is filled.
    """
    slots: list[Slot] = []

    def subs(code: etree._Element) -> Iterable[etree._Element]:
        for child in code:
            if not isinstance(child.tag, str):
                continue
            if child.tag == rules.sub:
                yield child
            else:
                yield from subs(child)

    def walk(el: etree._Element, where: str) -> None:
        slots.append((el, "text", where))
        for child in el:
            if isinstance(child.tag, str):
                if child.tag in rules.paired and not rules.protected(child):
                    walk(child, rules.label(child) or where)
                elif child.tag in rules.codes and rules.sub:
                    for sub in subs(child):
                        walk(sub, where)
            slots.append((child, "tail", where))

    walk(container, label)
    return slots


def slot_text(slot: Slot) -> str:
    return getattr(slot[0], slot[1]) or ""


def slot_body(slots: list[Slot]) -> str:
    """The translatable text of a container, pieces joined."""
    return "".join(slot_text(s) for s in slots)


def fill_copy(target: etree._Element, source: etree._Element) -> None:
    """Replace ``target``'s content with a copy of ``source``'s (text, children, tails); attributes stay."""
    for child in list(target):
        target.remove(child)
    target.text = source.text
    for child in source:
        target.append(copy.deepcopy(child))


def fill_translation(target: etree._Element, source: etree._Element, rules: InlineRules,
                     pieces: dict[int, str]) -> None:
    """``target`` becomes ``source``'s inline structure with slot ``i``'s text replaced by ``pieces[i]``."""
    fill_copy(target, source)
    slots = text_slots(target, rules)
    for i, text in pieces.items():
        node, attr, _ = slots[i]
        setattr(node, attr, xml_safe(text))


def insert_after(anchor: etree._Element, tag: str, parent: etree._Element) -> etree._Element:
    """A new ``tag`` element right after ``anchor`` (a child of ``parent``), indented like it."""
    new = etree.SubElement(parent, tag)  # created in the document: namespaces declared once, above
    before = anchor.getprevious()
    indent = before.tail if before is not None else parent.text
    after = anchor.tail
    anchor.addnext(new)
    if indent and not indent.strip() and after is not None and not after.strip():
        anchor.tail, new.tail = indent, after  # the new element on its own line, at the anchor's indentation
    else:
        new.tail = after
        anchor.tail = None
    return new


def lang_primary(tag: str | None) -> str:
    return re.split(r"[-_]", (tag or "").strip().lower(), maxsplit=1)[0]


# --- XLIFF -------------------------------------------------------------------------------------
