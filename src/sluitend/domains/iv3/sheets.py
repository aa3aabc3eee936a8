"""Iv3 figures in a workbook (.xlsx, .ods): the per-taakveld layout and the lasten/baten matrix.

Two sheet layouts, registered with `sluitend.datasets.registry.register_sheet_layout` so the
generic workbook reader offers them every sheet it does not know itself:

- **per taakveld**: the columns of `2024_begroting.csv` (`Gemeenten`, `Taakveld`,
  `L1.1 Salarissen en sociale lasten`, `Baten`, `Lasten`, …), one row per gemeente and
  taakveld; read by the CSV reader's own mapping (`taakveld_csv.taakveld_frame`), so the
  frame is the CSV's. The boekjaar as for the CSV (`--boekjaar`, the file name, or the
  latest bundled definitions, with a note).
- **matrix** of a delivery: a sheet named `Lasten` or `Baten` (`Balans lasten`,
  `Balans baten` for the balance mutaties) whose header row starts with `Taakveld` (or
  `Balanscode`) followed by one column per categorie (`1.1` or `1.1 Salarissen …`); one
  row per taakveld (`0.1` or `0.1 Bestuur`), a figure in each cell (x € 1.000). An empty
  cell is a figure not delivered (no row), as an element missing from the JSON delivery.
  A sheet `Metadata` of key / value rows (`overheidsnaam`, `overheidsnummer`, `boekjaar`,
  `periode`, as the JSON delivery's `metadata`) says whose figures they are; without it
  periode is unknown (-1) and the boekjaar is `--boekjaar` or the latest bundled. The
  frame is the JSON reader's (`delivery.read_delivery`) for the same figures.

Numbers are taken as numbers; a text cell is read as a Dutch amount (`1.234`, `-12`) by
`numbers.parse_amounts(style="nl")`, and anything else is an InputError naming the cell.
Every figure's `bron` is its own cell: `file.xlsx!Lasten!D7`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.datasets.numbers import parse_amounts
from sluitend.datasets.toolkit import ReadNote
from sluitend.datasets.xlsx import cells_as_text, column_letter, first_filled_row
from sluitend.domains.iv3 import definitions
from sluitend.domains.iv3.frames import amount_frame
from sluitend.domains.iv3.taakveld_csv import (
    REQUIRED,
    choose_boekjaar,
    repeated,
    taakveld_frame,
)
from sluitend.domains.iv3.vocabulary import AMOUNTS
from sluitend.errors import InputError

_CODE = re.compile(r"^\s*([A-Z]?\d+(?:\.\d+)*[a-z]?)(?:\s|$)")
_PARTS = {
    "lasten": ("lasten", "taakveld"),
    "baten": ("baten", "taakveld"),
    "balans lasten": ("balans_lasten", "balanscode"),
    "balans baten": ("balans_baten", "balanscode"),
}
_META_KEYS = ("overheidslaag", "overheidsnaam", "overheidsnummer", "boekjaar", "periode")


def _grid(rows: list[list[Any]], top: int) -> pd.DataFrame:
    width = max(len(r) for r in rows[top:])
    return pd.DataFrame([list(r) + [""] * (width - len(r)) for r in rows[top:]], dtype=object)


def _header(rows: list[list[Any]]) -> tuple[int, list[str]] | None:
    top = first_filled_row(rows)
    if top is None:
        return None
    return top, [str(v).strip() if v is not None else "" for v in rows[top]]


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


# --- per taakveld ---------------------------------------------------------------------------


def looks_like_taakveld_sheet(sheet: str, rows: list[list[Any]]) -> bool:
    """A header row that starts with Gemeenten, Taakveld and holds Baten and Lasten."""
    found = _header(rows)
    return (
        found is not None
        and found[1][:2] == list(REQUIRED[:2])
        and {
            "Baten",
            "Lasten",
        }
        <= set(found[1])
    )


def read_taakveld_sheet(
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    book: dict[str, list[list[Any]]],
    *,
    notes: list[ReadNote] | None = None,
    boekjaar: int | None = None,
    **_: Any,
) -> list[Dataset]:
    """The per-taakveld sheet as the CSV reader's `iv3` frame, bron the figure's cell."""
    found = _header(rows)
    assert found is not None
    top, header = found
    while header and header[-1] == "":
        header.pop()
    twice = repeated(header)
    if twice is not None:
        raise InputError(str(path), twice, cell=f"{sheet}!A{top + 1}")
    grid = _grid(rows, top).iloc[1:, : len(header)].reset_index(drop=True)
    grid.columns = header
    raw = grid.apply(cells_as_text).fillna("").astype("string")
    filled = (raw != "").any(axis=1).to_numpy()
    raw = raw[filled].reset_index(drop=True)
    sheet_rows = np.arange(top + 2, top + 2 + len(filled))[filled]  # 1-based
    if raw.empty:
        raise InputError(str(path), "header only; expected rows of figures", cell=f"{sheet}!A1")
    letters = {c: column_letter(i) for i, c in enumerate(header)}
    numbers = pd.Series(sheet_rows).astype("string")
    sink = notes if notes is not None else []
    frame = taakveld_frame(
        path,
        header,
        raw,
        choose_boekjaar(path, boekjaar, sink),
        place=lambda i, column: {"cell": f"{sheet}!{letters[column]}{sheet_rows[i]}"},
        bron=lambda column: f"{path.name}!{sheet}!{letters[column]}" + numbers,
    )
    return [Dataset(frame, AMOUNTS, f"{path.stem}-{sheet}", unit=1000, source=f"{path}!{sheet}")]


# --- the matrix of a delivery ---------------------------------------------------------------


def _part(sheet: str) -> tuple[str, str] | None:
    return _PARTS.get(" ".join(sheet.casefold().replace("_", " ").split()))


def looks_like_matrix_sheet(sheet: str, rows: list[list[Any]]) -> bool:
    """A sheet named Lasten, Baten, Balans lasten or Balans baten whose header starts with
    Taakveld (Balanscode) and holds categorie codes."""
    part = _part(sheet)
    found = _header(rows)
    if part is None or found is None or len(found[1]) < 2:
        return False
    first = found[1][0].casefold()
    codes = [h for h in found[1][1:] if _CODE.match(h)]
    return first.startswith(part[1]) and bool(codes)


def looks_like_metadata_sheet(sheet: str, rows: list[list[Any]]) -> bool:
    """A sheet named Metadata whose first column holds the delivery's metadata keys."""
    if sheet.strip().casefold() != "metadata":
        return False
    keys = {str(r[0]).strip().casefold() for r in rows if r and r[0] not in (None, "")}
    return bool(keys & set(_META_KEYS))


