"""Composition root: the only place that creates AWS and OpenAI clients.

Everything is built at first use and cached per container, never at import, so that
moto (tests) or the local stack (AWS_ENDPOINT_URL) catches every client.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from functions.config import Settings, get_settings

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb.service_resource import Table
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_ssm import SSMClient


@cache
def _session() -> Any:
    import boto3

    return boto3.session.Session(region_name=get_settings().aws_region)


@cache
def table() -> Table:
    """The portal's single DynamoDB table."""
    return _session().resource("dynamodb").Table(get_settings().table_name)  # type: ignore[no-any-return]


@cache
def sqs() -> SQSClient:
    return _session().client("sqs")  # type: ignore[no-any-return]


@cache
def cognito() -> CognitoIdentityProviderClient:
    return _session().client("cognito-idp")  # type: ignore[no-any-return]


@cache
def ses() -> SESClient:
    return _session().client("ses")  # type: ignore[no-any-return]


@cache
def ssm() -> SSMClient:
    return _session().client("ssm")  # type: ignore[no-any-return]


def openai_client(settings: Settings | None = None) -> Any:
    """An OpenAI SDK client; imported lazily because `openai` costs ~440 ms of cold start."""
    from openai import OpenAI

    settings = settings or get_settings()
    api_key = settings.openai_api_key or _read_secure_parameter(settings.openai_api_key_parameter)
    return OpenAI(
        api_key=api_key,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_seconds,
        max_retries=settings.openai_max_retries,
    )


@cache
def _read_secure_parameter(name: str) -> str:
    return ssm().get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]


def reset() -> None:
    """Forget every cached client (tests switch endpoints and settings between cases)."""
    for cached in (_session, table, sqs, cognito, ses, ssm, _read_secure_parameter, get_settings):
        cached.cache_clear()
