"""Dutch notation for many values at once, in Arrow: amounts and figure names.

A half-wrong national budget has tens of thousands of findings; formatting their amounts
and names one Python call at a time was a third of the cost of building them. These
functions do the same work column-wise with pyarrow.compute, with the constants of
`notation` and the rules of `names`, and give exactly the strings `notation.amount` and
`names.figure_name` give for one value: what they do not vectorize (fractions, amounts of
a quadrillion and more, missing values) they hand to `notation.amount`, once per distinct
value, and the tests compare both paths on arbitrary values and names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sluitend.dutch import notation
from sluitend.vocabulary import CODE_NAMES, FIGURE_LEVELS

#: Whole amounts below this are grouped in Arrow; anything larger (or fractional, or
#: missing) goes through `notation.amount`, once per distinct value.
_WHOLE_LIMIT = 10**15


def amounts(values: Any) -> pa.Array:
    """`notation.amount` of every value: "39.149", "-2.734", "1,50", "pm" for NaN."""
    v = np.asarray(values, dtype=np.float64)
    whole = np.isfinite(v) & (np.floor(v) == v) & (np.abs(v) < _WHOLE_LIMIT)
    text = _grouped(np.where(whole, v, 0.0).astype(np.int64))
    if whole.all():
        return text
    others = ~whole
    distinct, inverse = np.unique(v[others], return_inverse=True)
    formatted = pa.array([notation.amount(float(x)) for x in distinct], type=pa.string())
    return pc.replace_with_mask(text, pa.array(others), formatted.take(pa.array(inverse)))


def _grouped(ints: np.ndarray) -> pa.Array:
    """Whole numbers with `notation.GROUP` between groups of three digits."""
    magnitude = np.abs(ints)
    top = np.zeros(len(ints), dtype=np.int64)  # index of the leading group
    k = 1
    while k < 6 and (magnitude >= 1000**k).any():
        top[magnitude >= 1000**k] = k
        k += 1
    pieces = []
    for group in range(k - 1, -1, -1):
        digits = pa.array((magnitude // 1000**group) % 1000).cast(pa.string())
        padded = pc.utf8_lpad(digits, width=3, padding="0")
        piece = pc.if_else(
            pa.array(top > group), padded, pc.if_else(pa.array(top == group), digits, None)
        )
        pieces.append(piece)
    text = pc.binary_join_element_wise(*pieces, notation.GROUP, null_handling="skip")
    negative = pc.binary_join_element_wise(notation.MINUS, text, "")
    return pc.if_else(pa.array(ints < 0), negative, text)


#: The columns a figure's name is made of: its label, the levels, its vuo and year. The
#: domains have registered the levels by now: importing any `sluitend` module runs the
#: package's `__init__`, which registers them first.
FIGURE_COLUMNS = ("label", *FIGURE_LEVELS, "vuo", "jaar")


def figure_names(values: Mapping[str, pa.Array]) -> pa.Array:
    """`names.figure_name` of every figure, from its `FIGURE_COLUMNS` as Arrow strings (a
    level is "" where not set; vuo is the code)."""
    missing = [c for c in FIGURE_COLUMNS if c not in values]
    if missing:
        raise ValueError(f"figure_names needs the columns {missing}")
    labels = values["label"]
    deepest = pa.array([""] * len(labels), type=pa.string())
    for level in FIGURE_LEVELS:  # top-down: a deeper level that is set wins
        value = values[level]
        deepest = pc.if_else(pc.not_equal(value, ""), value, deepest)
    name = pc.if_else(pc.not_equal(labels, ""), labels, deepest)
    vuo = _vuo_names(values["vuo"])
    return pc.binary_join_element_wise(_with_vuo(name, vuo), " ", values["jaar"], "")


def _vuo_names(codes: pa.Array) -> pa.Array:
    """The vuo name of every code; "" for a code `CODE_NAMES` does not know."""
    out = pa.array([""] * len(codes), type=pa.string())
    for code, vuo_name in CODE_NAMES.items():
        out = pc.if_else(pc.equal(codes, code), vuo_name, out)
    return pc.fill_null(out, "")


def _with_vuo(name: pa.Array, vuo: pa.Array) -> pa.Array:
    """`names.with_vuo`, column-wise."""
    both = pc.binary_join_element_wise(name, " (", pc.utf8_lower(vuo), ")", "")
    differs = pc.and_(pc.not_equal(vuo, ""), pc.not_equal(name, vuo))
    return pc.if_else(pc.equal(name, ""), vuo, pc.if_else(differs, both, name))


__all__ = ["FIGURE_COLUMNS", "amounts", "figure_names"]
