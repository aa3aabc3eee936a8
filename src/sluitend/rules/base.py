"""What every rule kind shares: the `Rule` base, `Tolerance`, and the `Where` expression type.

No pandas or pandera here: rules only declare. The engine decides how to run them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from sluitend.rules.where import Where


@dataclass(frozen=True)
class Tolerance:
    """How far a stated figure may be off before the check fails.

    `0` (the default) is exact. `absolute` is in the dataset's unit; `relative` is a share of
    the expected value; with both, the larger bound applies. `rounding` derives the bound
    from the number of figures summed, each rounded to whole units: (n + 1) / 2 for a total
    of n parts, 1 for an equality (see `engine/tolerance.py`). `sigma` (k, with rounding)
    adds the statistical bound k * sqrt(m / 12) for the m independently rounded figures: a
    difference within the worst case but beyond it is "unlikely to be rounding alone", a
    warning (`engine/tolerance.statistical_bound`); 0 (the default) leaves it out.
    """

    absolute: float = 0.0
    relative: float = 0.0
    rounding: bool = False
    sigma: float = 0.0

    @property
    def is_exact(self) -> bool:
        """True when no difference at all is allowed."""
        return not (self.absolute or self.relative or self.rounding)

    def to_toml(self) -> Any:
        """The value as a rule file writes it (the inverse of the loader's parsing)."""
        if self.rounding and not (self.absolute or self.relative or self.sigma):
            return "rounding"
        if self.is_exact:
            return 0
        out: dict[str, Any] = {}
        if self.absolute:
            out["absolute"] = self.absolute
        if self.relative:
            out["relative"] = self.relative
        if self.rounding:
            out["rounding"] = True
        if self.sigma:
            out["sigma"] = self.sigma
        return out


@dataclass(frozen=True)
class SizeThreshold:
    """Severity by size: a difference above `absolute` units, or above `share` of the
    article total, gets `severity` (the largest matching threshold wins)."""

    severity: str
    absolute: float | None = None
    share: float | None = None

    def to_toml(self) -> dict[str, Any]:
        """The value as a rule file writes it."""
        out: dict[str, Any] = {"severity": self.severity}
        if self.absolute is not None:
            out["absolute"] = self.absolute
        if self.share is not None:
            out["share"] = self.share
        return out


@dataclass(frozen=True)
class Rule:
    """The fields every rule kind has. Subclasses add their own and set `KIND`.

    A kind documents itself in its docstring (a summary, What it checks, Why) and in its
    data file `rules/kinds/<kind>.toml` (options, an example, a passing and a failing
    table); `rules/reference.py` puts the two together.

    Attributes:
        id: unique within a rule set, e.g. "BT001".
        dataset: the dataset kind the rule applies to ("begrotingstabel", ...).
        title: one line for the report's checklist.
        severity: "error", "warning" or "info" for a failing figure.
        where: only rows matching this expression are checked (as the stated side).
        description: longer text for `rules show` and SARIF help.
        severity_by_size: optional thresholds that raise or lower severity by the size of
            the difference.
    """

    KIND: ClassVar[str] = ""

    id: str
    dataset: str
    title: str = ""
    severity: str = "error"
    where: Where | None = None
    description: str = ""
    severity_by_size: tuple[SizeThreshold, ...] = ()

    @property
    def kind(self) -> str:
        """The rule kind's name, as written in `kind = "..."`."""
        return self.KIND
