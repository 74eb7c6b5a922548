"""The base of every pydantic model in functions/: its validator is built at first use, not at import."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LazyModel(BaseModel):
    """A BaseModel with `defer_build`: a cold start pays only for the models its first request uses.

    Building a model's validator and serializer costs ~0.15 ms per model; the API declares about
    seventy, most of which a given request never touches (see "Cold start" in docs/performance.md).
    """

    model_config = ConfigDict(defer_build=True)
