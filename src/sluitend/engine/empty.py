"""Why a rule checked nothing: the selectors that matched no row, and what the columns hold.

A rule that compares 0 figures has proved nothing, so the runner reports it as a warning
(never a green tick). This module writes the reason: for each selector of the rule (its
`where` and its kind's own selectors) that matches no row, each comparison in it that
matches no row on its own, with the values the column does hold, close matches first
("no row has vuo 'o'; vuo holds V, U, O"). Every step is one vectorized evaluation of a
selector or one `unique` of a column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule
from sluitend.rules.where import (
    And,
    Column,
    Compare,
    InList,
    Literal,
    Node,
    Where,
    literal_text,
)

#: How many of a column's values a reason lists.
SHOWN_VALUES = 8


def selectors(rule: Rule) -> list[tuple[str, Where]]:
    """(key, where) of every selector a rule has, in the order a rule file writes them."""
    out: list[tuple[str, Where]] = []
    for key in ("total", "parts", "left", "right", "when", "where"):
        value = getattr(rule, key, None)
        if isinstance(value, Where):
            out.append((key, value))
    for index, value in enumerate(getattr(rule, "require", ()) or ()):
        out.append((f"require[{index}]" if len(rule.require) > 1 else "require", value))  # type: ignore[attr-defined]
    return out


def _conjuncts(node: Node) -> Iterator[Node]:
    """The parts of a where tree that a row must each match for the whole to match: the
    items of its (nested) `and`s. A `not` or an `or` is one part, not taken apart: under
    them a single comparison need not match."""
    if isinstance(node, And):
        for item in node.items:
            yield from _conjuncts(item)
    else:
        yield node


def _values_text(series: pd.Series, wanted: list[Any]) -> str:
    """The distinct values of a column, close matches to `wanted` first, at most a few."""
    values = pd.unique(series.dropna().astype(object).to_numpy())
    if len(values) == 0:
        return "no value at all"
    if pd.api.types.is_numeric_dtype(series.dtype):
        # Numbers in order: a year or amount out of range shows as such.
        ordered = [str(v) for v in sorted(values)]
    else:
        texts = [str(v) for v in values]  # in the order the table first uses them
        first: list[str] = []
        for target in (str(w) for w in wanted):
            lower = target.lower()
            # Case-insensitive equality and containment first ("Subsidies" in "Subsidies
            # (regelingen)"), then difflib's similar spellings ("07" -> "7").
            first += [t for t in texts if t.lower() == lower or (lower and lower in t.lower())]
            first += difflib.get_close_matches(target, texts, n=SHOWN_VALUES, cutoff=0.5)
        ordered = list(dict.fromkeys([*first, *texts]))
    shown = [repr(t) if t == "" or t != t.strip() else t for t in ordered[:SHOWN_VALUES]]
    more = len(ordered) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _part_reason(leaf: Node, frame: pd.DataFrame) -> str | None:
    """Why one part of a where matches no row on its own, or None when it matches some."""
    if np.any(evaluate_array(Where(leaf), frame)):
        return None
    if not isinstance(leaf, (Compare, InList)):
        return f"{Where(leaf).text} matches no row"
    if isinstance(leaf, InList):
        column = leaf.column.name
        wanted = [v.value for v in leaf.values]
        shown = "[" + ", ".join(literal_text(v) for v in wanted) + "]"
        if leaf.negated:
            return f"every row has {column} in {shown}"
        holds = _values_text(frame[column], wanted)
        return f"no row has {column} in {shown}; {column} holds {holds}"
    left, right = leaf.left, leaf.right
    if isinstance(left, Literal):
        left, right = right, left
    if not isinstance(left, Column):
        return f"{Where(leaf).text} matches no row"
    column = left.name
    if isinstance(right, Column):
        return f"no row has {Where(leaf).text}"
    value = right.value
    op = "" if leaf.op == "==" else f"{leaf.op} "
    holds = _values_text(frame[column], [value])
    return f"no row has {column} {op}{literal_text(value)}; {column} holds {holds}"


def selector_reasons(key: str, where: Where, frame: pd.DataFrame) -> list[str]:
    """Why `where` (the rule's `key`) matches no row; [] when it matches some."""
    if np.any(evaluate_array(where, frame)):
        return []
    parts = list(_conjuncts(where.node))
    if len(parts) == 1 and not isinstance(parts[0], (Compare, InList)):
        return [f"{key} {where.text!r} matches no row"]
    reasons = [r for part in parts if (r := _part_reason(part, frame))]
    if reasons:
        return [f"{key} {where.text!r}: {r}" for r in reasons]
    return [f"{key} {where.text!r}: each part matches some rows, but no row matches all"]


def explain(rule: Rule, frame: pd.DataFrame) -> str:
    """One sentence on why `rule` checked no figure of `frame`."""
    if len(frame) == 0:
        return "checks nothing: the dataset has no rows"
    reasons = [r for key, where in selectors(rule) for r in selector_reasons(key, where, frame)]
    if reasons:
        return "checks nothing: " + "; ".join(reasons)
    return "checks nothing: " + _kind_reason(rule)


#: What a kind still found nothing to compare in when every selector matches rows.
_KIND_REASONS = {
    "hierarchy": "no row it selects is a total with lines under it",
    "sum": "no group of its `by` columns holds both a total row and parts rows",
    "equal": "no left row has a right partner with the same `on` values",
    "exists": "no group has a row it applies to",
    "change": "no figure has one of the same line in the year before it",
    "compare": "no left row has a right partner to compare with",
}


def _kind_reason(rule: Rule) -> str:
    """Every selector matches rows; what the kind still found nothing to compare in."""
    if rule.kind == "range":
        return f"no row has a value in column {rule.column!r}"  # type: ignore[attr-defined]
    return _KIND_REASONS.get(rule.kind, "no row to check")
