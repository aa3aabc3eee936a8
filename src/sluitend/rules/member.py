"""The `member` rule kind: a code column holds only codes of a code list.

Its options, an example rule and a passing and a failing table: `kinds/member.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule


@dataclass(frozen=True, kw_only=True)
class MemberRule(Rule):
    """Every checked row's `code_column` holds one of the listed `codes`.

    What it checks:
        Each row in scope whose `code_column` value is not in `codes` fails. An empty list makes
        every row in scope fail (a rule that forbids a row type altogether, such as a
        structure fault). Amounts play no part.

    Why:
        Code lists are fixed per year: a taakveld, categorie or balanscode outside the list
        of the boekjaar is a typo or last year's code, and CBS refuses the delivery (Iv3
        DF001-DF007).
    """

    KIND = "member"

    code_column: str
    codes: tuple[str, ...]
    message: str = ""
