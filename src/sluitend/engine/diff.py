"""`sluitend diff`: what changed between two versions of a dataset, and what that did.

Figures are matched on the dataset kind's key (`vocabulary.DATASET_KEYS`), with one outer
merge over the whole frame: a figure is added, removed, or changed (old, new, delta). A
summary counts them per the kind's summary columns (a budget table: hoofdstuk, artikel,
vuo and jaar), with the change in the table's total. `diff_findings` compares two reports
by fingerprint: the findings the change introduced and the ones it resolved.

What is compared, counted by and aligned on is the kind's `vocabulary.Layout`: this module
names no column of a domain, and a kind that declares no value column is not diffed.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.engine.baseline import fingerprint
from sluitend.engine.diagnose import table_totals
from sluitend.engine.findings import DatasetSummary, Finding, Report
from sluitend.errors import InputError
from sluitend.vocabulary import DATASET_KEYS, SEVERITY_RANK, Layout, layout_of

if TYPE_CHECKING:
    from sluitend.rules.ruleset import RuleSet


def _common_years(
    old: pd.DataFrame, new: pd.DataFrame, year: str
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Both frames cut to the years (column `year`) both cover, and how many figures that
    left out."""
    years = set(old[year].unique()) & set(new[year].unique())
    keep_old, keep_new = old[year].isin(years), new[year].isin(years)
    outside = int((~keep_old).sum() + (~keep_new).sum())
    return old[keep_old], new[keep_new], outside


def _ranked(changed: pd.DataFrame, levels: Sequence[str]) -> pd.DataFrame:
    """Table totals first, then the largest changes first (then the key, for a stable
    order)."""
    is_total = table_totals(changed, levels)
    size = changed["delta"].abs().astype("Float64").fillna(-1.0)
    order = pd.DataFrame({"t": ~is_total, "s": -size}).sort_values(["t", "s"], kind="stable")
    return changed.loc[order.index].reset_index(drop=True)


@dataclass(frozen=True)
class FrameDiff:
    """One dataset's two versions and, figure by figure, what changed from one to the other.

    Attributes:
        old, new: the two versions (name, kind, source, unit, rows).
        key: the columns a figure was matched on.
        value: the compared column ("bedrag" or "percentage").
        added: figures only in the new frame (key, value, label, bron).
        removed: figures only in the old frame (key, value, label, bron).
        changed: figures in both with another value (key, old, new, delta, label,
            bron_old, bron_new); delta is <NA> when either side is pm.
        summary: per hoofdstuk, artikel, vuo and jaar (those of them in the key): how many
            figures were added, removed, changed, and `total_delta`, the change in the
            article total (budget kinds only; 0 when it did not change).
        unchanged: how many figures are the same in both.
        duplicates: how many rows repeat a key already seen in the same version (matched
            by order of appearance).
        outside: with `align`, how many figures were left out because their year is in
            one version only (t-2 of the old document, t+4 of the new one).
    """

    old: DatasetSummary
    new: DatasetSummary
    key: tuple[str, ...]
    value: str
    added: pd.DataFrame = field(repr=False)
    removed: pd.DataFrame = field(repr=False)
    changed: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    unchanged: int = 0
    duplicates: int = 0
    outside: int = 0

    @property
    def empty(self) -> bool:
        """True when no figure was added, removed or changed."""
        return self.added.empty and self.removed.empty and self.changed.empty


_OCCURRENCE = "_occurrence"


def _with_occurrence(frame: pd.DataFrame, key: list[str], keep: list[str]) -> pd.DataFrame:
    """`keep` columns plus the figure's occurrence number among rows with the same key
    (0 for the first, 1 for the second, …), so that a figure stated twice is matched to
    the figure stated twice in the other version in order of appearance."""
    out = frame[keep].copy()
    out[_OCCURRENCE] = frame.groupby(key, observed=True, dropna=False, sort=False).cumcount()
    return out


def _has_totals(layout: Layout, key: Sequence[str]) -> bool:
    """Whether the matched figures tell a table's total from its parts: the kind has levels
    and every one of them is in the key."""
    return bool(layout.levels) and all(level in key for level in layout.levels)


def _summary(
    key: list[str],
    value: str,
    layout: Layout,
    added: pd.DataFrame,
    removed: pd.DataFrame,
    changed: pd.DataFrame,
) -> pd.DataFrame:
    by = [c for c in layout.summary if c in key]
    parts = {"added": added, "removed": removed, "changed": changed}
    counts = [frame[by].assign(**{name: 1}) for name, frame in parts.items()]
    stacked = pd.concat(counts, ignore_index=True).fillna({n: 0 for n in parts})
    out = stacked.groupby(by, observed=True, sort=True)[list(parts)].sum().astype("int64")
    if _has_totals(layout, key):
        # The table's total is the row with every level empty (and no memo line).
        def totals(frame: pd.DataFrame, col: str, sign: int) -> pd.Series:
            is_total = table_totals(frame, layout.levels)
            return (frame.loc[is_total].set_index(by)[col] * sign).astype("Int64")

        delta = pd.concat(
            [totals(added, value, 1), totals(removed, value, -1), totals(changed, "delta", 1)]
        )
        delta = delta.groupby(level=by, observed=True).sum(min_count=1)
        out["total_delta"] = delta.reindex(out.index).fillna(0).astype("Int64")
    return out.reset_index()


