"""The overview model: counts per chapter and article, and figures laid out across years."""

from __future__ import annotations

from report_sample import CSV, sample_report, where

from sluitend.engine.findings import DatasetSummary, Finding, Hint, Report, RuleResult
from sluitend.report.overview import (
    LIKELY_CAUSE,
    anchor,
    figure_rows,
    hint_name,
    overview,
    reason,
)

DS = "t"


def check(
    jaar: int,
    line: int,
    *,
    instrument: str = "Subsidies",
    rule: str = "BT001",
    severity: str = "error",
    expected: int | None = 100,
    actual: int | None = 90,
    artikel: str = "7",
    hints: tuple[Hint, ...] = (),
    message: str = "",
    consequences: tuple[Finding, ...] = (),
    kind: str = "check",
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        dataset=DS,
        where={**where("1", instrument, artikel=artikel, jaar=jaar), "fase": "OWB"},
        expected=expected,
        actual=actual,
        difference=None if expected is None or actual is None else actual - expected,
        tolerance=0,
        message=message or f"{instrument} (uitgaven) {jaar}: stated {actual}",
        bron=f"{CSV}:{line}",
        label=instrument,
        hints=hints,
        consequences=consequences,
        kind=kind,
    )


def shifted(jaar: int, amount: int) -> Hint:
    return Hint(
        "shifted_total",
        f"{CSV}:11",
        where("1", "Opdrachten", jaar=jaar),
        None,
        f"The sum ({amount}) is stated as the total of 'Opdrachten': the totals look shifted.",
    )


def report(*findings: Finding) -> Report:
    return Report(
        findings=findings,
        results=(RuleResult("BT001", "Lines add up", "hierarchy", "error", DS, 10, 3),),
        datasets=(DatasetSummary(DS, "begrotingstabel", CSV, 1000, 10),),
    )


def test_counts_agree_with_the_report_and_split_by_chapter_and_article() -> None:
    rep = sample_report()
    ov = overview(rep)
    for severity in ("error", "warning", "info"):
        assert ov.counts.of(severity) == rep.count(severity)
        assert sum(d.counts.of(severity) for d in ov.datasets) == rep.count(severity)
    bzk = ov.dataset("bzk-2022-art7")
    assert bzk is not None
    (chapter,) = bzk.chapters
    assert chapter.chapter.name == "VII"
    assert [a.name for a in chapter.articles] == ["VII art. 7"]
    art = chapter.articles[0]
    # BT001 7.1 and its BT002 consequence are errors; BT010 a warning; the pm one info.
    assert (art.counts.error, art.counts.warning, art.counts.info) == (2, 1, 1)
    assert art.largest == -45_000
    assert art.largest_ref is not None
    assert ov.findings[art.largest_ref].rule == "BT001"
    assert len(art.refs) == 4
    assert ov.dataset("bzk-2022-art7-jv") is None  # nothing failed there
    assert anchor(3) == "finding-3"


def test_chapters_come_in_source_order_not_severity_order() -> None:
    late_error = check(2020, 90, artikel="9")
    early_warning = check(2020, 5, artikel="2", severity="warning")
    ov = overview(report(late_error, early_warning))
    (chapter,) = ov.datasets[0].chapters
    assert [a.artikel for a in chapter.articles] == ["2", "9"]


def test_a_figure_across_years_is_one_row_with_its_hints_grouped() -> None:
    findings = [check(j, 10, hints=(shifted(j, 50 + j),)) for j in (2021, 2019, 2020)]
    other = check(2019, 4, instrument="Opdrachten")
    rows = figure_rows(report(*findings, other))
    assert [r.label for r in rows] == ["Opdrachten", "Subsidies"]  # source order: line 4, 10
    row = rows[1]
    assert row.years == (2019, 2020, 2021)
    assert row.cell(2020) is not None and row.cell(2018) is None
    assert row.place == "VII art. 7 · 1 › Subsidies · Uitgaven"
    assert row.fase == "OWB"
    (note,) = row.hints  # the same words in three years (other amounts) are one note
    assert note.name == "totals shifted by a row"
    assert note.years == (2021, 2019, 2020)


