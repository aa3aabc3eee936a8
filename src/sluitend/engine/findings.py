"""Immutable results: a `Hint` about a likely cause, a `Finding`, and the `Report`.

Typed values only: how they read as JSON (the versioned document CI tools parse, DESIGN.md
"JSON output") is `sluitend.report.document`'s, beside the schema that describes it, so the
engine decides what was found and the report layer how it is written down.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

from sluitend.vocabulary import SEVERITY_RANK

if TYPE_CHECKING:
    import pandas as pd

    from sluitend.engine.coverage import Coverage
#: The label of the warning for a rule that compared no figure (see `engine/empty.py`).
NOTHING_CHECKED = "(checks nothing)"


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
    #: The other figure of a rule over two datasets (`reconcile`): its dataset, where,
    #: value, bron and label; None for the rules of one table.
    counterpart: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        # A read-only view of a private copy; a view passed in (the engine builds one per
        # finding from a fresh dict) is kept as it is.
        if type(self.where) is not MappingProxyType:
            object.__setattr__(self, "where", MappingProxyType(dict(self.where)))

    @classmethod
    def from_view(cls, *values: Any) -> Finding:
        """A check finding from the values of its fields `rule` … `label`, in the order
        `Finding(...)` takes them, `where` a read-only view that nothing else changes.

        The engine builds findings by the hundred thousand; this fills the instance's dict
        from the dataclass's own field names instead of one frozen-dataclass `__setattr__`
        per field (half the cost of a finding). The fields after `label` take the
        dataclass's defaults: a check finding explains no other finding and has no
        counterpart. The result equals `Finding(...)` with the same values.
        """
        if len(values) != len(_GIVEN):  # checked here: cheaper than zip(strict=True)
            raise ValueError(f"Finding.from_view takes {len(_GIVEN)} values, got {len(values)}")
        finding = object.__new__(cls)
        state = finding.__dict__
        state.update(zip(_GIVEN, values, strict=False))
        state.update(_AT_DEFAULT)
        return finding

    @classmethod
    def from_columns(cls, *columns: Sequence[Any]) -> list[Finding]:
        """Check findings from columns: one sequence per field `rule` … `label` (as
        `from_view` takes them), all of one length, `where` read-only views.

        `from_view` for many at once, with no Python call per finding: each instance's
        dict is zipped from the columns and the defaults, and instances and dicts are put
        together by `map` in C. Each result equals `Finding(...)` with the same values."""
        if len(columns) != len(_GIVEN):
            raise ValueError(
                f"Finding.from_columns takes {len(_GIVEN)} columns, got {len(columns)}"
            )
        n = len(columns[0]) if columns else 0
        defaults = [repeat(v, n) for v in _AT_DEFAULT.values()]
        states = map(dict, map(zip, repeat(_FIELDS), zip(*columns, *defaults, strict=True)))
        findings = list(map(object.__new__, repeat(cls, n)))
        deque(map(object.__setattr__, findings, repeat("__dict__"), states), maxlen=0)
        return findings

    @property
    def rank(self) -> int:
        """1 info, 2 warning, 3 error."""
        return SEVERITY_RANK[self.severity]


#: The fields `Finding.from_view` sets to their defaults, and the ones it is given.
_AT_DEFAULT = {
    f.name: f.default for f in fields(Finding) if f.name in ("consequences", "kind", "counterpart")
}
_GIVEN = tuple(f.name for f in fields(Finding) if f.name not in _AT_DEFAULT)
_FIELDS = (*_GIVEN, *_AT_DEFAULT)  # the order `from_view` fills an instance's dict in


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


@dataclass(frozen=True)
class DatasetSummary:
    """What was validated: a dataset's name, kind, source, unit and row count."""

    name: str
    kind: str
    source: str
    unit: int
    rows: int
    #: What the reader left unknown (e.g. the chapter of a page), said in every report.
    notes: tuple[str, ...] = ()
    #: What the sum rules checked of it (`engine/coverage.py`); None when not computed.
    coverage: Coverage | None = None


class FindingPart:
    """A run of findings of one rule and severity, built on first access.

    `count` and `severity` are known before the findings are built, so a report can be
    counted, and its exit code decided, without building any. An eager part (`of`) holds
    findings already built (schema findings, likely causes).
    """

    __slots__ = ("_build", "_check_counts", "_findings", "count", "severity")

    def __init__(
        self, count: int, severity: str | None, build: Callable[[], Sequence[Finding]]
    ) -> None:
        self.count = count
        self.severity = severity  # None: mixed, or not only plain checks
        self._build: Callable[[], Sequence[Finding]] | None = build
        self._findings: tuple[Finding, ...] | None = None
        self._check_counts: Counter[str] | None = None

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FindingPart:
        """A part of findings built already."""
        part = cls(len(findings), None, tuple)
        part._findings, part._build = tuple(findings), None
        return part

    @property
    def built(self) -> bool:
        """Whether the findings exist as objects yet."""
        return self._findings is not None

    def findings(self) -> tuple[Finding, ...]:
        """The findings, built now if they were not yet."""
        if self._findings is None:
            assert self._build is not None
            self._findings = tuple(self._build())
            self._build = None  # let go of the frame and outcome it held
            if len(self._findings) != self.count:
                raise RuntimeError(
                    f"a part promised {self.count} findings, built {len(self._findings)}"
                )
        return self._findings

    def check_counts(self) -> Counter[str]:
        """Its failed checks per severity (grouped consequences included, likely causes
        not), from its findings (built now if they were not yet); counted once, since a
        report counts each severity, some of them several times."""
        if self._check_counts is None:
            self._check_counts = Counter(
                c.severity
                for f in self.findings()
                for c in (f, *f.consequences)
                if c.kind == "check"
            )
        return self._check_counts


