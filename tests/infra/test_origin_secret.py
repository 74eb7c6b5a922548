"""CloudFront and the API read one origin secret: the packaged template wires both ends to it.

CloudFormation resolves the `{{resolve:secretsmanager:...}}` references at deploy; here a small
resolver does the same for a generated secret, and the API built with the value the function
would get must accept exactly what the distribution would send.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import replace
from typing import Any

import pytest

from functions.config import Settings
from functions.web.origin import MIN_SECRET_LENGTH, ORIGIN_VERIFY_HEADER, accepted_values, is_expected
from tests.infra.conftest import Packaged

pytestmark = pytest.mark.xdist_group("infra")

SECRET_ARN = "arn:aws:secretsmanager:eu-west-2:111122223333:secret:agent-boss-dev/origin-verify-AbCdEf"
SETTING = "ORIGIN_VERIFY_SECRET"
assert SETTING.lower() in Settings.model_fields


def _api_origin(packaged: Packaged) -> dict[str, Any]:
    (distribution,) = packaged.of_type("AWS::CloudFront::Distribution").values()
    origins = {o["Id"]: o for o in distribution["Properties"]["DistributionConfig"]["Origins"]}
    assert "OriginCustomHeaders" not in origins["site"]
    return origins["api"]  # type: ignore[no-any-return]


def _condition(template: dict[str, Any], expression: Any, parameters: dict[str, str]) -> bool:
    if isinstance(expression, str):
        return _condition(template, template["Conditions"][expression], parameters)
    ((function, args),) = expression.items()
    if function == "Fn::Not":
        return not _condition(template, args[0], parameters)
    if function == "Fn::Equals":
        left, right = (parameters[a["Ref"]] if isinstance(a, dict) else a for a in args)
        return bool(left == right)
    if function == "Condition":
        return _condition(template, args, parameters)
    raise AssertionError(f"unexpected condition function {function}")


def _resolve_secret_reference(text: str, versions: dict[str, str]) -> str:
    """`{{resolve:secretsmanager:<id>:SecretString[:key[:stage[:version]]]}}` over `versions` (last is current)."""
    match = re.fullmatch(
        r"\{\{resolve:secretsmanager:(.+?):SecretString(?::([^:]*))?(?::([^:]*))?(?::([^:]*))?\}\}", text
    )
    assert match, f"not a Secrets Manager dynamic reference: {text}"
    secret_id, key, stage, version = match.groups()
    assert secret_id == SECRET_ARN
    assert stage in (None, "", "AWSCURRENT")
    value = versions[version] if version else list(versions.values())[-1]
    return str(json.loads(value)[key]) if key else value


def resolve(template: dict[str, Any], value: Any, parameters: dict[str, str], versions: dict[str, str]) -> str:
    """What CloudFormation puts in the property: Fn::If, Fn::Sub, then the dynamic reference."""
    if isinstance(value, dict) and "Fn::If" in value:
        name, if_true, if_false = value["Fn::If"]
        branch = if_true if _condition(template, name, parameters) else if_false
        return resolve(template, branch, parameters, versions)
    if isinstance(value, dict) and "Fn::Sub" in value:
        names = {"OriginVerifySecret": SECRET_ARN, **parameters}
        text = re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], value["Fn::Sub"])
        return _resolve_secret_reference(text, versions)
    raise AssertionError(f"unexpected value {value!r}")


def test_the_secret_is_generated_in_the_stack_as_a_long_header_safe_value(packaged: Packaged) -> None:
    (secret,) = packaged.of_type("AWS::SecretsManager::Secret").values()
    generate = secret["Properties"]["GenerateSecretString"]
    assert generate["GenerateStringKey"] == "current"
    assert json.loads(generate["SecretStringTemplate"]) == {}
    assert generate["PasswordLength"] >= MIN_SECRET_LENGTH
    assert generate["ExcludePunctuation"] is True
    assert "AWS::StackName" in json.dumps(secret["Properties"]["Name"])


def test_only_the_api_function_gets_the_secret_and_only_the_api_origin_sends_it(packaged: Packaged) -> None:
    api = packaged.resources["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"]
    worker = packaged.resources["WorkerLambdaFunction"]["Properties"]["Environment"]["Variables"]
    assert SETTING in api
    assert SETTING not in worker
    (header,) = _api_origin(packaged)["OriginCustomHeaders"]
    assert header["HeaderName"] == ORIGIN_VERIFY_HEADER
    # Both ends name the same secret resource and the same pinned version.
    for end in (api[SETTING], header["HeaderValue"]):
        text = json.dumps(end)
        assert "${OriginVerifySecret}" in text
        assert "${OriginVerifySecretVersion}" in text
        assert end["Fn::If"][0] == "PinsOriginVerifySecretVersion"
    # No function can read the secret at run time: it arrives in the environment at deploy.
    assert "secretsmanager:" not in json.dumps(packaged.of_type("AWS::IAM::Role"))


@pytest.mark.parametrize("pinned", [False, True], ids=["first-deploy", "version-pinned"])
def test_the_api_accepts_what_cloudfront_sends_and_nothing_else(packaged: Packaged, deps: Any, pinned: bool) -> None:
    from functions.web.app import create_app

    generated = "".join((string.ascii_letters + string.digits)[i % 62] for i in range(64))
    versions = {"v1": json.dumps({"current": generated})}
    parameters = {"OriginVerifySecretVersion": "v1" if pinned else ""}
    template = packaged.template
    api_env = template["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"]
    in_environment = resolve(template, api_env[SETTING], parameters, versions)
    (header,) = _api_origin(packaged)["OriginCustomHeaders"]
    sent = resolve(template, header["HeaderValue"], parameters, versions)
    assert sent == generated
    assert accepted_values(in_environment) == [generated.encode()]

    settings = deps.settings.model_copy(update={"origin_verify_secret": in_environment})
    client = create_app(deps=replace(deps, settings=settings)).test_client()
    assert client.get("/api/health", headers={ORIGIN_VERIFY_HEADER: sent}).status_code == 200
    assert client.get("/api/health").status_code == 403


def test_a_rotation_keeps_every_edge_accepted_while_the_stack_changes_over(packaged: Packaged) -> None:
    """Each phase (deploy/origin_secret.py) is deployed before the next; in every one of them the
    function accepts what the distribution sends before and after that deploy."""
    from deploy.origin_secret import PHASES

    template = packaged.template
    api_env = template["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"][SETTING]
    (header,) = _api_origin(packaged)["OriginCustomHeaders"]
    old, new = "o" * 64, "n" * 64
    document: dict[str, str] = {"current": old}
    versions = {"v0": json.dumps(document)}
    accepted_before, sent_before = [old.encode()], old
    for number, phase in enumerate(PHASES, start=1):
        document = phase.next_document(document, new)
        versions[f"v{number}"] = json.dumps(document)
        parameters = {"OriginVerifySecretVersion": f"v{number}"}
        accepted_after = accepted_values(resolve(template, api_env, parameters, versions))
        sent_after = resolve(template, header["HeaderValue"], parameters, versions)
        # CloudFormation updates the function and the distribution in either order, and edges
        # switch one by one: every function config of the deploy must accept every value sent.
        for accepted in (accepted_before, accepted_after):
            for sent in (sent_before, sent_after):
                assert is_expected(sent, accepted), (phase.name, sent[:1], accepted)
        accepted_before, sent_before = accepted_after, sent_after
    assert sent_before == new
    assert accepted_before == [new.encode()]
