"""Every account flow on moto through the API, with each Cognito outcome the pages must explain."""

from __future__ import annotations

from typing import Any

import pytest

from devstack import cognito_emulation
from devstack.cognito_emulation import OUTBOX
from tests.conftest import DEFAULT_PASSWORD

CSRF = "__Host-ab_csrf"
REFRESH = "__Secure-ab_refresh"


def sign_up(client: Any, email: str = "ann@example.com", password: str = DEFAULT_PASSWORD, name: str = "Ann") -> Any:
    return client.post("/api/auth/sign-up", json={"email": email, "password": password, "name": name})


def code_for(email: str, purpose: str = "sign-up") -> str:
    message = OUTBOX.latest(email, purpose)
    assert message is not None, f"no {purpose} code was sent to {email}"
    return message.code


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.get_json()["error"]
    return body


def field_names(response: Any) -> list[str]:
    return [problem["field"] for problem in error(response)["fields"]]


def csrf_header(client: Any) -> dict[str, str]:
    cookie = client.get_cookie(CSRF)
    return {"X-CSRF-Token": cookie.value if cookie else ""}


def signed_up_and_confirmed(client: Any, email: str = "ann@example.com") -> None:
    assert sign_up(client, email).status_code == 201
    assert client.post("/api/auth/confirm", json={"email": email, "code": code_for(email)}).status_code == 200


def test_sign_up_sends_a_code_and_confirming_with_it_lets_the_user_sign_in(client: Any) -> None:
    response = sign_up(client, email="Ann@Example.com")
    assert response.status_code == 201
    code = code_for("ann@example.com")
    assert len(code) == 6
    assert code.isdigit()
    before = client.post("/api/auth/sign-in", json={"email": "ann@example.com", "password": DEFAULT_PASSWORD})
    assert before.status_code == 403
    assert error(before)["code"] == "account_not_confirmed"
    confirmed = client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": code})
    assert confirmed.status_code == 200
    signed_in = client.post("/api/auth/sign-in", json={"email": "ANN@example.com", "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 200
    body = signed_in.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0
    me = client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"}).get_json()
    assert (me["email"], me["name"], me["email_verified"], me["groups"]) == ("ann@example.com", "Ann", True, [])


def test_signing_in_sets_an_httponly_strict_refresh_cookie_scoped_to_the_auth_routes(client: Any) -> None:
    signed_up_and_confirmed(client)
    response = client.post("/api/auth/sign-in", json={"email": "ann@example.com", "password": DEFAULT_PASSWORD})
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    refresh = cookies[REFRESH]
    for attribute in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth", "Max-Age=2592000"):
        assert attribute in refresh
    csrf = cookies[CSRF]
    for attribute in ("Secure", "SameSite=Strict", "Path=/"):
        assert attribute in csrf
    assert "HttpOnly" not in csrf
    assert "refresh_token" not in response.get_json()


def test_a_wrong_confirmation_code_is_refused_naming_the_code_field(client: Any) -> None:
    sign_up(client)
    wrong = "000000" if code_for("ann@example.com") != "000000" else "111111"
    response = client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": wrong})
    assert response.status_code == 422
    assert field_names(response) == ["code"]
    assert "not right" in error(response)["message"]


def test_an_expired_confirmation_code_is_refused_and_a_resent_one_works(client: Any) -> None:
    sign_up(client)
    old = code_for("ann@example.com")
    cognito_emulation.age_code("ann@example.com", "sign-up", 25 * 3600)
    response = client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": old})
    assert response.status_code == 422
    assert "expired" in error(response)["message"]
    assert client.post("/api/auth/resend-code", json={"email": "ann@example.com"}).status_code == 200
    new = code_for("ann@example.com")
    assert client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": new}).status_code == 200


def test_confirming_twice_says_the_account_is_already_confirmed(client: Any) -> None:
    signed_up_and_confirmed(client)
    again = client.post("/api/auth/confirm", json={"email": "ann@example.com", "code": "123456"})
    assert again.status_code == 409
    resend = client.post("/api/auth/resend-code", json={"email": "ann@example.com"})
    assert resend.status_code == 409
    assert "already confirmed" in error(resend)["message"]


def test_signing_up_twice_with_one_email_says_the_user_exists(client: Any) -> None:
    sign_up(client)
    response = sign_up(client, email="ANN@example.com")
    assert response.status_code == 409
    assert field_names(response) == ["email"]


@pytest.mark.parametrize("password", ["short1A", "alllowercase123", "ALLUPPERCASE123", "NoDigitsAtAllHere"])
def test_a_weak_password_is_refused_with_the_pool_policy_in_words(client: Any, password: str) -> None:
    response = sign_up(client, password=password)
    assert response.status_code == 422
    assert field_names(response) == ["password"]
    assert "at least 10 characters" in error(response)["fields"][0]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": DEFAULT_PASSWORD, "name": "Ann"}, "email"),
        ({"email": "ann@example.com", "password": DEFAULT_PASSWORD, "name": ""}, "name"),
        ({"email": "ann@example.com", "password": DEFAULT_PASSWORD, "name": "A\u0000nn"}, "name"),
        ({"email": "ann@example.com", "password": DEFAULT_PASSWORD}, "name"),
        ({"email": "ann@example.com", "password": DEFAULT_PASSWORD, "name": "Ann", "admin": True}, "admin"),
        # What Cognito itself would refuse as a bad parameter (a 503 before): caught here, by name.
        ({"email": "ann\u200b@example.com", "password": DEFAULT_PASSWORD, "name": "Ann"}, "email"),
        ({"email": "a@" + "b" * 130 + ".com", "password": DEFAULT_PASSWORD, "name": "Ann"}, "email"),
        ({"email": "ann@example.com", "password": " " + DEFAULT_PASSWORD, "name": "Ann"}, "password"),
        ({"email": "ann@example.com", "password": "x", "name": "Ann"}, "password"),
        ({"email": "ann@example.com", "password": DEFAULT_PASSWORD + "\n", "name": "Ann"}, "password"),
    ],
)
def test_sign_up_fields_are_validated_by_name(client: Any, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/auth/sign-up", json=body)
    assert response.status_code == 422
    assert field_names(response) == [field]


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client: Any) -> None:
    signed_up_and_confirmed(client)
    wrong = client.post("/api/auth/sign-in", json={"email": "ann@example.com", "password": "Wrong-password-1"})
    unknown = client.post("/api/auth/sign-in", json={"email": "nobody@example.com", "password": "Wrong-password-1"})
    assert wrong.status_code == unknown.status_code == 401
    assert error(wrong) == error(unknown)


