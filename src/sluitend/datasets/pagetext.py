"""Text copied from a rijksfinancien.nl page: the tables "Budgettaire gevolgen van beleid".

The layout (select the page in a browser, copy, paste into a .txt file)::

    Tabel 18 Budgettaire gevolgen van beleid art. 7 Werkgevers- ... (bedragen x € 1.000)
    2020                         <- the year header, one year per line
    ...
    2026
    Verplichtingen               <- a row label, then one value per line
    39.149
    ...
    Subsidies (regelingen)       <- an instrument heading: a label without values
    Diverse subsidies            <- a regeling under it
    1.235
    ...
    Budgetflexibiliteit
    Van het totale uitgavenbudget op artikel 7 is 95,2% juridisch verplicht ...
    Subsidies                    <- a heading naming the instrument
    Het subsidiebudget is voor 65,6% juridisch verplicht. ...

Blank and whitespace-only lines (the page's empty cells, often non-breaking spaces) are
ignored. Values are Dutch amounts (`39.149` is 39149; `nihil` and `-` are 0; `pm` is not
known; an en dash is a minus sign), read by `numbers.parse_amounts(style="nl")`.

What a row means:

- `Verplichtingen`, `Uitgaven`, `Ontvangsten`: the article total for vuo V, U, O; the lines
  after it belong to that vuo.
- `7.1 Werkgevers- en bedrijfsvoeringsbeleid` (the artikel number, a dot, a number): onderdeel
  `7.1`; with values it is the onderdeel's total. The label keeps the whole text.
- any other label without values: an instrument heading; it sets the instrument of the rows
  below and is not a row itself (no amount is printed, so none is invented).
- any other label with values: a regeling under the current instrument, or, before any
  instrument heading in its onderdeel, an instrument line of its own.
- a label starting with `waarvan`: a memo line (`waarvan` true) one level below the row
  above it.

Every row must have exactly one value per year of the header, or it is an error naming the
label's line. The table ends at `Budgetflexibiliteit`, a line starting with `Tabel `, the next
table's title, or a paragraph (a line over 200 characters); value-less labels after the last
row with values are text, not table. A page may hold several tables (one per article).

Context: the article comes from the title (`art. 7`); begrotingsjaar is the third of seven
years (t-2 … t+4) or must be given; the unit from `(bedragen x € 1.000)` (or `x € 1 mln`);
fase defaults to OWB (the seven-year table is the ontwerpbegroting's); hoofdstuk is never
printed in the table, so it is taken from a phrase `hoofdstuk VII` in the text or passed in
(the CLI's `--hoofdstuk`); without either it is unknown ("" in every figure, which no check
depends on) and the datasets carry a note saying so.

`bron` is `<file>:<line>` of the figure's own value line (the label is in `label`), so a
finding points at the very number. The percentages juridisch verplicht name their categorie
after the table's instrument when the heading names one (`Subsidies` -> `Subsidies
(regelingen)`, `(inter)-nationale` -> `(inter-)nationale`: compared without case, hyphens and
a trailing parenthesis), else as printed; the article's total has categorie "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset, budget_frame, juridisch_verplicht_frame
from sluitend.datasets.numbers import parse_amounts, parse_percentage
from sluitend.domains.rijk.vocabulary import FASES
from sluitend.errors import InputError

# The words of a "Budgettaire gevolgen van beleid" table, as the page and the spreadsheet
# (`printed.py`) both print it: its title, article, chapter, unit, end and vuo rows.
TITLE_RE = re.compile(r"Budgettaire gevolgen van beleid", re.IGNORECASE)
ARTIKEL_RE = re.compile(r"\bart(?:ikel)?\.?\s*(\d+[a-z]?)\b", re.IGNORECASE)
HOOFDSTUK_RE = re.compile(r"\b[Hh]oofdstuk\s+([IVXLC]+[AB]?|[A-Z])\b")
_UNIT_RE = re.compile(r"x\s*€\s*(1(?:\.000)*)\b(\s*(?:mln|miljoen|mld|miljard))?", re.IGNORECASE)
_SCALES = {"": 1, "mln": 10**6, "miljoen": 10**6, "mld": 10**9, "miljard": 10**9}
END_RE = re.compile(r"^(?:Budgetflexibiliteit\b|Tabel\s)", re.IGNORECASE)
VUO_LABELS = {"verplichtingen": "V", "uitgaven": "U", "ontvangsten": "O"}
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_PCT_RE = re.compile(r"(\d{1,3}(?:,\d+)?)\s*%\s*juridisch\s+verplicht", re.IGNORECASE)
_PARAGRAPH = 200


@dataclass
class _Table:
    """One table's context and rows, while reading."""

    title_line: int
    artikel: str
    begrotingsjaar: int
    unit: int
    rows: list[pd.DataFrame] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)


