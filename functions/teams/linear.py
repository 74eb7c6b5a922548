"""Can a set's total be computed from published totals? Exact linear algebra over the rationals.

A published figure (a count, or a sum of scores) over a set S of answers is the dot product of S's
indicator vector with the answers' values. A reader can compute the same figure for a target set T
exactly when T's indicator lies in the span of the published indicators. Vectors are compressed to
"atoms" (answers that belong to the same published and target sets), which keeps the matrices tiny.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction


def _atoms(sets: Sequence[frozenset[int]]) -> list[tuple[bool, ...]]:
    members = sorted(set().union(*sets)) if sets else []
    return sorted({tuple(m in s for s in sets) for m in members})


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for col in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(target: frozenset[int], published: Iterable[frozenset[int]]) -> bool:
    """True when the target set's figure follows from the published sets' figures by linear algebra."""
    published = [s for s in published if s]
    if not target:
        return True
    sets = [*published, target]
    atoms = _atoms(sets)
    matrix = [[Fraction(int(atom[i])) for atom in atoms] for i in range(len(published))]
    target_row = [Fraction(int(atom[-1])) for atom in atoms]
    return _rank([*matrix, target_row]) == _rank(matrix) if matrix else False
