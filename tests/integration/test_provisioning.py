"""Provisioning moto from infra/resources.yml creates exactly what the template declares."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from devstack.provision import CREATORS, load_template

TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]


def _props(logical: str) -> dict[str, Any]:
    return RESOURCES[logical]["Properties"]  # type: ignore[no-any-return]


def _by_name(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def test_every_emulated_resource_of_the_template_gets_a_physical_id(aws: Any) -> None:
    emulated = {name for name, spec in RESOURCES.items() if spec["Type"] in CREATORS}
    assert emulated == set(aws.physical)
    assert {"Table", "JobsQueue", "JobsDeadLetterQueue", "UserPool", "UserPoolClient"} <= emulated


def test_the_table_has_the_template_keys_indexes_ttl_and_backups(aws: Any) -> None:
    props = _props("Table")
    client = boto3.client("dynamodb")
    table = client.describe_table(TableName=aws.outputs["TableName"])["Table"]
    assert table["TableName"] == f"{aws.name}-table"
    assert table["KeySchema"] == props["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == sorted(
        props["AttributeDefinitions"], key=lambda d: d["AttributeName"]
    )
    created = _by_name(table["GlobalSecondaryIndexes"], "IndexName")
    declared = _by_name(props["GlobalSecondaryIndexes"], "IndexName")
    assert set(created) == set(declared) == {"gsi1", "gsi2"}
    for name, index in declared.items():
        assert created[name]["KeySchema"] == index["KeySchema"]
        assert created[name]["Projection"] == index["Projection"]
    ttl = client.describe_time_to_live(TableName=table["TableName"])["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": props["TimeToLiveSpecification"]["AttributeName"]}
    backups = client.describe_continuous_backups(TableName=table["TableName"])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def _queue_attributes(url: str) -> dict[str, str]:
    return boto3.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_the_jobs_queue_redrives_to_the_dead_letter_queue(aws: Any) -> None:
    props = _props("JobsQueue")
    jobs = _queue_attributes(aws.outputs["JobsQueueUrl"])
    dlq = _queue_attributes(aws.outputs["JobsDeadLetterQueueUrl"])
    redrive = json.loads(jobs["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == dlq["QueueArn"]
    assert int(redrive["maxReceiveCount"]) == props["RedrivePolicy"]["maxReceiveCount"]
    assert int(jobs["VisibilityTimeout"]) == props["VisibilityTimeout"]
    assert int(jobs["MessageRetentionPeriod"]) == props["MessageRetentionPeriod"]
    assert int(dlq["MessageRetentionPeriod"]) == _props("JobsDeadLetterQueue")["MessageRetentionPeriod"]


def test_the_user_pool_client_allows_exactly_the_template_auth_flows(aws: Any) -> None:
    props = _props("UserPoolClient")
    client = boto3.client("cognito-idp").describe_user_pool_client(
        UserPoolId=aws.outputs["UserPoolId"], ClientId=aws.outputs["UserPoolClientId"]
    )["UserPoolClient"]
    assert sorted(client["ExplicitAuthFlows"]) == sorted(props["ExplicitAuthFlows"])
    assert set(props["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert "ClientSecret" not in client  # a browser app cannot keep a secret


def test_the_user_pool_has_the_template_password_policy_and_the_admin_group(aws: Any) -> None:
    cognito = boto3.client("cognito-idp")
    pool = cognito.describe_user_pool(UserPoolId=aws.outputs["UserPoolId"])["UserPool"]
    declared = _props("UserPool")["Policies"]["PasswordPolicy"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == declared["MinimumLength"]
    assert pool["UsernameAttributes"] == _props("UserPool")["UsernameAttributes"]
    groups = cognito.list_groups(UserPoolId=aws.outputs["UserPoolId"])["Groups"]
    assert [g["GroupName"] for g in groups] == [_props("AdminGroup")["GroupName"]] == ["admin"]


def test_the_sender_address_is_a_verified_ses_identity(aws: Any) -> None:
    sender = aws.parameters["SenderEmail"]
    assert sender == TEMPLATE["Parameters"]["SenderEmail"]["Default"]
    ses = boto3.client("ses")
    assert sender in ses.list_identities()["Identities"]
    status = ses.get_identity_verification_attributes(Identities=[sender])["VerificationAttributes"]
    assert status[sender]["VerificationStatus"] == "Success"


@pytest.mark.parametrize(
    "output", ["TableName", "JobsQueueUrl", "JobsDeadLetterQueueUrl", "UserPoolId", "UserPoolClientId"]
)
def test_every_output_the_functions_need_is_resolved(aws: Any, output: str) -> None:
    assert aws.outputs[output]
