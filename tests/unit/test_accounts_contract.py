"""The code and infra/resources.yml agree: allowed auth flows, password policy, session length."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from devstack.provision import load_template
from functions.config import Settings
from functions.users import identity, passwords

ROOT = Path(__file__).resolve().parents[2]


def _resource(type_name: str) -> dict[str, Any]:
    (found,) = [r["Properties"] for r in load_template()["Resources"].values() if r["Type"] == type_name]
    return found  # type: ignore[no-any-return]


def _auth_flows_called_in(folder: Path) -> set[str]:
    """Every AuthFlow=... passed to initiate_auth in the functions, resolved through module constants."""
    flows: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "AuthFlow":
                value = node.value
                flows.add(value.value if isinstance(value, ast.Constant) else constants[value.id])  # type: ignore[attr-defined]
    return flows


def test_the_app_client_allows_exactly_the_auth_flows_the_code_calls() -> None:
    allowed = {flow.removeprefix("ALLOW_") for flow in _resource("AWS::Cognito::UserPoolClient")["ExplicitAuthFlows"]}
    called = _auth_flows_called_in(ROOT / "functions")
    assert called == {identity.PASSWORD_FLOW, identity.REFRESH_FLOW}
    assert allowed == called


def test_the_client_hides_user_existence_and_can_revoke_tokens() -> None:
    client = _resource("AWS::Cognito::UserPoolClient")
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["EnableTokenRevocation"] is True
    assert client["GenerateSecret"] is False  # a browser-facing flow through our API; no secret to leak


def test_the_password_rule_in_words_matches_the_pool_policy() -> None:
    policy = _resource("AWS::Cognito::UserPool")["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == passwords.MINIMUM_LENGTH
    required = {name for name in ("lowercase", "uppercase", "numbers", "symbols") if policy[f"Require{name.title()}"]}
    assert required == set(passwords.REQUIRES)
    assert f"at least {policy['MinimumLength']} characters" in passwords.PASSWORD_RULE


def test_the_refresh_cookie_lives_as_long_as_the_refresh_token() -> None:
    client = _resource("AWS::Cognito::UserPoolClient")
    assert client["TokenValidityUnits"]["RefreshToken"] == "days"
    assert client["RefreshTokenValidity"] == Settings().session_days


def test_the_admin_group_exists_in_the_pool() -> None:
    assert _resource("AWS::Cognito::UserPoolGroup")["GroupName"] == "admin"
