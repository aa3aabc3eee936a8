"""A sheet laid out as the printed table "Budgettaire gevolgen van beleid" (xlsx, ods, CSV).

How a ministry lays the table out in a spreadsheet, and what is read from it::

    A1  Tabel 18 Budgettaire gevolgen van beleid art. 7 Werkgevers- … (bedragen x € 1.000)
    A3  (bedragen x € 1.000)   B3 2020   C3 2021   …   H3 2026     <- the year header
    A4  Verplichtingen         B4 39.149 …                          <- outer level: a vuo
    A5  Uitgaven               B5 36.415 …
    A6    7.1 Werkgevers- en bedrijfsvoeringsbeleid  B6 28.721 …    <- one level in: onderdeel
    A7      Subsidies (regelingen)                    (no values)   <- a heading: instrument
    A8        Diverse subsidies                       B8 1.235 …    <- under it: regeling
    …                                                               <- empty rows: skipped

Everything is found from the content, never from a fixed position:

- the **year header** is the first row, among the first rows of the sheet, with two or more
  years (1900-2099, as numbers or text) in adjacent columns, one year apart; the columns left
  of its first year hold the labels, its year columns the figures. A second such header
  further down (two tables in one sheet) is refused, naming both cells;
- the **title** is a text above the header with "Budgettaire gevolgen van beleid"; it names
  the article (`art. 7`); the **unit** comes from `(bedragen x € 1.000)` in the title or in
  any other cell above the first figure (a unit row, the header's label cell); two different
  units there are refused, naming both cells;
- the **levels** come from the indentation of the labels: leading spaces, or the cell's
  alignment indent (xlsx), or several label columns (a label in the second column is one
  level in). The outer level is the vuo (`Verplichtingen`, `Uitgaven`, `Ontvangsten`), the
  next the onderdeel (`7.1 …`: onderdeel `7.1`), then instrument, regeling, omschrijving.
  A row without figures is a heading: it sets its level for the rows below and is no figure
  (none is printed, so none is invented). A label starting with `waarvan` is a memo line
  one level below the figure above it. A sheet whose labels are not indented at all (a CSV
  export drops the alignment indent) is read by the page text's rules (`pagetext.py`: the
  vuo words, the `7.1` numbering, headings without figures) and says so in a read note;
  a sheet that mixes leading spaces and alignment indent, or a row indented more than one
  level below the row above it, is refused, naming the cell;
- **figures**: numbers, or Dutch text (`39.149`, `-1.234`, `pm`, `nihil`, `-`) by
  `numbers.parse_amounts(style="nl")`; a number with a fraction, or text that is not a
  Dutch amount, is an error naming the cell. A row with figures must have one per year; a
  formula cell without a cached value is unknown (`<NA>`, a read note naming the cell);
  any other empty cell in such a row is an error naming it;
- the table ends at `Budgetflexibiliteit`, a next `Tabel …` title or a paragraph (over 200
  characters); text rows after the last figure are text, not table.

Context as in the page text: begrotingsjaar is the third of seven years (t-2 … t+4) or the
single year in the title; fase OWB; hoofdstuk from a phrase `hoofdstuk VII` in the workbook
(title, unit rows, a notes sheet) or given (`--hoofdstuk`). `bron` is the figure's own cell
as the caller names it (`file.xlsx!Tabel 18!D7`, `file.csv:7`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.datasets.numbers import parse_amounts
from sluitend.datasets.pagetext import (
    ARTIKEL_RE,
    END_RE,
    HOOFDSTUK_RE,
    TITLE_RE,
    VUO_LABELS,
    unit_in,
)
from sluitend.errors import InputError

_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_SPACES = " \u00a0\t"
_PARAGRAPH = 200
#: How far down the year header may be (title, subtitle, unit rows, blank rows above it).
HEADER_ROWS = 15
_LEVEL_COLUMNS = ("onderdeel", "instrument", "regeling", "omschrijving")


@dataclass
class Grid:
    """One sheet (or CSV file) as cells, with the means to name a cell.

    Attributes:
        source: the file as errors name it (the path).
        cells: rows of cell values: text, numbers (int/float), bool, None or "".
        place: (row, column) 0-based -> keyword arguments of InputError (`cell="Blad1!D7"`
            or `line=7`).
        bron: (rows, columns) arrays -> the bron of each figure (`file.xlsx!Blad1!D7`).
        indents: (row, column) -> the cell's alignment indent, where it has one.
        no_value: (row, column) of formula cells without a cached value.
        context: other text of the workbook (a notes sheet), searched for the hoofdstuk.
        name: the dataset's name.
    """

    source: str
    cells: list[list[Any]]
    place: Callable[[int, int], dict[str, Any]]
    bron: Callable[[np.ndarray, np.ndarray], pd.Series]
    name: str
    indents: dict[tuple[int, int], int] = field(default_factory=dict)
    no_value: set[tuple[int, int]] = field(default_factory=set)
    context: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    """How (part of) a printed-table sheet was read; the caller turns it into a read note."""

    row: int | None
    column: int | None
    text: str
    problem: str
    defect: bool = False


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1900 <= value <= 2099 else None
    match = _YEAR.match(str(value)) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _header_in(row: list[Any]) -> tuple[int, list[int]] | None:
    """(first column, years) of the first run of 2+ adjacent consecutive years in a row."""
    years = [_year(v) for v in row]
    for start, first in enumerate(years):
        if first is None:
            continue
        run = [first]
        for value in years[start + 1 :]:
            if value != run[-1] + 1:
                break
            run.append(value)
        if len(run) >= 2:
            return start, run
    return None


def _grid_frame(cells: list[list[Any]]) -> pd.DataFrame:
    width = max((len(r) for r in cells), default=0)
    return pd.DataFrame([list(r) + [None] * (width - len(r)) for r in cells], dtype=object)


def find_header(cells: list[list[Any]]) -> tuple[int, int, list[int]] | None:
    """(row, first year column, years) of the year header in the sheet's first rows."""
    seen = 0
    for index, row in enumerate(cells):
        if not any(_text(v).strip() for v in row):
            continue
        seen += 1
        if seen > HEADER_ROWS:
            return None
        found = _header_in(row)
        if found is not None:
            return index, found[0], found[1]
    return None


