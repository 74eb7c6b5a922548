"""Request and response bodies of the team assessment API."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from functions.lazy_model import LazyModel
from functions.web.schemas import StrictModel

TeamSize = Literal["1-10", "11-50", "51-200", "201-1000", "1000+"]
# A practical address check in explicit ASCII classes (so the server and any client reading the
# OpenAPI pattern agree on every character); SES and the confirmation email are the real test.
EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
# No leading or trailing spaces, so what the schema accepts is exactly what survives stripping.
TRIMMED = r"^\S(.*\S)?$"
Name = Field(min_length=1, max_length=80, pattern=TRIMMED)


class TeamRequestBody(StrictModel):
    organisation: str = Field(min_length=2, max_length=120, pattern=TRIMMED)
    contact_name: str = Field(min_length=2, max_length=100, pattern=TRIMMED)
    work_email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    team_size: TeamSize
    message: str = Field(default="", max_length=2000)
    consent: bool = Field(json_schema_extra={"const": True})
    # The honeypot: hidden from people, filled in by bots; anything here means "do nothing".
    website: str = Field(default="", max_length=500)

    @field_validator("consent")
    @classmethod
    def consent_given(cls, value: bool) -> bool:
        if not value:
            raise ValueError("tick the box so that we may contact you about this request")
        return value


class TeamRequestReceived(LazyModel):
    id: str
    status: Literal["pending"]


class TeamRequestView(LazyModel):
    id: str
    organisation: str
    contact_name: str
    email: str
    team_size: str
    message: str
    status: Literal["pending", "approved", "declined"]
    created_at: str
    decided_at: str | None = None
    org_id: str | None = None


class TeamRequestList(LazyModel):
    items: list[TeamRequestView]


class RequestListQuery(StrictModel):
    status: Literal["pending", "approved", "declined"] = "pending"
    limit: int = Field(default=50, ge=1, le=100)


class TokenBody(StrictModel):
    token: str = Field(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class OrganisationView(LazyModel):
    id: str
    name: str


class OrganisationList(LazyModel):
    items: list[OrganisationView]


class TeamBody(StrictModel):
    name: str = Name
    invited: int = Field(ge=1, le=10_000)


class TeamView(LazyModel):
    id: str
    name: str
    invited: int


class RoundBody(StrictModel):
    name: str = Name
    extra_uses: int = Field(default=0, ge=0, le=1000)


class RoundView(LazyModel):
    id: str
    name: str
    status: Literal["open", "closed"]
    opened_at: str
    closed_at: str | None = None
    bank_version: str | None = None


class OrganisationOverview(LazyModel):
    id: str
    name: str
    k: int
    teams: list[TeamView]
    rounds: list[RoundView]


class LinkBody(StrictModel):
    team_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    max_uses: int = Field(ge=1, le=10_000)


class LinkView(LazyModel):
    token: str
    url: str
    team_id: str
    valid_until: int
    max_uses: int
    uses: int
    revoked: bool


class LinkList(LazyModel):
    items: list[LinkView]


class ReportQuery(StrictModel):
    compare: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class InviteView(LazyModel):
    """What a member sees before taking the Score through a team link."""

    organisation: str
    team: str
    round: str
    k: int
    valid_until: int
