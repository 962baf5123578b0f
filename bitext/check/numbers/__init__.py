"""Number checker: compare the VALUES of the numbers in an Arabic source and its English translation.

Extraction (``extract_numbers(text, lang)``) finds digits of the three systems (0-9, ٠-٩, ۰-۹)
with the Arabic separators ٫ (decimal) ٬ (thousands) and ٪, grouped thousands (1,200,000;
1.200.000 only with two or more dot groups), decimals, signs, dash ranges, number words of both
languages (compounds, duals, scale words after digits, attached Arabic prefixes و ف ب ل ك ال),
fractions, ordinals, months of both Arabic naming systems (a "تموز/يوليو" pair is one month),
weekdays, years, decades, clock times, units and long digit strings (phones, ids).

Conventions:

* ``value`` is the normalised number (4 ملايين -> 4e6, نصف -> 0.5); months 1-12, weekdays
  Monday=1 ... Sunday=7, decades their first year (الستينيات -> 1960), times hours modulo 12
  plus minutes/60 (so 15:30, 3:30 pm and 03.30 compare equal).
* Ranges "10-15" / "١٠–١٥" are ONE quantity with ``value``=10 and ``high``=15. Ranges written
  with words ("between 10 and 15") are two quantities. A range matches a range with the same
  ends or, failing that, its two ends are compared as two numbers.
* Units (canonical): km m cm mm mile ft inch km2 mile2 kg g ton lb pound (currency or weight:
  English "pounds", Arabic جنيه, £) usd eur percent degree celsius fahrenheit kmh mph, and
  durations hour minute second day week month year.
* kind "digits": a digit string of 7+ digits without separators, or phone-style groups
  (leading + or 00, or 3+ groups joined by spaces/dashes). ``digits`` holds the Western digit
  string with a leading "+" / "00" removed; two digit strings match when equal.

Comparison rule (``check_numbers``):

1. range == range with the same ends; other ranges are split into their two ends;
2. exact value equality (digit strings equal for kind "digits"), kind-compatible (months only
   with months, weekdays with weekdays, clock times with times; numbers, ordinals, years,
   percents, decades compare freely) and unit-compatible (a missing unit fits any unit),
   preferring same kind and unit, then nearest position;
3. rounding: "1.2 million" (written with a decimal or scale word) matches 1,234,567 when the
   latter rounds to it at the former's precision;
4. unit conversion (km/mile, m/ft, kg/lb, cm/inch, km2/mile2, kmh/mph, celsius/fahrenheit)
   within 4% -> ``unit-converted`` (info); the same value with another unit -> ``unit-changed``;
5. leftovers: one source and one target quantity of compatible kind/unit pair up in order of
   appearance -> ``number-changed``; the rest -> ``number-missing`` (source) / ``number-extra``
   (target). A leftover target that is a unit conversion of any source quantity is info.
   Leftovers whose value occurs on the other side anyway (repeated mentions) are not reported.

Leniency ("weak" quantities take part in matching but are never reported): the value 1 or the
ordinal 1 written as a word (أحد, واحد, الأول, one, a, first), noon/midnight, numbers glued to
Latin letters (codes such as F-16, A380, G20). Vague plurals without a number (عشرات, مئات,
آلاف, dozens, hundreds, thousands) and both/كلا/twice/مرتين give no quantity at all.
"""
from __future__ import annotations

from .compare import check_numbers
from .lexicon import MAX_NUMBER_PAIRS, NEAREST_NUMBERS
from .digits import arabic_digit_findings, western_digits
from .extract import extract_numbers
from .quantity import Quantity

__all__ = ["Quantity", "extract_numbers", "check_numbers", "arabic_digit_findings", "western_digits",
           "MAX_NUMBER_PAIRS", "NEAREST_NUMBERS"]