def _unset(column: str, old: Dataset, new: Dataset) -> bool:
    """A seldom-set key column (`Layout.when_set`) that neither side sets: left out of the
    match and of the report, which then reads as it did before the column."""
    return column in layout_of(old.kind).when_set and all(
        column not in d.frame or not bool((d.frame[column] != "").any()) for d in (old, new)
    )


def diff_frames(
    old: Dataset, new: Dataset, *, ignore: Sequence[str] = (), align: str | None = None
) -> FrameDiff:
    """Match the figures of `old` and `new` on their key and say what changed.

    `ignore` drops key columns from the match (e.g. ("fase",) to compare an
    ontwerpbegroting with its vastgestelde begroting). `align` (a name in the kind's
    `Layout.alignments`) drops its columns too, compares only the years both versions
    cover (counted in `outside`), and lists the changes table totals first, the largest
    first, and the summary by the largest change of the table total. Raises InputError
    when the kinds differ, or the kind is not diffed or not aligned so. A key stated more
    than once (the real tables have such rows; rule `unique` reports them) is matched by
    order of appearance, and counted in `duplicates`.
    """
    if old.kind != new.kind:
        raise InputError(
            new.source or new.name, f"cannot diff a {new.kind} against a {old.kind} ({old.source})"
        )
    layout = layout_of(old.kind)
    if layout.value is None:
        raise InputError(new.source or new.name, f"datasets of kind {old.kind} cannot be diffed")
    if align is not None:
        ignore = (*ignore, *_aligned_away(old, align))
    key = [c for c in DATASET_KEYS[old.kind] if c not in ignore and not _unset(c, old, new)]
    value = layout.value
    keep = [*key, value, "label", "bron"]
    old_frame, new_frame, outside = old.frame, new.frame, 0
    if align is not None and layout.year is not None and layout.year in key:
        old_frame, new_frame, outside = _common_years(old_frame, new_frame, layout.year)
    duplicates = int(new_frame.duplicated(key).sum() + old_frame.duplicated(key).sum())
    merged = _with_occurrence(old_frame, key, keep).merge(
        _with_occurrence(new_frame, key, keep),
        on=[*key, _OCCURRENCE],
        how="outer",
        suffixes=("_old", "_new"),
        indicator=True,
        sort=False,
    )
    side = merged["_merge"]
    a, b = merged[f"{value}_old"], merged[f"{value}_new"]
    same = (a == b).fillna(False).astype(bool) | (a.isna() & b.isna())
    both = side == "both"

    def one_side(mask: pd.Series, suffix: str) -> pd.DataFrame:
        cols = {f"{c}{suffix}": c for c in (value, "label", "bron")}
        return merged.loc[mask, [*key, *cols]].rename(columns=cols).reset_index(drop=True)

    added = one_side(side == "right_only", "_new")
    removed = one_side(side == "left_only", "_old")
    changed = merged.loc[both & ~same].reset_index(drop=True)
    changed = pd.DataFrame(
        {
            **{c: changed[c] for c in key},
            "old": changed[f"{value}_old"],
            "new": changed[f"{value}_new"],
            "delta": changed[f"{value}_new"] - changed[f"{value}_old"],
            "label": changed["label_new"],
            "bron_old": changed["bron_old"],
            "bron_new": changed["bron_new"],
        }
    )
    summary = _summary(key, value, layout, added, removed, changed)
    if align is not None and _has_totals(layout, key):
        changed = _ranked(changed, layout.levels)
        if "total_delta" in summary:
            size = summary["total_delta"].abs().astype("Float64").fillna(0.0)
            summary = summary.loc[(-size).sort_values(kind="stable").index].reset_index(drop=True)
    return FrameDiff(
        summarize(old),
        summarize(new),
        tuple(key),
        value,
        added,
        removed,
        changed,
        summary,
        unchanged=int((both & same).sum()),
        duplicates=duplicates,
        outside=outside,
    )


def _aligned_away(ds: Dataset, align: str) -> tuple[str, ...]:
    """The key columns `align` leaves out of the match for this dataset's kind; InputError
    when its kind declares no such alignment."""
    try:
        return layout_of(ds.kind).alignments[align]
    except KeyError:
        message = f"datasets of kind {ds.kind} cannot be aligned on {align}"
        raise InputError(ds.source or ds.name, message) from None


