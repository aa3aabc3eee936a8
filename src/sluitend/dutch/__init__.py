"""Dutch notation: the one place that says how an amount, a percentage and a figure read.

Every format writes an amount the same way (a finding's message, the terminal, HTML, XLSX,
SARIF, JUnit, a reader's error), so there is exactly one implementation of each rule, here,
below every layer: readers (`datasets`), the engine (which words its findings' messages) and
the reporters all import it, and it imports nothing of sluitend but `vocabulary`
(import-linter holds it to that). The layout:

- `notation`: the constants (".", ",", "-", "pm") and the scalar `amount` / `percentage`;
  pure Python, re-exported here.
- `names`: the scalar figure names, `figure_name` (in a sentence) and `place` (a report's
  "where" column); pure Python, re-exported here.
- `columns`: the same amounts and figure names for many values at once, in Arrow, for the
  engine's messages (import it as `sluitend.dutch.columns`: it loads numpy and pyarrow).

A report's own conventions (a missing amount is an empty cell, a unit's label) are in
`sluitend.report.dutch`, built on these.
"""

from __future__ import annotations

from sluitend.dutch.names import figure_name, place
from sluitend.dutch.notation import amount, is_missing, percentage

__all__ = ["amount", "figure_name", "is_missing", "percentage", "place"]
