"""The `share` rule kind: per group, how much of the amount sits in rows that should be rare."""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class ShareRule(Rule):
    """Per group of `by`, the `part` rows hold at most a given share (or amount) of the total.

    What it checks:
        The rows in scope (`where`) are grouped by `by`. In each group the absolute amounts
        of the `part` rows are summed. With `measure = "percentage"` that sum, as a
        percentage of the absolute amounts of the `base` rows, may be at most
        `max_percentage`; with `measure = "value"` the sum itself may be at most
        `max_value`. A group without any `base` rows (percentage) is "not checkable"
        (`missing_message`); a group without `part` rows passes (nothing is used). One
        finding per group, on its first part row.

    Why:
        Some categories may only be used in a few places: Iv3 allows only categories 6.1,
        7.2 and 7.5 on the financial balance codes (PF002), categorie 6.1 only there and on
        taakveld 0.5 (PF005), and the "onverdeeld" categories 4.3.9 and 4.4.9 not in the
        quarterly and annual figures (PF009).

    Options:
        part (where expression or selector table; required):
            The rows whose use is limited.
        base (where expression or selector table; default every row in scope):
            The rows the percentage is taken of.
        by (list of column names; default []):
            The columns that fix one group.
        amount (column name; default "bedrag"):
            The number column that is summed (in absolute values).
        measure ("percentage" or "value"; default "percentage"):
            Whether `max_percentage` or `max_value` applies.
        max_percentage (number; default 0):
            The largest allowed share of the part rows, in percent.
        max_value (number; default 0):
            The largest allowed sum of the part rows (measure "value").
        message (text with <fout>, <goed>, <extra>; default ""):
            The finding's message; <fout> is the share (or sum) found, <goed> the maximum.
        missing_message (text with <fout>, <extra>; default ""):
            The message of a group without base rows; <fout> names them, <extra> the rule id.
        right_name (text; default "base"):
            How the messages name the base rows.
        where (where expression or selector table; default every row):
            Which rows take part, and so which groups exist.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "PF009"
        kind = "share"
        dataset = "iv3"
        title = "Categorieën 4.3.9 en 4.4.9 niet in periode 1 t/m 5"
        part = "categorie in ['4.3.9', '4.4.9']"
        by = ["overheid", "boekjaar", "periode"]
        measure = "value"
        max_value = 0
        where = "periode in [1, 2, 3, 4, 5]"

    Passing table:
        overheid  periode  onderdeel  categorie  bedrag
        Hillegom  1        lasten     4.3.1         300
        Hillegom  1        lasten     4.3.9           0

    Failing table:
        overheid  periode  onderdeel  categorie  bedrag
        Hillegom  1        lasten     4.3.1         300
        Hillegom  1        lasten     4.3.9          25   <- onverdeeld in periode 1
    """

    KIND = "share"

    part: Where
    base: Where | None = None
    by: tuple[str, ...] = ()
    amount: str = "bedrag"
    measure: str = "percentage"
    max_percentage: float = 0.0
    max_value: float = 0.0
    message: str = ""
    missing_message: str = ""
    right_name: str = "base"
