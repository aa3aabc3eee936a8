"""Immutable results: a `Hint` about a likely cause, a `Finding`, and the `Report`.

`Report.to_dict()` is the versioned JSON that CI tools parse (DESIGN.md, "JSON output").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sluitend.vocabulary import SEVERITY_RANK

JSON_VERSION = 1


@dataclass(frozen=True)
class Hint:
    """A likely explanation of a failed check, pointing at one figure.

    Attributes:
        kind: "transposition", "omitted", "double_counted", "sign", "unit", "waarvan",
            "shifted_total", "swapped_totals", "rounding", ...
        bron: where the suspected figure sits in the input.
        where: the suspected figure's key (hoofdstuk ... jaar, vuo).
        suggested: the value that would make the check pass, or None.
        explanation: one sentence a controller can act on.
    """

    kind: str
    bron: str
    where: Mapping[str, Any]
    suggested: int | float | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the hint."""
        return {
            "kind": self.kind,
            "bron": self.bron,
            "where": dict(self.where),
            "suggested": self.suggested,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Finding:
    """One figure that fails one rule.

    `expected`, `actual` and `difference` (actual - expected) are in the dataset's unit;
    they are None for a rule that compares no amounts (`unique`) or for a "not checkable"
    sum. `tolerance` is the bound the difference was held to.
    """

    rule: str
    severity: str
    dataset: str
    where: Mapping[str, Any]
    expected: int | float | None
    actual: int | float | None
    difference: int | float | None
    tolerance: int | float
    message: str
    bron: str
    hints: tuple[Hint, ...] = ()
    #: The label of the figure as printed (for people; not part of its identity).
    label: str = ""
    #: Findings this one explains (issue: localization); empty for most.
    consequences: tuple[Finding, ...] = ()
    #: "check" for a failed check; "likely cause" for one figure that explains the failed
    #: checks in `consequences` (it is not a check of its own, so it is not counted).
    kind: str = "check"

    def __post_init__(self) -> None:
        # A read-only view of a private copy; a view passed in (the engine builds one per
        # finding from a fresh dict) is kept as it is.
        if type(self.where) is not MappingProxyType:
            object.__setattr__(self, "where", MappingProxyType(dict(self.where)))

    @classmethod
    def from_view(
        cls,
        rule: str,
        severity: str,
        dataset: str,
        where: MappingProxyType[str, Any],
        expected: int | float | None,
        actual: int | float | None,
        difference: int | float | None,
        tolerance: int | float,
        message: str,
        bron: str,
        hints: tuple[Hint, ...],
        label: str,
    ) -> Finding:
        """A check finding from a read-only `where` view that nothing else changes.

        The engine builds findings by the hundred thousand; this sets the fields in one
        step instead of one frozen-dataclass `__setattr__` per field (half the cost of a
        finding). The result equals `Finding(...)` with the same values.
        """
        finding = object.__new__(cls)
        finding.__dict__.update(
            rule=rule,
            severity=severity,
            dataset=dataset,
            where=where,
            expected=expected,
            actual=actual,
            difference=difference,
            tolerance=tolerance,
            message=message,
            bron=bron,
            hints=hints,
            label=label,
            consequences=(),
            kind="check",
        )
        return finding

    @property
    def rank(self) -> int:
        """1 info, 2 warning, 3 error."""
        return SEVERITY_RANK[self.severity]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the finding."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "dataset": self.dataset,
            "where": dict(self.where),
            "expected": self.expected,
            "actual": self.actual,
            "difference": self.difference,
            "tolerance": self.tolerance,
            "message": self.message,
            "bron": self.bron,
            "label": self.label,
            "hints": [h.to_dict() for h in self.hints],
        }
        if self.kind != "check":
            out["kind"] = self.kind
        if self.consequences:
            out["consequences"] = [c.to_dict() for c in self.consequences]
        return out


@dataclass(frozen=True)
class RuleResult:
    """How one rule fared on one dataset: rows it checked, failed, and could not check."""

    rule: str
    title: str
    kind: str
    severity: str
    dataset: str
    checked: int
    failed: int
    not_checkable: int = 0
    #: Differences within a rounding tolerance (reported as info, "afrondingsverschil").
    rounding: int = 0

    @property
    def passed(self) -> bool:
        """True when no checked figure exceeded its tolerance."""
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "rule": self.rule,
            "title": self.title,
            "kind": self.kind,
            "severity": self.severity,
            "dataset": self.dataset,
            "checked": self.checked,
            "failed": self.failed,
            "not_checkable": self.not_checkable,
            "rounding": self.rounding,
        }


@dataclass(frozen=True)
class DatasetSummary:
    """What was validated: a dataset's name, kind, source, unit and row count."""

    name: str
    kind: str
    source: str
    unit: int
    rows: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "name": self.name,
            "kind": self.kind,
            "source": self.source,
            "unit": self.unit,
            "rows": self.rows,
        }


@dataclass(frozen=True)
class Report:
    """Everything one validation run found.

    Attributes:
        findings: every finding, most severe first, then in input order.
        results: one `RuleResult` per (rule, dataset) pair that was run.
        datasets: what was validated.
        ruleset: the name of the rule set.
        seconds: engine time (compile + validate + diagnose).
        truncated: how many findings were left out by --max-findings.
        truncated_counts: those left out, per severity (they still count and still fail).
    """

    findings: tuple[Finding, ...]
    results: tuple[RuleResult, ...]
    datasets: tuple[DatasetSummary, ...]
    ruleset: str = ""
    seconds: float = 0.0
    truncated: int = 0
    truncated_counts: Mapping[str, int] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        """How many failed checks have this severity: grouped consequences and those left
        out by --max-findings count, a likely cause (which groups them) does not."""
        shown = sum(1 for f in self.checks() if f.severity == severity)
        return shown + self.truncated_counts.get(severity, 0)

    def all_findings(self) -> list[Finding]:
        """Findings with their grouped consequences flattened in."""
        out: list[Finding] = []
        for f in self.findings:
            out.append(f)
            out.extend(f.consequences)
        return out

    def checks(self) -> list[Finding]:
        """The failed checks: all findings but the likely causes that group them."""
        return [f for f in self.all_findings() if f.kind == "check"]

    def causes(self) -> list[Finding]:
        """The likely causes found by diagnosis."""
        return [f for f in self.findings if f.kind != "check"]

    def worst(self) -> int:
        """The rank of the most severe finding, 0 when there is none."""
        ranks = [f.rank for f in self.checks()]
        ranks += [SEVERITY_RANK[s] for s, n in self.truncated_counts.items() if n]
        return max(ranks, default=0)

    def fails(self, fail_on: str) -> bool:
        """Whether a finding at or above `fail_on` exists ("never" never fails)."""
        if fail_on == "never":
            return False
        return self.worst() >= SEVERITY_RANK[fail_on]

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON document (DESIGN.md)."""
        return {
            "version": JSON_VERSION,
            "ok": self.count("error") == 0,
            "ruleset": self.ruleset,
            "summary": {
                "datasets": len(self.datasets),
                "rows": sum(d.rows for d in self.datasets),
                "rules": len({r.rule for r in self.results}),
                "error": self.count("error"),
                "warning": self.count("warning"),
                "info": self.count("info"),
                "likely_causes": len(self.causes()),
                "truncated": self.truncated,
            },
            "datasets": [d.to_dict() for d in self.datasets],
            "rules": [r.to_dict() for r in self.results],
            "findings": [f.to_dict() for f in self.findings],
        }
