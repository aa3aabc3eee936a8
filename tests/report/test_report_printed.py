"""`report.printed`: the table as printed, with every finding on its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.api.test_validate import mistyped_table

import sluitend
from sluitend.engine.findings import Finding
from sluitend.report.common import REASON_WORDS
from sluitend.report.printed import (
    CHECKED,
    ERROR,
    PLAIN,
    SUSPECT,
    UNCHECKED,
    Layout,
    cell_state,
    layout,
)

MINFIN = Path(__file__).parents[1] / "data" / "minfin"


@pytest.fixture(scope="module")
def vii() -> Layout:
    return layout(sluitend.validate(sluitend.read(bundled="minfin-2017-vii")))


def _section(plan: Layout, **key: str):
    (found,) = [s for s in plan.sections if all(s.key.get(k) == v for k, v in key.items())]
    return found


def test_an_article_is_laid_out_as_printed(vii: Layout) -> None:
    art7 = _section(vii, hoofdstuk="VII", artikel="7")
    assert art7.title == "Arbeidszaken overheid"
    assert art7.columns == ("2015", "2016", "2017", "2018", "2019", "2020", "2021")
    labels = [(row.level, row.label) for row in art7.rows]
    assert labels[:3] == [(0, "Verplichtingen"), (0, "Uitgaven"), (2, "Subsidies")]
    assert labels[-1] == (0, "Ontvangsten")
    assert (3, "Diverse subsidies") in labels
    # every figure of the article is in a cell, in the order of the file
    cells = [c for row in art7.rows for c in row.cells if c is not None]
    lines = [int(c.bron.rsplit(":", 1)[1]) for c in cells]
    assert lines == sorted(lines)
    assert [c.text for c in art7.rows[0].cells][:2] == ["33.972", "33.349"]


def test_the_failing_total_carries_its_finding_and_hint(vii: Layout) -> None:
    art7 = _section(vii, hoofdstuk="VII", artikel="7")
    (row,) = [r for r in art7.rows if r.label == "Inkomensoverdracht"]
    cell = row.cells[0]
    assert cell is not None and cell.text == "22.022"
    assert cell_state(cell, vii.findings) == ERROR
    failed = [vii.findings[m.finding] for m in cell.marks if m.role == "failed"]
    assert [(f.rule, f.actual, f.expected) for f in failed] == [("BT001", 22022, 7920)]
    assert failed[0].hints[0].kind == "shifted_total"
    # a line of a sum that holds is checked (the report's coverage says so)
    (plain,) = [r for r in art7.rows if r.label == "Diverse subsidies"]
    assert all(cell_state(c, vii.findings) == CHECKED for c in plain.cells if c is not None)


def test_a_figure_no_sum_checked_says_why(vii: Layout) -> None:
    art1 = _section(vii, hoofdstuk="VII", artikel="1")
    verplichtingen = art1.rows[0]
    assert verplichtingen.label == "Verplichtingen"
    cell = verplichtingen.cells[0]
    assert cell is not None and cell_state(cell, vii.findings) == UNCHECKED
    assert cell.checked is False and cell.unchecked.startswith("in no sum")


def test_without_coverage_a_figure_is_plain_not_checked(tmp_path: Path) -> None:
    import dataclasses

    report = sluitend.validate(mistyped_table(tmp_path))
    bare = dataclasses.replace(
        report, datasets=tuple(dataclasses.replace(d, coverage=None) for d in report.datasets)
    )
    plan = layout(bare)
    states = {
        cell_state(c, plan.findings) for s in plan.sections for r in s.rows for c in r.cells if c
    }
    assert PLAIN in states and CHECKED not in states and UNCHECKED not in states


def test_every_finding_is_placed_once(vii: Layout) -> None:
    top = [i for i in range(len(vii.findings)) if i not in vii.parents]
    placed = [i for s in vii.sections for i in s.findings] + list(vii.unplaced)
    assert sorted(placed) == top


def test_a_hint_marks_the_figure_it_suspects(tmp_path: Path) -> None:
    plan = layout(sluitend.validate(mistyped_table(tmp_path)))
    suspects = [
        (row.label, cell)
        for s in plan.sections
        for row in s.rows
        for cell in row.cells
        if cell is not None and cell_state(cell, plan.findings) == SUSPECT
    ]
    assert [(label, cell.text) for label, cell in suspects] == [
        ("Informatiehuishouding", "194.000")
    ]
    (mark,) = suspects[0][1].marks
    assert plan.findings[mark.finding].hints[mark.hint].suggested == 149000


def test_a_begrotingsstaat_has_its_articles_as_rows_and_phases_as_columns() -> None:
    report = sluitend.validate(str(MINFIN / "staten_vii_2017.csv"))
    plan = layout(report)
    (chapter,) = [s for s in plan.sections if s.dataset.startswith("staten")]
    assert chapter.key["hoofdstuk"] == "VII"
    assert chapter.columns[0] == "OWB 2017"
    assert any(row.label.startswith("Openbaar bestuur en democratie · ") for row in chapter.rows)


def test_a_repeated_figure_gets_a_row_of_its_own(tmp_path: Path) -> None:
    source = (MINFIN / "owb2017_vii.csv").read_bytes()
    head, _, body = source.partition(b"\n")
    twice = tmp_path / "twice.csv"
    twice.write_bytes(head + b"\n" + body + body)  # every row printed twice, as 2016 does
    once = layout(sluitend.validate(str(MINFIN / "owb2017_vii.csv")))
    plan = layout(sluitend.validate(str(twice)))
    rows = {s.anchor: len(s.rows) for s in plan.sections if s.dataset == "twice"}
    single = {s.anchor: len(s.rows) for s in once.sections if s.dataset == "owb2017_vii"}
    assert sum(rows.values()) == 2 * sum(single.values())
    cells = sum(1 for s in plan.sections for row in s.rows for c in row.cells if c is not None)
    assert cells == 2 * sum(
        1 for s in once.sections for row in s.rows for c in row.cells if c is not None
    )


def test_over_the_limit_only_tables_with_findings(
    monkeypatch: pytest.MonkeyPatch, vii: Layout
) -> None:
    monkeypatch.setenv("SLUITEND_MAX_TABLE_FIGURES", "10")
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    small = layout(report)
    assert small.left_out and 0 < len(small.sections) < len(vii.sections)
    assert all(s.findings for s in small.sections)
    frame = report.frames[report.datasets[0].name]
    laid = sum(1 for s in small.sections for row in s.rows for c in row.cells if c is not None)
    assert laid + small.left_out[report.datasets[0].name] == len(frame)


def test_a_report_without_frames_places_nothing_and_says_so() -> None:
    from report_sample import sample_report

    plan = layout(sample_report())
    assert plan.sections == ()
    assert set(plan.without_frame) == {d.name for d in sample_report().datasets}
    assert len(plan.unplaced) == len(sample_report().findings)
    assert all(isinstance(f, Finding) for f in plan.findings)


def test_every_unchecked_figure_is_a_grey_cell_with_its_reason() -> None:
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    plan = layout(report)
    coverage = report.datasets[0].coverage
    shown = {
        (c.bron, c.unchecked)
        for s in plan.sections
        if s.dataset == report.datasets[0].name
        for row in s.rows
        for c in row.cells
        if c is not None and c.unchecked
    }
    # The records, built one by one, name the same figures with the same words.
    expected = {(u.bron, REASON_WORDS[u.reason]) for u in coverage.unchecked}
    assert len(coverage.unchecked) > 100 and shown == expected
    cells = [c for s in plan.sections for row in s.rows for c in row.cells if c is not None]
    checked = [c for c in cells if c.checked]
    every_checked = sum(d.coverage.checked for d in report.datasets if d.coverage)
    assert len(checked) == every_checked and all(not c.unchecked for c in checked)


def test_every_reason_code_has_the_words_a_report_prints() -> None:
    # The engine decides the codes, the report owns their words: one entry per code, so a
    # new code cannot reach a report without words (nor words outlive their code).
    from sluitend.engine.coverage import REASON_CODES

    assert list(REASON_WORDS) == list(REASON_CODES)