def _read_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputError(str(path), "not a text file (it holds NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), "not valid UTF-8 text", line=line) from None
    if not text.strip():
        raise InputError(
            str(path),
            "empty file; expected text copied from a rijksfinancien.nl "
            "page with a table 'Budgettaire gevolgen van beleid'",
        )
    # Python's strip also removes the non-breaking spaces the page uses for empty cells.
    return [line.strip() for line in text.split("\n")]


def _unit(path: Path, title: str, line: int, unit: int | None) -> int:
    if unit is not None:
        return unit
    stated = unit_in(title)
    if stated is None:
        raise InputError(
            str(path),
            "the table title does not say its unit; expected "
            "'(bedragen x € 1.000)' in it, or pass unit=",
            line=line,
        )
    return stated


def unit_in(text: str) -> int | None:
    """The unit in euros that `(bedragen x € 1.000)` (or `x € 1 mln` ...) in `text` states,
    or None when it states none."""
    match = _UNIT_RE.search(text)
    if not match:
        return None
    base = int(match.group(1).replace(".", ""))
    # Case-insensitive, Python's `re` takes the Turkish dotless and dotted I for an "i"
    # ("mıljoen", "MİLJOEN"): folded to it, as the pattern read them.
    scale = (match.group(2) or "").strip().lower().replace("ı", "i").replace("i\u0307", "i")
    return base * _SCALES[scale]


#: The note of a page that names no chapter (the checks do not depend on it).
UNKNOWN_CHAPTER = (
    "the text does not say which begrotingshoofdstuk it is from: hoofdstuk is unknown (empty) "
    "in every figure; pass --hoofdstuk (for example --hoofdstuk VII) to set it"
)


def _hoofdstuk(lines: list[str], hoofdstuk: str | None) -> str:
    """The chapter given, else the one the text names, else "" (unknown)."""
    if hoofdstuk:
        return hoofdstuk
    for text in lines:
        match = HOOFDSTUK_RE.search(text)
        if match:
            return match.group(1)
    return ""


def _years(path: Path, tokens: pd.DataFrame, title_line: int) -> list[int]:
    """The year header: the first lines after the title that are consecutive years."""
    is_year = tokens["text"].str.fullmatch(_YEAR_RE.pattern)
    count = int(is_year.cummin().sum())
    if count == 0:
        raise InputError(
            str(path),
            "expected the year header (one year per line) after the table title",
            line=title_line,
        )
    years = tokens["text"].iloc[:count].astype(int).tolist()
    steps = np.diff(years)
    if (steps != 1).any():
        bad = int(np.flatnonzero(steps != 1)[0]) + 1
        raise InputError(
            str(path),
            f"expected consecutive years in the header, got {years}",
            line=int(tokens["line"].iloc[bad]),
        )
    return years


def _begrotingsjaar(
    path: Path, years: list[int], title: str, line: int, begrotingsjaar: int | None
) -> int:
    if begrotingsjaar is not None:
        return begrotingsjaar
    if len(years) == 7:  # t-2 … t+4: the ontwerpbegroting's seven years
        return years[2]
    found = _YEAR_RE.findall(title)
    if len(found) == 1:
        return int(found[0])
    raise InputError(
        str(path),
        f"cannot tell the begrotingsjaar: the header has {len(years)} "
        "years (not the seven t-2 … t+4) and the title names no single year; pass "
        "begrotingsjaar=",
        line=line,
    )


def _row_meaning(path: Path, labels: pd.DataFrame, artikel: str) -> pd.DataFrame:
    """Give every label its vuo and levels; a loop over a table's labels (tens), not rows."""
    onderdeel_re = re.compile(rf"^{re.escape(artikel)}\.(\d+)\s")
    vuo: str | None = None
    onderdeel = instrument = ""
    last: tuple[str, str, str, str] = ("", "", "", "")
    out = []
    for line, label, n_values in labels[["line", "text", "n"]].itertuples(index=False):
        key = label.casefold()
        waarvan = key.startswith("waarvan")
        levels: tuple[str, str, str, str] | None = None
        if key in VUO_LABELS:
            vuo, onderdeel, instrument = VUO_LABELS[key], "", ""
            levels = ("", "", "", "")
        elif vuo is None:
            raise InputError(
                str(path),
                f"row {label!r} comes before any 'Verplichtingen', "
                "'Uitgaven' or 'Ontvangsten' line; expected one of those first",
                line=line,
            )
        elif waarvan:
            filled = [i for i, level in enumerate(last) if level]
            free = filled[-1] + 1 if filled else 0  # one level below the line above
            if free > 3 or n_values == 0:
                raise InputError(
                    str(path),
                    f"memo line {label!r} has no line above it to break down (or no values)",
                    line=line,
                )
            padded = [*last[:free], label, "", "", ""]
            levels = (padded[0], padded[1], padded[2], padded[3])
        elif (match := onderdeel_re.match(label)) is not None:
            onderdeel, instrument = f"{artikel}.{match.group(1)}", ""
            levels = (onderdeel, "", "", "")
        elif n_values == 0:
            instrument = label
        elif instrument:
            levels = (onderdeel, instrument, label, "")
        else:
            levels = (onderdeel, label, "", "")
        if n_values and levels is not None:
            if not waarvan:
                last = levels
            out.append((line, vuo, waarvan, *levels))
    return pd.DataFrame(
        out,
        columns=["line", "vuo", "waarvan", "onderdeel", "instrument", "regeling", "omschrijving"],
    )


def _table_rows(
    path: Path, table: _Table, hoofdstuk: str, fase: str, years: list[int], tokens: pd.DataFrame
) -> None:
    """Turn the tokens after the year header into canonical rows (appended to `table`)."""
    tokens = tokens.iloc[len(years) :].reset_index(drop=True)
    parsed = parse_amounts(tokens["text"], style="nl")
    is_value = ~parsed.invalid
    # A line of digits and separators that is not a Dutch amount (`39,149`, `1.5`) is a
    # misprint, not a row label: say so rather than read it as one.
    numeric = tokens["text"].str.fullmatch(r"[-\u2013\u2014\u2212]?\s*[\d.,]+\s*%?")
    misprint = numeric & parsed.invalid
    if bool(misprint.any()):
        first = int(np.flatnonzero(misprint.to_numpy())[0])
        raise InputError(
            str(path), str(parsed.reason.iloc[first]), line=int(tokens["line"].iloc[first])
        )
    if tokens.empty or not bool(is_value.any()):
        raise InputError(
            str(path), "a table title and years, but no rows with values", line=table.title_line
        )
    if bool(is_value.iloc[0]):
        raise InputError(
            str(path),
            f"value {tokens['text'].iloc[0]!r} without a row label",
            line=int(tokens["line"].iloc[0]),
        )
    row_id = (~is_value).cumsum() - 1
    counts = is_value.groupby(row_id).sum()
    labels = tokens[~is_value].reset_index(drop=True).assign(n=counts.to_numpy())
    # Value-less labels after the last row with values are text under the table.
    labels = labels.iloc[: int(np.flatnonzero(labels["n"] > 0)[-1]) + 1]
    wrong = labels[(labels["n"] > 0) & (labels["n"] != len(years))]
    if not wrong.empty:
        bad = wrong.iloc[0]
        raise InputError(
            str(path),
            f"row {bad['text']!r} has {bad['n']} values; expected "
            f"{len(years)}, one per year {years[0]}-{years[-1]}",
            line=int(bad["line"]),
        )
    meaning = _row_meaning(path, labels, table.artikel).set_index("line")
    table.instruments.extend(meaning.loc[meaning["instrument"] != "", "instrument"].unique())
    values = tokens[is_value].assign(
        bedrag=parsed.values[is_value],
        label_line=labels["line"].to_numpy()[row_id[is_value].to_numpy()],
        label=labels["text"].to_numpy()[row_id[is_value].to_numpy()],
    )
    values = values[values["label_line"].isin(meaning.index)]
    values = values.join(meaning, on="label_line")
    values["jaar"] = np.array(years)[values.groupby("label_line").cumcount().to_numpy()]
    values["bron"] = f"{path}:" + values["line"].astype(str)
    frame = values.assign(
        begrotingsjaar=table.begrotingsjaar,
        fase=fase,
        hoofdstuk=hoofdstuk,
        artikel=table.artikel,
    )
    table.rows.append(frame)


def _normal(name: str) -> str:
    name = name.casefold().replace("’", "'").replace("-", "")
    name = re.sub(r"\s*\([^()]*\)$", "", name)  # a trailing "(regelingen)"
    return " ".join(name.split())


def _percentages(
    path: Path, lines: list[str], start: int, table: _Table, hoofdstuk: str, fase: str
) -> pd.DataFrame:
    """The paragraph Budgetflexibiliteit that starts at line index `start`."""
    by_name = {_normal(i): i for i in table.instruments}
    heading: tuple[int, str] | None = None
    rows: list[tuple[str, float | None, str, str]] = []
    for index in range(start + 1, len(lines)):
        text = lines[index]
        if not text:
            continue
        match = _PCT_RE.search(text)
        if match is None:
            if heading is not None:  # two headings in a row: the paragraph has ended
                break
            heading = (index + 1, text)
            continue
        pct = parse_percentage(match.group(1) + "%", where=str(path), line=index + 1)
        if heading is None:
            if rows:
                raise InputError(
                    str(path),
                    "a second percentage juridisch verplicht without "
                    "a heading naming its instrument",
                    line=index + 1,
                )
            named = ARTIKEL_RE.search(text)
            if named and named.group(1) != table.artikel:
                raise InputError(
                    str(path),
                    f"the paragraph names artikel {named.group(1)}, "
                    f"but the table above it is artikel {table.artikel}",
                    line=index + 1,
                )
            categorie, label = "", " ".join(text[: match.end()].split())
        else:
            label = heading[1]
            categorie = by_name.get(_normal(label), label)
        rows.append((categorie, pct, label, f"{path}:{index + 1}"))
        heading = None
    if not rows:
        raise InputError(
            str(path),
            "'Budgetflexibiliteit' without a sentence 'is … % juridisch verplicht' after it",
            line=start + 1,
        )
    frame = pd.DataFrame(rows, columns=["categorie", "percentage", "label", "bron"])
    return frame.assign(
        begrotingsjaar=table.begrotingsjaar, fase=fase, hoofdstuk=hoofdstuk, artikel=table.artikel
    )


def _dataset_name(path: Path) -> str:
    return path.name.split(".")[0] or path.name


def read_page_text(
    path: str | Path,
    *,
    hoofdstuk: str | None = None,
    fase: str = "OWB",
    begrotingsjaar: int | None = None,
    unit: int | None = None,
) -> list[Dataset]:
    """Read the budget tables (and percentages juridisch verplicht) of a copied page.

    Returns a begrotingstabel dataset named after the file (all the page's tables, which
    must share one unit) and, when the page has a paragraph Budgetflexibiliteit, a
    juridisch_verplicht dataset named `<name>-jv`. See the module docstring for the layout.

    Raises:
        InputError: naming the file, the line and what was expected, for a page without a
            table, a row with the wrong number of values, ….
    """
    path = Path(path)
    if fase not in FASES:
        raise ValueError(f"unknown fase {fase!r}; known: {', '.join(FASES)}")
    lines = _read_lines(path)
    titles = [i for i, text in enumerate(lines) if TITLE_RE.search(text)]
    if not titles:
        raise InputError(
            str(path),
            "no table 'Budgettaire gevolgen van beleid' found; expected "
            "text copied from a rijksfinancien.nl budget page",
        )
    chapter = _hoofdstuk(lines, hoofdstuk)
    notes = () if chapter else (UNKNOWN_CHAPTER,)
    tables: list[_Table] = []
    percentages: list[pd.DataFrame] = []
    for number, start in enumerate(titles):
        stop = titles[number + 1] if number + 1 < len(titles) else len(lines)
        title, title_line = lines[start], start + 1
        artikel = ARTIKEL_RE.search(title)
        if artikel is None:
            raise InputError(
                str(path),
                "the table title names no article; expected 'art. 7' or 'artikel 7' in it",
                line=title_line,
            )
        body = pd.Series(lines[start + 1 : stop], dtype="string")
        numbers = pd.Series(np.arange(start + 2, stop + 1))
        ends = body.str.match(END_RE.pattern) | (body.str.len() > _PARAGRAPH)
        end = int(np.flatnonzero(ends)[0]) if bool(ends.any()) else len(body)
        keep = body.iloc[:end] != ""
        tokens = pd.DataFrame({"line": numbers.iloc[:end][keep], "text": body.iloc[:end][keep]})
        tokens = tokens.reset_index(drop=True)
        years = _years(path, tokens, title_line)
        table = _Table(
            title_line,
            artikel.group(1),
            _begrotingsjaar(path, years, title, title_line, begrotingsjaar),
            _unit(path, title, title_line, unit),
        )
        _table_rows(path, table, chapter, fase, years, tokens)
        tables.append(table)
        flex = [
            start + 1 + int(i) for i in np.flatnonzero(body.str.match(r"Budgetflexibiliteit\b"))
        ]
        percentages.extend(_percentages(path, lines, i, table, chapter, fase) for i in flex)
    units = {t.unit for t in tables}
    if len(units) > 1:
        raise InputError(
            str(path),
            f"the tables on this page use different units {sorted(units)};"
            " split the page into one file per unit",
            line=tables[-1].title_line,
        )
    name = _dataset_name(path)
    frame = budget_frame(pd.concat([r for t in tables for r in t.rows], ignore_index=True))
    out = [
        Dataset(frame, "begrotingstabel", name, unit=tables[0].unit, source=str(path), notes=notes)
    ]
    if percentages:
        jv = juridisch_verplicht_frame(pd.concat(percentages, ignore_index=True))
        out.append(
            Dataset(jv, "juridisch_verplicht", f"{name}-jv", unit=1, source=str(path), notes=notes)
        )
    return out
