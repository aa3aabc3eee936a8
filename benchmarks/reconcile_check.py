"""An independent check of the bundled reconcile rules (RC001, RC002) on the Ministry files.

Plain `csv`, none of sluitend's code: it reads the begrotingsstaten CSV and the budget-table
CSVs itself, pairs the figures the same way the rules are defined, and lists every article
figure where the two documents disagree by more than 1 (x € 1.000):

- RC001: the begrotingsstaat's ontwerpbegroting column of year T against the article totals
  of year T ("Bedrag t") in the ontwerpbegroting T's tables;
- RC002: the tables' "Bedrag t-2" column against the begrotingsstaat's Realisatie of T-2.

With `--sluitend report.json` (from `sluitend validate STATEN OWB... --format json`) it
compares its list with sluitend's error findings of those rules and exits 1 when they differ.

    python benchmarks/reconcile_check.py /path/to/minfin --sluitend report.json
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

# The staten number some chapters' articles with a prefix the tables leave out (the pairing
# the rules declare; written out again here on purpose).
STATEN_ARTICLES = {
    "VII": {str(60 + n): str(n) for n in range(1, 15)},
    "V": {str(40 + n): str(n) for n in range(1, 8)},
    "XVII": {str(40 + n): str(n) for n in range(1, 8)},
    "XVIII": {str(10 + n): str(n) for n in range(1, 7)},
    "IXA": {"1": "11", "2": "12"},
    "IXB": {"21": "8"},
}
#: Economische Zaken's articles renumbered in 2017: the 2017 tables' t-2 (2015) column uses
#: the new numbers, so the 2015 realisation is renamed (RC002 only).
XIII_2015 = {"11": "1", "14": "4", "16": "6", "17": "7", "19": "3"}
TABLE_CHAPTERS = {"LVIII": "F"}
#: Chapter III's two small budgets (column "Naam Begroting"), each with an article 1 that
#: names the budget as its regeling; the staten number them 4 and 5.
III_BUDGETS = {
    "kabinet van de koning": "4",
    "commissie van toezicht betreffende de inlichtingen- en veiligheidsdiensten": "5",
}
VUO_WORDS = {"", "verplichtingen", "uitgaven", "ontvangsten"}
VUO_WORDS |= {f"totale {w}" for w in VUO_WORDS if w}
_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+")


def staten_amount(text: str) -> float | None:
    """'1.234.567' or '1234567' or '-1.540' (Dutch) -> a number; '' -> None."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def table_amount(text: str) -> float | None:
    """'50,736' (2017), '355572.7449' (2015), '7592' -> a number; '', 'pm', '-' -> None."""
    text = text.strip().replace(" ", "")
    if text == "-":
        return 0.0  # nihil
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    try:
        return float(round(float(text)))
    except ValueError:
        return None


def read_staten(path: Path) -> dict[tuple, list[tuple[float, str]]]:
    """(begrotingsjaar, fase, hoofdstuk, artikel, vuo) -> [(amount, line)], tables' numbers."""
    phases = {7: "OWB", 11: "JV"}
    out: dict[tuple, list[tuple[float, str]]] = defaultdict(list)
    with path.open(encoding="latin-1", newline="") as handle:
        for line, row in enumerate(csv.reader(handle, delimiter=";"), start=1):
            if line == 1 or len(row) < 12 or not row[0].strip().isdigit():
                continue
            chapter = row[4].split(",")[0].strip()
            chapter = chapter if chapter == "Rijk" else chapter.upper()
            article = row[5].strip()
            if chapter == "Rijk" or article in ("", "-") or row[6].strip().upper() == "TOTAAL":
                continue
            if row[2].strip().lower() != "x1000":
                continue
            article = STATEN_ARTICLES.get(chapter, {}).get(article, article)
            for column, fase in phases.items():
                value = staten_amount(row[column])
                if value is not None:
                    number = article
                    if (chapter, int(row[0]), fase) == ("XIII", 2015, "JV"):
                        number = XIII_2015.get(article, article)
                    key = (int(row[0]), fase, chapter, number, row[3].strip().upper())
                    out[key].append((value, f"{path.name}:{line}"))
    return out


