"""The `forbidden` rule kind: listed combinations of codes may not carry an amount."""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule


@dataclass(frozen=True, kw_only=True)
class ForbiddenRule(Rule):
    """No checked row with a non-zero amount has a listed combination of codes.

    What it checks:
        For each row in scope, the values of `columns` (in order) form a combination; a row
        whose combination is one of `combinations` and whose `amount` is not zero fails. A
        zero (or missing) amount in a forbidden cell passes: the cell is empty in effect.

    Why:
        Some combinations make no sense and may not be used: the Iv3 "grijze cellen" (no
        salarissen on taakveld 0.10 Mutaties reserves, no rente on a grond balanscode).

    Options:
        columns (list of column names; required):
            The code columns that form a combination, e.g. ["taakveld", "categorie"].
        combinations (list of lists of texts; required):
            The forbidden combinations, each as long as `columns`.
        amount (column name; default "bedrag"):
            The number column that must be zero in a forbidden cell.
        message (text with <fout>, <extra>, <onderdeel>; default ""):
            The finding's message; <fout> is the combination, <extra> the amount,
            <onderdeel> the row's onderdeel. Empty: a plain English message.
        where (where expression or selector table; default every row):
            Which rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "GC-lasten"
        kind = "forbidden"
        dataset = "iv3"
        title = "No amounts in the grijze cellen of the lasten"
        columns = ["taakveld", "categorie"]
        combinations = [["0.10", "1.1"], ["0.1", "3.1"]]
        where = {onderdeel = "lasten"}

    Passing table:
        overheid  onderdeel  taakveld  categorie  bedrag
        Hillegom  lasten     0.10      1.1            0
        Hillegom  lasten     0.1       1.1        1.250

    Failing table:
        overheid  onderdeel  taakveld  categorie  bedrag
        Hillegom  lasten     0.10      1.1           40   <- a grijze cel
    """

    KIND = "forbidden"

    columns: tuple[str, ...]
    combinations: tuple[tuple[str, ...], ...]
    amount: str = "bedrag"
    message: str = ""
