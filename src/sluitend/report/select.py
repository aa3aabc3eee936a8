"""`--select`: narrow a report to chapters, articles, rules, severities or datasets; and
`--max-findings`: the first N findings of each rule.

A selection is a list of clauses (one per `--select` option). Within a clause the keys
must all match (`hoofdstuk=VII,artikel=7`: article 7 of chapter VII); one key given twice
matches either value (`hoofdstuk=VII,hoofdstuk=VIII`). A finding is kept when any clause
matches it (`--select rule=BT001 --select severity=error`: every BT001 finding and every
error). The whole run is checked either way (a total crosses articles); the selection
decides what is reported and what counts: a finding outside it is not shown and does not
decide the exit code, so CI can gate on one chapter and a controller focus on one article.
The rules' `checked` stay the whole dataset's; their `failed` are recounted in the
selection.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sluitend.engine.findings import Finding, Report
from sluitend.errors import SluitendError
from sluitend.vocabulary import SEVERITIES

#: The keys `--select` takes, and what each matches.
KEYS: Mapping[str, str] = {
    "hoofdstuk": "the chapter (VII, IXB, a fund letter)",
    "artikel": "the article number (7, 95)",
    "rule": "a rule id (BT001)",
    "severity": "error, warning or info",
    "dataset": "a dataset's name",
}
_CHAPTER = re.compile(r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})[AB]?|[A-Z]")
_ARTICLE = re.compile(r"[0-9A-Za-z.]{1,12}")


@dataclass(frozen=True)
class Selection:
    """The clauses of one or more `--select` options: key -> allowed values, per clause."""

    clauses: tuple[Mapping[str, frozenset[str]], ...]

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def matches(self, finding: Finding) -> bool:
        """Whether any clause holds for `finding`."""
        return any(_holds(clause, finding) for clause in self.clauses)

    def text(self) -> str:
        """The selection as given, normalised: "hoofdstuk=VII,artikel=7; rule=BT001"."""
        return "; ".join(
            ",".join(f"{k}={v}" for k in clause for v in sorted(clause[k]))
            for clause in self.clauses
        )


def _value(finding: Finding, key: str) -> str:
    if key == "rule":
        return finding.rule
    if key == "severity":
        return finding.severity
    if key == "dataset":
        return finding.dataset
    value = finding.where.get(key)
    return "" if value is None else str(value)


def _holds(clause: Mapping[str, frozenset[str]], finding: Finding) -> bool:
    return all(_value(finding, k) in values for k, values in clause.items())


def parse_selection(texts: Iterable[str]) -> Selection:
    """The selection of `--select` options; a SluitendError (exit 2) naming the bad part
    and what was expected otherwise."""
    clauses: list[Mapping[str, frozenset[str]]] = []
    for text in texts:
        clause: dict[str, set[str]] = {}
        parts = [p.strip() for p in text.split(",")]
        if not text.strip() or any(not p for p in parts):
            raise SluitendError(
                f"--select {text!r}: expected KEY=VALUE[,KEY=VALUE...], e.g. "
                "hoofdstuk=VII,artikel=7"
            )
        for part in parts:
            key, sep, value = (s.strip() for s in part.partition("="))
            key = key.lower()
            if not sep or not value:
                raise SluitendError(
                    f"--select {text!r}: {part!r} is not KEY=VALUE (e.g. hoofdstuk=VII)"
                )
            if key not in KEYS:
                known = "; ".join(f"{k} ({v})" for k, v in KEYS.items())
                raise SluitendError(f"--select {text!r}: unknown key {key!r}; known keys: {known}")
            clause.setdefault(key, set()).add(_checked(text, key, value))
        clauses.append({k: frozenset(v) for k, v in clause.items()})
    return Selection(tuple(clauses))


def _checked(text: str, key: str, value: str) -> str:
    if key == "hoofdstuk":
        code = value.upper()
        if not code.isascii() or not _CHAPTER.fullmatch(code):
            raise SluitendError(
                f"--select {text!r}: {value!r} is not a budget chapter code; expected a Roman "
                "numeral (VII, XVIII, with A or B for IIA, IXB) or a fund letter"
            )
        return code
    if key == "severity":
        if value.lower() not in SEVERITIES:
            raise SluitendError(
                f"--select {text!r}: severity {value!r}; expected one of {', '.join(SEVERITIES)}"
            )
        return value.lower()
    if key == "artikel" and not _ARTICLE.fullmatch(value):
        raise SluitendError(
            f"--select {text!r}: {value!r} is not an article number (expected e.g. 7 or 95)"
        )
    return value


def check_against(selection: Selection, report: Report) -> None:
    """A rule or dataset the report does not have is a mistake (exit 2), not an empty
    selection that passes: say which ones there are."""
    rules = {r.rule for r in report.results} | {f.rule for f in report.findings}
    names = {d.name for d in report.datasets} | {r.dataset for r in report.results}
    for clause in selection.clauses:
        for rule in clause.get("rule", ()):
            if rule not in rules:
                raise SluitendError(
                    f"--select rule={rule}: no such rule in this run; rules run: "
                    f"{', '.join(sorted(rules)) or 'none'}"
                )
        for name in clause.get("dataset", ()):
            if name not in names:
                raise SluitendError(
                    f"--select dataset={name}: no such dataset in this run; datasets: "
                    f"{', '.join(sorted(names)) or 'none'}"
                )


def select(report: Report, selection: Selection) -> Report:
    """`report` with only the findings `selection` matches.

    A grouped consequence that matches while its cause does not becomes a finding of its
    own; a cause that matches keeps only its matching consequences. The rules' `failed`
    counts are recounted in the selection; `extra["selection"]` says what was selected.
    """
    if not selection:
        return report
    kept: list[Finding] = []
    for f in report.findings:
        inside = [c for c in f.consequences if selection.matches(c)]
        if selection.matches(f):
            kept.append(
                dataclasses.replace(f, consequences=tuple(inside))
                if len(inside) != len(f.consequences)
                else f
            )
        else:
            kept.extend(inside)
    failed = Counter(
        (c.dataset, c.rule)
        for f in kept
        for c in (f, *f.consequences)
        if c.kind == "check" and c.severity != "info"
    )
    clause_rules = [set(c["rule"]) for c in selection.clauses if "rule" in c]
    only_rules = set().union(*clause_rules) if len(clause_rules) == len(selection.clauses) else None
    results = tuple(
        dataclasses.replace(r, failed=failed.get((r.dataset, r.rule), 0))
        for r in report.results
        if only_rules is None or r.rule in only_rules
    )
    return dataclasses.replace(
        report,
        findings=tuple(kept),
        results=results,
        truncated=0,
        truncated_counts={},
        selection=selection.text(),
    )


def limit_per_rule(report: Report, most: int) -> Report:
    """`report` with at most `most` findings of each rule per dataset (the first ones:
    most severe first, then in input order); those left out still count and still decide
    the exit code (`truncated_counts`)."""
    seen: Counter[tuple[str, str]] = Counter()
    kept: list[Finding] = []
    dropped: Counter[str] = Counter()
    for f in report.findings:
        key = (f.dataset, f.rule)
        seen[key] += 1
        if seen[key] <= most:
            kept.append(f)
        else:
            dropped.update(c.severity for c in (f, *f.consequences) if c.kind == "check")
    if not dropped:
        return report
    return dataclasses.replace(
        report,
        findings=tuple(kept),
        truncated=report.truncated + sum(dropped.values()),
        truncated_counts=dict(Counter(report.truncated_counts) + dropped),
    )
