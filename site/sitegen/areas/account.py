"""The account pages under /account/: one server-rendered form per step, enhanced by js/account.js.

Each form is described here once (its fields, words and where it leads); the template renders
labelled, validated HTML that works with the keyboard and a screen reader, and the script sends
it to the matching `/api/auth/...` route and shows each field's problem next to the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sitegen.context import BuildContext, Page

PASSWORD_HINT = "At least 10 characters, with an upper-case letter, a lower-case letter and a number."  # noqa: S105 (words, not a password)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    autocomplete: str = "off"
    hint: str = ""
    minlength: int | None = None
    maxlength: int | None = None
    pattern: str | None = None
    inputmode: str | None = None
    prefill: bool = False  # filled with the email the previous step used
    message: str = ""  # said when the field is empty or malformed (default: "Enter your <label>.")


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class AccountForm:
    """One step: `action` names the handler in account.js; `next` is where success leads."""

    slug: str
    title: str
    intro: str
    action: str
    submit: str
    fields: tuple[Field, ...]
    next: str = ""
    links: tuple[Link, ...] = field(default_factory=tuple)
    needs_sign_in: bool = False

    @property
    def url(self) -> str:
        return f"/account/{self.slug}/"


EMAIL = Field("email", "Email address", "email", "email", maxlength=254)
EMAIL_PREFILLED = Field("email", "Email address", "email", "email", maxlength=254, prefill=True)
CODE = Field(
    "code",
    "Six-digit code",
    "text",
    "one-time-code",
    hint="From the email we sent you. It is valid for 24 hours (1 hour for a password reset).",
    minlength=6,
    maxlength=6,
    pattern="[0-9]{6}",
    inputmode="numeric",
    message="Enter the six digits from the email.",
)
NEW_PASSWORD = Field("password", "Password", "password", "new-password", PASSWORD_HINT, minlength=10, maxlength=256)
SIGN_IN = Link("Sign in", "/account/sign-in/")

FORMS = (
    AccountForm(
        "sign-up",
        "Create your account",
        "An account keeps your AI Gym attempts and lets you download or delete your data at any time.",
        "sign-up",
        "Create account",
        (
            EMAIL,
            Field("name", "Your name", "text", "name", "How we greet you; you can change it later.", 1, 80),
            NEW_PASSWORD,
        ),
        next="/account/confirm/",
        links=(Link("Already have an account? Sign in", "/account/sign-in/"),),
    ),
    AccountForm(
        "confirm",
        "Confirm your email address",
        "We sent a six-digit code to your email address. Enter it here to finish creating your account.",
        "confirm",
        "Confirm",
        (EMAIL_PREFILLED, CODE),
        next="/account/sign-in/",
        links=(Link("No code? Send a new one", "/account/resend-code/"), SIGN_IN),
    ),
    AccountForm(
        "resend-code",
        "Send a new confirmation code",
        "Codes expire after 24 hours. Ask for a new one here; only the newest code works.",
        "resend-code",
        "Send a new code",
        (EMAIL_PREFILLED,),
        next="/account/confirm/",
        links=(Link("I have a code", "/account/confirm/"),),
    ),
    AccountForm(
        "sign-in",
        "Sign in",
        "Welcome back. Sign in to continue your training and see your results.",
        "sign-in",
        "Sign in",
        (EMAIL_PREFILLED, Field("password", "Password", "password", "current-password", maxlength=256)),
        next="/account/",
        links=(
            Link("Forgot your password?", "/account/forgot-password/"),
            Link("New here? Create an account", "/account/sign-up/"),
            Link("Confirm your email address", "/account/confirm/"),
        ),
    ),
    AccountForm(
        "forgot-password",
        "Forgot your password?",
        "Enter your email address and we will send you a code to set a new password.",
        "forgot-password",
        "Send me a code",
        (EMAIL_PREFILLED,),
        next="/account/reset-password/",
        links=(SIGN_IN,),
    ),
    AccountForm(
        "reset-password",
        "Set a new password",
        "Enter the code from the email and choose a new password.",
        "reset-password",
        "Set new password",
        (EMAIL_PREFILLED, CODE, NEW_PASSWORD),
        next="/account/sign-in/",
        links=(Link("No code? Send another", "/account/forgot-password/"), SIGN_IN),
    ),
    AccountForm(
        "change-password",
        "Change your password",
        "Enter your current password, then the new one.",
        "change-password",
        "Change password",
        (
            Field("current_password", "Current password", "password", "current-password", maxlength=256),
            Field("new_password", "New password", "password", "new-password", PASSWORD_HINT, 10, 256),
        ),
        next="/account/",
        links=(Link("Back to my account", "/account/"),),
        needs_sign_in=True,
    ),
)


def load(ctx: BuildContext) -> None:
    ctx.data["account"] = {"forms": FORMS}


def pages(ctx: BuildContext) -> Iterable[Page]:
    yield Page("/account/", "account/home.html")
    for form in FORMS:
        yield Page(form.url, "account/form.html", {"form": form})
