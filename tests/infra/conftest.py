"""The packaged service (`make package`), built once per session and shared by the infra tests."""

from __future__ import annotations

import fcntl
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / ".serverless"


@dataclass(frozen=True)
class Packaged:
    """What `serverless package` wrote: the templates, the state, and each function's zip."""

    template: dict[str, Any]
    create_template: dict[str, Any]
    state: dict[str, Any]

    @property
    def resources(self) -> dict[str, Any]:
        return self.template["Resources"]  # type: ignore[no-any-return]

    def zip_path(self, function: str) -> Path:
        return ROOT / self.state["service"]["functions"][function]["package"]["artifact"]

    def of_type(self, resource_type: str) -> dict[str, Any]:
        return {name: r for name, r in self.resources.items() if r["Type"] == resource_type}


def run_make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`make <args>` in the work tree, one at a time across test workers (they rebuild build/)."""
    lock_path = ROOT / "build" / ".tests-make.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        command = ["make", "--no-print-directory", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def packaged() -> Packaged:
    """The packaged service; `make package` rebuilds it only when its inputs changed."""
    result = run_make("package")
    assert result.returncode == 0, f"make package failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return Packaged(
        template=json.loads((OUTPUT / "cloudformation-template-update-stack.json").read_text(encoding="utf-8")),
        create_template=json.loads((OUTPUT / "cloudformation-template-create-stack.json").read_text(encoding="utf-8")),
        state=json.loads((OUTPUT / "serverless-state.json").read_text(encoding="utf-8")),
    )
