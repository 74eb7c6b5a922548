"""An attacker on team reports: it reads what is published and tries to compute hidden figures.

Written independently of `functions/teams/linear.py`: it works on full answer vectors, not atoms.
A published figure over a set S of answers (a count, or a sum of scores obtained as mean x n) is a
linear function of S's indicator vector, so the attacker tries (1) every difference and signed sum
of published sets (coefficients -1, 0, 1) and (2) exact span membership of each target set.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

MAX_EXHAUSTIVE_SETS = 8


@dataclass
class Published:
    """Sets of answer indices whose counts, and whose score sums, a reader can compute."""

    counts: list[frozenset[int]] = field(default_factory=list)
    sums: list[frozenset[int]] = field(default_factory=list)


@dataclass(frozen=True)
class Truth:
    """What the attacker is scored against: each team's answers and every answer's overall score."""

    team_members: dict[str, frozenset[int]]
    team_names: dict[str, str]
    overall: list[float]

    @property
    def everyone(self) -> frozenset[int]:
        return frozenset(range(len(self.overall)))

    def members_of(self, key: str) -> frozenset[int]:
        return self.everyone if key == "organisation" else self.team_members[key]

    def in_bar(self, low: float, high: float) -> frozenset[int]:
        return frozenset(i for i, s in enumerate(self.overall) if low <= s < high or (high == 100 and s >= 100))


def from_report(report: dict[str, Any], truth: Truth) -> Published:
    """Everything the report JSON (and so the page, which renders only it) lets a reader compute."""
    found = Published()
    for group in report["groups"]:
        members = truth.members_of(group["key"])
        if group["responses"] is not None or group["participation"] is not None:
            found.counts.append(members)
        if group["overall"] is not None or group["dimensions"] is not None:
            found.counts.append(members)
            found.sums.append(members)
    rows = report["heatmap"]["rows"]
    for index, column in enumerate(report["heatmap"]["columns"]):
        if any(row["cells"][index] is not None for row in rows):
            found.sums.append(truth.members_of(column["key"]))
    for bar in report["histogram"]:
        found.counts.append(truth.in_bar(bar["low"], bar["high"]))
    return found


def from_csv(text: str, truth: Truth) -> Published:
    """Everything the CSV export lets a reader compute (rows are matched to groups by name)."""
    by_name = {name: truth.team_members[key] for key, name in truth.team_names.items()}
    found = Published()
    rows = list(csv.reader(io.StringIO(text)))
    section = "groups"
    for row in rows[1:]:
        if not row:
            continue
        if row[0] == "overall score from":
            section = "histogram"
            continue
        if row[0].startswith("change since"):
            section = "changes"
            continue
        if section == "groups":
            members = truth.everyone if row[1] == "organisation" else by_name[row[0]]
            if any(row[4:6]):
                found.counts.append(members)
            if any(row[6:]):
                found.counts.append(members)
                found.sums.append(members)
        elif section == "histogram":
            found.counts.append(truth.in_bar(float(row[0]), float(row[1])))
    return found


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def in_span(target: frozenset[int], sets: list[frozenset[int]], size: int) -> bool:
    """Whether the target's indicator vector is a rational combination of the sets' indicators."""
    matrix = [[Fraction(int(i in s)) for i in range(size)] for s in sets if s]
    if not matrix:
        return False
    row = [Fraction(int(i in target)) for i in range(size)]
    return _rank([*matrix, row]) == _rank(matrix)


def signed_combinations(sets: list[frozenset[int]], size: int) -> list[frozenset[int]]:
    """Every set obtainable as a sum of published sets with coefficients -1, 0, 1 that is 0/1-valued."""
    unique = sorted(set(sets), key=sorted)
    if len(unique) > MAX_EXHAUSTIVE_SETS:  # too many for 3^m: fall back to every pairwise difference
        choices = [c for a, b in itertools.permutations(range(len(unique)), 2) for c in [{a: 1, b: -1}]]
        choices += [{a: 1} for a in range(len(unique))]
    else:
        choices = [
            {i: c for i, c in enumerate(coefs) if c} for coefs in itertools.product((-1, 0, 1), repeat=len(unique))
        ]
    obtained = set()
    for choice in choices:
        vector = [0] * size
        for index, coef in choice.items():
            for member in unique[index]:
                vector[member] += coef
        if vector and all(v in (0, 1) for v in vector):
            obtained.add(frozenset(i for i, v in enumerate(vector) if v))
    return sorted(obtained, key=sorted)


def hidden_unions(truth: Truth, hidden: list[str], k: int) -> list[frozenset[int]]:
    """Unions of hidden teams with 1..k-1 answers: figures for these must stay unknowable."""
    small = [truth.team_members[t] for t in hidden if 0 < len(truth.team_members[t]) < k]
    unions = set()
    for r in range(1, len(small) + 1):
        for combo in itertools.combinations(small, r):
            union = frozenset().union(*combo)
            if len(union) < k:
                unions.add(union)
    return sorted(unions, key=sorted)


def leaks(published: Published, truth: Truth, hidden: list[str], k: int) -> list[str]:
    """Every way the attacker found to compute a figure about fewer than k people."""
    size = len(truth.overall)
    targets = hidden_unions(truth, hidden, k)
    found = []
    for kind, sets in (("count", published.counts), ("sum", published.sums)):
        for obtained in signed_combinations(sets, size):
            if obtained in targets or (kind == "sum" and 0 < len(obtained) < k):
                found.append(f"{kind} of {sorted(obtained)} by differencing")
        for target in targets:
            if in_span(target, sets, size):
                found.append(f"{kind} of hidden {sorted(target)} by linear algebra")
    for person in range(size):  # no one's own score, alone
        if in_span(frozenset({person}), published.sums, size):
            found.append(f"score of answer {person}")
    return found
