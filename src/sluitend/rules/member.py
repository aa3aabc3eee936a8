"""The `member` rule kind: a code column holds only codes of a code list."""

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

    Options:
        code_column (column name; required):
            The text column whose values are checked, e.g. "taakveld".
        codes (list of texts; required):
            The allowed values.
        message (text with <fout>, <goed>, <extra>, <onderdeel>; default ""):
            The finding's message; <fout> is the value found, <goed> a few allowed values,
            <extra> where the figure sits, <onderdeel> the row's onderdeel. Empty: a plain
            English message.
        where (where expression or selector table; default every row):
            Which rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "DF001"
        kind = "member"
        dataset = "iv3"
        title = "Taakveld codes of the boekjaar"
        code_column = "taakveld"
        codes = ["0.1", "0.2", "8.3"]
        where = "onderdeel in ['lasten', 'baten']"

    Passing table:
        overheid   onderdeel  taakveld  bedrag
        Hillegom   lasten     0.1       2.500
        Hillegom   baten      8.3         120

    Failing table:
        overheid   onderdeel  taakveld  bedrag
        Hillegom   lasten     0.1       2.500
        Hillegom   baten      8.4         120   <- 8.4 is not a taakveld
    """

    KIND = "member"

    code_column: str
    codes: tuple[str, ...]
    message: str = ""
