"""Rules over two datasets: align the two sides of a `reconcile` rule, check the aligned
frame through pandera, and turn its flagged pairs into findings that name both figures.

The aligned frame has one row per figure pair: the `on` columns (after renaming), each
side's frame position (`row_left`, `row_right`; -1 where that side has no figure) and
value, and the units. It is built with one outer merge; nothing loops over rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.dutch import amount as _amt
from sluitend.dutch import figure_name
from sluitend.engine import diagnose as diag
from sluitend.engine.checks.outcome import (
    EXCEEDED,
    NOT_CHECKABLE,
    ROUNDING,
    UNLIKELY,
    CheckOutcome,
)
from sluitend.engine.compile import Sink, compile_aligned_schema
from sluitend.engine.findings import Finding, Hint, RuleResult
from sluitend.engine.pandera_lib import pa
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule
from sluitend.rules.reconcile import ReconcileRule, Side
from sluitend.rules.ruleset import RuleSet
from sluitend.vocabulary import SEVERITY_RANK, layout_of

#: How a pair of datasets is named in a report.
PAIR_SEPARATOR = " ↔ "


def pair_name(left: Dataset, right: Dataset) -> str:
    """The name of a dataset pair in reports: "staten ↔ owb2017"."""
    return f"{left.name}{PAIR_SEPARATOR}{right.name}"


@dataclass
class Aligned:
    """The aligned frame of one rule over one pair of datasets."""

    rule: ReconcileRule
    left: Dataset
    right: Dataset
    frame: pd.DataFrame

    @property
    def name(self) -> str:
        """The pair's name in reports."""
        return pair_name(self.left, self.right)


def _selected(side: Side, ds: Dataset, extra: Any = None) -> np.ndarray:
    """Frame positions of the rows one side takes (its where, fase and relative year: the
    columns the kind's `Layout` names its `phase`, `year` and `base_year`)."""
    frame = ds.frame
    layout = layout_of(ds.kind)
    mask = np.ones(len(frame), dtype=bool)
    if side.where is not None:
        mask = mask & evaluate_array(side.where, frame)
    if extra is not None:
        mask = mask & evaluate_array(extra, frame)
    phase = layout.phase
    if side.fase is not None and phase is not None and phase in frame:
        mask &= (frame[phase] == side.fase).to_numpy(dtype=bool, na_value=False)
    year, base = layout.year, layout.base_year
    if side.jaar is not None and year and base and {year, base} <= set(frame.columns):
        offset = frame[year].to_numpy(dtype=np.int64) - frame[base].to_numpy(dtype=np.int64)
        mask &= offset == side.jaar
    return np.flatnonzero(mask)


def _keys(side: Side, ds: Dataset, rows: np.ndarray, on: Sequence[str]) -> pd.DataFrame:
    """The `on` columns of the side's rows as plain values, renamed where the side says."""
    frame = ds.frame
    out = pd.DataFrame(
        {c: frame[c].take(rows).astype(object).to_numpy() for c in on}, index=np.arange(len(rows))
    )
    for rename in side.rename:  # loop over the rule's renames, not over rows
        if rename.column not in out:
            continue
        values = out[rename.column]
        hit = values.isin([old for old, _ in rename.map]).to_numpy()
        if rename.where is not None:
            hit = hit & evaluate_array(rename.where, frame)[rows]
        if hit.any():
            out.loc[hit, rename.column] = values[hit].map(dict(rename.map))
    return out


def _in_scope(keys: pd.DataFrame, other: pd.DataFrame, scope: Sequence[str]) -> np.ndarray:
    """Whether each row's scope values occur on the other side."""
    # A scope column one side does not have (a kind without `fase`) cannot narrow it: a
    # KeyError here was an internal error (exit 3) for a rule the loader accepts.
    scope = [c for c in scope if c in keys.columns and c in other.columns]
    if not scope:
        return np.ones(len(keys), dtype=bool)
    mine = pd.MultiIndex.from_frame(keys[list(scope)])
    theirs = pd.MultiIndex.from_frame(other[list(scope)])
    return np.asarray(mine.isin(theirs), dtype=bool)


