"""The Score's pure scoring: each item type's partial credit, band edges, gaps, percentiles."""

from __future__ import annotations

import pytest

from functions.score.bank import Band, Item, Level
from functions.score.percentile import standing
from functions.score.profile import biggest_gaps, contrast, dimension_scores, familiarity_score, threshold_for
from functions.score.scoring import item_points, pick_points, ranking_points, rating_points, single_points

SINGLE = {"a": 0.25, "b": 1.0, "c": 0.0, "d": 1.0}


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [("b", 1.0), ("d", 1.0), ("a", 0.25), ("c", 0.0)],
    ids=["best", "tied best", "partial", "wrong"],
)
def test_single_best_answer_earns_the_points_of_the_chosen_option(chosen: str, expected: float) -> None:
    assert single_points(SINGLE, chosen) == expected


PLACES = {"a": 1, "b": 2, "c": 3, "d": 4}
TIED = {"a": 1, "b": 2, "c": 2, "d": 4}


@pytest.mark.parametrize(
    ("places", "order", "expected"),
    [
        (PLACES, ["a", "b", "c", "d"], 1.0),
        (PLACES, ["b", "a", "c", "d"], 0.75),  # two near misses: 0.5 + 0.5 + 1 + 1
        (PLACES, ["d", "b", "c", "a"], 0.5),  # ends swapped: 0 + 1 + 1 + 0
        (PLACES, ["d", "c", "b", "a"], 0.25),  # reversed: 0 + 0.5 + 0.5 + 0
        (PLACES, ["c", "d", "a", "b"], 0.0),  # every option two places out
        (TIED, ["a", "c", "b", "d"], 1.0),  # a tie covers places 2 and 3: either order is exact
        (TIED, ["a", "b", "c", "d"], 1.0),
        (TIED, ["b", "a", "c", "d"], 0.75),  # b is one place before its tie; a one after its place
        (TIED, ["a", "b", "d", "c"], 0.75),  # d one away; c at 4 is one past its tie's range
    ],
    ids=[
        "exact",
        "near misses",
        "ends swapped",
        "reversed",
        "all far",
        "tie either way",
        "tie as written",
        "near miss into a tie",
        "near miss past a tie",
    ],
)
def test_ranking_scores_each_option_by_its_distance_from_the_key(
    places: dict[str, int], order: list[str], expected: float
) -> None:
    assert ranking_points(places, order) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["a", "c"], 1.0),
        (["c", "a"], 1.0),
        (["a", "b"], 0.5),
        (["a"], 0.5),  # fewer than k: credit for what was found
        (["b", "d"], 0.0),
        (["a", "c", "b"], 0.0),  # over-picking scores 0 even with both right ones inside
        (["a", "b", "c", "d", "e"], 0.0),
    ],
    ids=["both", "both any order", "one of two", "one picked", "none", "over-picked", "all picked"],
)
def test_pick_best_k_gives_the_share_found_and_zero_for_over_picking(chosen: list[str], expected: float) -> None:
    assert pick_points(["a", "c"], 2, chosen) == expected


RATINGS = {"a": 4, "b": 1, "c": 3, "d": 2}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"a": 4, "b": 1, "c": 3, "d": 2}, 1.0),
        ({"a": 3, "b": 1, "c": 3, "d": 2}, 0.875),  # one near miss
        ({"a": 3, "b": 2, "c": 4, "d": 1}, 0.5),  # every rating one step out
        ({"a": 2, "b": 1, "c": 3, "d": 2}, 0.75),  # two steps out earns nothing
        ({"a": 1, "b": 4, "c": 1, "d": 4}, 0.0),
    ],
    ids=["exact", "one near miss", "all near", "one far", "all far"],
)
def test_rating_scores_each_rating_by_its_distance_from_the_key(given: dict[str, int], expected: float) -> None:
    assert rating_points(RATINGS, given) == pytest.approx(expected)


def _item(
    item_id: str, kind: str, key: dict[str, object], dimensions: dict[str, float], pick: int | None = None
) -> Item:
    return Item(
        id=item_id, type=kind, dimensions=dimensions, question="?", options=[], pick=pick, key=key, explanation="."
    )  # type: ignore[arg-type]


def test_item_points_dispatches_on_the_item_type() -> None:
    assert item_points(_item("s", "single", {"points": SINGLE}, {"x": 1}), "a") == 0.25
    assert item_points(_item("r", "ranking", {"places": PLACES}, {"x": 1}), ["a", "b", "c", "d"]) == 1.0
    assert item_points(_item("p", "pick", {"correct": ["a"]}, {"x": 1}, pick=1), ["a", "b"]) == 0.0
    assert item_points(_item("t", "rating", {"ratings": {"a": 2}}, {"x": 1}), {"a": 3}) == 0.5


