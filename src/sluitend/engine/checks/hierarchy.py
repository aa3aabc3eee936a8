"""The `hierarchy` check: every stated total equals the sum of its nearest stated descendants.

How it runs, vectorized over the whole frame:

1. Every row gets a path: one integer code per level (0 where the level is empty) and a
   group number for the rule's `by` columns. Its depth is how many levels are filled; its
   parent path blanks the deepest filled level (so an article without onderdelen hangs its
   instruments straight under the article total).
2. The paths of all rows and of all their ancestors become node ids (chained
   `pd.factorize`, exact, no hashing). A node is *stated* when a (non-memo) row carries it;
   the instrument headings of a rijksfinancien.nl table are nodes without a row.
3. Bottom-up, one `np.bincount` per depth: a node's value is its stated amount, or, where
   nothing is stated, the sum of its children's values (the bridge over a missing total).
   An unknown (`pm`) figure makes the sums above it unknown until a stated total takes over.
4. Each stated node with children is compared with the sum of its children's values.

Memo rows (`waarvan`) take no part in any sum; a duplicated figure counts once (the
`unique` rule reports the duplicate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import amounts, group_numbers, scope, sum_bound
from sluitend.engine.checks.outcome import CheckOutcome, classify
from sluitend.rules.base import Rule


@dataclass(frozen=True)
class Tree:
    """The node structure of one frame under one hierarchy rule.

    Attributes:
        row_node: the node of every frame row (waarvan rows included).
        row_anchor: per row, the node of its nearest stated ancestor (-1 at the top);
            the parts of a total are the stated rows anchored at it.
        first_row: per node, the frame position of the row that states it (-1 if none).
        parent: per node, its parent node (-1 for a top node).
        depth: per node, how many levels are filled.
        value / unknown / count: per node after the bottom-up pass: the value its parent
            sums, whether it is unknown, and how many stated figures it stands for.
        children_sum / children_unknown / children_count / has_children: per node, the
            sum over its direct children.
    """

    row_node: np.ndarray
    row_anchor: np.ndarray
    first_row: np.ndarray
    parent: np.ndarray
    depth: np.ndarray
    value: np.ndarray
    unknown: np.ndarray
    count: np.ndarray
    children_sum: np.ndarray
    children_unknown: np.ndarray
    children_count: np.ndarray
    has_children: np.ndarray


def _level_codes(frame: pd.DataFrame, levels: tuple[str, ...]) -> np.ndarray:
    """Integer code per row and level; 0 means the level is empty."""
    codes = np.zeros((len(frame), len(levels)), dtype=np.int64)
    for j, level in enumerate(levels):
        column = frame[level]
        c, uniques = pd.factorize(column, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        c = c.astype(np.int64) + 1  # <NA> (-1) becomes 0: an empty level
        empty = np.flatnonzero(uniques == "")
        if len(empty):
            c[c == empty[0] + 1] = 0
        codes[:, j] = c
    return codes


def _node_ids(group: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Dense ids for (group, code_1, ..., code_L) tuples.

    When the mixed-radix number group * r1 * ... * rL + ... fits in 63 bits (every real
    budget), it is the key and one factorization numbers it. Otherwise the tuples are
    numbered by chained factorization: each step combines an id below len(ids) with a code
    below its radix, so no product overflows.
    """
    key, _ = pd.factorize(group)
    key = key.astype(np.int64)
    radices = [int(codes[:, j].max()) + 1 if len(codes) else 1 for j in range(codes.shape[1])]
    capacity = (int(key.max()) + 1) if len(key) else 1
    for radix in radices:
        capacity *= radix
    if capacity < 2**62:
        for j, radix in enumerate(radices):
            key = key * radix + codes[:, j]
        ids, _ = pd.factorize(key)
        return ids.astype(np.int64)
    for j in range(codes.shape[1]):
        column = codes[:, j]
        radix = int(column.max()) + 1 if len(column) else 1
        key, _ = pd.factorize(key * radix + column)
        key = key.astype(np.int64)
    return key


def _deepest_filled(codes: np.ndarray) -> np.ndarray:
    """Per row, the index of the deepest non-empty level (-1 when none is filled)."""
    filled = codes > 0
    width = codes.shape[1]
    last = width - 1 - np.argmax(filled[:, ::-1], axis=1)
    return np.where(filled.any(axis=1), last, -1)