def looks_like_printed_table(cells: list[list[Any]]) -> bool:
    """True for a sheet with a year header and, above it, a title with "Budgettaire gevolgen
    van beleid" or, below it, a row label Verplichtingen, Uitgaven or Ontvangsten."""
    header = find_header(cells)
    if header is None:
        return False
    row, first, _ = header
    above = (_text(v) for r in cells[:row] for v in r)
    if any(TITLE_RE.search(t) for t in above):
        return True
    labels = (_text(v).strip().casefold() for r in cells[row + 1 :] for v in r[:first])
    return any(label in VUO_LABELS for label in labels)


def _find_title(grid: Grid, top: int) -> tuple[int, int, str]:
    for r, row in enumerate(grid.cells[:top]):
        for c, value in enumerate(row):
            text = _text(value)
            if TITLE_RE.search(text):
                return r, c, " ".join(text.split())
    raise InputError(
        grid.source,
        "a year header and row labels, but no table title above them; expected a cell "
        "'Tabel … Budgettaire gevolgen van beleid art. 7 … (bedragen x € 1.000)' above the "
        "year header",
        **grid.place(top, 0),
    )


def _unit(grid: Grid, stop: int, unit: int | None) -> int:
    """The unit from `(bedragen x € 1.000)` anywhere above row `stop`; two are refused."""
    if unit is not None:
        return unit
    found: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(grid.cells[:stop]):
        for c, value in enumerate(row):
            stated = unit_in(_text(value))
            if stated is not None:
                found.setdefault(stated, (r, c))
    if not found:
        raise InputError(
            grid.source,
            "the table does not say its unit; expected '(bedragen x € 1.000)' in the title or "
            "in a cell above the year header",
            **grid.place(0, 0),
        )
    if len(found) > 1:
        (a, (r1, c1)), (b, (r2, c2)) = list(found.items())[:2]
        second = grid.place(r2, c2)
        raise InputError(
            grid.source,
            f"ambiguous layout: two units above the table ({a} here, {b} at "
            f"{second.get('cell') or 'line ' + str(second.get('line'))}); keep one",
            **grid.place(r1, c1),
        )
    return next(iter(found))


def _hoofdstuk(grid: Grid, top: int, hoofdstuk: str | None) -> str:
    if hoofdstuk:
        return hoofdstuk
    texts: Iterable[str] = (
        *(_text(v) for r in grid.cells[: top + 1] for v in r),
        *grid.context,
    )
    for text in texts:
        match = HOOFDSTUK_RE.search(text)
        if match:
            return match.group(1)
    raise InputError(
        grid.source,
        "the sheet does not say which begrotingshoofdstuk it is from; pass it (for example "
        "hoofdstuk='VII', on the command line --hoofdstuk VII)",
    )


