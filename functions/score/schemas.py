"""The Score's request and response bodies (the OpenAPI document is built from these)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from functions.lazy_model import LazyModel
from functions.web.schemas import StrictModel


class AttemptIn(StrictModel):
    """One completed quiz, as the browser sends it."""

    quiz_version: str = Field(pattern=r"^[0-9a-f]{16}$", description="The bank version the page was built with")
    answers: dict[str, Any] = Field(max_length=60, description="Scored item id -> answer (shape depends on type)")
    familiarity: dict[str, Any] = Field(max_length=20, description="Self-rating question id -> option id")
    is_first_attempt: bool = Field(description="False when this browser has already taken this bank version")
    invite: str | None = Field(
        default=None,
        min_length=20,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="A team assessment invite token: the scores are also counted, anonymously, for that team",
    )


class Link(LazyModel):
    title: str
    url: str
    summary: str = ""


class BandOut(LazyModel):
    id: str
    name: str
    summary: str
    meaning: str
    next_steps: list[str]
    share_path: str


class DimensionOut(LazyModel):
    id: str
    name: str
    description: str
    score: int
    level: str
    level_name: str


class GapOut(LazyModel):
    id: str
    name: str
    score: int
    why: str
    lessons: list[Link]
    articles: list[Link]


class FamiliarityOut(LazyModel):
    score: int
    capability: int
    pattern: Literal["familiarity_ahead", "aligned", "capability_ahead"]
    text: str


class ItemOut(LazyModel):
    id: str
    question: str
    points: float
    explanation: str
    dimensions: list[str]


class StandingOut(LazyModel):
    percentile: int = Field(description="Share of other takers scored below, 1..99 (ties count half)")
    top_percent: int
    takers: int


class TeamAssessmentOut(LazyModel):
    """On a Score result taken through a team invite: whether it was counted (anonymously) for the team."""

    organisation: str
    team: str
    recorded: bool


class AttemptResult(LazyModel):
    """A scored attempt: no personal data, shareable by its id."""

    id: str
    quiz_version: str
    created_at: str
    overall: int
    band: BandOut
    dimensions: list[DimensionOut]
    gaps: list[GapOut]
    familiarity: FamiliarityOut
    items: list[ItemOut]
    percentile: StandingOut | None
    percentile_min_takers: int
    team_assessment: TeamAssessmentOut | None = None


# Plain ASCII addresses: one @, a dotted domain ending in letters.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$"


class ReportEmailIn(StrictModel):
    """Ask for the report by email; consent to the report is required, to updates optional."""

    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    consent_report: Literal[True] = Field(description="Must be true: the person asked for the report")
    consent_updates: bool = False
    consent_version: str = Field(pattern=r"^[A-Za-z0-9.-]{1,32}$", description="The consent wording's version")


class ForgetEmailIn(StrictModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)


class Accepted(LazyModel):
    status: Literal["accepted"] = "accepted"
    message: str
