"""The OpenAI (or compatible) chat model behind the ModelClient interface.

Imported only by `functions.agent.factory` for the openai provider: importing it loads `openai`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openai
from pydantic import ValidationError

from functions.agent.model import (
    Completion,
    Message,
    ModelOutputInvalid,
    ModelRejected,
    ModelUnavailable,
    Schema,
    Usage,
)


class OpenAIModel:
    """Chat completions at temperature 0 over an SDK client built by `functions.bootstrap`."""

    provider = "openai"
    runs_briefs = True

    def __init__(
        self, client: Any, model: str, usd_per_mtok_in: float, usd_per_mtok_out: float, timeout_seconds: float = 20.0
    ) -> None:
        self.client = client
        self.model = model
        self.timeout_seconds = timeout_seconds
        self.prices = (usd_per_mtok_in, usd_per_mtok_out)
        self.usage = Usage()

    def _record(self, response: Any) -> tuple[int, int]:
        usage = getattr(response, "usage", None)
        tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
        tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
        cost = (tokens_in * self.prices[0] + tokens_out * self.prices[1]) / 1_000_000
        self.usage.add(tokens_in, tokens_out, cost)
        return tokens_in, tokens_out

    def complete(self, messages: list[Message], *, max_tokens: int, timeout_seconds: float) -> Completion:
        with _translated_errors():
            response = self.client.chat.completions.create(
                model=self.model,
                messages=[{"role": m.role, "content": m.content} for m in messages],
                temperature=0,
                max_tokens=max_tokens,
                timeout=timeout_seconds,
            )
        tokens_in, tokens_out = self._record(response)
        if not response.choices:
            raise ModelOutputInvalid("the model returned no choices")
        choice = response.choices[0]
        return Completion(
            text=choice.message.content or "",
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            finished=choice.finish_reason != "length",
        )

    def parse(
        self, messages: list[Message], schema: type[Schema], *, max_tokens: int, timeout_seconds: float
    ) -> Schema:
        with _translated_errors():
            response = self.client.chat.completions.parse(
                model=self.model,
                messages=[{"role": m.role, "content": m.content} for m in messages],
                response_format=schema,
                temperature=0,
                max_tokens=max_tokens,
                timeout=timeout_seconds,
            )
        self._record(response)
        if not response.choices:
            raise ModelOutputInvalid("the model returned no choices")
        message = response.choices[0].message
        if getattr(message, "refusal", None) or message.parsed is None:
            raise ModelOutputInvalid("the model refused or gave no structured answer")
        parsed: Schema = message.parsed
        return parsed


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn SDK errors into the project's model errors at this edge."""
    try:
        yield
    except (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError) as exc:
        raise ModelUnavailable(type(exc).__name__) from exc
    except openai.APIStatusError as exc:
        if exc.status_code >= 500 or exc.status_code in (408, 409):
            raise ModelUnavailable(f"model endpoint answered {exc.status_code}") from exc
        raise ModelRejected(f"model endpoint answered {exc.status_code}") from exc
    except (ValidationError, openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError, ValueError) as exc:
        raise ModelOutputInvalid(str(exc)[:200]) from exc
