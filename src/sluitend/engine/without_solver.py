"""What the programme would answer, found without a solver where it is certain.

`errorlocate` finds the fewest figures whose change makes every failing check of a part
hold with a mixed-integer programme (HiGHS): one solve for the repair, one more to learn
whether another as small exists. Most real typos are one figure, and there the answer is
decided by arithmetic alone: a figure can repair the part by itself only if it takes part
in every violated check, and then each check it takes part in bounds its change to an
interval. When exactly one figure can, the programme's answer is that figure, and its new
value is the one that leaves the smallest residual on the sums (the programme's `delta`
term). This module computes that answer, and only where the programme cannot answer
otherwise:

- exactly one figure can repair the part alone (two or more: which one the programme
  reports first is its own choice among equals, so it is asked);
- the best value is unique, and every other value is worse by more than the solver's
  relative gap (1e-4) could hide: the programme would return exactly this value.

Otherwise it returns None and the programme is solved as before.

`undecided` answers a second question the same way: whether a part's localization is
certain to be left out of the report (`errorlocate._by_table` drops a part whose smallest
repair is not unique, that no hint decides, and that changes at least as many figures as
the checks it explains). It is certain when no figure of the part is suspected by a hint,
and two or more repairs of the smallest weight exist among the one-figure repairs (the part
explaining one failing check) or, when no figure repairs it alone, among the two-figure
repairs (explaining at most two). A repair of two figures is feasible when some whole
changes of both keep every check within its bounds: with coefficients of +-1 each check
bounds one change, their sum or their difference, and whether whole changes exist is a
handful of comparisons per pair (`_pairs_feasible`).

The answer is the same either way; only the time differs (a solve of a part takes
10-300 ms and scipy's optimizer takes 0,3 s to import; this takes microseconds of numpy).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

#: HiGHS's default relative MIP gap, and how far beyond it a better value must lie before
#: the programme's answer counts as certain (a factor of safety).
SOLVER_GAP = 1e-4
SAFETY = 2.0
#: Slack on a check's bounds, as `errorlocate` tests a repair (`_holds`).
TOLERANCE = 1e-6
#: Parts up to this many figures are judged by `undecided` (all pairs of them are tried);
#: the extra weight of a total, 1 / (2n + 2), then stays far above the solver's gap.
MAX_PAIR_FIGURES = 100


def one_figure_repair(
    entry_check: np.ndarray,
    entry_col: np.ndarray,
    entry_coef: np.ndarray,
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    is_sum: np.ndarray,
    scales: tuple[float, float, float],
) -> tuple[int, int] | None:
    """(figure, change) of the certain one-figure repair of a part, or None.

    The part is `low <= A (values + change) <= high` with `A[c, j]` the sum of
    `entry_coef` over the entries (c, j); `scales` is (M, extra, delta) of the programme:
    a figure moves at most M and keeps its sign, a sum's residual costs `delta`.
    """
    part = _reach(entry_check, entry_col, entry_coef, values, low, high, scales[0])
    if part is None or int(part.alone.sum()) != 1:
        return None
    j = int(np.flatnonzero(part.alone)[0])
    mine = part.col == j
    check = part.check[mine]
    return _best_change(
        j, part.coef[mine], part.base[check], is_sum[check], part.lower[j], part.upper[j], scales
    )


class _Reach(NamedTuple):
    """A part's figures as one change at a time reaches them: the checks' sums now
    (`base`), which fail (`violated`), the coefficients with repeats summed
    (`check`, `col`, `coef`), each figure's interval of whole changes that keep its checks
    within bounds (`lower`, `upper`) and whether it repairs the part by itself (`alone`)."""

    base: np.ndarray
    violated: np.ndarray
    check: np.ndarray
    col: np.ndarray
    coef: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    alone: np.ndarray


def _reach(
    entry_check: np.ndarray,
    entry_col: np.ndarray,
    entry_coef: np.ndarray,
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    big: float,
) -> _Reach | None:
    """What both questions start from (see `_Reach`); None when no check fails."""
    n, m = len(values), len(low)
    base = np.bincount(entry_check, weights=entry_coef * values[entry_col], minlength=m)
    violated = (base < low - TOLERANCE) | (base > high + TOLERANCE)
    if not violated.any():
        return None
    check, col, coef = _coefficients(entry_check, entry_col, entry_coef, n)
    lower, upper = _intervals(check, col, coef, base, low, high, values, big)
    # Alone, a figure can repair only the checks it takes part in: it must be in all.
    alone = np.bincount(col[violated[check]], minlength=n) == int(violated.sum())
    alone &= lower <= upper
    return _Reach(base, violated, check, col, coef, lower, upper, alone)


def _coefficients(
    entry_check: np.ndarray, entry_col: np.ndarray, entry_coef: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(check, figure, coefficient) with repeated entries summed and zeros dropped."""
    keys, inverse = np.unique(entry_check * n + entry_col, return_inverse=True)
    coef = np.bincount(inverse.ravel(), weights=entry_coef)
    keep = coef != 0
    return keys[keep] // n, keys[keep] % n, coef[keep]


