"""One sentence per finding, in the words a controller uses, amounts in Dutch notation.

The messages are worded here, in the engine, and not by the reporters, because they are
built column-wise from a check's outcome arrays when a part of the findings is built (a
half-wrong national budget has hundreds of thousands of them): the outcome is gone once the
findings exist. Every amount and figure name in them comes from `sluitend.dutch`, the one
implementation the reporters use too (README, "Architecture").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sluitend import dutch
from sluitend.dutch import columns, figure_name
from sluitend.dutch.names import pair_names, value_text
from sluitend.engine.checks.outcome import AMBIGUOUS, NOT_CHECKABLE, ROUNDING, UNLIKELY
from sluitend.rules.change import ACROSS_DOCUMENTS


def _strings(frame: pd.DataFrame, column: str, rows: np.ndarray) -> pa.Array:
    """One column at `rows` as Arrow strings (a categorical's codes are not spelled out row
    by row, nor is a string column turned into Python strings)."""
    series = frame[column].take(rows)
    if pd.api.types.is_integer_dtype(series.dtype) and not series.hasnans:
        return pa.array(series.to_numpy()).cast(pa.string())
    if isinstance(series.dtype, pd.CategoricalDtype) and series.cat.categories.dtype == object:
        return pa.array(series.array).cast(pa.string())
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype(str)
    return pa.array(series.array).cast(pa.string())


def figure_names(frame: pd.DataFrame, rows: np.ndarray) -> pa.Array | None:
    """`dutch.figure_name` of every row at `rows`, or None when the frame lacks a column that
    takes part (then the caller names rows one by one)."""
    needed = columns.FIGURE_COLUMNS
    if len(rows) == 0 or any(c not in frame.columns for c in needed):
        return None
    return columns.figure_names({c: _strings(frame, c, rows) for c in needed})


def amounts_text(values: Sequence[float]) -> list[str]:
    """Dutch notation for many amounts at once."""
    return columns.amounts(np.asarray(values, dtype=np.float64)).to_pylist()


def _within_bound(
    text: pa.Array,
    where: np.ndarray,
    lead: str,
    bounds: Sequence[float] | np.ndarray,
    n_parts: Sequence[int] | np.ndarray,
    tail: str,
) -> pa.Array:
    """`text` with "{lead}{bound} for {n} figures{tail}" added at the rows `where` is True."""
    if not where.any():
        return text
    added = pc.binary_join_element_wise(
        text,
        lead,
        columns.amounts(bounds),
        " for ",
        pa.array(np.asarray(n_parts, dtype=np.int64)).cast(pa.string()),
        " figures",
        tail,
        "",
    )
    return pc.if_else(pa.array(where), added, text)


def sum_messages(
    kind: str,
    figures: Sequence[str] | pa.Array,
    statuses: Sequence[int] | np.ndarray,
    expected: Sequence[float] | np.ndarray,
    actual: Sequence[float] | np.ndarray,
    bounds: Sequence[float] | np.ndarray,
    n_parts: Sequence[int] | np.ndarray,
    alternative: Sequence[float] | np.ndarray | None = None,
) -> list[str]:
    """The messages of hierarchy or sum findings, one per figure; `figures` are the names
    `dutch.figure_name` gives (`figure_names` makes them for many rows at once). Built in Arrow.
    `alternative` is the sum of an ambiguous layout's other reading (memo lines as parts)."""
    what = "its lines" if kind == "hierarchy" else "its parts"
    figure = figures if isinstance(figures, pa.Array) else pa.array(figures, type=pa.string())
    status = np.asarray(statuses)
    stated, summed = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    text = pc.binary_join_element_wise(
        figure,
        ": stated ",
        columns.amounts(stated),
        f", {what} add up to ",
        columns.amounts(summed),
        " (difference ",
        columns.amounts(stated - summed),
        ")",
        "",
    )
    text = _within_bound(
        text,
        status == ROUNDING,
        "; afrondingsverschil within the rounding bound of ",
        bounds,
        n_parts,
        "",
    )
    text = _within_bound(
        text,
        status == UNLIKELY,
        "; within the worst-case rounding bound of ",
        bounds,
        n_parts,
        ", but unlikely to be rounding alone (beyond the statistical bound)",
    )
    ambiguous = status == AMBIGUOUS
    if ambiguous.any() and alternative is not None:
        other = np.asarray(alternative, dtype=np.float64)
        both = pc.binary_join_element_wise(
            figure,
            ": ambiguous layout. Stated ",
            columns.amounts(stated),
            "; with its 'waarvan' lines as memo lines, its lines add up to ",
            columns.amounts(summed),
            " (difference ",
            columns.amounts(stated - summed),
            "); with its 'waarvan' line(s) counted as parts, to ",
            columns.amounts(other),
            " (difference ",
            columns.amounts(stated - other),
            "). The table does not say which it means",
            "",
        )
        text = pc.if_else(pa.array(ambiguous), both, text)
    unknown = status == NOT_CHECKABLE
    if unknown.any():
        not_checkable = pc.binary_join_element_wise(
            figure, ": not checkable, an unknown (pm) figure takes part in the sum", ""
        )
        text = pc.if_else(pa.array(unknown), not_checkable, text)
    out: list[str] = text.to_pylist()
    return out


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
        left, right = pair_names(where, partner_where, label)
        if status == NOT_CHECKABLE:
            out.append(f"{left}: not checkable against {right}, one of them is unknown (pm)")
            continue
        text = f"{left} ({a}) differ from {right} ({e}) by {d}"
        if status == ROUNDING:
            text += "; afrondingsverschil within 1 unit"
        out.append(text)
    return out


