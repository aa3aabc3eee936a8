"""How far a stated figure may honestly be off, and how bad it is when it is off further.

Pure NumPy functions over whole arrays of checks (one element per checked total or compared
cell), so the engine calls each of them once per rule, never once per row.

Why rounding needs its own bound
--------------------------------
A table "x € 1.000" prints every figure rounded to whole units. A total and its parts are each
rounded from the underlying real amounts *separately*, so the printed figures need not add up
even when the real amounts do. This is the round-to-nearest reasoning of XBRL Calculations 1.1:

    each printed figure p = x + e with |e| <= 0.5 (round to nearest, whatever the tie rule),
    the real total X equals the sum of the n real parts x_i, so
    |stated total - sum of stated parts| = |e_total - sum e_i| <= (n + 1) * 0.5.

Hence `sum_bound` allows (n + 1) / 2 units for a total of n stated parts, and `equal_bound`
allows 1 unit for two figures that round the same real amount (|e_left - e_right| <= 1).
The bound is in the dataset's unit, whatever that unit is: a table "x € 1.000" may differ by
(n + 1) / 2 thousand euros, a table in euros by (n + 1) / 2 euros. Since stated figures are
whole numbers, an integer difference passes when it is at most floor((n + 1) / 2).

A figure rounded more coarsely than the unit (a block printed in € million with one decimal
inside a table of thousands: each figure a multiple of 100) carries an error of up to half
*its* step. Each figure then brings its own step s_i (a frame's `afronding` column, default
1), and the bound is (s_total + sum of s_i) / 2, which is (n + 1) / 2 when every step is 1.

A difference within the bound is not proof of rounding (a typo of 1 looks the same), which is
why the engine still reports it, as `info` ("afrondingsverschil"), rather than dropping it
(`verdict`'s rounding mask).
"""

from __future__ import annotations

import numpy as np

from sluitend.rules.base import SizeThreshold, Tolerance
from sluitend.vocabulary import SEVERITY_RANK


def _floats(values: object) -> np.ndarray:
    """`values` as a float array (pandas nullable arrays give NaN for <NA>)."""
    return np.asarray(values, dtype="float64")


def sum_bound(
    tol: Tolerance,
    expected: np.ndarray,
    n_parts: np.ndarray,
    steps: np.ndarray | None = None,
) -> np.ndarray:
    """The allowed |stated total - sum of parts| for each checked total.

    The largest of `tol.absolute`, `tol.relative * |expected|` and, when `tol.rounding`,
    (n_parts + 1) / 2 (see the module docstring for why). `n_parts` counts the *stated*
    figures that were summed: with a missing intermediate total, the nearest stated
    descendants, because each of them carries its own rounding error. `steps`, when given,
    is the sum of the rounding steps of the total and of those figures; the rounding bound
    is then steps / 2 (equal to (n_parts + 1) / 2 when every step is 1).

    >>> sum_bound(Tolerance(rounding=True), np.array([100, 7]), np.array([3, 1])).tolist()
    [2.0, 1.0]
    >>> sum_bound(Tolerance(absolute=1, relative=0.01), np.array([1000.0]), np.array([4]))
    array([10.])

    A NaN `expected` (a total that cannot be checked) gives a NaN bound unless a constant
    part (absolute or rounding) already decides it; the engine does not classify those.
    """
    expected = _floats(expected)
    n = _floats(n_parts)
    bound = np.full(np.broadcast(expected, n).shape, float(tol.absolute))
    if tol.relative:
        bound = np.fmax(bound, tol.relative * np.abs(expected))
    if tol.rounding:
        half = (n + 1.0) / 2.0 if steps is None else _floats(steps) / 2.0
        bound = np.maximum(bound, half)
    return bound


def equal_bound(
    tol: Tolerance, expected: np.ndarray, steps: np.ndarray | None = None
) -> np.ndarray:
    """The allowed |left - right| for each compared pair: rounding allows 1 unit.

    Two figures that print the same real amount, each rounded to whole units, differ by at
    most 0.5 + 0.5 = 1 unit; with `steps` (the sum of the two figures' rounding steps),
    by at most steps / 2.

    >>> equal_bound(Tolerance(rounding=True), np.array([36415, 0])).tolist()
    [1.0, 1.0]
    """
    expected = _floats(expected)
    bound = np.full(expected.shape, float(tol.absolute))
    if tol.relative:
        bound = np.fmax(bound, tol.relative * np.abs(expected))
    if tol.rounding:
        bound = np.maximum(bound, 1.0 if steps is None else _floats(steps) / 2.0)
    return bound


