"""Calls to action: where an article sends its reader next (the Score, or a gym lesson)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sitegen.context import BuildContext

SCORE = "score"
DIMENSIONS = ("decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design")

# The gym lesson ids fixed for every area (BRIEF "Shared names"): used only while no gym area has
# loaded its lessons into ctx.data["gym"]; once one has, its lessons are the truth.
FALLBACK_GYM_LESSON_IDS = (
    "brief-research-digest",
    "brief-customer-reply",
    "plan-product-launch",
    "plan-month-end-close",
    "autonomy-support-inbox",
    "autonomy-procurement",
    "review-market-summary",
    "review-contract-extraction",
)


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


def _field(item: Any, name: str, default: Any = None) -> Any:
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


def _items(data: Any) -> Iterable[Any]:
    if isinstance(data, dict):
        return data["lessons"] if "lessons" in data else data.values()
    return data or ()


def gym_lessons(ctx: BuildContext) -> dict[str, Lesson]:
    """The gym lessons a CTA may point to, by id: the gym area's when loaded, else the fixed ids."""
    if ctx.data.get("gym") is not None:
        lessons = {}
        for item in _items(ctx.data["gym"]):
            lesson_id = str(_field(item, "id"))
            lessons[lesson_id] = Lesson(
                id=lesson_id,
                title=str(_field(item, "title", lesson_id)),
                url=str(_field(item, "url", f"/gym/{lesson_id}/")),
                summary=str(_field(item, "summary", "") or ""),
                dimensions=tuple(_field(item, "dimensions", ()) or ()),
            )
        return lessons
    return {
        lesson_id: Lesson(lesson_id, lesson_id.replace("-", " ").capitalize(), f"/gym/{lesson_id}/", "")
        for lesson_id in FALLBACK_GYM_LESSON_IDS
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
