"""Rate limits on the account flows, keyed by account and by client address (atomic expiring counters)."""

from __future__ import annotations

import hashlib

from functions.deps import Deps
from functions.stores.counters import Limit, enforce, enforce_address
from functions.stores.items import key

# Sign-in: per account against password guessing, per address against spraying many accounts.
SIGN_IN_PER_ACCOUNT = Limit("sign-in-account", allowed=10, window_seconds=900)
SIGN_IN_PER_ADDRESS = Limit("sign-in-address", allowed=60, window_seconds=900)
SIGN_UP_PER_ADDRESS = Limit("sign-up-address", allowed=20, window_seconds=3600)
# Codes are six digits: guesses per account are few; sends per account are fewer (each is an email).
CODE_CHECKS_PER_ACCOUNT = Limit("code-check-account", allowed=10, window_seconds=900)
CODE_SENDS_PER_ACCOUNT = Limit("code-send-account", allowed=5, window_seconds=3600)
CODE_SENDS_PER_ADDRESS = Limit("code-send-address", allowed=30, window_seconds=3600)


def account_key(email: str) -> str:
    """A counter key for an email that does not store the address itself."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]


ACCOUNT_LIMITS = (SIGN_IN_PER_ACCOUNT, CODE_CHECKS_PER_ACCOUNT, CODE_SENDS_PER_ACCOUNT)


def forget_account(deps: Deps, email: str) -> int:
    """Delete the account's counters (a deleted account leaves no trace, not even a hashed one)."""
    from functions.users.registry import delete_items, query_items

    items = [
        item
        for limit in ACCOUNT_LIMITS
        for item in query_items(deps.table, key("pk").eq(f"COUNTER#{limit.name}#{account_key(email)}"))
    ]
    return delete_items(deps.table, items)


def check_account(deps: Deps, limit: Limit, email: str) -> None:
    enforce(deps.table, limit, account_key(email), deps.clock())


def check_address(deps: Deps, limit: Limit, address: str) -> None:
    enforce_address(deps.table, limit, address, deps.clock())
