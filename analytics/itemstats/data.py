"""The inputs: attempts (from a JSONL export) and the bank (from the built content bundle)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class InputError(ValueError):
    """A line or file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Attempt:
    """One attempt's points per item (0..1) and, when exported with them, its answers."""

    attempt_id: str
    quiz_version: str
    items: dict[str, float]
    answers: dict[str, Any] = field(default_factory=dict)
    is_first_attempt: bool = True


@dataclass(frozen=True)
class BankItem:
    type: str
    dimensions: dict[str, float]
    options: list[str]


@dataclass(frozen=True)
class Bank:
    """What the statistics need from the Score's bundle section: item types, options and dimensions."""

    version: str
    dimensions: dict[str, str]
    items: dict[str, BankItem]


def parse_attempt(data: Any, where: str) -> Attempt:
    """One export line; raises InputError naming `where` and the field."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    for name in ("attempt_id", "quiz_version"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise InputError(f"{where}: {name}: expected a non-empty string")
    items = data.get("items")
    if not isinstance(items, dict) or not items:
        raise InputError(f"{where}: items: expected an object of item id -> points")
    points: dict[str, float] = {}
    for item_id, value in items.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1 or math.isnan(value):
            raise InputError(f"{where}: items.{item_id}: expected points from 0 to 1, got {value!r}")
        points[item_id] = float(value)
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise InputError(f"{where}: answers: expected an object")
    first = data.get("is_first_attempt", True)
    if not isinstance(first, bool):
        raise InputError(f"{where}: is_first_attempt: expected true or false")
    return Attempt(data["attempt_id"], data["quiz_version"], points, answers, first)


def read_jsonl(path: Path) -> list[Attempt]:
    """Every attempt in an export file (blank lines skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from exc
    attempts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON: {exc.msg}") from exc
        attempts.append(parse_attempt(data, f"{path}:{number}"))
    return attempts


def write_jsonl(attempts: Iterable[Attempt], path: Path) -> int:
    """Write attempts in the export format; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for a in attempts:
            line = {"attempt_id": a.attempt_id, "quiz_version": a.quiz_version, "items": a.items}
            if a.answers:
                line["answers"] = a.answers
            out.write(json.dumps(line, sort_keys=True) + "\n")
            count += 1
    return count


def first_attempts(attempts: Iterable[Attempt]) -> Iterator[Attempt]:
    """First attempts only, each attempt id once (an export may overlap another)."""
    seen: set[str] = set()
    for attempt in attempts:
        if attempt.is_first_attempt and attempt.attempt_id not in seen:
            seen.add(attempt.attempt_id)
            yield attempt


def bank_from_section(section: dict[str, Any]) -> Bank:
    """The Score's bundle section (`sections.score`) reduced to what the statistics use."""
    return Bank(
        version=str(section["version"]),
        dimensions={d["id"]: d.get("name", d["id"]) for d in section.get("dimensions", [])},
        items={
            item["id"]: BankItem(
                type=item["type"],
                dimensions={k: float(v) for k, v in item.get("dimensions", {}).items()},
                options=[o["id"] for o in item.get("options", [])],
            )
            for item in section.get("items", [])
        },
    )


def read_bank(bundle_file: Path) -> Bank | None:
    """The bank in a built bundle, or None when there is no bundle or it has no Score section yet."""
    try:
        bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{bundle_file}: cannot read the content bundle: {exc}") from exc
    section = bundle.get("sections", {}).get("score")
    return bank_from_section(section) if section else None
