"""Localization across rules: the fewest figures whose change makes every failing check of
a dataset hold, with the values that repair them.

One typo fails several checks at once (its instrument, onderdeel and article totals, the
comparison of V with U); two typos fail a tangle of them. Following Fellegi and Holt (and
the R package errorlocate), every check becomes a linear constraint on the figures it
reads, and a mixed-integer programme finds the smallest weighted set of figures to change
so that all of them hold:

    minimise   sum_i w_i z_i  +  delta * sum_c s_c
    subject to low_c <= sum_j a_cj (v_j + d_j) <= high_c     for every check c in play
               -M z_i <= d_i <= M z_i,  z_i in {0, 1},  d_i integer (whole units)
               v_i + d_i keeps the sign of v_i
               s_c >= |sum_j a_cj (v_j + d_j)|               for sums and equalities

`w_i` is 1 for a line and slightly more for a total, so that a total is changed instead
of a line only when that saves a change; the tiny `delta` term prefers repairs that make a
sum exact over ones that merely fit its rounding tolerance. HiGHS solves it through
`scipy.optimize.milp`, under a time limit.

Bounded: only the failing checks, the checks that share a figure with them, and the
figures of those take part, never the whole frame; a table (one article of one budget)
with more than `MAX_FAILING` failing checks takes no part (it is broken beyond a few
typos), the other tables of the dataset are still localized; a part with more than
`MAX_CHECKS` failing checks or `MAX_FIGURES` figures is not solved. When another set of the
same size repairs everything too (found by solving again with a no-good cut on the sets
already found), the result says so: a hint may decide between them, else every set as
small is listed (up to `MAX_OPTIONS`, and whether there are more) and none is named the
cause. Which checks are in play is computed per rule with array operations
(`constraints`), in two steps that touch only the rows near the failing totals: the
failing checks, then the checks that read one of their figures; a hierarchy and an equal
rule build only those (a few dozen at 3 million figures, not a million), so the cost is a
few passes over the frame's columns, not a sort of every check. Python objects are made
only for the checks in play.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.dutch import amount, figure_name
from sluitend.engine import diagnose
from sluitend.engine.checks import compare as compare_check
from sluitend.engine.checks.common import (
    amounts,
    equal_bound,
    group_numbers,
    rounding_steps,
    scope,
    sum_bound,
)
from sluitend.engine.checks.hierarchy import Tree
from sluitend.engine.checks.keys import first_rows
from sluitend.engine.checks.outcome import EXCEEDED, CheckOutcome
from sluitend.engine.findings import Finding, Hint
from sluitend.engine.localize import Figure, cause_intro, likely_cause
from sluitend.engine.selection import evaluate_array
from sluitend.engine.without_solver import (
    Searched,
    System,
    least_changes,
    one_figure_repair,
    searched_repair,
    searched_undecided,
    smallest_repairs,
    two_figure_repair,
    undecided,
)
from sluitend.rules.base import Rule, Tolerance
from sluitend.vocabulary import DATASET_KEYS, layout_of

#: The rule kinds whose checks are linear constraints on figures of one dataset.
KINDS = ("hierarchy", "sum", "equal", "compare")
#: Bounds per independent part: failing checks, figures in play; parts per dataset.
MAX_CHECKS = 200
MAX_FIGURES = 2000
MAX_PARTS = 12
#: Failing checks per table (one article of one budget) beyond which that table is not
#: localized: a table that broken is beyond a few typos. Per dataset, a bound that keeps
#: the report fast (the runner diagnoses datasets of at most 3.000 findings anyway).
MAX_FAILING = 20
MAX_FAILING_DATASET = 3000
#: Repairs as small as the smallest that are looked for (one more solve tells whether
#: there are more than this).
MAX_OPTIONS = 4
#: A table whose smallest repair changes more figures than this gets no likely cause.
MAX_REPORTED = 4
#: Branch-and-bound nodes per solve (and seconds, as a safety net); a part that runs out
#: gives no localization, never a guess.
NODE_LIMIT = 2000
TIME_LIMIT = 30.0


@dataclass(frozen=True)
class Constraints:
    """Every check of one rule as a linear constraint, in arrays.

    Check k reads `low[k] <= sum(coef[e] * value[row[e]] for entries e of k) <= high[k]`;
    `check_row[k]` is the row that states the checked figure. `is_sum` marks sums and
    equalities (their residual should end at 0); `usable` is False where a figure is
    unknown (pm): such a check constrains nothing.
    """

    rule: str
    check_row: np.ndarray
    low: np.ndarray
    high: np.ndarray
    is_sum: bool
    usable: np.ndarray
    entry_check: np.ndarray
    entry_row: np.ndarray
    entry_coef: np.ndarray


def _pairs(
    rule: Rule,
    left_rows: np.ndarray,
    partner: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    na: np.ndarray,
    is_sum: bool,
) -> Constraints:
    """left - partner in [low, high] (or left alone in it where there is no partner)."""
    has = partner >= 0
    k = np.arange(len(left_rows))
    entry_check = np.concatenate([k, k[has]])
    entry_row = np.concatenate([left_rows, partner[has]])
    entry_coef = np.concatenate([np.ones(len(k)), -np.ones(int(has.sum()))])
    usable = ~na[left_rows] & ~(has & na[np.maximum(partner, 0)])
    return Constraints(
        rule.id, left_rows, low, high, is_sum, usable, entry_check, entry_row, entry_coef
    )


def _totals(
    rule: Rule,
    totals: np.ndarray,
    part_rows: np.ndarray,
    part_key: np.ndarray,
    total_key: np.ndarray,
    bound: np.ndarray,
    na: np.ndarray,
) -> Constraints:
    """total - sum(parts) in [-bound, bound]; a part belongs to every total of its key."""
    order = np.argsort(part_key, kind="stable")
    part_rows, part_key = part_rows[order], part_key[order]
    start = np.searchsorted(part_key, total_key, side="left")
    count = np.searchsorted(part_key, total_key, side="right") - start
    keep = count > 0
    totals, start, count, bound = totals[keep], start[keep], count[keep], bound[keep]
    k = np.arange(len(totals))
    owner = np.repeat(k, count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    members = part_rows[np.repeat(start, count) + offset]
    unknown = np.bincount(owner, weights=na[members], minlength=len(k)) > 0
    return Constraints(
        rule.id,
        totals,
        -bound,
        bound,
        True,
        ~na[totals] & ~unknown,
        np.concatenate([k, owner]),
        np.concatenate([totals, members]),
        np.concatenate([np.ones(len(k)), -np.ones(len(members))]),
    )


def _subset(c: Constraints, keep: np.ndarray) -> Constraints:
    """The constraints `c` with only the checks where `keep` is True (renumbered)."""
    number = np.cumsum(keep) - 1
    entries = keep[c.entry_check]
    return Constraints(
        c.rule,
        c.check_row[keep],
        c.low[keep],
        c.high[keep],
        c.is_sum,
        c.usable[keep],
        number[c.entry_check[entries]],
        c.entry_row[entries],
        c.entry_coef[entries],
    )


class Wanted(NamedTuple):
    """Which of a rule's checks to build: those stated at the frame rows `at`, or those
    that read one of the figures (frame rows) `near`; both ascending. Neither: all."""

    at: np.ndarray | None = None
    near: np.ndarray | None = None


#: Every check of a rule.
ALL_CHECKS = Wanted()


def constraints(
    rule: Rule,
    outcome: CheckOutcome,
    frame: pd.DataFrame,
    cache: dict[Any, Any],
    wanted: Wanted = ALL_CHECKS,
) -> Constraints | None:
    """The `wanted` checks a rule makes on the frame, as constraints (None for other kinds).

    A hierarchy and an equal rule build just those (`_hierarchy`, `_equal`): a few dozen
    checks near the failing totals, not a million; the other kinds build all of theirs once
    per `cache` (one localization) and keep the wanted ones (`_selected`).
    """
    if rule.kind == "hierarchy":
        return _hierarchy(rule, outcome, frame, cache, wanted)
    if rule.kind == "equal":
        return _equal(rule, frame, cache, wanted)
    if ("constraints", rule.id) not in cache:
        cache[("constraints", rule.id)] = _every(rule, outcome, frame, cache)
    every = cache[("constraints", rule.id)]
    return None if every is None else _selected(every, wanted)


def _selected(c: Constraints, wanted: Wanted) -> Constraints:
    """The checks of `c` stated at the rows `wanted.at`, or reading a figure of
    `wanted.near`."""
    at, near = wanted
    if at is not None:
        return _subset(c, _member(c.check_row, at))
    if near is not None:
        keep = np.zeros(len(c.check_row), dtype=bool)
        keep[c.entry_check[_member(c.entry_row, near)]] = True
        return _subset(c, keep)
    return c


def _member(values: np.ndarray, sorted_rows: np.ndarray) -> np.ndarray:
    """Per value, whether it is one of `sorted_rows` (ascending): a binary search each, no
    hash and no sort of `values`."""
    if not len(sorted_rows):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_rows, values), len(sorted_rows) - 1)
    return np.asarray(sorted_rows[at] == values, dtype=bool)


def _hierarchy(
    rule: Rule, outcome: CheckOutcome, frame: pd.DataFrame, cache: dict[Any, Any], wanted: Wanted
) -> Constraints:
    """A hierarchy's checks as constraints: each total in the rule's scope (the rows the
    check compared, `checked_rows`) minus its parts, the stated rows anchored at it.

    Only the wanted totals are built: their parts are found with one pass over the rows'
    anchors (a bitmap of the wanted nodes), so the cost is one gather over the frame plus
    the size of the answer, not a sort of every part of every total."""
    tree: Tree = outcome.context["tree"]
    totals: np.ndarray = outcome.context["checked_rows"]
    at, near = wanted
    if at is not None:
        totals = at[_member(at, totals)]
    elif near is not None:
        candidates = _totals_reading(tree, frame, near)
        totals = candidates[_member(candidates, totals)]
    _, na = amounts(frame, cache=cache)
    memo = frame["waarvan"].to_numpy(dtype=bool)
    node = tree.row_node[totals]
    at_node = np.zeros(len(tree.parent) + 1, dtype=bool)  # the last entry: no anchor (-1)
    at_node[node] = True
    parts = np.flatnonzero(at_node[tree.row_anchor])
    parts = parts[(tree.first_row[tree.row_node[parts]] == parts) & ~memo[parts]]
    tol: Tolerance = getattr(rule, "tolerance", Tolerance())
    steps = rounding_steps(frame, cache)[totals] + tree.children_step[node]
    bound = sum_bound(tol, tree.children_sum[node], tree.children_count[node], steps)
    return _totals(rule, totals, parts, tree.row_anchor[parts], node, bound, na)


def _totals_reading(tree: Tree, frame: pd.DataFrame, figures: np.ndarray) -> np.ndarray:
    """The rows of the totals whose checks read one of `figures` (ascending): a figure that
    states its node is the total of its own check and a part of its anchor's; a repeated
    figure (not its node's first row) takes part in no check."""
    states = tree.first_row[tree.row_node[figures]] == figures
    memo = frame["waarvan"].to_numpy(dtype=bool)[figures]
    anchor = tree.row_anchor[figures]
    part_of = tree.first_row[anchor[states & ~memo & (anchor >= 0)]]
    return np.unique(np.concatenate([figures[states], part_of]))


def _equal(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any], wanted: Wanted) -> Constraints:
    """An equal rule's checks as constraints: each left row in scope minus its partner, the
    first right row of its group (`checks/equal.py`). With `at` or `near`, only the groups
    of those rows are paired (and of those, the checks stated at `at` or reading `near`)."""
    values, na = amounts(frame, cache=cache)
    tol: Tolerance = getattr(rule, "tolerance", Tolerance())
    on = list(rule.on)  # type: ignore[attr-defined]
    if "waarvan" in frame and "waarvan" not in on:
        on.append("waarvan")
    is_left = evaluate_array(rule.left, frame) & scope(rule, frame)  # type: ignore[attr-defined]
    is_right = evaluate_array(rule.right, frame)  # type: ignore[attr-defined]
    key, n_groups = group_numbers(frame, on, cache)
    at, near = wanted
    rows = at if at is not None else near
    if rows is None:
        left, right = np.flatnonzero(is_left), np.flatnonzero(is_right)
    else:
        chosen = np.zeros(n_groups, dtype=bool)
        chosen[key[rows]] = True
        in_wanted = chosen[key]
        left = at[is_left[at]] if at is not None else np.flatnonzero(in_wanted & is_left)
        right = np.flatnonzero(in_wanted & is_right)  # every right row of those groups
    partner = first_rows(key, n_groups, right)[key[left]]
    partner[partner == left] = -1
    keep = partner >= 0
    if near is not None:
        keep &= _member(left, near) | _member(partner, near)
    left, partner = left[keep], partner[keep]
    step = rounding_steps(frame, cache)
    bound = equal_bound(tol, np.nan_to_num(values[partner]), step[left] + step[partner])
    return _pairs(rule, left, partner, -bound, bound, na, True)


