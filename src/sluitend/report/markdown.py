"""`markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

A headline with the counts, the overview table first (per dataset and chapter: errors,
warnings, info, the largest difference), the datasets and their rules, then one collapsible
`<details>` section per chapter: per rule its failing figures as the table prints them (one
row per figure, its failing years as columns: stated and, in brackets, the difference;
the bron as file name and line),
and every hint of the figures shown as a bullet under the table, named in words. At most
`max_rows` figures per rule and chapter ("… and N more"). The whole text stays within
`max_chars` (65.536, GitHub's limit for a comment): a section that would not fit is left
out, and a closing note says how many and where every finding is (`--format json`).
Every text from the data is escaped (`escape.markdown`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any, ClassVar

from sluitend.engine.findings import NOTHING_CHECKED, Report
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import (
    coverage_line,
    dataset_names,
    plural,
    short_bron,
    totals_line,
)
from sluitend.report.dutch import amount
from sluitend.report.overview import (
    LIKELY_CAUSE,
    Area,
    ChapterOverview,
    FigureRow,
    Overview,
    figure_rows,
    overview,
)
from sluitend.vocabulary import SEVERITY_RANK, layout_of

ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
#: GitHub refuses a comment longer than this many characters.
COMMENT_LIMIT = 65_536


def cell(text: object) -> str:
    """Text safe inside a table cell or a heading: HTML-escaped, Markdown's own characters
    (pipes too) as character references, line breaks as spaces (`escape.markdown`)."""
    return escape.markdown(str(text))


def code(text: object) -> str:
    """Inline code (a file name, a bron), HTML-escaped: a backtick span would show the
    character references literally, so this is a `<code>` element."""
    return f"<code>{escape.markdown(str(text))}</code>"


def _years(years: Iterable[int | None]) -> str:
    known = sorted(y for y in years if y is not None)
    if len(known) > 2 and known == list(range(known[0], known[-1] + 1)):
        return f"{known[0]}–{known[-1]}"
    return ", ".join(str(y) for y in dict.fromkeys(known))


def _counts(a: Area) -> str:
    return " | ".join(str(amount(a.counts.of(s))) for s in ("error", "warning", "info"))


def _overview(ov: Overview) -> list[str]:
    out = [
        "| dataset | chapter | errors | warnings | info | likely causes | largest difference |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for d in ov.datasets:
        for c in d.chapters:
            a = c.chapter
            out.append(
                f"| {cell(d.dataset)} | {cell(a.name)} | {_counts(a)} "
                f"| {amount(a.counts.likely_causes)} | {amount(a.largest, signed=True)} |"
            )
    return [*out, ""]


def _figure_table(rows: Sequence[FigureRow], first: int, phases: bool) -> list[str]:
    years = sorted({y for r in rows for y in r.years if y is not None})
    none = any(y is None for r in rows for y in r.years)
    heads = [str(y) for y in years] + ([""] if none else [])
    out = [
        "| # | sev | figure | place | " + " | ".join(heads) + " | bron |",
        "|---|---|---|---|" + "---:|" * len(heads) + "---|",
    ]
    for i, r in enumerate(rows, first):
        cells = {c.jaar: c for c in r.cells}
        values = []
        for y in [*years, *([None] if none else [])]:
            c = cells.get(y)
            if c is None:
                values.append("")
                continue
            stated = "pm" if c.pm else amount(c.actual)
            diff = "" if c.difference is None else f" ({amount(c.difference, signed=True)})"
            mark = " ◆" if c.likely_cause else ""
            values.append(f"{stated}{diff}{mark}")
        label = cell(r.label or "(no label)")
        if r.likely_cause:
            label += f" ◆ {LIKELY_CAUSE}"
        place = cell(r.place)
        if phases and r.fase:
            place = cell(f"{r.fase} {r.where.get('begrotingsjaar', '')} · {r.place}")
        out.append(
            f"| {i} | {r.severity} | {label} | {place} | "
            + " | ".join(values)
            + f" | {code(short_bron(r.bron))} |"
        )
    return out


def _notes(rows: Sequence[FigureRow], first: int) -> list[str]:
    out: list[str] = []
    for i, r in enumerate(rows, first):
        for cause in r.causes:
            out.append(f"- #{i} **{LIKELY_CAUSE}**: {cell(cause)}")
        for label, bron in r.follows_from:
            out.append(
                f"- #{i} follows from {cell(label or '(no label)')} ({code(short_bron(bron))})"
            )
        for h in r.hints:
            years = _years(h.years)
            suggested = h.suggested[0] if h.suggested else None
            more = "" if suggested is None else f" Suggested: **{amount(suggested)}**."
            out.append(
                f"- #{i} {cell(h.name)}{' (' + years + ')' if years else ''}: "
                f"{cell(h.explanation)}{more} ({code(short_bron(h.bron))})"
            )
        reasons: dict[str, list[int | None]] = {}
        for c in r.cells:
            if c.reason:
                reasons.setdefault(c.reason, []).append(c.jaar)
        for text, given in reasons.items():
            span = _years(given)
            out.append(f"- #{i} info{' (' + span + ')' if span else ''}: {cell(text)}")
    return out


class MarkdownReporter(Reporter):
    """GitHub-flavoured Markdown.

    Options:
        max_rows: figures shown per rule and chapter before "… and N more" (default 20).
        max_chars: the most characters the text may have (default 65.536, a GitHub
            comment's limit); chapters that do not fit are left out, with a note.
    """

    name = "markdown"
    extension = "md"
    OPTIONS: ClassVar[dict[str, Any]] = {"max_rows": 20, "max_chars": COMMENT_LIMIT}

    def _chapter(self, report: Report, ov: Overview, c: ChapterOverview, phases: bool) -> list[str]:
        a = c.chapter
        counts = ", ".join(
            plural(a.counts.of(s), s) for s in ("error", "warning", "info") if a.counts.of(s)
        )
        icon = ICONS.get(a.counts.worst, "")
        out = [
            "<details>",
            f"<summary>{icon} {cell(a.dataset)} · <b>{cell(a.name)}</b>: {counts}"
            f"{' · largest difference ' + amount(a.largest, signed=True) if a.largest else ''}"
            "</summary>",
            "",
        ]
        refs = [i for i in a.refs if ov.findings[i].label != NOTHING_CHECKED]
        rows = figure_rows(ov, refs=refs)
        titles = {(r.dataset, r.rule): r.title for r in report.results}
        by_rule: dict[str, list[FigureRow]] = {}
        for r in rows:
            by_rule.setdefault(r.rule, []).append(r)
        order = [r.rule for r in report.results if r.dataset == a.dataset]
        rank = {rule: i for i, rule in enumerate(dict.fromkeys(order))}
        number = 1  # figures are numbered through the chapter; hints name the number
        for rule, mine in sorted(by_rule.items(), key=lambda kv: rank.get(kv[0], len(rank))):
            mine.sort(key=lambda r: -SEVERITY_RANK.get(r.severity, 0))
            shown = mine[: self.options["max_rows"]]
            title = titles.get((a.dataset, rule), "") if rule else LIKELY_CAUSE
            out += [f"#### {cell(rule or LIKELY_CAUSE)} {cell(title)}".rstrip(), ""]
            out += _figure_table(shown, number, phases)
            hidden = sum(len(r.cells) for r in mine[len(shown) :])
            if hidden:
                out.append(
                    f"\n… and {amount(hidden)} more findings of {cell(rule)} "
                    f"({plural(len(mine) - len(shown), 'figure')}): --format json has all"
                )
            notes = _notes(shown, number)
            if notes:
                out += ["", *notes]
            out.append("")
            number += len(shown)
        return [*out, "</details>", ""]

    def render_to(self, report: Report, out: IO[str]) -> None:
        """The Markdown text, ending in one newline, at most `max_chars` long, written a
        chapter at a time."""
        pending = ""  # line breaks held back: the text ends in exactly one
        for piece in self.stream(report):
            text = piece.rstrip("\n")
            if text:
                out.write(pending + text)
                pending = ""
            pending += piece[len(text) :]
        out.write("\n")

    def stream(self, report: Report) -> Iterable[str]:
        """The text in pieces: the head, then one piece per chapter that fits."""
        ov = overview(report)
        icon = "❌" if report.count("error") else "⚠️" if report.count("warning") else "✅"
        ruleset = f" ({cell(report.ruleset)})" if report.ruleset else ""
        head = [f"## {icon} sluitend{ruleset}: {totals_line(report)}", ""]
        if ov.counts.likely_causes:
            head += [f"{plural(ov.counts.likely_causes, 'likely cause')} found.", ""]
        if report.selection:
            head += [
                f"Selection {code(report.selection)} (--select): findings outside it are not shown "
                "and not counted.",
                "",
            ]
        if ov.datasets:
            head += _overview(ov)
        head += [
            "| dataset | rows | rules | errors | warnings | info |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        rows = {d.name: d.rows for d in report.datasets}
        for name in dataset_names(report):
            n_rules = len({r.rule for r in report.results if r.dataset == name})
            d = ov.dataset(name)
            e, w, i = (d.counts.error, d.counts.warning, d.counts.info) if d else (0, 0, 0)
            head.append(
                f"| {cell(name)} | {amount(rows.get(name))} | {n_rules} | {e} | {w} | {i} |"
            )
        head.append("")
        summaries = {d.name: d for d in report.datasets}
        lines = [
            f"- {cell(name)}: {cell(coverage_line(summaries[name]))}"
            for name in dataset_names(report)
            if name in summaries and coverage_line(summaries[name])
        ]
        lines += [
            f"- {cell(d.name)}: note: {cell(note)}" for d in report.datasets for note in d.notes
        ]
        lines += [
            f"- {cell(f.dataset)}: ⚠️ {cell(f.message)}"
            for f in ov.findings
            if f.label == NOTHING_CHECKED
        ]
        if lines:
            head += [*lines, ""]
        if report.truncated:
            head += [f"{report.truncated} more findings were left out (--max-findings).", ""]
        baseline = report.baseline
        if baseline is not None:
            head += [
                f"Baseline {code(baseline.path)}: "
                f"{baseline.suppressed} known findings suppressed, "
                f"{baseline.disappeared} disappeared.",
                "",
            ]
        limit = int(self.options["max_chars"])
        reserve = 400  # room for the closing note
        text = "\n".join(head)
        used = len(text)
        yield text
        kinds = {d.name: d.kind for d in report.datasets}
        left: list[str] = []
        for d in ov.datasets:
            phases = layout_of(kinds.get(d.dataset, "")).phases_side_by_side()
            for c in d.chapters:
                if left:
                    left.append(c.chapter.name)
                    continue
                piece = "\n" + "\n".join(self._chapter(report, ov, c, phases))
                if used + len(piece) > limit - reserve:
                    left.append(c.chapter.name)
                    continue
                used += len(piece)
                yield piece
        if left:
            yield (
                f"\n**Cut to fit a pull-request comment ({amount(limit)} characters):** "
                f"{plural(len(left), 'more chapter')} not shown here; every finding is in "
                "`--format json` (or narrow the report with `--select`).\n"
            )
        else:
            yield "\n"
