"""Pinned requirements for each Lambda package, from pyproject's runtime dependencies.

The dependency graph comes from the installed distributions' metadata (the venv holds exactly
the locked versions), evaluated for the Lambda runtime rather than the build machine, and every
version comes from constraints.txt, so a package ships what the tests ran against.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# The Lambda runtime the packages are built for (serverless.yml: python3.12 on arm64).
LAMBDA_ENVIRONMENT: dict[str, str] = {
    **{key: str(value) for key, value in default_environment().items()},
    "python_version": "3.12",
    "python_full_version": "3.12.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "aarch64",
    "os_name": "posix",
}

# Never in the API package even though functions/bootstrap.py (which the API loads) names openai:
# only the worker's model client calls that code (tests/unit/test_architecture.py checks the API
# never imports it).
WORKER_ONLY = frozenset({"openai", "httpx"})


def project_dependencies(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    """The `[project] dependencies`: the runtime of functions/."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(line) for line in data["project"]["dependencies"]]


def locked_versions(constraints: Path = ROOT / "constraints.txt") -> dict[str, str]:
    """Exact versions by canonical name, from constraints.txt."""
    pins: dict[str, str] = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _applies(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**LAMBDA_ENVIRONMENT, "extra": extra}) for extra in extras or {""})


def closure(roots: list[Requirement]) -> set[str]:
    """Canonical names of the roots and everything they need on the Lambda runtime."""
    seen: set[str] = set()
    pending: list[tuple[Requirement, set[str]]] = [(r, {""}) for r in roots]
    while pending:
        requirement, parent_extras = pending.pop()
        if not _applies(requirement, parent_extras):
            continue
        name = canonicalize_name(requirement.name)
        key = f"{name}[{','.join(sorted(requirement.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            raise LookupError(f"{name} is not installed in the venv: run `make venv`") from None
        extras = {"", *requirement.extras}
        pending.extend((Requirement(line), extras) for line in requires)
    return {key.split("[", 1)[0] for key in seen}


def imported_distributions(function: str) -> set[str]:
    """Distributions whose modules the function's code imports (anywhere in the modules it loads)."""
    import grimp

    from deploy.iam_audit import loaded_modules

    graph = grimp.build_graph("functions", include_external_packages=True, exclude_type_checking_imports=True)
    imported = {
        name.split(".", 1)[0]
        for module in loaded_modules(function)
        for name in graph.find_modules_directly_imported_by(module)
    }
    providers = metadata.packages_distributions()
    return {canonicalize_name(dist) for name in imported for dist in providers.get(name, [])}


def requirements_for(function: str) -> list[str]:
    """`name==version` lines for one function's package (`api` or `worker`).

    The worker ships every runtime dependency; the API only those its own modules import, so a
    library a worker-only feature adds (jsonschema for the gym's output checks) stays out of it.
    """
    roots = project_dependencies()
    if function != "worker":
        used = imported_distributions(function) - WORKER_ONLY
        roots = [r for r in roots if canonicalize_name(r.name) in used]
    pins = locked_versions()
    names = closure(roots)
    missing = sorted(names - pins.keys())
    if missing:
        raise LookupError(f"not pinned in constraints.txt: {', '.join(missing)}")
    return [f"{name}=={pins[name]}" for name in sorted(names)]
