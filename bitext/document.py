"""The document model shared by every stage, and reading / writing text files.

A :class:`Document` is the decoded text of one input plus its structure:
blocks (one per line: paragraphs, headings, list items, blank lines) and,
inside each block, sentences. Every piece carries character offsets into
``Document.text`` so that the original can be rebuilt exactly and every
translation can point back at its source.
"""

from __future__ import annotations

import codecs
import re
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

BLOCK_KINDS = ("paragraph", "heading", "list_item", "blank")


@dataclass
class Sentence:
    """One sentence: ``text == document.text[start:end]``."""

    index: int  # position in the whole document
    block: int  # index of the block it belongs to
    start: int
    end: int
    text: str


@dataclass
class Block:
    """One line of the input.

    ``text[start:content_start]`` is the line's prefix (indentation, list
    marker such as ``- `` or ``١. ``, Markdown ``#``), kept verbatim;
    ``text[content_start:content_end]`` holds the sentences and the
    whitespace between them; ``text[content_end:end]`` is trailing
    whitespace; ``newline`` is the line terminator that follows ``end``
    (``""`` on a last line without one).
    """

    index: int
    kind: str
    start: int
    end: int
    content_start: int
    content_end: int
    newline: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    text: str
    blocks: list[Block]
    name: str | None = None
    encoding: str | None = None

    @property
    def sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.sentences]

    def pieces(self) -> Iterator[tuple[str, int, int]]:
        """Yield ``(role, start, end)`` for every piece of the text in order.

        Roles: ``prefix``, ``sentence``, ``gap``, ``suffix``, ``newline``.
        The pieces tile the text: each starts where the previous ended.
        """
        for b in self.blocks:
            pos = b.start
            yield "prefix", pos, b.content_start
            pos = b.content_start
            for s in b.sentences:
                yield "gap", pos, s.start
                yield "sentence", s.start, s.end
                pos = s.end
            yield "gap", pos, b.content_end
            yield "suffix", b.content_end, b.end
            yield "newline", b.end, b.end + len(b.newline)

    def rebuild(self) -> str:
        """The original text, put back together from the pieces."""
        return "".join(self.text[a:b] for _, a, b in self.pieces())


def document_from_sentences(sentences: list[str], name: str | None = None) -> Document:
    """A document of already split sentences, one per line (no re-segmentation).

    Line breaks inside a sentence become spaces; an empty sentence gives a
    blank line.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    count = 0
    for i, raw in enumerate(sentences):
        text = " ".join(raw.splitlines())
        newline = "\n" if i < len(sentences) - 1 else ""
        stripped = text.strip()
        start = pos + len(text) - len(text.lstrip()) if stripped else pos + len(text)
        end = pos + len(text.rstrip()) if stripped else pos + len(text)
        block = Block(i, "paragraph" if stripped else "blank", pos, pos + len(text), start, end, newline)
        if stripped:
            block.sentences.append(Sentence(count, i, start, end, stripped))
            count += 1
        blocks.append(block)
        parts.append(text + newline)
        pos += len(text) + len(newline)
    return Document("".join(parts), blocks, name=name)


# ---------------------------------------------------------------- reading

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode file contents to text; return ``(text, encoding)``.

    BOMs win; then UTF-16 without BOM (NUL bytes at every other position);
    then strict UTF-8; then Windows-1256 when it reads as Arabic; then
    charset-normalizer's best guess (ISO-8859-6, ...). A NUL byte anywhere
    else makes the file binary. Binary data raises
    :class:`InputError` with a one-line message naming the file.
    """
    if not data:
        return "", "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason}); re-save it as UTF-8") from None
            _reject_control_heavy(text, name)
            return text, enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" in text:
        utf16 = _as_utf16_without_bom(data)
        if utf16 is not None:
            _reject_control_heavy(utf16[0], name)
            return utf16
    if text is not None:
        _reject_control_heavy(text, name)
        return text, "utf-8"
    utf16 = _as_utf16_without_bom(data)
    if utf16 is not None:
        _reject_control_heavy(utf16[0], name)
        return utf16

    # Arabic first: charset-normalizer can take a short Windows-1256 text for
    # a CJK encoding; real Arabic decodes to Arabic letters between spaces
    arabic = _as_windows_1256(data)
    if arabic is not None:
        _reject_control_heavy(arabic, name)
        return arabic, "cp1256"

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not a text file (binary or unknown encoding); give a UTF-8 or Windows-1256 text file")
    text = str(best)
    _reject_control_heavy(text, name)
    return text, best.encoding


