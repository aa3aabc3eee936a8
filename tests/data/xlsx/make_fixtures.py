"""Write the spreadsheet fixtures of tests/datasets/test_xlsx.py (run from the repo root).

    python tests/data/xlsx/make_fixtures.py

Figures: BZK ontwerpbegroting 2022, artikel 7 (seed 001_231eb4eefb8547ab.txt, Tabel 18) and,
for the budget-table layout, rows of chapter VII article 7 in the Ministry of Finance's
budget-table CSV of 2017 (minfin/budgettaire_tabellen_owb_2017_origineel.csv), typed in.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
CANONICAL = [
    "begrotingsjaar",
    "fase",
    "hoofdstuk",
    "artikel",
    "onderdeel",
    "instrument",
    "regeling",
    "vuo",
    "jaar",
    "bedrag",
    "label",
]
ROWS = [
    [2022, "OWB", "VII", 7, "", "", "", "V", 2020, 39149, "Verplichtingen"],
    [2022, "OWB", "VII", 7, "", "", "", "U", 2020, "36.415", "Uitgaven"],  # text: Dutch
    [
        2022,
        "OWB",
        "VII",
        7,
        "7.1",
        "",
        "",
        "U",
        2020,
        28721,
        "7.1 Werkgevers- en bedrijfsvoeringsbeleid",
    ],
    [
        2022,
        "OWB",
        "VII",
        7,
        "7.1",
        "Subsidies (regelingen)",
        "Diverse subsidies",
        "U",
        2020,
        "pm",
        "Diverse subsidies",
    ],
    [2022, "OWB", "VII", 7, "7.2", "", "", "U", 2020, 7694.0, "7.2 Pensioenen en uitkeringen"],
]
JV_COLUMNS = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "categorie", "percentage"]
JV_ROWS = [[2022, "OWB", "VII", "7", "", 95.2], [2022, "OWB", "VII", "7", "Opdrachten", "96,1%"]]
BUDGET_TABLE = [
    "Begrotingsjaar",
    "Begroting",
    "Verantwoordelijke minister",
    "Naam Begroting",
    "Type Begroting (zie rbv voor definitie, KB voor II t/m IV, B voor begroting, F voor Fonds)",
    "Begrotingsfase OWB=ontwerpbegroting/VB=vastgestelde begroting,1stesup stand, 2de sup stand,"
    " JV jaarverslag stand, SW slotwet stand)",
    "Artikel nummer zoals in het witte stuk",
    "% Juridisch verplicht",
    "Omschrijving artikel",
    "Type Artikel",
    "Indicatie grote uitvoerende dienst op artikel.",
    "Programma, apparaat en nominaal en onvoorzien",
    "V/U/O (Verplichtingen/Uitgaven/Ontvangsten)",
    "Indicatie totaal regel Ja/Nee",
    "Nr. onderverdeling zoals in de witte stukken",
    "Beleidsmatige clustering",
    "Financieel instrument/Apparaat",
    "Uitsplitsing fin.instrument cq apparaat zoals in b-tabel staat opm: vul de uitsplitsing aan"
    " met een regel overig fin.instrument,",
    "Nadere omschrijving zoals in b-tabel staat",
    "Bedrag t-2",
    "Bedrag t-1",
    "Bedrag t",
    "Bedrag t+1",
    "Bedrag t+2",
    "Bedrag t+3",
    "Bedrag t+4",
]


def sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]], top: int = 1) -> None:
    ws = book.create_sheet(title)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            ws.cell(row=top + offset, column=column, value=value)


def main() -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet(book, "Toelichting", [["Begroting BZK 2022, artikel 7"], ["Bron: rijksfinancien.nl"]])
    sheet(book, "Tabel", [CANONICAL, *ROWS], top=3)  # header on row 3: rows 1-2 left empty
    sheet(book, "JV", [JV_COLUMNS, *JV_ROWS])
    book.save(HERE / "canonical.xlsx")

    bad = openpyxl.Workbook()
    bad.remove(bad.active)
    rows = [list(r) for r in ROWS]
    rows[2][9] = "28,721"  # C-style thousands: not a Dutch amount
    sheet(bad, "Tabel", [CANONICAL, *rows])
    bad.save(HERE / "bad-amount.xlsx")

    bad = openpyxl.Workbook()
    bad.remove(bad.active)
    rows = [list(r) for r in ROWS]
    rows[1][7] = "X"
    sheet(bad, "Tabel", [CANONICAL, *rows])
    bad.save(HERE / "bad-vuo.xlsx")

    none = openpyxl.Workbook()
    none.remove(none.active)
    sheet(none, "Blad1", [["Omschrijving", "Bedrag"], ["iets", 12]])
    none.create_sheet("Leeg")
    none.save(HERE / "no-table.xlsx")

    minfin = openpyxl.Workbook()
    minfin.remove(minfin.active)
    common = [
        2017,
        "VII",
        "R.H.A. Plasterk",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "B",
        "OWB",
        7,
        None,
        "Arbeidszaken overheid",
        "Beleidsartikel",
        "N",
        "Programma",
    ]
    # lines 2621-2623 of the 2017 file, the amounts typed in as numbers
    jv = list(common)
    jv[7] = "92%"
    sheet(
        minfin,
        "Begrotingstabel",
        [
            BUDGET_TABLE,
            [
                *common,
                "V",
                "J",
                None,
                None,
                None,
                None,
                None,
                33972,
                33349,
                30340,
                29434,
                27534,
                26810,
                26855,
            ],
            [
                *jv,
                "U",
                "J",
                None,
                None,
                None,
                None,
                None,
                35019,
                33349,
                30340,
                29434,
                27534,
                26810,
                26855,
            ],
            [
                *common,
                "U",
                "J",
                1,
                "Overheid als werkgever",
                "Subsidies",
                None,
                None,
                "12,997",
                12455,
                12551,
                12534,
                11734,
                11809,
                11809,
            ],
        ],
    )
    minfin.save(HERE / "budget-table.xlsx")

    # The same sheet with cells typed otherwise (tests/datasets/test_xlsx_cells.py).
    table = minfin["Begrotingstabel"]
    table["T4"] = "12.997"  # Dutch thousands, as text: 12997, never 13
    minfin.save(HERE / "budget-table-dutch.xlsx")
    table["U4"] = "12,455"  # and English thousands in the same sheet: ambiguous
    minfin.save(HERE / "budget-table-mixed.xlsx")
    table["T4"] = "12,997"
    table["U4"] = 12455
    table["V4"] = "=12000+551"  # openpyxl writes a formula without a cached value
    minfin.save(HERE / "budget-table-formula.xlsx")

    formula = openpyxl.Workbook()
    formula.remove(formula.active)
    rows = [list(r) for r in ROWS]
    rows[2][9] = "=28000+721"  # J4, the bedrag of 7.1 U 2020
    sheet(formula, "Tabel", [CANONICAL, *rows])
    formula.save(HERE / "canonical-formula.xlsx")
    rows = [list(r) for r in ROWS]
    rows[2][3] = "=3+4"  # D4, the artikel of a figure: the figure cannot be placed
    formula = openpyxl.Workbook()
    formula.remove(formula.active)
    sheet(formula, "Tabel", [CANONICAL, *rows])
    formula.save(HERE / "canonical-formula-key.xlsx")


if __name__ == "__main__":
    main()
