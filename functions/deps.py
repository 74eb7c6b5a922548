"""The dependencies a request or a job needs, passed in rather than imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from functions import bootstrap
from functions.bundle import Bundle, load_bundle
from functions.clock import Clock, IdSource, random_id, utc_now
from functions.config import Settings, get_settings

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb.service_resource import Table
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sqs import SQSClient


@dataclass
class Deps:
    """Clients default to the cached ones from `bootstrap`; tests pass their own."""

    settings: Settings = field(default_factory=get_settings)
    clock: Clock = utc_now
    new_id: IdSource = random_id
    overrides: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, build: Any) -> Any:
        if name not in self.overrides:
            self.overrides[name] = build()
        return self.overrides[name]

    @property
    def table(self) -> Table:
        return self._get("table", bootstrap.table)  # type: ignore[no-any-return]

    @property
    def sqs(self) -> SQSClient:
        return self._get("sqs", bootstrap.sqs)  # type: ignore[no-any-return]

    @property
    def cognito(self) -> CognitoIdentityProviderClient:
        return self._get("cognito", bootstrap.cognito)  # type: ignore[no-any-return]

    @property
    def ses(self) -> SESClient:
        return self._get("ses", bootstrap.ses)  # type: ignore[no-any-return]

    @property
    def bundle(self) -> Bundle:
        return self._get("bundle", lambda: load_bundle(self.settings.bundle_dir))  # type: ignore[no-any-return]
