"""The score and the 1-3 comments, ordered by importance, from the criteria results."""

from __future__ import annotations

from functions.gym.models import COMMENT_ORDER, Comment, CommentKind, CriterionResult

CELEBRATE_AT = 85


def weighted_score(criteria: list[CriterionResult]) -> int:
    """0-100 from each criterion's credit and weight."""
    total = sum(c.weight for c in criteria)
    return round(100 * sum(c.credit * c.weight for c in criteria) / total) if total else 0


def compose_comments(
    criteria: list[CriterionResult],
    score: int,
    *,
    essentials: list[str] | None = None,
    info: str | None = None,
) -> list[Comment]:
    """Essential (what must change), actionable (the next fix), informative, celebratory; at most three."""
    comments: list[Comment] = [Comment(kind="essential", text=text) for text in (essentials or [])[:1]]
    unmet = sorted((c for c in criteria if not c.met and c.fix), key=lambda c: (-c.weight, c.credit))
    already = {comment.text for comment in comments}
    for criterion in unmet:
        text = f"{criterion.name}: {criterion.fix}"
        if text not in already:
            comments.append(Comment(kind="actionable", text=text))
            break
    if info:
        comments.append(Comment(kind="informative", text=info))
    met = [c for c in criteria if c.met]
    if score >= CELEBRATE_AT or not comments:
        best = f" “{met[0].name}” is exactly right." if met else ""
        comments.append(Comment(kind="celebratory", text=f"{score}/100.{best}"))
    ordered = sorted(comments, key=lambda c: COMMENT_ORDER[c.kind])
    return _keep_one_celebration(ordered)[:3]


def _keep_one_celebration(comments: list[Comment]) -> list[Comment]:
    kinds: list[CommentKind] = [c.kind for c in comments]
    if "celebratory" in kinds and len(comments) > 3:
        return [c for c in comments if c.kind != "informative"][:3]
    return comments
