"""What a user submits for a gym task and what the grader gives back."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from functions.lazy_model import LazyModel
from functions.web.schemas import StrictModel

TaskKind = Literal["brief", "plan", "autonomy", "review"]
TASK_KINDS: tuple[TaskKind, ...] = ("brief", "plan", "autonomy", "review")
MAX_SUBMISSION_CHARS = 8000
Setting = Literal["alone", "checkpoint", "never"]

StepId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
ShortText = Annotated[str, Field(max_length=200)]


class BriefSubmission(StrictModel):
    """A brief for an agent, in the user's words."""

    kind: Literal["brief"]
    text: str = Field(min_length=1, max_length=MAX_SUBMISSION_CHARS)


class PlanStep(StrictModel):
    """One step of a plan: which work items it covers, what it waits for, who does it."""

    id: StepId
    title: str = Field(min_length=1, max_length=200)
    covers: list[StepId] = Field(default=[], max_length=40)
    depends_on: list[StepId] = Field(default=[], max_length=40)
    owner: Literal["agent", "human"]
    # True: the work pauses for a human's approval before this step starts.
    checkpoint: bool = False


class PlanSubmission(StrictModel):
    kind: Literal["plan"]
    steps: list[PlanStep] = Field(min_length=1, max_length=40)


class AutonomySubmission(StrictModel):
    kind: Literal["autonomy"]
    settings: dict[StepId, Setting] = Field(max_length=60)


class FlaggedLine(StrictModel):
    line: int = Field(ge=1, le=10_000)
    note: str | None = Field(default=None, max_length=500)


class ReviewSubmission(StrictModel):
    kind: Literal["review"]
    flagged: list[FlaggedLine] = Field(max_length=200)


Submission = Annotated[
    BriefSubmission | PlanSubmission | AutonomySubmission | ReviewSubmission,
    Field(discriminator="kind"),
]


class Result(LazyModel):
    """Base of the grader's outputs: immutable, and stored as they are."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class CriterionResult(Result):
    """One criterion: met or not, the evidence, and how to fix it when it is not met."""

    id: str
    name: str
    met: bool
    evidence: str | None = None
    fix: str | None = None
    # Partial credit in [0, 1] (1 or 0 for a criterion judged met or not) and its weight in the score.
    credit: float = Field(ge=0.0, le=1.0)
    weight: float = Field(default=1.0, gt=0.0)


CommentKind = Literal["essential", "actionable", "informative", "celebratory"]
COMMENT_ORDER: dict[CommentKind, int] = {"essential": 0, "actionable": 1, "informative": 2, "celebratory": 3}


class Comment(Result):
    kind: CommentKind
    text: str


class CheckResult(Result):
    """One acceptance check on the agent's output."""

    name: str
    passed: bool
    detail: str


class AgentRun(Result):
    """The agent's run of a brief on the task's input, and the acceptance checks on its output."""

    output: str
    checks: list[CheckResult]
    steps: int
    stopped_because: Literal["finished", "step_limit", "token_limit", "time_limit"]

    @property
    def checks_passed(self) -> int:
        return sum(1 for check in self.checks if check.passed)

    @property
    def checks_failed(self) -> int:
        return len(self.checks) - self.checks_passed


class Grade(Result):
    """The full feedback on one attempt."""

    score: int = Field(ge=0, le=100)
    criteria: list[CriterionResult]
    comments: list[Comment] = Field(min_length=1, max_length=3)
    agent_run: AgentRun | None = None
    judge: str
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_cost_usd: float = 0.0
    # What a model would add when none is configured (None when one ran, or for kinds that need none).
    model_note: str | None = None