#: The k of the statistical rounding bound that packs use: beyond 4 standard deviations the
#: chance that honest rounding alone produced the difference is about 6 in 100.000.
DEFAULT_SIGMA = 4.0


def statistical_bound(sigma: float, n_figures: np.ndarray | float) -> np.ndarray:
    """k standard deviations of the sum of n independent rounding errors: k * sqrt(n / 12).

    Each figure rounded to whole units carries an error uniform on [-0.5, 0.5] (variance
    1/12); for independent errors the variance of their sum (or difference) is n / 12. The
    worst case n / 2 grows with n, the standard deviation only with its square root: for a
    PF006 check over 142 figures the worst case allows 71 units, while 4 standard deviations
    are 13.8. By the central limit theorem the sum is close to normal; the sum of uniforms
    has lighter tails than the normal, so the chance that honest rounding goes beyond k
    standard deviations is at most about 2 * (1 - Phi(k)): 6.3e-5 for k = 4 (0.27% for
    k = 3). A difference beyond it is "unlikely to be rounding alone": a warning, not an
    error, because independence is an assumption (figures derived from the same rounded
    amounts are not independent). The bound never exceeds the worst case.

    >>> [round(float(x), 2) for x in statistical_bound(4, np.array([1, 12, 142]))]
    [0.5, 4.0, 13.76]
    """
    n = _floats(n_figures)
    return np.minimum(sigma * np.sqrt(n / 12.0), n / 2.0)


def verdict(
    diff_abs: np.ndarray, bound: np.ndarray, tol: Tolerance
) -> tuple[np.ndarray, np.ndarray]:
    """(failed, rounding) masks: |difference| beyond the bound fails; with a rounding
    tolerance, a nonzero difference within it is an afrondingsverschil. NaN is neither.
    The one place that decides, for every check outcome (`checks.outcome`)."""
    diff_abs = np.abs(_floats(diff_abs))
    bound = _floats(bound)
    failed = diff_abs > bound  # False for NaN: not checkable is not a failure
    rounding = np.zeros(diff_abs.shape, dtype=bool)
    if tol.rounding:
        rounding = (diff_abs > 0) & (diff_abs <= bound)
    return failed, rounding


def severity_by_size(
    diff_abs: np.ndarray,
    article_total_abs: np.ndarray,
    thresholds: tuple[SizeThreshold, ...],
    default: str,
) -> np.ndarray:
    """The severity of each failing difference by its size.

    A threshold matches a difference above its `absolute` (units) or above its `share` of
    |article total| (either suffices when both are given). Where several match, the largest
    threshold wins: the one with the largest effective bound on that row (the smaller of its
    two bounds, since either one matching is enough); on a tie, the more severe one. Where
    none matches, `default` (the rule's own severity). A NaN article total (not known) lets
    only `absolute` bounds match; a zero article total makes any nonzero difference exceed a
    `share` bound.

    Example (illustrative, not the official figures): the Rijksbegrotingsvoorschriften ask for
    an explanation of a change on an article above a threshold that grows with the size of the
    article. A rule can approximate such a policy with `default = "info"`, a `warning` above
    a small share of the article total, and an `error` above a larger share or a fixed
    amount; take the actual thresholds from the current voorschriften.

    >>> t = (SizeThreshold("warning", share=0.01), SizeThreshold("error", absolute=1000))
    >>> severity_by_size(np.array([5, 50, 5000]), np.array([1000, 1000, 1000]), t, "info")
    array(['info', 'warning', 'error'], dtype=object)
    """
    diff = np.abs(_floats(diff_abs))
    total = np.abs(_floats(article_total_abs))
    out = np.full(diff.shape, default, dtype=object)
    best = np.full(diff.shape, -np.inf)
    best_rank = np.zeros(diff.shape, dtype=int)
    for t in thresholds:
        bounds = []
        if t.absolute is not None:
            bounds.append(np.full(diff.shape, float(t.absolute)))
        if t.share is not None:
            bounds.append(t.share * total)  # NaN where the article total is unknown
        if not bounds:
            continue
        # The row matches if it exceeds any bound; its effective bound is the smallest such.
        stacked = np.stack(bounds)
        exceeded = diff > stacked  # NaN bound never exceeded
        matches = exceeded.any(axis=0)
        effective = np.where(exceeded, stacked, np.inf).min(axis=0)
        rank = SEVERITY_RANK[t.severity]
        better = matches & ((effective > best) | ((effective == best) & (rank > best_rank)))
        out[better] = t.severity
        best[better] = effective[better]
        best_rank[better] = rank
    return out
