"""`where` inside a validation: the truth of each part remembered for the frame, and the
columns without missing values taking the short way through and/or/not.

Inside `keys.shared_keys` (as the runner validates) the evaluator keeps the truth of every
node of an expression for the frame, keyed by the node's repr, so the pack's rules, which
test `onderdeel == ''` and the other levels in five expressions, compare each once. These
tests pin what must not change with that: the same rows as outside a validation, with
missing values (Kleene's logic) and without, an answer the caller may change without
changing the next one, and a literal's type still checked against its column.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from sluitend.engine.checks.keys import keys_for, shared_for, shared_keys
from sluitend.engine.selection import WhereEvaluationError, _Truth, evaluate_array
from sluitend.rules.where import parse_where

#: Expressions over both frames below; several share parts, as the pack's rules do.
EXPRESSIONS = [
    "onderdeel == '' and vuo == 'U'",
    "not (onderdeel == '' and vuo == 'U')",
    "onderdeel == '' and vuo == 'U' and bedrag > 50",
    "bedrag > 50 or vuo == 'V'",
    "not (bedrag > 50 or vuo == 'V') and onderdeel == ''",
    "vuo in ['U'] or onderdeel != '7.1'",
    "not (vuo not in ['V'] and bedrag < 50)",
]


def _frame(with_missing: bool) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            # row:         0    1      2      3     4     5
            "onderdeel": ["", "7.1", "7.2", "", "7.1", ""],
            "vuo": ["U", "U", "V", "U", "V", "V"],
            "bedrag": [100, 20, 70, 60, 10, 55],
        }
    ).astype({"onderdeel": "string", "vuo": "string", "bedrag": "Int64"})
    if with_missing:
        frame.loc[[1, 2], "bedrag"] = pd.NA
        frame.loc[3, "onderdeel"] = pd.NA
    return frame


@pytest.mark.parametrize("with_missing", [False, True])
def test_remembered_parts_give_the_rows_of_a_fresh_evaluation(with_missing: bool) -> None:
    frame = _frame(with_missing)
    alone = {w: evaluate_array(parse_where(w), frame).tolist() for w in EXPRESSIONS}
    with shared_keys():
        keys = keys_for(frame, None)
        keys.codes("onderdeel")  # the level's runs exist, as after the hierarchy check
        shared = {w: evaluate_array(parse_where(w), frame).tolist() for w in EXPRESSIONS}
        # Every part was remembered once, the shared ones (onderdeel == '') too.
        memo = keys.kept("where")
        node = parse_where("onderdeel == ''").node
        assert repr(node) in memo
        assert len(memo) == len({repr(n) for w in EXPRESSIONS for n in _nodes(parse_where(w).node)})
    assert shared == alone
    assert shared_for(frame) is None  # dropped with the validation


def test_a_remembered_part_is_the_part_itself() -> None:
    frame = _frame(with_missing=True)
    with shared_keys():
        keys = keys_for(frame, None)
        evaluate_array(parse_where("onderdeel == '' and vuo == 'U'"), frame)
        part = keys.kept("where")[repr(parse_where("vuo == 'U'").node)]
        assert part.true.tolist() == [True, True, False, True, False, False]
        # onderdeel is missing on row 3: its comparison is unknown there.
        empty = keys.kept("where")[repr(parse_where("onderdeel == ''").node)]
        assert empty.true.tolist() == [True, False, False, False, False, True]
        assert empty.known is not None
        assert empty.known.tolist() == [True, True, True, False, True, True]


def test_the_answer_is_the_callers_own() -> None:
    frame = _frame(with_missing=False)
    where = parse_where("onderdeel == '' and vuo == 'U'")
    with shared_keys():
        keys_for(frame, None)
        first = evaluate_array(where, frame)
        first[:] = False  # a caller narrowing its own copy in place
        again = evaluate_array(where, frame)
    assert again.tolist() == [True, False, False, True, False, False]


def test_a_literal_of_the_wrong_type_is_refused_after_one_that_was_right() -> None:
    frame = _frame(with_missing=False).assign(waarvan=[True, False, False, True, False, True])
    with shared_keys():
        keys_for(frame, None)
        assert evaluate_array(parse_where("waarvan == true"), frame).tolist() == [
            True, False, False, True, False, True
        ]  # fmt: skip
        # `1 == True` in Python; the remembered `waarvan == true` must not answer for it.
        with pytest.raises(WhereEvaluationError, match="true/false"):
            evaluate_array(parse_where("waarvan == 1"), frame)


def _nodes(node: object) -> list[object]:
    """`node` and every node below it."""
    below = getattr(node, "items", None) or ([node.item] if hasattr(node, "item") else [])
    return [node, *itertools.chain.from_iterable(_nodes(n) for n in below)]


def _truths(rows: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every (true, known) pair on `rows` rows."""
    cells = list(itertools.product([False, True], repeat=2))
    out = []
    for combo in itertools.product(cells, repeat=rows):
        out.append((np.array([t for t, _ in combo]), np.array([k for _, k in combo])))
    return out


def test_all_known_is_the_same_as_known_everywhere() -> None:
    """A truth whose `known` is None behaves as one known on every row, alone and combined
    with one that has unknown rows, under and, or and not."""
    ones = np.ones(2, dtype=bool)
    for (t1, k1), (t2, k2) in itertools.product(_truths(2), repeat=2):
        for a_known, b_known in [(None, k2), (k1, None), (None, None)]:
            a = _Truth(t1, a_known)
            b = _Truth(t2, b_known)
            a_full = _Truth(t1, ones if a_known is None else a_known)
            b_full = _Truth(t2, ones if b_known is None else b_known)
            for got, want in [
                (a & b, a_full & b_full),
                (a | b, a_full | b_full),
                (~a, ~a_full),
                (~(a & b), ~(a_full & b_full)),
            ]:
                assert got.true.tolist() == want.true.tolist()
                assert got.known_rows().tolist() == want.known_rows().tolist()
