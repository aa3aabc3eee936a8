"""One sentence per finding, in the words a controller uses, amounts in Dutch notation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    value = float(value)
    if value.is_integer():  # the common case, inline: messages are built by the thousand
        return f"{int(value):,}".replace(",", ".")
    return dutch.amount(value)


def amounts_text(values: Sequence[float]) -> list[str]:
    """Dutch notation for many amounts at once (whole amounts without a function call)."""
    return [
        f"{int(v):,}".replace(",", ".") if v.is_integer() else dutch.amount(v)
        for v in map(float, values)
    ]


def sum_messages(
    kind: str,
    wheres: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    statuses: Sequence[int],
    expected: Sequence[float],
    actual: Sequence[float],
    bounds: Sequence[float],
    n_parts: Sequence[int],
) -> list[str]:
    """The messages of hierarchy or sum findings, one per row of the arguments."""
    what = "its lines" if kind == "hierarchy" else "its parts"
    differences = [a - e for a, e in zip(actual, expected, strict=True)]
    out = []
    for where, label, status, e, a, d, bound, n in zip(
        wheres,
        labels,
        statuses,
        amounts_text(expected),
        amounts_text(actual),
        amounts_text(differences),
        bounds,
        n_parts,
        strict=True,
    ):
        figure = place(where, label)
        if status == NOT_CHECKABLE:
            out.append(f"{figure}: not checkable, an unknown (pm) figure takes part in the sum")
            continue
        text = f"{figure}: stated {a}, {what} add up to {e} (difference {d})"
        if status == ROUNDING:
            text += (
                f"; afrondingsverschil within the rounding bound of {_amt(bound)} for {n} figures"
            )
        out.append(text)
    return out


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
    return sum_messages(kind, [where], [label], [status], [expected], [actual], [bound], [n_parts])[
        0
    ]


def equal_messages(
    wheres: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    partner_wheres: Sequence[Mapping[str, Any]],
    statuses: Sequence[int],
    expected: Sequence[float],
    actual: Sequence[float],
) -> list[str]:
    """The messages of equal findings: 'Verplichtingen 2020 (39.149) differ from ...'."""
    differences = [a - e for a, e in zip(actual, expected, strict=True)]
    out = []
    for where, label, partner_where, status, e, a, d in zip(
        wheres,
        labels,
        partner_wheres,
        statuses,
        amounts_text(expected),
        amounts_text(actual),
        amounts_text(differences),
        strict=True,
    ):
        left_vuo, right_vuo = where.get("vuo"), partner_where.get("vuo")
        if (
            left_vuo != right_vuo
            and left_vuo
            and right_vuo
            and not any(where.get(lv) for lv in LEVELS)
        ):
            left = f"{VUO_NAMES[str(left_vuo)]} {where.get('jaar')}"
            right = VUO_NAMES[str(right_vuo)].lower()
        else:
            left, right = place(where, label), "its counterpart"
        if status == NOT_CHECKABLE:
            out.append(f"{left}: not checkable against {right}, one of them is unknown (pm)")
            continue
        text = f"{left} ({a}) differ from {right} ({e}) by {d}"
        if status == ROUNDING:
            text += "; afrondingsverschil within 1 unit"
        out.append(text)
    return out


def equal_message(
    where: Mapping[str, Any],
    label: str,
    partner_where: Mapping[str, Any],
    status: int,
    expected: float,
    actual: float,
) -> str:
    """The message of an equal finding: 'Verplichtingen 2020 (39.149) differ from ...'."""
    return equal_messages([where], [label], [partner_where], [status], [expected], [actual])[0]


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
