"""Test-wide settings.

Hypothesis's per-example deadline (200 ms by default) turns a loaded CI machine into a failing
test: it measures the machine, not the code. Speed is measured by ``benchmarks/``, never by a
timed unit test, so the deadline is off for every property test. ``SLUITEND_HYPOTHESIS_PROFILE``
selects another registered profile (``ci`` is the default).

``mutation`` is the profile of the mutation run (``--hypothesis-profile=mutation`` in
pyproject's [tool.mutmut], CONTRIBUTING.md): a fixed seed and fewer examples per property, so
that each mutant is judged the same way and in reasonable time.

``SLUITEND_MUTATION_TESTS`` narrows a run to the test files that pin one module: a space
separated list of globs on the test's path (``tests/engine/test_sum*.py``); every other test is
deselected. mutmut runs each mutant against the tests that reached the mutated function, and
the broad selection makes that every integration test (a whole pack on a whole budget), about
half a minute per surviving mutant; the module's own tests take a second or two. A score
measured this way is a floor (CONTRIBUTING.md, "Mutation testing", says how far).
"""

from __future__ import annotations

import os
from fnmatch import fnmatch

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None)
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("SLUITEND_HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the tests whose file matches ``SLUITEND_MUTATION_TESTS`` (when it is set)."""
    globs = os.environ.get("SLUITEND_MUTATION_TESTS", "").split()
    if not globs:
        return
    keep = [item for item in items if any(fnmatch(item.nodeid.split("::")[0], g) for g in globs)]
    kept = {id(item) for item in keep}
    dropped = [item for item in items if id(item) not in kept]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
