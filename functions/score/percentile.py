"""Where a score stands among everyone who took the same bank version, from the histogram alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Standing:
    """`percentile`: the share of other takers scored below (ties count half), kept within 1..99."""

    percentile: int
    top_percent: int
    takers: int


def standing(others: Mapping[int, int], score: int, min_takers: int) -> Standing | None:
    """Standing against the other takers' scores (score -> count); None until enough have taken it.

    `takers` counts this attempt too. Clamping to 1..99 means the result never reads "top 100%"
    or "better than 100%", which would be false as soon as one more person takes the quiz.
    """
    total_others = sum(others.values())
    takers = total_others + 1
    if takers < min_takers or total_others == 0:
        return None
    below = sum(count for value, count in others.items() if value < score)
    ties = others.get(score, 0)
    share = 100 * (below + ties / 2) / total_others
    percentile = min(99, max(1, int(share + 0.5)))  # half up, not to even
    return Standing(percentile=percentile, top_percent=100 - percentile, takers=takers)
