"""Acceptance checks on an agent's output: must include, must not include, max words, JSON schema."""

from __future__ import annotations

import json
import re

from jsonschema import Draft202012Validator

from functions.gym.models import CheckResult
from functions.gym.specs import AcceptanceCheck, MatchesJsonSchema, MaxWords, MustInclude, MustNotInclude

FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*$", re.DOTALL)


def run_check(check: AcceptanceCheck, output: str) -> CheckResult:
    """One check against the output."""
    if isinstance(check, MustInclude):
        found = check.text.lower() in output.lower()
        return CheckResult(name=f"includes “{check.text}”", passed=found, detail="found" if found else "missing")
    if isinstance(check, MustNotInclude):
        found = check.text.lower() in output.lower()
        return CheckResult(
            name=f"does not include “{check.text}”", passed=not found, detail="present" if found else "absent"
        )
    if isinstance(check, MaxWords):
        words = len(output.split())
        return CheckResult(name=f"at most {check.limit} words", passed=words <= check.limit, detail=f"{words} words")
    return _json_check(check, output)


def _json_check(check: MatchesJsonSchema, output: str) -> CheckResult:
    name = "is JSON in the required shape"
    fenced = FENCE.match(output)
    try:
        document = json.loads(fenced.group(1) if fenced else output)
    except json.JSONDecodeError as exc:
        return CheckResult(name=name, passed=False, detail=f"not JSON: {exc.msg} at line {exc.lineno}")
    errors = sorted(Draft202012Validator(check.json_schema).iter_errors(document), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(part) for part in errors[0].path) or "the top level"
        return CheckResult(name=name, passed=False, detail=f"{where}: {errors[0].message}"[:300])
    return CheckResult(name=name, passed=True, detail="valid")


def run_checks(checks: list[AcceptanceCheck], output: str) -> list[CheckResult]:
    """Every check, in the spec's order."""
    return [run_check(check, output) for check in checks]
