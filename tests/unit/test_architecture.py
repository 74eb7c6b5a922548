"""DESIGN.md's rules about who may do what, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENT_FACTORIES = {"client", "resource", "Session", "OpenAI", "AsyncOpenAI"}


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def _creates_clients(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value if isinstance(func, ast.Attribute) else None
            owner_name = getattr(owner, "id", getattr(owner, "attr", ""))
            if name in {"OpenAI", "AsyncOpenAI"} or (
                name in CLIENT_FACTORIES and owner_name in {"boto3", "session", "_session()"}
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                isinstance(owner, ast.Call)
                and getattr(owner.func, "id", "") == "_session"
                and name in {"client", "resource"}
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_bootstrap_creates_aws_or_openai_clients() -> None:
    offenders = [
        hit
        for path in _python_files("functions", "site/sitegen")
        for hit in _creates_clients(path)
        if not hit.startswith("functions/bootstrap.py")
    ]
    assert offenders == []


def test_the_client_check_would_catch_a_client_made_elsewhere(tmp_path: Path) -> None:
    sneaky = ROOT / "functions" / "_sneaky_probe.py"
    try:
        sneaky.write_text("import boto3\nboto3.client('s3')\n", encoding="utf-8")
        assert _creates_clients(sneaky) == ["functions/_sneaky_probe.py:2"]
    finally:
        sneaky.unlink()


def test_bootstrap_itself_is_seen_creating_clients() -> None:
    assert _creates_clients(ROOT / "functions" / "bootstrap.py")


def test_the_api_never_imports_openai_or_builds_aws_clients_at_import() -> None:
    code = (
        "import sys, functions.api, functions.web.areas\n"
        "functions.web.areas.load_all_areas()\n"
        "assert 'openai' not in sys.modules, 'openai imported on the API path'\n"
        "import functions.bootstrap as b\n"
        "assert b.table.cache_info().currsize == 0 and b.sqs.cache_info().currsize == 0\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT}:{ROOT / 'site'}", "PATH": ""},
    )


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_auth_module_parses_tokens() -> None:
    """Every token check goes through functions/web/auth.py; no other function module imports jwt."""
    importers = []
    for path in _python_files("functions"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "jwt" or name.startswith("jwt.") for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert sorted(set(importers)) == ["functions/web/auth.py"]  # it imports jwt lazily, in two places