def test_forgot_password_answers_the_same_for_unknown_emails(client: Any) -> None:
    signed_up_and_confirmed(client)
    known = client.post("/api/auth/forgot-password", json={"email": "ann@example.com"})
    unknown = client.post("/api/auth/forgot-password", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_json() == unknown.get_json()
    assert OUTBOX.latest("nobody@example.com", "password-reset") is None


def test_a_forgotten_password_is_reset_with_the_emailed_code(client: Any) -> None:
    signed_up_and_confirmed(client)
    client.post("/api/auth/forgot-password", json={"email": "ann@example.com"})
    code = code_for("ann@example.com", "password-reset")
    wrong = "000000" if code != "000000" else "111111"
    body = {"email": "ann@example.com", "password": "Brand-new-pass-7"}
    mismatch = client.post("/api/auth/reset-password", json={**body, "code": wrong})
    assert mismatch.status_code == 422
    assert field_names(mismatch) == ["code"]
    weak = client.post("/api/auth/reset-password", json={**body, "code": code, "password": "weak"})
    assert weak.status_code == 422
    assert field_names(weak) == ["password"]
    reset = client.post("/api/auth/reset-password", json={**body, "code": code})
    assert reset.status_code == 200
    reused = client.post("/api/auth/reset-password", json={**body, "code": code})
    assert reused.status_code == 422
    old = client.post("/api/auth/sign-in", json={"email": "ann@example.com", "password": DEFAULT_PASSWORD})
    assert old.status_code == 401
    new = client.post("/api/auth/sign-in", json={"email": "ann@example.com", "password": "Brand-new-pass-7"})
    assert new.status_code == 200


def test_an_expired_reset_code_is_refused(client: Any) -> None:
    signed_up_and_confirmed(client)
    client.post("/api/auth/forgot-password", json={"email": "ann@example.com"})
    code = code_for("ann@example.com", "password-reset")
    cognito_emulation.age_code("ann@example.com", "password-reset", 2 * 3600)
    body = {"email": "ann@example.com", "code": code, "password": "Brand-new-pass-7"}
    response = client.post("/api/auth/reset-password", json=body)
    assert response.status_code == 422
    assert "expired" in error(response)["message"]


def test_forgot_password_for_an_unconfirmed_account_says_to_confirm_first(client: Any) -> None:
    sign_up(client)
    response = client.post("/api/auth/forgot-password", json={"email": "ann@example.com"})
    assert response.status_code == 403
    assert error(response)["code"] == "account_not_confirmed"


def test_refresh_gives_a_new_access_token_with_the_csrf_header_only(client: Any, signed_in: Any) -> None:
    user = signed_in("ann@example.com")
    without = client.post("/api/auth/refresh")
    assert without.status_code == 403
    forged = client.post("/api/auth/refresh", headers={"X-CSRF-Token": "guess"})
    assert forged.status_code == 403
    response = client.post("/api/auth/refresh", headers=csrf_header(client))
    assert response.status_code == 200
    token = response.get_json()["access_token"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.get_json()["user_id"] == user.user_id


def test_refresh_without_a_session_cookie_is_a_401_that_clears_the_cookies(client: Any) -> None:
    response = client.post("/api/auth/refresh", headers={"X-CSRF-Token": "x"})
    assert response.status_code == 401
    assert error(response)["code"] == "session_ended"
    assert any(CSRF in header for header in response.headers.getlist("Set-Cookie"))


def test_sign_out_revokes_the_refresh_token_and_clears_the_cookies(client: Any, signed_in: Any) -> None:
    signed_in("ann@example.com")
    refresh_token = client.get_cookie(REFRESH, path="/api/auth").value
    headers = csrf_header(client)
    assert client.post("/api/auth/sign-out").status_code == 403  # no CSRF header: nothing happens
    response = client.post("/api/auth/sign-out", headers=headers)
    assert response.status_code == 204
    assert client.get_cookie(REFRESH, path="/api/auth") is None
    assert client.get_cookie(CSRF) is None
    client.set_cookie(REFRESH, refresh_token, path="/api/auth")
    client.set_cookie(CSRF, headers["X-CSRF-Token"])
    replay = client.post("/api/auth/refresh", headers=headers)
    assert replay.status_code == 401
    assert error(replay)["code"] == "session_ended"


def test_signing_out_without_a_session_is_harmless(client: Any) -> None:
    assert client.post("/api/auth/sign-out").status_code == 204


def test_sign_out_everywhere_ends_every_session_of_the_user(client: Any, signed_in: Any) -> None:
    user = signed_in("ann@example.com")
    headers = csrf_header(client)
    assert client.post("/api/auth/sign-out-everywhere", headers=user.headers).status_code == 204
    client.set_cookie(CSRF, headers["X-CSRF-Token"])
    assert client.post("/api/auth/refresh", headers=headers).status_code == 401


def test_change_password_checks_the_current_one_and_the_policy(client: Any, signed_in: Any) -> None:
    user = signed_in("ann@example.com")
    body = {"current_password": "Not-the-password-1", "new_password": "Another-pass-99"}
    wrong = client.post("/api/auth/change-password", json=body, headers=user.headers)
    assert wrong.status_code == 422
    assert field_names(wrong) == ["current_password"]
    weak = client.post(
        "/api/auth/change-password",
        json={"current_password": user.password, "new_password": "weak"},
        headers=user.headers,
    )
    assert weak.status_code == 422
    assert field_names(weak) == ["new_password"]
    done = client.post(
        "/api/auth/change-password", json={**body, "current_password": user.password}, headers=user.headers
    )
    assert done.status_code == 200
    again = client.post("/api/auth/sign-in", json={"email": user.email, "password": "Another-pass-99"})
    assert again.status_code == 200


def test_the_display_name_can_be_changed(client: Any, signed_in: Any) -> None:
    user = signed_in("ann@example.com", name="Ann")
    response = client.patch("/api/me", json={"name": "Ann Boss"}, headers=user.headers)
    assert response.status_code == 200
    assert client.get("/api/me", headers=user.headers).get_json()["name"] == "Ann Boss"


def test_admins_carry_the_admin_group(client: Any, signed_in: Any) -> None:
    boss = signed_in("boss@example.com", admin=True)
    assert client.get("/api/me", headers=boss.headers).get_json()["groups"] == ["admin"]
