"""A synthetic export for trying the report: attempts drawn from a simple ability model over the built bank.

    python -m analytics.itemstats simulate --out analytics/example-attempts.jsonl [--attempts 240]

Not real data: every taker has an ability, every item a difficulty, and a taker's points on an
item rise with ability minus difficulty. Single-answer items get an answer consistent with their
points (so option frequencies have something to show); other types carry points only.
"""

from __future__ import annotations

import math
import random
from typing import Any

from analytics.itemstats.data import Attempt

STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _single_answer(key: dict[str, float], chance: float, rng: random.Random) -> str:
    best = max(key, key=lambda o: key[o])
    if rng.random() < chance:
        return best
    return rng.choice([o for o in key if o != best] or [best])


def simulate(section: dict[str, Any], attempts: int, seed: int = 7) -> list[Attempt]:
    """`attempts` first attempts of the bank in a Score bundle section, reproducible for one seed."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, reproducible on purpose)
    difficulty = {item["id"]: rng.uniform(-1.5, 1.5) for item in section["items"]}
    # One item in the example is deliberately broken (points fall with ability), so the flags show.
    broken = section["items"][-1]["id"] if section["items"] else None
    out = []
    for n in range(attempts):
        ability = rng.gauss(0, 1)
        points: dict[str, float] = {}
        answers: dict[str, Any] = {}
        for item in section["items"]:
            slope = -0.8 if item["id"] == broken else 1.4
            chance = 1 / (1 + math.exp(-(slope * ability - difficulty[item["id"]])))
            key = (item.get("key") or {}).get("points")
            if item["type"] == "single" and key:
                answers[item["id"]] = _single_answer(key, chance, rng)
                points[item["id"]] = float(key[answers[item["id"]]])
            else:
                noisy = min(1.0, max(0.0, chance + rng.gauss(0, 0.15)))
                points[item["id"]] = min(STEPS, key=lambda s: abs(s - noisy))
        out.append(Attempt(f"example-{n:04d}", str(section["version"]), points, answers))
    return out
