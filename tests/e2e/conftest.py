"""Fixtures for the Lambda entry points."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def api_handler(deps: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`functions.api.handler`, its app built from the test's `deps` (moto, fixed clock) on the first event."""
    from functions import api
    from functions.web.areas import lazy_api

    api._adapter.cache_clear()
    monkeypatch.setattr(api, "create_app", lambda: lazy_api(deps))
    yield api.handler
    api._adapter.cache_clear()
