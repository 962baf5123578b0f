"""Reading the line files of an evaluation and naming its systems."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..errors import InputError


def read_lines(path: str | os.PathLike[str], lang: str | None = None, role: str | None = None) -> list[str]:
    """Lines of a text file (UTF-8/UTF-16/Windows-1256), one segment each, counted as every command
    counts them (:func:`bitext.document.split_lines`); with ``lang``, a file in the other script is
    refused; an empty file is an InputError."""
    from ..document import read_lines as read_line_file

    lines = read_line_file(path, lang, role)
    if not lines or not any(line.strip() for line in lines):
        raise InputError(f"{path}: empty file; give one segment per line")
    return lines


def system_names(paths: Sequence[str], ref: str | None = None) -> list[str]:
    """Short names from file names: the part that differs (test.opusmt.en -> opusmt).

    With one system the common part with the reference file name is removed.
    Falls back to the file names when that leaves an empty or repeated name.
    """
    bases = [Path(p).name for p in paths]
    group = bases if len(bases) > 1 else bases + ([Path(ref).name] if ref else [])
    if len(group) > 1:
        prefix = os.path.commonprefix(group)
        suffix = os.path.commonprefix([b[::-1] for b in group])[::-1]
        # cut at separators so that 'test.nllb' / 'test.nllb2' keep whole words
        seps = "._- "
        cut = max((prefix.rfind(c) for c in seps), default=-1)
        prefix = prefix[:cut + 1]
        cuts = [suffix.find(c) for c in seps if c in suffix]
        suffix = suffix[min(cuts):] if cuts else ""
        names = []
        for b in bases:
            core = b[len(prefix):len(b) - len(suffix) if suffix else len(b)] if len(b) > len(prefix) + len(suffix) else ""
            names.append(core.strip(seps))
    else:
        names = [Path(b).stem for b in bases]
    if any(not n for n in names) or len(set(names)) != len(names):
        names = bases
    if len(set(names)) != len(names):
        names = [str(p) for p in paths]
    if len(set(names)) != len(names):
        names = [f"{n}#{i + 1}" for i, n in enumerate(names)]
    return names
