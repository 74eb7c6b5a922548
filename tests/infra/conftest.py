"""The packaged service (`make package`), built once per test worker into folders of its own.

Every `make` a test runs gets its own BUILD_DIR and PACKAGE_DIR (temporary folders), so no two
tests, and no test and a developer's `make serve` in the same work tree, share an output tree.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Packaged:
    """What `serverless package` wrote: the templates, the state, and each function's zip."""

    template: dict[str, Any]
    create_template: dict[str, Any]
    state: dict[str, Any]
    service_dir: Path
    build_dir: Path

    @property
    def resources(self) -> dict[str, Any]:
        return self.template["Resources"]  # type: ignore[no-any-return]

    @property
    def template_path(self) -> Path:
        return self.service_dir / ".serverless" / "cloudformation-template-update-stack.json"

    def zip_path(self, function: str) -> Path:
        return self.service_dir / self.state["service"]["functions"][function]["package"]["artifact"]

    def of_type(self, resource_type: str) -> dict[str, Any]:
        return {name: r for name, r in self.resources.items() if r["Type"] == resource_type}


def run_make(
    *args: str, build_dir: Path, service_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`make <args>` in the work tree, building into the given folders (never the shared build/)."""
    env = dict(os.environ if env is None else env)
    for name in [n for n in env if n.startswith(("MAKE", "MFLAGS"))]:
        del env[name]  # a child make must not join the test runner's jobserver
    folders = [f"BUILD_DIR={build_dir}", f"PACKAGE_DIR={service_dir}"]
    command = ["make", "--no-print-directory", *args, *folders]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Packaged:
    """The packaged service, from a fresh build of the site and bundle."""
    root = tmp_path_factory.mktemp("package")
    build_dir, service_dir = root / "build", root / "service"
    # Packaged from scratch unless the repository's own .serverless/ (the `package` step of
    # `make test`) came from identical inputs: then a copy of it, read and never written.
    result = run_make("package", f"PACKAGE_REUSE={ROOT}", build_dir=build_dir, service_dir=service_dir)
    assert result.returncode == 0, f"make package failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    output = service_dir / ".serverless"
    return Packaged(
        template=json.loads((output / "cloudformation-template-update-stack.json").read_text(encoding="utf-8")),
        create_template=json.loads((output / "cloudformation-template-create-stack.json").read_text(encoding="utf-8")),
        state=json.loads((output / "serverless-state.json").read_text(encoding="utf-8")),
        service_dir=service_dir,
        build_dir=build_dir,
    )
