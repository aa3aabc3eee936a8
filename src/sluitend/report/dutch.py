"""A report's conventions for Dutch notation, on top of `sluitend.dutch` (the notation).

The notation itself (a dot between thousands, a decimal comma, an ASCII minus, the figure
names) is `sluitend.dutch`'s, shared with the engine's messages, so a report and a message
print an amount the same way. Reports differ from messages in one way: a missing amount is
an empty cell (`NO_AMOUNT`), because a finding may have no amount at all (a duplicate
figure), and in a Dutch table "-" would read as nihil.
"""

from __future__ import annotations

from typing import Any

from sluitend import dutch
from sluitend.dutch import place
from sluitend.vocabulary import PERCENT_COLUMNS, layout_of

#: Shown for a missing amount: an empty cell.
NO_AMOUNT = ""


def amount(value: Any, *, signed: bool = False) -> str:
    """An amount in Dutch notation: 39149 -> "39.149", -2734 -> "-2.734".

    None, NaN and pandas' NA give "" (`NO_AMOUNT`). With `signed`, positive values get a
    "+" (for differences and deltas).
    """
    return dutch.amount(value, missing=NO_AMOUNT, signed=signed)


def percentage(value: Any) -> str:
    """A percentage in Dutch notation: 95.2 -> "95,2%", 100.0 -> "100%"; missing -> ""."""
    return dutch.percentage(value, missing=NO_AMOUNT)


def unit_label(unit: int, kind: str = "") -> str:
    """How a table states its unit: 1000 -> "x € 1.000"; a kind whose figures are
    percentages (its layout's value column is a percent column) -> "%"."""
    if layout_of(kind).value in PERCENT_COLUMNS:
        return "%"
    if unit == 1:
        return "€"
    return f"x € {amount(unit)}"


__all__ = ["NO_AMOUNT", "amount", "percentage", "place", "unit_label"]
