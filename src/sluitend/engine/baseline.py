"""Baselines: record today's findings, later fail only on findings that are new.

A finding is known by its fingerprint: a hash of its rule, its dataset and the figure's key
(`where`), never its bron (line numbers move when rows are added above) nor its amounts (a
known defect stays known while the figures around it change). The baseline file is JSON,
written without timestamps so that it diffs cleanly in version control:

    {"version": 1, "created_by": "sluitend 0.1.0", "ruleset": "rijksbegroting",
     "findings": [{"fingerprint": "…", "rule": "BT010", "dataset": "bzk-2022-art7",
                   "where": {...}, "message": "…"}]}
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sluitend import __version__
from sluitend.engine.findings import BaselineApplied, Finding, Report, RuleResult
from sluitend.errors import InputError

BASELINE_VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_PROBLEMS_SHOWN = 20


def _key_value(value: Any) -> str | None:
    """A `where` value as text, the same whatever dtype a reader gave it (7, "7", 7.0 and
    numpy's 7 are one artikel); None for "not set" ("", None, False), so that a reader that
    omits an empty level and one that writes "" agree."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or value is False or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def fingerprint_of(rule: str, dataset: str, where: Mapping[str, Any]) -> str:
    """The fingerprint of a finding given its parts (see `fingerprint`)."""
    items = sorted(
        (str(k), v) for k, v in ((k, _key_value(v)) for k, v in where.items()) if v is not None
    )
    text = json.dumps([rule, dataset, items], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(finding: Finding, *, dataset: str | None = None) -> str:
    """A stable 64-hex-digit id of `finding`: sha256 over rule, dataset and the sorted,
    normalised `where` items; bron, amounts, message and severity take no part. `dataset`
    replaces the finding's dataset name (to compare two versions of one dataset)."""
    return fingerprint_of(
        finding.rule, finding.dataset if dataset is None else dataset, finding.where
    )


@dataclass(frozen=True)
class BaselineEntry:
    """One known finding. Its fingerprint is made from its rule, dataset and where, never
    given: an entry cannot carry one that disagrees with them."""

    rule: str
    dataset: str
    where: Mapping[str, Any]
    message: str
    fingerprint: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        fp = fingerprint_of(self.rule, self.dataset, self.where)
        object.__setattr__(self, "fingerprint", fp)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "dataset": self.dataset,
            "where": dict(self.where),
            "message": self.message,
        }


@dataclass(frozen=True)
class Baseline:
    """The findings a baseline file accepts, and where it was read from."""

    entries: tuple[BaselineEntry, ...]
    path: str = ""
    ruleset: str = ""
    created_by: str = ""
    #: Dataset name -> kind, of the run the baseline was written from.
    datasets: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def baseline_from(report: Report, path: str = "") -> Baseline:
    """The baseline that accepts every finding of `report` (consequences included)."""
    entries = tuple(
        BaselineEntry(f.rule, f.dataset, {k: _plain(v) for k, v in f.where.items()}, f.message)
        for f in report.all_findings()
    )
    kinds = {d.name: d.kind for d in report.datasets}
    return Baseline(entries, path, report.ruleset, f"sluitend {__version__}", kinds)


def write_baseline(report: Report, path: str | Path) -> Baseline:
    """Write the baseline of `report` to `path` (UTF-8 JSON) and return it."""
    baseline = baseline_from(report, str(path))
    doc = {
        "version": BASELINE_VERSION,
        "created_by": baseline.created_by,
        "ruleset": baseline.ruleset,
        "datasets": [{"name": n, "kind": k} for n, k in baseline.datasets.items()],
        "findings": [e.to_dict() for e in baseline.entries],
    }
    from sluitend.output import write_text

    text = json.dumps(doc, indent=2, ensure_ascii=False)
    # DEL, C1 and bidi controls as \u escapes: the same data, inert in a terminal or diff
    text = re.sub("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", _u_escape, text)
    write_text(path, text + "\n")  # all or nothing
    return baseline


def _u_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _entry(raw: Any, index: int) -> tuple[BaselineEntry | None, list[str]]:
    at = f"findings[{index}]"
    if not isinstance(raw, dict):
        return None, [f"{at}: expected an object, got {type(raw).__name__}"]
    problems = [
        f"{at}: key {key!r}: expected {kind.__name__ if kind is not dict else 'an object'}"
        for key, kind in (("rule", str), ("dataset", str), ("where", dict), ("message", str))
        if not isinstance(raw.get(key), kind)
    ]
    problems += [
        f"{at}: unknown key {k!r}"
        for k in sorted(set(raw) - {"fingerprint", "rule", "dataset", "where", "message"})
    ]
    if problems:
        return None, problems
    entry = BaselineEntry(raw["rule"], raw["dataset"], raw["where"], raw["message"])
    stated = raw.get("fingerprint", entry.fingerprint)
    if not isinstance(stated, str) or not _HEX64.match(stated):
        return None, [f"{at}: key 'fingerprint': expected 64 hexadecimal digits"]
    if stated != entry.fingerprint:
        return None, [
            f"{at}: fingerprint does not match its rule, dataset and where "
            "(edited by hand? write the baseline again)"
        ]
    return entry, []


def read_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; InputError naming the file (and line or entry) when it is
    missing, not JSON, of another version, or has a malformed entry (all of them listed)."""
    name = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise InputError(name, "baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read the baseline file: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    except RecursionError:  # json decodes nested arrays recursively
        raise InputError(
            name, "not a sluitend baseline: arrays or objects nested too deeply"
        ) from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
        found = doc.get("version") if isinstance(doc, dict) else type(doc).__name__
        raise InputError(
            name, f'expected a sluitend baseline with "version": {BASELINE_VERSION}, got {found!r}'
        )
    if not isinstance(doc.get("findings"), list):
        raise InputError(name, "key 'findings': expected a list")
    entries: list[BaselineEntry] = []
    problems: list[str] = []
    for i, raw in enumerate(doc["findings"]):
        entry, errs = _entry(raw, i)
        problems += errs
        if entry is not None:
            entries.append(entry)
    datasets = doc.get("datasets", [])
    if not isinstance(datasets, list) or not all(
        isinstance(d, dict) and isinstance(d.get("name"), str) and isinstance(d.get("kind"), str)
        for d in datasets
    ):
        problems.append('key \'datasets\': expected a list of {"name": …, "kind": …}')
        datasets = []
    if problems:  # the first few, and how many more (a 400 MB file gave a 176 MB message)
        shown = problems[:_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        raise InputError(name, "; ".join(shown) + (f"; … and {more} more problems" if more else ""))
    return Baseline(
        tuple(entries),
        name,
        str(doc.get("ruleset", "")),
        str(doc.get("created_by", "")),
        {d["name"]: d["kind"] for d in datasets},
    )


def renamed_datasets(report: Report, baseline: Baseline) -> dict[str, str]:
    """Baseline dataset name -> report dataset name, for datasets whose name changed.

    A dataset is named after its file, so a renamed or copied file gets a new name. Such a
    dataset is matched to the baseline's dataset of the same kind that the report lacks,
    but only when exactly one of each is unmatched for that kind: never a guess between
    several candidates.
    """
    current = {d.name: d.kind for d in report.datasets}
    old_only = [(n, k) for n, k in baseline.datasets.items() if n not in current]
    new_only = [(n, k) for n, k in current.items() if n not in baseline.datasets]
    out: dict[str, str] = {}
    for kind in sorted({k for _, k in old_only}):
        olds = [n for n, k in old_only if k == kind]
        news = [n for n, k in new_only if k == kind]
        if len(olds) == 1 and len(news) == 1:
            out[olds[0]] = news[0]
    return out


def apply_baseline(
    report: Report, baseline: Baseline, *, rename: Mapping[str, str] | None = None
) -> tuple[Report, list[BaselineEntry]]:
    """Remove the findings `baseline` knows; return the rest and the entries that found no
    finding any more (the defects that disappeared).

    `rename` maps baseline dataset names to the report's; by default `renamed_datasets`
    pairs a renamed file's dataset with its old name (reported in `report.baseline`).

    Matching counts: a baseline that knows a fingerprint twice suppresses two findings. A
    known cause's new consequences move up to the top level. Each RuleResult's `failed`
    drops by the findings of severity warning or error suppressed for it (but not below
    the warnings and errors still reported for it), and `report.baseline` says what was
    suppressed, for reporters.
    """
    rename = dict(renamed_datasets(report, baseline) if rename is None else rename)
    fps = [
        fingerprint_of(e.rule, rename[e.dataset], e.where) if e.dataset in rename else e.fingerprint
        for e in baseline.entries
    ]
    left = Counter(fps)
    suppressed: Counter[tuple[str, str]] = Counter()

    def known(f: Finding) -> bool:
        fp = fingerprint(f)
        if left[fp] > 0:
            left[fp] -= 1
            if f.severity != "info":
                suppressed[(f.rule, f.dataset)] += 1
            return True
        return False

    kept: list[Finding] = []
    n_suppressed = 0
    for f in report.findings:
        cause_known = known(f)
        new_consequences = tuple(c for c in f.consequences if not known(c))
        n_suppressed += cause_known + len(f.consequences) - len(new_consequences)
        if cause_known:
            kept.extend(new_consequences)
        else:
            kept.append(dataclasses.replace(f, consequences=new_consequences))

    disappeared: list[BaselineEntry] = []
    for e, fp in zip(baseline.entries, fps, strict=True):
        if left[fp] > 0:
            left[fp] -= 1
            disappeared.append(e)

    # `failed` counts rows the engine's way; lower it by what was suppressed, but never
    # below the findings still shown for the rule (a checklist must not say ✔ above them).
    remaining = Counter(
        (x.rule, x.dataset) for f in kept for x in (f, *f.consequences) if x.severity != "info"
    )
    results: tuple[RuleResult, ...] = tuple(
        dataclasses.replace(
            r,
            failed=max(
                r.failed - suppressed[(r.rule, r.dataset)], remaining[(r.rule, r.dataset)], 0
            ),
        )
        for r in report.results
    )
    applied = BaselineApplied(baseline.path, n_suppressed, len(disappeared), rename)
    return dataclasses.replace(
        report, findings=tuple(kept), results=results, baseline=applied
    ), disappeared


def limit_findings(report: Report, max_findings: int) -> Report:
    """`report` with at most `max_findings` findings built (the first ones, most severe
    first); the failed checks of those left out are added to `truncated_counts`, so they
    still count and still decide the exit code.

    A baseline is written from, and applied to, every finding; the cut to --max-findings
    comes after it (cutting first would record, or suppress, only the findings shown).
    """
    kept = tuple(report.findings[:max_findings])
    dropped = Counter(
        c.severity
        for f in report.findings[max_findings:]
        for c in (f, *f.consequences)
        if c.kind == "check"
    )
    if not dropped:
        return report
    counts = Counter(report.truncated_counts) + dropped
    return dataclasses.replace(
        report,
        findings=kept,
        truncated=report.truncated + sum(dropped.values()),
        truncated_counts=dict(counts),
    )
