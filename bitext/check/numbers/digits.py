"""Arabic-Indic digits and separators left in the English: the ``arabic-digits`` finding."""

from __future__ import annotations

import re

from bitext.check.findings import (
    ARABIC_DIGITS,
    WARNING,
    Finding,
)


_ARABIC_NUMERALS = "\u0660-\u0669\u06f0-\u06f9\u066a\u066b\u066c"
_ARABIC_RUN = re.compile(f"[0-9{_ARABIC_NUMERALS}]*[{_ARABIC_NUMERALS}][0-9{_ARABIC_NUMERALS}]*")
_WESTERN = str.maketrans({**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)},
                          0x066B: ".", 0x066C: ",", 0x066A: "%"})


def western_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits as 0-9 and ٫ ٬ ٪ as . , % (one character for one)."""
    return text.translate(_WESTERN)


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
