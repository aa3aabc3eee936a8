"""`rich`: the report a person reads in a terminal.

Summary first: one line with the counts, then per dataset its facts and an overview per
chapter (or per article, when the report covers one chapter) with errors, warnings, info
and the largest difference, so the first screen answers "what is wrong, and how badly".
Then the checklist of every rule run, then per failing rule its figures as the table
prints them (`overview.figure_rows`): one row per figure with its failing years as
columns, the hints grouped under it in words, a likely cause said as "likely cause" once.
At most `max_per_rule` figures per rule are drawn ("… and 1.234 more: --all or --format
json"); `SLUITEND_MAX_SHOWN` bounds the rows of the whole report even with `--all`.

At 100 columns or more a rule's figures are a table with the years as columns; below
that (or when the years do not fit) each figure is a short stacked block, a line per
year. When the report covers one file, a bron is shown as `:line`. Without colour (not a
terminal, or NO_COLOR) the same layout is plain text, at a fixed width, so it is identical
on every machine. Every text from the data is escaped for the terminal as it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from io import StringIO
from typing import IO, Any, ClassVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sluitend.engine.coverage import COVERAGE_RULE
from sluitend.engine.findings import NOTHING_CHECKED, DatasetSummary, Finding, Report, RuleResult
from sluitend.engine.reconcile import PAIR_SEPARATOR
from sluitend.limits import limit
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import coverage_line, dataset_names, parse_bron, plural, short_bron
from sluitend.report.dutch import amount, unit_label
from sluitend.report.overview import (
    LIKELY_CAUSE,
    Area,
    DatasetOverview,
    FigureRow,
    FigureRows,
    Overview,
    YearCell,
    figure_rows,
    overview,
)
from sluitend.vocabulary import SEVERITY_RANK, layout_of

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_SHORT = {"error": "error", "warning": "warn", "info": "info"}
#: Below this width a figure is a stacked block, not a table row.
NARROW = 100
#: Figures drawn per rule unless the caller says otherwise (`--max-findings`, `--all`).
DEFAULT_PER_RULE = 10


def t(text: object) -> str:
    """Data text, safe in a terminal."""
    return escape.terminal(str(text))


def years_text(years: Sequence[int | None]) -> str:
    """ "2015", "2015–2017" for a run, "2015, 2017" otherwise."""
    known = sorted(y for y in years if y is not None)
    if not known:
        return ""
    if len(known) > 2 and known == list(range(known[0], known[-1] + 1)):
        return f"{known[0]}–{known[-1]}"
    return ", ".join(str(y) for y in dict.fromkeys(known))


class _Style:
    """What the whole report shares: how a bron is shown."""

    def __init__(self, report: Report) -> None:
        paths = {parse_bron(d.source).path for d in report.datasets if d.source}
        self.one_file = len(paths) == 1

    def bron(self, bron: str) -> str:
        if self.one_file:
            parsed = parse_bron(bron)
            if parsed.line is not None:
                return f":{parsed.line}"
            if parsed.cell:
                return f"!{t(parsed.cell)}"
        return t(short_bron(bron))


# -- overview ------------------------------------------------------------------------------


#: The checklist's title of the chapters no sum rule checked (a finding, not a rule).
COVERAGE_TITLE = "Chapters with no total checked by a sum rule"
#: A dataset's notes (readings its reader chose) drawn unless --all: the 2017 file has 21.
NOTES_SHOWN = 5
#: The widest a chapter's or article's name is drawn in the overview.
OVERVIEW_NAME_WIDTH = 32


def _largest(area: Area | DatasetOverview) -> str:
    return amount(area.largest, signed=True)


def _overview_table(d: DatasetOverview) -> RenderableType:
    """Chapters (or, for one chapter, its articles) with their counts, worst first."""
    one_chapter = len(d.chapters) == 1
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
    # A long chapter title (III's Commissie van Toezicht ...) is cut, not the counts: the
    # numbers and their headers are what this table is read for.
    table.add_column(
        "article" if one_chapter else "chapter",
        no_wrap=True,
        max_width=OVERVIEW_NAME_WIDTH,
        overflow="ellipsis",
    )
    for name in ("errors", "warnings", "info", "largest difference"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    if not one_chapter:
        table.add_column("articles with errors (most first)", ratio=1)
    if one_chapter:
        chapter = d.chapters[0]
        areas = [chapter.chapter, *chapter.articles]
        if len(chapter.articles) == 1 and chapter.articles[0].counts == chapter.chapter.counts:
            areas = list(chapter.articles)  # the chapter row would repeat its one article
        elif not chapter.articles:
            areas = [chapter.chapter]
        for a in areas:
            name = t(a.name) if a.artikel else f"{t(a.name)} (whole chapter)"
            table.add_row(name, *_count_cells(a), _largest(a))
        return table
    for c in d.chapters:
        worst = sorted(c.articles, key=lambda a: (-a.counts.error, -a.counts.total))
        listed = [a for a in worst if a.counts.error][:4]
        text = ", ".join(f"{t(a.artikel)} ({amount(a.counts.error)})" for a in listed)
        rest = sum(1 for a in c.articles if a.counts.error) - len(listed)
        if rest > 0:
            text += f", … {rest} more"
        table.add_row(t(c.chapter.name), *_count_cells(c.chapter), _largest(c.chapter), text)
    return table


def _count_cells(a: Area) -> list[Text]:
    return [
        Text(amount(a.counts.of(s)) if a.counts.of(s) else "", style=SEVERITY_STYLE[s])
        for s in ("error", "warning", "info")
    ]


# -- the checklist ---------------------------------------------------------------------------


def _rule_counts(rows: Sequence[FigureRow]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in rows:
        for c in r.cells:
            counts[c.severity] = counts.get(c.severity, 0) + 1
    return counts


def _failed_text(rule: str, result: RuleResult | None, counts: dict[str, int]) -> str:
    """The rule's failures, said the same way on its checklist line and in its header.

    COVERAGE's findings are chapters no sum rule checked: nothing failed there, so they are
    counted as not checked."""
    failed = result.failed if result else counts["error"] + counts["warning"]
    verb = "not checked" if rule == COVERAGE_RULE else "failed"
    parts = [f"{amount(failed)} {verb}"] if failed else []
    if counts["info"]:
        parts.append(f"{amount(counts['info'])} info")
    return " · ".join(parts)


def _checklist(
    results: Sequence[tuple[str, str, RuleResult | None, dict[str, int]]],
    idle: dict[str, list[Finding]],
) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(width=1)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for rule, title, r, counts in results:
        failed = r.failed if r else counts["error"] + counts["warning"]
        # A finding without a rule result (COVERAGE) is drawn in its findings' severity.
        worst = next((s for s in ("error", "warning", "info") if counts.get(s)), "error")
        severity = r.severity if r else worst
        quiet = idle.get(rule, [])
        if failed and rule == COVERAGE_RULE:
            # Chapters no rule reached: unproven, not wrong.
            mark = Text("!", style=SEVERITY_STYLE.get(severity, ""))
        elif failed:
            mark = Text("✘", style=SEVERITY_STYLE.get(severity, ""))
        elif quiet or (r is not None and r.checked == 0):
            # 0 checked proves nothing: never a green tick.
            mark = Text("!", style=SEVERITY_STYLE["warning"])
        elif counts["info"]:
            mark = Text("i", style="cyan")
        else:
            mark = Text("✔", style="green")
        table.add_row(
            mark,
            Text(t(rule), style="bold"),
            t(title),
            f"{amount(r.checked)} checked" if r else "",
            _failed_text(rule, r, counts),
            f"{amount(r.not_checkable)} not checkable" if r and r.not_checkable else "",
        )
        for finding in quiet:
            reason = t(finding.message.removeprefix(f"{finding.rule} "))
            table.add_row("", "", Text(reason, style=SEVERITY_STYLE["warning"]), "", "", "")
    return table


# -- figures ---------------------------------------------------------------------------------


def _cell_text(c: YearCell) -> Text:
    """A year's cell: the stated figure over its difference (pm as pm)."""
    style = SEVERITY_STYLE.get(c.severity, "")
    text = Text()
    text.append("pm" if c.pm else amount(c.actual) or "·")
    if c.difference is not None:
        text.append("\n")
        text.append(amount(c.difference, signed=True), style=style)
    if c.likely_cause:
        text.append(" ◆", style="bold")
    return text


