"""Reader for the Ministry of Finance's begrotingsstaten CSV (the legal budget statements).

One row per chapter, article and V/U/O, with one amount column per budget phase:

``Begrotingsjaar;Valuta;eenheid;<V/U/O>;Begrotingsstaat;Onderdeel;Omschrijving;
ontwerpbegroting;vastgestelde begroting;1ste suppletoire begroting;2de suppletoire begroting;
Realisatie;Url``

What a row becomes (the canonical frame, kind "begrotingsstaat", x € 1.000):

- one figure per filled phase cell: ``fase`` OWB, VB, O1, O2, JV; ``jaar`` = begrotingsjaar;
- ``hoofdstuk`` is the code before the comma of ``Begrotingsstaat`` (``"IXb, Financi?n"`` ->
  ``IXB``; later years print only the code); ``Rijk`` is kept as ``Rijk``: those rows restate
  every chapter's total (``Onderdeel`` is then the chapter code, used as ``artikel``);
- ``artikel`` is ``Onderdeel``; a ``TOTAAL`` row (Onderdeel ``-``) is the chapter total,
  artikel ``""``; the levels below an article are all ``""``; ``label`` is ``Omschrijving``.
- Amounts are Dutch style; ``.`` groups thousands in some cells and is absent in others,
  which reads the same. Rows in ``miljoen`` (the Rijk rows, with decimals such as
  ``6234,5``) are converted exactly to thousands (6234500).

Encoding: the published file is Latin-1, with ``?`` where an ``ë`` was lost before
publication (``Financi?n``); text is kept as printed. UTF-8 is tried first, then Latin-1.

Defects (rows without a year, chapter or V/U/O that still carry cells, an article number
``-`` on a row that is not a TOTAAL, an unreadable amount, an unknown unit) are recorded as
:class:`~sluitend.datasets.toolkit.ReadNote` exactly as the budget-table reader does: the
``notes`` list, else warnings; ``strict=True`` raises the first as an InputError.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from sluitend.datasets.bron import BronArray
from sluitend.datasets.frame import Dataset, budget_frame, pandas_dtypes
from sluitend.datasets.numbers import format_amount, parse_amounts, rounding_steps
from sluitend.datasets.sniffs import looks_like_begrotingsstaten_csv  # noqa: F401  (its old home)
from sluitend.datasets.toolkit import (
    READ_AS,
    ReadNote,
    per_distinct,
    read_table,
    report_notes,
    row_keys,
    text_columns,
    text_series,
)
from sluitend.domains.rijk.vocabulary import VUOS
from sluitend.errors import InputError

#: Phase columns (header, lower case) -> fase code.
PHASE_COLUMNS: Final = {
    "ontwerpbegroting": "OWB",
    "vastgestelde begroting": "VB",
    "1ste suppletoire begroting": "O1",
    "2de suppletoire begroting": "O2",
    "realisatie": "JV",
}
_KEY_COLUMNS: Final = {
    "begrotingsjaar": ("begrotingsjaar",),
    "eenheid": ("eenheid",),
    "vuo": ("uitgaven (u) verplichtingen (v) ontvangsten (o)", "v/u/o"),
    "staat": ("begrotingsstaat",),
    "onderdeel": ("onderdeel",),
    "omschrijving": ("omschrijving",),
}
#: The dtypes of a begrotingsstaat's frame (its categories among them).
_DTYPES: Final = pandas_dtypes("begrotingsstaat")
#: Unit column value -> decimal shift to thousands of euros.
_UNITS: Final = {"x1000": 0, "x 1000": 0, "x €1000": 0, "miljoen": 3}
_CHAPTER_RE: Final = r"(?:[IVXLC]+[AB]?|[A-Z])"


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    wanted = {**_KEY_COLUMNS, **{k: (k,) for k in PHASE_COLUMNS}}
    found = {k: names.index(v) for k, vs in wanted.items() for v in vs if v in names}
    missing = [vs[0] for k, vs in wanted.items() if k not in found]
    if missing:
        raise InputError(
            str(path),
            "not a begrotingsstaten CSV: no column "
            + ", ".join(repr(m) for m in missing)
            + " in the header",
            line=1,
        )
    return found


def read_begrotingsstaten_csv(
    path: str | Path,
    *,
    strict: bool = False,
    notes: list[ReadNote] | None = None,
    name: str | None = None,
) -> list[Dataset]:
    """Read a begrotingsstaten CSV into one Dataset of kind "begrotingsstaat".

    Raises:
        InputError: not a readable begrotingsstaten CSV, or (strict) a defect.
    """
    path = Path(path)
    records, lines = read_table(path, ";", fallback="latin-1")
    cols = _columns(path, records[0])
    if len(records) < 2:
        raise InputError(str(path), "the file has a header but no data rows", line=2)
    raw = text_columns(records[1:])
    index = pd.RangeIndex(len(records) - 1)
    text = {k: text_series(pc.utf8_trim_whitespace(raw[i]), index) for k, i in cols.items()}
    df = pd.DataFrame({**text, "line": lines[1:]}, copy=False)
    found: list[ReadNote] = []
    frame = _figures(path, df, records[0], cols, found)
    found.sort(key=lambda n: (n.line or 0, n.column))
    report_notes(found, notes, strict=strict)
    return [Dataset(frame, "begrotingsstaat", name or path.stem, unit=1000, source=str(path))]


def _note(
    found: list[ReadNote],
    path: Path,
    lines: pd.Series,
    column: str,
    texts: pd.Series,
    problems: pd.Series,
) -> None:
    """One note per line of `lines` (the noted rows' lines), with its text and problem."""
    found.extend(
        ReadNote(path.name, int(line), column, str(t), str(p))
        for line, t, p in zip(lines, texts, problems, strict=True)
    )


def _figures(
    path: Path,
    df: pd.DataFrame,
    header: list[str],
    cols: dict[str, int],
    found: list[ReadNote],
) -> pd.DataFrame:
    year = df["begrotingsjaar"]
    four_digits = per_distinct(year, lambda d: d.str.fullmatch(r"[0-9]{4}"))
    jaar = pd.to_numeric(year.where(four_digits, None))
    code = df["staat"].str.split(",", n=1).str[0].str.strip()
    chapter = per_distinct(code, lambda d: d.str.fullmatch(_CHAPTER_RE, case=False)).fillna(False)
    hoofdstuk = code.where(~chapter, code.str.upper())
    vuo = df["vuo"].str.upper()
    shift = df["eenheid"].str.lower().map(_UNITS)
    total = df["omschrijving"].str.upper().eq("TOTAAL") & df["onderdeel"].isin(["-", ""])
    artikel = df["onderdeel"].where(~total, "")
    phases = [k for k in PHASE_COLUMNS]
    has_cells = pd.concat([df[k] != "" for k in phases], axis=1).any(axis=1)

    def note_cells(bad: pd.Series, column: str, problems: pd.Series) -> None:
        """A note for each cell of `column` in the rows `bad`, under the column's heading."""
        _note(
            found,
            path,
            df["line"][bad],
            header[cols[column]].strip(),
            df.loc[bad, column],
            problems,
        )

    checks = [
        ("begrotingsjaar", jaar.notna(), "a year such as 2017"),
        ("staat", hoofdstuk != "", "a chapter such as 'VII, Binnenlandse Zaken'"),
        ("vuo", vuo.isin(VUOS), "V, U or O"),
        ("eenheid", shift.notna(), "x1000 or miljoen"),
        (
            "onderdeel",
            total | ((artikel != "") & (artikel != "-")),
            "an article number (or '-' on a TOTAAL row)",
        ),
    ]
    ok = pd.Series(True, index=df.index)
    for key, good, expected in checks:  # loop over columns
        bad = has_cells & ok & ~good
        if bad.any():
            msgs = "expected " + expected + ", got " + df.loc[bad, key].map(repr)
            note_cells(bad, key, msgs + ": row not read")
        ok &= good
    stray = ~has_cells & (df.drop(columns="line") != "").any(axis=1) & ~ok
    if stray.any():
        n = int(stray.sum())
        _note(
            found,
            path,
            df["line"][stray],
            "",
            pd.Series([""] * n),
            pd.Series(["a row without figures or key (stray cells): skipped"] * n),
        )

    base = pd.DataFrame(
        {
            "begrotingsjaar": jaar,
            "hoofdstuk": hoofdstuk,
            "artikel": artikel,
            # Of its dtype on the rows, not on the figures (a row of another V/U/O is no
            # figure: it is noted above).
            "vuo": vuo.where(vuo.isin(VUOS)).astype(_DTYPES["vuo"]),
            "jaar": jaar,
            "label": df["omschrijving"],
            # `<file name>:<line>` as a BronArray: no text made per row, none parsed back.
            "bron": pd.Series(
                BronArray.numbered(path.name + ":", df["line"].to_numpy(dtype=np.int64)),
                index=df.index,
            ),
            "line": df["line"],
        }
    )
    parsed = _amounts(df, shift)
    # Each phase's rows, gathered as positions and taken from `base` at once (one take per
    # column, not one frame per phase to concatenate).
    at, fases, amounts = [], [], []
    phase = list(_DTYPES["fase"].categories)
    for column, fase in PHASE_COLUMNS.items():  # loop over the five phase columns
        values, invalid, reason = parsed[column]
        take = ok & (df[column] != "")
        bad = take & invalid
        if bad.any():
            note_cells(bad, column, reason[bad] + ": figure read as unknown (<NA>)")
        where = np.flatnonzero(take.to_numpy(dtype=bool))
        at.append(where)
        fases.append(np.full(len(where), phase.index(fase), dtype=np.int8))
        amounts.append(values.iloc[where])
    # Taken once, in line order (a row's phases in the columns' order, as printed).
    rows = np.concatenate(at)
    order = np.argsort(df["line"].to_numpy()[rows], kind="stable")
    long = base.iloc[rows[order]].assign(
        fase=pd.Categorical.from_codes(np.concatenate(fases)[order], dtype=_DTYPES["fase"]),
        bedrag=pd.concat(amounts, ignore_index=True).array.take(order),
    )
    long["afronding"] = _steps(path, long, found)
    long = _double_totals(path, long, found)
    return budget_frame(long, "begrotingsstaat")


def _amounts(
    df: pd.DataFrame, shift: pd.Series
) -> dict[str, tuple[pd.Series, pd.Series, pd.Series]]:
    """Per phase column: its amounts (Int64), whether each cell is invalid, and why.

    One `parse_amounts` per unit over the five columns stacked (the fixed cost of each of
    its string operations is paid twice, not ten times); a row of neither unit has no
    amounts (<NA>, not invalid: its unit is what the row is noted for)."""
    columns = list(PHASE_COLUMNS)
    n = len(df)
    # The five columns side by side in flat arrays (column i at i*n ...), filled per unit.
    data = np.zeros(len(columns) * n, dtype="int64")
    missing = np.ones(len(columns) * n, dtype=bool)
    invalid = np.zeros(len(columns) * n, dtype=bool)
    reason = np.full(len(columns) * n, "", dtype=object)
    for unit_shift in sorted(set(_UNITS.values())):  # loop over the two units
        rows = np.flatnonzero((shift == unit_shift).to_numpy(dtype=bool, na_value=False))
        stacked = pd.concat([df[c].iloc[rows] for c in columns], ignore_index=True)
        parsed = parse_amounts(stacked, style="nl", shift=unit_shift)
        at = (np.arange(len(columns))[:, None] * n + rows[None, :]).ravel()
        data[at] = parsed.values.to_numpy(dtype="int64", na_value=0)
        missing[at] = parsed.values.isna().to_numpy()
        invalid[at] = parsed.invalid.to_numpy()
        reason[at] = parsed.reason.to_numpy(dtype=object)
    out = {}
    for i, c in enumerate(columns):  # loop over the five columns: split the arrays
        part = slice(i * n, (i + 1) * n)
        out[c] = (
            pd.Series(pd.arrays.IntegerArray(data[part], missing[part]), index=df.index),
            pd.Series(invalid[part], index=df.index),
            pd.Series(reason[part], index=df.index, dtype="string"),
        )
    return out


def _double_totals(path: Path, long: pd.DataFrame, found: list[ReadNote]) -> pd.DataFrame:
    """A chapter that prints two (or more) TOTAAL rows for one V/U/O (2015 chapter VI,
    lines 1786-1787 and 1789-1790; 2016 chapter V, lines 2310-2311), said once per chapter
    and V/U/O with what the rows and the articles add up to.

    When, in every phase that prints them, no row alone is the articles' sum and the rows
    together are (within the rounding step), the file splits one total over two rows: they
    are read as that one total (its place is the first row's), so the chapter is checked
    and not marked wrong twice. Otherwise they are read as printed, each compared with the
    articles, and which of them is the chapter total is not guessed.

    The rows are found with integer keys over the whole frame; what is decided about them
    is decided in Python over those few rows (pandas' grouping costs more than they do)."""
    key = ["begrotingsjaar", "hoofdstuk", "vuo", "fase"]
    code = row_keys(*(long[c] for c in key)).to_numpy()
    is_total = (long["artikel"] == "").to_numpy(dtype=bool)
    counts = np.bincount(code[is_total], minlength=int(code.max(initial=-1)) + 1)
    at = np.flatnonzero(is_total & (counts[code] > 1))
    if not len(at):
        return long
    several = long.iloc[at]
    keys = list(zip(*(several[c].tolist() for c in key), strict=True))
    articles = _article_sums(long, code, is_total, dict(zip(code[at].tolist(), keys, strict=True)))
    amounts = [None if a is pd.NA else int(a) for a in several["bedrag"].tolist()]
    split = _split(keys, amounts, several["afronding"].tolist(), articles)
    for chapter_key in sorted(split):  # the chapters and V/U/O with double totals (few)
        rows = several.iloc[[i for i, k in enumerate(keys) if k[:3] == chapter_key]]
        jaar, chapter, vuo = chapter_key
        found.append(_double_total_note(path, jaar, str(chapter), str(vuo), rows, articles, split))
    merged = [i for i, k in enumerate(keys) if split[k[:3]]]
    if not merged:
        return long
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in merged:  # the rows read as one total, per phase (few)
        groups.setdefault(keys[i], []).append(i)
    first = several.iloc[[rows[0] for rows in groups.values()]].reset_index(drop=True)
    first["bedrag"] = pd.array(
        [_total([amounts[i] for i in rows]) for rows in groups.values()],
        dtype=long["bedrag"].dtype,
    )
    # The other rows, then each merged total's first row with the rows' sum (as a
    # concatenation sorted stably by line would put them): one take of `long`.
    firsts = at[[rows[0] for rows in groups.values()]]
    kept = np.setdiff1d(np.arange(len(long)), at[merged])
    take = np.concatenate([kept, firsts])
    take = take[np.argsort(long["line"].to_numpy()[take], kind="stable")]
    bedrag = long["bedrag"].array.copy()
    bedrag[firsts] = first["bedrag"].array
    return long.assign(bedrag=bedrag).iloc[take]


def _article_sums(
    long: pd.DataFrame,
    code: np.ndarray,
    is_total: np.ndarray,
    wanted: dict[int, tuple[object, ...]],
) -> dict[tuple[object, ...], int]:
    """The sum of the articles' amounts (unknown ones left out) per key of `wanted` (key
    number -> key) that has article rows."""
    article = ~is_total & np.isin(code, list(wanted))
    amounts = long["bedrag"].to_numpy(dtype="float64", na_value=0.0)
    size = int(code.max(initial=-1)) + 1
    sums = np.bincount(code[article], weights=amounts[article], minlength=size)
    present = np.bincount(code[article], minlength=size) > 0
    return {k: int(sums[c]) for c, k in wanted.items() if present[c]}


def _split(
    keys: list[tuple[object, ...]],
    amounts: list[int | None],
    steps: list[int],
    articles: dict[tuple[object, ...], int],
) -> dict[tuple[object, ...], bool]:
    """Per chapter and V/U/O (the first three of each key): whether in every phase no row
    alone is the articles' sum and the rows together are, within the rounding step."""
    phases: dict[tuple[object, ...], list[int]] = {}
    for i, k in enumerate(keys):  # the double-total rows (few)
        phases.setdefault(k, []).append(i)
    split: dict[tuple[object, ...], bool] = {}
    for k, rows in phases.items():
        summed = articles.get(k)
        known = [a for a in (amounts[i] for i in rows) if a is not None]
        step = max(steps[i] for i in rows)
        near = summed is not None and len(known) == len(rows) and abs(sum(known) - summed) <= step
        alone = summed is not None and any(
            a is not None and abs(a - summed) <= steps[i]
            for a, i in ((amounts[i], i) for i in rows)
        )
        split[k[:3]] = split.get(k[:3], True) and near and not alone
    return split


def _total(amounts: list[int | None]) -> int | None:
    """The rows' amounts added up, unknown ones left out; unknown when all are."""
    known = [a for a in amounts if a is not None]
    return sum(known) if known else None


def _double_total_note(
    path: Path,
    jaar: object,
    chapter: str,
    vuo: str,
    rows: pd.DataFrame,
    articles: Mapping[tuple[object, ...], int],
    split: Mapping[tuple[object, ...], bool],
) -> ReadNote:
    """The read note of one chapter's double TOTAAL rows for `vuo` (figures of its OWB)."""
    fase = "OWB" if "OWB" in set(rows["fase"].astype(str)) else str(rows["fase"].iloc[0])
    first = rows[rows["fase"].astype(str) == fase]
    lines = ", ".join(str(int(x)) for x in first["line"])
    stated = " and ".join(format_amount(int(v)) for v in first["bedrag"].dropna())
    together = format_amount(int(first["bedrag"].sum()))
    summed = articles.get((jaar, chapter, vuo, fase))
    sums = "" if summed is None else f", the articles {format_amount(int(summed))}"
    phases = rows["fase"].nunique()
    if bool(split.get((jaar, chapter, vuo), False)):
        reading = (
            "no row alone is the articles' sum and together they are, in "
            f"{'the one phase' if phases == 1 else f'each of the {phases} phases'} printed: "
            "read as one total printed "
            f"on {len(first)} rows (its place is line {int(first['line'].min())}); the file "
            "does not say why it splits it"
        )
    else:
        reading = (
            "read as printed, each compared with the articles; which is the chapter total "
            "the file does not say"
        )
    return ReadNote(
        path.name,
        int(first["line"].min()),
        "",
        "TOTAAL",
        f"chapter {chapter} {jaar} prints {len(first)} TOTAAL rows for {vuo} (lines "
        f"{lines}: {stated} in {fase}; together {together}{sums}): {reading}",
        READ_AS,
    )


def _steps(path: Path, long: pd.DataFrame, found: list[ReadNote]) -> pd.Series:
    """The rounding step of each figure, read per block (a year's chapter, or its Rijk
    rows) from the block's figures: the Rijk block, printed in € million with one decimal,
    holds multiples of 100 (x € 1.000) and gets step 100, so an honest rounding difference
    of a few hundred thousand is not an error. Each coarse block is recorded as a note."""
    block = row_keys(long["begrotingsjaar"], long["hoofdstuk"])  # a number, not joined text
    steps = rounding_steps(long["bedrag"], block)
    # Each coarse block's first figure (`long` is in line order) and its number of figures.
    coarse = np.flatnonzero((steps > 1).to_numpy())
    _, first, sizes = np.unique(block.to_numpy()[coarse], return_index=True, return_counts=True)
    for i, n in zip(coarse[first], sizes, strict=True):  # loop over coarse blocks (few)
        step = int(steps.iloc[i])
        jaar, chapter, line = (long[c].iloc[i] for c in ("begrotingsjaar", "hoofdstuk", "line"))
        found.append(
            ReadNote(
                path.name,
                int(line),
                "",
                "",
                f"{chapter} {jaar}: its {int(n)} figures are printed rounded to "
                f"{format_amount(step)} (x € 1.000; {_printed_step(step)}), read from the "
                "figures themselves: its sums are held to the rounding bound of that step",
                READ_AS,
            )
        )
    return steps


def _printed_step(step: int) -> str:
    """How a step of `step` thousand euros reads in the documents (€ 0,1 mln, € 1 mln)."""
    millions = step / 1000
    text = f"{millions:g}".replace(".", ",")
    return f"€ {text} mln" if step >= 100 else f"€ {step}.000"
