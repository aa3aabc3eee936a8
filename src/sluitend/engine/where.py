"""Evaluate a parsed `Where` against a frame, vectorized (Series comparisons and `isin`).

Missing values follow SQL's three-valued logic: a comparison with `<NA>` is unknown, `not`
of unknown stays unknown, and an unknown row does not match. So `bedrag > 0` and
`not bedrag > 0` both leave out a row whose bedrag is `pm`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pandas as pd
from pandas.api import types as ptypes

from sluitend.errors import SluitendError
from sluitend.rules.where import (
    And,
    Column,
    Compare,
    InList,
    Literal,
    LiteralValue,
    Node,
    Not,
    Operand,
    Where,
    literal_text,
)

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
#: `literal op column` is evaluated as `column flipped-op literal`.
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_WORDS = {"number": "numbers", "text": "text", "bool": "true/false"}


class WhereEvaluationError(SluitendError):
    """A where expression that does not fit the frame: a missing column, or a literal of
    the wrong type for its column. `column` names the column, `expected` what it holds."""

    def __init__(self, where: Where, column: str, message: str, expected: str | None = None):
        self.where = where
        self.column = column
        self.expected = expected
        super().__init__(f"where {where.text!r}: {message}")


def evaluate(where: Where, frame: pd.DataFrame) -> pd.Series:
    """A bool Series aligned to `frame.index`: True where the row matches `where`."""
    result = _Evaluator(where, frame).node(where.node)
    return result.fillna(False).astype(bool)


def evaluate_optional(where: Where | None, frame: pd.DataFrame) -> pd.Series:
    """Like `evaluate`, but all True when there is no where expression."""
    if where is None:
        return pd.Series(True, index=frame.index, dtype=bool)
    return evaluate(where, frame)


def _literal_family(value: LiteralValue) -> str:
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


class _Evaluator:
    """Walks the node tree; every leaf is one vectorized comparison in pandas' nullable
    "boolean" dtype, so that and/or/not apply Kleene logic to missing values."""

    def __init__(self, where: Where, frame: pd.DataFrame) -> None:
        self.where = where
        self.frame = frame
        self._columns: dict[str, tuple[pd.Series, str]] = {}

    def node(self, node: Node) -> pd.Series:
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, InList):
            return self.in_list(node)
        if isinstance(node, Not):
            return ~self.node(node.item)
        combine = operator.and_ if isinstance(node, And) else operator.or_
        result = self.node(node.items[0])
        for item in node.items[1:]:
            result = combine(result, self.node(item))
        return result

    def column(self, name: str) -> tuple[pd.Series, str]:
        """The column as a nullable Series of its family, and the family's name."""
        if name not in self._columns:
            self._columns[name] = self._load(name)
        return self._columns[name]

    def _load(self, name: str) -> tuple[pd.Series, str]:
        if name not in self.frame.columns:
            known = ", ".join(map(str, self.frame.columns))
            raise WhereEvaluationError(
                self.where, name, f"unknown column '{name}'; the frame has: {known}"
            )
        series = self.frame[name]
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            # Compare codes as text: unordered categoricals refuse < and >.
            series = series.astype(pd.StringDtype("python"))
            dtype = series.dtype
        if ptypes.is_bool_dtype(dtype):
            return series.astype("boolean"), "bool"
        if ptypes.is_integer_dtype(dtype):
            return series.astype("Int64"), "number"
        if ptypes.is_float_dtype(dtype):
            # Float64 turns NaN into <NA>, so that NaN compares as unknown, not as unequal.
            return series.astype("Float64"), "number"
        if ptypes.is_string_dtype(dtype):
            inferred = pd.api.types.infer_dtype(series, skipna=True)
            if inferred in ("string", "empty"):
                return series.astype(pd.StringDtype("python")), "text"
        raise WhereEvaluationError(
            self.where, name, f"column '{name}' has dtype {dtype}, which where cannot compare"
        )

    def compare(self, node: Compare) -> pd.Series:
        left, op, right = node.left, node.op, node.right
        if isinstance(left, Literal):
            left, op, right = right, _FLIPPED[op], left
        assert isinstance(left, Column)  # the parser guarantees a column on one side
        series, family = self.column(left.name)
        other = self.operand(right, family, left.name)
        return _boolean(_OPS[op](series, other), series.index)

    def operand(self, operand: Operand, family: str, against: str) -> Any:
        if isinstance(operand, Column):
            series, other_family = self.column(operand.name)
            if other_family != family:
                raise WhereEvaluationError(
                    self.where,
                    operand.name,
                    f"column '{against}' holds {_WORDS[family]} and column '{operand.name}' "
                    f"holds {_WORDS[other_family]}; they cannot be compared",
                    expected=family,
                )
            return series
        self.check_literal(against, family, operand.value)
        return operand.value

    def check_literal(self, column: str, family: str, value: LiteralValue) -> None:
        if _literal_family(value) != family:
            raise WhereEvaluationError(
                self.where,
                column,
                f"column '{column}' holds {_WORDS[family]}; compare it with "
                f"{_WORDS[family]}, not {literal_text(value)}",
                expected=family,
            )

    def in_list(self, node: InList) -> pd.Series:
        series, family = self.column(node.column.name)
        for literal in node.values:
            self.check_literal(node.column.name, family, literal.value)
        found = _boolean(series.isin([v.value for v in node.values]), series.index)
        result = ~found if node.negated else found
        # isin says False for <NA>; keep it unknown so that `not in` does not match it.
        return result.mask(series.isna(), pd.NA)


def _boolean(result: Any, index: pd.Index) -> pd.Series:
    return pd.Series(result, index=index).astype("boolean")