def _notes(row: FigureRow, style: _Style) -> list[Text]:
    """The lines under a figure: likely cause, what explains it, hints, reasons."""
    lines: list[Text] = []
    for cause in row.causes:
        line = Text(f"◆ {LIKELY_CAUSE}", style="bold")
        line.append(f": {t(cause)}")
        lines.append(line)
    for label, bron in row.follows_from:
        line = Text("↳ follows from ", style="italic")
        line.append(f"{t(label or '(no label)')} {style.bron(bron)}")
        lines.append(line)
    for h in row.hints:
        years = years_text(h.years)
        line = Text(f"↳ {h.name}", style="italic")
        if years:
            line.append(f" ({years})")
        line.append(f": {t(h.explanation)}")
        if h.suggested and h.suggested[0] is not None:
            line.append(f" Suggested: {amount(h.suggested[0])}.")
        if h.bron and h.bron != row.bron:
            line.append(f" {style.bron(h.bron)}", style="dim")
        lines.append(line)
    reasons: dict[str, list[int | None]] = {}
    for c in row.cells:
        if c.reason:
            reasons.setdefault(c.reason, []).append(c.jaar)
    for text, given in reasons.items():
        line = Text("info", style="cyan")
        span = years_text(given)
        line.append(f"{' (' + span + ')' if span else ''}: {t(text)}")
        lines.append(line)
    return lines


