"""The per-taakveld Iv3 CSV (`2024_begroting.csv`): one row per gemeente and taakveld.

    Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;...

`Baten` and `Lasten` are the taakveld's totals over all categories (x € 1.000); a column
`L<code> <name>` (`B<code> <name>`) holds one lasten (baten) categorie of that total, a
breakdown ("waarvan") that is checked for its codes and grijze cellen but never added into a
total. Every figure's `bron` is `<file>:<line>`. An empty amount cell is a figure not
delivered (no row); a cell that is not a number is an InputError naming line and column.

The file does not say its boekjaar: `boekjaar` (the CLI's `--boekjaar`) sets it; without it a
year in the file name that has bundled definitions is used, else the latest bundled year,
and a note on stderr says which and why.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.datasets.toolkit import CHOICE, ReadNote, read_table, report_notes
from sluitend.domains.iv3 import definitions
from sluitend.domains.iv3.frames import amount_frame
from sluitend.domains.iv3.vocabulary import AMOUNTS
from sluitend.errors import InputError

REQUIRED = ("Gemeenten", "Taakveld", "Baten", "Lasten")
_CATEGORY = re.compile(r"^(?P<side>[LB])(?P<code>\d+(?:\.\d+)*) ")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def looks_like_taakveld_csv(head: bytes) -> bool:
    """True for a `;` header that starts with Gemeenten;Taakveld and has Baten and Lasten."""
    first = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0].rstrip("\r")
    cells = first.split(";")
    return cells[:2] == ["Gemeenten", "Taakveld"] and {"Baten", "Lasten"} <= set(cells)


def choose_boekjaar(path: Path, boekjaar: int | None, found: list[ReadNote]) -> int:
    """The boekjaar for a file that does not state one (see the module docstring); a
    choice the file leaves open is added to `found` as a note."""
    if boekjaar is not None:
        return int(boekjaar)
    bundled = {jaar for laag, jaar in definitions.available() if laag == "Gemeente"}
    years = [int(y) for y in _YEAR.findall(path.name) if int(y) in bundled]
    if years:
        chosen, why = years[0], "the year in the file name"
    else:
        chosen, why = definitions.latest(), "the latest bundled definitions"
    found.append(
        ReadNote(
            path.name,
            None,
            "",
            "",
            f"the file does not state its boekjaar; using {chosen} ({why}); "
            "set --boekjaar to choose",
            CHOICE,
        )
    )
    return chosen


def repeated(header: list[str]) -> str | None:
    """What is wrong with a header that names a column twice (None when none is)."""
    twice = [name for name, n in collections.Counter(header).items() if n > 1 and name]
    if not twice:
        return None
    return f"column {twice[0]!r} appears twice in the header; expected each column once"


def _numbers(
    path: Path, column: str, cells: pd.Series, place: Callable[[int, str], dict[str, Any]]
) -> pd.Series:
    text = cells.str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = values.isna() & (text != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            str(path),
            f"column {column!r}: expected an amount (x € 1.000) or an empty cell, "
            f"got {text.iat[i]!r}",
            **place(i, column),
        )
    return values


def read_taakveld_csv(
    path: Path,
    boekjaar: int | None = None,
    *,
    notes: list[ReadNote] | None = None,
    **_: Any,
) -> list[Dataset]:
    """Read the per-taakveld CSV into one `iv3` dataset (periode 0, begroting).

    The boekjaar the reader chose for a file without one is a note (`notes`, else a
    :class:`~sluitend.datasets.toolkit.DataNote` warning).
    """
    path = Path(path)
    records, lines = read_table(path, ";")
    header = [h.strip() for h in records[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            str(path),
            f"missing columns {missing}; expected a header with {', '.join(REQUIRED)}",
            line=1,
        )
    twice = repeated(header)
    if twice is not None:
        raise InputError(str(path), twice, line=1)
    if len(records) < 2:
        raise InputError(str(path), "the file has a header but no data rows", line=2)
    raw = pd.DataFrame(records[1:], columns=header, dtype="string")
    line = pd.Series(lines[1:], dtype="int64")
    found: list[ReadNote] = []
    year = choose_boekjaar(path, boekjaar, found)
    bron = path.name + ":" + line.astype("string")
    frame = taakveld_frame(
        path,
        header,
        raw,
        year,
        place=lambda i, column: {"line": int(lines[1 + i])},
        bron=lambda column: bron,
    )
    report_notes(found, notes, strict=False)
    return [Dataset(frame, AMOUNTS, path.stem, unit=1000, source=str(path))]


def taakveld_frame(
    path: Path,
    header: list[str],
    raw: pd.DataFrame,
    year: int,
    *,
    place: Callable[[int, str], dict[str, Any]],
    bron: Callable[[str], pd.Series],
) -> pd.DataFrame:
    """The `iv3` frame of the per-taakveld layout: `raw` holds the rows as text under
    `header`; `place(i, column)` names a bad cell, `bron(column)` each row's bron for the
    figures of `column` (a CSV line, or the spreadsheet cell)."""
    label = raw["Taakveld"].str.strip()
    taakveld = label.str.split(" ", n=1).str[0].fillna("")
    gemeente = raw["Gemeenten"].str.strip()
    order = pd.Series(np.arange(len(raw)))
    amount_columns = [("Lasten", "lasten", "", False), ("Baten", "baten", "", False)]
    for name in header:
        match = _CATEGORY.match(name)
        if match:
            side = "lasten" if match["side"] == "L" else "baten"
            amount_columns.append((name, side, match["code"], True))
    parts = []
    for column, onderdeel, categorie, waarvan in amount_columns:
        values = _numbers(path, column, raw[column], place)
        # A total cell left empty is a figure that is unknown; an empty breakdown cell is
        # a categorie not delivered.
        keep = values.notna() if waarvan else pd.Series(True, index=values.index)
        parts.append(
            pd.DataFrame(
                {
                    "overheid": gemeente[keep],
                    "overheidsnummer": "",
                    "boekjaar": year,
                    "periode": 0,
                    "onderdeel": onderdeel,
                    "taakveld": taakveld[keep],
                    "balanscode": "",
                    "categorie": categorie,
                    "standper": "",
                    "waarvan": waarvan,
                    "bedrag": values[keep],
                    "label": gemeente[keep] + ", " + label[keep] + " / " + column,
                    "bron": bron(column)[keep.to_numpy()].to_numpy(),
                    "_order": order[keep.to_numpy()].to_numpy(),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable")
    return amount_frame(frame.drop(columns="_order"))
