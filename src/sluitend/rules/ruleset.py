"""A named, ordered set of rules, as one rule file declares it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sluitend.rules.base import Rule


@dataclass(frozen=True)
class RuleSet:
    """The rules of one rule file, in file order.

    `source` (the file or pack the rules came from) is informational: two rule sets with
    the same rules are equal wherever they were read from.
    """

    name: str
    description: str = ""
    rules: tuple[Rule, ...] = ()
    source: str = field(default="", compare=False)
    #: What the loader noticed but did not refuse (e.g. `max = 1.000`, read as 1.0), one
    #: line each, with the file and line; the CLI prints them.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        counts = Counter(r.id for r in self.rules)  # linear: 100.000 rules lint in seconds
        duplicates = sorted(i for i, n in counts.items() if n > 1)
        if duplicates:
            raise ValueError(f"rule set {self.name!r}: duplicate rule ids {duplicates}")

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in file order."""
        return tuple(r.id for r in self.rules)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError naming the known ids otherwise."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"no rule {rule_id!r} in rule set {self.name!r}; ids: {', '.join(self.ids)}")

    def for_dataset(self, kind: str) -> tuple[Rule, ...]:
        """The single-table rules that apply to a dataset kind, in file order (rules over
        two datasets, such as `reconcile`, are in `cross_dataset`)."""
        return tuple(
            r for r in self.rules if r.dataset == kind and not getattr(r, "CROSS_DATASET", False)
        )

    def cross_dataset(self) -> tuple[Rule, ...]:
        """The rules that compare two datasets (run on every pair of datasets they name)."""
        return tuple(r for r in self.rules if getattr(r, "CROSS_DATASET", False))