def read_table(path: Path) -> dict[tuple, list[tuple[float, str]]]:
    """(begrotingsjaar, hoofdstuk, artikel, vuo, jaar) -> [(amount, line)] of article totals."""
    out: dict[tuple, list[tuple[float, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        # The 2017 file's header ends in an empty column: a value there means the row is
        # shifted by a column and cannot be read as printed.
        spare = len(header) - 1 if header[-1].strip() == "" else None
        for line, row in enumerate(rows, start=2):
            if len(row) < 26 or not row[0].strip().isdigit() or row[5].strip() != "OWB":
                continue
            if spare is not None and len(row) > spare and row[spare].strip():
                continue
            # The article total: no onderdeel number, and the other level columns empty or
            # naming the V/U/O ("Verplichtingen" sits in whichever column the file chose).
            chapter = row[1].strip().upper()
            chapter = TABLE_CHAPTERS.get(chapter, chapter)
            article = row[6].strip()
            words = {c.strip().lower() for c in row[15:19]}
            budget = row[3].strip().lower()
            if chapter == "III" and budget in III_BUDGETS:
                article = III_BUDGETS[budget]
                words -= {budget}  # its total names the budget itself
            if row[14].strip() or not words <= VUO_WORDS:
                continue  # a line below the article, not its total
            year = int(row[0])
            for offset in (-2, 0):
                value = table_amount(row[21 + offset])
                if value is not None:
                    key = (year, chapter, article, row[12].strip().upper(), year + offset)
                    out[key].append((value, f"{path.name}:{line}"))
    return out


def coarse_blocks(table: dict) -> set[tuple[int, str]]:
    """(begrotingsjaar, hoofdstuk) blocks whose article totals are all whole millions (a
    block printed in € million in a file of thousands, such as Nationale Schuld 2015)."""
    figures: dict[tuple[int, str], list[float]] = defaultdict(list)
    for (year, chapter, *_), values in table.items():
        figures[(year, chapter)].extend(v for v, _ in values if v)
    return {block for block, vs in figures.items() if vs and all(v % 1000 == 0 for v in vs)}


def disagreements(staten: dict, table: dict, name: str) -> set[tuple]:
    """(table file, rule, hoofdstuk, artikel, vuo, jaar) of every figure both state and
    no pair of whose values agree within the rounding of the two: 1 (x € 1.000), or half a
    million and one half when the table's block is printed in whole millions."""
    found = set()
    coarse = coarse_blocks(table)
    for (year, chapter, article, vuo, jaar), values in table.items():
        bound = 500.5 if (year, chapter) in coarse else 1.0
        if jaar == year:
            rule, other = "RC001", staten.get((year, "OWB", chapter, article, vuo))
        else:
            rule, other = "RC002", staten.get((jaar, "JV", chapter, article, vuo))
        if not other:
            continue
        if not any(abs(a - b) <= bound for a, _ in values for b, _ in other):
            found.add((name, rule, chapter, article, vuo, jaar))
    return found


def from_sluitend(path: Path) -> set[tuple]:
    """The same tuples from sluitend's JSON report (error findings of RC001 and RC002)."""
    report = json.loads(path.read_text(encoding="utf-8"))
    out = set()
    for f in report["findings"]:
        if f["rule"] not in ("RC001", "RC002") or f["severity"] != "error":
            continue
        other = f["counterpart"]
        where = other["where"]
        # The counterpart is named as its file prints it; chapter III's small budgets
        # are compared under the staten's numbers, as this script reads them.
        article = where["artikel"]
        if where["hoofdstuk"] == "III":
            article = III_BUDGETS.get(str(where.get("begroting", "")).lower(), article)
        out.add(
            (
                other["dataset"],
                f["rule"],
                where["hoofdstuk"],
                article,
                where["vuo"],
                where["jaar"],
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the minfin folder with the four CSVs")
    parser.add_argument("--sluitend", type=Path, help="sluitend's JSON report to compare")
    args = parser.parse_args(argv)
    staten = read_staten(args.folder / "begrotingsstaten_origineel.csv")
    mine: set[tuple] = set()
    for path in sorted(args.folder.glob("budgettaire_tabellen_owb_*_origineel.csv")):
        mine |= disagreements(staten, read_table(path), path.stem)
    for item in sorted(mine):
        print(*item, sep="\t")
    print(f"{len(mine)} disagreements", file=sys.stderr)
    if args.sluitend is None:
        return 0
    theirs = from_sluitend(args.sluitend)
    only_mine, only_theirs = sorted(mine - theirs), sorted(theirs - mine)
    for item in only_mine:
        print("only this script:", *item, file=sys.stderr)
    for item in only_theirs:
        print("only sluitend:", *item, file=sys.stderr)
    print(
        f"sluitend {len(theirs)}, this script {len(mine)}, both {len(mine & theirs)}",
        file=sys.stderr,
    )
    return 1 if only_mine or only_theirs else 0


if __name__ == "__main__":
    sys.exit(main())