def _figure_head(row: FigureRow, phases: bool) -> Text:
    head = Text(t(row.label or "(no label)"), style="bold")
    head.append("\n")
    place = t(row.place)
    if phases and row.fase:
        jaar = row.where.get("begrotingsjaar")
        place = f"{t(row.fase)}{' ' + t(jaar) if jaar else ''} · {place}"
    head.append(place, style="dim")
    return head


def _severity_text(row: FigureRow) -> Text:
    return Text(
        SEVERITY_SHORT.get(row.severity, row.severity), style=SEVERITY_STYLE.get(row.severity, "")
    )


def _year_widths(rows: Sequence[FigureRow]) -> dict[int | None, int]:
    widths: dict[int | None, int] = {}
    for r in rows:
        for c in r.cells:
            w = max(
                len(str(c.jaar or "")),
                len(amount(c.actual)),
                len(amount(c.difference, signed=True)) + (2 if c.likely_cause else 0),
            )
            widths[c.jaar] = max(widths.get(c.jaar, 4), w)
    return dict(sorted(widths.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))


def _wide(rows: Sequence[FigureRow], style: _Style, phases: bool, width: int) -> Table | None:
    """The figures as a table with a column per year; None when the years leave the
    figure column fewer than 48 characters (labels and hints need room)."""
    widths = _year_widths(rows)
    brons = max([4, *(len(style.bron(r.bron)) for r in rows)])
    need = 4 + 7 + 50 + sum(w + 2 for w in widths.values()) + brons + 2
    if width < NARROW or need > width:
        return None
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, expand=True)
    table.add_column("", no_wrap=True, width=5)
    table.add_column("figure", ratio=1, min_width=48)
    for y, w in widths.items():
        table.add_column("" if y is None else str(y), justify="right", no_wrap=True, min_width=w)
    table.add_column("bron", no_wrap=True)
    for r in rows:
        cells = {c.jaar: c for c in r.cells}
        year_cells: list[RenderableType] = [
            _cell_text(cells[y]) if y in cells else Text("") for y in widths
        ]
        table.add_row(_severity_text(r), _figure_head(r, phases), *year_cells, style.bron(r.bron))
        for note in _notes(r, style):
            table.add_row("", note, *([""] * (len(year_cells))), "")
    return table


_LABEL_WIDTH = 10


def _aligned(
    text: Text,
    label: str,
    cells: Sequence[YearCell],
    widths: dict[int | None, int],
    value: Callable[[YearCell], str],
    style: Callable[[YearCell], str] = lambda c: "",
) -> None:
    """One more line of `_years_across`: its label, then each year's value right-aligned."""
    text.append("\n")
    text.append(f"{label:<{_LABEL_WIDTH}}", style="dim")
    for c in cells:
        text.append(f"  {value(c):>{widths[c.jaar]}}", style=style(c))


