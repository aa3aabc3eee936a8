"""The JSON documents sluitend writes, beside the schema that describes them.

`report_document` is what `--format json` writes and `sluitend.Report.to_dict()` returns:
version `JSON_VERSION` of the document that `schema-v2.json`, in this folder, describes
(`schema-v1.json` describes version 1, for documents written before).
`diff_document` is what `sluitend diff --format json` writes (`DIFF_VERSION`).

The engine's results (`engine/findings.py`, `engine/coverage.py`, `engine/diff.py`) are
typed objects that know nothing of JSON: which keys a document has, in which order, and
what is left out when empty is decided here, in the layer that presents, so that a change
of a document is a change of this module and of the schema beside it, and of nothing in
the engine. A run with a baseline adds a `baseline` object (path, suppressed, disappeared,
renamed datasets), a run with `--select` a `selection` string; every document has an
`overview` (per dataset, chapter and article: counts, largest difference, the findings'
positions). Both are optional in the schema; nothing is ever added to a version without
a schema change.

Version 2 (issue 12) bounds a dataset's `coverage.unchecked`: version 1 listed every
figure no sum rule checked (8.6 MB of the 12.4 MB report of the Ministry's 2016 file),
version 2 lists the first `UNCHECKED_LISTED` in frame order and says how many there are
(`unchecked_total`) and how many the list leaves out (`unchecked_omitted`); `--all` lists
every one. A reader of version 1 that took the list for all of them would be wrong without
noticing, hence a new version rather than two more fields in version 1.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from operator import attrgetter, methodcaller
from typing import TYPE_CHECKING, Any

import numpy as np

from sluitend.engine.findings import DatasetSummary, Finding, Hint, Report, RuleResult
from sluitend.report.jsonstream import Records, Streamed
from sluitend.report.overview import Area, overview

if TYPE_CHECKING:
    import pandas as pd

    from sluitend.engine.coverage import Coverage, Unchecked, UncheckedFigures
    from sluitend.engine.diff import DiffReport, FrameDiff

#: The version of the report document (`schema-v2.json`).
JSON_VERSION = 2
#: Unchecked figures a dataset's coverage lists unless the caller asks for all (`--all`).
UNCHECKED_LISTED = 100
#: The version of the diff document.
DIFF_VERSION = 1


def hint_document(hint: Hint) -> dict[str, Any]:
    """A hint: kind, bron, where, suggested value and explanation."""
    return {
        "kind": hint.kind,
        "bron": hint.bron,
        "where": dict(hint.where),
        "suggested": hint.suggested,
        "explanation": hint.explanation,
    }


def finding_document(finding: Finding) -> dict[str, Any]:
    """A finding; `kind`, `consequences` and `counterpart` only when it has them."""
    out: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity,
        "dataset": finding.dataset,
        "where": dict(finding.where),
        "expected": finding.expected,
        "actual": finding.actual,
        "difference": finding.difference,
        "tolerance": finding.tolerance,
        "message": finding.message,
        "bron": finding.bron,
        "label": finding.label,
        "hints": [hint_document(h) for h in finding.hints],
    }
    if finding.kind != "check":
        out["kind"] = finding.kind
    if finding.consequences:
        out["consequences"] = [finding_document(c) for c in finding.consequences]
    if finding.counterpart is not None:
        out["counterpart"] = {
            k: dict(v) if isinstance(v, Mapping) else v for k, v in finding.counterpart.items()
        }
    return out


#: A finding's keys in its document, as far as every finding has them.
_FINDING_KEYS = (
    "rule",
    "severity",
    "dataset",
    "where",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "message",
    "bron",
    "label",
    "hints",
)
_FIELDS = {key: attrgetter(key) for key in _FINDING_KEYS}


def finding_documents(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """`[finding_document(f) for f in findings]`, made column by column: each field of
    every finding taken at once (`map` in C), then zipped into the documents. The findings
    that have hints, or more than a plain check (a kind, consequences, a counterpart), are
    then made one by one by `finding_document`; a large report has few of them."""
    return _documents(findings, *_finding_columns(findings))


def _documents(
    findings: Sequence[Finding], columns: list[list[Any]], plain: list[bool]
) -> list[dict[str, Any]]:
    """The documents from `_finding_columns`' columns, the findings not plain one by one."""
    docs = list(map(dict, map(zip, repeat(_FINDING_KEYS), zip(*columns, strict=True))))
    for i in compress(range(len(findings)), map(operator.not_, plain)):
        docs[i] = finding_document(findings[i])
    return docs


