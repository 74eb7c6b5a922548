"""Pure statistics over item scores (each 0..1): one function per figure, no I/O.

Conventions (those of Moodle's quiz statistics report): standard deviations and covariances use
the sample (n - 1) denominator; skewness and kurtosis are the k-statistic estimators (kurtosis in
excess of the normal's 3); a figure that is undefined for the data (too few attempts, no
variance) is None rather than a number that would mislead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Scores = Sequence[float]


def mean(values: Scores) -> float | None:
    """The arithmetic mean; None for no values."""
    return sum(values) / len(values) if values else None


def covariance(xs: Scores, ys: Scores) -> float | None:
    """Sample covariance of paired values; None below two pairs."""
    if len(xs) != len(ys):
        raise ValueError("covariance needs paired values")
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def variance(values: Scores) -> float | None:
    """Sample variance; None below two values."""
    return covariance(values, values)


def sd(values: Scores) -> float | None:
    """Sample standard deviation; None below two values."""
    var = variance(values)
    return None if var is None else math.sqrt(var)


def pearson(xs: Scores, ys: Scores) -> float | None:
    """Product-moment correlation; None when either side has no variance."""
    cov, vx, vy = covariance(xs, ys), variance(xs), variance(ys)
    if cov is None or not vx or not vy:
        return None
    return cov / math.sqrt(vx * vy)


def facility_index(item: Scores) -> float | None:
    """Mean score on the item as a share of its maximum (1): 0 = nobody scored, 1 = everybody did."""
    return mean(item)


def rest_scores(matrix: Sequence[Sequence[float]], column: int) -> list[float]:
    """Each attempt's total over every item except `column` (rows are attempts)."""
    return [sum(row) - row[column] for row in matrix]


def discrimination_index(matrix: Sequence[Sequence[float]], column: int) -> float | None:
    """Corrected item-total correlation: the item against the rest of the test."""
    return pearson([row[column] for row in matrix], rest_scores(matrix, column))


def discriminative_efficiency(matrix: Sequence[Sequence[float]], column: int) -> float | None:
    """Covariance of item and rest over the largest covariance their distributions allow (both sorted)."""
    item = [row[column] for row in matrix]
    rest = rest_scores(matrix, column)
    cov, best = covariance(item, rest), covariance(sorted(item), sorted(rest))
    if cov is None or not best:
        return None
    return cov / best


def cronbach_alpha(matrix: Sequence[Sequence[float]], columns: Sequence[int]) -> float | None:
    """Internal consistency of the items in `columns`: k/(k-1) * (1 - sum of item variances / total variance)."""
    k = len(columns)
    if k < 2 or len(matrix) < 2:
        return None
    item_variances = [variance([row[c] for row in matrix]) or 0.0 for c in columns]
    total_variance = variance([sum(row[c] for c in columns) for row in matrix])
    if not total_variance:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def standard_error_of_measurement(total_sd: float | None, alpha: float | None) -> float | None:
    """SD * sqrt(1 - alpha), on the scale of the total; None when alpha is undefined or negative."""
    if total_sd is None or alpha is None or alpha < 0:
        return None
    return total_sd * math.sqrt(1 - alpha)


def _central_moments(values: Scores) -> tuple[int, float, float, float]:
    n = len(values)
    m = sum(values) / n
    return (
        n,
        sum((v - m) ** 2 for v in values) / n,
        sum((v - m) ** 3 for v in values) / n,
        sum((v - m) ** 4 for v in values) / n,
    )


def skewness(values: Scores) -> float | None:
    """Sample skewness G1 = k3 / k2^1.5; None below three values or with no variance."""
    if len(values) < 3:
        return None
    n, m2, m3, _ = _central_moments(values)
    if m2 == 0:
        return None
    k2 = n * m2 / (n - 1)
    k3 = n * n * m3 / ((n - 1) * (n - 2))
    return k3 / (k2 * math.sqrt(k2))


def kurtosis(values: Scores) -> float | None:
    """Sample excess kurtosis G2 = k4 / k2^2; None below four values or with no variance."""
    if len(values) < 4:
        return None
    n, m2, _, m4 = _central_moments(values)
    if m2 == 0:
        return None
    k2 = n * m2 / (n - 1)
    k4 = n**2 * ((n + 1) * m4 - 3 * (n - 1) * m2**2) / ((n - 1) * (n - 2) * (n - 3))
    return k4 / k2**2


def option_frequencies(item_type: str, options: Sequence[str], answers: Sequence[object]) -> dict[str, object]:
    """How often each option was chosen, as shares of the answers given.

    single and pick: option -> share choosing it. ranking: option -> {place: share}. rating:
    option -> {rating: share}. Answers of the wrong shape are ignored (the API validated them).
    """
    n = len(answers)
    if n == 0:
        return {}
    if item_type in ("single", "pick"):
        chosen = [[a] if isinstance(a, str) else list(a) if isinstance(a, list) else [] for a in answers]
        return {o: sum(o in c for c in chosen) / n for o in options}
    if item_type == "ranking":
        orders = [a for a in answers if isinstance(a, list)]
        return {o: _distribution([order.index(o) + 1 for order in orders if o in order], n) for o in options}
    if item_type == "rating":
        ratings = [a for a in answers if isinstance(a, Mapping)]
        return {o: _distribution([r[o] for r in ratings if o in r], n) for o in options}
    raise ValueError(f"unknown item type {item_type!r}")


def _distribution(values: Sequence[object], n: int) -> dict[str, float]:
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return {key: counts[key] / n for key in sorted(counts, key=lambda k: (len(k), k))}