def _every(
    rule: Rule, outcome: CheckOutcome, frame: pd.DataFrame, cache: dict[Any, Any]
) -> Constraints | None:
    """Every check of a rule of another kind than hierarchy, as constraints."""
    values, na = amounts(frame, cache=cache)
    tol: Tolerance = getattr(rule, "tolerance", Tolerance())
    if rule.kind == "sum":
        group: np.ndarray = outcome.context["group"]
        parts_mask: np.ndarray = outcome.context["parts"]
        totals = np.flatnonzero(evaluate_array(rule.total, frame) & scope(rule, frame))  # type: ignore[attr-defined]
        parts = np.flatnonzero(parts_mask)
        width = int(group.max(initial=0)) + 1
        count = np.bincount(group[parts], minlength=width)
        expected = np.bincount(group[parts], weights=np.nan_to_num(values[parts]), minlength=width)
        step = rounding_steps(frame, cache)
        parts_step = np.bincount(group[parts], weights=step[parts], minlength=width)
        g = group[totals]
        bound = sum_bound(tol, expected[g], count[g], step[totals] + parts_step[g])
        return _totals(rule, totals, parts, group[parts], group[totals], bound, na)
    if rule.kind == "compare":
        op: str = rule.op  # type: ignore[attr-defined]
        if op == "!=":
            return None  # not convex: no linear constraint says "different from"
        left, partner, fixed = compare_check.pairs(rule, frame, cache)
        if fixed is None:
            keep = partner >= 0
            left, partner = left[keep], partner[keep]
            other = np.nan_to_num(values[partner])
            offset = np.zeros(len(left))
        else:
            other = np.full(len(left), float(fixed))
            offset = other
        step = rounding_steps(frame, cache)
        slack = equal_bound(
            tol, other, step[left] + np.where(partner >= 0, step[np.maximum(partner, 0)], 0.0)
        )
        # Amounts are whole units: a strict relation leaves at least one unit.
        none = np.full(len(left), np.inf)
        lows = {"<": -none, "<=": -none, "==": -slack, ">=": -slack, ">": 1 - slack}
        highs = {"<": slack - 1, "<=": slack, "==": slack, ">=": none, ">": none}
        low, high = lows[op] + offset, highs[op] + offset
        return _pairs(rule, left, partner, low, high, na, False)
    return None


