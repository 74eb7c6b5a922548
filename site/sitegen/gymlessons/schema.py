"""The front matter of a gym lesson: public fields (`task`) and the private grading spec (`grading`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sitegen.contentmodel import CONTENT_MODEL

Dimension = Literal[
    "decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design"
]
Kind = Literal["brief", "plan", "autonomy", "review"]
Id = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")
Setting = Literal["alone", "checkpoint", "never"]


class Strict(BaseModel):
    model_config = CONTENT_MODEL


class LessonBase(Strict):
    title: str = Field(min_length=5, max_length=90)
    summary: str = Field(min_length=20, max_length=240)
    dimensions: list[Dimension] = Field(min_length=1, max_length=4)
    minutes: int = Field(ge=3, le=90)


# --- brief ---------------------------------------------------------------------------------------
class BriefPublic(Strict):
    statement: str = Field(min_length=20)
    scenario: str = Field(min_length=20)
    input: str | None = Field(default=None, min_length=20)


class CriterionSpec(Strict):
    id: str = Id
    name: str = Field(min_length=3, max_length=80)
    description: str = Field(min_length=10, max_length=400)
    cues: list[str] = Field(default_factory=list, max_length=4)
    more_cues: list[list[str]] = Field(default_factory=list, max_length=4)
    fix: str = Field(min_length=10, max_length=300)
    essential: bool = False
    weight: float = Field(default=1.0, gt=0, le=5)


class CheckSpec(Strict):
    type: Literal["must_include", "must_not_include", "max_words", "json_schema"]
    text: str | None = None
    limit: int | None = Field(default=None, ge=1)
    json_schema: dict[str, Any] | None = None


class BriefGrading(Strict):
    criteria: list[CriterionSpec] = Field(min_length=2, max_length=12)
    acceptance: list[CheckSpec] = Field(default_factory=list, max_length=12)


class BriefLesson(LessonBase):
    kind: Literal["brief"]
    task: BriefPublic
    grading: BriefGrading


# --- plan ----------------------------------------------------------------------------------------
class WorkItemSpec(Strict):
    id: str = Id
    title: str = Field(min_length=3, max_length=120)
    days: float = Field(gt=0, le=60)


class PlanPublic(Strict):
    statement: str = Field(min_length=20)
    work_items: list[WorkItemSpec] = Field(min_length=3, max_length=30)


class DependencySpec(Strict):
    before: str
    after: str
    why: str = Field(min_length=10, max_length=300)


class IrreversibleSpec(Strict):
    item: str
    why: str = Field(min_length=10, max_length=300)


class PlanGrading(Strict):
    dependencies: list[DependencySpec] = Field(min_length=1)
    irreversible: list[IrreversibleSpec] = Field(min_length=1)
    human_items: list[str] = Field(default_factory=list)
    spare_checkpoints: int = Field(default=1, ge=0, le=10)


class PlanLesson(LessonBase):
    kind: Literal["plan"]
    task: PlanPublic
    grading: PlanGrading


# --- autonomy ------------------------------------------------------------------------------------
class ActionSpec(Strict):
    id: str = Id
    label: str = Field(min_length=3, max_length=100)
    detail: str = Field(min_length=10, max_length=300)


class AutonomyPublic(Strict):
    statement: str = Field(min_length=20)
    context: str = Field(min_length=20)
    actions: list[ActionSpec] = Field(min_length=4, max_length=30)


class KeySpec(Strict):
    setting: Setting
    why: str = Field(min_length=10, max_length=300)


class AutonomyGrading(Strict):
    key: dict[str, KeySpec]


class AutonomyLesson(LessonBase):
    kind: Literal["autonomy"]
    task: AutonomyPublic
    grading: AutonomyGrading


# --- review --------------------------------------------------------------------------------------
class ReviewPublic(Strict):
    statement: str = Field(min_length=20)
    request: str = Field(min_length=20)
    lines: list[str] = Field(min_length=5, max_length=200)


class DefectSpec(Strict):
    id: str = Id
    lines: list[int] = Field(min_length=1)
    description: str = Field(min_length=10, max_length=300)
    hint: str = Field(min_length=10, max_length=300)


class ReviewGrading(Strict):
    defects: list[DefectSpec] = Field(min_length=2)
    false_flag_cost: float = Field(default=0.5, ge=0, le=2)


class ReviewLesson(LessonBase):
    kind: Literal["review"]
    task: ReviewPublic
    grading: ReviewGrading


Lesson = BriefLesson | PlanLesson | AutonomyLesson | ReviewLesson
LESSON_MODELS: dict[str, type[Lesson]] = {
    "brief": BriefLesson,
    "plan": PlanLesson,
    "autonomy": AutonomyLesson,
    "review": ReviewLesson,
}
