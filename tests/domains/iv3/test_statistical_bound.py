"""The statistical rounding bound: k * sqrt(n / 12), and how often honest rounding trips it."""

from __future__ import annotations

import numpy as np

from sluitend.engine.tolerance import DEFAULT_SIGMA, statistical_bound


def test_bound_values_and_never_beyond_the_worst_case() -> None:
    n = np.array([1, 2, 12, 142, 10_000])
    bound = statistical_bound(4, n)
    assert np.allclose(bound[2:], 4 * np.sqrt(n[2:] / 12))
    assert (bound <= n / 2).all()
    assert round(float(statistical_bound(4, 142)), 2) == 13.76


def test_honest_rounding_almost_never_trips_k_4() -> None:
    # 200.000 sums of 142 figures, each rounded honestly (error uniform on [-0.5, 0.5]).
    rng = np.random.default_rng(20241201)
    n, trials = 142, 200_000
    errors = np.zeros(trials)
    for _ in range(n):  # 142 vector steps, not a loop per trial
        errors += rng.uniform(-0.5, 0.5, trials)
    rate = np.mean(np.abs(errors) > statistical_bound(DEFAULT_SIGMA, n))
    # The normal tail beyond 4 sd is 6.3e-5; the sum of uniforms has lighter tails.
    assert rate < 2e-4
    # ... while k = 2 would warn on about 1 in 20 honest sums: too noisy.
    assert np.mean(np.abs(errors) > statistical_bound(2, n)) > 0.03
