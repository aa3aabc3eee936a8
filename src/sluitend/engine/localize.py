"""Localization: when one figure explains several failing checks, report it once.

A typo in one figure can fail several checks: a subtotal fails its own sum and its parent's;
a cell fails its total and the comparison of verplichtingen with uitgaven. Read as separate
findings, one typo looks like three problems. `localize` finds the figure that explains them
all, reports it once as the likely cause (with the corrected value), and moves the findings
it explains into that cause's `consequences`.

The evidence is what the findings already say. A failing finding *names* a figure with a
value when
- one of its hints suspects that figure and suggests that value (`hints.sum_hints`,
  `hints.equal_hints`), or
- the figure is the finding's own figure (`where`) and the value is its `expected`: setting
  the stated figure to the expected value makes that check pass, by definition.

A figure is the likely cause of a group of findings when (conservatively, all of these):
- at least two failing findings name it, and one value is named by every one of them (so that
  one correction makes every one of those checks pass);
- no other failing finding that may involve the figure stays unexplained: a failing check on
  an ancestor total with no stated total known in between (it may sum the figure), or the
  same cell under another vuo (a comparison of V with U) that does not name the figure;
- no other figure explains exactly the same findings (then there is no telling which);
- none of its findings is already explained by a figure that explains more findings.

Requirements on the findings: `Finding.where` and `Hint.where` use the same keys for the same
figure (built from the same columns), and they identify a figure within its dataset. Which
keys are levels (a total above a figure) and which one a comparison pairs across (vuo) is
the dataset kind's `vocabulary.Layout`: this module names no column of a domain.
Findings within their tolerance (afrondingsverschil) and findings without amounts are
never grouped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sluitend.dutch import amount
from sluitend.engine.findings import Finding, Hint
from sluitend.engine.hints import MAX_HINTS
from sluitend.vocabulary import SEVERITY_RANK, Layout

#: What a likely-cause finding is called (its `kind`, where `Finding` has one).
LIKELY_CAUSE = "likely cause"


class Figure(NamedTuple):
    """The figure a likely cause names: its key, place and label, the value it should read,
    and the value it reads (None: unknown, or no row states it)."""

    where: Mapping[str, Any]
    bron: str
    label: str
    value: int | float | None
    actual: int | float | None


def cause_intro(members: Sequence[Finding]) -> str:
    """How a likely cause's message begins: how many failing checks, of which rules."""
    rules = ", ".join(dict.fromkeys(f.rule for f in members))
    return f"Likely cause of {len(members)} failing checks ({rules}): "


def likely_cause(
    members: Sequence[Finding], rule: str, figure: Figure, message: str, hints: Sequence[Hint]
) -> Finding:
    """The finding of one figure that explains the failing checks `members` (its
    consequences; `kind` LIKELY_CAUSE, not a check of its own): the worst of their
    severities, and the difference between what the figure reads and should read where
    both are known. Shared by the local search (`_cause`) and `errorlocate`."""
    worst = max(members, key=lambda f: SEVERITY_RANK[f.severity])
    actual, value = figure.actual, figure.value
    return Finding(
        rule=rule,
        severity=worst.severity,
        dataset=members[0].dataset,
        where=dict(figure.where),
        expected=value,
        actual=actual,
        difference=None if actual is None or value is None else actual - value,
        tolerance=0,
        message=message,
        bron=figure.bron,
        hints=tuple(hints),
        label=figure.label,
        consequences=tuple(members),
        kind=LIKELY_CAUSE,
    )


_WhereKey = tuple[tuple[str, Any], ...]
_FigureKey = tuple[str, _WhereKey]


def _where_key(where: Mapping[str, Any]) -> _WhereKey:
    return tuple(sorted(where.items(), key=lambda kv: kv[0]))


def _failing(f: Finding) -> bool:
    """A finding that exceeds its tolerance (not an afrondingsverschil, not a group)."""
    return (
        f.difference is not None
        and abs(f.difference) > f.tolerance
        and not f.consequences
        and f.severity != "info"  # an ambiguous layout is no failure to explain
    )


