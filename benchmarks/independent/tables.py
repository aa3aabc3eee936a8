"""An independent check of the Ministry's budget-table CSVs ("dataset 4a", 2015/2016/2017).

Written from scratch with the plain `csv` module and none of sluitend's code, to judge
sluitend's reading of the real files. Every article is read as it is printed:

- One table per (begrotingsjaar, fase, chapter, budget name, article, V/U/O). The 2015 file
  prints lines before their totals and sorts the rows, so a row's place in the table is
  its names, not its position: its path is the onderdeel (number, else name), instrument,
  regeling and nadere omschrijving it names, empty ones left out. A row naming only the
  table ("Verplichtingen", "Totale uitgaven", ...) or nothing is the article total.
- Chapter XVI repeats each row's label in the nadere omschrijving column (`Subsidies,,
  Subsidies`): there that column is no level (but on a row that names nothing else, such
  as "Wanbetalers en onverzekerden" under Ontvangsten); elsewhere a nadere omschrijving equal to the
  row's regeling, instrument or onderdeel ("2. Opleidingen ...") names nothing new.
- Where a table is printed top-down (2016, 2017), a row with a nadere omschrijving but no
  regeling is a line of the regeling printed above it (flag J or N alike), up to the next
  row without regeling and omschrijving; a row with only a nadere omschrijving is a line of
  the instrument printed above it. A regeling row with such lines and a subtitle in the
  omschrijving column is their total.
- A table with an instrument total without onderdeel, over lines that name an onderdeel no
  row of the table totals (XVI art. 8: "Inkomensoverdrachten" over "1. Zorgtoeslag"): the
  onderdeel is the line's own name there, below the instrument.
- A J row that names itself only in the nadere omschrijving, under no regeling, is the
  total of its instrument when that instrument prints no total row of its own.
- The lines of a total are the rows whose nearest printed ancestor it is (a missing
  intermediate total is bridged). A row starting with "waarvan" (after a dash, bullet or
  spaces), and any row whose nearest printed ancestor is one, is a memo line: in no sum.
  A row flagged N that names the same place as a J row of its table is a line of that
  total (told apart from other such lines by its label); otherwise a place printed twice
  is read once (the first row with a figure that year).
- Amounts: "50,736" (2016/2017), machine numbers rounded half away from zero (2015), "-" is
  0, "pm" unknown, anything else (a "%", "131.869" among "1,234", "````") unknown. A row with
  a word among its amounts is shifted and not read. An article with an amount in the
  unnamed column after "Bedrag t+4" holds eight years (t-3 … t+4). A total with an unknown
  line, or unknown itself, is not checked (counted apart).
- Rounding: each figure is rounded to its step, so a total of n lines may miss by
  (n + 1) / 2 steps. The step is 1 (thousand euros), or 1,000 for a chapter whose non-zero
  figures (at least 20) are all whole thousands of thousands (2015's IXA, whole millions).
- A row that is an exact copy of an earlier row but for its line (2016 prints every chapter
  block twice) is the same figures: read once.

Usage: python benchmarks/independent/tables.py FILE [--json OUT]
Prints the figures read, the totals checked and how many fail; --json writes the failing
totals (line, year, stated, sum of lines) for `compare.py`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HEADINGS = {
    "verplichtingen",
    "totale verplichtingen",
    "totaal verplichtingen",
    "uitgaven",
    "totale uitgaven",
    "totaal uitgaven",
    "ontvangsten",
    "totale ontvangsten",
    "totaal ontvangsten",
}
MEMO = re.compile(r"^[\s\-\u2013\u2014\u2022\u00b7*]*waarvan\b", re.IGNORECASE)
ENGLISH = re.compile(r"^-?\d{1,3}(,\d{3})*$|^-?\d+$")
PLAIN = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
UNKNOWN = "unknown"


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def column(header: list[str], start: str) -> int:
    for i, name in enumerate(header):
        if name.strip().lower().startswith(start):
            return i
    raise SystemExit(f"no column {start!r}")


def amount(cell: str, plain: bool) -> int | str | None:
    """An amount, None (empty), UNKNOWN (pm, or a cell that is not an amount)."""
    text = cell.strip().replace("\u00a0", "")
    if not text:
        return None
    if text in ("-", "–") or text.lower() == "nihil":
        return 0
    if text.lower() in ("pm", "p.m.", "p.m"):
        return UNKNOWN
    if plain and PLAIN.match(text):
        try:
            value = Decimal(text).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return UNKNOWN
        return int(value)
    if not plain and ENGLISH.match(text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"-0+", text):
        return 0
    return UNKNOWN


def read(path: str) -> tuple[list[dict], dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    c = {
        "jaar": column(header, "begrotingsjaar"),
        "hoofdstuk": 1,
        "naam": column(header, "naam begroting"),
        "fase": column(header, "begrotingsfase"),
        "artikel": column(header, "artikel nummer"),
        "vuo": column(header, "v/u/o"),
        "nr": column(header, "nr. onderverdeling"),
        "onderdeel": column(header, "beleidsmatige clustering"),
        "instrument": column(header, "financieel instrument"),
        "regeling": column(header, "uitsplitsing"),
        "omschrijving": column(header, "nadere omschrijving"),
        "first": column(header, "bedrag t-2"),
    }
    first = c["first"]
    eighth = first + 7 if first + 7 < len(header) and not header[first + 7].strip() else None
    cells = [r[first + k] for r in rows[1:] for k in range(7) if len(r) > first + k]
    plain = any("." in x and "," not in x for x in cells if x.strip()) and not any(
        "," in x for x in cells if x.strip()
    )
    # Articles that print eight amounts.
    eight_articles = set()
    if eighth is not None:
        for r in rows[1:]:
            if len(r) > eighth and r[eighth].strip() and amount(r[eighth], plain) is not None:
                eight_articles.add((r[c["jaar"]], r[c["fase"]], r[1], r[c["artikel"]]))
    out = []
    seen = set()
    for line, r in enumerate(rows[1:], start=2):
        if len(r) <= first + 6 or not r[c["jaar"]].strip().isdigit():
            continue
        content = tuple(r)
        if content in seen:
            continue
        seen.add(content)
        vuo = r[c["vuo"]].strip().upper()
        if vuo not in ("V", "U", "O"):
            continue
        article = (r[c["jaar"]], r[c["fase"]], r[1], r[c["artikel"]])
        jaar0 = int(r[c["jaar"]])
        if article in eight_articles:
            raw = [r[first + k] for k in range(8)]
            years = list(range(jaar0 - 3, jaar0 + 5))
        else:
            raw = [r[first + k] for k in range(7)]
            years = list(range(jaar0 - 2, jaar0 + 5))
        if any(
            re.search(r"[^\W\d_]{3}", x) and x.strip().lower() not in ("nihil", "p.m.") for x in raw
        ):
            continue  # a label among the amounts: a shifted row, not read
        if any("%" in x for x in raw):
            continue  # a percentage row (juridisch verplicht), not amounts
        values = {y: amount(x, plain) for y, x in zip(years, raw, strict=True)}
        values = {y: v for y, v in values.items() if v is not None}
        if not values and not any(r[c[k]].strip() for k in ("regeling", "omschrijving")):
            continue  # neither figures nor a name that lines could hang under
        names = {
            k: r[c[k]].strip() for k in ("onderdeel", "instrument", "regeling", "omschrijving")
        }
        if r[c["nr"]].strip():
            names["onderdeel"] = r[c["nr"]].strip()
        chapter = r[1].strip().upper()
        om = norm(names["omschrijving"])
        alone = not (names["onderdeel"] or names["instrument"] or names["regeling"])
        if (chapter == "XVI" and not (alone and om not in HEADINGS)) or om in {
            norm(names["regeling"]),
            norm(names["instrument"]),
            norm(r[c["onderdeel"]]),
            norm(r[c["nr"]] + ". " + r[c["onderdeel"]]),
        }:
            names["omschrijving"] = ""
        for k in names:
            if norm(names[k]) in HEADINGS:
                names[k] = ""
        memo = any(
            MEMO.match(r[c[k]]) for k in ("onderdeel", "instrument", "regeling", "omschrijving")
        )
        out.append(
            {
                "line": line,
                "table": (*article[:3], r[c["naam"]].strip(), article[3], vuo),
                "names": names,
                "label": next(
                    (
                        r[c[k]].strip()
                        for k in ("omschrijving", "regeling", "instrument", "onderdeel", "nr")
                        if r[c[k]].strip()
                    ),
                    "",
                ),
                "total_flag": r[c["vuo"] + 1].strip().upper().startswith("J"),
                "memo": memo,
                "values": values,
            }
        )
    return out, {"plain": plain}


def steps(rows: list[dict]) -> dict:
    """The rounding step per (begrotingsjaar, fase, chapter): 1000 where every non-zero
    figure is a whole thousand (of thousands) and there are at least 20 of them."""
    figures: dict[tuple, list[int]] = {}
    for r in rows:
        key = r["table"][:3]
        figures.setdefault(key, []).extend(
            v for v in r["values"].values() if isinstance(v, int) and v != 0
        )
    return {
        k: 1000 if len(v) >= 20 and all(x % 1000 == 0 for x in v) else 1 for k, v in figures.items()
    }


def attach(table: list[dict]) -> None:
    """Positional attachments of a top-down table (see the module docstring)."""
    instrument = None  # the last row with an instrument
    regeling = None  # the last row with a regeling, until a row without either name
    for r in table:
        n = r["names"]
        only = not n["onderdeel"] and not n["instrument"] and not n["regeling"]
        if only and n["omschrijving"] and instrument is not None:
            n["onderdeel"], n["instrument"] = instrument["onderdeel"], instrument["instrument"]
        if n["instrument"] or n["onderdeel"]:
            instrument = n
        if not any(n.values()):
            instrument = None
        if n["regeling"]:
            regeling = r
        elif not n["omschrijving"]:
            regeling = None
        elif regeling is not None and (
            (regeling["names"]["onderdeel"], regeling["names"]["instrument"])
            == (n["onderdeel"], n["instrument"])
        ):
            n["regeling"] = regeling["names"]["regeling"]
            r["parent_row"] = regeling
            if regeling["memo"]:
                r["memo"] = True
    for r in table:
        parent = r.get("parent_row")
        if parent is not None and parent["total_flag"] and parent["names"]["omschrijving"]:
            parent["names"]["omschrijving"] = ""  # a subtitle of the regeling
    # A J row naming itself only in the omschrijving column, under no regeling, is the total
    # of its instrument when the instrument prints no total row of its own ("Opdrachten" /
    # "Opdracht Gereedstelling en instandhouding", 2015 X art. 2).
    bare = {
        (r["names"]["onderdeel"], r["names"]["instrument"])
        for r in table
        if r["total_flag"] and not r["names"]["regeling"] and not r["names"]["omschrijving"]
    }
    for r in table:
        n = r["names"]
        if (
            r["total_flag"]
            and n["instrument"]
            and not n["regeling"]
            and n["omschrijving"]
            and "parent_row" not in r
            and (n["onderdeel"], n["instrument"]) not in bare
        ):
            n["omschrijving"] = ""


LEVELS = ("onderdeel", "instrument", "regeling", "omschrijving")


def onderdeel_below(table: list[dict]) -> None:
    """An instrument total without onderdeel, over lines that name an onderdeel that no
    row of the table totals (XVI art. 8): the onderdeel is the line's own name there."""
    bare = {
        r["names"]["instrument"]
        for r in table
        if r["total_flag"]
        and not r["names"]["onderdeel"]
        and r["names"]["instrument"]
        and not r["names"]["regeling"]
    }
    totalled = {
        r["names"]["onderdeel"]
        for r in table
        if r["total_flag"] and r["names"]["onderdeel"] and not r["names"]["instrument"]
    }
    for r in table:
        n = r["names"]
        if n["onderdeel"] and n["instrument"] in bare and n["onderdeel"] not in totalled:
            n["onderdeel"] = ""


