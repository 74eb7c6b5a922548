"""Cognito through boto3: the only module that calls the user pool, and where its errors become ours.

Every call is a public (client) API of the pool, authorised by the app client id or the user's
own access token, so the API Lambda needs no `cognito-idp:Admin*` permission.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import Conflict, FieldError, ProjectError, RateLimited, Unauthorized, UpstreamUnavailable
from functions.errors import ValidationFailed as Invalid
from functions.users.errors import AccountNotConfirmed, PasswordResetRequired, SessionEnded
from functions.users.passwords import PASSWORD_RULE

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

log = logging.getLogger("functions.users.identity")

# The auth flows this module passes to InitiateAuth; infra/resources.yml must allow exactly these.
PASSWORD_FLOW = "USER_PASSWORD_AUTH"  # noqa: S105 (a flow name)
REFRESH_FLOW = "REFRESH_TOKEN_AUTH"
COGNITO_RETRY_SECONDS = 900

Outcome = Callable[[], ProjectError]


def _field(field: str, message: str) -> Outcome:
    return lambda: Invalid(message, fields=[FieldError(field, message)])


def _too_many() -> ProjectError:
    return RateLimited(
        "Too many attempts for this account. Wait about 15 minutes, then try again.",
        retry_after_seconds=COGNITO_RETRY_SECONDS,
    )


# What each Cognito error means to the user, unless an operation says otherwise.
COMMON_OUTCOMES: dict[str, Outcome] = {
    "CodeMismatchException": _field("code", "That code is not right. Check the latest email we sent and try again."),
    "ExpiredCodeException": _field("code", "That code has expired. Ask for a new one and use it within 24 hours."),
    "InvalidPasswordException": _field("password", PASSWORD_RULE),
    "UserNotConfirmedException": lambda: AccountNotConfirmed(
        "Confirm your email address first: enter the code we sent you, or ask for a new one."
    ),
    "PasswordResetRequiredException": lambda: PasswordResetRequired(
        "This account needs a new password: use “Forgot your password?” to set one."
    ),
    "LimitExceededException": _too_many,
    "TooManyRequestsException": _too_many,
    "TooManyFailedAttemptsException": _too_many,
    "CodeDeliveryFailureException": lambda: UpstreamUnavailable("We could not send the email; try again shortly."),
    # A value our schemas let through but Cognito's own rules refuse: the request's fault, not Cognito's.
    "InvalidParameterException": _field("body", "Cognito refused a value in this request: check each field."),
}

WRONG_CREDENTIALS = "The email or password is not right."


@dataclass(frozen=True)
class Tokens:
    """What a sign-in or refresh gives: the access token for the page, the refresh token for the cookie."""

    access_token: str
    expires_in: int
    refresh_token: str | None


@dataclass(frozen=True)
class Profile:
    """The user's attributes as the pool holds them."""

    username: str
    email: str
    name: str
    email_verified: bool


