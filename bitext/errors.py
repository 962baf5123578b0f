"""One exception type per user-facing failure.

The CLI catches :class:`BitextError` once and prints ``str(error)`` as a single
line, then exits with ``error.exit_code``. Library users get ordinary
exceptions with the same message.
"""

from __future__ import annotations


class BitextError(Exception):
    """Base class of every error bitext reports to a person."""

    exit_code = 2


class InputError(BitextError):
    """An input file is missing, unreadable, binary or not text."""


class ModelUnavailableError(BitextError):
    """A model cannot be loaded (offline, missing, or not a MarianMT model)."""


class FormatError(BitextError):
    """An option or a file format is not supported or is malformed."""
