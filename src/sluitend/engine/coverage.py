"""Coverage: how many figures of a dataset a sum rule really checked, and why the rest not.

A green tick only means something for the figures a rule compared. This module takes what
the sum checks (`hierarchy`, `sum`, `totals`) already know — the hierarchy tree, the
checked totals, the parts masks — and says, per dataset, how many figures were read, how
many were checked, and for every other figure why not. Everything is a few vectorized
passes over the rows.

A figure is *checked* when it took part in a sum that was verified: it is a stated total
that was compared with its parts (and none of them was unknown), or one of the parts of
such a total, or one of the figures of two sums a `totals` rule compared (Iv3's totaal
lasten = totaal baten per gemeente). `equal`, `range`, `unique`, `exists` and
`reconcile` compare figures too, but none of them proves that a figure adds up, so they do
not count here (their own checked counts are in the rule results).

The reasons, in the order they are decided (the first that applies):

- `unreadable`: the figure is unknown because its cell could not be read (a read note
  names its place);
- `pm`: the figure is unknown (pm, or an empty cell the reader kept as unknown);
- `waarvan`: a memo line, which takes part in no sum;
- `duplicate`: the same figure again (the `unique` rule reports it); the sums count it once;
- `not_checkable`: only in sums with an unknown figure (reported as not checkable);
- `outside_where`: in a hierarchy or sum, but no rule's `where` selects its total;
- `no_sum`: nothing to add up: no lines under it and no stated total above it;
- `no_sum_rule`: no sum rule applies to the dataset at all.

A chapter (one budget: the columns its dataset kind declares in
`vocabulary.DATASET_CHAPTERS`; the whole dataset for a kind that declares none) with known
amounts and no verified total is a warning finding (rule `COVERAGE`): its sums are not
checked at all, which means its totals are not checkable (an unknown figure in each), or
the reader did not recognise them, or it states none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sluitend.datasets.frame import Dataset
from sluitend.engine import diagnose as diag
from sluitend.engine.checks.keys import keys_for
from sluitend.engine.checks.outcome import NOT_CHECKABLE, CheckOutcome
from sluitend.engine.findings import Finding
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_CHAPTERS

#: The rule kinds whose checks prove that figures add up (`totals`: two sums that must
#: agree, Iv3's lasten = baten).
SUM_KINDS = ("hierarchy", "sum", "totals")
#: The pseudo-rule of a chapter whose sums no rule checked.
COVERAGE_RULE = "COVERAGE"
#: The reason codes, in the order they are decided (the module docstring says what each
#: means): `UncheckedFigures.codes` holds positions in this tuple. The words a report
#: prints for them are the report's (`sluitend.report.common.REASON_WORDS`).
REASON_CODES: tuple[str, ...] = (
    "unreadable",
    "pm",
    "waarvan",
    "duplicate",
    "not_checkable",
    "outside_where",
    "no_sum",
    "no_sum_rule",
)


@dataclass(frozen=True)
class Unchecked:
    """One figure that no sum rule checked, and why."""

    bron: str
    where: Mapping[str, Any]
    label: str
    reason: str


class UncheckedFigures:
    """The figures no sum rule checked, kept as arrays: their row positions in the dataset's
    frame (ascending) and a reason code per figure (a position in `REASON_CODES`).

    A large budget leaves hundreds of thousands of figures unchecked; a report lists a few
    of them, so a record (`Unchecked`: bron, where, label, reason) is built only for the
    figures asked for, column by column (`first`, `records`). Iterating builds them all.
    Two are equal when they name the same rows with the same reasons.
    """

    __slots__ = ("_dataset", "codes", "rows")

    def __init__(self, rows: np.ndarray, codes: np.ndarray, dataset: Dataset | None) -> None:
        if len(rows) != len(codes):
            raise ValueError(f"{len(rows)} rows but {len(codes)} reason codes")
        if len(rows) and dataset is None:
            raise ValueError("unchecked rows need the dataset they are rows of")
        self.rows = np.asarray(rows, dtype=np.int64)
        self.codes = np.asarray(codes, dtype=np.int8)
        self._dataset = dataset

    @classmethod
    def none(cls) -> UncheckedFigures:
        """No figure left unchecked."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int8), None)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Unchecked]:
        return iter(self.records())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UncheckedFigures):
            return NotImplemented
        return np.array_equal(self.rows, other.rows) and np.array_equal(self.codes, other.codes)

    __hash__ = None  # type: ignore[assignment]  # mutable arrays: not hashable

    def __repr__(self) -> str:
        return f"UncheckedFigures({len(self)} figures)"

    def reasons(self) -> list[str]:
        """The reason code of each figure, in order."""
        return [REASON_CODES[c] for c in self.codes.tolist()]

    def first(self, most: int | None) -> tuple[Unchecked, ...]:
        """The records of the first `most` figures in frame order (None: all of them)."""
        end = len(self) if most is None else max(0, min(most, len(self)))
        return self.records(np.arange(end))

    def records(self, which: np.ndarray | None = None) -> tuple[Unchecked, ...]:
        """The records of the figures at positions `which` of this list (None: all)."""
        picked = np.arange(len(self)) if which is None else np.asarray(which, dtype=np.int64)
        if not len(picked):
            return ()
        assert self._dataset is not None  # checked on construction: rows need a dataset
        return _records(self._dataset, self.rows[picked], self.codes[picked])

    def reason_per_row(self, n: int) -> np.ndarray:
        """A code per row of a frame of `n` rows: the reason for an unchecked figure, -1
        for a checked one (for a view that marks every figure it shows)."""
        out = np.full(n, -1, dtype=np.int8)
        out[self.rows] = self.codes
        return out


