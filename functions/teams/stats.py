"""Means with 95% Student-t confidence intervals, for the small groups a team report has.

Why a t-interval: teams are small (often 5 to 30 answers) and the population standard deviation is
unknown, so the normal interval (mean +- 1.96 s/sqrt(n)) would be too narrow; the t-interval widens
it by the right amount for n (at n = 5 the multiplier is 2.776, not 1.96). Scores are bounded to
0..100, so the interval is clipped to that range rather than shown running off the scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Two-sided 95% critical values of Student's t by degrees of freedom (standard tables, 3 decimals).
T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip
Z_975 = 1.960


def t_critical(df: int) -> float:
    """The 97.5th percentile of t with `df` degrees of freedom (interpolated in 1/df between rows)."""
    if df < 1:
        raise ValueError("a t-interval needs at least two observations")
    if df in T_975:
        return T_975[df]
    rows = sorted(T_975)
    upper = next((d for d in rows if d > df), None)
    if upper is None:  # beyond 120: interpolate towards the normal limit (1/df -> 0)
        lower_df, lower_t, upper_inv, upper_t = 120, T_975[120], 0.0, Z_975
    else:
        lower_df = max(d for d in rows if d < df)
        lower_t, upper_inv, upper_t = T_975[lower_df], 1 / upper, T_975[upper]
    lower_inv = 1 / lower_df
    share = (lower_inv - 1 / df) / (lower_inv - upper_inv)
    return lower_t + share * (upper_t - lower_t)


@dataclass(frozen=True)
class MeanEstimate:
    """A group's mean with its 95% interval and the number of answers behind it."""

    n: int
    mean: float
    ci_low: float
    ci_high: float


def mean_with_ci(values: Sequence[float], *, low: float = 0.0, high: float = 100.0) -> MeanEstimate:
    """Sample mean and 95% t-interval (sample SD, n - 1), clipped to the scale [low, high]."""
    n = len(values)
    if n < 2:
        raise ValueError("a confidence interval needs at least two values")
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half_width = t_critical(n - 1) * math.sqrt(variance / n)
    return MeanEstimate(
        n=n,
        mean=round(mean, 1),
        ci_low=round(max(low, mean - half_width), 1),
        ci_high=round(min(high, mean + half_width), 1),
    )
