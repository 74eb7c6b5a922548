"""What changed between two submissions, and between two grades (pure functions)."""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

from functions.lazy_model import LazyModel

# Prose is compared sentence by sentence: a brief is often one long paragraph, where a line
# diff would only say "everything changed".
_UNITS = re.compile(r"(?<=[.!?])\s+|\n+")
# Runs of unchanged sentences longer than this are folded into one "N unchanged" entry.
_CONTEXT = 1


class TextChange(LazyModel):
    """One sentence (or line) of a text diff; `skipped` folds a run of unchanged ones."""

    op: Literal["same", "added", "removed", "skipped"]
    text: str = ""
    count: int = 1


class FieldChange(LazyModel):
    """One changed value of a structured submission, by its path (`steps[s3].owner`)."""

    path: str
    change: Literal["added", "removed", "changed"]
    before: Any = None
    after: Any = None


class GradeChange(LazyModel):
    """How the grade moved from the previous graded attempt."""

    score_before: int | None
    score_after: int | None
    newly_met: list[str]
    lost: list[str]


def _units(text: str) -> list[str]:
    return [unit.strip() for unit in _UNITS.split(text) if unit.strip()]


def text_diff(before: str, after: str) -> list[TextChange]:
    """Sentence-level diff (difflib) with long unchanged runs folded."""
    old, new = _units(before), _units(after)
    changes: list[TextChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            same = old[i1:i2]
            if len(same) > 2 * _CONTEXT + 1:
                head = [] if not changes else same[:_CONTEXT]
                tail = [] if j2 == len(new) else same[-_CONTEXT:]
                changes += [TextChange(op="same", text=t) for t in head]
                changes.append(TextChange(op="skipped", count=len(same) - len(head) - len(tail)))
                changes += [TextChange(op="same", text=t) for t in tail]
            else:
                changes += [TextChange(op="same", text=t) for t in same]
            continue
        changes += [TextChange(op="removed", text=t) for t in old[i1:i2]]
        changes += [TextChange(op="added", text=t) for t in new[j1:j2]]
    return changes


# Objects in a list are matched by the first of these they all carry (plan steps by id,
# review flags by line), so a reordering or an insertion is not reported as a change to every item.
_IDENTITY_KEYS = ("id", "line")


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Items of a list keyed by their identity, when every item is an object with a unique one."""
    if not items:
        return {}
    if not all(isinstance(item, dict) for item in items):
        return None
    for key in _IDENTITY_KEYS:
        if all(key in item for item in items):
            keyed = {str(item[key]): item for item in items}
            return keyed if len(keyed) == len(items) else None
    return None


def structural_diff(before: Any, after: Any, path: str = "") -> list[FieldChange]:
    """Added, removed and changed values between two JSON-like values, by path."""
    if isinstance(before, dict) and isinstance(after, dict):
        changes: list[FieldChange] = []
        for key in [*after, *(k for k in before if k not in after)]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in before:
                changes.append(FieldChange(path=sub, change="added", after=after[key]))
            elif key not in after:
                changes.append(FieldChange(path=sub, change="removed", before=before[key]))
            else:
                changes += structural_diff(before[key], after[key], sub)
        return changes
    if isinstance(before, list) and isinstance(after, list):
        return _list_diff(before, after, path)
    if before != after:
        return [FieldChange(path=path, change="changed", before=before, after=after)]
    return []


def _list_diff(before: list[Any], after: list[Any], path: str) -> list[FieldChange]:
    old, new = _keyed(before), _keyed(after)
    if old is not None and new is not None:
        return structural_diff(old, new, path) if path else structural_diff(old, new)
    if all(not isinstance(v, dict | list) for v in [*before, *after]):
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        return [FieldChange(path=path, change="removed", before=v) for v in removed] + [
            FieldChange(path=path, change="added", after=v) for v in added
        ]
    changes: list[FieldChange] = []
    for index in range(max(len(before), len(after))):
        sub = f"{path}[{index}]"
        if index >= len(before):
            changes.append(FieldChange(path=sub, change="added", after=after[index]))
        elif index >= len(after):
            changes.append(FieldChange(path=sub, change="removed", before=before[index]))
        else:
            changes += structural_diff(before[index], after[index], sub)
    return changes


def _without_kind(submission: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in submission.items() if key != "kind"}


def submission_diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[TextChange], list[FieldChange]]:
    """A text diff for briefs, a structural one for the other kinds (the `kind` tag is not a change)."""
    if isinstance(before.get("text"), str) and isinstance(after.get("text"), str):
        return text_diff(before["text"], after["text"]), []
    return [], structural_diff(_without_kind(before), _without_kind(after))


def _met(grade: dict[str, Any] | None) -> set[str]:
    if not grade:
        return set()
    return {str(c["id"]) for c in grade.get("criteria", []) if c.get("met")}


def grade_change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> GradeChange:
    """Score before and after, and the criteria newly met or lost."""
    met_before, met_after = _met(before), _met(after)
    return GradeChange(
        score_before=int(before["score"]) if before else None,
        score_after=int(after["score"]) if after else None,
        newly_met=sorted(met_after - met_before),
        lost=sorted(met_before - met_after) if after else [],
    )
