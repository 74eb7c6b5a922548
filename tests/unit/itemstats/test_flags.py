"""Moodle's rules for items that need a second look, at their edges."""

from __future__ import annotations

import pytest

from analytics.itemstats.flags import item_flags, needs_checking


def _codes(facility: float | None, discrimination: float | None, efficiency: float | None) -> list[str]:
    return [flag.code for flag in item_flags(facility, discrimination, efficiency)]


@pytest.mark.parametrize(
    ("facility", "expected"),
    [(0.29, ["too_hard"]), (0.30, []), (0.55, []), (0.80, []), (0.81, ["too_easy"]), (None, [])],
)
def test_facility_outside_30_to_80_percent_is_flagged(facility: float | None, expected: list[str]) -> None:
    assert _codes(facility, 0.6, 0.6) == expected


@pytest.mark.parametrize(("efficiency", "flagged"), [(0.149, True), (0.15, False), (None, False)])
def test_discriminative_efficiency_below_15_percent_is_flagged(efficiency: float | None, flagged: bool) -> None:
    assert ("low_efficiency" in _codes(0.5, 0.6, efficiency)) is flagged


def test_negative_discrimination_comes_first_and_says_to_check_the_key() -> None:
    flags = item_flags(0.5, -0.1, 0.2)
    assert flags[0].code == "negative_discrimination"
    assert "key" in flags[0].message


@pytest.mark.parametrize(
    ("discrimination", "verdict"),
    [
        (-0.2, "very likely"),
        (0.299, "very likely"),
        (0.30, "likely"),
        (0.499, "likely"),
        (0.50, "unlikely"),
        (None, None),
    ],
)
def test_needs_checking_follows_moodles_30_and_50_percent_thresholds(
    discrimination: float | None, verdict: str
) -> None:
    assert needs_checking(discrimination) == verdict
