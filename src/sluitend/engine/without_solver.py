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
handful of comparisons per pair (`_pairs_feasible`). And, for parts of any size, when no
figure is in two failing checks and two repairs that change one figure of each failing
check (a line where the check has one) are found to hold every check (`_one_per_check`):
every repair changes at least one figure per failing check, so these two are among the
smallest and it is not unique (a V line and every V total above it unequal to U: all the
V figures, or all the U figures). On the 3M-figure benchmark that leaves no part to the
solver, and scipy is not imported; on the real 2016 file 4 of its 12 solves go.

`two_figure_repair` decides a third case: no figure repairs the part alone and one pair of
figures does, lighter than every other pair (with coefficients of +-1 every pair is tested
with `_pair_bounds`) and with changes whose residual on the sums is the least by more than
the gap: every whole change of the pair's first figure is tried, and for each the best of
the second (the residual is convex in it). Then the programme's first solve finds that
pair and its second, with the pair cut off, finds only heavier repairs or none, so the
answer is that one repair. On the real 2015 and 2017 files that leaves no part to the
solver (scipy is not imported); on the 2016 file the four parts of three figures or more
still go to it.

`least_changes` bounds a part's repairs from below (failing checks that share no figure
each need a change of their own): a part alone in its table that must change more figures
than a likely cause names is not solved at all (`errorlocate.locate`), since nothing of it
would be reported; on the 2016 file that is its part of 29 figures.

`smallest_repairs` decides parts of up to four figures' repairs (what a likely cause
names) in up to MAX_SEARCH_FIGURES figures by search: every set of that many figures that
reads each failing check, its whole changes confined by propagating the checks' bounds and
every point of that box tested. Where it finds every smallest repair, the programme's
answer follows: two sets as light that change as many figures as the part explains checks
are dropped by `_by_table` (`searched_undecided`), and one repair lighter than every other
by more than the gap is the answer (`searched_repair`). On the 2016 file that leaves no
part to the solver, and scipy is not imported by any of the four real files.

