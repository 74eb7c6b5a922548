"""Gym fixtures: the real tasks from the built content bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def tasks(bundle_dir: Path) -> dict[str, Any]:
    from functions.bundle import load_bundle
    from functions.gym.tasks import load_tasks

    return load_tasks(load_bundle(bundle_dir))
