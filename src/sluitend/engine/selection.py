"""The rows a rule selects: a parsed `Where` evaluated against a frame, vectorized (Series
comparisons and `isin`).

The parser and the language are `sluitend.rules.where` (no pandas there); this module is
its evaluator, named apart so that the two are never confused.

Missing values follow SQL's three-valued logic: a comparison with `<NA>` is unknown, `not`
of unknown stays unknown, and an unknown row does not match. So `bedrag > 0` and
`not bedrag > 0` both leave out a row whose bedrag is `pm`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from sluitend.datasets.bron import BronDtype
from sluitend.datasets.frame import TEXT_DTYPE
from sluitend.errors import SluitendError
from sluitend.rules import where as syntax
from sluitend.rules.where import Where, literal_family, literal_text

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
    return pd.Series(evaluate_array(where, frame), index=frame.index, dtype=bool)


def evaluate_array(where: Where, frame: pd.DataFrame) -> np.ndarray:
    """Like `evaluate`, as a numpy bool array in row order (the caller's own: a copy where
    the answer was remembered)."""
    evaluator = _Evaluator(where, frame)
    truth = evaluator.node(where.node)
    return truth.true.copy() if evaluator.memo is not None else truth.true


class _Truth:
    """A three-valued result as numpy bool arrays: `true` where the row is known to match,
    `known` where its truth is known (False where a missing value took part), or None when
    every row's is (a column without missing values: then and/or/not are one bit operation
    each). Kleene's and/or/not on these are a few vectorized bit operations."""

    __slots__ = ("known", "true")

    def __init__(self, true: np.ndarray, known: np.ndarray | None) -> None:
        self.true = true if known is None else true & known
        self.known = known

    def known_rows(self) -> np.ndarray:
        """`known` as an array (all True where it is None)."""
        return np.ones(len(self.true), dtype=bool) if self.known is None else self.known

    def __invert__(self) -> _Truth:
        return _Truth(~self.true, self.known)

    def __and__(self, other: _Truth) -> _Truth:
        if self.known is None and other.known is None:
            return _Truth(self.true & other.true, None)
        mine, theirs = self.known_rows(), other.known_rows()
        false_here = mine & ~self.true
        false_there = theirs & ~other.true
        return _Truth(self.true & other.true, (mine & theirs) | false_here | false_there)

    def __or__(self, other: _Truth) -> _Truth:
        if self.known is None and other.known is None:
            return _Truth(self.true | other.true, None)
        mine, theirs = self.known_rows(), other.known_rows()
        return _Truth(self.true | other.true, (mine & theirs) | self.true | other.true)


def _truth(result: Any, missing: np.ndarray) -> _Truth:
    """A comparison's result (numpy or pandas' nullable boolean) as a `_Truth`; rows in
    `missing` are unknown."""
    if isinstance(result, pd.Series):
        result = result.array
    if isinstance(result, pd.arrays.NumpyExtensionArray):
        result = result.to_numpy()
    if isinstance(result, pd.api.extensions.ExtensionArray):
        known = ~np.asarray(result.isna(), dtype=bool) & ~missing
        return _Truth(result.to_numpy(dtype=bool, na_value=False), _unless_all(known))
    return _Truth(np.asarray(result, dtype=bool), None if not missing.any() else ~missing)


def _unless_all(known: np.ndarray) -> np.ndarray | None:
    """`known`, or None when it is True on every row."""
    return None if known.all() else known


