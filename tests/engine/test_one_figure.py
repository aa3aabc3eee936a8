"""The one-figure repair found without a solver (`one_figure`), and the components of the
check-figure graph (`errorlocate._components`): each against what scipy finds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.engine import errorlocate
from sluitend.engine.one_figure import one_figure_repair


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