def _begrotingsjaar(grid: Grid, years: list[int], title: str, at: tuple[int, int]) -> int:
    if len(years) == 7:  # t-2 … t+4: the ontwerpbegroting's seven years
        return years[2]
    found = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", title)
    if len(found) == 1:
        return int(found[0])
    raise InputError(
        grid.source,
        f"cannot tell the begrotingsjaar: the header has {len(years)} years (not the seven "
        "t-2 … t+4) and the title names no single year",
        **grid.place(*at),
    )


def _depth_from_content(labels: list[str], has_values: list[bool], artikel: str) -> list[int]:
    """Levels of labels without indentation, by the page text's rules (see pagetext.py)."""
    onderdeel_re = re.compile(rf"^{re.escape(artikel)}\.(\d+)\s")
    depths = []
    heading = False  # an instrument heading is open in the current onderdeel
    for label, valued in zip(
        labels, has_values, strict=True
    ):  # a loop over tens of labels, not figures
        key = label.casefold()
        if key in VUO_LABELS:
            depths.append(0)
            heading = False
        elif onderdeel_re.match(label):
            depths.append(1)
            heading = False
        elif not valued:
            depths.append(2)
            heading = True
        else:
            depths.append(3 if heading else 2)
    return depths


def _label_depths(
    grid: Grid, frame: pd.DataFrame, rows: np.ndarray, label_columns: int, notes: list[Note]
) -> tuple[list[str], list[int] | None, list[int]]:
    """Each body row's label, its depth (None when no indentation), its label column."""
    block = frame.iloc[rows, :label_columns].map(_text)
    filled = block.apply(lambda column: column.str.strip() != "")
    used = [c for c in range(label_columns) if bool(filled.iloc[:, c].any())]
    twice = filled.sum(axis=1) > 1
    if bool(twice.any()):
        r = int(rows[int(np.flatnonzero(twice.to_numpy())[0])])
        cols = [c for c in range(label_columns) if filled.iloc[int(np.flatnonzero(twice)[0]), c]]
        raise InputError(
            grid.source,
            "ambiguous layout: two labels in one row; expected one label per row (in one "
            "label column, or one of several columns for its level)",
            **grid.place(r, cols[1]),
        )
    column = filled.to_numpy().argmax(axis=1)
    raw = block.to_numpy()[np.arange(len(rows)), column]
    labels = [str(v).strip(_SPACES + "\r\n") for v in raw]
    if len(used) > 1:  # several label columns: the column is the level
        return labels, [used.index(int(c)) for c in column], list(map(int, column))
    spaces = [len(str(v)) - len(str(v).lstrip(_SPACES)) for v in raw]
    aligned = [grid.indents.get((int(r), int(c)), 0) for r, c in zip(rows, column, strict=True)]
    if any(spaces) and any(aligned):
        r = int(rows[int(np.flatnonzero(np.asarray(aligned))[0])])
        s = int(rows[int(np.flatnonzero(np.asarray(spaces))[0])])
        other = grid.place(s, int(column[0]))
        raise InputError(
            grid.source,
            "ambiguous layout: the labels are indented both by the cell's alignment (here) "
            f"and by leading spaces ({other.get('cell') or 'line ' + str(other.get('line'))}); "
            "use one of the two",
            **grid.place(r, int(column[0])),
        )
    indent = aligned if any(aligned) else spaces
    distinct = sorted(set(indent))
    if len(distinct) == 1:
        notes.append(
            Note(
                None,
                None,
                "",
                "the labels are not indented: levels read from the labels as in page text "
                "(Verplichtingen/Uitgaven/Ontvangsten, the onderdeel's number, headings "
                "without figures)",
            )
        )
        return labels, None, list(map(int, column))
    return labels, [distinct.index(i) for i in indent], list(map(int, column))


@dataclass
class _Row:
    row: int
    label: str
    depth: int
    valued: bool