def _as_windows_1256(data: bytes) -> str | None:
    """``data`` decoded as Windows-1256 when that reads as Arabic text, else None.

    Nearly every byte sequence decodes as Windows-1256, so it must also look
    like Arabic: its non-ASCII characters are (almost all) Arabic letters,
    marks and punctuation, and words are separated by spaces (CJK text
    decoded this way has few spaces; ISO-8859-6 gives ×, ÷ and Latin letters).
    """
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    high = [c for c in text if ord(c) > 127]
    if not high:
        return None
    arabic = sum(1 for c in high if "\u060c" <= c <= "\u06ff" or c in "\u200c\u200d\u200e\u200f")
    spaces = sum(1 for c in text if c in " \t\n\r")
    if arabic / len(high) >= 0.95 and spaces / len(text) >= 0.08:
        return text
    return None


def _reject_control_heavy(text: str, name: str) -> None:
    """Binary data is refused: a NUL anywhere in the file, or many control characters at its start."""
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{name}: holds a NUL byte (line {line}), so it is binary, not text; give a text file "
                         "(or remove the NUL bytes if it is text)")
    sample = text[:65536]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if bad and (bad > 8 or bad / max(1, len(sample)) > 0.01):
        raise InputError(f"{name}: looks like a binary file ({bad} control characters in the first {len(sample)}); give a text file")