def finding_records(findings: Sequence[Finding]) -> list[dict[str, Any]] | Records:
    """The documents of `findings` for `jsonstream`: when every one is a plain check (no
    hints, kind, consequences or counterpart), as `Records` of their fields, no dict per
    finding; else as `finding_documents`."""
    columns, plain = _finding_columns(findings)
    if findings and all(plain):
        return Records(_FINDING_KEYS, columns)
    return _documents(findings, columns, plain)  # the columns made once, not again


def _finding_columns(findings: Sequence[Finding]) -> tuple[list[list[Any]], list[bool]]:
    """The values of each of `_FINDING_KEYS` for every finding (`where` as a dict, `hints`
    as an empty list), and whether each is a plain check, whose document they make."""
    columns = {key: list(map(get, findings)) for key, get in _FIELDS.items()}
    # dict(view.copy()): the view's dict copied in C; dict(view) asks the view key by key.
    columns["where"] = list(map(dict, map(_COPY, columns["where"])))
    hints = columns["hints"]
    columns["hints"] = list(map(list, repeat((), len(findings))))  # each its own list
    # Plain: no hints, kind "check", no consequences, no counterpart.
    plain = [
        not hint and f.kind == "check" and not f.consequences and f.counterpart is None
        for hint, f in zip(hints, findings, strict=True)
    ]
    return list(columns.values()), plain


_COPY = methodcaller("copy")


#: The keys of a rule's result, in the order the document lists them (its fields' names).
_RULE_KEYS = (
    "rule",
    "title",
    "kind",
    "severity",
    "dataset",
    "checked",
    "failed",
    "not_checkable",
    "rounding",
)


def rule_document(result: RuleResult) -> dict[str, Any]:
    """How one rule fared on one dataset."""
    return {key: getattr(result, key) for key in _RULE_KEYS}


def _unchecked_document(u: Unchecked) -> dict[str, Any]:
    return {"bron": u.bron, "where": dict(u.where), "label": u.label, "reason": u.reason}


def coverage_document(
    coverage: Coverage, listed: int | None = UNCHECKED_LISTED, *, stream: bool = False
) -> dict[str, Any]:
    """What the sum rules checked of one dataset, how many figures they did not check (per
    reason and in all), and the first `listed` of those figures (None: every one); the
    number left out of the list is said, never implied. `stream`: the list as a
    `jsonstream.Streamed`, its records made a piece at a time as they are written (a
    large budget with `--all` leaves hundreds of thousands unchecked)."""
    unchecked = coverage.unchecked
    total = len(unchecked)
    shown = total if listed is None else max(0, min(listed, total))
    return {
        "figures": coverage.figures,
        "checked": coverage.checked,
        "sum_rules": coverage.sum_rules,
        "read_notes": coverage.read_notes,
        "reasons": dict(coverage.reasons),
        "chapters_unchecked": [dict(c) for c in coverage.chapters_unchecked],
        "unchecked_total": total,
        "unchecked_omitted": total - shown,
        "unchecked": Streamed(
            shown, lambda start, stop: _unchecked_documents(unchecked, start, stop)
        )
        if stream
        else _unchecked_documents(unchecked, 0, shown),
    }


def _unchecked_documents(
    unchecked: UncheckedFigures, start: int, stop: int
) -> list[dict[str, Any]]:
    """The documents of the unchecked figures from `start` to `stop` (in frame order)."""
    return [_unchecked_document(u) for u in unchecked.records(np.arange(start, stop))]


def dataset_document(
    dataset: DatasetSummary, unchecked: int | None = UNCHECKED_LISTED, *, stream: bool = False
) -> dict[str, Any]:
    """A validated dataset (`notes` and `coverage` only when there are any; the coverage
    lists the first `unchecked` figures not checked, None: all)."""
    out: dict[str, Any] = {
        "name": dataset.name,
        "kind": dataset.kind,
        "source": dataset.source,
        "unit": dataset.unit,
        "rows": dataset.rows,
    }
    if dataset.notes:
        out["notes"] = list(dataset.notes)
    if dataset.coverage is not None:
        out["coverage"] = coverage_document(dataset.coverage, unchecked, stream=stream)
    return out


