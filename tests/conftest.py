"""Fixtures shared by every tier: the built content, moto with infra/ provisioned, the app."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
REGION = "eu-west-2"
# The builds tests start (sitegen, make package) leave no resident builder, even under `pytest -s` at a
# terminal; tests of that behaviour set their own environment.
os.environ["SITEGEN_BUILDER"] = "off"


@pytest.fixture(autouse=True)
def _isolated_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests talk to moto's mock only: no endpoint override, fake credentials, no key."""
    for name in list(os.environ):
        if name.startswith(("AWS_ENDPOINT_URL", "OPENAI_")) or name in (
            "AWS_PROFILE",
            "COGNITO_JWKS_URL",
            "ORIGIN_VERIFY_SECRET",
        ):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once per session; returns the build root (site/ and bundle/)."""
    from sitegen.build import build
    from sitegen.context import BuildOptions

    root = tmp_path_factory.mktemp("build")
    build(BuildOptions(content_dir=ROOT / "content", out_dir=root / "site", bundle_dir=root / "bundle"))
    return root


@pytest.fixture
def bundle_dir(built_site: Path) -> Path:
    return built_site / "bundle"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto with every resource of infra/resources.yml created; yields the provisioned stack."""
    from moto import mock_aws

    from devstack import cognito_emulation
    from devstack.provision import provision
    from functions import bootstrap

    cognito_emulation.install()  # codes checked and delivered as Cognito does (see the module)
    cognito_emulation.OUTBOX.clear()
    with mock_aws():
        bootstrap.reset()
        stack = provision(region=REGION)
        for name, value in stack.environment().items():
            monkeypatch.setenv(name, value)
        yield stack
        bootstrap.reset()


DEFAULT_PASSWORD = "Correct-Horse-42"


@dataclass(frozen=True)
class SignedInUser:
    """A confirmed Cognito user signed in through the API: send `headers` with each request."""

    email: str
    password: str
    user_id: str
    access_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def create_confirmed_user(
    email: str, password: str = DEFAULT_PASSWORD, name: str = "Test User", admin: bool = False
) -> None:
    """A confirmed user with a permanent password in the moto pool of the `aws` fixture."""
    import boto3

    from devstack.admin import confirmed_user

    cognito = boto3.client("cognito-idp")
    pool = os.environ["USER_POOL_ID"]
    assert confirmed_user(cognito, pool, email, password, name), f"{email} existed already"
    if admin:
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="admin")


@pytest.fixture
def signed_in(client: Any) -> Callable[..., SignedInUser]:
    """Make a confirmed user and sign them in through `POST /api/auth/sign-in`.

    `ann = signed_in("ann@example.com")`, `boss = signed_in("boss@example.com", admin=True)`; then
    `client.get("/api/...", headers=ann.headers)`. The client keeps the last sign-in's session cookies.
    """

    def sign_in(
        email: str = "user@example.com",
        *,
        password: str = DEFAULT_PASSWORD,
        name: str = "Test User",
        admin: bool = False,
    ) -> SignedInUser:
        import jwt

        create_confirmed_user(email, password, name, admin)
        response = client.post("/api/auth/sign-in", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        token = response.get_json()["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        return SignedInUser(email=email, password=password, user_id=claims["sub"], access_token=token)

    return sign_in


def moto_jwks() -> dict[str, Any]:
    """The public key set moto signs Cognito tokens with (its JWKS URL is not reachable in-process)."""
    from moto.utilities.utils import load_resource

    return load_resource("cognitoidp/resources/jwks-public.json")  # type: ignore[no-any-return]


class FixedClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))


@pytest.fixture
def deps(aws: Any, bundle_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Dependencies on moto, the real content bundle, a fixed clock and predictable ids."""
    from functions.config import Settings
    from functions.deps import Deps

    monkeypatch.setenv("BUNDLE_DIR", str(bundle_dir))
    counter = count(1)
    return Deps(
        settings=Settings(),
        clock=clock,
        new_id=lambda: f"id{next(counter):030d}",
        overrides={"jwks_fetcher": moto_jwks},
    )


@pytest.fixture
def app(deps: Any) -> Any:
    from functions.web.app import create_app

    flask_app = create_app(deps=deps)
    flask_app.testing = False  # keep production error handling: a bug must answer 500 JSON, not raise
    return flask_app


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


def load_event(name: str) -> dict[str, Any]:
    """A captured Lambda event from tests/events/."""
    return json.loads((ROOT / "tests" / "events" / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the live stack share one xdist worker, so one stack (and one browser) serves them."""
    for item in items:
        if "live_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("live"))
            if "tests/browser/" in str(item.fspath):
                item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The whole portal on a free port, exactly as `make serve` runs it."""
    from devstack.launch import running_stack

    log_path = tmp_path_factory.mktemp("stack") / "serve.log"
    with running_stack(built_site / "site", built_site / "bundle", log_path) as url:
        yield url


@pytest.fixture(scope="session")
def stack_log(live_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local stack's log file (confirmation codes and mail appear here)."""
    base = tmp_path_factory.getbasetemp()
    return next(base.glob("stack*/serve.log"))


def invoke_lambda(handler: Any, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Call a Lambda handler as the runtime does: on a thread with its own event loop.

    (Playwright's sync API keeps a loop running on the test thread, which Mangum cannot reuse.)
    """
    import asyncio
    import threading

    result: dict[str, Any] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            result["value"] = handler(event, context)
        except BaseException as exc:  # noqa: BLE001 (re-raised on the test thread)
            result["error"] = exc
        finally:
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]  # type: ignore[no-any-return]