@dataclass(frozen=True)
class Coverage:
    """What the sum rules checked of one dataset.

    Attributes:
        figures: the figures read (rows of the frame).
        checked: figures that took part in a verified sum.
        sum_rules: how many hierarchy or sum rules ran on the dataset.
        reasons: per reason code, how many figures were not checked for it.
        read_notes: how many read notes the reader made for the dataset's file (cells or
            rows that could not be read as printed; rows not read are not in `figures`).
        chapters_unchecked: the chapters with known amounts and no verified total, each
            as its key (column -> value).
        unchecked: every figure not checked, in frame order, as row positions and reason
            codes (`UncheckedFigures`); records are built only for those asked for.
    """

    figures: int
    checked: int
    sum_rules: int
    reasons: Mapping[str, int]
    read_notes: int = 0
    chapters_unchecked: tuple[Mapping[str, Any], ...] = ()
    unchecked: UncheckedFigures = field(default_factory=UncheckedFigures.none, repr=False)


@dataclass
class _Marks:
    """Per-row masks gathered over the sum rules of one dataset."""

    checked: np.ndarray
    verified_total: np.ndarray
    unverifiable_total: np.ndarray
    not_checkable: np.ndarray
    in_sum: np.ndarray
    duplicate: np.ndarray


def _split_totals(outcome: CheckOutcome) -> tuple[np.ndarray, np.ndarray]:
    """(verified, not checkable): the rows of the totals a sum check compared, told apart by
    whether an unknown figure took part (then the comparison proved nothing)."""
    unknown = outcome.rows[outcome.status == NOT_CHECKABLE]
    checked = outcome.context["checked_rows"]
    return np.setdiff1d(checked, unknown, assume_unique=True), unknown


def _mark(
    marks: _Marks,
    verified_hit: np.ndarray,
    unknown_hit: np.ndarray,
    verified: np.ndarray,
    unknown: np.ndarray,
) -> None:
    """Record the figures of the verified and of the not-checkable sums of one rule."""
    marks.checked |= verified_hit
    marks.not_checkable |= unknown_hit
    marks.verified_total[verified] = True
    marks.unverifiable_total[unknown] = True


