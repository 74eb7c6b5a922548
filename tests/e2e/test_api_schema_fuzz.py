"""schemathesis against the running local stack's own OpenAPI document: no 5xx, no off-schema response.

Every route a later issue declares with `ApiBlueprint.operation` is covered with no per-route code.
(schemathesis' pytest plugin does not run under pytest 9, so the operations are walked here.)
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 30


def test_every_documented_operation_conforms_to_its_schema(live_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def conforms(case: Any) -> None:
            case.call_and_validate()

        conforms()
