"""The API's import path stays lean: the cold-start budget (bench/coldstart.py, <= 1.3x) depends on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