def _levels(
    grid: Grid, rows: list[_Row], label_col: list[int], artikel: str
) -> list[tuple[int, str, bool, tuple[str, str, str, str]]]:
    """(row, vuo, waarvan, levels) of every row with figures; a loop over tens of labels."""
    onderdeel_re = re.compile(rf"^{re.escape(artikel)}\.(\d+)\s")
    vuo: str | None = None
    stack: list[str] = []  # the open label of each level below the vuo
    last: tuple[str, ...] = ("", "", "", "")
    out = []
    for item, column in zip(rows, label_col, strict=True):
        key = item.label.casefold()
        where = grid.place(item.row, column)
        if key.startswith("waarvan"):
            if vuo is None or not item.valued:
                raise InputError(
                    grid.source,
                    f"memo line {item.label!r} has no figure above it to break down (or no "
                    "figures itself)",
                    **where,
                )
            filled = [i for i, level in enumerate(last) if level]
            free = filled[-1] + 1 if filled else 0
            if free > 3:
                raise InputError(
                    grid.source, f"memo line {item.label!r} is one level too deep", **where
                )
            padded = (*last[:free], item.label, "", "", "")
            out.append((item.row, vuo, True, (padded[0], padded[1], padded[2], padded[3])))
            continue
        if item.depth == 0:
            if key not in VUO_LABELS:
                raise InputError(
                    grid.source,
                    f"row {item.label!r} is at the outer level, where the table has "
                    "'Verplichtingen', 'Uitgaven' or 'Ontvangsten'; indent it under one of "
                    "those",
                    **where,
                )
            vuo, stack = VUO_LABELS[key], []
            if item.valued:
                last = ("", "", "", "")
                out.append((item.row, vuo, False, ("", "", "", "")))
            continue
        if key in VUO_LABELS:
            raise InputError(
                grid.source,
                f"ambiguous layout: row {item.label!r} is indented, but Verplichtingen, "
                "Uitgaven and Ontvangsten are the table's outer level",
                **where,
            )
        if vuo is None:
            raise InputError(
                grid.source,
                f"row {item.label!r} comes before any 'Verplichtingen', 'Uitgaven' or "
                "'Ontvangsten' row; expected one of those first",
                **where,
            )
        if item.depth > len(stack) + 1 or item.depth > len(_LEVEL_COLUMNS):
            raise InputError(
                grid.source,
                f"ambiguous layout: row {item.label!r} is indented {item.depth - len(stack)} "
                "levels below the row above it; expected at most one level deeper",
                **where,
            )
        match = onderdeel_re.match(item.label) if item.depth == 1 else None
        level = f"{artikel}.{match.group(1)}" if match else item.label
        stack = [*stack[: item.depth - 1], level]
        if item.valued:
            padded = (*stack, "", "", "", "")
            last = (padded[0], padded[1], padded[2], padded[3])
            out.append((item.row, vuo, False, (padded[0], padded[1], padded[2], padded[3])))
    return out


def _figures(
    grid: Grid, frame: pd.DataFrame, rows: np.ndarray, first: int, years: list[int]
) -> tuple[pd.DataFrame, list[Note]]:
    """The figure cells of `rows` (year columns): numbers, parsed text, or <NA> + note."""
    notes: list[Note] = []
    block = frame.iloc[rows, first : first + len(years)]
    values = block.to_numpy(dtype=object).ravel()
    r = np.repeat(rows, len(years))
    c = np.tile(np.arange(first, first + len(years)), len(rows))
    series = pd.Series(values, dtype=object)
    is_number = series.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    text = series.map(_text).where(~is_number, "")
    parsed = parse_amounts(text, style="nl")
    numbers = pd.to_numeric(series.where(is_number), errors="coerce")
    fraction = is_number & (numbers != np.floor(numbers))
    formula = pd.Series(
        [(int(a), int(b)) in grid.no_value for a, b in zip(r, c, strict=True)], dtype=bool
    )
    empty = ~is_number & parsed.blank & ~formula
    bad = fraction | (~is_number & parsed.invalid & ~parsed.blank)
    for mask, reason in (
        (fraction, "a figure with a fraction; expected a whole amount in the table's unit"),
        (bad & ~fraction, None),
        (empty, "an empty cell in a row with figures; expected an amount, pm, nihil or -"),
    ):
        if bool(mask.any()):
            i = int(np.flatnonzero(mask.to_numpy())[0])
            raise InputError(
                grid.source,
                reason or str(parsed.reason.iloc[i]),
                **grid.place(int(r[i]), int(c[i])),
            )
    notes.extend(
        Note(
            int(r[i]),
            int(c[i]),
            "",
            "a formula without a cached value (saved without calculating?): read as unknown",
            defect=True,
        )
        for i in np.flatnonzero(formula.to_numpy())
    )
    bedrag = pd.Series(parsed.values, dtype="Int64").where(~is_number, numbers.round())
    bedrag = bedrag.astype("Int64").mask(formula)
    return (
        pd.DataFrame(
            {
                "row": r,
                "jaar": np.tile(years, len(rows)),
                "bedrag": bedrag.to_numpy(),
                "bron": grid.bron(r, c).to_numpy(),
            }
        ),
        notes,
    )


