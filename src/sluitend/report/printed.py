"""The table as it is printed: every figure of a dataset in its place, the years as columns.

A budget table prints, per article, one row per line (Verplichtingen, Uitgaven, each
onderdeel, instrument, regeling, nadere omschrijving, the Ontvangsten), the levels indented,
one column per year. `layout(report)` lays each dataset's canonical frame (`Report.frames`)
out that way and places every finding on its cell: the stated figure a check failed on (by
its bron and year), the figures its hints suspect, and, where the report knows them, the
figures no sum rule checked. The html and xlsx reports draw this one model; they differ only
in the medium.

Sections are the printed tables: one per article of a budget table (begrotingsjaar, fase,
chapter, budget, article), one per chapter of a begrotingsstaat (its articles are the rows,
its phases and years the columns), one per chapter of the percentages, one per dataset of
any other kind (its figures in file order). A figure repeated in the file (the 2016 file
prints every chapter twice) gets a row of its own, never one cell over another.

A very large input (a decade of Iv3 deliveries) is not laid out in full: past
`SLUITEND_MAX_TABLE_FIGURES` figures only the sections with findings are, and the report
says how many figures it left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sluitend.engine.coverage import REASON_CODES
from sluitend.engine.findings import Finding, Report
from sluitend.limits import limit
from sluitend.report.common import REASON_WORDS
from sluitend.report.dutch import amount, percentage
from sluitend.report.overview import hint_name
from sluitend.vocabulary import CODE_NAMES, DATASET_KEYS, FIGURE_LEVELS, layout_of

if TYPE_CHECKING:
    import pandas as pd

    from sluitend.engine.coverage import Coverage

#: Key columns that become the table's columns (those not already a section's).
COLUMN_COLUMNS = ("fase", "jaar")
#: The column that holds a figure, the first a frame has.
VALUE_COLUMNS = ("bedrag", "percentage", "waarde")

#: Cell states, most telling first: a cell shows the first that applies.
ERROR, WARNING, INFO, SUSPECT, UNCHECKED, CHECKED, PLAIN = (
    "error",
    "warning",
    "info",
    "suspect",
    "unchecked",
    "checked",
    "plain",
)
_SEVERITY_STATES = (ERROR, WARNING, INFO)


def hint_words(kind: str) -> str:
    """A hint's kind in words, as every report says it (`overview.hint_name`)."""
    return hint_name(kind)


@dataclass(frozen=True)
class Mark:
    """What one finding says about one cell.

    Attributes:
        finding: the finding's index in `Layout.findings`.
        role: "failed" for the stated figure the finding is about, "suspect" for a figure a
            hint of the finding points at.
        hint: for a suspect, the index of that hint in the finding's `hints`; else -1.
    """

    finding: int
    role: str
    hint: int = -1


@dataclass(frozen=True)
class Cell:
    """One figure as printed.

    Attributes:
        value: the figure (None when unknown: pm, or a cell that could not be read).
        text: the figure in Dutch notation, as the table prints it ("" when unknown).
        bron: where it sits in the input.
        marks: what findings say about it.
        unchecked: why no sum rule checked it, when the report knows ("" otherwise).
        checked: True when the report's coverage says a sum checked it, None when unknown.
    """

    value: Any
    text: str
    bron: str
    marks: tuple[Mark, ...] = ()
    unchecked: str = ""
    checked: bool | None = None


@dataclass(frozen=True)
class Row:
    """One line of a printed table: its label, its level (0 for a V/U/O total), and its
    figures, one per column (None where it prints none)."""

    label: str
    level: int
    waarvan: bool
    vuo: str
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class Section:
    """One printed table (an article, say).

    Attributes:
        dataset: the dataset's name.
        key: the section's columns and values (hoofdstuk, artikel, ...).
        title: the table's name as printed (the article's label), "" when unknown.
        columns: the column headings ("2015", or "OWB 2015" where phases vary).
        rows: the lines, in the order of the source.
        findings: indices (in `Layout.findings`) of the top-level findings that belong
            here: a check on one of its cells, a likely cause of one of them.
        anchor: a fragment id, unique in the report ("t12").
    """

    dataset: str
    key: Mapping[str, Any]
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    findings: tuple[int, ...] = ()
    anchor: str = ""

    def checks(self, flat: Sequence[Finding], children: Mapping[int, Sequence[int]]) -> list[int]:
        """The failed checks of this section (consequences under its causes included)."""
        out: list[int] = []
        for index in self.findings:
            if flat[index].kind == "check":
                out.append(index)
            out.extend(children.get(index, ()))
        return out


