"""The `totals` rule kind: per group, the total of one set of rows equals that of another."""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class TotalsRule(Rule):
    """Per group of `by`, the sum of the `left` rows equals the sum of the `right` rows.

    What it checks:
        The rows in scope (`where`) are grouped by `by`. In each group the amounts of the
        rows matching `left` and those matching `right` are summed (breakdown rows,
        `waarvan`, never count) and compared. With `measure = "difference"` the difference
        is held to `tolerance`; with `measure = "percentage"` the difference as a
        percentage of the left total is held to `max_percentage` (a difference within the
        rounding bound never fails). A group in scope without any left or right rows is
        "not checkable" (`missing_message`), and so is a group whose figures are all zero:
        neither is ever passed. An unknown (missing) amount makes its group not checkable.
        One finding per group, on the group's first row.

    Why:
        Some totals must agree by definition without either being a stated figure: Iv3's
        totaal lasten taakvelden = totaal baten taakvelden (PF006), activa = passiva (PF007,
        PF008), and the movement identity primo + mutaties = ultimo (PF003, with primo and
        increases left, ultimo and decreases right).

    Options:
        left (where expression or selector table; required):
            The rows of the first total, e.g. {onderdeel = "lasten"}.
        right (where expression or selector table; required):
            The rows of the second total, e.g. {onderdeel = "baten"}.
        by (list of column names; default []):
            The columns that fix one group; [] makes the whole table one group.
        amount (column name; default "bedrag"):
            The number column that is summed.
        measure ("difference" or "percentage"; default "difference"):
            What is compared with the allowed bound.
        max_percentage (number; default 0):
            With measure "percentage": the largest allowed difference, in percent of the
            left total.
        tolerance (0, "rounding" or a table such as {rounding = true, sigma = 4}; default 0):
            How far the totals may differ; rounding allows n / 2 for n summed figures, and
            sigma adds the statistical bound (see the README's tolerance section).
        message (text with <fout>, <goed>, <extra>; default ""):
            The finding's message; <fout> is the difference (or percentage) found, <goed>
            the allowed bound, <extra> the two totals.
        missing_message (text with <fout>, <extra>; default ""):
            The message of a group that cannot be checked; <fout> names what is missing,
            <extra> the rule id.
        left_name (text; default "left"):
            How the messages name the left rows.
        right_name (text; default "right"):
            How the messages name the right rows.
        where (where expression or selector table; default every row):
            Which rows take part (both sides), and so which groups exist.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "PF006"
        kind = "totals"
        dataset = "iv3"
        title = "Totaal lasten taakvelden = totaal baten taakvelden"
        left = {onderdeel = "lasten"}
        right = {onderdeel = "baten"}
        by = ["overheid", "boekjaar", "periode"]
        tolerance = {rounding = true, sigma = 4}
        where = "periode in [0, 5]"

    Passing table:
        overheid  periode  onderdeel  taakveld  bedrag
        Hillegom  0        lasten     0.1        2.500
        Hillegom  0        baten      0.1          100
        Hillegom  0        baten      0.7        2.400

    Failing table:
        overheid  periode  onderdeel  taakveld  bedrag
        Hillegom  0        lasten     0.1        2.500   <- 2.500 against 2.300
        Hillegom  0        baten      0.1          100
        Hillegom  0        baten      0.7        2.200
    """

    KIND = "totals"

    left: Where
    right: Where
    by: tuple[str, ...] = ()
    amount: str = "bedrag"
    measure: str = "difference"
    max_percentage: float = 0.0
    tolerance: Tolerance = field(default_factory=Tolerance)
    message: str = ""
    missing_message: str = ""
    left_name: str = "left"
    right_name: str = "right"

    @property
    def relative(self) -> bool:
        """True when the difference is held as a percentage of the left total (`measure =
        "percentage"`), not as an amount."""
        return self.measure == "percentage"