def diff_findings(
    old: Report, new: Report, *, rename: Mapping[str, str] | None = None
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(introduced, resolved): findings of `new` that `old` lacks, and of `old` that `new`
    lacks, matched by fingerprint (rule, dataset, the figure's key) as multisets.

    `rename` maps old dataset names to new ones, for two versions read from files with
    different names. Both tuples are flat: consequences appear on their own, without the
    `consequences` of their cause."""
    rename = dict(rename or {})

    def old_fp(f: Finding) -> str:
        return fingerprint(f, dataset=rename.get(f.dataset, f.dataset))

    def unmatched(
        mine: list[Finding], theirs: list[Finding], fp_mine: Any, fp_theirs: Any
    ) -> tuple[Finding, ...]:
        left = Counter(fp_theirs(f) for f in theirs)
        out: list[Finding] = []
        for f in mine:
            fp = fp_mine(f)
            if left[fp] > 0:
                left[fp] -= 1
            else:
                out.append(f)
        return tuple(out)

    # Flat lists: a consequence is compared (and listed) on its own, not inside its cause.
    old_all = [dataclasses.replace(f, consequences=()) for f in old.all_findings()]
    new_all = [dataclasses.replace(f, consequences=()) for f in new.all_findings()]
    introduced = unmatched(new_all, old_all, fingerprint, old_fp)
    resolved = unmatched(old_all, new_all, old_fp, fingerprint)
    return introduced, resolved


def summarize(dataset: Dataset) -> DatasetSummary:
    """The `DatasetSummary` of a dataset."""
    return DatasetSummary(dataset.name, dataset.kind, dataset.source, dataset.unit, dataset.rows)


@dataclass(frozen=True)
class DiffReport:
    """Everything `sluitend diff` says: per dataset the two versions and what changed, and
    the findings that the change introduced and resolved (flat, consequences on their own)."""

    datasets: tuple[FrameDiff, ...]
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    ruleset: str = ""

    def fails(self, fail_on: str) -> bool:
        """Whether the change introduced a finding at or above `fail_on`."""
        if fail_on == "never":
            return False
        return any(f.rank >= SEVERITY_RANK[fail_on] for f in self.introduced)


def pair_datasets(old: Sequence[Dataset], new: Sequence[Dataset]) -> list[tuple[Dataset, Dataset]]:
    """Pair the datasets read from two versions of a file by kind, in order (a file may
    hold a budget table and its percentages juridisch verplicht). InputError when the
    kinds do not line up: which old table is which new one must not be guessed."""
    old_kinds, new_kinds = [d.kind for d in old], [d.kind for d in new]
    if sorted(old_kinds) != sorted(new_kinds):
        where = new[0].source if new else (old[0].source if old else "diff")
        raise InputError(
            where,
            f"the old version holds {old_kinds or 'no datasets'} and the "
            f"new one {new_kinds or 'no datasets'}; cannot pair them",
        )
    pairs: list[tuple[Dataset, Dataset]] = []
    for kind in dict.fromkeys(old_kinds):
        olds = [d for d in old if d.kind == kind]
        news = [d for d in new if d.kind == kind]
        pairs.extend(zip(olds, news, strict=True))
    return pairs


def build_diff(
    old: Dataset | Sequence[Dataset],
    new: Dataset | Sequence[Dataset],
    old_report: Report,
    new_report: Report,
    *,
    ignore: Sequence[str] = (),
    align: str | None = None,
) -> DiffReport:
    """The whole diff of two versions (one dataset or several), each already validated with
    the same rules. With `align`, findings are matched without the aligned-away columns
    too (a finding about article 7 in 2017 is the same in OWB 2016 and OWB 2017)."""
    olds = [old] if isinstance(old, Dataset) else list(old)
    news = [new] if isinstance(new, Dataset) else list(new)
    pairs = pair_datasets(olds, news)
    rename = {o.name: n.name for o, n in pairs}
    if align is not None:
        columns = tuple(dict.fromkeys(c for _, n in pairs for c in _aligned_away(n, align)))
        old_report = _without(old_report, columns)
        new_report = _without(new_report, columns)
    introduced, resolved = diff_findings(old_report, new_report, rename=rename)
    return DiffReport(
        tuple(diff_frames(o, n, ignore=ignore, align=align) for o, n in pairs),
        introduced,
        resolved,
        new_report.ruleset or old_report.ruleset,
    )


def _without(report: Report, columns: Sequence[str]) -> Report:
    """The report with `columns` taken out of every finding's `where` (for matching)."""

    def strip(f: Finding) -> Finding:
        where = {k: v for k, v in f.where.items() if k not in columns}
        return dataclasses.replace(f, where=where, consequences=tuple(map(strip, f.consequences)))

    return dataclasses.replace(report, findings=tuple(strip(f) for f in report.findings))


def diff_datasets(
    old: Sequence[Dataset],
    new: Sequence[Dataset],
    ruleset: RuleSet,
    *,
    ignore: Sequence[str] = (),
    align: str | None = None,
) -> DiffReport:
    """Validate both versions with `ruleset` (every finding, diagnosed) and diff them."""
    from sluitend.engine.runner import validate

    return build_diff(
        old, new, validate(old, ruleset), validate(new, ruleset), ignore=ignore, align=align
    )
