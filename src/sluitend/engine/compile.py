"""Compile rules into a pandera `DataFrameSchema` for one dataset kind.

The schema holds the kind's column schema (dtypes, allowed codes, nullability) and one
registered dataframe-level check per rule. Each check runs the rule's vectorized check
function over the whole frame, leaves its full outcome (every flagged row, with its
numbers) in a `sink` that the engine reads afterwards, and hands pandera its verdict: one
bool, False when the rule flagged a row. The rule id travels in the check's `error=`.

The verdict is a bool, not a Series over the rows, because pandera turns a failing Series
into failure cases: it takes the False rows out of the frame, caps them, and reshapes them
into one case per row and column; on a Ministry file that cost about 4 ms per failing rule,
more than the rule itself (the 2016 file's budget table: 53 -> 27 ms for its six rules),
for cases the engine never read. pandera decides which rules failed; the rows come from the
outcome (and the engine checks that the two agree).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from sluitend.datasets.bron import BRON_DTYPE
from sluitend.datasets.frame import TEXT_DTYPE
from sluitend.engine.checks import RUNNERS, CheckOutcome
from sluitend.engine.pandera_lib import extensions, pa, pandas_engine, pandera_dtypes
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_CODES, DATASET_KINDS

Sink = dict[str, "CheckOutcome | BaseException"]


#: Called with a rule's id just before the rule runs (progress on long runs).
OnRule = Callable[[str], None]


@extensions.register_check_method(
    statistics=["rule_id", "rule", "sink", "cache", "on_rule"], supported_types=pd.DataFrame
)
def sluitend_rule(
    frame: pd.DataFrame,
    *,
    rule_id: str,
    rule: Rule,
    sink: Sink,
    cache: dict[Any, Any],
    on_rule: OnRule | None = None,
) -> bool:
    """Run one rule over the frame; record its outcome in `sink[rule_id]`; True when it
    flagged no row.

    pandera turns an exception inside a check into a failure case; the sink keeps the
    exception itself, so the engine can re-raise it instead of reporting a bug as a finding.
    """
    if on_rule is not None:
        on_rule(rule_id)
    try:
        outcome = RUNNERS[rule.kind](rule, frame, cache)
    except Exception as error:
        sink[rule_id] = error
        raise
    sink[rule_id] = outcome
    return not len(outcome.rows)


@pandas_engine.Engine.register_dtype(equivalents=["bron", BRON_DTYPE])
@pandera_dtypes.immutable
class _BronType(pandas_engine.DataType):
    """pandera's name for the `bron` column's dtype (`sluitend.datasets.bron.BronDtype`)."""

    type = BRON_DTYPE


class _TextType(pandas_engine.STRING):
    """pandera's string dtype for the text columns, whose check of a column of exactly
    this dtype is one verdict (True), not an array of Trues.

    For an array, pandera makes (empty) failure cases of the column and formats them into
    a message that a passing column then drops: about 0,5 ms per text column, a third of
    the column schema's time on a Ministry file. Any other dtype is checked as pandera's
    own `STRING` checks it (the same verdict, failure cases and message)."""

    def check(self, pandera_dtype: pandera_dtypes.DataType, data_container: Any = None) -> Any:
        try:
            exact = pandas_engine.Engine.dtype(pandera_dtype).type == self.type
        except TypeError:
            exact = False
        return True if exact else super().check(pandera_dtype, data_container)


#: The text columns' dtype as pandera checks it (`TEXT_DTYPE`, Arrow-backed strings);
#: `storage` is a field of pandera's dataclass, which mypy does not see.
_TEXT = _TextType(storage=TEXT_DTYPE.storage)  # type: ignore[call-arg]


def _column(name: str, logical: str, codes: Mapping[str, Sequence[str]]) -> pa.Column:
    if name == "bron":  # the readers' `BronArray`, or the texts of a frame made by hand
        return pa.Column(None, nullable=False)
    if logical == "category":  # the kind's codes (`vocabulary.DATASET_CODES`), in order
        return pa.Column(pd.CategoricalDtype(list(codes[name])), nullable=False)
    if logical == "Int64":
        return pa.Column("Int64", nullable=True)
    if logical == "int":
        return pa.Column("int64", nullable=False)
    if logical == "float":
        return pa.Column("float64", nullable=True)
    if logical == "bool":
        return pa.Column("bool", nullable=False)
    return pa.Column(_TEXT, nullable=False)


def column_schema(kind: str) -> dict[str, pa.Column]:
    """The pandera columns of a dataset kind (DESIGN: the canonical budget frame), the
    codes of its category columns as its domain registered them."""
    codes = DATASET_CODES.get(kind, {})
    return {name: _column(name, logical, codes) for name, logical in DATASET_KINDS[kind].items()}


def compile_schema(
    rules: Sequence[Rule],
    kind: str,
    sink: Sink | None = None,
    cache: dict[Any, Any] | None = None,
    on_rule: OnRule | None = None,
) -> pa.DataFrameSchema:
    """Compile `rules` (all for dataset kind `kind`) into one pandera schema.

    `sink` receives each rule's `CheckOutcome` when the schema validates a frame;
    `on_rule`, if given, is called with each rule's id as it starts.
    """
    sink = {} if sink is None else sink
    # Shared work (a hierarchy's tree) between this schema's rules; the caller clears it
    # after validating, so no frame outlives its validation.
    cache = {} if cache is None else cache
    checks: list[Any] = [
        pa.Check.sluitend_rule(
            rule_id=rule.id,
            rule=rule,
            sink=sink,
            cache=cache,
            on_rule=on_rule,
            error=rule.id,
            title=rule.title,
            # The checks decide what a missing value means themselves (pm: not checkable);
            # pandera's own NA handling would scan every cell of the frame per check.
            ignore_na=False,
        )
        for rule in rules
    ]
    return pa.DataFrameSchema(
        column_schema(kind), checks=checks, strict=False, coerce=False, name=kind
    )


#: The columns of an aligned frame (`engine/reconcile.py`) that its check reads.
ALIGNED_COLUMNS = {
    "row_left": pa.Column("int64", nullable=False),
    "row_right": pa.Column("int64", nullable=False),
    "value_left": pa.Column("float64", nullable=True),
    "value_right": pa.Column("float64", nullable=True),
    "unit_left": pa.Column("float64", nullable=False),
    "coarse_unit": pa.Column("float64", nullable=False),
    "fine_unit": pa.Column("float64", nullable=False),
}


def compile_aligned_schema(
    rule: Rule, sink: Sink | None = None, cache: dict[Any, Any] | None = None
) -> pa.DataFrameSchema:
    """Compile a rule over two datasets into a pandera schema of its aligned frame (one row
    per figure pair): the aligned columns and the same registered check as every rule."""
    sink = {} if sink is None else sink
    check = pa.Check.sluitend_rule(
        rule_id=rule.id,
        rule=rule,
        sink=sink,
        cache={} if cache is None else cache,
        error=rule.id,
        title=rule.title,
        ignore_na=False,
    )
    return pa.DataFrameSchema(
        dict(ALIGNED_COLUMNS), checks=[check], strict=False, coerce=False, name=rule.id
    )
