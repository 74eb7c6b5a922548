"""Create the resources of infra/resources.yml through boto3, for the local stack and the tests.

moto's CloudFormation skips Cognito and ignores table TTL, so the template is read here and
each resource type is created through its own API. Types not listed in CREATORS (CloudFront,
alarms, ...) have nothing to emulate locally and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import yaml

INFRA_FILE = Path(__file__).resolve().parent.parent / "infra" / "resources.yml"
ACCOUNT_ID = "123456789012"


@dataclass
class Stack:
    """What provisioning created: physical ids and attributes by logical id, and the outputs."""

    name: str
    region: str
    parameters: dict[str, str]
    physical: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        """The functions' settings for this stack, as environment variables."""
        return {
            "TABLE_NAME": self.outputs["TableName"],
            "JOBS_QUEUE_URL": self.outputs["JobsQueueUrl"],
            "USER_POOL_ID": self.outputs["UserPoolId"],
            "USER_POOL_CLIENT_ID": self.outputs["UserPoolClientId"],
            "SENDER_EMAIL": self.parameters["SenderEmail"],
        }


def load_template(path: Path = INFRA_FILE) -> dict[str, Any]:
    template: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return template


class Resolver:
    """Evaluates the intrinsic functions the template uses: Ref, Fn::Sub, Fn::GetAtt, Fn::Join."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def ref(self, name: str) -> str:
        pseudo = {
            "AWS::StackName": self.stack.name,
            "AWS::Region": self.stack.region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.stack.parameters:
            return self.stack.parameters[name]
        return self.stack.physical[name]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                logical, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
                return self.stack.attributes[logical][attribute]
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
                return re.sub(r"\$\{([^}]+)\}", lambda m: variables.get(m[1]) or self._sub_name(m[1]), text)
            if key == "Fn::Join":
                separator, parts = arg
                return separator.join(self.resolve(parts))
        return {k: self.resolve(v) for k, v in value.items()}

    def _sub_name(self, name: str) -> str:
        if "." in name:
            logical, attribute = name.split(".", 1)
            return self.stack.attributes[logical][attribute]
        return self.ref(name)


def _create_table(props: dict[str, Any], stack: Stack, logical: str) -> None:
    client = boto3.client("dynamodb", region_name=stack.region)
    args: dict[str, Any] = {k: props[k] for k in ("TableName", "AttributeDefinitions", "KeySchema", "BillingMode")}
    if props.get("GlobalSecondaryIndexes"):
        args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("SSESpecification"):
        args["SSESpecification"] = {"Enabled": props["SSESpecification"]["SSEEnabled"]}
    description = client.create_table(**args)["TableDescription"]
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        client.update_time_to_live(TableName=props["TableName"], TimeToLiveSpecification=ttl)
    pitr = props.get("PointInTimeRecoverySpecification")
    if pitr:
        client.update_continuous_backups(TableName=props["TableName"], PointInTimeRecoverySpecification=pitr)
    stack.physical[logical] = props["TableName"]
    stack.attributes[logical] = {"Arn": description["TableArn"]}


def _create_queue(props: dict[str, Any], stack: Stack, logical: str) -> None:
    import json

    client: Any = boto3.client("sqs", region_name=stack.region)
    attributes = {
        key: json.dumps(value)
        if isinstance(value, dict)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
        for key, value in props.items()
        if key not in ("QueueName", "Tags")
    }
    url = client.create_queue(QueueName=props["QueueName"], Attributes=attributes)["QueueUrl"]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stack.physical[logical] = url
    stack.attributes[logical] = {"Arn": arn, "QueueName": props["QueueName"], "QueueUrl": url}


def _create_user_pool(props: dict[str, Any], stack: Stack, logical: str) -> None:
    client = boto3.client("cognito-idp", region_name=stack.region)
    args = {k: v for k, v in props.items() if k not in ("UserPoolTags", "DeletionProtection")}
    pool = client.create_user_pool(PoolName=args.pop("UserPoolName"), **args)["UserPool"]
    stack.physical[logical] = pool["Id"]
    stack.attributes[logical] = {
        "Arn": pool["Arn"],
        "ProviderName": f"cognito-idp.{stack.region}.amazonaws.com/{pool['Id']}",
    }


def _create_user_pool_client(props: dict[str, Any], stack: Stack, logical: str) -> None:
    client = boto3.client("cognito-idp", region_name=stack.region)
    created = client.create_user_pool_client(**props)["UserPoolClient"]
    stack.physical[logical] = created["ClientId"]
    stack.attributes[logical] = {}


def _create_user_pool_group(props: dict[str, Any], stack: Stack, logical: str) -> None:
    boto3.client("cognito-idp", region_name=stack.region).create_group(**props)
    stack.physical[logical] = props["GroupName"]


def _create_email_identity(props: dict[str, Any], stack: Stack, logical: str) -> None:
    # moto's SES sends only from verified identities, as AWS does outside the sandbox.
    boto3.client("ses", region_name=stack.region).verify_email_identity(EmailAddress=props["EmailIdentity"])
    stack.physical[logical] = props["EmailIdentity"]


def _create_parameter(props: dict[str, Any], stack: Stack, logical: str) -> None:
    boto3.client("ssm", region_name=stack.region).put_parameter(
        Name=props["Name"], Value=props["Value"], Type=props.get("Type", "String"), Overwrite=True
    )
    stack.physical[logical] = props["Name"]


Creator = Callable[[dict[str, Any], Stack, str], None]
CREATORS: dict[str, Creator] = {
    "AWS::DynamoDB::Table": _create_table,
    "AWS::SQS::Queue": _create_queue,
    "AWS::Cognito::UserPool": _create_user_pool,
    "AWS::Cognito::UserPoolClient": _create_user_pool_client,
    "AWS::Cognito::UserPoolGroup": _create_user_pool_group,
    "AWS::SES::EmailIdentity": _create_email_identity,
    "AWS::SSM::Parameter": _create_parameter,
}


def _dependencies(value: Any) -> set[str]:
    """Logical ids a resource's properties refer to."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, arg in value.items():
            if key == "Ref" and isinstance(arg, str) and not arg.startswith("AWS::"):
                found.add(arg)
            elif key == "Fn::GetAtt":
                found.add(arg[0] if isinstance(arg, list) else arg.split(".", 1)[0])
            elif key == "Fn::Sub":
                text = arg if isinstance(arg, str) else arg[0]
                found |= {m.split(".", 1)[0] for m in re.findall(r"\$\{([^}]+)\}", text) if not m.startswith("AWS::")}
            found |= _dependencies(arg)
    elif isinstance(value, list):
        for item in value:
            found |= _dependencies(item)
    return found


def provision(
    stack_name: str = "agent-boss-local",
    region: str = "eu-west-2",
    parameters: dict[str, str] | None = None,
    template: dict[str, Any] | None = None,
) -> Stack:
    """Create every emulated resource of the template, in dependency order."""
    template = template or load_template()
    defaults = {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    stack = Stack(name=stack_name, region=region, parameters={**defaults, **(parameters or {})})
    resolver = Resolver(stack)
    resources: dict[str, Any] = {name: spec for name, spec in template["Resources"].items() if spec["Type"] in CREATORS}
    pending = dict(resources)
    while pending:
        ready = [
            n
            for n, spec in pending.items()
            if not (_dependencies(spec.get("Properties", {})) - stack.physical.keys()) - set(stack.parameters)
        ]
        if not ready:
            raise RuntimeError(f"cannot order resources (cycle or unemulated dependency): {sorted(pending)}")
        for name in ready:
            spec = pending.pop(name)
            CREATORS[spec["Type"]](resolver.resolve(spec.get("Properties", {})), stack, name)
    for name, output in template.get("Outputs", {}).items():
        try:
            stack.outputs[name] = str(resolver.resolve(output["Value"]))
        except KeyError:
            continue  # refers to a resource that is not emulated locally
    return stack