def _side_frame(
    side: Side, ds: Dataset, rule: ReconcileRule, suffix: str, extra: Any = None
) -> pd.DataFrame:
    rows = _selected(side, ds, extra)
    keys = _keys(side, ds, rows, rule.on)
    values = ds.frame[rule.column].take(rows).to_numpy(dtype=np.float64, na_value=np.nan)
    keys[f"row_{suffix}"] = rows
    keys[f"value_{suffix}"] = values
    # The step each figure was rounded to, in euros (a block printed in € million counts
    # in millions even in a file of thousands).
    if "afronding" in ds.frame:
        steps = ds.frame["afronding"].take(rows).to_numpy(dtype=np.float64)
    else:
        steps = np.ones(len(rows))
    keys[f"step_{suffix}"] = steps * ds.unit
    # The same figure stated twice with the same value (a repeated block) is one figure;
    # two different values for one key both stay, so neither is silently chosen.
    return keys.drop_duplicates(subset=[*rule.on, f"value_{suffix}"], keep="first")


def align(rule: ReconcileRule, left: Dataset, right: Dataset) -> Aligned | None:
    """The aligned frame of `rule` over (left, right), or None when the pair shares no
    scope (the rule does not apply to it)."""
    lf = _side_frame(rule.left, left, rule, "left", rule.where)
    rf = _side_frame(rule.right, right, rule, "right")
    lf = lf[_in_scope(lf, rf, rule.scope)]
    rf = rf[_in_scope(rf, lf, rule.scope)]
    if not len(lf) and not len(rf):
        return None
    merged = lf.merge(rf, on=list(rule.on), how="outer", sort=False)
    merged["row_left"] = merged["row_left"].fillna(-1).astype(np.int64)
    merged["row_right"] = merged["row_right"].fillna(-1).astype(np.int64)
    # Both values in the left side's unit; the tolerance counts in the coarser unit.
    merged["value_right"] = merged["value_right"] * (right.unit / left.unit)
    merged["unit_left"] = float(left.unit)
    step_l = merged["step_left"].fillna(float(left.unit)).to_numpy(dtype=np.float64)
    step_r = merged["step_right"].fillna(float(right.unit)).to_numpy(dtype=np.float64)
    merged["coarse_unit"] = np.maximum(step_l, step_r)
    merged["fine_unit"] = np.minimum(step_l, step_r)
    merged = merged.drop(columns=["step_left", "step_right"])
    # Paired figures first, in the left file's order; then the right-only ones.
    order = np.lexsort(
        (
            merged["row_right"].to_numpy(),
            np.where(merged["row_left"] >= 0, merged["row_left"], np.iinfo(np.int64).max),
        )
    )
    return Aligned(rule, left, right, merged.iloc[order].reset_index(drop=True))


def _check(aligned: Aligned) -> CheckOutcome:
    """Run the rule's check over the aligned frame through its pandera schema."""
    sink: Sink = {}
    schema = compile_aligned_schema(aligned.rule, sink, {})
    try:
        schema.validate(aligned.frame, lazy=True)
        failed = False
    except pa.errors.SchemaErrors as error:
        checks = set(error.failure_cases["check"].astype(str))
        if checks - {aligned.rule.id}:
            raise RuntimeError(f"aligned frame of {aligned.rule.id} fails {checks}") from None
        failed = True
    outcome = sink.get(aligned.rule.id)
    if isinstance(outcome, BaseException):
        raise outcome
    if outcome is None:
        raise RuntimeError(f"rule {aligned.rule.id} did not run on {aligned.name}")
    if failed != (len(outcome.rows) > 0):
        raise RuntimeError(f"pandera and rule {aligned.rule.id} disagree on {aligned.name}")
    return outcome


def pairs(datasets: Sequence[Dataset], rule: ReconcileRule) -> list[tuple[Dataset, Dataset]]:
    """Every ordered pair of distinct datasets whose kinds the rule's two sides name."""
    return [
        (a, b)
        for a in datasets
        if a.kind == rule.dataset
        for b in datasets
        if b.kind == rule.right_dataset and b is not a
    ]


