"""Points for one answered item, from 0 to 1: pure functions of the key and the answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from functions.score.bank import Item

# Credit by distance from the key (ranking places, rating steps): exact, one away, further.
DISTANCE_CREDIT = (1.0, 0.5)


def distance_credit(distance: int) -> float:
    """Full credit for an exact match, half for a near miss, none further away."""
    return DISTANCE_CREDIT[distance] if distance < len(DISTANCE_CREDIT) else 0.0


def single_points(points: Mapping[str, float], chosen: str) -> float:
    """Single best answer: the points the key gives the chosen option."""
    return float(points[chosen])


def ranking_points(places: Mapping[str, int], order: Sequence[str]) -> float:
    """Ranking: each option scored by its distance from its place in the key, averaged.

    Tied options share a place (1, 2, 2, 4), so a tie covers positions 2 and 3 and either is exact.
    """
    tie_sizes = Counter(places.values())
    total = 0.0
    for position, option in enumerate(order, start=1):
        first = places[option]
        last = first + tie_sizes[first] - 1
        distance = 0 if first <= position <= last else min(abs(position - first), abs(position - last))
        total += distance_credit(distance)
    return total / len(order)


def pick_points(correct: Sequence[str], pick: int, chosen: Sequence[str]) -> float:
    """Pick the best k: the share of the k found; choosing more than k scores 0."""
    if len(chosen) > pick:
        return 0.0
    return len(set(chosen) & set(correct)) / pick


def rating_points(ratings: Mapping[str, int], given: Mapping[str, int]) -> float:
    """Rate each option: each rating scored by its distance from the key's, averaged."""
    return sum(distance_credit(abs(given[option] - expected)) for option, expected in ratings.items()) / len(ratings)


def item_points(item: Item, answer: object) -> float:
    """Points for an answer already validated against the item's shape."""
    key = item.key
    if item.type == "single":
        assert isinstance(answer, str)
        return single_points(key["points"], answer)
    if item.type == "ranking":
        assert isinstance(answer, list)
        return ranking_points(key["places"], answer)
    if item.type == "pick":
        assert isinstance(answer, list)
        assert item.pick is not None
        return pick_points(key["correct"], item.pick, answer)
    assert isinstance(answer, dict)
    return rating_points(key["ratings"], answer)