@dataclass(frozen=True)
class Layout:
    """Every dataset of a report laid out as printed, with its findings placed.

    Attributes:
        findings: every finding of the report, each likely cause followed by the checks it
            groups (`Report.all_findings`); marks and sections refer to these by index.
        parents: for a grouped check, the index of its likely cause.
        children: for a likely cause, the indices of the checks it groups.
        sections: the printed tables, dataset by dataset, in the order of the source.
        unplaced: top-level findings in no section (a rule over two datasets whose figure
            is in none, a dataset whose table is not in the report).
        left_out: per dataset, how many figures are not laid out (over the limit).
        without_frame: datasets whose figures the report does not carry.
    """

    findings: tuple[Finding, ...]
    parents: Mapping[int, int]
    children: Mapping[int, tuple[int, ...]]
    sections: tuple[Section, ...]
    unplaced: tuple[int, ...]
    left_out: Mapping[str, int] = field(default_factory=dict)
    without_frame: tuple[str, ...] = ()


def cell_state(cell: Cell, findings: Sequence[Finding]) -> str:
    """What a cell shows first: the worst severity of a finding on it, else a suspect,
    else unchecked, checked, or plain."""
    ranks = {ERROR: 3, WARNING: 2, INFO: 1}
    worst = 0
    suspect = False
    for mark in cell.marks:
        if mark.role == "failed":
            worst = max(worst, ranks.get(findings[mark.finding].severity, 0))
        else:
            suspect = True
    if worst:
        return _SEVERITY_STATES[3 - worst]
    if suspect:
        return SUSPECT
    if cell.unchecked:
        return UNCHECKED
    if cell.checked:
        return CHECKED
    return PLAIN


def _flatten(report: Report) -> tuple[list[Finding], dict[int, int], dict[int, tuple[int, ...]]]:
    flat: list[Finding] = []
    parents: dict[int, int] = {}
    children: dict[int, tuple[int, ...]] = {}
    for finding in report.findings:
        top = len(flat)
        flat.append(finding)
        kids = []
        for consequence in finding.consequences:
            parents[len(flat)] = top
            kids.append(len(flat))
            flat.append(consequence)
        if kids:
            children[top] = tuple(kids)
    return flat, parents, children


def _key_text(value: Any) -> str:
    """A key value as text, the same for a frame's cell and a finding's `where`."""
    if value is None or type(value).__name__ == "NAType":
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if hasattr(value, "item"):
        value = value.item()
    return str(value)


@dataclass
class _Draft:
    """A section while it is built: rows by id, cells by column."""

    dataset: str
    key: dict[str, Any]
    title: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[int, tuple[str, int, bool, str]] = field(default_factory=dict)
    cells: dict[int, dict[tuple[str, str], Cell]] = field(default_factory=dict)
    marks: dict[tuple[int, tuple[str, str]], list[Mark]] = field(default_factory=dict)
    findings: list[int] = field(default_factory=list)
    #: Whether the report says what the sum rules checked of this dataset.
    coverage: bool = False
    unchecked: dict[tuple[int, tuple[str, str]], str] = field(default_factory=dict)


