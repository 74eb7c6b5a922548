"""YAML documents and Markdown front matter, validated by pydantic, with file line numbers in errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sitegen.problems import Problems

Model = TypeVar("Model", bound=BaseModel)
FENCE = "---"
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Split:
    """A Markdown file cut into its front matter and body, with where each starts (1-based)."""

    front: str
    front_line: int
    body: str
    body_line: int


def split_front_matter(text: str) -> Split | None:
    """Front matter sits between a first line `---` and the next `---`; None if there is none."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return Split("".join(lines[1:index]), 2, "".join(lines[index + 1 :]), index + 2)
    return None


def _key_lines(node: yaml.Node, prefix: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    """Map each key path in a YAML tree to its 0-based line."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, key_node.value)
            out[path] = key_node.start_mark.line
            _key_lines(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, index)
            out[path] = item.start_mark.line
            _key_lines(item, path, out)


class KeyLines(Mapping[tuple[Any, ...], int]):
    """Key path -> 0-based line of a YAML text, worked out on first use (most documents never need it)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[tuple[Any, ...], int] | None = None

    def _resolved(self) -> dict[tuple[Any, ...], int]:
        if self._lines is None:
            self._lines = key_lines(self._text)
        return self._lines

    def __getitem__(self, key: tuple[Any, ...]) -> int:
        return self._resolved()[key]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())


def line_of(lines: Mapping[tuple[Any, ...], int], loc: tuple[Any, ...], first_line: int) -> int:
    """The file line of the deepest known part of a pydantic error location."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return first_line + lines[loc[:end]]
    return first_line


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Each key path of a YAML text -> its 0-based line (worked out only when a problem needs placing)."""
    lines: dict[tuple[Any, ...], int] = {}
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is not None:
        _key_lines(node, (), lines)
    return lines


def load_yaml(text: str) -> Any:
    """YAML text to plain values, with libyaml's safe loader (~10x the pure Python one) when present."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


def parse_yaml(
    text: str, model: type[Model], path: Path, problems: Problems, first_line: int = 1
) -> tuple[Model | None, Mapping[tuple[Any, ...], int]]:
    """Parse and validate YAML text; problems carry the line in `path` (first_line = where text starts)."""
    try:
        data = load_yaml(text)  # key lines are only worked out when there is a problem to place
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problems.add(path, line, "yaml", str(getattr(exc, "problem", None) or exc))
        return None, {}
    lines = KeyLines(text)
    if not isinstance(data, dict):
        problems.add(path, first_line, "document", "expected a mapping of fields")
        return None, lines
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            field = ".".join(str(part) for part in loc) or "document"
            problems.add(path, line_of(lines, loc, first_line), field, error["msg"])
        return None, lines


def read_yaml_file(path: Path, model: type[Model], problems: Problems) -> Model | None:
    """Read one YAML content file into `model`, reporting problems with its lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(path, 1, "document", "the file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, 1, "document", f"cannot be read as UTF-8 text ({exc})")
        return None
    if not text.strip():
        problems.add(path, 1, "document", "the file is empty")
        return None
    return parse_yaml(text, model, path, problems)[0]
