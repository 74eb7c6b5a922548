"""Each statistic against values worked out by hand on tiny data sets (the working is in the comments)."""

from __future__ import annotations

import math

import pytest

from analytics.itemstats import stats

# Four attempts, three items. Totals 3, 2, 1, 0.
MATRIX_A = [
    [1.0, 1.0, 1.0],
    [1.0, 0.0, 1.0],
    [0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0],
]
# As A but the items no longer move together. Totals 3, 1, 1, 0.
MATRIX_B = [
    [1.0, 1.0, 1.0],
    [0.0, 1.0, 0.0],
    [1.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
]


def test_facility_index_is_the_mean_share_of_the_points() -> None:
    assert stats.facility_index([1, 1, 0, 0]) == 0.5
    assert stats.facility_index([0.25, 0.5, 1, 0.75]) == 0.625  # 2.5 / 4
    assert stats.facility_index([]) is None


def test_standard_deviation_uses_the_sample_denominator() -> None:
    # [1,1,0,0]: squared deviations 4 x 0.25 = 1, over n-1 = 3: variance 1/3.
    assert stats.sd([1, 1, 0, 0]) == pytest.approx(math.sqrt(1 / 3))
    # [2,4,4,4,5,5,7,9]: squared deviations sum to 32, over 7.
    assert stats.sd([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(math.sqrt(32 / 7))
    assert stats.sd([1]) is None


def test_discrimination_is_the_correlation_with_the_rest_of_the_test() -> None:
    # Item 0 of A: scores [1,1,0,0], rest [2,1,1,0]; cov = 1/3, var = 1/3 and 2/3: r = 1/sqrt(2).
    assert stats.discrimination_index(MATRIX_A, 0) == pytest.approx(1 / math.sqrt(2))
    # Item 1 of A: scores [1,0,1,0], rest [2,2,0,0]: the deviations cancel, r = 0.
    assert stats.discrimination_index(MATRIX_A, 1) == pytest.approx(0.0)
    # Item 0 of B: scores [1,0,1,0], rest [2,1,0,0] (mean 0.75): cov = 0.5/3, var(rest) = 2.75/3; r = 1/sqrt(11).
    assert stats.discrimination_index(MATRIX_B, 0) == pytest.approx(1 / math.sqrt(11))


def test_discrimination_excludes_the_item_from_the_total_it_is_compared_with() -> None:
    # Against the uncorrected total [3,1,1,0] (mean 1.25): cov = 1.5/3, var = 1/3 and 4.75/3, r = 1.5/sqrt(4.75).
    assert stats.pearson([1, 0, 1, 0], [3, 1, 1, 0]) == pytest.approx(1.5 / math.sqrt(4.75))
    assert stats.discrimination_index(MATRIX_B, 0) == pytest.approx(0.301511, abs=1e-6)


def test_discriminative_efficiency_divides_by_the_best_covariance_the_marginals_allow() -> None:
    # Item 0 of A: sorted pairs give the same covariance (1/3) as the real ones: efficiency 1.
    assert stats.discriminative_efficiency(MATRIX_A, 0) == pytest.approx(1.0)
    # Item 1 of A: covariance 0 over a best of 2/3: efficiency 0.
    assert stats.discriminative_efficiency(MATRIX_A, 1) == pytest.approx(0.0)
    # Item 0 of B: covariance 1/6; sorted [0,0,1,1] with [0,0,1,2] give 1.5/3 = 0.5: efficiency 1/3.
    assert stats.discriminative_efficiency(MATRIX_B, 0) == pytest.approx(1 / 3)


def test_item_figures_are_undefined_without_variance() -> None:
    flat = [[1.0, 0.0], [1.0, 1.0], [1.0, 0.0]]
    assert stats.discrimination_index(flat, 0) is None
    assert stats.discriminative_efficiency(flat, 0) is None


def test_cronbach_alpha_by_hand() -> None:
    # A: item variances 1/3 each (sum 1); totals [3,2,1,0] have variance 5/3; alpha = 3/2 * (1 - 3/5) = 0.6.
    assert stats.cronbach_alpha(MATRIX_A, [0, 1, 2]) == pytest.approx(0.6)
    # Items 0 and 2 of A are identical: parallel items have alpha 1.
    assert stats.cronbach_alpha(MATRIX_A, [0, 2]) == pytest.approx(1.0)
    # Items 0 and 1 of A are uncorrelated: total variance 2/3 = the sum of item variances, alpha 0.
    assert stats.cronbach_alpha(MATRIX_A, [0, 1]) == pytest.approx(0.0)
    assert stats.cronbach_alpha(MATRIX_A, [0]) is None


def test_standard_error_of_measurement_is_sd_times_root_one_minus_alpha() -> None:
    # A: SD of totals sqrt(5/3), alpha 0.6: SEM = sqrt(5/3 * 0.4) = sqrt(2/3).
    assert stats.standard_error_of_measurement(math.sqrt(5 / 3), 0.6) == pytest.approx(math.sqrt(2 / 3))
    assert stats.standard_error_of_measurement(1.0, -0.2) is None
    assert stats.standard_error_of_measurement(None, 0.5) is None


def test_skewness_is_the_sample_estimator_g1() -> None:
    # [0,0,0,1]: m2 = 0.1875, m3 = 0.09375; k2 = 4*m2/3 = 0.25, k3 = 16*m3/6 = 0.25; G1 = 0.25 / 0.25^1.5 = 2.
    assert stats.skewness([0, 0, 0, 1]) == pytest.approx(2.0)
    assert stats.skewness([3, 2, 1, 0]) == pytest.approx(0.0)
    assert stats.skewness([1, 0, 1, 0]) == pytest.approx(0.0)
    assert stats.skewness([1, 1]) is None


def test_kurtosis_is_the_sample_excess_estimator_g2() -> None:
    # [0,0,0,1]: m4 = 0.08203125; k4 = 16 * (5*m4 - 9*m2^2) / 6 = 0.25; G2 = 0.25 / 0.25^2 = 4.
    assert stats.kurtosis([0, 0, 0, 1]) == pytest.approx(4.0)
    # [0,1,2,3]: m2 = 1.25, m4 = 2.5625; k4 = 16 * (12.8125 - 14.0625) / 6 = -10/3; k2 = 5/3; G2 = -1.2.
    assert stats.kurtosis([3, 2, 1, 0]) == pytest.approx(-1.2)
    assert stats.kurtosis([1, 2, 3]) is None
    assert stats.kurtosis([2, 2, 2, 2]) is None


def test_option_frequencies_for_single_answer_and_pick_items() -> None:
    assert stats.option_frequencies("single", ["a", "b", "c"], ["a", "b", "a", "a"]) == {"a": 0.75, "b": 0.25, "c": 0}
    picks = [["a", "b"], ["b"], ["b", "c"], ["a", "b"]]
    assert stats.option_frequencies("pick", ["a", "b", "c"], picks) == {"a": 0.5, "b": 1.0, "c": 0.25}


def test_option_frequencies_for_ranking_and_rating_items_are_distributions() -> None:
    orders = [["a", "b"], ["a", "b"], ["b", "a"], ["a", "b"]]
    assert stats.option_frequencies("ranking", ["a", "b"], orders) == {
        "a": {"1": 0.75, "2": 0.25},
        "b": {"1": 0.25, "2": 0.75},
    }
    ratings = [{"a": 4, "b": 1}, {"a": 4, "b": 2}]
    assert stats.option_frequencies("rating", ["a", "b"], ratings) == {"a": {"4": 1.0}, "b": {"1": 0.5, "2": 0.5}}
    assert stats.option_frequencies("single", ["a"], []) == {}
