"""Reader for the Ministry of Finance's budget-table CSV ("dataset 4a").

One file holds every "budgettaire gevolgen van beleid" table of one budget: one CSV row per
printed table row, seven amount columns ``Bedrag t-2`` … ``Bedrag t+4``. Three published
variants are read alike; the variant is recognised from the header and the cells, never from
the file name:

- 2015: 28 columns (extra ``Naam_*`` columns), amounts as machine numbers (``355572.7449``).
- 2016: every chapter block twice, blank rows, ``-`` / ``pm`` / ``%`` in amount cells.
- 2017: 27 columns (the last one unnamed), amounts as ``"50,736"``.

What a row becomes (one figure per filled amount cell, ``jaar = begrotingsjaar - 2 … + 4``):

- ``onderdeel`` is the "Nr. onderverdeling" when given, else the "Beleidsmatige clustering"
  name; ``instrument``, ``regeling`` and ``omschrijving`` (the "nadere omschrijving") are the
  next levels. ``label`` is the deepest name printed on the row (the article's name for an
  article total); ``bron`` is ``<file name>:<physical line>`` (header = line 1).
- J/N: J rows are totals. An N row with an empty ``regeling`` but a filled ``omschrijving``
  belongs under the regeling of the nearest J row above it with the same instrument
  (positional, as the table is printed). An N row that would carry a total's key (all levels
  empty, or the same levels as a J row of its table) is a detail line, not a total: its first
  empty level is set to :data:`DETAIL` and its label, so that it is a leaf.
- A J row whose only level names the table itself (``Verplichtingen``, ``Totale uitgaven``,
  ``ONTVANGSTEN`` on a V, U, O row; printed as onderdeel, instrument or regeling) is the
  article total: that level becomes "" on it and on the lines printed under that heading
  (``label`` keeps the text).
- Labels starting with "waarvan" are memo lines (``waarvan = True``).
- Repeated blocks (2016) are kept: the ``unique`` rule reports them.
- ``% Juridisch verplicht`` becomes the juridisch_verplicht frame (``categorie`` ""); a value
  repeated on consecutive rows of one article (2015) is one figure. A row labelled
  "... juridisch verplicht" with a percentage in an amount column (2016 chapter XIII) gives
  that percentage too, and no amounts. ``n.v.t.`` gives no percentage.

Defects. The real files have cells and rows no reader can take as printed: a ``%`` or text
(``o``, ``````) in an amount cell, ``131.869`` among ``120,000`` (Dutch thousands in an
English-style column), rows shifted one column to the right, a V/U/O cell holding the header
text, rows without chapter or phase. Refusing the whole file for one such cell would make the
real data unreadable, guessing would present a guess as fact. So the reader reads what it can
and records every such place as a :class:`~sluitend.datasets.toolkit.ReadNote` (file, line,
column, the text, what was expected and what was done): an unreadable amount becomes
``<NA>`` (unknown, so the sums that need it are "not checkable"), a row that cannot be keyed
is not read. Notes go to the ``notes`` list the caller passes, else they are warnings;
``strict=True`` raises the first defect as an :class:`~sluitend.errors.InputError` instead.
Structural problems (not a CSV, wrong encoding, missing columns, a row with a different
number of fields than the header) are always an InputError.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sluitend.datasets.bron import BronArray
from sluitend.datasets.frame import (
    TEXT_DTYPE,
    Dataset,
    budget_frame,
    juridisch_verplicht_frame,
    pandas_dtypes,
)
from sluitend.datasets.numbers import (
    ParsedAmounts,
    format_amount,
    parse_amounts,
    parse_percentages,
    rounding_steps,
)
from sluitend.datasets.sniffs import looks_like_budget_table_csv  # noqa: F401  (its old home)
from sluitend.datasets.toolkit import (
    READ_AS,
    ReadNote,
    filled,
    per_distinct,
    read_table,
    report_notes,
    split_columns,
    text_cells,
    text_series,
)
from sluitend.datasets.toolkit import row_codes as _codes
from sluitend.datasets.toolkit import row_keys as _key
from sluitend.domains.rijk.vocabulary import FASES, LEVELS, VUOS
from sluitend.errors import InputError

#: The level value that marks a detail line that would otherwise look like a total.
DETAIL: Final = "(detail)"

#: Year offsets of the amount columns, relative to begrotingsjaar.
YEAR_OFFSETS: Final = {"t-2": -2, "t-1": -1, "t": 0, "t+1": 1, "t+2": 2, "t+3": 3, "t+4": 4}

# Canonical column -> accepted header spellings (lower case; a header matches when it equals
# or starts with one of them). "begroting" alone is the 2017 spelling of the chapter column.
_HEADERS: Final = {
    "begrotingsjaar": ("begrotingsjaar",),
    "hoofdstuk": ("begrotings hoofdstuk", "=begroting"),
    "fase": ("begrotingsfase",),
    "artikel": ("artikel nummer",),
    "juridisch": ("% juridisch verplicht",),
    "artikelnaam": ("omschrijving artikel",),
    "vuo": ("v/u/o",),
    "totaal": ("indicatie totaal regel",),
    "onderdeel_nr": ("nr. onderverdeling",),
    "onderdeel_naam": ("beleidsmatige clustering",),
    "instrument": ("financieel instrument",),
    "regeling": ("uitsplitsing",),
    "omschrijving": ("nadere omschrijving",),
    **{k: (f"=bedrag {k}",) for k in YEAR_OFFSETS},  # exact: "bedrag t" prefixes "t-2"
    "begroting_naam": ("naam begroting",),
}
#: Columns a file may lack (read as "" then).
_OPTIONAL_HEADERS: Final = frozenset({"begroting_naam"})
_AMOUNTS: Final = tuple(YEAR_OFFSETS)
#: The amounts a row may hold: an article whose rows carry an eighth amount, in the unnamed
#: column after 'Bedrag t+4' (2017: chapter XII, IXB from article 3), holds t-3 … t+4.
READ_OFFSETS: Final = {"t-3": -3, **YEAR_OFFSETS}
_READ: Final = tuple(READ_OFFSETS)
_OFFSETS: Final = np.array(list(READ_OFFSETS.values()), dtype=np.int64)

_FASE_CODES: Final = {
    **{f.lower(): f for f in FASES},
    "1stesup": "O1",
    "1ste sup": "O1",
    "2de sup": "O2",
    "2desup": "O2",
}
# A memo line: "waarvan", "Waarvan", "- waarvan", "• waarvan", with any leading space.
_MEMO_RE: Final = r"(?i)^[\s\-\u2013\u2014\u2022\u00b7*]*waarvan\b"
#: A chapter block whose "nadere omschrijving" repeats the regeling on at least this share
#: of the rows that have both (and on at least `_LABEL_COLUMN_ROWS` rows) uses that column
#: for the row's printed label, not as a level (chapter XVI: `Subsidies,,Subsidies`).
_LABEL_COLUMN_SHARE: Final = 0.9
_LABEL_COLUMN_ROWS: Final = 20
# Instrument texts that name the table itself: such a J row is the article total.
_TABLE_HEADINGS: Final = {
    "V": ("verplichtingen", "totale verplichtingen", "totaal verplichtingen"),
    "U": ("uitgaven", "totale uitgaven", "totaal uitgaven"),
    "O": ("ontvangsten", "totale ontvangsten", "totaal ontvangsten"),
}
#: Each table a number (0: no table), and each heading the number of the table it names.
_TABLE_NUMBER: Final = {vuo: i for i, vuo in enumerate(_TABLE_HEADINGS, start=1)}
_HEADING_TABLE: Final = {
    name: _TABLE_NUMBER[vuo] for vuo, names in _TABLE_HEADINGS.items() for name in names
}
#: The columns a row's names are printed in, from the highest level to the deepest.
_NAME_COLUMNS: Final = ("onderdeel_nr", "onderdeel_naam", "instrument", "regeling", "omschrijving")


def _find_columns(path: Path, header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, spellings in _HEADERS.items():  # loop over columns
        for i, name in enumerate(names):
            if any(name == s[1:] if s.startswith("=") else name.startswith(s) for s in spellings):
                found[key] = i
                break
    missing = [k for k in _HEADERS if k not in found and k not in _OPTIONAL_HEADERS]
    if missing:
        wanted = ", ".join(repr(_HEADERS[k][0].lstrip("=")) for k in missing)
        raise InputError(
            str(path),
            f"not a budget-table CSV: no column {wanted} in the header "
            "(expected the Ministry of Finance's 'dataset 4a' columns)",
            line=1,
        )
    return found


def _detect_style(cells: pd.Series) -> str:
    """ "en" when any cell groups thousands with ',', "plain" when cells hold decimals
    (`cells`: the amount cells' distinct texts, stripped; whether any: each once)."""
    if cells.str.fullmatch(r"-?\d{1,3}(?:,\d{3})+").any():
        return "en"
    if cells.str.fullmatch(r"-?\d*\.\d+(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+").any():
        return "plain"
    return "en"  # whole numbers only: "en" and "plain" read them alike


# --- the reader ---------------------------------------------------------------------------


def read_budget_table_csv(
    path: str | Path,
    *,
    strict: bool = False,
    notes: list[ReadNote] | None = None,
    name: str | None = None,
    cells: list[np.ndarray] | None = None,
) -> list[Dataset]:
    """Read a budget-table CSV into a begrotingstabel and a juridisch_verplicht Dataset.

    Args:
        path: the CSV file.
        strict: raise the first defect (see the module docstring) as an InputError.
        notes: a list that receives every :class:`ReadNote`; without it they are warnings.
        name: the dataset name (default: the file's stem).
        cells: a list that receives, per dataset returned, the 0-based column of each row's
            figure in the file (its amount or percentage cell): a spreadsheet cites that cell.

    Raises:
        InputError: the file is not a readable budget-table CSV, or (strict) has a defect.
    """
    path = Path(path)
    records, lines = read_table(path, ",")
    columns = _find_columns(path, records[0])
    if len(records) < 2:
        raise InputError(str(path), "the file has a header but no data rows", line=2)
    table = _Table(path, records, lines, columns)
    found = table.read()
    report_notes(found.notes, notes, strict=strict)
    if cells is not None:
        cells.extend([found.figure_columns, found.percentage_columns])
    stem = name or path.stem
    return [
        Dataset(found.figures, "begrotingstabel", stem, unit=1000, source=str(path)),
        Dataset(
            found.percentages,
            "juridisch_verplicht",
            f"{stem}-juridisch-verplicht",
            unit=1,
            source=str(path),
        ),
    ]


@dataclass
class _Found:
    figures: pd.DataFrame
    percentages: pd.DataFrame
    notes: list[ReadNote]
    #: Per row of `figures` / `percentages`: the 0-based column of the file it was read from.
    figure_columns: np.ndarray
    percentage_columns: np.ndarray


class _Table:
    """One file's rows as a frame, and the vectorized steps that turn them into figures."""

    def __init__(
        self, path: Path, records: list[list[str]], lines: np.ndarray, columns: dict[str, int]
    ) -> None:
        self.path = path
        self.bron_name = path.name
        self.header = records[0]
        n = len(records) - 1
        cells = text_cells(records[1:])
        raw = split_columns(cells, n)
        trimmed = pc.utf8_trim_whitespace(cells)  # every cell at once, for every use
        stripped = split_columns(trimmed, n)
        index = pd.RangeIndex(n)
        self.nonblank = pd.Series(filled(trimmed).reshape(-1, n).any(axis=0), index=index)
        unnamed = [i for i, h in enumerate(self.header) if not h.strip()]
        self.unnamed = unnamed
        self.raw_columns = {i: text_series(raw[i], index) for i in unnamed}
        # An amount under an unnamed column means the row is shifted; text there (2016's
        # "XII_Infrastructuur en Milieu" name columns) is harmless.
        self.spill = pd.Series(
            np.logical_or.reduce(
                [
                    per_distinct(c, _looks_numeric).to_numpy(dtype=bool)
                    for c in self.raw_columns.values()
                ]
                or [np.zeros(len(index), dtype=bool)]
            ),
            index=index,
        )
        self.eight = pd.Series(False, index=index)
        self.memo: pd.Series = pd.Series(False, index=index)
        text = {k: text_series(stripped[i], index) for k, i in columns.items()}
        for key in _OPTIONAL_HEADERS - set(columns):
            text[key] = pd.Series("", index=index, dtype="string")
        self.df = pd.DataFrame({**text, "line": lines[1:]}, copy=False)
        self.notes: list[ReadNote] = []
        self.columns = columns
        self._label_of: tuple[pd.DataFrame, pd.Series] | None = None

    def note(
        self, rows: pd.Series, column: str, texts: Iterable[object], problem: Iterable[object]
    ) -> None:
        """Record one note per row where `rows` holds (few; builds plain records for the
        report): its line, and the text and problem given for each in turn."""
        lines = self.df["line"].to_numpy()[rows.to_numpy(dtype=bool)]
        self.notes.extend(
            ReadNote(self.path.name, int(line), column, str(text), str(msg))
            for line, text, msg in zip(lines, texts, problem, strict=True)
        )

    def _bron(self, lines: pd.Series) -> pd.Series:
        """`<file name>:<line>` per row, as a `BronArray` (a table of one text and the
        lines): no text is made per row, and none is parsed back into its parts."""
        return pd.Series(
            BronArray.numbered(self.bron_name + ":", lines.to_numpy(dtype=np.int64)),
            index=lines.index,
        )

    def header_name(self, key: str) -> str:
        return self.header[self.columns[key]].strip()

    def read(self) -> _Found:
        self.df = self.df.assign(**self._keys())
        df = self.df
        shifted = self._shifted()
        # The amount cells as they are read (after the eight-amount shift), for every test
        # of a cell below.
        self.cells = _Cells([df[k] for k in _READ])
        self.percent = self.cells.test(lambda d: d.str.endswith("%"))
        self.blank = self.cells.test(lambda d: d == "")
        keep = self.nonblank & ~shifted & ~self._shares()
        self._note_odd_years()
        amounts = self._amounts()
        jv_row = self._juridisch_rows(amounts)
        has_figure = pd.Series(~self.blank.all(axis=0), index=df.index)
        has_figure &= ~jv_row
        keyed = self._keyed(has_figure & keep)
        self._note_stray(keep & ~has_figure & (df["juridisch"] == "") & ~jv_row)
        figures, figure_columns = self._figures(df, amounts, keep & has_figure & keyed)
        percentages, percentage_columns = self._percentages(df, amounts, jv_row, keep)
        self._notes_sorted()
        return _Found(figures, percentages, self.notes, figure_columns, percentage_columns)

    def _notes_sorted(self) -> None:
        self.notes.sort(key=lambda n: (n.line or 0, n.column))

    def _shifted(self) -> pd.Series:
        """Rows with an amount under an unnamed header column, or a label (a word) in an
        amount column: shifted rows, whose figures would land in the wrong years. Not read."""
        cells = _Cells([self.df[k] for k in _AMOUNTS])
        has_word = cells.test(_has_word)
        nil = cells.test(lambda d: d.str.lower().isin(["nihil", "p.m."]))
        words = pd.Series((has_word & ~nil).any(axis=0), index=self.df.index)
        spill = self.spill & ~words
        self.eight = self._eight_rows(spill)
        spill &= ~self.eight
        if spill.any():
            col = self.unnamed[0] + 1
            n = int(spill.sum())
            self.note(
                spill,
                f"column {col}",
                [""] * n,
                [
                    f"an amount beyond 'Bedrag t+4', in column {col} which has no "
                    "header; expected seven amounts 'Bedrag t-2' … 'Bedrag t+4' "
                    "(row shifted by a column?): row not read"
                ]
                * n,
            )
        if words.any():
            rows = np.flatnonzero(words.to_numpy())
            first_word = cells.first(has_word, rows)  # the leftmost word wins
            self.note(
                words,
                "Bedrag t-2 … t+4",
                first_word,
                [
                    f"a label {text!r} in an amount column; expected seven amounts (row "
                    "shifted by a column?): row not read"
                    for text in first_word
                ],
            )
        self.spill = (self.spill & ~self.eight) | words
        self._shift_eight()
        return self.spill

    def _eight_rows(self, spill: pd.Series) -> pd.Series:
        """Rows of articles that print eight amounts: t-3 … t+4.

        An article where a row holds an amount in the unnamed column right after 'Bedrag
        t+4' (and no label among its amounts) prints eight years: the 2017 file's chapter XII
        gives 2014 … 2021 there, its 2014 figure equal to the 2016 file's t-2. Every row of
        such an article is read so (a row with its last cell empty too).
        """
        df = self.df
        if self.columns["t+4"] + 1 not in self.unnamed or not spill.any():
            return pd.Series(False, index=df.index)
        article = _key(df["begrotingsjaar"], df["fase"], df["hoofdstuk"], df["artikel"])
        return pd.Series(_group_any(spill.to_numpy(), article.to_numpy()), index=df.index)

    def _shift_eight(self) -> None:
        """Put the amounts of eight-amount rows onto t-3 … t+4 (every other row gets an
        empty t-3), and record each such article as a "read as" note."""
        df, eight = self.df, self.eight
        df["t-3"] = ""
        if not eight.any():
            return
        after = self.columns["t+4"] + 1
        article = _key(df["begrotingsjaar"], df["fase"], df["hoofdstuk"], df["artikel"])
        extra = self.raw_columns[after].str.strip()
        shift = eight.to_numpy()
        df["t-3"] = _pick(shift, df["t-2"], pd.Series("", index=df.index, dtype=df["t-2"].dtype))
        for earlier, later in itertools.pairwise(_AMOUNTS):  # loop over the amount columns
            df[earlier] = _pick(shift, df[later], df[earlier])
        df["t+4"] = _pick(shift, extra, df["t+4"])
        rows = np.flatnonzero(eight.to_numpy())
        firsts, sizes = _firsts(article.to_numpy()[rows])  # rows are in line order
        for i, size in zip(rows[firsts], sizes, strict=True):  # loop over articles (few)
            jaar, chapter, art, line = (
                df[c].iloc[i] for c in ("begrotingsjaar", "hoofdstuk", "artikel", "line")
            )
            year = int(jaar) if str(jaar).isdigit() else None
            span = f" ({year - 3}–{year + 4})" if year else ""
            self.notes.append(
                ReadNote(
                    self.path.name,
                    int(line),
                    f"column {after + 1}",
                    "",
                    f"chapter {chapter} article {art}: its {int(size)} rows hold eight "
                    "amounts (the last in the column after 'Bedrag t+4', which has no "
                    f"header): read as t-3 … t+4{span}. The file does not name the "
                    "eighth year, so the years are this reading's (the 2017 file's XII "
                    "matches the 2016 file's t-2 so); the sums hold whichever years they are",
                    READ_AS,
                )
            )

    def amount_index(self, key: str) -> pd.Series:
        """Per row, the 0-based column a logical amount `key` was read from: its own column,
        one further on eight-amount rows (t+4 there is the unnamed column after it)."""
        own = self.columns.get(key, -1)
        if key == "t+4":
            later = self.columns["t+4"] + 1
        else:
            later = self.columns[_AMOUNTS[_READ.index(key)]]
        return pd.Series(np.where(self.eight.to_numpy(), later, own), index=self.df.index)

    def amount_column(self, key: str, eight: bool) -> str:
        """The printed column a logical amount `key` sits in (one further on eight rows)."""
        if not eight:
            return self.header_name(key)
        printed = _AMOUNTS[_READ.index(key)] if key != "t+4" else None
        return self.header_name(printed) if printed else f"column {self.columns['t+4'] + 2}"

    def _shares(self) -> pd.Series:
        """Rows whose one amount is a share such as ``0.93``, printed where the article total
        goes (2015 VII art. 6, line 982, in "Bedrag t"): a percentage written as a fraction,
        not an amount in thousands. Not read; each is recorded."""
        df = self.df
        seven = slice(1, None)  # the cells of `_AMOUNTS`: all of `_READ` but t-3
        filled = self.cells.test(lambda d: d != "")[seven]
        share = self.cells.test(lambda d: d.str.fullmatch(r"0?[.,]\d{1,4}"))[seven]
        names = ("onderdeel_nr", "onderdeel_naam", "instrument", "regeling", "omschrijving")
        rows = (filled.sum(axis=0) == 1) & (share & filled).any(axis=0)
        rows &= np.logical_and.reduce([(df[c] == "").to_numpy(dtype=bool) for c in names])
        at = np.flatnonzero(rows)
        columns = filled[:, at].argmax(axis=0)  # the one filled cell of each such row
        texts = self.cells.texts(columns + 1, at)
        for i, j, text in zip(at, columns, texts, strict=True):  # loop over the share rows (few)
            percent = float(text.replace(",", ".")) * 100
            self.notes.append(
                ReadNote(
                    self.path.name,
                    int(df["line"].iloc[i]),
                    self.header_name(_AMOUNTS[j]),
                    text,
                    f"{text!r} is a share ({percent:g}%?), not an amount in thousands, on "
                    "a row that names no line: not read as an amount",
                )
            )
        return pd.Series(rows, index=df.index)

    def _note_odd_years(self) -> None:
        """A chapter block whose begrotingsjaar differs from the rest of its file (the 2016
        file's second XVI block says 2015) is read as printed, and said: its figures are
        then those of another budget year than the file's."""
        df = self.df
        year = df["jaar0"]
        if year.notna().sum() == 0:
            return
        usual = year.mode().iloc[0]
        chapter = df["hoofdstuk"].to_numpy(dtype=object)
        years = year.fillna(-1).to_numpy(dtype="int64")
        block = np.ones(len(df), dtype=bool)
        block[1:] = (chapter[1:] != chapter[:-1]) | (years[1:] != years[:-1])
        run = np.cumsum(block)
        odd = np.flatnonzero(year.notna().to_numpy() & (years != usual))
        firsts, sizes = _firsts(run[odd])  # a run is consecutive rows: first to last
        lines = df["line"].to_numpy()
        for i, size in zip(odd[firsts], sizes, strict=True):  # loop over the odd blocks (few)
            first, last, jaar = int(lines[i]), int(lines[i + size - 1]), int(years[i])
            self.notes.append(
                ReadNote(
                    self.path.name,
                    first,
                    self.header_name("begrotingsjaar"),
                    str(jaar),
                    f"chapter {chapter[i]}, lines {first}-{last}: "
                    f"begrotingsjaar {jaar}, where the rest of the file has "
                    f"{int(usual)}: read as printed, as figures of budget year "
                    f"{jaar} (years t-2 … t+4 counted from it)",
                    READ_AS,
                )
            )

    def _amounts(self) -> dict[str, ParsedAmounts]:
        style = _detect_style(self.cells.distinct)
        self.style = style
        # One parse of the amount columns' distinct cells: the fixed cost of each string
        # operation is paid once, not once per column; each column takes its results.
        once = parse_amounts(self.cells.distinct, style=style)
        self.parsed = once  # per distinct cell: `self.cells.codes` takes it to each cell
        parsed = {
            k: ParsedAmounts(
                **{
                    f.name: pd.Series(
                        getattr(once, f.name).array.take(self.cells.codes[i]),
                        index=self.df.index,
                    )
                    for f in fields(ParsedAmounts)
                }
            )
            for i, k in enumerate(_READ)
        }
        rounded = sum(int((p.rounded & self.nonblank).sum()) for p in parsed.values())
        if rounded:
            first = min(
                int(self.df.loc[p.rounded & self.nonblank, "line"].min())
                for p in parsed.values()
                if (p.rounded & self.nonblank).any()
            )
            self.notes.append(
                ReadNote(
                    self.path.name,
                    None,
                    "Bedrag t-2 … t+4",
                    "",
                    f"{rounded} amounts are not whole units (the first on line {first}); "
                    "rounded half away from zero to whole units",
                )
            )
        return parsed

    def _keys(self) -> dict[str, pd.Series]:
        """The key columns' codes, each read once per distinct cell (a column of a few
        years, phases and chapters)."""
        df = self.df
        return {
            "jaar0": per_distinct(
                df["begrotingsjaar"],
                lambda d: pd.to_numeric(d.where(d.str.fullmatch(r"[0-9]{4}"), None)),
            ),
            "fase_code": per_distinct(df["fase"], lambda d: d.str.lower().map(_FASE_CODES)),
            "vuo_code": per_distinct(
                df["vuo"], lambda d: d.str.upper().where(d.str.upper().isin(VUOS), None)
            ),
            "hoofdstuk_code": per_distinct(df["hoofdstuk"], lambda d: d.str.upper()),
        }

    def _juridisch_rows(self, amounts: dict[str, ParsedAmounts]) -> pd.Series:
        """Rows labelled "... juridisch verplicht" whose amount cells hold percentages."""
        df = self.df
        labels = df["instrument"] + " " + df["regeling"] + " " + df["omschrijving"]
        named = labels.str.lower().str.contains("juridisch verplicht", regex=False)
        pct = self.percent[1:].any(axis=0)  # in any of `_AMOUNTS` (t-3 is never one)
        return (named & pct).astype(bool)

    def _keyed(self, rows: pd.Series) -> pd.Series:
        """Whether each row can be keyed; rows with figures that cannot are noted."""
        df = self.df
        checks = [
            ("begrotingsjaar", df["jaar0"].notna(), "a year such as 2017"),
            ("fase", df["fase_code"].notna(), f"a phase ({', '.join(FASES)})"),
            ("hoofdstuk", df["hoofdstuk"] != "", "a chapter such as VII"),
            ("vuo", df["vuo_code"].notna(), "V, U or O"),
        ]
        ok = pd.Series(True, index=df.index)
        for key, good, expected in checks:  # loop over columns
            bad = rows & ok & ~good
            if bad.any():
                column = self.header_name(key)
                texts = df.loc[bad, key]
                msgs = "expected " + expected + ", got " + texts.map(repr) + ": row not read"
                self.note(bad, column, texts, msgs)
            ok &= good
        return ok

    def _note_stray(self, rows: pd.Series) -> None:
        """Non-blank rows with neither figures nor a percentage (stray cells), recorded."""
        stray = rows & self.df["begrotingsjaar"].eq("")
        if stray.any():
            n = int(stray.sum())
            self.note(
                stray,
                "",
                pd.Series([""] * n),
                pd.Series(["a row with neither key nor figures (stray cells): skipped"] * n),
            )

    def _levels(self, df: pd.DataFrame) -> dict[str, np.ndarray]:
        """The four levels of each row, with the J/N structure resolved (vectorized), as
        text arrays: the steps below change a few cells each, which numpy does in place."""
        text = {c: df[c].to_numpy(dtype=object) for c in _NAME_COLUMNS}
        lv = {
            "onderdeel": np.where(
                text["onderdeel_nr"] != "", text["onderdeel_nr"], text["onderdeel_naam"]
            ),
            "instrument": text["instrument"].copy(),
            "regeling": text["regeling"].copy(),
            "omschrijving": text["omschrijving"].copy(),
        }
        totaal = df["totaal"]
        total = per_distinct(totaal, lambda d: d.str.upper().str.startswith("J")).to_numpy(bool)
        detail = per_distinct(totaal, lambda d: d.str.upper().str.startswith("N")).to_numpy(bool)
        lv["omschrijving"][self._label_omschrijving(df)] = ""
        block_key = _codes(
            df["jaar0"], df["fase_code"], df["hoofdstuk_code"], df["artikel"], df["vuo_code"]
        )
        self._heading_totals(df, lv, block_key, total)
        self._onderdeel_under_instrument(lv, block_key, total)
        self._fill_instruments(lv, block_key)
        self._attach_orphans(lv, block_key, total)
        self._mark_details(df, lv, block_key, total, detail)
        return lv

    def _heading_totals(
        self, df: pd.DataFrame, lv: dict[str, np.ndarray], block_key: np.ndarray, total: np.ndarray
    ) -> None:
        """A J row whose only level names the table itself ("Verplichtingen", "Totale
        uitgaven", "ONTVANGSTEN"; printed as onderdeel, instrument or regeling) is the
        article total: that level becomes "" on it and on the lines printed under it,
        whichever column and case they print the heading in (2016 XIII art. 19:
        "ONTVANGSTEN" as regeling over lines with "Ontvangsten" as instrument)."""
        upper = ("onderdeel", "instrument", "regeling")
        # Which table (1-3 for V, U, O; 0: none) each cell's text names, and each row's.
        cells = _Cells([lv[level] for level in upper])
        names = cells.number(lambda d: d.str.lower().map(_HEADING_TABLE).fillna(0))
        table = df["vuo_code"].map(_TABLE_NUMBER).fillna(0).to_numpy(dtype=np.int64)
        names_table = (names == table) & (names > 0)  # one row per level
        filled_count = sum((lv[level] != "") for level in LEVELS)
        heading_total = total & (filled_count == 1) & names_table.any(axis=0)
        headed = np.isin(block_key, block_key[heading_total])
        above_empty = np.ones(len(total), dtype=bool)
        for row, level in enumerate(upper):  # loop over levels
            lv[level][above_empty & headed & names_table[row]] = ""
            above_empty &= lv[level] == ""

    def _mark_details(
        self,
        df: pd.DataFrame,
        lv: dict[str, np.ndarray],
        block_key: np.ndarray,
        total: np.ndarray,
        detail: np.ndarray,
    ) -> None:
        """A detail row carrying a total's key becomes a leaf: its first empty level is
        DETAIL and its label, so that several such lines (2015 XVI art. 9: "Verzameluitkering
        Jeugd", "... Sport" under onderdeel 2) stay several lines."""
        key = _codes(block_key, *(lv[level] for level in LEVELS))
        filled = np.stack([lv[level] != "" for level in LEVELS], axis=1)
        depth = np.where(filled.any(axis=1), 3 - np.argmax(filled[:, ::-1], axis=1), -1)
        collides = detail & (np.isin(key, key[total]) | (depth == -1))
        if not collides.any():
            return
        labels = self._labels(df)[collides]
        marker = (DETAIL + " " + labels).str.strip().to_numpy(dtype=object)
        depth = depth[collides]
        rows = np.flatnonzero(collides)
        for i, level in enumerate(LEVELS):  # loop over the four levels
            lv[level][rows[depth + 1 == i]] = marker[depth + 1 == i]

    def _label_omschrijving(self, df: pd.DataFrame) -> np.ndarray:
        """Rows whose "nadere omschrijving" is the row's label, not a fourth level.

        - In a chapter block that repeats the regeling there on (nearly) every row that has
          both (chapter XVI: `Subsidies,,Subsidies`, article totals `Uitgaven`, onderdeel
          totals `2. Opleidingen, ...`), the column is the printed label on every row.
        - Elsewhere, an omschrijving that repeats the row's own regeling, instrument or
          onderdeel (also as "2. Opleidingen ..."; compared without case and spacing)
          names nothing new.
        Each block read this way is recorded as a "read as" note.
        """
        # Each name without case and spacing, as a number per cell (equal names, equal
        # numbers): the comparisons below compare numbers, not texts.
        names = _Cells(
            [df[c] for c in ("onderdeel_naam", "instrument", "regeling", "omschrijving")]
        )
        norm = names.distinct.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
        number, distinct = pd.factorize(norm, use_na_sentinel=False)
        normalized = np.asarray(distinct, dtype=object)
        naam, instrument, regeling, om = number[names.codes]
        blank = _position(normalized, "")
        both = (regeling != blank) & (om != blank)
        same = both & (om == regeling)
        chapter_key = _codes(df["jaar0"], df["fase_code"], df["hoofdstuk_code"])
        n_both = _group_count(both, chapter_key)
        n_same = _group_count(same, chapter_key)
        label_column = (n_both >= _LABEL_COLUMN_ROWS) & (n_same >= _LABEL_COLUMN_SHARE * n_both)
        # A row that names itself only there ("Wanbetalers en onverzekerden" under
        # Ontvangsten) keeps it as its place, unless it names the table (the article total).
        has_nr = (df["onderdeel_nr"] != "").to_numpy(dtype=bool)
        others = (naam != blank) | (instrument != blank) | (regeling != blank) | has_nr
        heading = pd.Series(normalized).isin(list(_HEADING_TABLE)).to_numpy(dtype=bool)[om]
        label_column &= (om != blank) & (others | heading)
        repeat = (om != blank) & ((om == regeling) | (om == instrument) | (om == naam))
        repeat |= self._numbered_repeat(df, has_nr, normalized, naam, om)
        labelled = np.flatnonzero(label_column)
        firsts, _ = _firsts(chapter_key[labelled])
        for i in labelled[firsts]:  # loop over the blocks read so (few)
            jaar, fase = df["jaar0"].iloc[i], df["fase_code"].iloc[i]
            self.notes.append(
                ReadNote(
                    self.path.name,
                    int(df["line"].iloc[i]),
                    self.header_name("omschrijving"),
                    "",
                    f"chapter {df['hoofdstuk_code'].iloc[i]} ({_blank_na(fase)} "
                    f"{_blank_na(jaar)}): the 'nadere omschrijving' repeats the regeling on "
                    f"{int(n_same[i])} of the {int(n_both[i])} rows that have both: read as "
                    "each row's label (its totals by their other columns), not as a fourth "
                    "level",
                    READ_AS,
                )
            )
        return label_column | repeat

    def _numbered_repeat(
        self,
        df: pd.DataFrame,
        has_nr: np.ndarray,
        normalized: np.ndarray,
        naam: np.ndarray,
        om: np.ndarray,
    ) -> np.ndarray:
        """Rows whose omschrijving (normalized, `om`) is their onderdeel as printed with
        its number ("2. Opleidingen ..."): number and name joined, on the rows with a
        number only."""
        rows = np.flatnonzero(has_nr)
        text = df["onderdeel_nr"].dtype
        nr = per_distinct(df["onderdeel_nr"].iloc[rows], lambda d: d.str.casefold())
        numbered = (
            nr + ". " + pd.Series(normalized[naam[rows]], index=nr.index, dtype=text)
        ).str.strip()
        own = pd.Series(normalized[om[rows]], index=nr.index, dtype=text)
        repeat = np.zeros(len(has_nr), dtype=bool)
        repeat[rows] = (own != "").to_numpy(dtype=bool) & (own == numbered).to_numpy(dtype=bool)
        return repeat

    def _onderdeel_under_instrument(
        self, lv: dict[str, np.ndarray], block_key: np.ndarray, total: np.ndarray
    ) -> None:
        """A table that prints an instrument total without onderdeel and, under it, lines
        that name an onderdeel no row of the table totals (XVI art. 8: "Inkomensoverdrachten"
        over "1. Zorgtoeslag", "2. Wet tegemoetkoming ..."): there the onderdeel is the line's
        own name, below the instrument, not a level above it; it is dropped from the key
        (the label keeps it)."""
        has = lv["onderdeel"] != ""
        if not has.any():
            return
        instrument = lv["instrument"] != ""
        instrument_key = _codes(block_key, lv["instrument"])
        onderdeel_key = _codes(block_key, lv["onderdeel"])
        bare_instrument = total & ~has & instrument & (lv["regeling"] == "")
        totalled = onderdeel_key[total & has & ~instrument]
        below = has & instrument & np.isin(instrument_key, instrument_key[bare_instrument])
        below &= ~np.isin(onderdeel_key, totalled)
        lv["onderdeel"][below] = ""

    def _fill_instruments(self, lv: dict[str, np.ndarray], block_key: np.ndarray) -> None:
        """Positional: a row that prints only a nadere omschrijving (no onderdeel,
        instrument or regeling) sits under the instrument printed above it in its table
        (2016 VIII art. 4: "Dienst Uitvoering Onderwijs" under "Bijdrage aan
        agentschappen"); an article total row above ends the run. A memo line above keeps
        its lines to itself (see `_attach_orphans`)."""
        only = (
            (lv["onderdeel"] == "")
            & (lv["instrument"] == "")
            & (lv["regeling"] == "")
            & (lv["omschrijving"] != "")
        )
        if not only.any():
            return
        filled = lv["instrument"] != ""
        empty = np.logical_and.reduce([lv[level] == "" for level in LEVELS])  # a blank row
        position = np.arange(len(only), dtype="float64")
        source = np.where(filled, position, np.nan)
        source = _ffill_by_group(np.where(empty, -1.0, source), block_key)
        take = only & (np.nan_to_num(source, nan=-1.0) >= 0)
        rows = source[take].astype("int64")
        for level in ("onderdeel", "instrument"):  # loop over two levels
            lv[level][take] = lv[level][rows]

    def _attach_orphans(
        self, lv: dict[str, np.ndarray], block_key: np.ndarray, total: np.ndarray
    ) -> None:
        """Positional, as the table is printed: a row with a nadere omschrijving but no
        regeling sits under the regeling of the nearest row above it with the same
        instrument, whether that regeling row is flagged J or N (2016 VIII art. 1:
        "Hoofdbekostiging" N over its lines; art. 4: "Resultaatsafhankelijk budget" J
        under "Kwaliteitsafspraken"). The instrument's own total row ends the run. A
        regeling row that such lines follow and that prints a subtitle in the omschrijving
        column (2017 VIII art. 16 "Hoofdbekostiging" / "NWO-wet en WHW") is the regeling's
        total: the subtitle is no level of its own (it stays in `label`)."""
        group = _codes(block_key, lv["onderdeel"], lv["instrument"])
        has_regeling = lv["regeling"] != ""
        ends = ~has_regeling & (lv["omschrijving"] == "")
        position = np.arange(len(group), dtype="float64")
        context_row = np.where(ends, -1.0, np.where(has_regeling, position, np.nan))
        context_row = _ffill_by_group(context_row, group)
        orphan = ~has_regeling & (lv["omschrijving"] != "")
        orphan &= np.nan_to_num(context_row, nan=-1.0) >= 0
        source = context_row[orphan].astype("int64")
        lv["regeling"][orphan] = lv["regeling"][source]
        # The lines under a memo line ("Waarvan garantieverplichtingen", then "Garantie SNS
        # Propertize") break the memo down: memo lines too.
        memo = self.memo.to_numpy()
        memo_lines = np.zeros(len(group), dtype=bool)
        memo_lines[np.flatnonzero(orphan)[memo[source]]] = True
        self.memo = self.memo | pd.Series(memo_lines, index=self.memo.index)
        # A regeling row with lines attached to it and a subtitle of its own is their total.
        subtitled = np.zeros(len(group), dtype=bool)
        subtitled[source] = True
        subtitled &= (lv["omschrijving"] != "") & total
        lv["omschrijving"][subtitled] = ""
        # A J row that prints a name only in the omschrijving column, under no regeling,
        # where its instrument has no total row of its own, is that instrument's total
        # ("Bijdrage aan agentschappen" / "Bijdragen aan agentschappen"): an omschrijving
        # can hold no lines, so as a fourth level it could be the total of nothing.
        instrument = lv["instrument"] != ""
        om = lv["omschrijving"] != ""
        bare = total & ~has_regeling & ~om & instrument
        named = total & ~has_regeling & ~orphan & om & instrument
        named &= ~np.isin(group, group[bare])  # onderdeel and instrument are as above
        lv["omschrijving"][named] = ""

    def _labels(self, df: pd.DataFrame) -> pd.Series:
        """Each row's deepest printed name (three steps use it: made once per frame)."""
        if self._label_of is not None and self._label_of[0] is df:
            return self._label_of[1]
        label = df["artikelnaam"].to_numpy(dtype=object)
        for col in _NAME_COLUMNS:  # the deepest printed name wins
            cells = df[col].to_numpy(dtype=object)
            label = np.where(cells != "", cells, label)
        labels = pd.Series(label, index=df.index, dtype=df["artikelnaam"].dtype)
        self._label_of = (df, labels)
        return labels

    def _figures(
        self, df: pd.DataFrame, amounts: dict[str, ParsedAmounts], rows: pd.Series
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The figures of `rows`, one per amount, and the column each was read from."""
        texts = _Cells(
            [df[c] for c in ("onderdeel_naam", "instrument", "regeling", "omschrijving")]
        )
        self.memo = pd.Series(texts.test(_is_memo).any(axis=0), index=df.index)
        levels = self._levels(df)
        waarvan = self.memo
        base = {
            "begrotingsjaar": df["jaar0"],
            "fase": df["fase_code"],
            "hoofdstuk": df["hoofdstuk_code"],
            "begroting": self._budgets(df),
            "artikel": df["artikel"],
            **{level: pd.Series(levels[level], index=df.index) for level in LEVELS},
            "waarvan": waarvan,
            "vuo": df["vuo_code"],
            "label": self._labels(df),
            "bron": self._bron(df["line"]),
            "line": df["line"],
        }
        self._note_unreadable(df, amounts, rows)
        # Every figure as (amount column j, row i), in the order of the columns; taken from
        # `base` at once, in the order the file prints them (by line, then year), with its
        # columns already of their dtype (converted on the rows, not on the figures).
        j, i = np.nonzero(rows.to_numpy() & ~self.blank)
        # (Every figure's row has a year: `_keyed`; na_value never reaches a figure.)
        jaar = df["jaar0"].to_numpy(dtype="int64", na_value=0)[i] + _OFFSETS[j]
        order = np.lexsort((jaar, df["line"].to_numpy()[i]))
        j, i, jaar = j[order], i[order], jaar[order]
        dtypes = pandas_dtypes("begrotingstabel")
        taken = {
            c: (v.astype(dtypes[c]) if c in dtypes else v).array.take(i)
            for c, v in base.items()
            if c != "begrotingsjaar"
        }
        long = pd.DataFrame(
            {
                "begrotingsjaar": df["jaar0"].to_numpy(dtype="int64", na_value=0)[i],
                **taken,
                "jaar": jaar,
                "bedrag": self.parsed.values.array.take(self.cells.codes[j, i]),
            },
            copy=False,
        )
        block = _codes(df["jaar0"], df["fase_code"], df["hoofdstuk_code"])[i]
        long["afronding"] = self._steps(long, block)
        columns = np.stack([self.amount_index(k).to_numpy() for k in _READ])[j, i]
        return budget_frame(long, "begrotingstabel"), columns.astype("int64")

    def _note_unreadable(
        self, df: pd.DataFrame, amounts: dict[str, ParsedAmounts], rows: pd.Series
    ) -> None:
        """Record each amount cell of `rows` that holds text no amount is read from."""
        bad = rows.to_numpy() & ~self.blank & self.parsed.invalid.to_numpy()[self.cells.codes]
        if not bad.any():
            return
        for j, k in enumerate(_READ):  # loop over the (up to eight) amount columns
            for eight in (False, True):  # the column it sits in differs on eight-amount rows
                here = pd.Series(bad[j] & (self.eight.to_numpy() == eight), index=df.index)
                if here.any():
                    column = self.amount_column(k, eight)
                    msgs = amounts[k].reason[here] + ": figure read as unknown (<NA>)"
                    self.note(here, column, df.loc[here, k], msgs)

    def _budgets(self, df: pd.DataFrame) -> pd.Series:
        """The budget within the chapter where one chapter and article hold several.

        Chapter III prints Algemene Zaken, the Kabinet der Koning and the CvTIVD, each with
        an article 1: without the budget's name their figures would be summed together.
        Only where an article of one chapter holds more than one "Naam Begroting" (compared
        without regard to spacing) does the row get that name; everywhere else "" (one
        budget per chapter, the usual case). The 2016 file prints chapter IX twice, in two
        layouts, once as "Financien" and once as "Financiën": two tables, each checked on
        its own, rather than one table of rows from both.
        """
        # Its runs of white space as one space (the name given), and stripped (compared).
        spaced = per_distinct(
            df["begroting_naam"], lambda d: d.str.replace(r"\s+", " ", regex=True)
        )
        plain = spaced.str.strip()
        article = _codes(df["jaar0"], df["fase_code"], df["hoofdstuk_code"], df["artikel"])
        named = (plain != "").to_numpy(dtype=bool)
        several = _group_distinct(article, _codes(plain), named) > 1
        self._note_spellings(df, plain, named)
        return _pick(several, spaced, pd.Series("", index=df.index, dtype=spaced.dtype))

    def _note_spellings(self, df: pd.DataFrame, plain: pd.Series, named: np.ndarray) -> None:
        """A read-as note for each chapter (year, phase) whose budget name comes in spellings
        that differ only in accents or case ("Financiën" and "Financien"): most likely one
        budget printed twice, which `_budgets` reads as two tables, each checked on its own.
        Said, so that a controller sees why the chapter shows twice and that the two
        tables' figures are not compared."""
        folded = per_distinct(plain, lambda d: d.map(_folded_name).astype(d.dtype))
        chapter = _codes(df["jaar0"], df["fase_code"], df["hoofdstuk_code"])
        spellings = _codes(plain)
        twice = named & (
            _group_distinct(chapter, spellings, named)
            > _group_distinct(chapter, _codes(folded), named)
        )
        if not twice.any():
            return  # the usual case: one spelling per name
        rows = np.flatnonzero(twice)
        firsts, _ = _firsts(_codes(chapter[rows], spellings[rows]))
        at = rows[firsts]  # each spelling's first row, in line order
        for group in dict.fromkeys(chapter[at]):  # loop over such chapters (few)
            mine = at[chapter[at] == group]
            jaar, fase, hoofdstuk = (
                df[c].iloc[mine[0]] for c in ("begrotingsjaar", "fase", "hoofdstuk")
            )
            shown = ", ".join(
                f"'{plain.iloc[i]}' (from line {int(df['line'].iloc[i])})" for i in mine
            )
            self.notes.append(
                ReadNote(
                    self.path.name,
                    int(df["line"].iloc[mine[1]]),
                    "Naam Begroting",
                    str(plain.iloc[mine[1]]),
                    f"chapter {hoofdstuk} ({fase} {jaar}) is printed under {len(mine)} "
                    f"spellings of one budget name: {shown}; read as {len(mine)} tables, "
                    "each checked on its own (the figures of one are not compared with the "
                    "other's)",
                    READ_AS,
                )
            )

    def _steps(self, long: pd.DataFrame, block: np.ndarray) -> pd.Series:
        """The rounding step of each figure, read per chapter block (`block`: a number per
        figure) from its figures (`numbers.rounding_steps`); each block rounded more
        coarsely than whole thousands is recorded as a note, since its sums are then held
        to a wider bound."""
        steps = rounding_steps(long["bedrag"], pd.Series(block, index=long.index))
        if not (steps > 1).any():
            return steps  # no block rounded coarsely: no note (the usual case)
        coarse = np.flatnonzero((steps > 1).to_numpy())
        firsts, sizes = _firsts(block[coarse])
        for i, n in zip(coarse[firsts], sizes, strict=True):  # loop over coarse blocks (few)
            jaar, fase, chapter, line = (
                long[c].iloc[i] for c in ("begrotingsjaar", "fase", "hoofdstuk", "line")
            )
            self.notes.append(
                ReadNote(
                    self.path.name,
                    int(line),
                    "Bedrag t-2 … t+4",
                    "",
                    f"chapter {chapter} ({fase} {jaar}): its {int(n)} figures are "
                    f"printed rounded to {format_amount(int(steps.iloc[i]))} (x € 1.000), read "
                    "from the figures themselves: its sums are held to the rounding bound "
                    "of that step",
                    READ_AS,
                )
            )
        return steps

    def _percentages(
        self,
        df: pd.DataFrame,
        amounts: dict[str, ParsedAmounts],
        jv_row: pd.Series,
        keep: pd.Series,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The percentages juridisch verplicht, and the column each was read from."""
        text = df["juridisch"]
        # The percentage may sit in another amount column: in "t" if it is there, else
        # the leftmost amount cell that ends in "%".
        percent = self.percent[1:]
        at = np.where(percent[_AMOUNTS.index("t")], _AMOUNTS.index("t"), percent.argmax(axis=0))
        has = percent.any(axis=0)
        rows_with = np.flatnonzero(has)
        in_amount = pd.Series("", index=df.index, dtype=df["t"].dtype)
        in_amount[has] = self.cells.texts(at[rows_with] + 1, rows_with)
        amount_columns = np.array([self.columns[k] for k in _AMOUNTS])
        from_amount = (jv_row & (text == "")).to_numpy()
        text = _pick(from_amount, in_amount, text)
        column_of = np.where(
            from_amount,
            np.where(has, amount_columns[at], self.columns["t"]),
            self.columns["juridisch"],
        )
        rows = keep & (text != "")
        parsed = parse_percentages(text)
        bad = rows & parsed.invalid
        if bad.any():
            column = self.header_name("juridisch")
            msgs = parsed.reason[bad] + ": percentage not read"
            self.note(bad, column, text[bad], msgs)
        rows &= ~parsed.invalid & ~parsed.not_applicable
        keyed = self._percentage_keys(rows)
        rows &= keyed
        at = np.flatnonzero(rows.to_numpy())
        # 2015 repeats the article's percentage on every row: one figure per run of repeats
        # (the rows read, compared with the row read before them).
        article = _codes(df["jaar0"], df["fase_code"], df["hoofdstuk_code"], df["artikel"])[at]
        percentage = parsed.values.to_numpy()[at]
        repeat = np.zeros(len(at), dtype=bool)
        repeat[1:] = (article[1:] == article[:-1]) & (percentage[1:] == percentage[:-1])
        at = at[~repeat]
        label = _pick(jv_row.to_numpy(), self._labels(df), df["artikelnaam"])
        frame = pd.DataFrame(
            {
                "begrotingsjaar": df["jaar0"],
                "fase": df["fase_code"],
                "hoofdstuk": df["hoofdstuk_code"],
                "artikel": df["artikel"],
                "categorie": "",
                "percentage": parsed.values,
                "label": label,
                "bron": self._bron(df["line"]),
            }
        ).iloc[at]
        return juridisch_verplicht_frame(frame), column_of[at].astype("int64")

    def _percentage_keys(self, rows: pd.Series) -> pd.Series:
        df = self.df
        good = df["jaar0"].notna() & df["fase_code"].notna() & (df["hoofdstuk"] != "")
        bad = rows & ~good
        if bad.any():
            n = int(bad.sum())
            self.note(
                bad,
                self.header_name("juridisch"),
                df.loc[bad, "juridisch"],
                pd.Series(["a percentage on a row without year, phase or chapter: not read"] * n),
            )
        return good


class _Cells:
    """Several text columns of one frame (the amount columns), each cell as a code into the
    columns' distinct texts: a test of each cell on its own (a regex, a suffix) runs once
    per distinct text over all the columns together, not once per column and row."""

    def __init__(self, columns: Sequence[pd.Series] | Sequence[np.ndarray]) -> None:
        if all(isinstance(c, pd.Series) for c in columns):
            stacked = pd.concat(columns, ignore_index=True)
            dtype = stacked.dtype
        else:  # text arrays (`_levels`): their distinct texts tested as the frame's text
            stacked, dtype = np.concatenate(columns), TEXT_DTYPE
        codes, distinct = pd.factorize(stacked, use_na_sentinel=False)
        #: The code of each cell, one row per column: `codes[j, i]` is column j of row i.
        self.codes = codes.reshape(len(columns), -1)
        self.distinct = pd.Series(distinct, dtype=dtype)

    def number(self, op: Callable[[pd.Series], pd.Series]) -> np.ndarray:
        """`op` (a number for each cell on its own) of every cell, laid out as `codes`."""
        return op(self.distinct).to_numpy(dtype=np.int64)[self.codes]

    def test(self, op: Callable[[pd.Series], pd.Series]) -> np.ndarray:
        """`op` (a test that maps each cell on its own) of every cell, as `codes` is laid
        out: one row of booleans per column."""
        return op(self.distinct).to_numpy(dtype=bool)[self.codes]

    def texts(self, column: np.ndarray, rows: np.ndarray) -> list[str]:
        """The text of the cell in `column[i]` of row `rows[i]`, for each i (few rows)."""
        return [str(t) for t in self.distinct.to_numpy()[self.codes[column, rows]]]

    def first(self, where: np.ndarray, rows: np.ndarray) -> list[str]:
        """For each row of `rows`, the text of its leftmost cell where `where` holds."""
        return self.texts(where[:, rows].argmax(axis=0), rows)


def _ffill_by_group(values: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Per row, the last value that is not NaN at or above it among the rows of its group
    (`key`: a number per row), else NaN: pandas' `groupby(key).ffill()`, in numpy."""
    order = np.argsort(key, kind="stable")  # each group's rows together, in file order
    ordered = values[order]
    start = np.ones(len(order), dtype=bool)
    start[1:] = key[order][1:] != key[order][:-1]
    # The nearest row at or above that has a value or starts the group: never another's.
    last = np.maximum.accumulate(np.where(~np.isnan(ordered) | start, np.arange(len(order)), 0))
    filled = np.empty_like(values)
    filled[order] = ordered[last]
    return filled


def _folded_name(name: str) -> str:
    """A budget name without accents and case ("Financiën" -> "financien")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _position(values: np.ndarray, value: object) -> int:
    """Where `value` is in `values` (distinct values), -1 where it is not."""
    found = np.flatnonzero(values == value)
    return int(found[0]) if len(found) else -1


def _blank_na(value: object) -> str:
    """A key value as its text, "" where it is missing (as the frame's text columns)."""
    return "" if pd.isna(value) else str(value)


def _group_any(mask: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Per row, whether `mask` holds on any row of its group (`key`: a `_key` number)."""
    return np.bincount(key, weights=mask)[key] > 0


def _group_count(mask: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Per row, on how many rows of its group (`key`: a `_key` number) `mask` holds."""
    return np.bincount(key, weights=mask).astype(np.int64)[key]


def _group_distinct(key: np.ndarray, value: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Per row, how many distinct `value`s (numbers) the rows of its group (`key`) hold
    where `where` holds."""
    width = int(value.max(initial=-1)) + 1
    pairs = np.unique(key[where] * width + value[where])  # each (key, value) once
    return np.bincount(pairs // width, minlength=int(key.max(initial=-1)) + 1)[key]


def _firsts(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The position of each group's first row (`key`: a number per row), in the order the
    groups first appear, and each group's number of rows."""
    _, first, size = np.unique(key, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return first[order], size[order]


def _pick(where: np.ndarray, yes: pd.Series, no: pd.Series) -> pd.Series:
    """`yes` where `where` holds, else `no` (two text columns of one frame), in Arrow."""
    chosen = pc.if_else(pa.array(where), pa.array(yes.array), pa.array(no.array))
    return text_series(chosen, no.index)


def _looks_numeric(cells: pd.Series) -> pd.Series:
    """Whether each cell is an amount (digits, dots and commas, white space around)."""
    return cells.str.fullmatch(r"\s*-?[\d.,]*\d[\d.,]*\s*")


def _has_word(cells: pd.Series) -> pd.Series:
    """Whether each cell holds a word: three letters in a row."""
    return cells.str.contains(r"[^\W\d_]{3}", regex=True)


def _is_memo(cells: pd.Series) -> pd.Series:
    """Whether each cell starts a memo line ("waarvan", see `_MEMO_RE`)."""
    return cells.str.contains(_MEMO_RE, regex=True)


def _isin_key(key: pd.Series, values: pd.Series) -> pd.Series:
    """`key.isin(values)` for two integer keys (`_key`)."""
    return pd.Series(np.isin(key.to_numpy(), values.to_numpy()), index=key.index)
