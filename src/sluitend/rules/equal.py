"""The `equal` rule kind: a figure equals its partner figure in another set of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class EqualRule(Rule):
    """Each left row equals its right partner, matched on the `on` columns.

    What it checks:
        The rows matching `left` are paired with the rows matching `right` that have the
        same values in every `on` column; the `column` of the left row must equal that of
        its partner. Only left rows can fail. A left row without a partner, or a right row
        without a left one, is not checked. A missing value (`pm`) on either side is not
        checked.

    Why:
        Some figures must agree by definition: from the budget year on, verplichtingen are
        usually equal to uitgaven; a figure copied from one table to another must not change.

    Options:
        left (where expression or selector table; required):
            The rows that are checked, e.g. {vuo = "V"}.
        right (where expression or selector table; required):
            The rows they are compared with, e.g. {vuo = "U"}.
        on (list of column names; required):
            The columns that pair a left row with its right partner.
        column (column name; default "bedrag"):
            The number column that is compared.
        tolerance (0, "rounding" or a table such as {absolute = 2}; default 0):
            How far a left figure may differ from its partner.
        where (where expression or selector table; default every left row):
            Which left rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BT010"
        kind = "equal"
        dataset = "begrotingstabel"
        title = "Verplichtingen equal uitgaven from the budget year on"
        left = {vuo = "V"}
        right = {vuo = "U"}
        on = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "onderdeel", "instrument",
              "regeling", "omschrijving", "waarvan", "jaar"]
        where = "jaar >= begrotingsjaar"
        severity = "warning"

    Passing table:
        begrotingsjaar  artikel  vuo  jaar  bedrag
        2022            7        V    2020  39.149   (before 2022: not checked)
        2022            7        U    2020  36.415
        2022            7        V    2022  57.000
        2022            7        U    2022  57.000

    Failing table:
        begrotingsjaar  artikel  vuo  jaar  bedrag
        2022            7        V    2022  58.000   <- uitgaven 57.000
        2022            7        U    2022  57.000
    """

    KIND = "equal"

    left: Where
    right: Where
    on: tuple[str, ...]
    column: str = "bedrag"
    tolerance: Tolerance = field(default_factory=Tolerance)