def test_dimension_scores_weigh_items_by_their_dimension_weights() -> None:
    items = [
        _item("one", "single", {}, {"ownership": 1.0}),
        _item("two", "single", {}, {"ownership": 0.5, "briefing": 1.0}),
    ]
    scores = dimension_scores(items, {"one": 1.0, "two": 0.0}, ["ownership", "briefing", "guardrails"])
    assert scores == {"ownership": pytest.approx(100 / 1.5), "briefing": 0.0, "guardrails": 0.0}


BANDS = [
    Band(id="passenger", name="P", min=0, summary="", meaning="", next_steps=[]),
    Band(id="operator", name="O", min=40, summary="", meaning="", next_steps=[]),
    Band(id="orchestrator", name="R", min=62, summary="", meaning="", next_steps=[]),
    Band(id="agent-boss", name="B", min=82, summary="", meaning="", next_steps=[]),
]


@pytest.mark.parametrize(
    ("overall", "band"),
    [
        (0, "passenger"),
        (39, "passenger"),
        (40, "operator"),
        (61, "operator"),
        (62, "orchestrator"),
        (81, "orchestrator"),
        (82, "agent-boss"),
        (100, "agent-boss"),
    ],
)
def test_band_edges_belong_to_the_band_that_starts_there(overall: int, band: str) -> None:
    assert threshold_for(BANDS, overall) == band


def test_levels_use_the_same_edges_rule() -> None:
    levels = [Level(id="emerging", name="E", min=0), Level(id="strong", name="S", min=65)]
    assert [threshold_for(levels, s) for s in (64, 65)] == ["emerging", "strong"]


@pytest.mark.parametrize(
    ("scores", "gaps"),
    [
        ({"a": 90, "b": 20, "c": 50, "d": 30, "e": 70}, ["b", "d", "c"]),  # three below the ceiling: the lowest three
        ({"a": 90, "b": 20, "c": 80, "d": 95, "e": 85}, ["b", "c"]),  # one below: still name two
        (
            {"a": 90, "b": 95, "c": 100, "d": 90, "e": 92},
            ["a", "d"],
        ),  # none below: the two lowest, tie in content order
        ({"a": 40, "b": 40, "c": 40, "d": 40, "e": 90}, ["a", "b", "c"]),  # ties keep content order
        ({"a": 74.9, "b": 75, "c": 10, "d": 99, "e": 99}, ["c", "a"]),  # the ceiling itself is not a gap
    ],
    ids=["three gaps", "one below", "none below", "ties", "ceiling edge"],
)
def test_gaps_are_the_two_or_three_lowest_dimensions(scores: dict[str, float], gaps: list[str]) -> None:
    assert biggest_gaps(scores, ceiling=75) == gaps


@pytest.mark.parametrize(
    ("familiarity", "capability", "pattern"),
    [(90, 40, "familiarity_ahead"), (60, 45, "aligned"), (45, 60, "aligned"), (20, 80, "capability_ahead")],
)
def test_the_contrast_names_which_is_ahead_beyond_the_margin(familiarity: int, capability: int, pattern: str) -> None:
    assert contrast(familiarity, capability, margin=15) == pattern


def test_familiarity_is_the_mean_self_rating_scaled_to_100() -> None:
    assert familiarity_score([4, 4, 4, 4]) == 100
    assert familiarity_score([0, 1, 2, 3]) == 38
    assert familiarity_score([]) == 0


def test_no_percentile_is_shown_before_the_minimum_number_of_takers() -> None:
    others = {50: 48}
    assert standing(others, 60, min_takers=50) is None
    assert standing({50: 49}, 60, min_takers=50) is not None


@pytest.mark.parametrize(
    ("others", "score", "percentile", "top"),
    [
        ({10: 50, 90: 50}, 50, 50, 50),
        ({50: 100}, 50, 50, 50),  # everyone tied: ties count half
        ({10: 100}, 90, 99, 1),  # best of all: never "top 0%" nor "better than 100%"
        ({90: 100}, 10, 1, 99),  # lowest of all: never "top 100%"
        ({20: 25, 40: 25, 60: 25, 80: 25}, 60, 63, 37),
    ],
)
def test_percentile_is_the_share_below_with_half_the_ties_kept_within_1_and_99(
    others: dict[int, int], score: int, percentile: int, top: int
) -> None:
    result = standing(others, score, min_takers=50)
    assert result is not None
    assert (result.percentile, result.top_percent) == (percentile, top)
    assert result.takers == sum(others.values()) + 1