# --- the programme --------------------------------------------------------------------------


@dataclass(frozen=True)
class Repair:
    """Figures (frame rows) and the values that make every check in play hold."""

    rows: tuple[int, ...]
    values: tuple[int, ...]


@dataclass(frozen=True)
class Localization:
    """The smallest repair of failing checks that belong together, and others as small.

    `repairs[0]` is the repair reported; further repairs are alternatives as small for a
    part of it (`unique` is False then).
    """

    repairs: tuple[Repair, ...]
    #: (rule id, row) of the failing checks the repair makes hold.
    explains: tuple[tuple[str, int], ...]
    unique: bool = True
    #: Every figure of `repairs[0]` is one that a hint on a failing check suspects.
    hinted: bool = False
    #: Parts whose smallest repair is not unique and that no hint decides: each with
    #: every repair as small that was found (at most MAX_OPTIONS). None of them is named
    #: the cause; the finding lists them all. `repairs[0]` holds only the decided parts.
    choices: tuple[tuple[Repair, ...], ...] = ()
    #: A part of `choices` had more repairs as small than MAX_OPTIONS.
    more: bool = False


@dataclass
class _Problem:
    rows: np.ndarray  # the figures in play (frame rows), ascending
    values: np.ndarray
    #: The checks' coefficients, one entry per (check, figure) read: numbered from 0 within
    #: the part (a figure's number is its position in `rows`).
    entry_check: np.ndarray
    entry_col: np.ndarray
    entry_coef: np.ndarray
    low: np.ndarray
    high: np.ndarray
    is_sum: np.ndarray
    is_total: np.ndarray
    #: Figures a hint suspects (a digit swap, an omitted line, ...): cheaper to change
    #: than an equally placed figure nobody suspects.
    suspected: np.ndarray
    #: Per figure, the values the hints suggest for it.
    suggested: list[set[Any]]
    #: `_searched`'s answer, once computed (a 1-tuple: its answer may be None).
    searched: tuple[Searched | None] | None = None

    def system(self) -> System:
        """The checks and figures, as `without_solver` reads them."""
        return System(
            self.entry_check, self.entry_col, self.entry_coef, self.values, self.low, self.high
        )

    def product(self, x: np.ndarray) -> np.ndarray:
        """The checks' sums for figures `x` (the matrix times `x`), without scipy."""
        weights = self.entry_coef * x[self.entry_col]
        return np.bincount(self.entry_check, weights=weights, minlength=len(self.low))

    def matrix(self) -> Any:
        """The coefficients as a scipy sparse matrix (one row per check, one column per
        figure), for the solver: built, and scipy imported, only when one is solved."""
        from scipy import sparse

        shape = (len(self.low), len(self.rows))
        return sparse.csr_array((self.entry_coef, (self.entry_check, self.entry_col)), shape=shape)


