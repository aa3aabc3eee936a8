"""The `hierarchy` check: every stated total equals the sum of its nearest stated descendants.

How it runs, vectorized over the whole frame:

1. Every row gets a path: one integer code per level (0 where the level is empty) and a
   group number for the rule's `by` columns. Its depth is how many levels are filled; its
   parent path blanks the deepest filled level (so an article without onderdelen hangs its
   instruments straight under the article total).
2. Node ids are made from lines, not rows. The `by` column whose value changes most often
   from one row to the next (a line's years) is the *fast* column; the other `by` columns
   make the *slow* group. A *line* is a run of consecutive rows of one slow group with the
   same value in every level (a budget line printed for seven years), found from the
   columns' own runs (`keys.partition`), so a text value is hashed once per run. Paths are
   numbered per line: a line's depth-k path is its depth-(k-1) path and its k-th filled
   level, numbered densely from that exact integer pair (`keys.densify`; one key per line).
   A node of depth k is (its row's depth-k path, its fast code). Its integer key is where
   its path's keys start plus the fast code less the lowest fast code under that path
   (each path spans only the codes its lines hold: a line's seven years, not every year of
   the file), the keys of one depth after those of the depth above; one bitmap over all
   keys (`keys.KeySet`), filled with each row's own node and then, depth by depth
   bottom-up, with each node's parent (same fast code, the parent path), numbers them in
   the order of (depth, path, fast code) with one cumulative sum: no hash, one pass over
   the rows, the ids of one depth contiguous, and every row and every ancestor of a row
   has one. Equal nodes are equal (by, levels) tuples whatever the order of the rows; the
   order decides only how much the lines save. A node is *stated* when a (non-memo) row
   carries it; the instrument headings of a rijksfinancien.nl table are nodes without a
   row.
3. Bottom-up, one `np.bincount` per depth: a node's value is its stated amount, or, where
   nothing is stated, the sum of its children's values (the bridge over a missing total).
   An unknown (`pm`) figure makes the sums above it unknown until a stated total takes over.
4. Each stated node with children is compared with the sum of its children's values.

Memo rows (`waarvan`) take no part in any sum; a duplicated figure counts once (the
`unique` rule reports the duplicate).

The numbering, worked through (`levels=("instrument", "regeling")`, `by=("artikel",
"jaar")`). Each level's values get codes in order of appearance (`FrameKeys.codes`); a
filled level's *digit* is its code plus an offset that starts at 1 and grows by each
level's radix, so no digit is 0 and no two levels share one (instrument "" 0, Subsidies 1,
radix 2: digit 2; regeling "" 0, A 1, B 2, radix 3, offset 1 + 2: digits 4, 5; `radix` =
1 + 2 + 3 = 6). That keeps an instrument apart from a regeling that hangs straight under
the article at the same depth. jaar changes on 6 of the 7 row boundaries, artikel on 1: jaar
is the fast column (2024 -> 0, 2025 -> 1), artikel the slow group (1 -> 0, 2 -> 1). The
lines start where the slow group or a level changes: rows 0-1, 2-3, 4-5, 6 and 7. A
depth-k path's integer is `path of depth k - 1 * radix + digit` (the slow group at depth
0), made dense by `densify`. A path's fast codes span from its lowest to its highest (slow
group 0 at depth 0: 0-1, two keys; slow group 1: 0, one key), and its node keys follow the
keys of the paths and depths before it: depth 0 holds keys 0-2 (slow group 0: 0 + fast
code, slow group 1: 2 + fast code), depth 1 keys 3-5 (path 0: 3 + fast code, path 1: 5 +
fast code), depth 2 keys 6-8; the ids are the ranks of the keys that a row or a node below
holds (here all of them):

    row  artikel  jaar  instrument  regeling  line  depth 1: path, node  depth 2: path, node
    0    1        2024                        0     -                    -
    1    1        2025                        0     -                    -
    2    1        2024  Subsidies             1     0*6+2 = 2 -> 0, 3    -
    3    1        2025  Subsidies             1     0, 4                 -
    4    1        2024  Subsidies   A         2     0, 3                 0*6+4 =  4 -> 0, 6
    5    1        2025  Subsidies   A         2     0, 4                 0, 7
    6    2        2024                        3     -                    -
    7    2        2024  Subsidies   B         4     1*6+2 = 8 -> 1, 5    1*6+5 = 11 -> 1, 8

Depth 0 is the `by` groups: (artikel 1, 2024) 0, (1, 2025) 1, (2, 2024) 2. At depth 1 the
path keys 2 and 8 become paths 0 and 1, and their nodes 3, 4 and 5; at depth 2 the paths 0
and 1 give nodes 6, 7 and 8. Node 5 (artikel 2's Subsidies in 2024) has no row: the bitmap
holds it because its child, node 8 (row 7), does; its value is the sum of its children,
the bridge that lets artikel 2's total of 7 (row 6) be checked against regeling B. A
path's key stays below `paths of the depth above * radix`: the bound `densify` gets.

The checks of one validation share this work through `cache`: one dict that
`engine/compile.py` hands to every rule as an argument of pandera's registered check
(`sluitend_rule(..., cache=cache)`), and that the runner clears after the frame is
validated. Entries are keyed by `id(frame)` (no hashing of a frame), and keep the frame
itself so that `cached[0] is frame` rules out a new frame that reuses a freed one's id; so
BT001 and BT002, which differ only in `where`, build one tree.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "artikel": ["1", "1", "1", "1", "1", "1", "2", "2"],
...     "jaar": [2024, 2025, 2024, 2025, 2024, 2025, 2024, 2024],
...     "instrument": ["", "", "Subsidies", "Subsidies", "Subsidies", "Subsidies", "", "Subsidies"],
...     "regeling": ["", "", "", "", "A", "A", "", "B"],
...     "bedrag": [20, 22, 20, 22, 20, 22, 7, 7],
...     "waarvan": False,
... })
>>> tree = build_tree(frame, ("instrument", "regeling"), ("artikel", "jaar"))
>>> tree.row_node.tolist()
[0, 1, 3, 4, 6, 7, 2, 8]
>>> tree.parent.tolist(), tree.depth.tolist()
([-1, -1, -1, 0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 1, 2, 2, 2])
>>> int(tree.first_row[5]), float(tree.children_sum[5]), float(tree.children_sum[2])
(-1, 7.0, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import (
    amounts,
    one_rounding_step,
    rounding_steps,
    scope,
    sum_bound,
)
from sluitend.engine.checks.keys import (
    FrameKeys,
    KeySet,
    code_ranges,
    densify,
    first_rows,
    keys_for,
    run_ranges,
)
from sluitend.engine.checks.outcome import AMBIGUOUS, EXCEEDED, CheckOutcome, classify_rows
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
        children_sum / children_unknown / children_count / children_step / has_children:
            per node, the sum over its direct children of what each child stands for
            after the bottom-up pass (its stated figure, or where it states none, its own
            children's sum): the value, whether it is unknown, how many stated figures
            and the sum of their rounding steps. A node's own value is not kept: only
            its parent reads it, during the pass.
        memo_nodes: the nodes with memo (waarvan) lines printed directly under them,
            ascending (a few in a hundred; `memo_index` finds a node's place).
        memo_sum / memo_count / memo_unknown / memo_step: per memo node, the same sums
            over those memo lines, which take part in no sum: the other reading of an
            ambiguous layout.
        memo_lines: the frame positions of those memo lines (the first row of each).
    """

    row_node: np.ndarray
    row_anchor: np.ndarray
    first_row: np.ndarray
    parent: np.ndarray
    depth: np.ndarray
    children_sum: np.ndarray
    children_unknown: np.ndarray
    children_count: np.ndarray
    children_step: np.ndarray
    has_children: np.ndarray
    memo_nodes: np.ndarray
    memo_sum: np.ndarray
    memo_count: np.ndarray
    memo_unknown: np.ndarray
    memo_step: np.ndarray
    memo_lines: np.ndarray

    def memo_index(self, nodes: np.ndarray) -> np.ndarray:
        """Per node of `nodes`, its place in the memo fields, or -1 (no memo line under
        it)."""
        if not len(self.memo_nodes):
            return np.full(len(nodes), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.memo_nodes, nodes), len(self.memo_nodes) - 1)
        return np.where(self.memo_nodes[at] == nodes, at, -1)