def read_metadata_sheet(*_: Any, **__: Any) -> list[Dataset]:
    """The metadata sheet holds no figures; the matrix sheets read it (see `_meta`)."""
    return []


def _meta(path: Path, book: dict[str, list[list[Any]]], boekjaar: int | None) -> dict[str, Any]:
    """The delivery's metadata from a sheet `Metadata`, as the JSON reader takes it."""
    values: dict[str, tuple[Any, str]] = {}
    for name, rows in book.items():
        if looks_like_metadata_sheet(name, rows):
            for index, row in enumerate(rows):
                if len(row) >= 2 and str(row[0]).strip().casefold() in _META_KEYS:
                    values[str(row[0]).strip().casefold()] = (row[1], f"{name}!B{index + 1}")

    def number(key: str, default: int) -> int:
        if key not in values:
            return default
        value, cell = values[key]
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if re.fullmatch(r"\d{1,4}", text):
            return int(text)
        raise InputError(str(path), f"metadata {key!r}: expected a whole number", cell=cell)

    def text(key: str) -> str:
        value = values.get(key, ("", ""))[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    nummer = text("overheidsnummer")
    return {
        "overheid": text("overheidsnaam"),
        # a number cell loses leading zeros: CBS numbers gemeenten with four digits
        "overheidsnummer": nummer.zfill(4) if nummer.isdigit() else nummer,
        "boekjaar": boekjaar if boekjaar is not None else number("boekjaar", definitions.latest()),
        "periode": number("periode", -1),
    }


def read_matrix_sheet(
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    book: dict[str, list[list[Any]]],
    *,
    boekjaar: int | None = None,
    **_: Any,
) -> list[Dataset]:
    """The matrix sheets of a workbook as one `iv3` dataset, as the JSON reader gives one
    frame for the whole delivery (PF006 compares lasten with baten within a frame): read
    when the first of them is offered, the others then hold nothing more."""
    matrices = [name for name, r in book.items() if looks_like_matrix_sheet(name, r)]
    if sheet != matrices[0]:
        return []
    meta = _meta(path, book, boekjaar)
    frame = amount_frame(
        pd.concat([_matrix(path, name, book[name], meta) for name in matrices], ignore_index=True)
    )
    return [Dataset(frame, AMOUNTS, path.stem, unit=1000, source=str(path))]


def _matrix(path: Path, sheet: str, rows: list[list[Any]], meta: dict[str, Any]) -> pd.DataFrame:
    """The figures of one matrix sheet (see the module docstring)."""
    part = _part(sheet)
    found = _header(rows)
    assert part is not None and found is not None
    onderdeel, code_column = part
    top, header = found
    columns = [i for i, h in enumerate(header) if i > 0 and _CODE.match(h)]
    others = [i for i, h in enumerate(header) if i > 0 and h and not _CODE.match(h)]
    if others:
        raise InputError(
            str(path),
            f"header {header[others[0]]!r} is no categorie code; expected codes such as "
            "'1.1' or '1.1 Salarissen en sociale lasten'",
            cell=f"{sheet}!{column_letter(others[0])}{top + 1}",
        )
    categorie = [_CODE.match(header[i]).group(1) for i in columns]  # type: ignore[union-attr]
    grid = _grid(rows, top).iloc[1:].reset_index(drop=True)
    # A code typed as a number is ambiguous: 0.1 and 0.10 are both the number 0.1.
    typed = [(top, i) for i in columns if isinstance(rows[top][i], float)]
    typed += [(top + 1 + int(r), 0) for r in np.flatnonzero(grid.iloc[:, 0].map(_is_float))]
    if typed:
        r, c = typed[0]
        raise InputError(
            str(path),
            f"ambiguous layout: the code {rows[r][c]!r} is a number (0.1 and 0.10 are the "
            "same number); enter taakveld, balans and categorie codes as text",
            cell=f"{sheet}!{column_letter(c)}{r + 1}",
        )
    label = cells_as_text(grid.iloc[:, 0]).fillna("")
    code = label.str.extract(_CODE.pattern)[0].fillna("")
    body = grid.iloc[:, columns]
    values = body.to_numpy(dtype=object).ravel()
    n = len(columns)
    row_index = np.repeat(np.arange(len(grid)), n)
    col_index = np.tile(np.asarray(columns), len(grid))
    cells = pd.Series(values, dtype=object)
    is_number = cells.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    text = cells.map(lambda v: "" if v is None else str(v)).where(~is_number, "")
    parsed = parse_amounts(text, style="nl")
    bad = ~is_number & parsed.invalid & ~parsed.blank
    unlabelled = (code.to_numpy()[row_index] == "") & ~(~is_number & parsed.blank).to_numpy()
    for mask, reason in (
        (bad.to_numpy(), None),
        (unlabelled, f"a figure in a row without a {code_column} code in column A"),
    ):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            where = f"{sheet}!{column_letter(int(col_index[i]))}{top + 2 + int(row_index[i])}"
            raise InputError(
                str(path), reason or f"not an amount: {parsed.reason.iloc[i]}", cell=where
            )
    delivered = (is_number | ~parsed.blank).to_numpy()
    bedrag = pd.to_numeric(cells.where(is_number), errors="coerce").where(
        is_number, parsed.values.astype("Float64").astype("float64")
    )
    taakveld = code.to_numpy()[row_index][delivered]
    cat = np.asarray(categorie, dtype=object)[np.tile(np.arange(n), len(grid))][delivered]
    letters = np.asarray([column_letter(int(c)) for c in columns], dtype=object)
    cell = letters[np.tile(np.arange(n), len(grid))][delivered]
    sheet_row = (top + 2 + row_index[delivered]).astype(str)
    balans = onderdeel.startswith("balans")
    out = pd.DataFrame(
        {
            **meta,
            "onderdeel": onderdeel,
            "taakveld": "" if balans else taakveld,
            "balanscode": taakveld if balans else "",
            "categorie": cat,
            "standper": "",
            "waarvan": False,
            "bedrag": bedrag.to_numpy()[delivered],
            "label": f"{meta['overheid']}, {onderdeel} "
            + pd.Series(taakveld, dtype="string")
            + " "
            + pd.Series(cat, dtype="string"),
            "bron": f"{path.name}!{sheet}!" + pd.Series(cell + sheet_row, dtype="string"),
        }
    )
    return out
