"""The shared rate-limit counters and the SES sender, on moto."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from functions.errors import RateLimited
from functions.mail import Email, send
from functions.stores.counters import Limit, enforce, hit


def test_counters_count_atomically_per_window_and_key(deps: Any, clock: Any) -> None:
    limit = Limit("test", allowed=2, window_seconds=3600)
    assert [hit(deps.table, limit, "1.2.3.4", clock()) for _ in range(3)] == [1, 2, 3]
    assert hit(deps.table, limit, "5.6.7.8", clock()) == 1
    assert hit(deps.table, limit, "1.2.3.4", clock() + timedelta(hours=1)) == 1


def test_enforce_raises_429_with_retry_after_past_the_allowance(deps: Any, clock: Any) -> None:
    limit = Limit("test", allowed=1, window_seconds=60)
    enforce(deps.table, limit, "k", clock())
    with pytest.raises(RateLimited) as raised:
        enforce(deps.table, limit, "k", clock())
    assert 0 < raised.value.retry_after_seconds <= 60


def test_counter_items_expire_with_ttl(deps: Any, clock: Any) -> None:
    hit(deps.table, Limit("ttl", 5, 60), "k", clock())
    (item,) = deps.table.scan()["Items"]  # test-only inspection of what was written
    assert int(item["expires_at"]) > int(clock().timestamp())


def test_mail_is_sent_through_ses_from_the_configured_sender(deps: Any) -> None:
    from moto.backends import get_backend

    send(deps, Email(to="someone@example.com", subject="Hello", text="plain", html="<p>rich</p>"))
    backend = get_backend("ses")["123456789012"]["eu-west-2"]
    (message,) = backend.sent_messages
    assert message.source == deps.settings.sender_email
    assert message.destinations["ToAddresses"] == ["someone@example.com"]
