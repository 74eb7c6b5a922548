"""Account use cases: each checks its rate limits, then calls the user pool."""

from __future__ import annotations

from functions.deps import Deps
from functions.users import limits
from functions.users.identity import Identity, Profile, Tokens
from functions.users.registry import delete_user_data, export_user_data


def identity(deps: Deps) -> Identity:
    return Identity(deps.cognito, deps.settings.user_pool_client_id)


def sign_up(deps: Deps, email: str, password: str, name: str, address: str) -> None:
    limits.check_address(deps, limits.SIGN_UP_PER_ADDRESS, address)
    identity(deps).sign_up(email, password, name)


def confirm_sign_up(deps: Deps, email: str, code: str) -> None:
    limits.check_account(deps, limits.CODE_CHECKS_PER_ACCOUNT, email)
    identity(deps).confirm_sign_up(email, code)


def resend_code(deps: Deps, email: str, address: str) -> None:
    limits.check_address(deps, limits.CODE_SENDS_PER_ADDRESS, address)
    limits.check_account(deps, limits.CODE_SENDS_PER_ACCOUNT, email)
    identity(deps).resend_code(email)


def sign_in(deps: Deps, email: str, password: str, address: str) -> Tokens:
    """Both limits count every attempt, so a locked-out guesser learns nothing about the password."""
    limits.check_address(deps, limits.SIGN_IN_PER_ADDRESS, address)
    limits.check_account(deps, limits.SIGN_IN_PER_ACCOUNT, email)
    return identity(deps).sign_in(email, password)


def forgot_password(deps: Deps, email: str, address: str) -> None:
    limits.check_address(deps, limits.CODE_SENDS_PER_ADDRESS, address)
    limits.check_account(deps, limits.CODE_SENDS_PER_ACCOUNT, email)
    identity(deps).forgot_password(email)


def reset_password(deps: Deps, email: str, code: str, password: str) -> None:
    limits.check_account(deps, limits.CODE_CHECKS_PER_ACCOUNT, email)
    identity(deps).confirm_forgot_password(email, code, password)


def profile(deps: Deps, access_token: str) -> Profile:
    return identity(deps).profile(access_token)


def delete_account(deps: Deps, user_id: str, access_token: str) -> dict[str, int]:
    """Stored data first, the pool user last: if anything fails, the user can sign in and retry."""
    pool = identity(deps)
    email = pool.profile(access_token).email
    deleted = delete_user_data(deps, user_id)
    deleted["rate_limit_counters"] = limits.forget_account(deps, email)
    pool.delete(access_token)
    return deleted


def export_data(deps: Deps, user_id: str) -> dict[str, object]:
    return export_user_data(deps, user_id)
