"""Diagnosis: hints on failed sums and comparisons, and one likely cause per typo.

The checks say *that* a total does not add up; this module says *why*, with the pure
functions of `hints.py` (which figure, what value repairs it) and `localize.py` (one figure
behind several findings). It gathers what those need from a check's outcome with vectorized
selections; the Python work is per failing finding, and is capped at `DIAGNOSE_LIMIT`
findings per rule, because nobody reads a hundred thousand hints and a half-wrong national
budget must not take minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.engine.checks.hierarchy import Tree
from sluitend.engine.checks.outcome import AMBIGUOUS, EXCEEDED, CheckOutcome
from sluitend.engine.findings import Finding, Hint
from sluitend.engine.hints import Part, SiblingGroup, equal_hints, sum_hints
from sluitend.engine.localize import localize
from sluitend.vocabulary import DATASET_KEYS, layout_of

#: Hints are computed for at most this many failing findings per rule and dataset (each
#: costs tens of microseconds of Python, and only when its finding is built).
DIAGNOSE_LIMIT = 1000
#: Likely causes are looked for in datasets with at most this many findings: `localize`
#: compares findings pairwise, and a table with more is broken beyond one typo's reach.
LOCALIZE_LIMIT = 3000


def where_columns(kind: str) -> list[str]:
    """The columns that say where a figure of this kind sits, in reading order (the kind's
    `Layout.where`, then the rest of its key)."""
    key = DATASET_KEYS[kind]
    cols = [c for c in layout_of(kind).where if c in key]
    return cols + [c for c in key if c not in cols and c != "waarvan"]


def column_values(frame: pd.DataFrame, column: str, rows: np.ndarray) -> list[Any]:
    """The Python values of one column at `rows` (one take, no row objects).

    Taken from the column's array, not through a new Series (a third of the cost: the
    findings of a Ministry file take a few hundred columns); a numpy column through numpy,
    whose `tolist` gives Python scalars as the Series' does."""
    series, at = frame[column], np.asarray(rows, dtype=np.int64)
    if isinstance(series.dtype, np.dtype):
        return series.to_numpy()[at].tolist()
    return series.array.take(at).tolist()


def wheres(ds: Dataset, rows: np.ndarray) -> list[dict[str, Any]]:
    """The `where` mapping of each row (a memo line also says `waarvan = True`).

    Built column by column: one take and one `tolist` per column, then one dict per row.
    """
    frame = ds.frame
    names = where_columns(ds.kind)
    columns = [column_values(frame, c, rows) for c in names]
    out = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    if "waarvan" in frame.columns:
        memo = frame["waarvan"].to_numpy(dtype=bool)[rows]
        for k in np.flatnonzero(memo).tolist():
            out[k]["waarvan"] = True
    # A column that is seldom set (the budget within a chapter) is named only where it is,
    # so that findings, fingerprints and reports of every other table stay as they were.
    when_set = layout_of(ds.kind).when_set
    for column, values in zip(names, columns, strict=True):
        if column in when_set:
            for k, value in enumerate(values):
                if value == "":
                    del out[k][column]
    return out


class _Rows:
    """Parts for hints, built once per row that any hint needs."""

    def __init__(self, ds: Dataset, rows: np.ndarray, parts_sum: dict[int, int]) -> None:
        rows = np.unique(rows)
        frame = ds.frame
        values = frame["bedrag"].take(rows).to_numpy(dtype=np.float64, na_value=np.nan)
        # An unknown (pm) figure is no part of any hint: it gets no `Part` (nor a `where`).
        known = ~np.isnan(values)
        rows = rows[known]
        self.parts: dict[int, Part] = {
            row: Part(value, bron, where, label, parts_sum=parts_sum.get(row))
            for row, where, value, bron, label in zip(
                rows.tolist(),
                wheres(ds, rows),
                values[known].astype(np.int64).tolist(),
                column_values(frame, "bron", rows),
                column_values(frame, "label", rows),
                strict=True,
            )
        }

    def get(self, rows: Sequence[int]) -> list[Part]:
        return [self.parts[r] for r in rows if r in self.parts]


def _groups(keys: np.ndarray, rows: np.ndarray) -> dict[int, list[int]]:
    """rows grouped by key (one sort, no per-group Python scan of the frame)."""
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    keys, rows = keys[order], rows[order]
    cuts = np.flatnonzero(np.diff(keys)) + 1
    return {
        int(k[0]): r.tolist()
        for k, r in zip(np.split(keys, cuts), np.split(rows, cuts), strict=True)
    }


