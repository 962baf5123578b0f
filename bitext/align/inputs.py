"""Turning input text into the sentence lists that :func:`bitext.align.align` takes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bitext.document import split_lines
from bitext.errors import InputError
from bitext.segment import segment_document


def sentences_from_text(text: str, lang: str, presplit: bool = False) -> list[str]:
    """Sentences of ``text`` (``lang`` is ``"ar"`` or ``"en"``).

    Running text (``presplit=False``) is segmented with bitext's segmenter
    (``segment_document(text, lang=lang).sentences``: blocks per line, then
    sentences). With ``presplit=True`` every line is one sentence, stripped of
    surrounding whitespace; empty (blank) lines are left out, so sentence
    indices then count non-empty lines only, not line numbers.
    """
    if presplit:
        return [line.strip() for line in split_lines(text) if line.strip()]
    return [s.text for s in segment_document(text, lang=lang).sentences]


@dataclass
class DocumentPair:
    """One Arabic document and its English translation, as sentence lists."""

    doc_id: str
    src: list[str]
    tgt: list[str]
    ar_name: str
    en_name: str


def _read_ids(path: str, lines: int, side: str, fix: str) -> list[str]:
    from bitext.document import read_text

    ids = [line.split("\t")[0].strip() for line in split_lines(read_text(path)[0])]
    if len(ids) != lines:
        raise InputError(f"{path} has {len(ids)} document ids but {side} has {lines} lines; {fix}")
    return ids


def _groups(lines: list[str], ids: list[str], name: str, path: str) -> dict[str, list[str]]:
    """Lines by document id; a document's lines must be contiguous."""
    out: dict[str, list[str]] = {}
    last = None
    for line, i in zip(lines, ids):
        if i != last and i in out:
            raise InputError(f"{path}: the lines of document {i!r} are not contiguous in {name}; "
                             "sort the files by document")
        out.setdefault(i, []).append(line)
        last = i
    return out


def load_documents(ar: str, en: str, presplit: bool = False, doc_ids: str | None = None,
                   doc_ids_en: str | None = None) -> list[DocumentPair]:
    """The document pairs of the ``bitext align`` inputs.

    Two directories: one document per pair of files with the same name (every
    file must have its partner). Two files: one document, or with ``doc_ids``
    (one id per line of ``ar``; ``doc_ids_en`` per line of ``en`` when the line
    counts differ) one document per id, in the order of ``ar``; a document's
    lines are joined with line breaks and split into sentences unless
    ``presplit``. Bad input raises :class:`bitext.errors.InputError`; a side clearly in the other
    language (swapped files) too.
    """
    from bitext.document import read_text_in

    pa, pe = Path(ar), Path(en)
    if pa.is_dir() or pe.is_dir():
        if not (pa.is_dir() and pe.is_dir()):
            raise InputError(f"{ar if not pa.is_dir() else en} is not a directory: give two directories "
                             "(Arabic and English files with matching names) or two files")
        if doc_ids or doc_ids_en:
            raise InputError("--doc-ids is for two files; with two directories every file is a document")
        names_a = {p.name for p in pa.iterdir() if p.is_file() and not p.name.startswith(".")}
        names_e = {p.name for p in pe.iterdir() if p.is_file() and not p.name.startswith(".")}
        for names, other, d in ((names_a, names_e, pe), (names_e, names_a, pa)):
            missing = sorted(names - other)
            if missing:
                src = pa if d is pe else pe
                raise InputError(f"{src / missing[0]} has no partner {d / missing[0]}"
                                 + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                                 + "; the two directories need files with the same names")
        if not names_a:
            raise InputError(f"{ar} and {en} hold no files to align")
        out = []
        for name in sorted(names_a):
            ta, te = read_text_in(str(pa / name), "ar", "AR"), read_text_in(str(pe / name), "en", "EN")
            out.append(DocumentPair(Path(name).stem if "." in name else name,
                                    sentences_from_text(ta, "ar", presplit), sentences_from_text(te, "en", presplit),
                                    str(pa / name), str(pe / name)))
        return out
    ta, te = read_text_in(ar, "ar", "AR"), read_text_in(en, "en", "EN")
    if not doc_ids:
        if doc_ids_en:
            raise InputError("--doc-ids-en needs --doc-ids FILE (the ids of the Arabic lines)")
        return [DocumentPair("", sentences_from_text(ta, "ar", presplit), sentences_from_text(te, "en", presplit),
                             ar, en)]
    la, le = split_lines(ta), split_lines(te)
    ids_a = _read_ids(doc_ids, len(la), ar, "give one id per line of AR")
    if doc_ids_en:
        ids_e = _read_ids(doc_ids_en, len(le), en, "give one id per line of EN")
    elif len(le) == len(la):
        ids_e = ids_a
    else:
        raise InputError(f"{en} has {len(le)} lines but {doc_ids} has {len(la)} ids (one per line of {ar}); "
                         "give the ids of the English lines with --doc-ids-en FILE")
    ga, ge = _groups(la, ids_a, ar, doc_ids), _groups(le, ids_e, en, doc_ids_en or doc_ids)
    only_a = [i for i in ga if i not in ge]
    only_e = [i for i in ge if i not in ga]
    if only_a or only_e:
        i, side = (only_a[0], en) if only_a else (only_e[0], ar)
        raise InputError(f"document {i!r} has no lines in {side}; both files need the same document ids")
    out = []
    for i in ga:
        out.append(DocumentPair(i, sentences_from_text("\n".join(ga[i]), "ar", presplit),
                                sentences_from_text("\n".join(ge[i]), "en", presplit), ar, en))
    return out


def per_document(lines: list[str], docs: list) -> list[list[str]]:
    """One MT sentence per Arabic sentence, all documents in a row -> the MT of each document."""
    out, k = [], 0
    for d in docs:
        out.append(lines[k:k + len(d.src)])
        k += len(d.src)
    return out


def load_mt(path: str, docs: list, presplit: bool, ar_name: str) -> list[list[str]]:
    """``--mt FILE``: a machine translation of the Arabic of ``docs``, sentence by sentence, per document."""
    from bitext.document import read_text_in

    lines = sentences_from_text(read_text_in(path, "en", "--mt"), "en", presplit)
    count = sum(len(d.src) for d in docs)
    if len(lines) != count:
        raise InputError(f"{path} has {len(lines)} sentences but {ar_name} has {count}; "
                         "the MT must translate AR sentence by sentence")
    return per_document(lines, docs)
