"""How hints are ranked, de-duplicated and capped (`hints._rank`): exact repairs before
within-bound ones, then by the strength of the evidence; one hint per figure and value; the
cap keeps whole tiers of equal rank, never some of a tier."""

from __future__ import annotations

from sluitend.engine.hints import MAX_HINTS, Part, _rank, _Repair


def part(i: int) -> Part:
    return Part(100 + i, f"t.csv:{i}", {"regeling": f"r{i}"}, f"regeling {i}")


def repair(kind: str, i: int, residual: float = 0.0, suggested: int | None = None) -> _Repair:
    return _Repair(kind, part(i), 1000 + i if suggested is None else suggested, residual, kind)


def ranked(repairs: list[_Repair], cap: int | None = MAX_HINTS) -> list[tuple[str, str]]:
    return [(h.kind, h.bron) for h in _rank(repairs, cap)]


def test_exact_repairs_come_first_then_by_kind() -> None:
    repairs = [
        repair("transposition", 1),
        repair("waarvan", 2, residual=0.5),  # the strongest kind, but only within the bound
        repair("sign", 3),
        repair("omitted", 4),
    ]
    assert ranked(repairs, None) == [
        ("omitted", "t.csv:4"),
        ("sign", "t.csv:3"),
        ("transposition", "t.csv:1"),
        ("waarvan", "t.csv:2"),
    ]


def test_equal_rank_keeps_the_order_offered() -> None:
    repairs = [repair("unit", 5), repair("unit", 2), repair("unit", 9)]
    assert [b for _k, b in ranked(repairs, None)] == ["t.csv:5", "t.csv:2", "t.csv:9"]


def test_the_same_figure_and_value_is_one_hint_with_its_best_reason() -> None:
    repairs = [repair("transposition", 1, suggested=7), repair("sign", 1, suggested=7)]
    assert ranked(repairs) == [("sign", "t.csv:1")]
    # the same figure with another value is another hint
    repairs.append(repair("unit", 1, suggested=8))
    assert ranked(repairs) == [("sign", "t.csv:1"), ("unit", "t.csv:1")]


def test_the_cap_keeps_the_best_and_whole_tiers_only() -> None:
    four = [repair("waarvan", 1), repair("subtotal", 2), repair("sign", 3), repair("unit", 4)]
    assert ranked(four, 3) == [("waarvan", "t.csv:1"), ("subtotal", "t.csv:2"), ("sign", "t.csv:3")]
    assert len(ranked(four, None)) == 4
    assert len(ranked(four, 4)) == 4
    # Two equally likely sign slips straddle the cap: both go, not one of them.
    tie = [repair("waarvan", 1), repair("subtotal", 2), repair("sign", 3), repair("sign", 4)]
    assert ranked(tie, 3) == [("waarvan", "t.csv:1"), ("subtotal", "t.csv:2")]
    # A tier larger than the cap: nothing is shown rather than a guess.
    assert ranked([repair("sign", i) for i in range(5)], 3) == []
