"""sluitend: proves that a budget table adds up, or shows where and why it does not.

The public Python API, stable under semantic versioning (README, "From Python"):

- `read(path)` -> a list of `Dataset`
- `validate(data, rules=...)` -> a `Report` (data: a path, a list of paths, a `Dataset` or
  a pandas DataFrame in the canonical columns)
- `load_rules(file | pack name | TOML text)` -> a `RuleSet`
- `Report`: `.ok`, `.findings`, `.counts`, `.to_pandas()`, `.to_dict()`, `.write(path)`
- `Finding`, `Dataset`, `RuleSet`, `Progress`; the errors `SluitendError`, `InputError`,
  `RuleFileError`

Every other name and module is internal. Importing the package is cheap: the names above
are loaded on first use (pandas and pandera only with `read`, `validate` and what needs
them), so the command line's `--help` starts without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sluitend.errors import InputError, RuleFileError, SluitendError

__version__ = "0.1.0"

# Register every domain's formats, dataset kinds and packs (pure Python, cheap): whichever
# module a caller imports first, the registry is complete.
from sluitend import domains as _domains  # noqa: F401

__all__ = [
    "Dataset",
    "Finding",
    "InputError",
    "Progress",
    "Report",
    "RuleFileError",
    "RuleSet",
    "SluitendError",
    "load_rules",
    "read",
    "validate",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "Dataset": "sluitend.datasets.frame",
    "Finding": "sluitend.engine.findings",
    "Progress": "sluitend.progress",
    "Report": "sluitend.api",
    "RuleSet": "sluitend.rules.ruleset",
    "load_rules": "sluitend.api",
    "read": "sluitend.api",
    "validate": "sluitend.api",
}

if TYPE_CHECKING:
    from sluitend.api import Report, load_rules, read, validate
    from sluitend.datasets.frame import Dataset
    from sluitend.engine.findings import Finding
    from sluitend.progress import Progress
    from sluitend.rules.ruleset import RuleSet


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sluitend' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access skips this function
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
