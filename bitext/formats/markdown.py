"""Markdown (CommonMark + GFM tables and strikethrough), translated in place.

markdown-it-py gives the block structure (with line ranges) and the inline
tokens of every heading, paragraph and table cell. Each inline token list
is walked against the block's source text to find the raw offsets of its
pieces, so that a translation replaces exactly the characters of the text
it translates and every other character (markers, URLs, code spans and
blocks, HTML blocks and tags, reference definitions, YAML/TOML front
matter, GFM task boxes, line endings) stays as it was.

Segments: the text on each side of an inline element and the text inside
it (emphasis, strong, strikethrough, link text, image alt, the title of an
inline link or image) are separate segments, in reading order, with the
whitespace around them left in place; text with no letter or digit (a
comma between two links) is not a segment. A segment's text is what a
reader sees (escapes resolved, entities decoded, container markers such as
``>`` dropped, soft line breaks kept as ``\\n``); its location is
``line N: <block> / <inline>`` (``line 14: list item 2 / link``).

Writing: a translation equal to its segment's text writes the original
characters back, so the identity round trip is byte-equal (output is
UTF-8; a UTF-8 BOM is kept). Any other translation is written on one line
with the characters that would change the Markdown structure escaped
(``\\*``, ``\\_``, ``\\[``, ``&#96;``, ``&lt;``, a leading ``#``, ``-`` or
``1.``...). A word that Arabic joined to an inline element ("و[رابط]")
gets a space there ("and [link]"); a translated collapsed or shortcut
reference link (``[نص][]``) is written as a full one (``[text][نص]``) so
it still finds its definition.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import isStrSpace
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline

from ..document import decode_bytes
from ..errors import BitextError, FormatError
from .base import ParsedFile, Segment, verbatim_span

NAME = "markdown"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
DESCRIPTION = "Markdown (CommonMark with GFM tables), structure and markup kept"
KEEPS = (
    "markers (#, -, 1., >, |, ---), code spans and code blocks, HTML blocks and tags, URLs, reference "
    "definitions, front matter, task boxes, escapes where the text is not translated, line endings; "
    "inline markup: the text on each side of an inline element (emphasis, link, image) "
    "and inside it are separate segments in reading order"
)

_TASK = re.compile(r"\[[ xX]\][ \t]+")
_EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}


class _Misaligned(Exception):
    """The inline tokens could not be matched to the source text."""


def _parser() -> MarkdownIt:
    # text_join off: escapes and entities stay separate tokens that carry their raw form
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


@dataclass
class _Piece:
    start: int  # offsets into the original (decoded) text
    end: int
    text: str
    kind: str
    location: str
    line_start: bool  # the piece begins its line's content: block markers must be escaped
    heading: bool
    cell: bool
    space_before: bool = False  # right after an inline element (no space between)
    space_after: bool = False  # right before an inline element
    title_quote: str = ""  # a link title: its closing quote ('"', "'" or ")")


# ---------------------------------------------------------------- source mapping


class _Source:
    """The decoded text, its newline-normalised form (what markdown-it parses) and line offsets."""

    def __init__(self, text: str):
        self.text = text
        norm: list[str] = []
        to_orig: list[int] = []
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == "\r":
                norm.append("\n")
                to_orig.append(i)
                i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
                continue
            norm.append("\ufffd" if ch == "\0" else ch)
            to_orig.append(i)
            i += 1
        to_orig.append(n)
        self.norm = "".join(norm)
        self.to_orig = to_orig
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.norm)]

    def line_range(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.norm)
        return start, end

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def orig(self, pos: int) -> int:
        return self.to_orig[pos]


def _front_matter_end(norm: str) -> int:
    """Length of a leading YAML/TOML front matter block (0 if none)."""
    m = re.match(r"(---|\+\+\+)[ \t]*\n", norm)
    if not m:
        return 0
    fence = m.group(1)
    closers = ("---", "...") if fence == "---" else ("+++",)
    pos = m.end()
    while pos < len(norm):
        nl = norm.find("\n", pos)
        end = len(norm) if nl < 0 else nl
        if norm[pos:end].rstrip() in closers:
            return end
        if nl < 0:
            break
        pos = nl + 1
    return 0


def _lines_map(src: _Source, content: str, first_line: int) -> list[int]:
    """content offset -> normalised source offset, for content made of consecutive source lines."""
    cmap: list[int] = []
    for k, cline in enumerate(content.split("\n")):
        if k:
            cmap.append(src.line_range(first_line + k - 1)[1])  # the "\n" between lines
        ls, le = src.line_range(first_line + k)
        sline = src.norm[ls:le]
        stripped = cline.lstrip(" \t")
        lead = len(cline) - len(stripped)
        if stripped:
            p = sline.rfind(stripped)
            if p < 0:
                raise _Misaligned
        else:
            p = len(sline)
        for j in range(len(cline)):
            cmap.append(ls + p + (j - lead) if j >= lead else max(ls, ls + p - (lead - j)))
    cmap.append(cmap[-1] + 1 if cmap else src.line_range(first_line)[0])
    return cmap


def _cell_map(src: _Source, content: str, line: int, cursor: int) -> tuple[list[int], int]:
    """content offset -> normalised source offset for one table cell; also the new cursor."""
    ls, le = src.line_range(line)
    raw = content.replace("|", "\\|")  # the table splitter drops the backslash of an escaped pipe
    p = src.norm.find(raw, ls + cursor, le)
    if p < 0:
        raise _Misaligned
    cmap = []
    pos = p
    for ch in content:
        if ch == "|":
            pos += 1
        cmap.append(pos)
        pos += 1
    cmap.append(pos)
    return cmap, pos - ls


# ---------------------------------------------------------------- inline walk


@dataclass
class _Run:
    start: int  # content offsets
    end: int
    parts: list[str]
    context: tuple[str, ...]
    after_element: bool = False
    before_element: bool = False
    title_quote: str = ""  # a link or image title: its closing quote


class _Walker:
    """Match inline tokens to their raw text in ``content``; collect the text runs."""

    def __init__(self, md: MarkdownIt, env: dict, content: str):
        self.md = md
        self.env = env
        self.src = content
        self.runs: list[_Run] = []
        self.run: _Run | None = None
        # collapsed / shortcut references use the link text as the label: a translated
        # link text needs the label written out, (start, end, "[label]", runs of the text)
        self.label_fixes: list[tuple[int, int, str, range]] = []
        self.open_links: list[tuple[int, int]] = []  # (label start, first run index)
        self.element_end = -1  # where the last inline element (or emphasis closer) ended
        self.title: tuple[int, int, str] | None = None  # (start, end, text) of the last link title read

    def expect(self, pos: int, raw: str) -> int:
        if not self.src.startswith(raw, pos):
            raise _Misaligned
        return pos + len(raw)

    def element_starts(self, pos: int) -> None:
        """An inline element starts at ``pos``: the text run before it ends."""
        if self.run is not None and self.run.end == pos:
            self.run.before_element = True
        self.close()

    def close(self) -> None:
        if self.run is not None:
            self.runs.append(self.run)
            self.run = None

    def add(self, start: int, end: int, text: str, context: tuple[str, ...]) -> None:
        if self.run is None or self.run.context != context:
            self.close()
            self.run = _Run(start, end, [], context, after_element=start == self.element_end)
        self.run.end = end
        self.run.parts.append(text)

    def skip_space(self, pos: int) -> int:
        while pos < len(self.src) and isStrSpace(self.src[pos]):
            pos += 1
        return pos

    def walk(self, tokens, pos: int, context: tuple[str, ...] = ()) -> int:
        stack = list(context)
        autolink = False
        for tok in tokens:
            t = tok.type
            if autolink:
                if t == "link_close":
                    autolink = False
                continue
            if t == "text":
                end = self.expect(pos, tok.content)
                if tok.content:
                    self.add(pos, end, tok.content, tuple(stack))
                pos = end
            elif t == "text_special":
                end = self.expect(pos, tok.markup or tok.content)
                self.add(pos, end, tok.content, tuple(stack))
                pos = end
            elif t == "softbreak":
                start = pos
                pos = self.skip_space(pos)
                pos = self.expect(pos, "\n")
                pos = self.skip_space(pos)
                if self.run is not None:
                    self.add(start, pos, "\n", tuple(stack))
            elif t == "hardbreak":
                self.close()
                if self.src.startswith("\\\n", pos):
                    pos += 2
                else:
                    pos = self.expect(self.skip_space(pos), "\n")
                pos = self.skip_space(pos)
            elif t == "code_inline":
                self.element_starts(pos)
                pos = self.expect(pos, tok.markup)
                n = len(tok.markup)
                for m in re.finditer(r"`+", self.src[pos:]):
                    if len(m.group()) == n:
                        pos += m.end()
                        break
                else:
                    raise _Misaligned
                self.element_end = pos
            elif t in _EMPHASIS:
                if t.endswith("_open"):
                    self.element_starts(pos)
                else:
                    self.close()
                pos = self.expect(pos, tok.markup)
                if t.endswith("_open"):
                    stack.append("emphasis")
                else:
                    self.element_end = pos
                    if stack:
                        stack.pop()
            elif t == "link_open":
                self.element_starts(pos)
                if tok.markup == "autolink":
                    pos = self.expect(pos, "<")
                    end = self.src.find(">", pos)
                    if end < 0:
                        raise _Misaligned
                    pos = end + 1
                    self.element_end = pos
                    autolink = True
                else:
                    pos = self.expect(pos, "[")
                    stack.append("link")
                    self.open_links.append((pos, len(self.runs)))
            elif t == "link_close":
                self.close()
                label_start, first_run = self.open_links.pop() if self.open_links else (pos, len(self.runs))
                pos = self.after_label(label_start, self.expect(pos, "]"), first_run, tuple(stack) + ("title",))
                self.element_end = pos
                if stack:
                    stack.pop()
            elif t == "image":
                self.element_starts(pos)
                pos = self.expect(pos, "![")
                end = self.expect(pos, tok.content)
                first_run = len(self.runs)
                self.walk(tok.children or [], pos, tuple(stack) + ("image_alt",))
                self.close()
                pos = self.after_label(pos, self.expect(end, "]"), first_run, tuple(stack) + ("image", "title"))
                self.element_end = pos
            elif t == "html_inline":
                self.element_starts(pos)
                pos = self.expect(pos, tok.content)
                self.element_end = pos
            else:  # an unknown token type: nothing to translate, but we lose track of the source
                raise _Misaligned
        self.close()
        return pos

    def after_label(self, label_start: int, pos: int, first_run: int, title_context: tuple[str, ...]) -> int:
        """Skip the destination after a link text's ``]``; note a label to write out for references.

        An inline link's title becomes a run of its own (kind ``title``).
        """
        self.title = None
        end, form = self.link_tail(pos)
        if form in ("collapsed", "shortcut") and first_run < len(self.runs):
            label = "[" + " ".join(self.src[label_start : pos - 1].split()) + "]"
            self.label_fixes.append((pos, end, label, range(first_run, len(self.runs))))
        if form == "inline" and self.title is not None:
            ts, te, shown = self.title
            self.close()
            self.runs.append(_Run(ts + 1, te - 1, [shown], title_context, title_quote=self.src[te - 1]))
        return end

    def link_tail(self, pos: int) -> tuple[int, str]:
        """Skip what follows a link label's ``]`` (as markdown-it's link rule reads it)."""
        src = self.src
        maximum = len(src)
        start = pos
        reference = True
        if pos < maximum and src[pos] == "(":
            reference = False
            pos += 1
            while pos < maximum and (isStrSpace(src[pos]) or src[pos] == "\n"):
                pos += 1
            if pos >= maximum:
                raise _Misaligned
            res = parseLinkDestination(src, pos, maximum)
            if res.ok:
                if self.md.validateLink(self.md.normalizeLink(res.str)):
                    pos = res.pos
                before = pos
                while pos < maximum and (isStrSpace(src[pos]) or src[pos] == "\n"):
                    pos += 1
                res = parseLinkTitle(src, pos, maximum)
                if pos < maximum and before != pos and res.ok:
                    self.title = (pos, res.pos, res.str)
                    pos = res.pos
                    while pos < maximum and (isStrSpace(src[pos]) or src[pos] == "\n"):
                        pos += 1
            if pos >= maximum or src[pos] != ")":
                reference = True
            pos += 1
        if not reference:
            return pos, "inline"
        pos = start
        if pos < maximum and src[pos] == "[":
            state = StateInline(src, self.md, self.env, [])
            end = parseLinkLabel(state, pos)
            if end >= 0:
                return end + 1, "collapsed" if end == pos + 1 else "full"
        return pos, "shortcut"


# ---------------------------------------------------------------- escaping


_SPECIAL = re.compile(r"([\\*_\[\]~])")
# a backslash does not stop a backtick from closing a code span, nor < > from making a tag: entities do
_ENTITIES = {"`": "&#96;", "<": "&lt;", ">": "&gt;"}
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _escape(text: str, piece: _Piece) -> str:
    """A translation as Markdown source that reads as ``text`` and keeps the structure around it."""
    text = " ".join(text.split())  # one line: a line break could start a new block
    if piece.title_quote:  # inside a link title only the backslash, "&" and the quotes matter
        out = re.sub(r"([\\\"'()])", r"\\\1", text)
        return _ENTITY_LIKE.sub(r"\\&", out)
    out = _SPECIAL.sub(r"\\\1", text)
    if piece.heading:
        out = out.replace("#", "\\#")  # a closing "#" sequence would be lost
    out = _ENTITY_LIKE.sub(r"\\&", out)
    out = re.sub(r"[`<>]", lambda m: _ENTITIES[m.group()], out)
    # a pipe could turn a line into a table row (a setext heading over "---" into a table)
    out = out.replace("|", "\\|" if piece.cell else "&#124;")
    # Arabic joins "and", "by", "to" to the next word: "و[رابط]" -> "and [link]", "**عريض**و" -> "**bold** and";
    # a letter right after an emphasis closer could also stop it closing
    if piece.space_before and out[:1].isalnum():
        out = " " + out
    if piece.space_after and out[-1:].isalnum():
        out = out + " "
    if piece.line_start:
        if re.match(r"[#+=-]", out):
            out = "\\" + out
        else:
            out = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", out)
    return out


# ---------------------------------------------------------------- parse


def _block_name(stack: list[tuple[str, int]], item_numbers: list[int]) -> tuple[str, str]:
    """(kind, description) of the innermost container that names a paragraph."""
    for kind, _ in reversed(stack):
        if kind == "list_item":
            return "list_item", f"list item {item_numbers[-1]}"
        if kind == "blockquote":
            return "quote", "quote"
    return "paragraph", "paragraph"


def parse(data: bytes, name: str, **options) -> ParsedFile:
    try:
        text, encoding = decode_bytes(data, name)
    except BitextError as exc:
        raise FormatError(str(exc)) from None
    if not text.strip():
        raise FormatError(f"{name}: is empty; nothing to translate")
    src = _Source(text)
    md = _parser()
    warnings: list[str] = []
    fm_end = _front_matter_end(src.norm)
    parse_text = re.sub(r"[^\n]", " ", src.norm[:fm_end]) + src.norm[fm_end:] if fm_end else src.norm
    env: dict = {}
    try:
        tokens = md.parse(parse_text, env)
    except Exception as exc:  # markdown-it does not fail on any text; be safe anyway
        raise FormatError(f"{name}: cannot be parsed as Markdown ({exc})") from None

    pieces: list[_Piece] = []
    label_fixes: list[tuple[int, int, str, list[int]]] = []
    stack: list[tuple[str, int]] = []  # open containers
    item_numbers: list[int] = []  # list item counter per open list
    row = 0
    col = 0
    cell_cursor = 0
    block: tuple[str, str, bool, bool] = ("paragraph", "paragraph", False, False)
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            item_numbers.append(0)
        elif t in ("bullet_list_close", "ordered_list_close"):
            item_numbers.pop()
        elif t == "list_item_open":
            item_numbers[-1] += 1
            stack.append(("list_item", item_numbers[-1]))
        elif t == "blockquote_open":
            stack.append(("blockquote", 0))
        elif t in ("list_item_close", "blockquote_close"):
            stack.pop()
        elif t == "heading_open":
            block = ("heading", "heading", True, False)
        elif t == "paragraph_open":
            kind, desc = _block_name(stack, item_numbers)
            block = (kind, desc, False, False)
        elif t == "table_open":
            row = 0
        elif t == "tr_open":
            row += 1
            col = 0
            cell_cursor = 0
        elif t in ("th_open", "td_open"):
            col += 1
            label = f"table header cell {col}" if t == "th_open" else f"table row {row - 1} cell {col}"
            block = ("cell", label, False, True)
        elif t == "inline" and tok.map is not None:
            kind, desc, heading, cell = block
            content = tok.content
            if not content.strip():
                continue
            try:
                if cell:
                    ls, le = src.line_range(tok.map[0])
                    if cell_cursor == 0:
                        sline = src.norm[ls:le]
                        cell_cursor = len(sline) - len(sline.lstrip(" \t>"))
                    cmap, cell_cursor = _cell_map(src, content, tok.map[0], cell_cursor)
                else:
                    cmap = _lines_map(src, content, tok.map[0])
                walker = _Walker(md, env, content)
                walker.walk(tok.children or [], 0)
            except (_Misaligned, IndexError, ValueError):  # the source could not be followed: keep the block
                warnings.append(f"{name}: line {tok.map[0] + 1}: could not locate the {desc}'s text in the source; left untranslated")
                continue
            run_piece: dict[int, int] = {}
            for r, run in enumerate(walker.runs):
                seg_text = "".join(run.parts)
                body = seg_text.strip()
                if not any(ch.isalnum() for ch in body):  # punctuation between elements stays as it is
                    continue
                # trim the run to its non-space raw text
                raw = content[run.start : run.end]
                rs = run.start + (len(raw) - len(raw.lstrip()))
                re_ = run.end - (len(raw) - len(raw.rstrip()))
                before = content[:rs].rstrip(" \t")
                line_start = (before == "" or before.endswith("\n")) and not cell
                task = _TASK.match(content, rs, re_) if line_start and kind == "list_item" else None
                if task and body.startswith(task.group()):  # a GFM task list box "[ ]" / "[x]" stays
                    rs = task.end()
                    body = body[len(task.group()) :]
                    line_start = False
                start = src.orig(cmap[rs])
                end = src.orig(cmap[re_ - 1] + 1) if re_ > rs else start
                ctx = [c.replace("_", " ") for c in run.context]
                location = f"line {src.line_of(cmap[rs]) + 1}: {' / '.join([desc] + ctx)}"
                run_piece[r] = len(pieces)
                # inline elements are not kinds; an image's alt text is an attribute, like HTML's alt
                piece_kind = "attribute" if "image_alt" in run.context else kind
                piece = _Piece(start, end, body, piece_kind, location, line_start, heading, cell)
                piece.space_before = run.after_element and rs == run.start
                piece.space_after = run.before_element and re_ == run.end
                piece.title_quote = run.title_quote
                if run.title_quote:
                    piece.kind = "title"
                pieces.append(piece)
            for a, b, label, runs in walker.label_fixes:
                owners = [run_piece[r] for r in runs if r in run_piece]
                if owners:
                    fa = src.orig(cmap[a - 1] + 1)
                    fb = src.orig(cmap[b - 1] + 1) if b > a else fa
                    label_fixes.append((fa, fb, label, owners))
        elif t in ("heading_close", "paragraph_close", "th_close", "td_close"):
            block = ("paragraph", "paragraph", False, False)

    # locations must tell pieces apart
    seen: dict[str, int] = {}
    for p in pieces:
        n = seen.get(p.location, 0) + 1
        seen[p.location] = n
        if n > 1:
            p.location = f"{p.location} ({n})"
    segments = [Segment(p.text, p.location, p.kind, span=verbatim_span(text, p.start, p.end, p.text)) for p in pieces]
    bom = "\ufeff" if encoding == "utf-8-sig" else ""

    def write(translations: list[str]) -> bytes:
        changed = [tr != seg.text for seg, tr in zip(segments, translations)]
        edits = [(p.start, p.end, _escape(tr, p)) for p, tr, c in zip(pieces, translations, changed) if c]
        # a translated collapsed/shortcut reference link keeps its label: [text][] -> [translation][text]
        edits += [(a, b, label) for a, b, label, owners in label_fixes if any(changed[i] for i in owners)]
        edits.sort(key=lambda e: (e[0], e[1]))
        out = [bom]
        pos = 0
        for a, b, value in edits:
            out.append(text[pos:a])
            out.append(value)
            pos = b
        out.append(text[pos:])
        return "".join(out).encode("utf-8")

    return ParsedFile(name, NAME, segments, write, encoding=encoding, warnings=warnings)
