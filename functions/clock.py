"""Time and id sources, injected so tests never sleep or guess ids."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
IdSource = Callable[[], str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def random_id() -> str:
    """An unguessable id: 128 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(16)
