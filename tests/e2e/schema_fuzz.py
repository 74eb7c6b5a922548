"""The schemathesis check the e2e tier runs on the live stack, as a function so a test can prove it fails."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 30


def assert_every_operation_conforms(schema: Any, max_examples: int = EXAMPLES_PER_OPERATION) -> int:
    """Generate cases for every operation; raise on a 5xx or a response off its schema. Returns the count."""
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def conforms(case: Any) -> None:
            case.call_and_validate()

        conforms()
    return len(operations)
