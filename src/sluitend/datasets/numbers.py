"""Reading amounts and percentages as budget documents print them, with an explicit style.

A cell is never guessed at: the caller says which style a column is written in, and a cell
that does not fit that style is an error with its place, not a best effort.

Styles of amounts (whole units, usually x € 1.000):

- ``"nl"``: Dutch. ``39.149`` is 39149 (``.`` groups thousands), ``1.234,0`` is 1234; a
  non-zero decimal part (``1.234,5``) is an error because whole units are expected, and so
  is a three-digit decimal part (``1,000``: English thousands?).
- ``"en"``: English. ``50,736`` is 50736 (``,`` groups thousands), ``120.00`` is 120; ``1,5``
  (a group of one digit), ``131.869`` and ``1.000`` (a fraction, or Dutch thousands?) are
  errors.
- ``"plain"``: machine numbers as spreadsheets export them: ``381576``, ``355572.7449``,
  ``-9.9E-9``. No grouping. A fraction is rounded half away from zero to whole units (the
  convention of budget documents and of spreadsheet ROUND), and the vectorized
  :func:`parse_amounts` reports every such cell in ``rounded`` so a reader can record it;
  the scalar :func:`parse_amount` refuses fractions unless ``allow_fraction=True``.

In every style a leading ``-``, ``–``, ``—`` or ``−`` is a minus sign; a dash on its own
(``-``, `` -   ``) and ``nihil`` are 0; ``pm`` / ``p.m.`` is an amount that is not known
yet (``None``, ``<NA>`` in a frame); surrounding white space (also non-breaking) is ignored.

Percentages (:func:`parse_percentage`): ``92%``, ``99.90%``, ``99,90%``, ``95,2%`` are
percentages; a bare number between 0 and 1 (``0.83``, ``1``) is a share and becomes 83.0 /
100.0; a bare number above 1 is an error (is ``92`` meant as 92% or as a share?);
``n.v.t.`` is ``None``; a lone dash and ``nihil`` are 0.0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sluitend import dutch
from sluitend.errors import InputError

STYLES: Final = ("nl", "en", "plain")

_DASHES: Final = "-\u2013\u2014\u2212"  # hyphen-minus, en dash, em dash, minus sign
_SIGN_RE: Final = rf"^[{_DASHES}]\s*"
#: The characters Python's `\s` matches (those for which `str.isspace()` holds), spelled
#: out so that the whole-column patterns below run in Arrow (RE2's `\s` is ASCII only, and
#: pandas falls back to Python's `re`, cell by cell, for any pattern with `\s`).
SPACES: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# `_SIGN_RE` for whole columns: the same matches, as a pattern Arrow runs itself.
_SIGN_START: Final = rf"^[{_DASHES}]"
_SIGN_COLUMN_RE: Final = rf"^[{_DASHES}][{SPACES}]*"
_UNKNOWN: Final = frozenset({"pm", "p.m.", "p.m", "p. m.", "p.m.:"})
_NIL_WORDS: Final = frozenset({"nihil"})
_NOT_APPLICABLE: Final = frozenset({"n.v.t.", "n.v.t", "nvt", "n.a.", "n/a"})

# Integer part and decimal part of a number in each style; group separators checked here so
# that `1.23` (nl) or `1,5` (en) does not match and is reported.
# ASCII digits only (`\d` takes Arabic-Indic and full-width digits too), and bounded in
# length (a 10.000-digit cell is refused here, not by Python's int-conversion limit).
_NUMBER_RE: Final = {
    "nl": r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3}){1,6}|[0-9]{1,18})(?:,(?P<frac>[0-9]{1,18}))?",
    "en": r"(?P<int>[0-9]{1,3}(?:,[0-9]{3}){1,6}|[0-9]{1,18})(?:\.(?P<frac>[0-9]{1,18}))?",
}
_GROUP_SEP: Final = {"nl": ".", "en": ","}
_EXPECTED: Final = {
    "nl": "a whole amount in Dutch style (39.149, -1.250, 0, pm, nihil, -)",
    "en": "a whole amount in English style (50,736, -1,250, 0, pm, -)",
    "plain": "a plain number (381576, -0.5, 1.2E-3, pm, -)",
}
_PLAIN_RE: Final = r"(?:[0-9]{1,30}\.?[0-9]{0,30}|\.[0-9]{1,30})(?:[eE][-+]?[0-9]{1,4})?"
_LIMIT: Final = 10**15  # no budget amount comes near; beyond it float64 is not exact


@dataclass(frozen=True)
class ParsedAmounts:
    """The result of :func:`parse_amounts`, all Series aligned to the input.

    Attributes:
        values: Int64; the amount, ``<NA>`` where blank, unknown (pm) or invalid.
        blank: the cell is empty: no figure at all (not the same as pm).
        unknown: the cell says pm: a figure that is not known yet.
        invalid: the cell could not be read in the style asked for.
        reason: why a cell is invalid ("" where it is not).
        rounded: a non-whole number was rounded to whole units (style "plain" only).
    """

    values: pd.Series
    blank: pd.Series
    unknown: pd.Series
    invalid: pd.Series
    reason: pd.Series
    rounded: pd.Series


def _clean(cells: pd.Series) -> pd.Series:
    text = cells.astype("string").fillna("")
    return text.str.strip()  # Python's strip: also the non-breaking spaces of spreadsheets


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown number style {style!r}; known: {', '.join(STYLES)}")


def parse_amounts(cells: pd.Series, *, style: str, shift: int = 0) -> ParsedAmounts:
    """Read a column of amount cells written in `style`, vectorized; never raises on data.

    See the module docstring for the styles. Invalid cells are reported in ``invalid`` and
    ``reason`` so the caller can raise an :class:`~sluitend.errors.InputError` naming the
    first one's line and column (or record them).

    `shift` (styles "nl" and "en"): the cells are printed in a unit 10**shift times the unit
    wanted, e.g. 3 for amounts in millions read as thousands: ``6.234,5`` becomes 6234500.
    A fraction with up to `shift` digits is then exact; a longer one is not a whole amount.
    """
    _check_style(style)
    if shift and style == "plain":
        raise ValueError("shift applies to styles 'nl' and 'en' only")
    # Every step reads one cell on its own, and a table repeats its cells (blanks, 0, pm,
    # the same amount in several years): read each distinct cell once and spread the
    # results back (a Ministry file's 52.160 amount cells hold 9.056 distinct ones).
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    if 2 * len(distinct) > len(cells):
        return _parse_cells(cells, style, shift)
    once = _parse_cells(pd.Series(distinct, dtype=cells.dtype, name=cells.name), style, shift)
    return ParsedAmounts(
        **{
            f.name: getattr(once, f.name).take(codes).set_axis(cells.index)
            for f in fields(ParsedAmounts)
        }
    )


def _parse_cells(cells: pd.Series, style: str, shift: int) -> ParsedAmounts:
    """`parse_amounts` cell by cell (whole-column operations over `cells`)."""
    text = _clean(cells)
    lower = text.str.lower()
    blank = text == ""
    unknown = lower.isin(_UNKNOWN)
    nil = lower.isin(_NIL_WORDS) | text.str.fullmatch(rf"[{_DASHES}]").fillna(False)
    negative = text.str.match(_SIGN_START).fillna(False) & ~nil
    body = text.str.replace(_SIGN_COLUMN_RE, "", regex=True)
    number = ~(blank | unknown | nil)

    if style == "plain":
        ok = body.str.fullmatch(_PLAIN_RE).fillna(False) & number
        floats = pd.to_numeric(body.where(ok, "0"), errors="coerce").to_numpy(dtype="float64")
        finite = np.isfinite(floats)  # `1e999` is syntactically a number, not an amount
        ok = ok & finite
        floats = np.where(finite, floats, 0.0)
        whole = np.floor(floats + 0.5)  # half away from zero: the sign is applied afterwards
        rounded = pd.Series(ok.to_numpy() & (whole != floats), index=cells.index)
        magnitude = pd.Series(whole, index=cells.index)
    else:
        # Whole-column regex operations only (no per-cell Python): validate, then split.
        dec = re.escape("," if style == "nl" else ".")
        ok = body.str.fullmatch(_NUMBER_RE[style]).fillna(False) & number
        frac = body.str.replace(rf"^[^{dec}]*{dec}?", "", regex=True).where(ok, "")
        int_part = body.str.replace(rf"{dec}\d*$", "", regex=True)
        # A non-zero fraction is not a whole amount; a fraction of exactly three digits
        # (`1.000` in English style) could be the other style's thousands: refuse both.
        if shift:
            fraction = ok & (frac.str.len() > shift)
        else:
            fraction = ok & (
                frac.str.contains(r"[1-9]", regex=True).fillna(False) | (frac.str.len() == 3)
            )
        ok = ok & ~fraction
        digits = int_part.where(ok, "0").str.replace(_GROUP_SEP[style], "", regex=False)
        if shift:
            digits = digits + frac.where(ok, "").str.pad(shift, side="right", fillchar="0")
        magnitude = _whole_numbers(digits)
        rounded = pd.Series(False, index=cells.index)

    # The rest on numpy arrays (pandas' masked operations cost more than these do).
    ok_at = ok.to_numpy(dtype=bool)
    nil_at = nil.to_numpy(dtype=bool)
    size = magnitude.to_numpy(dtype="float64")
    ok_at &= ~(np.abs(size) >= _LIMIT)  # 1E100 is a number, not an amount
    size = np.where(ok_at, size, 0.0)
    invalid = number.to_numpy(dtype=bool) & ~ok_at
    signed = np.where(negative.to_numpy(dtype=bool), -size, size)
    # A nil cell is 0 (its `signed` is 0: it is no number); blank, pm and invalid are <NA>.
    whole = np.round(np.where(ok_at, signed, 0.0)).astype("int64")
    values = pd.Series(pd.arrays.IntegerArray(whole, ~(ok_at | nil_at)), index=cells.index)
    reason = _reasons(text, invalid, style)
    return ParsedAmounts(
        values=values,
        blank=blank.astype(bool),
        unknown=unknown.astype(bool),
        invalid=pd.Series(invalid, index=cells.index),
        reason=reason,
        rounded=rounded.astype(bool),
    )


def _whole_numbers(digits: pd.Series) -> pd.Series:
    """Cells of ASCII digits as float64 (what `pd.to_numeric` reads them as): in Arrow as
    int64 where every cell has at most 18 digits (exact), else by `pd.to_numeric`."""
    if isinstance(digits.dtype, pd.StringDtype) and digits.dtype.storage == "pyarrow":
        chunked = pa.chunked_array(pa.array(digits.array))
        if len(digits) and pc.max(pc.utf8_length(chunked)).as_py() <= 18:
            whole = pc.cast(chunked, pa.int64()).to_numpy()
            return pd.Series(whole.astype("float64"), index=digits.index)
    return pd.to_numeric(digits).astype("float64")


def _reasons(text: pd.Series, invalid: np.ndarray, style: str) -> pd.Series:
    """A message per invalid cell; computed only for those cells (they are few)."""
    reason = np.full(len(text), "", dtype=object)
    at = np.flatnonzero(invalid)
    reason[at] = [_reason(t, style) for t in text.iloc[at]]
    return pd.Series(reason, index=text.index, dtype="string")


def _reason(text: str, style: str) -> str:
    """Why `text` (stripped) is not an amount in `style`, with a hint where one fits."""
    msg = f"expected {_EXPECTED[style]}, got {text!r}"
    body = re.sub(_SIGN_RE, "", text)
    if style != "plain":
        # Which hint fits: the other style's thousands, or a plain fraction.
        other = r"\d{1,3}(?:\.\d{3})+" if style == "en" else r"\d{1,3}(?:,\d{3})+"
        own, foreign = ("English", "Dutch") if style == "en" else ("Dutch", "English")
        if re.fullmatch(other, body):
            msg += f" (a fraction in {own} style, or {foreign} thousands?)"
        elif re.fullmatch(_NUMBER_RE[style], body):
            msg += " (not a whole amount)"
    if text.endswith("%"):
        msg += " (a percentage where an amount belongs)"
    digits = re.sub(r"[^0-9]", "", body.split("e")[0].split("E")[0])
    if len(digits) > 15 or re.search(r"[eE]\+?\d{2,}", body):
        msg += " (too large for an amount)"
    return msg


def _amount(text: str, style: str) -> tuple[str, int | None, bool]:
    """One cell, pure Python (the scalar path): (state, value, rounded).

    state is "blank", "unknown", "invalid" or "value"; it agrees with `parse_amounts`
    (a property test holds the two together).
    """
    text = text.strip()
    lower = text.lower()
    if not text:
        return "blank", None, False
    if lower in _UNKNOWN:
        return "unknown", None, False
    if lower in _NIL_WORDS or (len(text) == 1 and text in _DASHES):
        return "value", 0, False
    negative = re.match(_SIGN_RE, text) is not None
    body = re.sub(_SIGN_RE, "", text)
    sign = -1 if negative else 1
    if style == "plain":
        if not re.fullmatch(_PLAIN_RE, body):
            return "invalid", None, False
        number = float(body)
        if not math.isfinite(number):
            return "invalid", None, False
        whole = math.floor(number + 0.5)
        if whole >= _LIMIT:
            return "invalid", None, False
        return "value", sign * whole, whole != number
    m = re.fullmatch(_NUMBER_RE[style], body)
    frac = (m.group("frac") or "") if m else ""
    if m is None or re.search(r"[1-9]", frac) or len(frac) == 3:
        return "invalid", None, False
    value = int(m.group("int").replace(_GROUP_SEP[style], ""))
    if value >= _LIMIT:
        return "invalid", None, False
    return "value", sign * value, False


def parse_amount(
    text: str,
    *,
    style: str,
    where: str,
    line: int | None = None,
    cell: str | None = None,
    allow_fraction: bool = False,
) -> int | None:
    """Read one amount written in `style`; ``None`` means pm (not known yet).

    Args:
        text: the cell as printed.
        style: "nl", "en" or "plain" (see the module docstring).
        where: the file (or resource) the cell comes from, for the error message.
        line, cell: its line and column (or cell reference), for the error message.
        allow_fraction: in style "plain", round a fraction half away from zero instead of
            raising (the caller then owns recording that it did).

    Raises:
        InputError: an empty cell, a cell that does not fit the style, or (style "plain"
            without `allow_fraction`) a number that is not whole.
    """
    _check_style(style)
    state, value, rounded = _amount(text, style)
    if state == "blank":
        raise InputError(
            where, f"expected {_EXPECTED[style]}, got an empty cell", line=line, cell=cell
        )
    if state == "invalid":
        raise InputError(where, _reason(text.strip(), style), line=line, cell=cell)
    if rounded and not allow_fraction:
        raise InputError(
            where, f"expected a whole amount, got {text.strip()!r}", line=line, cell=cell
        )
    return value


@dataclass(frozen=True)
class ParsedPercentages:
    """The result of :func:`parse_percentages`, all Series aligned to the input.

    Attributes:
        values: float64 percentages (83.0 for ``0.83`` and ``83%``); NaN where not a value.
        blank: the cell is empty.
        not_applicable: the cell says n.v.t.
        invalid: the cell could not be read as a percentage or share.
        reason: why a cell is invalid ("" where it is not).
    """

    values: pd.Series
    blank: pd.Series
    not_applicable: pd.Series
    invalid: pd.Series
    reason: pd.Series


_PCT_EXPECTED: Final = "a percentage (92%, 99,90%, 95.2%), a share between 0 and 1 (0.83) or n.v.t."


def parse_percentages(cells: pd.Series) -> ParsedPercentages:
    """Read a column of percentage cells, vectorized; never raises on data.

    Percentages carry no thousands separators, so ``,`` and ``.`` are both read as the
    decimal separator (``99,90%`` = ``99.90%`` = 99.9).
    """
    # As `parse_amounts`: each distinct cell once (a column of mostly blanks).
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    if 2 * len(distinct) > len(cells):
        return _parse_percentage_cells(cells)
    once = _parse_percentage_cells(pd.Series(distinct, dtype=cells.dtype, name=cells.name))
    return ParsedPercentages(
        **{
            f.name: getattr(once, f.name).take(codes).set_axis(cells.index)
            for f in fields(ParsedPercentages)
        }
    )


def _parse_percentage_cells(cells: pd.Series) -> ParsedPercentages:
    """`parse_percentages` cell by cell (whole-column operations over `cells`)."""
    text = _clean(cells)
    lower = text.str.lower()
    blank = text == ""
    not_applicable = lower.isin(_NOT_APPLICABLE)
    nil = lower.isin(_NIL_WORDS) | text.str.fullmatch(rf"[{_DASHES}]").fillna(False)
    has_pct = text.str.endswith("%").fillna(False)
    body = text.str.removesuffix("%").str.strip()
    negative = body.str.match(_SIGN_START).fillna(False)
    body = body.str.replace(_SIGN_COLUMN_RE, "", regex=True)
    number = ~(blank | not_applicable | nil)
    ok = body.str.fullmatch(r"[0-9]{1,18}(?:[.,][0-9]{1,18})?").fillna(False) & number
    magnitude = pd.to_numeric(body.where(ok, "0").str.replace(",", ".", regex=False))
    magnitude = magnitude.astype("float64")
    value = magnitude.where(~negative, -magnitude)
    share = ok & ~has_pct
    bad_share = share & ((value < 0) | (value > 1))
    ok = ok & ~bad_share
    # A share times 100 carries binary noise (0.83 * 100 = 83.00000000000001): round it off.
    value = value.where(~share, (value * 100).round(9))
    value = value.where(ok, np.nan).where(~nil, 0.0)
    invalid = (number & ~ok).astype(bool)
    reason = pd.Series("", index=text.index, dtype="string")
    if invalid.any():
        msg = "expected " + _PCT_EXPECTED + ", got " + text[invalid].map(repr)
        hint = bad_share[invalid]
        reason[invalid] = msg.where(~hint, msg + " (a number without % must be a share 0-1)")
    return ParsedPercentages(
        values=value.astype("float64"),
        blank=blank.astype(bool),
        not_applicable=not_applicable.astype(bool),
        invalid=invalid,
        reason=reason,
    )


def parse_percentage(
    text: str, *, where: str, line: int | None = None, cell: str | None = None
) -> float | None:
    """Read one percentage or share; ``None`` means n.v.t. (not applicable).

    Raises:
        InputError: an empty cell or one that is neither a percentage nor a share 0-1.
    """
    parsed = parse_percentages(pd.Series([text], dtype="string"))
    if parsed.blank.iloc[0]:
        raise InputError(
            where, f"expected {_PCT_EXPECTED}, got an empty cell", line=line, cell=cell
        )
    if parsed.invalid.iloc[0]:
        raise InputError(where, str(parsed.reason.iloc[0]), line=line, cell=cell)
    if parsed.not_applicable.iloc[0]:
        return None
    return float(parsed.values.iloc[0])


def format_amount(value: int, *, style: str = "nl") -> str:
    """Write a whole amount in `style`: ``format_amount(-39149)`` is ``"-39.149"``."""
    _check_style(style)
    if style == "plain":
        return str(value)
    if style == "nl":
        return dutch.amount(value)  # the notation reports and messages print
    grouped = f"{abs(value):,}"
    return f"-{grouped}" if value < 0 else grouped


#: A block must hold at least this many non-zero figures before its rounding step is read
#: from them: 20 figures that are all multiples of 10 by chance happen once in 10**20.
MIN_FIGURES_FOR_STEP: Final = 20
#: The share of a block's non-zero figures that must be multiples of a step for the block
#: to count as printed in that step (the 2014 Rijk block prints four totals with two
#: decimals among 371 figures with one).
STEP_SHARE: Final = 0.9
#: The steps looked for, coarsest first (in the dataset's unit).
_STEPS: Final = (1_000_000, 100_000, 10_000, 1_000, 100, 10)


def rounding_steps(
    values: pd.Series, block: pd.Series, *, min_figures: int = MIN_FIGURES_FOR_STEP
) -> pd.Series:
    """The rounding step of each figure, read from the figures of its block.

    A block (a chapter of one budget, say) whose non-zero figures are (nearly, see
    `STEP_SHARE`) all multiples of a power of ten was printed rounded to that power: the
    Ministry's IXA of 2015 in whole millions inside a table "x € 1.000", a begrotingsstaat
    block in € million with one decimal (multiples of 100 thousand). A figure of such a
    block gets the block's step, or the coarsest finer step that it is a multiple of when
    it is printed more precisely (a total with two decimals in a block with one): its own
    rounding error is never overstated. Every other figure gets 1 (whole units). Blocks with
    fewer than `min_figures` non-zero figures are not judged (step 1): a few round numbers
    prove nothing.

    Vectorized: one bincount per candidate step, never a loop over blocks or rows.
    """
    known = (values.notna() & (values.fillna(0) != 0)).to_numpy(dtype=bool)
    amounts = values.where(values.notna(), 0).astype("int64").to_numpy()
    codes, _ = pd.factorize(block, use_na_sentinel=False)
    n_blocks = int(codes.max()) + 1 if len(codes) else 0
    counted = np.bincount(codes[known], minlength=n_blocks)
    block_step = np.ones(n_blocks, dtype=np.int64)
    decided = counted < min_figures
    for candidate in _STEPS:  # loop over six powers of ten, coarsest first
        fits = np.bincount(codes[known & (amounts % candidate == 0)], minlength=n_blocks)
        take = (fits >= STEP_SHARE * counted) & ~decided
        block_step[take] = candidate
        decided |= take
    row_block = block_step[codes]
    step = np.ones(len(amounts), dtype=np.int64)
    for candidate in reversed(_STEPS):  # finest first: a coarser fit overwrites it
        step = np.where((candidate <= row_block) & (amounts % candidate == 0), candidate, step)
    return pd.Series(step, index=values.index, dtype="int64")
