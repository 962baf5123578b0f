"""Arabic-Indic digits and separators left in the English: the ``arabic-digits`` finding."""

from __future__ import annotations

import re

from ...segment.normalize import western_digits  # the one table; re-exported for the checker
from ..findings import ARABIC_DIGITS, WARNING, Finding


_ARABIC_NUMERALS = "\u0660-\u0669\u06f0-\u06f9\u066a\u066b\u066c"
_ARABIC_RUN = re.compile(f"[0-9{_ARABIC_NUMERALS}]*[{_ARABIC_NUMERALS}][0-9{_ARABIC_NUMERALS}]*")





def arabic_digit_findings(target: str, sentence: int = 0) -> list[Finding]:
    """``arabic-digits`` (warning): Arabic-Indic digits or Arabic separators left in the English
    (``٣٫٥`` for 3.5, ``١٬٢٠٠`` for 1,200). Their value matches the source, so no other number
    finding reports them; ``values["western"]`` is the run written with 0-9 . , %."""
    findings = []
    for m in _ARABIC_RUN.finditer(target):
        run = m.group()
        findings.append(Finding(
            ARABIC_DIGITS, WARNING, sentence,
            f"Arabic-Indic digits or separators in the translation: \"{run}\" (in English: {western_digits(run)})",
            None, m.span(), {"target_text": run, "western": western_digits(run)}))
    return findings
