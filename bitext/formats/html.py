"""HTML, translated in place: text nodes and the attributes people read.

The stdlib :class:`html.parser.HTMLParser` (the tolerant tokenizer that
BeautifulSoup uses) reads the file; every event's source offset is
recorded, so a translation replaces exactly the characters of the text or
attribute value it translates and every other character (tags, other
attributes, comments, doctype, scripts, styles, entities in untranslated
text, line endings) is written back as it was.

Translated: text nodes, and the attributes ``title``, ``alt``,
``placeholder``, ``aria-label``, ``aria-description``, ``label``,
``value`` of ``<input type=submit|button|reset>`` and ``content`` of
``<meta name|property=description|og:title|og:description|...>``.
Kept: ``<script>``, ``<style>``, ``<code>``, ``<pre>``, ``<kbd>``,
``<samp>``, ``<var>``, ``<textarea>``, ``<svg>``, ``<math>``,
``<template>`` and every element with ``translate="no"`` or class
``notranslate`` (with all they contain).

Inline markup: the text on each side of an inline element (``<b>``,
``<a>``, ``<span>``...) and the text inside it are separate segments in
reading order; a segment's text is the text a reader sees (entities
decoded), its location an XPath such as ``/html/body/p[2]/text()[1]`` or
``/html/body/img[1]/@alt``.

Translated output: when at least one translation differs from its
segment's text, ``lang="ar"`` / ``lang="ar-XX"`` (also ``xml:lang``)
becomes ``lang="en"`` and ``dir="rtl"`` becomes ``dir="ltr"`` on every
element (and ``<meta http-equiv=content-language content=ar>`` says en).
The identity translation leaves them as they were, so that it gives back
the input byte for byte. Output is UTF-8: a file read in
another encoding has its ``<meta charset>`` declaration changed to utf-8.

Malformed HTML (unclosed or stray tags) is translated best effort; what
was repaired or ignored is listed in ``ParsedFile.warnings``.
"""

from __future__ import annotations

import bisect
import html as _html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..document import decode_bytes
from ..errors import BitextError, FormatError
from .base import ParsedFile, Segment, verbatim_span

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")
DESCRIPTION = "HTML pages: text and readable attributes translated, markup kept byte for byte"
KEEPS = (
    "tags, other attributes, comments, doctype, <script>, <style>, <code>, <pre> and translate=\"no\" "
    "elements untouched; title/alt/placeholder/aria-label attributes translated; lang=\"ar\"/dir=\"rtl\" "
    "become en/ltr in translated output; inline markup: the text on each side of an inline element "
    "(<b>, <a>, <span>...) and inside it are separate segments in reading order"
)

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "command",
}
SKIP = {"script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "svg", "math", "template"}
# elements whose end tag may be left out (HTML's optional end tags): no warning when implied
OPTIONAL_END = {
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
}
CLOSES_P = {
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
}
# start tag -> open elements it closes implicitly, and the elements that stop the search
IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}, {"table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"optgroup", "option"}, {"select"}),
    "rt": ({"rt", "rp", "rb"}, {"ruby"}),
    "rp": ({"rt", "rp", "rb"}, {"ruby"}),
    "body": ({"head"}, set()),
}
# inline elements: Arabic joins "and", "by", "to" to the next word ("و<a>رابط</a>"); a translation
# that ends (starts) with a letter right before (after) one of these gets a space there
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var",
}
READABLE_ATTRS = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-placeholder", "aria-roledescription", "label"}
META_NAMES = {"description", "og:title", "og:description", "og:site_name", "twitter:title", "twitter:description", "abstract", "subject"}
KINDS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "td": "cell", "th": "cell", "li": "list_item", "title": "title",
    "p": "paragraph", "caption": "caption", "figcaption": "caption", "button": "field",
    "label": "field", "option": "field", "legend": "field", "dt": "term", "dd": "definition",
    "blockquote": "quote",
}

