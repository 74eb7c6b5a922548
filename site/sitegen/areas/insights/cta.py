"""Calls to action: where an article sends its reader next (the Score, or a gym lesson)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.context import BuildContext

SCORE = "score"
DIMENSIONS = ("decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design")


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    url: str
    summary: str
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallToAction:
    """The box at the end of an article."""

    kicker: str
    title: str
    text: str
    href: str
    action: str


def gym_lessons(ctx: BuildContext) -> dict[str, Lesson]:
    """The gym lessons a CTA may point to, by id: what the gym area (loaded before insights) published."""
    return {
        str(item["id"]): Lesson(
            id=str(item["id"]),
            title=str(item["title"]),
            url=str(item["url"]),
            summary=str(item.get("summary") or ""),
            dimensions=tuple(item.get("dimensions") or ()),
        )
        for item in ctx.data.get("gym", [])
    }


def cta_targets(ctx: BuildContext) -> set[str]:
    """Every value `cta:` may take."""
    return {SCORE, *gym_lessons(ctx)}


def score_cta() -> CallToAction:
    return CallToAction(
        kicker="Measure it",
        title="Take the Agent Boss Score",
        text="About seven minutes of workplace scenarios. See where you stand across seven orchestration skills.",
        href="/score/",
        action="Take the free Score",
    )


def resolve_cta(target: str | None, tags: Iterable[str], lessons: dict[str, Lesson]) -> CallToAction:
    """The article's own CTA, or one derived from its tags: a lesson training a tagged dimension, else the Score."""
    if target is None:
        tagged = [tag for tag in tags if tag in DIMENSIONS]
        target = next(
            (
                lesson.id
                for dim in tagged
                for lesson in sorted(lessons.values(), key=lambda x: x.id)
                if dim in lesson.dimensions
            ),
            SCORE,
        )
    if target == SCORE or target not in lessons:
        return score_cta()
    lesson = lessons[target]
    return CallToAction(
        kicker="Practise it",
        title=lesson.title,
        text=lesson.summary or "A short, real task in the AI Gym, graded with specific feedback.",
        href=lesson.url,
        action="Try this gym lesson",
    )
