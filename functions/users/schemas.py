"""Request and response bodies of the account API."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

from functions.lazy_model import LazyModel
from functions.web.schemas import StrictModel

# Whitespace as Python's str.strip sees it, plus control characters. Written as explicit ranges
# (not \s) so the published pattern means the same to the API and to any JSON Schema client.
_WS = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2060\u3000\ufeff"
# Deliberately plain: one @, a dotted domain, no spaces or invisible characters (zero-width ones
# included: Cognito refuses them). Cognito and the confirmation email decide the rest.
EMAIL_PATTERN = rf"^[^@{_WS}]{{1,64}}@[^@.{_WS}]+(\.[^@.{_WS}]+)+$"
# Printable text that starts and ends with a visible character (names are trimmed first).
NAME_PATTERN = rf"^[^{_WS}]([^\x00-\x1f\x7f-\x9f]*[^{_WS}])?$"
_EMAIL = re.compile(EMAIL_PATTERN)
_NAME = re.compile(NAME_PATTERN)


def _normalise_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("enter a valid email address")
    # One account per mailbox, whatever the capitals: Cognito usernames compare case-sensitively.
    return value.lower()


def _plain_text(value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError("use letters, digits, spaces and punctuation, without control characters")
    return value


# The patterns are validated by the functions below (for readable messages) and published in the
# OpenAPI document, so a schema-valid request is never refused for its shape.
Email = Annotated[
    str,
    StringConstraints(max_length=128),  # Cognito's limit for a username, which the email is
    AfterValidator(_normalise_email),
    Field(json_schema_extra={"pattern": EMAIL_PATTERN}),
]
# Passwords are never trimmed: what the user typed is what Cognito checks. Cognito refuses (as a bad
# parameter, not a wrong password) one that starts or ends with whitespace or is a single character.
PASSWORD_PATTERN = r"^\S.*\S$"  # noqa: S105 - a pattern, not a password
_PASSWORD = re.compile(PASSWORD_PATTERN)


def _password_shape(value: str) -> str:
    if not _PASSWORD.fullmatch(value):
        raise ValueError("a password has at least two characters and does not start or end with a space")
    return value


Password = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=2, max_length=256),
    AfterValidator(_password_shape),
    Field(json_schema_extra={"pattern": PASSWORD_PATTERN}),
]
Code = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
DisplayName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80),
    AfterValidator(_plain_text),
    Field(json_schema_extra={"pattern": NAME_PATTERN}),
]


class SignUpRequest(StrictModel):
    email: Email
    password: Password
    name: DisplayName


class ConfirmRequest(StrictModel):
    email: Email
    code: Code


class EmailRequest(StrictModel):
    email: Email


class SignInRequest(StrictModel):
    email: Email
    password: Password


class ResetPasswordRequest(StrictModel):
    email: Email
    code: Code
    password: Password


class ChangePasswordRequest(StrictModel):
    current_password: Password
    new_password: Password


class RenameRequest(StrictModel):
    name: DisplayName


class Accepted(LazyModel):
    """A step that worked; `message` says what happens next."""

    message: str


class SessionTokens(LazyModel):
    """The access token for `Authorization: Bearer`; the refresh token stays in its HttpOnly cookie."""

    access_token: str
    token_type: str = "Bearer"  # noqa: S105 (a scheme name)
    expires_in: int


class Me(LazyModel):
    user_id: str
    email: str
    name: str
    email_verified: bool
    groups: list[str]


class Export(LazyModel):
    """Everything stored about the user: the account itself and each feature's data."""

    format: str = "agent-boss-export/1"
    exported_at: str
    account: Me
    data: dict[str, Any]


class Deleted(LazyModel):
    message: str
    items_deleted: dict[str, int]