def _hierarchy_marks(
    outcome: CheckOutcome, marks: _Marks, memo: np.ndarray, seen: dict[int, Any]
) -> None:
    """The marks of a hierarchy rule: a total and the stated rows anchored to its node.
    Which rows state their node, and which are anchored, are the tree's: the pack's BT001
    and BT002 share one tree (`seen`, by its id), so they are found and marked once."""
    tree = outcome.context["tree"]
    known = seen.get(id(tree))
    if known is not None and known[0] is tree:
        anchored = known[1]
    else:
        # A row that states its node is its node's first row: marked from the nodes (one
        # array of the stated nodes' rows), not found by comparing every row's.
        stated = np.zeros(len(memo), dtype=bool)
        stated[tree.first_row[tree.first_row >= 0]] = True
        marks.duplicate |= ~memo & ~stated
        anchored = stated & (tree.row_anchor >= 0)
        marks.in_sum |= stated & tree.has_children[tree.row_node] | anchored
        seen[id(tree)] = (tree, anchored)
    verified, unknown = _split_totals(outcome)
    # Per node, which total states it: 1 a verified one, 2 a not checkable one (a total is
    # the first row of its node, so no node is both); the extra last entry, where an anchor
    # of -1 (none) lands, stays 0. One look-up per row serves both kinds.
    role = np.zeros(len(tree.parent) + 1, dtype=np.int8)
    role[tree.row_node[verified]] = 1
    role[tree.row_node[unknown]] = 2
    anchored_role = role[tree.row_anchor]
    anchored_role[~anchored] = 0

    def members(totals: np.ndarray, kind: int) -> np.ndarray:
        hit = anchored_role == kind
        hit[totals] = True
        return hit

    _mark(marks, members(verified, 1), members(unknown, 2), verified, unknown)


def _sum_marks(outcome: CheckOutcome, marks: _Marks) -> None:
    """The marks of a sum rule: a total and the parts rows of its group."""
    group, parts = outcome.context["group"], outcome.context["parts"]
    total = outcome.context["total"]
    n_groups = int(group.max()) + 1 if len(group) else 0
    both = (np.bincount(group[parts], minlength=n_groups) > 0) & (
        np.bincount(group[total], minlength=n_groups) > 0
    )
    marks.in_sum |= (parts | total) & both[group]

    def members(totals: np.ndarray) -> np.ndarray:
        groups = np.zeros(n_groups, dtype=bool)
        groups[group[totals]] = True
        hit = parts & groups[group]
        hit[totals] = True
        return hit

    verified, unknown = _split_totals(outcome)
    _mark(marks, members(verified), members(unknown), verified, unknown)


def _totals_marks(outcome: CheckOutcome, marks: _Marks) -> None:
    """The marks of a totals rule: the rows on either side of each compared group; the
    group's first row stands for its total (there is no stated total row)."""
    ctx = outcome.context
    group, sides, anchor = ctx["group"], ctx["sides"], ctx["anchor"]
    compared, unknown = ctx["compared_groups"], ctx["unknown_groups"]
    marks.in_sum |= sides & (compared | unknown)[group]
    _mark(marks, sides & compared[group], sides & unknown[group], anchor[compared], anchor[unknown])


def compute(
    ds: Dataset, rules: Sequence[Rule], outcomes: Mapping[str, CheckOutcome]
) -> tuple[Coverage, list[Finding]]:
    """The coverage of `ds` from the outcomes of its rules, and one warning per chapter
    with amounts but no verified total."""
    frame = ds.frame
    n = len(frame)
    memo = frame["waarvan"].to_numpy(dtype=bool) if "waarvan" in frame else np.zeros(n, bool)
    zeros = np.zeros(n, dtype=bool)
    marks = _Marks(*(zeros.copy() for _ in range(6)))
    sum_rules = [r for r in rules if r.kind in SUM_KINDS]
    trees: dict[int, Any] = {}
    for rule in sum_rules:
        outcome = outcomes[rule.id]
        if rule.kind == "hierarchy":
            _hierarchy_marks(outcome, marks, memo, trees)
        elif rule.kind == "totals":
            _totals_marks(outcome, marks)
        else:
            _sum_marks(outcome, marks)
    unknown = frame["bedrag"].isna().to_numpy() if "bedrag" in frame else zeros
    unreadable = unknown & _noted(ds)
    order = [
        unreadable,
        unknown,
        memo,
        marks.duplicate,
        marks.not_checkable,
        marks.in_sum,
        np.ones(n, dtype=bool),
    ]
    # One byte per row (the reason codes are a few): `UncheckedFigures` keeps them so.
    codes = np.select(order, [np.int8(i) for i in range(len(order))], default=np.int8(len(order)))
    if not sum_rules:
        codes[:] = REASON_CODES.index("no_sum_rule")
    codes[marks.checked & ~unknown] = -1
    counts = np.bincount(codes[codes >= 0], minlength=len(REASON_CODES))
    rows = np.flatnonzero(codes >= 0)
    chapters, findings = _chapters(ds, marks, unknown) if sum_rules else ((), [])
    coverage = Coverage(
        figures=n,
        checked=int(np.count_nonzero(codes < 0)),
        sum_rules=len(sum_rules),
        reasons={code: int(c) for code, c in zip(REASON_CODES, counts.tolist(), strict=True) if c},
        read_notes=ds.read_notes,
        chapters_unchecked=chapters,
        unchecked=UncheckedFigures(rows, codes[rows], ds),
    )
    return coverage, findings