The answer is the same either way; only the time differs (a solve of a part takes
10-300 ms and scipy's optimizer takes 0,3 s to import; this takes microseconds of numpy).
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np

#: HiGHS's default relative MIP gap, and how far beyond it a better value must lie before
#: the programme's answer counts as certain. HiGHS ends its search once every open node's
#: bound is at least the incumbent's objective less the gap times its absolute value (its
#: optimality limit), so a repair whose objective exceeds the optimum's by more than the gap
#: times its own objective is never its answer: the node holding the optimum stays open.
#: The factor of safety covers the LP's own tolerances (1e-7) many times over.
SOLVER_GAP = 1e-4
SAFETY = 1.5
#: Slack on a check's bounds, as `errorlocate` tests a repair (`_holds`).
TOLERANCE = 1e-6
#: Parts up to this many figures are judged by `undecided` (all pairs of them are tried);
#: the extra weight of a total, 1 / (2n + 2), then stays far above the solver's gap.
MAX_PAIR_FIGURES = 100
#: Repairs of one figure per failing check tried by `_one_per_check` (each a few numpy
#: operations on the part).
MAX_TRIED = 64
#: Whole changes of a pair's first figure that `two_figure_repair` tries, at most, and
#: the residuals it evaluates (changes x candidate changes of the second figure x sums).
MAX_PAIR_POINTS = 4096
MAX_PAIR_WORK = 2_000_000


class System(NamedTuple):
    """A part's checks: `low <= A (values + change) <= high`, with `A[c, j]` the sum of
    `entry_coef` over the entries (c, j) of `entry_check` and `entry_col`."""

    entry_check: np.ndarray
    entry_col: np.ndarray
    entry_coef: np.ndarray
    values: np.ndarray
    low: np.ndarray
    high: np.ndarray


def one_figure_repair(
    system: System, is_sum: np.ndarray, scales: tuple[float, float, float]
) -> tuple[int, int] | None:
    """(figure, change) of the certain one-figure repair of a part, or None.

    `is_sum` marks the checks that are sums; `scales` is (M, extra, delta) of the
    programme: a figure moves at most M and keeps its sign, a sum's residual costs `delta`.
    """
    part = _reach(system, scales[0])
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


def _reach(system: System, big: float) -> _Reach | None:
    """What both questions start from (see `_Reach`); None when no check fails."""
    entry_check, entry_col, entry_coef, values, low, high = system
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


def least_changes(system: System) -> int:
    """A lower bound on the figures any repair of the part changes: failing checks that
    share no figure with each other (each needs a change of its own), picked greedily,
    those that read the fewest figures first (any such set is a bound; 0 when none fails).
    """
    n, m = len(system.values), len(system.low)
    base = np.bincount(
        system.entry_check, weights=system.entry_coef * system.values[system.entry_col],
        minlength=m,
    )  # fmt: skip
    violated = (base < system.low - TOLERANCE) | (base > system.high + TOLERANCE)
    check, col, _ = _coefficients(system.entry_check, system.entry_col, system.entry_coef, n)
    reads = [col[check == k] for k in np.flatnonzero(violated).tolist()]
    taken = np.zeros(n, dtype=bool)
    count = 0
    for figures in sorted(reads, key=len):  # the failing checks: a few dozen at most
        if not taken[figures].any():
            taken[figures] = True
            count += 1
    return count


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


def undecided(system: System, is_total: np.ndarray, explains: int, big: float) -> bool:
    """Whether the part's smallest repair is certainly not unique, of one figure explaining
    one failing check or of two explaining at most two (see the module docstring; the
    caller checks that no figure is suspected)."""
    part = _reach(system, big)
    if part is None:
        return False
    if _one_per_check(part, system, is_total, explains, big):
        return True
    if len(system.values) > MAX_PAIR_FIGURES or explains > 2:
        return False
    if part.alone.any():
        return explains == 1 and _ties(is_total[part.alone].astype(int))
    if not np.all(np.abs(part.coef) == 1):
        return False  # the pair test assumes coefficients of +-1
    pairs = _feasible_pairs(part, system, big)
    weights = is_total[pairs.i].astype(int) + is_total[pairs.j].astype(int)
    return _ties(weights)


class _Pairs(NamedTuple):
    """The pairs of figures (i < j) that repair a part together (whole changes of both keep
    every check within its bounds), with what `_pair_bounds` needs to look at one again."""

    i: np.ndarray
    j: np.ndarray
    dense: np.ndarray
    own_lo: np.ndarray
    own_hi: np.ndarray


def _feasible_pairs(part: _Reach, system: System, big: float) -> _Pairs:
    """Every pair that repairs the part (coefficients of +-1: see `_pair_bounds`)."""
    values, low, high = system.values, system.low, system.high
    dense = np.zeros((len(low), len(values)))
    dense[part.check, part.col] = part.coef
    i, j = np.triu_indices(len(values), k=1)
    # Every violated check must read one of the two figures.
    violated = dense[part.violated]
    covers = np.all((violated[:, i] != 0) | (violated[:, j] != 0), axis=0)
    i, j = i[covers], j[covers]
    # Each change alone: its sign and M only (the checks are the pair test's).
    own_lo = np.ceil(np.where(values > 0, -values, -big) - TOLERANCE)
    own_hi = np.floor(np.where(values < 0, -values, big) + TOLERANCE)
    base = part.base
    feasible = _pairs_feasible(_pair_bounds(dense, low - base, high - base, own_lo, own_hi, i, j))
    return _Pairs(i[feasible], j[feasible], dense, own_lo, own_hi)


def two_figure_repair(
    system: System,
    is_sum: np.ndarray,
    is_total: np.ndarray,
    suspected: np.ndarray,
    scales: tuple[float, float, float],
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((i, j), (change of i, change of j)) of the certain repair of two figures, or None.

    Certain where `errorlocate._repairs` could answer nothing else: no figure repairs the
    part alone; of the pairs that repair it, this one weighs the least in the programme's
    objective (a total a little more, a suspected figure a little less) and these changes
    leave the smallest residual on the sums, by more than the solver's gap could hide;
    and every other pair is heavier by the weight the loop compares (its changes, a total
    a little more), so the second solve, with this pair cut off, ends the search (any
    larger repair changes at least three figures, heavier still). Coefficients of +-1
    only, up to MAX_PAIR_FIGURES figures and MAX_PAIR_POINTS whole changes of the first
    figure of the pair.
    """
    big, extra, delta = scales
    if len(system.values) > MAX_PAIR_FIGURES:
        return None
    part = _reach(system, big)
    if part is None or part.alone.any() or not np.all(np.abs(part.coef) == 1):
        return None
    pairs = _feasible_pairs(part, system, big)
    if not len(pairs.i):
        return None
    weight = 1.0 + extra * is_total - np.where(suspected, extra / 4, 0.0)
    plain = 1.0 + extra * is_total
    w = weight[pairs.i] + weight[pairs.j]
    best = int(np.argmin(w))
    i, j = int(pairs.i[best]), int(pairs.j[best])
    others = np.arange(len(w)) != best
    light = plain[pairs.i[others]] + plain[pairs.j[others]]
    if np.any(light <= plain[i] + plain[j] + 1e-9):
        return None  # the second solve would find another repair as light: not alone
    found = _best_pair_changes(part, system, is_sum, pairs, i, j)
    if found is None:
        return None
    changes, residual, next_residual = found
    optimum = float(w[best]) + delta * residual
    # Every other repair's objective is at least its weight (another pair's, or three
    # figures' at 1 - extra / 4 each), or this pair's with another residual.
    runner_up = min(
        float(w[others].min(initial=np.inf)),
        3 * (1.0 - extra / 4),
        float(w[best]) + delta * next_residual,
    )
    if not runner_up - optimum > SAFETY * SOLVER_GAP * runner_up:
        return None
    return (i, j), changes


def _best_pair_changes(
    part: _Reach, system: System, is_sum: np.ndarray, pairs: _Pairs, i: int, j: int
) -> tuple[tuple[int, int], float, float] | None:
    """The whole changes (x, y) of figures i and j that repair the part with the smallest
    residual on the sums, that residual and the next smallest of any other (x, y); None
    where they are not certain or too many x to try.

    Every x the pair's bounds leave is tried; for each, y runs over an interval (its own
    bounds, x + y's and x - y's) and the residual is convex in y, its kinks where a sum
    reading y is 0: its least value is at a kink or an end, the next at a neighbour of
    that y. Exact, since every value of x is tried."""
    low, high = system.low, system.high
    base = part.base
    b = _pair_bounds(
        pairs.dense, low - base, high - base, pairs.own_lo, pairs.own_hi,
        np.asarray([i]), np.asarray([j]),
    )  # fmt: skip
    first, last = float(b.first[0]), float(b.last[0])
    if not last - first < MAX_PAIR_POINTS:
        return None
    x = np.arange(first, last + 1)
    y_lo = np.maximum.reduce([np.full(len(x), b.y_lo[0]), b.p_lo[0] - x, x - b.d_hi[0]])
    y_hi = np.minimum.reduce([np.full(len(x), b.y_hi[0]), b.p_hi[0] - x, x - b.d_lo[0]])
    rows = y_lo <= y_hi
    if np.any((x == 0) & rows) or np.any(rows & (y_lo <= 0) & (y_hi >= 0)):
        return None  # one figure alone would repair it: not this question
    x, y_lo, y_hi = x[rows], y_lo[rows][:, None], y_hi[rows][:, None]
    if not len(x):
        return None
    sums = is_sum.astype(bool)
    a_i, a_j = pairs.dense[sums, i], pairs.dense[sums, j]
    s = base[sums] + a_i * x[:, None]  # the sums per x, before y

    def residual(y: np.ndarray) -> np.ndarray:
        inside = (y >= y_lo) & (y <= y_hi)
        r = np.abs(s[:, None, :] + a_j * y[:, :, None]).sum(axis=2)
        return np.where(inside, r, np.inf)

    reads = a_j != 0
    if len(x) * (2 + 2 * int(reads.sum())) * len(a_j) > MAX_PAIR_WORK:
        return None  # a part this large is left to the solver
    kinks = -s[:, reads] / a_j[reads]
    candidates = np.concatenate([y_lo, y_hi, np.floor(kinks), np.ceil(kinks)], axis=1)
    candidates = np.clip(candidates, y_lo, y_hi)
    values = residual(candidates)
    at = np.argmin(values, axis=1)
    row_best = values[np.arange(len(x)), at]
    y_best = candidates[np.arange(len(x)), at]
    near = residual(np.stack([y_best - 1, y_best + 1], axis=1)).min(axis=1)
    k = int(np.argmin(row_best))
    other_rows = np.delete(row_best, k)
    next_residual = min(float(near[k]), float(other_rows.min(initial=np.inf)))
    return (int(x[k]), int(y_best[k])), float(row_best[k]), next_residual


def _one_per_check(
    part: _Reach, system: System, is_total: np.ndarray, explains: int, big: float
) -> bool:
    """Whether two smallest repairs are found that change one figure of each failing check
    (and nothing else), where no figure is in two failing checks.

    Every repair then changes at least one figure per failing check, so these are among the
    smallest; each picks a line of its check where the check has one (a total only where it
    reads nothing else), so they weigh the least; two of them differ: the smallest repair is
    not unique and changes as many figures as there are failing checks. Tried: the first
    line of each check; each check's other lines in its place; and every check's +1 figure
    or every check's -1 figure (V unequal to U from a V line and every V total above it:
    all V figures, or all U figures, repair it), each figure changed so that its check's
    sum is exactly 0, and kept only when every check of the part holds."""
    failing = np.flatnonzero(part.violated)
    values = system.values
    inside = part.violated[part.check]
    check, col, coef = part.check[inside], part.col[inside], part.coef[inside]
    n = len(values)
    if len(failing) < explains or not np.all(np.abs(coef) == 1):
        return False
    if np.any(np.bincount(col, minlength=n) > 1):
        return False  # a figure in two failing checks: one change may repair both
    # The repairs weigh the same; the solver must see that no other weighs less, within
    # its gap.
    extra = 1.0 / (2 * n + 2)
    if not extra > SAFETY * SOLVER_GAP * (len(failing) * (1.0 + extra) + 1.25 * extra):
        return False
    # Per failing check, the figures a lightest repair may change in it: its lines (its
    # totals only where it reads nothing else), those in the fewest other checks first.
    reads = np.bincount(part.col, minlength=n)
    choices = []
    for k in failing.tolist():
        mine = check == k
        options = sorted(zip(col[mine].tolist(), coef[mine].tolist(), strict=True),
                         key=lambda o: (bool(is_total[o[0]]), int(reads[o[0]]), o[0]))  # fmt: skip
        lines = [o for o in options if not is_total[o[0]]]
        choices.append(lines or options)
    residual = part.base[failing]
    found: list[list[tuple[int, float]]] = []

    def holds(picked: list[tuple[int, float]]) -> bool:
        change = np.zeros(n)
        change[[j for j, _ in picked]] = [
            -r / a for r, (_, a) in zip(residual, picked, strict=True)
        ]
        return _repairs_all(part, system, change, big)

    def swaps(of: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
        return [[*of[:k], o, *of[k + 1 :]] for k, options in enumerate(choices)
                for o in options if o != of[k]]  # fmt: skip

    first = [options[0] for options in choices]
    tried = [first]
    for sign in (1.0, -1.0):
        same = [next((o for o in options if o[1] == sign), None) for options in choices]
        if all(o is not None for o in same):
            tried.append(same)  # type: ignore[arg-type]
    tried += swaps(first)
    budget = MAX_TRIED
    while tried and budget:
        picked = tried.pop(0)
        budget -= 1
        if picked in found or not holds(picked):
            continue
        found.append(picked)
        if len(found) == 2:
            return True
        tried = swaps(picked) + tried  # the neighbours of a repair that holds, first
    return False


def _repairs_all(part: _Reach, system: System, change: np.ndarray, big: float) -> bool:
    """Whether `change` is a repair the programme allows: whole units, every figure within M
    and keeping its sign, and every check of the part within its bounds."""
    values, low, high = system.values, system.low, system.high
    after = values + change
    if np.any(change != np.round(change)) or np.any(np.abs(change) > big):
        return False
    if np.any((values > 0) & (after < 0)) or np.any((values < 0) & (after > 0)):
        return False
    sums = part.base + np.bincount(
        part.check, weights=part.coef * change[part.col], minlength=len(low)
    )
    return bool(np.all(sums >= low - TOLERANCE) and np.all(sums <= high + TOLERANCE))


def _ties(weights: np.ndarray) -> bool:
    """Whether at least two repairs share the smallest weight (totals changed)."""
    return len(weights) >= 2 and int(np.count_nonzero(weights == weights.min())) >= 2


class _PairBounds(NamedTuple):
    """Per pair (i, j), the whole changes x of i and y of j that keep every check within its
    bounds: x in [x_lo, x_hi] and y in [y_lo, y_hi] by the checks that read one of them (and
    each figure's sign and M), x + y in [p_lo, p_hi] and x - y in [d_lo, d_hi] by those that
    read both; x in [first, last] is what they leave of x together."""

    x_lo: np.ndarray
    x_hi: np.ndarray
    y_lo: np.ndarray
    y_hi: np.ndarray
    p_lo: np.ndarray
    p_hi: np.ndarray
    d_lo: np.ndarray
    d_hi: np.ndarray
    first: np.ndarray
    last: np.ndarray


def _pair_bounds(
    dense: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
) -> _PairBounds:
    """The bounds of `_PairBounds` per pair (i, j): each check reads x, y, x + y or x - y,
    times +-1, and must stay within [lo, hi]; each change within its own [lower, upper]
    (its sign and M)."""
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
    return _PairBounds(x_lo, x_hi, y_lo, y_hi, p_lo, p_hi, d_lo, d_hi, first, last)


def _pairs_feasible(b: _PairBounds) -> np.ndarray:
    """Per pair of `b`: whether whole changes of both exist within every bound."""
    return (b.first <= b.last) & (b.y_lo <= b.y_hi) & (b.p_lo <= b.p_hi) & (b.d_lo <= b.d_hi)


# --- repairs of up to four figures, by search (`smallest_repairs`) ---------------------------

#: Parts up to this many figures are searched, for repairs of up to MAX_SEARCH_SIZE figures
#: (what a likely cause names, `errorlocate.MAX_REPORTED`); at most MAX_SUPPORTS sets of
#: figures are tried per part, in all sizes (each some 0,1 ms: a part that needs more is
#: left to the solver; the real 2016 file's largest needs 345), and at most MAX_BOX whole
#: changes per set.
MAX_SEARCH_FIGURES = 24
MAX_SEARCH_SIZE = 4
MAX_SUPPORTS = 600
MAX_BOX = 4096


class Searched(NamedTuple):
    """Every repair of the fewest figures a part allows: the sets of figures (`supports`,
    one row each, figure numbers ascending) and per set every whole change of its figures
    (`changes[s]`, one row per repair, no change 0) that keeps every check within bounds."""

    size: int
    supports: np.ndarray
    changes: list[np.ndarray]


def smallest_repairs(system: System, big: float) -> Searched | None:
    """Every repair of the fewest figures (up to MAX_SEARCH_SIZE), found by trying every set
    of that many figures that reads each failing check, from `least_changes` up; None where
    that is not certain within the bounds (a set whose changes are not confined to a small
    box, too many sets, a part too large) or where no check fails.

    Exact: a set is a repair when some whole changes of its figures, each keeping its sign
    and within M, keep every check within bounds. Those changes are confined by propagating
    the checks' bounds over the set (`_boxes`, which never drops a repair), and every point
    of the box is then tested against every check."""
    n = len(system.values)
    if n > MAX_SEARCH_FIGURES:
        return None
    part = _reach(system, big)
    if part is None or not np.all(np.abs(part.coef) == 1):
        return None
    dense = np.zeros((len(system.low), n))
    dense[part.check, part.col] = part.coef
    lo, hi = system.low - part.base, system.high - part.base
    own_lo = np.ceil(np.where(system.values > 0, -system.values, -big) - TOLERANCE)
    own_hi = np.floor(np.where(system.values < 0, -system.values, big) + TOLERANCE)
    reads_failing = dense[part.violated] != 0
    budget = MAX_SUPPORTS
    for size in range(max(least_changes(system), 1), MAX_SEARCH_SIZE + 1):
        sets = np.asarray(list(itertools.combinations(range(n), size)), dtype=np.int64)
        sets = sets[np.all(reads_failing[:, sets].any(axis=2), axis=0)]
        budget -= len(sets)
        if budget < 0:
            return None
        a = np.transpose(dense[:, sets], (1, 0, 2))  # sets x checks x figures of the set
        alive, low, high = _boxes(a, lo, hi, own_lo[sets], own_hi[sets])
        supports, changes = [], []
        for s in np.flatnonzero(alive).tolist():  # the sets whose box is not empty: few
            points = _points(a[s], lo, hi, low[s], high[s])
            if points is None:
                return None
            points = points[np.all(points != 0, axis=1)]  # others: a smaller set's repair
            if len(points):
                supports.append(sets[s])
                changes.append(points)
        if supports:
            return Searched(size, np.asarray(supports), changes)
    return None


def _points(
    a: np.ndarray, lo: np.ndarray, hi: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray | None:
    """Every whole change d of a set of figures (columns of `a`, coefficients +-1) within
    its box [low, high] (`_boxes`) with `lo <= a d <= hi`, one per row; None when the box
    holds more than MAX_BOX points."""
    sizes = high - low + 1
    if float(np.prod(sizes)) > MAX_BOX:
        return None
    grids = np.meshgrid(*[np.arange(s, e + 1) for s, e in zip(low, high, strict=True)])
    points = np.stack([g.ravel() for g in grids], axis=1)
    sums = points @ a.T
    holds = np.all((sums >= lo - TOLERANCE) & (sums <= hi + TOLERANCE), axis=1)
    return np.asarray(points[holds])


def _boxes(
    a: np.ndarray, lo: np.ndarray, hi: np.ndarray, own_lo: np.ndarray, own_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole bounds on each change that no repair of `_points` lies outside, for many sets
    at once (`a`: sets x checks x figures of the set; `own_lo`, `own_hi`: sets x figures):
    each check bounds each of its figures by what the others can contribute at most and at
    least, repeated until nothing narrows (interval propagation; any round's box is sound).
    Returns per set whether its box is not empty, and the box's (low, high)."""
    low, high = own_lo.astype(float), own_hi.astype(float)
    reads = a != 0
    alive = np.ones(len(a), dtype=bool)
    lo_, hi_ = lo[None, :, None], hi[None, :, None]
    for _ in range(20):  # a few rounds on these parts
        term_lo = np.where(a > 0, low[:, None, :], np.where(a < 0, -high[:, None, :], 0.0))
        term_hi = np.where(a > 0, high[:, None, :], np.where(a < 0, -low[:, None, :], 0.0))
        rest_lo = term_lo.sum(axis=2, keepdims=True) - term_lo
        rest_hi = term_hi.sum(axis=2, keepdims=True) - term_hi
        # a * d within [lo - rest_hi, hi - rest_lo], a = +-1.
        t_lo, t_hi = lo_ - rest_hi, hi_ - rest_lo
        d_lo = np.where(a > 0, t_lo, -t_hi)
        d_hi = np.where(a > 0, t_hi, -t_lo)
        new_lo = np.maximum(low, np.ceil(np.where(reads, d_lo, -np.inf).max(axis=1) - TOLERANCE))
        new_hi = np.minimum(high, np.floor(np.where(reads, d_hi, np.inf).min(axis=1) + TOLERANCE))
        alive &= np.all(new_lo <= new_hi, axis=1)
        # An emptied box stays as it was (its set is out); the others narrow.
        new_lo = np.where(alive[:, None], new_lo, low)
        new_hi = np.where(alive[:, None], new_hi, high)
        if np.array_equal(new_lo, low) and np.array_equal(new_hi, high):
            break
        low, high = new_lo, new_hi
    # A check that reads none of a set's figures must hold as it is.
    idle = ~reads.any(axis=2)
    alive &= ~np.any(idle & ((lo > TOLERANCE) | (hi < -TOLERANCE))[None, :], axis=1)
    return alive, low, high


def searched_undecided(found: Searched, is_total: np.ndarray, explains: int) -> bool:
    """Whether the smallest repair is certainly not unique and changes at least as many
    figures as the part explains checks (what `errorlocate._by_table` drops where no hint
    decides): two or more sets of the fewest figures weigh the least (totals count a little
    more), and the programme finds one of them, then another as light."""
    weights = is_total[found.supports].sum(axis=1)
    return found.size >= explains and _ties(weights)


def searched_repair(
    found: Searched,
    system: System,
    is_sum: np.ndarray,
    is_total: np.ndarray,
    suspected: np.ndarray,
    scales: tuple[float, float, float],
) -> tuple[np.ndarray, np.ndarray] | None:
    """(figures, changes) of the certain unique smallest repair, or None.

    Certain where `errorlocate._repairs` could answer nothing else: of every repair of the
    fewest figures, this one has the least objective (`_solve`: weights, a suspected figure
    a little less, and `delta` times the residual on the sums) by more than the solver's gap;
    every repair of more figures costs more still; and every other set of as many figures
    weighs more (its totals), so the second solve, with this set cut off, ends the search."""
    _, extra, delta = scales
    weight = 1.0 + extra * is_total - np.where(suspected, extra / 4, 0.0)
    plain = 1.0 + extra * is_total
    entry_check, entry_col, entry_coef, values, _, _ = system
    base = np.bincount(entry_check, weights=entry_coef * values[entry_col], minlength=len(is_sum))
    dense = np.zeros((len(is_sum), len(values)))
    np.add.at(dense, (entry_check, entry_col), entry_coef)
    sums = is_sum.astype(bool)
    costs = []
    for figures, points in zip(found.supports, found.changes, strict=True):
        residual = np.abs(base[sums] + points @ dense[sums][:, figures].T).sum(axis=1)
        costs.append(float(weight[figures].sum()) + delta * residual)
    every = np.concatenate(costs)
    best = int(np.argmin(every))
    owner = np.repeat(np.arange(len(costs)), [len(c) for c in costs])
    s, at = int(owner[best]), best - int(np.searchsorted(owner, owner[best]))
    optimum = float(every[best])
    runner_up = min(
        float(np.delete(every, best).min(initial=np.inf)),
        (found.size + 1) * (1.0 - extra / 4),
    )
    if not runner_up - optimum > SAFETY * SOLVER_GAP * runner_up:
        return None
    light = plain[found.supports].sum(axis=1)
    others = np.arange(len(light)) != s
    if np.any(light[others] <= light[s] + 1e-9):
        return None  # the second solve would find another set as light: not unique
    return found.supports[s], found.changes[s][at]
