"""Chooses the judge and the agent's model by `settings.agent_provider`; openai loads only when chosen."""

from __future__ import annotations

from functions.agent.judges import Judge
from functions.agent.model import ModelClient, OfflineModel
from functions.agent.offline_judge import OfflineJudge
from functions.config import Settings


def make_model(settings: Settings) -> ModelClient:
    """The configured chat model: OpenAI (or compatible) with a key, else the offline model."""
    if settings.agent_provider != "openai":
        return OfflineModel()
    from functions import bootstrap
    from functions.agent.openai_model import OpenAIModel

    return OpenAIModel(
        bootstrap.openai_client(settings),
        settings.openai_model,
        settings.openai_usd_per_mtok_in,
        settings.openai_usd_per_mtok_out,
        settings.openai_timeout_seconds,
    )


def make_judge(settings: Settings, model: ModelClient | None = None) -> Judge:
    """The OpenAI judge when a key is configured, else the offline judge."""
    if settings.agent_provider != "openai":
        return OfflineJudge()
    from functions.agent.openai_judge import OpenAIJudge

    return OpenAIJudge(model or make_model(settings), settings.openai_timeout_seconds)


def make_agent(settings: Settings) -> ModelClient:
    """The model that runs briefs (the offline model does not run them; the grade says what one would add)."""
    return make_model(settings)