def _noted(ds: Dataset) -> np.ndarray:
    """Rows whose place (`bron`) carries a read note of the reader."""
    if not ds.unreadable or "bron" not in ds.frame:
        return np.zeros(len(ds.frame), dtype=bool)
    return ds.frame["bron"].isin(list(ds.unreadable)).to_numpy(dtype=bool)


def _records(ds: Dataset, rows: np.ndarray, codes: np.ndarray) -> tuple[Unchecked, ...]:
    """The records of `rows` of the dataset with their reason codes (column by column)."""
    wheres = diag.wheres(ds, rows)
    brons = diag.column_values(ds.frame, "bron", rows) if "bron" in ds.frame else [""] * len(rows)
    labels = (
        diag.column_values(ds.frame, "label", rows) if "label" in ds.frame else [""] * len(rows)
    )
    return tuple(
        Unchecked(str(bron), where, str(label), REASON_CODES[code])
        for bron, where, label, code in zip(brons, wheres, labels, codes.tolist(), strict=True)
    )


def _chapters(
    ds: Dataset, marks: _Marks, unknown: np.ndarray
) -> tuple[tuple[Mapping[str, Any], ...], list[Finding]]:
    """The chapters with known amounts but no verified total, and a warning for each."""
    frame = ds.frame
    if not len(frame):
        return (), []
    # The kind declares its chapter columns; a frame that lacks some is grouped by the rest.
    columns = [c for c in DATASET_CHAPTERS.get(ds.kind, ()) if c in frame]
    chapters = keys_for(frame, None).grouped(columns)  # per run: a chapter's rows in a row
    amounts = chapters.tally(~unknown)
    # As the sum rules read the amounts (shared inside a validation, so not converted
    # again); `unknown` is where they are missing (NaN here): `~unknown & (bedrag != 0)`
    # are the known non-zero ones.
    bedrag = keys_for(frame, None).floats("bedrag")[0] if "bedrag" in frame else None
    nonzero = chapters.tally(~unknown & (bedrag != 0)) if bedrag is not None else amounts
    verified = chapters.tally(marks.verified_total)
    unverifiable = chapters.tally(marks.unverifiable_total)
    bad = np.flatnonzero((amounts > 0) & (verified == 0))
    if not len(bad):
        return (), []
    rows = chapters.first_rows()[bad]
    keys = [
        {c: v for c, v in zip(columns, values, strict=True) if v not in ("", None)}
        for values in zip(*(diag.column_values(frame, c, rows) for c in columns), strict=True)
    ] or [{} for _ in rows]
    brons = diag.column_values(frame, "bron", rows) if "bron" in frame else [""] * len(rows)
    findings = [
        Finding(
            rule=COVERAGE_RULE,
            severity="warning",
            dataset=ds.name,
            where=key,
            expected=None,
            actual=None,
            difference=None,
            tolerance=0,
            message=_chapter_message(
                key, int(amounts[g]), int(unverifiable[g]), zero=not nonzero[g]
            ),
            bron=str(bron),
            label="(no total checked)",
        )
        for key, g, bron in zip(keys, bad.tolist(), brons, strict=True)
    ]
    return tuple(keys), findings


def _chapter_message(
    key: Mapping[str, Any], amounts: int, unverifiable: int, *, zero: bool = False
) -> str:
    """Why a chapter has no verified total: its totals are not checkable, all its figures
    are zero (an Iv3 delivery with nothing in it), or none was seen."""
    name = " ".join(str(v) for v in key.values()) or "the dataset"
    if zero:
        why = "every figure is zero: nothing was delivered to add up"
    elif unverifiable:
        totals = "total is" if unverifiable == 1 else "totals are"
        why = f"its {unverifiable} {totals} not checkable: an unknown figure takes part"
    else:
        why = "its totals were not recognised, or it states none"
    known = f"{amounts} known amount{'' if amounts == 1 else 's'}"
    return f"{name}: {known}, but no total of it was checked by a sum rule ({why})"
