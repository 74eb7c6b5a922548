"""schemathesis against the running local stack's own OpenAPI document: no 5xx, no off-schema response.

Every route a later issue declares with `ApiBlueprint.operation` is covered with no per-route code.
(schemathesis' pytest plugin does not run under pytest 9, so the operations are walked here.)
`test_schema_fuzz_can_fail.py` proves the same check fails on a route that breaks the rules.
"""

from __future__ import annotations

import json
import urllib.request

import schemathesis

from tests.e2e.schema_fuzz import assert_every_operation_conforms


def test_every_documented_operation_conforms_to_its_schema(live_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_url}/api/openapi.json")
    with urllib.request.urlopen(f"{live_url}/api/openapi.json") as response:  # noqa: S310 (loopback)
        documented = sum(len(methods) for methods in json.load(response)["paths"].values())
    # schemathesis leaves out the route that serves the document itself; every other one is exercised.
    assert assert_every_operation_conforms(schema) == documented - 1
