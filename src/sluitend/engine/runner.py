"""`validate`: run a rule set over datasets and turn every flagged figure into a `Finding`.

Per dataset: compile the rules for its kind into one pandera schema, validate lazily and in
place, read which checks failed from `SchemaErrors`, and build findings from the checks'
outcomes, for the flagged rows only. Severity is applied here, after the checks: pandera's
own warnings would lose their rows.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from sluitend.datasets.frame import Dataset
from sluitend.dutch import figure_name
from sluitend.engine import coverage as cov
from sluitend.engine import diagnose as diag
from sluitend.engine import empty, errorlocate, messages
from sluitend.engine import reconcile as cross
from sluitend.engine.checks.keys import shared_keys
from sluitend.engine.checks.outcome import (
    EXCEEDED,
    UNLIKELY,
    CheckOutcome,
)
from sluitend.engine.compile import OnRule, Sink, compile_schema
from sluitend.engine.findings import (
    NOTHING_CHECKED,
    DatasetSummary,
    Finding,
    FindingList,
    FindingPart,
    Report,
    RuleResult,
)
from sluitend.engine.pandera_lib import pa
from sluitend.engine.tolerance import severity_by_size
from sluitend.progress import Progress
from sluitend.rules.base import Rule
from sluitend.rules.ruleset import RuleSet
from sluitend.vocabulary import SEVERITY_RANK

#: The pseudo-rule of the column schema (dtypes, codes, nullability).
SCHEMA_RULE = "SCHEMA"


@dataclass
class _Flagged:
    """The flagged rows of one rule on one dataset, with their severities."""

    dataset_index: int
    dataset: Dataset
    rule_index: int
    outcome: CheckOutcome
    severity: np.ndarray  # rank per flagged row


def _severities(ds: Dataset, rule: Rule, outcome: CheckOutcome) -> np.ndarray:
    """Severity rank per flagged row: info for rounding and not checkable, else the rule's,
    or by the size of the difference where the rule says so."""
    ranks = np.full(len(outcome.rows), SEVERITY_RANK["info"], dtype=np.int8)
    exceeded = outcome.status == EXCEEDED
    ranks[exceeded] = SEVERITY_RANK[rule.severity]
    # "Unlikely to be rounding alone": a warning, never above the rule's own severity.
    unlikely_rank = min(SEVERITY_RANK["warning"], SEVERITY_RANK[rule.severity])
    ranks[outcome.status == UNLIKELY] = unlikely_rank
    if rule.severity_by_size and exceeded.any():
        diff = np.abs(outcome.actual[exceeded] - outcome.expected[exceeded])
        totals = diag.article_totals(ds, outcome.rows[exceeded])
        names = severity_by_size(diff, totals, rule.severity_by_size, rule.severity)
        ranks[exceeded] = [SEVERITY_RANK[n] for n in names]
    return ranks


def _numbers(values: np.ndarray) -> list[int | float | None]:
    """Numbers as a report shows them: whole values as int, NaN as None."""
    return [
        None if v != v else (int(v) if v.is_integer() else v)  # v != v: NaN
        for v in values.astype(np.float64).tolist()
    ]


def _build(flagged: _Flagged, positions: np.ndarray, diagnose: bool) -> list[Finding]:
    """Findings for the flagged rows at `positions` (indices into outcome.rows).

    Column by column: every value a finding holds is taken for all positions at once (one
    take and one `tolist` per column); only the assembly is per finding.
    """
    ds, outcome = flagged.dataset, flagged.outcome
    rule = outcome.rule
    rank_to_name = {v: k for k, v in SEVERITY_RANK.items()}
    rows = outcome.rows[positions]
    wheres = diag.wheres(ds, rows)
    if rule.kind == "exists":
        # The finding is the group, not the row it is reported at: its key is the `by` part.
        by = set(rule.by)  # type: ignore[attr-defined]
        wheres = [{k: v for k, v in w.items() if k in by} for w in wheres]
    hints = diag.hints_for(ds, outcome, positions) if diagnose else [()] * len(rows)
    # A finding about a group (a gemeente's totals, a missing total) is named by its
    # group or by what it lacks, not by the row it is reported at.
    if rule.kind == "exists":
        labels = _exists_labels(outcome, positions)
    elif "labels" in outcome.context:
        labels = list(outcome.context["labels"](ds.frame, positions))
    else:
        labels = diag.column_values(ds.frame, "label", rows)
    brons = diag.column_values(ds.frame, "bron", rows)
    related = _related(ds, outcome, positions)
    message_texts = _messages(ds, outcome, positions, wheres, labels, related)
    expected, actual = outcome.expected[positions], outcome.actual[positions]
    bounds = outcome.bound[positions]
    severities = [rank_to_name[r] for r in flagged.severity[positions].tolist()]
    tolerances = [t or 0 for t in _numbers(bounds)]
    n = len(rows)
    return Finding.from_columns(
        [rule.id] * n,
        severities,
        [ds.name] * n,
        list(map(MappingProxyType, wheres)),
        _numbers(expected),
        _numbers(actual),
        _numbers(actual - expected),
        tolerances,
        message_texts,
        brons,
        list(map(tuple, hints)),
        labels,
    )


def _exists_labels(outcome: CheckOutcome, positions: np.ndarray) -> list[str]:
    """An exists finding has no figure of its own: its label names the row it lacks."""
    texts_ = [w.text for w in outcome.rule.require]  # type: ignore[attr-defined]
    return [
        "missing: " + "; ".join(t for t, m in zip(texts_, row, strict=True) if m)
        for row in outcome.context["missing"][positions].tolist()
    ]


def _related(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[Any]:
    """What a message names besides the figure, for all findings of a rule at once: an
    equal finding's partner (its `where`), a duplicate's first occurrence (its bron)."""
    kind = outcome.rule.kind
    if kind == "equal":
        return diag.wheres(ds, outcome.context["partner"][positions])
    if kind == "unique":
        # The first occurrence; for a repeated block also its last row and that row's first.
        context = outcome.context
        brons = [
            diag.column_values(ds.frame, "bron", context[key][positions])
            for key in ("first", "last", "last_first")
        ]
        sizes = context["size"][positions].tolist()
        return list(zip(*brons, sizes, strict=True))
    if kind == "compare":
        return _partners(ds, outcome.context["partner"][positions])
    if kind == "exists":
        return diag.column_values(ds.frame, "bron", outcome.rows[positions])
    return [None] * len(positions)


def _partners(ds: Dataset, partners: np.ndarray) -> list[Any]:
    """(where, label) of each partner row; None where a rule compares with a number."""
    out: list[Any] = [None] * len(partners)
    have = np.flatnonzero(partners >= 0)
    if len(have):
        rows = partners[have]
        pairs = zip(diag.wheres(ds, rows), diag.column_values(ds.frame, "label", rows), strict=True)
        for k, pair in zip(have.tolist(), pairs, strict=True):
            out[k] = pair
    return out


def _messages(
    ds: Dataset,
    outcome: CheckOutcome,
    positions: np.ndarray,
    wheres: list[dict[str, Any]],
    labels: list[str],
    related: list[Any],
) -> list[str]:
    """The message of every finding at `positions`, built per rule kind in one batch."""
    rule = outcome.rule
    kind = rule.kind
    if "messages" in outcome.context:
        # Kinds that word their own findings (from the rule's message template).
        return list(outcome.context["messages"](ds.frame, positions))
    if kind in ("hierarchy", "sum"):
        figures = messages.figure_names(ds.frame, outcome.rows[positions])
        return messages.sum_messages(
            kind,
            [figure_name(w, lb) for w, lb in zip(wheres, labels, strict=True)]
            if figures is None
            else figures,
            outcome.status[positions],
            outcome.expected[positions],
            outcome.actual[positions],
            outcome.bound[positions],
            outcome.n_parts[positions],
            outcome.context["alternative"][positions] if "alternative" in outcome.context else None,
        )
    statuses = outcome.status[positions].tolist()
    expected = outcome.expected[positions].tolist()
    actual = outcome.actual[positions].tolist()
    if kind == "equal":
        return messages.equal_messages(wheres, labels, related, statuses, expected, actual)
    if kind == "range":
        column: str = rule.column  # type: ignore[attr-defined]
        low, high = outcome.context["min"], outcome.context["max"]
        return [
            messages.range_message(where, label, column, value, low, high)
            for where, label, value in zip(wheres, labels, actual, strict=True)
        ]
    if kind == "unique":
        return [
            messages.unique_message(where, label, *block)
            for where, label, block in zip(wheres, labels, related, strict=True)
        ]
    if kind == "compare":
        return messages.compare_messages(
            wheres,
            labels,
            [None if r is None else r[0] for r in related],
            ["" if r is None else r[1] for r in related],
            statuses,
            expected,
            actual,
            outcome.context["op"],
        )
    if kind == "change":
        bounds = outcome.bound[positions].tolist()
        along: str = rule.along  # type: ignore[attr-defined]
        return messages.change_messages(wheres, labels, statuses, expected, actual, bounds, along)
    if kind == "exists":
        when = rule.when.text if rule.when is not None else None  # type: ignore[attr-defined]
        texts_ = [w.text for w in rule.require]  # type: ignore[attr-defined]
        lacking = outcome.context["missing"][positions].tolist()
        return [
            messages.exists_message(
                where, when, [t for t, m in zip(texts_, row, strict=True) if m], str(first)
            )
            for where, row, first in zip(wheres, lacking, related, strict=True)
        ]
    return [f"{label}: fails {rule.id}" for label in labels]


def _schema_findings(ds: Dataset, error: pa.errors.SchemaErrors) -> list[Finding]:
    """Column-schema failures (a wrong dtype or code): one finding per column and check."""
    cases = error.failure_cases
    cases = cases[cases["schema_context"] == "Column"]
    out: list[Finding] = []
    if cases.empty:  # only rules failed (the usual case): nothing to group
        return out
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        index = group["index"].dropna()
        bron = ""
        if len(index) and isinstance(index.iloc[0], (int, np.integer)):
            bron = str(ds.frame["bron"].iat[int(index.iloc[0])]) if "bron" in ds.frame else ""
        sample = ", ".join(map(str, group["failure_case"].head(3).tolist()))
        out.append(
            Finding(
                rule=SCHEMA_RULE,
                severity="error",
                dataset=ds.name,
                where={"column": column},
                expected=None,
                actual=None,
                difference=None,
                tolerance=0,
                message=f"column {column!r} fails {check} in {len(group)} rows (e.g. {sample})",
                bron=bron,
            )
        )
    return out


def _nothing_checked(ds: Dataset, rule: Rule) -> Finding:
    """A rule that compared no figure proved nothing: a warning with the reason (which
    selector matched no row, and what its column holds)."""
    return _unchecked(rule.id, ds.name, f"{rule.id} {empty.explain(rule, ds.frame)}")


def _nothing_compared(result: RuleResult) -> Finding:
    """The same warning for a rule over two datasets that compared no pair of figures."""
    reason = "checks nothing: no figure has a counterpart to compare with"
    return _unchecked(result.rule, result.dataset, f"{result.rule} {reason}")


def _unchecked(rule: str, dataset: str, message: str) -> Finding:
    """A rule's warning that it checked nothing (no figure, so no place or numbers)."""
    return Finding(
        rule=rule,
        severity="warning",
        dataset=dataset,
        where={},
        expected=None,
        actual=None,
        difference=None,
        tolerance=0,
        message=message,
        bron="",
        label=NOTHING_CHECKED,
    )


