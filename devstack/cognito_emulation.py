"""Make moto's Cognito deliver and check codes as Cognito does, and add the calls it lacks.

moto 5.2 confirms a sign-up whatever code it is given and sends none; it accepts any password
reset code that is not in its own `moto-confirmation-code:` form (which a user never sees); and
it has no ResendConfirmationCode, RevokeToken or DeleteUser. The portal calls all of these, so
the local stack (and the tests, which provision moto the same way) install this patch: codes
are six digits, expire (24 hours for sign-up, 1 hour for a reset, as Cognito's), are single use,
and land in `OUTBOX`, which devstack prints to its log in place of the email. Nothing in
`functions/` knows about it: the functions make the same calls they make to AWS.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SIGN_UP_CODE_SECONDS = 24 * 3600
RESET_CODE_SECONDS = 3600


@dataclass
class CodeMessage:
    """One code Cognito would have emailed."""

    email: str
    purpose: str  # "sign-up" or "password-reset"
    code: str
    issued_at: float


@dataclass
class Outbox:
    """Every code sent, newest last; `listeners` are told of each (devstack prints them)."""

    messages: list[CodeMessage] = field(default_factory=list)
    listeners: list[Callable[[CodeMessage], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, message: CodeMessage) -> None:
        with self._lock:
            self.messages.append(message)
        for listener in self.listeners:
            listener(message)

    def latest(self, email: str, purpose: str) -> CodeMessage | None:
        with self._lock:
            found = [m for m in self.messages if m.email == email.lower() and m.purpose == purpose]
        return found[-1] if found else None

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()


OUTBOX = Outbox()
_installed = False


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _email_of(user: Any) -> str:
    return str(user.attribute_lookup.get("email", user.username)).lower()


def _issue(user: Any, purpose: str) -> str:
    code = _new_code()
    user.emulated_codes = {**getattr(user, "emulated_codes", {}), purpose: (code, time.time())}
    OUTBOX.deliver(CodeMessage(email=_email_of(user), purpose=purpose, code=code, issued_at=time.time()))
    return code


def _check(user: Any, purpose: str, code: str, lifetime: float) -> None:
    from moto.cognitoidp.exceptions import CodeMismatchException, ExpiredCodeException

    issued = getattr(user, "emulated_codes", {}).get(purpose)
    if issued is None or not secrets.compare_digest(issued[0], code or ""):
        raise CodeMismatchException("Invalid verification code provided, please try again.")
    if time.time() - _issued_at(user, purpose, issued[1]) > lifetime:
        raise ExpiredCodeException("Invalid code provided, please request a code again.")
    del user.emulated_codes[purpose]


def _issued_at(user: Any, purpose: str, recorded: float) -> float:
    # A test ages a code by moving its message's issue time back; the outbox is the source of truth.
    message = OUTBOX.latest(_email_of(user), purpose)
    return message.issued_at if message is not None else recorded


def age_code(email: str, purpose: str, seconds: float) -> None:
    """Pretend the latest code for `email` was sent `seconds` earlier (to test expiry)."""
    message = OUTBOX.latest(email, purpose)
    if message is None:
        raise LookupError(f"no {purpose} code for {email}")
    message.issued_at -= seconds


def _pool_and_user(client_id: str, username: str) -> tuple[Any, Any]:
    from moto.cognitoidp.exceptions import ResourceNotFoundError
    from moto.cognitoidp.models import RegionAgnosticBackend

    backend = RegionAgnosticBackend("", "")._find_backend_for_clientid(client_id)
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool._get_user(username)
    raise ResourceNotFoundError(client_id)


def _pool_and_username_by_access_token(access_token: str) -> tuple[Any, str]:
    from moto.cognitoidp.exceptions import NotAuthorizedError
    from moto.cognitoidp.models import cognitoidp_backends

    for account in cognitoidp_backends.values():
        for region, backend in account.items():
            if region == "global":
                continue
            for pool in backend.user_pools.values():
                if access_token in pool.access_tokens:
                    return pool, pool.access_tokens[access_token][1]
    raise NotAuthorizedError("Invalid Access Token")


def install() -> Outbox:
    """Patch moto (idempotent); returns the outbox."""
    global _installed
    if _installed:
        return OUTBOX
    from moto.cognitoidp.exceptions import (
        CodeMismatchException,
        InvalidParameterException,
        UserNotFoundError,
    )
    from moto.cognitoidp.models import CognitoIdpBackend, UserStatus
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import EmptyResult

    original_sign_up = CognitoIdpBackend.sign_up
    original_forgot = CognitoIdpBackend.forgot_password
    original_confirm_forgot = CognitoIdpBackend.confirm_forgot_password
    original_confirm_response = CognitoIdpResponse.confirm_sign_up

    def sign_up(self: Any, client_id: str, username: str, password: str, attributes: Any) -> Any:
        user, details = original_sign_up(self, client_id, username, password, attributes)
        _issue(user, "sign-up")
        return user, details

    def confirm_sign_up_response(self: Any) -> Any:
        client_id, username = self._get_param("ClientId"), self._get_param("Username")
        _, user = _pool_and_user(client_id, username)
        if user is None:
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        if user.status == UserStatus.CONFIRMED:
            from moto.cognitoidp.exceptions import NotAuthorizedError

            raise NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED")
        _check(user, "sign-up", self._get_param("ConfirmationCode"), SIGN_UP_CODE_SECONDS)
        result = original_confirm_response(self)
        # The code proved the mailbox, so Cognito marks the address verified; moto does not.
        user.update_attributes([{"Name": "email_verified", "Value": "true"}])
        return result

    def resend_confirmation_code(self: Any) -> Any:
        _, user = _pool_and_user(self._get_param("ClientId"), self._get_param("Username"))
        if user is None:
            raise UserNotFoundError("Username/client id combination not found.")
        if user.status != UserStatus.UNCONFIRMED:
            raise InvalidParameterException("User is already confirmed.")
        _issue(user, "sign-up")
        email = _email_of(user)
        return {"CodeDeliveryDetails": {"Destination": email, "DeliveryMedium": "EMAIL", "AttributeName": "email"}}

    def forgot_password(self: Any, client_id: str, username: str) -> Any:
        _, response = original_forgot(self, client_id, username)
        _, user = _pool_and_user(client_id, username)
        if user is None:
            return None, response
        if user.status == UserStatus.UNCONFIRMED:
            raise InvalidParameterException(
                "Cannot reset password for the user as there is no registered/verified email or phone_number"
            )
        code = _issue(user, "password-reset")
        user.confirmation_code = None
        return code, response

    def confirm_forgot_password(self: Any, client_id: str, username: str, password: str, code: str) -> None:
        pool, user = _pool_and_user(client_id, username)
        if user is None:
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        # A refused password leaves the code usable, so the user can fix the password and retry.
        self._validate_password(pool.id, password)
        _check(user, "password-reset", code, RESET_CODE_SECONDS)
        original_confirm_forgot(self, client_id, username, password, "accepted")

    def revoke_token(self: Any) -> Any:
        token, client_id = self._get_param("Token"), self._get_param("ClientId")
        pool, _ = _pool_and_user(client_id, "")
        if token in pool.refresh_tokens:
            pool.refresh_tokens[token] = None
        return EmptyResult()

    def delete_user(self: Any) -> Any:
        pool, username = _pool_and_username_by_access_token(self._get_param("AccessToken"))
        user = pool._get_user(username)
        pool.sign_out(username)
        for group in user.groups:
            group.users.remove(user)
        del pool.users[user.username]
        return EmptyResult()

    def global_sign_out(self: Any) -> Any:
        # moto looks the token up in the signed region only; the call is unsigned, so look everywhere.
        pool, username = _pool_and_username_by_access_token(self._get_param("AccessToken"))
        pool.sign_out(username)
        return EmptyResult()

    CognitoIdpBackend.sign_up = sign_up  # type: ignore[method-assign]
    CognitoIdpBackend.forgot_password = forgot_password  # type: ignore[method-assign]
    CognitoIdpBackend.confirm_forgot_password = confirm_forgot_password  # type: ignore[method-assign,assignment]
    CognitoIdpResponse.confirm_sign_up = confirm_sign_up_response  # type: ignore[method-assign]
    CognitoIdpResponse.global_sign_out = global_sign_out  # type: ignore[method-assign]
    CognitoIdpResponse.resend_confirmation_code = _json(resend_confirmation_code)  # type: ignore[attr-defined]
    CognitoIdpResponse.revoke_token = revoke_token  # type: ignore[attr-defined]
    CognitoIdpResponse.delete_user = delete_user  # type: ignore[attr-defined]
    _installed = True
    return OUTBOX


def _json(method: Callable[[Any], dict[str, Any]]) -> Callable[[Any], Any]:
    from moto.core.responses import ActionResult

    def respond(self: Any) -> Any:
        return ActionResult(method(self))

    return respond