def read_printed_table(
    grid: Grid,
    *,
    hoofdstuk: str | None = None,
    fase: str = "OWB",
    unit: int | None = None,
) -> tuple[Dataset, list[Note]]:
    """Read a printed-table sheet into a begrotingstabel dataset (see the module docstring).

    Returns the dataset and the notes on how it was read (for the caller's read notes).
    Raises InputError naming the cell for what cannot be read, or is ambiguous.
    """
    header = find_header(grid.cells)
    if header is None:
        raise InputError(
            grid.source, "no year header (two or more years in adjacent cells) in the first rows"
        )
    top, first, years = header
    frame = _grid_frame(grid.cells)
    title_row, title_col, title = _find_title(grid, top)
    artikel = ARTIKEL_RE.search(title)
    if artikel is None:
        raise InputError(
            grid.source,
            "the table title names no article; expected 'art. 7' or 'artikel 7' in it",
            **grid.place(title_row, title_col),
        )
    if first == 0:
        raise InputError(
            grid.source,
            "the year header starts in the first column; expected the row labels left of it",
            **grid.place(top, 0),
        )
    # One conversion per cell (calamine hands over Python objects; a sheet is bounded by
    # SLUITEND_MAX_SHEET_CELLS), then whole-column work.
    text = frame.map(_text)
    labels_text = text.iloc[:, :first].apply(lambda col: col.str.strip())
    filled = (labels_text != "").to_numpy()
    first_label = labels_text.to_numpy()[np.arange(len(frame)), filled.argmax(axis=1)]
    row_label = pd.Series(first_label, dtype=object).fillna("").astype(str)
    body = np.arange(top + 1, len(frame))
    years_of = frame.map(_year).astype("float64").to_numpy()
    adjacent = (years_of[:, 1:] == years_of[:, :-1] + 1).any(axis=1)
    again = body[adjacent[body] & (row_label.to_numpy()[body] == "")]
    ends = row_label.iloc[body].str.match(END_RE.pattern) | (
        row_label.iloc[body].str.len() > _PARAGRAPH
    )
    stop = int(body[int(np.flatnonzero(ends.to_numpy())[0])]) if bool(ends.any()) else len(frame)
    again = again[again < stop]
    if again.size:
        raise InputError(
            grid.source,
            f"ambiguous layout: a second year header below the first (row {top + 1}); "
            "expected one table per sheet",
            **grid.place(int(again[0]), first),
        )
    body = body[body < stop]
    figures_text = text.iloc[body, first : first + len(years)].apply(lambda c: c.str.strip())
    formula_rows = {r for r, c in grid.no_value if first <= c < first + len(years)}
    valued = (figures_text != "").any(axis=1).to_numpy() | np.isin(body, list(formula_rows))
    labelled = (row_label.iloc[body] != "").to_numpy()
    if bool((valued & ~labelled).any()):
        r = int(body[int(np.flatnonzero(valued & ~labelled)[0])])
        raise InputError(
            grid.source,
            "figures without a row label; expected a label left of them",
            **grid.place(r, 0),
        )
    if not bool(valued.any()):
        raise InputError(
            grid.source, "a table title and years, but no rows with figures", **grid.place(top, 0)
        )
    # Label rows up to the last row with figures; below that is text under the table.
    last = int(np.flatnonzero(valued)[-1])
    keep = labelled[: last + 1]
    rows = body[: last + 1][keep]
    has_values = valued[: last + 1][keep]
    notes: list[Note] = []
    labels, depths, columns = _label_depths(grid, frame, rows, first, notes)
    if depths is None:
        depths = _depth_from_content(labels, list(has_values), artikel.group(1))
    items = [
        _Row(int(r), lab, d, bool(v))
        for r, lab, d, v in zip(rows, labels, depths, has_values, strict=True)
    ]
    meaning = pd.DataFrame(
        [(r, vuo, w, *lv) for r, vuo, w, lv in _levels(grid, items, columns, artikel.group(1))],
        columns=["row", "vuo", "waarvan", *_LEVEL_COLUMNS],
    )
    label_of = pd.Series(labels, index=rows)
    meaning["label"] = label_of.loc[meaning["row"]].to_numpy()
    figures, more = _figures(grid, frame, meaning["row"].to_numpy(), first, years)
    notes.extend(more)
    out = figures.merge(meaning, on="row", how="left", validate="many_to_one")
    out = out.assign(
        begrotingsjaar=_begrotingsjaar(grid, years, title, (title_row, title_col)),
        fase=fase,
        hoofdstuk=_hoofdstuk(grid, top, hoofdstuk),
        artikel=artikel.group(1),
    )
    dataset = Dataset(
        budget_frame(out.drop(columns="row")),
        "begrotingstabel",
        grid.name,
        unit=_unit(grid, top + 1, unit),
        source=grid.source,
    )
    return dataset, notes
