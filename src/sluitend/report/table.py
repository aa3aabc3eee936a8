"""Findings as a table: a pandas frame (`Report.to_pandas`) and the HTML a notebook shows.

The HTML is a compact summary, not a report format of its own: the counts, the rules that
failed, and the first findings with their place, numbers, bron and first hint. Every text
from the data (labels, bron, messages) is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sluitend.engine.findings import Finding, Report
from sluitend.report.dutch import amount, place
from sluitend.report.overview import hint_name
from sluitend.vocabulary import DATASET_KEYS

if TYPE_CHECKING:
    import pandas as pd

HEAD_COLUMNS = ("rule", "severity", "kind", "dataset")
TAIL_COLUMNS = (
    "waarvan",
    "label",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "bron",
    "message",
    "hints",
    "suggested",
)
#: The key columns of every dataset kind, in reading order (a finding has those of its
#: kind); a key column that is also a finding's own field (`bron`) is that field.
KEY_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        c
        for kind in DATASET_KEYS
        for c in ("begrotingsjaar", "fase", *DATASET_KEYS[kind])
        if c not in HEAD_COLUMNS and c not in TAIL_COLUMNS
    )
)
#: Every column of `findings_frame`, in order.
COLUMNS = (*HEAD_COLUMNS, *KEY_COLUMNS, *TAIL_COLUMNS)


def _numbers(values: list[Any]) -> Any:
    """Int64 when every known value is whole, else Float64; None is <NA>."""
    import pandas as pd

    whole = all(v is None or float(v).is_integer() for v in values)
    return pd.array(values, dtype="Int64" if whole else "Float64")


def findings_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    """One row per finding, with the columns in `COLUMNS`.

    Key columns a finding does not have (a percentage has no `vuo`) are <NA>; `hints` is a
    list of the hints' explanations, `suggested` the first hint's repairing value.
    """
    import pandas as pd

    data: dict[str, Any] = {
        "rule": [f.rule for f in findings],
        "severity": [f.severity for f in findings],
        "kind": [f.kind for f in findings],
        "dataset": [f.dataset for f in findings],
    }
    for column in KEY_COLUMNS:
        data[column] = [f.where.get(column) for f in findings]
    data["waarvan"] = [bool(f.where.get("waarvan", False)) for f in findings]
    data["label"] = [f.label for f in findings]
    for column in ("expected", "actual", "difference", "tolerance"):
        data[column] = _numbers([getattr(f, column) for f in findings])
    data["bron"] = [f.bron for f in findings]
    data["message"] = [f.message for f in findings]
    data["hints"] = [[h.explanation for h in f.hints] for f in findings]
    data["suggested"] = _numbers([f.hints[0].suggested if f.hints else None for f in findings])
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    for column in ("begrotingsjaar", "jaar"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    for column in ("rule", "severity", "kind", "dataset", "label", "bron", "message"):
        frame[column] = frame[column].astype("string")
    return frame


def findings_html(
    report: Report,
    shown: Sequence[Finding],
    *,
    summary: str,
    total: int,
    escape: Callable[[str], str],
) -> str:
    """The notebook view of a report: its summary line, failing rules, first findings."""
    e = escape
    ok = report.count("error") == 0
    mark = '<span style="color:#1a7f37">✔</span>' if ok else '<span style="color:#cf222e">✘</span>'
    parts = [
        '<div class="sluitend-report">',
        f"<p>{mark} <b>sluitend</b> · {e(report.ruleset)} · {e(summary)}</p>",
    ]
    failing = [r for r in report.results if r.failed or r.not_checkable or r.rounding]
    if failing:
        parts.append("<table><thead><tr>")
        parts += [f"<th>{h}</th>" for h in ("rule", "dataset", "checked", "failed", "info")]
        parts.append("</tr></thead><tbody>")
        for r in failing:
            cells = (
                r.rule,
                r.dataset,
                amount(r.checked),
                amount(r.failed),
                amount(r.not_checkable + r.rounding),
            )
            parts.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    if shown:
        heads = ("severity", "rule", "figure", "expected", "actual", "difference", "bron")
        parts.append("<table><thead><tr>")
        parts += [f"<th>{h}</th>" for h in heads]
        parts.append("</tr></thead><tbody>")
        for f in shown:
            parts.append(_finding_row(f, e))
        parts.append("</tbody></table>")
        if total > len(shown):
            parts.append(
                f"<p>… and {e(amount(total - len(shown)))} more findings "
                "(<code>report.to_pandas()</code> has them all)</p>"
            )
    parts.append("</div>")
    return "\n".join(parts)


def _finding_row(f: Finding, e: Callable[[str], str]) -> str:
    figure = e(f.label or f.rule)
    where = place(f.where)
    if where:
        figure += f"<br><small>{e(where)}</small>"
    if f.hints:
        hint = f.hints[0]
        figure += f"<br><small>↳ {e(hint_name(hint.kind))}: {e(hint.explanation)}</small>"
    cells = [
        e(f.severity if f.kind == "check" else f.kind),
        e(f.rule),
        figure,
        e(amount(f.expected)),
        e(amount(f.actual)),
        e(amount(f.difference, signed=True)),
        e(f.bron),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
