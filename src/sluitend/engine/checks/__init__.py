"""One vectorized check function per rule kind: `run(rule, frame, cache) -> CheckOutcome`.

Each function looks at the whole frame at once (groupby/bincount/merge, never a Python
loop per row or group) and returns only the rows that yield a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from sluitend.engine.checks import (
    change,
    compare,
    equal,
    exists,
    forbidden,
    hierarchy,
    member,
    range_,
    reconcile,
    share,
    sum_,
    totals,
    unique,
)
from sluitend.engine.checks.outcome import CheckOutcome
from sluitend.rules.base import Rule

#: (rule, frame, cache) -> outcome; `cache` is shared by the rules of one validation.
CheckFunction = Callable[[Rule, pd.DataFrame, dict[Any, Any]], CheckOutcome]

#: Rule kind -> the function that runs it.
RUNNERS: dict[str, CheckFunction] = {
    "hierarchy": hierarchy.run,
    "sum": sum_.run,
    "equal": equal.run,
    "range": range_.run,
    "unique": unique.run,
    "reconcile": reconcile.run,
    "member": member.run,
    "forbidden": forbidden.run,
    "totals": totals.run,
    "share": share.run,
    "compare": compare.run,
    "change": change.run,
    "exists": exists.run,
}

__all__ = ["RUNNERS", "CheckFunction", "CheckOutcome"]