def _run_dataset(
    ds: Dataset, rules: Sequence[Rule], on_rule: OnRule | None = None
) -> tuple[dict[str, CheckOutcome], list[Finding]]:
    sink: Sink = {}
    cache: dict[Any, Any] = {}
    schema = compile_schema(rules, ds.kind, sink, cache, on_rule)
    schema_findings: list[Finding] = []
    try:
        schema.validate(ds.frame, lazy=True, inplace=True)
        failed_checks: set[str] = set()
    except pa.errors.SchemaErrors as error:
        failed_checks = set(error.failure_cases["check"].astype(str))
        schema_findings = _schema_findings(ds, error)
    finally:
        cache.clear()
    outcomes: dict[str, CheckOutcome] = {}
    for rule in rules:
        outcome = sink.get(rule.id)
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome is None:
            raise RuntimeError(f"rule {rule.id} did not run on {ds.name}")
        outcomes[rule.id] = outcome
        # pandera and the outcome must agree on whether the rule flagged anything.
        if (len(outcome.rows) > 0) != (rule.id in failed_checks):
            raise RuntimeError(f"pandera and rule {rule.id} disagree on {ds.name}")
    return outcomes, schema_findings


def validate(
    datasets: Sequence[Dataset],
    ruleset: RuleSet,
    *,
    max_findings: int | None = None,
    diagnose: bool = True,
    progress: Progress | None = None,
) -> Report:
    """Validate every dataset with the rules for its kind and report what was found.

    Args:
        datasets: the datasets to check.
        ruleset: the rules; each dataset gets `ruleset.for_dataset(dataset.kind)`.
        max_findings: build at most this many findings (most severe first); the rest are
            still counted in `Report.truncated_counts` and still decide the exit code.
        diagnose: attach hints and group consequences under their likely cause.
        progress: told which rule starts on which dataset (`sluitend.progress`).
    """
    with shared_keys():  # the checks, coverage and errorlocate number columns once
        return _validate(datasets, ruleset, max_findings, diagnose, progress)


