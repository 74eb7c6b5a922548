"""The base of every pydantic model in functions/: its validator is built at first use, not at import."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LazyModel(BaseModel):
    """A BaseModel with `defer_build`: a cold start pays only for the models its first request uses.

    Building the validators and serializers of the API's ~70 models at import cost ~45 ms of CPU,
    and a given request uses a handful of them (see "Cold start" in docs/performance.md).
    """

    model_config = ConfigDict(defer_build=True)
