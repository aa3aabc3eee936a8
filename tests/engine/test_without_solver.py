"""The one-figure repair found without a solver (`without_solver`), and the components of the
check-figure graph (`errorlocate._components`): each against what scipy finds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.engine import errorlocate
from sluitend.engine.without_solver import one_figure_repair


def _problem(
    checks: list[list[tuple[int, float]]], values: list[float], low: list[float], high: list[float]
) -> errorlocate._Problem:
    entry_check = np.asarray([c for c, entries in enumerate(checks) for _ in entries])
    entry_col = np.asarray([j for entries in checks for j, _ in entries])
    entry_coef = np.asarray([a for entries in checks for _, a in entries], dtype=float)
    n = len(values)
    return errorlocate._Problem(
        rows=np.arange(n) * 10,
        values=np.asarray(values, dtype=float),
        entry_check=entry_check,
        entry_col=entry_col,
        entry_coef=entry_coef,
        low=np.asarray(low, dtype=float),
        high=np.asarray(high, dtype=float),
        is_sum=np.ones(len(checks), dtype=bool),
        is_total=np.zeros(n, dtype=bool),
        suspected=np.zeros(n, dtype=bool),
        suggested=[set() for _ in range(n)],
    )


def _answer(p: errorlocate._Problem) -> tuple[int, int] | None:
    scales = errorlocate._scales(p, p.product(p.values))
    return one_figure_repair(
        p.entry_check, p.entry_col, p.entry_coef, p.values, p.low, p.high, p.is_sum, scales
    )


def test_a_typo_in_the_line_two_totals_share_is_that_line() -> None:
    # Two totals (figures 0 and 3) over lines 1, 2 and 2, 4: line 2 typed 70 instead of 50.
    p = _problem(
        [[(0, 1), (1, -1), (2, -1)], [(3, 1), (2, -1), (4, -1)]],
        [100, 50, 70, 80, 30],
        [0, 0],
        [0, 0],
    )
    assert _answer(p) == (2, -20)
    assert errorlocate._repairs(p, 2) == ([errorlocate.Repair((20,), (50,))], False)


def test_two_figures_that_each_repair_the_part_are_left_to_the_solver() -> None:
    # One failing total over two lines: either line (or the total) repairs it alone.
    p = _problem([[(0, 1), (1, -1), (2, -1)]], [100, 50, 70], [0], [0])
    assert _answer(p) is None
    found, _ = errorlocate._repairs(p, 1)
    assert len(found) > 1  # the solver lists the repairs as small


def test_no_answer_where_the_figure_would_change_sign_or_two_figures_fit() -> None:
    # 10 would have to become -3 or less: a repaired figure keeps its sign.
    assert _answer(_problem([[(0, 1)]], [10], [-5], [-3])) is None
    # 10 - 4 must come within 1 of 0: figure 0 (to 3..5) or figure 1 (to 9..11) alone.
    q = _problem([[(0, 1), (1, -1)], [(0, 1)]], [10, 4], [-1, 0], [1, 20])
    assert _answer(q) is None


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 12),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20),
)
def test_components_are_labelled_as_scipy_labels_them(size: int, edges: list) -> None:
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    left = np.asarray([a % size for a, _ in edges], dtype=np.int64)
    right = np.asarray([b % size for _, b in edges], dtype=np.int64)
    ours = errorlocate._components(left, right, size)
    graph = sparse.csr_array((np.ones(len(left)), (left, right)), shape=(size, size))
    _, theirs = connected_components(graph, directed=False)
    # The same partition, numbered in the same order (by each component's smallest node).
    assert np.array_equal(np.unique(ours, return_inverse=True)[1].ravel(), theirs)


@pytest.mark.parametrize("seed", range(20))
def test_the_fast_answer_is_the_solvers(seed: int) -> None:
    # Random small sums with one typo: where the fast path answers, the solver agrees.
    rng = np.random.default_rng(seed)
    lines = rng.integers(1, 1000, size=6).astype(float)
    checks = [[(0, 1.0), *[(1 + j, -1.0) for j in range(3)]], [(4, 1.0), (3, -1.0), (5, -1.0)]]
    values = [lines[1:4].sum(), *lines[1:4], lines[3] + lines[5], lines[5]]
    typo = int(rng.integers(0, 6))
    values[typo] += float(rng.integers(1, 500))
    p = _problem(checks, values, [-1.0, -1.5], [1.0, 1.5])
    fast = errorlocate._one_figure(p)
    saved = errorlocate._one_figure
    try:
        errorlocate._one_figure = lambda _p: None  # type: ignore[assignment]
        solved = errorlocate._repairs(p, 2)
    finally:
        errorlocate._one_figure = saved  # type: ignore[assignment]
    if fast is not None:  # a typo in line 3, which both totals share (5 of these seeds)
        assert solved == ([fast], False)


def _left_out(p: errorlocate._Problem, explains: int) -> bool:
    return errorlocate._left_out(p, explains)


def _kept_by_table(p: errorlocate._Problem, explains: int) -> bool:
    """What `_by_table` keeps of the solver's answer: unique, hinted, or fewer changes."""
    found, _ = errorlocate._repairs(p, explains)
    if not found:
        return False
    cols = np.searchsorted(p.rows, found[0].rows).tolist()
    hinted = all(v in p.suggested[c] for c, v in zip(cols, found[0].values, strict=True))
    return len(found) == 1 or hinted or len(found[0].rows) < explains


