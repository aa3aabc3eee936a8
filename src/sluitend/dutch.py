"""Dutch notation for amounts and percentages, shared by the engine's messages and reports.

Pure Python (no pandas): `39149` -> "39.149", `-2734` -> "-2.734", `95.2` -> "95,2%".
An ASCII hyphen is the minus sign, so CI logs and terminals show it the same everywhere.
"""

from __future__ import annotations

import math


def amount(value: float | int | None) -> str:
    """Format a whole amount with '.' as the thousands separator; None prints as "pm"."""
    if type(value) is int:  # the common case, first: f"{-2734:,}" is "-2,734"
        return f"{value:,}".replace(",", ".")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "pm"
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{abs(value):,.2f}".split(".")
        text = whole.replace(",", ".") + "," + frac
        return ("-" if value < 0 else "") + text
    text = f"{abs(int(value)):,}".replace(",", ".")
    return ("-" if value < 0 else "") + text


def percentage(value: float | None, decimals: int = 1) -> str:
    """Format a percentage with a decimal comma: 95.2 -> "95,2%", 100.0 -> "100%"."""
    if value is None or math.isnan(value):
        return "n.v.t."
    if float(value).is_integer():
        return f"{int(value)}%"
    return f"{value:.{decimals}f}".replace(".", ",") + "%"