_ATTR = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_TAGNAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_AR_LANG = re.compile(r"\s*ar(?:[-_][A-Za-z0-9]+)*\s*$", re.IGNORECASE)
_ENTITYREF = re.compile(r"&[a-zA-Z][-.a-zA-Z0-9]*;?")
_CHARREF = re.compile(r"&#(?:[xX][0-9a-fA-F]+|[0-9]+);?")
_CHARSET = re.compile(r"(charset\s*=\s*)([\w.:-]+)", re.IGNORECASE)


@dataclass
class _Element:
    tag: str
    path: str
    skip: bool
    line: int
    children: dict[str, int] = field(default_factory=dict)
    texts: int = 0


@dataclass
class _Piece:
    start: int
    end: int
    text: str
    kind: str
    location: str
    quote: str | None = None  # attribute values: the quote around the value ("" = unquoted); None for text
    space_before: bool = False  # text right after an inline element's end tag
    space_after: bool = False  # text right before an inline element's start tag


@dataclass
class _Edit:
    start: int
    end: int
    value: str


def _attributes(tag_text: str) -> list[tuple[str, str | None, int, int, str]]:
    """(name, value, value start, value end, quote) for each attribute of a raw start tag."""
    out = []
    m = _TAGNAME.match(tag_text, 1)
    if not m:
        return out
    k = m.end()
    end = len(tag_text)
    while k < end:
        a = _ATTR.match(tag_text, k)
        if not a or a.end() == k:
            break
        name, rest, value = a.group(1, 2, 3)
        if not rest:
            out.append((name.lower(), None, a.end(1), a.end(1), ""))
        else:
            vs, ve = a.span(3)
            quote = ""
            if value[:1] in ("'", '"') and value[:1] == value[-1:] and len(value) >= 2:
                quote = value[0]
                vs, ve = vs + 1, ve - 1
            out.append((name.lower(), tag_text[vs:ve], vs, ve, quote))
        k = a.end()
    return out


