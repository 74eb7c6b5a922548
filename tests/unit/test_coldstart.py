"""The API's import path stays lean: the cold-start budget (bench/coldstart.py, <= 1.3x) depends on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.coldstart import FIRST_REQUESTS, MORE_REQUESTS, environment, first_request_code
from functions.web.areas import AREAS, area_for

ROOT = Path(__file__).resolve().parents[2]
# Each costs 50-450 ms of cold start and has no business on the HTTP path (Jinja2 is not listed: Flask needs it).
# cryptography (through PyJWT) loads on the first signed-in request; pydantic_settings is not used at all.
HEAVY = (
    "openai",
    "cryptography",
    "pydantic_settings",
    "yaml",
    "markdown_it",
    "moto",
    "PIL",
    "numpy",
    "scipy",
    "sitegen",
    "devstack",
)


def _modules_after(code: str) -> set[str]:
    probe = f"import sys, json; {code}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, capture_output=True
    )
    return {name.split(".")[0] for name in json.loads(out.stdout)}


def test_importing_the_api_handler_pulls_in_no_heavy_module() -> None:
    assert sorted(_modules_after("import functions.api") & set(HEAVY)) == []


def test_the_probe_sees_a_heavy_module_when_one_is_imported() -> None:
    assert "yaml" in _modules_after("import functions.api, yaml")


ROUTE_MODULES = {area.name: {bp.import_name for bp in area.blueprints()} for area in AREAS}


def _full_modules_after(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, cwd=ROOT, env=environment(), capture_output=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_every_area_has_a_representative_first_request() -> None:
    assert set(FIRST_REQUESTS) == set(ROUTE_MODULES)
    assert {name: area_for(request.path).name for name, request in FIRST_REQUESTS.items()} == {
        name: name for name in FIRST_REQUESTS
    }


@pytest.mark.parametrize("area", sorted(FIRST_REQUESTS))
def test_a_cold_first_request_loads_its_own_area_and_nothing_heavy(area: str) -> None:
    loaded = _full_modules_after(first_request_code(FIRST_REQUESTS[area]))
    assert {m for m in loaded if m.startswith("functions.web.routes.")} == ROUTE_MODULES[area]
    assert sorted({m.split(".")[0] for m in loaded} & set(HEAVY)) == []
    # boto3 (~70 ms) loads with the first AWS client (functions/bootstrap.py); none of these needs one.
    assert "boto3" not in loaded


def test_the_probe_sees_boto3_once_a_request_reaches_aws() -> None:
    assert "boto3" in _full_modules_after(first_request_code(MORE_REQUESTS["health, table unreachable"]))
