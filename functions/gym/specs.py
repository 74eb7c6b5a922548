"""Task spec models as the content bundle carries them (public statement and private grading spec together)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from functions.gym.models import Setting
from functions.lazy_model import LazyModel


class Spec(LazyModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TaskBase(Spec):
    id: str
    title: str
    url: str
    dimensions: list[str]


class Criterion(Spec):
    """One pass rule of a brief task; `cues` are the offline judge's term groups (see docs/gym.md)."""

    id: str
    name: str
    description: str
    cues: list[str] = []  # noqa: RUF012 (pydantic copies it per instance)
    # Further cue sets; a sentence that satisfies any one set (all its groups) meets the criterion.
    more_cues: list[list[str]] = []  # noqa: RUF012 (pydantic copies it per instance)
    fix: str
    essential: bool = False
    weight: float = 1.0


class MustInclude(Spec):
    type: Literal["must_include"]
    text: str


class MustNotInclude(Spec):
    type: Literal["must_not_include"]
    text: str


class MaxWords(Spec):
    type: Literal["max_words"]
    limit: int


class MatchesJsonSchema(Spec):
    type: Literal["json_schema"]
    json_schema: dict[str, Any]


AcceptanceCheck = Annotated[MustInclude | MustNotInclude | MaxWords | MatchesJsonSchema, Field(discriminator="type")]


class BriefTask(TaskBase):
    kind: Literal["brief"]
    scenario: str
    input: str | None = None
    criteria: list[Criterion]
    acceptance: list[AcceptanceCheck] = []  # noqa: RUF012 (pydantic copies it per instance)


class WorkItem(Spec):
    id: str
    title: str
    days: float


class Dependency(Spec):
    before: str
    after: str
    why: str


class Irreversible(Spec):
    item: str
    why: str


class PlanTask(TaskBase):
    kind: Literal["plan"]
    outcome: str
    work_items: list[WorkItem]
    dependencies: list[Dependency]
    irreversible: list[Irreversible]
    # Work items a human must own (judgement, accountability); the rest suit an agent.
    human_items: list[str] = []  # noqa: RUF012 (pydantic copies it per instance)
    # Checkpoints tolerated on reversible steps before "checkpoint everything" costs credit.
    spare_checkpoints: int = 1


class Action(Spec):
    id: str
    label: str
    detail: str


class KeyEntry(Spec):
    setting: Setting
    why: str


class AutonomyTask(TaskBase):
    kind: Literal["autonomy"]
    context: str
    actions: list[Action]
    key: dict[str, KeyEntry]


class Defect(Spec):
    id: str
    lines: list[int]
    description: str
    hint: str


class ReviewTask(TaskBase):
    kind: Literal["review"]
    request: str
    lines: list[str]
    defects: list[Defect]
    # Points (as a share of one defect) each flag on a clean line costs.
    false_flag_cost: float = 0.5


AnyTask = BriefTask | PlanTask | AutonomyTask | ReviewTask
TaskSpec = Annotated[AnyTask, Field(discriminator="kind")]
