"""The `forbidden` rule kind: listed combinations of codes may not carry an amount.

Its options, an example rule and a passing and a failing table: `kinds/forbidden.toml`.
"""

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
    """

    KIND = "forbidden"

    columns: tuple[str, ...]
    combinations: tuple[tuple[str, ...], ...]
    amount: str = "bedrag"
    message: str = ""
