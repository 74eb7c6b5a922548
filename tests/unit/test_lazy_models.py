"""Every pydantic model in functions/ builds its validator at first use: cold starts pay only for what they use."""

from __future__ import annotations

import ast
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from functions.lazy_model import LazyModel
from functions.web.areas import load_all_areas

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else b.attr for b in node.bases if isinstance(b, ast.Name | ast.Attribute)}


def _module_level_calls(tree: ast.Module, name: str) -> list[int]:
    """Lines where `name(...)` runs at import: anywhere outside a function body."""
    lines = []
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                break
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
                lines.append(node.lineno)
    return lines


def test_every_model_in_functions_derives_from_the_lazy_base() -> None:
    offenders = []
    for path in sorted(FUNCTIONS.rglob("*.py")):
        if path.name == "lazy_model.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and "BaseModel" in _base_names(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert offenders == [], "subclass functions.lazy_model.LazyModel instead of BaseModel"


def test_no_type_adapter_is_built_at_import() -> None:
    offenders = []
    for path in sorted(FUNCTIONS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _module_level_calls(tree, "TypeAdapter")]
    assert offenders == [], "build TypeAdapters at first use (a cached function), not at import"


def test_the_import_check_sees_an_adapter_built_at_import() -> None:
    tree = ast.parse("from pydantic import TypeAdapter\nA = TypeAdapter(int)\ndef f():\n    return TypeAdapter(str)\n")
    assert _module_level_calls(tree, "TypeAdapter") == [2]


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def test_no_model_of_the_api_turns_deferred_building_off() -> None:
    load_all_areas()
    models = {m for m in _all_subclasses(BaseModel) if m.__module__.startswith("functions.")}
    assert len(models) > 60  # every area's models were loaded, so the check is not vacuous
    assert {m for m in models if not m.model_config.get("defer_build")} == set()
    assert models <= _all_subclasses(LazyModel) | {LazyModel}


def test_a_lazy_model_is_built_on_first_use_and_validates_as_usual() -> None:
    class Probe(LazyModel):
        name: str

    assert Probe.__pydantic_complete__ is False
    assert Probe.model_validate({"name": "x"}).name == "x"
    assert Probe.__pydantic_complete__ is True
    assert TypeAdapter(Probe).validate_python({"name": "y"}).name == "y"
