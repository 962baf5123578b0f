"""The Quantity a number becomes, whatever the language it was written in."""

from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str
    unit: str | None
    span: tuple[int, int]
    text: str
    digits: str | None = None
    high: float | None = None