def _years_across(row: FigureRow, width: int) -> Text | None:
    """A figure's failing years side by side (stated, expected, difference), as plain
    aligned text (cheap to draw, and a terminal is monospaced); None if they do not fit."""
    widths = _year_widths([row])
    cells = list(row.cells)  # a figure stated twice has two cells of one year
    if 12 + sum(widths[c.jaar] + 2 for c in cells) > width:
        return None
    text = Text(" " * _LABEL_WIDTH, style="dim")
    for c in cells:
        text.append(f"  {'' if c.jaar is None else c.jaar:>{widths[c.jaar]}}", style="dim")
    _aligned(text, "stated", cells, widths, lambda c: "pm" if c.pm else amount(c.actual))
    if any(c.expected is not None for c in cells):
        _aligned(text, "expected", cells, widths, lambda c: amount(c.expected))
    if any(c.difference is not None for c in cells):
        _aligned(
            text,
            "difference",
            cells,
            widths,
            lambda c: amount(c.difference, signed=True) + (" ◆" if c.likely_cause else ""),
            lambda c: SEVERITY_STYLE.get(c.severity, ""),
        )
    return text


def _years_down(row: FigureRow) -> Table:
    """A figure's failing years one per line, for the narrowest terminals."""
    years = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    years.add_column(no_wrap=True)
    years.add_column(justify="right", no_wrap=True)
    years.add_column()
    for c in row.cells:
        stated = "pm" if c.pm else amount(c.actual)
        diff = Text("")
        if c.difference is not None:
            diff = Text(
                f"{amount(c.difference, signed=True)} against {amount(c.expected)}",
                style=SEVERITY_STYLE.get(c.severity, ""),
            )
        if c.likely_cause:
            diff.append(f" ◆ {LIKELY_CAUSE}", style="bold")
        years.add_row(str(c.jaar) if c.jaar is not None else "", stated, diff)
    return years


def _stacked(rows: Sequence[FigureRow], style: _Style, phases: bool, width: int) -> RenderableType:
    """Each figure as a short block: label and bron, its place, its failing years (side
    by side when they fit, else a line each), then its notes."""
    parts: list[RenderableType] = []
    for r in rows:
        head = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
        head.add_column(width=5, no_wrap=True)
        head.add_column(ratio=1)
        head.add_column(no_wrap=True, justify="right")
        head.add_row(_severity_text(r), _figure_head(r, phases), style.bron(r.bron))
        years = _years_across(r, width - 10) or _years_down(r)
        parts += [head, Padding(Group(years, *_notes(r, style)), (0, 0, 0, 6)), Text("")]
    return Group(*parts)


def _rule_section(
    rule: str,
    title: str,
    result: RuleResult | None,
    rows: Sequence[FigureRow],
    counts: dict[str, int],
    omitted: tuple[int, int],
    *,
    most: int | None,
    width: int,
    style: _Style,
    phases: bool,
    room: list[int],
) -> RenderableType:
    severity = result.severity if result else (rows[0].severity if rows else "error")
    head = Text.assemble(
        (f"{t(rule)} ", "bold"),
        t(title),
        " · ",
        (severity, SEVERITY_STYLE.get(severity, "")),
        f" · {_failed_text(rule, result, counts)}",
    )
    ranked = sorted(rows, key=lambda r: -SEVERITY_RANK.get(r.severity, 0))  # stable
    cap = len(ranked) if most is None else most
    cap = max(0, min(cap, room[0]))
    shown = ranked[:cap]
    room[0] -= len(shown)
    parts: list[RenderableType] = [head]
    if shown:
        drawn = _wide(shown, style, phases, width) or _stacked(shown, style, phases, width)
        parts.append(drawn)
    hidden = sum(len(r.cells) for r in ranked[cap:]) + omitted[0]
    figures = len(ranked) - cap + omitted[1]
    if hidden:
        why = (
            "--all or --format json"
            if most is not None and cap == most
            else ("SLUITEND_MAX_SHOWN rows drawn in all; --format json has every finding")
        )
        parts.append(
            Text(
                f"… and {amount(hidden)} more {'finding' if hidden == 1 else 'findings'}"
                f" of {t(rule)} ({plural(figures, 'figure')}): {why}",
                style="italic",
            )
        )
    return Group(*parts)


def _legend(summary: DatasetSummary | None) -> Text:
    unit = unit_label(summary.unit, summary.kind) if summary else ""
    text = "per failing year: the stated figure and its difference from what the rule expects"
    amounts = f"amounts {unit}; " if unit and unit != "%" else ""
    return Text(f"{amounts}{text}; ◆ {LIKELY_CAUSE}", style="dim")