class _Reader(HTMLParser):
    def __init__(self, text: str, name: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.name = name
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = _Element("#document", "", False, 0)
        self.stack: list[_Element] = [self.root]
        self.pieces: list[_Piece] = []
        self.switches: list[_Edit] = []  # lang/dir switched in translated output
        self.charsets: list[tuple[int, int]] = []
        self.warnings: list[str] = []
        self.run: list[tuple[int, int, str]] = []  # text and references of the current text node
        self.after_inline = False  # the last event was the end tag of an inline element
        self.run_after_inline = False

    # ---- positions

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)

    # ---- the open elements

    def push(self, tag: str, attrs: list, pos: int) -> _Element:
        parent = self.stack[-1]
        n = parent.children.get(tag, 0) + 1
        parent.children[tag] = n
        step = tag if tag in ("html", "head", "body") and n == 1 else f"{tag}[{n}]"
        values = {a[0]: a[1] for a in attrs}
        skip = (
            parent.skip
            or tag in SKIP
            or (values.get("translate") or "").strip().lower() == "no"
            or "notranslate" in (values.get("class") or "").split()
        )
        el = _Element(tag, f"{parent.path}/{step}", skip, self._line_of(pos))
        self.stack.append(el)
        return el

    def pop_to(self, index: int, why: str) -> None:
        for el in self.stack[index + 1 :][::-1]:
            if el.tag not in OPTIONAL_END:
                self.warnings.append(f"{self.name}: line {el.line}: <{el.tag}> not closed {why}; closed there")
        del self.stack[index:]

    def find_open(self, tags: set[str], stops: set[str]) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in stops:
                return -1
        return -1

    # ---- text nodes

    def flush(self, before_inline: bool = False) -> None:
        run, self.run = self.run, []
        self.after_inline = False
        if not run:
            return
        parent = self.stack[-1]
        parent.texts += 1
        if parent.skip:
            return
        display = "".join(r[2] for r in run)
        body = display.strip()
        if not any(ch.isalnum() for ch in body):  # whitespace or punctuation between elements
            return
        start, end = run[0][0], run[-1][1]
        raw = self.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        kind = "paragraph"  # the innermost block element's kind; inline elements have none
        for el in reversed(self.stack):
            if el.tag in KINDS:
                kind = KINDS[el.tag]
                break
        piece = _Piece(start, end, body, kind, f"{parent.path or ''}/text()[{parent.texts}]")
        piece.space_before = self.run_after_inline and start == run[0][0]
        piece.space_after = before_inline and end == run[-1][1]
        self.pieces.append(piece)

    def handle_data(self, data: str) -> None:
        start = self._here()
        if self.cdata_elem:  # script / style content
            self.flush()
            return
        self._add(start, start + len(data), data)

    def _add(self, start: int, end: int, shown: str) -> None:
        if not self.run:
            self.run_after_inline = self.after_inline
        self.run.append((start, end, shown))

    def _reference(self, raw: re.Pattern) -> None:
        start = self._here()
        m = raw.match(self.text, start)
        end = m.end() if m else start + 1
        self._add(start, end, _html.unescape(self.text[start:end]))

    def handle_entityref(self, name: str) -> None:
        self._reference(_ENTITYREF)

    def handle_charref(self, name: str) -> None:
        self._reference(_CHARREF)

    # ---- markup

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.start_tag(tag, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.start_tag(tag, void=True)

    def start_tag(self, tag: str, void: bool) -> None:
        self.flush(before_inline=tag in INLINE)
        pos = self._here()
        raw = self.get_starttag_text() or ""
        attrs = _attributes(raw)
        # implied end tags
        if tag in CLOSES_P:
            i = self.find_open({"p"}, {"button", "table", "td", "th", "caption", "template", "object"})
            if i > 0:
                self.pop_to(i, f"before <{tag}>")
        if tag in IMPLIED:
            tags, stops = IMPLIED[tag]
            i = self.find_open(tags, stops)
            if i > 0:
                self.pop_to(i, f"before <{tag}>")
        el = self.push(tag, attrs, pos)
        self.attributes(el, tag, attrs, pos)
        if void:
            self.stack.pop()

    def attributes(self, el: _Element, tag: str, attrs: list, pos: int) -> None:
        values = {a[0]: (a[1] or "") for a in attrs}
        for name, value, vs, ve, quote in attrs:
            if value is None:
                continue
            content_language = tag == "meta" and name == "content" and values.get("http-equiv", "").lower() == "content-language"
            if (name in ("lang", "xml:lang") or content_language) and _AR_LANG.match(value):
                self.switches.append(_Edit(pos + vs, pos + ve, "en"))
            elif name == "dir" and value.strip().lower() == "rtl":
                self.switches.append(_Edit(pos + vs, pos + ve, "ltr"))
            if tag == "meta" and (name == "charset" or (name == "content" and values.get("http-equiv", "").lower() == "content-type")):
                m = _CHARSET.search(value) if name == "content" else re.match(r"\s*([\w.:-]+)", value)
                if m:
                    g = m.lastindex or 0
                    self.charsets.append((pos + vs + m.start(g), pos + vs + m.end(g)))
            readable = (
                name in READABLE_ATTRS
                or (tag == "meta" and name == "content" and (values.get("name") or values.get("property") or "").lower() in META_NAMES)
                or (tag == "input" and name == "value" and values.get("type", "").lower() in ("submit", "button", "reset"))
            )
            if not readable or el.skip:
                continue
            shown = _html.unescape(value)
            body = shown.strip()
            if not any(ch.isalnum() for ch in body):
                continue
            lead = len(value) - len(value.lstrip())
            trail = len(value) - len(value.rstrip())
            self.pieces.append(_Piece(pos + vs + lead, pos + ve - trail, body, "attribute", f"{el.path}/@{name}", quote))

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        self.after_inline = tag in INLINE
        if tag in VOID:
            return
        i = self.find_open({tag}, set())
        if i <= 0:
            if tag not in ("html", "body", "head", "p", "br"):
                self.warnings.append(f"{self.name}: line {self._line_of(self._here())}: stray </{tag}> ignored")
            return
        self.pop_to(i, f"before </{tag}>")

    def handle_comment(self, data: str) -> None:
        self.flush()

    def handle_decl(self, decl: str) -> None:
        self.flush()

    def handle_pi(self, data: str) -> None:
        self.flush()

    def unknown_decl(self, data: str) -> None:
        self.flush()

    def finish(self) -> None:
        self.close()
        self.flush()
        for el in self.stack[1:]:
            if el.tag not in OPTIONAL_END:
                self.warnings.append(f"{self.name}: line {el.line}: <{el.tag}> not closed at the end of the file")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # not UTF-8: trust the page's own charset declaration when it decodes cleanly
        m = re.search(rb"<meta[^>]*charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", data[:4096], re.IGNORECASE)
        if m and b"\x00" not in data[:4096]:
            enc = m.group(1).decode("ascii").lower()
            try:
                text = data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if enc.replace("-", "").replace("_", "") not in ("utf8",):
                    try:
                        decode_bytes(text.encode("utf-8"), name)  # the binary / control character checks
                    except BitextError as exc:
                        raise FormatError(str(exc)) from None
                    return text, enc
    try:
        return decode_bytes(data, name)
    except BitextError as exc:
        raise FormatError(str(exc)) from None


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(text: str, quote: str | None) -> str:
    out = text.replace("&", "&amp;")
    if quote == "'":
        return out.replace("'", "&#39;")
    out = out.replace('"', "&quot;")
    return out if quote == '"' else f'"{out}"'


def parse(data: bytes, name: str, **options) -> ParsedFile:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise FormatError(f"{name}: is empty; nothing to translate")
    reader = _Reader(text, name)
    try:
        reader.feed(text)
        reader.finish()
    except Exception as exc:  # HTMLParser is tolerant; this is a safety net
        raise FormatError(f"{name}: cannot be read as HTML ({type(exc).__name__}: {exc})") from None
    if not re.search(r"<[A-Za-z!/?]", text):
        reader.warnings.append(f"{name}: no HTML tags found; translated as plain text")
    pieces = sorted(reader.pieces, key=lambda p: p.start)
    segments = [Segment(p.text, p.location, p.kind, span=verbatim_span(text, p.start, p.end, p.text)) for p in pieces]
    bom = "\ufeff" if encoding == "utf-8-sig" else ""
    recode = encoding.replace("-", "").replace("_", "").lower() not in ("utf8", "utf8sig", "ascii")

    def write(translations: list[str]) -> bytes:
        changed = any(t != s.text for t, s in zip(translations, segments))
        edits: list[_Edit] = []
        for p, seg, tr in zip(pieces, segments, translations):
            if tr != seg.text:
                if p.quote is None:
                    value = _escape_text(tr)
                    if p.space_before and value[:1].isalnum():
                        value = " " + value
                    if p.space_after and value[-1:].isalnum():
                        value += " "
                else:
                    value = _escape_attr(tr, p.quote)
                edits.append(_Edit(p.start, p.end, value))  # an unquoted value gets quotes around it
        if changed:
            edits.extend(reader.switches)
        if recode:
            edits.extend(_Edit(a, b, "utf-8") for a, b in reader.charsets)
        edits.sort(key=lambda e: e.start)
        out = [bom]
        pos = 0
        for e in edits:
            if e.start < pos:  # overlapping edits cannot happen; keep the first
                continue
            out.append(text[pos : e.start])
            out.append(e.value)
            pos = e.end
        out.append(text[pos:])
        return "".join(out).encode("utf-8")

    return ParsedFile(name, NAME, segments, write, encoding=encoding, warnings=reader.warnings)
