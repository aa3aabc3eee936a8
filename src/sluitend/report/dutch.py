"""Numbers and places the way a Dutch budget document prints them, for the reporters.

Builds on `sluitend.dutch` (shared with the engine's messages, so a report and a message
print an amount the same way): a dot between thousands (`39.149`), a comma before decimals
(`95,2%`), and an ASCII hyphen-minus for negative amounts (`-2.734`) in every format, the
terminal included: it survives every CI log, copy-paste and `grep`, where the typographic
minus sign (U+2212) does not. Reports differ from messages in one way: a missing amount is an
empty cell (`NO_AMOUNT`), because a finding may have no amount at all (a duplicate figure),
and in a Dutch table "-" would read as nihil.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sluitend import dutch
from sluitend.vocabulary import LEVELS, VUO_NAMES

#: Shown for a missing amount: an empty cell.
NO_AMOUNT = ""


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (recognised without importing pandas)."""
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, float) and math.isnan(value)


def amount(value: Any, *, signed: bool = False) -> str:
    """An amount in Dutch notation: 39149 -> "39.149", -2734 -> "-2.734".

    None, NaN and pandas' NA give "" (`NO_AMOUNT`). With `signed`, positive values get a
    "+" (for differences and deltas).
    """
    if _missing(value):
        return NO_AMOUNT
    if hasattr(value, "item"):  # numpy scalars -> Python numbers
        value = value.item()
    text = dutch.amount(value)
    return f"+{text}" if signed and value > 0 else text


def percentage(value: Any) -> str:
    """A percentage in Dutch notation: 95.2 -> "95,2%", 100.0 -> "100%"; missing -> ""."""
    return NO_AMOUNT if _missing(value) else dutch.percentage(float(value))


def unit_label(unit: int, kind: str = "") -> str:
    """How a table states its unit: 1000 -> "x € 1.000"; percentages -> "%"."""
    if kind == "juridisch_verplicht":
        return "%"
    if unit == 1:
        return "€"
    return f"x € {amount(unit)}"


def place(where: Mapping[str, Any], *, with_year: bool = True) -> str:
    """Where a figure sits in the budget, as a person reads it.

    {"hoofdstuk": "VII", "artikel": "7", "onderdeel": "7.1", "instrument": "Subsidies",
    "regeling": "", "vuo": "U", "jaar": 2023} -> "VII art. 7 · 7.1 › Subsidies · Uitgaven 2023".
    """
    head = " ".join(
        p
        for p in (
            str(where.get("hoofdstuk") or ""),
            f"art. {where['artikel']}" if where.get("artikel") else "",
        )
        if p
    )
    path = " › ".join(str(where[c]) for c in (*LEVELS, "categorie") if where.get(c))
    vuo = VUO_NAMES.get(str(where.get("vuo") or ""), str(where.get("vuo") or ""))
    tail = " ".join(
        p for p in (vuo, str(where["jaar"]) if with_year and where.get("jaar") else "") if p
    )
    if where.get("waarvan"):
        tail = f"{tail} (waarvan)" if tail else "(waarvan)"
    return " · ".join(p for p in (head, path, tail) if p)
