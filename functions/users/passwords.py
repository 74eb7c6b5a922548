"""The pool's password policy, in words for the pages (a test keeps it equal to infra/resources.yml)."""

from __future__ import annotations

MINIMUM_LENGTH = 10
REQUIRES = ("lowercase", "uppercase", "numbers")
PASSWORD_RULE = (
    f"Use at least {MINIMUM_LENGTH} characters, with an upper-case letter, a lower-case letter and a number."
)