def _filled_levels(
    keys: FrameKeys, levels: tuple[str, ...], codes: list[np.ndarray]
) -> tuple[list[tuple[np.ndarray, np.ndarray]], int]:
    """Per level, which lines fill it (positions into the lines, whose codes of the level
    are `codes`) and their digit (the level's code plus an offset, so digits are unique
    across levels), plus the radix that holds every digit."""
    out = []
    offset = 1
    for level, level_codes in zip(levels, codes, strict=True):
        empty = [c for c in (keys.code_of(level, ""), keys.missing_code(level)) if c is not None]
        if not empty:
            at = np.arange(len(level_codes))
        elif len(empty) == 1:
            at = np.flatnonzero(level_codes != empty[0])
        else:
            at = np.flatnonzero((level_codes != empty[0]) & (level_codes != empty[1]))
        out.append((at, level_codes[at] + offset))
        offset += keys.radix(level)
    return out, offset


def _fastest(keys: FrameKeys, by: tuple[str, ...]) -> str | None:
    """The `by` column whose value changes most often from one row to the next (the years
    of a budget table's line): left out of the paths, so that equal paths stand on
    consecutive rows (a line), and put back when the nodes are numbered."""
    best, most = None, 0
    for column in by:
        changes = keys.changes(column)
        if changes > most:
            best, most = column, changes
    return best