def _validate(
    datasets: Sequence[Dataset],
    ruleset: RuleSet,
    max_findings: int | None,
    diagnose: bool,
    progress: Progress | None,
) -> Report:
    start = time.perf_counter()
    rule_runs = _RuleRuns(progress, datasets, ruleset)
    flagged: list[_Flagged] = []
    results: list[RuleResult] = []
    extra_findings: list[Finding] = []
    outcomes_by_dataset: list[dict[str, CheckOutcome]] = []
    coverages: list[cov.Coverage] = []
    # What was not checked (a rule that compared nothing, a chapter without a verified
    # total) comes after what was found: a report opens with its errors.
    unchecked_findings: list[Finding] = []
    for d_index, ds in enumerate(datasets):
        rules = list(ruleset.for_dataset(ds.kind))
        if not rules:
            outcomes_by_dataset.append({})
            coverages.append(cov.compute(ds, [], {})[0])
            continue
        sink, schema_findings = _run_dataset(ds, rules, rule_runs.on_rule(ds.name))
        outcomes_by_dataset.append(sink)
        extra_findings.extend(schema_findings)
        coverage, chapter_warnings = cov.compute(ds, rules, sink)
        coverages.append(coverage)
        unchecked_findings.extend(chapter_warnings)
        for r_index, rule in enumerate(rules):
            outcome = sink[rule.id]
            results.append(outcome.result(ds.name))
            if outcome.checked == 0 and not len(outcome.rows):
                # Nothing compared and nothing flagged (not even "not checkable"): no tick.
                unchecked_findings.append(_nothing_checked(ds, rule))
            if len(outcome.rows):
                flagged.append(
                    _Flagged(d_index, ds, r_index, outcome, _severities(ds, rule, outcome))
                )

    # Rules over two datasets (reconcile), on every pair of datasets they apply to.
    cross_results, cross_findings = cross.run(datasets, ruleset, diagnose=diagnose)
    results.extend(cross_results)
    unchecked_findings.extend(_nothing_compared(r) for r in cross_results if r.checked == 0)

    parts, names, truncated_counts = _plan(flagged, max_findings, diagnose)
    if max_findings is not None:
        room = max(0, max_findings - sum(p.count for p in parts))
        for dropped in cross_findings[room:]:
            truncated_counts[dropped.severity] = truncated_counts.get(dropped.severity, 0) + 1
        cross_findings = cross_findings[:room]
    if diagnose and parts:
        located = _located(datasets, ruleset, outcomes_by_dataset, set(names))
        kinds = {ds.name: ds.kind for ds in datasets}
        parts = _diagnosed(parts, names, kinds, located)
    findings = FindingList(
        [
            FindingPart.of(extra_findings),
            *parts,
            FindingPart.of(cross_findings),
            FindingPart.of(unchecked_findings),
        ]
    )
    return Report(
        findings=findings,
        results=tuple(results),
        datasets=tuple(
            DatasetSummary(d.name, d.kind, d.source, d.unit, d.rows, d.notes, c)
            for d, c in zip(datasets, coverages, strict=True)
        ),
        ruleset=ruleset.name,
        seconds=time.perf_counter() - start,
        truncated=sum(truncated_counts.values()),
        truncated_counts=truncated_counts,
        rule_descriptions={r.id: r.description for r in ruleset.rules if r.description},
        frames={d.name: d.frame for d in datasets},
    )


