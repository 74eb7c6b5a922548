"""Confidence intervals for team means: the t critical values and the clipped interval."""

from __future__ import annotations

import math

import mpmath
import pytest

from functions.teams.stats import mean_with_ci, t_critical


def exact_t_975(df: int) -> float:
    """Student's t 97.5th percentile, worked out independently from the regularised beta function."""

    def upper_tail(t: mpmath.mpf) -> mpmath.mpf:
        return mpmath.betainc(df / 2, 0.5, 0, df / (df + t * t), regularized=True) / 2

    return float(mpmath.findroot(lambda t: upper_tail(t) - 0.025, 2.0))


@pytest.mark.parametrize("df", [2, 3, 4, 5, 9, 19, 29, 30, 35, 45, 75, 100, 150, 500, 5000])
def test_t_critical_values_match_the_t_distribution_within_a_thousandth(df: int) -> None:
    assert t_critical(df) == pytest.approx(exact_t_975(df), abs=2e-3)


def test_a_t_interval_needs_two_values_and_degrees_of_freedom() -> None:
    with pytest.raises(ValueError, match="at least two"):
        mean_with_ci([50.0])
    with pytest.raises(ValueError, match="two observations"):
        t_critical(0)


def test_the_interval_for_five_scores_uses_t_with_four_degrees_of_freedom() -> None:
    values = [40.0, 50.0, 60.0, 70.0, 80.0]  # mean 60, sample sd sqrt(250)
    found = mean_with_ci(values)
    half = 2.776 * math.sqrt(250 / 5)
    assert (found.n, found.mean) == (5, 60.0)
    assert found.ci_low == round(60 - half, 1)
    assert found.ci_high == round(60 + half, 1)


def test_identical_scores_give_a_zero_width_interval() -> None:
    found = mean_with_ci([72.0] * 6)
    assert (found.mean, found.ci_low, found.ci_high) == (72.0, 72.0, 72.0)


def test_the_interval_is_clipped_to_the_scale() -> None:
    found = mean_with_ci([100.0, 100.0, 100.0, 20.0])
    assert found.ci_high == 100.0
    # mean 80, s.d. 40, s.e. 20, t(3) = 3.182: the low end is inside the scale and not clipped.
    assert found.ci_low == round(80 - 3.182 * 20, 1)