def _sections_of(
    name: str, kind: str, frame: pd.DataFrame, unit_percent: bool
) -> tuple[list[_Draft], dict[tuple[str, str], list[tuple[str, int, int, tuple[str, str]]]]]:
    """The drafts of one frame, and (bron, jaar) -> [(fase, draft, row, column)]."""
    key = [c for c in DATASET_KEYS.get(kind, ()) if c in frame.columns]
    section_cols = [c for c in layout_of(kind).printed if c in key]
    column_cols = [c for c in COLUMN_COLUMNS if c in key and c not in section_cols]
    row_cols = [c for c in key if c not in section_cols and c not in column_cols]
    value_col = next((c for c in VALUE_COLUMNS if c in frame.columns), None)
    # Vectorized: one code per section and per row, in the order of first appearance; a
    # figure repeated in the file (same key again) starts a row of its own.
    group = section_cols + row_cols + column_cols
    occurrence = frame.groupby(group, sort=False, observed=True, dropna=False).cumcount()
    keyed = frame.assign(_n=occurrence.to_numpy())
    if section_cols:
        section_code = keyed.groupby(section_cols, sort=False, observed=True, dropna=False).ngroup()
    else:
        section_code = keyed.index.to_series() * 0
    row_code = keyed.groupby(
        [*section_cols, *row_cols, "_n"], sort=False, observed=True, dropna=False
    ).ngroup()
    levels = [c for c in FIGURE_LEVELS if c in frame.columns]
    level = (frame[levels].astype("string").fillna("") != "").sum(axis=1) if levels else None

    def column(name_: str) -> list[Any]:
        return frame[name_].tolist() if name_ in frame.columns else [""] * len(frame)

    sec_values = [column(c) for c in section_cols]
    col_values = [[_key_text(v) for v in column(c)] for c in column_cols]
    labels = column("label")
    brons = column("bron")
    vuos = column("vuo")
    waarvan = column("waarvan")
    values = frame[value_col].tolist() if value_col else [None] * len(frame)
    covered = _REASON in frame.columns  # each figure's coverage is known: checked or why not
    reasons = frame[_REASON].tolist() if covered else [-1] * len(frame)
    level_list = level.tolist() if level is not None else [0] * len(frame)
    number_text = percentage if unit_percent else amount

    def text_of(value: Any) -> str:
        # a kind whose value column holds text (an Iv3 kengetal's waarde "45,2"): as given
        return value if isinstance(value, str) else number_text(value)

    drafts: dict[int, _Draft] = {}
    where: dict[tuple[str, str], list[tuple[str, int, int, tuple[str, str]]]] = {}
    fase_at = column_cols.index("fase") if "fase" in column_cols else -1
    jaar_at = column_cols.index("jaar") if "jaar" in column_cols else -1
    for i, (s, r) in enumerate(zip(section_code.tolist(), row_code.tolist(), strict=True)):
        draft = drafts.get(s)
        if draft is None:
            draft = _Draft(
                name, {c: vals[i] for c, vals in zip(section_cols, sec_values, strict=True)}
            )
            draft.coverage = covered
            drafts[s] = draft
        col = (
            col_values[fase_at][i] if fase_at >= 0 else "",
            col_values[jaar_at][i] if jaar_at >= 0 else "",
        )
        if col not in draft.columns:
            draft.columns.append(col)
        lvl = int(level_list[i])
        vuo = _key_text(vuos[i])
        if r not in draft.rows:
            label = str(labels[i] or "")
            if lvl == 0 and "artikel" in section_cols and vuo in CODE_NAMES:
                if label not in CODE_NAMES.values():  # VIII prints "Verplichtingen" there
                    draft.title = draft.title or label
                label = CODE_NAMES[vuo]
            elif "artikel" in row_cols and vuo in CODE_NAMES:
                label = f"{label} · {CODE_NAMES[vuo]}" if label else CODE_NAMES[vuo]
            draft.rows[r] = (label, lvl, bool(waarvan[i]) if waarvan[i] is not None else False, vuo)
            draft.cells[r] = {}
        value = values[i]
        value = None if value is None or type(value).__name__ == "NAType" else value
        bron = str(brons[i] or "")
        draft.cells[r][col] = Cell(value, text_of(value), bron)
        if reasons[i] >= 0:
            draft.unchecked[(r, col)] = _REASON_WORDS[reasons[i]]
        where.setdefault((bron, col[1]), []).append((col[0], s, r, col))
    return list(drafts.values()), _renumber(drafts, where)