def build_tree(frame: pd.DataFrame, levels: tuple[str, ...], by: tuple[str, ...]) -> Tree:
    """Build the node tree and run the bottom-up pass (see the module docstring)."""
    n = len(frame)
    width = len(levels)
    group = group_numbers(frame, by)
    codes = _level_codes(frame, levels)

    # Paths of the rows, then of their ancestors, one step up at a time.
    steps_codes = [codes]
    steps_rows = [np.arange(n)]
    keeps: list[np.ndarray] = []  # keeps[k]: which paths of step k have a parent
    current, alive = codes, np.arange(n)
    for _ in range(width):
        last = _deepest_filled(current)
        keep = last >= 0
        if not keep.any():
            break
        keeps.append(keep)
        current = current[keep].copy()
        alive = alive[keep]
        current[np.arange(len(current)), last[keep]] = 0
        steps_codes.append(current)
        steps_rows.append(alive)
    all_rows = np.concatenate(steps_rows)
    ids = _node_ids(group[all_rows], np.concatenate(steps_codes))
    n_nodes = int(ids.max()) + 1 if len(ids) else 0
    all_depth = (np.concatenate(steps_codes) > 0).sum(axis=1)

    depth = np.zeros(n_nodes, dtype=np.int64)
    depth[ids] = all_depth
    parent = np.full(n_nodes, -1, dtype=np.int64)
    offsets = np.cumsum([0] + [len(r) for r in steps_rows])
    # Node of each original row at each step; the next step is its parent.
    by_step = [ids[offsets[k] : offsets[k + 1]] for k in range(len(steps_rows))]
    for k, keep in enumerate(keeps):
        parent[by_step[k][keep]] = by_step[k + 1]

    row_node = by_step[0]
    values, na = amounts(frame)
    memo = frame["waarvan"].to_numpy(dtype=bool)

    # A node is stated by its first non-memo row; duplicates count once.
    first_row = np.full(n_nodes, -1, dtype=np.int64)
    stated_rows = np.flatnonzero(~memo)
    first_row[row_node[stated_rows][::-1]] = stated_rows[::-1]
    stated = first_row >= 0
    stated_value = np.zeros(n_nodes)
    stated_na = np.zeros(n_nodes, dtype=bool)
    stated_value[stated] = np.nan_to_num(values[first_row[stated]])
    stated_na[stated] = na[first_row[stated]]

    # Nearest stated ancestor of every row (the total its figure is a part of).
    anchor = np.full(n, -1, dtype=np.int64)
    for k in range(len(by_step) - 1, 0, -1):
        rows_k = steps_rows[k]
        nodes_k = by_step[k]
        hit = stated[nodes_k]
        anchor[rows_k[hit]] = nodes_k[hit]

    value = np.zeros(n_nodes)
    unknown = np.zeros(n_nodes, dtype=bool)
    count = np.zeros(n_nodes, dtype=np.int64)
    children_sum = np.zeros(n_nodes)
    children_unknown = np.zeros(n_nodes, dtype=bool)
    children_count = np.zeros(n_nodes, dtype=np.int64)
    has_children = np.zeros(n_nodes, dtype=bool)
    max_depth = int(depth.max()) if n_nodes else 0
    for d in range(max_depth, -1, -1):
        at = np.flatnonzero(depth == d)
        known_stated = stated[at] & ~stated_na[at]
        value[at] = np.where(known_stated, stated_value[at], children_sum[at])
        unknown[at] = np.where(stated[at], stated_na[at], children_unknown[at])
        count[at] = np.where(known_stated, 1, children_count[at])
        if d == 0:
            break
        # A node without a stated row and without children (memo-only) adds nothing.
        contributes = at[stated[at] | has_children[at]]
        up = parent[contributes]
        ok = up >= 0
        contributes, up = contributes[ok], up[ok]
        children_sum += np.bincount(up, weights=value[contributes], minlength=n_nodes)
        children_unknown |= np.bincount(up, weights=unknown[contributes], minlength=n_nodes) > 0
        children_count += np.bincount(up, weights=count[contributes], minlength=n_nodes).astype(
            np.int64
        )
        has_children[np.unique(up)] = True
    return Tree(
        row_node=row_node,
        row_anchor=anchor,
        first_row=first_row,
        parent=parent,
        depth=depth,
        value=value,
        unknown=unknown,
        count=count,
        children_sum=children_sum,
        children_unknown=children_unknown,
        children_count=children_count,
        has_children=has_children,
    )


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare every stated total in the rule's scope with the sum of its parts.

    Rules that differ only in `where` (the pack's BT001 and BT002) share one tree through
    `cache`, which lives for one validation of one frame.
    """
    levels: tuple[str, ...] = rule.levels  # type: ignore[attr-defined]
    by: tuple[str, ...] = rule.by  # type: ignore[attr-defined]
    n = len(frame)
    key = ("hierarchy", id(frame), levels, by)
    cached = cache.get(key) if cache is not None else None
    if cached is not None and cached[0] is frame:
        tree = cached[1]
    else:
        tree = build_tree(frame, levels, by)
        if cache is not None:
            cache[key] = (frame, tree)
    memo = frame["waarvan"].to_numpy(dtype=bool)

    # Rows that state a total: the first non-memo row of a node that has children.
    is_first = np.zeros(n, dtype=bool)
    firsts = tree.first_row[tree.first_row >= 0]
    is_first[firsts] = True
    node = tree.row_node
    total_rows = is_first & ~memo & tree.has_children[node]
    if rule.where is not None:
        # `where` picks which totals are checked: evaluate it on the totals only.
        candidates = np.flatnonzero(total_rows)
        total_rows[candidates] = scope(rule, frame.iloc[candidates])

    values, na = amounts(frame)
    expected = tree.children_sum[node]
    actual = np.nan_to_num(values)
    unknown = na | tree.children_unknown[node]
    n_parts = tree.children_count[node]
    tol = rule.tolerance  # type: ignore[attr-defined]
    bound = sum_bound(tol, expected, n_parts)
    outcome = classify(rule, n, total_rows, unknown, expected, actual, bound, n_parts, tol=tol)
    outcome.context["tree"] = tree
    return outcome