def _intervals(
    check: np.ndarray,
    col: np.ndarray,
    coef: np.ndarray,
    base: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    values: np.ndarray,
    big: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Per figure, the whole changes that keep every check it is in within its bounds
    (when it alone changes), its sign and the programme's M: [lower, upper]."""
    n = len(values)
    with np.errstate(invalid="ignore"):  # inf - inf cannot occur: base is finite
        a = (low[check] - base[check]) / coef
        b = (high[check] - base[check]) / coef
    lower = np.full(n, -np.inf)
    upper = np.full(n, np.inf)
    np.maximum.at(lower, col, np.minimum(a, b))
    np.minimum.at(upper, col, np.maximum(a, b))
    lower = np.maximum(lower, np.where(values > 0, -values, -big))
    upper = np.minimum(upper, np.where(values < 0, -values, big))
    return np.ceil(lower - TOLERANCE), np.floor(upper + TOLERANCE)


def _best_change(
    j: int,
    coef: np.ndarray,
    base: np.ndarray,
    summed: np.ndarray,
    lower: float,
    upper: float,
    scales: tuple[float, float, float],
) -> tuple[int, int] | None:
    """The change of figure `j` that leaves the smallest residual on the sums it is in,
    when that change is unique and better than any other by more than the solver's gap."""
    coef, base = coef[summed], base[summed]

    def residual(d: float) -> float:
        return float(np.abs(base + coef * d).sum())

    points = {lower, upper}
    for t in (-base / coef).tolist():  # the kinks of the residual: few (the sums it is in)
        points.update(p for p in (math.floor(t), math.ceil(t)) if lower <= p <= upper)
    best = min(sorted(points), key=residual)
    if best == 0:
        return None
    here = residual(best)
    nearest = [residual(d) - here for d in (best - 1, best + 1) if lower <= d <= upper]
    # The residual is convex: its two neighbours bound every other value from below.
    margin = min(nearest, default=math.inf)
    _, extra, delta = scales
    # Any repair's objective is below 1 + extra + extra / 4: its weight, and every sum's
    # residual within that sum's bound (delta is scaled so that they cost < extra / 4).
    worst = 1.0 + 1.25 * extra
    if not margin > 0 or delta * margin <= SAFETY * SOLVER_GAP * worst:
        return None
    return j, int(best)


def undecided(
    entry_check: np.ndarray,
    entry_col: np.ndarray,
    entry_coef: np.ndarray,
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    is_total: np.ndarray,
    explains: int,
    big: float,
) -> bool:
    """Whether the part's smallest repair is certainly not unique, of one figure explaining
    one failing check or of two explaining at most two (see the module docstring; the
    caller checks that no figure is suspected)."""
    n, m = len(values), len(low)
    if n > MAX_PAIR_FIGURES or explains > 2:
        return False
    part = _reach(entry_check, entry_col, entry_coef, values, low, high, big)
    if part is None:
        return False
    base, violated, check, col, coef, _, _, alone = part
    if alone.any():
        return explains == 1 and _ties(is_total[alone].astype(int))
    if not np.all(np.abs(coef) == 1):
        return False  # the pair test assumes coefficients of +-1
    dense = np.zeros((m, n))
    dense[check, col] = coef
    i, j = np.triu_indices(n, k=1)
    # Every violated check must read one of the two figures.
    covers = np.all((dense[violated][:, i] != 0) | (dense[violated][:, j] != 0), axis=0)
    i, j = i[covers], j[covers]
    # Each change alone: its sign and M only (the checks are the pair test's).
    own_lo = np.ceil(np.where(values > 0, -values, -big) - TOLERANCE)
    own_hi = np.floor(np.where(values < 0, -values, big) + TOLERANCE)
    feasible = _pairs_feasible(dense, low - base, high - base, own_lo, own_hi, i, j)
    weights = is_total[i[feasible]].astype(int) + is_total[j[feasible]].astype(int)
    return _ties(weights)


def _ties(weights: np.ndarray) -> bool:
    """Whether at least two repairs share the smallest weight (totals changed)."""
    return len(weights) >= 2 and int(np.count_nonzero(weights == weights.min())) >= 2


def _pairs_feasible(
    dense: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
) -> np.ndarray:
    """Per pair (i, j): whether whole changes x of i and y of j exist with every check
    within [lo, hi] (each reads x, y, x + y or x - y, times +-1) and each change within
    its own [lower, upper] (its sign and M)."""
    a_i, a_j = dense[:, i], dense[:, j]  # checks x pairs
    only_i, only_j = (a_i != 0) & (a_j == 0), (a_i == 0) & (a_j != 0)
    both = (a_i != 0) & (a_j != 0)
    lo_, hi_ = lo[:, None], hi[:, None]

    def bounds(mask: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # a * t within [lo, hi], a = +-1: t within [lo, hi] or [-hi, -lo]; else unbounded.
        t_lo = np.where(a > 0, lo_, -hi_)
        t_hi = np.where(a > 0, hi_, -lo_)
        return (
            np.ceil(np.where(mask, t_lo, -np.inf).max(axis=0) - TOLERANCE),
            np.floor(np.where(mask, t_hi, np.inf).min(axis=0) + TOLERANCE),
        )

    x_lo, x_hi = bounds(only_i, a_i)
    y_lo, y_hi = bounds(only_j, a_j)
    x_lo, x_hi = np.maximum(x_lo, lower[i]), np.minimum(x_hi, upper[i])
    y_lo, y_hi = np.maximum(y_lo, lower[j]), np.minimum(y_hi, upper[j])
    # a_i * (x + (a_j / a_i) y): a sum where the signs agree, a difference where not.
    p_lo, p_hi = bounds(both & (a_i == a_j), a_i)
    d_lo, d_hi = bounds(both & (a_i != a_j), a_i)
    with np.errstate(invalid="ignore"):
        first = np.maximum.reduce([x_lo, p_lo - y_hi, y_lo + d_lo, np.ceil((p_lo + d_lo) / 2)])
        last = np.minimum.reduce([x_hi, p_hi - y_lo, y_hi + d_hi, np.floor((p_hi + d_hi) / 2)])
    return (first <= last) & (y_lo <= y_hi) & (p_lo <= p_hi) & (d_lo <= d_hi)
