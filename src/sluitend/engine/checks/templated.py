"""What the code-list and totals checks share: their scope, group anchors and message
templates (`<fout>`, `<goed>`, `<extra>`, filled per finding, and `<column>` for a column
of the rule's dataset kind, such as Iv3's `<onderdeel>`).

A rule file may carry a message template (CBS's own Dutch texts for Iv3); the check fills in
the values it found, and a placeholder that names a column of the rule's dataset kind with
that column's value in the finding's row ("" where the finding is a group's, not a row's).
Templates are plain text, replaced with `str.replace`: nothing in a rule file is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sluitend import dutch
from sluitend.engine.checks.common import amounts, scope
from sluitend.engine.checks.keys import keys_for
from sluitend.engine.checks.outcome import CheckOutcome
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_KINDS

#: The placeholders a check fills with what it found, in the order they are replaced
#: (`<extra_fout>`, which no check fills, is replaced by "").
PLACEHOLDERS = ("<extra_fout>", "<fout>", "<goed>", "<extra>")
_OWN = frozenset(p.strip("<>") for p in PLACEHOLDERS)
_PLACEHOLDER = re.compile(r"<(\w+)>")

#: (frame, positions into outcome.rows) -> one message per position. The frame is passed at
#: call time, never captured: an outcome outlives its validation (pandera keeps the schema,
#: and with it the outcomes, registered on the frame), and a captured frame would never be
#: freed.
Messages = Callable[[pd.DataFrame, np.ndarray], list[str]]


def template_columns(template: str, kind: str) -> tuple[str, ...]:
    """The columns of dataset kind `kind` that `template` names as placeholders (Iv3's
    `<onderdeel>`), in the order named, but for the check's own (`<fout>`, ...)."""
    columns = DATASET_KINDS.get(kind, {})
    named = _PLACEHOLDER.findall(template)
    return tuple(dict.fromkeys(n for n in named if n in columns and n not in _OWN))


def fill(template: str, values: Mapping[str, str], columns: Sequence[str] = ()) -> str:
    """`template` with each placeholder (`<fout>` ..., and `<column>` for each of `columns`,
    see `template_columns`) replaced by its value ("" if none).

    Doubled spaces that an empty placeholder leaves are closed up.
    """
    first, *own = PLACEHOLDERS  # <extra_fout> before the columns, as it always was
    text = template.replace(first, values.get(first.strip("<>"), ""))
    for column in columns:
        text = text.replace(f"<{column}>", values.get(column, ""))
    for name in own:
        text = text.replace(name, values.get(name.strip("<>"), ""))
    return " ".join(text.split())


def memo_mask(frame: pd.DataFrame) -> np.ndarray:
    """True on breakdown (`waarvan`) rows, which never count in a total."""
    if "waarvan" in frame.columns:
        return frame["waarvan"].to_numpy(dtype=bool)
    return np.zeros(len(frame), dtype=bool)


def texts(frame: pd.DataFrame, column: str, rows: np.ndarray) -> list[str]:
    """The text of `column` at `rows` ("" when the frame has no such column)."""
    if column not in frame.columns:
        return [""] * len(rows)
    return [str(v) for v in frame[column].take(rows).tolist()]


def group_names(frame: pd.DataFrame, by: Sequence[str], rows: np.ndarray) -> list[str]:
    """A group's name from its anchor row: "Hillegom, boekjaar 2024, periode 0"."""
    if not by:
        return ["the whole table"] * len(rows)
    columns = [frame[c].take(rows).tolist() for c in by]
    out = []
    for values in zip(*columns, strict=True):
        head, *rest = values
        named = [f"{c} {v}" for c, v in zip(by[1:], rest, strict=True) if v != ""]
        out.append(", ".join([str(head) or by[0], *named]))
    return out


def anchors(group: np.ndarray, n_groups: int, rows_in_scope: np.ndarray) -> np.ndarray:
    """The first row in scope of every group (-1 for a group with none)."""
    from sluitend.engine.checks.keys import first_rows

    return first_rows(group, n_groups, np.flatnonzero(rows_in_scope))


def groups(
    frame: pd.DataFrame, by: Sequence[str], cache: dict[Any, Any] | None
) -> tuple[np.ndarray, int]:
    """Dense group numbers of `by` (one group for an empty `by`)."""
    if not by:
        return np.zeros(len(frame), dtype=np.int64), 1 if len(frame) else 0
    return keys_for(frame, cache).groups(by)


@dataclass(frozen=True)
class Grouped:
    """What a per-group rule (`share`, `totals`) reads before it sums: the rows in scope,
    the rows that count in a sum (in scope and not a memo line), the group of every row and
    the amounts of its `amount` column (with their "unknown" mask)."""

    in_scope: np.ndarray
    counted: np.ndarray
    group: np.ndarray
    n_groups: int
    values: np.ndarray
    unknown: np.ndarray


def grouped(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None) -> Grouped:
    """The scope, groups of `by` and amounts of a per-group rule (see `Grouped`)."""
    r: Any = rule
    in_scope = scope(rule, frame)
    group, n_groups = groups(frame, r.by, cache)
    values, unknown = amounts(frame, r.amount, cache)
    return Grouped(in_scope, in_scope & ~memo_mask(frame), group, n_groups, values, unknown)


def amount_text(value: float) -> str:
    """A Dutch amount, whole numbers without decimals."""
    if value != value:  # NaN
        return "pm"
    return dutch.amount(int(value) if float(value).is_integer() else round(float(value), 2))


def outcome(
    rule: Rule,
    n_rows: int,
    checked: int,
    rows: np.ndarray,
    status: np.ndarray,
    expected: np.ndarray,
    actual: np.ndarray,
    bound: np.ndarray,
    messages: Messages,
    n_parts: np.ndarray | None = None,
    labels: Messages | None = None,
) -> CheckOutcome:
    """A sparse outcome whose findings are worded by `messages` (rows ascending), and named
    by `labels` when given (else by their row's label)."""
    order = np.argsort(rows, kind="stable")
    rows, status = rows[order], status[order]
    expected, actual, bound = expected[order], actual[order], bound[order]
    parts = np.zeros(len(rows), dtype=np.int64) if n_parts is None else n_parts[order]
    result = CheckOutcome(
        rule=rule,
        n_rows=n_rows,
        checked=checked,
        rows=rows.astype(np.int64),
        status=status.astype(np.int8),
        expected=expected.astype(np.float64),
        actual=actual.astype(np.float64),
        bound=bound.astype(np.float64),
        n_parts=parts.astype(np.int64),
    )
    # The message builder sees positions in the sorted order.
    result.context["messages"] = lambda frame, positions: messages(frame, order[positions])
    if labels is not None:
        result.context["labels"] = lambda frame, positions: labels(frame, order[positions])
    return result