def _paths(
    keys: FrameKeys,
    levels: tuple[str, ...],
    codes: list[np.ndarray],
    slow: np.ndarray,
    n_slow: int,
) -> list[tuple[np.ndarray, np.ndarray, int, np.ndarray]]:
    """Per line (its codes of the levels in `codes`, its slow group in `slow`): per depth k
    the lines that reach it with the dense number of their path's first k levels (in its
    slow group), how many such paths there are, and per path the number of its parent path
    (of k - 1 levels; the slow group at k = 1)."""
    filled, radix = _filled_levels(keys, levels, codes)
    m = len(slow)
    depth = np.zeros(m, dtype=np.int8)
    small = np.int32 if radix < 2**31 else np.int64  # digits are small: half the memory
    compressed = np.zeros((max(len(levels), 1), m), dtype=small)
    for at, digit in filled:  # a line's path: its filled levels in order, as digits
        compressed[depth[at], at] = digit
        depth[at] += 1
    del filled
    out = []
    lines, prefix, count = np.arange(m), slow, n_slow
    for k in range(1, len(levels) + 1):
        deeper = depth[lines] >= k
        lines, up = lines[deeper], prefix[deeper]
        if not len(lines):
            break
        prefix, count = densify(
            up * radix + compressed[k - 1, lines].astype(np.int64), count * radix
        )
        parent = np.empty(count, dtype=np.int64)
        parent[prefix] = up
        out.append((lines, prefix, count, parent))
    return out


