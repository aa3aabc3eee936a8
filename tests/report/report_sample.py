"""A fixed, hand-built Report for the reporters' golden tests.

It has: three datasets (a csv, an xlsx, a percentages table), findings of every severity,
with and without hints, a finding with grouped consequences, a "not checkable" finding
with no amounts, characters that formats must escape, and rules that passed or checked
nothing. The figures echo the bundled bzk-2022-art7 table (7.1 total 2023: 181.678 stated).
"""

from __future__ import annotations

from sluitend.engine.findings import DatasetSummary, Finding, Hint, Report, RuleResult

CSV = "datasets/bundled/bzk_2022_art7.csv"
XLSX = "data/begroting 2023.xlsx"


def where(
    onderdeel: str = "",
    instrument: str = "",
    regeling: str = "",
    *,
    vuo: str = "U",
    jaar: int = 2023,
    artikel: str = "7",
) -> dict[str, object]:
    """The key of a figure in chapter VII."""
    return {
        "hoofdstuk": "VII",
        "artikel": artikel,
        "onderdeel": onderdeel,
        "instrument": instrument,
        "regeling": regeling,
        "omschrijving": "",
        "vuo": vuo,
        "jaar": jaar,
    }


def sample_report() -> Report:
    """The report every golden file renders."""
    consequence = Finding(
        rule="BT002",
        severity="error",
        dataset="bzk-2022-art7",
        where=where(),
        expected=181_678 + 4_297,
        actual=226_678 + 4_297,
        difference=45_000,
        tolerance=1,
        message="Uitgaven 2023 (230.975) differ from 7.1 + 7.2 (185.975) by 45.000",
        bron=f"{CSV}:12",
        label="Uitgaven",
    )
    total = Finding(
        rule="BT001",
        severity="error",
        dataset="bzk-2022-art7",
        where=where("7.1"),
        expected=226_678,
        actual=181_678,
        difference=-45_000,
        tolerance=1,
        message="7.1 total 2023 (181.678) differs from the sum of its lines (226.678) by -45.000",
        bron=f"{CSV}:41",
        label="Woningmarkt",
        hints=(
            Hint(
                kind="transposition",
                bron=f"{CSV}:47",
                where=where("7.1", "Opdrachten", "Informatiehuishouding"),
                suggested=149_000,
                explanation="194.000 reads as 149.000 with two digits swapped; that "
                "closes the total exactly.",
            ),
        ),
        consequences=(consequence,),
    )
    equal = Finding(
        rule="BT010",
        severity="warning",
        dataset="bzk-2022-art7",
        where=where(vuo="V", jaar=2020),
        expected=36_415,
        actual=39_149,
        difference=2_734,
        tolerance=0,
        message="Verplichtingen 2020 (39.149) differ from uitgaven (36.415) by 2.734",
        bron=f"{CSV}:3",
        label="Verplichtingen",
    )
    pm = Finding(
        rule="BT001",
        severity="info",
        dataset="bzk-2022-art7",
        where=where("7.2", jaar=2025),
        expected=None,
        actual=4_297,
        difference=None,
        tolerance=1,
        message="7.2 total 2025 is not checkable: a line under it is pm",
        bron=f"{CSV}:88",
        label="Bouwregelgeving",
    )
    sheet = Finding(
        rule="BT001",
        severity="error",
        dataset="begroting-2023",
        where=where("1", "Subsidies", artikel="1"),
        expected=1_200,
        actual=1_300,
        difference=100,
        tolerance=1,
        message="Subsidies 2023 (1.300) differs from the sum of its lines (1.200) by 100, "
        "or 8,3%: check the sheet",
        bron=f"{XLSX}!Tabel 18!D14",
        label="Subsidies | regelingen",
        hints=(
            Hint(
                kind="double_counted",
                bron=f"{XLSX}!Tabel 18!D16",
                where=where("1", "Subsidies", "Regeling A", artikel="1"),
                suggested=None,
                explanation="Regeling A (100) may be counted in both Subsidies and Opdrachten.",
            ),
        ),
    )
    results = (
        RuleResult(
            "BT001",
            "Lines add up to their totals",
            "hierarchy",
            "error",
            "bzk-2022-art7",
            checked=180,
            failed=1,
            not_checkable=2,
        ),
        RuleResult(
            "BT002",
            "Onderdelen add up to Uitgaven",
            "sum",
            "error",
            "bzk-2022-art7",
            checked=14,
            failed=1,
        ),
        RuleResult(
            "BT010",
            "Verplichtingen equal uitgaven in the budget years",
            "equal",
            "warning",
            "bzk-2022-art7",
            checked=35,
            failed=1,
        ),
        RuleResult(
            "BT020", "No figure twice", "unique", "error", "bzk-2022-art7", checked=1_245, failed=0
        ),
        RuleResult(
            "BT001",
            "Lines add up to their totals",
            "hierarchy",
            "error",
            "begroting-2023",
            checked=12,
            failed=1,
        ),
        RuleResult(
            "BT020", "No figure twice", "unique", "error", "begroting-2023", checked=0, failed=0
        ),
        RuleResult(
            "JV001",
            "Percentages juridisch verplicht within 0-100",
            "range",
            "error",
            "bzk-2022-art7-jv",
            checked=7,
            failed=0,
        ),
    )
    datasets = (
        DatasetSummary("bzk-2022-art7", "begrotingstabel", CSV, 1000, 1_245),
        DatasetSummary("begroting-2023", "begrotingstabel", XLSX, 1000, 12),
        DatasetSummary("bzk-2022-art7-jv", "juridisch_verplicht", CSV, 1, 7),
    )
    return Report(
        findings=(total, sheet, equal, pm),
        results=results,
        datasets=datasets,
        ruleset="rijksbegroting",
        seconds=0.42,
        rule_descriptions={
            "BT001": "Every stated total equals the sum of the lines directly under it."
        },
    )
