"""Account outcomes the pages act on, each with its own error code (e.g. go to the confirm page)."""

from __future__ import annotations

from functions.errors import Forbidden, Unauthorized


class AccountNotConfirmed(Forbidden):
    """Right password, but the email address was never confirmed with its code."""

    code = "account_not_confirmed"


class PasswordResetRequired(Forbidden):
    code = "password_reset_required"


class SessionEnded(Unauthorized):
    """The refresh token is missing, revoked or expired: the user must sign in again."""

    code = "session_ended"