def run(
    datasets: Sequence[Dataset], ruleset: RuleSet, *, diagnose: bool = True
) -> tuple[list[RuleResult], list[Finding]]:
    """Every cross-dataset rule over every pair of datasets it applies to."""
    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in ruleset.cross_dataset():  # loop over rules and dataset pairs, not rows
        if not isinstance(rule, ReconcileRule):
            continue
        for left, right in pairs(datasets, rule):
            aligned = align(rule, left, right)
            if aligned is None:
                continue
            outcome = _check(aligned)
            results.append(outcome.result(aligned.name))
            findings.extend(_findings(aligned, outcome, diagnose))
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])  # stable: pair order kept
    return results, findings


# --- findings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """One side's figure of a flagged pair, as a finding names it."""

    where: dict[str, Any]
    label: str
    bron: str

    def hint(self, kind: str, value: int | float | None, explanation: str) -> Hint:
        """A hint that points at this figure (the place a reader should look)."""
        return Hint(kind, self.bron, MappingProxyType(dict(self.where)), value, explanation)


def _paired(figures: list[_Figure | None], k: int) -> _Figure:
    """The figure of flagged pair `k`, which has one on this side."""
    figure = figures[k]
    assert figure is not None
    return figure


def _figures(ds: Dataset, rows: np.ndarray) -> list[_Figure | None]:
    """The figure at each frame position (None for -1: no figure on that side)."""
    out: list[_Figure | None] = [None] * len(rows)
    present = np.flatnonzero(rows >= 0)
    if not len(present):
        return out
    taken = rows[present]
    for k, where, label, bron in zip(
        present.tolist(),
        diag.wheres(ds, taken),
        diag.column_values(ds.frame, "label", taken),
        diag.column_values(ds.frame, "bron", taken),
        strict=True,
    ):
        out[k] = _Figure(where, str(label), str(bron))
    return out


def _number(value: float) -> int | float | None:
    if value != value:  # NaN
        return None
    return int(value) if float(value).is_integer() else float(value)


def _severity(rule: Rule, status: int) -> str:
    if status == EXCEEDED:
        return rule.severity
    if status == UNLIKELY:  # a warning, never above the rule's own severity (as the runner)
        return min("warning", rule.severity, key=SEVERITY_RANK.__getitem__)
    return "info"


def _findings(aligned: Aligned, outcome: CheckOutcome, diagnose: bool) -> list[Finding]:
    rule, left, right = aligned.rule, aligned.left, aligned.right
    ctx = outcome.context
    lefts = _figures(left, ctx["row_left"])
    rights = _figures(right, ctx["row_right"])
    hints = _hints(aligned, outcome) if diagnose else [[] for _ in range(len(outcome.rows))]
    out: list[Finding] = []
    for k, (lf, rf) in enumerate(zip(lefts, rights, strict=True)):
        status = int(outcome.status[k])
        lv, rv = float(ctx["value_left"][k]), float(ctx["value_right"][k])
        bound = _number(float(outcome.bound[k])) or 0
        main = lf if lf is not None else rf
        assert main is not None  # an aligned row always has one side
        counterpart = None
        if lf is not None and rf is not None:
            counterpart = {
                "dataset": right.name,
                "where": rf.where,
                "value": _number(rv),
                "bron": rf.bron,
                "label": rf.label,
            }
        out.append(
            Finding(
                rule=rule.id,
                severity=_severity(rule, status),
                dataset=aligned.name,
                where=main.where,
                expected=_number(rv) if lf is not None and rf is not None else None,
                actual=_number(lv) if lf is not None else _number(rv),
                difference=_number(lv - rv) if lf is not None and rf is not None else None,
                tolerance=bound,
                message=_message(aligned, status, lf, rf, lv, rv),
                bron=main.bron,
                hints=tuple(hints[k]),
                label=main.label,
                counterpart=MappingProxyType(counterpart) if counterpart else None,
            )
        )
    return out


