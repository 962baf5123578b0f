"""Zip packages (.docx, .pptx) read safely: sizes checked from the zip directory before any member
is unpacked, and XML parts parsed with entity expansion, DTDs and network access off.

A package whose members would unpack to more than :func:`max_unzipped_bytes` in total (default
:data:`DEFAULT_MAX_UNZIPPED_MB` MiB; the environment variable ``BITEXT_MAX_UNZIPPED_MB`` raises or
lowers it) is refused before anything is read: a zip bomb (a small file holding a huge
``document.xml``) costs no memory. :mod:`zipfile` never yields more bytes than a member's directory
entry declares (a member that lies about its size fails its CRC check), so the directory is enough.
"""

from __future__ import annotations

import io
import os
import zipfile

from lxml import etree

from ..errors import FormatError

DEFAULT_MAX_UNZIPPED_MB = 512
ENV_MAX_UNZIPPED = "BITEXT_MAX_UNZIPPED_MB"


def max_unzipped_bytes() -> int:
    """The limit on a package's total unpacked size, in bytes (``$BITEXT_MAX_UNZIPPED_MB`` MiB if set)."""
    raw = os.environ.get(ENV_MAX_UNZIPPED, "").strip()
    if raw:
        try:
            mb = float(raw)
        except ValueError:
            raise FormatError(f"{ENV_MAX_UNZIPPED}={raw!r} is not a number of MiB; set it to e.g. 2048") from None
        if mb > 0:
            return int(mb * 1024 * 1024)
    return DEFAULT_MAX_UNZIPPED_MB * 1024 * 1024


def check_sizes(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose members unpack to more than the limit (read from the zip directory only)."""
    limit = max_unzipped_bytes()
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if total > limit:
            big = max(zf.infolist(), key=lambda i: i.file_size)
            raise FormatError(
                f"{name}: unpacks to more than {limit // (1024 * 1024)} MiB ({big.filename} alone is "
                f"{big.file_size // (1024 * 1024)} MiB); a real document is rarely this big (a zip bomb?). "
                f"To read it anyway, raise the limit: {ENV_MAX_UNZIPPED}={total // (1024 * 1024) + 1}")


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The package in ``data``, its sizes checked; raises :class:`zipfile.BadZipFile` for a damaged zip."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    check_sizes(zf, name)
    return zf


def xml_parser() -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and reads nothing from the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_part(payload: bytes) -> etree._Element:
    return etree.fromstring(payload, xml_parser())


def rewrite_package(zf: zipfile.ZipFile, roots: dict[str, etree._Element], changed) -> bytes:
    """The package again, with the parts named in ``changed`` serialised from ``roots`` and every
    other part copied byte for byte; names, dates, order, compression and attributes kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zf.infolist():
            if info.filename in changed:
                payload = etree.tostring(roots[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                payload = zf.read(info.filename)
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            new.create_system = info.create_system
            zout.writestr(new, payload)
    return out.getvalue()
