"""Rendering a `DiffReport` (`sluitend diff`) as rich text, JSON or Markdown.

Same layout in rich and Markdown: the two versions, the counts, the changed, added and
removed figures (Dutch amounts, capped at `max_rows` with "… and N more"), the summary per
artikel and jaar, then the findings the change introduced and resolved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sluitend.engine.diff import DiffReport, FrameDiff
from sluitend.engine.findings import Finding
from sluitend.report import escape
from sluitend.report.base import DIFF_FORMATS
from sluitend.report.common import plural, short_bron
from sluitend.report.document import diff_document
from sluitend.report.dutch import amount, place
from sluitend.report.markdown import cell, code
from sluitend.report.rich_report import SEVERITY_STYLE, make_console


def _rows(frame: pd.DataFrame, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` rows as dicts, and how many more there are."""
    return frame.head(limit).to_dict(orient="records"), max(0, len(frame) - limit)


def _counts_line(f: FrameDiff) -> str:
    line = (
        f"{amount(len(f.changed))} changed, {amount(len(f.added))} added, "
        f"{amount(len(f.removed))} removed, {amount(f.unchanged)} unchanged"
    )
    if f.duplicates:
        line += f" ({amount(f.duplicates)} repeated figures matched in order of appearance)"
    if f.outside:
        line += f"; {amount(f.outside)} figures of years only one version states left out"
    return line


def _findings_line(diff: DiffReport) -> str:
    return f"{plural(len(diff.introduced), 'finding')} introduced, {len(diff.resolved)} resolved"


def _versions(d: FrameDiff) -> str:
    name = d.new.name if d.new.name == d.old.name else f"{d.old.name} → {d.new.name}"
    return (
        f"{name} ({d.new.kind}): {d.old.source} ({amount(d.old.rows)} rows) → "
        f"{d.new.source} ({amount(d.new.rows)} rows)"
    )


def _figure_tables(f: FrameDiff, limit: int) -> list[tuple[str, list[str], list[list[str]], int]]:
    """(title, header, rows, more) for the changed, added and removed figures."""
    out = []
    rows, more = _rows(f.changed, limit)
    out.append(
        (
            "Changed",
            ["place", "label", "old", "new", "delta", "bron"],
            [
                [
                    place(r),
                    r["label"],
                    amount(r["old"]),
                    amount(r["new"]),
                    amount(r["delta"], signed=True),
                    r["bron_new"],
                ]
                for r in rows
            ],
            more,
        )
    )
    for title, frame in (("Added", f.added), ("Removed", f.removed)):
        rows, more = _rows(frame, limit)
        out.append(
            (
                title,
                ["place", "label", f.value, "bron"],
                [[place(r), r["label"], amount(r[f.value]), r["bron"]] for r in rows],
                more,
            )
        )
    return out


def _summary_rows(f: FrameDiff) -> tuple[list[str], list[list[str]]]:
    s = f.summary
    by = [c for c in ("hoofdstuk", "artikel", "vuo", "jaar") if c in s.columns]
    header = [*by, "changed", "added", "removed"]
    has_total = "total_delta" in s.columns
    if has_total:
        header.append("article total Δ")
    rows = []
    for r in s.to_dict(orient="records"):
        row = [str(r[c]) for c in by] + [str(r["changed"]), str(r["added"]), str(r["removed"])]
        if has_total:
            row.append(amount(r["total_delta"], signed=True))
        rows.append(row)
    return header, rows


def _finding_rows(findings: tuple[Finding, ...], limit: int) -> tuple[list[list[str]], int]:
    rows = [[f.severity, f.rule, place(f.where), f.message, f.bron] for f in findings[:limit]]
    return rows, max(0, len(findings) - limit)


# --- rich ---------------------------------------------------------------------------------


def _rich_table(
    title: str, header: list[str], rows: list[list[str]], more: int, numeric: set[str]
) -> RenderableType:
    table = Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        title_justify="left",
        title=f"{title} ({len(rows) + more})",
        expand=False,
    )
    for h in header:
        # Numbers and bron stay on one line; place and message wrap.
        table.add_column(
            h,
            justify="right" if h in numeric else "left",
            no_wrap=h in numeric or h == "bron",
            overflow="fold",
        )
    bron_at = header.index("bron") if "bron" in header else None
    for row in rows:
        row = [escape.terminal(str(v)) for v in row]  # labels and places are data
        if bron_at is not None:  # a terminal shows the file name; json/markdown keep it whole
            row = [*row[:bron_at], short_bron(row[bron_at]), *row[bron_at + 1 :]]
        styled = (
            [Text(row[0], style=SEVERITY_STYLE.get(row[0], "")), *row[1:]]
            if header[0] == "sev"
            else row
        )
        table.add_row(*styled)
    parts: list[RenderableType] = [table]
    if more:
        parts.append(Text(f"… and {more} more", style="dim"))
    return Group(*parts)


