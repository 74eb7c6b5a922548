"""The judge interface shared by the offline and OpenAI judges, and the evidence-quote check."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from pydantic import ConfigDict

from functions.agent.model import Usage
from functions.gym.specs import Criterion
from functions.lazy_model import LazyModel

MIN_QUOTE_CHARS = 8
_SPACE = re.compile(r"\s+")
_QUOTE_EDGES = "\"'“”‘’`«» .…"


class CriterionVerdict(LazyModel):
    """A judge's verdict on one criterion; `evidence` is a quote from the submission when met."""

    model_config = ConfigDict(frozen=True)

    id: str
    met: bool
    evidence: str | None = None


class Judge(Protocol):
    """Judges a text against criteria, one verdict per criterion, in the criteria's order."""

    name: str

    @property
    def usage(self) -> Usage:
        """Tokens and cost this judge has spent."""
        ...

    def judge(
        self, criteria: Sequence[Criterion], submission_text: str, *, deadline_monotonic: float | None = None
    ) -> list[CriterionVerdict]:
        """One verdict per criterion."""
        ...


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def is_verbatim_quote(evidence: str | None, submission_text: str) -> bool:
    """True when the evidence is a real quote of the submission (whitespace runs and quote marks aside)."""
    if not evidence:
        return False
    quote = _squash(evidence).strip(_QUOTE_EDGES)
    return len(quote) >= MIN_QUOTE_CHARS and quote in _squash(submission_text)