def _dataset(
    report: Report,
    ov: Overview,
    name: str,
    summary: DatasetSummary | None,
    opts: dict[str, Any],
    style: _Style,
    room: list[int],
) -> list[RenderableType]:
    """One dataset's part of the report: its heading and facts, the chapter overview, the
    checklist of its rules, then a section per rule with the figures drawn."""
    parts = _dataset_head(name, summary, every=opts["max_per_rule"] is None)
    d = ov.dataset(name)
    if d is not None and any(c.chapter.hoofdstuk for c in d.chapters):
        parts += [Text(""), Padding(_overview_table(d), (0, 0, 0, 2))]
    idle = _idle_rules(ov, name)
    mine = [i for c in d.chapters for i in c.chapter.refs] if d is not None else []
    refs = [i for i in mine if ov.findings[i].label != NOTHING_CHECKED]
    counts = _check_counts(ov, refs)
    most = opts["max_per_rule"]
    rows = figure_rows(ov, refs=refs, most_per_rule=most) if refs else FigureRows()
    omitted = getattr(rows, "omitted", {})
    by_rule: dict[str, list[FigureRow]] = {}
    for r in rows:
        by_rule.setdefault(r.rule, []).append(r)
    results = {r.rule: r for r in report.results if r.dataset == name}
    titles = {COVERAGE_RULE: COVERAGE_TITLE, **{r.rule: r.title for r in report.results}}
    order = list(dict.fromkeys([*results, *by_rule, *idle]))
    phases = bool(summary and layout_of(summary.kind).phases_side_by_side()) or (
        len({(r.fase, r.where.get("begrotingsjaar")) for r in rows}) > 1
    )
    listed = [
        (
            rule,
            titles.get(rule, ""),
            results.get(rule),
            counts.get(rule, {"error": 0, "warning": 0, "info": 0}),
        )
        for rule in order
        if rule
    ]
    parts.append(Text(""))
    if listed:
        parts.append(Padding(_checklist(listed, idle), (0, 0, 0, 2)))
    else:
        parts.append(Text("  no rules apply to this dataset", style="dim"))
    if rows or omitted:
        parts += [Text(""), Padding(_legend(summary), (0, 0, 0, 2))]
    order += [r for r in omitted if r not in order]
    for rule in order:
        if by_rule.get(rule) or rule in omitted:
            title = titles.get(rule, "") if rule else "figures that explain failed checks"
            section = _rule_section(
                rule or LIKELY_CAUSE,
                title,
                results.get(rule),
                by_rule.get(rule, []),
                counts.get(rule, _rule_counts(by_rule.get(rule, []))),
                omitted.get(rule, (0, 0)),
                most=most,
                width=opts["width"],
                style=style,
                phases=phases,
                room=room,
            )
            parts += [Text(""), Padding(section, (0, 0, 0, 2))]
    return parts


def _dataset_head(name: str, summary: DatasetSummary | None, every: bool) -> list[RenderableType]:
    """The dataset's name and kind, its source, size and unit, the reader's notes (the first
    few unless `every`) and its coverage line; a pair of datasets says what it compares."""
    head = Text(t(name), style="bold underline")
    if summary is not None:
        head.append(f" ({t(summary.kind)})")
        facts = Text(
            f"source {t(summary.source)} · {plural(summary.rows, 'row')}"
            f" · {unit_label(summary.unit, summary.kind)}",
            style="dim",
        )
    elif PAIR_SEPARATOR in name:
        facts = Text("rules over two datasets: each figure against its counterpart", style="dim")
    else:
        facts = Text("")
    parts: list[RenderableType] = [head, facts]
    if summary is None:
        return parts
    shown = summary.notes if every else summary.notes[:NOTES_SHOWN]
    for note in shown:
        parts.append(Text(f"note: {t(note)}", style=SEVERITY_STYLE["warning"]))
    if len(summary.notes) > len(shown):
        more = len(summary.notes) - len(shown)
        parts.append(
            Text(
                f"note: … and {amount(more)} more (--all or --format json lists them)",
                style=SEVERITY_STYLE["warning"],
            )
        )
    line = coverage_line(summary)
    if line:
        parts.append(Text(t(line), style="dim"))
    return parts


def _idle_rules(ov: Overview, name: str) -> dict[str, list[Finding]]:
    """The dataset's rules that compared no figure, with their findings: such a rule is said
    on its checklist line, not drawn as a figure."""
    idle: dict[str, list[Finding]] = {}
    for f in ov.findings:
        if f.dataset == name and f.label == NOTHING_CHECKED:
            idle.setdefault(f.rule, []).append(f)
    return idle


