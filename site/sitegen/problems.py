"""Content problems, collected across every file so one build reports them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Problems:
    """Collects problems; the build fails at the end if there are any."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path, line: int, field_name: str, message: str) -> None:
        try:
            shown = path.resolve().relative_to(self.root.resolve().parent)
        except ValueError:
            shown = path
        self.items.append(Problem(str(shown), line, field_name, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self) -> str:
        return "\n".join(str(p) for p in sorted(set(self.items)))


class ContentInvalid(Exception):
    """The content has problems; the build writes nothing and exits non-zero."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.report())
        self.problems = problems