def _suspects(
    ds: Dataset, rules: Sequence[Rule], outcomes: Mapping[str, CheckOutcome]
) -> dict[tuple[tuple[str, Any], ...], set[Any]]:
    """The figures (their `where`) that the hints of the failing checks suspect, each with
    the values the hints suggest for it."""
    out: dict[tuple[tuple[str, Any], ...], set[Any]] = {}
    for rule in rules:
        outcome = outcomes.get(rule.id)
        if outcome is None or rule.kind not in diagnose.HINTERS:
            continue
        positions = np.flatnonzero(outcome.status == EXCEEDED)[: diagnose.DIAGNOSE_LIMIT]
        for hints in diagnose.hints_for(ds, outcome, positions) if len(positions) else []:
            for h in hints:
                if h.suggested is not None:
                    out.setdefault(_key(h.where), set()).add(h.suggested)
    return out


def _problems(
    ds: Dataset,
    rules: Sequence[Rule],
    outcomes: Mapping[str, CheckOutcome],
    cache: dict[Any, Any],
) -> list[tuple[_Problem, list[tuple[str, int]]]]:
    """The failing checks with their neighbours and figures, cut into independent parts
    (checks that share no figure, directly or through others, are solved apart), each
    with the failing checks it holds; parts beyond the bounds are left out."""
    frame = ds.frame
    # The failing checks first (each rule's EXCEEDED rows): their figures are the seed.
    # (A failing check whose figure is unknown constrains nothing: `usable` leaves it out.)
    built: list[tuple[Rule, CheckOutcome, np.ndarray, Constraints]] = []
    for rule in rules:
        outcome = outcomes.get(rule.id)
        if not _in_play(rule, ds) or outcome is None:
            continue
        exceeded = outcome.rows[outcome.status == EXCEEDED]
        c = constraints(rule, outcome, frame, cache, Wanted(at=exceeded))
        if c is not None:
            built.append((rule, outcome, exceeded, c))
    n_failing = sum(int(c.usable.sum()) for *_, c in built)
    if not n_failing or n_failing > MAX_FAILING_DATASET:
        return []
    # The bound on failing checks is per table (one article of one budget), not per
    # dataset: a real budget file has hundreds of failing checks over dozens of articles,
    # most of them a few typos each. A table with more than MAX_FAILING takes no part at
    # all (none of its checks, failing or not, constrains the others' repairs).
    failing_rows = np.concatenate([c.check_row[c.usable] for *_, c in built])
    names, counts = np.unique(_tables(ds, failing_rows), return_counts=True)
    broken = names[counts > MAX_FAILING]

    def whole_tables(c: Constraints) -> Constraints:
        return _subset(c, ~np.isin(_tables(ds, c.check_row), broken)) if len(broken) else c

    built = [(rule, outcome, exceeded, whole_tables(c)) for rule, outcome, exceeded, c in built]
    if not any(c.usable.any() for *_, c in built):
        return []
    seed = np.unique(np.concatenate([c.entry_row[c.usable[c.entry_check]] for *_, c in built]))
    # Every usable check that reads a figure of a failing check, as one sparse matrix.
    rule_ids: list[str] = []
    check_rows, lows, highs, sums, failing = [], [], [], [], []
    e_check, e_row, e_coef = [], [], []
    offset = 0
    for rule, outcome, exceeded, _ in built:
        near = constraints(rule, outcome, frame, cache, Wanted(near=seed))
        if near is None:
            continue
        c = whole_tables(near)
        failed = _member(c.check_row, exceeded) & c.usable
        picked = np.flatnonzero(c.usable)
        if not len(picked):
            continue
        sel = np.isin(c.entry_check, picked)
        e_check.append(offset + np.searchsorted(picked, c.entry_check[sel]))
        e_row.append(c.entry_row[sel])
        e_coef.append(c.entry_coef[sel])
        rule_ids += [rule.id] * len(picked)
        check_rows.append(c.check_row[picked])
        lows.append(c.low[picked])
        highs.append(c.high[picked])
        sums.append(np.full(len(picked), c.is_sum))
        failing.append(failed[picked])
        offset += len(picked)
    entry_check = np.concatenate(e_check)
    entry_row = np.concatenate(e_row)
    entry_coef = np.concatenate(e_coef)
    rows = np.unique(entry_row)
    col = np.searchsorted(rows, entry_row)
    m, n = offset, len(rows)
    check_row = np.concatenate(check_rows)
    is_sum = np.concatenate(sums)
    is_failing = np.concatenate(failing)
    # A total is the stated side of a sum of two or more parts.
    width = np.bincount(entry_check, minlength=m)
    is_total = np.zeros(n, dtype=bool)
    total_rows = check_row[is_sum & (width > 2)]
    is_total[np.searchsorted(rows, total_rows)] = True
    values, _ = amounts(frame, cache=cache)
    # Independent parts: connected components of the check-figure graph.
    label = _components(entry_check, col + m, m + n)
    low, high = np.concatenate(lows), np.concatenate(highs)
    # A cause is reported per table (one article): a table with one failing check has
    # nothing to localize beyond its finding, so its parts are not solved at all.
    table = _tables(ds, check_row)
    failing_tables = table[is_failing]
    names, counts = np.unique(failing_tables, return_counts=True)
    busy = set(names[counts >= 2].tolist())
    kept = []
    for part in np.unique(label[:m][is_failing]).tolist():
        if not busy.intersection(table[(label[:m] == part) & is_failing].tolist()):
            continue
        checks = np.flatnonzero(label[:m] == part)
        figures = np.flatnonzero(label[m:] == part)
        failing_here = checks[is_failing[checks]]
        if len(failing_here) > MAX_CHECKS or len(figures) > MAX_FIGURES:
            continue
        kept.append((part, checks, figures, failing_here))
        if len(kept) >= MAX_PARTS:
            break
    if not kept:
        return []
    suspected, suggested = _suspected(
        ds, rules, outcomes, rows, np.concatenate([figures for _, _, figures, _ in kept])
    )
    out = []
    for part, checks, figures, failing_here in kept:
        inside = label[entry_check] == part
        problem = _Problem(
            rows[figures],
            values[rows[figures]],
            np.searchsorted(checks, entry_check[inside]),
            np.searchsorted(figures, col[inside]),
            entry_coef[inside],
            low[checks],
            high[checks],
            is_sum[checks],
            is_total[figures],
            suspected[figures],
            [suggested[j] for j in figures.tolist()],
        )
        explains = [(rule_ids[k], int(check_row[k])) for k in failing_here.tolist()]
        out.append((problem, explains))
    return out