def _message(
    aligned: Aligned,
    status: int,
    lf: _Figure | None,
    rf: _Figure | None,
    lv: float,
    rv: float,
) -> str:
    left, right = aligned.left.name, aligned.right.name
    if rf is None and lf is not None:
        return (
            f"{figure_name(lf.where, lf.label)}: {left} states {_amt_or_pm(lv)} ({lf.bron}); "
            f"no counterpart in {right}"
        )
    if lf is None and rf is not None:
        return (
            f"{figure_name(rf.where, rf.label)}: {right} states {_amt_or_pm(rv)} ({rf.bron}); "
            f"no counterpart in {left}"
        )
    assert lf is not None and rf is not None
    both = (
        f"{figure_name(lf.where, lf.label)}: {left} states {_amt_or_pm(lv)} ({lf.bron}), "
        f"{right} states {_amt_or_pm(rv)} ({rf.bron})"
    )
    if status == NOT_CHECKABLE:
        return f"{both}: not checkable, one of them is unknown (pm)"
    if status == ROUNDING:
        return f"{both}: afrondingsverschil of {_amt(lv - rv)}"
    if status == UNLIKELY:
        return (
            f"{both}: they differ by {_amt(lv - rv)}, within the worst-case rounding bound "
            "but unlikely to be rounding alone (beyond the statistical bound)"
        )
    return f"{both}: they differ by {_amt(lv - rv)}"


def _amt_or_pm(value: float) -> str:
    return "pm" if value != value else _amt(value)


# --- hints ------------------------------------------------------------------------------


def _hints(aligned: Aligned, outcome: CheckOutcome) -> list[list[Hint]]:
    """Hints per flagged pair: a unit slip (x 1.000), a sign, or a renumbered key (the
    figure without a counterpart equals a figure without one on the other side under
    another key)."""
    n = len(outcome.rows)
    out: list[list[Hint]] = [[] for _ in range(n)]
    ctx = outcome.context
    lv, rv = ctx["value_left"], ctx["value_right"]
    paired = (ctx["row_left"] >= 0) & (ctx["row_right"] >= 0) & (outcome.status == EXCEEDED)
    bound = outcome.bound
    rights = _figures(aligned.right, np.where(paired, ctx["row_right"], -1))
    with np.errstate(invalid="ignore"):
        for factor, word in ((1000.0, "a thousand times"), (0.001, "a thousandth of")):
            slip = (
                paired & (np.abs(lv - rv * factor) <= np.maximum(bound, 1.0) * factor) & (rv != 0)
            )
            for k in np.flatnonzero(slip).tolist():
                out[k].append(
                    _paired(rights, k).hint(
                        "unit",
                        _number(float(rv[k] * factor)),
                        f"{aligned.left.name} states {word} what {aligned.right.name} "
                        f"states ({_amt(lv[k])} against {_amt(rv[k])}): a unit slip "
                        "(euros against thousands, or thousands against millions).",
                    )
                )
        sign = paired & (np.abs(lv + rv) <= bound) & (rv != 0)
    for k in np.flatnonzero(sign).tolist():
        out[k].append(
            _paired(rights, k).hint(
                "sign",
                _number(float(-rv[k])),
                f"The two figures are equal but for their sign ({_amt(lv[k])} against "
                f"{_amt(rv[k])}): one side states the figure negated.",
            )
        )
    lefts = _figures(aligned.left, np.where(paired, ctx["row_left"], -1))
    for k in np.flatnonzero(paired).tolist():  # only the failing pairs, to phrase them
        lf, rf = _paired(lefts, k), _paired(rights, k)
        typo = _digit_slip(lv[k], rv[k])
        if typo:
            out[k].append(
                rf.hint(
                    "digit",
                    _number(float(rv[k])),
                    f"{_amt(lv[k])} and {_amt(rv[k])} differ {typo}: a typing slip on one side.",
                )
            )
        if _other_names(lf.label, rf.label):
            out[k].append(
                rf.hint(
                    "label",
                    None,
                    f"The two figures have different names ('{lf.label}' in "
                    f"{aligned.left.name}, '{rf.label}' in {aligned.right.name}): they may "
                    "not be the same figure (renumbered, restructured or mislabelled).",
                )
            )
    _renumbered(aligned, outcome, out)
    return out


def _digit_slip(a: float, b: float) -> str:
    """How two whole amounts look like a typing slip: a round difference (one digit's
    worth), one digit, or two adjacent digits swapped; "" when they do not."""
    if not (float(a).is_integer() and float(b).is_integer()) or (a < 0) != (b < 0):
        return ""
    x, y = str(abs(int(a))), str(abs(int(b)))
    gap = str(abs(int(a) - int(b)))
    if len(gap) >= 2 and gap[0] != "0" and set(gap[1:]) == {"0"}:
        # 633.445 against 713.445: one figure's digit is off by a round amount.
        return f"by exactly {_amt(abs(a - b))}, one digit's worth"
    if len(x) != len(y) or x == y:
        return ""
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diff) == 1:
        return "in one digit"
    i, j = [*diff, 0, 0][:2]
    if len(diff) == 2 and j == i + 1 and x[i] == y[j] and x[j] == y[i]:
        return "by two adjacent digits swapped"
    return ""