def _split(where: Mapping[str, Any], levels: Sequence[str]) -> tuple[_WhereKey, tuple[str, ...]]:
    """(the key without levels, the filled levels top-down up to the first empty one)."""
    rest = _where_key({k: v for k, v in where.items() if k not in levels})
    filled: list[str] = []
    for level in levels:
        value = where.get(level, "")
        if not value:
            break
        filled.append(str(value))
    return rest, tuple(filled)


def _names(f: Finding) -> dict[_FigureKey, tuple[Mapping[str, Any], set[Any]]]:
    """The figures a failing finding names, each with the values it names it with."""
    out: dict[_FigureKey, tuple[Mapping[str, Any], set[Any]]] = {}

    def add(where: Mapping[str, Any], value: Any) -> None:
        key = (f.dataset, _where_key(where))
        out.setdefault(key, (where, set()))[1].add(value)

    if f.expected is not None:
        add(f.where, f.expected)
    for h in f.hints:
        if h.suggested is not None:
            add(h.where, h.suggested)
    return out


def localize(findings: Sequence[Finding], layout: Layout) -> tuple[Finding, ...]:
    """Group the findings one figure explains under one likely-cause finding.

    `layout` is the layout of the findings' dataset kind: its `levels` say which totals
    stand above a figure, its `across` which cells a comparison pairs.

    Returns the findings in their order, with each group replaced (at the position of its
    first member) by a new `Finding` for the likely cause: `rule` the rule of the group's
    lowest-level finding, the worst severity of the group, `where` and `bron` of the figure,
    `expected` the corrected value, `actual` its stated value where a member states it,
    the hints that name it, and the group in `consequences`. Findings that no figure
    explains are returned unchanged.
    """
    failing = [i for i, f in enumerate(findings) if _failing(f)]
    named = {i: _names(findings[i]) for i in failing}
    candidates = _unique_groups(_candidates(findings, failing, named, layout))
    causes, used = _assign(findings, candidates, named, layout.levels)
    out: list[Finding] = []
    for i, f in enumerate(findings):
        if i in causes:
            out.append(causes[i])
        elif i not in used:
            out.append(f)
    return tuple(out)


#: A candidate cause: the positions of the findings it explains, the figure, its value.
_Candidate = tuple[list[int], _FigureKey, Any]


def _candidates(
    findings: Sequence[Finding],
    failing: list[int],
    named: dict[int, dict[_FigureKey, tuple[Mapping[str, Any], set[Any]]]],
    layout: Layout,
) -> list[_Candidate]:
    """Every figure that at least two failing findings name, with the one value they all
    name it with, and that no other failing finding may involve without naming it.

    A figure stated on several rows is no candidate: which of them is wrong cannot be told.
    """
    touching = _Touching(findings, failing, layout)
    by_figure: dict[_FigureKey, list[int]] = {}
    for i in failing:
        for key in named[i]:
            by_figure.setdefault(key, []).append(i)
    out: list[_Candidate] = []
    for key, members in by_figure.items():
        if len(members) < 2:
            continue
        common = set.intersection(*(named[i][key][1] for i in members))
        if len(common) != 1:
            continue
        where = named[members[0]][key][0]
        # Several rows state this very figure (a chapter with two TOTAAL rows).
        if len({findings[i].bron for i in members if _where_key(findings[i].where) == key[1]}) > 1:
            continue
        if touching.others(key[0], where, set(members)):
            continue
        out.append((members, key, common.pop()))
    return out


