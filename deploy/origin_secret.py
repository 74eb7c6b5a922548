"""The origin secret CloudFront sends to the API: its current version, and a rotation in three phases.

The secret (infra/edge.yml) is JSON: `current` is what CloudFront sends and the API accepts;
`also_accept` is accepted too. A rotation is three `put-secret-value`s, each followed by
`make deploy`, so that whichever of the function and the distribution changes first, and whichever
edge is still on the old configuration, every request is accepted:

    begin   {current: OLD, also_accept: NEW}   the API learns NEW; CloudFront still sends OLD
    switch  {current: NEW, also_accept: OLD}   CloudFront sends NEW; the API still accepts OLD
    finish  {current: NEW}                     OLD is refused from now on

`python -m deploy.origin_secret --stage <stage> <phase>` writes one phase; `make deploy` then pins
the new version, which makes CloudFormation re-read the secret for both ends.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The alphabet and length of the value the stack generates (GenerateSecretString, no punctuation).
ALPHABET = string.ascii_letters + string.digits
LENGTH = 64

Document = dict[str, str]


def secret_name(stack: str) -> str:
    """The secret's name, as infra/edge.yml gives it."""
    return f"{stack}/origin-verify"


def new_value() -> str:
    """A fresh value like the generated one."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


class RotationOutOfOrder(RuntimeError):
    """A phase was asked for from a state it does not follow."""


def _begin(document: Document, fresh: str) -> Document:
    if "also_accept" in document:
        raise RotationOutOfOrder("a rotation is already under way: run `switch` or `finish`")
    return {"current": document["current"], "also_accept": fresh}


def _switch(document: Document, fresh: str) -> Document:
    if "also_accept" not in document:
        raise RotationOutOfOrder("no rotation under way: run `begin` (and deploy) first")
    return {"current": document["also_accept"], "also_accept": document["current"]}


def _finish(document: Document, fresh: str) -> Document:
    if "also_accept" not in document:
        raise RotationOutOfOrder("no rotation under way: nothing to finish")
    return {"current": document["current"]}


@dataclass(frozen=True)
class Phase:
    """One step of a rotation: the secret's next JSON from its present one."""

    name: str
    next_document: Callable[[Document, str], Document]


PHASES = (Phase("begin", _begin), Phase("switch", _switch), Phase("finish", _finish))


def current_version(client: Any, stack: str) -> str:
    """The secret's AWSCURRENT version id; empty before the first deploy has created it."""
    try:
        described = client.describe_secret(SecretId=secret_name(stack))
    except client.exceptions.ResourceNotFoundException:
        return ""
    for version, stages in described.get("VersionIdsToStages", {}).items():
        if "AWSCURRENT" in stages:
            return str(version)
    return ""


def rotate(client: Any, stack: str, phase_name: str, fresh: str | None = None) -> str:
    """Write the next phase's value; returns the new version id."""
    (phase,) = [p for p in PHASES if p.name == phase_name]
    name = secret_name(stack)
    document: Document = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
    following = phase.next_document(document, fresh or new_value())
    return str(client.put_secret_value(SecretId=name, SecretString=json.dumps(following))["VersionId"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-2"))
    parser.add_argument("phase", choices=[p.name for p in PHASES])
    args = parser.parse_args(argv)
    import boto3

    from deploy.deploy import stack_name

    client = boto3.client("secretsmanager", region_name=args.region)
    try:
        version = rotate(client, stack_name(args.stage), args.phase)
    except RotationOutOfOrder as exc:
        print(f"origin secret: {exc}")
        return 1
    print(f"origin secret: {args.phase} written (version {version}); now run `make deploy STAGE={args.stage}`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