def test_a_likely_cause_is_said_once_on_its_own_figure() -> None:
    own = check(2020, 10)
    elsewhere = check(2020, 3, instrument="", rule="BT002")
    cause_hint = Hint("subtotal", f"{CSV}:10", own.where, 100, "The subtotal is off by 10.")
    cause = check(2020, 10, hints=(cause_hint,), consequences=(own, elsewhere), kind=LIKELY_CAUSE)
    rows = figure_rows(report(cause))
    assert len(rows) == 2  # the cause and its own failed check are one row
    by_rule = {r.rule: r for r in rows}
    assert by_rule["BT001"].likely_cause
    assert by_rule["BT001"].causes == ("The subtotal is off by 10.",)
    assert by_rule["BT001"].cells[0].likely_cause
    assert not by_rule["BT002"].likely_cause
    assert by_rule["BT002"].consequence_of == (0,)
    ov = overview(report(cause))
    assert ov.counts.error == 2 and ov.counts.likely_causes == 1


def test_a_likely_cause_of_a_figure_that_fails_no_check_is_its_own_row() -> None:
    elsewhere = check(2020, 3, instrument="", rule="BT002")
    cause = check(
        2020,
        10,
        hints=(Hint("omitted", f"{CSV}:10", {}, None, "Left out."),),
        consequences=(elsewhere,),
        kind=LIKELY_CAUSE,
    )
    rows = figure_rows(report(cause))
    assert sorted(r.rule for r in rows) == ["", "BT002"]
    (own,) = [r for r in rows if not r.rule]
    assert own.likely_cause and own.causes == ("Left out.",)


def test_info_findings_carry_their_reason_and_a_pm_is_not_zero() -> None:
    pm = check(
        2020,
        10,
        severity="info",
        expected=None,
        actual=None,
        message="Subsidies (uitgaven) 2020: not checkable, an unknown (pm) figure takes part",
    )
    (row,) = figure_rows(report(pm))
    assert row.cells[0].reason == "not checkable, an unknown (pm) figure takes part"
    assert reason(check(2020, 1, message="no colon here")) == "no colon here"


def test_rows_can_be_limited_to_refs_and_a_dataset() -> None:
    findings = [check(2020, n, instrument=f"i{n}") for n in range(1, 6)]
    rep = report(*findings)
    assert [r.line for r in figure_rows(rep, refs=[3, 1])] == [2, 4]
    assert figure_rows(rep, dataset="other") == []


def test_hint_names_are_words() -> None:
    assert hint_name("shifted_total") == "totals shifted by a row"
    assert hint_name("double_counted") == "a line counted twice"
    assert hint_name("a_new_kind") == "a new kind"


def test_two_figures_printed_with_one_name_are_two_rows() -> None:
    # A chapter with two TOTAAL rows (begrotingsstaten 2015 VI, lines 1786-1787): both fail
    # in the same years; one row must not show one line's figure with the other's bron.
    first = [check(j, 1786, actual=1_424_236, expected=2_181_589) for j in (2015, 2016)]
    second = [check(j, 1787, actual=757_353, expected=2_181_589) for j in (2015, 2016)]
    rows = figure_rows(report(*first, *second))
    assert len(rows) == 2
    for row, line, stated in zip(rows, (1786, 1787), (1_424_236, 757_353), strict=True):
        assert row.bron == f"{CSV}:{line}"
        assert [row.cell(j).actual for j in (2015, 2016)] == [stated, stated]


# -- the overview against the plain loop it replaced ----------------------------------------

from typing import Any  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sluitend.report.overview import Counts, _position  # noqa: E402