def test_two_equal_pairs_for_two_failing_totals_are_left_out_unsolved() -> None:
    # Totals 0 (over 1, 2) and 3 (over 4, 5), each off by 10 and sharing no line: the
    # smallest repairs change two figures, one per sum (its total or one of its lines),
    # and several such pairs weigh the same.
    p = _problem(
        [[(0, 1), (1, -1), (2, -1)], [(3, 1), (4, -1), (5, -1)]],
        [110, 50, 50, 90, 40, 40],
        [0, 0],
        [0, 0],
    )
    assert _left_out(p, 2)
    assert not _kept_by_table(p, 2)  # the solver's answer would be dropped too


def test_a_part_a_hint_suspects_is_solved() -> None:
    p = _problem(
        [[(0, 1), (1, -1), (2, -1)], [(3, 1), (4, -1), (5, -1)]],
        [110, 50, 50, 90, 40, 40],
        [0, 0],
        [0, 0],
    )
    p.suspected[1] = True  # a hint may decide: the solver must answer
    assert not _left_out(p, 2)


def test_a_unique_pair_is_solved() -> None:
    # One total over one line, both pinned by a second check each: only (0, 1) repairs it.
    p = _problem(
        [[(0, 1), (1, -1)], [(0, 1)], [(1, 1)]],
        [100, 90],
        [0, 50, 50],
        [0, 50, 50],
    )
    assert not _left_out(p, 2)
    assert _kept_by_table(p, 2)


@pytest.mark.parametrize("seed", range(30))
def test_left_out_only_what_by_table_drops(seed: int) -> None:
    # Random small parts with one or two typos: a part left out is one whose solved
    # answer `_by_table` would drop.
    rng = np.random.default_rng(seed)
    lines = rng.integers(1, 1000, size=7).astype(float)
    checks = [
        [(0, 1.0), (1, -1.0), (2, -1.0)],
        [(3, 1.0), (2, -1.0), (4, -1.0)],
        [(5, 1.0), (6, -1.0)],
    ]
    values = [lines[1] + lines[2], lines[1], lines[2], lines[2] + lines[4], lines[4],
              lines[6], lines[6]]  # fmt: skip
    for typo in rng.choice(7, size=int(rng.integers(1, 3)), replace=False).tolist():
        values[typo] += float(rng.integers(1, 500))
    p = _problem(checks, values, [-1.0, -1.0, 0.0], [1.0, 1.0, 0.0])
    base = p.product(p.values)
    explains = int(np.count_nonzero((base < p.low) | (base > p.high)))
    if _left_out(p, explains):
        assert not _kept_by_table(p, explains)
