"""The reconcile rule: the same figure in two datasets, aligned on year, phase and renames."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.engine.runner import validate
from sluitend.report.document import finding_document
from sluitend.rules.loader import load_ruleset_text

RULES = """
[ruleset]
name = "t"

[[rules]]
id = "RC"
kind = "reconcile"
dataset = "begrotingsstaat"
tolerance = "rounding"

[rules.left]
fase = "OWB"
jaar = 0
where = "artikel != ''"

[[rules.left.rename]]
column = "artikel"
where = { hoofdstuk = "VII" }
map = { "61" = "1" }

[rules.right]
dataset = "begrotingstabel"
jaar = 0
where = { onderdeel = "" }
"""


def _frame(rows: list[tuple], kind: str, source: str) -> pd.DataFrame:
    records = [
        {
            "begrotingsjaar": bj,
            "fase": fase,
            "hoofdstuk": h,
            "artikel": a,
            "onderdeel": o,
            "instrument": "",
            "regeling": "",
            "omschrijving": "",
            "waarvan": False,
            "vuo": "U",
            "jaar": jaar,
            "bedrag": bedrag,
            "label": f"art {a}",
            "bron": f"{source}:{i + 2}",
        }
        for i, (bj, fase, h, a, o, jaar, bedrag) in enumerate(rows)
    ]
    return budget_frame(pd.DataFrame(records), kind)


STATEN = [
    (2017, "OWB", "VII", "61", "", 2017, 30567),  # renamed 1: agrees
    (2017, "OWB", "VII", "62", "", 2017, 12714),  # table has it under 2: renumbered
    (2017, "OWB", "VIII", "1", "", 2017, 500),  # table says 501: rounding
    (2017, "OWB", "VIII", "3", "", 2017, 800),  # table says 900: error
    (2017, "JV", "VIII", "3", "", 2017, 1),  # another phase: not taken
    (2015, "OWB", "VIII", "3", "", 2015, 7),  # a year the table does not cover
]
TABLE = [
    (2017, "OWB", "VII", "1", "", 2017, 30567),
    (2017, "OWB", "VII", "1", "", 2016, 99),  # t-1: not this rule's year
    (2017, "OWB", "VII", "2", "", 2017, 12714),
    (2017, "OWB", "VIII", "1", "", 2017, 501),
    (2017, "OWB", "VIII", "3", "", 2017, 900),
    (2017, "OWB", "VIII", "3", "3.1", 2017, 900),  # not an article total
]


def _run(staten: list[tuple] = STATEN, tabel: list[tuple] = TABLE):  # type: ignore[no-untyped-def]
    datasets = [
        Dataset(_frame(staten, "begrotingsstaat", "staten.csv"), "begrotingsstaat", "staten"),
        Dataset(_frame(tabel, "begrotingstabel", "owb.csv"), "begrotingstabel", "owb"),
    ]
    return validate(datasets, load_ruleset_text(RULES))


def test_pairs_on_aligned_keys_and_reports_both_figures() -> None:
    report = _run()
    found = {
        (f.where["hoofdstuk"], f.where["artikel"], f.severity, f.actual, f.expected)
        for f in report.findings
    }
    assert found == {
        ("VII", "62", "info", 12714, None),  # no counterpart (left)
        ("VII", "2", "info", 12714, None),  # no counterpart (right)
        ("VIII", "1", "info", 500, 501),  # afrondingsverschil
        ("VIII", "3", "error", 800, 900),
    }
    error = next(f for f in report.findings if f.severity == "error")
    assert error.dataset == "staten ↔ owb"
    assert error.bron == "staten.csv:5"
    assert error.counterpart is not None
    assert error.counterpart["bron"] == "owb.csv:6"
    assert error.counterpart["value"] == 900
    assert "staten.csv:5" in error.message and "owb.csv:6" in error.message
    assert finding_document(error)["counterpart"]["dataset"] == "owb"
    (result,) = [r for r in report.results if r.kind == "reconcile"]
    assert (result.checked, result.failed, result.not_checkable, result.rounding) == (3, 1, 2, 1)


def test_renumbered_article_gets_a_hint() -> None:
    report = _run()
    lonely = next(f for f in report.findings if f.where["artikel"] == "62")
    assert [h.kind for h in lonely.hints] == ["renumbered"]
    assert lonely.hints[0].bron == "owb.csv:4"
    assert "artikel 2 instead of 62" in lonely.hints[0].explanation


def test_unit_slip_and_sign_hints() -> None:
    staten = [
        (2017, "OWB", "VIII", "1", "", 2017, 5_000_000),
        (2017, "OWB", "VIII", "3", "", 2017, -40),
    ]
    tabel = [(2017, "OWB", "VIII", "1", "", 2017, 5000), (2017, "OWB", "VIII", "3", "", 2017, 40)]
    hints = {f.where["artikel"]: [h.kind for h in f.hints] for f in _run(staten, tabel).findings}
    assert hints == {"1": ["unit"], "3": ["sign"]}


def test_one_dataset_runs_no_reconcile_rule() -> None:
    datasets = [
        Dataset(_frame(STATEN, "begrotingsstaat", "staten.csv"), "begrotingsstaat", "staten")
    ]
    report = validate(datasets, load_ruleset_text(RULES))
    assert report.results == () and len(report.findings) == 0


def test_duplicate_counterpart_that_agrees_settles_the_figure() -> None:
    tabel = [*TABLE, (2017, "OWB", "VIII", "3", "", 2017, 800)]  # stated twice: 900 and 800
    found = [f for f in _run(tabel=tabel).findings if f.where["artikel"] == "3"]
    assert found == []


def test_digit_and_label_hints() -> None:
    staten = [(2017, "OWB", "VIII", "1", "", 2017, 633445), (2017, "OWB", "VIII", "3", "", 2017, 1)]
    tabel = [(2017, "OWB", "VIII", "1", "", 2017, 713445), (2017, "OWB", "VIII", "3", "", 2017, 9)]
    frames = [
        _frame(staten, "begrotingsstaat", "staten.csv").assign(label=["Cultuur", "Geheim"]),
        _frame(tabel, "begrotingstabel", "owb.csv").assign(label=["Cultuur", "Netwerkkosten"]),
    ]
    datasets = [
        Dataset(frames[0], "begrotingsstaat", "staten"),
        Dataset(frames[1], "begrotingstabel", "owb"),
    ]
    report = validate(datasets, load_ruleset_text(RULES))
    hints = {f.where["artikel"]: [h.kind for h in f.hints] for f in report.findings}
    assert hints == {"1": ["digit"], "3": ["digit", "label"]}


def test_tolerance_counts_in_the_coarser_sides_rounding_step() -> None:
    # A block printed in whole millions (step 1.000 x € 1.000) against whole thousands:
    # 87 apart is an afrondingsverschil, 600 apart is not.
    staten = [
        (2017, "OWB", "IXA", "11", "", 2017, 55363913),
        (2017, "OWB", "IXA", "12", "", 2017, 2731400),
    ]
    tabel = [
        (2017, "OWB", "IXA", "11", "", 2017, 55364000),
        (2017, "OWB", "IXA", "12", "", 2017, 2732000),
    ]
    datasets = [
        Dataset(_frame(staten, "begrotingsstaat", "staten.csv"), "begrotingsstaat", "staten"),
        Dataset(
            _frame(tabel, "begrotingstabel", "owb.csv").assign(afronding=1000),
            "begrotingstabel",
            "owb",
        ),
    ]
    report = validate(datasets, load_ruleset_text(RULES))
    found = {(f.where["artikel"], f.severity, f.tolerance) for f in report.findings}
    assert found == {("11", "info", 500.5), ("12", "error", 500.5)}


def test_unlikely_rounding_is_a_warning_that_fails_the_rule() -> None:
    # 500 against 501 is within the rounding of two whole figures (1), but beyond a tight
    # statistical bound (sigma 0.1): as for one dataset, a warning that fails the rule.
    rules = RULES.replace('tolerance = "rounding"', "tolerance = {rounding = true, sigma = 0.1}")
    datasets = [
        Dataset(_frame([STATEN[2]], "begrotingsstaat", "s.csv"), "begrotingsstaat", "s"),
        Dataset(_frame([TABLE[3]], "begrotingstabel", "t.csv"), "begrotingstabel", "t"),
    ]
    report = validate(datasets, load_ruleset_text(rules))
    (finding,) = report.findings
    assert finding.severity == "warning"
    assert "unlikely to be rounding alone" in finding.message
    (result,) = report.results
    assert (result.checked, result.failed, result.rounding) == (1, 1, 0)
    assert not result.passed
