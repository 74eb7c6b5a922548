"""Sign-in and code limits: per account and per client address, as 429 with Retry-After."""

from __future__ import annotations

from typing import Any

from functions.users import limits


def attempt(client: Any, email: str, address: str = "198.51.100.7") -> Any:
    return client.post(
        "/api/auth/sign-in",
        json={"email": email, "password": "Wrong-password-1"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_sign_in_attempts_on_one_account_are_limited_even_from_many_addresses(client: Any, signed_in: Any) -> None:
    user = signed_in("ann@example.com")
    allowed = limits.SIGN_IN_PER_ACCOUNT.allowed - 1  # the fixture's own sign-in counted once
    answers = [attempt(client, user.email, f"203.0.113.{n}").status_code for n in range(allowed)]
    assert answers == [401] * allowed
    blocked = attempt(client, user.email, "203.0.113.200")
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= limits.SIGN_IN_PER_ACCOUNT.window_seconds
    right_password = client.post("/api/auth/sign-in", json={"email": user.email, "password": user.password})
    assert right_password.status_code == 429  # a locked account does not confirm a guessed password


def test_sign_in_attempts_from_one_address_are_limited_across_accounts(client: Any) -> None:
    allowed = limits.SIGN_IN_PER_ADDRESS.allowed
    answers = {attempt(client, f"user{n}@example.com").status_code for n in range(allowed)}
    assert answers == {401}
    assert attempt(client, "one-more@example.com").status_code == 429
    assert attempt(client, "one-more@example.com", address="198.51.100.8").status_code == 401


def test_ipv6_clients_are_counted_per_64_prefix_and_no_key_holds_the_address() -> None:
    from functions.stores.counters import address_key

    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:198.51.100.7") == address_key("198.51.100.7")  # IPv4 written as IPv6
    assert address_key("::ffff:198.51.100.7") != address_key("::ffff:198.51.100.8")
    assert address_key("not an address") == "unknown"
    for address in ("198.51.100.7", "2001:db8:1:2::1"):
        key = address_key(address)
        assert len(key) == 24
        assert address not in key
        assert "2001" not in key


def test_confirmation_code_guesses_per_account_are_limited(client: Any) -> None:
    client.post("/api/auth/sign-up", json={"email": "ann@example.com", "password": "Correct-Horse-42", "name": "A"})
    codes = [client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": f"{n:06d}"}) for n in range(11)]
    assert codes[-1].status_code == 429
    assert {r.status_code for r in codes[:-1]} <= {200, 422}


def test_resending_codes_is_limited_per_account(client: Any) -> None:
    client.post("/api/auth/sign-up", json={"email": "ann@example.com", "password": "Correct-Horse-42", "name": "A"})
    answers = [client.post("/api/auth/resend-code", json={"email": "ann@example.com"}).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_the_counters_do_not_store_the_email_itself(client: Any, deps: Any) -> None:
    attempt(client, "ann@example.com")
    key = f"COUNTER#{limits.SIGN_IN_PER_ACCOUNT.name}#{limits.account_key('ann@example.com')}"
    items = deps.table.query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": key})["Items"]
    assert len(items) == 1
    assert "ann" not in str(items)
