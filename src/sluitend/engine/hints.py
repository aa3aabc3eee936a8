"""Hints: which figure most likely makes a failed check fail, and what it should read.

Pure functions over ONE failed check. The engine calls them only for failing totals and
comparisons, so a Python loop over failed checks is fine; each call is cheap (a few
comparisons per part, plus one per adjacent digit pair for transpositions).

Every hint is a *repair*: the suggested value makes the check pass exactly, or within the
rounding bound the caller passes. A pattern that only "might" explain a difference is never
reported; no hint is better than a wrong one. The only hint without a value is "waarvan",
because there the fix is to count a memo line (or not), not to change a figure.

Signs: for a sum, `difference = stated total - sum of stated parts` (d below). A part typed
too large makes d negative; a total typed too large makes d positive.

Kinds (pattern within the bound -> suspected figure: suggested value):

- waarvan: d = a memo line's value -> the memo line: None (count it, or drop it from the total)
- swapped_totals: total = a sibling's lines and the sibling's total = these lines
  -> the total: the sibling's total
- shifted_total: total = the sum of a sibling group's lines -> the total: its own lines' sum
- omitted: d = -(a part) -> the total: total + part
- double_counted: d = +(a part) -> the total: total - part
- sign: d = -2 x part (or d = 2 x total) -> that figure: -value
- subtotal: a part that is itself a total, whose own lines' sum repairs this check
  -> the part: its lines' sum
- unit: a part (the total) is 1.000 x too large or too small -> it: value / 1.000 or x 1.000
- transposition: swapping two adjacent digits of a part (the total) repairs the check
  -> it: the swapped value
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sluitend.dutch import amount
from sluitend.engine.findings import Hint

#: How many hints one finding carries at most (the best-ranked ones).
MAX_HINTS = 3


@dataclass(frozen=True)
class Part:
    """One figure taking part in a check, as hints need to know it.

    Attributes:
        value: the figure as stated (or, with `stated=False`, as derived from its lines).
        bron: where it sits in the input (`file:line`).
        where: its key (the same mapping the engine puts in `Finding.where`, so that
            `localize` can recognise the same figure across findings).
        label: the row label as printed.
        stated: False for a value derived by summing (a missing intermediate total): such a
            value was never typed, so it is never suspected of a typo itself.
        parts_sum: for a part that is itself a stated total, the sum of its own stated lines
            (None otherwise); lets a parent check name a wrong subtotal.
    """

    value: int
    bron: str
    where: Mapping[str, Any]
    label: str
    stated: bool = True
    parts_sum: int | None = None

    @cached_property
    def figure_key(self) -> tuple[Any, ...]:
        """What identifies the figure: its bron and key (computed once; hints compare it
        for every candidate repair)."""
        return (self.bron, tuple(sorted(self.where.items(), key=lambda kv: kv[0])))


@dataclass(frozen=True)
class SiblingGroup:
    """Another checked total near this one (same article, vuo and year), with its lines' sum.

    Pass the other totals at the same level, and the group one level up, so that a total
    that moved one row (it equals another group's lines) or two exchanged totals are found.
    """

    total: Part
    parts_sum: int


@dataclass(frozen=True)
class _Repair:
    """A candidate hint, with what ranks it: exact before within-bound, then by kind."""

    kind: str
    figure: Part
    suggested: int | None
    residual: float
    explanation: str

    def key(self) -> tuple[Any, ...]:
        return (_figure_key(self.figure), self.suggested)


#: Ranking among repairs of equal exactness: structural evidence first, then the patterns
#: least likely to match by coincidence.
_PRIORITY = {
    "waarvan": 0,
    "swapped_totals": 1,
    "shifted_total": 2,
    "subtotal": 3,
    "omitted": 4,
    "double_counted": 4,
    "sign": 5,
    "unit": 6,
    "transposition": 7,
}


def _figure_key(part: Part) -> tuple[Any, ...]:
    return part.figure_key


def _name(part: Part) -> str:
    return f"'{part.label}'" if part.label else "the figure"


def adjacent_swaps(value: int) -> Iterator[int]:
    """Every value reached by swapping two adjacent, different digits of `value`.

    A swap that would put a zero in front is skipped: nobody types "0194" for 194.

    >>> list(adjacent_swaps(194000))
    [914000, 149000, 190400]
    """
    digits = str(abs(value))
    sign = -1 if value < 0 else 1
    for i in range(len(digits) - 1):
        a, b = digits[i], digits[i + 1]
        if a == b or (i == 0 and b == "0"):
            continue
        yield sign * int(digits[:i] + b + a + digits[i + 2 :])


def swap_may_repair(value: int, change: float, bound: float) -> bool:
    """Whether swapping two adjacent digits of `value` could change it by `change`, give
    or take `bound`: a quick necessary condition, so that the candidates are only listed
    where one may fit.

    Swapping digits a and b at the 10**k and 10**(k+1) places changes a value by
    9 * (b - a) * 10**k, so the change is 9 * m * 10**k with 0 < |m| <= 9.

    >>> swap_may_repair(194000, -45000, 0), swap_may_repair(194000, 45001, 0)
    (True, False)
    """
    for k in range(len(str(abs(value))) - 1):
        step = 9 * 10**k
        m = max(-9, min(9, round(change / step)))
        if m and abs(change - m * step) <= bound:
            return True
    return False


def _unit_variants(value: int) -> Iterator[tuple[int, str]]:
    """The value 1.000 x smaller (rounded to whole units) and 1.000 x larger."""
    if abs(value) >= 1000:
        sign = -1 if value < 0 else 1
        yield sign * ((abs(value) + 500) // 1000), "1.000 times too large"
    if value != 0:
        yield value * 1000, "1.000 times too small"


def _rank(repairs: list[_Repair], max_hints: int | None) -> list[Hint]:
    """Rank, drop repeats, and cap without cutting through a tier of equal rank.

    Repairs of equal rank (same exactness and kind) are equally likely; showing some of them
    and hiding the others would present a guess as a finding. So the cap keeps whole tiers
    only: a tier that does not fit is left out with everything below it.
    """

    def rank(r: _Repair) -> tuple[bool, int]:
        return (r.residual > 0, _PRIORITY[r.kind])

    order = sorted(range(len(repairs)), key=lambda i: (rank(repairs[i]), i))
    seen: set[tuple[Any, ...]] = set()
    kept: list[_Repair] = []
    for i in order:
        if repairs[i].key() not in seen:  # the same figure and value for a weaker reason
            seen.add(repairs[i].key())
            kept.append(repairs[i])
    if max_hints is not None and len(kept) > max_hints:
        cut = max_hints
        while cut and rank(kept[cut - 1]) == rank(kept[cut]):
            cut -= 1
        kept = kept[:cut]
    return [
        Hint(r.kind, r.figure.bron, dict(r.figure.where), r.suggested, r.explanation) for r in kept
    ]


def sum_hints(
    total: Part,
    parts: Sequence[Part],
    difference: int,
    memos: Sequence[Part] = (),
    siblings: Sequence[SiblingGroup] = (),
    *,
    bound: float = 0.0,
    max_hints: int | None = MAX_HINTS,
) -> list[Hint]:
    """Hints for one failed total: which figure to fix, and to what.

    Args:
        total: the stated total.
        parts: the figures summed into it (the nearest stated descendants, and derived
            values with `stated=False` where an intermediate total is missing).
        difference: stated total - sum(parts); must agree with the values given.
        memos: the "waarvan" lines under the total (not summed).
        siblings: other checked totals near this one (see `SiblingGroup`).
        bound: the tolerance the check was held to (`tolerance.sum_bound`); a repair must
            bring the difference within it. A difference already within it gets no hints.
        max_hints: keep only the best-ranked hints (None: all).

    Returns:
        Hints ranked exact repairs first, then by the strength of the evidence.

    Raises:
        ValueError: when `difference` is not total - sum(parts) (a wiring error).
    """
    stated_sum = sum(p.value for p in parts)
    if total.value - stated_sum != difference:
        raise ValueError(
            f"difference {difference} is not total {total.value} - sum of parts {stated_sum}"
        )
    if abs(difference) <= bound:
        return []
    case = _SumCase(total, parts, difference, stated_sum, bound)
    others = [g for g in siblings if _figure_key(g.total) != _figure_key(total)]
    # One step per family of slips. Their order is the order of the offers, which decides
    # between repairs of equal rank that name the same figure and value (`_rank` keeps the
    # first): structural evidence first.
    case.memo_line_counted(memos)
    case.total_of_another_group(others)
    case.own_sum_stated_elsewhere(others)
    case.line_left_out_or_counted_twice()
    case.line_with_wrong_sign_or_subtotal()
    case.total_with_wrong_sign()
    case.unit_slip_or_transposition()
    return _rank(case.repairs, max_hints)


class _SumCase:
    """One failed total, and the repairs found for it so far.

    Each step tries one family of slips; every candidate that brings the difference within
    the bound is `offer`ed. `d` is stated total - sum of the stated parts, `t` the total.
    """

    def __init__(
        self, total: Part, parts: Sequence[Part], d: int, stated_sum: int, bound: float
    ) -> None:
        self.total, self.parts, self.d, self.t = total, parts, d, total.value
        self.stated_sum, self.bound = stated_sum, bound
        self.repairs: list[_Repair] = []

    def offer(
        self, kind: str, figure: Part, suggested: int | None, new_d: float, why: Callable[[], str]
    ) -> None:
        """Keep the repair when the difference it leaves is within the bound.

        The explanation is a callable, called only then: most patterns do not fit, and
        formatting their text for nothing was most of a hint's cost.
        """
        if abs(new_d) <= self.bound:
            self.repairs.append(_Repair(kind, figure, suggested, abs(new_d), why()))

    def memo_line_counted(self, memos: Sequence[Part]) -> None:
        """The difference is a "waarvan" line: the table counts a memo line as a part (or
        the total leaves it out). No value is suggested: the fix is the layout's."""
        total, t, d = self.total, self.t, self.d
        for m in memos:
            if m.value:
                self.offer(
                    "waarvan",
                    m,
                    None,
                    d - m.value,
                    lambda: (
                        f"The total {_name(total)} ({amount(t)}) equals its lines plus the "
                        f"'waarvan' line {_name(m)} ({amount(m.value)}): either that line is a "
                        f"part of the total (then it is no memo line), or the total counts it "
                        f"in and should be {amount(t - m.value)}."
                    ),
                )

    def total_of_another_group(self, others: Sequence[SiblingGroup]) -> None:
        """The stated total equals another group's lines: two totals exchanged (each
        equals the other's lines), or a total moved here from that group by a row."""
        total, t, stated_sum, bound = self.total, self.t, self.stated_sum, self.bound
        for g in others:
            if not g.parts_sum or abs(t - g.parts_sum) > bound:
                continue
            if abs(g.total.value - stated_sum) <= bound:
                self.offer(
                    "swapped_totals",
                    total,
                    g.total.value,
                    g.total.value - stated_sum,
                    lambda: (
                        f"The totals {_name(total)} ({amount(t)}) and {_name(g.total)} "
                        f"({amount(g.total.value)}) look exchanged: each equals the sum of the "
                        f"other's lines."
                    ),
                )
                continue
            self.offer(
                "shifted_total",
                total,
                stated_sum,
                0,
                lambda: (
                    f"The stated total {_name(total)} ({amount(t)}) equals the sum of the lines "
                    f"under {_name(g.total)} ({amount(g.parts_sum)}), not of its own lines "
                    f"({amount(stated_sum)}): the totals look shifted by a row."
                ),
            )

    def own_sum_stated_elsewhere(self, others: Sequence[SiblingGroup]) -> None:
        """The other way round: this group's sum stands on another total. Weaker evidence,
        so it comes after `total_of_another_group` (the same suggestion keeps the stronger
        explanation)."""
        total, t, stated_sum, bound = self.total, self.t, self.stated_sum, self.bound
        for g in others:
            if not stated_sum or abs(g.total.value - stated_sum) > bound:
                continue
            if g.parts_sum and abs(t - g.parts_sum) <= bound:
                continue  # swapped, offered by `total_of_another_group`
            self.offer(
                "shifted_total",
                total,
                stated_sum,
                0,
                lambda: (
                    f"The sum of the lines under {_name(total)} ({amount(stated_sum)}) is "
                    f"stated as the total of {_name(g.total)} ({amount(g.total.value)}), and "
                    f"{_name(total)} states {amount(t)}: the totals look shifted by a row."
                ),
            )

    def line_left_out_or_counted_twice(self) -> None:
        """The difference is exactly one line: the total leaves it out, or counts it twice."""
        total, t, d = self.total, self.t, self.d
        for p in self.parts:
            if not p.value:
                continue
            self.offer(
                "omitted",
                total,
                t + p.value,
                d + p.value,
                lambda: (
                    f"The total {_name(total)} ({amount(t)}) is short by exactly the line "
                    f"{_name(p)} ({amount(p.value)}): the line seems left out of the total, "
                    f"which would then be {amount(t + p.value)}."
                ),
            )
            self.offer(
                "double_counted",
                total,
                t - p.value,
                d - p.value,
                lambda: (
                    f"The total {_name(total)} ({amount(t)}) exceeds its lines by exactly the "
                    f"line {_name(p)} ({amount(p.value)}): the line seems counted twice, and "
                    f"the total would be {amount(t - p.value)}."
                ),
            )

    def line_with_wrong_sign_or_subtotal(self) -> None:
        """A stated line with the wrong sign (d = -2 x line), or a line that is itself a
        total whose own lines' sum repairs this check too (the slip is one level down)."""
        d = self.d
        for p in (q for q in self.parts if q.stated):
            if p.value:
                self.offer(
                    "sign",
                    p,
                    -p.value,
                    d + 2 * p.value,
                    lambda: (
                        f"The line {_name(p)} ({amount(p.value)}) seems to have the wrong sign: "
                        f"with {amount(-p.value)} the total adds up."
                    ),
                )
            if p.parts_sum is not None and p.parts_sum != p.value:
                self.offer(
                    "subtotal",
                    p,
                    p.parts_sum,
                    d + p.value - p.parts_sum,
                    lambda: (
                        f"The subtotal {_name(p)} ({amount(p.value)}) differs from the sum of "
                        f"its own lines ({amount(p.parts_sum)}); with that sum this total adds "
                        f"up too."
                    ),
                )

    def total_with_wrong_sign(self) -> None:
        """The stated total with the wrong sign (d = 2 x total); a derived total was never
        typed, so it is never suspected."""
        total, t = self.total, self.t
        if total.stated and t:
            self.offer(
                "sign",
                total,
                -t,
                self.d - 2 * t,
                lambda: (
                    f"The total {_name(total)} ({amount(t)}) seems to have the wrong sign: "
                    f"its lines add up to {amount(-t)}."
                ),
            )

    def unit_slip_or_transposition(self) -> None:
        """A stated figure typed 1.000 times too large or too small, or with two adjacent
        digits swapped. For a line the new d is d + old - new; for the total d - old + new.
        Digit swaps are listed only where `swap_may_repair` says one can fit."""
        d, bound = self.d, self.bound
        figures = [(p, d + p.value, "line") for p in self.parts if p.stated]
        if self.total.stated:
            figures.append((self.total, d - self.t, "total"))
        for fig, base, what in figures:
            sign = 1 if what == "line" else -1
            for new, how in _unit_variants(fig.value):
                self.offer(
                    "unit",
                    fig,
                    new,
                    base - sign * new,
                    lambda: (
                        f"The {what} {_name(fig)} ({amount(fig.value)}) looks {how} (a unit "
                        f"slip): with {amount(new)} the total adds up."
                    ),
                )
            swaps = adjacent_swaps(fig.value) if swap_may_repair(fig.value, sign * d, bound) else ()
            for new in swaps:
                self.offer(
                    "transposition",
                    fig,
                    new,
                    base - sign * new,
                    lambda: (
                        f"The {what} {_name(fig)} reads {amount(fig.value)}; with two adjacent "
                        f"digits swapped, {amount(new)}, the total adds up."
                    ),
                )


def equal_hints(
    left: Part,
    right: Part,
    difference: int,
    *,
    bound: float = 0.0,
    max_hints: int | None = MAX_HINTS,
) -> list[Hint]:
    """Hints for two figures that should be equal (e.g. verplichtingen and uitgaven).

    `difference` is left - right (as in `Finding.difference`, with the left figure as the
    finding's figure). Either side may be the wrong one, so a pattern usually yields a hint
    for each side; `localize` decides between them when another check points at one.

    Raises:
        ValueError: when `difference` is not left - right.
    """
    if left.value - right.value != difference:
        raise ValueError(f"difference {difference} is not {left.value} - {right.value}")
    if abs(difference) <= bound:
        return []
    repairs: list[_Repair] = []
    for fig, other in ((left, right), (right, left)):
        if not fig.stated:
            continue

        def offer(
            kind: str, new: int, why: Callable[[], str], fig: Part = fig, other: Part = other
        ) -> None:
            if abs(new - other.value) <= bound:
                repairs.append(_Repair(kind, fig, new, abs(new - other.value), why()))

        if fig.value:
            offer(
                "sign",
                -fig.value,
                lambda: (
                    f"{_name(fig)} ({amount(fig.value)}) is the negative of {_name(other)} "
                    f"({amount(other.value)}): a sign slip; with {amount(-fig.value)} they agree."
                ),
            )
        for new, how in _unit_variants(fig.value):
            offer(
                "unit",
                new,
                lambda: (
                    f"{_name(fig)} ({amount(fig.value)}) looks {how} against {_name(other)} "
                    f"({amount(other.value)}); with {amount(new)} they agree."
                ),
            )
        may_swap = swap_may_repair(fig.value, other.value - fig.value, bound)
        for new in adjacent_swaps(fig.value) if may_swap else ():
            offer(
                "transposition",
                new,
                lambda: (
                    f"{_name(fig)} reads {amount(fig.value)}; with two adjacent digits swapped, "
                    f"{amount(new)}, it agrees with {_name(other)} ({amount(other.value)})."
                ),
            )
    return _rank(repairs, max_hints)
