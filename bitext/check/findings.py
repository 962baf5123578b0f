"""What the checks report: plain dataclasses, stable in JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# kinds
NUMBER_MISSING = "number-missing"  # a source number has no counterpart in the translation
NUMBER_EXTRA = "number-extra"  # a number in the translation has no source counterpart
NUMBER_CHANGED = "number-changed"  # a number's value differs (560 -> 650)
UNIT_CHANGED = "unit-changed"  # same number, different unit (km -> miles) without conversion
UNIT_CONVERTED = "unit-converted"  # a plausible unit conversion (info, not an error)
NAME_MISSING = "name-missing"  # a source name has no counterpart in the translation
NAME_UNEXPECTED = "name-unexpected"  # a capitalised English name with no source counterpart
NAME_INCONSISTENT = "name-inconsistent"  # one Arabic name rendered two ways in a document
NAME_SPELLING = "name-spelling"  # a name one or two letters off its known spelling (Swedden for السويد)
GLOSSARY = "glossary"  # a glossary term not rendered as required
NAMES_UNCHECKED = "names-unchecked"  # a pair too long for the name check (a megabyte line): not checked
ARABIC_DIGITS = "arabic-digits"  # Arabic-Indic digits or Arabic separators (٣٫٥, ٬) left in the English

KINDS = (NUMBER_MISSING, NUMBER_EXTRA, NUMBER_CHANGED, UNIT_CHANGED, UNIT_CONVERTED,
         NAME_MISSING, NAME_UNEXPECTED, NAME_INCONSISTENT, NAME_SPELLING, GLOSSARY, NAMES_UNCHECKED, ARABIC_DIGITS)

# severities, most serious first
ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass
class Finding:
    kind: str
    severity: str
    sentence: int  # index of the sentence pair (0-based)
    message: str  # one line a translator can act on
    source_span: tuple[int, int] | None = None  # [start, end) in the source sentence
    target_span: tuple[int, int] | None = None  # [start, end) in the target sentence
    values: dict[str, Any] = field(default_factory=dict)  # e.g. {"source": 560, "target": 650}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source_span"] = list(self.source_span) if self.source_span else None
        d["target_span"] = list(self.target_span) if self.target_span else None
        return d
