"""Each Iv3 check of the pack with a delivery that passes it and one that fails it."""

from __future__ import annotations

import numpy as np

from tests.domains.iv3.helpers import codes, rows, run

P1 = {"periode": 1}


def test_df001_taakveld_codes() -> None:
    ok = rows([("lasten", "0.1", "1.1", 10), ("baten", "8.3", "3.8", 10)])
    assert codes(run(ok, "DF001")) == []
    bad = rows([("lasten", "0.1", "1.1", 10), ("baten", "8.4", "3.8", 10)])
    report = run(bad, "DF001")
    assert codes(report) == ["DF001"]
    (finding,) = report.findings
    assert "de code 8.4 niet toegestaan als taakveld" in finding.message
    assert "Binnen het onderdeel baten" in finding.message


def test_df002_categorie_codes_per_side() -> None:
    ok = rows([("lasten", "0.1", "4.2", 10), ("baten", "0.1", "3.7", 10)])
    assert codes(run(ok, "DF002-lasten", "DF002-baten")) == []
    # 3.7 (leges) is a baten categorie, not a lasten one.
    bad = rows([("lasten", "0.1", "3.7", 10), ("baten", "0.1", "3.7", 10)])
    assert codes(run(bad, "DF002-lasten", "DF002-baten")) == ["DF002-lasten"]


def test_df003_df004_balans_codes() -> None:
    ok = rows([("balans_standen", "A111", "", 5, "1 januari")])
    assert codes(run(ok, "DF003", "DF004")) == []
    bad = rows([("balans_standen", "A999", "", 5, "2 januari")])
    assert sorted(codes(run(bad, "DF003", "DF004"))) == ["DF003", "DF004"]


def test_grijze_cellen_lasten_only_when_filled() -> None:
    ok = rows([("lasten", "0.10", "1.1", 0), ("lasten", "0.1", "1.1", 25)])
    assert codes(run(ok, "GC-lasten")) == []
    # Both cells were looked up (checked), the taakveld total without categorie was not.
    totals = rows(
        [*[("lasten", "0.10", "1.1", 0), ("lasten", "0.1", "1.1", 25)], ("lasten", "0.1", "", 25)]
    )
    assert run(totals, "GC-lasten").results[0].checked == 2
    bad = rows([("lasten", "0.10", "1.1", 40)])
    assert codes(run(bad, "GC-lasten")) == ["GC-lasten"]


def test_grijze_cellen_balans() -> None:
    ok = rows([("balans_lasten", "A111", "7.5", 3)])
    assert codes(run(ok, "GC-balans_lasten")) == []
    bad = rows([("balans_lasten", "A111", "1.1", 3)])  # salarissen on a balance code
    assert codes(run(bad, "GC-balans_lasten")) == ["GC-balans_lasten"]


def test_pf006_lasten_equal_baten() -> None:
    ok = rows([("lasten", "0.1", "1.1", 2500), ("baten", "0.7", "4.3.1", 2500)])
    assert codes(run(ok, "PF006")) == []
    # Both figures took part in a verified sum: the coverage counts them as checked.
    (summary,) = run(ok, "PF006").datasets
    assert summary.coverage is not None and summary.coverage.checked == 2
    bad = rows([("lasten", "0.1", "1.1", 2500), ("baten", "0.7", "4.3.1", 2300)])
    report = run(bad, "PF006")
    assert codes(report) == ["PF006"]
    assert "Het gevonden verschil is 200, terwijl 1 maximaal is toegestaan" in (
        report.findings[0].message
    )


def test_pf006_without_baten_is_not_checkable_pf099() -> None:
    report = run(rows([("lasten", "0.1", "1.1", 2500)]), "PF006")
    (finding,) = [f for f in report.findings if f.rule == "PF006"]
    # PF006 is the gemeente's only sum, so it has no checked total: said (coverage).
    (unchecked,) = [f for f in report.findings if f is not finding]
    assert unchecked.rule == "COVERAGE" and unchecked.severity == "warning"
    assert "no total of it was checked" in unchecked.message
    assert finding.severity == "info"
    assert "PF099: Vanwege het ontbreken van baten" in finding.message
    assert "plausibiliteitsconrtrole PF006" in finding.message  # CBS's own spelling