def _check_counts(ov: Overview, refs: list[int]) -> dict[str, dict[str, int]]:
    """Per rule, its check findings by severity: counted over every finding, whereas rows
    are built only for the figures drawn."""
    counts: dict[str, dict[str, int]] = {}
    for i in refs:
        f = ov.findings[i]
        if f.kind == "check":
            tally = counts.setdefault(f.rule, {"error": 0, "warning": 0, "info": 0})
            tally[f.severity] = tally.get(f.severity, 0) + 1
    return counts


def _summary_line(report: Report, ov: Overview, show_timing: bool) -> Text:
    worst = "error" if report.count("error") else "warning" if report.count("warning") else ""
    line = Text(
        ", ".join(plural(report.count(s), s) for s in ("error", "warning", "info")),
        style=SEVERITY_STYLE.get(worst, "green"),
    )
    if ov.counts.likely_causes:
        line.append(f" ({plural(ov.counts.likely_causes, 'likely cause')})")
    rules = len({r.rule for r in report.results})
    line.append(
        f" · {plural(len(report.datasets), 'dataset')}, "
        f"{plural(sum(d.rows for d in report.datasets), 'row')}, {plural(rules, 'rule')}"
    )
    if show_timing:
        seconds = report.seconds if report.run_seconds is None else report.run_seconds
        line.append(f" · {amount(round(seconds, 2))} s")
    return line


def _footer(report: Report, ov: Overview, show_timing: bool) -> Text:
    line = _summary_line(report, ov, show_timing)
    if report.selection:
        line.append(
            f"\nselection {t(report.selection)}: findings outside it are not shown or counted"
        )
    if report.truncated:
        line.append(f"\n{plural(report.truncated, 'more finding')} not shown (--max-findings)")
    baseline = report.baseline
    if baseline is not None:
        line.append(
            f"\nbaseline {t(baseline.path)}: "
            f"{plural(baseline.suppressed, 'known finding')} suppressed, "
            f"{baseline.disappeared} disappeared"
        )
        for was, now in baseline.renamed.items():
            line.append(
                f"\nbaseline dataset {t(was)} matched to {t(now)} (same kind, renamed file)"
            )
    return line


def make_console(color: bool, width: int) -> tuple[Console, StringIO]:
    """A console writing into a string: ANSI only with `color`, at a fixed width, with no
    markup, highlighting or emoji codes interpreted (labels are data, not markup)."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    return console, buffer


class RichReporter(Reporter):
    """The terminal report.

    Options:
        color: emit ANSI colour (default False: plain text; see `base.use_color`).
        width: the line width (default 120).
        show_timing: print the run's time in the summary (default True): the whole run's
            (`report.run_seconds`, set by the command line) when known, else
            the engine's.
        max_per_rule: figures drawn per rule (default 10); None draws every one, up to
            `SLUITEND_MAX_SHOWN` in the whole report.
    """

    name = "rich"
    extension = "txt"
    OPTIONS: ClassVar[dict[str, Any]] = {
        "color": False,
        "width": 120,
        "show_timing": True,
        "max_per_rule": DEFAULT_PER_RULE,
    }

    def render_to(self, report: Report, out: IO[str]) -> None:
        """The report as text (with ANSI codes when `color`), written as it is drawn."""
        for piece in self.stream(report):
            out.write(piece)

    def stream(self, report: Report) -> Iterable[str]:
        """The report in pieces (the summary, then a piece per part of each dataset), so
        that what is drawn is written before the next part is."""
        console, buffer = make_console(self.options["color"], self.options["width"])
        ov = overview(report)
        style = _Style(report)
        room = [limit("SLUITEND_MAX_SHOWN").value]
        summaries = {d.name: d for d in report.datasets}
        title = Text("sluitend", style="bold")
        if report.ruleset:
            title.append(f" · {t(report.ruleset)}")
        console.print(title)
        console.print(_summary_line(report, ov, self.options["show_timing"]))
        if report.selection:
            console.print(Text(f"selection {t(report.selection)} (--select)", style="bold"))
        yield _flush(buffer)
        for name in dataset_names(report):
            console.print()
            # Each part drawn and written before the next: a rule's figures at a time.
            for part in _dataset(report, ov, name, summaries.get(name), self.options, style, room):
                console.print(part)
                yield _flush(buffer)
        console.print()
        console.print(_footer(report, ov, self.options["show_timing"]))
        yield _flush(buffer)


def _flush(buffer: StringIO) -> str:
    # Rich pads every line to the width; trailing blanks only make golden files brittle.
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