def _plain_overview(rep: Report) -> list[Any]:
    """The overview as the per-finding loop of before computed it (the oracle): per area
    its counts, largest difference and its finding, and its refs, areas in source order."""
    flat = rep.all_findings()
    tallies: dict[tuple[str, ...], dict[str, Any]] = {}

    def text(w: Any, k: str) -> str:
        return "" if w.get(k) is None else str(w.get(k))

    for ref, f in enumerate(flat):
        path, line = _position(f.bron)
        here = (path, line if line is not None else 1 << 62)
        chapter = (f.dataset, text(f.where, "hoofdstuk"), text(f.where, "begroting"))
        keys = [("d", f.dataset), ("c", *chapter)]
        if text(f.where, "artikel"):
            keys.append(("a", *chapter, text(f.where, "artikel")))
        for key in keys:
            t = tallies.setdefault(key, {"n": [0, 0, 0, 0], "big": None, "at": None, "refs": []})
            t["refs"].append(ref)
            t["first"] = min(t.get("first", here), here)
            if f.kind != "check":
                t["n"][3] += 1
                continue
            if f.severity in ("error", "warning", "info"):
                t["n"][("error", "warning", "info").index(f.severity)] += 1
            d = f.difference
            if d is not None and d == d and (t["big"] is None or abs(d) > abs(t["big"])):
                t["big"], t["at"] = d, ref
    out = []
    # Datasets in report order, then in order of first appearance.
    names = list(dict.fromkeys([d.name for d in rep.datasets] + [f.dataset for f in flat]))
    names = [n for n in names if ("d", n) in tallies]
    for kind in ("c", "a"):
        mine = [(k, t) for k, t in tallies.items() if k[0] == kind]
        mine = sorted(mine, key=lambda kt: kt[1]["first"])
        for k, t in sorted(mine, key=lambda kt: names.index(kt[0][1])):
            out.append((k[1:], Counts(*t["n"]), t["big"], t["at"], tuple(t["refs"])))
    for name in names:
        t = tallies[("d", name)]
        out.append(((name,), Counts(*t["n"]), t["big"]))
    return out


def _computed(rep: Report) -> list[Any]:
    ov = overview(rep)
    chapters = [c.chapter for d in ov.datasets for c in d.chapters]
    out: list[Any] = [
        ((a.dataset, a.hoofdstuk, a.begroting), a.counts, a.largest, a.largest_ref, a.refs)
        for a in chapters
    ]
    articles = [a for d in ov.datasets for c in d.chapters for a in c.articles]
    # Articles listed under their chapter; the oracle lists them all in source order.
    plain_order = {(a.dataset, a.hoofdstuk, a.begroting, a.artikel): a for a in articles}
    out += [
        (
            (a.dataset, a.hoofdstuk, a.begroting, a.artikel),
            a.counts,
            a.largest,
            a.largest_ref,
            a.refs,
        )
        for a in plain_order.values()
    ]
    out += [((d.dataset,), d.counts, d.largest) for d in ov.datasets]
    return out


LEVELS = st.sampled_from([None, "", "VII", "X", 7, "7"])
DIFFERENCES = st.sampled_from([None, 0, 5, -5, 7.5, float("nan"), 2**60, 2**60 + 1, -(2**60)])
BRONS = st.sampled_from(
    [
        "a.csv:3",
        "a.csv:12",
        "b.csv:1",
        "a.csv",
        "x.parquet#10",
        "x.parquet#9",
        "s.xlsx!B!C4",
        " a.csv:7 ",
        "a.csv:07",
        "",
    ]
)


@st.composite
def _finding(draw: st.DrawFn) -> Finding:
    where = {
        k: v
        for k in ("hoofdstuk", "begroting", "artikel")
        if (v := draw(LEVELS | st.just("absent"))) != "absent"
    }
    return Finding(
        rule="R",
        severity=draw(st.sampled_from(["error", "warning", "info"])),
        dataset=draw(st.sampled_from(["t", "u"])),
        where=where,
        expected=None,
        actual=None,
        difference=draw(DIFFERENCES),
        tolerance=0,
        message="m",
        bron=draw(BRONS),
        kind=draw(st.sampled_from(["check", "check", "likely cause"])),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_finding(), max_size=25))
def test_the_overview_counts_as_the_plain_loop_did(findings: list[Finding]) -> None:
    rep = report(*findings)
    got, want = _computed(rep), _plain_overview(rep)
    # Articles: the same set, each the same; their order within a chapter is checked apart.
    assert [g for g in got if len(g[0]) != 4] == [w for w in want if len(w[0]) != 4]
    assert sorted(map(repr, (g for g in got if len(g[0]) == 4))) == sorted(
        map(repr, (w for w in want if len(w[0]) == 4))
    )
    ov = overview(rep)
    wanted_order = [w[0] for w in want if len(w[0]) == 4]
    for d in ov.datasets:
        for c in d.chapters:
            keys = [(a.dataset, a.hoofdstuk, a.begroting, a.artikel) for a in c.articles]
            assert keys == [k for k in wanted_order if k[:3] == keys[0][:3]] if keys else True