def test_pf006_outside_its_periods_does_not_apply() -> None:
    report = run(rows([("lasten", "0.1", "1.1", 1)], periode=2), "PF006")
    # It checks nothing in period 2, which is a warning of its own (never a silent tick).
    (idle,) = [f for f in report.findings if f.rule == "PF006"]
    assert [f.rule for f in report.findings if f is not idle] == ["COVERAGE"]
    assert report.results[0].checked == 0 and idle.label == "(checks nothing)"
    assert idle.severity == "warning" and "periode holds 2" in idle.message


def test_pf007_pf008_activa_equal_passiva() -> None:
    ok = rows(
        [
            ("balans_standen", "A111", "", 100, "1 januari"),
            ("balans_standen", "P111", "", 100, "1 januari"),
            ("balans_standen", "A111", "", 120, "ultimo"),
            ("balans_standen", "P111", "", 120, "ultimo"),
        ],
        periode=5,
    )
    assert codes(run(ok, "PF007", "PF008")) == []
    bad = rows(
        [
            ("balans_standen", "A111", "", 100, "1 januari"),
            ("balans_standen", "P111", "", 90, "1 januari"),
            ("balans_standen", "A111", "", 120, "ultimo"),
            ("balans_standen", "P111", "", 100, "ultimo"),
        ],
        periode=5,
    )
    assert sorted(codes(run(bad, "PF007", "PF008"))) == ["PF007", "PF008"]


def test_pf003_movement_identity() -> None:
    # A1311 is a financial balance code of the periode 1-4 list: 100 + 30 - 10 = 120.
    figures = [
        ("balans_standen", "A1311", "", 100, "1 januari"),
        ("balans_lasten", "A1311", "6.1", 30),
        ("balans_baten", "A1311", "6.1", 10),
    ]
    ok = rows([*figures, ("balans_standen", "A1311", "", 120, "31-3-2024")], periode=1)
    assert codes(run(ok, "PF003-activa")) == []
    bad = rows([*figures, ("balans_standen", "A1311", "", 150, "31-3-2024")], periode=1)
    report = run(bad, "PF003-activa")
    assert codes(report) == ["PF003-activa"]
    assert "Ontwikkeling balansstanden" in report.findings[0].message
    # Passiva move the other way: primo + baten - lasten = ultimo.
    passiva = rows(
        [
            ("balans_standen", "P131", "", 100, "1 januari"),
            ("balans_baten", "P131", "6.1", 30),
            ("balans_lasten", "P131", "6.1", 10),
            ("balans_standen", "P131", "", 120, "31-3-2024"),
        ],
        periode=1,
    )
    assert codes(run(passiva, "PF003-passiva")) == []


def test_pf001_matrix_closes() -> None:
    ok = rows([("lasten", "0.1", "1.1", 50), ("balans_baten", "A1311", "6.1", 50)], periode=5)
    assert codes(run(ok, "PF001")) == []
    bad = rows([("lasten", "0.1", "1.1", 50), ("balans_baten", "A1311", "6.1", 40)], periode=5)
    assert codes(run(bad, "PF001")) == ["PF001"]


def test_pf001_leaves_the_interne_verrekeningen_to_pf004() -> None:
    # The definitions' trees: LR (1.1-5.x) and FR (6.1) are the two saldi PF001 compares;
    # IV (7.x) is not part of either. An IV imbalance alone fails PF004, not PF001.
    lr_fr = [("lasten", "0.1", "1.1", 50), ("balans_baten", "A1311", "6.1", 50)]
    iv_off = rows([*lr_fr, ("lasten", "0.1", "7.4", 30), ("baten", "0.5", "7.4", 20)], periode=5)
    assert codes(run(iv_off, "PF001", "PF004")) == ["PF004"]
    # A saldo difference hidden by an IV difference (all lasten 50 = all baten 50) fails
    # PF001: niet-financiële rekening 40 - 50 = -10, financiële rekening 0.
    hidden = rows(
        [
            ("lasten", "0.1", "1.1", 50),
            ("lasten", "0.1", "7.4", 0),
            ("baten", "0.1", "3.8", 40),
            ("baten", "0.1", "7.4", 10),
        ],
        periode=5,
    )
    report = run(hidden, "PF001", "PF004")
    assert sorted(codes(report)) == ["PF001", "PF004"]
    (pf001,) = [f for f in report.findings if f.rule == "PF001"]
    assert "lasten lopende en financiële rekening 50" in pf001.message
    assert "baten lopende en financiële rekening 40" in pf001.message


