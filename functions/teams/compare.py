"""Before/after: the change between two rounds' published figures (so it reveals nothing new)."""

from __future__ import annotations

from functions.teams.report import Change, Comparison, TeamReport


class IncomparableRounds(ValueError):
    """The rounds used different question banks (scores are not on the same footing)."""


def compare(current: TeamReport, earlier: TeamReport) -> Comparison:
    """Differences of shown means, only for groups shown in both reports.

    Built from the two reports as published, never from raw answers: a change is then arithmetic
    on figures the reader already has, so it cannot reach a group either report hid.
    """
    if not current.round.bank_version or current.round.bank_version != earlier.round.bank_version:
        raise IncomparableRounds("rounds on different question banks cannot be compared")
    before = {g.key: g for g in earlier.groups if g.overall is not None and g.dimensions is not None}
    changes = []
    for group in current.groups:
        old = before.get(group.key)
        if old is None or group.overall is None or group.dimensions is None:
            continue
        if old.overall is None or old.dimensions is None:  # filtered above; narrows the types
            continue
        changes.append(
            Change(
                key=group.key,
                name=group.name,
                overall=round(group.overall.mean - old.overall.mean, 1),
                dimensions={
                    dim: round(est.mean - old.dimensions[dim].mean, 1)
                    for dim, est in group.dimensions.items()
                    if dim in old.dimensions
                },
            )
        )
    return Comparison(earlier_round_id=earlier.round.id, earlier_round_name=earlier.round.name, changes=changes)