def _suspected(
    ds: Dataset,
    rules: Sequence[Rule],
    outcomes: Mapping[str, CheckOutcome],
    rows: np.ndarray,
    figures: np.ndarray,
) -> tuple[np.ndarray, list[set[Any]]]:
    """Per figure in play (`rows`), whether a hint suspects it and the values the hints
    suggest for it (`_suspects`), looked up only at `figures` (positions in `rows`: those
    of the parts that are solved; the others stay unsuspected and are never read). A
    `where` is made only for those, and only when a hint suspects any figure at all."""
    suspected = np.zeros(len(rows), dtype=bool)
    suggested: list[set[Any]] = [set() for _ in range(len(rows))]
    suspects = _suspects(ds, rules, outcomes)
    if not suspects:
        return suspected, suggested
    figures = np.unique(figures)
    for j, where in zip(figures.tolist(), diagnose.wheres(ds, rows[figures]), strict=True):
        found = suspects.get(_key(where))
        if found is not None:
            suspected[j] = True
            suggested[j] = found
    return suspected, suggested


def _components(left: np.ndarray, right: np.ndarray, size: int) -> np.ndarray:
    """Per node of an undirected graph (edges `left[i]`-`right[i]`), the smallest node of
    its connected component: labels in the order scipy's `connected_components` numbers
    them, without importing scipy. Vectorized: hook each edge's larger root onto the
    smaller one, flatten the trees by pointer jumping, until every edge is inside a tree."""
    parent = np.arange(size)
    while True:
        a, b = parent[left], parent[right]
        if np.array_equal(a, b):
            return parent
        np.minimum.at(parent, np.maximum(a, b), np.minimum(a, b))
        while True:  # pointer jumping: rounds grow with the log of a tree's depth
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def _scales(p: _Problem, base: np.ndarray) -> tuple[float, float, float]:
    """The programme's constants: M (how far a figure may move), the extra weight of a
    total and the weight `delta` of a sum's residual."""
    # No figure needs to move further than all violations and tolerances together; a
    # tight M keeps the relaxation strong (and the solve fast).
    finite = np.where(np.isfinite(p.low), np.abs(p.low), 0) + np.where(
        np.isfinite(p.high), np.abs(p.high), 0
    )
    violation = np.maximum(np.maximum(p.low - base, base - p.high), 0)
    big = float(violation.sum() + finite.sum() + 1)
    extra = 1.0 / (2 * len(p.rows) + 2)
    delta = extra / (4 * (float(finite[p.is_sum].sum()) + 1))
    return big, extra, delta


