"""`/api/auth/...`: sign up, confirm, sign in, refresh, sign out and password recovery on Cognito."""

from __future__ import annotations

from flask import Response

from functions.users import service
from functions.users.errors import SessionEnded
from functions.users.schemas import (
    Accepted,
    ChangePasswordRequest,
    ConfirmRequest,
    EmailRequest,
    ResetPasswordRequest,
    SessionTokens,
    SignInRequest,
    SignUpRequest,
)
from functions.web.auth import current_access_token
from functions.web.client import client_address
from functions.web.errors import error_response
from functions.web.routing import ApiBlueprint, current_deps, json_response
from functions.web.schemas import ErrorResponse
from functions.web.session import (
    CSRF_HEADER,
    clear_session_cookies,
    refresh_token_from_cookie,
    require_csrf_token,
    set_session_cookies,
)

blueprint = ApiBlueprint("accounts", __name__, tag="accounts", max_body_bytes=4 * 1024)

CODE_SENT = "If that email can receive a code, we have sent one. It is valid for 24 hours."


def _accepted(message: str, status: int = 200) -> Response:
    return json_response(Accepted(message=message), status)


@blueprint.operation(
    "/api/auth/sign-up",
    "POST",
    summary="Create an account; a confirmation code is emailed",
    body=SignUpRequest,
    responses={201: Accepted, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
)
def sign_up(body: SignUpRequest) -> Response:
    service.sign_up(current_deps(), body.email, body.password, body.name, client_address())
    return _accepted("Account created. Enter the code we emailed you to confirm your address.", 201)


@blueprint.operation(
    "/api/auth/confirm",
    "POST",
    summary="Confirm an email address with its code",
    body=ConfirmRequest,
    responses={200: Accepted, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
)
def confirm(body: ConfirmRequest) -> Response:
    service.confirm_sign_up(current_deps(), body.email, body.code)
    return _accepted("Your email address is confirmed. You can sign in now.")


@blueprint.operation(
    "/api/auth/resend-code",
    "POST",
    summary="Send a new confirmation code",
    body=EmailRequest,
    responses={200: Accepted, 409: ErrorResponse, 429: ErrorResponse},
)
def resend_code(body: EmailRequest) -> Response:
    service.resend_code(current_deps(), body.email, client_address())
    return _accepted(CODE_SENT)


@blueprint.operation(
    "/api/auth/sign-in",
    "POST",
    summary="Sign in with email and password; sets the session cookies",
    body=SignInRequest,
    responses={200: SessionTokens, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse},
)
def sign_in(body: SignInRequest) -> Response:
    deps = current_deps()
    tokens = service.sign_in(deps, body.email, body.password, client_address())
    response = json_response(SessionTokens(access_token=tokens.access_token, expires_in=tokens.expires_in))
    if tokens.refresh_token:
        set_session_cookies(response, tokens.refresh_token, deps.settings.session_days * 86400)
    return response


@blueprint.operation(
    "/api/auth/refresh",
    "POST",
    summary="A new access token from the refresh cookie (needs the X-CSRF-Token header)",
    responses={200: SessionTokens, 401: ErrorResponse, 403: ErrorResponse},
    headers=(CSRF_HEADER,),
)
def refresh() -> Response:
    try:
        refresh_token = refresh_token_from_cookie()
        if refresh_token is None:
            raise SessionEnded("You are not signed in.")
        require_csrf_token()
        tokens = service.identity(current_deps()).refresh(refresh_token)
    except SessionEnded as exc:
        # The session is over: drop its cookies too, so the pages stop offering "Account".
        response = error_response(exc.status, exc.code, exc.message)
        clear_session_cookies(response)
        return response
    return json_response(SessionTokens(access_token=tokens.access_token, expires_in=tokens.expires_in))


@blueprint.operation(
    "/api/auth/sign-out",
    "POST",
    summary="Revoke the refresh token and clear the session cookies (needs the X-CSRF-Token header)",
    responses={204: None, 403: ErrorResponse},
    headers=(CSRF_HEADER,),
)
def sign_out() -> Response:
    refresh_token = refresh_token_from_cookie()
    if refresh_token is not None:
        require_csrf_token()
        service.identity(current_deps()).revoke(refresh_token)
    response = Response(status=204)
    clear_session_cookies(response)
    return response


@blueprint.operation(
    "/api/auth/sign-out-everywhere",
    "POST",
    summary="Sign out on every device: revokes all of the user's refresh tokens",
    responses={204: None, 401: ErrorResponse},
    auth="user",
)
def sign_out_everywhere() -> Response:
    service.identity(current_deps()).sign_out_everywhere(current_access_token())
    response = Response(status=204)
    clear_session_cookies(response)
    return response


@blueprint.operation(
    "/api/auth/forgot-password",
    "POST",
    summary="Email a code for setting a new password",
    body=EmailRequest,
    responses={200: Accepted, 403: ErrorResponse, 429: ErrorResponse},
)
def forgot_password(body: EmailRequest) -> Response:
    service.forgot_password(current_deps(), body.email, client_address())
    return _accepted(CODE_SENT)


@blueprint.operation(
    "/api/auth/reset-password",
    "POST",
    summary="Set a new password with the emailed code",
    body=ResetPasswordRequest,
    responses={200: Accepted, 422: ErrorResponse, 429: ErrorResponse},
)
def reset_password(body: ResetPasswordRequest) -> Response:
    service.reset_password(current_deps(), body.email, body.code, body.password)
    return _accepted("Your password is changed. Sign in with the new one.")


@blueprint.operation(
    "/api/auth/change-password",
    "POST",
    summary="Change the signed-in user's password",
    body=ChangePasswordRequest,
    responses={200: Accepted, 401: ErrorResponse, 422: ErrorResponse},
    auth="user",
)
def change_password(body: ChangePasswordRequest) -> Response:
    service.identity(current_deps()).change_password(current_access_token(), body.current_password, body.new_password)
    return _accepted("Your password is changed.")