def test_pf001_on_taakveld_totals_only_is_not_checkable() -> None:
    # A taakveld total (no categorie) cannot be placed in LR, FR or IV.
    totals = rows([("lasten", "0.1", "", 50), ("baten", "0.1", "", 50)], periode=5)
    report = run(totals, "PF001")
    assert codes(report) == [] and report.results[0].checked == 0


def test_pf002_only_6_1_7_2_7_5_on_the_financial_balance() -> None:
    ok = rows([("balans_lasten", "A1311", "6.1", 50), ("balans_baten", "A1311", "7.5", 5)], **P1)
    assert codes(run(ok, "PF002")) == []
    bad = rows([("balans_lasten", "A1311", "6.1", 50), ("balans_baten", "A1311", "3.8", 5)], **P1)
    report = run(bad, "PF002")
    assert codes(report) == ["PF002"]
    assert "Het gevonden percentage is 9,09%" in report.findings[0].message


def ok_rows() -> list[tuple[object, ...]]:
    return [("lasten", "0.1", "7.4", 30), ("baten", "0.5", "7.4", 30)]


def test_pf004_verrekencategorieen() -> None:
    ok = rows([("lasten", "0.1", "7.4", 30), ("baten", "0.5", "7.4", 30)], periode=3)
    assert codes(run(ok, "PF004")) == []
    # Lopende-rekening categories are not verrekeningen: a difference there is not PF004's.
    lr = rows([*ok_rows(), ("lasten", "0.1", "1.1", 70), ("baten", "0.5", "3.8", 10)], periode=3)
    assert codes(run(lr, "PF004")) == []
    bad = rows([("lasten", "0.1", "7.4", 30), ("baten", "0.5", "7.4", 20)], periode=3)
    assert codes(run(bad, "PF004")) == ["PF004"]


def test_pf005_6_1_outside_the_financial_balance() -> None:
    # Taakveld 0.5 Treasury may use 6.1 (uitgesloten in the controle).
    ok = rows([("balans_lasten", "A1311", "6.1", 90), ("lasten", "0.5", "6.1", 10)], periode=2)
    assert codes(run(ok, "PF005")) == []
    bad = rows([("balans_lasten", "A1311", "6.1", 90), ("lasten", "0.1", "6.1", 10)], periode=2)
    report = run(bad, "PF005")
    assert codes(report) == ["PF005"]
    assert "Het gevonden percentage is 10,00%" in report.findings[0].message


def test_pf009_onverdeeld_not_in_periode_1_to_5() -> None:
    ok = rows([("lasten", "0.1", "4.3.1", 300), ("lasten", "0.1", "4.3.9", 0)], periode=4)
    assert codes(run(ok, "PF009")) == []
    bad = rows([("lasten", "0.1", "4.3.1", 300), ("lasten", "0.1", "4.3.9", 25)], periode=4)
    assert codes(run(bad, "PF009")) == ["PF009"]
    # In the begroting (periode 0) the onverdeeld categories are allowed.
    assert codes(run(rows([("lasten", "0.1", "4.3.9", 25)], periode=0), "PF009")) == []


def test_results_count_the_groups_checked() -> None:
    report = run(rows([("lasten", "0.1", "1.1", 5), ("baten", "0.1", "3.8", 5)]), "PF006")
    assert report.results[0].checked == 1
    assert np.isclose(report.results[0].failed, 0)


def test_a_gemeente_with_only_zeros_is_said_to_have_delivered_nothing() -> None:
    report = run(rows([("lasten", "0.1", "1.1", 0), ("baten", "0.7", "4.3.1", 0)]), "PF006")
    (unchecked,) = [f for f in report.findings if f.rule == "COVERAGE"]
    assert "every figure is zero: nothing was delivered to add up" in unchecked.message
    (summary,) = report.datasets
    assert summary.coverage is not None and summary.coverage.checked == 0