class Identity:
    """The user pool, seen from the portal's app client."""

    def __init__(self, client: CognitoIdentityProviderClient, client_id: str) -> None:
        self._client = client
        self._client_id = client_id

    def _call(self, operation: str, outcomes: Mapping[str, Outcome | None] | None = None, **kwargs: Any) -> Any:
        """Call one Cognito operation; translate its error (an outcome of None means: treat as success)."""
        try:
            return getattr(self._client, operation)(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            table = {**COMMON_OUTCOMES, **(outcomes or {})}
            if code in table:
                outcome = table[code]
                if outcome is None:
                    return None
                raise outcome() from exc
            log.error("cognito call failed", extra={"operation": operation, "code": code})
            raise UpstreamUnavailable("Accounts are unavailable right now; try again shortly.") from exc
        except BotoCoreError as exc:
            log.error("cognito unreachable", extra={"operation": operation, "error": str(exc)})
            raise UpstreamUnavailable("Accounts are unavailable right now; try again shortly.") from exc

    def sign_up(self, email: str, password: str, name: str) -> None:
        """Create an unconfirmed user; Cognito emails the confirmation code."""
        self._call(
            "sign_up",
            {
                "UsernameExistsException": lambda: Conflict(
                    "An account with this email already exists. Sign in, or reset your password.",
                    fields=[FieldError("email", "already registered")],
                ),
                "InvalidParameterException": _field("email", "Enter a valid email address."),
            },
            ClientId=self._client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": name}],
        )

    def confirm_sign_up(self, email: str, code: str) -> None:
        self._call(
            "confirm_sign_up",
            {
                # With prevent-user-existence on, Cognito answers an unknown user as a wrong code; so do we.
                "UserNotFoundException": COMMON_OUTCOMES["CodeMismatchException"],
                "NotAuthorizedException": lambda: Conflict("This account is already confirmed: sign in."),
                "AliasExistsException": lambda: Conflict("Another account already uses this email: sign in."),
            },
            ClientId=self._client_id,
            Username=email,
            ConfirmationCode=code,
        )

    def resend_code(self, email: str) -> None:
        self._call(
            "resend_confirmation_code",
            {
                "UserNotFoundException": None,
                "InvalidParameterException": lambda: Conflict("This account is already confirmed: sign in."),
            },
            ClientId=self._client_id,
            Username=email,
        )

    def sign_in(self, email: str, password: str) -> Tokens:
        result = self._call(
            "initiate_auth",
            {
                "NotAuthorizedException": lambda: Unauthorized(WRONG_CREDENTIALS),
                "UserNotFoundException": lambda: Unauthorized(WRONG_CREDENTIALS),
            },
            ClientId=self._client_id,
            AuthFlow=PASSWORD_FLOW,
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        return _tokens(result)

    def refresh(self, refresh_token: str) -> Tokens:
        result = self._call(
            "initiate_auth",
            {"NotAuthorizedException": lambda: SessionEnded("Your session has ended: sign in again.")},
            ClientId=self._client_id,
            AuthFlow=REFRESH_FLOW,
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
        return _tokens(result)

    def revoke(self, refresh_token: str) -> None:
        """Revoke a refresh token and the access tokens issued from it (signing out is never refused)."""
        self._call(
            "revoke_token",
            {"UnauthorizedException": None, "UnsupportedTokenTypeException": None, "InvalidParameterException": None},
            ClientId=self._client_id,
            Token=refresh_token,
        )

    def sign_out_everywhere(self, access_token: str) -> None:
        self._call(
            "global_sign_out",
            {"NotAuthorizedException": lambda: SessionEnded("Your session has ended: sign in again.")},
            AccessToken=access_token,
        )

    def forgot_password(self, email: str) -> None:
        self._call(
            "forgot_password",
            {
                "UserNotFoundException": None,
                "InvalidParameterException": lambda: AccountNotConfirmed(
                    "This email address was never confirmed: confirm it with its code first."
                ),
                "NotAuthorizedException": lambda: Unauthorized("This account's password cannot be reset here."),
            },
            ClientId=self._client_id,
            Username=email,
        )

    def confirm_forgot_password(self, email: str, code: str, password: str) -> None:
        self._call(
            "confirm_forgot_password",
            {"UserNotFoundException": COMMON_OUTCOMES["CodeMismatchException"]},
            ClientId=self._client_id,
            Username=email,
            ConfirmationCode=code,
            Password=password,
        )

    def change_password(self, access_token: str, current: str, new: str) -> None:
        self._call(
            "change_password",
            {
                "NotAuthorizedException": _field("current_password", "Your current password is not right."),
                "InvalidPasswordException": _field("new_password", PASSWORD_RULE),
            },
            AccessToken=access_token,
            PreviousPassword=current,
            ProposedPassword=new,
        )

    def profile(self, access_token: str) -> Profile:
        result = self._call(
            "get_user",
            {"NotAuthorizedException": lambda: SessionEnded("Your session has ended: sign in again.")},
            AccessToken=access_token,
        )
        attributes = {item["Name"]: item.get("Value", "") for item in result.get("UserAttributes", [])}
        return Profile(
            username=result["Username"],
            email=attributes.get("email", ""),
            name=attributes.get("name", ""),
            email_verified=attributes.get("email_verified", "false") == "true",
        )

    def rename(self, access_token: str, name: str) -> None:
        self._call(
            "update_user_attributes",
            {"NotAuthorizedException": lambda: SessionEnded("Your session has ended: sign in again.")},
            AccessToken=access_token,
            UserAttributes=[{"Name": "name", "Value": name}],
        )

    def delete(self, access_token: str) -> None:
        """Delete the signed-in user from the pool (their tokens stop refreshing at once)."""
        self._call(
            "delete_user",
            {"NotAuthorizedException": lambda: SessionEnded("Your session has ended: sign in again.")},
            AccessToken=access_token,
        )


def _tokens(result: dict[str, Any]) -> Tokens:
    if "AuthenticationResult" not in result:
        # A challenge (e.g. NEW_PASSWORD_REQUIRED for an admin-created user) has no page here.
        raise PasswordResetRequired("This account needs a new password: use “Forgot your password?” to set one.")
    auth = result["AuthenticationResult"]
    return Tokens(
        access_token=auth["AccessToken"],
        expires_in=int(auth.get("ExpiresIn", 3600)),
        refresh_token=auth.get("RefreshToken"),
    )