NUMERIC = {
    "old",
    "new",
    "delta",
    "bedrag",
    "percentage",
    "changed",
    "added",
    "removed",
    "article total Δ",
    "jaar",
}


def render_rich(
    diff: DiffReport, *, color: bool = False, width: int = 120, max_rows: int = 50
) -> str:
    """The diff as a terminal report (plain text unless `color`)."""
    console, buffer = make_console(color, width)
    console.print(
        Text.assemble(
            ("sluitend diff", "bold"),
            f" · {escape.terminal(diff.ruleset)}" if diff.ruleset else "",
        )
    )
    for d in diff.datasets:
        console.print()
        console.print(Text(escape.terminal(_versions(d)), style="bold"))
        console.print(_counts_line(d))
        for title, header, rows, more in _figure_tables(d, max_rows):
            if rows:
                console.print()
                console.print(_rich_table(title, header, rows, more, NUMERIC))
        header, rows = _summary_rows(d)
        if rows:
            console.print()
            console.print(_rich_table("Per artikel and jaar", header, rows, 0, NUMERIC))
    console.print()
    console.print(Text(_findings_line(diff), style="bold"))
    for title, findings in (
        ("Findings introduced", diff.introduced),
        ("Findings resolved", diff.resolved),
    ):
        rows, more = _finding_rows(findings, max_rows)
        if rows:
            console.print()
            console.print(
                _rich_table(title, ["sev", "rule", "place", "message", "bron"], rows, more, set())
            )
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# --- json and markdown --------------------------------------------------------------------


def render_json(diff: DiffReport) -> str:
    """The diff's versioned JSON document with a newline."""
    return escape.json_text(json.dumps(diff_document(diff), indent=2, ensure_ascii=False)) + "\n"


def _md_table(
    title: str, header: list[str], rows: list[list[str]], more: int, numeric: set[str]
) -> list[str]:
    out = [
        f"### {title} ({len(rows) + more})",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if h in numeric else "---" for h in header) + "|",
    ]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    if more:
        out += ["", f"… and {more} more"]
    return [*out, ""]


def render_markdown(diff: DiffReport, *, max_rows: int = 20) -> str:
    """The diff as Markdown for a pull-request comment."""
    worst = max((f.rank for f in diff.introduced), default=0)
    icon = "❌" if worst == 3 else "⚠️" if worst == 2 else "✅"
    names = ", ".join(dict.fromkeys(d.new.name for d in diff.datasets))
    out = [f"## {icon} sluitend diff: {cell(names)}", "", _findings_line(diff), ""]
    for d in diff.datasets:
        out += [
            f"**{cell(d.new.name)}** ({d.new.kind}): {code(d.old.source)} → "
            f"{code(d.new.source)}: {_counts_line(d)}",
            "",
        ]
        for title, header, rows, more in _figure_tables(d, max_rows):
            if rows:
                out += _md_table(title, header, rows, more, NUMERIC - {"jaar"})
        header, rows = _summary_rows(d)
        if rows:
            out += _md_table("Per artikel and jaar", header, rows, 0, NUMERIC - {"jaar"})
    for title, findings in (
        ("Findings introduced", diff.introduced),
        ("Findings resolved", diff.resolved),
    ):
        rows, more = _finding_rows(findings, max_rows)
        if rows:
            out += _md_table(title, ["sev", "rule", "place", "message", "bron"], rows, more, set())
    return "\n".join(out).rstrip("\n") + "\n"


_RENDERERS: dict[str, Callable[..., str]] = {
    "rich": render_rich,
    "json": render_json,
    "markdown": render_markdown,
}


def render_diff(diff: DiffReport, fmt: str, **options: Any) -> str:
    """Render `diff` in `fmt` (one of DIFF_FORMATS; "auto" means rich). Options a format
    does not take are dropped: rich takes color, width, max_rows; markdown max_rows."""
    if fmt == "auto":
        fmt = "rich"
    try:
        render = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown diff format {fmt!r}; known: {', '.join(DIFF_FORMATS)}") from None
    takes = {"rich": {"color", "width", "max_rows"}, "json": set(), "markdown": {"max_rows"}}[fmt]
    return render(diff, **{k: v for k, v in options.items() if k in takes})
