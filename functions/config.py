"""Settings: the only module that reads os.environ."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from functions.lazy_model import LazyModel

DEFAULT_BUNDLE_DIR = Path(__file__).resolve().parent.parent / "build" / "bundle"


class Settings(LazyModel):
    """Everything configurable, read once from the environment (names are the upper-cased fields).

    A plain pydantic model rather than pydantic-settings: the same behaviour for these scalar
    fields (keyword arguments win over the environment, names match case-insensitively, values
    are coerced and validated), without its ~25 ms of imports on every cold start.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        environment = {name.upper(): value for name, value in os.environ.items()}
        merged = dict(data)
        for name, field in cls.model_fields.items():
            key = field.validation_alias if isinstance(field.validation_alias, str) else name
            if name not in merged and key not in merged and key.upper() in environment:
                merged[key] = environment[key.upper()]
        return merged

    stage: str = "local"
    aws_region: str = Field(default="eu-west-2", validation_alias="AWS_REGION")
    table_name: str = "agent-boss-local-table"
    jobs_queue_url: str = ""
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    # Where the pool's signing keys are served; empty means Cognito's public address for the pool.
    cognito_jwks_url: str = ""
    sender_email: str = "no-reply@agentboss.example"
    sales_email: str = "sales@agentboss.example"
    bundle_dir: Path = DEFAULT_BUNDLE_DIR
    code_version: str = "dev"
    max_body_bytes: int = 64 * 1024
    # How long a browser stays signed in: the refresh cookie's age, equal to the app client's
    # RefreshTokenValidity in infra/resources.yml (a test keeps them equal).
    session_days: int = 30
    # The header carrying the viewer's address when a proxy fronts the API (CloudFront:
    # `CloudFront-Viewer-Address`); empty means the connection's source address.
    client_address_header: str = ""
    # The origin secret's JSON (`{"current": ..., "also_accept": ...}`) that CloudFront sends in
    # X-Origin-Verify; empty means no check (functions/web/origin.py).
    origin_verify_secret: str = Field(default="", repr=False)
    log_level: str = "INFO"
    # Where the site is served, for links in emails (no trailing slash).
    site_url: str = "http://127.0.0.1:8000"

    # Team assessments. k: no figure for a group with fewer answers; never below 3 (averages of one
    # or two people are their scores), so a lower value fails at start-up, not in a report.
    teams_anonymity_k: int = Field(default=5, ge=3)
    teams_requests_per_hour: int = Field(default=5, ge=1)  # per client IP
    teams_link_days: int = Field(default=30, ge=1, le=365)
    teams_admin_invite_days: int = Field(default=14, ge=1, le=90)

    # The Agent Boss Score.
    score_attempts_per_hour: int = 30  # per client IP
    score_emails_per_hour: int = 5  # report emails per client IP
    score_emails_per_address_per_day: int = 3
    score_histogram_shards: int = Field(default=10, ge=1, le=90)
    score_percentile_min_takers: int = Field(default=50, ge=2)

    # Agent provider: "offline" unless a key (or its SSM parameter name) is configured.
    openai_api_key: str = ""
    openai_api_key_parameter: str = ""
    openai_base_url: str | None = None
    openai_model: str = "gpt-4.1-mini"
    openai_timeout_seconds: float = 20.0
    openai_max_retries: int = 1
    # Prices for the cost estimate recorded per attempt (USD per million tokens; gpt-4.1-mini's list price).
    openai_usd_per_mtok_in: float = 0.40
    openai_usd_per_mtok_out: float = 1.60
    # The agent runner's limits when a brief is run.
    agent_max_steps: int = 3
    agent_max_tokens: int = 3000

    # The gym's limits (issue 6): submission size, attempts per user per UTC day, tokens per UTC
    # day across everyone, and how many deliveries of one grading job before it fails for good
    # (below the queue's maxReceiveCount of 5, so the attempt fails readably before the DLQ).
    gym_max_submission_chars: int = 8000
    gym_daily_attempts_per_user: int = 30
    gym_daily_token_budget: int = 2_000_000
    gym_max_receives: int = 3

    @property
    def cognito_issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        return self.cognito_jwks_url or f"{self.cognito_issuer}/.well-known/jwks.json"

    @property
    def agent_provider(self) -> str:
        """Which model client the worker uses."""
        return "openai" if (self.openai_api_key or self.openai_api_key_parameter) else "offline"


@cache
def get_settings() -> Settings:
    """The process-wide settings, built at first use."""
    return Settings()
