"""The `unique` rule kind: no figure appears twice.

Its options, an example rule and a passing and a failing table: `kinds/unique.toml`.
"""

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
    """

    KIND = "unique"

    columns: tuple[str, ...] = ()