class FindingList(Sequence[Finding]):
    """A report's findings in their order, built part by part when first read.

    The engine decides every finding (which figure, which rule, its numbers and severity)
    with vectorized checks; the Python objects of a part are made when a reporter first
    reads it. A report that is only counted or gated on, or rendered with --max-findings,
    does not pay for the rest. It compares equal to a tuple of the same findings.
    """

    def __init__(self, parts: Sequence[FindingPart] = ()) -> None:
        self.parts = [p for p in parts if p.count]
        self._ends = list(itertools.accumulate(p.count for p in self.parts))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...

    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return tuple(self)[index]
            return self._between(start, stop)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("finding index out of range")
        k = bisect.bisect_right(self._ends, index)
        start = self._ends[k - 1] if k else 0
        return self.parts[k].findings()[index - start]

    def _between(self, start: int, stop: int) -> tuple[Finding, ...]:
        """The findings from `start` to `stop`, building only the parts they are in (a
        report written a piece at a time reads its findings so)."""
        out: list[Finding] = []
        begin = 0
        for part, end in zip(self.parts, self._ends, strict=True):
            if begin < stop and start < end:
                out.extend(part.findings()[max(start - begin, 0) : stop - begin])
            begin = end
        return tuple(out)

    def __iter__(self) -> Iterator[Finding]:
        for part in self.parts:
            yield from part.findings()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FindingList, tuple, list)):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        built = sum(p.count for p in self.parts if p.built)
        return f"FindingList({len(self)} findings, {built} built)"

    def flattened(self) -> list[Finding]:
        """The findings with their grouped consequences flattened in (`Report.all_findings`).
        A part of one severity holds plain checks, which explain nothing: taken whole."""
        out: list[Finding] = []
        for part in self.parts:
            if part.severity is not None:
                out += part.findings()
                continue
            for f in part.findings():
                out.append(f)
                out += f.consequences
        return out

    def causes(self) -> list[Finding]:
        """The likely causes; parts of plain checks (those of one severity) are not built,
        or walked when built, to look for them."""
        return [
            f
            for part in self.parts
            if part.severity is None
            for f in part.findings()
            if f.kind != "check"
        ]

    def count_checks(self, severity: str) -> int:
        """Failed checks of this severity (grouped consequences included, likely causes
        not). A part of one severity holds plain checks of it, built or not: it is counted
        by its `count`, never built or walked (a report counts each severity)."""
        total = 0
        for part in self.parts:
            if part.severity is not None:
                total += part.count if part.severity == severity else 0
            else:
                total += part.check_counts()[severity]
        return total


@dataclass(frozen=True)
class BaselineApplied:
    """What applying a baseline did to a report (`engine/baseline.py`), for reporters.

    Attributes:
        path: the baseline file.
        suppressed: findings the baseline knew, left out of the report.
        disappeared: the baseline's findings that no finding matched any more.
        renamed: baseline dataset names matched to the report's under another name (a
            renamed file), old name -> new name; empty when none was.
    """

    path: str
    suppressed: int
    disappeared: int
    renamed: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything one validation run found.

    Attributes:
        findings: every finding, most severe first, then in input order (a tuple, or a
            `FindingList` that builds its findings when they are first read).
        results: one `RuleResult` per (rule, dataset) pair that was run.
        datasets: what was validated.
        ruleset: the name of the rule set.
        seconds: engine time (compile + validate + diagnose).
        truncated: how many findings were left out by --max-findings.
        truncated_counts: those left out, per severity (they still count and still fail).
        rule_descriptions: each rule's own description from the rule file, by rule id
            (rules without one are not in it), for the formats that explain a rule (SARIF).
        baseline: what a baseline suppressed, None when none was applied.
        selection: the `--select` expression that narrowed the findings ("" for none).
        run_seconds: the whole command's wall time, set by the command line (None from
            Python), which the terminal report prints when known.
        frames: the canonical frame of every dataset, by its name: every figure, not only
            the failing ones, for the reporters that lay the table out as printed (html,
            xlsx). Not part of the JSON document, nor of a report's equality.
    """

    findings: Sequence[Finding]
    results: tuple[RuleResult, ...]
    datasets: tuple[DatasetSummary, ...]
    ruleset: str = ""
    seconds: float = 0.0
    truncated: int = 0
    truncated_counts: Mapping[str, int] = field(default_factory=dict)
    rule_descriptions: Mapping[str, str] = field(default_factory=dict)
    baseline: BaselineApplied | None = None
    selection: str = ""
    run_seconds: float | None = None
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def count(self, severity: str) -> int:
        """How many failed checks have this severity: grouped consequences and those left
        out by --max-findings count, a likely cause (which groups them) does not."""
        if isinstance(self.findings, FindingList):
            shown = self.findings.count_checks(severity)
        else:
            shown = sum(1 for f in self.checks() if f.severity == severity)
        return shown + self.truncated_counts.get(severity, 0)

    def all_findings(self) -> list[Finding]:
        """Findings with their grouped consequences flattened in."""
        if isinstance(self.findings, FindingList):
            return self.findings.flattened()
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
        if isinstance(self.findings, FindingList):
            return self.findings.causes()
        return [f for f in self.findings if f.kind != "check"]

    def worst(self) -> int:
        """The rank of the most severe finding, 0 when there is none."""
        ranks = [SEVERITY_RANK[s] for s in SEVERITY_RANK if self.count(s)]
        return max(ranks, default=0)

    def fails(self, fail_on: str) -> bool:
        """Whether a finding at or above `fail_on` exists ("never" never fails)."""
        if fail_on == "never":
            return False
        return self.worst() >= SEVERITY_RANK[fail_on]