class _Evaluator:
    """Walks the node tree; every leaf is one vectorized comparison, kept as a `_Truth`
    so that and/or/not apply Kleene logic to missing values."""

    def __init__(self, where: Where, frame: pd.DataFrame) -> None:
        from sluitend.engine.checks.keys import shared_for  # the checks import this module

        self.where = where
        self.frame = frame
        self._columns: dict[str, tuple[pd.Series, str]] = {}
        # Inside a validation (`keys.shared_keys`) the truth of every node is remembered for
        # the frame: the pack's rules test the same parts again and again (`onderdeel ==
        # ''` and the other levels in five expressions). Keyed by the node's repr, which
        # tells `1` from `true` (equal and of one hash in Python, not in a where).
        keys = shared_for(frame)
        self.memo: dict[str, _Truth] | None = keys.kept("where") if keys is not None else None

    def node(self, node: syntax.Node) -> _Truth:
        """The truth of `node` on every row (remembered inside a validation)."""
        if self.memo is None:
            return self._node(node)
        key = repr(node)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._node(node)
        return found

    def _node(self, node: syntax.Node) -> _Truth:
        if isinstance(node, syntax.Compare):
            return self.compare(node)
        if isinstance(node, syntax.InList):
            return self.in_list(node)
        if isinstance(node, syntax.Not):
            return ~self.node(node.item)
        combine = operator.and_ if isinstance(node, syntax.And) else operator.or_
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
            # Compared through its few categories (see `_on_categories`); its family is
            # that of the categories.
            family = self._family(name, pd.Series(dtype.categories), dtype.categories.dtype)
            return series, family
        family = self._family(name, series, dtype)
        if family == "text" and not isinstance(dtype, pd.StringDtype):
            series = series.astype(TEXT_DTYPE)
        return series, family

    def _family(self, name: str, series: pd.Series, dtype: Any) -> str:
        if ptypes.is_bool_dtype(dtype):
            return "bool"
        if ptypes.is_numeric_dtype(dtype):
            return "number"
        if isinstance(dtype, (pd.StringDtype, BronDtype)):  # a bron is compared as its texts
            return "text"
        if ptypes.is_string_dtype(dtype):
            # object columns: text only if every value is a string.
            inferred = pd.api.types.infer_dtype(series, skipna=True)
            if inferred in ("string", "empty"):
                return "text"
        raise WhereEvaluationError(
            self.where, name, f"column '{name}' has dtype {dtype}, which where cannot compare"
        )

    def compare(self, node: syntax.Compare) -> _Truth:
        left, op, right = node.left, node.op, node.right
        if isinstance(left, syntax.Literal):
            left, op, right = right, _FLIPPED[op], left
        assert isinstance(left, syntax.Column)  # the parser guarantees a column on one side
        series, family = self.column(left.name)
        other = self.operand(right, family, left.name)
        if isinstance(other, pd.Series):
            # Column against column: categoricals as text, compared cell by cell.
            a, b = _plain(series), _plain(other)
            missing = a.isna().to_numpy() | b.isna().to_numpy()
            return _truth(_OPS[op](a, b), missing)
        if isinstance(series.dtype, pd.CategoricalDtype):
            return _on_categories(series, lambda values: _OPS[op](values, other))
        if op in ("==", "!=") and (found := _on_runs(self.frame, left.name, [other])):
            return found if op == "==" else ~found
        return _truth(_OPS[op](series, other), series.isna().to_numpy())

    def operand(self, operand: syntax.Operand, family: str, against: str) -> Any:
        if isinstance(operand, syntax.Column):
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

    def check_literal(self, column: str, family: str, value: syntax.LiteralValue) -> None:
        if literal_family(value) != family:
            raise WhereEvaluationError(
                self.where,
                column,
                f"column '{column}' holds {_WORDS[family]}; compare it with "
                f"{_WORDS[family]}, not {literal_text(value)}",
                expected=family,
            )

    def in_list(self, node: syntax.InList) -> _Truth:
        series, family = self.column(node.column.name)
        for literal in node.values:
            self.check_literal(node.column.name, family, literal.value)
        values = [v.value for v in node.values]
        if isinstance(series.dtype, pd.CategoricalDtype):
            found = _on_categories(series, lambda cats: np.isin(cats, np.array(values, object)))
        elif by_runs := _on_runs(self.frame, node.column.name, values):
            found = by_runs
        else:
            # isin says False for <NA>; keep it unknown so that `not in` does not match it.
            found = _truth(series.isin(values), series.isna().to_numpy())
        return ~found if node.negated else found


def _plain(series: pd.Series) -> pd.Series:
    """A categorical column as text (or numbers), for a comparison with another column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        if isinstance(series.dtype.categories.dtype, pd.StringDtype) or ptypes.is_object_dtype(
            series.dtype.categories.dtype
        ):
            return series.astype(TEXT_DTYPE)
        return series.astype(series.dtype.categories.dtype)
    return series


def _on_categories(series: pd.Series, test: Callable[[np.ndarray], Any]) -> _Truth:
    """Evaluate `test` once per category and spread the answer over the rows by code:
    a categorical column of millions of rows costs one take."""
    categories = np.asarray(series.dtype.categories, dtype=object)
    answer = np.append(np.asarray(test(categories), dtype=bool), False)
    codes = series.cat.codes.to_numpy()
    missing = codes < 0
    if not missing.any():
        return _Truth(answer[codes], None)
    return _Truth(answer[np.where(missing, len(categories), codes)], ~missing)


def _on_runs(frame: pd.DataFrame, column: str, values: list[Any]) -> _Truth | None:
    """Whether each row of a text column equals one of `values`, decided once per run of
    equal rows from the codes the rules' checks made of that column (`keys.FrameKeys`),
    and spread over the rows; None when no such codes exist (then the column is compared
    cell by cell). A budget table's levels hold a value over many rows each."""
    from sluitend.engine.checks.keys import shared_for  # the checks import this module

    if not isinstance(frame[column].dtype, pd.StringDtype):
        return None
    keys = shared_for(frame)
    if keys is None or not keys.has(column) or not keys.in_runs(column):
        return None
    heads, codes = keys.runs(column)
    wanted = [code for v in values if (code := keys.code_of(column, v)) is not None]
    lengths = np.diff(np.append(heads, len(frame)))
    true = np.repeat(np.isin(codes, wanted), lengths)
    missing = keys.missing_code(column)
    if missing is None:
        return _Truth(true, None)
    return _Truth(true, _unless_all(np.repeat(codes != missing, lengths)))