def _solve(p: _Problem, cuts: list[np.ndarray]) -> tuple[np.ndarray, float] | None:
    """One optimal repair (the change per figure) and its weighted count, or None."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    matrix = p.matrix()
    n, m = len(p.rows), matrix.shape[0]
    base = matrix @ p.values
    big, extra, delta = _scales(p, base)
    sums = np.flatnonzero(p.is_sum)
    k = len(sums)
    # Variables: d (n, integer), z (n, binary), s (k, continuous >= 0).
    # Fewest changes first; then lines before totals; then suspected figures first.
    weight = np.where(p.is_total, 1.0 + extra, 1.0) - np.where(p.suspected, extra / 4, 0.0)
    cost = np.concatenate([np.zeros(n), weight, np.full(k, delta)])
    eye = sparse.identity(n, format="csr")
    zeros_nk = sparse.csr_array((n, k))
    blocks = [
        # d - M z <= 0 and -d - M z <= 0
        (sparse.hstack([eye, -big * eye, zeros_nk]), -np.inf, 0.0),
        (sparse.hstack([-eye, -big * eye, zeros_nk]), -np.inf, 0.0),
        # low - base <= A d <= high - base
        (
            sparse.hstack([matrix, sparse.csr_array((m, n)), sparse.csr_array((m, k))]),
            p.low - base,
            p.high - base,
        ),
    ]
    if k:
        pick = sparse.csr_array((np.ones(k), (np.arange(k), sums)), shape=(k, m))
        a_sums = pick @ matrix
        ident_k = sparse.identity(k, format="csr")
        # s >= base + A d and s >= -(base + A d)
        blocks.append(
            (sparse.hstack([a_sums, sparse.csr_array((k, n)), -ident_k]), -np.inf, -base[sums])
        )
        blocks.append(
            (sparse.hstack([-a_sums, sparse.csr_array((k, n)), -ident_k]), -np.inf, base[sums])
        )
    for support in cuts:
        row = np.zeros(2 * n + k)
        row[n + support] = 1.0
        blocks.append((sparse.csr_array(row[None, :]), -np.inf, len(support) - 1.0))
    constraints = [
        LinearConstraint(a, np.broadcast_to(lo, a.shape[0]), np.broadcast_to(hi, a.shape[0]))
        for a, lo, hi in blocks
    ]
    integrality = np.concatenate([np.ones(n), np.ones(n), np.zeros(k)])
    # A repaired figure keeps its sign (a typo does not turn spending into income; a 0 may
    # become either); within that, it may move as far as needed.
    bounds = Bounds(
        np.concatenate([np.where(p.values > 0, -p.values, -big), np.zeros(n), np.zeros(k)]),
        np.concatenate([np.where(p.values < 0, -p.values, big), np.ones(n), np.full(k, np.inf)]),
    )
    with _quiet():
        result = milp(
            cost,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            # A node limit, not only a clock: the same input gives the same report on a busy
            # machine. The time limit is a safety net that a part of this size never reaches.
            # HiGHS's presolve costs more than it saves on parts this small (10x).
            options={
                "time_limit": TIME_LIMIT,
                "node_limit": NODE_LIMIT,
                "presolve": False,
                "disp": False,
            },
        )
    if result.status != 0 or result.x is None:
        return None  # infeasible, or out of time: no localization rather than a guess
    change = np.round(result.x[:n])
    change[result.x[n : 2 * n] <= 0.5] = 0
    # The size of a repair: the figures it changes, a total counting a little more; what the
    # hints suspect only chooses among repairs of the same size, it does not make one
    # smaller. Counted from the changes, not from the indicators: HiGHS (no presolve) now
    # and then leaves a figure's indicator set with no change, and that weight made a
    # later, larger repair look as small, so a unique repair was shown as one of two.
    return change, float(np.where(p.is_total, 1.0 + extra, 1.0)[change != 0].sum())


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence what the solver's C++ code prints on the process's stdout (HiGHS writes
    debug lines there in some cases): a report on stdout must hold the report only."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1: nothing to protect
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _holds(p: _Problem, change: np.ndarray) -> bool:
    after = p.product(p.values + change)
    return bool(np.all(after >= p.low - 1e-6) and np.all(after <= p.high + 1e-6))


def _in_play(rule: Rule, ds: Dataset) -> bool:
    """Whether the rule's checks are constraints on the amounts this module repairs: a
    kind it models, over the `bedrag` column (a rule over `percentage`, say, checks other
    figures, and a frame without amounts has nothing to repair)."""
    return (
        rule.kind in KINDS
        and getattr(rule, "column", "bedrag") == "bedrag"
        and "bedrag" in ds.frame.columns
    )


def locate(
    ds: Dataset,
    rules: Sequence[Rule],
    outcomes: Mapping[str, CheckOutcome],
    cache: dict[Any, Any] | None = None,
) -> list[Localization]:
    """Per independent part of the failing checks, the smallest set of figures whose
    change makes them all hold (see the module docstring); parts that are out of bounds or
    unsolved within the time limit give none."""
    rules = [rule for rule in rules if _in_play(rule, ds)]
    if not any(rule.id in outcomes and outcomes[rule.id].count(EXCEEDED) for rule in rules):
        return []
    cache = {} if cache is None else cache
    parts = []
    # A part left out: `_by_table` would drop what the solver finds, so it is not solved
    # at all (and takes no place in its table).
    problems = _problems(ds, rules, outcomes, cache)
    problems = [(p, e) for p, e in problems if not _left_out(p, len(e))]
    tables = Counter(_table_key(ds, explains[0][1]) for _, explains in problems)
    for problem, explains in problems:
        if tables[_table_key(ds, explains[0][1])] == 1 and _too_large(problem):
            continue  # alone in its table and too large to report: `_by_table` drops it
        found, more = _repairs(problem, len(explains))
        if not found:
            continue
        unique = len(found) == 1
        first = np.searchsorted(problem.rows, found[0].rows).tolist()
        # Hinted: every figure changed to a value a hint on a failing check suggests.
        hinted = all(v in problem.suggested[j] for j, v in zip(first, found[0].values, strict=True))
        # Other choices as small and no hint that picks one: every choice is listed, none
        # is named the cause (`choices`); the checks cannot tell them apart.
        parts.append(Localization(tuple(found), tuple(explains), unique, hinted, more=more))
    return _by_table(ds, parts)


def _table_columns(ds: Dataset) -> list[str]:
    """The dataset key without levels, vuo and year: what makes one table (an article of
    one budget; the kind's `Layout.table_columns`)."""
    columns = layout_of(ds.kind).table_columns(DATASET_KEYS.get(ds.kind, ()))
    return [c for c in columns if c in ds.frame.columns]


def _tables(ds: Dataset, rows: np.ndarray) -> np.ndarray:
    """A table number per row (equal numbers: the same table)."""
    from sluitend.engine.checks.keys import keys_for

    group, _ = keys_for(ds.frame, None).groups(_table_columns(ds))
    return group[rows]


def _table_key(ds: Dataset, row: int) -> tuple[Any, ...]:
    """The table of a frame row, as `_by_table` groups the parts: its `_table_columns`."""
    return tuple(ds.frame[c].iat[row] for c in _table_columns(ds))


def _by_table(ds: Dataset, parts: list[Localization]) -> list[Localization]:
    """Independent parts of one table (the dataset key without levels, vuo and year: one
    article of one budget) reported together, as one likely cause."""
    groups: dict[tuple[Any, ...], list[Localization]] = {}
    for part in parts:
        groups.setdefault(_table_key(ds, part.explains[0][1]), []).append(part)
    out = []
    for group in groups.values():
        decided = [p for p in group if p.unique or p.hinted]
        # An undecided part of one failing check says no more than that check's own
        # finding (and its hints): it is left to it.
        # And an undecided part is listed only when its repairs change fewer figures than
        # the checks they explain: "one of these four ways of changing four figures" for
        # four failing checks localizes nothing.
        open_parts = [
            p
            for p in group
            if not (p.unique or p.hinted) and len(p.repairs[0].rows) < len(p.explains)
        ]
        if not decided and not open_parts:
            continue
        group = [*decided, *open_parts]
        first = Repair(
            tuple(r for p in decided for r in p.repairs[0].rows),
            tuple(v for p in decided for v in p.repairs[0].values),
        )
        others = tuple(r for p in decided for r in p.repairs[1:])
        explains = tuple(e for p in group for e in p.explains)
        size = len(first.rows) + sum(len(p.repairs[0].rows) for p in open_parts)
        if size > MAX_REPORTED:
            continue  # that many changes in one table is a broken table, not a few typos
        out.append(
            Localization(
                (first, *others),
                explains,
                unique=all(p.unique for p in group),
                hinted=all(p.unique or p.hinted for p in decided),
                choices=tuple(p.repairs for p in open_parts),
                more=any(p.more for p in open_parts),
            )
        )
    return out


def _repairs(problem: _Problem, explains: int) -> tuple[list[Repair], bool]:
    """The smallest repair and any others of the same weight (up to MAX_OPTIONS), and
    whether there are more than that.

    Each further repair is found by solving again with a no-good cut that excludes the
    sets of figures already found (their figures may not all change together again), so
    a set is never repeated; the search stops at the first repair that is larger.
    """
    certain = _one_figure(problem) or _two_figures(problem) or _few_figures(problem)
    if certain is not None:
        return [certain], False
    repairs: list[Repair] = []
    cuts: list[np.ndarray] = []
    best: float | None = None
    while len(repairs) <= MAX_OPTIONS:
        solved = _solve(problem, cuts)
        if solved is None:
            break
        change, weight = solved
        support = np.flatnonzero(change != 0)
        if not len(support) or not _holds(problem, change):
            break
        if best is not None and weight > best + 1e-9:
            break  # larger than the smallest: not an alternative
        if len(repairs) == MAX_OPTIONS:
            return repairs, True  # one more as small exists: say there are more
        if len(repairs) == 1 and len(support) >= explains:
            # Not unique, and as many changes as failing checks: never listed (see
            # `_by_table`), so the other options are not searched for.
            return [*repairs, _repair(problem, support, change)], False
        best = weight if best is None else best
        repairs.append(_repair(problem, support, change))
        cuts.append(support)
    return repairs, False


def _left_out(p: _Problem, explains: int) -> bool:
    """Whether the part's localization is certain to be dropped by `_by_table` (see
    `without_solver.undecided`): no hint suspects any of its figures, so none decides, and
    its smallest repair is not unique and changes as many figures as it explains checks."""
    if p.suspected.any():
        return False
    big = _scales(p, p.product(p.values))[0]
    if undecided(p.system(), p.is_total, explains, big):
        return True
    found = _searched(p)
    return found is not None and searched_undecided(found, p.is_total, explains)


def _searched(p: _Problem) -> Searched | None:
    """Every repair of the fewest figures, up to MAX_REPORTED (`without_solver.
    smallest_repairs`), computed once per part (`_left_out` and `_repairs` both read it)."""
    if p.searched is None:
        big = _scales(p, p.product(p.values))[0]
        p.searched = (smallest_repairs(p.system(), big),)
    return p.searched[0]


def _too_large(p: _Problem) -> bool:
    """Whether every repair of the part changes more than MAX_REPORTED figures
    (`without_solver.least_changes`): alone in its table, `_by_table` then reports nothing
    of it, whatever the solver finds (a unique repair is too large to report; one of
    several is too large, or changes as many figures as it explains checks)."""
    return least_changes(p.system()) > MAX_REPORTED


def _one_figure(p: _Problem) -> Repair | None:
    """The repair of one figure where it is certain without solving (`without_solver`): the
    programme would find it, and find no other as small (no other figure repairs the part
    alone, and two changes weigh more than one)."""
    scales = _scales(p, p.product(p.values))
    found = one_figure_repair(p.system(), p.is_sum, scales)
    if found is None:
        return None
    j, step = found
    return _holding_repair(p, np.asarray([j]), step)


def _two_figures(p: _Problem) -> Repair | None:
    """The repair of two figures where it is certain without solving (`without_solver`):
    the programme would find it, and the search for another as small would find none."""
    scales = _scales(p, p.product(p.values))
    found = two_figure_repair(p.system(), p.is_sum, p.is_total, p.suspected, scales)
    if found is None:
        return None
    return _holding_repair(p, np.asarray(found[0]), found[1])


def _few_figures(p: _Problem) -> Repair | None:
    """The repair of up to MAX_REPORTED figures where it is certain without solving
    (`without_solver.searched_repair`): every repair of the fewest figures was found, and
    the programme would answer this one, and find no other as light."""
    found = _searched(p)
    if found is None:
        return None
    scales = _scales(p, p.product(p.values))
    answer = searched_repair(found, p.system(), p.is_sum, p.is_total, p.suspected, scales)
    if answer is None:
        return None
    return _holding_repair(p, *answer)


def _holding_repair(
    p: _Problem, support: np.ndarray, step: int | tuple[int, ...] | np.ndarray
) -> Repair | None:
    """The repair that changes the figures at `support` by `step`, when every check of the
    part then holds (None otherwise): the last test of a repair found without solving."""
    change = np.zeros(len(p.rows))
    change[support] = step
    if not _holds(p, change):
        return None
    return _repair(p, support, change)


def _repair(problem: _Problem, support: np.ndarray, change: np.ndarray) -> Repair:
    return Repair(
        tuple(int(r) for r in problem.rows[support].tolist()),
        tuple(int(v) for v in (problem.values[support] + change[support]).tolist()),
    )


# --- the report -----------------------------------------------------------------------------


def _key(where: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(where.items()))


def _described(ds: Dataset, repair: Repair) -> list[tuple[dict[str, Any], str, str, int, Any]]:
    """Per figure of `repair`: (where, place text, bron, repairing value, stated value)."""
    rows = np.asarray(repair.rows, dtype=np.int64)
    wheres = diagnose.wheres(ds, rows)
    labels = diagnose.column_values(ds.frame, "label", rows)
    brons = diagnose.column_values(ds.frame, "bron", rows)
    stated = diagnose.column_values(ds.frame, "bedrag", rows)
    return [
        (where, figure_name(where, label), str(bron), value, was)
        for where, label, bron, value, was in zip(
            wheres, labels, brons, repair.values, stated, strict=True
        )
    ]


def _reading(figures: list[tuple[dict[str, Any], str, str, int, Any]]) -> str:
    return " and ".join(
        f"{name} at {bron} reading {amount(value)} instead of {amount(was)}"
        for _, name, bron, value, was in figures
    )


def cause_finding(ds: Dataset, loc: Localization, members: Sequence[Finding]) -> Finding:
    """The one likely-cause finding: the figures of the smallest repair with the values
    that repair them, the failing checks they explain as its consequences, and the other
    repairs as small when there are any.

    Where the smallest repair is not unique and no hint decides (`loc.choices`), no
    figure is named the cause: the message says so and lists every repair as small that
    was found, each as a `repair_option` hint; the failing checks stay its consequences.
    """
    first = loc.repairs[0]
    named = _described(ds, first)
    hints = []
    parts = []
    for where, name, bron, value, was in named:
        text = f"{name} at {bron} should probably read {amount(value)} instead of {amount(was)}"
        parts.append(text)
        hints.append(Hint("repair", bron, where, value, text))
    # Each undecided part: "one of: A reading 1 instead of 2; or B reading 3 instead of 4".
    undecided = []
    for choice in loc.choices:
        texts = []
        for option in choice:
            figures = _described(ds, option)
            text = _reading(figures)
            texts.append(text)
            where, _, bron, value, _ = figures[0]
            hints.append(Hint("repair_option", bron, where, value, text))
        undecided.append(
            f"one of these {len(texts)}{' (or more)' if loc.more else ''}: " + "; or ".join(texts)
        )
    count = len(first.rows) + sum(len(choice[0].rows) for choice in loc.choices)
    figures_text = "1 figure" if count == 1 else f"{count} figures"
    if loc.choices:
        message = (
            f"{cause_intro(members)}{figures_text}, "
            "but the smallest change is not unique: "
            + "; ".join([*parts, *undecided])
            + ". Any of these repairs makes every one of these checks hold; which figure "
            "is wrong the checks cannot tell, so none is named the cause."
        )
    else:
        message = (
            f"{cause_intro(members)}{figures_text}: "
            + "; ".join(parts)
            + ". With "
            + ("this change" if count == 1 else "these changes")
            + " every one of these checks holds."
        )
    if not loc.choices and not loc.unique:
        options = []
        for other in loc.repairs[1:]:
            figures = _described(ds, other)
            options.append(
                " and ".join(
                    f"{name} at {bron} reading {amount(value)}"
                    for _, name, bron, value, _ in figures
                )
            )
            where, _, bron, value, _ = figures[0]
            hints.append(Hint("repair_option", bron, where, value, options[-1]))
        message += f" The smallest change is not unique; as small: {'; or '.join(options)}" + (
            " (the hints on the failing checks point at the figures named first)."
            if loc.hinted
            else "."
        )
    if named:
        where, _, bron, value, actual = named[0]
        label = str(ds.frame["label"].iat[first.rows[0]])
        figure = Figure(where, bron, label, value, None if actual is pd.NA else int(actual))
    else:  # nothing decided: the finding stands at its first failing check
        at = members[0]
        figure = Figure(at.where, at.bron, at.label, None, None)
    return likely_cause(members, members[0].rule, figure, message, hints)


def merge_all(
    findings: Sequence[Finding], ds: Dataset, located: Sequence[Localization]
) -> list[Finding]:
    """`merge` for every part's localization in turn."""
    out = list(findings)
    for loc in located:
        out = merge(out, ds, loc)
    return out


def merge(findings: Sequence[Finding], ds: Dataset, loc: Localization | None) -> list[Finding]:
    """The findings of one dataset (after `localize`) with the localization's cause in
    place of the failing checks it explains.

    Kept as they are when the repair explains fewer than two failing findings, or when it
    is one figure that `localize` already names with the same value (its hints say more).
    (`locate` already left out the parts that would only restate their failures.)
    """
    if loc is None:
        return list(findings)
    # One `wheres` for every explained check (a take per column), not one per check.
    rows = np.asarray([row for _, row in loc.explains], dtype=np.int64)
    explained = {
        (rule, _key(where))
        for (rule, _), where in zip(loc.explains, diagnose.wheres(ds, rows), strict=True)
    }
    flat = [c for f in findings for c in ((f,) if f.kind == "check" else f.consequences)]
    members = [f for f in flat if f.kind == "check" and (f.rule, _key(f.where)) in explained]
    first = loc.repairs[0]
    if len(members) < 2:
        return list(findings)  # one check: its own finding says it all
    if loc.unique and len(first.rows) == 1:
        where = _key(diagnose.wheres(ds, np.asarray(first.rows))[0])
        if any(
            f.kind != "check" and _key(f.where) == where and f.expected == first.values[0]
            for f in findings
        ):
            return list(findings)
    cause = cause_finding(ds, loc, members)
    taken = {id(f) for f in members}
    out: list[Finding] = []
    placed = False
    for f in findings:
        inner = (f,) if f.kind == "check" else f.consequences
        if not any(id(c) in taken for c in inner):
            out.append(f)
            continue
        if not placed:
            out.append(cause)
            placed = True
        if f.kind != "check":
            out.extend(c for c in f.consequences if id(c) not in taken)
    return out
