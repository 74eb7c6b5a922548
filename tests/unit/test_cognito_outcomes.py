"""Each Cognito outcome becomes the portal's own error: status, code, the field it names, a clear message.

moto raises only some of these; the rest (Cognito's own throttling, delivery failures, outages) are
fed in here as the botocore errors AWS returns, so every row of the table is checked.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from functions.errors import ProjectError
from functions.users.identity import Identity


class FailingCognito:
    """A Cognito client whose every call fails with one error code."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.calls: list[str] = []

    def __getattr__(self, operation: str) -> Any:
        def call(**kwargs: Any) -> Any:
            self.calls.append(operation)
            raise ClientError({"Error": {"Code": self.code, "Message": "from AWS"}}, operation)

        return call


def outcome(code: str, step: str) -> ProjectError | None:
    identity = Identity(FailingCognito(code), "client")  # type: ignore[arg-type]
    steps = {
        "sign_up": lambda: identity.sign_up("a@example.com", "pw", "A"),
        "confirm": lambda: identity.confirm_sign_up("a@example.com", "123456"),
        "resend": lambda: identity.resend_code("a@example.com"),
        "sign_in": lambda: identity.sign_in("a@example.com", "pw"),
        "refresh": lambda: identity.refresh("token"),
        "sign_out": lambda: identity.revoke("token"),
        "forgot": lambda: identity.forgot_password("a@example.com"),
        "reset": lambda: identity.confirm_forgot_password("a@example.com", "123456", "pw"),
        "change": lambda: identity.change_password("access", "old", "new"),
        "profile": lambda: identity.profile("access"),
        "delete": lambda: identity.delete("access"),
    }
    try:
        steps[step]()
    except ProjectError as exc:
        return exc
    return None


TABLE = [
    # (Cognito error, step, status, error code, field or None, words in the message)
    ("CodeMismatchException", "confirm", 422, "validation_error", "code", "not right"),
    ("ExpiredCodeException", "confirm", 422, "validation_error", "code", "expired"),
    ("CodeMismatchException", "reset", 422, "validation_error", "code", "not right"),
    ("ExpiredCodeException", "reset", 422, "validation_error", "code", "expired"),
    ("UserNotFoundException", "confirm", 422, "validation_error", "code", "not right"),
    ("UserNotFoundException", "reset", 422, "validation_error", "code", "not right"),
    ("NotAuthorizedException", "confirm", 409, "conflict", None, "already confirmed"),
    ("AliasExistsException", "confirm", 409, "conflict", None, "already uses this email"),
    ("UsernameExistsException", "sign_up", 409, "conflict", "email", "already exists"),
    ("InvalidPasswordException", "sign_up", 422, "validation_error", "password", "at least 10 characters"),
    ("InvalidPasswordException", "reset", 422, "validation_error", "password", "at least 10 characters"),
    ("InvalidPasswordException", "change", 422, "validation_error", "new_password", "at least 10 characters"),
    # Cognito's own rules on a value our schemas let through: the request's fault, never a 503.
    ("InvalidParameterException", "confirm", 422, "validation_error", "body", "check each field"),
    ("InvalidParameterException", "reset", 422, "validation_error", "body", "check each field"),
    ("InvalidParameterException", "change", 422, "validation_error", "body", "check each field"),
    ("InvalidParameterException", "sign_up", 422, "validation_error", "email", "valid email"),
    ("NotAuthorizedException", "change", 422, "validation_error", "current_password", "not right"),
    ("UserNotConfirmedException", "sign_in", 403, "account_not_confirmed", None, "Confirm your email"),
    ("PasswordResetRequiredException", "sign_in", 403, "password_reset_required", None, "new password"),
    ("NotAuthorizedException", "sign_in", 401, "unauthorized", None, "email or password is not right"),
    ("UserNotFoundException", "sign_in", 401, "unauthorized", None, "email or password is not right"),
    ("NotAuthorizedException", "refresh", 401, "session_ended", None, "sign in again"),
    ("NotAuthorizedException", "profile", 401, "session_ended", None, "sign in again"),
    ("NotAuthorizedException", "delete", 401, "session_ended", None, "sign in again"),
    ("InvalidParameterException", "resend", 409, "conflict", None, "already confirmed"),
    ("InvalidParameterException", "forgot", 403, "account_not_confirmed", None, "never confirmed"),
    ("LimitExceededException", "forgot", 429, "rate_limited", None, "Too many attempts"),
    ("TooManyRequestsException", "sign_in", 429, "rate_limited", None, "Too many attempts"),
    ("TooManyFailedAttemptsException", "confirm", 429, "rate_limited", None, "Too many attempts"),
    ("LimitExceededException", "change", 429, "rate_limited", None, "Too many attempts"),
    ("CodeDeliveryFailureException", "sign_up", 503, "upstream_unavailable", None, "could not send the email"),
    ("InternalErrorException", "sign_in", 503, "upstream_unavailable", None, "try again shortly"),
    ("SomethingNewFromAws", "profile", 503, "upstream_unavailable", None, "try again shortly"),
]


@pytest.mark.parametrize(("cognito_error", "step", "status", "code", "field", "words"), TABLE)
def test_each_cognito_outcome_has_its_own_answer(
    cognito_error: str, step: str, status: int, code: str, field: str | None, words: str
) -> None:
    error = outcome(cognito_error, step)
    assert error is not None
    assert (error.status, error.code) == (status, code)
    assert [f.field for f in error.fields] == ([field] if field else [])
    assert words in error.message
    if status == 429:
        assert error.retry_after_seconds > 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cognito_error", "step"),
    [
        ("UserNotFoundException", "resend"),  # no enumeration: an unknown email looks like a sent code
        ("UserNotFoundException", "forgot"),
        ("UnauthorizedException", "sign_out"),  # signing out never fails for the user
        ("UnsupportedTokenTypeException", "sign_out"),
    ],
)
def test_outcomes_that_must_look_like_success(cognito_error: str, step: str) -> None:
    assert outcome(cognito_error, step) is None


def test_an_unreachable_cognito_is_a_503() -> None:
    class Unreachable:
        def initiate_auth(self, **kwargs: Any) -> Any:
            raise EndpointConnectionError(endpoint_url="https://cognito-idp.eu-west-2.amazonaws.com")

    with pytest.raises(ProjectError) as caught:
        Identity(Unreachable(), "client").sign_in("a@example.com", "pw")  # type: ignore[arg-type]
    assert caught.value.status == 503