#: Words that name the V/U/O rather than the figure, left out when names are compared.
_GENERIC_WORDS = frozenset({"verplichtingen", "uitgaven", "ontvangsten", "totale", "totaal"})


def _words(label: str) -> set[str]:
    return {
        w for w in re.split(r"[^a-z]+", label.lower()) if len(w) >= 4 and w not in _GENERIC_WORDS
    }


def _other_names(left: str, right: str) -> bool:
    """Whether two labels share no word of four letters or more (both naming something)."""
    a, b = _words(left), _words(right)
    return bool(a) and bool(b) and not (a & b)


def _renumbered(aligned: Aligned, outcome: CheckOutcome, out: list[list[Hint]]) -> None:
    """For a figure without a counterpart: the figure without a counterpart on the other
    side that has the same amount and the same key but for one column (an article
    renumbered between documents). One merge per key column of the rule."""
    ctx = outcome.context
    frame = aligned.frame.iloc[outcome.rows].reset_index(drop=True)
    frame["k"] = np.arange(len(frame))
    frame["amount"] = np.where(ctx["row_left"] >= 0, ctx["value_left"], ctx["value_right"]).round(6)
    lonely_left = frame[(frame["row_right"] < 0) & (frame["row_left"] >= 0)]
    lonely_right = frame[(frame["row_left"] < 0) & (frame["row_right"] >= 0)]
    if not len(lonely_left) or not len(lonely_right):
        return
    on = list(aligned.rule.on)
    found: list[pd.DataFrame] = []
    for column in on:  # loop over the rule's key columns
        if column in aligned.rule.scope or column == layout_of(aligned.left.kind).year:
            continue
        rest = [c for c in on if c != column]
        matched = lonely_left.merge(
            lonely_right, on=[*rest, "amount"], suffixes=("_l", "_r"), how="inner"
        )
        matched = matched[matched["amount"] != 0]  # zeros match anything
        if len(matched):
            found.append(
                pd.DataFrame(
                    {
                        "column": column,
                        "k_l": matched["k_l"].to_numpy(),
                        "k_r": matched["k_r"].to_numpy(),
                        "old": matched[f"{column}_l"].astype(str).to_numpy(),
                        "new": matched[f"{column}_r"].astype(str).to_numpy(),
                        "amount": matched["amount"].to_numpy(),
                    }
                )
            )
    if not found:
        return
    hits = pd.concat(found, ignore_index=True)
    k_l, k_r = hits["k_l"].to_numpy(), hits["k_r"].to_numpy()
    # One take per side for every matched figure, then one sentence per match.
    rights = _figures(aligned.right, ctx["row_right"][k_r])
    lefts = _figures(aligned.left, ctx["row_left"][k_l])
    for kl, kr, column, old, new, amount, rf, lf in zip(
        k_l.tolist(),
        k_r.tolist(),
        hits["column"].tolist(),
        hits["old"].tolist(),
        hits["new"].tolist(),
        hits["amount"].tolist(),
        rights,
        lefts,
        strict=True,
    ):
        assert rf is not None and lf is not None
        out[kl].append(
            rf.hint(
                "renumbered",
                None,
                f"{aligned.right.name} states the same amount ({_amt(amount)}) under "
                f"{column} {new} instead of {old}: the {column} looks renumbered "
                f"(a rename {{{old} = {new}}} pairs them).",
            )
        )
        out[kr].append(
            Hint(
                "renumbered",
                lf.bron,
                MappingProxyType(dict(lf.where)),
                None,
                f"{aligned.left.name} states the same amount ({_amt(amount)}) under "
                f"{column} {old} instead of {new}: the {column} looks renumbered.",
            )
        )


__all__ = ["PAIR_SEPARATOR", "Aligned", "align", "pair_name", "pairs", "run"]
