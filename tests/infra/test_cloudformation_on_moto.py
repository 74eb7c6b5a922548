"""The packaged template deployed into moto's CloudFormation, as `serverless deploy` does it.

Serverless creates the stack from the create template (its deployment bucket), uploads the zips,
then updates the stack with the full template; so does this test. moto creates DynamoDB, SQS,
Lambda, IAM, S3, SNS and log groups, and skips the types below (a warning each). What it skips
is checked by reading the template in test_template.py and test_iam.py.

The edits to the template: outputs that read attributes of a skipped resource are dropped, and
inside the resources moto does create (the IAM roles' policies, the functions' environment) such
attribute reads become placeholder text, because moto fails the whole stack on them (a Ref to a
skipped resource just resolves to nothing).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.infra.conftest import Packaged

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")

REGION = "eu-west-2"
STACK = "agent-boss-dev"
MOTO_SKIPS = {
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::KeyValueStore",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::ResponseHeadersPolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::S3::BucketPolicy",
    "AWS::SecretsManager::Secret",
    "AWS::SES::EmailIdentity",
}


def _attribute_targets(value: Any) -> set[str]:
    """Logical ids whose attributes an expression reads (GetAtt, or `${X.Attr}` in Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, arg in value.items():
            if key == "Fn::GetAtt":
                found.add(arg[0] if isinstance(arg, list) else arg.split(".", 1)[0])
            elif key == "Fn::Sub":
                text = arg if isinstance(arg, str) else arg[0]
                found |= {m.split(".", 1)[0] for m in re.findall(r"\$\{([^}.]+\.[^}]+)\}", text)}
            found |= _attribute_targets(arg)
    elif isinstance(value, list):
        for item in value:
            found |= _attribute_targets(item)
    return found


def _substitute(value: Any, skipped: set[str]) -> Any:
    """Attribute reads of skipped resources replaced by placeholder text."""
    if isinstance(value, list):
        return [_substitute(v, skipped) for v in value]
    if not isinstance(value, dict):
        return value
    if _attribute_targets(value) & skipped and len(value) == 1 and next(iter(value)) in ("Fn::GetAtt", "Fn::Sub"):
        return f"moto-skipped:{json.dumps(value)}"
    return {k: _substitute(v, skipped) for k, v in value.items()}


def for_moto(template: dict[str, Any]) -> dict[str, Any]:
    """The template with attribute reads of resources moto does not create dropped or substituted."""
    skipped = {name for name, r in template["Resources"].items() if r["Type"] in MOTO_SKIPS}
    outputs = {k: v for k, v in template.get("Outputs", {}).items() if not _attribute_targets(v) & skipped}
    resources = {
        name: resource if name in skipped else _substitute(resource, skipped)
        for name, resource in template["Resources"].items()
    }
    return {**template, "Resources": resources, "Outputs": outputs}


@pytest.fixture(scope="module")
def stack(packaged: Packaged) -> Iterator[dict[str, Any]]:
    """The stack deployed into moto: yields its resources by logical id, with the warnings seen."""
    import boto3
    from moto import mock_aws

    # Module-scoped (deployed once): the autouse per-test environment is not in force yet here.
    with pytest.MonkeyPatch.context() as env, mock_aws(), warnings.catch_warnings(record=True) as seen:
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            env.delenv(name, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        warnings.simplefilter("always")
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName=STACK, TemplateBody=json.dumps(packaged.create_template))
        described = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]
        bucket = {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]}["ServerlessDeploymentBucketName"]
        s3 = boto3.client("s3", region_name=REGION)
        for function in ("api", "worker"):
            logical = f"{function.capitalize()}LambdaFunction"
            key = packaged.resources[logical]["Properties"]["Code"]["S3Key"]
            s3.upload_file(str(packaged.zip_path(function)), bucket, key)
        cloudformation.update_stack(StackName=STACK, TemplateBody=json.dumps(for_moto(packaged.template)))
        status = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
        summaries = cloudformation.list_stack_resources(StackName=STACK)["StackResourceSummaries"]
        yield {
            "status": status,
            "physical": {s["LogicalResourceId"]: s["PhysicalResourceId"] for s in summaries},
            "skipped": {
                str(w.message).split("parse ", 1)[1].split(" ", 1)[0] for w in seen if "parse AWS::" in str(w.message)
            },
            "outputs": {
                o["OutputKey"]: o["OutputValue"]
                for o in cloudformation.describe_stacks(StackName=STACK)["Stacks"][0].get("Outputs", [])
            },
        }


def test_the_stack_deploys_and_moto_skips_only_the_known_types(stack: dict[str, Any], packaged: Packaged) -> None:
    assert stack["status"] == "UPDATE_COMPLETE"
    present = {r["Type"] for r in packaged.resources.values()}
    assert stack["skipped"] == MOTO_SKIPS & present
    assert {"TableName", "JobsQueueUrl", "SiteBucketName", "AlarmTopicArn"} <= set(stack["outputs"])


def test_the_table_has_the_keys_and_indexes_the_stores_use(stack: dict[str, Any]) -> None:
    import boto3

    table = boto3.client("dynamodb", region_name=REGION).describe_table(TableName="agent-boss-dev-table")["Table"]
    assert {(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]} == {("pk", "HASH"), ("sk", "RANGE")}
    indexes = {
        i["IndexName"]: {(k["AttributeName"], k["KeyType"]) for k in i["KeySchema"]}
        for i in table["GlobalSecondaryIndexes"]
    }
    assert indexes == {
        "gsi1": {("gsi1pk", "HASH"), ("gsi1sk", "RANGE")},
        "gsi2": {("gsi2pk", "HASH"), ("gsi2sk", "RANGE")},
    }
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_the_jobs_queue_redrives_to_its_dead_letter_queue(stack: dict[str, Any]) -> None:
    import boto3

    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.get_queue_url(QueueName="agent-boss-dev-jobs")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    dlq_url = sqs.get_queue_url(QueueName="agent-boss-dev-jobs-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert json.loads(attributes["RedrivePolicy"]) == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}
    assert int(attributes["VisibilityTimeout"]) == 360


def test_the_functions_get_their_environment_role_and_trigger(stack: dict[str, Any]) -> None:
    import boto3

    client = boto3.client("lambda", region_name=REGION)
    api = client.get_function_configuration(FunctionName="agent-boss-dev-api")
    worker = client.get_function_configuration(FunctionName="agent-boss-dev-worker")
    sqs = boto3.client("sqs", region_name=REGION)
    queue_url = sqs.get_queue_url(QueueName="agent-boss-dev-jobs")["QueueUrl"]
    for config in (api, worker):
        variables = config["Environment"]["Variables"]
        assert variables["TABLE_NAME"] == "agent-boss-dev-table"
        assert variables["JOBS_QUEUE_URL"] == queue_url
        assert variables["STAGE"] == "dev"
        assert variables["SENDER_EMAIL"] == "no-reply@agentboss.example"
        assert config["Runtime"] == "python3.12"  # moto drops Architectures; test_template checks arm64
    assert api["Role"].endswith(f"role/{stack['physical']['ApiRole']}")
    assert worker["Role"].endswith(f"role/{stack['physical']['WorkerRole']}")
    assert worker["Environment"]["Variables"]["OPENAI_API_KEY_PARAMETER"] == "/agent-boss-dev/openai-api-key"
    (mapping,) = client.list_event_source_mappings()["EventSourceMappings"]
    assert mapping["FunctionArn"] == worker["FunctionArn"]
    assert mapping["EventSourceArn"].endswith(":agent-boss-dev-jobs")
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
