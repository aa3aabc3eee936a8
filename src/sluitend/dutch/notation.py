"""Dutch notation for amounts and percentages: the rules, and the one scalar formatter.

`39149` -> "39.149", `-2734` -> "-2.734", `1.5` -> "1,50", `95.2` -> "95,2%". An ASCII
hyphen-minus is the minus sign in every format, the terminal included: it survives every CI
log, copy-paste and `grep`, where the typographic minus sign (U+2212) does not.

Pure Python (no pandas, numpy or pyarrow), so that a reader's error message or
`sluitend --help` does not pay for them. `sluitend.dutch.columns` formats many values at
once with the same constants, and falls back to `amount` for what it does not vectorize;
the tests hold the two to the same strings for arbitrary values.
"""

from __future__ import annotations

import math
from typing import Any, Final

#: Between groups of three digits: 39.149.
GROUP: Final = "."
#: Before decimals: 1,50 and 95,2%.
DECIMAL: Final = ","
#: Before a negative amount.
MINUS: Final = "-"
#: A missing amount in a sentence: the "pro memorie" of a budget table.
UNKNOWN: Final = "pm"
#: An infinite amount (a ratio with a zero base, say).
INFINITE: Final = "∞"
#: A missing percentage in a sentence.
NOT_APPLICABLE: Final = "n.v.t."


def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA (recognised without importing pandas)."""
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, float) and math.isnan(value)


def amount(value: Any, *, missing: str = UNKNOWN, signed: bool = False) -> str:
    """A whole amount with `GROUP` between thousands; a fractional one with two decimals
    after `DECIMAL`; a missing one (None, NaN, NA) as `missing`. With `signed`, a positive
    amount gets a "+" (for differences and deltas). Numpy scalars are read as Python numbers.
    """
    if type(value) is int:  # the common case, first: f"{-2734:,}" is "-2,734"
        text = f"{value:,}".replace(",", GROUP)
    elif is_missing(value):
        return missing
    else:
        if hasattr(value, "item"):  # numpy scalars -> Python numbers
            value = value.item()
        text = _number(value)
    return f"+{text}" if signed and value > 0 else text


def _number(value: Any) -> str:
    """`amount` of a value that is not a Python int: a float, a bool, a Decimal."""
    if isinstance(value, float) and math.isinf(value):
        # No figure is infinite, but a ratio or a bad file's float column can be: said as
        # such, never a crash while a report is written.
        return MINUS + INFINITE if value < 0 else INFINITE
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{abs(value):,.2f}".split(".")
        text = whole.replace(",", GROUP) + DECIMAL + frac
    else:
        text = f"{abs(int(value)):,}".replace(",", GROUP)
    return MINUS + text if value < 0 else text


def percentage(value: Any, decimals: int = 1, *, missing: str = NOT_APPLICABLE) -> str:
    """A percentage with a decimal comma: 95.2 -> "95,2%", 100.0 -> "100%"; a missing one
    (None, NaN, NA) as `missing`."""
    if is_missing(value):
        return missing
    value = float(value)
    if value.is_integer():
        return f"{int(value)}%"
    return f"{value:.{decimals}f}".replace(".", DECIMAL) + "%"


__all__ = [
    "DECIMAL",
    "GROUP",
    "INFINITE",
    "MINUS",
    "NOT_APPLICABLE",
    "UNKNOWN",
    "amount",
    "is_missing",
    "percentage",
]
