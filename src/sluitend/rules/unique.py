"""The `unique` rule kind: no figure appears twice."""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule


@dataclass(frozen=True, kw_only=True)
class UniqueRule(Rule):
    """No two rows have the same key.

    What it checks:
        Rows are compared on `columns`, by default the key of the dataset kind (for a
        begrotingstabel: begrotingsjaar, fase, hoofdstuk, artikel, onderdeel, instrument,
        regeling, omschrijving, waarvan, vuo, jaar). The first row with a key passes; every
        later row with the same key fails, pointing at its own source line.

    Why:
        A figure that appears twice, whether pasted twice or read from two sources, makes
        every sum over it ambiguous; it has to be removed before the sums mean anything.

    Options:
        columns (list of column names; default [] = the dataset kind's key):
            The columns that identify one figure.
        where (where expression or selector table; default every row):
            Which rows take part.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BT020"
        kind = "unique"
        dataset = "begrotingstabel"
        title = "No figure twice"

    Passing table:
        artikel  onderdeel  vuo  jaar  bedrag  bron
        7        7.1        U    2022      60  t.csv:3
        7        7.1        U    2023      61  t.csv:4

    Failing table:
        artikel  onderdeel  vuo  jaar  bedrag  bron
        7        7.1        U    2022      60  t.csv:3
        7        7.1        U    2022      60  t.csv:9   <- same figure as t.csv:3
    """

    KIND = "unique"

    columns: tuple[str, ...] = ()