def report_document(
    report: Report, unchecked: int | None = UNCHECKED_LISTED, *, stream: bool = False
) -> dict[str, Any]:
    """The versioned document of a validation: its summary, datasets (each coverage listing
    the first `unchecked` figures not checked; None: all), rules and findings, the baseline
    summary when a baseline was applied, the selection when `--select` narrowed the
    report, and the overview. `stream`: the long lists (findings, unchecked figures) as
    `jsonstream.Streamed`, made a piece at a time while `write_document` writes them."""
    doc: dict[str, Any] = {
        "version": JSON_VERSION,
        "ok": report.count("error") == 0,
        "ruleset": report.ruleset,
        "summary": {
            "datasets": len(report.datasets),
            "rows": sum(d.rows for d in report.datasets),
            "rules": len({r.rule for r in report.results}),
            "error": report.count("error"),
            "warning": report.count("warning"),
            "info": report.count("info"),
            "likely_causes": len(report.causes()),
            "truncated": report.truncated,
        },
        "datasets": [dataset_document(d, unchecked, stream=stream) for d in report.datasets],
        "rules": [rule_document(r) for r in report.results],
        "findings": _findings(report.findings, stream),
    }
    baseline = report.baseline
    if baseline is not None:
        doc["baseline"] = {
            "path": baseline.path,
            "suppressed": baseline.suppressed,
            "disappeared": baseline.disappeared,
            "renamed": dict(baseline.renamed),
        }
    if report.selection:
        doc["selection"] = report.selection
    doc["overview"] = overview_document(report)
    return doc


def _findings(findings: Sequence[Finding], stream: bool) -> list[dict[str, Any]] | Streamed:
    """The findings' documents: a list, or a `Streamed` made a piece at a time."""
    if not stream:
        return finding_documents(findings)
    return Streamed(len(findings), lambda start, stop: finding_records(findings[start:stop]))


def _area(a: Area) -> dict[str, Any]:
    return {
        "error": a.counts.error,
        "warning": a.counts.warning,
        "info": a.counts.info,
        "likely_causes": a.counts.likely_causes,
        "largest_difference": a.largest,
        "findings": list(a.refs),
    }


def overview_document(report: Report) -> list[dict[str, Any]]:
    """The `overview` section: per dataset, chapter and article the counts, the largest
    difference and the findings (positions in the findings flattened in document order,
    each finding followed by its consequences), from `overview.overview`."""
    ov = overview(report)
    return [
        {
            "dataset": d.dataset,
            "error": d.counts.error,
            "warning": d.counts.warning,
            "info": d.counts.info,
            "likely_causes": d.counts.likely_causes,
            "largest_difference": d.largest,
            "chapters": [
                {
                    "hoofdstuk": c.chapter.hoofdstuk,
                    "begroting": c.chapter.begroting,
                    **_area(c.chapter),
                    "articles": [{"artikel": a.artikel, **_area(a)} for a in c.articles],
                }
                for c in d.chapters
            ],
        }
        for d in ov.datasets
    ]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (NA -> None)."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in plain.to_dict(orient="records")
    ]


def frame_diff_document(diff: FrameDiff) -> dict[str, Any]:
    """Figure by figure what changed (`outside` counted only when figures were left out)."""
    return {
        "key": list(diff.key),
        "value": diff.value,
        "counts": {
            "added": len(diff.added),
            "removed": len(diff.removed),
            "changed": len(diff.changed),
            "unchanged": diff.unchanged,
            "duplicates": diff.duplicates,
            **({"outside": diff.outside} if diff.outside else {}),
        },
        "added": _records(diff.added),
        "removed": _records(diff.removed),
        "changed": _records(diff.changed),
        "summary": _records(diff.summary),
    }


def _dataset_diff_document(diff: FrameDiff) -> dict[str, Any]:
    return {
        "old": dataset_document(diff.old),
        "new": dataset_document(diff.new),
        "figures": frame_diff_document(diff),
    }


def diff_document(diff: DiffReport) -> dict[str, Any]:
    """The versioned document of `sluitend diff`."""
    return {
        "version": DIFF_VERSION,
        "ruleset": diff.ruleset,
        "datasets": [_dataset_diff_document(d) for d in diff.datasets],
        "introduced": [finding_document(f) for f in diff.introduced],
        "resolved": [finding_document(f) for f in diff.resolved],
    }


__all__ = [
    "DIFF_VERSION",
    "JSON_VERSION",
    "UNCHECKED_LISTED",
    "coverage_document",
    "dataset_document",
    "diff_document",
    "finding_document",
    "finding_documents",
    "finding_records",
    "frame_diff_document",
    "hint_document",
    "overview_document",
    "report_document",
    "rule_document",
]