def range_message(
    where: Mapping[str, Any],
    label: str,
    column: str,
    value: float,
    low: float | None,
    high: float | None,
) -> str:
    """The message of a range finding."""
    shown = value_text(column, value)
    lo = "-∞" if low is None else dutch.amount(low)
    hi = "∞" if high is None else dutch.amount(high)
    name = label or figure_name(where, "")
    return f"{name}: {column} {shown} is outside [{lo}, {hi}]"


def unique_message(
    where: Mapping[str, Any],
    label: str,
    first_bron: str,
    last_bron: str = "",
    last_first_bron: str = "",
    size: int = 1,
) -> str:
    """The message of a unique finding: one figure again, or a block of `size` figures
    (to `last_bron`) that repeats the block from `first_bron` to `last_first_bron`."""
    if size <= 1:
        return f"{figure_name(where, label)}: the same figure appears again; first at {first_bron}"
    return (
        f"{figure_name(where, label)} and the {dutch.amount(size - 1)} figures after it, to "
        f"{last_bron}: a repeated block; the same {dutch.amount(size)} figures appear first "
        f"from {first_bron} to {last_first_bron}"
    )


#: How a message says a relation that does not hold: "should be at most ...".
OP_WORDS = {
    "<=": "at most",
    "<": "below",
    ">=": "at least",
    ">": "above",
    "==": "equal to",
    "!=": "different from",
}


def compare_messages(
    wheres: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    partner_wheres: Sequence[Mapping[str, Any] | None],
    partner_labels: Sequence[str],
    statuses: Sequence[int],
    expected: Sequence[float],
    actual: Sequence[float],
    op: str,
) -> list[str]:
    """The messages of compare findings: 'waarvan ICT (uitgaven) 2017 (41.458) should be at
    most Materiele uitgaven (uitgaven) 2017 (35.000); it is 6.458 above it'."""
    words = OP_WORDS[op]
    differences = [a - e for a, e in zip(actual, expected, strict=True)]
    out = []
    for where, label, partner, partner_label, status, e, a, d, raw in zip(
        wheres,
        labels,
        partner_wheres,
        partner_labels,
        statuses,
        amounts_text(expected),
        amounts_text(actual),
        amounts_text([abs(x) for x in differences]),
        differences,
        strict=True,
    ):
        figure = figure_name(where, label)
        other = e if partner is None else f"{figure_name(partner, partner_label)} ({e})"
        if status == NOT_CHECKABLE:
            out.append(f"{figure}: not checkable against {other}, a figure is unknown (pm)")
            continue
        side = "above" if raw > 0 else "below" if raw < 0 else "equal to"
        text = f"{figure} ({a}) should be {words} {other}"
        text += "; it is equal" if raw == 0 else f"; it is {d} {side} it"
        if status == ROUNDING:
            text += "; afrondingsverschil within the rounding bound"
        out.append(text)
    return out


def change_messages(
    wheres: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    statuses: Sequence[int],
    before: Sequence[float],
    after: Sequence[float],
    bounds: Sequence[float],
    along: str,
) -> list[str]:
    """The messages of change findings: 'Uitgaven 2018: 150.000 against 90.000 in 2017, a
    change of +60.000 (+66,7%); allowed at most 45.000'."""
    out = []
    for where, label, status, b, a, bt, at, bound in zip(
        wheres,
        labels,
        statuses,
        before,
        after,
        amounts_text(before),
        amounts_text(after),
        amounts_text(bounds),
        strict=True,
    ):
        figure = figure_name(where, label)
        step = where.get(along)
        earlier = f"{int(step) - 1}" if isinstance(step, (int, np.integer)) else "the step before"
        if along == ACROSS_DOCUMENTS:
            earlier = f"begroting {earlier}"
        if status == NOT_CHECKABLE:
            out.append(f"{figure}: not checkable against {earlier}, a figure is unknown (pm)")
            continue
        change = a - b
        sign = "+" if change > 0 else ""
        text = f"{figure}: {at} against {bt} in {earlier}, a change of {sign}{dutch.amount(change)}"
        if b:
            share = 100.0 * change / abs(b)
            text += f" ({sign}{dutch.percentage(round(share, 1))})"
        out.append(f"{text}; allowed at most {bound}")
    return out


def group_name(where: Mapping[str, Any]) -> str:
    """A group of an `exists` rule as a person names it: its key values, joined."""
    return ", ".join(f"{k} {v}" for k, v in where.items() if v not in ("", None)) or "the table"


def exists_message(
    where: Mapping[str, Any], when: str | None, missing: Sequence[str], first_bron: str
) -> str:
    """The message of an exists finding: the group, what it has, what it lacks."""
    has = f"rows matching {when}" if when else "rows"
    lacks = "; nor one matching ".join(missing)
    return f"{group_name(where)}: has {has} (the first at {first_bron}) but no row matching {lacks}"