class _RuleRuns:
    """Counts rule runs for a `Progress` (none of this happens without one)."""

    def __init__(
        self, progress: Progress | None, datasets: Sequence[Dataset], ruleset: RuleSet
    ) -> None:
        self.progress = progress
        self.done = 0
        self.total = sum(len(ruleset.for_dataset(d.kind)) for d in datasets) if progress else 0

    def on_rule(self, dataset: str) -> OnRule | None:
        """The callback for the rules of one dataset, or None without a progress."""
        progress = self.progress
        if progress is None:
            return None

        def started(rule_id: str) -> None:
            progress.checking(dataset, rule_id, self.done, self.total)
            self.done += 1

        return started


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while findings are built.

    Findings, their `where` mappings and messages are acyclic, so reference counting frees
    them; but creating a hundred thousand objects triggers full collections that walk every
    live object again and again (half of the build time on a half-wrong national budget).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plan(
    flagged: Sequence[_Flagged], max_findings: int | None, diagnose: bool
) -> tuple[list[FindingPart], list[str], dict[str, int]]:
    """Order every flagged row (most severe first, then dataset, rule and row order), keep
    the first `max_findings`, and cut them into parts of one rule and severity whose
    findings are built when first read. Also returns each part's dataset name."""
    if not flagged:
        return [], [], {}
    ranks = np.concatenate([f.severity for f in flagged])
    owner = np.concatenate([np.full(len(f.severity), i) for i, f in enumerate(flagged)])
    within = np.concatenate([np.arange(len(f.severity)) for f in flagged])
    order_key_ds = np.concatenate([np.full(len(f.severity), f.dataset_index) for f in flagged])
    order_key_rule = np.concatenate([np.full(len(f.severity), f.rule_index) for f in flagged])
    order = np.lexsort((within, order_key_rule, order_key_ds, -ranks))
    keep = order if max_findings is None else order[:max_findings]
    dropped = order[len(keep) :]
    rank_to_name = {v: k for k, v in SEVERITY_RANK.items()}
    truncated_counts = {
        rank_to_name[int(r)]: int(c)
        for r, c in zip(*np.unique(ranks[dropped], return_counts=True), strict=True)
    }
    owners, positions, kept_ranks = owner[keep], within[keep], ranks[keep]
    # Runs of one owner (rule on a dataset) and severity; within a run, rows ascend.
    cuts = np.flatnonzero((np.diff(owners) != 0) | (np.diff(kept_ranks) != 0)) + 1
    bounds = list(zip([0, *cuts.tolist()], [*cuts.tolist(), len(keep)], strict=True))
    if not len(keep):  # --max-findings 0: count everything, show nothing
        bounds = []
    names = [flagged[int(owners[start])].dataset.name for start, _ in bounds]
    parts = [
        FindingPart(
            end - start,
            rank_to_name[int(kept_ranks[start])],
            functools.partial(
                _build_paused, flagged[int(owners[start])], positions[start:end], diagnose
            ),
        )
        for start, end in bounds
    ]
    return parts, names, truncated_counts


