"""The report as CSV: the same figures as the page, nothing hidden, no ids, no emails."""

from __future__ import annotations

import csv
import io

from functions.teams.report import GroupFigures, TeamReport

HIDDEN_TEXT = {
    "fewer_than_k": "hidden: fewer than {k} responses",
    "protects_another_team": "hidden: would reveal a smaller team",
}


def _cell(value: object) -> str:
    """Text for a spreadsheet; a leading = + - @ is neutralised so no cell runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _group_row(group: GroupFigures, report: TeamReport) -> list[object]:
    status = "shown" if group.shown else HIDDEN_TEXT[group.hidden_reason or "fewer_than_k"].format(k=report.k)
    row: list[object] = [group.name, group.kind, status, group.invited, group.responses, group.participation]
    overall = group.overall
    row += [overall.mean, overall.ci_low, overall.ci_high] if overall else ["", "", ""]
    for dim in report.dimensions:
        est = group.dimensions.get(dim.id) if group.dimensions else None
        row += [est.mean, est.ci_low, est.ci_high] if est else ["", "", ""]
    return row


def report_csv(report: TeamReport) -> str:
    """Groups, then the histogram, then changes since the earlier round, as one CSV document."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["group", "kind", "status", "invited", "responses", "participation", "overall mean", "overall ci low"]
    header.append("overall ci high")
    for dim in report.dimensions:
        header += [f"{dim.name} mean", f"{dim.name} ci low", f"{dim.name} ci high"]
    writer.writerow([_cell(h) for h in header])
    for group in report.groups:
        writer.writerow([_cell(v) for v in _group_row(group, report)])
    if report.histogram:
        writer.writerow([])
        writer.writerow(["overall score from", "to", "responses"])
        for bar in report.histogram:
            writer.writerow([bar.low, bar.high, bar.count])
    if report.comparison and report.comparison.changes:
        writer.writerow([])
        writer.writerow(
            [_cell(f"change since {report.comparison.earlier_round_name}"), "overall"]
            + [_cell(d.name) for d in report.dimensions]
        )
        for change in report.comparison.changes:
            writer.writerow(
                [_cell(change.name), change.overall] + [change.dimensions.get(d.id, "") for d in report.dimensions]
            )
    return out.getvalue()