def hierarchy_hints(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints for the hierarchy findings at `positions` (indices into outcome.rows)."""
    tree: Tree = outcome.context["tree"]
    frame = ds.frame
    rows = outcome.rows[positions]
    totals = tree.row_node[rows]
    memo = frame["waarvan"].to_numpy(dtype=bool)
    anchor = tree.row_anchor

    def under(nodes: np.ndarray) -> np.ndarray:
        # The rows anchored at one of `nodes`: one pass over the anchors with a bitmap of
        # the nodes (its last entry stands for -1, no anchor), not a comparison per node.
        marked = np.zeros(len(tree.parent) + 1, dtype=bool)
        marked[nodes] = True
        return np.flatnonzero(marked[anchor])

    def stated_total(at: np.ndarray) -> np.ndarray:
        # A node's first non-memo row that has parts under it.
        node = tree.row_node[at]
        return (tree.first_row[node] == at) & ~memo[at] & tree.has_children[node]

    # Parts: stated rows anchored at a failing total; memos: memo rows anchored there.
    near = under(totals)
    part_rows = near[(tree.first_row[tree.row_node[near]] == near) & ~memo[near]]
    memo_rows = near[memo[near]]
    # Siblings: other stated totals under the same anchor, plus that anchor itself.
    total_anchor = anchor[rows]
    around = under(total_anchor[total_anchor >= 0])
    sibling_rows = around[stated_total(around)]
    up_rows = tree.first_row[total_anchor[total_anchor >= 0]]
    needs = np.unique(np.concatenate([rows, part_rows, memo_rows, sibling_rows, up_rows]))
    # The sum of its own lines, for every needed row that is a stated total with known lines.
    summed = needs[stated_total(needs) & ~tree.children_unknown[tree.row_node[needs]]]
    parts_sum = dict(
        zip(
            summed.tolist(),
            tree.children_sum[tree.row_node[summed]].astype(np.int64).tolist(),
            strict=True,
        )
    )
    built = _Rows(ds, needs, parts_sum)
    parts_of = _groups(anchor[part_rows], part_rows)
    memos_of = _groups(anchor[memo_rows], memo_rows)
    siblings_of = _groups(anchor[sibling_rows], sibling_rows)

    out: list[list[Hint]] = []
    for pos, row, node, up in zip(
        positions.tolist(), rows.tolist(), totals.tolist(), total_anchor.tolist(), strict=True
    ):
        total = built.parts.get(row)
        if total is None:
            out.append([])
            continue
        siblings = [
            SiblingGroup(built.parts[s], parts_sum[s])
            for s in siblings_of.get(up, [])
            if s != row and s in parts_sum and s in built.parts
        ]
        if up >= 0 and tree.first_row[up] in parts_sum and tree.first_row[up] in built.parts:
            up_row = int(tree.first_row[up])
            siblings.append(SiblingGroup(built.parts[up_row], parts_sum[up_row]))
        out.append(
            sum_hints(
                total,
                built.get(parts_of.get(node, [])),
                int(outcome.actual[pos] - outcome.expected[pos]),
                memos=built.get(memos_of.get(node, [])),
                siblings=siblings,
                bound=float(outcome.bound[pos]),
            )
        )
    return out


def sum_rule_hints(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints for sum-rule findings: the parts are the part rows of the total's group."""
    group: np.ndarray = outcome.context["group"]
    parts_mask: np.ndarray = outcome.context["parts"]
    rows = outcome.rows[positions]
    part_rows = np.flatnonzero(parts_mask & np.isin(group, group[rows]))
    built = _Rows(ds, np.concatenate([rows, part_rows]), {})
    parts_of = _groups(group[part_rows], part_rows)
    out = []
    for pos, row in zip(positions.tolist(), rows.tolist(), strict=True):
        total = built.parts.get(row)
        parts = built.get(parts_of.get(int(group[row]), []))
        out.append(
            []
            if total is None
            else sum_hints(
                total,
                parts,
                int(outcome.actual[pos] - outcome.expected[pos]),
                bound=float(outcome.bound[pos]),
            )
        )
    return out


def equal_rule_hints(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints for equal findings: either side may be the mistyped one."""
    rows = outcome.rows[positions]
    partners = outcome.context["partner"][positions]
    built = _Rows(ds, np.concatenate([rows, partners[partners >= 0]]), {})
    out = []
    for pos, row, partner in zip(positions.tolist(), rows.tolist(), partners.tolist(), strict=True):
        left, right = built.parts.get(row), built.parts.get(partner)
        out.append(
            []
            if left is None or right is None
            else equal_hints(left, right, left.value - right.value, bound=float(outcome.bound[pos]))
        )
    return out


Hinter = Callable[[Dataset, CheckOutcome, np.ndarray], list[list[Hint]]]
HINTERS: dict[str, Hinter] = {
    "hierarchy": hierarchy_hints,
    "sum": sum_rule_hints,
    "equal": equal_rule_hints,
}


def _relation_hints(kind: str) -> Hinter:
    """The hinter of `compare` or `change` (imported late: it uses this module)."""

    def hinter(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
        from sluitend.engine import relation_hints

        found = relation_hints.compare_hints if kind == "compare" else relation_hints.change_hints
        return found(ds, outcome, positions)

    return hinter


HINTERS.update({"compare": _relation_hints("compare"), "change": _relation_hints("change")})


def hints_for(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints per finding at `positions`; empty lists where no hint applies or past the cap."""
    hinter = HINTERS.get(outcome.rule.kind)
    result: list[list[Hint]] = [[] for _ in positions]
    if hinter is None or "bedrag" not in ds.frame.columns:
        return result
    # An ambiguous layout gets its hints too: the "waarvan" hint names the line that may be a
    # part, with its place.
    hinted = np.isin(outcome.status[positions], (EXCEEDED, AMBIGUOUS))
    exceeded = np.flatnonzero(hinted)[:DIAGNOSE_LIMIT]
    if not len(exceeded):
        return result
    # The hints of one finding depend on its own row only, so they are kept on the outcome:
    # `errorlocate` reads them for its suspects, the findings later for themselves, and
    # each is computed once.
    known = _hint_cache(ds, outcome)
    wanted = positions[exceeded].tolist()
    missing = np.asarray(sorted({p for p in wanted if p not in known}), dtype=np.int64)
    if len(missing):
        known.update(zip(missing.tolist(), hinter(ds, outcome, missing), strict=True))
    for k, position in zip(exceeded.tolist(), wanted, strict=True):
        result[k] = known[position]
    return result


def _hint_cache(ds: Dataset, outcome: CheckOutcome) -> dict[int, list[Hint]]:
    """The hints computed so far for the findings of `outcome` on `ds`, by position."""
    cached = outcome.context.get(_HINT_CACHE)
    # Keyed by both: a context a check shares between outcomes must not mix their hints.
    # Ids, not the objects: the outcome must not keep its dataset alive.
    if cached is None or cached[:2] != (id(ds), id(outcome)):
        cached = (id(ds), id(outcome), {})
        outcome.context[_HINT_CACHE] = cached
    return cached[2]


_HINT_CACHE = "_hints_by_position"


def group_causes(findings: Sequence[Finding], kinds: Mapping[str, str]) -> list[Finding]:
    """Per dataset, report one figure that explains several findings once (`localize`, with
    the layout of the dataset's kind: `kinds` maps each dataset's name to its kind)."""
    by_dataset: dict[str, list[Finding]] = {}
    for finding in findings:
        by_dataset.setdefault(finding.dataset, []).append(finding)
    out: list[Finding] = []
    for name, group in by_dataset.items():
        layout = layout_of(kinds.get(name, ""))
        out.extend(localize(group, layout) if len(group) <= LOCALIZE_LIMIT else group)
    return out


def table_totals(frame: pd.DataFrame, levels: Sequence[str]) -> np.ndarray:
    """True for each row that is its table's total: every level "" and no memo line."""
    top = ~frame["waarvan"].to_numpy(dtype=bool)
    for level in levels:
        top &= (frame[level] == "").to_numpy(dtype=bool)
    return top


def article_totals(ds: Dataset, rows: np.ndarray) -> np.ndarray:
    """|article total| of the same vuo and year for each row (NaN where none is stated):
    the measure for severity by share. The total is the row of the same key with every
    level "" (`Layout.levels`); a kind without levels has none."""
    frame = ds.frame
    levels = layout_of(ds.kind).levels
    if not levels or not set(levels) <= set(frame.columns):
        return np.full(len(rows), np.nan)
    inside = {*levels, "waarvan"}
    by = [c for c in DATASET_KEYS[ds.kind] if c not in inside and c in frame.columns]
    totals = frame.loc[table_totals(frame, levels), [*by, "bedrag"]].drop_duplicates(subset=by)
    wanted = frame.iloc[rows][by].reset_index(drop=True)
    merged = wanted.merge(totals, on=by, how="left", sort=False)
    return np.abs(merged["bedrag"].to_numpy(dtype=np.float64, na_value=np.nan))


__all__ = [
    "DIAGNOSE_LIMIT",
    "LOCALIZE_LIMIT",
    "article_totals",
    "column_values",
    "group_causes",
    "hints_for",
    "table_totals",
    "wheres",
]