def _nodes(
    keys: FrameKeys, n: int, levels: tuple[str, ...], by: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Node ids depth by depth (see the module docstring): the node of every row, the
    parent of every node, and where each depth's ids start."""
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [0, 0]
    fast = _fastest(keys, by)
    slow_columns = [c for c in keys.frame.columns if c in by and c != fast]
    heads, codes = keys.partition([*slow_columns, *levels])
    lengths = np.diff(np.append(heads, n))
    radices = [keys.radix(c) for c in slow_columns]
    slow_codes = codes[: len(radices)]
    numbered = FrameKeys.combine(
        np.zeros(len(heads), dtype=np.int64), 1, list(zip(slow_codes, radices, strict=True))
    )
    slow, n_slow = _ordered(numbered, slow_codes)
    paths = _paths(keys, levels, codes[len(radices) :], slow, n_slow)
    fcodes = keys.codes(fast)[0] if fast is not None else np.zeros(n, dtype=np.int64)
    # Per depth: the lines that reach it, their path there, and per path its parent path.
    spans = [(np.arange(len(heads)), slow, n_slow, np.full(n_slow, -1, dtype=np.int64))]
    spans += paths
    # A node of depth k is (path, fast code); its key is where the path's keys start plus
    # the code less the lowest code under that path, each depth's keys after the depth
    # above's: in the order of (depth, path, fast code), the order of the node ids.
    line_low, line_high = run_ranges(heads, fcodes)
    widths, base, bounds, offset = [], [], [], 0
    for lines, path, count, _ in spans:
        low, high = code_ranges(path, count, line_low[lines], line_high[lines])
        width = high - low + 1
        start = np.cumsum(width) - width + offset
        widths.append(width)
        base.append(start - low)  # per path: its node's key = base + fast code
        bounds.append((offset, offset + int(width.sum())))
        offset = bounds[-1][1]
    own = np.empty(len(heads), dtype=np.int64)  # per line, the key base of its own node
    for (lines, path, _, _), path_base in zip(spans, base, strict=True):
        own[lines] = path_base[path]  # deeper depths overwrite
    row_key = np.repeat(own, lengths)
    row_key += fcodes
    del own
    nodes = KeySet(offset, n)
    nodes.add(row_key)
    # Bottom-up: a node's parent is (parent path, same fast code); a node exists where a
    # row states it or a node below it does (an instrument heading without a row). A key
    # less its path's base is its fast code, so its parent's key is the key plus its
    # path's shift (the parent path's base less its own), spread over the path's keys.
    parent_keys: list[np.ndarray] = []
    for k in range(len(spans) - 1, 0, -1):
        begin, end = bounds[k]
        members = nodes.members(begin, end)
        shift = base[k - 1][spans[k][3]] - base[k]
        parent_key = np.repeat(shift, widths[k])[members - begin]
        parent_key += members
        parent_keys.append(parent_key)
        nodes.add(parent_key)
    row_node = nodes.rank(row_key)
    starts = [nodes.below(low) for low, _ in bounds] + [nodes.count()]
    parents = [np.full(starts[1], -1, dtype=np.int64)]
    parents += [nodes.rank(keys_) for keys_ in reversed(parent_keys)]
    return row_node, np.concatenate(parents), starts


def _ordered(numbered: tuple[np.ndarray, int], codes: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """Group numbers in the order of the groups' codes (the first column's first), however
    `combine` numbered them (a hash numbers in order of appearance): the node ids then
    follow the keys, not the rows' order."""
    group, count = numbered
    if count <= 1 or not codes:
        return group, count
    one = np.empty(count, dtype=np.int64)
    one[group] = np.arange(len(group))  # any run of a group: all hold its codes
    order = np.lexsort([c[one] for c in reversed(codes)])
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    return rank[group], count


def _first_of_each_node(row_node: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Of `rows` (ascending), the first of each node, in row order: a sort of those rows'
    nodes only, not an array over every node."""
    _, first = np.unique(row_node[rows], return_index=True)
    return rows[np.sort(first)]


def build_tree(
    frame: pd.DataFrame,
    levels: tuple[str, ...],
    by: tuple[str, ...],
    cache: dict[Any, Any] | None = None,
) -> Tree:
    """Build the node tree and run the bottom-up pass (see the module docstring)."""
    keys = keys_for(frame, cache)
    row_node, parent, starts = _nodes(keys, len(frame), levels, by)
    n_nodes = starts[-1]
    # Node and row numbers in four bytes where they fit: the tree keeps them per row and
    # per node for the whole validation.
    number = _count_type(max(len(frame), n_nodes))
    row_node, parent = row_node.astype(number), parent.astype(number)
    # A node's depth is at most the number of levels: the smallest signed integer that holds
    # them (one byte per node, not eight).
    small = np.min_scalar_type(-len(starts))
    depth = np.repeat(np.arange(len(starts) - 1, dtype=small), np.diff(starts))
    if all(keys.missing_code(level) is None for level in levels):
        # Equal nodes are equal (by, levels) tuples: `unique` can start from them.
        keys.remember((*by, *levels), row_node, n_nodes)

    values, na = amounts(frame, cache=cache)
    memo = frame["waarvan"].to_numpy(dtype=bool)
    # A node is stated by its first non-memo row; duplicates count once.
    first_row = first_rows(row_node, n_nodes, np.flatnonzero(~memo)).astype(number)
    stated = first_row >= 0
    steps = rounding_steps(frame, cache)
    anchor = _anchors(parent, starts, stated)[row_node]
    one_step = one_rounding_step(frame, cache)
    sums = _bottom_up(parent, starts, first_row, stated, values, na, steps, one_step)
    # The memo lines directly under each stated node (a memo line's own breakdown, one level
    # further down, is not counted twice); a memo line printed twice counts once. Only the
    # memo rows are looked at (a few in a hundred), in row order.
    memo_rows = _first_of_each_node(row_node, np.flatnonzero(memo))
    memo_rows = memo_rows[parent[row_node[memo_rows]] == anchor[memo_rows]]
    memo_rows = memo_rows[anchor[memo_rows] >= 0]
    # Summed per node that has memo lines, not over every node.
    memo_nodes, at = np.unique(anchor[memo_rows], return_inverse=True)
    m = len(memo_nodes)
    memo_sum = np.bincount(at, weights=np.nan_to_num(values[memo_rows]), minlength=m)
    memo_count = np.bincount(at, minlength=m).astype(_count_type(n_nodes))
    memo_unknown = np.bincount(at, weights=na[memo_rows], minlength=m) > 0
    memo_step: np.ndarray
    if one_step is None:
        memo_step = np.bincount(at, weights=steps[memo_rows], minlength=m)
    else:
        memo_step = memo_count * one_step  # exact: see `one_rounding_step`
    # In the order of Tree's fields: the structure, then per node its own sums, its
    # children's and its memo lines'.
    memo_sums = (memo_nodes, memo_sum, memo_count, memo_unknown, memo_step, memo_rows)
    return Tree(row_node, anchor, first_row, parent, depth, *sums, *memo_sums)


#: What `_bottom_up` returns, in the order of `Tree`'s fields: per node its children's
#: sum, unknown, count and step, and whether it has any.
_Sums = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _count_type(n: int) -> type[np.signedinteger[Any]]:
    """The integer type of row or node numbers below `n` and of counts of at most `n`
    figures: four bytes where they hold every one (kept per row or node for the whole
    validation), eight otherwise."""
    return np.int32 if n < 2**31 else np.int64


def _anchors(parent: np.ndarray, starts: list[int], stated: np.ndarray) -> np.ndarray:
    """Per node its nearest stated ancestor (-1 at the top), top-down, a depth at a time."""
    anchor = np.full(starts[-1], -1, dtype=parent.dtype)
    for k in range(1, len(starts) - 1):
        up = parent[starts[k] : starts[k + 1]]
        above = anchor[up]  # the parent's anchor, or the parent itself where it is stated
        np.copyto(above, up, where=stated[up])
        anchor[starts[k] : starts[k + 1]] = above
    return anchor


def _bottom_up(
    parent: np.ndarray,
    starts: list[int],
    first_row: np.ndarray,
    stated: np.ndarray,
    values: np.ndarray,
    na: np.ndarray,
    steps: np.ndarray,
    one_step: float | None,
) -> _Sums:
    """The bottom-up pass, deepest depth first: per node the sums over its children of
    their values, unknowns, counts and steps, and whether it has children, in the order of
    `Tree`'s fields. A node stands for its stated figure where it states a known one, for
    its children's sums otherwise (unknown where its stated figure is). What a node stands
    for is made for one depth at a time and summed into the depth above: no temporary is
    as long as all the nodes, and none is kept. Where every row has the same whole
    rounding step (`one_step`), a sum of steps is that step times the count."""
    n_nodes = starts[-1]
    children_sum = np.zeros(n_nodes)
    children_step: np.ndarray = np.zeros(n_nodes if one_step is None else 0)
    children_count = np.zeros(n_nodes, dtype=_count_type(n_nodes))
    children_unknown, has_children = (np.zeros(n_nodes, dtype=bool) for _ in range(2))
    for k in range(len(starts) - 2, 0, -1):
        span = slice(starts[k], starts[k + 1])
        # A node without a stated row and without children (memo-only) adds nothing. A
        # node's parent is one depth up, so each depth's sums are written once, whole.
        contributes = np.flatnonzero(stated[span] | has_children[span])
        nodes = contributes + starts[k]
        # Each contributing node's own figure (any row where it states none: masked out).
        row = np.maximum(first_row[nodes], 0)
        is_stated = stated[nodes]
        own_na = na[row]
        own_na &= is_stated
        known = ~own_na
        known &= is_stated  # a stated, known figure: it takes the children's place
        value = np.where(known, np.nan_to_num(values[row]), children_sum[nodes])
        count = np.where(known, 1, children_count[nodes])
        unknown = np.where(is_stated, own_na, children_unknown[nodes])
        up = parent[nodes]
        up -= starts[k - 1]
        width = starts[k] - starts[k - 1]
        above = slice(starts[k - 1], starts[k])
        children_sum[above] = np.bincount(up, weights=value, minlength=width)
        children_unknown[above][up[unknown]] = True
        children_count[above] = np.bincount(up, weights=count, minlength=width)
        if one_step is None:
            step = np.where(known, steps[row], children_step[nodes])
            children_step[above] = np.bincount(up, weights=step, minlength=width)
        has_children[above][up] = True
    if one_step is not None:  # exact: see `one_rounding_step`
        children_step = children_count * one_step
    return children_sum, children_unknown, children_count, children_step, has_children


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
        tree = build_tree(frame, levels, by, cache)
        if cache is not None:
            cache[key] = (frame, tree)
    # Rows that state a total: the first non-memo row of a node that has children.
    is_total = np.zeros(n, dtype=bool)
    is_total[tree.first_row[(tree.first_row >= 0) & tree.has_children]] = True
    totals = np.flatnonzero(is_total)
    if rule.where is not None:
        # `where` picks which of the totals are checked.
        totals = totals[scope(rule, frame, totals)]

    values, na = amounts(frame, cache=cache)
    node = tree.row_node[totals]
    expected = tree.children_sum[node]
    unknown = na[totals] | tree.children_unknown[node]
    n_parts = tree.children_count[node]
    tol = rule.tolerance  # type: ignore[attr-defined]
    steps = rounding_steps(frame, cache)[totals] + tree.children_step[node]
    bound = sum_bound(tol, expected, n_parts, steps)
    actual = np.nan_to_num(values[totals])
    outcome = classify_rows(rule, n, totals, unknown, expected, actual, bound, n_parts, tol=tol)
    _ambiguous(outcome, tree, np.searchsorted(totals, outcome.rows), node, steps, tol)
    _one_memo_line(outcome, tree, values, na, rounding_steps(frame, cache), tol)
    outcome.context["tree"] = tree
    outcome.context["checked_rows"] = totals  # for the coverage of the report
    return outcome


def _ambiguous(
    outcome: CheckOutcome,
    tree: Tree,
    at: np.ndarray,
    node: np.ndarray,
    steps: np.ndarray,
    tol: Any,
) -> None:
    """A failing total that adds up when its memo lines count as parts is AMBIGUOUS (the
    layout does not say whether its "waarvan" lines are memo lines or parts); the other
    reading's sum goes to `context["alternative"]` (NaN elsewhere) for its message."""
    memo = tree.memo_index(node[at])
    alternative = np.full(len(outcome.rows), np.nan)
    k = np.flatnonzero((outcome.status == EXCEEDED) & (memo >= 0))
    k = k[~tree.memo_unknown[memo[k]]]
    if len(k):
        m = memo[k]
        both = outcome.expected[k] + tree.memo_sum[m]
        n_both = outcome.n_parts[k] + tree.memo_count[m]
        bound = sum_bound(tol, both, n_both, steps[at[k]] + tree.memo_step[m])
        fits = np.abs(outcome.actual[k] - both) <= bound
        outcome.status[k[fits]] = AMBIGUOUS
        alternative[k[fits]] = both[fits]
    outcome.context["alternative"] = alternative


def _one_memo_line(
    outcome: CheckOutcome,
    tree: Tree,
    values: np.ndarray,
    na: np.ndarray,
    row_steps: np.ndarray,
    tol: Any,
) -> None:
    """The same with one memo line as a part (of several under the total): the bundled VII
    art. 11, 190.096 = 357 + 34.244 + "waarvan bijdragen aan SSO's" 155.495."""
    failing = np.flatnonzero(outcome.status == EXCEEDED)
    lines = tree.memo_lines
    if not len(failing) or not len(lines):
        return
    # Each memo line's anchor looked up among the failing totals' nodes (a few, sorted; one
    # node each), not in an array as long as all the nodes: k, the failing total's
    # position, or -1.
    total_node = tree.row_node[outcome.rows[failing]]
    order = np.argsort(total_node)
    nodes, failing = total_node[order], failing[order]
    anchor = tree.row_anchor[lines]
    at = np.minimum(np.searchsorted(nodes, anchor), len(nodes) - 1)
    k = np.where(nodes[at] == anchor, failing[at], -1)
    keep = (k >= 0) & ~na[lines]
    k, lines = k[keep], lines[keep]
    if not len(k):
        return
    with_line = outcome.expected[k] + values[lines]
    steps = row_steps[outcome.rows[k]] + tree.children_step[tree.row_node[outcome.rows[k]]]
    bound = sum_bound(tol, with_line, outcome.n_parts[k] + 1, steps + row_steps[lines])
    fits = np.abs(outcome.actual[k] - with_line) <= bound
    k, with_line = k[fits], with_line[fits]
    outcome.status[k] = AMBIGUOUS
    outcome.context["alternative"][k] = with_line
