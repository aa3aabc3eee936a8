"""An independent check of the Ministry's begrotingsstaten CSV.

Written from scratch with the plain `csv` module and none of sluitend's code, to judge
sluitend's reading of the real file. Each chapter is read as it is printed:

- `;`-separated, Latin-1. One row per (begrotingsjaar, chapter, article, V/U/O), one amount
  per phase column (ontwerpbegroting, vastgestelde begroting, 1ste and 2de suppletoire
  begroting, realisatie). The chapter is the code before the comma of "Begrotingsstaat";
  the "Rijk" rows restate every chapter's total (their Onderdeel is the chapter code).
- A row with Onderdeel "-" and Omschrijving "TOTAAL" is the chapter total; every other row
  with an Onderdeel is an article. Each TOTAAL row is compared, per phase, with the sum of
  the articles of its year, chapter and V/U/O. Where a chapter prints two TOTAAL rows for
  one V/U/O: when in every phase they print no row alone matches the articles and the rows
  added up do, they are one total split over two rows (compared once, at the first row);
  otherwise each is compared, as printed.
- Amounts are Dutch ("55.363.913", "6234,5"), in the row's unit ("x1000" or "miljoen").
  Rounding: a figure printed with d significant decimals is rounded to 10^-d units; a
  figure printed without decimals in a block (year and chapter) whose other figures show
  d decimals is taken as rounded to 10^-d as well (the Rijk block prints "82250" beside
  "81032,9"). A total of n articles may miss by half the sum of the n + 1 steps.

Usage: python benchmarks/independent/staten.py FILE [--json OUT]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

PHASES = {
    "ontwerpbegroting": "OWB",
    "vastgestelde begroting": "VB",
    "1ste suppletoire begroting": "O1",
    "2de suppletoire begroting": "O2",
    "realisatie": "JV",
}


def amount(cell: str) -> Decimal | None:
    text = cell.strip().replace(".", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def decimals(cell: str) -> int:
    """Significant decimals as printed ("58.096,20" has one, "235392,44" two)."""
    if "," not in cell:
        return 0
    return len(cell.strip().split(",", 1)[1].rstrip("0"))


def within(stated: Decimal, summed: Decimal, bound: Decimal) -> bool:
    return abs(stated - summed) <= bound


def split_total(group: dict, step: Callable[[dict, str], Decimal]) -> bool:
    """Several TOTAAL rows for one V/U/O: in every phase they print, none alone matches the
    articles, and together they do."""
    phases = {p for t in group["totals"] for p in t["values"]}
    for phase in phases:
        parts = [p for p in group["parts"] if phase in p["values"]]
        totals = [t for t in group["totals"] if phase in t["values"]]
        if not parts or len(totals) < 2:
            return False
        summed = sum(p["values"][phase][0] for p in parts)
        bound = (sum(step(t, phase) for t in totals) + sum(step(p, phase) for p in parts)) / 2
        if any(within(t["values"][phase][0], summed, bound) for t in totals):
            return False
        if not within(sum(t["values"][phase][0] for t in totals), summed, bound):
            return False
    return True


def joined(totals: list[dict]) -> dict:
    """One total from several rows: the first row's place, each phase's amounts added."""
    values: dict = {}
    for t in totals:
        for phase, (value, d) in t["values"].items():
            old, old_d = values.get(phase, (Decimal(0), d))
            values[phase] = (old + value, max(old_d, d))
    return {**totals[0], "values": values}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--json")
    args = parser.parse_args()
    with open(args.file, encoding="latin-1", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = [h.strip().lower() for h in rows[0]]
    col = {name: header.index(name) for name in header}
    vuo_col = next(i for i, h in enumerate(header) if h.startswith("uitgaven (u)"))
    figures = 0
    block_decimals: dict[tuple, Counter] = {}
    parsed = []
    for line, r in enumerate(rows[1:], start=2):
        if len(r) < len(header) or not r[0].strip().isdigit():
            continue
        vuo = r[vuo_col].strip().upper()
        chapter = r[col["begrotingsstaat"]].split(",", 1)[0].strip().upper()
        onderdeel = r[col["onderdeel"]].strip()
        if vuo not in ("V", "U", "O") or not chapter or not onderdeel:
            continue
        total = onderdeel == "-" and r[col["omschrijving"]].strip().upper() == "TOTAAL"
        if onderdeel == "-" and not total:
            continue
        values = {}
        for name, phase in PHASES.items():
            cell = r[col[name]]
            value = amount(cell)
            if value is None:
                continue
            values[phase] = (value, decimals(cell))
            block_decimals.setdefault((r[0], chapter), Counter())[decimals(cell)] += 1
        if not values:
            continue
        figures += len(values)
        parsed.append(
            {
                "line": line,
                "year": r[0],
                "chapter": chapter,
                "vuo": vuo,
                "total": total,
                "values": values,
            }
        )
    # The block's printed precision: its most common number of decimals among figures that
    # show any (0 when none does).
    block_step = {}
    for key, counts in block_decimals.items():
        shown = {d: n for d, n in counts.items() if d > 0}
        d = max(shown, key=lambda k: shown[k]) if shown else 0
        block_step[key] = Decimal(1).scaleb(-d)

    def step(row: dict, phase: str) -> Decimal:
        _, d = row["values"][phase]
        own = Decimal(1).scaleb(-d)
        return min(own, block_step[(row["year"], row["chapter"])])

    groups: dict[tuple, dict] = {}
    for row in parsed:
        g = groups.setdefault(
            (row["year"], row["chapter"], row["vuo"]), {"totals": [], "parts": []}
        )
        g["totals" if row["total"] else "parts"].append(row)
    checked = 0
    failing = []
    for (year, chapter, _vuo), g in groups.items():
        if len(g["totals"]) > 1 and split_total(g, step):
            g["totals"] = [joined(g["totals"])]
        for total in g["totals"]:
            for phase, (stated, _) in total["values"].items():
                parts = [p for p in g["parts"] if phase in p["values"]]
                if not parts:
                    continue
                checked += 1
                summed = sum(p["values"][phase][0] for p in parts)
                bound = (step(total, phase) + sum(step(p, phase) for p in parts)) / 2
                if abs(stated - summed) > bound:
                    failing.append(
                        {
                            "line": total["line"],
                            "phase": phase,
                            "stated": str(stated),
                            "articles": str(summed),
                            "chapter": chapter,
                            "year": year,
                        }
                    )
    result = {"figures": figures, "totals_checked": checked, "failing": failing}
    print(f"{args.file}: {figures} figures read, {checked} totals checked, {len(failing)} failing")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
