"""The model-client interface, its errors, token accounting and the deterministic offline model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel

Role = Literal["system", "user", "assistant"]
Schema = TypeVar("Schema", bound=BaseModel)


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass
class Usage:
    """Tokens spent and their estimated cost, accumulated over calls."""

    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0

    def add(self, tokens_in: int, tokens_out: int, cost_usd: float) -> None:
        self.tokens_in += tokens_in
        self.tokens_out += tokens_out
        self.cost_usd += cost_usd


@dataclass(frozen=True)
class Completion:
    text: str
    tokens_in: int
    tokens_out: int
    # False when the model stopped because it hit max_tokens.
    finished: bool


class ModelError(Exception):
    """Base of the model failures the grader handles."""


class ModelUnavailable(ModelError):
    """Throttled, a 5xx, a timeout or no connection: worth another try later."""


class ModelRejected(ModelError):
    """The endpoint refused the request (bad key, unknown model, bad request): retrying will not help."""


class ModelOutputInvalid(ModelError):
    """The model answered, but not in the shape asked for."""


class ModelClient(Protocol):
    """A chat model. `provider` names it ("offline", "openai")."""

    provider: str
    usage: Usage

    def complete(self, messages: list[Message], *, max_tokens: int, timeout_seconds: float) -> Completion:
        """One chat completion."""
        ...

    def parse(
        self, messages: list[Message], schema: type[Schema], *, max_tokens: int, timeout_seconds: float
    ) -> Schema:
        """One structured completion validated against `schema` (temperature 0)."""
        ...


def count_tokens(text: str) -> int:
    """A rough token count (about four characters a token), for the offline model's accounting."""
    return max(1, len(text) // 4) if text else 0


class OfflineModel:
    """A deterministic stand-in with no network: it echoes the start of the last message.

    It exists so the runner and limits are exercised without a key; it does not pretend to
    follow a brief, so the grader does not run briefs with it (see `runs_briefs`).
    """

    provider = "offline"
    runs_briefs = False

    def __init__(self, words_per_step: int = 40) -> None:
        self.words_per_step = words_per_step
        self.usage = Usage()

    def complete(self, messages: list[Message], *, max_tokens: int, timeout_seconds: float) -> Completion:
        prompt = messages[-1].content if messages else ""
        words = prompt.split()
        reply_words = words[: min(self.words_per_step, max(1, max_tokens))]
        text = " ".join(reply_words)
        tokens_in = sum(count_tokens(m.content) for m in messages)
        tokens_out = count_tokens(text)
        self.usage.add(tokens_in, tokens_out, 0.0)
        return Completion(
            text=text, tokens_in=tokens_in, tokens_out=tokens_out, finished=len(words) <= len(reply_words)
        )

    def parse(
        self, messages: list[Message], schema: type[Schema], *, max_tokens: int, timeout_seconds: float
    ) -> Schema:
        raise ModelRejected("the offline model gives no structured answers; use the offline judge")