class _Touching:
    """Which failing findings may involve a figure (conservatively: when in doubt, yes),
    answered from indexes built once: the failing findings by their key without vuo and by
    their place, and the places every finding and hint states. A figure is then looked up,
    not compared with every failing finding and every stated place in turn.

    A failing finding may involve the figure when it is the same cell under another vuo
    (a comparison of V with U), or a total above it (same article, vuo and year) with no
    stated total in between: a stated total between them is what the ancestor sums instead
    of the figure."""

    def __init__(self, findings: Sequence[Finding], failing: list[int], layout: Layout) -> None:
        self.levels, self.across = layout.levels, layout.across
        self.by_cell: dict[tuple[str, _WhereKey], list[tuple[int, Any]]] = {}
        self.by_place: dict[tuple[str, _WhereKey, tuple[str, ...]], list[int]] = {}
        for j in failing:
            f = findings[j]
            self.by_cell.setdefault((f.dataset, self._cell(f.where)), []).append(
                (j, f.where.get(self.across) if self.across else None)
            )
            self.by_place.setdefault((f.dataset, *self._split(f.where)), []).append(j)
        self.stated = {self._split(f.where) for f in findings}
        self.stated.update(self._split(h.where) for f in findings for h in f.hints)

    def _split(self, where: Mapping[str, Any]) -> tuple[_WhereKey, tuple[str, ...]]:
        return _split(where, self.levels)

    def _cell(self, where: Mapping[str, Any]) -> _WhereKey:
        """The key of a figure's cell without the column comparisons pair across."""
        return _where_key({k: v for k, v in where.items() if k != self.across})

    def others(self, dataset: str, figure: Mapping[str, Any], members: set[int]) -> bool:
        """Whether a failing finding of `dataset` outside `members` may involve `figure`
        (the same cell under another vuo, or an ancestor total with no stated total in
        between)."""
        across = figure.get(self.across) if self.across else None
        cell = self.by_cell.get((dataset, self._cell(figure)), ())
        if any(j not in members and v != across for j, v in cell):
            return True
        rest, levels = self._split(figure)
        for depth in range(len(levels)):  # the ancestors' places: at most four levels
            upper = self.by_place.get((dataset, rest, levels[:depth]), ())
            if not any(j not in members for j in upper):
                continue
            between = any((rest, levels[:k]) in self.stated for k in range(depth + 1, len(levels)))
            if not between:
                return True
        return False


def _unique_groups(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop two figures that explain exactly the same findings: no telling which."""
    sets = [frozenset(c[0]) for c in candidates]
    return [c for c, m in zip(candidates, sets, strict=True) if sets.count(m) == 1]


def _assign(
    findings: Sequence[Finding],
    candidates: list[_Candidate],
    named: dict[int, dict[_FigureKey, tuple[Mapping[str, Any], set[Any]]]],
    levels: Sequence[str],
) -> tuple[dict[int, Finding], set[int]]:
    """The likely-cause finding per group (keyed by its first member) and every finding
    grouped. A figure explaining more findings wins; a finding is explained at most once."""
    used: set[int] = set()
    causes: dict[int, Finding] = {}
    for members, key, value in sorted(candidates, key=lambda c: (-len(c[0]), c[0][0])):
        if used.intersection(members):
            continue
        used.update(members)
        where = named[members[0]][key][0]
        causes[members[0]] = _cause([findings[i] for i in members], where, value, levels)
    return causes, used


def _cause(
    members: list[Finding], where: Mapping[str, Any], value: Any, levels: Sequence[str]
) -> Finding:
    """The likely-cause finding for `members`, all explained by `where` reading `value`."""
    key = _where_key(where)
    own = next((f for f in members if _where_key(f.where) == key), None)
    hints: list[Hint] = []
    seen: set[tuple[str, str]] = set()
    for f in members:
        for h in f.hints:
            names_it = _where_key(h.where) == key and h.suggested == value
            if names_it and (h.kind, h.explanation) not in seen:
                seen.add((h.kind, h.explanation))
                hints.append(h)
    # The finding lowest in the levels; max() keeps the first of equals: input order.
    lowest = max(members, key=lambda f: len(_split(f.where, levels)[1]))
    bron = own.bron if own is not None else (hints[0].bron if hints else lowest.bron)
    label = own.label if own is not None else ""
    actual = own.actual if own is not None else None
    name = f"'{label}'" if label else "the figure"
    message = (
        f"{cause_intro(members)}{name} at {bron} should probably read {amount(value)}"
        + (f" instead of {amount(actual)}" if actual is not None else "")
        + "."
        + (f" {hints[0].explanation}" if hints else "")
    )
    figure = Figure(where, bron, label, value, actual)
    return likely_cause(members, lowest.rule, figure, message, hints[:MAX_HINTS])
