"""Rotating the origin secret (deploy/origin_secret.py) on moto's Secrets Manager, and the pinned version."""

from __future__ import annotations

import json
import string
from typing import Any

import pytest

from deploy.origin_secret import RotationOutOfOrder, current_version, new_value, rotate

STACK = "agent-boss-test"
NAME = f"{STACK}/origin-verify"
OLD, NEW = "o" * 64, "n" * 64


@pytest.fixture
def secretsmanager(aws: Any) -> Any:
    import boto3

    return boto3.client("secretsmanager", region_name="eu-west-2")


def _document(client: Any) -> dict[str, str]:
    return json.loads(client.get_secret_value(SecretId=NAME)["SecretString"])  # type: ignore[no-any-return]


def test_before_the_first_deploy_there_is_no_version_to_pin(secretsmanager: Any) -> None:
    assert current_version(secretsmanager, STACK) == ""


def test_the_pinned_version_is_the_current_one_and_moves_with_each_phase(secretsmanager: Any) -> None:
    created = secretsmanager.create_secret(Name=NAME, SecretString=json.dumps({"current": OLD}))
    assert current_version(secretsmanager, STACK) == created["VersionId"]
    written = rotate(secretsmanager, STACK, "begin", fresh=NEW)
    assert current_version(secretsmanager, STACK) == written != created["VersionId"]


def test_the_three_phases_add_the_new_value_switch_to_it_then_drop_the_old(secretsmanager: Any) -> None:
    secretsmanager.create_secret(Name=NAME, SecretString=json.dumps({"current": OLD}))
    rotate(secretsmanager, STACK, "begin", fresh=NEW)
    assert _document(secretsmanager) == {"current": OLD, "also_accept": NEW}
    rotate(secretsmanager, STACK, "switch")
    assert _document(secretsmanager) == {"current": NEW, "also_accept": OLD}
    rotate(secretsmanager, STACK, "finish")
    assert _document(secretsmanager) == {"current": NEW}


@pytest.mark.parametrize(
    ("present", "phase"),
    [({"current": OLD, "also_accept": NEW}, "begin"), ({"current": OLD}, "switch"), ({"current": OLD}, "finish")],
)
def test_a_phase_out_of_order_changes_nothing(secretsmanager: Any, present: dict[str, str], phase: str) -> None:
    secretsmanager.create_secret(Name=NAME, SecretString=json.dumps(present))
    with pytest.raises(RotationOutOfOrder):
        rotate(secretsmanager, STACK, phase)
    assert _document(secretsmanager) == present


def test_a_new_value_looks_like_the_generated_one() -> None:
    values = {new_value() for _ in range(20)}
    assert len(values) == 20
    # As the stack generates it: 64 letters and digits (about 380 bits), safe in a header unescaped.
    assert all(len(v) == 64 and set(v) <= set(string.ascii_letters + string.digits) for v in values)