def _build_paused(flagged: _Flagged, positions: np.ndarray, diagnose: bool) -> list[Finding]:
    with _gc_paused():
        return _build(flagged, positions, diagnose)


def _located(
    datasets: Sequence[Dataset],
    ruleset: RuleSet,
    outcomes: Sequence[dict[str, CheckOutcome]],
    flagged: set[str],
) -> dict[str, tuple[Dataset, list[errorlocate.Localization]]]:
    """Per flagged dataset, the fewest figures whose change repairs its failing checks
    (`errorlocate`, a bounded MILP over the failing checks and their neighbours)."""
    out: dict[str, tuple[Dataset, list[errorlocate.Localization]]] = {}
    for ds, sink in zip(datasets, outcomes, strict=True):
        if ds.name in flagged and sink and ds.name not in out:
            rules = ruleset.for_dataset(ds.kind)
            out[ds.name] = (ds, errorlocate.locate(ds, rules, sink))
    return out


def _diagnosed(
    parts: list[FindingPart],
    flagged_names: list[str],
    kinds: Mapping[str, str],
    located: dict[str, tuple[Dataset, list[errorlocate.Localization]]] | None = None,
) -> list[FindingPart]:
    """Per dataset (in order of first appearance), one figure that explains several
    findings once (`localize`), and the fewest figures that explain all of its failing
    checks (`errorlocate`, where it finds more than `localize`): for datasets with at most
    LOCALIZE_LIMIT findings, which are built for it; larger ones stay as they are."""
    by_dataset: dict[str, list[FindingPart]] = {}
    for part, name in zip(parts, flagged_names, strict=True):
        by_dataset.setdefault(name, []).append(part)
    out: list[FindingPart] = []
    for name, group in by_dataset.items():
        if sum(p.count for p in group) <= diag.LOCALIZE_LIMIT:
            built = [f for p in group for f in p.findings()]
            with _gc_paused():
                causes = diag.group_causes(built, kinds)
                if located and name in located:
                    causes = errorlocate.merge_all(causes, *located[name])
                out.append(FindingPart.of(causes))
        else:
            out.extend(group)
    return out
