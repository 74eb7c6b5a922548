"""An in-process moto server on loopback, provisioned from infra/."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from devstack.provision import Stack, provision

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_SESSION_TOKEN": "local",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalAws:
    """A running moto server and the stack created in it."""

    endpoint: str
    stack: Stack
    server: object

    def environment(self) -> dict[str, str]:
        """Everything the functions need to talk to this stack."""
        return {
            **self.stack.environment(),
            "AWS_ENDPOINT_URL": self.endpoint,
            "COGNITO_JWKS_URL": f"{self.endpoint}/{self.stack.outputs['UserPoolId']}/.well-known/jwks.json",
        }

    def stop(self) -> None:
        self.server.stop()  # type: ignore[attr-defined]


def start_local_aws(region: str = "eu-west-2", port: int | None = None) -> LocalAws:
    """Start moto on loopback, point this process's boto3 at it and provision infra/resources.yml."""
    from moto.server import ThreadedMotoServer

    from devstack import cognito_emulation

    cognito_emulation.install()
    port = port or free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ.update(FAKE_CREDENTIALS)
    os.environ.update({"AWS_ENDPOINT_URL": endpoint, "AWS_REGION": region, "AWS_DEFAULT_REGION": region})
    stack = provision(region=region)
    local = LocalAws(endpoint=endpoint, stack=stack, server=server)
    os.environ.update(local.environment())
    return local
