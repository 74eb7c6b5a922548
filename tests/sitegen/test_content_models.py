"""Every content model shares the same strictness, and none builds its validator before it is used."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import sitegen
from pydantic import BaseModel


def content_models() -> list[type[BaseModel]]:
    for module in pkgutil.walk_packages(sitegen.__path__, "sitegen."):
        if module.name != "sitegen.__main__":
            importlib.import_module(module.name)
    found, stack = [], list(BaseModel.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if model.__module__.startswith("sitegen.") and "[" not in model.__name__:
            found.append(model)
    return found


def test_every_content_model_forbids_unknown_keys_and_defers_building_its_validator() -> None:
    models = content_models()
    assert len(models) > 20  # home, gym, insights, score, teams and site settings
    for model in models:
        assert model.model_config.get("defer_build") is True, model
        if model.__pydantic_root_model__:
            continue
        assert model.model_config.get("extra") == "forbid", model


def test_importing_the_builder_builds_no_validator() -> None:
    code = (
        "import sitegen.build, sitegen.areas.insights.model as m; "
        "print(m.FrontMatter.__pydantic_complete__, m.Author.__pydantic_complete__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