def path(names: dict) -> tuple:
    """A row's place: the levels it names, each with its position (an instrument named
    "SUBSIDIES" is not a regeling named "SUBSIDIES")."""
    return tuple((i, names[k]) for i, k in enumerate(LEVELS) if names[k])


def check(rows: list[dict], top_down: bool) -> dict:
    step = steps(rows)
    tables: dict[tuple, list[dict]] = {}
    for r in rows:
        tables.setdefault(r["table"], []).append(r)
    checked = 0
    not_checkable = 0
    failing = []
    for key, table in tables.items():
        s = step[key[:3]]
        onderdeel_below(table)
        if top_down:
            attach(table)
        places: dict[tuple, list[dict]] = {}
        totals = {path(r["names"]) for r in table if r["total_flag"]}
        for r in table:
            p = path(r["names"])
            if p in totals and not r["total_flag"]:
                p = (*p, (9, r["label"]))  # a line named like a total of its table
            places.setdefault(p, []).append(r)
        memo = {p: any(r["memo"] for r in rs[:1]) for p, rs in places.items()}
        years = sorted({y for r in table for y in r["values"]})
        for year in years:
            # Per year: a place is printed when one of its rows has a figure that year (the
            # first counts); its lines are the printed places whose nearest printed
            # ancestor it is. Memo places, and what hangs under them, are in no sum.
            value = {}
            for p, rs in places.items():
                for r in rs:
                    if year in r["values"]:
                        value[p] = r
                        break
            parent = {}
            for p in value:
                for k in range(len(p) - 1, -1, -1):
                    if p[:k] in value:
                        parent[p] = p[:k]
                        break

            def in_memo(p: tuple | None, memo: dict = memo, parent: dict = parent) -> bool:
                while p is not None:
                    if memo.get(p):
                        return True
                    p = parent.get(p)
                return False

            children: dict[tuple, list[tuple]] = {}
            for p, up in parent.items():
                if not in_memo(p):
                    children.setdefault(up, []).append(p)
            for total, kids in children.items():
                if in_memo(total):
                    continue
                stated = value[total]["values"][year]
                parts = [value[k]["values"][year] for k in kids]
                if stated == UNKNOWN or UNKNOWN in parts:
                    not_checkable += 1
                    continue
                checked += 1
                summed = sum(parts)
                if abs(stated - summed) > s * (len(parts) + 1) / 2:
                    failing.append(
                        {
                            "line": value[total]["line"],
                            "year": year,
                            "stated": stated,
                            "lines": summed,
                        }
                    )
    figures = sum(len(r["values"]) for r in rows)
    return {
        "figures": figures,
        "totals_checked": checked,
        "not_checkable": not_checkable,
        "failing": sorted(failing, key=lambda f: (f["line"], f["year"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--json", help="write the result as JSON here")
    args = parser.parse_args()
    rows, _ = read(args.file)
    result = check(rows, top_down=True)
    print(
        f"{args.file}: {result['figures']} figures read, {result['totals_checked']} totals "
        f"checked, {len(result['failing'])} failing, {result['not_checkable']} not checkable"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