def _renumber(
    drafts: Mapping[int, _Draft], where: dict[tuple[str, str], list[tuple[str, int, int, Any]]]
) -> dict[tuple[str, str], list[tuple[str, int, int, Any]]]:
    """`where` with section codes as positions in the list of drafts."""
    position = {code: i for i, code in enumerate(drafts)}
    return {k: [(f, position[s], r, c) for f, s, r, c in v] for k, v in where.items()}


def _column_heading(col: tuple[str, str], phases: bool) -> str:
    fase, jaar = col
    if phases and fase:
        return f"{fase} {jaar}".strip()
    return jaar or "waarde"


def _sort_columns(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Years ascending; within a year, the phases in the order of the file."""
    order = {c: i for i, c in enumerate(columns)}
    return sorted(columns, key=lambda c: (c[1].zfill(8), order[c]))


def layout(report: Report) -> Layout:
    """Every dataset of `report` laid out as printed, its findings placed on their cells."""
    flat, parents, children = _flatten(report)
    kinds = {d.name: (d.kind, d.unit) for d in report.datasets}
    most = limit("SLUITEND_MAX_TABLE_FIGURES").value
    frames = report.frames
    coverages = {d.name: d.coverage for d in report.datasets if d.coverage is not None}
    total = sum(len(frames[d]) for d in kinds if d in frames)
    with_findings = {f.dataset for f in flat}
    drafts: list[_Draft] = []
    where: dict[tuple[str, str], list[tuple[str, int, int, Any]]] = {}
    left_out: dict[str, int] = {}
    without: list[str] = []
    for name, (kind, _unit) in kinds.items():
        frame = frames.get(name)
        if frame is None:
            without.append(name)
            continue
        frame = _with_reasons(frame, coverages.get(name))
        if total > most:  # only the sections with findings: said in the report
            frame, dropped = _with_findings(frame, kind, name, flat)
            if dropped:
                left_out[name] = dropped
        if name not in with_findings and total > most:
            continue
        mine, places = _sections_of(name, kind, frame, "percentage" in frame.columns)
        offset = len(drafts)
        drafts.extend(mine)
        for k, v in places.items():
            where.setdefault(k, []).extend((f, s + offset, r, c) for f, s, r, c in v)
    section_index = _section_index(drafts)
    unplaced: list[int] = []
    for index, finding in enumerate(flat):
        own = _place(where, finding.bron, finding.where)
        if own is not None:
            drafts[own[0]].marks.setdefault((own[1], own[2]), []).append(Mark(index, "failed"))
        for h, hint in enumerate(finding.hints):
            spot = _place(where, hint.bron, hint.where)
            if spot is not None and spot != own:  # a hint on the failing figure itself
                drafts[spot[0]].marks.setdefault((spot[1], spot[2]), []).append(
                    Mark(index, "suspect", h)
                )
        if index in parents:
            continue  # listed under its likely cause
        home = (
            own[0]
            if own is not None
            else _home(finding, flat, children.get(index, ()), where, drafts, section_index)
        )
        if home is None:
            unplaced.append(index)
        else:
            drafts[home].findings.append(index)
    sections = tuple(_finish(d, i) for i, d in enumerate(drafts))
    return Layout(
        findings=tuple(flat),
        parents=parents,
        children=children,
        sections=sections,
        unplaced=tuple(unplaced),
        left_out=left_out,
        without_frame=tuple(without),
    )


def _with_findings(
    frame: pd.DataFrame, kind: str, name: str, flat: Sequence[Finding]
) -> tuple[pd.DataFrame, int]:
    """The rows of the sections that hold a finding's figure, and how many were dropped."""
    section_cols = [c for c in layout_of(kind).printed if c in frame.columns]
    brons = {f.bron for f in flat if f.dataset == name}
    brons |= {h.bron for f in flat if f.dataset == name for h in f.hints}
    hit = frame["bron"].isin(list(brons)) if "bron" in frame.columns else frame.index < 0
    if not section_cols:
        kept = frame[hit]
    else:
        wanted = frame.loc[hit, section_cols].drop_duplicates()
        kept = frame.merge(wanted, on=section_cols, how="inner") if len(wanted) else frame.iloc[:0]
    return kept, len(frame) - len(kept)


def _place(
    where: Mapping[tuple[str, str], list[tuple[str, int, int, Any]]],
    bron: str,
    key: Mapping[str, Any],
) -> tuple[int, int, Any] | None:
    """The (section, row, column) of the figure at `bron` in the year (and phase) of `key`."""
    spots = where.get((bron, _key_text(key.get("jaar"))))
    if not spots:
        return None
    if len(spots) > 1:
        fase = _key_text(key.get("fase"))
        same = [s for s in spots if s[0] == fase]
        spots = same or spots
    _fase, section, row, col = spots[0]
    return section, row, col


def _section_index(drafts: Sequence[_Draft]) -> dict[tuple[str, tuple[str, ...]], int]:
    """(dataset, its section values as text) -> the section's position."""
    return {
        (d.dataset, tuple(_key_text(v) for v in d.key.values())): i for i, d in enumerate(drafts)
    }


def _home(
    finding: Finding,
    flat: Sequence[Finding],
    kids: Sequence[int],
    where: Mapping[tuple[str, str], list[tuple[str, int, int, Any]]],
    drafts: Sequence[_Draft],
    section_index: Mapping[tuple[str, tuple[str, ...]], int],
) -> int | None:
    """The section of a finding whose own figure is in no cell: that of the first check it
    groups, else the one its `where` names (a total the table does not state)."""
    for kid in kids:
        spot = _place(where, flat[kid].bron, flat[kid].where)
        if spot is not None:
            return spot[0]
    columns = next((tuple(d.key) for d in drafts if d.dataset == finding.dataset), None)
    if columns is None:
        return None
    values = tuple(_key_text(finding.where.get(c, "")) for c in columns)
    return section_index.get((finding.dataset, values))


#: A column the layout adds to a frame: each figure's reason code (`REASON_CODES`), -1 for
#: a figure a sum checked. Kept through `_with_findings`, so no figure has to be found again.
_REASON = "\x00unchecked"
#: The words of each reason code, as the cells' tooltips say them.
_REASON_WORDS = tuple(REASON_WORDS[code] for code in REASON_CODES)


def _with_reasons(frame: pd.DataFrame, coverage: Coverage | None) -> pd.DataFrame:
    """The frame with each figure's reason code (`_REASON`), when the report knows what the
    sum rules checked of it (`DatasetSummary.coverage`): from the coverage's arrays, by row
    position, without a record per unchecked figure. A shallow copy: the data is shared."""
    if coverage is None:
        return frame
    out = frame.copy(deep=False)
    out[_REASON] = coverage.unchecked.reason_per_row(len(frame))
    return out


def _finish(draft: _Draft, index: int) -> Section:
    columns = _sort_columns(draft.columns)
    phases = any(c[0] for c in columns)  # a begrotingsstaat: its phases are columns
    rows = []
    for r, (label, level, waarvan, vuo) in draft.rows.items():
        cells: list[Cell | None] = []
        for col in columns:
            cell = draft.cells[r].get(col)
            marks = draft.marks.get((r, col))
            if cell is not None and (marks or draft.coverage):
                reason = draft.unchecked.get((r, col), "")
                checked = (not reason) if draft.coverage else None
                cell = Cell(cell.value, cell.text, cell.bron, tuple(marks or ()), reason, checked)
            cells.append(cell)
        rows.append(Row(label, level, waarvan, vuo, tuple(cells)))
    return Section(
        dataset=draft.dataset,
        key=dict(draft.key),
        title=draft.title,
        columns=tuple(_column_heading(c, phases) for c in columns),
        rows=tuple(rows),
        findings=tuple(draft.findings),
        anchor=f"t{index + 1}",
    )