def _as_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: NUL bytes at (almost) every even or every odd position,
    which is what ASCII and Arabic both look like in UTF-16 (Arabic's high byte is 0x06)."""
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for enc, high in (("utf-16-le", odd), ("utf-16-be", even)):
        # the high byte of each code unit: NUL (ASCII) or 0x06 (Arabic) on nearly every unit
        if sum(1 for b in high if b in (0, 6)) >= 0.9 * len(high) and high.count(0) >= 0.1 * len(high):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (from JSON escapes such as ``\\ud800``, which no UTF-8 file can hold) replaced
    by U+FFFD; returns the text and how many were replaced."""
    return _SURROGATE.subn("\ufffd", text)


_stdin_read: tuple[object, bytes] | None = None  # (the stdin object, what it held): stdin is read once


def read_bytes(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """The raw contents of a file and the name to show for it; ``-`` reads standard input (once:
    a second call gives the same bytes, so its format can be told from its content first)."""
    import sys

    global _stdin_read
    name = str(path)
    if name == "-":
        if _stdin_read is None or _stdin_read[0] is not sys.stdin:
            _stdin_read = (sys.stdin, sys.stdin.buffer.read())
        return _stdin_read[1], "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory; give a file")
    try:
        return p.read_bytes(), name
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and decode a text file; ``-`` reads standard input."""
    data, name = read_bytes(path)
    return decode_bytes(data, name)


# ---------------------------------------------------------------- writing

def write_output(path: str, data: str | bytes) -> None:
    """Standard output for ``-`` (UTF-8 whatever the locale says), else an atomic file write."""
    import sys

    if path != "-":
        write_atomic(path, data)
        return
    if sys.stdout is None:
        raise InputError("standard output is closed: give -o FILE")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise write_error("standard output", exc) from None


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not fail a second time."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def write_atomic(path: str | os.PathLike[str], text: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``text`` (or bytes) to ``path`` so that the file is either complete or untouched.

    A regular file (or a new one) is written to a temporary file in the same
    directory, which is then renamed over the target: an error or Ctrl-C
    mid-way leaves no partial output, and an existing file keeps its mode. A
    symlink is followed: the file it points to is replaced, the link stays. A
    character device (``/dev/null``, a terminal) or a FIFO is written straight
    through, never replaced. A full disk is one line (``no space left on
    …``), with no partial file left behind. Newlines are written exactly as
    they are in ``text``.
    """
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"write_atomic writes str or bytes, not {type(text).__name__}")
    data = text if isinstance(text, bytes) else text.encode(encoding)
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if _is_stream(target):
        _write_through(target, data)
        return
    directory = check_writable(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            # mkstemp makes 0600 files; give the output the mode it had, or the one open() would
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
            os.replace(tmp, target)
        except OSError as exc:
            raise write_error(target, exc) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _is_stream(target: Path) -> bool:
    """A character device or a FIFO: written in place, never renamed over."""
    import stat

    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _write_through(target: Path, data: bytes) -> None:
    try:
        with open(target, "wb", buffering=0) as fh:
            fh.write(data)
    except OSError as exc:
        raise write_error(target, exc) from None


def write_error(target: Path | str, exc: OSError) -> InputError:
    """One line for a failed write: a full disk names the place; anything else its reason."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(f"{target}: no space left on the device (nothing was written); free some space or write elsewhere")
    return InputError(f"{target}: cannot be written ({exc.strerror or exc})")


def check_writable(target: Path) -> Path:
    """Fail early, with one line, when ``target`` cannot be written; return its directory."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give an output file name")
    if _is_stream(target):
        return directory
    if not directory.is_dir():
        raise InputError(f"{target}: directory {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InputError(f"{target}: cannot write to directory {directory} (permission denied)")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"{target}: the file is read-only (permission denied); choose another output name")
    return directory


def refuse_overwriting_inputs(outputs: Iterable[str | os.PathLike[str] | None],
                              inputs: Iterable[str | os.PathLike[str] | None]) -> None:
    """Raise when an output would overwrite an input: the same path, a symlink to it or a hard link
    of it (``check SRC TGT -o SRC``). ``-`` and None are skipped."""
    files = []
    for name in inputs:
        if name is None or str(name) == "-":
            continue
        try:
            files.append((str(name), os.stat(name)))
        except OSError:
            continue
    for out in outputs:
        if out is None or str(out) == "-":
            continue
        try:
            st = os.stat(out)
        except OSError:
            continue  # does not exist yet: it cannot be an input
        for name, ist in files:
            if (st.st_dev, st.st_ino) == (ist.st_dev, ist.st_ino) and not _is_stream(Path(out)):
                raise InputError(f"{out}: is the input {name} (or a link to it); choose another output name")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- line files

_LINE_END = re.compile(r"\r\n|\n|\r")


def split_lines(text: str) -> list[str]:
    """The lines of a line-aligned file, the way every command counts them.

    Lines end at LF, CRLF or CR only (as the segmenter's blocks do): U+2028,
    U+0085 and form feeds stay inside their line. A leading BOM is dropped and
    a final line terminator does not start another (empty) line.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text:
        return []
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def read_text_in(path: str | os.PathLike[str], lang: str | None = None, role: str | None = None) -> str:
    """The decoded text of ``path``; with ``lang`` (``"ar"`` or ``"en"``), a file whose letters are
    mostly of the other script is refused (see :func:`require_script`)."""
    text, _ = read_text(path)
    if lang:
        require_script(text, "<stdin>" if str(path) == "-" else str(path), lang, role)
    return text


def read_lines(path: str | os.PathLike[str], lang: str | None = None, role: str | None = None) -> list[str]:
    """Read, decode and split a line-aligned file, refused as in :func:`read_text_in`."""
    return split_lines(read_text_in(path, lang, role))


_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def has_arabic(text: str) -> bool:
    """True when ``text`` has an Arabic-script letter: only such text is sent to the model."""
    return _ARABIC_LETTER.search(text) is not None
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
SCRIPT_NAMES = {"ar": "Arabic", "en": "English"}
_SWAP_HINTS = {
    "SRC": "did you swap SRC and TGT?", "TGT": "did you swap SRC and TGT?", "MT": "did you swap SRC and MT?",
    "AR": "did you swap AR and EN?", "EN": "did you swap AR and EN?",
    "--ref": "the Arabic source goes with --src", "--src": "the English reference goes with --ref",
    "--hyp": "system outputs are English translations of --src", "--mt": "give an English translation of SRC",
    "--mt2": "give an English translation of SRC",
}


def script_shares(text: str, sample: int = 200_000) -> tuple[int, int]:
    """Counts of Arabic and of Latin letters in (the first ``sample`` characters of) ``text``."""
    head = text[:sample]
    return len(_ARABIC_LETTER.findall(head)), len(_LATIN_LETTER.findall(head))


def looks_like(text: str) -> str | None:
    """``"ar"`` or ``"en"`` when one script has at least 80% of the letters (and there are
    at least 20 letters), else None: too short or too mixed to say."""
    arabic, latin = script_shares(text)
    total = arabic + latin
    if total < 20:
        return None
    if arabic >= 0.8 * total:
        return "ar"
    if latin >= 0.8 * total:
        return "en"
    return None


def require_script(text: str, name: str, lang: str, role: str | None = None) -> None:
    """Raise :class:`InputError` when ``text`` (expected in ``lang``) is clearly in the other
    language: "looks like English; did you swap SRC and TGT?". ``role`` names what the file
    should have been (``"SRC"``, ``"--ref"``) and, with it, the fix."""
    seen = looks_like(text)
    if seen is None or seen == lang:
        return
    arabic, latin = script_shares(text)
    share = round(100 * max(arabic, latin) / (arabic + latin))
    what = f"{role} must be {SCRIPT_NAMES[lang]}" if role else f"expected {SCRIPT_NAMES[lang]}"
    hint = _SWAP_HINTS.get(role or "", "is it the right file?")
    raise InputError(f"{name}: looks like {SCRIPT_NAMES[seen]} ({share}% of its letters), {what}; {hint}")
