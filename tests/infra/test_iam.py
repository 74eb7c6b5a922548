"""Least privilege: each function's role grants exactly what its code calls, on its own resources."""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest

from deploy.iam_audit import aws_calls, required_actions
from tests.infra.conftest import Packaged

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")

ROLES = {"api": "ApiRole", "worker": "WorkerRole"}
# Statements every function needs whatever its code does, by Sid.
BASELINE = {
    "OwnLogs": "the function writes its own log streams",
    "ConsumeJobs": "the SQS event source mapping polls the queue with the worker's role",
    "DecryptSecureParameters": "reading a SecureString decrypts it with the SSM key (kms:ViaService only)",
}
# What each service's actions may be granted on (the CloudFormation expression, as JSON text).
RESOURCES = {
    "dynamodb": ('{"Fn::GetAtt": ["Table", "Arn"]}', '{"Fn::Sub": "${Table.Arn}/index/'),
    "sqs": ('{"Fn::GetAtt": ["JobsQueue", "Arn"]}',),
    "cognito-idp": ('{"Fn::GetAtt": ["UserPool", "Arn"]}',),
    "ses": (':ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderEmail}"}',),
    "ssm": (':ssm:${AWS::Region}:${AWS::AccountId}:parameter/${AWS::StackName}/openai-api-key"}',),
}


def _statements(packaged: Packaged, role: str) -> list[dict[str, Any]]:
    policies = packaged.resources[role]["Properties"]["Policies"]
    return [s for p in policies for s in p["PolicyDocument"]["Statement"]]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_each_function_has_its_own_role_and_serverless_made_no_shared_one(packaged: Packaged) -> None:
    assert packaged.resources["ApiLambdaFunction"]["Properties"]["Role"] == {"Fn::GetAtt": ["ApiRole", "Arn"]}
    assert packaged.resources["WorkerLambdaFunction"]["Properties"]["Role"] == {"Fn::GetAtt": ["WorkerRole", "Arn"]}
    assert set(packaged.of_type("AWS::IAM::Role")) == set(ROLES.values())


@pytest.mark.parametrize("function", sorted(ROLES))
def test_the_role_grants_exactly_the_actions_the_code_calls(packaged: Packaged, function: str) -> None:
    statements = _statements(packaged, ROLES[function])
    assert all(s["Effect"] == "Allow" for s in statements)
    granted = {a for s in statements if s.get("Sid") not in BASELINE for a in _as_list(s["Action"])}
    needed = required_actions(function)
    missing = {action: needed[action] for action in sorted(set(needed) - granted)}
    assert not missing, f"infra/iam.yml ({ROLES[function]}) lacks actions the code calls: {missing}"
    assert granted <= set(needed), f"{ROLES[function]} grants actions no code calls: {sorted(granted - set(needed))}"
    if "ssm:GetParameter" in granted:
        (decrypt,) = [s for s in statements if s.get("Sid") == "DecryptSecureParameters"]
        assert decrypt["Condition"]["StringEquals"]["kms:ViaService"] == {"Fn::Sub": "ssm.${AWS::Region}.amazonaws.com"}


@pytest.mark.parametrize("function", sorted(ROLES))
def test_no_wildcard_action_and_each_resource_is_the_one_the_action_needs(packaged: Packaged, function: str) -> None:
    for statement in _statements(packaged, ROLES[function]):
        actions = _as_list(statement["Action"])
        assert not [a for a in actions if "*" in a], statement
        resources = [json.dumps(r) for r in _as_list(statement["Resource"])]
        sid = statement.get("Sid")
        if sid == "OwnLogs":
            expected = f"log-group:/aws/lambda/${{AWS::StackName}}-{function}:*"
            assert all(r.endswith(f'{expected}"}}') for r in resources), resources
            continue
        if sid == "DecryptSecureParameters":
            assert actions == ["kms:Decrypt"]
            assert "kms:ViaService" in json.dumps(statement["Condition"])
            continue
        assert not [r for r in resources if "*" in r], statement
        for service in {a.split(":", 1)[0] for a in actions}:
            allowed = RESOURCES[service]
            for resource in resources:
                assert any(resource.startswith(a) or resource.endswith(a) for a in allowed), (service, resource)


def test_the_audit_sees_client_calls_and_ignores_token_authorised_and_unrelated_ones() -> None:
    code = (
        "def handle(deps, table, env):\n"
        "    deps.table.query(KeyConditionExpression='x')\n"
        "    with table.batch_writer() as batch:\n"
        "        batch.put_item(Item={})\n"
        "    deps.cognito.admin_delete_user(UserPoolId='p', Username='u')\n"
        "    deps.cognito.sign_up(ClientId='c', Username='u', Password='p')\n"
        "    deps.sqs.send_message(QueueUrl='q', MessageBody='b')\n"
        "    env.get_template('page.html')\n"
        "    getattr(client, 'admin_add_user_to_group')(GroupName='admin')\n"
        "    getattr(client, 'initiate_auth')(AuthFlow='USER_PASSWORD_AUTH')\n"
    )
    function = ast.parse(code).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert {call.action for call in aws_calls(function.body, "probe.py")} == {
        "dynamodb:Query",
        "dynamodb:BatchWriteItem",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminAddUserToGroup",
        "sqs:SendMessage",
    }


def test_a_call_only_the_worker_reaches_is_not_required_of_the_api() -> None:
    api = required_actions("api")
    assert "dynamodb:DescribeTable" in api  # the health route
    assert "ssm:GetParameter" not in api  # bootstrap's SecureString read serves the worker's model client


def test_a_transaction_needs_the_action_of_each_item_kind_and_a_client_alias_is_followed() -> None:
    code = (
        "def accept(table):\n"
        "    client = table.meta.client\n"
        "    client.transact_write_items(TransactItems=[{'Update': {}}, {'ConditionCheck': {}}])\n"
        "    client.transact_get_items(TransactItems=[])\n"
    )
    function = ast.parse(code).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert {call.action for call in aws_calls(function.body, "probe.py")} == {
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:GetItem",
    }
