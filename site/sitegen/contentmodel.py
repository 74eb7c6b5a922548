"""The pydantic settings every content model shares."""

from __future__ import annotations

from pydantic import ConfigDict

# Unknown keys are errors (typos must not pass silently); loaded content is never changed; and each
# model's validator is built on its first use, so a build that finds everything in its cache never
# builds them (about 40 ms of a one-edit rebuild).
CONTENT_MODEL = ConfigDict(extra="forbid", frozen=True, defer_build=True)
