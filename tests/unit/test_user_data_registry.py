"""Every module that registers per-user data is loaded before an export or a delete, in any process."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from functions.users.registry import USER_DATA_MODULES

ROOT = Path(__file__).resolve().parents[2]


def _registering_modules() -> set[str]:
    found = set()
    for path in (ROOT / "functions").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register_user_data":
                found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_every_module_that_registers_user_data_is_listed() -> None:
    assert _registering_modules() == set(USER_DATA_MODULES)


def test_a_fresh_process_that_loaded_no_feature_still_sees_every_source() -> None:
    # What a new Lambda container serving only /api/me has loaded: the registry, no feature module.
    probe = (
        "import json; from functions.users.registry import user_data_sources; "
        "print(json.dumps([source.name for source in user_data_sources()]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT)})  # fmt: skip
    assert set(json.loads(out.stdout)) == {"gym", "team_organisation_admin"}
