"""Translate a parsed file: segments -> a Document -> the sentence pipeline -> segments.

Every segment becomes one block of a :class:`~bitext.document.Document`
(line breaks inside it become spaces), is split into sentences and
translated by :func:`bitext.translate.translate_document`; the sentence
translations of a segment are joined by one space and put between the
segment's own leading and trailing whitespace. A segment with no Arabic
letter (a number, a URL, an English name) is not sent to the model: it is
copied with Arabic-Indic digits and Arabic punctuation made Western
(``٥٦٠`` -> ``560``, ``٪`` -> ``%``, ``،`` -> ``,``).

A sentence the model left empty (flagged ``empty`` in the sentence result,
hence in the jsonl output and the summary on stderr) keeps its source text
in place: an empty output never deletes text from a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..document import Block, Document, Sentence, has_arabic, read_bytes, write_atomic
from ..errors import FormatError, InputError
from ..segment import split_sentences, western_numerals
from ..translate import GenerationOptions, TranslatedDocument, TranslationCache, translate_document
from ..translate.engine import FLAG_EMPTY, Engine
from ..translate.pipeline import Progress
from . import BILINGUAL_OUTPUTS, BINARY_FORMATS, detect, parse_bytes

# extensions of well-known file types bitext never writes: an output named so is refused, not filled with text
FOREIGN_EXTENSIONS = frozenset({".pdf", ".doc", ".rtf", ".odt", ".ods", ".odp", ".xls", ".xlsx", ".ppt", ".pptx",
                                ".epub", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".json", ".xml", ".parquet"})
from .base import ParsedFile

needs_translation = has_arabic  # the formats' name for it


def document_from_segments(parsed: ParsedFile) -> Document:
    """One block per segment, sentences split inside it; segments without Arabic get no sentences."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    count = 0
    for i, seg in enumerate(parsed.segments):
        line = " ".join(seg.text.split())  # line breaks and runs of spaces -> one space
        newline = "\n" if i < len(parsed.segments) - 1 else ""
        block = Block(i, seg.kind, pos, pos + len(line), pos, pos + len(line), newline)
        if line and needs_translation(line):
            for a, b in split_sentences(line):  # offsets within the line; the document's are pos + them
                block.sentences.append(Sentence(count, i, pos + a, pos + b, line[a:b]))
                count += 1
        blocks.append(block)
        parts.append(line + newline)
        pos += len(line) + len(newline)
    return Document("".join(parts), blocks, name=parsed.name, encoding=parsed.encoding)


@dataclass
class FileTranslation:
    """A translated file: the parsed input, the sentence-level result, one translation per segment."""

    parsed: ParsedFile
    result: TranslatedDocument
    translations: list[str]

    @property
    def locations(self) -> list[str]:
        return [s.location for s in self.parsed.segments]


def translate_parsed(
    parsed: ParsedFile,
    engine: Engine,
    options: GenerationOptions | None = None,
    cache: TranslationCache | None = None,
    digits: str = "keep",
    progress: Progress | None = None,
) -> FileTranslation:
    """Translate every segment of ``parsed``; whitespace around each segment is kept."""
    doc = document_from_segments(parsed)
    result = translate_document(doc, engine, options, cache=cache, digits=digits, progress=progress)
    by_block: dict[int, list[str]] = {}
    for st in result.sentences:
        text = " ".join(st.text.split())
        if not text:  # an empty output keeps the source, flagged (also when nothing was left to send to the model)
            text = st.sentence.text
            if FLAG_EMPTY not in st.flags:
                st.flags = [*st.flags, FLAG_EMPTY]
        by_block.setdefault(st.sentence.block, []).append(text)
    translations = []
    for i, seg in enumerate(parsed.segments):
        if i not in by_block:  # no Arabic letter: numbers and punctuation still become English ones
            translations.append(western_numerals(seg.text))
            continue
        body = seg.text.strip()
        lead = seg.text[: len(seg.text) - len(seg.text.lstrip())]
        trail = seg.text[len(seg.text.rstrip()) :] if body else ""
        translations.append(lead + " ".join(t for t in by_block[i] if t) + trail)
    return FileTranslation(parsed, result, translations)


def output_format(output: str, input_format: str, override: str | None = None) -> str:
    """The format to write: ``override``, else by the output's extension, else the input's."""
    if override:
        fmt = override
    elif output == "-":
        fmt = input_format
    else:
        fmt = detect(output, content=False)  # an existing output is replaced, not read
        suffix = Path(output).suffix.lower()
        if fmt == "txt" and suffix not in (".txt", ".text"):
            if suffix in FOREIGN_EXTENSIONS or (suffix and input_format in BINARY_FORMATS):
                raise FormatError(f"{output}: bitext does not write {suffix} files; name the output for one of "
                                  f"{', '.join(sorted({input_format, *BILINGUAL_OUTPUTS}))} (`bitext formats` lists the extensions)")
            fmt = input_format  # an unknown extension (article.en): keep the input's format
    if fmt != input_format and fmt not in BILINGUAL_OUTPUTS:
        raise FormatError(
            f"{output}: cannot write {input_format} input as {fmt}; "
            f"write {input_format}, or one of {', '.join(BILINGUAL_OUTPUTS)}"
        )
    return fmt


def render(ft: FileTranslation, fmt: str, findings: dict[int, list[dict]] | None = None) -> bytes:
    """The translated file in format ``fmt`` (the input's own, or a bilingual rendering)."""
    if fmt == ft.parsed.format:
        return ft.parsed.write(ft.translations)
    if fmt == "jsonl":
        from ..view.export import render_jsonl

        return render_jsonl(ft.result, findings, locations=ft.locations).encode("utf-8")
    if fmt == "txt":
        return "".join(" ".join(t.split()) + "\n" for t in ft.translations).encode("utf-8")
    from . import load_format

    units = [(s.location, s.text, t) for s, t in zip(ft.parsed.segments, ft.translations)]
    return load_format(fmt).write_bilingual(units, name=ft.parsed.name)


def read_parsed(path: str, input_format: str | None = None, **options) -> ParsedFile:
    """Read and parse ``path`` ('-' = stdin) in its format (by extension unless given)."""
    fmt = detect(path, input_format)
    data, name = read_bytes(path)
    return parse_data(data, name, fmt, **options)


def parse_data(data: bytes, name: str, fmt: str, **options) -> ParsedFile:
    """Parse file contents ``data`` (named ``name``) as ``fmt``; empty contents are an error."""
    if not data.strip():
        raise InputError(f"{name}: is empty; nothing to translate")
    return parse_bytes(data, name, fmt, **options)


def translate_file(
    input: str,
    output: str,
    engine: Engine,
    options: GenerationOptions | None = None,
    cache: TranslationCache | None = None,
    input_format: str | None = None,
    output_format_name: str | None = None,
    digits: str = "keep",
    progress: Progress | None = None,
    **format_options,
) -> FileTranslation:
    """Parse ``input``, translate it and write ``output`` atomically; return the translation."""
    parsed = read_parsed(input, input_format, **format_options)
    fmt = output_format(output, parsed.format, output_format_name)
    ft = translate_parsed(parsed, engine, options, cache=cache, digits=digits, progress=progress)
    write_atomic(output, render(ft, fmt))
    return ft
