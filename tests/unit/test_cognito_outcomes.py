"""Each Cognito outcome becomes the portal's own error: status, code, the field it names, a clear message.

moto raises only some of these; the rest (Cognito's own throttling, delivery failures, outages) are
fed in here as the errors AWS returns, through botocore's Stubber on a real client: it also checks
that each step calls the operation named in its row with parameters the service model accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from functions.errors import ProjectError
from functions.users.identity import Identity

# step -> (the one Cognito operation it makes, how the portal takes it)
STEPS: dict[str, tuple[str, Callable[[Identity], Any]]] = {
    "sign_up": ("sign_up", lambda identity: identity.sign_up("a@example.com", "Correct-Horse-42", "A")),
    "confirm": ("confirm_sign_up", lambda identity: identity.confirm_sign_up("a@example.com", "123456")),
    "resend": ("resend_confirmation_code", lambda identity: identity.resend_code("a@example.com")),
    "sign_in": ("initiate_auth", lambda identity: identity.sign_in("a@example.com", "Correct-Horse-42")),
    "refresh": ("initiate_auth", lambda identity: identity.refresh("refresh-token")),
    "sign_out": ("revoke_token", lambda identity: identity.revoke("refresh-token")),
    "forgot": ("forgot_password", lambda identity: identity.forgot_password("a@example.com")),
    "reset": ("confirm_forgot_password",
              lambda identity: identity.confirm_forgot_password("a@example.com", "123456", "Correct-Horse-42")),
    "change": ("change_password",
               lambda identity: identity.change_password("access-token", "Old-Horse-42", "New-Horse-42")),
    "profile": ("get_user", lambda identity: identity.profile("access-token")),
    "delete": ("delete_user", lambda identity: identity.delete("access-token")),
}  # fmt: skip


def cognito_client(**settings: Any) -> Any:
    return boto3.client(
        "cognito-idp", region_name="eu-west-2", aws_access_key_id="testing", aws_secret_access_key="testing", **settings
    )


def outcome(code: str, step: str) -> ProjectError | None:
    """What the portal makes of Cognito answering `step` with the error `code`."""
    client = cognito_client()
    operation, take = STEPS[step]
    with Stubber(client) as stubber:
        stubber.add_client_error(operation, service_error_code=code, service_message="from AWS")
        try:
            take(Identity(client, "client"))
        except ProjectError as exc:
            return exc
        finally:
            stubber.assert_no_pending_responses()  # the step made exactly its operation
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
    nowhere = cognito_client(endpoint_url="http://127.0.0.1:9", config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(ProjectError) as caught:
        Identity(nowhere, "client").sign_in("a@example.com", "Correct-Horse-42")
    assert caught.value.status == 503
    assert isinstance(caught.value.__cause__, EndpointConnectionError)
