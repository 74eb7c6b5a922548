"""The anonymity rules: which groups may be shown, and histogram bins that never describe few people.

Threat model (docs/teams-anonymity.md): anyone who can read the report, page or CSV tries to
compute any figure (a count, a sum, a mean, a spread) for a team or union of teams with fewer than
k answers, by subtracting or otherwise combining the figures shown. Teams partition the
organisation, so every combination of shown figures is a combination of whole "blocks": each shown
team, and the residual (the organisation minus the shown teams). Keeping every block at 0 or at
least k answers therefore keeps every derivable figure about at least k people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from functions.teams.linear import derivable

MIN_K = 3
DEFAULT_K = 5
SuppressionReason = Literal["fewer_than_k", "protects_another_team"]


@dataclass(frozen=True)
class Disclosure:
    """Which groups' figures the report may show, and why each hidden team is hidden."""

    shown_teams: frozenset[str]
    hidden: Mapping[str, SuppressionReason]
    organisation_shown: bool


def check_k(k: int) -> int:
    """The threshold, refused below the floor of 3 (below it averages single people out)."""
    if k < MIN_K:
        raise ValueError(f"the anonymity threshold k must be at least {MIN_K}")
    return k


def decide_disclosure(counts: Mapping[str, int], k: int) -> Disclosure:
    """Primary suppression (< k answers) then complementary suppression of the residual.

    If the hidden teams together hold 1..k-1 answers, the organisation row minus the shown teams
    would give their figures, so the smallest shown team is hidden too: that lifts the residual to at
    least k (a shown team has at least k). With no shown team left, the organisation row itself has
    fewer than k answers and is hidden by the primary rule.
    """
    check_k(k)
    hidden: dict[str, SuppressionReason] = {team: "fewer_than_k" for team, n in counts.items() if n < k}
    shown = {team for team in counts if team not in hidden}
    residual = sum(counts[team] for team in hidden)
    if 0 < residual < k and shown:
        # Smallest first keeps the most information; ties broken by id so the choice is stable.
        smallest = min(shown, key=lambda team: (counts[team], team))
        shown.discard(smallest)
        hidden[smallest] = "protects_another_team"
    total = sum(counts.values())
    return Disclosure(shown_teams=frozenset(shown), hidden=hidden, organisation_shown=total >= k)


@dataclass(frozen=True)
class Bin:
    """A histogram bar: the answers (by index) with scores in [low, high) (the last bar includes 100)."""

    low: int
    high: int
    members: frozenset[int]

    @property
    def count(self) -> int:
        return len(self.members)


def _initial_bins(scores: Sequence[float], k: int, width: int) -> list[Bin]:
    """Bars of `width` points, merged left to right until each holds at least k scores."""
    bins: list[Bin] = []
    low, pending = 0, frozenset[int]()
    for edge in range(0, 100, width):
        high = min(edge + width, 100)
        pending |= {i for i, s in enumerate(scores) if edge <= s < high or (high == 100 and s >= 100)}
        if len(pending) >= k:
            bins.append(Bin(low, high, pending))
            low, pending = high, frozenset()
    if bins and (pending or bins[-1].high < 100):  # fold the thin tail into the last bar
        last = bins.pop()
        bins.append(Bin(last.low, 100, last.members | pending))
    return bins


def small_hidden_unions(
    team_members: Mapping[str, frozenset[int]], disclosure: Disclosure, k: int
) -> list[frozenset[int]]:
    """Every union of hidden teams holding 1..k-1 answers: what an attacker wants to isolate."""
    small = [team_members[t] for t in sorted(disclosure.hidden) if 0 < len(team_members[t]) < k]
    unions: set[frozenset[int]] = set()
    for mask in range(1, 2 ** len(small)):
        union = frozenset().union(*(small[i] for i in range(len(small)) if mask >> i & 1))
        if len(union) < k:
            unions.add(union)
    return sorted(unions, key=sorted)


def histogram_bins(
    scores: Sequence[float],
    team_members: Mapping[str, frozenset[int]],
    disclosure: Disclosure,
    k: int,
    *,
    width: int = 10,
) -> list[Bin]:
    """The organisation's score histogram, coarsened until it cannot reveal a hidden team.

    Every bar counts at least k people, so no bar singles out the one person who scored 90+. A bar
    can still combine with team counts (a bar holding exactly a shown team and a hidden one gives
    the hidden team's size by subtraction), so while any small union of hidden teams is derivable
    from the shown counts, the two neighbouring bars with the fewest answers are merged; one bar
    (the organisation total, already shown) is always safe.
    """
    check_k(k)
    if not disclosure.organisation_shown or len(scores) < k:
        return []
    bins = _initial_bins(scores, k, width)
    organisation = frozenset(range(len(scores)))
    shown = [organisation, *(team_members[t] for t in sorted(disclosure.shown_teams))]
    targets = small_hidden_unions(team_members, disclosure, k)
    while len(bins) > 1 and any(derivable(t, [*shown, *(b.members for b in bins)]) for t in targets):
        i = min(range(len(bins) - 1), key=lambda j: bins[j].count + bins[j + 1].count)
        bins[i : i + 2] = [Bin(bins[i].low, bins[i + 1].high, bins[i].members | bins[i + 1].members)]
    return bins
