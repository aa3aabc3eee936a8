"""One sentence per finding, in the words a controller uses, amounts in Dutch notation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sluitend import dutch
from sluitend.engine.checks.outcome import NOT_CHECKABLE, ROUNDING
from sluitend.vocabulary import LEVELS, VUO_NAMES


def place(where: Mapping[str, Any], label: str) -> str:
    """The figure as a person names it: its label (or deepest level), vuo and year."""
    name = label or next((str(where[lv]) for lv in reversed(LEVELS) if where.get(lv)), "")
    vuo = VUO_NAMES.get(str(where.get("vuo", "")), "")
    if not name:
        name = vuo
    elif vuo and name != vuo:
        name = f"{name} ({vuo.lower()})"
    year = where.get("jaar")
    return f"{name} {year}" if year is not None else name


def _amt(value: float) -> str:
    return dutch.amount(int(value) if float(value).is_integer() else value)


def sum_message(
    kind: str,
    where: Mapping[str, Any],
    label: str,
    status: int,
    expected: float,
    actual: float,
    bound: float,
    n_parts: int,
) -> str:
    """The message of a hierarchy or sum finding."""
    what = "its lines" if kind == "hierarchy" else "its parts"
    figure = place(where, label)
    if status == NOT_CHECKABLE:
        return f"{figure}: not checkable, an unknown (pm) figure takes part in the sum"
    diff = actual - expected
    text = (
        f"{figure}: stated {_amt(actual)}, {what} add up to {_amt(expected)} "
        f"(difference {_amt(diff)})"
    )
    if status == ROUNDING:
        text += (
            f"; afrondingsverschil within the rounding bound of {_amt(bound)} for {n_parts} figures"
        )
    return text


def equal_message(
    where: Mapping[str, Any],
    label: str,
    partner_where: Mapping[str, Any],
    status: int,
    expected: float,
    actual: float,
) -> str:
    """The message of an equal finding: 'Verplichtingen 2020 (39.149) differ from ...'."""
    left_vuo, right_vuo = where.get("vuo"), partner_where.get("vuo")
    if left_vuo != right_vuo and left_vuo and right_vuo and not any(where.get(lv) for lv in LEVELS):
        left = f"{VUO_NAMES[str(left_vuo)]} {where.get('jaar')}"
        right = VUO_NAMES[str(right_vuo)].lower()
    else:
        left, right = place(where, label), "its counterpart"
    if status == NOT_CHECKABLE:
        return f"{left}: not checkable against {right}, one of them is unknown (pm)"
    diff = _amt(actual - expected)
    text = f"{left} ({_amt(actual)}) differ from {right} ({_amt(expected)}) by {diff}"
    if status == ROUNDING:
        text += "; afrondingsverschil within 1 unit"
    return text


def range_message(
    where: Mapping[str, Any],
    label: str,
    column: str,
    value: float,
    low: float | None,
    high: float | None,
) -> str:
    """The message of a range finding."""
    shown = dutch.percentage(value) if column == "percentage" else _amt(value)
    lo = "-∞" if low is None else _amt(low)
    hi = "∞" if high is None else _amt(high)
    name = label or place(where, "")
    return f"{name}: {column} {shown} is outside [{lo}, {hi}]"


def unique_message(where: Mapping[str, Any], label: str, first_bron: str) -> str:
    """The message of a unique finding."""
    return f"{place(where, label)}: the same figure appears again; first at {first_bron}"
